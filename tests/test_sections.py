"""Section and subsection structure, from text built for the purpose."""

from __future__ import annotations

import pytest

from reportparse.model import Paragraph
from reportparse.sections import build_section, section_heading, split_sections


@pytest.mark.parametrize("text, number", [
    ("一、总体情况", 1),
    ("二、主动公开政府信息情况", 2),
    ("三、收到和处理政府信息公开申请情况", 3),
    ("四、政府信息公开行政复议、行政诉讼情况", 4),
    ("四、因政府信息公开工作被申请行政复议提起行政诉讼情况", 4),
    ("四、政府信息公开行政复议和行政诉讼情况", 4),
    ("五、存在的主要问题及改进情况", 5),
    ("五、政府信息公开工作存在的主要问题及改进情况", 5),
    ("六、其他需要报告的事项", 6),
    ("四、结转下年度继续办理", None),  # a row label of table 三
    ("四、结转下年度继续办理 0 0 0 0 0 0 0", None),
    ("一、本年新收政府信息公开申请数量", None),
    ("三、本年度办理结果", None),
    ("三、 计其他情形）", None),  # pdfplumber's line of 三、本年度办理结果 beside a row label's end
    ("六、其他需要报告的事项（无）", 6),
    ("一是加强组织领导", None),
])
def test_section_headings(text, number):
    assert section_heading(text) == number


def P(text: str, head: str = "") -> Paragraph:
    return Paragraph(text=text, page=1, head=head)


def test_run_in_and_standalone_subsections():
    body = [P("2024年，本机关坚持以公开为常态。"), P("（一）主动公开情况。2024年，主动公开政府信息120条。"),
            P("（二）依申请公开情况"), P("全年收到申请5件。"), P("均按期答复。"),
            P("（三）政府信息管理情况：严格审核。")]
    section = build_section(1, P("一、总体情况"), body).to_dict()
    assert section["paragraphs"] == ["2024年，本机关坚持以公开为常态。"]
    assert section["text"].split("\n") == [p.text for p in body]
    subs = [(s["heading"], s["heading_inline"], s["paragraphs"]) for s in section["subsections"]]
    assert subs == [("（一）主动公开情况。", True, ["2024年，主动公开政府信息120条。"]),
                    ("（二）依申请公开情况", False, ["全年收到申请5件。", "均按期答复。"]),
                    ("（三）政府信息管理情况：", True, ["严格审核。"])]


def test_head_in_its_own_font_wins():
    body = [P("（一）主动公开情况2024年，主动公开政府信息120条。", head="（一）主动公开情况")]
    sub = build_section(1, P("一、总体情况"), body).subsections[0]
    assert (sub.heading, sub.paragraphs) == ("（一）主动公开情况", ("2024年，主动公开政府信息120条。",))


def test_missing_heading_is_warned_and_order_kept():
    paras = [P("本报告根据条例编制。"), P("一、总体情况"), P("正文。"), P("三、收到和处理政府信息公开申请情况"),
             P("五、存在的主要问题及改进情况"), P("问题。"), P("二、主动公开政府信息情况")]
    preamble, found, issues = split_sections(paras)
    assert [p.text for p in preamble] == ["本报告根据条例编制。"]
    assert [n for n, _, _ in found] == [1, 3, 5]  # a heading out of order is body text, not a section
    assert {i.code for i in issues} == {"section_missing"}


def test_section_one_found_by_its_first_subsection():
    paras = [P("本报告根据条例编制。"), P("（一）主动公开情况。全年公开信息100条。"), P("（二）依申请公开情况。无。"),
             P("二、主动公开政府信息情况"), P("三、收到和处理政府信息公开申请情况")]
    preamble, found, issues = split_sections(paras)
    assert [p.text for p in preamble] == ["本报告根据条例编制。"]
    assert [(n, h.text, len(b)) for n, h, b in found] == [(1, "", 2), (2, "二、主动公开政府信息情况", 0),
                                                          (3, "三、收到和处理政府信息公开申请情况", 0)]
    assert [i.code for i in issues] == ["section_missing"] * 3 + ["section_heading_inferred"]  # 四 五 六 absent
    section = build_section(*found[0]).to_dict()
    assert [s["heading"] for s in section["subsections"]] == ["（一）主动公开情况。", "（二）依申请公开情况。"]


@pytest.mark.parametrize("entry", ["一、总体情况……………………1", "二、主动公开政府信息情况..........2", "三、收到和处理政府信息公开申请情况 3"])
def test_contents_page_entries_are_not_headings(entry):
    assert section_heading(entry) is None
