"""Reports in the 2019 trial format, the 2021 format out of its years, and free-form reports before 2019:
what they print differently from the samples.  The template follows the printed tables, not the year; a
free-form report keeps its sections and gets no standard table; a number not sure is null with a warning."""

from __future__ import annotations

import pytest
from variants import cell_errors, content, render, render_columns, with_year

APPS = "applications"


def _codes(record: dict) -> list[str]:
    return [w["code"] for w in record["warnings"]]


@pytest.mark.parametrize("form", ["md", "html", "docx"])
def test_applications_columns_in_another_order(tmp_path, form):
    """科研机构 before 商业企业, 其他 before 法律服务机构: each number under the column its header names."""
    truth = content("format2019")
    record, _ = render_columns(truth, form, tmp_path, [1, 0, 2, 4, 3])
    assert cell_errors(record, truth) == []
    assert record["tables"][APPS]["new"]["commercial"] == 7
    assert "columns_reordered" in _codes(record)


@pytest.mark.parametrize("form", ["md", "html"])
def test_applications_columns_in_template_order_say_nothing(tmp_path, form):
    record, _ = render(content("format2019"), form, tmp_path)
    assert "columns_reordered" not in _codes(record) and "column_order_unknown" not in _codes(record)


@pytest.mark.parametrize("form", ["html", "crawl-spaced.txt"])
def test_three_safeties_spelled_out(tmp_path, form):
    """The older wording of a row is matched wherever rows are matched: grids and a crawler's runs alike."""
    truth = content("format2019")
    truth["label_deviations"] = [{"table": APPS, "row": "denied_three_safeties",
                                  "printed": "3.危及国家安全、公共安全、经济安全和社会稳定"}]
    record, _ = render(truth, form, tmp_path)
    assert record["tables"][APPS]["denied_three_safeties"]["total"] == 1
    assert "rows_missing" not in _codes(record) and cell_errors(record, truth) == []


@pytest.mark.parametrize("form", ["md", "html"])
def test_2021_report_on_the_2019_tables(tmp_path, form):
    """A 2021 report that used the 2019 tables by mistake: read as the 2019 format, with a warning."""
    truth = with_year(content("format2019"), 2021)
    record, _ = render(truth, form, tmp_path)
    assert record["year"] == 2021 and record["template"] == "2019"
    assert "template_year_mismatch" in _codes(record)
    assert cell_errors(record, truth) == []


def test_2020_report_on_the_2021_tables(tmp_path):
    truth = with_year(content("layout-word-2022"), 2020)
    record, _ = render(truth, "html", tmp_path)
    assert record["year"] == 2020 and record["template"] == "2021"
    assert "template_year_mismatch" in _codes(record)
    assert cell_errors(record, truth) == []


def test_report_in_its_years_format_no_mismatch(tmp_path):
    record, _ = render(content("format2019"), "md", tmp_path)
    assert "template_year_mismatch" not in _codes(record)


FREE_2018 = """# 某某市某某区人民政府2018年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求编制。

## 一、概述

2018年，区政府认真贯彻落实《条例》，全面推进政务公开工作。

## 二、主动公开政府信息情况

全年主动公开政府信息1256条，其中规范性文件8件。

## 三、依申请公开政府信息情况

全年共受理政府信息公开申请56件，已答复56件。

## 四、政府信息公开的收费及减免情况

本年度未收取任何费用。

## 五、因政府信息公开申请行政复议、提起行政诉讼的情况

本年度发生行政复议3件，行政诉讼1件。

## 六、政府信息公开工作存在的主要问题及改进情况

公开内容还不够全面，下一步将加强培训。

## 七、其他需要报告的事项

无。
"""

OWN_TABLE_2015 = """# 某某省某某厅2015年政府信息公开工作年度报告

根据《中华人民共和国政府信息公开条例》规定，现公布本厅2015年政府信息公开工作年度报告。

## 一、概述

2015年，我厅政府信息公开工作稳步推进。

## 二、主动公开政府信息情况

全年主动公开政府信息情况见下表。

| 类别 | 本年新收 | 数量（条） | 占比 |
|---|---|---|---|
| 机构职能 | 12 | 12 | 5% |
| 政策法规 | 30 | 30 | 12% |
| 合计 | 42 | 42 | 17% |

## 三、依申请公开政府信息情况

| 申请方式 | 自然人 | 法人或其他组织 | 合计 |
|---|---|---|---|
| 当面申请 | 3 | 1 | 4 |
| 网上申请 | 10 | 2 | 12 |

## 四、因政府信息公开申请行政复议、提起行政诉讼情况

| 行政复议 | 行政诉讼 | 申诉 |
|---|---|---|
| 1 | 0 | 0 |

## 五、存在的主要问题和改进措施

需进一步加强。
"""


def _parse_text(tmp_path, text: str) -> dict:
    import reportparse

    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return reportparse.parse(path).to_dict()


def test_free_form_2018_keeps_its_sections(tmp_path):
    record = _parse_text(tmp_path, FREE_2018)
    assert record["template"] == "unknown" and record["tables"] == {} and record["checks"] == []
    assert "template_free_form" in _codes(record)
    heads = {s["key"]: s["heading"] for s in record["sections"]}
    assert heads["review_litigation"] == "五、因政府信息公开申请行政复议、提起行政诉讼的情况"
    assert "本年度未收取任何费用。" in next(s["text"] for s in record["sections"] if s["key"] == "applications")


def test_2015_table_of_its_own_is_no_standard_table(tmp_path):
    record = _parse_text(tmp_path, OWN_TABLE_2015)
    assert record["template"] == "unknown" and record["tables"] == {}
    assert "template_free_form" in _codes(record) and "template_guessed" not in _codes(record)


def test_checks_on_2019_tables_evaluated_or_not_assessable(tmp_path):
    """Every relation on the 2019 tables is tested: true on the sample; a blank 总计 column makes its relations
    null (not assessable), never false."""
    from variants import with_cells

    truth = content("format2019")
    record, _ = render(truth, "html", tmp_path)
    rules = [c["rule"] for c in record["checks"]]
    assert all(c["ok"] is True for c in record["checks"])
    assert sum(r.startswith("review_litigation.") for r in rules) == 3
    assert any("results_total == sum(granted..other_total)" in r for r in rules)
    blank = with_cells(truth, {(APPS, key, "total"): ("", None) for key in truth["tables"][APPS]})
    record, _ = render(blank, "html", tmp_path, stem="blank")
    totals = [c for c in record["checks"] if c["rule"].startswith("applications.") and ".total:" in c["rule"]
              or c["rule"].endswith("natural_person + 5 organisation columns")]
    assert totals and all(c["ok"] in (True, None) for c in totals)
    assert any(c["ok"] is None for c in totals)
