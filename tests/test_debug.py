"""``reportparse debug``: one PNG per page of each sample PDF, the right size, with the tables drawn;
HTML for a text dump; a file as the folder is one line and exit 4."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from reportparse.debug import COLORS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED = SAMPLES / "guyuan-hpf-2021.txt"
RESOLUTION = 50  # small images keep the test quick; the size check scales with it


def run(*args):
    return subprocess.run([sys.executable, "-m", "reportparse", *map(str, args)], capture_output=True, text=True,
                          timeout=300, check=False)


def _has_colour(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    """Whether some pixel is (a tint of) ``rgb``: a translucent fill over white keeps its hue order."""
    r0, g0, b0 = rgb
    for r, g, b in image.convert("RGB").getdata():
        if (abs(r - r0) + abs(g - g0) + abs(b - b0)) < tolerance:
            return True
    return False


@pytest.mark.parametrize("pdf", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.stem)
def test_one_image_per_page_of_the_page_size(pdf, tmp_path):
    proc = run("debug", pdf, "-o", tmp_path / "dbg", "--resolution", RESOLUTION)
    assert proc.returncode == 0, proc.stderr
    images = sorted((tmp_path / "dbg").glob("*.png"))
    with pdfplumber.open(pdf) as doc:
        sizes = [(round(float(p.width) * RESOLUTION / 72), round(float(p.height) * RESOLUTION / 72))
                 for p in doc.pages]
    assert len(images) == len(sizes)
    assert [i.name for i in images] == [f"{pdf.stem}-page{n}.png" for n in range(1, len(sizes) + 1)]
    drawn = set()
    for path, (w, h) in zip(images, sizes):
        with Image.open(path) as im:
            assert abs(im.width - w) <= 1 and abs(im.height - h) <= 1, path.name
            below_legend = im.crop((0, 18, im.width, im.height))  # the legend's swatches hold every colour
            drawn |= {t for t, rgb in COLORS.items() if _has_colour(below_legend, rgb)}
    assert drawn == set(COLORS)  # every table's cells are on some page, in its colour
    assert list((tmp_path / "dbg").glob("*.tmp")) == []


def test_a_text_dump_gets_an_html_rendering(tmp_path):
    proc = run("debug", SEED, "-o", tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "guyuan-hpf-2021.html").read_text(encoding="utf-8")
    for table in COLORS:
        assert f">{table}</h2>" in page
    assert "applications.new.total" in page and "一、本年新收政府信息公开申请数量" in page


def test_a_file_as_the_folder_is_one_line_and_exit_4(tmp_path):
    (tmp_path / "f").write_text("x")
    proc = run("debug", SEED, "-o", tmp_path / "f")
    assert proc.returncode == 4 and proc.stderr.count("\n") == 1 and "give a folder" in proc.stderr


def test_a_number_no_key_claimed_is_red(tmp_path):
    import reportparse
    from reportparse.debug import UNASSIGNED, render_debug

    pdf = SAMPLES / "layout-wps-2023.pdf"
    record = reportparse.parse(pdf).to_dict()
    page = record["cells"]["applications"]["new"]["total"]["page"]
    drawn = render_debug(pdf, tmp_path / "ok", resolution=RESOLUTION, record=record)
    with Image.open(drawn[page - 1]) as im:
        assert not _has_colour(im.crop((0, 18, im.width, im.height)), UNASSIGNED)
    del record["cells"]["applications"]["new"]  # as if row new had matched no key
    drawn = render_debug(pdf, tmp_path / "red", resolution=RESOLUTION, record=record)
    with Image.open(drawn[page - 1]) as im:
        assert _has_colour(im.crop((0, 18, im.width, im.height)), UNASSIGNED)
