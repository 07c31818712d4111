"""Telling the 2021 format from the 2019 one, and what a 2019-format report gets for now."""

from __future__ import annotations

import reportparse
from reportparse.templates import detect

REPORT_2019 = """某市人民政府办公室2019年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。

一、总体情况

2019年，办公室深入贯彻落实新修订的条例，扎实推进政务公开工作，取得了积极成效，公开质量不断提升。

二、主动公开政府信息情况

第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 3 3 40
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 12 345.6

三、收到和处理政府信息公开申请情况

一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5

四、政府信息公开行政复议、行政诉讼情况

0 0 0 0 0 0 0 0 0 0 0 0 0 0 0

五、存在的主要问题及改进情况

一是公开内容不够全面；二是解读回应有待加强。

六、其他需要报告的事项

无。
"""


def test_markers():
    assert detect("第二十条第（九）项本年新制作数量")[0] == "2019"
    assert detect("本年制发件数本年收费金额（单位：万元）")[0] == "2021"
    assert detect("一、总体情况")[0] == "unknown"


def test_a_2019_report_gets_text_and_sections_and_a_warning(tmp_path):
    path = tmp_path / "r2019.txt"
    path.write_text(REPORT_2019, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["template"], record["year"], record["agency"]) == ("2019", 2019, "某市人民政府办公室")
    assert [s["number"] for s in record["sections"]] == [1, 2, 3, 4, 5, 6]
    assert record["sections"][4]["text"] == "一是公开内容不够全面；二是解读回应有待加强。"
    assert record["tables"] == {} and record["checks"] == []
    codes = {w["code"] for w in record["warnings"]}
    assert "tables_not_supported" in codes and "region_unknown" in codes
    assert record["region"] == {"province": None, "city": None, "county": None, "adcode": None}
