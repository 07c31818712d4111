"""The box font the pdfium backend lends pdfium where the machine has no Chinese font (readers/pdfium.py)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "src" / "reportparse" / "readers" / "fonts" / "box.ttf"


def test_the_packaged_font_is_the_scripts():
    pytest.importorskip("fontTools", reason="tools/make_box_font.py writes the font with fontTools")
    spec = importlib.util.spec_from_file_location("make_box_font", ROOT / "tools" / "make_box_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.box_font() == FONT.read_bytes()


def test_every_character_is_one_box():
    fontTools = pytest.importorskip("fontTools.ttLib", reason="reads the font with fontTools")
    font = fontTools.TTFont(FONT)
    cmap = font["cmap"].getcmap(3, 10).cmap
    assert {cmap[c] for c in (0x20, ord("0"), ord("人"), ord("，"), 0x20000)} == {"box"}
    assert font["glyf"]["box"].xMax - font["glyf"]["box"].xMin == font["head"].unitsPerEm


def test_the_backend_lends_it():
    from reportparse.readers import pdfium

    assert pdfium._FONTS is not None and pdfium._FONTS.data.raw == FONT.read_bytes()
