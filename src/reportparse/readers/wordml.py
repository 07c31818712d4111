"""Word 2003 XML (WordprocessingML 2003: one XML file, often named .doc) -> Document, through the .docx reader.

Office systems and web applications in China export "Word" by filling a template of this format (FreeMarker and
the like): one XML file, ``<?mso-application progid="Word.Document"?>``, root ``w:wordDocument`` in the
namespace ``http://schemas.microsoft.com/office/word/2003/wordml``, usually saved as ``.doc``.  Its body is the
.docx body in all but names, so it is read by the .docx reader (``docx.body_blocks``) after a rewrite:

    names       the 2003 namespace becomes the .docx one; ``w:vmerge``/``w:hmerge`` ``w:vMerge``/``w:hMerge``;
                a run's East Asian font ``w:fareast`` ``w:eastAsia``; on/off values ``on``/``off``
    wrappers    ``wx:sect`` and ``wx:sub-section`` (the body's sections) are unwrapped; tracked changes
                (``aml:annotation``): a deletion and a comment dropped, an insertion's content kept in place
    lists       the number a list prints, which Word writes as ``wx:t wx:val`` in the paragraph's ``w:listPr``,
                put before its text
    title       ``o:DocumentProperties/o:Title``

    pictures    a VML picture (``v:imagedata`` of a ``w:binData``, base64 in the file) read by OCR in its place,
                as a .docx's (``pictures.PictureReader``): a table pasted as a screenshot
"""

from __future__ import annotations

import base64

from reportparse.document import Document, Meta
from reportparse.errors import CorruptWordError
from reportparse.inputs import Source
from reportparse.readers.docx import body_blocks, pictured_document
from reportparse.readers.docx_pictures import _vml_size
from reportparse.readers.pictures import Picture, PictureReader

WORDML = "http://schemas.microsoft.com/office/word/2003/wordml"
_OOXML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
_AML = "{http://schemas.microsoft.com/aml/2001/core}"
_O = "{urn:schemas-microsoft-com:office:office}"
_V = "{urn:schemas-microsoft-com:vml}"
_W = f"{{{_OOXML}}}"
_RENAMED = {"vmerge": "vMerge", "hmerge": "hMerge"}
_ATTRIBUTES = {"fareast": "eastAsia", "h-ansi": "hAnsi"}
_ON_OFF = {"on": "1", "off": "0"}


def read_wordml(source: Source, ocr: str = "auto") -> Document:
    from lxml import etree

    try:
        root = etree.fromstring(source.data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as e:
        raise CorruptWordError(f"the Word XML file is not well-formed ({e})", source.path) from e
    if etree.QName(root).namespace != WORDML:
        raise CorruptWordError("the Word XML file's root is no w:wordDocument of WordprocessingML 2003", source.path)
    title = root.findtext(f"{_O}DocumentProperties/{_O}Title")
    body = root.find(f"{{{WORDML}}}body")
    if body is None:
        raise CorruptWordError("the Word XML file holds no w:body", source.path)
    body = _as_ooxml(body)
    pictures = _Pictures(body, ocr)
    blocks = body_blocks(body, pictures=pictures.blocks)
    return pictured_document(blocks, Meta(title=(title or "").strip() or None), source, pictures, "Word XML file")


class _Pictures(PictureReader):
    """The pictures of text in the body, read by OCR as a .docx's are: a VML ``w:pict`` whose ``v:imagedata`` names
    (``src="wordml://…"``) a ``w:binData`` that holds the image in base64, shown at its ``v:shape``'s size."""

    def __init__(self, body, mode: str):
        super().__init__(mode)
        self.data = {el.get(f"{_W}name"): el.text or "" for el in body.iter(f"{_W}binData")}

    def blocks(self, p) -> list:
        if self.mode == "never" or not self.data:
            return []
        out = []
        for shape in p.iter(f"{_V}shape"):
            image = shape.find(f"{_V}imagedata")
            encoded = self.data.get(image.get("src")) if image is not None else None
            if not encoded:
                continue
            try:
                blob = base64.b64decode(encoded)
            except ValueError:
                continue
            out += self.read(Picture(image.get("src"), blob, _vml_size(shape.get("style") or "")))
        return out


def _as_ooxml(body):
    """The 2003 body, changed in place: the .docx names, wrappers unwrapped, deletions dropped, list numbers written."""
    from lxml import etree

    for el in list(body.iter(f"{_AML}annotation")):
        kind = el.get(f"{{{WORDML}}}type") or ""
        if kind in ("Word.Deletion", "Word.Comment", "Word.Comment.Start", "Word.Comment.End") or "Deletion" in kind:
            _drop(el)
    for el in list(body.iter(f"{_AML}annotation", f"{_AML}content", f"{_WX}sect", f"{_WX}sub-section")):
        _unwrap(el)
    for p in body.iter(f"{{{WORDML}}}p"):
        number = p.find(f"{{{WORDML}}}pPr/{{{WORDML}}}listPr/{_WX}t")
        if number is not None and number.get(f"{_WX}val"):  # the number Word prints, as a run of its own
            run = etree.Element(f"{{{WORDML}}}r")
            etree.SubElement(run, f"{{{WORDML}}}t").text = number.get(f"{_WX}val")
            ppr = p.find(f"{{{WORDML}}}pPr")
            ppr.addnext(run)
    old, cut = f"{{{WORDML}}}", len(WORDML) + 2
    for el in body.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag.startswith(old):
            el.tag = _W + _RENAMED.get(tag[cut:], tag[cut:])
        attrib = el.attrib
        if attrib:
            for name, value in attrib.items():  # a list: the element's attributes may change under it
                if name.startswith(old):
                    del attrib[name]
                    attrib[_W + _ATTRIBUTES.get(name[cut:], name[cut:])] = _ON_OFF.get(value, value)
    return body


def _drop(el) -> None:
    parent = el.getparent()
    if parent is not None:
        _keep_tail(el)
        parent.remove(el)


def _unwrap(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    at = parent.index(el)
    for k, child in enumerate(list(el)):
        parent.insert(at + k, child)
    _keep_tail(el)
    parent.remove(el)


def _keep_tail(el) -> None:
    """Text after ``el`` (whitespace between elements, in a Word file) moves to what stands before it."""
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent = el.getparent()
            parent.text = (parent.text or "") + el.tail
