"""Write searchable scans of the sample PDFs, each with its truth, into samples/searchable/.

    python samples/make_searchable.py

A searchable scan is what a scanner's OCR software (Tesseract through OCRmyPDF, ABBYY FineReader, Acrobat's
"Recognize Text") gives back: the scanned page as one picture, and over it an invisible text layer (text
render mode 3) placed word by word where the words are in the picture.  The tables' rules are only in the
picture: the PDF has no line or rectangle objects at all.

Each file is the page image of ``make_scans.scan`` (grey, noise, JPEG, turned by a fraction of a degree), with
the words of the source sample drawn invisibly in STSong-Light over it, each word squeezed or stretched (Tz)
to its width in the picture as OCR software does:

- ``*.tess.pdf``: each word set along its baseline as the scan turned it (Tesseract's PDF renderer writes a
  turned text matrix for a skewed line);
- ``*.upright.pdf``: each word set upright at the place the scan turned it to (a word box, no angle);
- ``*.deskewed.pdf``: a scan straightened by its producer (no angle at all);
- ``*.spaced.pdf``: Tesseract's ``chi_sim`` words, each Chinese character a word and a space after each
  (real space glyphs in the text layer: "政 府 信 息"), set along the skew;
- ``*.strips.pdf``: the page's picture stored as twelve strips one under the other (as some scanners write it),
  the words set along the skew.

The words are the sample's own text, as if the OCR had read every one right (the truth is the source's): the
files test the rules, cells and lines read from the picture, not the producer's OCR.  Deterministic: fixed
seeds, reportlab's invariant mode.
"""

from __future__ import annotations

import io
import json
import math
import re
import sys

import regex
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "searchable"

SEARCHABLE = [  # (sample, degrees the scan is turned, seed, dpi, JPEG quality, how the words are set, image strips)
    ("layout-wps-2023", 0.35, 11, 150, 60, "tess", 1),
    ("layout-word-2022", -0.4, 12, 200, 70, "upright", 1),
    ("layout-gov-2024", 0.0, 13, 150, 60, "deskewed", 1),
    ("shapes-2019-shanghai", -0.25, 14, 200, 55, "tess", 1),
    ("shapes-2022-jinjiang", 0.3, 15, 175, 75, "upright", 1),
    ("layout-word-2022", 0.3, 16, 150, 60, "spaced", 1),
    ("layout-gov-2024", -0.3, 17, 150, 65, "strips", 12),
]


def words(pdf: Path) -> list[tuple[float, float, list[dict]]]:
    """Each page's (width, height, words): runs of characters on one baseline without a gap wider than a
    space, each with its text, its first glyph's origin (PDF user space) and its size and width."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            out: list[dict] = []
            chars = sorted((c for c in page.chars if c["text"].strip()),
                           key=lambda c: (round(c["matrix"][5], 1), c["matrix"][4]))
            for c in chars:
                e, f = c["matrix"][4], c["matrix"][5]
                last = out[-1] if out else None
                if (last is not None and abs(last["f"] - f) < 0.5 and 0 <= c["x0"] - last["x1"] < 0.3 * c["size"]
                        and abs(last["size"] - c["size"]) < 0.5):
                    last["text"] += c["text"]
                    last["x1"] = c["x1"]
                    continue
                out.append({"text": c["text"], "e": e, "f": f, "x0": c["x0"], "x1": c["x1"], "size": c["size"]})
            pages.append((float(page.width), float(page.height), out))
    return pages


def _tokens(page_words: list[dict]) -> list[dict]:
    """The words as Tesseract's ``chi_sim`` gives them: each Chinese character a word, a run of digits or letters
    one, each followed by a space but the last of its run; the space is squeezed into the word's box with it
    (Tesseract's PDF renderer stretches a word and its space together to the word's width)."""
    out = []
    for w in page_words:
        parts = regex.findall(r"[0-9.,%]+|[A-Za-z]+|.", w["text"])
        step = (w["x1"] - w["x0"]) / max(1, sum(len(p) for p in parts))
        x = w["x0"]
        for i, part in enumerate(parts):
            width = step * len(part)
            text = part + (" " if i + 1 < len(parts) else "")
            out.append({**w, "text": text, "e": w["e"] + (x - w["x0"]), "x0": x, "x1": x + width})
            x += width
    return out


def text_layer(pages, angle: float, how: str) -> list[bytes]:
    """One invisible-text page per scanned page (a PDF each, to be laid over the picture), the words where
    the scan turned them by ``angle`` degrees (anticlockwise, about the page's middle, as PIL turns it)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = []
    t = math.radians(angle)
    for width, height, page_words in pages:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
        cx, cy = width / 2, height / 2
        for w in (_tokens(page_words) if how == "spaced" else page_words):
            dx, dy = w["e"] - cx, w["f"] - cy
            x, y = cx + dx * math.cos(t) - dy * math.sin(t), cy + dx * math.sin(t) + dy * math.cos(t)
            natural = pdfmetrics.stringWidth(w["text"], "STSong-Light", w["size"])
            scale = 100.0 * (w["x1"] - w["x0"]) / natural if natural else 100.0
            c.saveState()
            c.translate(x, y)
            if how in ("tess", "spaced", "strips"):
                c.rotate(angle)
            text = c.beginText(0, 0)
            text.setTextRenderMode(3)  # invisible: neither filled nor stroked
            text.setFont("STSong-Light", w["size"])
            text.setHorizScale(scale)
            text.textOut(w["text"])
            c.drawText(text)
            c.restoreState()
        c.showPage()
        c.save()
        out.append(buf.getvalue())
    return out


def searchable(pdf: Path, angle: float, seed: int, dpi: int, quality: int, how: str, strips: int = 1) -> bytes:
    """The scan of ``pdf`` (``make_scans.scan``, its page picture cut into ``strips`` images) with its words laid
    over each page invisibly."""
    import pypdfium2 as pdfium

    sys.path.insert(0, str(HERE))
    import make_scans

    scanned = pdfium.PdfDocument(make_scans.scan(pdf, dpi=dpi, angle=angle, seed=seed, quality=quality, strips=strips))
    layers = text_layer(words(pdf), 0.0 if how == "deskewed" else angle, how)
    for i, layer in enumerate(layers):
        over = pdfium.PdfDocument(layer)
        xobject = over.page_as_xobject(0, scanned)
        page = scanned[i]
        page.insert_obj(xobject.as_pageobject())
        page.gen_content()
        page.close()
        xobject.close()
        over.close()
    buf = io.BytesIO()
    scanned.save(buf)
    scanned.close()
    # pdfium writes a new random second half of the trailer's /ID on every save: made the first's (same length)
    return re.sub(rb"/ID\[<([0-9A-F]+)><[0-9A-F]+>\]", lambda m: b"/ID[<%s><%s>]" % (m[1], m[1]), buf.getvalue())


def main() -> None:
    sys.path.insert(0, str(HERE))
    from make_scans import truth_for

    OUT.mkdir(exist_ok=True)
    for sample, angle, seed, dpi, quality, how, strips in SEARCHABLE:
        path = OUT / f"{sample}.{how}.pdf"
        path.write_bytes(searchable(HERE / f"{sample}.pdf", angle, seed, dpi, quality, how, strips))
        truth = truth_for(sample, path)
        truth["source"]["ocr"] = False  # the words come from the file's text layer
        truth["verification"] = (f"{sample}.truth.json with this file's name and bytes: samples/make_searchable.py "
                                 "lays the same report's words over its scan; regenerate, do not edit.")
        (OUT / f"{path.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
        print(f"{path.relative_to(HERE)}: {path.stat().st_size // 1024} KiB, sha256 {truth['report_id']}…")


if __name__ == "__main__":
    main()
