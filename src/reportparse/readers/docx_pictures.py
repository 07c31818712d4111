"""Pictures of text in a Word file's body, read by OCR: a table or a paragraph pasted into Word as a screenshot.

The .docx reader reads a paragraph's runs; a pasted screenshot is a ``w:drawing`` (``wp:inline`` or
``wp:anchor``, its image named by ``a:blip r:embed``) or an old VML ``w:pict`` (``v:imagedata r:id``) in a
run, and its text is in no run.  Without this reader such a table is lost (``table_missing``).

    which       ``pictures_in``: each picture of a paragraph, in order, with its image part and the size it is
                shown at (``wp:extent``); ``Pictures.blocks`` keeps those large enough to hold text
                (``PICTURE_PX`` pixels, ``PICTURE_INCHES`` wide as shown: not a seal, a logo or an icon)
    read        the image decoded (Pillow; transparency on white), at its own resolution as shown (its pixels
                over its displayed width), kept between 150 and 300 dpi as a PDF's picture is (a 96-dpi
                screenshot is scaled up to 150), through the steps a scanned page goes through
                (``ocr.read_pixels``: rules, text lines, cells reread where unsure), then the grid finder
    added       in the picture's place in the body: each grid found as a table block (cells and spans, as
                ``docx._grid`` gives a Word table), the text outside the grids as paragraphs (its lines
                joined as a page's are, ``layout.unwrap``; a whole page's page number dropped), top to
                bottom; warned ``image_text`` naming the picture.  A picture in which OCR reads fewer than
                ``ocr_pictures.PICTURE_CHARS`` characters (a photo, a seal) adds nothing; without the engine
                ``image_unread`` names each candidate.

A Word file has no pages, but ``ocr_checks`` finds a table cell's OCR reading by its page and box: so the
pictures are stacked one under another on page 1 (``Pictures.offset``), each grid cell keeping its box
there, and each ``OcrCell`` names its picture for the warnings.  A picture in a table's cell is read after
the table (a table of empty cells around pictures, a frame, is left out: only its pictures count).  Not read:
a linked picture (no bytes in the package), a vector picture (EMF/WMF, as Word stores a table pasted from
Excel: Pillow cannot draw it) or one past ``MAX_PIXELS`` (both warned ``image_unread``), a picture in a
header, footer or footnote, and the text of a picture beside text in its paragraph is read after that text.

Nothing here is imported, nor the engine loaded, for a Word file without a picture of that size.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportparse.document import GridCell
from reportparse.model import Issue

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
EMU_PER_INCH = 914400

#: A picture fewer pixels across or high than this holds no line of text OCR could read.
PICTURE_PX = (300, 40)
#: A picture shown narrower than this many inches is a seal (4.2 cm), a logo or an icon, not a table.
PICTURE_INCHES = 2.0
#: The resolution a picture is read at, as a PDF page's picture is (readers/ocr_pictures.py).
MIN_DPI, MAX_DPI = 150, 300
#: The space left between two pictures stacked on page 1 (points): their boxes never touch.
GAP = 72.0
#: A picture this many times as high as it is wide is a page (A4 is 1.41): the page number in its margins is
#: dropped, as a PDF page's is; a table's or a paragraph's picture keeps every line.
PAGE_SHAPE = 1.25
#: A picture of more pixels is not decoded (Pillow's own bomb limit; an A4 page at 600 dpi is 35 million).
MAX_PIXELS = 89_478_485


@dataclass(frozen=True)
class Picture:
    """A picture in the body: its image part's name (``word/media/image1.png``), bytes, and the size it is shown
    at in inches (None: not given)."""

    name: str
    blob: bytes
    shown: tuple[float, float] | None


def pictures_in(p, part) -> list[Picture]:
    """The pictures of paragraph ``p`` in order: DrawingML (inline or anchored; an ``mc:Fallback`` copy of
    one is skipped) and VML.  A picture whose image is linked, not stored, has no bytes here: left out."""
    out = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK:
                continue
            if tag in (f"{_WP}inline", f"{_WP}anchor"):
                blip = child.find(f".//{_A}blip")
                extent = child.find(f"{_WP}extent")
                shown = None
                if extent is not None:
                    cx, cy = (_int(extent.get(k)) for k in ("cx", "cy"))
                    shown = (cx / EMU_PER_INCH, cy / EMU_PER_INCH) if cx > 0 and cy > 0 else None
                found = _part(part, blip.get(f"{_R}embed") if blip is not None else None)
                if found is not None:
                    out.append(Picture(found[0], found[1], shown))
                continue  # a text box's paragraphs are read as the paragraph's runs
            if tag == f"{_V}shape":
                data = child.find(f".//{_V}imagedata")
                if data is not None:
                    found = _part(part, data.get(f"{_R}id"))
                    if found is not None:
                        out.append(Picture(found[0], found[1], _vml_size(child.get("style") or "")))
                    continue
            walk(child)

    walk(p)
    return out


def _int(v) -> int:
    try:
        return int(v or 0)
    except ValueError:
        return 0


def _part(part, rid: str | None) -> tuple[str, bytes] | None:
    if not rid:
        return None
    try:
        target = part.related_parts[rid]
    except KeyError:  # an external (linked) image, or a broken relationship
        return None
    blob = getattr(target, "blob", None)
    if not blob:
        return None
    return str(target.partname).lstrip("/"), blob


_VML_UNITS = {"pt": 1 / 72, "in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "px": 1 / 96}


def _vml_size(style: str) -> tuple[float, float] | None:
    """(width, height) in inches from a VML shape's ``style`` (``width:415.3pt;height:120pt``)."""
    size = {}
    for key, num, unit in re.findall(r"(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)", style):
        size[key] = float(num) * _VML_UNITS[unit]
    if size.get("width") and size.get("height"):
        return size["width"], size["height"]
    return None


def _gray(blob: bytes):
    """The image's grey pixels (numpy, 0 ink .. 255 paper): transparency laid on white, as Word shows it."""
    import numpy as np
    from PIL import Image

    img = Image.open(io.BytesIO(blob))
    if img.format == "WMF":  # Pillow's name for WMF and EMF: it reads their size, draws them only on Windows
        raise ValueError("a vector picture (EMF or WMF, as Word keeps a table pasted from Excel) is not drawn here")
    if not 0 < img.width * img.height <= MAX_PIXELS:
        raise ValueError(f"{img.width}×{img.height} pixels: none, or more than {MAX_PIXELS:,}, are not decoded")
    img.load()
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    return np.asarray(img.convert("L")).copy()


def _pixel_size(blob: bytes) -> tuple[int, int] | None:
    """The image's size in pixels from its header (Pillow opens lazily), None where Pillow cannot read it."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(blob)) as img:
            return img.size
    except Exception:  # noqa: BLE001 - EMF/WMF, a broken image, or Pillow not installed: said when read
        return None


def reading_dpi(px_width: int, shown: tuple[float, float] | None) -> tuple[float, int]:
    """(the picture's own resolution as shown, the resolution it is read at: that kept between ``MIN_DPI`` and
    ``MAX_DPI``).  A picture of unknown shown size is taken at 96 dpi (a screenshot at 100%)."""
    own = px_width / shown[0] if shown else 96.0
    return own, int(min(MAX_DPI, max(MIN_DPI, round(own))))


class Pictures:
    """The pictures of one Word file read by OCR, paragraph by paragraph (``blocks``), with what the record
    needs from them: ``issues`` (``image_text``, ``image_unread``), ``cells`` (``OcrCell``), ``used``."""

    def __init__(self, part, mode: str = "auto"):
        if mode not in ("auto", "never", "always"):  # ocr.MODES, not imported for a file without pictures
            raise ValueError(f"unknown ocr mode {mode!r}: use one of auto, never, always")
        self.part, self.mode = part, mode
        self.issues: list[Issue] = []
        self.cells: list = []
        self.used = False
        self.offset = 0.0  # where the next picture's boxes start on page 1: the pictures stacked in body order
        self._unavailable: str | None = None

    def blocks(self, p) -> list:
        """The blocks of paragraph ``p``'s pictures of text, in order: table cells (``docx.TableCells``) and
        paragraph lines ([(text, head)]), as ``docx.word_document`` takes them; [] for most paragraphs."""
        if self.mode == "never" or p.find(f".//{_W}drawing") is None and p.find(f".//{_W}pict") is None:
            return []
        out = []
        for picture in pictures_in(p, self.part):
            if picture.shown and picture.shown[0] < PICTURE_INCHES:
                continue
            size = _pixel_size(picture.blob)
            if size is not None and (size[0] < PICTURE_PX[0] or size[1] < PICTURE_PX[1]):
                continue
            out += self._read(picture, size)
        return out

    def _read(self, picture: Picture, size: tuple[int, int] | None) -> list:
        from reportparse.readers import ocr

        what = f"a picture {picture.name}" + (f" ({size[0]}×{size[1]} px)" if size else "")
        if self._unavailable is None:
            try:
                ocr.engine()
                self._unavailable = ""
            except ocr.OcrUnavailable as e:
                self._unavailable = str(e)
        if self._unavailable:
            self.issues.append(Issue("image_unread", f"{what} may show text (a table or a paragraph pasted as a "
                                                     f"screenshot): OCR would read it, but {self._unavailable}"))
            return []
        try:
            page, own, scaled = self._ocr(picture)
        except Exception as e:  # noqa: BLE001 - a picture that cannot be decoded costs itself, not the report
            self.issues.append(Issue("image_unread", f"{what} may show text, but could not be read by OCR "
                                                     f"({type(e).__name__}: {e})"))
            return []
        n_read = sum(1 for c in page.chars if c["text"].strip())
        from reportparse.readers.ocr_pictures import PICTURE_CHARS

        if n_read < PICTURE_CHARS:
            return []  # a photo, a seal, a logo
        blocks, n_tables, n_paragraphs = self._blocks_of(page, picture.name)
        self.used = True
        self.offset += page.height + GAP
        res = f"{own:.0f} dpi as shown" + (f", read at {page.dpi}" if scaled else "")
        added = [f"{n_tables} table{'s' * (n_tables != 1)}"] if n_tables else []
        added += [f"{n_paragraphs} paragraph{'s' * (n_paragraphs != 1)}"] if n_paragraphs else []
        cells = f"; {len(page.cells)} table cells in it read by OCR" if page.cells else ""
        self.issues.append(Issue("image_text", f"{what} read by OCR ({ocr.describe()}, {res}): {n_read} characters, "
                                               f"{' and '.join(added) or 'nothing'} added in its place{cells}"))
        return blocks

    def _ocr(self, picture: Picture):
        """(the picture read: an ``OcrPage`` of it alone, its own dpi as shown, whether it was scaled to be read)."""
        import cv2

        from reportparse.readers import ocr

        gray = _gray(picture.blob)
        own, dpi = reading_dpi(gray.shape[1], picture.shown)
        scale = dpi / own
        scaled = abs(scale - 1) > 0.02
        if scaled:  # a screenshot at screen resolution up to 150 dpi, a scan at 600 down to 300
            gray = cv2.resize(gray, None, fx=scale, fy=scale,
                              interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)
        else:
            dpi = max(1, round(own))
        k = 72 / dpi
        page = ocr.OcrPage(number=1, width=gray.shape[1] * k, height=gray.shape[0] * k, dpi=dpi,
                           reason="a picture of text", n_images=0)
        return ocr.read_pixels(page, gray), own, scaled

    def _blocks_of(self, page, name: str) -> tuple[list, int, int]:
        """(blocks, tables, paragraphs) of a picture read: its grids as table cells and the lines outside them
        joined into paragraphs, top to bottom; its cells and ``OcrCell`` s moved down by ``offset``."""
        from reportparse.layout import Geometry, chars_to_lines, remove_furniture, unwrap
        from reportparse.readers.ocr import OcrCell
        from reportparse.tables.grid import find_grids, outside

        dy = self.offset
        grids = find_grids(page, page.chars, 1)
        lines = chars_to_lines(outside(page.chars, grids), 1)
        if page.height >= PAGE_SHAPE * page.width:  # a page pasted whole (a report as pictures of its pages)
            lines = remove_furniture([lines], [page.height])[0]  # its page number
        geo = Geometry(lines, True)
        items = sorted([(g.bbox[1], 0, g) for g in grids] + [(ln.top, 1, ln) for ln in lines], key=lambda t: t[:2])
        blocks, run, n_paragraphs = [], [], 0

        def flush() -> None:
            nonlocal n_paragraphs
            if run:
                paragraphs = unwrap(run, geo)
                blocks.append([(par.text, par.head) for par in paragraphs])
                n_paragraphs += len(paragraphs)
                run.clear()

        for _, kind, item in items:
            if kind:
                run.append(item)
                continue
            flush()
            cells = [GridCell(text=c.text, r0=c.r0, r1=c.r1, c0=c.c0, c1=c.c1,
                              bbox=(c.bbox[0], c.bbox[1] + dy, c.bbox[2], c.bbox[3] + dy) if c.bbox else None)
                     for c in item.cells]
            blocks.append((cells, item.n_rows, item.n_cols))
        flush()
        self.cells += [OcrCell(1, (c.bbox[0], c.bbox[1] + dy, c.bbox[2], c.bbox[3] + dy), c.text, c.score, name)
                       for c in page.cells]
        return blocks, len(grids), n_paragraphs
