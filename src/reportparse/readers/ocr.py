"""Pages without a usable text layer, read by OCR into the same page values a text-layer page gives.

A page is read here when it has no text (a scan: 图片版), when most of its glyphs have no Unicode
mapping (``(cid:n)``), or when its text layer is garbage (Kangxi radicals, private-use code points in
place of common characters).  ``read_page`` hands ``readers/pages.py`` an ``OcrPage`` with the values a
PDF backend gives (``chars``, ``lines``, ``rects``, ``curves``, ``width``, ``height``), so lines,
page furniture, grids of spans, sections and tables need nothing new:

    render      pypdfium2, at a resolution chosen for the text size (scans: their own resolution)
    straighten  the skew (up to about 1°) by the projection profile of the ink, then the page rotated back
    orient      a scan fed in sideways or upside down turned to read: its text line boxes tall rather than wide
                (a quarter turn), then upside down or not by rapidocr's text direction classifier on a few
                lines (warned ``page_turned``; its boxes are the upright page's)
    rules       ruling lines found by morphological opening of the binarized page -> pdfplumber-style
                line objects (vector rules where the page has them), so ``tables/grid.py`` builds the grid
    text        rapidocr (PP-OCRv6 detection and recognition, ONNX models inside its wheel): each text
                line -> characters spread over its ink box, in PDF points from the page's top-left
    cells       each table cell the page-level pass is unsure of (a low score, or ink and no text) read
                again from its own crop; every cell keeps its recognition score (``OcrPage.cells``)

A page whose text layer is usable but which carries a picture of text (a table or a paragraph pasted as a
screenshot) has that picture alone read by the same steps (``read_pixels``), and what it reads added to the
page's own characters and lines: readers/ocr_pictures.py.

The models load once per process (``engine()``, a module-level cache); nothing is downloaded.
The engine is the optional extra ``pip install 'reportparse[ocr]'``; without it ``OcrUnavailable``
says so.  Boxes are on the straightened page: for a skew of 0.5° they lie within 4 pt of the scan.
"""

from __future__ import annotations

import logging
import operator
import os
import re
import unicodedata
from dataclasses import dataclass, field

from reportparse.readers.lazy import numpy as np  # imported on first use: a PDF with a text layer needs none

from reportparse.readers import usable_cores
from reportparse.readers.pdfium import PdfiumPage

ENGINE = "rapidocr"
INSTALL_HINT = "pip install 'reportparse[ocr]'"
#: A cell read with a lower score than this is flagged ``ocr_uncertain`` (and read again from its crop).
CELL_THRESHOLD = 0.9
MODES = ("auto", "never", "always")

_engine = None  # (detector, recognizer, helpers): loaded once per process
_rapid = None  # the RapidOCR instance, which loads the text direction classifier on first use


class OcrUnavailable(ImportError):
    """The OCR extra is not installed."""


# ------------------------------------------------------------------ when a page needs OCR
# a character a Chinese report's text layer is not made of: outside CJK ideographs and punctuation, ASCII,
# Latin-1, general punctuation, full-width forms, circled numbers (Kangxi radicals, private-use code points)
_UNEXPECTED = re.compile("[^\x00-\u024f\u2000-\u206f\u2150-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                         "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002ffff]")
_HAN = re.compile("[\u3400-\u9fff]")


# why a text layer is not used, worded without counts: the two PDF backends count unmapped glyphs differently
# ((cid:n) per pdfminer's CMap, (cid:0) per pdfium's), and a record is the same whichever read it
UNMAPPED = "its glyphs do not map to Chinese text (no Unicode mapping, (cid:n), or one to other characters)"
ODD = ("its characters lie outside the CJK and ASCII ranges (Kangxi radicals or private-use code points in place "
       "of common characters)")


def reason(chars: list[dict], n_images: int) -> str | None:
    """Why the page's text layer cannot be used (``None``: it can): no text, (cid:n) glyphs, or garbage."""
    visible = list(filter(str.strip, map(operator.itemgetter("text"), chars)))  # the non-blank texts
    if len(visible) < 10:
        return "no text layer" if n_images else None
    text = "".join(visible)
    if len(text) == len(visible) and not _UNEXPECTED.search(text):  # one pass for a usual page, same answer
        return None if len(_HAN.findall(text)) >= 0.05 * len(visible) else UNMAPPED
    cid = sum(1 for t in visible if t.startswith("(cid:"))
    odd = sum(1 for t in visible if not t.startswith("(cid:") and _UNEXPECTED.search(t))
    if cid + odd > 0.2 * len(visible):
        return UNMAPPED if cid >= odd else ODD
    han = sum(1 for t in visible if _HAN.search(t))
    if han < 0.05 * len(visible):  # a Chinese report's page without Chinese: its glyphs map to nothing
        return UNMAPPED
    return None


# ------------------------------------------------------------------ the engine
def available() -> bool:
    try:
        engine()
    except OcrUnavailable:
        return False
    return True


def engine():
    """rapidocr's detector and recognizer, loaded once per process from the models in its wheel."""
    global _engine, _rapid
    if _engine is not None:
        return _engine
    try:
        import cv2  # noqa: F401  (opencv-python-headless, a dependency of rapidocr)
        import onnxruntime
        from rapidocr import RapidOCR
        from rapidocr.ch_ppocr_rec import TextRecInput
        from rapidocr.utils.process_img import get_rotate_crop_image
    except ImportError as e:
        raise OcrUnavailable(f"the OCR engine is not installed ({e.name or e}); {INSTALL_HINT}") from e
    onnxruntime.set_default_logger_severity(3)  # errors only: its warnings would go to stderr
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    try:
        threads = max(1, int(os.environ.get("REPORTPARSE_OCR_THREADS") or default_threads()))
    except ValueError:  # not a number: as if unset
        threads = default_threads()
    ocr = RapidOCR(params={"Global.log_level": "error",
                           "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                           "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    _engine = (ocr._load_det_model(), ocr._load_rec_model(), TextRecInput, get_rotate_crop_image)
    _rapid = ocr
    return _engine


def classifier():
    """rapidocr's text direction classifier (0° or 180°, PP-OCR mobile, 0.6 MB in its wheel), loaded on first
    use (about 40 ms)."""
    engine()
    return _rapid._load_cls_model()


def default_threads() -> int:
    """onnxruntime threads where REPORTPARSE_OCR_THREADS does not say: the cores this process may use, at most
    4 (a scan parsed alone: 3.0 -> 1.85 s a page with 2 on 2 cores).  Batch workers set it to 1: they are
    one process a core already."""
    return max(1, min(4, usable_cores()))


def describe() -> str:
    from importlib.metadata import version

    return f"{ENGINE} {version('rapidocr')} PP-OCRv6"


# ------------------------------------------------------------------ the page
@dataclass
class OcrCell:
    """One table cell read by OCR: its box (PDF points), text and the lowest score of its characters; in a form
    without pages (a Word file), the picture it was read from (its part name), which warnings name instead of
    the page and box."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str
    score: float
    picture: str = ""


@dataclass
class OcrPage(PdfiumPage):
    """An OCR'd page, seen through the values ``readers/pages.py`` reads from a text-layer page (a pdfium page's
    fields), with how it was read."""

    dpi: int = 0
    angle: float = 0.0
    turn: int = 0  # degrees the scan was turned clockwise (0, 90, 180, 270): read turned back by as many
    reason: str = ""
    cells: list[OcrCell] = field(default_factory=list)


class Reader:
    """OCR for the pages of one PDF (its own pypdfium2 document, opened on first use).  Another paged form
    gives its own ``render`` (readers/ofd.py: an OFD page's images); ``renders_text`` says whether the
    picture shows the page's text layer too (a text-layer page is read by OCR only where it does)."""

    renders_text = True

    def __init__(self, data: bytes):
        self.data = data
        self._doc = None

    def render(self, index: int, chars: list[dict] | None) -> tuple[np.ndarray, float, float, int, bool]:
        """(grey pixels, width and height in points, dpi, whether the page is a scan) of page ``index``."""
        import pypdfium2 as pdfium

        if self._doc is None:
            self._doc = pdfium.PdfDocument(self.data)
        page = self._doc[index]
        try:
            width, height = page.get_size()
            scan = not chars or not any(c["text"].strip() for c in chars)
            dpi = _scan_dpi(page, width) if scan else _text_dpi(chars)
            gray = page.render(scale=dpi / 72, grayscale=True).to_numpy().copy()
        finally:
            page.close()
        if gray.ndim == 3:
            gray = gray[..., 0]
        return gray, width, height, dpi, scan

    def page(self, index: int, why: str, chars: list[dict] | None = None, vector=None) -> OcrPage:
        """Page ``index`` read by OCR; ``chars``: its text layer (sizes choose the resolution), ``vector``:
        its backend page, whose ruling lines are used where it has any (a text-layer page is not skewed)."""
        det = engine()[0]
        gray, width, height, dpi, scan = self.render(index, chars)
        if scan:
            gray, angle, boxes, turn = upright(det, gray)
        else:  # a text-layer page is shown as readers/pages.py framed it
            angle, boxes, turn = 0.0, None, 0
        if turn % 180:
            width, height = height, width
        result = OcrPage(number=index + 1, width=width, height=height, dpi=dpi, angle=angle, turn=turn, reason=why,
                         n_images=0)
        return read_pixels(result, gray, boxes, vector)

    def invisible_text(self, index: int) -> bool:
        """Is most of page ``index``'s text drawn invisibly (text render mode 3, a searchable scan's OCR layer),
        counted over its text objects, those in forms too?  Text over a picture of the whole page that shows
        (a letterhead or a paper texture behind a Word export) is not."""
        import pypdfium2 as pdfium
        import pypdfium2.raw as R

        if self._doc is None:
            self._doc = pdfium.PdfDocument(self.data)
        page = self._doc[index]
        try:
            modes = [R.FPDFTextObj_GetTextRenderMode(obj.raw)
                     for obj in page.get_objects(filter=[R.FPDF_PAGEOBJ_TEXT], max_depth=4)]
        finally:
            page.close()
        return bool(modes) and modes.count(R.FPDF_TEXTRENDERMODE_INVISIBLE) > len(modes) / 2

    def render_box(self, index: int, box: tuple[float, float, float, float], dpi: int,
                   origin: tuple[float, float] = (0.0, 0.0)) -> tuple[np.ndarray, float, float]:
        """(grey pixels, x and top of their corner) of the region ``box`` (x0, top, x1, bottom, points) of page
        ``index`` at ``dpi``; ``origin``: where the page as pdfium renders it (its CropBox) starts in the frame
        of ``box``."""
        import pypdfium2 as pdfium

        if self._doc is None:
            self._doc = pdfium.PdfDocument(self.data)
        page = self._doc[index]
        try:
            width, height = page.get_size()
            x0, top, x1, bottom = box[0] - origin[0], box[1] - origin[1], box[2] - origin[0], box[3] - origin[1]
            crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
            gray = page.render(scale=dpi / 72, crop=crop, grayscale=True).to_numpy().copy()
        finally:
            page.close()
        if gray.ndim == 3:
            gray = gray[..., 0]
        return gray, crop[0] + origin[0], crop[3] + origin[1]

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None


def read_pixels(page: OcrPage, gray: np.ndarray, boxes: list[np.ndarray] | None = None, vector=None) -> OcrPage:
    """``page`` (its size and ``dpi`` set) with what OCR reads of its pixels ``gray``: ruling lines (``vector``'s
    where it has any), characters, and its table cells reread where unsure; ``boxes``: the text lines where
    already detected."""
    det, rec, rec_input, crop = engine()
    dpi = page.dpi
    ink, fills = binarize(gray), []
    k = 72 / dpi
    if vector is not None and (vector.lines or vector.rects or vector.curves):
        rules, rects, curves, rule_mask = vector.lines, vector.rects, vector.curves, None
    else:
        ink, fills = unfill(gray, ink, dpi)
        rule_mask, rules = find_rules(ink, dpi)
        rects, curves = fills, []
    text_ink = ink if rule_mask is None else ink & ~rule_mask
    if boxes is None:
        boxes = detect(det, gray)
    rgb = np.repeat(gray[..., None], 3, axis=2)
    texts = recognize(rec, rec_input, [crop(rgb, b.astype(np.float32).copy()) for b in boxes])
    out_chars = []
    for box, (text, score) in zip(boxes, texts):
        out_chars += spread(text, score, _ink_box(text_ink, box), k)
    page.chars, page.lines, page.rects, page.curves = out_chars, list(rules), list(rects), list(curves)
    page.chars, page.cells = reread_cells(page, rgb, text_ink, k, rec, rec_input)
    return page


def _scan_dpi(page, width: float) -> int:
    """The resolution of the page's largest image (a scan is read at the resolution it was made at), kept
    between 150 and 300 dpi: below 150 the digits of a 10.5 pt table are too small to read reliably."""
    import pypdfium2.raw as R

    best = 0.0
    for obj in page.get_objects(filter=[R.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            px_w, _ = obj.get_px_size()
            x0, _, x1, _ = obj.get_bounds()
        except Exception:  # noqa: BLE001 - an image that cannot be measured says nothing
            continue
        if x1 - x0 > 0.3 * width:
            best = max(best, px_w / ((x1 - x0) / 72))
    return int(min(300, max(150, round(best or 200))))


def _text_dpi(chars: list[dict]) -> int:
    """A resolution at which the page's median font size is about 30 pixels high (the recognizer reads
    lines 48 pixels high), kept between 150 and 300 dpi."""
    sizes = sorted(c.get("size") or 0 for c in chars if c["text"].strip())
    size = sizes[len(sizes) // 2] if sizes else 10.5
    return int(min(300, max(150, round(30 * 72 / max(size, 1)))))


# ------------------------------------------------------------------ image steps
def upright(det, gray: np.ndarray) -> tuple[np.ndarray, float, list[np.ndarray], int]:
    """A scan straightened and turned to read: (the page, its skew, its text line boxes, the quarter turns it
    was fed in with, in degrees clockwise).

    A page that reads upright costs one detection, as before, and the classifier on a dozen lines (about
    15 ms).  Lines of text are wide boxes; where most are tall, the page lies on its side: it is turned a
    quarter anticlockwise and straightened and detected again.  Upside down or not is then the classifier's
    verdict on the widest lines; upside down, the page and its boxes are turned half round (no new detection).
    """
    angle = skew(gray)
    page = rotate(gray, angle) if angle else gray
    boxes = detect(det, page)
    turn = 0
    if _shape(boxes) < 0:  # text runs up or down the page
        side = np.ascontiguousarray(np.rot90(gray))  # a quarter anticlockwise: text that ran down runs right
        side_angle = skew(side)
        side_page = rotate(side, side_angle) if side_angle else side
        side_boxes = detect(det, side_page)
        if _shape(side_boxes) > 0:
            page, angle, boxes, turn = side_page, side_angle, side_boxes, 90
    if _upside_down(page, boxes):
        h, w = page.shape
        page = np.ascontiguousarray(page[::-1, ::-1])
        boxes = sorted(([w, h] - b[[2, 3, 0, 1]] for b in boxes), key=lambda b: (b[:, 1].min(), b[:, 0].min()))
        turn = (turn + 180) % 360
    return page, angle, boxes, turn


def _shape(boxes: list[np.ndarray]) -> int:
    """How the text line boxes lie: 1 mostly wide (text runs across), -1 mostly tall (up or down the page),
    0 neither (a page of a few short words, or none)."""
    wide = tall = 0
    for b in boxes:
        w, h = np.ptp(b[:, 0]), np.ptp(b[:, 1])
        wide += w > 1.5 * h
        tall += h > 1.5 * w
    if max(wide, tall) < 2 or wide == tall:
        return 0
    return 1 if wide > tall else -1


def _upside_down(gray: np.ndarray, boxes: list[np.ndarray], n: int = 12) -> bool:
    """Whether most of the ``n`` widest wide lines read upside down to rapidocr's text direction classifier."""
    lines = [b for b in boxes if np.ptp(b[:, 0]) > 1.5 * np.ptp(b[:, 1])]
    lines = sorted(lines, key=lambda b: -np.ptp(b[:, 0]))[:n]
    crops = []
    for b in lines:
        x0, y0 = (max(0, int(v)) for v in b.min(axis=0))
        x1, y1 = (int(np.ceil(v)) for v in b.max(axis=0))
        crop = gray[y0:y1, x0:x1]
        if crop.size:
            crops.append(np.repeat(crop[..., None], 3, axis=2))
    if not crops:
        return False
    verdicts = classifier()(crops).cls_res
    return sum(1 for label, score in verdicts if "180" in label and score >= 0.9) > len(crops) / 2


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink (True) by Otsu's threshold: the scan's own contrast decides, not a fixed grey."""
    import cv2

    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return out.astype(bool)


def unfill(gray: np.ndarray, ink: np.ndarray, dpi: int) -> tuple[np.ndarray, list[dict]]:
    """Shaded areas (a table's grey header band) taken out of the ink: (the ink without them, their boxes as
    pdfplumber-style filled rectangles in PDF points).

    Otsu's threshold takes a grey band for ink when enough of the page is grey: the band then swallows the
    rules it touches (a band is too thick to be a rule) and its text.  An area of ink thicker than any rule
    or stroke (a square a sixth of an inch wide fits in it everywhere) is a fill; inside it only what is
    clearly darker than the fill stays ink (its text), and its edges become rules, as a PDF's filled
    rectangle gives them.
    """
    import cv2

    side = max(7, dpi // 6)
    solid = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=4)
    fills, k = [], 72 / dpi
    mask = np.zeros(ink.shape, bool)
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if min(w, h) < side or area < 0.8 * w * h:  # not a box: a blot, a large character's joined strokes
            continue
        box = labels[y:y + h, x:x + w] == i
        mask[y:y + h, x:x + w] |= box
        level = float(np.median(gray[y:y + h, x:x + w][box]))
        fills.append((x, y, w, h, level))
    if not fills:
        return ink, []
    out = ink & ~mask
    for x, y, w, h, level in fills:
        region = np.s_[y:y + h, x:x + w]
        out[region] |= mask[region] & (gray[region] < level - 40)  # the text printed on the fill
    page_h = gray.shape[0] * k
    rects = [{"object_type": "rect", "x0": x * k, "x1": (x + w) * k, "top": y * k, "bottom": (y + h) * k,
              "doctop": y * k, "y0": page_h - (y + h) * k, "y1": page_h - y * k, "width": w * k, "height": h * k,
              "stroke": False, "fill": True, "non_stroking_color": (level / 255,), "stroking_color": None,
              "linewidth": 0} for x, y, w, h, level in fills]
    return out, rects


def skew(gray: np.ndarray, limit: float = 1.0) -> float:
    """The turn in degrees (counter-clockwise positive, as ``rotate`` takes it) that straightens the page: the
    angle at which the ink's row profile is sharpest (text lines and rules horizontal), on a reduced image,
    in two passes (0.1°, then 0.02°)."""
    import cv2

    scale = 800 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale * 1.5, fy=scale * 1.5, interpolation=cv2.INTER_AREA)
    ink = (binarize(small) * 255).astype(np.uint8)

    def sharpness(a: float) -> float:
        rows = rotate(ink, a, fill=0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-limit, limit + 1e-9, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.02), key=sharpness)
    return 0.0 if abs(best) < 0.03 else round(float(best), 2)


def rotate(img: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """The image turned by ``angle`` degrees about its centre (the size kept, the corners filled)."""
    import cv2

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def find_rules(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, list[dict]]:
    """Table ruling lines: ink runs longer than a fifth of an inch that survive a morphological opening
    along their direction, as pdfplumber-style line objects in PDF points (and their pixels, to keep
    them out of the text boxes)."""
    import cv2

    img = ink.astype(np.uint8) * 255
    length = max(15, dpi // 5)
    thick = max(3, dpi // 30)  # a rule is at most ~2.5 pt thick; a filled band is no rule
    k = 72 / dpi
    found, mask = [], np.zeros_like(img)  # found: (horizontal, x, y, w, h) in pixels
    for horizontal in (True, False):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        lines = cv2.morphologyEx(img, cv2.MORPH_OPEN, kernel)
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1) if horizontal else (1, 9))
        lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, bridge)  # noise-broken rules joined
        n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, w, h, _area in stats[1:n]:
            across, along = (h, w) if horizontal else (w, h)
            if along < length or across > thick:
                continue
            mask[y:y + h, x:x + w] |= lines[y:y + h, x:x + w]
            found.append((horizontal, x, y, w, h))
    # A stroke of a large or bold character (一, the stem of 中) is as long as a short rule, and strokes of
    # neighbouring characters touch.  Rules are told from strokes by what they belong to: a table's rules
    # meet in one structure that holds a rule an inch long (a one-row table cut off by the page has its
    # borders) or is an inch across and taller than a line of text; a character's strokes stay within a
    # line of short strokes.  Kept in, strokes beside a table's column rule are snapped together with it
    # and pull it off its place (pdfplumber snaps chains of near x positions), and strokes meeting in a line
    # of text make a table of it.
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(mask, np.ones((5, 5), np.uint8)),
                                                           connectivity=8)

    def component(x: int, y: int, w: int, h: int) -> int:
        return int(labels[y + h // 2, x + w // 2] or labels[y:y + h, x:x + w].max())

    wide = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    narrow = np.minimum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    table = (wide >= dpi) & (narrow >= 0.4 * dpi)
    for _, x, y, w, h in found:
        if max(w, h) >= dpi:
            table[component(x, y, w, h)] = True
    table[0] = False  # the background
    out, keep = [], np.zeros_like(mask)
    for horizontal, x, y, w, h in found:
        if not table[component(x, y, w, h)]:
            continue
        keep[y:y + h, x:x + w] |= mask[y:y + h, x:x + w]
        if horizontal:
            mid = (y + h / 2) * k
            out.append(_line(x * k, mid, (x + w) * k, mid))
        else:
            mid = (x + w / 2) * k
            out.append(_line(mid, y * k, mid, (y + h) * k))
    # pixels just beside a rule (anti-aliasing, JPEG ringing) belong to it, not to the text
    keep = cv2.dilate(keep, np.ones((3, 3), np.uint8))
    return keep.astype(bool), out


def _line(x0: float, top: float, x1: float, bottom: float) -> dict:
    x0, top, x1, bottom = float(x0), float(top), float(x1), float(bottom)
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "stroke": True, "fill": False, "stroking_color": (0, 0, 0),
            "non_stroking_color": None, "linewidth": 0.5}


DETECT_SIDE = 1100  # pixels: the page's long side as the detector sees it
#: rapidocr's detector scales an image up until its short side is this long (limit_type min): a picture of a
#: table 200 pixels high would be detected 3.7 times larger (2.8 s, not 0.4), so it is padded to it instead.
#: A page (A4 at 1,100 pixels: 778 across) is not padded.
DETECT_SHORT = 736


def detect(det, gray: np.ndarray) -> list[np.ndarray]:
    """Text line boxes (4 corners, pixels of ``gray``), found on the page reduced to at most ``DETECT_SIDE``
    pixels (about 95 dpi on A4: a 9 pt line is still 12 pixels high).  Detection time grows with the pixels:
    at 1,100 rather than 1,400 the page costs a fifth less, with the same cells and text on every sample and
    held-out scan; the lines are recognized from the full-resolution page."""
    import cv2

    scale = min(1.0, DETECT_SIDE / max(gray.shape))
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    if min(h, w) < DETECT_SHORT:  # padded with white below and to the right: the boxes stay where they were
        small = np.pad(small, ((0, max(0, DETECT_SHORT - h)), (0, max(0, DETECT_SHORT - w))), constant_values=255)
    res = det(np.repeat(small[..., None], 3, axis=2))
    if res.boxes is None:
        return []
    boxes = [np.asarray(b, dtype=np.float64) / scale for b in res.boxes]
    return sorted(boxes, key=lambda b: (b[:, 1].min(), b[:, 0].min()))


def recognize(rec, rec_input, crops: list[np.ndarray]) -> list[tuple[str, float]]:
    if not crops:
        return []
    res = rec(rec_input(img=crops))
    return [(t or "", float(s)) for t, s in zip(res.txts, res.scores)]


def _ink_box(ink: np.ndarray, box: np.ndarray, band: bool = True) -> tuple[int, int, int, int]:
    """The tight box (x0, y0, x1, y1, pixels) of the ink inside a detected box (whose edges are padded)."""
    h, w = ink.shape
    x0, y0 = max(0, int(box[:, 0].min())), max(0, int(box[:, 1].min()))
    x1, y1 = min(w, int(np.ceil(box[:, 0].max()))), min(h, int(np.ceil(box[:, 1].max())))
    region = ink[y0:y1, x0:x1]
    if region.size == 0 or not region.any():
        return x0, y0, x1, y1
    rows = region.any(axis=1)
    inked = np.nonzero(rows)[0]
    if not band:
        xs = np.nonzero(region.any(axis=0))[0]
        return x0 + int(xs[0]), y0 + int(inked[0]), x0 + int(xs[-1]) + 1, y0 + int(inked[-1]) + 1
    centre = int(inked[np.argmin(np.abs(inked - len(rows) / 2))])
    top = bottom = centre  # the band of ink rows around the middle: the padded box may reach a neighbour line
    while top > 0 and (rows[top - 1] or (top > 1 and rows[top - 2])):
        top -= 1
    while bottom < len(rows) - 1 and (rows[bottom + 1] or (bottom < len(rows) - 2 and rows[bottom + 2])):
        bottom += 1
    xs = np.nonzero(region[top:bottom + 1].any(axis=0))[0]
    return x0 + int(xs[0]), y0 + top, x0 + int(xs[-1]) + 1, y0 + bottom + 1


def spread(text: str, score: float, box: tuple[int, int, int, int], k: float) -> list[dict]:
    """A recognized line as characters spread over its ink box (full-width characters one unit, others half
    a unit), in PDF points, with the line's score; the same dict keys as a PDF backend's characters."""
    text = punctuation(text.strip()) if text else ""
    if not text:
        return []
    x0, y0, x1, y1 = box
    units = [1.0 if _wide(c) else 0.5 for c in text]
    total = sum(units)
    top, bottom = y0 * k, y1 * k  # the ink's height: neighbouring lines of a cell stay apart
    size = max((bottom - top) / (0.88 if any(_wide(c) for c in text) else 0.72), 4.0)
    out, x = [], x0 * k
    step = (x1 - x0) * k / total
    for c, u in zip(text, units):
        w = u * step
        if c != " ":
            out.append({"text": c, "x0": float(x), "x1": float(x + w), "top": float(top), "bottom": float(bottom),
                        "size": float(size), "fontname": "OCR", "upright": True, "score": score})
        x += w
    return out


_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})


def punctuation(text: str) -> str:
    """Chinese text with the recognizer's ASCII punctuation as printed (full-width); a comma or colon between
    two digits (1,234; 9:30) and text without CJK characters are left alone."""
    if not any(_wide(c) for c in text):
        return text
    out = []
    for i, c in enumerate(text):
        between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        out.append(c if between_digits and c in ",:" else c.translate(_HALF_TO_FULL))
    return "".join(out)


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def reread_cells(page: OcrPage, rgb: np.ndarray, ink: np.ndarray, k: float, rec, rec_input
                 ) -> tuple[list[dict], list[OcrCell]]:
    """The table cells of the page, each with its score; a cell the page pass is unsure of (a score under
    ``CELL_THRESHOLD``, or ink and no text) is read again from its own crop, and the better reading kept."""
    from reportparse.tables.grid import find_grids

    if not (page.lines or page.rects or page.curves):
        return page.chars, []
    chars = list(page.chars)
    cells: list[OcrCell] = []
    todo = []
    for grid in find_grids(page, chars, page.number):
        for bbox in (c.bbox for c in grid.cells):
            own = [c for c in chars if _inside(c, bbox)]
            score = min((c["score"] for c in own), default=1.0)
            px = _cell_pixels(bbox, k, ink.shape)
            region = ink[px[1]:px[3], px[0]:px[2]]
            if len(own) == 1 and own[0]["text"] in _STROKES:
                own[0]["text"] = _stroke(region) or own[0]["text"]
            ink_px = int(region.sum()) if region.size else 0
            if (own and score < CELL_THRESHOLD) or (not own and ink_px > 6):
                todo.append((bbox, own, px))
            if not own and ink_px > round(5 / k ** 2):  # a digit's ink (a 1 of 10.5 pt: ~5 pt²) and nothing read:
                score = 0.0  # named as unread, unless the cell's own crop reads
            cells.append(OcrCell(page.number, tuple(bbox), "".join(c["text"] for c in own), score))
    if todo:
        crops, jobs = [], []
        for bbox, own, px in todo:
            corners = np.array([[px[0], px[1]], [px[2], px[3]]], dtype=np.float64)
            x0, y0, x1, y1 = _ink_box(ink, corners, band=False)
            line = _ink_box(ink, corners)
            if line[3] - line[1] < 0.8 * (y1 - y0):
                continue  # several lines: the recognizer reads one; the page pass stands
            pad = 4
            crops.append(rgb[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad])
            jobs.append((bbox, own, (x0, y0, x1, y1), ink[px[1]:px[3], px[0]:px[2]]))
        read = recognize(rec, rec_input, crops)
        by_box = {c.bbox: i for i, c in enumerate(cells)}
        for (bbox, own, box, region), (text, score) in zip(jobs, read):
            before = min((c["score"] for c in own), default=0.0)
            if not text.strip() or score <= before:
                continue  # no better: the page pass stands
            if text.strip() in _STROKES:
                text = _stroke(region) or text
            ids = {id(c) for c in own}
            chars = [c for c in chars if id(c) not in ids] + spread(text, score, box, k)
            i = by_box[tuple(bbox)]
            cells[i] = OcrCell(page.number, tuple(bbox), text.strip(), score)
    return chars, cells


_STROKES = {"1", "l", "I", "|", "/", "丨"}


def _stroke(region: np.ndarray) -> str | None:
    """A cell holding one stroke: ``/`` (a blank, leaning right: its ink moves left going down) or ``1``
    (upright), told by the slope of the ink's middle from row to row; the recognizer, reading the crop
    without its neighbours, often calls a ``/`` a ``1``.  None where the ink is not one stroke."""
    ys, xs = np.nonzero(region)
    if len(ys) < 8 or np.ptp(ys) < 6:
        return None
    if np.ptp(xs) > 1.2 * np.ptp(ys):  # wider than tall: not one upright stroke
        return None
    slope = np.polyfit(ys.astype(float), xs.astype(float), 1)[0]
    return "/" if slope < -0.2 else "1" if abs(slope) < 0.12 else None


def _inside(ch: dict, bbox) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _cell_pixels(bbox, k: float, shape) -> tuple[int, int, int, int]:
    """The cell's inside in pixels, a little in from its rules."""
    inset = 2
    h, w = shape
    x0, y0 = int(bbox[0] / k) + inset, int(bbox[1] / k) + inset
    x1, y1 = int(bbox[2] / k) - inset, int(bbox[3] / k) - inset
    return max(0, x0), max(0, y0), min(w, max(x0, x1)), min(h, max(y0, y1))


# ------------------------------------------------------------------ the hook in readers/pages.py
class Pages:
    """What ``readers/pages.py`` asks of OCR, page by page: ``take(page, chars, number)`` gives the page back,
    or an ``OcrPage`` in its place where its text layer cannot be used (``mode`` auto) or always."""

    def __init__(self, data: bytes, mode: str, issues: list, reader: Reader | None = None):
        if mode not in MODES:
            raise ValueError(f"unknown ocr mode {mode!r}: use one of {', '.join(MODES)}")
        self.mode, self.issues = mode, issues
        self.reader = reader or Reader(data)
        self.used = False
        self.cells: list[OcrCell] = []
        self.missing: str = ""  # why OCR was wanted where the extra is not installed

    def take(self, page, chars: list[dict], number: int):
        why = "ocr='always'" if self.mode == "always" else reason(chars, page.n_images)
        if why is None and self.mode == "auto" and page.n_images:  # its pictures of text, where it has any
            from reportparse.readers import ocr_pictures

            return ocr_pictures.read(self, page, chars, number)
        if why is None or self.mode == "never":
            return page, chars
        if not self.reader.renders_text and any(c["text"].strip() for c in chars):
            return page, chars  # its picture would show the images only: the text layer is all there is
        try:
            engine()
        except OcrUnavailable as e:
            if self.mode == "always":
                raise
            self.missing = f"{why}: OCR would read it, but {e}"
            return page, chars
        scanned = why == "no text layer"
        done = self.reader.page(number - 1, why, None if scanned else chars, None if scanned else page)
        self.used = True
        self.cells += done.cells
        if done.turn:
            self.issues.append(page_turned(done.turn, number))
        straight = f", straightened by {done.angle:+.2f}°" if done.angle else ""
        self.issues.append(_issue("ocr_used", f"page read by OCR ({describe()}, {done.dpi} dpi{straight}): {why}",
                                  number))
        return done, done.chars

    def close(self) -> None:
        self.reader.close()


_TURNS = {90: "running down the page (turned a quarter clockwise)",
          270: "running up the page (turned a quarter anticlockwise)", 180: "upside down"}


def page_turned(degrees: int, page: int | None):
    """The ``page_turned`` warning of a page read turned back by ``degrees`` (it showed them turned clockwise):
    a scan's here, a text-layer page's in readers/pages.py."""
    return _issue("page_turned", f"the page shows its text {_TURNS[degrees]}: read turned to run left to right "
                                 "(its boxes are the turned page's, from its top-left as it reads)", page)


def _issue(code: str, message: str, page: int | None):
    from reportparse.model import Issue

    return Issue(code, message, page)
