"""A PDF whose tables are printed without rules: the cells are read from the text's geometry."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import reportparse
from reportparse.templates import load

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
APP_ROWS = [r for r in load("2021")["tables"]["applications"]["rows"] if r["key"] != "other_total"]


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    path = tmp_path_factory.mktemp("ruleless") / "ruleless.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 780

    def line(text, x=72, size=12, step=20):
        nonlocal y
        c.setFont(FONT, size)
        c.drawString(x, y, text)
        y -= step

    def row(label, values, label_x=72, first=300, step=34):
        nonlocal y
        c.setFont(FONT, 9)
        c.drawString(label_x, y, label)
        for k, v in enumerate(values):
            c.drawRightString(first + k * step, y, str(v))
        y -= 14

    line("某市交通运输局2023年政府信息公开工作年度报告", x=140, size=16, step=30)
    line("一、总体情况")
    line("2023年，本局认真贯彻落实条例，推进政务公开。")
    line("二、主动公开政府信息情况")
    row("信息内容  本年制发件数  本年废止件数  现行有效件数", [])
    row("规章", [0, 0, 0])
    row("行政规范性文件", [2, 1, 7])
    row("信息内容  本年处理决定数量", [])
    row("行政许可", [120])
    row("行政处罚", [35])
    row("行政强制", [4])
    row("信息内容  本年收费金额（单位：万元）", [])
    row("行政事业性收费", ["3.5"])
    line("三、收到和处理政府信息公开申请情况")
    for k, spec in enumerate(APP_ROWS):
        values = [k % 3, 0, 0, 0, 0, 0, k % 3]
        row(spec["label"][:18], values, first=330, step=30)
    c.showPage()
    y = 780
    line("四、政府信息公开行政复议、行政诉讼情况")
    row("", [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2], first=80, step=30)
    line("五、存在的主要问题及改进情况")
    line("一是公开深度不够；二是解读不足。")
    line("六、其他需要报告的事项")
    line("无。")
    c.save()
    return reportparse.parse(path).to_dict()


def test_tables_without_rules_are_read(record):
    tables = record["tables"]
    assert [c for c in tables["active_disclosure"]["normative_documents"].values()] == [2, 1, 7]
    assert tables["active_disclosure"]["fees"] == {"amount_wan": 3.5}
    apps = tables["applications"]
    for k, spec in enumerate(APP_ROWS):
        assert apps[spec["key"]]["total"] == k % 3, spec["key"]
    assert tables["review_litigation"]["litigation_after_review"]["total"] == 2
    assert "table_missing" not in {w["code"] for w in record["warnings"]}


def test_their_text_is_not_paragraphs(record):
    texts = {s["key"]: s["text"] for s in record["sections"]}
    assert texts["active_disclosure"] == texts["applications"] == texts["review_litigation"] == ""
    assert texts["problems"] == "一是公开深度不够；二是解读不足。"
