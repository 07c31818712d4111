"""Word 97-2003 binary file (.doc) and WPS Writer file (.wps) -> Document, as the .docx reader builds it.

Both are OLE2 compound files holding a ``WordDocument`` stream in the format of [MS-DOC]; WPS Office writes
its .wps files in the same format.  olefile opens the container; the rest is read here, in the order the
spec gives:

    FIB          which table stream (0Table/1Table), encryption, ccpText (the main text's length), and
                 where the CLX, the paragraph and the character property tables are
    piece table  the CLX's PlcPcd: which stretch of the stream holds which characters, each piece 8-bit
                 (cp1252, "compressed") or UTF-16LE; only CP 0..ccpText is read: footnotes, headers and
                 footers, comments and text boxes are stored after it and stay out of the body
    characters   fields (0x13 code 0x14 result 0x15, nested) keep their result and lose their code;
                 0x0D ends a paragraph, 0x07 a table cell or row, 0x0C a page or section; 0x0B is a line
                 break; objects (0x01, 0x08), footnote and comment marks are dropped; bold, font and
                 deleted revisions come from the CHPX FKPs (PlcBteChpx)
    paragraphs   the PAPX FKPs (PlcBtePapx, and the Data stream for a PAPX too big for its page): in a
                 table (sprmPFInTable), its depth (sprmPItap), a row's end (sprmPFTtp/sprmPFInnerTtp),
                 whose sprmTDefTable gives the row's cell boundaries (rgdxaCenter) and each cell's merge
                 flags (vertical restart/continue, horizontal first/merged, sprmTVertMerge)
    tables       the boundaries of all rows of a table are its columns; a cell spans the columns between
                 its boundaries, and a vertically merged cell the rows it continues down: the grid of
                 spans the .docx reader builds from gridSpan/vMerge

A table whose cells hold tables is layout, as in the .docx reader: its cells' contents are read in place.
    styles       the STSH's paragraph styles (and those they are based on) under a paragraph's own properties
    lists        the numbers Word prints before a paragraph of a list (sprmPIlfo/sprmPIlvl, its own or its
                 style's: PlfLfo -> PlfLst's levels), counted as the .docx reader counts them

Not read: text boxes (stored apart from the body: named by a ``text_boxes_unread`` warning), embedded
objects (``objects_unread``), character formatting given by styles (a run-in head is told by direct bold
or East Asian font only, as in a .docx).
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field

from reportparse.document import Document, GridCell, Meta
from reportparse.errors import CorruptWordError, EncryptedWordError, UnsupportedFormatError
from reportparse.inputs import Source
from reportparse.model import Issue
from reportparse.readers.docx import BREAK, TableCells, cell_text, list_number, paragraph_lines, word_document

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
        clx = _slice(table, *fib.fc_lcb(FC_CLX), "CLX")
        pieces, prcs = pieces_of(clx)
        chars = _Chars(word, table, fib, data)
        piece_props = [_prm_grpprl(p.prm, prcs) for p in pieces]
        marks = _cps(table, *fib.fc_lcb(FC_FOOTNOTE_REFS)) | _cps(table, *fib.fc_lcb(FC_ENDNOTE_REFS))
        codes: list[str] = []
        paragraphs = read_paragraphs(main_text(word, pieces, fib.ccp_text), chars, piece_props, marks, codes)
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


# ------------------------------------------------------------------ the FIB
# indexes into FibRgFcLcb97
FC_STYLES = 1
FC_FOOTNOTE_REFS, FC_CHPX, FC_PAPX, FC_CLX, FC_ENDNOTE_REFS, FC_LISTS, FC_LIST_OVERRIDES = 2, 12, 13, 33, 46, 73, 74


@dataclass(frozen=True)
class Fib:
    """What the File Information Block says that this reader needs ([MS-DOC] 2.5.1)."""

    table_stream: str
    ccps: tuple[int, ...]  # FibRgLw97's character counts: text, footnotes, headers, macros, comments, endnotes,
    # text boxes, header text boxes (the stories' order in CP space)
    fc_lcbs: tuple[tuple[int, int], ...]  # FibRgFcLcb: (offset, length) in the table stream of each structure

    @classmethod
    def read(cls, word: bytes) -> Fib:
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        csw = struct.unpack_from("<H", word, 0x20)[0]
        at = 0x22 + 2 * csw  # past FibRgW97
        cslw = struct.unpack_from("<H", word, at)[0]
        ccps = struct.unpack_from("<8i", word, at + 2 + 12)  # FibRgLw97.ccpText … ccpHdrTxbx
        at += 2 + 4 * cslw
        n = struct.unpack_from("<H", word, at)[0]
        pairs = struct.unpack_from(f"<{2 * n}I", word, at + 2)
        return cls(table_stream="1Table" if flags & 0x0200 else "0Table",
                   ccps=tuple(max(0, n) for n in ccps), fc_lcbs=tuple(zip(pairs[::2], pairs[1::2])))

    @property
    def ccp_text(self) -> int:
        return self.ccps[0]

    @property
    def text_boxes(self) -> tuple[int, int]:
        """The CP range of the text boxes' story."""
        start = sum(self.ccps[:6])
        return start, start + self.ccps[6]

    def fc_lcb(self, index: int) -> tuple[int, int]:
        """The (offset, length) in the table stream of the structure ``index`` of FibRgFcLcb97."""
        return self.fc_lcbs[index] if index < len(self.fc_lcbs) else (0, 0)


def _slice(stream: bytes, fc: int, lcb: int, what: str) -> bytes:
    if lcb == 0 or fc + lcb > len(stream):
        raise ValueError(f"the {what} lies outside its stream ({fc}+{lcb} of {len(stream)} bytes)")
    return stream[fc:fc + lcb]


def _cps(table: bytes, fc: int, lcb: int) -> set[int]:
    """The CPs of a PLC of references (footnote marks): (n+1) CPs then n 2-byte FRDs."""
    if lcb < 4 or fc + lcb > len(table):
        return set()
    n = (lcb - 4) // 6
    return set(struct.unpack_from(f"<{n}i", table, fc))


# ------------------------------------------------------------------ the piece table
@dataclass(frozen=True)
class Piece:
    cp0: int
    cp1: int
    offset: int  # byte offset in the WordDocument stream
    compressed: bool  # 8-bit cp1252, else UTF-16LE
    prm: int


def pieces_of(clx: bytes) -> tuple[list[Piece], list[bytes]]:
    """The pieces of the CLX's PlcPcd, and the grpprls of its Prcs (which a piece's Prm may name)."""
    prcs: list[bytes] = []
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: clxt, cbGrpprl, grpprl
        size = struct.unpack_from("<h", clx, i + 1)[0]
        prcs.append(clx[i + 3:i + 3 + max(size, 0)])
        i += 3 + max(size, 0)
    if i >= len(clx) or clx[i] != 0x02:
        raise ValueError("the CLX holds no piece table (Pcdt)")
    lcb = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5:i + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise ValueError("the piece table is empty")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    pieces = []
    for k in range(n):
        _, fc, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * k)
        compressed = bool(fc & 0x40000000)
        fc &= 0x3FFFFFFF
        pieces.append(Piece(cps[k], cps[k + 1], fc // 2 if compressed else fc, compressed, prm))
    return pieces, prcs


#: cp1252's letters at 0x80-0x9F, as [MS-DOC] 2.4.1 maps a compressed piece's bytes; the other bytes are Latin-1
_CP1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def main_text(word: bytes, pieces: list[Piece], ccp_text: int, first: int = 0) -> list[tuple[int, str, int, int]]:
    """(cp, character, stream offset, piece index) of every character of the main text, CP 0..ccpText: the
    body only (footnotes, headers, comments and text boxes follow it in CP order; ``first``..``ccp_text``
    reads another story).  UTF-16 surrogates stay one character each here, so that characters and CPs keep
    step."""
    out = []
    for k, p in enumerate(pieces):
        start, end = max(p.cp0, first), min(p.cp1, ccp_text)
        if end <= start:
            continue
        n = end - start
        if p.compressed:
            at = p.offset + (start - p.cp0)
            raw = word[at:at + n]
            text = raw.decode("latin-1").translate(_CP1252)
            offsets = range(at, at + len(raw))
        else:
            at = p.offset + 2 * (start - p.cp0)
            raw = word[at:at + 2 * n]
            text = "".join(map(chr, struct.unpack(f"<{len(raw) // 2}H", raw[:len(raw) // 2 * 2])))
            offsets = range(at, at + 2 * len(text), 2)
        if len(text) < n:
            raise ValueError(f"a piece runs past the end of the WordDocument stream (CP {start}..{end})")
        out.extend(zip(range(start, end), text, offsets, [k] * n))
    return out


# ------------------------------------------------------------------ properties (sprms)
def sprms(grpprl: bytes):
    """(sprm, operand) of each property modifier of a grpprl ([MS-DOC] 2.2.5.1, 2.6)."""
    i = 0
    while i + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, i)[0]
        i += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm in (0xD608, 0xD606):  # sprmTDefTable(10): a 2-byte cb, counting the rest plus one
            size = struct.unpack_from("<H", grpprl, i)[0] + 1
        elif sprm == 0xC615 and i < len(grpprl) and grpprl[i] == 255:  # sprmPChgTabs, its size told by its contents
            j = i + 1
            j += 1 + 4 * grpprl[j]
            j += 1 + 3 * grpprl[j]
            size = j - i
        else:
            if i >= len(grpprl):
                return
            size = 1 + grpprl[i]
        yield sprm, grpprl[i:i + size]
        i += size


SPRM_P_IN_TABLE, SPRM_P_TTP, SPRM_P_ITAP, SPRM_P_DTAP = 0x2416, 0x2417, 0x6649, 0x664A
SPRM_P_INNER_CELL, SPRM_P_INNER_TTP, SPRM_P_HUGE_PAPX = 0x244B, 0x244C, 0x6646
SPRM_P_ILFO, SPRM_P_ILVL = 0x460B, 0x260A
SPRM_T_DEF_TABLE, SPRM_T_VERT_MERGE = 0xD608, 0xD62B
SPRM_C_BOLD, SPRM_C_DELETED, SPRM_C_FONT_EAST_ASIA = 0x0835, 0x0800, 0x4A50


@dataclass
class Row:
    """A table row's cells as its sprmTDefTable gives them: boundaries in twips, and each cell's merge flags."""

    edges: list[int]  # n + 1 boundaries: cell k lies between edges[k] and edges[k + 1]
    horizontal: list[int]  # 0 not merged, 1 first of a merged set, 2/3 merged with the cell before
    vertical: list[int]  # 0 not merged, 1 merged with the cell above, 3 first of a vertically merged set


@dataclass
class ParagraphProps:
    in_table: bool = False
    ttp: bool = False  # the end of a table row (depth 1)
    itap: int | None = None  # the table depth, where said
    inner_cell: bool = False  # the end of a cell of a nested table
    inner_ttp: bool = False  # the end of a row of a nested table
    row: Row | None = None
    ilfo: int = 0  # the list (1-based, into PlfLfo) that numbers the paragraph; 0: none
    ilvl: int = 0  # its level in that list

    @property
    def depth(self) -> int:
        return self.itap if self.itap is not None else int(self.in_table)

    def apply(self, grpprl: bytes, data: bytes = b"") -> None:
        for sprm, op in sprms(grpprl):
            if sprm == SPRM_P_IN_TABLE:
                self.in_table = bool(op[0])
            elif sprm == SPRM_P_TTP:
                self.ttp = bool(op[0])
            elif sprm == SPRM_P_ITAP:
                self.itap = max(0, struct.unpack("<i", op)[0])
            elif sprm == SPRM_P_DTAP:
                self.itap = max(0, self.depth + struct.unpack("<i", op)[0])
            elif sprm == SPRM_P_ILFO:
                self.ilfo = max(0, struct.unpack("<h", op)[0])  # 0xF801 (negative): no list
            elif sprm == SPRM_P_ILVL:
                self.ilvl = min(op[0], 8)
            elif sprm == SPRM_P_INNER_CELL:
                self.inner_cell = bool(op[0])
            elif sprm == SPRM_P_INNER_TTP:
                self.inner_ttp = bool(op[0])
            elif sprm == SPRM_T_DEF_TABLE:
                self.row = def_table(op)
            elif sprm == SPRM_T_VERT_MERGE and self.row is not None and len(op) >= 3:
                if op[1] < len(self.row.vertical):
                    self.row.vertical[op[1]] = op[2] & 3
            elif sprm == SPRM_P_HUGE_PAPX and data:  # the properties too big for the FKP, in the Data stream
                at = struct.unpack("<I", op)[0]
                if at + 2 <= len(data):
                    size = struct.unpack_from("<H", data, at)[0]
                    self.apply(data[at + 2:at + 2 + size])


def def_table(op: bytes) -> Row:
    """A sprmTDefTable operand: cb (2), NumberOfColumns (1), rgdxaCenter (n+1 × 2), rgTc80 (up to n × 20)."""
    n = op[2]
    edges = list(struct.unpack_from(f"<{n + 1}h", op, 3))
    horizontal, vertical = [0] * n, [0] * n
    at = 3 + 2 * (n + 1)
    for k in range(n):
        if at + 20 * k + 2 > len(op):
            break
        flags = struct.unpack_from("<H", op, at + 20 * k)[0]
        horizontal[k], vertical[k] = flags & 3, (flags >> 5) & 3
    return Row(edges, horizontal, vertical)


#: MSONFC number formats ([MS-OSHARED] 2.2.1.3) by the names of the .docx formats docx.list_number prints:
#: the CJK counting formats (Japanese, Taiwanese and Chinese, DbNum1-4) as 一二三, 甲乙丙 (Zodiac1), full-width
#: digits; others as decimal, as the .docx reader does
_NFC = {0x0E: "decimalFullWidth", 0x13: "decimalFullWidth", 0x17: "bullet", 0xFF: "none", 0x1E: "ideographTraditional",
        **{k: "chineseCounting" for k in (0x0A, 0x0B, 0x10, 0x11, *range(0x21, 0x29))}}


def list_levels(table: bytes, fib: Fib) -> dict[int, dict[int, tuple[str, str, int]]]:
    """Each list override (ilfo, 1-based) -> its list's levels (format, number text with %1…%9, start): the
    LSTFs of PlfLst, the LVLs after them, and PlfLfo's LFOs naming a list by its lsid ([MS-DOC] 2.9.147-157).
    An LFO's own level overrides are not read."""
    fc, lcb = fib.fc_lcb(FC_LISTS)
    if lcb < 2 or fc + lcb > len(table):
        return {}
    by_lsid: dict[int, dict[int, tuple[str, str, int]]] = {}
    at = fc + lcb  # the LVLs follow PlfLst: 9 for each list, 1 for a simple list
    for k in range(max(0, struct.unpack_from("<h", table, fc)[0])):
        lstf = fc + 2 + 28 * k
        levels = {}
        for ilvl in range(1 if table[lstf + 26] & 1 else 9):
            start, nfc = struct.unpack_from("<iB", table, at)
            at += 28 + table[at + 24] + table[at + 25]  # LVLF, then grpprlPapx and grpprlChpx
            cch = struct.unpack_from("<H", table, at)[0]
            xst = table[at + 2:at + 2 + 2 * cch].decode("utf-16-le", "replace")
            at += 2 + 2 * cch
            text = "".join(f"%{ord(c) + 1}" if ord(c) < 9 else c for c in xst)  # 0..8: a level's number
            levels[ilvl] = (_NFC.get(nfc, "decimal"), text, start)
        by_lsid[struct.unpack_from("<i", table, lstf)[0]] = levels
    fc, lcb = fib.fc_lcb(FC_LIST_OVERRIDES)
    if lcb < 4 or fc + lcb > len(table):
        return {}
    n = min(max(0, struct.unpack_from("<i", table, fc)[0]), (lcb - 4) // 16)
    return {k + 1: by_lsid.get(struct.unpack_from("<i", table, fc + 4 + 16 * k)[0], {}) for k in range(n)}


def paragraph_styles(table: bytes, fib: Fib) -> dict[int, tuple[int, bytes]]:
    """Each paragraph style of the STSH (istd -> the style it is based on, its paragraph grpprl): a numbered
    heading style names its list there ([MS-DOC] 2.9.271 STSH, 2.9.260 STD)."""
    fc, lcb = fib.fc_lcb(FC_STYLES)
    if lcb < 4 or fc + lcb > len(table):
        return {}
    stsh = table[fc:fc + lcb]
    cb_stshi = struct.unpack_from("<H", stsh, 0)[0]
    cstd, cb_base = struct.unpack_from("<HH", stsh, 2)
    out: dict[int, tuple[int, bytes]] = {}
    at = 2 + cb_stshi
    for istd in range(cstd):
        if at + 2 > len(stsh):
            break
        cb = struct.unpack_from("<H", stsh, at)[0]
        std = stsh[at + 2:at + 2 + cb]
        at += 2 + cb
        if cb < cb_base + 2:
            continue
        kind_base = struct.unpack_from("<H", std, 2)[0]
        if kind_base & 0x0F != 1:  # stk: 1 a paragraph style
            continue
        cch = struct.unpack_from("<H", std, cb_base)[0]
        upx = cb_base + 2 + 2 * cch + 2  # past xstzName and its null
        if upx + 4 > len(std):
            continue
        cb_upx = struct.unpack_from("<H", std, upx)[0]
        out[istd] = (kind_base >> 4, std[upx + 4:upx + 2 + cb_upx])  # UpxPapx: istd, then the grpprl
    return out


def style_grpprl(styles: dict[int, tuple[int, bytes]], istd: int) -> bytes:
    """The paragraph grpprl of style ``istd`` with those of the styles it is based on before it."""
    chain: list[bytes] = []
    seen: set[int] = set()
    while istd in styles and istd not in seen and len(chain) < 16:
        seen.add(istd)
        base, grpprl = styles[istd]
        chain.append(grpprl)
        istd = base
    return b"".join(reversed(chain))


@dataclass(frozen=True)
class CharProps:
    bold: bool = False
    font: str = ""  # the East Asian font (sprmCRgFtc1) where the run sets it: the one Chinese text is set in
    deleted: bool = False


class _Chars:
    """Character and paragraph properties by stream offset, from the FKPs the bin tables name."""

    def __init__(self, word: bytes, table: bytes, fib: Fib, data: bytes):
        self.word, self.data = word, data
        self.chp = self._runs(table, *fib.fc_lcb(FC_CHPX), self._chpx)
        self.pap = self._runs(table, *fib.fc_lcb(FC_PAPX), self._papx)
        self.styles = paragraph_styles(table, fib)
        self.chp_starts = [r[0] for r in self.chp]
        self.pap_starts = [r[0] for r in self.pap]
        self._chp_cache: dict[int, CharProps] = {}

    def _runs(self, table: bytes, fc: int, lcb: int, entries) -> list[tuple[int, int, bytes]]:
        """(start, end, grpprl) of every run of every FKP of a PlcBte, in stream order."""
        if lcb < 8 or fc + lcb > len(table):
            return []
        n = (lcb - 4) // 8
        pns = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
        runs = []
        for pn in pns:
            page = self.word[(pn & 0x3FFFFF) * 512:(pn & 0x3FFFFF) * 512 + 512]
            if len(page) < 512:
                raise ValueError("an FKP lies outside the WordDocument stream")
            crun = page[511]
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for k in range(crun):
                runs.append((fcs[k], fcs[k + 1], entries(page, crun, k)))
        runs.sort(key=lambda r: r[0])
        return runs

    @staticmethod
    def _chpx(page: bytes, crun: int, k: int) -> bytes:
        at = page[4 * (crun + 1) + k] * 2
        return page[at + 1:at + 1 + page[at]] if at else b""

    @staticmethod
    def _papx(page: bytes, crun: int, k: int) -> bytes:
        at = page[4 * (crun + 1) + 13 * k] * 2  # BxPap: bOffset, then 12 reserved bytes
        if not at:
            return b""
        cb = page[at]
        if cb:
            return page[at + 1:at + 1 + 2 * cb - 1]  # GrpPrlAndIstd: istd, then the grpprl
        return page[at + 2:at + 2 + 2 * page[at + 1]]

    @staticmethod
    def _find(starts: list[int], runs, offset: int) -> bytes:
        k = bisect.bisect_right(starts, offset) - 1
        return runs[k][2] if k >= 0 and runs[k][0] <= offset < runs[k][1] else b""

    def char(self, offset: int) -> CharProps:
        k = bisect.bisect_right(self.chp_starts, offset) - 1
        if k < 0 or offset >= self.chp[k][1]:
            return CharProps()
        cached = self._chp_cache.get(k)
        if cached is None:
            bold, deleted, east = False, False, ""
            for sprm, op in sprms(self.chp[k][2]):
                if sprm == SPRM_C_BOLD:
                    bold = op[0] in (1, 0x81)  # on, or the opposite of a style that is not bold
                elif sprm == SPRM_C_DELETED:
                    deleted = op[0] in (1, 0x81)
                elif sprm == SPRM_C_FONT_EAST_ASIA:
                    east = f"f{struct.unpack('<H', op)[0]}"
            cached = self._chp_cache[k] = CharProps(bold, east, deleted)
        return cached

    def paragraph(self, offset: int, piece_grpprl: bytes = b"") -> ParagraphProps:
        """The properties of the paragraph whose mark is at ``offset``: its style's (and the styles that one is
        based on), then its own, then its piece's."""
        props = ParagraphProps()
        papx = self._find(self.pap_starts, self.pap, offset)
        if len(papx) >= 2:
            props.apply(style_grpprl(self.styles, struct.unpack_from("<H", papx)[0]), self.data)
        props.apply(papx[2:], self.data)
        if piece_grpprl:
            props.apply(piece_grpprl, self.data)
        return props


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


def read_paragraphs(chars, props: _Chars | None, piece_props: list[bytes] = (), skip: set[int] = frozenset(),
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


def _prm_grpprl(prm: int, prcs: list[bytes]) -> bytes:
    """The grpprl a piece's Prm names (Prm1: a Prc of the CLX); a Prm0 (one sprm by a short index, written by
    fast saves of old Words) is not read."""
    if prm & 1 and (prm >> 1) < len(prcs):
        return prcs[prm >> 1]
    return b""


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
