"""Pictures of text read by OCR into body blocks, whatever holds them: a table or a paragraph pasted as a
screenshot into a Word file (``docx_pictures.py``) or into a web page (``html_pictures.py``).

The holder finds its pictures (each one's bytes, a name the warnings use, the size it is shown at) and puts
their blocks in their place in its body; what is done with a picture is the same whatever holds it:

    which       ``PictureReader.read`` takes a picture large enough to hold text (``PICTURE_PX`` pixels,
                ``PICTURE_INCHES`` wide as shown: not a seal, a logo or an icon) and leaves the rest
    read        the image decoded (Pillow; transparency on white), at its own resolution as shown (its pixels
                over its displayed width), kept between 150 and 300 dpi as a PDF's picture is (a 96-dpi
                screenshot is scaled up to 150), through the steps a scanned page goes through
                (``ocr.read_pixels``: rules, text lines, cells reread where unsure), then the grid finder
    blocks      each grid found as a table block (cells and spans: ``(cells, rows, columns)``, as a Word
                table's), the text outside the grids as paragraphs (``[(text, run-in head)]``: its lines
                joined as a page's are, ``layout.unwrap``; a whole page's page number dropped), top to bottom;
                warned ``image_text`` naming the picture.  A picture in which OCR reads fewer than
                ``ocr_pictures.PICTURE_CHARS`` characters (a photo, a seal) adds nothing; without the engine
                ``image_unread`` names each candidate.

A body without pages still has its table cells' OCR readings found by page and box (``ocr_checks``): so the
pictures are stacked one under another on page 1 (``PictureReader.offset``), each grid cell keeping its box
there, and each ``OcrCell`` names its picture for the warnings.

Nothing here loads the engine, nor numpy, before a picture of that size is met.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportparse.document import GridCell
from reportparse.model import Issue

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
    """A picture in the body: the name the warnings give it (a Word file's image part,
    ``word/media/image1.png``; a web page's ``src``), its bytes, and the size it is shown at in inches (None:
    not given)."""

    name: str
    blob: bytes
    shown: tuple[float, float] | None


def _gray(blob: bytes):
    """The image's grey pixels (numpy, 0 ink .. 255 paper): transparency laid on white, as Word and a browser
    show it."""
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


class PictureReader:
    """Pictures read by OCR one by one, in body order (``read``), with what the record needs from them:
    ``issues`` (``image_text``, ``image_unread``), ``cells`` (``OcrCell``), ``used``."""

    def __init__(self, mode: str = "auto"):
        if mode not in ("auto", "never", "always"):  # ocr.MODES, not imported for a body without pictures
            raise ValueError(f"unknown ocr mode {mode!r}: use one of auto, never, always")
        self.mode = mode
        self.issues: list[Issue] = []
        self.cells: list = []
        self.used = False
        self.offset = 0.0  # where the next picture's boxes start on page 1: the pictures stacked in body order
        self._unavailable: str | None = None

    def read(self, picture: Picture) -> list:
        """The blocks of ``picture`` read by OCR, in order: table cells (``(cells, rows, columns)``) and
        paragraph lines (``[(text, head)]``); [] for a picture too small to hold text (not looked at), one
        in which OCR reads no text, or one not read (``image_unread``)."""
        if picture.shown and picture.shown[0] < PICTURE_INCHES:
            return []
        size = _pixel_size(picture.blob)
        if size is not None and (size[0] < PICTURE_PX[0] or size[1] < PICTURE_PX[1]):
            return []
        return self._read(picture, size)

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
