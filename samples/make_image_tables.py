"""Write sample PDFs whose tables (or a paragraph) are pictures on a text-layer page, into samples/image_tables/.

    python samples/make_image_tables.py

Agencies often paste a screenshot of a table into Word and export the document to PDF: the page has a
text layer, and the table is an image.  Each file here is one of the sample PDFs rebuilt that way: the
region of each chosen table (its ruled grid as the project's grid finder finds it, on each page it spans)
is rendered with pdfium at 150-200 dpi and placed as a picture over its region; every character outside
the regions is drawn again as text where it stood (STSong-Light, a CID font, as make_samples.py draws), and
every ruling line and rectangle outside the regions is drawn again.  Which regions, in grey or colour, PNG
(Flate) or JPEG, is ``SAMPLES``.  One sample has a paragraph of section 一 as a picture (a screenshot of
text) and, on its last page, a photo with no text in it.

The truth of each file is its source sample's truth with the file's own name and bytes (what the page
shows is the same report).  Deterministic: reportlab's invariant mode, no randomness but seeded.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
OUT = HERE / "image_tables"
sys.path.insert(0, str(HERE.parent / "src"))

DESCENT = 0.271  # STSong-Light's: the baseline is this far above a character box's bottom (as make_ofd.py)
MARGIN = 3.0  # points around a grid's box: its outer rules are inside the picture

# name -> (source sample, pictures, dpi, colour mode, JPEG quality or None, photo on the last page)
# a picture: ("grid", page, index of the grid on the page as find_grids gives them) or ("box", page, box)
SAMPLES = {
    "picture-tables-word-2022": ("layout-word-2022", [("grid", 3, 1), ("grid", 4, 0)], 200, "L", None, False),
    "picture-tables-wps-2023": ("layout-wps-2023", [("grid", 3, 1), ("grid", 4, 0), ("grid", 4, 1)],
                                150, "RGB", 70, False),
    "picture-tables-gov-2024": ("layout-gov-2024",
                                [("grid", 2, 0), ("grid", 3, 0), ("grid", 3, 1), ("grid", 4, 0)], 175, "RGB", None,
                                False),
    # the paragraph of 一 under its heading (2022年，西湖区人民政府办公室坚持… to …取得新成效。)
    "picture-paragraph-word-2022": ("layout-word-2022", [("box", 1, (70.0, 504.0, 526.0, 646.0))], 150, "L", None,
                                    True),
}
PHOTO = (300.0, 640.0, 520.0, 770.0)  # (x0, top, x1, bottom) on the last page: below the text, above the folio


def regions(doc, pictures: list) -> dict[int, list[tuple[float, float, float, float]]]:
    """page number -> the boxes (x0, top, x1, bottom) shown as pictures."""
    from reportparse.readers import pdfium as P
    from reportparse.tables.grid import find_grids

    out: dict[int, list] = {}
    for kind, page, what in pictures:
        if kind == "box":
            out.setdefault(page, []).append(what)
            continue
        p = P.read_page(doc, page - 1)
        g = find_grids(p, p.chars, page)[what]
        x0, top, x1, bottom = g.bbox
        out.setdefault(page, []).append((x0 - MARGIN, top - MARGIN, x1 + MARGIN, bottom + MARGIN))
    return out


def _inside(obj: dict, box) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _within(obj: dict, box, tol: float = 0.5) -> bool:
    return (obj["x0"] >= box[0] - tol and obj["x1"] <= box[2] + tol and obj["top"] >= box[1] - tol
            and obj["bottom"] <= box[3] + tol)


def picture(page, box, width: float, height: float, dpi: int, mode: str, quality: int | None):
    """The region ``box`` of the pdfium page rendered at ``dpi`` (grey or colour): a PIL image, or the bytes of
    a JPEG of it (which reportlab embeds as they are, DCTDecode)."""
    x0, top, x1, bottom = box
    img = page.render(scale=dpi / 72, crop=(x0, height - bottom, width - x1, top)).to_pil()
    img = img.convert(mode)
    if quality is None:
        return img
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True)
    return io.BytesIO(buf.getvalue())


def photo(w: int, h: int, seed: int = 7) -> Image.Image:
    """A photo-like picture with no text: smooth colour fields and a red ring (a seal without its name)."""
    rng = np.random.default_rng(seed)
    small = rng.uniform(60, 220, (6, 9, 3)).astype(np.uint8)
    img = Image.fromarray(small, "RGB").resize((w, h), Image.BICUBIC)
    a = np.asarray(img).copy()
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot(xx - w * 0.7, yy - h * 0.5)
    ring = (r > h * 0.32) & (r < h * 0.38)
    a[ring] = (200, 30, 30)
    return Image.fromarray(a, "RGB")


def build(source: str, pictures: list, dpi: int, mode: str, quality: int | None, with_photo: bool) -> bytes:
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from reportparse.readers import pdfium as P

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = (HERE / f"{source}.pdf").read_bytes()
    doc = P.open_document(data, source)
    boxes = regions(doc, pictures)
    render_doc = pdfium.PdfDocument(data)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    n = len(doc)
    for i in range(n):
        p = P.read_page(doc, i)
        w, h = p.width, p.height
        c.setPageSize((w, h))
        mine = boxes.get(i + 1, [])
        for obj in p.rects:
            if any(_within(obj, b) for b in mine):
                continue
            fill, stroke = bool(obj["fill"]), bool(obj["stroke"])
            if fill:
                c.setFillColorRGB(*(obj["non_stroking_color"] or (0, 0, 0))[:3])
            if stroke:
                c.setStrokeColorRGB(*(obj["stroking_color"] or (0, 0, 0))[:3])
                c.setLineWidth(0.5)
            c.rect(obj["x0"], h - obj["bottom"], obj["x1"] - obj["x0"], obj["bottom"] - obj["top"],
                   stroke=int(stroke), fill=int(fill))
        c.setStrokeColorRGB(0, 0, 0)
        c.setLineWidth(0.5)
        for obj in p.lines:
            if any(_within(obj, b) for b in mine):
                continue
            (ax, at), (bx, bt) = obj["pts"][:2]
            c.line(ax, h - at, bx, h - bt)
        for box in mine:
            page = render_doc[i]
            img = picture(page, box, w, h, dpi, mode, quality)
            page.close()
            x0, top, x1, bottom = box
            c.drawImage(ImageReader(img), x0, h - bottom, width=x1 - x0, height=bottom - top)
        c.setFillColorRGB(0, 0, 0)
        for ch in p.chars:
            if not ch["text"].strip() or any(_inside(ch, b) for b in mine):
                continue
            size = ch["size"]
            c.setFont("STSong-Light", size)
            c.drawString(ch["x0"], h - (ch["bottom"] - DESCENT * size), ch["text"])
        if with_photo and i == n - 1:
            x0, top, x1, bottom = PHOTO
            img = photo(int((x1 - x0) * 150 / 72), int((bottom - top) * 150 / 72))
            c.drawImage(ImageReader(img), x0, h - bottom, width=x1 - x0, height=bottom - top)
        c.showPage()
    c.save()
    render_doc.close()
    P.close_document(doc)
    return buf.getvalue()


def check(source: str, out: bytes, pictures: list) -> None:
    """The rebuilt file's text layer reads back as the source's outside the pictures (text and place)."""
    from reportparse.readers import pdfium as P

    src = P.open_document((HERE / f"{source}.pdf").read_bytes(), source)
    new = P.open_document(out, "new")
    boxes = regions(src, pictures)
    for i in range(len(src)):
        a, b = P.read_page(src, i), P.read_page(new, i)
        mine = boxes.get(i + 1, [])
        want = [ch for ch in a.chars if ch["text"].strip() and not any(_inside(ch, x) for x in mine)]
        got = [ch for ch in b.chars if ch["text"].strip()]
        assert "".join(ch["text"] for ch in want) == "".join(ch["text"] for ch in got), f"page {i + 1}: text differs"
        worst = max((abs(u[k] - v[k]) for u, v in zip(want, got) for k in ("x0", "x1", "top", "bottom")), default=0)
        assert worst < 0.05, f"page {i + 1}: a character moved by {worst:.3f} pt"
        assert b.n_images == len(mine) + (1 if i == len(src) - 1 and b.n_images > len(mine) else 0)
    P.close_document(src)
    P.close_document(new)


def truth_for(source: str, path: Path, pictured: str) -> dict:
    truth = json.loads((HERE / f"{source}.truth.json").read_text(encoding="utf-8"))
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    truth["file"], truth["report_id"] = path.name, sha[:16]
    truth["source"] = {**truth["source"], "path": path.name, "sha256": sha, "ocr": True}
    truth["verification"] = (f"{source}.truth.json with this file's name and bytes: samples/make_image_tables.py "
                             f"draws the same report with {pictured} as pictures; regenerate, do not edit.")
    return truth


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, (source, pictures, dpi, mode, quality, with_photo) in SAMPLES.items():
        data = build(source, pictures, dpi, mode, quality, with_photo)
        check(source, data, pictures)
        path = OUT / f"{name}.pdf"
        path.write_bytes(data)
        what = ", ".join(f"page {pg} {'grid ' + str(x) if k == 'grid' else 'box'}" for k, pg, x in pictures)
        truth = truth_for(source, path, what)
        (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
        print(f"{path.relative_to(HERE)}: {path.stat().st_size // 1024} KiB, sha256 {truth['report_id']}…")


if __name__ == "__main__":
    main()
