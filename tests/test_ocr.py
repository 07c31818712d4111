"""OCR (issue 12): scans and unreadable fonts read by rapidocr with the models of its wheel.

The samples are made by samples/make_scans.py from the project's own sample PDFs; each truth is the
source sample's.  Reading one takes about 30 s on one core, so each is read once.
"""

from __future__ import annotations

import builtins
import json
import socket
import sys
from pathlib import Path

import numpy as np
import pytest
from truth import cell_differences

import reportparse
from reportparse.checks import evaluate
from reportparse.explain import edit_distance
from reportparse.model import Cell
from reportparse.readers import ocr, ocr_checks

SCANS = Path(__file__).resolve().parent.parent / "samples" / "scans"
pytestmark = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")


def _truth(name: str) -> dict:
    return json.loads((SCANS / f"{name}.truth.json").read_text(encoding="utf-8"))


SCANNED = ["layout-wps-2023.scan.pdf", "layout-word-2022.scan.pdf", "layout-gov-2024.scan.pdf",
           "shapes-2019-shanghai.scan.pdf", "shapes-2022-jinjiang.scan.pdf"]


@pytest.fixture(scope="module", params=SCANNED)
def scan(request):
    return request.param, reportparse.parse(SCANS / request.param).to_dict()


@pytest.fixture(scope="module")
def nounicode():
    return reportparse.parse(SCANS / "layout-word-2022.nounicode.pdf").to_dict()


# ------------------------------------------------------------------ the engine
def test_models_ship_in_the_wheel_and_load_with_the_network_off(monkeypatch):
    import rapidocr

    models = list((Path(rapidocr.__file__).parent / "models").glob("*.onnx"))
    assert {m.name for m in models} >= {"PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"}

    def refuse(*args, **kwargs):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(ocr, "_engine", None)  # load afresh, not from this process's cache
    det, rec, rec_input, crop = ocr.engine()
    img = np.full((60, 200, 3), 255, np.uint8)
    img[20:40, 30:170] = 0
    assert rec(rec_input(img=[img])).txts is not None


def test_models_load_once_per_process():
    assert ocr.engine() is ocr.engine()


def test_without_the_extra_the_error_names_it(monkeypatch):
    real = builtins.__import__

    def no_rapidocr(name, *args, **kwargs):
        if name.split(".")[0] in ("rapidocr", "onnxruntime"):
            raise ImportError(f"No module named {name!r}", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    with pytest.raises(reportparse.NoTextLayerError) as e:
        reportparse.parse(SCANS / "layout-wps-2023.scan.pdf")
    assert "pip install 'reportparse[ocr]'" in str(e.value)
    assert "no text layer" in str(e.value)


def test_ocr_never_leaves_a_scan_unread():
    with pytest.raises(reportparse.NoTextLayerError):
        reportparse.parse(SCANS / "layout-wps-2023.scan.pdf", ocr="never")


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="ocr mode"):
        reportparse.parse(SCANS / "layout-wps-2023.scan.pdf", ocr="sometimes")


# ------------------------------------------------------------------ when a page is read by OCR
def _chars(text: str) -> list[dict]:
    return [{"text": t, "x0": i, "x1": i + 1, "top": 0, "bottom": 1, "size": 1} for i, t in enumerate(text)]


def test_when_a_page_needs_ocr():
    body = "本报告根据中华人民共和国政府信息公开条例编制，所列数据的统计期限自2023年1月1日起。"
    assert ocr.reason(_chars(body), 0) is None
    assert ocr.reason([], 1) == "no text layer"
    assert ocr.reason([], 0) is None  # a blank page
    cid = [{"text": "(cid:12)", "x0": 0, "x1": 1, "top": 0, "bottom": 1}] * 30 + _chars("2023")
    assert ocr.reason(cid, 0) == ocr.UNMAPPED
    kangxi = "".join(chr(0x2F00 + i % 200) for i in range(30)) + "2023"
    assert ocr.reason(_chars(kangxi), 0) == ocr.ODD
    pua = "".join(chr(0xE000 + i) for i in range(30)) + body[:20]
    assert ocr.reason(_chars(pua), 0) == ocr.ODD
    assert ocr.reason(_chars("2022202130202211202212312022"), 0) == ocr.UNMAPPED  # no Chinese: mapped to nothing
    assert ocr.reason(_chars(body[:8] + kangxi[:2]), 0) is None  # a few odd characters among the Chinese


def test_recognizer_punctuation_is_printed_full_width_in_chinese():
    assert ocr.punctuation("（二）部分公开(区分处理的,只计这一情形;不计其他):") == "（二）部分公开（区分处理的，只计这一情形；不计其他）："
    assert ocr.punctuation("共1,234件,9:30") == "共1,234件，9:30"
    assert ocr.punctuation("12.5 (a, b)") == "12.5 (a, b)"


# ------------------------------------------------------------------ image steps on drawn pages
def _ruled(angle: float = 0.0) -> np.ndarray:
    img = np.full((900, 700), 255, np.uint8)
    for y in (100, 160, 220, 280):
        img[y:y + 2, 100:600] = 0
    for x in (100, 300, 450, 600):
        img[100:282, x:x + 2] = 0
    for y in range(350, 850, 40):  # text lines
        for x in range(100, 600, 24):
            img[y:y + 18, x:x + 16] = 40
    return ocr.rotate(img, angle) if angle else img


def test_skew_is_found_and_undone():
    assert abs(ocr.skew(_ruled())) < 0.05
    for angle in (0.4, -0.3):
        assert ocr.skew(_ruled(angle)) == pytest.approx(-angle, abs=0.06)


def test_rules_in_the_image_make_the_same_grid_as_vector_rules():
    from reportparse.tables.grid import find_grids

    dpi = 144
    _, lines = ocr.find_rules(ocr.binarize(_ruled()), dpi)
    page = ocr.OcrPage(number=1, width=350, height=450, chars=[], lines=lines, dpi=dpi, angle=0, reason="")
    k = 72 / dpi
    chars = [{"text": "7", "x0": 350 * k, "x1": 356 * k, "top": 180 * k, "bottom": 196 * k, "size": 8,
              "fontname": "OCR"}]
    (grid,) = find_grids(page, chars, 1)
    assert (grid.n_rows, grid.n_cols) == (3, 3)
    (cell,) = [c for c in grid.cells if c.text == "7"]
    assert (cell.r0, cell.c0) == (1, 1)
    assert cell.bbox == pytest.approx((150.5, 80.5, 225.5, 110.5), abs=1.0)  # PDF points


def test_strokes_of_bold_characters_are_not_rules():
    """Bold text below a table: its long strokes (一, a stem) touch from character to character, yet no rule
    comes of them, and the column rules their stems stand under are not pulled off their places (snapped
    with them, a rule at x = 300 moved to the strokes' mean and lost its rows)."""
    dpi = 144
    img = _ruled()
    for y in (305,):  # a line of bold 16 pt characters with no gap, strokes meeting from one to the next
        for i, x in enumerate(range(100, 600, 31)):
            bar = y + (6 if i % 2 else 22)
            img[bar:bar + 4, x:x + 33] = 0  # 一, reaching the next character's stem
            img[y:y + 31, x + 14:x + 18] = 0
    _, lines = ocr.find_rules(ocr.binarize(img), dpi)
    k = 72 / dpi
    verticals = sorted(round(ln["x0"] / k) for ln in lines if ln["x0"] == ln["x1"])
    horizontals = sorted(round(ln["top"] / k) for ln in lines if ln["top"] == ln["bottom"])
    assert verticals == [101, 301, 451, 601]
    assert horizontals == [101, 161, 221, 281]


def test_a_one_row_table_keeps_its_column_rules():
    """The value row of a table cut by the page, alone at a page's top: its column rules are shorter than a text
    line is tall, yet they meet rules an inch long and are kept."""
    dpi = 144
    img = np.full((300, 700), 255, np.uint8)
    for y in (100, 140):
        img[y:y + 2, 100:600] = 0
    for x in (100, 300, 450, 600):
        img[100:142, x:x + 2] = 0
    _, lines = ocr.find_rules(ocr.binarize(img), dpi)
    k = 72 / dpi
    assert sorted(round(ln["x0"] / k) for ln in lines if ln["x0"] == ln["x1"]) == [101, 301, 451, 601]


def test_a_shaded_header_band_is_a_filled_cell_not_a_blot():
    """A grey band (a table's shaded header row) that Otsu's threshold takes for ink: without care it swallows
    the rules it touches and the table falls apart; taken out as a fill, its edges are rules, its text ink."""
    from reportparse.tables.grid import find_grids

    dpi = 144
    img = np.full((900, 700), 255, np.uint8)
    img[100:400, 100:600] = 205  # most of the table shaded: Otsu then puts the threshold above the grey
    img[160:400, 101:600] = 255
    img[500:800, 100:600] = 205  # a shaded panel apart from the table
    for y in (100, 160, 220, 280, 340, 400):
        img[y:y + 2, 100:600] = 0
    for x in (100, 600):
        img[100:402, x:x + 2] = 0
    img[160:402, 300:302] = 0
    img[120:140, 250:262] = 30  # a character on the band
    ink = ocr.binarize(img)
    assert ink[130, 200] and ink[130, 255]  # Otsu alone: the band is ink
    ink, fills = ocr.unfill(img, ink, dpi)
    assert not ink[130, 200] and ink[130, 255] and len(fills) == 2
    _, lines = ocr.find_rules(ink, dpi)
    page = ocr.OcrPage(number=1, width=350, height=450, chars=[], lines=lines, rects=fills, dpi=dpi, angle=0,
                       reason="")
    (grid, *_) = find_grids(page, [], 1)
    assert (grid.n_rows, grid.n_cols) == (5, 2)
    assert [(c.r0, c.c0, c.c1) for c in grid.cells if c.r0 == 0] == [(0, 0, 2)]  # the band spans both columns


def test_a_running_header_read_by_ocr_is_furniture_though_its_size_wavers():
    """OCR measures a line's size from its ink: the same header reads 11.2 to 13.2 pt from page to page."""
    from reportparse.layout import remove_furniture
    from reportparse.model import Line

    sizes = [12.2, 11.2, 12.2, 11.2, 13.2, 11.2]
    pages = [[Line("成都市锦江区人民政府", p, 250, 345, 49.2, 59.5, size),
              Line("正文第一行", p, 90, 500, 100, 116, 16.0)] for p, size in enumerate(sizes, 1)]
    kept = remove_furniture(pages, [842.0] * 6)
    assert [[ln.text for ln in page] for page in kept] == [["正文第一行"]] * 6


def test_a_slash_is_told_from_a_one_by_its_slant():
    one = np.zeros((30, 20), bool)
    one[3:27, 9:12] = True
    slash = np.zeros((30, 20), bool)
    for y in range(3, 27):
        slash[y, 16 - y // 2:19 - y // 2] = True
    assert ocr._stroke(one) == "1"
    assert ocr._stroke(slash) == "/"


# ------------------------------------------------------------------ uncertain digits
def _tables(truth: dict) -> dict:
    tables = {}
    for name, rows in truth["tables"].items():
        tables[name] = {}
        for r, (row, cols) in enumerate(rows.items()):
            tables[name][row] = None if cols is None else {
                col: Cell(raw=str(v), value=v, page=3, bbox=(100.0 + 30 * c, 100.0 + 20 * r, 130.0 + 30 * c,
                                                               120.0 + 20 * r))
                for c, (col, v) in enumerate(cols.items())}
    return tables


def test_a_misread_digit_is_named_by_the_relations_never_changed():
    tables = _tables(_truth("layout-word-2022.nounicode.pdf"))
    cell = tables["applications"]["granted"]["natural_person"]
    misread = dict(tables["applications"]["granted"])
    misread["natural_person"] = Cell(raw="1", value=1, page=3, bbox=cell.bbox)
    tables["applications"] = {**tables["applications"], "granted": misread}
    checks = evaluate(tables)
    assert sum(1 for c in checks if c.ok is False) == 2  # its row total and its column's result sum
    read = [ocr.OcrCell(3, c.bbox, c.raw, 0.99) for rows in tables.values() for cols in rows.values()
            for c in (cols or {}).values()]
    warnings = ocr_checks.warnings(tables, checks, read)
    assert warnings and all(w.code == "ocr_uncertain" for w in warnings)
    named = {w.message for w in warnings if "likely misread is applications.granted.natural_person" in w.message}
    assert named and f"{cell.value} would make 2 relations hold" in named.pop()
    assert tables["applications"]["granted"]["natural_person"].value == 1  # reported, not repaired


def test_a_low_score_cell_is_flagged_with_its_page_and_box():
    tables = _tables(_truth("layout-wps-2023.scan.pdf"))
    cell = tables["applications"]["new"]["total"]
    read = [ocr.OcrCell(3, cell.bbox, cell.raw, 0.5)]
    (w,) = ocr_checks.warnings(tables, evaluate(tables), read)
    assert w.code == "ocr_uncertain" and w.page == 3
    assert "applications.new.total" in w.message and "box [" in w.message


def test_a_cell_read_as_no_number_is_flagged_whatever_its_score():
    tables = _tables(_truth("layout-wps-2023.scan.pdf"))
    cell = tables["applications"]["granted"]["research"]
    smudged = Cell(raw="。", value=None, page=cell.page, bbox=cell.bbox)
    tables["applications"] = {**tables["applications"],
                              "granted": {**tables["applications"]["granted"], "research": smudged}}
    read = [ocr.OcrCell(3, cell.bbox, "。", 0.97)]
    (w,) = [w for w in ocr_checks.warnings(tables, evaluate(tables), read) if "not a number" in w.message]
    assert w.code == "ocr_uncertain" and w.message.startswith("applications.granted.research: read '。'")


def test_a_cell_with_ink_and_nothing_read_is_flagged():
    """A faint 0 that neither the page pass nor the cell's own crop reads leaves a blank cell: named, not passed
    off as a blank."""
    tables = _tables(_truth("layout-wps-2023.scan.pdf"))
    cell = tables["applications"]["new"]["research"]
    blank = Cell(raw="", value=None, page=cell.page, bbox=cell.bbox)
    tables["applications"] = {**tables["applications"], "new": {**tables["applications"]["new"], "research": blank}}
    (w,) = [w for w in ocr_checks.warnings(tables, evaluate(tables), [ocr.OcrCell(3, cell.bbox, "", 0.0)])
            if w.message.startswith("applications.new.research")]
    assert w.code == "ocr_uncertain" and "ink in the cell, nothing read" in w.message
    clean = ocr_checks.warnings(tables, evaluate(tables), [ocr.OcrCell(3, cell.bbox, "", 1.0)])
    assert not [w for w in clean if w.message.startswith("applications.new.research")]  # a clean blank


def test_a_row_lost_from_a_table_read_by_ocr_is_flagged():
    tables = _tables(_truth("layout-wps-2023.scan.pdf"))
    tables["applications"] = {**tables["applications"], "denied_state_secret": None}
    read = [ocr.OcrCell(3, c.bbox, c.raw, 0.99) for c in tables["applications"]["new"].values()]
    flagged = [w for w in ocr_checks.warnings(tables, evaluate(tables), read) if "row not found" in w.message]
    assert [w.message.split(":")[0] for w in flagged] == ["applications.denied_state_secret"]
    assert flagged[0].code == "ocr_uncertain" and flagged[0].page == 3
    assert not ocr_checks.warnings(tables, evaluate(tables), [])  # a text layer: rows_missing says it


# ------------------------------------------------------------------ the samples
def test_a_scan_is_read_into_the_record(scan):
    name, scan = scan
    truth = _truth(name)
    assert scan["source"]["ocr"] is True
    used = [w for w in scan["warnings"] if w["code"] == "ocr_used"]
    assert [w["page"] for w in used] == list(range(1, scan["source"]["pages"] + 1))
    assert all("rapidocr" in w["message"] and " dpi" in w["message"] for w in used)
    assert (scan["agency"], scan["year"], scan["template"]) == (truth["agency"], truth["year"], truth["template"])
    wrong = cell_differences(scan, truth)
    n = sum(len(cols or {}) for rows in truth["tables"].values() for cols in rows.values())
    assert len(wrong) <= 0.01 * n, wrong
    flagged = " ".join(w["message"] for w in scan["warnings"] if w["code"] == "ocr_uncertain")
    for line in wrong:  # every wrong cell carries an ocr_uncertain warning naming it
        assert line.split(":")[0] in flagged, line
    for section in truth["sections"]:
        got = next(s for s in scan["sections"] if s["number"] == section["number"])
        assert got["text"] == section["text"] or _cer(got["text"], section["text"]) <= 0.02


def test_scanned_cells_keep_their_place_on_the_page(scan):
    """Each cell's page and box are where the source PDF printed it (the scan is turned by up to 0.5°)."""
    name, scan = scan
    source = reportparse.parse(SCANS.parent / f"{name.split('.')[0]}.pdf").to_dict()
    for table, rows in source["cells"].items():
        for row, cols in rows.items():
            for col, want in (cols or {}).items():
                got = scan["cells"][table][row][col]
                assert got["page"] == want["page"], (table, row, col)
                assert got["bbox"] == pytest.approx(want["bbox"], abs=6.0), (table, row, col)


def test_glyphs_without_unicode_are_read_by_ocr(nounicode):
    truth = _truth("layout-word-2022.nounicode.pdf")
    assert nounicode["source"]["ocr"] is True
    used = [w for w in nounicode["warnings"] if w["code"] == "ocr_used"]
    assert used and all(w["message"].endswith(ocr.UNMAPPED) for w in used)
    assert nounicode["agency"] == truth["agency"] and nounicode["year"] == truth["year"]
    wrong = cell_differences(nounicode, truth)
    assert len(wrong) <= 2, wrong


def test_glyphs_without_unicode_give_the_same_record_from_both_backends(nounicode):
    """pdfminer and pdfium count unmapped glyphs differently ((cid:n) per the CMap, (cid:0)): the warnings say
    why a page was read by OCR in words that do not depend on the count."""
    other = reportparse.parse(SCANS / "layout-word-2022.nounicode.pdf", backend="pdfplumber").to_dict()
    assert other == nounicode


def test_a_text_layer_of_wrong_code_points_is_read_by_ocr():
    """The glyphs draw the report, the text layer says ⼈ (a Kangxi radical) for 人 and private-use code points for
    the rest: the page is read from its pixels, not from the text layer."""
    name = "layout-word-2022.garbled.pdf"
    record = reportparse.parse(SCANS / name).to_dict()
    truth = _truth(name)
    assert record["source"]["ocr"] is True
    used = [w for w in record["warnings"] if w["code"] == "ocr_used"]
    assert len(used) == record["source"]["pages"]
    assert all("outside the CJK and ASCII" in w["message"] for w in used)
    assert (record["agency"], record["year"], record["region"]) == (truth["agency"], truth["year"], truth["region"])
    wrong = cell_differences(record, truth)
    assert len(wrong) <= 2, wrong
    text = "".join(s["text"] for s in record["sections"])
    assert not any(0x2F00 <= ord(c) <= 0x2FDF or 0xE000 <= ord(c) <= 0xF8FF for c in text)


def test_text_pdfs_are_not_read_by_ocr():
    record = reportparse.parse(SCANS.parent / "layout-wps-2023.pdf").to_dict()
    assert record["source"]["ocr"] is False
    assert not [w for w in record["warnings"] if w["code"].startswith("ocr_")]


def _cer(a: str, b: str) -> float:
    a, b = "".join(a.split()), "".join(b.split())
    return edit_distance(a, b) / max(len(b), 1)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
