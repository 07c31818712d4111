"""Table 四 from a conversion that lost its header: only its 15 values left, as a table of one row.

A PDF turned into markdown (MinerU and the like) or a page whose table header was a picture keeps table 四's
numbers as a one-row table and its header as a line of text (行政复议行政诉讼), or not at all.  Those 15
values are the table's in the template's order, as the same values on a line of text are read; a row of
another length, or one under another section, is still a table of the report's own (flagged, not read).
"""

from __future__ import annotations

import pytest

from reportparse import parse

NUMBERS = [119, 25, 91, 24, 259, 7, 0, 15, 6, 28, 21, 1, 7, 9, 38]
GROUPS = ("review", "litigation_direct", "litigation_after_review")
COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def markdown(table: list[str], head: str | None = "行政复议行政诉讼", section: str = "四") -> str:
    four = [*([head] if head else []), *table, ""]
    lines = [
        "某某县交通运输局2023年政府信息公开工作年度报告", "",
        "一、总体情况", "2023年，我局持续推进政务公开工作。", "",
        "二、主动公开政府信息情况", "",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "|---|---|---|---|",
        "| 规章 | 0 | 0 | 0 |", "| 行政规范性文件 | 2 | 1 | 9 |", "",
        "三、收到和处理政府信息公开申请情况", "",
        *(four if section == "三" else []),
        "四、政府信息公开行政复议、行政诉讼情况", "",
        *(four if section == "四" else []),
        "五、存在的主要问题及改进情况", "一是公开内容有待进一步丰富。", "",
        "六、其他需要报告的事项", "本年度未收取信息处理费。", ""]
    return "\n".join(lines)


def pipe_row(values: list) -> list[str]:
    return ["| " + " | ".join(map(str, values)) + " |", "|" + "---|" * len(values)]


def review_table(tmp_path, text: str, name: str = "r.md") -> tuple[dict | None, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    record = parse(path).to_dict()
    return record["tables"].get("review_litigation"), [w["code"] for w in record["warnings"]]


def expected(numbers: list) -> dict:
    return {g: dict(zip(COLUMNS, numbers[5 * i:5 * i + 5], strict=True)) for i, g in enumerate(GROUPS)}


@pytest.mark.parametrize("head", ["行政复议行政诉讼", None])
def test_one_row_table_of_fifteen_values_under_four_is_table_four(tmp_path, head):
    table, codes = review_table(tmp_path, markdown(pipe_row(NUMBERS), head))
    assert table == expected(NUMBERS)
    assert "table_own_shape" not in codes


def test_blank_cells_stay_null(tmp_path):
    row = [*NUMBERS[:6], "", *NUMBERS[7:]]
    table, codes = review_table(tmp_path, markdown(pipe_row(row)))
    assert table["litigation_direct"]["corrected"] is None
    assert table["litigation_direct"]["total"] == 28


def test_web_page_table_of_the_values_alone(tmp_path):
    cells = "".join(f"<td>{n}</td>" for n in NUMBERS)
    text = markdown([f"<table><tr>{cells}</tr></table>"])
    html = "<html><head><meta charset='utf-8'></head><body>" + "".join(
        f"<p>{ln}</p>" if not ln.startswith(("|", "<table")) else ln for ln in text.splitlines()
        if not ln.startswith("|")) + "</body></html>"
    table, _ = review_table(tmp_path, html, "r.html")
    assert table == expected(NUMBERS)


def test_row_of_another_length_is_a_table_of_its_own(tmp_path):
    table, codes = review_table(tmp_path, markdown(pipe_row(NUMBERS[:14])))
    assert table is None
    assert "table_own_shape" in codes


def test_fifteen_values_under_another_section_are_not_table_four(tmp_path):
    table, codes = review_table(tmp_path, markdown(pipe_row(NUMBERS), section="三"))
    assert table is None
    assert "table_own_shape" in codes

