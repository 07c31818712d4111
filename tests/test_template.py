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
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 12 -2 340
其他对外管理服务事项 3 +1 25
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 20 0 56
行政强制 4 0 3
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 2 0
第二十条第（九）项
信息内容 采购项目数量 采购总金额（单位：元）
政府集中采购 12 3456000

三、收到和处理政府信息公开申请情况

申请人情况 自然人 法人或其他组织 总计
一、本年新收政府信息公开申请数量 6 1 0 0 0 0 7
二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1
（一）予以公开 4 1 0 0 0 0 5
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0
1.属于国家秘密 0 0 0 0 0 0 0
2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
3.危及“三安全一稳定” 0 0 0 0 0 0 0
4.保护第三方合法权益 0 0 0 0 0 0 0
5.属于三类内部事务信息 0 0 0 0 0 0 0
6.属于四类过程性信息 0 0 0 0 0 0 0
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
1.本机关不掌握相关政府信息 2 0 0 0 0 0 2
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
1.信访举报投诉类申请 0 0 0 0 0 0 0
2.重复申请 0 0 0 0 0 0 0
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
（六）其他处理 1 0 0 0 0 0 1
（七）总计 7 1 0 0 0 0 8
四、结转下年度继续办理 0 0 0 0 0 0 0

四、政府信息公开行政复议、行政诉讼情况

行政复议 行政诉讼
1 0 0 0 1 0 0 0 0 0 0 0 0 0 0

五、存在的主要问题及改进情况

一是公开内容不够全面；二是解读回应有待加强。

六、其他需要报告的事项

无。
"""


def test_markers():
    assert detect("第二十条第（九）项本年新制作数量")[0] == "2019"
    assert detect("本年制发件数本年收费金额（单位：万元）")[0] == "2021"
    assert detect("一、总体情况")[0] == "unknown"


def test_a_2019_report_gets_its_own_tables(tmp_path):
    path = tmp_path / "r2019.txt"
    path.write_text(REPORT_2019, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["template"], record["year"], record["agency"]) == ("2019", 2019, "某市人民政府办公室")
    assert [s["number"] for s in record["sections"]] == [1, 2, 3, 4, 5, 6]
    assert record["sections"][4]["text"] == "一是公开内容不够全面；二是解读回应有待加强。"
    active = record["tables"]["active_disclosure"]
    assert active["normative_documents"] == {"made": 3, "published": 3, "public_total": 40}
    assert active["licensing"] == {"prior_items": 12, "change": -2, "decisions": 340}
    assert active["other_services"]["change"] == 1
    assert active["fees"] == {"prior_items": 2, "change": 0}
    assert active["procurement"] == {"items": 12, "amount": 345.6}  # printed in 元, recorded in 万元
    apps = record["tables"]["applications"]
    assert apps["other_total"]["total"] == 1 and "other_other" not in apps  # the 2019 format has one （六） row
    assert apps["new"]["total"] == 7 and apps["results_total"]["total"] == 8
    assert record["tables"]["review_litigation"]["review"]["total"] == 1
    failed = {c["rule"] for c in record["checks"] if not c["ok"]}
    assert failed == set()
    codes = {w["code"] for w in record["warnings"]}
    assert "unit_converted" in codes and "region_unknown" in codes
