#!/usr/bin/env python3
"""Write src/reportparse/readers/fonts/box.ttf: the font the pdfium backend lends pdfium for Chinese, Japanese
and Korean text whose font the PDF does not embed, where the machine has none (readers/pdfium.py, ``_BoxFonts``).

    python tools/make_box_font.py          # needs fontTools (pip install fonttools); the file is committed

pdfium boxes a text object by its glyphs; with no glyphs at all (no font on the machine holds them) a
one-character object has no width and pdfium's text page leaves it out.  The box gives it its place; the
characters' boxes are still worked out from the PDF's own widths, as pdfminer does.

Every character from U+0020 on (one cmap format 13 group) is one glyph: the extent of a box one em wide,
from the descender to the ascender, and next to nothing to paint: a speck at two of its corners (FreeType
measures a glyph by its points; contours of one point, or of points in one place, measure nothing, and a
line there and back is painted as a hairline that OCR reads as I).  A page rendered for OCR on such a
machine shows a dot there where it showed nothing; the records of 119 PDFs (samples, corpus, 60 random;
scans and pictures of tables read by OCR among them) are the same as without the font.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "reportparse" / "readers" / "fonts" / "box.ttf"


def box_font() -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.misc.timeTools import timestampFromString
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_13

    def box():  # a speck at each of the em box's corners: its extent, and next to nothing to paint
        pen = TTGlyphPen(None)
        for (x, y), (dx, dy) in (((0, -120), (1, 1)), ((1000, 880), (-1, -1))):
            pen.moveTo((x, y))
            pen.lineTo((x, y + dy))
            pen.lineTo((x + dx, y))
            pen.closePath()
        return pen.glyph()

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "box"])
    fb.setupCharacterMap({0x20: "box"})  # a (3,1) format 4 table, as every font has
    every = cmap_format_13(13)
    every.platformID, every.platEncID, every.language = 3, 10, 0
    every.cmap = {c: "box" for c in range(0x20, 0x110000) if not 0xD800 <= c < 0xE000}
    fb.font["cmap"].tables.insert(0, every)
    fb.setupGlyf({".notdef": box(), "box": box()})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "box": (1000, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "reportparse box", "styleName": "Regular"})
    # code pages: JIS, Chinese simplified, Korean Wansung, Chinese traditional, Korean Johab
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                ulCodePageRange1=sum(1 << bit for bit in (17, 18, 19, 20, 21)))
    fb.setupPost()
    fb.font["head"].created = fb.font["head"].modified = timestampFromString("Mon Dec  7 00:00:00 2026")  # same bytes
    buf = io.BytesIO()
    fb.font.recalcTimestamp = False
    fb.save(buf)
    return buf.getvalue()


def main() -> int:
    data = box_font()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"{OUT}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
