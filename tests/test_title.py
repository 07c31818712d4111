"""Title, agency, year and publication date from the head of a text dump with web-page clutter."""

from __future__ import annotations

import reportparse

BODY = """一、总体情况

2023年，本局坚持以公开为常态、不公开为例外，全面推进政务公开工作，各项工作取得新成效。

二、主动公开政府信息情况

三、收到和处理政府信息公开申请情况

四、政府信息公开行政复议、行政诉讼情况

五、存在的主要问题及改进情况

一是公开深度不够；二是解读不足。

六、其他需要报告的事项

无。
"""


def parse_text(tmp_path, text):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return reportparse.parse(path).to_dict()


def test_clutter_above_the_title_and_a_date_below(tmp_path):
    head = "索引号：11320800MB1234567X/2024-00012\n分类：政府信息公开年报\n扬州市财政局\n二〇二三年政府信息公开工作年度报告\n发布日期：2024-01-18\n\n"
    record = parse_text(tmp_path, head + "本报告由扬州市财政局编制。\n\n" + BODY)
    assert record["title"] == "扬州市财政局2023年政府信息公开工作年度报告".replace("2023", "二〇二三")
    assert (record["agency"], record["year"]) == ("扬州市财政局", 2023)
    assert record["published"] == "发布日期：2024-01-18"
    assert record["preamble"] == ["本报告由扬州市财政局编制。"]
    assert record["region"]["city"] == "扬州市"


def test_agency_from_the_preamble_when_the_title_has_none(tmp_path):
    head = "2023年政府信息公开工作年度报告\n\n本报告由南通市海门区人民政府办公室根据《条例》编制。\n\n"
    record = parse_text(tmp_path, head + BODY)
    assert record["agency"] == "南通市海门区人民政府办公室"
    assert "agency_from_text" in {w["code"] for w in record["warnings"]}
    assert record["region"]["county"] == "海门区"


def test_red_header_and_document_number_stay_out_of_the_title(tmp_path):
    head = "淮安市人民政府办公室文件\n淮政办发〔2024〕3号\n淮安市人民政府办公室\n2023年政府信息公开工作年度报告\n\n"
    record = parse_text(tmp_path, head + BODY)
    assert record["title"] == "淮安市人民政府办公室2023年政府信息公开工作年度报告"
    assert record["agency"] == "淮安市人民政府办公室"


def test_signature_and_date_under_the_last_section(tmp_path):
    record = parse_text(tmp_path, "某市财政局2023年政府信息公开工作年度报告\n\n" + BODY + "\n某市财政局\n\n2024年1月18日\n")
    assert record["sections"][-1]["text"] == "无。"
    assert (record["signed"], record["published"]) == ("某市财政局", "2024年1月18日")
