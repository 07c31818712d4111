"""Write samples/rotated/: sample reports with pages that are not plain portrait pages, each with its truth.

    python samples/make_rotated.py

The reports are make_samples.py's (same contents, same page layout, same truth); only how some pages are
set on the sheet changes, the way real exports and print drivers set them:

    wide        a landscape page: MediaBox wider than tall (Word's landscape section)
    rot90       a landscape page as a portrait MediaBox with /Rotate 90, the content drawn turned so the
                page shows upright (Acrobat's and many print drivers' output)
    rot270      the same with /Rotate 270
    rot180      a portrait page with /Rotate 180, the content drawn upside down so it shows upright
    offset      a portrait page whose MediaBox starts at (40, 60) and whose CropBox is 10 pt inside it
    body90      a portrait page as a landscape MediaBox with /Rotate 90, the content turned to show upright
    sideways    a landscape page printed onto a portrait sheet without /Rotate: it shows turned a quarter
                (the reader turns the paper; text reads bottom to top)
    viewer90    a portrait page turned in a viewer: /Rotate 90 over content drawn upright, so it shows
                lying on its side (text reads top to bottom)

A table set landscape stands on pages of its own (its heading and rows, as a Word section set landscape
holds it; it runs on over two pages), drawn as on a portrait page scaled to the landscape page's height and
centred; the page number stays at the foot of the page as it reads.  Deterministic: reportlab with ``invariant=1`` as
make_samples.py, so a second run gives the same bytes.  The truth is make_samples.py's (the same function
writes it), with a note naming each page's setting.
"""

from __future__ import annotations

import copy
import json
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_samples as ms  # noqa: E402
from reportlab.pdfbase import pdfdoc  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

OUT = Path(__file__).resolve().parent / "rotated"
PW, PH = ms.PW, ms.PH

# setting -> (the sheet as the page reads: landscape?, /Rotate, MediaBox size (w, h) in user space)
SETTINGS = {
    "portrait": (False, 0, (PW, PH)),
    "wide": (True, 0, (PH, PW)),
    "rot90": (True, 90, (PW, PH)),
    "rot270": (True, 270, (PW, PH)),
    "rot180": (False, 180, (PW, PH)),
    "offset": (False, 0, (PW, PH)),
    "body90": (False, 90, (PH, PW)),
    "sideways": (True, 0, (PW, PH)),
    "viewer90": (False, 90, (PW, PH)),
}
OFFSET = (40.0, 60.0)  # the MediaBox's lower-left corner on "offset" pages
CROP_INSET = 10.0

SPLIT = {"break_before": "unavailable_not_held"}  # the applications table runs on over two landscape pages

# name -> (make_samples sample, the table whose pages change, setting, pages changed besides, sample changes)
REPORTS = {
    "rotated-wide-word-2022": ("layout-word-2022", "applications", "wide", {}, SPLIT),
    "rotated-rot90-word-2022": ("layout-word-2022", "applications", "rot90", {}, SPLIT),
    "rotated-rot270-wps-2023": ("layout-wps-2023", "applications", "rot270", {}, {}),
    "rotated-offset-rot180-gov-2024": ("layout-gov-2024", None, None, {1: "offset", 2: "rot180", 5: "offset"}, {}),
    "rotated-body90-word-2022": ("layout-word-2022", None, None, {1: "body90", 2: "body90", 5: "body90"}, {}),
    "rotated-sideways-word-2022": ("layout-word-2022", "applications", "sideways", {}, SPLIT),
    "rotated-viewer90-gov-2024": ("layout-gov-2024", None, None, {2: "viewer90"}, {}),
}


def _to_user(setting: str) -> tuple:
    """The matrix (a, b, c, d, e, f) from the page as it reads (points, y up) to the sheet's user space."""
    landscape, rotate, (w, h) = SETTINGS[setting]
    if setting == "sideways":  # turned as /Rotate 90 would turn it, without the /Rotate
        return (0, 1, -1, 0, w, 0)
    if setting == "viewer90":  # drawn upright: the /Rotate turns what shows
        return (1, 0, 0, 1, 0, 0)
    if setting == "offset":
        return (1, 0, 0, 1, *OFFSET)
    return {0: (1, 0, 0, 1, 0, 0), 90: (0, 1, -1, 0, w, 0), 180: (-1, 0, 0, -1, w, h),
            270: (0, -1, 1, 0, 0, h)}[rotate]


def _moved(o: tuple, dx: float, dy: float) -> tuple:
    """A furniture operation moved with the page's foot and head (rules are horizontal)."""
    if o[0] == "text":
        return (o[0], o[1] + dx, o[2] + (dy if o[2] > PH / 2 else 0), *o[3:])
    _, kind, at, a, b, how = o
    return ("rule", kind, at + (dy if at > PH / 2 else 0), a + dx, b + dx, how)


def _ops(c: canvas.Canvas, ops: list[tuple]) -> None:
    """make_samples.render's drawing of one page's operations."""
    for o in ops:
        if o[0] == "rect":
            c.setFillColorRGB(*o[5])
            c.rect(*o[1:5], stroke=0, fill=1)
        elif o[0] == "rule":
            _, kind, at, a, b, how = o
            x0, y0, x1, y1 = (a, at, b, at) if kind == "h" else (at, a, at, b)
            if how == "line":
                c.line(x0, y0, x1, y1)
            else:
                c.setFillColorRGB(*ms.BLACK)
                c.rect(x0 - 0.25, y0 - 0.25, x1 - x0 + 0.5, y1 - y0 + 0.5, stroke=0, fill=1)
        else:
            _, x, y, size, cs, segs = o
            c.setFillColorRGB(*ms.BLACK)
            t = c.beginText(x, y)
            t.setFont(ms.FONT, size)
            t.setCharSpace(cs)
            for text, bold in segs:
                t.setTextRenderMode(2 if bold else 0)
                t.textOut(text)
            c.drawText(t)


def render(path: Path, doc: ms.Doc, title: str, agency: str, settings: dict[int, str]) -> None:
    """make_samples.render with each page set on the sheet as ``settings`` says (page -> setting)."""
    c = canvas.Canvas(str(path), pagesize=ms.A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(agency)
    boxes: dict[int, tuple] = {}
    add_page = c._doc.addPage

    def add(page):  # an offset MediaBox: reportlab writes [0 0 w h] unless the page has its own
        box = boxes.get(len(c._doc.Pages.pages) + 1)
        if box:
            page.MediaBox = pdfdoc.PDFArray(list(box))
        add_page(page)

    c._doc.addPage = add
    n = len(doc.pages)
    for i, ops in enumerate(doc.pages, 1):
        setting = settings.get(i, "portrait")
        landscape, rotate, (w, h) = SETTINGS[setting]
        # reportlab writes the MediaBox of a /Rotate 90 or 270 page turned: give it the size turned back
        c.setPageSize((h, w) if rotate in (90, 270) else (w, h))
        c.setPageRotation(rotate)
        if setting == "offset":
            ox, oy = OFFSET
            boxes[i] = (ox, oy, ox + PW, oy + PH)
            c.setCropBox((ox + CROP_INSET, oy + CROP_INSET, ox + PW - CROP_INSET, oy + PH - CROP_INSET))
        else:
            c.setCropBox(None)
        c.setLineWidth(0.5)
        c.saveState()
        c.transform(*_to_user(setting))
        rw, rh = (PH, PW) if landscape else (PW, PH)  # the page as it reads
        furniture = ms.furniture(doc.s, agency, i, n)
        _ops(c, [_moved(o, (rw - PW) / 2, rh - PH) for o in furniture])
        if landscape:  # the body scaled to the landscape page's height, centred
            scale = PW / PH
            c.translate((PH - PW * scale) / 2, 0)
            c.scale(scale, scale)
        _ops(c, ops)
        c.restoreState()
        c.showPage()
    c.save()


@contextmanager
def _section_of_its_own(table: str | None):
    """make_samples' page flow with ``table`` (its heading and rows) on pages of its own, as a Word section
    set landscape holds it: a page break before its heading and after its last row."""
    lay = ms.Doc.table

    def table_alone(self, name, *args, **kwargs):
        if name == table and self.pages[-1]:
            self.new_page()
        lay(self, name, *args, **kwargs)
        if name == table:
            self.new_page()

    ms.Doc.table = table_alone
    try:
        yield
    finally:
        ms.Doc.table = lay


@contextmanager
def _writing_to(folder: Path, settings: dict[int, str]):
    """make_samples.build, writing into ``folder`` and drawing with this module's ``render``."""
    out, draw = ms.OUT, ms.render
    ms.OUT = folder
    ms.render = lambda path, doc, title, agency: render(path, doc, title, agency, settings)
    try:
        yield
    finally:
        ms.OUT, ms.render = out, draw


def _settings(sample: dict, table: str | None, setting: str | None, extra: dict) -> dict[int, str]:
    """Page -> setting: the pages ``table`` stands on, and ``extra``."""
    if table is None:
        return dict(extra)
    doc, _ = ms.lay_out(sample, ms.make_tables(sample))
    pages = next({p for p, _ in t["segments"]} for t in doc.table_info if t["name"] == table)
    return {**{p: setting for p in sorted(pages)}, **extra}


NOTES = {
    "wide": "landscape page: MediaBox {w:g} x {h:g}, no /Rotate; the portrait page's content scaled by 0.707 to its "
            "height, centred",
    "rot90": "landscape page drawn on a portrait MediaBox with /Rotate 90, the content turned to show upright; "
             "scaled by 0.707, centred",
    "rot270": "landscape page drawn on a portrait MediaBox with /Rotate 270, the content turned to show upright; "
              "scaled by 0.707, centred",
    "rot180": "/Rotate 180, the content drawn upside down so that it shows upright",
    "offset": "MediaBox [40 60 635.28 901.89] (not at the origin), CropBox 10 pt inside it; the content moved with it",
    "body90": "portrait page drawn on a landscape MediaBox with /Rotate 90, the content turned to show upright",
    "sideways": "landscape page printed onto a portrait MediaBox without /Rotate: it shows turned a quarter "
                "(text runs bottom to top); scaled by 0.707",
    "viewer90": "portrait page turned in a viewer: /Rotate 90 over content drawn upright, so it shows on its side "
                "(text runs top to bottom)",
}


def build(name: str, base: str, table: str | None, setting: str | None, extra: dict, changes: dict) -> dict:
    sample = {**copy.deepcopy({s["name"]: s for s in ms.SAMPLES + ms.SHAPES}[base]), **changes}
    with _section_of_its_own(table):
        settings = _settings(copy.deepcopy(sample), table, setting, extra)
        sample["name"] = name
        with _writing_to(OUT, settings):
            built = ms.build(sample)
    truth = built["truth"]
    truth["notes"] += [f"Page {p}: " + NOTES[s].format(w=SETTINGS[s][2][0], h=SETTINGS[s][2][1])
                       for p, s in sorted(settings.items())]
    truth["verification"] = ("Written by samples/make_rotated.py (make_samples.py's contents and truth, pages set "
                             "on the sheet as the notes say); regenerate, do not edit.")
    (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, (base, table, setting, extra, changes) in REPORTS.items():
        truth = build(name, base, table, setting, extra, changes)
        print(f"{truth['file']}: {truth['source']['pages']} pages, sha256 {truth['report_id']}…")
        for note in truth["notes"]:
            if note.startswith("Page "):
                print("   ", note)


if __name__ == "__main__":
    main()
