"""Write the samples only OCR can read, each with its truth, into samples/scans/.

    python samples/make_scans.py            # needs fonts-wqy-microhei (apt) for the glyphs

- ``*.scan.pdf``: a sample PDF as a scanner gives it back: each page rendered at 150-200 dpi in grey,
  turned by up to half a degree, with sensor noise and speckle, JPEG quality 50-75, wrapped into an
  image-only PDF (no text layer);
- ``*.nounicode.pdf``: the report drawn in an embedded TrueType font whose ToUnicode maps were
  removed: the glyphs show, the text layer reads as (cid:n) or nothing;
- ``*.garbled.pdf``: the report drawn in a font whose character map points common characters at
  private-use code points and Kangxi radicals (⼀ for 一): the page looks right, the text layer is
  garbage.

The truth of each file is its source sample's truth with the file's own name and bytes (what the page
shows is the same report).  Deterministic: fixed seeds, reportlab's invariant mode.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
OUT = HERE / "scans"
FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

SCANS = [  # (sample, degrees turned, seed, dpi, JPEG quality)
    ("layout-wps-2023", 0.35, 1, 150, 60),
    ("layout-word-2022", -0.45, 2, 150, 60),
    ("layout-gov-2024", 0.2, 3, 150, 60),
    ("shapes-2019-shanghai", 0.5, 4, 200, 50),  # a one-row table at a page's top
    ("shapes-2022-jinjiang", -0.3, 5, 175, 75),  # a running header
]
FONTS = ["layout-word-2022"]  # drawn again in the broken fonts


def scan(pdf: Path, dpi: int = 150, angle: float = 0.0, seed: int = 0, quality: int = 60, turn: int = 0,
         strips: int = 1) -> bytes:
    """An image-only PDF of ``pdf`` as a scanner makes it; ``turn``: the page fed in turned by 90, 180 or 270
    degrees clockwise (the same pixels as ``turn=0``, turned before the JPEG, on a page of the turned size);
    ``strips``: the page's picture cut into as many images, one under the other, as some scanners store it."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = np.random.default_rng(seed)
    src = pdfium.PdfDocument(str(pdf))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for page in src:
        w, h = page.get_size()
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        a = np.asarray(img, dtype=np.float32)
        a = a * 0.92 + 12 + rng.normal(0, 4, a.shape)  # paper not white, ink not black, sensor noise
        speckle = rng.random(a.shape) < 0.0003
        a[speckle] = rng.uniform(60, 160, int(speckle.sum()))
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))  # optics
        a = np.asarray(img, dtype=np.float32)
        a[a > 235] = 255  # the scanner's white point
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        if turn:
            img = img.rotate(-turn, expand=True)  # quarter turns: exact, no resampling
            w, h = (h, w) if turn % 180 else (w, h)
        c.setPageSize((w, h))
        cuts = [round(img.height * i / strips) for i in range(strips + 1)]
        for top, bottom in zip(cuts, cuts[1:]):
            jpg = io.BytesIO()
            img.crop((0, top, img.width, bottom)).save(jpg, format="JPEG", quality=quality, optimize=True) if strips > 1 \
                else img.save(jpg, format="JPEG", quality=quality, optimize=True)
            y0, y1 = h - bottom * h / img.height, h - top * h / img.height
            c.drawImage(ImageReader(io.BytesIO(jpg.getvalue())), 0, y0, width=w, height=y1 - y0)
        c.showPage()
    c.save()
    return buf.getvalue()


def garbled_font(text: str, path: Path, remap: bool = True) -> dict[str, str]:
    """A TrueType font (WenQuanYi Micro Hei, subset to ``text``) whose character map also points each
    CJK character's glyph at a private-use code point, or at its Kangxi radical where one exists; returns
    the character -> code point map to draw with."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = sorted(set(text) - {" "})
    font = TTFont(str(FONT_FILE), fontNumber=0, recalcTimestamp=False)  # the same bytes every run
    opts = subset.Options()
    opts.name_IDs, opts.notdef_outline, opts.glyph_names = ["*"], True, False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in chars] + list(range(0x20, 0x7F)))
    sub.subset(font)
    kangxi = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}
    mapping, pua = {}, 0xE000
    cmap = font.getBestCmap()
    for ch in chars:
        if ord(ch) < 0x2E80 or ord(ch) not in cmap:
            continue
        mapping[ch] = kangxi.get(ch) or chr(pua)
        pua += ch not in kangxi
    for table in font["cmap"].tables if remap else []:
        if table.isUnicode():
            for ch, to in mapping.items():
                table.cmap[ord(to)] = cmap[ord(ch)]
    font.save(str(path))
    return mapping if remap else {}


def redraw(sample: str, out: Path, garble: bool) -> None:
    """The sample laid out again by make_samples.py and drawn in an embedded TrueType font: with a garbled
    character map (``garble``), or plain (its ToUnicode maps are then removed by ``strip_tounicode``)."""
    sys.path.insert(0, str(HERE))
    import make_samples as ms
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    spec = next(s for s in ms.SAMPLES if s["name"] == sample)
    tables = ms.make_tables(spec)
    doc, _ = ms.lay_out(spec, tables)
    n = len(doc.pages)
    text = "".join(seg for i, page in enumerate(doc.pages, 1) for o in page + ms.furniture(doc.s, spec["agency"], i, n)
                   if o[0] not in ("rect", "rule") for seg, _ in o[5]) + "第页共0123456789"
    ttf = OUT / f".{sample}.{'garbled' if garble else 'plain'}.ttf"
    mapping = garbled_font(text, ttf, remap=garble)
    name = f"WQY-{'garbled' if garble else 'plain'}-{sample}"
    pdfmetrics.registerFont(RLFont(name, str(ttf)))
    font_before = ms.FONT
    ms.FONT = name
    real_begin = ms.canvas.Canvas.beginText

    def begin(self, *a, **k):
        t = real_begin(self, *a, **k)
        real_out = t.textOut
        t.textOut = lambda s: real_out("".join(mapping.get(ch, ch) for ch in s))
        return t

    ms.canvas.Canvas.beginText = begin
    try:
        ms.render(out, doc, "".join(spec["title_lines"]), spec["agency"])
    finally:
        ms.canvas.Canvas.beginText = real_begin
        ms.FONT = font_before
        ttf.unlink()
    if not garble:
        out.write_bytes(strip_tounicode(out.read_bytes()))


def strip_tounicode(data: bytes) -> bytes:
    """The PDF with every font's /ToUnicode entry renamed (same length: offsets stay valid)."""
    return re.sub(rb"/ToUnicode(\s)", rb"/ToUnicodX\1", data)


def truth_for(sample: str, path: Path) -> dict:
    truth = json.loads((HERE / f"{sample}.truth.json").read_text(encoding="utf-8"))
    truth = copy.deepcopy(truth)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    truth["file"], truth["report_id"] = path.name, sha[:16]
    truth["source"] = {**truth["source"], "path": path.name, "sha256": sha, "ocr": True}
    truth["verification"] = (f"{sample}.truth.json with this file's name and bytes: samples/make_scans.py "
                             "draws the same report; regenerate, do not edit.")
    return truth


def main() -> None:
    OUT.mkdir(exist_ok=True)
    written = []
    for sample, angle, seed, dpi, quality in SCANS:
        path = OUT / f"{sample}.scan.pdf"
        path.write_bytes(scan(HERE / f"{sample}.pdf", dpi=dpi, angle=angle, seed=seed, quality=quality))
        written.append((sample, path))
    for sample in FONTS:
        for garble, kind in ((True, "garbled"), (False, "nounicode")):  # this order: drawn after the plain font in one
            # process, the garbled one shows .notdef boxes (reportlab keeps some state of the first; not found)
            path = OUT / f"{sample}.{kind}.pdf"
            redraw(sample, path, garble)
            written.append((sample, path))
    for sample, path in written:
        truth = truth_for(sample, path)
        (OUT / f"{path.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
        print(f"{path.relative_to(HERE)}: {path.stat().st_size // 1024} KiB, sha256 {truth['report_id']}…")


if __name__ == "__main__":
    main()
