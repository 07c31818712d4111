"""``explain``: value, printed text, page and box, labels and how they matched, checks, warnings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportparse.explain import UnknownKeyError, all_keys, explain, uses

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WPS = SAMPLES / "layout-wps-2023.pdf"  # 2.其他法律行政止公开 (a typo), and table 四's review row fails
SEED = SAMPLES / "guyuan-hpf-2021.txt"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportparse", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd, check=False)


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> dict:
    import reportparse

    return reportparse.parse(WPS).to_dict()


@pytest.mark.parametrize("key", ["active_disclosure.penalty.decisions", "applications.new.total",
                                 "review_litigation.review.corrected"])
def test_a_cell_of_each_table_names_its_page_and_box(record, key):
    table, row, col = key.split(".")
    found = explain(record, key)
    cell = record["cells"][table][row][col]
    assert found.found and found.value == record["tables"][table][row][col]
    assert (found.raw, found.page, list(found.bbox)) == (cell["raw"], cell["page"], cell["bbox"])
    assert found.page and len(found.bbox) == 4
    assert found.row_label and found.column_label


def test_labels_and_checks_of_a_matrix_cell(record):
    found = explain(record, "applications.new.total")
    assert found.row_label == "一、本年新收政府信息公开申请数量" and found.column_label == "总计"
    assert found.match == "exact" and found.printed_label is None
    assert {c.rule for c in found.checks} == {
        "applications.total: new + carried_over == results_total + carried_forward",
        "applications.new: total == natural_person + 5 organisation columns"}
    assert all(c.ok for c in found.checks)


def test_a_typo_in_the_row_label_is_said_and_its_warning_shown(record):
    found = explain(record, "applications.denied_prohibited_by_law.research")
    assert found.match == "typo" and found.printed_label == "2.其他法律行政止公开"
    assert [w.code for w in found.warnings] == ["label_variant"]
    # research is an organisation column: the row's sum and the results column's sum use it
    assert any(c.rule.startswith("applications.research: results_total == sum(") for c in found.checks)
    assert any(c.rule.startswith("applications.denied_prohibited_by_law: total ==") for c in found.checks)


def test_a_failed_check_is_reported_with_its_detail(record):
    found = explain(record, "review_litigation.review.total")
    [check] = found.checks
    assert check.ok is False and "vs total" in check.detail
    assert "FAILED" in found.text()


def test_rule_matching_spells_out_ranges():
    rule = "applications.total: results_total == sum(granted..other_other)"
    assert uses(rule, "2021", "applications", "denied_inquiry", "total")
    assert not uses(rule, "2021", "applications", "new", "total")
    assert not uses(rule, "2021", "applications", "denied_inquiry", "research")


def test_an_unknown_key_suggests_the_nearest(record):
    with pytest.raises(UnknownKeyError, match="applications.new.total"):
        explain(record, "applications.new.totl")
    from reportparse.export.tidy import tidy_rows

    printed = {f"{r['table']}.{r['row']}.{r['column']}" for r in tidy_rows(record)}
    assert printed and printed <= set(all_keys("2021"))  # every cell of a record can be explained


def test_cli_text_json_and_a_saved_record(tmp_path):
    proc = run("explain", WPS, "applications.denied_prohibited_by_law.total")
    assert proc.returncode == 0, proc.stderr
    assert "page 3" in proc.stdout and "x0 495.6" in proc.stdout and "matched as a typo" in proc.stdout
    assert "label_variant" in proc.stdout

    saved = tmp_path / "r.json"
    assert run("parse", SEED, "-o", saved).returncode == 0
    proc = run("explain", saved, "applications.new.total", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["key"] == "applications.new.total" and data["value"] == 0 and data["bbox"] is None

    proc = run("explain", SEED, "applications.nwe.total")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "did you mean applications.new.total" in proc.stderr


def test_a_row_read_by_its_place_says_so():
    """A table dumped cell by cell is read in the template's order (``cells_in_order``): its rows were not matched
    by the labels printed beside them, and the explanation says so and shows the warning."""
    import reportparse

    record = reportparse.parse(SAMPLES / "dumps" / "random-217-2021.pdftotext.txt").to_dict()
    found = explain(record, "applications.granted.total")
    assert found.value == 294 and found.match == "order"
    assert "template's order" in found.text()
    assert [w.code for w in found.warnings] == ["cells_in_order"]
