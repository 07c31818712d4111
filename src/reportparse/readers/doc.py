"""Word 97-2003 binary file (.doc) and WPS Writer file (.wps) -> Document, as the .docx reader builds it.

Both are OLE2 compound files holding a ``WordDocument`` stream in the format of [MS-DOC]; WPS Office writes
its .wps files in the same format.  olefile opens the container, ``readers/msdoc.py`` reads the format's
structures, and this module reads the report out of them, in the order the spec gives:

    FIB          which table stream (0Table/1Table), encryption, ccpText (the main text's length), and
                 where the CLX, the property tables, the stylesheet and the lists are
    piece table  the CLX's PlcPcd: which stretch of the stream holds which characters, each piece 8-bit
                 (cp1252, "compressed") or UTF-16LE; only CP 0..ccpText is read: footnotes, headers and
                 footers, comments and text boxes are stored after it and stay out of the body
    characters   fields (0x13 code 0x14 result 0x15, nested) keep their result and lose their code;
                 0x0D ends a paragraph, 0x07 a table cell or row, 0x0C a page or section; 0x0B is a line
                 break; objects (0x01, 0x08), footnote, endnote and comment marks are dropped; bold, East
                 Asian font and deleted revisions come from the CHPX FKPs (PlcBteChpx)
    paragraphs   the PAPX FKPs (PlcBtePapx, and the Data stream for a PAPX too big for its page) over the
                 paragraph's style (STSH): in a table (sprmPFInTable), its depth (sprmPItap), a row's end
                 (sprmPFTtp/sprmPFInnerTtp), whose sprmTDefTable gives the row's cell boundaries
                 (rgdxaCenter) and each cell's merge flags (vertical restart/continue, horizontal
                 first/merged, sprmTVertMerge); its list (sprmPIlfo/sprmPIlvl: PlfLfo -> PlfLst's levels),
                 whose number is counted and printed as the .docx reader does
    tables       the boundaries of all rows of a table are its columns; a cell spans the columns between
                 its boundaries, and a vertically merged cell the rows it continues down: the grid of
                 spans the .docx reader builds from gridSpan/vMerge.  A table whose cells hold tables is
                 layout, as in the .docx reader: its cells' contents are read in place

Not read: text boxes (stored apart from the body: named by a ``text_boxes_unread`` warning), embedded
objects (``objects_unread``), character formatting given by styles (a run-in head is told by direct bold
or East Asian font only, as in a .docx).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from reportparse.document import Document, GridCell, Meta
from reportparse.errors import CorruptWordError, EncryptedWordError, UnsupportedFormatError
from reportparse.inputs import Source
from reportparse.model import Issue
from reportparse.readers.docx import BREAK, TableCells, cell_text, list_number, paragraph_lines, word_document
from reportparse.readers.msdoc import (
    FC_CLX,
    FC_ENDNOTE_REFS,
    FC_FOOTNOTE_REFS,
    CharProps,
    Fib,
    ParagraphProps,
    Properties,
    Row,
    list_levels,
    main_text,
    pieces_of,
    plc_cps,
    prm_grpprl,
    stream_slice,
)

Run = tuple[str, bool, str]  # text, bold, font: what docx.paragraph_lines reads


def read_doc(source: Source) -> Document:
    word, table, data, meta = _streams(source)
    if len(word) < 0x22 or word[:2] not in (b"\xec\xa5", b"\xdc\xa5"):  # FibBase.wIdent
        raise CorruptWordError("the WordDocument stream does not start with a Word FIB", source.path)
    n_fib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:  # fEncrypted (RC4 or XOR obfuscation): past FibBase the stream is ciphertext
        raise EncryptedWordError("the Word file is encrypted with a password", source.path)
    if n_fib < 0xC0:
        raise UnsupportedFormatError(f"this is a Word 6.0/95 file (nFib {n_fib}), older than Word 97", source.path)
    try:
        fib = Fib.read(word)
        table = table.get(fib.table_stream)
        if table is None:
            raise CorruptWordError(f"the Word file has no {fib.table_stream} stream", source.path)
        clx = stream_slice(table, *fib.fc_lcb(FC_CLX), "CLX")
        pieces, prcs = pieces_of(clx)
        props = Properties(word, table, fib, data)
        piece_props = [prm_grpprl(p.prm, prcs) for p in pieces]
        marks = plc_cps(table, *fib.fc_lcb(FC_FOOTNOTE_REFS)) | plc_cps(table, *fib.fc_lcb(FC_ENDNOTE_REFS))
        codes: list[str] = []
        paragraphs = read_paragraphs(main_text(word, pieces, fib.ccp_text), props, piece_props, marks, codes)
        lists, counts = list_levels(table, fib), {}
        blocks = [_lines(b, lists, counts) for b in body_blocks(paragraphs, 0)]
        boxes = unread_text_boxes(main_text(word, pieces, fib.text_boxes[1], fib.text_boxes[0]))
    except (struct.error, IndexError, ValueError, KeyError) as e:
        raise CorruptWordError(f"the Word file's structure is broken ({type(e).__name__}: {e})", source.path) from e
    document = word_document(blocks, meta, source)
    document.issues.extend(boxes + unread_objects(codes))
    return document


def unread_objects(codes: list[str]) -> list[Issue]:
    """A warning for the objects embedded in the body (fields ``EMBED Excel.Sheet.8`` …): their contents are
    not read, and a table pasted as a spreadsheet object is missing from the record."""
    kinds = [code.split()[1] for code in codes if code.split()[:1] == ["EMBED"] and len(code.split()) > 1]
    if not kinds:
        return []
    return [Issue("objects_unread", f"{len(kinds)} embedded object(s) not read ({', '.join(sorted(set(kinds)))}): "
                                    "a table pasted as an object is missing from the record")]


def unread_text_boxes(chars) -> list[Issue]:
    """A warning where the text boxes' story holds text: it is stored apart from the body, and where each box
    stands in it is not read (a title or a note set in a box is missing from the record)."""
    text = "".join(ch for _, ch, _, _ in chars if ch.isprintable() and not ch.isspace())
    if not text:
        return []
    shown = _joined(text[:30]) + ("…" if len(text) > 30 else "")
    return [Issue("text_boxes_unread", f"{len(text)} characters in text boxes are not read ({shown}): a Word "
                                       "file keeps them apart from the body")]


def _streams(source: Source) -> tuple[bytes, dict[str, bytes], bytes, Meta]:
    """The WordDocument stream, the table streams, the Data stream and the title from the summary."""
    import io

    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(source.data))
    except Exception as e:  # noqa: BLE001 - olefile raises OSError and its own kinds on a broken container
        raise CorruptWordError(f"the Word file's OLE2 container is broken ({type(e).__name__}: {e})", source.path) from e
    try:
        if not ole.exists("WordDocument"):
            raise UnsupportedFormatError("this OLE2 file holds no Word document (no WordDocument stream)", source.path)
        streams = {name: ole.openstream(name).read() for name in ("WordDocument", "0Table", "1Table", "Data")
                   if ole.exists(name)}
        meta = Meta(title=_title(ole))
    except (UnsupportedFormatError, CorruptWordError):
        raise
    except Exception as e:  # noqa: BLE001 - a stream whose sector chain is broken
        raise CorruptWordError(f"the Word file's streams cannot be read ({type(e).__name__}: {e})", source.path) from e
    finally:
        ole.close()
    word = streams.pop("WordDocument")
    return word, streams, streams.pop("Data", b""), meta


def _title(ole) -> str | None:
    """The summary's title (it may stand in for a missing one); its author is a person, never the publisher."""
    try:
        meta = ole.get_metadata()
    except Exception:  # noqa: BLE001 - a damaged summary is no reason to refuse the body
        return None
    title = meta.title
    if isinstance(title, bytes):
        codepage = meta.codepage or 1252
        encoding = "utf-8" if codepage == 65001 else ("gb18030" if codepage == 936 else f"cp{codepage}")
        try:
            title = title.decode(encoding, errors="replace")
        except LookupError:
            title = title.decode("latin-1")
    return (title or "").strip("\x00 \t\r\n") or None


def _lines(block, lists: dict, counts: dict):
    """A paragraph's lines with the number its list prints before it (counted in body order, as Word does), or
    a table as it is."""
    if not isinstance(block, Paragraph):
        return block
    label = list_number(lists, counts, block.props.ilfo, block.props.ilvl) if block.props.ilfo else ""
    return paragraph_lines(block.runs, label)


# ------------------------------------------------------------------ characters -> paragraphs
@dataclass
class Paragraph:
    runs: list[Run]
    end: str  # the character that ended it: \r, \x07 (a cell or row), \x0c (a page or section)
    props: ParagraphProps = field(default_factory=ParagraphProps)

    @property
    def text(self) -> str:
        return "".join(t for t, _, _ in self.runs)


_ENDS = "\r\x07\x0c"
_FIELD_BEGIN, _FIELD_SEPARATE, _FIELD_END = "\x13", "\x14", "\x15"
#: what a special character reads as: a line or column break a break, a tab or no-break space a space, a
#: non-breaking hyphen a hyphen; objects, footnote and comment marks and an optional hyphen nothing
_SPECIAL = {"\x0b": BREAK, "\x0e": BREAK, "\t": " ", "\xa0": " ", "\x1e": "-", "\x1f": ""}


def read_paragraphs(chars, props: Properties | None, piece_props: list[bytes] = (), skip: set[int] = frozenset(),
                    codes: list[str] | None = None) -> list[Paragraph]:
    """The main text's paragraphs with their runs and properties (``piece_props``: the paragraph properties
    each piece's Prm adds).  Inside a field only the result is read (a field with no separator shows
    nothing), its code is added to ``codes``; characters at ``skip`` (footnote and endnote marks) are
    dropped."""
    out: list[Paragraph] = []
    runs: list[list] = []
    fields: list[list] = []  # for each open field: still in its code, the code's characters
    for cp, ch, offset, piece in chars:
        if ch in _ENDS:
            if props is None:
                paragraph_props = ParagraphProps()
            else:
                paragraph_props = props.paragraph(offset, piece_props[piece] if piece < len(piece_props) else b"")
            out.append(Paragraph([(_joined(t), b, f) for t, b, f in runs], ch, paragraph_props))
            runs = []
            continue
        if ch == _FIELD_BEGIN:
            fields.append([True, []])
            continue
        if ch in (_FIELD_SEPARATE, _FIELD_END):
            if fields:
                if fields[-1][0] and codes is not None:
                    codes.append("".join(fields[-1][1]).strip())
                fields[-1][0] = False
                if ch == _FIELD_END:
                    fields.pop()
            continue
        if fields and fields[-1][0]:
            fields[-1][1].append(ch)
        if any(f[0] for f in fields) or cp in skip:
            continue
        c = props.char(offset) if props is not None else CharProps()
        if c.deleted:
            continue
        ch = _SPECIAL.get(ch, ch)
        if len(ch) == 1 and ord(ch) < 0x20 and ch != BREAK:
            continue
        if runs and runs[-1][1] == c.bold and runs[-1][2] == c.font:
            runs[-1][0] += ch
        else:
            runs.append([ch, c.bold, c.font])
    if runs:
        out.append(Paragraph([(_joined(t), b, f) for t, b, f in runs], "\r"))
    for paragraph in out:
        paragraph.runs = settled_fonts(paragraph.runs)
    return out


def settled_fonts(runs: list[Run]) -> list[Run]:
    """Runs without a Chinese character (digits, Latin letters, ASCII punctuation) take the East Asian font of
    the run before them (or after them), which is the font a run-in head is told by: their own East Asian font
    says nothing about how they look, and producers set it on one script's runs and not the other's
    (LibreOffice gives ``2022`` one and the ``年…`` after it none), which made ``2022`` a run-in head."""
    if len(runs) < 2:
        return runs
    cjk = [any(_is_cjk(ch) for ch in text) for text, _, _ in runs]
    if all(cjk) or not any(cjk):
        return runs
    out = list(runs)
    for k, (text, bold, font) in enumerate(runs):
        if not cjk[k]:
            near = next((runs[j][2] for j in [*range(k - 1, -1, -1), *range(k + 1, len(runs))] if cjk[j]), font)
            out[k] = (text, bold, near)
    return out


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" or "\u3000" < ch < "\u3040"


def _joined(text: str) -> str:
    """UTF-16 surrogate pairs, kept one CP each while reading, joined into their characters."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


# ------------------------------------------------------------------ paragraphs -> blocks and tables
def body_blocks(paragraphs: list[Paragraph], depth: int) -> list:
    """Paragraphs and tables in body order: a Paragraph, or a table's cells (TableCells)."""
    out: list = []
    i = 0
    while i < len(paragraphs):
        if paragraphs[i].props.depth > depth:
            j = i
            while j < len(paragraphs) and paragraphs[j].props.depth > depth:
                j += 1
            out.extend(_table(paragraphs[i:j], depth + 1))
            i = j
        else:
            out.append(paragraphs[i])
            i += 1
    return out


def _row_end(p: Paragraph, depth: int) -> bool:
    return p.props.depth == depth and (p.props.inner_ttp if depth > 1 else p.props.ttp)


def _cell_end(p: Paragraph, depth: int) -> bool:
    return p.props.depth == depth and (p.props.inner_cell if depth > 1 else p.end == "\x07")


def _table(paragraphs: list[Paragraph], depth: int) -> list:
    """A table at ``depth``: one TableCells, or, where its cells hold tables (layout), their contents."""
    rows: list[tuple[list[list[Paragraph]], Row | None]] = []
    cells: list[list[Paragraph]] = []
    cell: list[Paragraph] = []
    for p in paragraphs:
        if _row_end(p, depth):
            rows.append((cells, p.props.row))
            cells, cell = [], []
        elif _cell_end(p, depth):
            cells.append(cell + [p])
            cell = []
        else:
            cell.append(p)
    if cell or cells:  # a table cut short of its row end
        rows.append((cells + ([cell] if cell else []), None))
    contents = [[body_blocks(c, depth) for c in row_cells] for row_cells, _ in rows]
    if any(not isinstance(b, Paragraph) for row in contents for c in row for b in c):
        return [b for row in contents for c in row for b in c]
    texts = [[cell_text(p.text for p in c) for c in row] for row in contents]
    return [grid_cells(texts, [row for _, row in rows])]


def grid_cells(texts: list[list[str]], rows: list[Row | None], snap: int = 36) -> TableCells | None:
    """The table's cells with their spans: columns are the row boundaries of all rows (within ``snap``
    twips of each other taken as one), a cell spans the columns between its own boundaries, a cell flagged
    as merged with the one before it widens that one, and one flagged as merged with the cell above
    lengthens that one (the .docx reader's vMerge continue)."""
    edges = sorted({e for row in rows if row is not None for e in row.edges})
    columns: list[int] = []
    for e in edges:
        if not columns or e - columns[-1] > snap:
            columns.append(e)

    def column(edge: int) -> int:
        return min(range(len(columns)), key=lambda k: abs(columns[k] - edge))

    cells: list[GridCell] = []
    open_cells: dict[int, int] = {}  # column -> index in cells of the cell a vertical merge continues
    n_cols = 0
    for r, (row_texts, row) in enumerate(zip(texts, rows)):
        placed: list[tuple[str, int, int, int]] = []  # text, c0, c1, vertical flag
        for k, text in enumerate(row_texts):
            if row is not None and k + 1 < len(row.edges):
                c0, c1 = column(row.edges[k]), column(row.edges[k + 1])
                horizontal, vertical = row.horizontal[k], row.vertical[k]
            else:  # no boundaries for this cell: the next column
                c0 = placed[-1][2] if placed else 0
                c1, horizontal, vertical = c0 + 1, 0, 0
            c1 = max(c1, c0 + 1)
            if horizontal >= 2 and placed:
                last = placed[-1]
                placed[-1] = (last[0] + text, last[1], c1, last[3])
            else:
                placed.append((text, c0, c1, vertical))
        for text, c0, c1, vertical in placed:
            if vertical == 1 and c0 in open_cells:
                k = open_cells[c0]
                old = cells[k]
                cells[k] = GridCell(text=old.text + text, r0=old.r0, r1=r + 1, c0=old.c0, c1=old.c1)
            else:
                cells.append(GridCell(text=text, r0=r, r1=r + 1, c0=c0, c1=c1))
                if vertical == 3:
                    open_cells[c0] = len(cells) - 1
                else:
                    open_cells.pop(c0, None)
            n_cols = max(n_cols, c1)
    if not cells:
        return None
    return cells, len(texts), n_cols
