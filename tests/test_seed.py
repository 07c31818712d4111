"""The seed text dump (固原市住房公积金管理中心, 2021): the report this project started from."""

from __future__ import annotations

from pathlib import Path

import pytest

import reportparse

SEED = Path(__file__).resolve().parents[1] / "samples" / "guyuan-hpf-2021.txt"


@pytest.fixture(scope="module")
def record():
    return reportparse.parse(SEED).to_dict()


def test_identity(record):
    assert record["agency"] == "固原市住房公积金管理中心"
    assert record["year"] == 2021 and record["template"] == "2021"
    assert record["region"] == {"province": "宁夏回族自治区", "city": "固原市", "county": None, "adcode": "640400"}
    assert record["source"]["format"] == "text" and record["source"]["pages"] == 6  # its page breaks kept as gaps
    assert record["title"] == "固原市住房公积金管理中心2021年政府信息公开工作年度报告"


def test_all_200_cells_are_zero_and_other_total_null(record):
    cells = [(t, r, c, v) for t, rows in record["tables"].items() for r, cols in rows.items() if cols
             for c, v in cols.items()]
    assert len(cells) == 200
    assert all(v == 0 for *_, v in cells)
    assert record["tables"]["applications"]["other_total"] is None
    assert len(record["tables"]["review_litigation"]) == 3


def test_checks_all_hold(record):
    assert record["checks"] and all(c["ok"] for c in record["checks"])
    assert record["warnings"] == []


def test_sections_and_subsections(record):
    assert [s["key"] for s in record["sections"]] == [
        "overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
    overview = record["sections"][0]
    assert [s["heading"] for s in overview["subsections"]] == [
        "（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）平台建设运行情况", "（五）监督保障情况"]
    assert not any(s["heading_inline"] for s in overview["subsections"])
    # tables are not text: sections 二、三、四 hold only their tables in the seed
    assert [s["text"] for s in record["sections"][1:4]] == ["", "", ""]
    assert record["sections"][5]["text"] == "无。"


def test_paragraph_across_a_page_break(record):
    last = record["sections"][0]["subsections"][4]["paragraphs"]
    assert len(last) == 1 and last[0].startswith("我中心定期或不定期对本单位政务公开落实情况开展全面自查")


def test_a_heading_wrapped_onto_two_lines(tmp_path):
    """The long variant of heading 四, wrapped like any line of the dump, is one heading."""
    text = SEED.read_text(encoding="utf-8").replace(
        "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情\n\n况")
    path = tmp_path / "wrapped.txt"
    path.write_text(text, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["sections"][3]["heading"] == "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    assert record["sections"][3]["text"] == "" and len(record["tables"]["review_litigation"]) == 3


@pytest.mark.parametrize("row", ["规章", "行政规范性文件"])
def test_a_row_printed_with_every_cell_blank_is_that_row(row, tmp_path):
    """规章 with nothing after it (an agency that makes no rules leaves the cells blank; the dump drops them), the
    next row's label on the next line: the row is printed, its cells blank (null), and no row is missing."""
    text = SEED.read_text(encoding="utf-8").replace(f"{row} 0 0 0", row)
    path = tmp_path / "blank.txt"
    path.write_text(text, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    table = record["tables"]["active_disclosure"]
    assert table == {**reportparse.parse(SEED).to_dict()["tables"]["active_disclosure"],
                     {"规章": "regulations", "行政规范性文件": "normative_documents"}[row]:
                         {"issued": None, "repealed": None, "in_force": None}}
    assert "rows_missing" not in {w["code"] for w in record["warnings"]}
