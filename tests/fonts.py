"""The font the samples' pictures were drawn with.

The sample PDFs set their Chinese in STSong-Light, one of the fonts a PDF may name without embedding it, so
whatever draws them (pdfium rendering a page for a scan, a picture or an OFD's glyph boxes, and pdfium's own
text of a page, whose line breaks follow the glyphs' boxes) uses a font of the machine's: on Debian, with
fonts-wqy-microhei installed, WenQuanYi Micro Hei.  The samples written by the scripts were drawn with it, so
a test that draws them again and compares bytes, or reads what it drew (OCR at test time), needs that font;
without it (a machine with no Chinese font) such tests skip, saying so.  `.ci/run` installs it.

The parser itself does not depend on it: where the machine has no Chinese font, pdfium is lent a font of
boxes (readers/pdfium.py, ``_BoxFonts``), and a page whose text pdfium still drops is read by pdfminer
(``_lost``); tests/test_pdf_variants.py holds the records of both ways to those of this machine.
"""

from pathlib import Path

import pytest

SAMPLE_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian's fonts-wqy-microhei

needs_sample_font = pytest.mark.skipif(
    not SAMPLE_FONT.exists(),
    reason="draws the samples' Chinese with the machine's font: needs fonts-wqy-microhei (apt), as .ci/run installs",
)


# A program's first lines that leave pdfium without any of the machine's fonts (FPDF_SetSystemFontInfo with a font
# info that finds none): a font the PDF names but does not embed is then drawn with pdfium's own Latin fonts, as
# on a server without Chinese fonts, whatever this machine has installed.  The parser's box font is lent over
# that font info (as it is over the machine's own), and the parse is the one such a server gives.
_FONTLESS = """
import ctypes
import pypdfium2
import pypdfium2.raw as R
T = R.FPDF_SYSFONTINFO
_info = T()
_info.version = 1
_kinds = dict(T._fields_)
_calls = {"Release": lambda this: None, "EnumFonts": lambda this, mapper: None,
          "MapFont": lambda this, weight, italic, charset, family, face, exact: None,
          "GetFont": lambda this, face: None, "GetFontData": lambda this, font, table, buf, size: 0,
          "GetFaceName": lambda this, font, buf, size: 0, "GetFontCharset": lambda this, font: 0,
          "DeleteFont": lambda this, font: None}
_kept = {name: _kinds[name](f) for name, f in _calls.items()}
for name, f in _kept.items():
    setattr(_info, name, f)
from reportparse.readers import pdfium as _backend
"""
WITHOUT_SYSTEM_FONTS = _FONTLESS + "_backend._FONTS = _backend._BoxFonts.install(ctypes.pointer(_info))\n"

# The same without the box font either (a platform where pdfium has no font info to lend it over): the text
# objects pdfium drops are read by pdfminer.
WITHOUT_ANY_FONTS = _FONTLESS + "R.FPDF_SetSystemFontInfo(ctypes.byref(_info))\n_backend._FONTS = None\n"
