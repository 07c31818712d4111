"""Scans of a page fed into the scanner sideways or upside down: the OCR reader finds the turn and reads
the page upright, with a ``page_turned`` warning naming it.

The samples are made by samples/make_turned_scans.py: layout-wps-2023.scan.pdf with every page turned 90,
180 or 270 degrees clockwise.  Each is parsed once (about 10 s on two cores).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from truth import cell_differences, section_differences

import reportparse
from reportparse.readers import ocr

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCANS = SAMPLES / "scans"
pytestmark = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")

TURNED = {90: "running down the page", 180: "upside down", 270: "running up the page"}


@pytest.fixture(scope="module", params=sorted(TURNED))
def turned(request):
    name = f"turned-{request.param}-layout-wps-2023.scan.pdf"
    truth = json.loads((SCANS / f"{name}.truth.json").read_text(encoding="utf-8"))
    return request.param, reportparse.parse(SCANS / name).to_dict(), truth


@pytest.fixture(scope="module")
def source():
    return reportparse.parse(SAMPLES / "layout-wps-2023.pdf").to_dict()


def test_a_turned_scan_reads_as_the_upright_one(turned):
    turn, record, truth = turned
    assert (record["agency"], record["year"], record["template"]) == (truth["agency"], truth["year"],
                                                                      truth["template"])
    assert cell_differences(record, truth) == []
    assert section_differences(record, truth) == []


def test_every_turned_page_is_named(turned):
    turn, record, truth = turned
    warned = [w for w in record["warnings"] if w["code"] == "page_turned"]
    assert [w["page"] for w in warned] == list(range(1, truth["source"]["pages"] + 1))
    assert all(TURNED[turn] in w["message"] for w in warned), warned


def test_turned_cells_are_placed_on_the_upright_page(turned, source):
    """Boxes are the upright page's (from its top-left as it reads), where the source PDF printed them."""
    _, record, _ = turned
    for table, rows in source["cells"].items():
        for row, cols in rows.items():
            for col, want in (cols or {}).items():
                got = record["cells"][table][row][col]
                assert got["page"] == want["page"], (table, row, col)
                assert got["bbox"] == pytest.approx(want["bbox"], abs=6.0), (table, row, col)


def test_an_upright_scan_is_not_turned():
    reader = ocr.Reader((SCANS / "layout-wps-2023.scan.pdf").read_bytes())
    try:
        page = reader.page(4, "no text layer")  # the last page: seven lines of text
    finally:
        reader.close()
    assert page.turn == 0 and (page.width, page.height) == pytest.approx((595.3, 841.9), abs=1)
