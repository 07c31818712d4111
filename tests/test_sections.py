"""Section and subsection structure, from text built for the purpose."""

from __future__ import annotations

import pytest

from reportparse.model import Paragraph
from reportparse.sections import build_section, section_heading, section_heading_runs, split_sections


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


HEADS = ["一、总体情况", "正文。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况"]
FIVE = ["（一）存在的主要问题。信息发布的及时性有待提高。", "（二）改进情况。一是健全工作机制。"]
SIX = ["（一）收取信息处理费情况。本年度未收取信息处理费。", "（二）年度工作要点落实情况。已全部完成。"]


def sections_of(texts: list[str]) -> tuple[dict[int, list[str]], list[str]]:
    _, found, issues = split_sections([P(t) for t in texts])
    return {n: [p.text for p in body] for n, _, body in found}, [i.code for i in issues]


@pytest.mark.parametrize("lost", [5, 6])
def test_lost_heading_found_by_first_subsection(lost):
    texts = [*HEADS, "注：含上年度结转数量。",
             *(["五、存在的主要问题及改进情况"] if lost != 5 else []), *FIVE,
             *(["六、其他需要报告的事项"] if lost != 6 else []), *SIX]
    found, codes = sections_of(texts)
    assert found[4] == ["注：含上年度结转数量。"]
    assert (found[5], found[6]) == (FIVE, SIX)
    assert codes == ["section_heading_inferred"]


def test_both_lost_found_in_turn():
    found, codes = sections_of([*HEADS, *FIVE, *SIX])
    assert (found[4], found[5], found[6]) == ([], FIVE, SIX)
    assert codes == ["section_heading_inferred"] * 2


def test_lost_headings_found_by_opening_paragraphs():
    five = ["一是公开形式较为单一；二是解读质量不高。", "下一步，将进一步加强培训。"]
    six = ["本年度未收取信息处理费。"]
    found, codes = sections_of([*HEADS, "本年度被申请行政复议1件。", *five, *six])
    assert (found[4], found[5], found[6]) == (["本年度被申请行政复议1件。"], five, six)
    assert codes == ["section_heading_inferred"] * 2


def test_nothing_to_go_by_stays_missing():
    # 五 without subsections and nothing of 六's subjects: 六 is not guessed, and says it is missing
    found, codes = sections_of([*HEADS, "五、存在的主要问题及改进情况", "一是公开形式单一。", "下一步，将加强培训。"])
    assert found[5] == ["一是公开形式单一。", "下一步，将加强培训。"] and 6 not in found
    assert codes == ["section_missing"]


def test_first_subsection_of_five_that_names_six_subjects_is_not_six():
    # 五's own （一） is 五's, even where its words are 六's; a （一） of 六 must follow 五's subsections
    five = ["（一）存在的主要问题：信息处理费标准宣传不够。", "（二）改进措施：加强宣传。"]
    found, codes = sections_of([*HEADS, "五、存在的主要问题及改进情况", *five])
    assert found[5] == five and codes == ["section_missing"]


@pytest.mark.parametrize("text, number", [
    ("五 存在的主要问题及改进情况", 5),  # the 、 lost (a PDF's, or CSS numbering on a web page)
    ("五存在的主要问题及改进情况", 5),  # ... and the space between CJK characters, as unwrapped text has it
    ("一，总体情况", 1),  # mistyped
    ("三,收到和处理政府信息公开申请情况", 3),
    ("四 因政府信息公开工作被申请行政复议、提起行政诉讼的情况", 4),
    ("六 其他需要报告的事项", 6),
    ("一 是加强组织领导", None),  # the number of a list, not a section's
    ("五 存在问题", None),  # without the 、 only a heading's name in full is one
    ("二 主动公开政府信息情况如下", None),
])
def test_headings_without_their_mark(text, number):
    assert section_heading(text) == number


def test_heading_without_its_mark_run_into_a_one_line_article():
    line = "一总体情况 本年度公开工作有序推进。五 存在的主要问题及改进情况 一是解读不足。六，其他需要报告的事项 无。"
    assert [line[a:b] for a, b in section_heading_runs(line)] == [
        "一总体情况", "五 存在的主要问题及改进情况", "六，其他需要报告的事项"]


def test_lost_one_without_a_preamble_opens_at_its_lead():
    # no paragraph says what a preamble says: the sentences before the （一） are 一's lead; a date line is not
    paras = [P("2024年1月20日"), P("2023年，某局坚持以公开为常态。全年运行平稳。"), P("（一）主动公开情况。公开100条。"),
             P("二、主动公开政府信息情况"), P("三、收到和处理政府信息公开申请情况")]
    preamble, found, issues = split_sections(paras)
    assert [p.text for p in preamble] == ["2024年1月20日"]
    assert [p.text for p in found[0][2]][:1] == ["2023年，某局坚持以公开为常态。全年运行平稳。"]
