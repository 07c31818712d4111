"""Pictures of text on a text-layer page, read by OCR: a table or a paragraph pasted into Word as a screenshot
and exported to PDF.  The page keeps its text layer (``ocr.reason`` finds it usable), and the picture's text is
in no character of it.

    which       ``pictures``: images a good part of the page wide that no text covers (not a seal or a logo,
                not a background under the text)
    read        each alone, rendered at its own resolution, through the steps a scanned page goes through
                (``ocr.read_pixels``: rules, text lines, cells reread where unsure)
    added       its characters, rules and cells moved into the page's coordinates and added to the page's
                own (``read``), so the grid finder and the line stages read the pictured table or paragraph as
                any other; warned ``image_text`` with the page and the picture's box.  A picture in which OCR
                reads (almost) nothing adds nothing; without the engine ``image_unread`` names each picture.

A page that is itself a picture (an image as large as the page) under a usable text layer is a searchable
scan: a scanner's OCR software wrote the invisible words over it.  The words are read from the text layer
and not again by OCR; what the layer lacks are the tables' rules, which are only in the picture.  So the
picture is drawn, straightened where the scan is skewed (the words turned with it, into the same frame),
and its rules and shaded bands are added to the page (``ocr.find_rules``, ``ocr.unfill``: no OCR engine,
only OpenCV), so the tables read as ruled grids; warned ``scan_text_layer``.

``ocr.Pages.take`` calls ``read`` for a page with a usable text layer and images (``--ocr auto`` only); a
page without images costs nothing here.
"""

from __future__ import annotations

import math

from reportparse.normalize import point
from reportparse.readers import ocr
from reportparse.readers.ocr import OcrCell, OcrPage, Pages, _issue, read_pixels
from reportparse.readers.pdfium import PdfiumPage

#: An image narrower than this share of the page (a seal, a logo, an icon) is not read.
PICTURE_WIDTH = 0.3
#: Nor one lower than this many points (a rule, a strip under a banner): a line of 10.5 pt text is 14 high.
PICTURE_HEIGHT = 12.0
#: An image whose area text-layer characters cover by more than this share lies behind the text (a letterhead,
#: a background, a scan under its own text layer): the text layer reads it already.
PICTURE_COVER = 0.05
#: A picture in which OCR reads fewer characters holds no text (a photo, a seal): nothing is added.
PICTURE_CHARS = 8
#: An image this share of the page wide and high is the page scanned (a searchable scan where text lies over it).
SCAN_COVER = 0.9


def _images(page) -> list[tuple[float, float, float, float, float]]:
    """(x0, top, x1, bottom, dpi) of each of the page's boxed images, cut to the page, to 0.1 pt (``point``:
    the region rendered, so where its pixels land, must not depend on the backend); the dpi is its pixels
    across its width (0 where they are not known)."""
    out = []
    for im in getattr(page, "images", ()):
        if not isinstance(im, dict):
            continue
        x0, top = max(0.0, point(im["x0"])), max(0.0, point(im["top"]))
        x1, bottom = min(point(page.width), point(im["x1"])), min(point(page.height), point(im["bottom"]))
        px = (im.get("srcsize") or (0, 0))[0] or 0
        out.append((x0, top, x1, bottom, px * 72 / (im["x1"] - im["x0"]) if px and im["x1"] > im["x0"] else 0.0))
    return out


def scan_image(page) -> tuple[tuple[float, float, float, float], int] | None:
    """(box, dpi) of the page scanned, where it has one: an image covering the page (``SCAN_COVER`` of its width
    and height), or images as wide that cover it together, one under the other (a scanner that stores a page
    as strips).  The dpi is the widest image's own, kept between 150 and 200 (enough to find rules)."""
    wide = [(top, bottom, x0, x1, dpi or 200.0) for x0, top, x1, bottom, dpi in _images(page)
            if x1 - x0 >= SCAN_COVER * page.width and bottom > top]
    if not wide:
        return None
    wide.sort()
    covered, reach = 0.0, 0.0  # the height the images cover, counted once where they overlap
    for top, bottom, *_ in wide:
        covered += max(0.0, bottom - max(top, reach))
        reach = max(reach, bottom)
    if covered < SCAN_COVER * page.height:
        return None
    box = (min(w[2] for w in wide), wide[0][0], max(w[3] for w in wide), max(w[1] for w in wide))
    dpi = max(wide, key=lambda w: w[3] - w[2])[4]
    return box, int(min(200, max(150, round(dpi))))


def pictures(page, chars: list[dict]) -> list[tuple[tuple[float, float, float, float], int]]:
    """The regions of a text-layer page that may be pictures of text the text layer lacks (a table or a
    paragraph pasted as a screenshot), each (box, dpi to read it at): images at least ``PICTURE_WIDTH`` of
    the page wide and ``PICTURE_HEIGHT`` high, not behind the text (``PICTURE_COVER``); overlapping images
    are one region.  The dpi is the images' own resolution, kept between 150 and 300 (a screenshot at 96 dpi
    is read at 150).  Asked only of a page with images; a page whose images are not boxed (an OFD page)
    has none."""
    found = [list(im) for im in _images(page)
             if im[2] - im[0] >= PICTURE_WIDTH * page.width and im[3] - im[1] >= PICTURE_HEIGHT]
    merged: list[list[float]] = []
    for box in sorted(found, key=lambda b: (b[1], b[0])):
        for m in merged:
            if box[0] < m[2] and m[0] < box[2] and box[1] < m[3] and m[1] < box[3]:
                m[:] = [min(m[0], box[0]), min(m[1], box[1]), max(m[2], box[2]), max(m[3], box[3]),
                        max(m[4], box[4])]
                break
        else:
            merged.append(box)
    out = []
    for x0, top, x1, bottom, dpi in merged:
        covered = sum((c["x1"] - c["x0"]) * (c["bottom"] - c["top"]) for c in chars
                      if c["text"].strip() and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                      and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        if covered <= PICTURE_COVER * (x1 - x0) * (bottom - top):
            out.append(((x0, top, x1, bottom), int(min(300, max(150, round(dpi or 200))))))
    return out


def _placed(region: OcrPage, dx: float, dy: float) -> OcrPage:
    """The region's characters, rules, fills and cells moved by (dx, dy) points: into the page's coordinates."""
    def moved(obj: dict) -> dict:
        out = dict(obj)
        out["x0"], out["x1"] = obj["x0"] + dx, obj["x1"] + dx
        out["top"], out["bottom"] = obj["top"] + dy, obj["bottom"] + dy
        if "doctop" in obj:
            out["doctop"] = out["top"]
        out.pop("y0", None), out.pop("y1", None)  # from the page's foot: set by the page (Pages._with)
        return out

    region.chars = [moved(c) for c in region.chars]
    region.lines, region.rects, region.curves = ([moved(o) for o in objs] for objs in
                                                 (region.lines, region.rects, region.curves))
    region.cells = [OcrCell(c.page, (c.bbox[0] + dx, c.bbox[1] + dy, c.bbox[2] + dx, c.bbox[3] + dy), c.text,
                            c.score) for c in region.cells]
    return region


def _box(box) -> str:
    return f"[{', '.join(f'{v:.1f}' for v in box)}]"


def read_picture(reader: ocr.Reader, index: int, box: tuple[float, float, float, float], dpi: int,
                 origin: tuple[float, float] = (0.0, 0.0)) -> OcrPage:
    """What OCR reads in the region ``box`` of page ``index`` at ``dpi`` (``origin``: see ``Reader.render_box``):
    an ``OcrPage`` of the region, its characters, rules, fills and cells in the page's coordinates."""
    gray, x0, top = reader.render_box(index, box, dpi, origin)
    k = 72 / dpi
    region = OcrPage(number=index + 1, width=gray.shape[1] * k, height=gray.shape[0] * k, dpi=dpi,
                     reason="a picture of text", n_images=0)
    return _placed(read_pixels(region, gray), x0, top)


def read(pages: Pages, page, chars: list[dict], number: int):
    """The page with what OCR reads in its pictures of text (``pictures``) added to its own characters and
    rules, each picture read warned ``image_text``; the page as it was where it has none, or none holds
    text.  Its text-layer characters stay as they are.  A searchable scan gets the rules of its picture
    instead (``_scan_rules``)."""
    if not pages.reader.renders_text:
        return page, chars
    scanned = scan_image(page)
    if scanned is not None:
        return _scan_rules(pages, page, chars, number, *scanned)
    found = pictures(page, chars)
    if not found:
        return page, chars
    try:
        ocr.engine()
    except ocr.OcrUnavailable as e:
        for box, _ in found:
            pages.issues.append(_issue("image_unread", f"a picture {_box(box)} with no text over it may show text (a "
                                                       f"table or a paragraph pasted as a screenshot): OCR would read "
                                                       f"it, but {e}", number))
        return page, chars
    origin = getattr(page, "origin", (0.0, 0.0))
    new_chars, lines, rects = list(chars), list(page.lines), list(page.rects)
    for box, dpi in found:
        try:
            region = read_picture(pages.reader, number - 1, box, dpi, origin)
        except Exception as e:  # noqa: BLE001 - a picture that cannot be drawn costs itself, not the report
            pages.issues.append(_issue("image_unread", f"a picture {_box(box)} with no text over it could not be "
                                                       f"read by OCR ({type(e).__name__}: {e})", number))
            continue
        n_read = sum(1 for c in region.chars if c["text"].strip())
        if n_read < PICTURE_CHARS:
            continue  # a photo, a seal, a logo
        new_chars += region.chars
        lines += region.lines
        rects += [{**r, "y0": page.height - r["bottom"], "y1": page.height - r["top"]} for r in region.rects]
        pages.cells += region.cells
        pages.used = True
        rules = f" and {len(region.lines)} ruling lines" if region.lines else ""
        cells = f"; {len(region.cells)} table cells in it read by OCR" if region.cells else ""
        pages.issues.append(_issue("image_text", f"a picture {_box(box)} read by OCR ({ocr.describe()}, {dpi} dpi): "
                                                 f"{n_read} characters{rules} added to the page's text{cells}",
                                   number))
    if len(new_chars) == len(chars):
        return page, chars
    out = PdfiumPage(number=number, width=page.width, height=page.height, chars=new_chars, lines=lines,
                     rects=rects, curves=list(page.curves), n_images=page.n_images)
    return out, new_chars


def _scan_rules(pages: Pages, page, chars: list[dict], number: int, box: tuple[float, float, float, float],
                dpi: int):
    """A searchable scan's page with the rules and shaded bands of its picture, where the page draws none of
    its own: the picture straightened (``ocr.skew``), and the characters turned with it about the same point
    into the same frame, warned ``scan_text_layer`` (the words are its producer's OCR).  A page whose text shows
    (not text render mode 3, ``Reader.invisible_text``) or that draws rules of its own is no scan (OCR software
    writes its words invisibly and draws no rules): text over a background picture of the page, read as it is."""
    if page.lines or page.rects or page.curves or not getattr(pages.reader, "invisible_text", lambda i: False)(number - 1):
        # OCR software draws no rules, and its words are invisible: text (and tables) shown over a picture of
        # the whole page (a letterhead, a paper texture, a watermark) is read as it is
        return page, chars
    what = ("the page is a scan under a text layer (a searchable scan: its words are the OCR of the software "
            "that made it, and may be misread)")
    try:
        import cv2  # noqa: F401  (opencv-python-headless, with the ocr extra)
    except ImportError:
        pages.issues.append(_issue("scan_text_layer", f"{what}; the rules in the picture were not read (OpenCV is "
                                                      f"not installed; {ocr.INSTALL_HINT}): its tables are read "
                                                      "from the positions of the words alone", number))
        return page, chars
    try:
        gray, x0, top = pages.reader.render_box(number - 1, box, dpi, getattr(page, "origin", (0.0, 0.0)))
        angle = ocr.skew(gray)
        if angle:
            gray = ocr.rotate(gray, angle)
        ink, fills = ocr.unfill(gray, ocr.binarize(gray), dpi)
        _, rules = ocr.find_rules(ink, dpi)
    except Exception as e:  # noqa: BLE001 - a picture that cannot be drawn costs its rules, not the report
        pages.issues.append(_issue("scan_text_layer", f"{what}; the rules in the picture could not be read "
                                                      f"({type(e).__name__}: {e})", number))
        return page, chars
    k = 72 / dpi
    mid = (x0 + gray.shape[1] * k / 2, top + gray.shape[0] * k / 2)
    region = OcrPage(number=number, width=gray.shape[1] * k, height=gray.shape[0] * k, lines=rules, rects=fills,
                     dpi=dpi)
    region = _placed(region, x0, top)
    new_chars = [_turned(c, angle, mid) for c in chars] if angle else chars
    straight = f", straightened by {angle:+.2f}° with its words" if angle else ""
    pages.issues.append(_issue("scan_text_layer", f"{what}; {len(rules)} ruling lines read from the picture "
                                                  f"({dpi} dpi{straight})", number))
    out = PdfiumPage(number=number, width=page.width, height=page.height, chars=new_chars, lines=region.lines,
                     rects=[{**r, "y0": page.height - r["bottom"], "y1": page.height - r["top"]} for r in region.rects],
                     curves=[], n_images=page.n_images)
    return out, new_chars


def _turned(c: dict, angle: float, mid: tuple[float, float]) -> dict:
    """A copy of character ``c`` moved as ``ocr.rotate`` turns the picture by ``angle`` degrees about ``mid``
    (points, y down): its middle turned, its size kept; a baseline turned with the scan is then level."""
    t = math.radians(angle)
    cos, sin = math.cos(t), math.sin(t)
    x, y = (c["x0"] + c["x1"]) / 2 - mid[0], (c["top"] + c["bottom"]) / 2 - mid[1]
    dx, dy = x * cos + y * sin - x, -x * sin + y * cos - y
    out = {**c, "x0": c["x0"] + dx, "x1": c["x1"] + dx, "top": c["top"] + dy, "bottom": c["bottom"] + dy}
    if "y0" in c:
        out["y0"], out["y1"] = c["y0"] - dy, c["y1"] - dy
    m = out.get("matrix")
    if m and abs(m[1]) < 0.1 * abs(m[0]) and m[0] > 0:  # set along the scan's skew: level now
        del out["matrix"]
    return out
