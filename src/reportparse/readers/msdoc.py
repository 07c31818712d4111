"""The structures of the Word 97-2003 binary format ([MS-DOC]) that ``readers/doc.py`` reads: what the file
says, each as plain values.

    Fib              which table stream, the stories' lengths (ccpText …), where each structure lies
    pieces_of        the CLX's piece table; main_text reads a CP range through it (cp1252 or UTF-16LE)
    sprms            a grpprl's property modifiers; ParagraphProps and Row what a paragraph's say (in a
                     table, its depth, a row's end and its sprmTDefTable cell boundaries and merge flags)
    Properties       character and paragraph properties by stream offset, from the CHPX and PAPX FKPs, a
                     paragraph's style (paragraph_styles: the STSH) under its own
    list_levels      the lists' levels (PlfLst, PlfLfo) that number paragraphs
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass

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


def stream_slice(stream: bytes, fc: int, lcb: int, what: str) -> bytes:
    if lcb == 0 or fc + lcb > len(stream):
        raise ValueError(f"the {what} lies outside its stream ({fc}+{lcb} of {len(stream)} bytes)")
    return stream[fc:fc + lcb]


def plc_cps(table: bytes, fc: int, lcb: int) -> set[int]:
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
MAX_DEPTH = 64  # tables nested deeper than Word nests them (63) are read at this depth: a damaged itap is no recursion
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
                self.itap = min(max(0, struct.unpack("<i", op)[0]), MAX_DEPTH)
            elif sprm == SPRM_P_DTAP:
                self.itap = min(max(0, self.depth + struct.unpack("<i", op)[0]), MAX_DEPTH)
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
                    self.apply(data[at + 2:at + 2 + size])  # no Data stream for these: one level, never a loop


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


class Properties:
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


def prm_grpprl(prm: int, prcs: list[bytes]) -> bytes:
    """The grpprl a piece's Prm names (Prm1: a Prc of the CLX); a Prm0 (one sprm by a short index, written by
    fast saves of old Words) is not read."""
    if prm & 1 and (prm >> 1) < len(prcs):
        return prcs[prm >> 1]
    return b""
