"""Cells of a glued run that reads several ways, settled by what the report's prose says of them.

Table 二's rows have no relation between their cells: a crawler's ``行政规范性文件6233440`` reads 15 ways.
A report that says ``本年度制发行政规范性文件62件`` claims the issued cell; the readings it leaves agree on
it, so it is taken, with a warning that quotes the prose.  The cells they still disagree on stay null.
"""

from __future__ import annotations

import copy

import pytest
from variants import content, render, with_cells


def report(sentence: str | None, cells=("62", 62, "33", 33, "440", 440)) -> dict:
    """The word sample with normative_documents printed as ``cells`` and ``sentence`` added to 一's lead."""
    truth = with_cells(content("layout-word-2022"), {
        ("active_disclosure", "normative_documents", "issued"): (cells[0], cells[1]),
        ("active_disclosure", "normative_documents", "repealed"): (cells[2], cells[3]),
        ("active_disclosure", "normative_documents", "in_force"): (cells[4], cells[5]),
    })
    truth = copy.deepcopy(truth)
    if sentence:
        section = truth["sections"][0]
        first, rest = section["text"].split("\n", 1)
        section["text"] = first + sentence + "\n" + rest
    return truth


def normative(tmp_path, sentence: str | None, **kw) -> tuple[dict, list[dict]]:
    record, _ = render(report(sentence, **kw), "crawl-glued.txt", tmp_path)
    return record["tables"]["active_disclosure"]["normative_documents"], record["warnings"]


def test_glued_row_alone_is_left_open(tmp_path):
    row, warnings = normative(tmp_path, None)
    assert row == {"issued": None, "repealed": None, "in_force": None}
    assert "cells_by_prose" not in {w["code"] for w in warnings}


def test_prose_naming_the_issued_cell_settles_it(tmp_path):
    row, warnings = normative(tmp_path, "本年度制发行政规范性文件62件。")
    assert row == {"issued": 62, "repealed": None, "in_force": None}  # 62 3 3440 / 62 33 440 / …: still open
    said = [w["message"] for w in warnings if w["code"] == "cells_by_prose"]
    assert len(said) == 1 and "制发行政规范性文件62件" in said[0] and said[0].startswith(
        "active_disclosure.normative_documents:")


def test_two_claims_settle_the_row(tmp_path):
    row, _ = normative(tmp_path, "全年制发行政规范性文件62件，废止规范性文件33件。")
    assert row == {"issued": 62, "repealed": 33, "in_force": 440}


@pytest.mark.parametrize("sentence", [
    "本年度制发行政规范性文件7件。",  # no reading has 7 issued: the prose contradicts them all
    "制发行政规范性文件62件，另制发规范性文件6件。",  # two numbers for one cell
    "制定并严格执行重大行政决策程序相关规范性文件62件。",  # the verb too far from the row's name: no claim
])
def test_prose_that_settles_nothing_changes_nothing(tmp_path, sentence):
    row, warnings = normative(tmp_path, sentence)
    assert row == {"issued": None, "repealed": None, "in_force": None}
    assert "cells_by_prose" not in {w["code"] for w in warnings}


@pytest.mark.parametrize("sentence, said", [
    ("本年度制发行政规范性文件5件。", True),  # the table prints 62: the prose says otherwise, and is quoted
    ("本年度制发行政规范性文件62件。", False),
    ("本年度废止行政规范性文件33件。", False),
])
def test_prose_that_contradicts_a_printed_cell_is_said(tmp_path, sentence, said):
    record, _ = render(report(sentence), "md", tmp_path)
    assert record["tables"]["active_disclosure"]["normative_documents"] == {"issued": 62, "repealed": 33,
                                                                            "in_force": 440}  # as printed
    found = [w["message"] for w in record["warnings"] if w["code"] == "prose_table_mismatch"
             and "active_disclosure.normative_documents.issued" in w["message"]]
    assert bool(found) == said
    if said:
        assert "制发行政规范性文件5件" in found[0] and found[0].endswith("is 62")
