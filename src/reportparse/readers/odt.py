"""OpenDocument Text (.odt, as LibreOffice and WPS save a report) -> Document, as the Word readers build it.

An .odt is a ZIP whose ``mimetype`` says ``application/vnd.oasis.opendocument.text``; the body is
``content.xml``'s ``office:text`` (lxml reads it), the styles it names are there (automatic styles) and in
``styles.xml`` (the document's own, each over its parent), the title in ``meta.xml``.  A flat OpenDocument
(``.fodt``, told by its root's ``office:mimetype``) holds all of them in one XML file, its pictures as base64
``office:binary-data``.

    paragraphs    ``text:p`` and ``text:h`` in body order, also inside lists (``text:list``/``text:list-item``;
                  the number a list prints is not stored, unless a writer keeps it as ``text:number``) and
                  sections; ``text:s`` spaces, ``text:tab`` and ``text:line-break`` as a Word file's; a run's
                  bold and font from its style (``fo:font-weight``/``style:font-weight-asian``,
                  ``style:font-name-asian``), so a run-in head is told as in a Word file
    tables        ``table:table``: its rows (header rows too), each cell's ``table:number-columns-spanned`` and
                  ``table:number-rows-spanned``, ``table:covered-table-cell`` for the places a span covers,
                  ``table:number-columns-repeated`` for repeated cells: the grid of spans; a table whose
                  cells hold tables is layout, its cells' contents read in place
    frames        a text box's paragraphs (``draw:frame``/``draw:text-box``) in place; a picture
                  (``draw:image`` of a ``Pictures/`` part) read by OCR in place, as a Word file's
                  (``pictures.PictureReader``): a table pasted as a screenshot

Not read: tracked deletions (``text:tracked-changes``), notes' bodies (footnotes), hidden text and headers and
footers (in ``styles.xml``, not the body).
"""

from __future__ import annotations

import base64
import io
import re
import zipfile

from reportparse.document import Document, GridCell, Meta
from reportparse.errors import CorruptWordError, EncryptedWordError, TooLargeError
from reportparse.inputs import Source
from reportparse.readers.docx import (BREAK, MEMBER_LIMIT, cell_text, paragraph_lines, pictured_document,
                                      refuse_bombs, within)
from reportparse.readers.pictures import Picture, PictureReader

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_T, _TB, _O, _ST, _FO, _D = (f"{{{_NS[k]}}}" for k in ("text", "table", "office", "style", "fo", "draw"))
MIMETYPE = "application/vnd.oasis.opendocument.text"
#: elements whose text is not the body's: tracked deletions, a note's body, a field's hidden text, ruby's reading
_UNREAD = {f"{_T}tracked-changes", f"{_T}note-body", f"{_T}hidden-text", f"{_T}hidden-paragraph", f"{_T}ruby-text",
           f"{_O}annotation", f"{_T}sequence-decls", f"{_T}variable-decls", f"{_T}user-field-decls"}
_UNITS = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "pt": 1 / 72, "pc": 1 / 6, "px": 1 / 96}

Run = tuple[str, bool, str]


def read_odt(source: Source, ocr: str = "auto") -> Document:
    from lxml import etree

    if not source.data.startswith(b"PK"):  # a flat OpenDocument (.fodt): one XML file holding every part
        try:
            root = etree.fromstring(source.data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                                 huge_tree=True))
        except etree.XMLSyntaxError as e:
            raise CorruptWordError(f"the flat OpenDocument file is not well-formed ({e})", source.path) from e
        content, styles, meta, parts = root, None, root, {}
    else:
        content, styles, meta, parts = _package(source)
    body = content.find(f"{_O}body/{_O}text")
    if body is None:
        raise CorruptWordError("the OpenDocument file holds no text body (office:text)", source.path)
    reader = _Body(_styles(styles, content), parts, PictureReader(ocr), ocr)
    blocks = reader.blocks(body)
    title = None
    if meta is not None:
        found = meta.find(f".//{{{_NS['dc']}}}title")
        title = " ".join((found.text or "").split()) or None if found is not None else None
    return pictured_document(blocks, Meta(title=title), source, reader.pictures, "OpenDocument file")


def _package(source: Source):
    """(content.xml, styles.xml, meta.xml parsed, the pictures' bytes by part name) of a zipped OpenDocument."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as z:
            names = set(z.namelist())
            refuse_bombs(z, "OpenDocument file", source.path, MEMBER_LIMIT)
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:  # saved with a password: content.xml is ciphertext
                raise EncryptedWordError("the OpenDocument file is encrypted with a password", source.path)
            content = etree.fromstring(z.read("content.xml"))
            styles = etree.fromstring(z.read("styles.xml")) if "styles.xml" in names else None
            meta = etree.fromstring(z.read("meta.xml")) if "meta.xml" in names else None
            parts = {n: z.read(n) for n in names if n.startswith("Pictures/") and not n.endswith("/")}
    except (EncryptedWordError, TooLargeError):
        raise
    except Exception as e:  # noqa: BLE001 - zipfile, zlib and lxml raise their own kinds on a broken package
        raise CorruptWordError(f"the OpenDocument file is damaged ({type(e).__name__}: {e})", source.path) from e
    return content, styles, meta, parts


# ---------------------------------------------------------------- styles
def _styles(*roots) -> dict[str, tuple[bool | None, str | None]]:
    """Each style's (bold, East Asian font) as it sets them, with what its parent sets where it sets nothing."""
    own: dict[str, tuple[bool | None, str | None, str | None]] = {}
    for root in roots:
        if root is None:
            continue
        for st in root.iter(f"{_ST}style"):
            props = st.find(f"{_ST}text-properties")
            bold = font = None
            if props is not None:
                weight = props.get(f"{_ST}font-weight-asian") or props.get(f"{_FO}font-weight")
                bold = None if weight is None else weight in ("bold", "600", "700", "800", "900")
                font = props.get(f"{_ST}font-name-asian") or props.get(f"{_ST}font-name")
            own[st.get(f"{_ST}name")] = (bold, font, st.get(f"{_ST}parent-style-name"))
    resolved: dict[str, tuple[bool | None, str | None]] = {}

    def resolve(name: str | None, depth: int = 0) -> tuple[bool | None, str | None]:
        if name is None or name not in own or depth > 20:
            return None, None
        if name not in resolved:
            bold, font, parent = own[name]
            up_bold, up_font = resolve(parent, depth + 1)
            resolved[name] = (up_bold if bold is None else bold, up_font if font is None else font)
        return resolved[name]

    for name in own:
        resolve(name)
    return resolved


# ---------------------------------------------------------------- the body
class _Body:
    def __init__(self, styles: dict, parts: dict[str, bytes], pictures: PictureReader, ocr: str):
        self.styles, self.parts, self.pictures, self.ocr = styles, parts, pictures, ocr
        self.n_pictures = 0

    def blocks(self, parent) -> list:
        """Paragraphs' lines and tables' cells in body order (the blocks ``word_document`` takes)."""
        out: list = []
        for el in parent:
            tag = el.tag
            if not isinstance(tag, str) or tag in _UNREAD:
                continue
            if tag in (f"{_T}p", f"{_T}h"):
                runs: list[Run] = []
                after: list = []
                self._runs(el, self._style(el), runs, after)
                out.append(paragraph_lines(runs))
                out += after
            elif tag == f"{_TB}table":
                out += self._table(el)
            else:  # lists, list items, sections, index bodies: what they hold
                out += self.blocks(el)
        return out

    def _style(self, el, inherited: tuple[bool, str] = (False, "")) -> tuple[bool, str]:
        bold, font = self.styles.get(el.get(f"{_T}style-name"), (None, None))
        return (inherited[0] if bold is None else bold, inherited[1] if font is None else font)

    def _runs(self, el, style: tuple[bool, str], runs: list[Run], after: list) -> None:
        """The runs of paragraph (or span) ``el``; a frame's text box paragraphs and pictures go to ``after``."""
        if el.text:
            runs.append((el.text, *style))
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in _UNREAD:
                if tag == f"{_T}s":
                    runs.append((" " * _count(child.get(f"{_T}c")), *style))
                elif tag == f"{_T}tab":
                    runs.append((" ", *style))
                elif tag == f"{_T}line-break":
                    runs.append((BREAK, *style))
                elif tag == f"{_D}frame" or tag == f"{_D}a":
                    after += self._frame(child)
                elif tag in (f"{_T}note", f"{_T}bookmark-ref"):
                    pass  # a note's citation mark and body are no text of the paragraph
                else:  # spans, links, fields: their text in their own style
                    self._runs(child, self._style(child, style), runs, after)
            if child.tail:
                runs.append((child.tail, *style))

    def _frame(self, frame) -> list:
        """A frame's blocks: a text box's paragraphs, or its picture read by OCR."""
        out: list = []
        for el in frame:
            if el.tag == f"{_D}text-box":
                out += self.blocks(el)
            elif el.tag == f"{_D}image" and self.ocr != "never":
                blob = self.parts.get(el.get(f"{{{_NS['xlink']}}}href") or "") or _binary(el)
                if blob:
                    shown = _inches(frame.get(f"{{{_NS['svg']}}}width")), _inches(frame.get(f"{{{_NS['svg']}}}height"))
                    self.n_pictures += 1
                    name = el.get(f"{{{_NS['xlink']}}}href") or f"#{self.n_pictures} (office:binary-data)"
                    picture = Picture(name, blob, shown if all(shown) else None)
                    out += self.pictures.read(picture)
                break  # a frame's later children are the same picture in other formats
            elif el.tag in (f"{_D}a", f"{_D}frame"):  # a linked frame (draw:a around it), a frame in a frame
                out += self._frame(el)
        return out

    def _table(self, table) -> list:
        """One table's cells (``docx.TableCells``), or, where its cells hold tables (layout), their contents."""
        rows = [r for r in table.iter(f"{_TB}table-row") if _owner(r) is table]
        if any(_owner(t, f"{_TB}table") is table for t in table.iter(f"{_TB}table") if t is not table):
            return [b for r in rows for c in r if c.tag == f"{_TB}table-cell" for b in self.blocks(c)]
        cells: list[GridCell] = []
        covered: set[tuple[int, int]] = set()
        inside: list = []  # pictures and text boxes in cells: read after the table
        n_cols = 0
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                if cell.tag not in (f"{_TB}table-cell", f"{_TB}covered-table-cell"):
                    continue
                repeat = min(_count(cell.get(f"{_TB}number-columns-repeated")), 1024)
                if cell.tag == f"{_TB}covered-table-cell":
                    c += repeat
                    continue
                for _ in range(repeat):
                    while (r, c) in covered:
                        c += 1
                    rs = _count(cell.get(f"{_TB}number-rows-spanned"))
                    cs = _count(cell.get(f"{_TB}number-columns-spanned"))
                    texts = []
                    for p in cell.iter(f"{_T}p", f"{_T}h"):
                        if within(p, f"{_D}frame", cell):
                            continue  # a text box's paragraph: read with the paragraph that holds the box
                        runs: list[Run] = []
                        self._runs(p, (False, ""), runs, inside)
                        texts.append("".join(t for t, _, _ in runs))
                    cells.append(GridCell(text=cell_text(texts), r0=r, r1=r + rs, c0=c, c1=c + cs))
                    covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
                    c += cs
                    n_cols = max(n_cols, c)
        # a table of empty cells around pictures is a frame (a screenshot pasted into a box): only they count
        frame = inside and not any(c.text for c in cells)
        return ([(cells, len(rows), n_cols)] if cells and not frame else [None]) + inside


def _binary(image) -> bytes:
    """The picture a flat OpenDocument holds in the image itself (``office:binary-data``, base64)."""
    data = image.findtext(f"{_O}binary-data")
    try:
        return base64.b64decode(data) if data else b""
    except ValueError:
        return b""


def _owner(el, tag: str = f"{_TB}table"):
    """The nearest ancestor of ``el`` that is a ``tag``."""
    for a in el.iterancestors(tag):
        return a
    return None


def _count(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _inches(length: str | None) -> float | None:
    m = re.fullmatch(r"\s*([\d.]+)\s*(in|cm|mm|pt|pc|px)\s*", length or "")
    return float(m.group(1)) * _UNITS[m.group(2)] if m else None
