"""PDFs from producers other than reportlab, Word and WPS: samples/producers/ (made by samples/make_producers.py).

LibreOffice's export of the sample Word files and of a web page, and Chromium's print to PDF of the sample web
pages (with and without its header and footer: date, page title, URL, ``1/7``), each held to its form's truth.
A printed web page carries the site's chrome (menu, breadcrumb, 发布时间/字号 line, 上一篇/下一篇, ICP footer):
none of it may become the title, the agency or a section's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from truth import agency_ok, broken_rules, failed_rules, section_texts
from variants import cell_errors

import reportparse

ROOT = Path(__file__).resolve().parents[1]
PRODUCERS = ROOT / "samples" / "producers"
TRUTHS = sorted(PRODUCERS.glob("*.truth.json"))
WEB = [t.name for t in TRUTHS if ".html." in t.name]


def _truth(name: str) -> dict:
    return json.loads((PRODUCERS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = _truth(request.param)
    return reportparse.parse(PRODUCERS / truth["file"]).to_dict(), truth


def test_every_producer_is_there():
    producers = {t.name.removesuffix(".pdf.truth.json").rsplit(".", 1)[1] for t in TRUTHS}
    assert producers == {"soffice", "chromium", "chromium-hf"}
    for t in TRUTHS:
        assert (PRODUCERS / _truth(t.name)["file"]).is_file()


def test_cells_right_or_flagged(case):
    record, truth = case
    assert cell_errors(record, truth) == []


def test_identity(case):
    record, truth = case
    assert agency_ok(record, truth), record["agency"]
    assert (record["year"], record["template"]) == (truth["year"], truth["template"])
    assert {k: record["region"][k] for k in ("province", "city", "county")} == {
        k: truth["region"][k] for k in ("province", "city", "county")}
    assert record["source"]["format"] == "pdf" and record["report_id"] == truth["report_id"]


def test_checks_flag_exactly_the_broken_relations(case):
    record, truth = case
    assert failed_rules(record) == broken_rules(truth)


def test_section_text(case):
    """Every section's text as printed, the last one without the site's footer after it."""
    record, truth = case
    got = section_texts(record)
    for section in truth["sections"]:
        assert got.get(section["key"]) == "".join(section["text"].split()), section["key"]


@pytest.mark.parametrize("name", WEB)
def test_a_printed_web_page_is_titled_by_its_report_not_its_breadcrumb(name):
    truth = _truth(name)
    record = reportparse.parse(PRODUCERS / truth["file"]).to_dict()
    assert record["title"] == truth["title"]
    chrome = ("首页>", "字号", "浏览次数", "上一篇", "下一篇", "ICP备", "网站标识码", "打印本页")
    printed = [record["title"], *record["preamble"], *(s["text"] for s in record["sections"])]
    assert [t for t in printed if any(c in t.replace(" ", "") for c in chrome)] == []


@pytest.mark.parametrize("name", [t.name for t in TRUTHS])
def test_both_backends_give_the_same_record(name):
    path = PRODUCERS / _truth(name)["file"]
    assert reportparse.parse(path, backend="pdfplumber").to_dict() == reportparse.parse(path).to_dict()


@pytest.mark.parametrize("name", WEB)
def test_pdfium_reads_a_printed_web_page_itself(name):
    """Chromium sets each space in a text object of its own, with a box of no size, which pdfium's text page
    leaves out: that is no lost text, and the page's characters are not read again by pdfminer (3-5x slower,
    and it logs a FontBBox warning for every glyph of Chromium's fonts)."""
    from reportparse.readers import pdfium

    doc = pdfium.open_document((PRODUCERS / _truth(name)["file"]).read_bytes(), name)
    try:
        assert [pdfium.read_page(doc, i).lost for i in range(pdfium.page_count(doc))] == [0] * pdfium.page_count(doc)
    finally:
        pdfium.close_document(doc)


def test_no_warning_but_the_printed_label_deviations(case):
    """A row cut by a page (LibreOffice breaks rows, its outer label too: （五）不予处 / 理), a merged cell that
    Chromium closes mid-row at a page's end: neither is a row printed twice or a label misprinted."""
    record, truth = case
    deviations = {(d["table"], d["row"], d["printed"]) for d in truth.get("label_deviations") or []}
    unexplained = []
    for w in record["warnings"]:
        if w["code"] == "label_variant":
            where, printed = w["message"].split(": printed ", 1)
            table, row = where.split(".", 1)
            if (table, row, printed.split("'")[1]) in deviations:
                continue
        unexplained.append(f"{w['code']}: {w['message']}")
    assert unexplained == []
