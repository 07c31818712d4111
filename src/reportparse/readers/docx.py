"""Word file (.docx) -> Document: paragraphs and tables in body order, merged cells resolved.

python-docx opens the package and gives the body's paragraphs; the tables are read from their XML
(``w:tr``/``w:tc``) so that horizontal merges (``w:gridSpan``, ``w:gridBefore``) and vertical ones
(``w:vMerge`` restart/continue) become the same grid of spans the PDF reader builds, which python-docx's
``table.rows[i].cells`` (a merged cell repeated in every slot) does not give.  A picture of text (a table
pasted as a screenshot) is read by OCR in its place (readers/docx_pictures.py).

``word_document``, ``paragraph_lines`` and ``cell_text`` are shared with ``readers/doc.py`` (the binary
.doc/.wps format), so that both give the same Document for the same content.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reportparse.document import Document, Grid, GridCell, Meta
from reportparse.errors import CorruptWordError, NotAReportError, NoTextLayerError, TooLargeError
from reportparse.inputs import Source
from reportparse.layout import block_grid, block_line, chrome_tail, wrapped_by_hand
from reportparse.model import Issue, Line
from reportparse.readers.text import hard_wrapped
from reportparse.normalize import close_cjk_spaces, halfwidth_digits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def read_docx(source: Source, ocr: str = "auto") -> Document:
    """The Document of a .docx file; its pictures of text (a table pasted as a screenshot) read by OCR as ``ocr``
    says (auto or always: read; never: not), in their place in the body (readers/docx_pictures.py)."""
    import io

    from docx.opc.exceptions import PackageNotFoundError

    from reportparse.readers.docx_pictures import Pictures

    _refuse_bombs(source)
    try:
        document = _word_package(io.BytesIO(source.data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise CorruptWordError(f"the Word file is damaged ({type(e).__name__}: {e})", source.path) from e
    except Exception as e:  # noqa: BLE001 - lxml/zip errors on a broken package
        raise CorruptWordError(f"the Word file cannot be read ({type(e).__name__}: {e})", source.path) from e
    numbering = _Numbering(document)
    pictures = Pictures(document.part, ocr)
    chunks = _Chunks(document.part, source, ocr)
    blocks = body_blocks(document.element.body, numbering.label, pictures.blocks, chunks.blocks)
    # the package's title may stand in for a missing one; its author is a person, never the publisher
    meta = Meta(title=_package_title(document))
    if chunks.meta is not None:  # a page or file imported whole: its title, publisher, date; the package's title
        meta = dataclasses.replace(chunks.meta, title=chunks.meta.title or meta.title)  # only where it has none
    doc = pictured_document(blocks, meta, source, pictures, "Word file")
    doc.issues += chunks.issues
    doc.ocr = doc.ocr or chunks.ocr
    return doc


def body_blocks(body, label=lambda p: "", pictures=lambda p: [], chunk=lambda c: []) -> list:
    """The blocks of a Word body (``word_document`` takes them) in order: each paragraph's lines (``label``: the
    number its list prints), each table's cells, the blocks of the pictures of text in a paragraph (``pictures``,
    after its text) or in a table's cells (after the table), and of a document imported whole (``chunk``)."""
    blocks: list = []
    for block in _blocks(body):
        if block.tag == f"{_W}p":
            blocks.append(_paragraph(block, label(block)))
            blocks += pictures(block)  # after the paragraph's text: a pasted picture stands alone as a rule
        elif block.tag == f"{_W}tbl":
            grid = _grid(block)
            inside = [b for p in block.iter(f"{_W}p") for b in pictures(p)]  # after the table, in cell order
            # a table of empty cells around pictures is a frame (a screenshot pasted into a box): only they count
            blocks.append(None if inside and grid and not any(c.text for c in grid[0]) else grid)
            blocks += inside
        elif block.tag == f"{_W}altChunk":
            blocks += chunk(block)
    return blocks


#: bytes one part of a package may inflate to (python-docx inflates every part): a ZIP bomb is refused before
MEMBER_LIMIT = 256 * 2**20


def refuse_bombs(z, what: str, path, limit: int) -> None:
    """Refuse the package of ZipFile ``z`` where a part of it inflates past ``limit`` (a ZIP bomb), before any is."""
    huge = next((i for i in z.infolist() if i.file_size > limit), None)
    if huge is not None:
        raise TooLargeError(f"the {what}'s part {huge.filename} inflates to {huge.file_size / 2**20:.0f} MiB", path)


def _refuse_bombs(source: Source) -> None:
    import io
    import zipfile

    try:
        z = zipfile.ZipFile(io.BytesIO(source.data))
    except Exception:  # noqa: BLE001 - a broken ZIP: python-docx says how, below
        return
    with z:
        refuse_bombs(z, "Word file", source.path, MEMBER_LIMIT)


def _package_title(document) -> str | None:
    """The title in the package's core properties (docProps/core.xml), None where it has none: python-docx makes
    up core properties titled "Word Document" for a package without them."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    if not any(rel.reltype == RT.CORE_PROPERTIES for rel in document.part.package.rels.values()):
        return None
    return (document.core_properties.title or "").strip() or None


class _Chunks:
    """The documents a .docx imports whole (``w:altChunk``: a web page, an MHT, an RTF or another Word file that
    Word renders in its place), each read by the reader of its own form, its paragraphs and tables handed on as
    this body's blocks.  Tools that export a web page "as Word" (html-docx-js and the like) write nothing else:
    the body is one altChunk holding the page as MHT."""

    def __init__(self, part, source: Source, ocr: str):
        self.part, self.source, self.ocr_mode = part, source, ocr
        self.meta: Meta | None = None
        self.issues: list[Issue] = []
        self.ocr = False

    def blocks(self, chunk) -> list:
        from reportparse.errors import ReportParseError
        from reportparse.inputs import Source as ChunkSource
        from reportparse.inputs import _form

        rid = chunk.get(f"{_R}id")
        try:
            target = self.part.related_parts[rid]
        except KeyError:  # a broken relationship: nothing to read
            return []
        name, blob = str(target.partname).lstrip("/"), getattr(target, "blob", b"")
        try:
            from reportparse import readers

            form = _form(blob, Path(name))
            if form not in ("html", "rtf", "docx", "text"):
                raise ValueError(f"a {form} part")
            sub = readers.read(ChunkSource(Path(name), blob, self.source.sha256, form, None), ocr=self.ocr_mode)
        except (ReportParseError, ValueError) as e:
            self.issues.append(Issue("objects_unread", f"the document {name} this Word file imports whole "
                                                       f"(w:altChunk) is not read: {e}"))
            return []
        self.meta = self.meta or sub.meta
        self.issues += sub.issues
        self.ocr = self.ocr or sub.ocr
        return document_blocks(sub)


def document_blocks(doc: Document) -> list:
    """A Document without geometry back as the blocks ``word_document`` takes: its lines (one a paragraph) and its
    grids (cells and spans) in body order."""
    items = [(ln.top, 1, k, [(ln.text, ln.head)]) for k, ln in enumerate(doc.lines)]
    items += [(g.bbox[1], 0, k, ([dataclasses.replace(c, bbox=None) for c in g.cells], g.n_rows, g.n_cols))
              for k, g in enumerate(doc.grids)]
    return [block for *_, block in sorted(items, key=lambda item: item[:3])]


#: the main part of a macro-enabled document (.docm) and of templates (.dotx, .dotm): a document's body all the same
_OTHER_MAINS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _word_package(stream):
    """python-docx's Document of ``stream``, also of a .docm, .dotx or .dotm, which ``docx.Document`` refuses by
    their main part's content type (ValueError: "not a Word file"), though their body is a .docx's."""
    from docx.document import Document as WordBody
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart

    for content_type in _OTHER_MAINS:
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    part = Package.open(stream).main_document_part
    if not isinstance(part, DocumentPart) or not isinstance(part.document, WordBody):
        raise ValueError(f"its main part is no Word document (content type {part.content_type})")
    return part.document


def pictured_document(blocks: list, meta: Meta, source: Source, pictures, what: str) -> Document:
    """``word_document`` of a body some of whose blocks ``pictures`` (a ``pictures.PictureReader``) read by OCR:
    with its warnings and OCR'd cells.  A body of almost no text besides pictures not read is no text layer,
    not "no report" (a report pasted as pictures of its pages: what is missing is OCR)."""
    try:
        doc = word_document(blocks, meta, source)
    except NotAReportError as e:
        unread = [i.message for i in pictures.issues if i.code == "image_unread"]
        if not unread:
            raise
        raise NoTextLayerError(f"the {what} holds almost no text, and {len(unread)} picture(s) that may show it "
                               f"were not read ({unread[0]})", source.path) from e
    doc.issues, doc.ocr, doc.ocr_cells = [*doc.issues, *pictures.issues], pictures.used, pictures.cells
    return doc


#: A table as the Word readers hand it on: its cells (spans resolved, no box yet), rows and columns.
TableCells = tuple[list[GridCell], int, int]


def word_document(blocks: list[list[tuple[str, str]] | TableCells | None], meta: Meta, source: Source) -> Document:
    """The Document of a Word file's body (.docx, .doc, .wps): ``blocks`` in body order, each a paragraph's
    lines (text, run-in head) or a table's cells (None: a table without cells)."""
    lines: list[Line] = []
    grids: list[Grid] = []
    breaks: set[int] = set()
    for block in blocks:
        if isinstance(block, list):
            lines += [block_line(text, len(lines) + k, head) for k, (text, head) in enumerate(block)]
        elif block is not None:
            grids.append(block_grid(*block, len(lines)))
            breaks.add(len(lines))
    # a web page saved as a Word file ends in the site's chrome (【打印本页】, 上一篇, its footer): not section 六's
    last_grid = max((g.bbox[1] for g in grids), default=-1.0)
    del lines[chrome_tail(lines, sum(1 for ln in lines if ln.top < last_grid)):]
    if sum(len(ln.text) for ln in lines) < 20 and not grids:
        raise NotAReportError("the Word file holds almost no text", source.path)
    return Document(lines=lines, grids=grids, pages=None, blocks=not hard_wrapped(lines), meta=meta, breaks=breaks)


def _children(parent, tag: str | None = None):
    """``parent``'s children (of ``tag``), also those wrapped in content controls (w:sdt) and custom XML:
    Word wraps paragraphs, table rows and cells alike."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _children(content, tag)
        elif tag is None or child.tag == tag:
            yield child


def _blocks(parent):
    """Paragraphs and tables in body order.  A table that holds tables in its cells is layout (a frame around
    the report, a box around its table): its cells' paragraphs and tables are read in their place, as blocks."""
    for child in _children(parent):
        if child.tag == f"{_W}tbl" and _holds_tables(child):
            for tr in _children(child, f"{_W}tr"):
                for tc in _children(tr, f"{_W}tc"):
                    yield from _blocks(tc)
        else:
            yield child


def _holds_tables(tbl) -> bool:
    return any(tc.find(f".//{_W}tbl") is not None for tr in _children(tbl, f"{_W}tr") for tc in _children(tr, f"{_W}tc"))


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
BREAK = _BREAK = "\x0b"  # a manual line break (<w:br/>; the .doc format stores it as this character)
_PARAGRAPH_END = "\n"  # the end of a text box's paragraph


def _runs(p) -> list[tuple[str, bool, str]]:
    """(text, bold, font) of each run of a paragraph, in order; a <w:br/> is ``_BREAK``.

    Deleted text (tracked changes: w:del, w:moveFrom) is not read; a text box's paragraphs (w:txbxContent)
    are read once each, each ending in ``_PARAGRAPH_END`` (Word stores a text box twice, as a drawing and as
    its VML fallback: the fallback is skipped)."""
    out: list[tuple[str, bool, str]] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in (_MC_FALLBACK, f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr"):
                continue
            if tag == f"{_W}r":
                out.append(_run(child))
                walk(child)  # a drawing's text box
            elif tag == f"{_W}p":
                out.append((_PARAGRAPH_END, False, ""))
                walk(child)
                out.append((_PARAGRAPH_END, False, ""))
            else:
                walk(child)

    walk(p)
    return out


def _run(r) -> tuple[str, bool, str]:
    rpr = r.find(f"{_W}rPr")
    bold = rpr is not None and rpr.find(f"{_W}b") is not None and rpr.find(f"{_W}b").get(f"{_W}val") not in ("0", "false")
    fonts = rpr.find(f"{_W}rFonts") if rpr is not None else None
    font = (fonts.get(f"{_W}eastAsia") or fonts.get(f"{_W}ascii") or "") if fonts is not None else ""
    text = []
    for child in r:
        if child.tag == f"{_W}t":
            text.append(child.text or "")
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            text.append(_BREAK)
        elif child.tag == f"{_W}tab":
            text.append(" ")
    return "".join(text), bold, font


def _paragraph(p, label: str = "") -> list[tuple[str, str]]:
    return paragraph_lines(_runs(p), label)


def paragraph_lines(runs: list[tuple[str, bool, str]], label: str = "") -> list[tuple[str, str]]:
    """A paragraph's lines (split at manual line breaks, ``BREAK``) with the run-in head set in its own font or
    bold, from its runs (text, bold, font); ``label``: the number Word's list numbering prints before it
    (一、, （一）)."""
    runs = [r for r in runs if r[0]]
    if label:
        runs = [(label, *(runs[0][1:] if runs else (False, "")))] + runs
    text = "".join(t for t, _, _ in runs)
    head = ""
    styled = [r for r in runs if r[0].strip(_BREAK + _PARAGRAPH_END)]
    if len(styled) > 1:
        first_style = styled[0][1:]
        n = 0
        for t, bold, font in runs:
            if t.strip(_BREAK + _PARAGRAPH_END) and (bold, font) != first_style:
                break
            n += len(t)
        if 0 < n < len(text.strip()) and first_style != styled[-1][1:]:
            head = close_cjk_spaces(text[:n].strip())
    out = []
    for k, part in enumerate(_lines(runs)):
        clean = close_cjk_spaces(" ".join(part.replace("\u3000", " ").split()))
        if clean:
            out.append((clean, head if k == 0 else ""))
    return out


def _lines(runs: list[tuple[str, bool, str]]) -> list[str]:
    """The paragraph's text cut at its manual line breaks, except where the break only wraps a short line:
    a heading or title broken by hand (``三、收到和处理政府信息公开↵申请情况``, set alike on both sides of the
    break, no stop before it) reads whole.  A text box's paragraphs stay lines of their own."""
    lines: list[list] = [["", None, None, False]]  # text, style of its first and last letter, ends at a break
    for t, bold, font in runs:
        for ch in t:
            if ch in (_BREAK, _PARAGRAPH_END):
                lines[-1][3] = ch == _BREAK
                lines.append(["", None, None, False])
                continue
            line = lines[-1]
            line[0] += ch
            if not ch.isspace():
                line[1] = line[1] or (bold, font)
                line[2] = (bold, font)
    out: list[list] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev[3] and prev[0].strip() and line[0].strip() and prev[2] == line[1]
                and wrapped_by_hand(prev[0].strip(), line[0].strip())):
            prev[0] = prev[0].rstrip() + line[0].lstrip()
            prev[2], prev[3] = line[2], line[3]
        else:
            out.append(line)
    return [line[0] for line in out]


def _cell_text(tc) -> str:
    # a text box's paragraph is read with the paragraph that holds it
    return cell_text("".join(t for t, _, _ in _runs(p)) for p in tc.iter(f"{_W}p") if not _in_paragraph(p, tc))


def cell_text(paragraphs) -> str:
    """A table cell's text from its paragraphs' texts: line breaks and spaces closed up, digits half-width."""
    parts = []
    for t in paragraphs:
        t = " ".join(t.replace(_BREAK, "").replace(_PARAGRAPH_END, "").replace("\u3000", " ").split())
        if t:
            parts.append(t)
    return close_cjk_spaces(halfwidth_digits("".join(parts)))


def _in_paragraph(p, stop) -> bool:
    return within(p, f"{_W}p", stop)


def within(el, tag: str, stop) -> bool:
    """Does an element named ``tag`` hold ``el`` inside ``stop`` (an ancestor of ``el``)?"""
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag == tag:
            return True
    return False


def _grid(tbl) -> TableCells | None:
    cells: list[GridCell] = []
    open_cells: dict[int, int] = {}  # column -> index in cells of the cell a vMerge continues
    n_cols = 0
    rows = list(_children(tbl, f"{_W}tr"))
    for r, tr in enumerate(rows):
        c = 0
        trpr = tr.find(f"{_W}trPr")
        before = trpr.find(f"{_W}gridBefore") if trpr is not None else None
        if before is not None:
            c += int(before.get(f"{_W}val") or 0)
        for tc in _children(tr, f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{_W}val") or 1))
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{_W}val") or "continue"
            if vmerge == "continue" and c in open_cells:
                k = open_cells[c]
                old = cells[k]
                cells[k] = GridCell(text=old.text, r0=old.r0, r1=r + 1, c0=old.c0, c1=old.c1)
            else:
                cells.append(GridCell(text=_cell_text(tc), r0=r, r1=r + 1, c0=c, c1=c + span))
                if vmerge == "restart":
                    open_cells[c] = len(cells) - 1
                else:
                    open_cells.pop(c, None)
            c += span
        n_cols = max(n_cols, c)
    if not cells:
        return None
    return cells, len(rows), n_cols


# ------------------------------------------------------------------ automatic list numbering
_CN = "一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _val(el) -> str | None:
    return el.get(f"{_W}val") if el is not None else None


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + (_CN[n - 11] if n > 10 else "")
    if n < 100:
        return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")
    return str(n)


def _format(n: int, fmt: str | None) -> str:
    if fmt and fmt.startswith(("chineseCounting", "japaneseCounting", "taiwaneseCounting", "ideographDigital")):
        return _chinese(n)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and the rest


class _Numbering:
    """The numbers Word prints from its numbering definitions (a heading's 一、 that is not in its text).

    Each list (w:numId) counts its levels in body order; a level's count restarts when a shallower level
    steps.  Numbering given by a paragraph's style (a 标题 style with a list) counts too.
    """

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str | None, str, int]]] = {}
        self.counts: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        abstract: dict[str, dict[int, tuple[str | None, str, int]]] = {}
        if root is not None:
            for an in root.iterchildren(f"{_W}abstractNum"):
                levels = {}
                for lvl in an.iterchildren(f"{_W}lvl"):
                    start = _val(lvl.find(f"{_W}start"))
                    levels[int(lvl.get(f"{_W}ilvl") or 0)] = (_val(lvl.find(f"{_W}numFmt")),
                                                               _val(lvl.find(f"{_W}lvlText")) or "",
                                                               int(start) if start and start.isdigit() else 1)
                abstract[an.get(f"{_W}abstractNumId")] = levels
            for num in root.iterchildren(f"{_W}num"):
                self.levels[num.get(f"{_W}numId")] = abstract.get(_val(num.find(f"{_W}abstractNumId")), {})
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            for st in styles.iterchildren(f"{_W}style"):
                num = st.find(f"{_W}pPr/{_W}numPr")
                if num is not None and _val(num.find(f"{_W}numId")):
                    self.style_num[st.get(f"{_W}styleId")] = (_val(num.find(f"{_W}numId")),
                                                              int(_val(num.find(f"{_W}ilvl")) or 0))

    def label(self, p) -> str:
        ppr = p.find(f"{_W}pPr")
        if ppr is None or not self.levels:
            return ""
        num = ppr.find(f"{_W}numPr")
        if num is not None and _val(num.find(f"{_W}numId")):
            num_id, ilvl = _val(num.find(f"{_W}numId")), int(_val(num.find(f"{_W}ilvl")) or 0)
        else:
            style = _val(ppr.find(f"{_W}pStyle"))
            if style not in self.style_num:
                return ""
            num_id, ilvl = self.style_num[style]
        if num_id == "0":
            return ""
        return list_number(self.levels, self.counts, num_id, ilvl)


def list_number(levels_of: dict, counts_of: dict, list_id, ilvl: int) -> str:
    """The number Word prints for a paragraph at level ``ilvl`` of list ``list_id``, counting it (shared with
    readers/doc.py): ``levels_of`` maps a list to its levels' (format, text with %1…%9, start), ``counts_of``
    keeps each list's counts."""
    import re

    levels = levels_of.get(list_id)
    if not levels or ilvl not in levels:
        return ""
    counts = counts_of.setdefault(list_id, [0] * 10)
    counts[ilvl] += 1
    for deeper in range(ilvl + 1, len(counts)):
        counts[deeper] = 0
    fmt, text, _ = levels[ilvl]
    if fmt in ("none", "bullet"):
        return ""

    def number(m) -> str:
        k = int(m.group(1)) - 1
        f, _, start = levels.get(k, (fmt, "", 1))
        return _format(counts[k] + start - 1, f)

    return re.sub(r"%(\d)", number, text)
