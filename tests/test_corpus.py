"""The real reports in ../shared/corpus against their hand-checked truth (skipped where absent)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from truth import agency_ok, broken_rules, cell_differences, failed_rules, section_texts

import reportparse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TRUTHS = sorted(CORPUS.glob("*.truth.json")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not TRUTHS, reason=f"no corpus with truth files at {CORPUS}")


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS] or ["none"])
def case(request):
    truth = json.loads((CORPUS / request.param).read_text(encoding="utf-8"))
    record = reportparse.parse(CORPUS / truth["file"]).to_dict()
    return record, truth


def test_every_cell_equals_the_truth(case):
    """Every cell exact; in a text form whose cells ran together, a cell the relations cannot determine may
    be null instead, but only with a cells_ambiguous warning naming its row (never a wrong number)."""
    record, truth = case
    flagged = {w["message"].split(":")[0] for w in record["warnings"] if w["code"] == "cells_ambiguous"}
    unexplained = []
    for diff in cell_differences(record, truth):
        table_row = ".".join(diff.split(":")[0].split(".")[:2])
        if not (diff.endswith("got None") and truth["source"]["format"] == "text" and table_row in flagged):
            unexplained.append(diff)
    assert unexplained == []


def test_agency_year_template_region(case):
    record, truth = case
    assert agency_ok(record, truth), record["agency"]
    assert (record["year"], record["template"]) == (truth["year"], truth["template"])
    assert record["region"] == truth["region"]
    assert record["report_id"] == truth["report_id"]


def test_checks_flag_exactly_the_broken_relations(case):
    record, truth = case
    assert failed_rules(record) == broken_rules(truth)
    details = {c["rule"]: c["detail"] for c in record["checks"]}
    for broken in truth.get("broken_relations") or []:
        assert details[broken["rule"]] == broken["detail"]


def test_text_matches_the_page(case):
    record, truth = case
    assert record["title"] == truth["title"]
    assert record["preamble"] == truth["preamble"]
    got = section_texts(record)
    for section in truth["sections"]:
        assert got.get(section["key"]) == "".join(section["text"].split()), section["key"]
        printed = next(s for s in record["sections"] if s["key"] == section["key"])
        assert printed["text"].split("\n") == section["text"].split("\n") if section["text"] else True
        assert [s["heading"] for s in printed["subsections"]] == [s["heading"] for s in section["subsections"]]
        assert [s["heading_inline"] for s in printed["subsections"]] == [
            s["heading_inline"] for s in section["subsections"]]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_a_pdftotext_layout_dump_gives_the_same_record(case, tmp_path):
    """The text path, on a real report: `pdftotext -layout` of the PDF parses to the truth's cells and text."""
    record, truth = case
    if not truth["file"].endswith(".pdf"):
        pytest.skip("a dump of a PDF: this report is a web page or text")
    dump = tmp_path / "dump.txt"
    subprocess.run(["pdftotext", "-layout", str(CORPUS / truth["file"]), str(dump)], check=True, timeout=120)
    from_text = reportparse.parse(dump).to_dict()
    assert cell_differences(from_text, truth) == []
    assert failed_rules(from_text) == broken_rules(truth)
    assert agency_ok(from_text, truth) and from_text["year"] == truth["year"]
    assert section_texts(from_text) == section_texts(record)
