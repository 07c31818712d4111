"""OFD -> Document: each page as the values a PDF page gives, then the same page stages (``readers/pages.py``).

OFD (版式文档, GB/T 33190-2016) is a ZIP of XML.  The reader follows the package's own references:

    OFD.xml         DocBody/DocRoot -> the document (the first DocBody; Encryptions.xml: refused)
    Document.xml    CommonData: PageArea (PhysicalBox, ApplicationBox), PublicRes/DocumentRes (fonts,
                    drawing parameters, images), TemplatePage; Pages/Page BaseLoc -> each page
    Content.xml     a page: its Template(s) (ZOrder Background / Foreground: drawn under or over it), Area,
                    PageRes, Content/Layer of TextObject, PathObject, ImageObject, PageBlock (nested),
                    CompositeObject (a CompositeGraphicUnit of the resources, placed by its CTM)

and turns each page into a page object of the shape ``readers/pdfium.PdfiumPage`` has: characters with their
boxes (``chars``), painted paths classified as pdfminer does (``lines``, ``rects``, ``curves``, by the very
function the pdfium backend uses), ``width``/``height`` and ``n_images``, in PDF points from the page's
top-left (OFD's millimetres x 72/25.4; its y grows downward, as pdfplumber's ``top``).

Characters.  A TextCode places its first glyph at (X, Y) (Y on the baseline) in the object's space, the
next ones by DeltaX/DeltaY (``g N v``: N offsets of v); the space is mapped by the object's CTM and set at
its Boundary's corner.  A glyph's box runs from its origin along the baseline by its advance (the offset to
the next glyph, at most its natural width: one em, half an em for a half-width character, a digit's advance
where the TextCode sets digits side by side; one em, or half, for the last) and across it from ``_DESCENT``
em below the baseline to the rest of the em above: the box pdfminer gives a font whose descent is 0.14 em,
as a CJK font's is.  A glyph whose baseline does not run
left to right (a CTM that turns it, a CharDirection) carries ``matrix`` (its axes, y up), as the PDF
backends give it, so the stages turn the page or leave the glyph out as a slanted watermark alike.

Annotations and signatures (seals, stamps, an annotation's watermark) are not the page's text and are not
read.  A page without text but with an image (a scanned OFD) is read by OCR as a scanned PDF page is: the
page's images drawn at their places (``OfdOcr``).
"""

from __future__ import annotations

import io
import itertools
import math
import posixpath
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from reportparse.document import Document
from reportparse.errors import CorruptOFDError, EncryptedOFDError, NoTextLayerError, TooLargeError
from reportparse.inputs import Source
from reportparse.model import Issue
from reportparse.readers import ocr as ocr_mod
from reportparse.readers.pages import read_pages

NS = "http://www.ofdspec.org/2016"
MM = 72 / 25.4  # points a millimetre
_DESCENT = 0.14  # of the em, below the baseline (a CJK font's: SimSun 0.141, FangSong 0.141, SimHei 0.141)
_MEMBER_LIMIT = 256 * 2**20  # bytes one part may inflate to: a page's XML is a few hundred KiB
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


class PageError(Exception):
    """A page whose parts cannot be read; the page stages turn it into a ``page_unreadable`` warning."""


@dataclass
class OfdPage:
    """One OFD page as the page stages read it (the shape of a pdfplumber page's plain values)."""

    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    n_images: int = 0
    boxes: tuple = ()  # (PhysicalBox, ApplicationBox, 0) as readers/pages._visible reads them, where they differ
    images: list[tuple[str, tuple]] = field(default_factory=list)  # (part name, (x0, top, x1, bottom)) for OCR


def read_ofd(source: Source, ocr: str = "auto") -> Document:
    """The document of an OFD file: its pages through the stages a PDF page goes through."""
    issues: list[Issue] = []
    package = Package(source)
    ocr_pages = ocr_mod.Pages(source.data, ocr, issues, reader=OfdOcr(package))
    return read_pages(source, package, issues, ocr_pages, kind="OFD")


# ------------------------------------------------------------------ XML without caring for the prefix
def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(el, name: str) -> list:
    """The children named ``name`` in the OFD namespace, in another, or in none (files differ)."""
    return [k for k in el if _local(k) == name]


def _kid(el, name: str):
    for k in el:
        if _local(k) == name:
            return k
    return None


def _text(el, name: str) -> str | None:
    k = _kid(el, name) if el is not None else None
    return (k.text or "").strip() if k is not None and k.text else None


def _floats(value: str | None) -> list[float]:
    return [float(v) for v in value.replace(",", " ").split()] if value else []


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    """An OFD box "x y w h" (mm) as (x0, y0, x1, y1); None if absent or not four numbers."""
    v = _floats(value)
    return (v[0], v[1], v[0] + v[2], v[1] + v[3]) if len(v) == 4 else None


def _flag(el, name: str, default: bool) -> bool:
    value = el.get(name)
    return default if value is None else value.strip().lower() in ("true", "1")


# ------------------------------------------------------------------ the package
class Package:
    """An opened OFD: its parts, the first document's resources, templates and pages (``read_pages``'s doc:
    ``len()``, ``page(index)``, ``close()``)."""

    def __init__(self, source: Source):
        self.path = source.path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(source.data))
            names = self.zip.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise CorruptOFDError(f"the OFD's ZIP cannot be read ({e})", source.path) from e
        entry = min((n for n in names if n.lstrip("/") == "OFD.xml" or n.endswith("/OFD.xml")), key=len, default="")
        self.root = entry[: -len("OFD.xml")].lstrip("/")  # "" but where the package was zipped inside a folder
        self.names = {n.lstrip("/")[len(self.root):]: n for n in names if n.lstrip("/").startswith(self.root)}
        self.folded = {n.lower().replace("\\", "/"): n for n in self.names}
        if any(posixpath.basename(n).lower() == "encryptions.xml" for n in self.folded):
            raise EncryptedOFDError("the OFD is encrypted (it holds Encryptions.xml, GM/T 0099)", source.path)
        try:
            self._document(source)
        except ValueError as e:  # a box or an offset that is not a number
            raise CorruptOFDError(f"the OFD's document cannot be read ({e})", source.path) from e

    def _document(self, source: Source) -> None:
        root = self.xml("OFD.xml")
        body = _kid(root, "DocBody")
        doc_root = _text(body, "DocRoot") if body is not None else None
        if not doc_root:
            raise CorruptOFDError("OFD.xml names no document (no DocBody/DocRoot)", source.path)
        self.doc_name = self.resolve("", doc_root)
        document = self.xml(self.doc_name)
        base = posixpath.dirname(self.doc_name)
        common = _kid(document, "CommonData")
        area = _kid(common, "PageArea") if common is not None else None
        self.area = _area(area) or ((0.0, 0.0, 210.0, 297.0), None)  # A4 where the document says nothing
        self.res = Resources()
        for kind in ("PublicRes", "DocumentRes"):
            for res in _kids(common, kind) if common is not None else []:
                self.resources(self.resolve(base, (res.text or "").strip()), self.res)
        self.templates: dict[str, tuple[str, str]] = {}  # ID -> (part name, ZOrder)
        for tpl in _kids(common, "TemplatePage") if common is not None else []:
            if tpl.get("BaseLoc"):
                self.templates[tpl.get("ID", "")] = (self.resolve(base, tpl.get("BaseLoc")),
                                                     tpl.get("ZOrder") or "Background")
        pages = _kid(document, "Pages")
        self.pages = [self.resolve(base, p.get("BaseLoc", "")) for p in (_kids(pages, "Page") if pages is not None
                                                                        else [])]
        if not self.pages:
            raise CorruptOFDError("the OFD has no pages", source.path)

    # -- parts
    def resolve(self, base: str, loc: str) -> str:
        """A part's name from a reference: absolute from the package's root (``/Doc_0/...``) or relative to
        ``base``; matched without regard to case or backslashes, as producers on Windows write them."""
        loc = loc.strip().replace("\\", "/")
        name = posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))
        if name in self.names:
            return name
        folded = self.folded.get(name.lower())
        return folded if folded else name

    def read(self, name: str) -> bytes:
        member = self.names.get(name) or self.names.get(self.folded.get(name.lower(), ""))
        if member is None:
            raise KeyError(f"the OFD has no part {name!r}")
        info = self.zip.getinfo(member)
        if info.file_size > _MEMBER_LIMIT:
            raise TooLargeError(f"the OFD's part {name} inflates to {info.file_size / 2**20:.0f} MiB", self.path)
        return self.zip.read(member)

    def xml(self, name: str):
        """A part parsed; a document part that is missing or broken makes the file corrupt."""
        try:
            return etree.fromstring(self.read(name), _PARSER)
        except KeyError as e:
            raise CorruptOFDError(f"{e.args[0]}", self.path) from e
        except (etree.XMLSyntaxError, ValueError) as e:
            raise CorruptOFDError(f"the OFD's {name} is not well-formed XML ({e})", self.path) from e
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as e:
            # a damaged member: bad CRC, a cut or garbled deflate stream, a compression method zipfile lacks
            raise CorruptOFDError(f"the OFD's {name} cannot be inflated ({type(e).__name__}: {e})", self.path) from e

    def resources(self, name: str, into: Resources) -> None:
        """The fonts, drawing parameters and images a resource file declares, added to ``into``."""
        try:
            res = self.xml(name)
        except CorruptOFDError:
            return  # a missing resource file: its fonts unnamed, its images not drawn for OCR
        base = posixpath.join(posixpath.dirname(name), res.get("BaseLoc") or "")
        for group in res:
            for item in group:
                kind, rid = _local(item), item.get("ID", "")
                if kind == "Font":
                    bold = ",Bold" if _flag(item, "Bold", False) else ""
                    into.fonts[rid] = (item.get("FontName") or item.get("FamilyName") or "") + bold
                elif kind == "DrawParam":
                    into.draw_params[rid] = item
                elif kind == "CompositeGraphicUnit":
                    into.composites[rid] = item
                elif kind == "MultiMedia" and (item.get("Type") or "Image").lower() == "image":
                    media = _text(item, "MediaFile")
                    if media:
                        into.media[rid] = self.resolve(base, media)

    # -- read_pages' document
    def __len__(self) -> int:
        return len(self.pages)

    def page(self, index: int) -> OfdPage:
        """Page ``index`` (0-based) drawn; a part missing or broken raises ``PageError``, which costs the page."""
        try:
            return self._page(index)
        except CorruptOFDError as e:
            raise PageError(e.message) from e

    def _page(self, index: int) -> OfdPage:
        name = self.pages[index]
        content = self.xml(name)
        area = _area(_kid(content, "Area")) or self.area
        (px0, py0, px1, py1), app = area
        page = OfdPage(number=index + 1, width=(px1 - px0) * MM, height=(py1 - py0) * MM)
        if app is not None and any(abs(a - b) > 0.01 for a, b in zip(app, area[0])):
            h = page.height
            page.boxes = ((0.0, 0.0, page.width, h),
                          ((app[0] - px0) * MM, h - (app[3] - py0) * MM, (app[2] - px0) * MM, h - (app[1] - py0) * MM),
                          0)
        painter = _Painter(self, page, (px0, py0))
        own = self.res
        if _kids(content, "PageRes"):  # the page's own resources over the document's
            own = self.res.copy()
            for ref in _kids(content, "PageRes"):
                self.resources(self.resolve(posixpath.dirname(self.doc_name), (ref.text or "").strip()), own)
        under, over = [], []
        for ref in _kids(content, "Template"):
            tpl = self.templates.get(ref.get("TemplateID", ""))
            if tpl is None:
                continue
            z = ref.get("ZOrder") or tpl[1]
            (over if z.lower() == "foreground" else under).append(tpl[0])
        for tpl in under:
            painter.content(self.xml(tpl), self.res)
        painter.content(content, own)
        for tpl in over:
            painter.content(self.xml(tpl), self.res)
        return page

    def close(self) -> None:
        self.zip.close()


def _area(el) -> tuple[tuple, tuple | None] | None:
    """(PhysicalBox, ApplicationBox or None) of a PageArea / Area element, each (x0, y0, x1, y1) in mm."""
    if el is None:
        return None
    physical = _box(_text(el, "PhysicalBox"))
    if physical is None:
        return None
    return physical, _box(_text(el, "ApplicationBox"))


@dataclass
class Resources:
    """What objects refer to by ID: font names, drawing parameters, image parts."""

    fonts: dict[str, str] = field(default_factory=dict)
    draw_params: dict = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)
    composites: dict = field(default_factory=dict)  # CompositeGraphicUnit elements, drawn by CompositeObject

    def copy(self) -> Resources:
        return Resources(dict(self.fonts), dict(self.draw_params), dict(self.media), dict(self.composites))


# ------------------------------------------------------------------ drawing a page's objects
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _colour(el) -> tuple | None:
    """A Color element's value as RGB in 0..1 (grey and CMYK converted); None where absent or transparent."""
    if el is None:
        return None
    if el.get("Alpha") is not None and el.get("Alpha").strip() in ("0", "0.0"):
        return None
    raw = (el.get("Value") or "").split()
    try:
        values = [int(v[1:], 16) if v.startswith("#") else float(v) for v in raw]
    except ValueError:
        return None
    if len(values) == 1:
        values *= 3
    if len(values) == 3:
        return tuple(min(1.0, max(0.0, v / 255.0)) for v in values)
    if len(values) == 4:  # CMYK
        c, m, y, k = (min(1.0, max(0.0, v / 255.0)) for v in values)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def expand_deltas(value: str | None, limit: int = 1 << 20) -> list[float]:
    """DeltaX/DeltaY as one offset a glyph: ``g N v`` stands for N offsets of v (GB/T 33190 §11.3); at most
    ``limit`` offsets (a TextCode needs one fewer than its glyphs: ``g 100000000 1`` is not a list that long)."""
    tokens = (value or "").replace(",", " ").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < limit:
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * max(0, min(int(float(tokens[i + 1])), limit - len(out))))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _digit_advance(glyphs: list[str], dx: list[float], em: float) -> float | None:
    """The font's advance of a digit, as the TextCode sets digits one after another (most fonts' digits share
    one width, often under half an em): the width of a number's last digit, whose offset to the next glyph
    spans the gap to the next cell (3053 and 21644 of two columns in one TextCode).  None where no two digits
    stand side by side within half an em."""
    steps = sorted(dx[i] for i in range(min(len(glyphs) - 1, len(dx)))
                   if glyphs[i].isdigit() and glyphs[i + 1].isdigit() and 0 < dx[i] <= 0.5 * em)
    return steps[len(steps) // 2] if steps else None


def _natural(ch: str, em: float) -> float:
    """A glyph's advance where the file gives none: half an em for a half-width character, else an em."""
    return em * (0.5 if (ch.isascii() or unicodedata.east_asian_width(ch) in ("Na", "H")) else 1.0)


class _Painter:
    """Draws content onto an ``OfdPage``: characters, classified paths, image count."""

    def __init__(self, package: Package, page: OfdPage, origin: tuple[float, float]):
        self.package, self.page = package, page
        self.geo = _Geo(page.height)
        self.outer = (MM, 0.0, 0.0, MM, -origin[0] * MM, -origin[1] * MM)  # the page's mm -> its points

    def content(self, root, res: Resources) -> None:
        body = _kid(root, "Content")
        if body is None:
            return
        layers = _kids(body, "Layer")
        order = {"background": 0, "body": 1, "foreground": 2}
        for layer in sorted(layers, key=lambda el: order.get((el.get("Type") or "Body").lower(), 1)):
            self.block(layer, res, 0)

    def block(self, el, res: Resources, depth: int) -> None:
        for obj in el:
            kind = _local(obj)
            if kind == "TextObject":
                self.text(obj, res)
            elif kind == "PathObject":
                self.path(obj, res)
            elif kind == "ImageObject":
                self.image(obj, res)
            elif kind == "PageBlock" and depth < 32:
                self.block(obj, res, depth + 1)
            elif kind == "CompositeObject" and depth < 32:  # a graphic unit of the resources, placed here
                unit = res.composites.get(obj.get("ResourceID", ""))
                content = _kid(unit, "Content") if unit is not None else None
                if content is not None:
                    outer, self.outer = self.outer, self.place(obj)
                    try:
                        self.block(content, res, depth + 1)
                    finally:
                        self.outer = outer

    def place(self, obj) -> tuple:
        """The object's space -> page points: (a, b, c, d, e, f), its CTM, then its Boundary's corner, then
        the space it is drawn in (the page's millimetres, or a composite unit's) to points from the page's
        top-left."""
        box = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
        ctm = _floats(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else _IDENTITY
        return _concat((a, b, c, d, e + box[0], f + box[1]), self.outer)

    def _param(self, obj, res: Resources, name: str):
        own = _kid(obj, name)
        if own is not None:
            return own
        param = res.draw_params.get(obj.get("DrawParam", ""))
        return _kid(param, name) if param is not None else None

    # -- text
    def text(self, obj, res: Resources) -> None:
        a, b, c, d, e, f = self.place(obj)
        em = float(obj.get("Size") or 0) or 3.528
        hscale = float(obj.get("HScale") or 1) or 1.0
        fontname = res.fonts.get(obj.get("Font", ""), "")
        if (obj.get("Weight") or "").isdigit() and int(obj.get("Weight")) >= 700 and ",Bold" not in fontname:
            fontname += ",Bold"
        theta = math.radians(float(obj.get("CharDirection") or 0))
        cos, sin = round(math.cos(theta), 12), round(math.sin(theta), 12)
        # the glyph's axes on the page: along the baseline, and up (both y down), then pdfminer's y-up matrix
        bx, by = a * cos + c * sin, b * cos + d * sin
        ux, uy = a * sin - c * cos, b * sin - d * cos
        scale = math.hypot(ux, uy)
        size = em * scale
        matrix = None if (abs(by) < 1e-9 and bx > 0) else (bx * em, -by * em, ux * em, -uy * em)
        chars = self.page.chars
        x = y = 0.0
        for code in _kids(obj, "TextCode"):
            text = code.text or ""
            if not text:
                continue
            x = float(code.get("X")) if code.get("X") is not None else x
            y = float(code.get("Y")) if code.get("Y") is not None else y
            glyphs = list(text)
            dx, dy = expand_deltas(code.get("DeltaX"), len(glyphs)), expand_deltas(code.get("DeltaY"), len(glyphs))
            digit = _digit_advance(glyphs, dx, em * hscale)
            for i, ch in enumerate(glyphs):
                natural = digit if digit and ch.isdigit() else _natural(ch, em * hscale)
                step_x = dx[i] if i < len(dx) else (natural if not dy else 0.0)
                step_y = dy[i] if i < len(dy) else 0.0
                width = min(step_x, natural) if 0 < step_x else natural
                if ch not in "\r\n\t":
                    chars.append(self._glyph(ch, x, y, width, em, cos, sin, (a, b, c, d, e, f), size, fontname,
                                             matrix))
                x += step_x
                y += step_y
            # the next TextCode without X goes on where this one ended

    def _glyph(self, ch, x, y, width, em, cos, sin, m, size, fontname, matrix) -> dict:
        a, b, c, d, e, f = m
        top = -(1 - _DESCENT) * em
        if cos == 1.0 and sin == 0.0 and b == 0.0 and c == 0.0 and a > 0.0 and d > 0.0:
            # upright, unturned: the corners' extremes written out (the same sums as the general case below)
            return {"text": ch, "x0": a * x + e, "x1": a * (x + width) + e, "top": d * (y + top) + f,
                    "bottom": d * (y + _DESCENT * em) + f, "size": size, "fontname": fontname}
        pts = []
        for u in (0.0, width):
            for v in (top, _DESCENT * em):
                gx, gy = x + u * cos - v * sin, y + u * sin + v * cos  # the glyph turned by CharDirection
                pts.append((a * gx + c * gy + e, b * gx + d * gy + f))
        xs, ts = [p[0] for p in pts], [p[1] for p in pts]
        out = {"text": ch, "x0": min(xs), "x1": max(xs), "top": min(ts), "bottom": max(ts), "size": size,
               "fontname": fontname}
        if matrix is not None:
            out["matrix"] = matrix
        return out

    # -- paths
    def path(self, obj, res: Resources) -> None:
        from reportparse.readers.pdfium import _paint  # pdfminer's paint_path, as the pdfium backend does

        stroke, fill = _flag(obj, "Stroke", True), _flag(obj, "Fill", False)
        stroke_colour = _colour(self._param(obj, res, "StrokeColor"))
        fill_colour = _colour(self._param(obj, res, "FillColor"))
        if stroke and self._param(obj, res, "StrokeColor") is None:
            stroke_colour = (0.0, 0.0, 0.0)  # OFD's default stroke colour is black
        fill = fill and fill_colour is not None  # its default fill colour is transparent
        if not (stroke or fill):
            return
        ops, pts = _path_ops(_text(obj, "AbbreviatedData") or "", self.place(obj), self.page.height)
        if not ops:
            return
        style = {"stroke": stroke, "fill": fill, "evenodd": (obj.get("Rule") or "").lower() == "even-odd",
                 "stroking_color": stroke_colour, "non_stroking_color": fill_colour}
        shape = "".join(ops)
        starts = [i for i, op in enumerate(shape) if op == "m"] + [len(shape)]
        for s, t in itertools.pairwise(starts):
            if t - s > 1:  # a move alone paints nothing (pdfminer's sub-paths are m followed by more)
                _paint(shape[s:t], pts[s:t], style, self.geo, self.page)

    # -- images
    def image(self, obj, res: Resources) -> None:
        self.page.n_images += 1
        name = res.media.get(obj.get("ResourceID", ""))
        a, b, c, d, e, f = self.place(obj)
        corners = [(a * u + c * v + e, b * u + d * v + f) for u in (0.0, 1.0) for v in (0.0, 1.0)]
        xs, ts = [p[0] for p in corners], [p[1] for p in corners]
        if name:
            self.page.images.append((name, (min(xs), min(ts), max(xs), max(ts))))


def _concat(m: tuple, n: tuple) -> tuple:
    """m then n, as OFD and PDF write matrices (a point is a row vector: x' = a x + c y + e)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


class _Geo:
    """What ``pdfium._paint`` reads of a page's geometry: its height and no MediaBox offset."""

    def __init__(self, height: float):
        self.height, self.mb_top, self.mb_x0 = height, 0.0, 0.0


def _path_ops(data: str, m: tuple, height: float) -> tuple[list[str], list[tuple[float, float]]]:
    """AbbreviatedData as pdfminer's path: ops m (move), l (line), c (a curve: its end point only), h (close),
    with points in its y-up page space (``_paint``'s)."""
    a, b, c, d, e, f = m
    tokens = data.replace(",", " ").split()
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    start = cur = (0.0, 0.0)
    arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}

    def point(x: float, y: float) -> tuple[float, float]:
        return (a * x + c * y + e, height - (b * x + d * y + f))

    i = 0
    while i < len(tokens):
        op = tokens[i].upper()
        n = arity.get(op)
        if n is None:
            i += 1  # a stray number or an operator this reader does not know: skipped
            continue
        args = [float(v) for v in tokens[i + 1:i + 1 + n]]
        i += 1 + n
        if len(args) < n:
            break
        if op in ("M", "S"):
            cur = start = (args[0], args[1])
            ops.append("m")
            pts.append(point(*cur))
        elif op == "C":
            if ops:
                ops.append("h")
                pts.append(point(*start))
            cur = start
        else:
            if not ops:  # a path that does not start with a move starts at the object's origin
                ops.append("m")
                pts.append(point(*cur))
            cur = (args[-2], args[-1])
            ops.append("l" if op == "L" else "c")
            pts.append(point(*cur))
    return ops, pts


# ------------------------------------------------------------------ OCR of a scanned OFD
class OfdOcr(ocr_mod.Reader):
    """OCR's page renderer for an OFD: the page's images drawn where they stand (a scan is one image the
    page's size), on white."""

    def __init__(self, package: Package):
        super().__init__(b"")
        self.package = package

    def render(self, index: int, chars: list[dict] | None):
        """(grey pixels, width and height in points, dpi, whether a scan) of page ``index``: its images pasted
        into their boxes (axis-aligned), at the largest one's own resolution (150-300 dpi) as a PDF scan is.
        A page none of whose images Pillow can decode (JBIG2, which scanners in OFD workflows write) raises
        NoTextLayerError naming them."""
        import numpy as np
        from PIL import Image

        page = self.package.page(index)
        scan = not chars or not any(c["text"].strip() for c in chars)
        best = 0.0
        pictures, undecoded = [], []
        for name, box in page.images:
            try:
                img = Image.open(io.BytesIO(self.package.read(name)))
                img.load()
            except Exception:  # noqa: BLE001 - a picture that cannot be decoded draws nothing
                undecoded.append(posixpath.basename(name))
                continue
            pictures.append((img, box))
            if box[2] - box[0] > 0.3 * page.width:
                best = max(best, img.width / ((box[2] - box[0]) / 72))
        if undecoded and not pictures:
            raise NoTextLayerError(f"page {index + 1} is a scan whose image(s) cannot be decoded here "
                                   f"({', '.join(undecoded[:3])}: JBIG2 or another format Pillow does not read); "
                                   "export the OFD to PDF with the OFD reader", self.package.path)
        dpi = int(min(300, max(150, round(best or 200)))) if scan else ocr_mod._text_dpi(chars)
        k = dpi / 72
        canvas = Image.new("L", (max(1, round(page.width * k)), max(1, round(page.height * k))), 255)
        for img, (x0, top, x1, bottom) in pictures:
            w, h = max(1, round((x1 - x0) * k)), max(1, round((bottom - top) * k))
            canvas.paste(img.convert("L").resize((w, h)), (round(x0 * k), round(top * k)))
        return np.asarray(canvas).copy(), page.width, page.height, dpi, scan

    def close(self) -> None:
        pass


__all__ = ["MM", "NS", "OfdOcr", "OfdPage", "Package", "PageError", "expand_deltas", "read_ofd"]
