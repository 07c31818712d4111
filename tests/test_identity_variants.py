"""Identity (agency, year, region, agency_id) under the naming styles, titles and year statements of reports
we have not seen: each case once read wrong (a confident wrong value, or a value lost)."""

from __future__ import annotations

import pytest
from variants import content, render, with_title

from reportparse.identity import agency_identity
from reportparse.model import Paragraph
from reportparse.normalize import region_of, title_agency_year
from reportparse.titles import identity

PERIOD = "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"


def _identity(title: str, preamble: list[str], body: list[str] = ()):
    issues = []
    agency, year, region = identity(title, [Paragraph(t, 1) for t in preamble], [Paragraph(t, 1) for t in body],
                                    issues)
    return agency, year, region, [i.code for i in issues]


@pytest.mark.parametrize(("title", "agency"), [
    ("泉州市财政局政府信息公开工作年度报告", "泉州市财政局"),  # no year in the title: the agency is still there
    ("泉州市人民政府政府信息公开工作年度报告", "泉州市人民政府"),
    ("泉州市财政局关于政府信息公开工作年度报告", "泉州市财政局"),
    ("泉州市财政局关于公布2023年政府信息公开工作年度报告的通知", "泉州市财政局"),
])
def test_agency_from_a_title(title, agency):
    assert title_agency_year(title)[0] == agency


@pytest.mark.parametrize("title", ["政府信息公开工作年度报告", "本机关政府信息公开工作年度报告"])
def test_a_title_naming_no_agency_gives_none(title):
    assert title_agency_year(title)[0] is None


def test_agency_signed_under_the_report_when_title_and_preamble_name_none():
    agency, _, region, codes = _identity("关于2023年度政府信息公开工作的报告", [PERIOD],
                                         ["一、总体情况", "……", "泉州市鲤城区财政局", "2024年1月20日"])
    assert agency == "泉州市鲤城区财政局" and region["adcode"] == "350502"
    assert "agency_from_text" in codes
    agency, *_ = _identity("关于2023年度政府信息公开工作的报告", [PERIOD], ["……", "泉州市鲤城区财政局 2024年1月20日"])
    assert agency == "泉州市鲤城区财政局"


@pytest.mark.parametrize("statement", [
    "本报告统计期限为二〇二三年一月一日至十二月三十一日。",  # the period in Chinese numerals
    "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导。",  # the year the report opens on
    "二〇二三年以来，我局深入贯彻落实《条例》。",
])
def test_year_from_the_text_when_the_title_has_none(statement):
    _, year, _, _ = _identity("泉州市财政局政府信息公开工作年度报告", [statement])
    assert year == 2023


def test_the_publishing_date_is_not_the_year():
    _, year, _, codes = _identity("泉州市财政局政府信息公开工作年度报告", ["2024年1月20日", "我局认真贯彻落实《条例》。"])
    assert year is None and "year_unknown" in codes


@pytest.mark.parametrize(("agency", "elsewhere", "adcode"), [
    ("鼓楼区人民政府", "徐州市", "320302"),
    ("鼓楼区人民政府", "南京市", "320106"),
    ("鼓楼区人民政府", "福州市", "350102"),
    ("鼓楼区人民政府", "开封市", "410204"),
    ("朝阳区人民政府", "长春市", "220104"),
    ("朝阳区人民政府", "北京市", "110105"),
    ("新华区人民政府", "沧州", "130902"),
    ("城关区人民政府", "拉萨市", "540102"),
])
def test_a_shared_county_name_placed_by_the_city_named_elsewhere(agency, elsewhere, adcode):
    assert region_of(agency, f"{agency}2023年政府信息公开工作年度报告", f"{elsewhere}{agency}办公室编制")["adcode"] == adcode
    assert region_of(agency, context=(f"在{elsewhere}委、{elsewhere}政府的领导下",))["adcode"] == adcode


def test_a_shared_county_name_not_placed_is_left_unknown_with_a_warning():
    agency, _, region, codes = _identity("鼓楼区人民政府2023年政府信息公开工作年度报告", [PERIOD])
    assert region == {"province": None, "city": None, "county": "鼓楼区", "adcode": None}
    assert "region_ambiguous" in codes
    ident = agency_identity(agency, region)
    assert (ident.agency_kind, ident.level) == ("人民政府", "county")
    assert ident.agency_id == "000000-鼓楼区人民政府"  # not merged with other unplaced governments


@pytest.mark.parametrize(("name", "adcode", "agency_id", "kind", "level"), [
    ("海门市人民政府", "320614", "320614-人民政府", "人民政府", "county"),  # renamed 海门区 in 2020
    ("莱芜市人民政府", "370116", "370116-人民政府", "人民政府", "county"),  # merged into 济南市 in 2019
    ("国家金融监督管理总局泉州监管分局", "350500", "350500-监管分局", "部门", "city"),
    ("国家金融监督管理总局福建监管局", "350000", "350000-监管局", "部门", "province"),
    ("泉州台商投资区管理委员会", "350500", "350500-台商投资区管理委员会", "管委会", "city"),
])
def test_identity_of_unseen_names(name, adcode, agency_id, kind, level):
    got = agency_identity(name, {"adcode": adcode})
    assert (got.agency_id, got.agency_kind, got.level) == (agency_id, kind, level)


@pytest.mark.parametrize("form", ["docx", "html"])
def test_rendered_report_without_a_year_in_its_title(form, tmp_path):
    truth = with_title(content("format2019"), "泉州市财政局政府信息公开工作年度报告")
    record, _ = render(truth, form, tmp_path)
    assert (record["agency"], record["year"], record["region"]["adcode"]) == ("泉州市财政局", 2020, "350500")


def test_rendered_report_of_a_shared_county_name_placed_by_its_preamble(tmp_path):
    truth = with_title(content("format2019"), "鼓楼区人民政府2020年政府信息公开工作年度报告",
                       preamble=["本报告由徐州市鼓楼区人民政府办公室编制。报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"])
    record, _ = render(truth, "docx", tmp_path)
    assert record["region"] == {"province": "江苏省", "city": "徐州市", "county": "鼓楼区", "adcode": "320302"}


def _lines(texts: list[str]):
    from reportparse.model import Line

    return [Line(text=t, page=1, x0=0.0, x1=float(len(t)), top=float(i), bottom=float(i + 1)) for i, t in enumerate(texts)]


@pytest.mark.parametrize("texts, title, rest", [
    # a page's 索引号 table broken into lines (LibreOffice's export of a web page): its 分类 value reads as a title
    (["索引号", "000001-2021-001", "分类", "政府信息公开年报", "上海市黄浦区人民政府2020年政府信息公开工作年度报告",
      "本报告根据条例编制。", "一、总体情况"], "上海市黄浦区人民政府2020年政府信息公开工作年度报告", 5),
    # a title naming neither is still the title where no full title follows (a sentence naming a year is none)
    (["政府信息公开工作年度报告", "（2023年度）", "2023年度政府信息公开工作年度报告由本局编制", "一、总体情况"],
     "政府信息公开工作年度报告", 1),
    (["某某县人民政府办公室", "2023年政府信息公开工作年度报告", "一、总体情况"], "某某县人民政府办公室2023年政府信息公开工作年度报告", 2),
], ids=["category-above-the-title", "generic-title-alone", "title-over-two-lines"])
def test_a_category_line_above_the_title_is_not_the_title(texts, title, rest):
    from reportparse.titles import find_title

    lines, _, body = find_title(_lines(texts), geometric=False)
    assert "".join(ln.text for ln in lines) == title
    assert body == rest
