"""The stages every page goes through, whatever form it came in (a PDF page from either backend, an OFD page,
an OCR'd scan): ``read_pages`` turns a document's pages into one ``Document``.

A page is read through the values of a pdfplumber page: ``chars`` (dicts with text, x0, x1, top, bottom,
size, fontname, and ``matrix`` for text whose baseline does not run left to right), ``lines``, ``rects``
and ``curves`` (dicts with x0, x1, top, bottom, width, height, doctop, stroke, fill and colours), ``width``,
``height``, ``n_images`` and, where the form has them, ``boxes`` (MediaBox, CropBox, /Rotate) and ``images``
(each image's box, pdfplumber's keys).  Each page is framed as it shows (``_frame``), its characters far off
it or at a slant left out (``_on_page``), doubled glyphs removed, read by OCR where it has no usable text
(where it has, its pictures of text: a table pasted as a screenshot), its ruled tables found
(``find_grids``) and the rest of its characters made into lines; then page furniture and a printed web
page's chrome are removed across pages.
"""

from __future__ import annotations

import itertools
import math
import operator

from reportparse.document import Document, Grid
from reportparse.errors import TooLargeError
from reportparse.inputs import BYTES_PER_PAGE, Source, require_text_layer
from reportparse.layout import chars_to_lines, dedupe_chars, remove_furniture, site_chrome_off
from reportparse.model import Issue, Line
from reportparse.readers import ocr as ocr_mod
from reportparse.sections import section_heading
from reportparse.speedups import C
from reportparse.tables.grid import find_grids, outside


def read_pages(source: Source, doc, issues: list[Issue], ocr_pages: ocr_mod.Pages,
               unreadable: dict[int | None, str] | None = None, kind: str = "PDF") -> Document:
    """The document of ``doc``'s pages, each through the same stages; ``doc`` and ``ocr_pages`` are closed.

    ``doc`` has ``len(doc)``, ``doc.page(index)`` (0-based; a page that cannot be read raises, costing that
    page a ``page_unreadable`` warning) and ``doc.close()``; a page with a ``close()`` is closed once read.
    ``unreadable``: pages known broken before they are read (number -> why), left out with a warning.
    ``kind`` names the form in the page-limit error.
    """
    unreadable = unreadable or {}
    try:
        n_pages = len(doc)
        if source.max_pages is not None and n_pages > source.max_pages:
            raise TooLargeError(f"the {kind} has {n_pages} pages, past the limit of {source.max_pages} pages "
                                f"(one per {BYTES_PER_PAGE // 1024} KiB of the {source.max_bytes / 2**20:.0f} MiB "
                                "size limit)", source.path)
        pages_lines, heights, grids = [], [], []
        n_chars = n_images = n_cid = 0
        for number in range(1, n_pages + 1):
            page = None
            if number in unreadable:
                issues.append(Issue("page_unreadable", f"page could not be read ({unreadable[number]}); "
                                                       "its text and cells are missing", number))
                pages_lines.append([])
                heights.append(842.0)
                continue
            try:
                page = raw = doc.page(number - 1)
                page, chars, cropped, turn, across = _frame(page, page.chars)
                chars, far, slanted = _on_page(chars, page.width, page.height)
                chars = dedupe_chars(chars)
            except Exception as e:  # noqa: BLE001 - a damaged page costs that page, not the report
                issues.append(Issue("page_unreadable", f"page could not be read ({type(e).__name__}: {e}); "
                                                       "its text and cells are missing", number))
                pages_lines.append([])
                heights.append(_height(page))
                continue
            if turn:
                issues.append(ocr_mod.page_turned(_DEGREES[turn], number))
            if across >= _ACROSS and across >= 0.1 * len(chars):
                issues.append(Issue("text_turned", f"{across} characters run across the page as it reads (a "
                                                   "table or text set sideways among upright text): read as they "
                                                   "lie, their lines and cells may be out of order", number))
            if cropped:
                issues.append(Issue("glyphs_off_page", f"{len(cropped)} character(s) outside the page's CropBox, "
                                                       f"not shown ({''.join(c['text'] for c in cropped)[:20]!r}), "
                                                       "left out of the text", number))
            if far:
                issues.append(Issue("glyphs_off_page", f"{len(far)} character(s) placed far outside the page "
                                                       f"({''.join(c['text'] for c in far)[:20]!r}, e.g. at x = "
                                                       f"{far[0]['x0']:.3g}) left out of the text", number))
            if slanted:
                issues.append(Issue("slanted_text", f"{len(slanted)} character(s) set at a slant "
                                                    f"({''.join(c['text'] for c in slanted)[:20]!r}: a watermark or a "
                                                    "seal) left out of the text and the tables", number))
            page, chars = ocr_pages.take(page, chars, number)
            # counted by str methods in C: most pages have no (cid:n) at all; a blank text is "" or whitespace
            texts = [c["text"] for c in chars]
            cid = sum(1 for t in texts if t.startswith("(cid:")) if "(cid:" in "".join(texts) else 0
            n_chars += len(texts) - texts.count("") - sum(map(str.isspace, texts)) - cid
            n_cid += cid
            n_images += page.n_images
            if cid > 0.2 * max(len(chars), 1):
                issues.append(Issue("cid_glyphs", f"{cid} characters without a Unicode mapping (cid:n); "
                                                  "this page's text is unreliable", number))
                chars = [c for c in chars if not c["text"].startswith("(cid:")]
            try:
                page_grids = find_grids(page, chars, number) if chars else []
            except Exception as e:  # noqa: BLE001 - a broken drawing loses the page's tables, not its text
                issues.append(Issue("grid_unreadable", f"the rules of this page could not be read "
                                                       f"({type(e).__name__}: {e}); its tables are missing", number))
                page_grids = []
            grids.extend(page_grids)
            page_lines = chars_to_lines(outside(chars, page_grids), number) + _headings_in(page_grids)
            pages_lines.append(sorted(page_lines, key=lambda ln: (ln.top, ln.x0)))
            heights.append(_height(page))
            if hasattr(raw, "close"):  # a pdfplumber page holds its parsed objects until closed
                raw.close()
        require_text_layer(source, n_chars, n_images, n_pages, n_cid, ocr_pages.missing)
    finally:
        ocr_pages.close()
        doc.close()
    pages_lines = remove_furniture(pages_lines, heights)
    lines = [ln for page in pages_lines for ln in page]
    lines = site_chrome_off(lines)
    return Document(lines=lines, grids=grids, pages=n_pages, geometric=True, issues=issues, ocr=ocr_pages.used,
                    ocr_cells=ocr_pages.cells)


# ------------------------------------------------------------------ the page as it shows, turned to read
_ACROSS = 40  # characters running across the page as read: more than a vertical cell label or two
_DEGREES = {"down": 90, "up": 270, "180": 180}  # a turn by the degrees the page shows turned clockwise


class _Framed:
    """A page's values in the frame it is read in (``_frame``): what the stages read of a page."""

    def __init__(self, page, width: float, height: float, lines: list, rects: list, curves: list):
        self.number, self.n_images = getattr(page, "number", None), page.n_images
        self.width, self.height, self.lines, self.rects, self.curves = width, height, lines, rects, curves
        self.chars: list[dict] = []
        self.images: list[dict] = []  # moved with the page where it is not turned (OCR of pictures: ocr.pictures)
        self.origin = (0.0, 0.0)  # where the page as pdfium renders it (its CropBox) starts, in this frame


def _frame(page, chars: list[dict]) -> tuple[object, list[dict], list[dict], str | None, int]:
    """(page, characters, characters outside the CropBox, turn, characters running across the page as read):
    the page as a reader sees it.

    The backends give pdfplumber's coordinates: from the MediaBox's top-left as the page shows (after its
    /Rotate), but x and top offset by the MediaBox's corner where it does not start at (0, 0); and text drawn
    turned on the sheet stays turned.  A reader sees the page within its CropBox and turns a page whose text
    runs down, up or upside down until it runs left to right.  So here every box is moved to the MediaBox's
    top-left (not the CropBox's: where some pages are cropped and some not, their text keeps its place on
    the sheet, and running headers stay level), a character outside the CropBox (not shown) is left out,
    and a page whose text mostly runs one way other than left to right is turned (``turn``: "down", "up" or
    "180").  Text turned against the page as read (a vertical cell label) is left as it lies, and counted
    (``across``): a few characters are a label, many a sideways table on an upright page (or upright text
    on a page turned to read), which lines and cells do not read in order.  A plain page (a
    MediaBox at (0, 0), no smaller CropBox, no character turned) is returned as it is, without a look at its
    characters.
    """
    boxes = _visible(page)
    turn, across = _turn(chars) if any(map(operator.contains, chars, itertools.repeat("matrix"))) else (None, 0)
    if boxes is None and turn is None:
        return page, chars, [], None, across
    (x0, top, x1, bottom), crop = boxes or ((0.0, 0.0, page.width, page.height), None)
    w, h = x1 - x0, bottom - top
    if turn == "down":  # the point (x, t) of the page as it shows -> (x, t) of the page turned to read
        move, size = (lambda x, t: (t - top, x1 - x)), (h, w)
    elif turn == "up":
        move, size = (lambda x, t: (bottom - t, x - x0)), (h, w)
    elif turn == "180":
        move, size = (lambda x, t: (x1 - x, bottom - t)), (w, h)
    else:
        move, size = (lambda x, t: (x - x0, t - top)), (w, h)
    kept, cropped = [], []
    for c in chars:
        if crop is not None and not (crop[0] <= (c["x0"] + c["x1"]) / 2 <= crop[2]
                                     and crop[1] <= (c["top"] + c["bottom"]) / 2 <= crop[3]):
            cropped.append(c)
            continue
        c = _moved(c, move, size[1])
        m = c.get("matrix")
        if turn and m and not _slanted(m):  # turned with the page: now upright, or a quarter off it (a label)
            del c["matrix"]
        kept.append(c)
    framed = _Framed(page, *size, *([_moved(o, move, size[1]) for o in objs]
                                    for objs in (page.lines, page.rects, page.curves)))
    framed.chars = kept
    if not turn:  # a page turned to read shows its pictures turned: they are not read (ocr.pictures)
        framed.images = [_moved(o, move, size[1]) for o in getattr(page, "images", ()) if isinstance(o, dict)]
        framed.origin = (crop[0] - x0, crop[1] - top) if crop is not None else (0.0, 0.0)
    return framed, kept, cropped, turn, across


def _visible(page) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float] | None] | None:
    """(the MediaBox, the CropBox where it is smaller), each (x0, top, x1, bottom) in the backend's
    coordinates; None where the MediaBox starts at (0, 0) and the CropBox is the MediaBox (nothing to do)."""
    boxes = getattr(page, "boxes", ())
    if not boxes:
        return None
    (mx0, my0, mx1, my1), (cx0, cy0, cx1, cy1), rotation = boxes
    cx0, cy0, cx1, cy1 = max(cx0, mx0), max(cy0, my0), min(cx1, mx1), min(cy1, my1)
    # pdfminer's page CTM, then pdfplumber's flip and MediaBox offset (as readers/pdfium._Geometry)
    ctm = {90: lambda u, v: (v - my0, mx1 - u), 180: lambda u, v: (mx1 - u, my1 - v),
           270: lambda u, v: (my1 - v, u - mx0)}.get(rotation, lambda u, v: (u - mx0, v - my0))
    bx0, by1, height = (my0, mx1, mx1 - mx0) if rotation in (90, 270) else (mx0, my1, my1 - my0)

    def box(x0, y0, x1, y1) -> tuple[float, float, float, float]:
        pts = [ctm(u, v) for u in (x0, x1) for v in (y0, y1)]
        xs, tops = [x + bx0 for x, _ in pts], [2 * height - y - by1 for _, y in pts]
        return min(xs), min(tops), max(xs), max(tops)

    media = box(mx0, my0, mx1, my1)
    crop = box(cx0, cy0, cx1, cy1) if cx1 > cx0 and cy1 > cy0 else media
    crop = None if all(abs(a - b) < 0.01 for a, b in zip(crop, media)) else crop
    if crop is None and all(abs(v) < 0.01 for v in media[:2]):
        return None
    return media, crop


def _turn(chars: list[dict]) -> tuple[str | None, int]:
    """(the way most of the page's text runs where that is not left to right: "down", "up" or "180"; how many
    characters run another way than that, or than left to right where it is None).  Blanks and characters
    set at a slant are not counted."""
    runs = {"right": 0, "down": 0, "up": 0, "180": 0}
    n = 0
    for c in chars:
        if not c["text"].strip():
            continue
        m = c.get("matrix")  # pdfminer's (a, b, …): the baseline's direction, y up
        if m and _slanted(m):
            continue
        n += 1
        if not m:
            runs["right"] += 1
        elif abs(m[1]) > abs(m[0]):
            runs["down" if m[1] < 0 else "up"] += 1
        else:
            runs["right" if m[0] > 0 else "180"] += 1
    way = max(("down", "up", "180"), key=runs.get)
    if runs[way] <= n / 2:
        way = "right"
    return (None if way == "right" else way), n - runs[way]


def _moved(obj: dict, move, height: float) -> dict:
    """A copy of a character or a drawn object, its box (and points) moved by ``move`` into a page ``height``
    high."""
    out = dict(obj)
    (ax, at), (bx, bt) = move(obj["x0"], obj["top"]), move(obj["x1"], obj["bottom"])
    out["x0"], out["x1"], out["top"], out["bottom"] = min(ax, bx), max(ax, bx), min(at, bt), max(at, bt)
    if "y0" in obj:  # a drawn object: pdfplumber's other values of its box
        out["width"], out["height"] = out["x1"] - out["x0"], out["bottom"] - out["top"]
        out["y0"], out["y1"], out["doctop"] = height - out["bottom"], height - out["top"], out["top"]
    if obj.get("pts"):
        out["pts"] = [move(x, t) for x, t in obj["pts"]]
    return out


def _on_page(chars: list[dict], width: float, height: float) -> tuple[list[dict], list[dict], list[dict]]:
    """(characters on or near the page, characters far off it, characters set at a slant).

    A glyph whose box is not finite or lies more than a page's width or height beyond the page (placed at
    x = 1e300 in the middle of a paragraph) is drawn nowhere a reader sees; left in, it splits its line.

    A glyph whose baseline runs at a slant to the page's edges (``_slanted``) is a watermark across the
    page (政务公开 at 45°) or the name set around a seal, drawn over the text and the tables: left in, it
    lands in the lines and cells it crosses (a 务 in a row label, a 公 beside a number).  Text set
    upright or turned a right angle (a vertical cell label) stays.
    """
    if len(chars) >= 128 and _all_upright_on_page(chars, width, height):
        return chars, [], []
    far, slanted = [], []
    for i, c in enumerate(chars):
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not (math.isfinite(x) and math.isfinite(y) and -width <= x <= 2 * width and -height <= y <= 2 * height):
            far.append(c)
            continue
        m = c.get("matrix")  # set only where both a and b are nonzero (readers/pdfium, _PlumberPage)
        if m and _slanted(m):
            slanted.append(i)
    if slanted:
        slanted = _slanted_runs(chars, slanted)
    if not far and not slanted:
        return chars, far, slanted
    ids = {id(c) for c in far} | {id(c) for c in slanted}
    return [c for c in chars if id(c) not in ids], far, slanted


def _all_upright_on_page(chars: list[dict], width: float, height: float) -> bool:
    """Are all characters near the page and none set at a slant (a usual page)?  ``_on_page``'s test of every
    character, on arrays: the same middles, the same comparisons (a NaN fails them as there)."""
    if C is not None:  # the same test in C (reportparse.speedups)
        return C.upright_on_page(chars if isinstance(chars, list) else list(chars), width, height)
    if any(map(operator.contains, chars, itertools.repeat("matrix"))):
        return False
    import numpy as np  # the Python twin of the compiled test (no C compiler at install): imported only then

    n = len(chars)

    def column(key: str) -> np.ndarray:
        return np.fromiter(map(operator.itemgetter(key), chars), np.float64, n)

    x, y = (column("x0") + column("x1")) / 2, (column("top") + column("bottom")) / 2
    return bool(((-width <= x) & (x <= 2 * width) & (-height <= y) & (y <= 2 * height)).all())


_SLANT = math.tan(math.radians(5))  # a baseline this far off the page's axes is set at a slant


def _slanted(m) -> bool:
    a, b = abs(m[0]), abs(m[1])
    return min(a, b) > _SLANT * max(a, b)


def _slanted_runs(chars: list[dict], slanted: list[int]) -> list[dict]:
    """The slanted characters, with the upright ones drawn among them: a seal's name set around its ring
    turns through the upright at its top (and a right angle at its sides), between two slanted neighbours
    in the order the page draws them."""
    marked = set(slanted)
    for i in slanted:
        j = i + 1  # one character between two slanted ones, drawn in about their size
        if (j + 1 < len(chars) and j not in marked and j + 1 in marked
                and abs(chars[j]["size"] - chars[i]["size"]) <= 0.5 * chars[i]["size"]):
            marked.add(j)
    return [chars[i] for i in sorted(marked)]


def _height(page) -> float:
    try:
        return float(page.height or 842) if page is not None else 842.0
    except Exception:  # noqa: BLE001 - a page whose box cannot be read is drawn as A4
        return 842.0


def _headings_in(grids: list[Grid]) -> list[Line]:
    """A section heading printed as a table's first row (三、收到和处理… across the top): a body line above it."""
    out = []
    for g in grids:
        for cell in g.cells:
            if cell.r0 == 0 and cell.c1 - cell.c0 >= g.n_cols - 1 and section_heading(cell.text):
                x0, top, x1, _ = cell.bbox
                out.append(Line(text=cell.text, page=g.page, x0=x0, x1=x1, top=top - 1.0, bottom=top - 0.5))
    return out
