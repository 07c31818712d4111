"""Number parsing, label matching, agency/year and region: the small pieces, with hypothesis where it fits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportparse.normalize import (
    close_cjk_spaces,
    halfwidth_digits,
    innermost_label,
    is_value_text,
    label_score,
    looks_like_title,
    parse_cell,
    preamble_agency,
    region_of,
    title_agency_year,
)
from reportparse.templates import load

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@given(st.integers(min_value=0, max_value=10**9), st.booleans(), st.sampled_from(["", " ", "\u3000", "\n"]))
def test_integers_parse_printed_either_width(n, fullwidth, pad):
    raw = f"{pad}{n}{pad}"
    if fullwidth:
        raw = raw.translate(FULLWIDTH)
    cell = parse_cell(raw)
    assert cell.value == n and isinstance(cell.value, int) and cell.note == ""
    assert cell.raw == "".join(raw.split())


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_stay_decimal(d):
    text = f"{d:.2f}"
    cell = parse_cell(text)
    assert cell.value == pytest.approx(float(text)) and isinstance(cell.value, float)


@pytest.mark.parametrize("raw", ["", "/", "／", "—", "——", "-", "无", "  "])
def test_null_marks_are_null_with_the_print_kept(raw):
    cell = parse_cell(raw)
    assert cell.value is None and cell.raw == "".join(raw.split())
    assert is_value_text(raw)


def test_number_with_a_note_keeps_both():
    cell = parse_cell("22（其中修订16件）")
    assert (cell.value, cell.note, cell.raw) == (22, "（其中修订16件）", "22（其中修订16件）")
    assert parse_cell("1,234").value == 1234


@pytest.mark.parametrize("text", ["5.要求行政机关确认", "2.重复申请", "12329服务热线", "第二十条"])
def test_labels_are_not_values(text):
    assert not is_value_text(text)


@given(st.text(alphabet="自然人法律服务机构其他", min_size=1, max_size=12))
def test_spaces_between_cjk_are_closed(word):
    assert close_cjk_spaces(" ".join(word)) == word


def test_latin_words_keep_their_space():
    assert close_cjk_spaces("手机 APP 下载 open data") == "手机APP下载open data"
    assert halfwidth_digits("２０２３年") == "2023年"


APP_ROWS = load("2021")["tables"]["applications"]["rows"]


def _best(label: str) -> str:
    return max(APP_ROWS, key=lambda r: label_score(innermost_label(label), r["label"]))["key"]


@pytest.mark.parametrize("printed, key", [
    ("2.其他法律行政止公开", "denied_prohibited_by_law"),  # three characters dropped
    ('3.危及"三安全一稳定"', "denied_three_safeties"),  # straight quotes
    ("3.危及‘三安全一稳定’", "denied_three_safeties"),
    ("１．本机关不掌握相关政府信息", "unavailable_not_held"),  # full-width digit and dot
    ("1、信访举报投诉类申请", "unprocessed_petition"),
    ("5.要求行政机关确认或重 新出具已获取信息", "unprocessed_confirmation"),
    ("三、本年度办理结果（一）予以公开", "granted"),  # outer group label before the row's own
    ("（六）其他处理", "other_total"),
    ("（七）总计", "results_total"),
    ("四、结转下年度继续办理", "carried_forward"),
])
def test_row_labels_match_their_key(printed, key):
    assert _best(printed) == key
    assert label_score(innermost_label(printed), next(r["label"] for r in APP_ROWS if r["key"] == key)) >= 0.72


def test_unrelated_labels_score_low():
    assert label_score("1.属于国家秘密", "1.本机关不掌握相关政府信息") < 0.72


@pytest.mark.parametrize("title, agency, year", [
    ("固原市住房公积金管理中心2021年政府信息公开工作年度报告", "固原市住房公积金管理中心", 2021),
    ("淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "淮安市洪泽区人民政府", 2024),
    ("成都市生态环境局2024年度政府信息公开工作年度报告", "成都市生态环境局", 2024),
    ("某市财政局关于2023年政府信息公开工作年度报告", "某市财政局", 2023),
    ("北京市海淀区人民政府二〇二三年政府信息公开工作年度报告", "北京市海淀区人民政府", 2023),
    ("２０２２年政府信息公开工作年度报告", None, 2022),
    ("某市人民政府办公室政府信息公开工作2023年度报告", "某市人民政府办公室", 2023),  # the year after the subject
    ("某市财政局关于2023年度政府信息公开工作情况的报告", "某市财政局", 2023),
])
def test_title_gives_agency_and_year(title, agency, year):
    assert title_agency_year(title) == (agency, year)


def test_region_from_the_packaged_gazetteer():
    assert region_of("固原市住房公积金管理中心") == {
        "province": "宁夏回族自治区", "city": "固原市", "county": None, "adcode": "640400"}
    assert region_of("洪泽区人民政府")["adcode"] == "320813"
    assert region_of("某某单位")["province"] is None
    # a bare 县 or 区 names no place: the gazetteer's guess (重庆市) is not taken
    assert region_of("某县人民政府")["province"] is None
    assert region_of("北京市海淀区人民政府")["city"] == "北京市"  # a municipality is its own city


def test_agency_from_the_preamble():
    assert preamble_agency("本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制。") == "淮安市洪泽区人民政府办公室"
    assert preamble_agency("本报告根据《条例》要求编制。") is None


@pytest.mark.parametrize("text, ok", [
    ("某市财政局关于2023年度政府信息公开工作情况的报告", True),
    ("固原市住房公积金管理中心2021年政府信息公开工作年度报告", True),
    ("本报告根据《中华人民共和国政府信息公开条例》编制的年度报告。", False),  # a sentence, not a title
    ("2023年工作总结", False),
])
def test_looks_like_title(text, ok):
    assert looks_like_title(text) is ok
