"""Rich Text Format (.rtf, and the .doc files that are RTF inside) -> Document, as the .doc reader builds it.

Word, WPS and LibreOffice save a report as RTF, and sites hand out RTF under a .doc name.  The file is text:
control words (``\\par``, ``\\b``, ``\\cellx1800``), groups in braces, and the characters themselves, each
written in one of three ways: as bytes of the codepage of the font in use (``\\'b1\\'be``: two bytes of GBK,
a font with ``\\fcharset134``; the document's ``\\ansicpg936`` for a font that names no charset), as
``\\u26412`` followed by ``\\ucN`` fallback characters that are skipped, or as plain ASCII.

What is read, in the order the format gives it:

    groups        each group keeps the character and paragraph properties of the one around it; a
                  destination (``{\\fonttbl``, ``{\\*\\…``, ``{\\pict``, ``{\\header``…) that is not text of the
                  body is skipped whole; ``\\binN`` skips N bytes of binary data
    fonts         the font table: each font's charset (its codepage) and name (the run-in head is told by
                  bold or the font, as in a Word file)
    text          ``\\par`` ends a paragraph, ``\\line`` is a line break, ``\\page`` and ``\\sect`` end one;
                  hidden (``\\v``) and deleted (``\\deleted``) text are not read; a field keeps its result
                  (``\\fldrslt``), not its code; a list's number is the text Word writes for it
                  (``{\\listtext 一、}``); a text box's paragraphs (``\\shptxt``) are read where the box stands
    tables        ``\\trowd`` starts a row's definition: ``\\cellxN`` each cell's right boundary (twips),
                  ``\\clmgf``/``\\clmrg`` horizontal and ``\\clvmgf``/``\\clvmrg`` vertical merges;
                  ``\\intbl``/``\\itapN`` put a paragraph in a table, ``\\cell``/``\\row`` (``\\nestcell``/
                  ``\\nestrow`` in a nested table, defined in ``{\\*\\nesttableprops}``) end a cell and a
                  row.  The paragraphs become the .doc reader's, with the same properties, so the rows
                  become the grid of spans the .doc and .docx readers build (``doc.body_blocks``)
    title         ``{\\info{\\title …}}``

    pictures      a picture standing in the body (``{\\pict}``: PNG, JPEG; its size as shown from ``\\picwgoal``
                  and ``\\picscalex``) is read by OCR in its place, as a Word file's is (``pictures.PictureReader``:
                  a table or a paragraph pasted as a screenshot); a logo or a seal adds nothing

A picture in a table's cell is read after the table (a table of empty cells around pictures, a frame, is left out:
only its pictures count), as in a .docx.  Not read: embedded objects (``\\object``: ``objects_unread``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from reportparse.document import Document, Meta
from reportparse.errors import CorruptWordError
from reportparse.inputs import Source
from reportparse.model import Issue
from reportparse.readers.doc import Paragraph, _joined, body_blocks, settled_fonts
from reportparse.readers.docx import BREAK, paragraph_lines, pictured_document
from reportparse.readers.msdoc import MAX_DEPTH, ParagraphProps, Row
from reportparse.readers.pictures import Picture, PictureReader

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word, its parameter; a space after it belongs to it
    rb"|\\'([0-9a-fA-F]{2})"  # a byte of the codepage in use
    rb"|\\([^a-zA-Z'])"  # a control symbol: \\ \{ \} \~ \- \_ \* and \<line break> (a paragraph end)
    rb"|([{}])"
    rb"|[\r\n]+"  # line breaks in the file are not text
    rb"|([^\\{}\r\n]+)",
    re.DOTALL,
)

#: \fcharsetN -> the codec of its bytes (GB2312 and GBK read as GB18030, their superset)
_CHARSETS = {
    77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab", 134: "gb18030", 136: "cp950", 161: "cp1253",
    162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874",
    238: "cp1250", 255: "cp437",
}
#: \ansicpgN -> the codec
_CODEPAGES = {936: "gb18030", 950: "cp950", 65001: "utf-8", 10000: "mac_roman"}

#: destinations that are not the body's text (all of a group they open is skipped)
_SKIPPED = frozenset(
    "fonttbl colortbl stylesheet info pict object header headerl headerr headerf footer footerl footerr footerf "
    "footnote annotation atnid atnauthor xe tc txe rxe bkmkstart bkmkend fldinst datafield listtable "
    "listoverridetable rsidtbl generator themedata colorschememapping latentstyles datastore xmlnstbl mmathPr "
    "pgdsctbl revtbl filetbl pnseclvl pntxta pntxtb pn userprops nonshppict sp sn sv "
    "template docvar wgrffmtfilter ftnsep ftnsepc aftnsep aftnsepc ftncn aftncn background protusertbl "
    "oleclsid objdata objclass result blipuid nonesttables".split()
)
_BLIPS = frozenset(("pngblip", "jpegblip", "emfblip", "wmetafile", "dibitmap", "wbitmap", "macpict"))
_SHAPES = frozenset(("shp", "shpinst", "shpgrp", "shppict"))  # a shape: its text box's text read, its picture counted
_KEPT = frozenset(("nesttableprops", "shptxt", "listtext", "pntext", "fldrslt"))  # \\* or not: text of the body
_SYMBOLS = {
    "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’", "ldblquote": "“",
    "rdblquote": "”",
    "tab": " ", "emspace": " ", "enspace": " ", "qmspace": " ", "line": BREAK, "zwj": "", "zwnj": "",
    "zwbo": "", "zwnbo": "", "ltrmark": "", "rtlmark": "",
}
#: the control words _format acts on
_ACTED = frozenset((*_SYMBOLS, *"""par page sect cell row nestcell nestrow u uc b ab f v deleted plain pard intbl itap
    trowd trleft clmgf clmrg clvmgf clvmrg cellx ansicpg deff""".split()))
#: the control words that change anything in the body (besides a group's first, which may name a destination)
_BODY_ACTED = _ACTED | {"bin", "shptxt", "nesttableprops", "shp"}
_CONTROL_SYMBOLS = {b"~": " ", b"-": "", b"_": "-", b"\\": "\\", b"{": "{", b"}": "}", b"|": "", b":": ""}


@dataclass(frozen=True)
class _State:
    """The properties a group keeps: what it is (``dest``), the character's and the paragraph's."""

    dest: str = ""  # "" the body; "skip"; "fonttbl", "font", "title", "nest" (a nested row's definition)
    font: int | None = None
    bold: bool = False
    abold: bool = False  # \\ab: bold of the associated font, which LibreOffice sets on Chinese text
    hidden: bool = False  # \v, \deleted
    uc: int = 1  # characters a \\u is followed by as its fallback
    in_table: bool = False
    itap: int | None = None


@dataclass
class _Font:
    codec: str | None = None
    name: bytes | str = b""  # its bytes until its group closes, then its name


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.fonts: dict[int, _Font] = {}
        self.codec = "cp1252"  # \ansicpg's
        self.default_font: int | None = None
        self.paragraphs: list[Paragraph] = []
        self.runs: list[list] = []  # [text, bold, font] of the paragraph being read
        self.pending = bytearray()  # bytes of the codepage not yet decoded, and their codec
        self.pending_codec = ""
        self.pending_run: tuple[bool, str] | None = None
        self.skip = 0  # fallback characters after a \u still to skip
        self.title: list[str] = []
        self.rows: dict[int, list] = {}  # depth -> [left edge, edges, horizontal flags, vertical flags]
        self.cell_flags = [0, 0]  # the merge flags \cellx is about to take
        self.pictures = 0
        self.pict: dict | None = None  # the picture whose group is being read
        self.picture_of: dict[int, Picture] = {}  # id of a picture's paragraph -> the picture
        self.objects = 0
        self.shape_property = bytearray()  # the name of the shape property being read ({\\sn …})
        self._pending_dest = ""

    # ---------------------------------------------------------------- the tokens
    def read(self) -> None:
        data, n = self.data, len(self.data)
        stack: list[_State] = []
        state = _State()
        pos = data.find(b"{\\rtf")
        if pos < 0:
            raise ValueError("no {\\rtf header")
        first = False  # the next token is the first of a group (where a destination is named)
        star = False  # the group was opened with \*: an unknown destination in it is skipped
        while pos < n:
            m = _TOKEN.match(data, pos)
            if m is None:  # a lone backslash at the end
                break
            pos = m.end()
            word, param, hexbyte, symbol, brace, text = m.groups()
            if brace is not None:
                self._flush()
                if brace == b"{":
                    stack.append(state)
                    first, star = True, False
                else:
                    if state.dest == "font" and stack:
                        self._font_name(state)  # its bytes read as its name
                    if state.dest == "pict" and stack and stack[-1].dest != "pict":
                        self._pict_done()
                    if not stack:
                        break  # the document's group closed
                    state = stack.pop()
                    self.skip = 0
                    first = star = False
                continue
            if word is not None:
                name = word.decode("ascii")
                if not first and state.dest == "" and name not in _BODY_ACTED:  # the body's spacing, sizes, colours
                    self.skip = 0
                    star = False
                    continue
                value = int(param) if param is not None else None
                if name == "bin":  # binary data: its bytes, whatever they are, are not tokens
                    if state.dest == "pict" and self.pict is not None:
                        self.pict["bin"] = data[pos:pos + max(0, value or 0)]
                    pos += max(0, value or 0)
                    continue
                self.skip = 0  # a control word ends a \\u's fallback (a writer that wrote none)
                state = self._word(name, value, state, first, star)
                first = star = False
                continue
            if symbol is not None:
                if symbol == b"*":
                    star = True
                    continue
                first = False
                if symbol in (b"\n", b"\r"):
                    self._end("\r", state)
                elif state.dest == "" and not state.hidden:
                    if self.skip:
                        self.skip -= 1
                    else:
                        self._add(_CONTROL_SYMBOLS.get(symbol, ""), state)
                continue
            first = star = False
            if hexbyte is not None:
                chunk = bytes([int(hexbyte, 16)])
            elif text is not None:
                chunk = text
            else:
                continue  # line breaks of the file
            if self.skip:
                k = min(self.skip, len(chunk))
                self.skip -= k
                chunk = chunk[k:]
                if not chunk:
                    continue
            self._bytes(chunk, state)
        self._flush()
        if self.runs:
            self._end("\r", state)

    def _word(self, name: str, value: int | None, state: _State, first: bool, star: bool) -> _State:
        """What control word ``name`` does; the state it leaves."""
        dest = state.dest
        if dest == "skip":
            return state
        if first and name == "pict":
            self._flush()
            self.pict = {"kind": "", "hex": bytearray(), "goal": [0, 0], "scale": [100, 100], "state": state}
            return replace(state, dest="pict")
        if dest == "pict":
            if first:  # a group inside the picture ({\\*\\picprop …}, {\\*\\blipuid …}): not its data
                return replace(state, dest="skip")
            self._pict_word(name, value)
            return state
        if first and dest == "shp" and name in ("sp", "sn", "sv"):  # a shape's property: {\\sp{\\sn name}{\\sv value}}
            if name == "sn":
                self.shape_property = bytearray()
                return replace(state, dest="sn")
            # a floating picture's is its property pib (picture blip): {\\sv {\\pict …}}
            picture = name == "sp" or bytes(self.shape_property).strip() == b"pib"
            return state if picture else replace(state, dest="skip")
        if first and name in _SHAPES:
            return replace(state, dest="shp")  # only its text box's paragraphs (\\shptxt) are read
        if first and (name in _SKIPPED or star) and name not in _KEPT:
            self._flush()
            if name == "fonttbl":
                return replace(state, dest="fonttbl")
            if name == "info":
                return replace(state, dest="info")
            self.pictures += name == "pict"
            self.objects += name == "object"
            return replace(state, dest="skip")
        if dest == "info":
            return replace(state, dest="title") if name == "title" and first else replace(state, dest="skip")
        if dest in ("fonttbl", "font"):
            if name == "f" and value is not None:
                self.fonts.setdefault(value, _Font())
                return replace(state, dest="font", font=value)
            if name == "fcharset" and value is not None and state.font is not None:
                self.fonts[state.font].codec = _CHARSETS.get(value)
            return state
        if name == "shptxt":
            return replace(state, dest="" if dest in ("", "shp") else dest)
        if name == "nesttableprops":
            return replace(state, dest="nest")
        if dest == "shp":
            return state
        return self._format(name, value, state)

    def _format(self, name: str, value: int | None, state: _State) -> _State:
        if name not in _ACTED:  # most of a file's words: spacing, sizes, colours, languages
            return state
        on = value != 0
        if name == "par":
            self._end("\r", state)
        elif name in ("page", "sect"):
            self._end("\x0c", state)
        elif name == "cell":
            self._end("\x07", replace(state, in_table=True))
        elif name == "row":
            self._row_end(1, state)
        elif name == "nestcell":
            self._end("\x07", state, inner=True)
        elif name == "nestrow":
            self._row_end(state.itap or 2, state)
        elif name in _SYMBOLS:
            if not state.hidden and state.dest == "":
                self._add(_SYMBOLS[name], state)
        elif name == "u" and value is not None:
            if not state.hidden and state.dest in ("", "title"):
                self._add(chr(value + 65536 if value < 0 else value), state)
            self.skip = state.uc
        elif name == "uc" and value is not None:
            return replace(state, uc=max(0, value))
        elif name == "b":
            return replace(state, bold=on)
        elif name == "ab":
            return replace(state, abold=on)
        elif name == "f":
            return replace(state, font=value)
        elif name in ("v", "deleted"):
            return replace(state, hidden=on)
        elif name == "plain":
            return replace(state, bold=False, abold=False, hidden=False, font=self.default_font)
        elif name == "pard":
            return replace(state, in_table=False, itap=None)
        elif name == "intbl":
            return replace(state, in_table=True)
        elif name == "itap" and value is not None:
            return replace(state, itap=min(max(0, value), MAX_DEPTH), in_table=value > 0)
        elif name == "trowd":
            self.rows[self._depth(state)] = [0, [], [], []]
            self.cell_flags = [0, 0]
        elif name == "trleft" and value is not None:
            self.rows.setdefault(self._depth(state), [0, [], [], []])[0] = value
        elif name in ("clmgf", "clmrg"):
            self.cell_flags[0] = 1 if name == "clmgf" else 2
        elif name in ("clvmgf", "clvmrg"):
            self.cell_flags[1] = 3 if name == "clvmgf" else 1
        elif name == "cellx" and value is not None:
            row = self.rows.setdefault(self._depth(state), [0, [], [], []])
            row[1].append(value)
            row[2].append(self.cell_flags[0])
            row[3].append(self.cell_flags[1])
            self.cell_flags = [0, 0]
        elif name == "ansicpg" and value is not None:
            codec = _CODEPAGES.get(value, f"cp{value}")
            try:
                self.codec = codecs.lookup(codec).name
            except LookupError:  # a codepage Python does not know: the bytes are read as Windows-1252
                self.codec = "cp1252"
        elif name == "deff" and value is not None:
            self.default_font = value
            return replace(state, font=value)
        return state

    def _depth(self, state: _State) -> int:
        return max(2, state.itap or 2) if state.dest == "nest" else 1

    # ---------------------------------------------------------------- pictures
    def _pict_word(self, name: str, value: int | None) -> None:
        pict = self.pict
        if name in _BLIPS:
            pict["kind"] = name
        elif name in ("picwgoal", "pichgoal") and value is not None:
            pict["goal"][name == "pichgoal"] = value
        elif name in ("picscalex", "picscaley") and value is not None:
            pict["scale"][name == "picscaley"] = value

    def _pict_done(self) -> None:
        """The picture whose group closed, as a paragraph of its own in the body (read by OCR in its place)."""
        pict, self.pict = self.pict, None
        if pict is None:
            return
        self.pictures += 1
        hexed = re.sub(rb"[^0-9a-fA-F]", b"", bytes(pict["hex"]))
        blob = bytes.fromhex(hexed[: len(hexed) // 2 * 2].decode("ascii")) if hexed else bytes(pict.get("bin", b""))
        (w, h), (sx, sy) = pict["goal"], pict["scale"]
        shown = (w * sx / 100 / 1440, h * sy / 100 / 1440) if w > 0 and h > 0 else None
        state = pict["state"]
        props = ParagraphProps(in_table=state.in_table, itap=state.itap)
        marker = Paragraph([], "\x00", props)
        self.picture_of[id(marker)] = Picture(f"#{self.pictures} ({pict['kind'] or 'of unknown kind'})", blob,
                                              shown)
        self.paragraphs.append(marker)

    # ---------------------------------------------------------------- characters
    def _codec(self, state: _State) -> str:
        font = self.fonts.get(state.font) if state.font is not None else None
        return font.codec if font is not None and font.codec else self.codec

    def _bytes(self, chunk: bytes, state: _State) -> None:
        if state.dest == "sn":
            self.shape_property += chunk
            return
        if state.dest == "pict":
            if self.pict is not None:
                self.pict["hex"] += chunk
            return
        if state.dest == "font":
            font = self.fonts[state.font]
            if isinstance(font.name, bytes):
                font.name += chunk
            return
        if state.hidden or state.dest not in ("", "title"):
            return
        codec = self._codec(state)
        run = (state.bold or state.abold, self._font_name(state)) if state.dest == "" else None
        if self.pending and (codec != self.pending_codec or run != self.pending_run):
            self._flush()
        self.pending += chunk
        self.pending_codec, self.pending_run = codec, run
        self._pending_dest = state.dest

    def _flush(self) -> None:
        if not self.pending:
            return
        # a codec Python knows: _CHARSETS' or \ansicpg's as codecs.lookup took it
        text = bytes(self.pending).decode(self.pending_codec, errors="replace")
        self.pending.clear()
        if self._pending_dest == "title":
            self.title.append(text)
        else:
            self._append(text, *self.pending_run)

    def _add(self, text: str, state: _State) -> None:
        self._flush()
        if state.dest == "title":
            self.title.append(text)
        elif text:
            self._append(text, state.bold or state.abold, self._font_name(state))

    def _append(self, text: str, bold: bool, font: str) -> None:
        if self.runs and self.runs[-1][1] == bold and self.runs[-1][2] == font:
            self.runs[-1][0] += text
        else:
            self.runs.append([text, bold, font])

    def _font_name(self, state: _State) -> str:
        font = self.fonts.get(state.font) if state.font is not None else None
        if font is None:
            return ""
        if isinstance(font.name, bytes):
            name = font.name.split(b";")[0].strip()
            font.name = name.decode(font.codec or self.codec, errors="replace") if name else ""
        return font.name

    # ---------------------------------------------------------------- paragraphs and rows
    def _end(self, end: str, state: _State, inner: bool = False) -> None:
        self._flush()
        if state.dest not in ("", "shp"):
            return
        runs = settled_fonts([(_joined(t), b, f) for t, b, f in self.runs])
        self.runs = []
        itap = max(state.itap or 0, 2) if inner else state.itap  # a nested table's cell is at depth 2 at least
        self.paragraphs.append(Paragraph(runs, end, ParagraphProps(in_table=state.in_table or inner, itap=itap,
                                                                   inner_cell=inner)))

    def _row_end(self, depth: int, state: _State) -> None:
        self._flush()
        if self.runs:  # text after the last \cell: a cell of its own
            self._end("\x07", replace(state, in_table=True), inner=depth > 1)
        left, edges, horizontal, vertical = self.rows.get(depth) or [0, [], [], []]
        row = Row([left, *edges], list(horizontal), list(vertical)) if edges else None
        props = ParagraphProps(in_table=True, ttp=depth == 1, itap=depth if depth > 1 else None,
                               inner_ttp=depth > 1, row=row)
        self.paragraphs.append(Paragraph([], "\x07", props))


def _body(paragraphs: list[Paragraph], picture_of: dict) -> list:
    """``doc.body_blocks`` of the body, with the pictures a table's cells hold after the table, in cell order (a
    grid keeps only its cells' text); a table of empty cells around pictures is a frame: only they count."""
    out: list = []
    i = 0
    while i < len(paragraphs):
        if paragraphs[i].props.depth == 0:
            out.append(paragraphs[i])
            i += 1
            continue
        j = i
        while j < len(paragraphs) and paragraphs[j].props.depth > 0:
            j += 1
        blocks = body_blocks(paragraphs[i:j], 0)
        shown = {id(b) for b in blocks}
        inside = [p for p in paragraphs[i:j] if id(p) in picture_of and id(p) not in shown]
        if inside:
            blocks = [b for b in blocks if isinstance(b, Paragraph) or b is None or any(c.text for c in b[0])]
        out += blocks + inside
        i = j
    return out


def read_rtf(source: Source, ocr: str = "auto") -> Document:
    reader = _Reader(source.data)
    try:
        reader.read()
    except (ValueError, IndexError, KeyError, RecursionError) as e:
        raise CorruptWordError(f"the RTF file's structure is broken ({type(e).__name__}: {e})", source.path) from e
    pictures = PictureReader(ocr)
    blocks: list = []
    for block in _body(reader.paragraphs, reader.picture_of):
        if not isinstance(block, Paragraph):
            blocks.append(block)
        elif id(block) in reader.picture_of:  # a picture of its own in the body: a table pasted as a screenshot
            picture = reader.picture_of[id(block)]
            if ocr == "never":
                pass
            elif picture.name.endswith(("(wmetafile)", "(emfblip)")):  # drawn by Windows alone
                pictures.issues.append(Issue("image_unread", f"a picture {picture.name} is a vector picture (WMF or "
                                                             "EMF, as Word keeps a table pasted from Excel), not drawn "
                                                             "here: a table pasted as one is missing from the record"))
            else:
                blocks += pictures.read(picture)
        else:
            blocks.append(paragraph_lines(block.runs))
    title = " ".join("".join(reader.title).split()) or None
    document = pictured_document(blocks, Meta(title=title), source, pictures, "RTF file")
    if reader.objects:
        document.issues.append(Issue("objects_unread", f"{reader.objects} embedded object(s) in the RTF file are not "
                                                       "read: a table pasted as an object is missing from the record"))
    return document
