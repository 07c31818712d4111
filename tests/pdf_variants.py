"""Sample reports drawn the ways real PDFs draw them, from samples/make_samples.py's page layout.

make_samples.py lays a report out into pages of drawing operations (text, rules, filled boxes) and
knows what it put where (the truth).  ``render`` draws those same operations with one or more of the
habits real producers have, none of which changes what a reader of the page sees in the tables or text:

    watermark   a large pale word (政务公开) rotated 45° across every page, over text and tables
    seal        a red round seal (a ring of curves, the agency's name around it, a star) over the
                signature and date
    rules       "line" strokes, "rect" thin filled rectangles, "dash" / "dot" dashed or dotted strokes
    outer       "single"; "double": a second frame 2 pt outside each table; "none": no outer frame;
                "sides": no rule down the left and right sides
    landscape   the pages holding this table set on a landscape page ("wide": a wide MediaBox;
                "rotate": a portrait MediaBox with /Rotate 90, the content turned to read upright)
    header      running header lines at the top of every page after the first
    folio       the page number's pattern (``{i}``, ``{n}``), e.g. ``第 {i} 页 共 {n} 页``
    numbers     "right": numbers right-aligned in their cells with trailing spaces drawn as glyphs
    per_char    every character its own text object (BT … ET a glyph), as some typesetting systems write
    spread      body lines broken this share short of the text width and justified by character spacing (Tc)

Nothing here knows what the parser does.
"""

from __future__ import annotations

import copy
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import make_samples as ms  # noqa: E402
from variants import pdf_truth  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

import reportparse  # noqa: E402

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@dataclass(frozen=True)
class Draw:
    watermark: str = ""
    seal: bool = False
    rules: str = "line"
    outer: str = "single"
    landscape: str = ""
    landscape_how: str = "wide"
    header: tuple = ()
    folio: str = ""
    numbers: str = ""
    per_char: bool = False
    spread: float = 0.0


def fullwidth_cells(s: dict) -> dict:
    """Every printed number of the tables in full-width digits (１２), as some typesetting systems set them."""
    tables = ms.make_tables(copy.deepcopy(s))
    over = dict(s["overrides"])
    for t, rows in tables.items():
        for r, cols in rows.items():
            for c, v in (cols or {}).items():
                text = over[(t, r, c)][0] if (t, r, c) in over else ms.fmt(v)
                over[(t, r, c)] = (text.translate(FULLWIDTH), v)
    s["overrides"] = over
    return s


def render(s: dict, draw: Draw, folder: Path, stem: str = "variant", backend: str = "pdfium"):
    """Lay ``s`` out and draw it as ``draw`` says: (record, truth, path)."""
    tables = ms.make_tables(s)
    para = ms.Doc.para
    if draw.spread:  # paragraphs broken short and justified to the full width by character spacing
        def short(self, text, *args, **kwargs):
            wrap = ms.wrap
            ms.wrap = lambda text, avail, size, indent=0.0: wrap(text, avail * (1 - draw.spread), size, indent)
            try:
                para(self, text, *args, **kwargs)
            finally:
                ms.wrap = wrap

        ms.Doc.para = short
    try:
        doc, sections = ms.lay_out(s, tables)
    finally:
        ms.Doc.para = para
    title = "".join(s["title_lines"])
    path = folder / f"{stem}.pdf"
    _draw(path, doc, title, s["agency"], draw)
    return reportparse.parse(path, backend=backend).to_dict(), pdf_truth(s, tables, sections, doc), path


# ------------------------------------------------------------------ drawing
def _tables_on(ops: list[tuple]) -> list[tuple[float, float, float, float]]:
    """The frames (x0, y0, x1, y1) of the ruled tables among a page's operations: rules joined by touching."""
    boxes: list[list[float]] = []
    for o in ops:
        if o[0] != "rule" or o[1] not in "hv":
            continue
        _, kind, at, a, b, _ = o
        box = [a, at, b, at] if kind == "h" else [at, a, at, b]
        for other in boxes:
            if box[0] <= other[2] + 1 and other[0] <= box[2] + 1 and box[1] <= other[3] + 1 and other[1] <= box[3] + 1:
                other[:] = [min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3])]
                break
        else:
            boxes.append(box)
    merged = True
    while merged:  # two groups that grew into each other are one table
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                p, q = boxes[i], boxes[j]
                if p[0] <= q[2] + 1 and q[0] <= p[2] + 1 and p[1] <= q[3] + 1 and q[1] <= p[3] + 1:
                    boxes[i] = [min(p[0], q[0]), min(p[1], q[1]), max(p[2], q[2]), max(p[3], q[3])]
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return [tuple(b) for b in boxes if b[2] - b[0] > 50 and b[3] - b[1] > 10]


def _on_frame(o: tuple, frames, sides_only: bool = False) -> bool:
    _, kind, at, a, b, _ = o
    for x0, y0, x1, y1 in frames:
        if kind == "h" and not sides_only and (abs(at - y0) < 0.1 or abs(at - y1) < 0.1):
            return x0 - 1 <= a and b <= x1 + 1
        if kind == "v" and (abs(at - x0) < 0.1 or abs(at - x1) < 0.1):
            return y0 - 1 <= a and b <= y1 + 1
        if kind == "h" and sides_only:
            continue
    return False


def _rule(c: canvas.Canvas, kind: str, at: float, a: float, b: float, how: str) -> None:
    x0, y0, x1, y1 = (a, at, b, at) if kind == "h" else (at, a, at, b)
    if how == "rect":
        c.setFillColorRGB(0, 0, 0)
        c.rect(x0 - 0.25, y0 - 0.25, x1 - x0 + 0.5, y1 - y0 + 0.5, stroke=0, fill=1)
        return
    c.saveState()
    if how == "dash":
        c.setDash(3, 2)
    elif how == "dot":
        c.setDash(0.5, 1.5)
        c.setLineCap(1)
    c.line(x0, y0, x1, y1)
    c.restoreState()


def _numbers_right(ops: list[tuple]) -> list[tuple]:
    """Numbers in table cells moved to the right edge of their cell, with two trailing spaces drawn."""
    vrules = [(o[2], o[3], o[4]) for o in ops if o[0] == "rule" and o[1] == "v"]
    out = []
    for o in ops:
        if o[0] == "text" and o[3] == 10 and len(o[5]) == 1 and o[5][0][0].replace(".", "").isdigit():
            x, y, text = o[1], o[2], o[5][0][0]
            right = min((at for at, lo, hi in vrules if at > x and lo <= y <= hi), default=None)
            if right is not None:
                padded = text + "  "
                out.append(("text", right - ms.PAD - ms.width(padded, 10), y, 10, 0.0, [(padded, False)]))
                continue
        out.append(o)
    return out


def _text(c: canvas.Canvas, x: float, y: float, size: float, cs: float, segs: list, per_char: bool) -> None:
    c.setFillColorRGB(0, 0, 0)
    if not per_char:
        t = c.beginText(x, y)
        t.setFont(ms.FONT, size)
        t.setCharSpace(cs)
        for text, bold in segs:
            t.setTextRenderMode(2 if bold else 0)
            t.textOut(text)
        c.drawText(t)
        return
    for text, bold in segs:  # one BT/ET with an absolute Tm a glyph
        for ch in text:
            t = c.beginText(x, y)
            t.setFont(ms.FONT, size)
            t.setTextRenderMode(2 if bold else 0)
            t.textOut(ch)
            c.drawText(t)
            x += ms.width(ch, size) + cs


def _watermark(c: canvas.Canvas, text: str, w: float, h: float) -> None:
    c.saveState()
    c.setFillColorRGB(0.85, 0.85, 0.85)
    c.setFont(ms.FONT, 60)
    for cx, cy in ((w * 0.5, h * 0.72), (w * 0.5, h * 0.42), (w * 0.5, h * 0.15)):
        c.saveState()
        c.translate(cx, cy)
        c.rotate(45)
        t = c.beginText(-ms.width(text, 60) / 2, -20)
        t.setFont(ms.FONT, 60)
        t.setTextRenderMode(0)
        t.textOut(text)
        c.drawText(t)
        c.restoreState()
    c.restoreState()


def _seal(c: canvas.Canvas, cx: float, cy: float, name: str, r: float = 60) -> None:
    """A round red seal: a ring, the name set around its upper arc, a star in the middle."""
    c.saveState()
    c.setStrokeColorRGB(0.9, 0.1, 0.1)
    c.setFillColorRGB(0.9, 0.1, 0.1)
    c.setLineWidth(2.5)
    c.circle(cx, cy, r, stroke=1, fill=0)
    size = 14
    n = len(name)
    sweep = min(220.0, 20.0 * n)
    for i, ch in enumerate(name):
        ang = 90 + sweep / 2 - i * sweep / max(n - 1, 1)
        rad = math.radians(ang)
        c.saveState()
        c.translate(cx + (r - size - 2) * math.cos(rad), cy + (r - size - 2) * math.sin(rad))
        c.rotate(ang - 90)
        t = c.beginText(-ms.width(ch, size) / 2, 0)
        t.setFont(ms.FONT, size)
        t.setTextRenderMode(0)
        t.textOut(ch)
        c.drawText(t)
        c.restoreState()
    pts = [(cx + 18 * math.cos(math.radians(90 + k * 144)), cy + 18 * math.sin(math.radians(90 + k * 144)))
           for k in range(5)]
    p = c.beginPath()
    p.moveTo(*pts[0])
    for pt in pts[1:]:
        p.lineTo(*pt)
    p.close()
    c.drawPath(p, stroke=0, fill=1)
    c.restoreState()


def _moved(o: tuple, dx: float, dy: float) -> tuple:
    if o[0] == "text":
        return (o[0], o[1] + dx, o[2] + (dy if o[2] > ms.PH / 2 else 0), *o[3:])
    _, kind, at, a, b, how = o  # furniture rules are horizontal
    return ("rule", kind, at + (dy if at > ms.PH / 2 else 0), a + dx, b + dx, how)


def _ops(c: canvas.Canvas, ops: list[tuple], d: Draw, frames: list) -> None:
    for o in ops:
        if o[0] == "rect":
            c.setFillColorRGB(*o[5])
            c.rect(*o[1:5], stroke=0, fill=1)
        elif o[0] == "rule":
            _, kind, at, a, b, how = o
            if d.outer in ("none", "sides") and _on_frame(o, frames, d.outer == "sides"):
                continue
            _rule(c, kind, at, a, b, d.rules if how in ("line", d.rules) else how)
        else:
            _, x, y, size, cs, segs = o
            _text(c, x, y, size, cs, segs, d.per_char)


def _draw(path: Path, doc, title: str, agency: str, d: Draw) -> None:
    c = canvas.Canvas(str(path), pagesize=ms.A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(agency)
    n = len(doc.pages)
    wide = set()
    if d.landscape:
        for t in doc.table_info:
            if t["name"] == d.landscape:
                wide |= {p for p, _ in t["segments"]}
    for i, ops in enumerate(doc.pages, 1):
        ops = list(ops)
        c.setPageSize((ms.PH, ms.PW) if i in wide else ms.A4)  # reportlab turns the box for /Rotate 90 itself
        if d.numbers == "right":
            ops = _numbers_right(ops)
        furniture = ms.furniture(doc.s, agency, i, n)
        if d.folio:
            furniture = [o for o in furniture if not (o[0] == "text" and o[2] == 48)]
            s = d.folio.format(i=i, n=n)
            furniture.append(("text", (ms.PW - ms.width(s, 10.5)) / 2, 48, 10.5, 0.0, [(s, False)]))
        if d.header and i > 1:
            for k, line in enumerate(d.header):
                furniture.append(("text", (ms.PW - ms.width(line, 10.5)) / 2, ms.PH - 40 - 14 * k, 10.5, 0.0,
                                  [(line, False)]))
            furniture.append(("rule", "h", ms.PH - 40 - 14 * len(d.header) + 8, ms.X0, ms.X0 + ms.BODY_W, "line"))
        c.setLineWidth(0.5)
        w, h = (ms.PH, ms.PW) if i in wide else (ms.PW, ms.PH)  # the page as it reads
        c.saveState()
        if i in wide and d.landscape_how == "rotate":
            c.setPageRotation(90)
            c.translate(ms.PW, 0)  # landscape user space turned to read upright on a portrait sheet
            c.rotate(90)
        # the furniture where a landscape section puts it: as far from the page's edges, the same size
        _ops(c, [_moved(o, (w - ms.PW) / 2, h - ms.PH) for o in furniture], d, [])
        if i in wide:  # the body scaled to the landscape page's height
            scale = ms.PW / ms.PH
            c.translate((ms.PH - ms.PW * scale) / 2, 0)
            c.scale(scale, scale)
        frames = _tables_on(ops)
        _ops(c, ops, d, frames)
        if d.outer == "double":
            for x0, y0, x1, y1 in frames:
                c.rect(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4, stroke=1, fill=0)
        c.restoreState()
        if d.watermark:
            _watermark(c, d.watermark, *((ms.PW, ms.PH) if d.landscape_how == "rotate" else (w, h)))
        if d.seal and i == n:
            below = min((o[2] for o in ops if o[0] == "text"), default=ms.PH / 2)
            _seal(c, ms.X0 + ms.BODY_W - 110, below + 12, agency)
        c.showPage()
        c.setPageRotation(0)
    c.save()
