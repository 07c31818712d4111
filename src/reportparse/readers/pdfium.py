"""The pypdfium2 backend: a PDF page's characters and ruling paths as the values pdfplumber would give.

Every pypdfium2 call of the project is in this module, and its exceptions are
translated here.  What it hands on is what ``layout.py`` and ``tables/grid.py``
read from a pdfplumber page, in pdfplumber's coordinates (PDF points from the
page's top-left, pdfminer's conventions), so that both backends give the same
records:

    chars   text, x0, x1, top, bottom, size, fontname: the box is pdfminer's,
            from the glyph's origin, advance, the font's /Descent and its size
            (not pdfium's tight or loose box, whose height follows the glyph or
            the font's ascent); where the baseline does not run left to right
            (set at a slant: a watermark, a seal; or turned a right angle or
            upside down), also matrix: the glyph's axes (a, b, c, d) on the page
            as it reads, pdfminer's char matrix up to its scale
    lines, rects, curves
            each painted sub-path classified as pdfminer does (``paint_path``:
            one segment -> line, a closed axis-aligned 4-gon -> rect, else a
            curve), with x0/x1/top/bottom/y0/y1/width/height/pts, ``stroke``,
            ``fill`` and, for rectangles (the only colours the grid reads), the
            colours as RGB in 0..1 (pdfium converts every colour space to RGB;
            pdfminer keeps the space's own components)
    images  how many image objects the page draws (forms included), and each one's box (x0, x1, top,
            bottom, width, height) and ``srcsize`` (its pixels across and down), as pdfplumber's
            ``page.images`` give them

Known differences from pdfminer, none of which changes a record on the samples
and corpus (tests/test_backends.py holds the two to the same records):
font names are the font's /BaseFont (pdfminer reads the descriptor's
/FontName: ``STSong-Light`` against ``STSongStd-Light``); colours are RGB, so
a CMYK or grey rule's whiteness is judged after pdfium's conversion; glyphs
without a Unicode mapping are ``(cid:0)`` (pdfium does not expose the code);
vertical writing (Identity-V) is boxed as horizontal text.
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as R

from reportparse.errors import CorruptPDFError, EncryptedPDFError


def _is_handle(t) -> bool:
    return getattr(getattr(t, "_type_", None), "__name__", "").startswith("struct_fpdf_")


def _plain(name: str):
    """pypdfium2's function ``name`` on the same library, its handle and pointer arguments plain addresses.

    pypdfium2 checks every handle against its pointer type, which makes a call cost 0.6-1.1 µs; with
    ``c_void_p`` it costs 0.3-0.45 µs, and a page makes thousands of calls.  Handles are ints here, and an
    out-parameter is passed as its address (``ctypes.addressof``: 0.28 µs less a call than ``byref``, which
    ``c_void_p`` still takes).  The calls keep the GIL (``PYFUNCTYPE``): each is a few hundred nanoseconds,
    less than releasing and taking it back.
    """
    typed = getattr(R, name)

    def plain(t):
        return ctypes.c_void_p if _is_handle(t) or _is_pointer(t) else t

    proto = ctypes.PYFUNCTYPE(plain(typed.restype), *[plain(t) for t in typed.argtypes])
    return proto(ctypes.cast(typed, ctypes.c_void_p).value)


def _is_pointer(t) -> bool:
    return isinstance(t, type) and issubclass(t, (ctypes._Pointer, ctypes.c_char_p))


class _F:
    """The functions the page reader calls once a page, a font or an object, typed (see ``_plain``; the calls made
    per character and per segment are ``_Fast``'s)."""


class _Handle(ctypes.c_void_p):
    """A pdfium handle as a call returns it to ``_untyped`` calls: kept a ctypes object (a subclass of a simple
    type is not turned into an int), so it is passed on as it is."""


def _untyped(name: str, returns_handle: bool = False):
    """pypdfium2's function ``name`` with no argument types: ctypes converts nothing, which saves ~160 ns a
    call (385 -> 223 for ``FPDFText_GetUnicode``).  For the calls made per character and per path segment.

    Nothing is checked, and a wrong argument is a crash, not an error: a handle or an out-parameter must be
    a ctypes object (``_Handle``, ``ctypes.byref``; ctypes passes a plain int as a C ``int``), and every other
    argument a C ``int`` (the functions here take no wider integer and no float).  Each call is in this module,
    and read on every kind of page the tests hold to pdfplumber's reading (tests/test_backends.py).
    """
    typed = getattr(R, name)
    restype = _Handle if returns_handle else (ctypes.c_void_p if _is_handle(typed.restype) else typed.restype)
    return ctypes.PYFUNCTYPE(restype)(ctypes.cast(typed, ctypes.c_void_p).value)


class _Fast:
    """``_untyped`` functions: per character (text page, index) and per path segment."""

    GetUnicode = staticmethod(_untyped("FPDFText_GetUnicode"))
    GetText = staticmethod(_untyped("FPDFText_GetText"))  # once a page: (text page, start, count, UTF-16 buffer)
    IsGenerated = staticmethod(_untyped("FPDFText_IsGenerated"))
    HasUnicodeMapError = staticmethod(_untyped("FPDFText_HasUnicodeMapError"))
    GetTextObject = staticmethod(_untyped("FPDFText_GetTextObject"))  # an int address (a dict key), or None
    GetCharOrigin = staticmethod(_untyped("FPDFText_GetCharOrigin"))
    GetMatrix = staticmethod(_untyped("FPDFText_GetMatrix"))  # and these once a text object (often a character)
    GetFontSize = staticmethod(_untyped("FPDFText_GetFontSize"))
    GetFont = staticmethod(_untyped("FPDFTextObj_GetFont"))  # an int address (a dict key), or None
    LoadPage = staticmethod(_untyped("FPDF_LoadPage", returns_handle=True))  # and these once a page
    LoadTextPage = staticmethod(_untyped("FPDFText_LoadPage", returns_handle=True))
    CloseTextPage = staticmethod(_untyped("FPDFText_ClosePage"))
    ClosePage = staticmethod(_untyped("FPDF_ClosePage"))
    PageObject = staticmethod(_untyped("FPDFPage_GetObject", returns_handle=True))  # and these once an object
    ObjectType = staticmethod(_untyped("FPDFPageObj_GetType"))
    ObjectMatrix = staticmethod(_untyped("FPDFPageObj_GetMatrix"))
    DrawMode = staticmethod(_untyped("FPDFPath_GetDrawMode"))
    CountSegments = staticmethod(_untyped("FPDFPath_CountSegments"))
    GetPathSegment = staticmethod(_untyped("FPDFPath_GetPathSegment", returns_handle=True))
    SegmentType = staticmethod(_untyped("FPDFPathSegment_GetType"))
    SegmentPoint = staticmethod(_untyped("FPDFPathSegment_GetPoint"))
    SegmentClose = staticmethod(_untyped("FPDFPathSegment_GetClose"))


for _name in ("FPDFPage_GetMediaBox", "FPDFPage_GetCropBox", "FPDFPage_GetRotation", "FPDFText_CountChars", "FPDFText_GetLooseCharBox",
              "FPDFFont_GetBaseFontName", "FPDFFont_GetDescent", "FPDFFont_GetGlyphWidth", "FPDFPage_CountObjects",
              "FPDFFormObj_CountObjects", "FPDFFormObj_GetObject", "FPDFPageObj_GetBounds",
              "FPDFPageObj_GetStrokeColor", "FPDFPageObj_GetFillColor", "FPDFImageObj_GetImagePixelSize",
              "FPDFTextObj_GetFont", "FPDFFont_GetIsEmbedded"):
    setattr(_F, _name, staticmethod(_plain(_name)))


def _kind(t) -> str:
    """A ctypes type as one token: p a handle, i int, u unsigned, f float, d double, *X a pointer to X, m FS_MATRIX."""
    if _is_handle(t):
        return "p"
    if isinstance(t, type) and issubclass(t, ctypes._Pointer):
        return "*" + _kind(t._type_)
    if t is R.FS_MATRIX:
        return "m"
    return {ctypes.c_int: "i", ctypes.c_uint: "u", ctypes.c_float: "f", ctypes.c_double: "d"}.get(t, "?")


# what _speedups.c calls, in the order of its bind(), with the C signatures it declares
_C_FUNCTIONS = (("FPDFText_IsGenerated", "i", "pi"), ("FPDFText_HasUnicodeMapError", "i", "pi"),
                ("FPDFText_GetTextObject", "p", "pi"), ("FPDFText_GetCharOrigin", "i", "pi*d*d"),
                ("FPDFText_GetMatrix", "i", "pi*m"), ("FPDFText_GetFontSize", "d", "pi"),
                ("FPDFTextObj_GetFont", "p", "p"), ("FPDFFont_GetGlyphWidth", "i", "puf*f"),
                ("FPDFPath_GetDrawMode", "i", "p*i*i"), ("FPDFPath_CountSegments", "i", "p"),
                ("FPDFPath_GetPathSegment", "p", "pi"), ("FPDFPathSegment_GetType", "i", "p"),
                ("FPDFPathSegment_GetPoint", "i", "p*f*f"), ("FPDFPathSegment_GetClose", "i", "p"),
                ("FPDFPage_CountObjects", "i", "p"), ("FPDFPage_GetObject", "p", "pi"),
                ("FPDFPageObj_GetType", "i", "p"))


def _c_loop():
    """The compiled loops over a page's characters, objects and path segments (``reportparse.speedups``), bound
    to this pdfium; None where they were not built (no compiler at install) or pypdfium2's functions are not
    the ones they declare."""
    from reportparse.speedups import C

    if C is None:
        return None
    for name, restype, argtypes in _C_FUNCTIONS:
        f = getattr(R, name, None)
        if f is None or _kind(f.restype) != restype or "".join(map(_kind, f.argtypes)) != argtypes:
            return None
    C.bind(*(ctypes.cast(getattr(R, name), ctypes.c_void_p).value for name, _, _ in _C_FUNCTIONS))
    return C


_C = _c_loop()


# ------------------------------------------------------------------ fonts
class _BoxFonts:
    """The machine's fonts as pdfium finds them, but for Chinese, Japanese and Korean text in a font the PDF
    does not embed where the machine has no font of that script (a server without Chinese fonts): there pdfium
    gets ``fonts/box.ttf``, one box glyph for every character (tools/make_box_font.py).

    pdfium boxes a text object by its glyphs.  With no glyph at all a text object of one character (a
    table cell's 人 wrapped to a line of its own) has no width, and pdfium's text page leaves it out; a
    page losing one was read again by pdfminer, at twice the page's cost.  The box gives every such object
    its place; the characters' own boxes are worked out from the PDF's widths either way (``_chars``), so
    the records are those of a machine with the fonts.  Installed once a process, delegating every other
    request to pdfium's own ``FPDF_GetDefaultSystemFontInfo``; nothing where the platform has none.
    """

    _CJK = frozenset((R.FXFONT_SHIFTJIS_CHARSET, R.FXFONT_HANGEUL_CHARSET, R.FXFONT_GB2312_CHARSET,
                      R.FXFONT_CHINESEBIG5_CHARSET))
    _NAME = b"reportparse box\0"

    def __init__(self, default, data: bytes):
        self.default, self.own = default, default.contents
        self.data = ctypes.create_string_buffer(data, len(data))
        self.handle = ctypes.addressof(self.data)  # the box font's handle: an address no other font has
        self.info = R.FPDF_SYSFONTINFO()
        self.info.version = 1
        types = dict(R.FPDF_SYSFONTINFO._fields_)
        self._callbacks = []  # ctypes callbacks live as long as pdfium may call them: this object's life
        # no Release (a null pointer): pdfium would call it when the library is destroyed, at the interpreter's
        # exit, into Python code that may be gone by then
        for name in ("EnumFonts", "MapFont", "GetFont", "GetFontData", "GetFaceName", "GetFontCharset", "DeleteFont"):
            callback = types[name](getattr(self, f"_{name}"))
            self._callbacks.append(callback)
            setattr(self.info, name, callback)

    @classmethod
    def install(cls, default=None) -> _BoxFonts | None:
        """Lend pdfium the box font, the fonts of ``default`` (a pointer to an ``FPDF_SYSFONTINFO``; pdfium's
        own for the platform where None) otherwise."""
        from importlib.resources import files

        default = default or R.FPDF_GetDefaultSystemFontInfo()
        if not default:
            return None
        fonts = cls(default, files("reportparse.readers").joinpath("fonts", "box.ttf").read_bytes())
        R.FPDF_SetSystemFontInfo(ctypes.byref(fonts.info))
        return fonts

    # the default's optional functions (fpdf_sysfontinfo.h: EnumFonts, GetFont, GetFaceName, GetFontCharset) may
    # be null pointers; MapFont, GetFontData and DeleteFont are required
    def _EnumFonts(self, this, mapper) -> None:
        if self.own.EnumFonts:
            self.own.EnumFonts(self.default, mapper)

    def _MapFont(self, this, weight, italic, charset, pitch_family, face, exact):
        found = self.own.MapFont(self.default, weight, italic, charset, pitch_family, face, exact)
        return self.handle if found is None and charset in self._CJK else found

    def _GetFont(self, this, face):
        return self.own.GetFont(self.default, face) if self.own.GetFont else None

    def _GetFontData(self, this, font, table, buffer, size) -> int:
        if font != self.handle:
            return self.own.GetFontData(self.default, font, table, buffer, size)
        return _copy_out(self.data, buffer, size) if not table else 0  # pdfium asks for the whole file: table 0

    def _GetFaceName(self, this, font, buffer, size) -> int:
        if font != self.handle:
            return self.own.GetFaceName(self.default, font, buffer, size) if self.own.GetFaceName else 0
        return _copy_out(self._NAME, buffer, size)

    def _GetFontCharset(self, this, font) -> int:
        if font != self.handle:
            return self.own.GetFontCharset(self.default, font) if self.own.GetFontCharset else 0
        return R.FXFONT_GB2312_CHARSET

    def _DeleteFont(self, this, font) -> None:
        if font != self.handle:
            self.own.DeleteFont(self.default, font)


def _copy_out(data, buffer, size: int) -> int:
    """pdfium's out-buffer convention: ``data`` copied into ``buffer`` where it fits; its length either way."""
    if buffer and size >= len(data):
        ctypes.memmove(buffer, data, len(data))
    return len(data)


_FONTS = _BoxFonts.install()


@dataclass
class PdfiumPage:
    """One page as the stages read it (the shape of a pdfplumber page's plain values)."""

    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    n_images: int = 0
    images: list[dict] = field(default_factory=list)  # each image's box and pixel size (``_image``)
    lost: int = 0  # text objects pdfium's text page left out that duplicate nothing (see ``_lost``)
    boxes: tuple = ()  # (MediaBox, CropBox, /Rotate) as the page gives them: (x0, y0, x1, y1) each, degrees


def open_document(data: bytes, path) -> pdfium.PdfDocument:
    """Open the bytes; a password or a broken file raises its own error."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == R.FPDF_ERR_PASSWORD:
            raise EncryptedPDFError("the PDF is encrypted with a password", path) from e
        raise CorruptPDFError(f"the PDF cannot be read ({e})", path) from e
    if len(doc) == 0:
        doc.close()
        raise CorruptPDFError("the PDF has no pages", path)
    return doc


def page_count(doc: pdfium.PdfDocument) -> int:
    return len(doc)


def close_document(doc: pdfium.PdfDocument) -> None:
    doc.close()


class PageError(Exception):
    """A page pdfium could not load; the reader turns it into a ``page_unreadable`` warning."""


def read_page(doc: pdfium.PdfDocument, index: int) -> PdfiumPage:
    """Page ``index`` (0-based): its characters, paths and image count.

    The page and its text page are pdfium's handles, not pypdfium2's objects (whose bookkeeping, a parent's
    list of children and a finalizer each, cost ~0.17 ms a page); both are closed here, before the document.
    """
    page = _Fast.LoadPage(doc.raw, index)  # pypdfium2's handle: a ctypes pointer, passed as it is
    if not page:
        raise PageError("pdfium could not load the page (Failed to load page.)")
    try:
        geo = _Geometry(page)
        out = PdfiumPage(number=index + 1, width=geo.width, height=geo.height, boxes=geo.boxes)
        textpage = _Fast.LoadTextPage(page)
        if not textpage:
            raise PageError("pdfium could not read the page (Failed to load text page.)")
        seen: set[int] = set()
        try:
            out.chars = _chars(textpage, geo, seen)
        finally:
            _Fast.CloseTextPage(textpage)
        counts: dict = {"images": 0, "text": []}
        _walk(page, _F.FPDFPage_CountObjects, _Fast.PageObject, None, geo, out, counts, 0)
        out.n_images = counts["images"]
        out.lost = _lost(counts["text"], seen, out.chars, geo)
        return out
    finally:
        _Fast.ClosePage(page)


# ------------------------------------------------------------------ coordinates
class _Geometry:
    """PDF user space -> pdfplumber's top-left coordinates, with pdfminer's page rotation."""

    def __init__(self, page: _Handle):
        box = [ctypes.c_float() for _ in range(4)]
        if _F.FPDFPage_GetMediaBox(page, *(ctypes.addressof(v) for v in box)):
            x0, y0, x1, y1 = (v.value for v in box)
        else:  # none written (pdfium does not look up the page tree): US Letter, as pypdfium2 gives
            x0, y0, x1, y1 = 0, 0, 612, 792
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        turns = _F.FPDFPage_GetRotation(page)
        if turns not in (0, 1, 2, 3):
            raise PageError("pdfium could not read the page (Failed to get page rotation.)")
        rotation = turns * 90
        crop = (x0, y0, x1, y1)
        if _F.FPDFPage_GetCropBox(page, *(ctypes.addressof(v) for v in box)):
            cx0, cy0, cx1, cy1 = (v.value for v in box)
            crop = (min(cx0, cx1), min(cy0, cy1), max(cx0, cx1), max(cy0, cy1))
        # what the reader needs to tell the page as it shows (readers/pages.py, _frame)
        self.boxes = ((x0, y0, x1, y1), crop, rotation)
        # pdfminer's page CTM (PDFPageInterpreter.process_page)
        self.ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                    270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))
        # pdfplumber's Page: mediabox normalised for the rotation and flipped
        if rotation in (90, 270):
            x0, y0, x1, y1 = y0, x0, y1, x1
        mb_height = y1 - y0
        self.mb_x0, self.mb_top = x0, mb_height - y1
        self.width, self.height = x1 - x0, mb_height

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point -> (x, top)."""
        a, b, c, d, e, f = self.ctm
        px, py = a * x + c * y + e, b * x + d * y + f
        return px + self.mb_x0, self.height - py + self.mb_top

    def y_up(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point -> pdfminer's (x, y) from the bottom (before pdfplumber's flip)."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e, b * x + d * y + f


# ------------------------------------------------------------------ characters
def _font_info(font) -> tuple[str, float]:
    """(name, descent per unit of font size) of a pdfium font handle."""
    buf = ctypes.create_string_buffer(512)
    n = _F.FPDFFont_GetBaseFontName(font, buf, len(buf)) if font else 0
    raw = buf.raw[:max(n - 1, 0)] if n <= len(buf) else b""
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        name = raw.decode("latin-1")
    descent = ctypes.c_float(0.0)
    if font and _F.FPDFFont_GetDescent(font, 1000.0, ctypes.byref(descent)):
        d = descent.value / 1000.0
    else:
        d = 0.0
    return name, -abs(d)


def _chars(tp: _Handle, geo: _Geometry, seen: set[int]) -> list[dict]:
    """Every character drawn on the page (pdfium's generated spaces and line breaks left out).

    ``seen`` collects the text objects the characters came from.  What a character's box needs of its
    text object (matrix, size, font and the vertical extent of its glyphs) is worked out once an object;
    a page makes four pdfium calls a character.
    """
    n = _F.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    out = []
    fonts: dict[int, tuple[str, float, dict]] = {}  # font -> (name, descent, widths of its codes)
    objects: dict[int, tuple] = {}
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box = R.FS_RECTF()
    matrix = R.FS_MATRIX()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)  # objects, as the untyped calls want them
    p_box, p_matrix = ctypes.addressof(box), ctypes.byref(matrix)
    is_generated, get_unicode, get_object = _Fast.IsGenerated, _Fast.GetUnicode, _Fast.GetTextObject
    get_origin, get_loose, map_error = _Fast.GetCharOrigin, _F.FPDFText_GetLooseCharBox, _Fast.HasUnicodeMapError
    upright_page = geo.ctm[:4] == (1, 0, 0, 1)
    widths: dict[tuple, float] = {}  # (text object, code) -> advance, where the font gives no width
    width, c_size = ctypes.c_float(), 1000.0
    p_width, get_width = ctypes.addressof(width), _F.FPDFFont_GetGlyphWidth
    shift_x, shift_y = geo.ctm[4] + geo.mb_x0, geo.ctm[5]
    flip = geo.height + geo.mb_top
    append = out.append
    codes = _codes(tp, n)
    if _C is not None and codes is not None:  # the same loop in C, for pages it reads
        found: set[int] = set()
        fast = _C.chars(tp.value, codes, flip, shift_x, shift_y, geo.ctm, geo.mb_x0, upright_page, _font_info, found)
        if fast is not None:
            seen.update(found)
            return fast
    i = 0
    while i < n:
        code = codes[i] if codes is not None else get_unicode(tp, i)
        if code in (0x20, 0x0D, 0x0A, 0x02) and is_generated(tp, i):  # pdfium generates only these
            i += 1
            continue
        if 0xD800 <= code < 0xDC00 and i + 1 < n:  # a character beyond the BMP, as a surrogate pair
            low = get_unicode(tp, i + 1)  # (codes is None: a surrogate)
            text = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) if 0xDC00 <= low < 0xE000 else "\ufffd"
            step = 2
        else:
            text = chr(code) if code else ""
            step = 1
        if map_error(tp, i) == 1:
            text = "(cid:0)"
        key = get_object(tp, i) or 0  # the text object's address
        info = objects.get(key)
        if info is None:
            _Fast.GetMatrix(tp, i, p_matrix)
            size = _Fast.GetFontSize(tp, i)
            font = (_Fast.GetFont(_Handle(key)) or 0) if key else 0
            known = fonts.get(font)
            if known is None:
                known = fonts[font] = (*_font_info(font), {})
            name, descent, glyph_widths = known
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            lo, hi = descent * size, (descent + 1.0) * size
            axes = None
            if b or c or a <= 0 or not upright_page:  # the glyph's axes on the page as it reads, where its
                ca, cb, cc, cd = geo.ctm[:4]  # baseline does not run left to right: at a slant (watermark,
                axes = (a * ca + b * cc, a * cb + b * cd, c * ca + d * cc, c * cb + d * cd)  # seal) or turned
                if not axes[1] and axes[0] > 0:
                    axes = None
            info = (a, b, c, d, size, name, lo, hi, d * lo, d * hi, font, glyph_widths,
                    b == 0 and c == 0 and a > 0 and upright_page, axes)
            objects[key] = info
            seen.add(key)
        a, b, c, d, size, name, lo, hi, dlo, dhi, font, glyph_widths, simple, axes = info
        get_origin(tp, i, p_ox, p_oy)
        x, y = ox.value, oy.value
        # the advance from the font's widths (/W, /Widths), as pdfminer takes it; pdfium's loose box
        # measures a substituted font's glyph where the font is not embedded.  A font's width of a code is
        # asked once a page (text objects hold a few characters each: most of a page's codes recur in others)
        w = glyph_widths.get(code, _UNASKED)
        if w is _UNASKED:
            w = glyph_widths[code] = width.value if font and get_width(font, code, c_size, p_width) else None
        if w is not None:
            adv = w * size / 1000.0
        else:
            wkey = (key, code)
            adv = widths.get(wkey)
            if adv is None:
                get_loose(tp, i, p_box)
                adv = widths[wkey] = (box.right - box.left) / a if a else 0.0
        if adv < 0:  # vertical writing: pdfium's origin is pdfminer's box corner, the advance runs down
            x0, x1, y0, y1 = _box(x, y, a, b, c, d, size, size + adv, size, geo, simple, shift_x, shift_y)
            top, bottom = flip - y1, flip - y0
            append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": x1 - x0,
                    "fontname": name})
        elif simple:
            x0, x1 = x, x + a * adv
            if x1 < x0:
                x0, x1 = x1, x0
            y0, y1 = y + dlo, y + dhi
            if y1 < y0:
                y0, y1 = y1, y0
            top, bottom = flip - (y1 + shift_y), flip - (y0 + shift_y)
            append({"text": text, "x0": x0 + shift_x, "x1": x1 + shift_x, "top": top, "bottom": bottom,
                    "size": bottom - top, "fontname": name})
        else:
            x0, x1, y0, y1 = _box(x, y, a, b, c, d, adv, lo, hi, geo, simple, shift_x, shift_y)
            top, bottom = flip - y1, flip - y0
            ch = {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": bottom - top,
                  "fontname": name}
            if axes:
                ch["matrix"] = axes
            append(ch)
        i += step
    return out


def _codes(tp: _Handle, n: int) -> list[int] | None:
    """``FPDFText_GetUnicode`` of each of the ``n`` characters, from one ``FPDFText_GetText`` call (a call a
    character cost ~0.25 ms a page); None where that text is not one UTF-16 unit a character (a surrogate
    written, a count other than asked), and the characters are then asked one by one."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    if _Fast.GetText(tp, 0, n, buf) != n + 1:
        return None
    try:
        text = buf.raw[: 2 * n].decode("utf-16-le")  # a lone surrogate raises; a pair is one character
    except UnicodeDecodeError:
        return None
    return list(map(ord, text)) if len(text) == n else None


def _box(x, y, a, b, c, d, adv, lo, hi, geo, simple, shift_x, shift_y) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of a glyph at origin (x, y) spanning ``adv`` along the baseline and lo..hi across it."""
    if simple:
        x0, x1 = x, x + a * adv
        if x1 < x0:
            x0, x1 = x1, x0
        y0, y1 = y + d * lo, y + d * hi
        if y1 < y0:
            y0, y1 = y1, y0
        return x0 + shift_x, x1 + shift_x, y0 + shift_y, y1 + shift_y
    corners = [(x + a * u + c * v, y + b * u + d * v) for u in (0.0, adv) for v in (lo, hi)]
    pts = [geo.y_up(px, py) for px, py in corners]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs) + geo.mb_x0, max(xs) + geo.mb_x0, min(ys), max(ys)


_UNASKED = object()


def _lost(texts: list, seen: set[int], chars: list[dict], geo: _Geometry) -> int:
    """Text objects drawn on the page that pdfium's text page dropped although they repeat no other text.

    pdfium's ``CPDF_TextPage`` leaves out a text object it takes for a copy of one of the five before it
    (fake bold, drawn twice) and characters within 0.07 em of the same character; those copies are what
    ``dedupe_chars`` removes anyway.  It also, rarely, drops a text object that is no copy (a one-character
    cell line seen in reportlab tables): that object's box then holds no character at all.
    """
    lost = 0
    for obj, outer in texts:
        if obj in seen:
            continue
        l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if (not _F.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
                or not all(math.isfinite(v.value) for v in (l, b, r, t))):
            lost += 1  # placed where pdfium cannot box it (x = 1e300): pdfminer reads it, the reader warns
            continue
        if l.value == r.value and b.value == t.value and _embedded(obj):
            continue  # a box of no size draws no glyph: Chromium's text objects of one space each
        # (a font the PDF does not embed is drawn with one of the machine's: where it has none with the
        # glyphs, a server without Chinese fonts, pdfium would box the text as nothing and drop it; ``_BoxFonts``
        # lends it a font of boxes)
        corners = [(x, y) for x in (l.value, r.value) for y in (b.value, t.value)]
        if outer is not None:
            a, bb, c, d, e, f = outer
            corners = [(a * x + c * y + e, bb * x + d * y + f) for x, y in corners]
        pts = [geo.point(x, y) for x, y in corners]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs) - 1, max(xs) + 1, min(ys) - 1, max(ys) + 1
        if not any(x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and y0 <= (ch["top"] + ch["bottom"]) / 2 <= y1
                   for ch in chars):
            lost += 1
    return lost


def _embedded(text_object) -> bool:
    """Is the font of ``text_object`` in the PDF (its glyphs then do not depend on the machine's fonts)?"""
    font = _F.FPDFTextObj_GetFont(text_object)
    return bool(font) and _F.FPDFFont_GetIsEmbedded(font) == 1


# ------------------------------------------------------------------ paths
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _concat(m, n):
    """m then n (PDF's row-vector convention: m x n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _matrix_of(obj, scratch: "_Scratch") -> tuple:
    """The object's matrix, pdfium's single-precision floats rounded back to the decimals a content stream
    writes (so ``0.05`` is 0.05 again and sums come out as pdfminer's double arithmetic does)."""
    m = scratch.matrix
    if not _Fast.ObjectMatrix(obj, scratch.p_matrix):
        return _IDENTITY
    raw = (m.a, m.b, m.c, m.d, m.e, m.f)
    out = _MATRICES.get(raw)
    if out is None:
        if len(_MATRICES) > 4096:
            _MATRICES.clear()
        out = _MATRICES[raw] = (round(m.a, 6), round(m.b, 6), round(m.c, 6), round(m.d, 6), round(m.e, 4),
                                round(m.f, 4))
    return out


_MATRICES: dict[tuple, tuple] = {}


_MAX_DEPTH = 32  # nested forms deeper than this are a loop or an attack, not a table


class _Scratch:
    """ctypes out-parameters reused for every path of a page (allocating them per call costs more than the calls)."""

    def __init__(self):
        self.fillmode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.p_fillmode, self.p_stroke = ctypes.byref(self.fillmode), ctypes.byref(self.stroke)  # for _Fast
        self.seg_px, self.seg_py = ctypes.byref(self.x), ctypes.byref(self.y)  # for the untyped calls (_Fast)
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.matrix = R.FS_MATRIX()
        self.p_matrix = ctypes.byref(self.matrix)
        self.p_rgba = [ctypes.addressof(v) for v in self.rgba]
        # the draw mode's and a segment's point's out-parameters, for the compiled loop (``_C.segments``)
        self.addresses = tuple(map(ctypes.addressof, (self.fillmode, self.stroke, self.x, self.y)))
        # an object's matrix (by identity: _MATRICES gives each the same tuple) -> (it, it then the page's CTM);
        # not by value, which would take -0.0 for 0.0
        self.to_page: dict[int, tuple[tuple, tuple]] = {}
        self.rounded: dict[float, float] = {}  # a coordinate as pdfium gives it -> as written (see _path)


def _walk(parent, count_fn, get_fn, outer, geo, out: PdfiumPage, counts: dict, depth: int,
          scratch: _Scratch | None = None) -> None:
    scratch = scratch or _Scratch()
    for kind, obj in _objects(parent, count_fn, get_fn):  # obj: the object's address (the typed calls take it)
        if kind == _PATH:
            handle = _Handle(obj)  # as the untyped calls take it
            m = _matrix_of(handle, scratch)
            _path(handle, m if outer is None else _concat(m, outer), geo, out, scratch)
        elif kind == _TEXT:
            counts["text"].append((obj, outer))
        elif kind == R.FPDF_PAGEOBJ_IMAGE:
            counts["images"] += 1
            image = _image(obj, outer, geo)
            if image is not None:
                out.images.append(image)
        elif kind == R.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            m = _matrix_of(_Handle(obj), scratch)
            _walk(obj, _F.FPDFFormObj_CountObjects, _F.FPDFFormObj_GetObject,
                  m if outer is None else _concat(m, outer), geo, out, counts, depth + 1, scratch)


def _objects(parent, count_fn, get_fn) -> list[tuple[int, int]]:
    """(type, address) of each object of ``parent`` (a page: ``FPDFPage_GetObject``; a form), a null one left out."""
    if _C is not None and get_fn is _Fast.PageObject:
        return _C.objects(parent.value)
    get_type = _Fast.ObjectType
    out = []
    for k in range(max(count_fn(parent), 0)):
        obj = get_fn(parent, k)
        if not obj:
            continue
        if not isinstance(obj, _Handle):  # a form's objects come from a typed call (its index is unsigned long)
            obj = _Handle(obj)
        out.append((get_type(obj), obj.value))
    return out


def _image(obj, outer, geo: _Geometry) -> dict | None:
    """An image object's box on the page (pdfplumber's keys, top-left coordinates) and its pixel size; None
    where pdfium cannot box it.  Asked only of images: a page without any pays nothing."""
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not _F.FPDFPageObj_GetBounds(obj, *(ctypes.addressof(v) for v in (l, b, r, t))):
        return None
    corners = [(x, y) for x in (l.value, r.value) for y in (b.value, t.value)]
    if not all(math.isfinite(v) for pt in corners for v in pt):
        return None
    if outer is not None:  # drawn inside a form: the form's matrix places it
        a, bb, c, d, e, f = outer
        corners = [(a * x + c * y + e, bb * x + d * y + f) for x, y in corners]
    pts = [geo.point(x, y) for x, y in corners]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    w, h = ctypes.c_uint(), ctypes.c_uint()
    if not _F.FPDFImageObj_GetImagePixelSize(obj, ctypes.addressof(w), ctypes.addressof(h)):
        w.value = h.value = 0
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": "image", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "srcsize": (w.value, h.value)}


_PATH, _TEXT = R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_TEXT
_MOVETO, _BEZIERTO = R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_BEZIERTO
_SUBPATH = re.compile(r"m[^m]+")


def _colour(getter, obj, scratch: _Scratch) -> tuple | None:
    if not getter(obj, *scratch.p_rgba):
        return None
    # pdfium rounds each component to 0..255: half a step back up, so a grey of 0.95 stays 0.95
    return tuple(min(1.0, (v.value + 0.5) / 255.0) if v.value else 0.0 for v in scratch.rgba[:3])


def _path(obj, m, geo: _Geometry, out: PdfiumPage, scratch: _Scratch) -> None:
    known = scratch.to_page.get(id(m))
    if known is None or known[0] is not m:  # to pdfminer's space at once, as its CTM carries the page's
        known = scratch.to_page[id(m)] = (m, _concat(m, geo.ctm))
    if _C is not None:  # the segments read in C, the same way
        got = _C.segments(obj.value, known[1], scratch.rounded, round, *scratch.addresses)
        if got is None:
            return
        shape, pts = got
    else:
        shape, pts = _segments(obj, known[1], scratch)
        if not shape:
            return
    style = {"stroke": bool(scratch.stroke.value), "fill": scratch.fillmode.value != R.FPDF_FILLMODE_NONE,
             "evenodd": scratch.fillmode.value == R.FPDF_FILLMODE_ALTERNATE, "obj": obj, "scratch": scratch}
    if shape.count("m") > 1:
        for sub in _SUBPATH.finditer(shape):
            _paint(shape[sub.start():sub.end()], pts[sub.start():sub.end()], style, geo, out)
    else:
        _paint(shape, pts, style, geo, out)


def _segments(obj, matrix: tuple, scratch: _Scratch) -> tuple[str, list]:
    """(ops, points) of a path object: one letter a point (m, l, c; h closing, with the sub-path's start
    again), each point as written and placed by ``matrix``; ("", []) where the path draws nothing.  Its draw
    mode is left in ``scratch``."""
    if not _Fast.DrawMode(obj, scratch.p_fillmode, scratch.p_stroke):
        return "", []
    fill, stroke = scratch.fillmode.value != R.FPDF_FILLMODE_NONE, bool(scratch.stroke.value)
    n = _Fast.CountSegments(obj)
    if n <= 0 or not (fill or stroke):
        return "", []
    a, b, c, d, e, f = matrix
    # rules share their coordinates: round() (a decimal conversion) once for each; zero, whose sign a dict
    # would lose, is its own rounding
    rounded = scratch.rounded
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    x, y, px, py = scratch.x, scratch.y, scratch.seg_px, scratch.seg_py
    get_segment, get_kind, get_point, get_close = (_Fast.GetPathSegment, _Fast.SegmentType, _Fast.SegmentPoint,
                                                   _Fast.SegmentClose)
    start = (0.0, 0.0)
    bezier = 0
    for k in range(n):
        seg = get_segment(obj, k)
        kind = get_kind(seg)
        if kind == _BEZIERTO:
            bezier += 1
            if bezier % 3:  # control points: pdfminer keeps only a curve's end point
                continue
        get_point(seg, px, py)
        vx, vy = x.value, y.value
        sx = rounded.get(vx) if vx else vx  # as written in the content stream (see _matrix_of)
        if sx is None:
            sx = rounded[vx] = round(vx, 4)
        sy = rounded.get(vy) if vy else vy
        if sy is None:
            sy = rounded[vy] = round(vy, 4)
        pt = (a * sx + c * sy + e, b * sx + d * sy + f)
        if kind == _MOVETO:
            ops.append("m")
            start = pt
            bezier = 0
        elif kind == _BEZIERTO:
            ops.append("c")
        else:
            ops.append("l")
            bezier = 0
        pts.append(pt)
        if get_close(seg):
            ops.append("h")
            pts.append(start)
    return "".join(ops), pts


def _paint(shape: str, pts: list, style: dict, geo: _Geometry, out: PdfiumPage) -> None:
    """pdfminer's ``PDFLayoutAnalyzer.paint_path`` for one sub-path, then pdfplumber's object dict."""
    if shape[:1] != "m":
        return
    pts = list(pts)
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        out.lines.append(_obj("line", pts[:2], pts[:2], style, geo))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            out.rects.append(_obj("rect", [pts[0], pts[2]], pts, style, geo))
        else:
            out.curves.append(_obj("curve", pts, pts, style, geo))
    else:
        out.curves.append(_obj("curve", pts, pts, style, geo))


def _obj(kind: str, box_pts: list, pts: list, style: dict, geo: _Geometry) -> dict:
    if len(box_pts) == 2:  # a line or a rectangle's corners: min() and max() of two, written out
        (xa, ya), (xb, yb) = box_pts
        x0, x1, y0, y1 = xb if xb < xa else xa, xb if xb > xa else xa, yb if yb < ya else ya, yb if yb > ya else ya
    else:
        xs, ys = [p[0] for p in box_pts], [p[1] for p in box_pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top, bottom = geo.height - y1 + geo.mb_top, geo.height - y0 + geo.mb_top
    obj = {"object_type": kind, "x0": x0 + geo.mb_x0, "x1": x1 + geo.mb_x0, "y0": y0, "y1": y1,
           "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0, "height": y1 - y0,
           "stroke": style["stroke"], "fill": style["fill"], "evenodd": style["evenodd"]}
    if kind == "rect" and "stroking_color" not in style:  # only rectangles' colours are read (white boxes)
        style["stroking_color"] = _colour(_F.FPDFPageObj_GetStrokeColor, style["obj"], style["scratch"])
        style["non_stroking_color"] = _colour(_F.FPDFPageObj_GetFillColor, style["obj"], style["scratch"])
    obj["stroking_color"], obj["non_stroking_color"] = style.get("stroking_color"), style.get("non_stroking_color")
    if kind != "rect":
        obj["pts"] = [(px + geo.mb_x0, geo.height - py + geo.mb_top) for px, py in pts]
    return obj


__all__ = ["PageError", "PdfiumPage", "close_document", "open_document", "page_count", "read_page"]
