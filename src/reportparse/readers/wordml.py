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

Not read: pictures (``w:binData``, base64 in the file: named by ``image_unread``, a table pasted as a picture
stays missing).
"""

from __future__ import annotations

from reportparse.document import Document, Meta
from reportparse.errors import CorruptWordError
from reportparse.inputs import Source
from reportparse.model import Issue
from reportparse.readers.docx import body_blocks, word_document

WORDML = "http://schemas.microsoft.com/office/word/2003/wordml"
_OOXML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
_AML = "{http://schemas.microsoft.com/aml/2001/core}"
_O = "{urn:schemas-microsoft-com:office:office}"
_W = f"{{{_OOXML}}}"
_RENAMED = {"vmerge": "vMerge", "hmerge": "hMerge"}
_ATTRIBUTES = {"fareast": "eastAsia", "h-ansi": "hAnsi"}


def read_wordml(source: Source) -> Document:
    from lxml import etree

    try:
        root = etree.fromstring(source.data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as e:
        raise CorruptWordError(f"the Word XML file is not well-formed ({e})", source.path) from e
    if etree.QName(root).namespace != WORDML:
        raise CorruptWordError("the Word XML file's root is no w:wordDocument of WordprocessingML 2003", source.path)
    pictures = sum(1 for _ in root.iter(f"{{{WORDML}}}binData"))
    title = root.findtext(f"{_O}DocumentProperties/{_O}Title")
    body = root.find(f"{{{WORDML}}}body")
    if body is None:
        raise CorruptWordError("the Word XML file holds no w:body", source.path)
    body = _as_ooxml(body)
    document = word_document(body_blocks(body), Meta(title=(title or "").strip() or None), source)
    if pictures:
        document.issues.append(Issue("image_unread", f"{pictures} picture(s) in the Word XML file are not read: a "
                                                     "table pasted as a picture is missing from the record"))
    return document


def _as_ooxml(body):
    """A copy of the 2003 body with the .docx names, wrappers unwrapped, deletions dropped, list numbers written."""
    import copy

    from lxml import etree

    body = copy.deepcopy(body)
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
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        q = etree.QName(el)
        if q.namespace == WORDML:
            el.tag = f"{_W}{_RENAMED.get(q.localname, q.localname)}"
        for name, value in list(el.attrib.items()):
            aq = etree.QName(name)
            if aq.namespace == WORDML:
                del el.attrib[name]
                el.set(f"{_W}{_ATTRIBUTES.get(aq.localname, aq.localname)}", {"on": "1", "off": "0"}.get(value, value))
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
