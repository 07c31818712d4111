"""Random reports: the frozen set of samples/make_random.py against their truth.

Each seed draws a report the way real ones vary (a real agency anywhere in China printed with or without its
place, a year 2019-2025 and its format, heading and label variants, titles year-first, over two lines or in
Chinese numerals, blank, ``/`` and noted cells, broken relations, run-in or stand-alone heads, signatures)
and renders it as a PDF or as the forms of make_forms.py.  Every file must give its truth exactly: every
cell, agency, year, template, region, title, preamble, section text and heading, and exactly the broken
relations as failed checks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from truth import broken_rules, cell_differences, failed_rules, identity_differences

import reportparse

ROOT = Path(__file__).resolve().parents[1]
RANDOM = ROOT / "samples" / "random"
TRUTHS = sorted(RANDOM.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = json.loads((RANDOM / request.param).read_text(encoding="utf-8"))
    return reportparse.parse(RANDOM / truth["file"]).to_dict(), truth


def test_the_set_mixes_forms_formats_and_shapes():
    truths = [json.loads(t.read_text(encoding="utf-8")) for t in TRUTHS]
    forms = {t["file"].split(".", 1)[1] for t in truths}
    assert {"pdf", "html", "gbk.html", "docx", "crawl-glued.txt", "crawl-spaced.txt", "md", "html-tables.md"} <= forms
    assert {t["template"] for t in truths} == {"2019", "2021"}
    assert any(t["broken_relations"] for t in truths) and any(t["label_deviations"] for t in truths)
    assert any(not t["preamble"] for t in truths) and any(t.get("signed") for t in truths)


def test_cells(case):
    record, truth = case
    assert cell_differences(record, truth) == []
    assert not [w for w in record["warnings"] if w["code"] == "cells_ambiguous"]


def test_identity_and_checks(case):
    """Agency, year, template, title, region, format and id; failed checks exactly the broken relations."""
    record, truth = case
    assert identity_differences(record, truth) == []
    assert failed_rules(record) == broken_rules(truth)


def test_text(case):
    record, truth = case
    crawled = ".crawl-" in truth["file"]  # crawler text keeps no paragraph boundaries
    assert [_flat(p) for p in record["preamble"]] == [_flat(p) for p in truth["preamble"]] or (
        crawled and _flat("".join(record["preamble"])) == _flat("".join(truth["preamble"])))
    got = {s["key"]: s for s in record["sections"]}
    for section in truth["sections"]:
        printed = got[section["key"]]
        assert printed["heading"] == section["heading"]
        assert _flat(printed["text"]) == _flat(section["text"]), section["key"]
        if not crawled:
            assert printed["text"].split("\n") == section["text"].split("\n"), section["key"]
            assert [(s["heading"], s["heading_inline"]) for s in printed["subsections"]] == [
                (s["heading"], s["heading_inline"]) for s in section["subsections"]], section["key"]
    if truth.get("signed"):
        assert (record.get("signed"), record.get("published")) == (truth["signed"], truth["published"])


@pytest.mark.parametrize("seed", [215, 233])
def test_the_script_writes_these_bytes(seed, tmp_path):
    """The samples are the script's output: drawing the seed again gives the committed bytes."""
    import make_random

    for name in make_random.write(seed, make_random.PLAN[seed], tmp_path):
        assert (tmp_path / name).read_bytes() == (RANDOM / name).read_bytes(), name
        assert (tmp_path / f"{name}.truth.json").read_bytes() == (RANDOM / f"{name}.truth.json").read_bytes()
