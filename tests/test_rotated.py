"""Pages that are not plain portrait pages read as they show (samples/rotated/, made by samples/make_rotated.py).

Landscape pages (a wide MediaBox; a portrait MediaBox with /Rotate 90 or 270 and the content turned to show
upright), /Rotate 180, a MediaBox that does not start at (0, 0) with a smaller CropBox, body pages on a
landscape MediaBox with /Rotate 90; and pages whose text shows turned (a landscape page printed on a
portrait sheet, a page turned in a viewer), which a reader turns to read: each record holds every cell and
every section's text of its truth, both backends give the same record, and a turned page says so.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from truth import reading_differences

import reportparse
from reportparse.readers import pdf as pdfreader

ROTATED = Path(__file__).resolve().parents[1] / "samples" / "rotated"
PDFS = sorted(ROTATED.glob("*.pdf"))
TURNED = {"rotated-sideways-word-2022.pdf": {4: "up", 5: "up"}, "rotated-viewer90-gov-2024.pdf": {2: "down"}}


@pytest.fixture(scope="module", params=[p.name for p in PDFS])
def parsed(request):
    path = ROTATED / request.param
    return request.param, reportparse.parse(path).to_dict()


def test_the_samples_exist():
    assert len(PDFS) == 7, "run `python samples/make_rotated.py`"


def test_a_rotated_sample_reads_as_its_page(parsed):
    name, record = parsed
    truth = json.loads((ROTATED / name.replace(".pdf", ".truth.json")).read_text(encoding="utf-8"))
    assert reading_differences(record, truth) == []


def test_only_a_page_whose_text_shows_turned_says_so(parsed):
    name, record = parsed
    turned = {w["page"]: w["message"] for w in record["warnings"] if w["code"] == "page_turned"}
    assert sorted(turned) == sorted(TURNED.get(name, {}))
    for page, way in TURNED.get(name, {}).items():
        assert f"running {way} the page" in turned[page]
    assert not [w for w in record["warnings"] if w["code"] in ("glyphs_off_page", "section_missing", "table_missing",
                                                                 "rows_missing")]


def test_a_turned_page_gives_boxes_on_the_page_as_it_reads(parsed):
    """Every cell's box lies within its page turned to read (842 x 595 for a landscape page shown sideways)."""
    name, record = parsed
    for table in record["cells"].values():
        for row in table.values():
            for cell in row.values():
                x0, top, x1, bottom = cell["bbox"]
                assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 842, (name, cell)


@pytest.mark.parametrize("name", ["rotated-sideways-word-2022.pdf", "rotated-offset-rot180-gov-2024.pdf",
                                  "rotated-rot270-wps-2023.pdf"])
def test_both_backends_give_the_same_record(name):
    path = ROTATED / name
    assert reportparse.parse(path, backend="pdfplumber").to_dict() == reportparse.parse(path).to_dict()


# ------------------------------------------------------------------ a CropBox that hides text
def _cropped_report() -> bytes:
    """A small report on a page whose MediaBox starts at (30, 50) and whose CropBox hides a note in the margin."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595 + 30, 842 + 50), invariant=1)
    c.setCropBox((30, 50 + 60, 595 + 30, 842 + 50))  # the sheet's foot, below the CropBox, is not shown
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c.translate(30, 50)
    c.setFont("STSong-Light", 18)
    c.drawCentredString(297, 760, "某县人民政府2023年政府信息公开工作年度报告")
    c.setFont("STSong-Light", 12)
    y = 700
    for line in ("一、总体情况", "2023年，县政府扎实推进政务公开工作，全年主动公开政府信息1234条。",
                 "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                 "五、存在的主要问题及改进情况", "一是公开的及时性有待提高。", "六、其他需要报告的事项", "无。"):
        c.drawString(72, y, line)
        y -= 24
    c.drawString(72, 30, "裁切线以外的草稿批注不应读出")  # in the margin the CropBox cuts away
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_text_outside_the_cropbox_is_left_out_with_a_warning(backend, tmp_path):
    path = tmp_path / "cropped.pdf"
    path.write_bytes(_cropped_report())
    record = reportparse.parse(path, backend=backend).to_dict()
    text = "".join(s["text"] for s in record["sections"])
    assert "草稿批注" not in text and "一是公开的及时性有待提高" in text
    off = [w for w in record["warnings"] if w["code"] == "glyphs_off_page"]
    assert len(off) == 1 and "CropBox" in off[0]["message"] and off[0]["page"] == 1


# ------------------------------------------------------------------ the pieces, on hand-built values
def _char(text: str, matrix=None) -> dict:
    c = {"text": text, "x0": 10.0, "x1": 20.0, "top": 10.0, "bottom": 20.0, "size": 10.0, "fontname": "F"}
    if matrix:
        c["matrix"] = matrix
    return c


def test_the_way_most_text_runs():
    down, up, upside = (0, -1, 1, 0, 0, 0), (0, 1, -1, 0, 0, 0), (-1, 0, 0, -1, 0, 0)
    assert pdfreader._turn([_char("字") for _ in range(10)]) == (None, 0)
    assert pdfreader._turn([_char("字", down) for _ in range(6)] + [_char("字") for _ in range(4)]) == ("down", 4)
    assert pdfreader._turn([_char("字", up) for _ in range(6)] + [_char(" ") for _ in range(9)]) == ("up", 0)
    assert pdfreader._turn([_char("字", upside) for _ in range(3)] + [_char("字") for _ in range(3)]) == (None, 3)
    # a vertical cell label (a few turned glyphs on an upright page) and a watermark at 45° turn nothing
    assert pdfreader._turn([_char("三", down) for _ in range(9)] + [_char("字") for _ in range(40)]) == (None, 9)
    assert pdfreader._turn([_char("公", (0.7, 0.7, -0.7, 0.7, 0, 0)) for _ in range(9)] + [_char("字")]) == (None, 0)


class _Page:
    number, n_images, width, height = 1, 0, 200.0, 100.0
    lines: list = []
    rects: list = []
    curves: list = []
    boxes = ((0.0, 0.0, 200.0, 100.0), (0.0, 0.0, 200.0, 100.0), 0)


def test_a_page_turned_to_read_moves_every_box_within_it():
    chars = [dict(_char("字", (0, -1, 1, 0, 0, 0)), x0=150.0, x1=160.0, top=20.0, bottom=30.0)]
    page = _Page()
    page.lines = [{"x0": 40.0, "x1": 40.0, "top": 10.0, "bottom": 90.0, "y0": 10.0, "y1": 90.0, "width": 0.0,
                   "height": 80.0, "doctop": 10.0, "pts": [(40.0, 10.0), (40.0, 90.0)]}]
    framed, out, cropped, turn, across = pdfreader._frame(page, chars)
    assert turn == "down" and cropped == [] and across == 0 and (framed.width, framed.height) == (100.0, 200.0)
    c = out[0]  # text running down: the page's top edge becomes its left edge, its right edge its top
    assert (c["x0"], c["x1"], c["top"], c["bottom"]) == (20.0, 30.0, 40.0, 50.0) and "matrix" not in c
    rule = framed.lines[0]  # a vertical rule becomes a horizontal one
    assert (rule["x0"], rule["x1"], rule["top"], rule["bottom"], rule["height"]) == (10.0, 90.0, 160.0, 160.0, 0.0)
    assert rule["pts"] == [(10.0, 160.0), (90.0, 160.0)]
    assert chars[0]["x0"] == 150.0  # the backend's values are not changed


def test_a_plain_page_is_handed_on_as_it_is():
    page, chars = _Page(), [_char("字") for _ in range(5)]
    framed, out, cropped, turn, across = pdfreader._frame(page, chars)
    assert framed is page and out is chars and cropped == [] and turn is None and across == 0


def _sideways_table_report() -> bytes:
    """A page of upright text with a table of numbers set sideways (turned a quarter) below it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 18)
    c.drawCentredString(297, 780, "某县人民政府2023年政府信息公开工作年度报告")
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(("一、总体情况", "2023年，县政府认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务",
                              "公开工作，全年主动公开政府信息1234条。", "二、主动公开政府信息情况",
                              "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                              "五、存在的主要问题及改进情况", "一是公开的及时性有待提高。", "六、其他需要报告的事项", "无。")):
        c.drawString(72, 730 - 24 * i, line)
    c.saveState()
    c.translate(500, 60)
    c.rotate(90)
    for i, label in enumerate(("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开")):
        c.drawString(0, -24 * i, label + "  3 1 0 0 0 0 4")
    c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_table_set_sideways_on_an_upright_page_is_flagged(tmp_path):
    path = tmp_path / "sideways-table.pdf"
    path.write_bytes(_sideways_table_report())
    for backend in ("pdfium", "pdfplumber"):
        record = reportparse.parse(path, backend=backend).to_dict()
        turned = [w for w in record["warnings"] if w["code"] == "text_turned"]
        assert [w["page"] for w in turned] == [1], backend
        assert not [w for w in record["warnings"] if w["code"] == "page_turned"]
