"""What is a 政府信息公开工作年度报告, told by principle: free-form reports before 2019 are; a 决算 is not."""

from __future__ import annotations

import pytest

import reportparse

FREE_FORM_2015 = """某市人民政府2015年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求，由某市人民政府办公室编制。
一、概述
2015年，我市认真贯彻落实《条例》，政府信息公开工作有序推进。
二、主动公开政府信息情况
全年主动公开政府信息5120条。
三、依申请公开政府信息情况
全年受理政府信息公开申请63件，均已按期答复。
四、政府信息公开的收费及减免情况
本年度未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
全年发生行政复议2件，行政诉讼1件。
六、存在的主要问题及改进措施
公开的及时性有待提高。
七、其他需要报告的事项
无。
"""


def test_a_free_form_report_before_2019_is_read_with_its_sections(tmp_path):
    path = tmp_path / "2015.txt"
    path.write_text(FREE_FORM_2015, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["agency"], record["year"], record["template"]) == ("某市人民政府", 2015, "unknown")
    assert record["tables"] == {}
    assert [s["heading"] for s in record["sections"]][:3] == ["一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况"]
    codes = {w["code"] for w in record["warnings"]}
    assert "template_free_form" in codes and "table_missing" not in codes


def test_five_standard_headings_make_a_report_without_a_title_or_table(tmp_path):
    body = "\n".join(["一、总体情况", "全年公开信息。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "问题。", "六、其他需要报告的事项", "无。"])
    path = tmp_path / "untitled.txt"
    path.write_text(body + "\n", encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert len(record["sections"]) == 6 and "title_missing" in {w["code"] for w in record["warnings"]}


@pytest.mark.parametrize("title", ["某某县财政局2023年度部门决算", "某某县2024年部门预算公开说明", "某某局2023年工作总结"])
def test_other_government_documents_are_refused_naming_what_they_are(tmp_path, title):
    body = "\n".join([title, "一、部门基本情况", "主要职责……。", "二、收入支出决算总体情况说明", "收入合计100万元。",
                      "三、其他重要事项的情况说明", "无。", "十一、名词解释", "财政拨款收入：……。"])
    path = tmp_path / "other.txt"
    path.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError) as err:
        reportparse.parse(path)
    assert title[:20] in str(err.value) and "it reads as a" in str(err.value)


def test_a_title_announcing_the_report_names_its_agency():
    from reportparse.normalize import title_agency_year

    assert title_agency_year("关于某县人民政府2023年政府信息公开工作年度报告的公告") == ("某县人民政府", 2023)
