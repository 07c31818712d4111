"""The shapes unseen reports take (issue 7 item 5): each with a generated sample that reproduces it, and a
unit test on hand-built lines or rows, so the shape is pinned down without the sample too.

Samples (samples/make_samples.py, described in samples/README.md):

- ``shapes-2019-shanghai.pdf``: 2019 format; year-first title with the agency split over two lines; heading
  四 a variant wrapped onto two lines; lead sentences under 二–四; ``75394432.52元`` in a 万元 cell; the
  review table's header alone at the foot of a page; a signature and a date under 六;
- ``shapes-2022-jinjiang.pdf``: a running header equal to the agency, the title's agency line in the band it
  stands in; 第二十条第（八）项's header at a page foot with ``行政事业性收费 0`` on the next page;
  ``四、结转下年度继续办理`` alone on a page; lead sentences; a signature and a date under 六;
- ``shapes-2022-jinjiang-layout.txt``: the same report as ``pdftotext -layout`` writes it: the running header
  on page 1 above the title's own agency line; blank cells; labels wrapped over three lines, numbers on the
  middle one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from truth import agency_ok, broken_rules, cell_differences, failed_rules, section_texts

import reportparse
from reportparse.layout import Geometry, remove_furniture, text_to_lines, unwrap
from reportparse.model import Cell, Line
from reportparse.normalize import title_agency_year
from reportparse.sections import section_heading, split_sections
from reportparse.tables.assign import PrintedRow, assign
from reportparse.tables.text import table_rows
from reportparse.templates import load
from reportparse.titles import sign_off

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SHAPES = ["shapes-2019-shanghai.pdf", "shapes-2022-jinjiang.pdf", "shapes-2022-jinjiang-layout.txt"]


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {name: reportparse.parse(SAMPLES / name).to_dict() for name in SHAPES}


def truth_of(name: str) -> dict:
    return json.loads((SAMPLES / f"{Path(name).stem}.truth.json").read_text(encoding="utf-8"))


def codes(record: dict) -> list[str]:
    return [w["code"] for w in record["warnings"]]


@pytest.mark.parametrize("name", SHAPES)
def test_sample_matches_its_truth(records, name):
    record, truth = records[name], truth_of(name)
    assert cell_differences(record, truth) == []
    assert agency_ok(record, truth) and record["year"] == truth["year"] and record["template"] == truth["template"]
    assert record["region"] == truth["region"]
    assert record["title"] == truth["title"] and record["preamble"] == truth["preamble"]
    assert failed_rules(record) == broken_rules(truth)
    got = section_texts(record)
    for section in truth["sections"]:
        assert got.get(section["key"]) == "".join(section["text"].split()), section["key"]
    assert (record.get("signed"), record.get("published")) == (truth["signed"], truth["published"])


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(("title", "agency", "year"), [
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019),
    ("2022年度成都市锦江区人民政府政府信息公开工作年度报告", "成都市锦江区人民政府", 2022),
    ("（2020年）某县自然资源局政府信息公开工作年度报告", "某县自然资源局", 2020),
    ("二〇二一年度某市生态环境局政务公开工作年度报告", "某市生态环境局", 2021),
    ("2023年政府信息公开工作年度报告", None, 2023),  # no agency printed: none invented
    ("2023年度政府信息公开工作年度报告", None, 2023),
    ("大名县人民政府2023年政府信息公开工作年度报告", "大名县人民政府", 2023),  # the usual order still reads
])
def test_title_with_the_year_first_names_the_agency(title, agency, year):
    assert title_agency_year(title) == (agency, year)


def test_year_first_title_split_over_two_lines(records):
    record = records["shapes-2019-shanghai.pdf"]
    assert record["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert record["agency"] == "上海市人民政府办公厅" and "agency_unknown" not in codes(record)


# ---------------------------------------------------------------- a running header equal to the agency


def _line(text, page, top, size, x0=100.0):
    return Line(text=text, page=page, x0=x0, x1=x0 + size * len(text), top=top, bottom=top + size, size=size)


def test_pdf_running_header_does_not_take_the_titles_agency_line():
    """The header (10.5 pt at the top of pages 2–4) and the title's first line on page 1 (22 pt, a little lower,
    in the same top band) print the same words: only the header is furniture."""
    agency = "成都市锦江区人民政府"
    pages = [[_line(agency, 1, 53.0, 22.0), _line("2022年度政府信息公开工作年度报告", 1, 90.0, 22.0)]]
    for p in (2, 3, 4):
        pages.append([_line(agency, p, 49.0, 10.5), _line("正文" * 10, p, 120.0, 16.0)])
    kept = remove_furniture(pages, [842.0] * 4)
    assert [ln.text for ln in kept[0]] == [agency, "2022年度政府信息公开工作年度报告"]
    assert all(ln.text != agency for page in kept[1:] for ln in page)


BODY = "本报告依据《中华人民共和国政府信息公开条例》要求编制，统计期限自2022年1月1日起至2022年12月31日止。"


def test_text_dump_running_header_on_page_one_is_not_doubled_into_the_title():
    head = "          成都市锦江区人民政府"
    pages = [f"{head}\n\n{head}\n   2022年度政府信息公开工作年度报告\n{BODY}\n"] + [f"{head}\n\n{BODY}\n"] * 3
    lines = text_to_lines("\f".join(pages))
    assert [ln.text for ln in lines[:2]] == ["成都市锦江区人民政府", "2022年度政府信息公开工作年度报告"]
    assert sum(ln.text == "成都市锦江区人民政府" for ln in lines) == 1
    # without the header on page 1, the same first line is the title's, and stays
    pages[0] = f"{head}\n   2022年度政府信息公开工作年度报告\n{BODY}\n"
    lines = text_to_lines("\f".join(pages))
    assert [ln.text for ln in lines[:2]] == ["成都市锦江区人民政府", "2022年度政府信息公开工作年度报告"]


def test_text_dump_pages_end_at_their_folio_when_form_feeds_are_lost():
    """A dump whose form feeds were dropped on the way (str.splitlines eats them) still shows its pages by
    their numbers: the running header after each ``- N -`` is furniture, not text."""
    head = "成都市锦江区人民政府"
    text = "\n".join(f"{head}\n{BODY}\n        - {n} -" for n in range(1, 5))
    lines = text_to_lines(text)
    assert max(ln.page for ln in lines) == 4
    assert [ln.text for ln in lines].count(head) == 1  # page 1's (a title line, for all the dump says)


def test_the_doubled_agency_sample(records):
    record = records["shapes-2022-jinjiang-layout.txt"]
    assert record["agency"] == "成都市锦江区人民政府"
    assert record["title"] == "成都市锦江区人民政府2022年度政府信息公开工作年度报告"
    assert record["source"]["pages"] == 6
    pdf = records["shapes-2022-jinjiang.pdf"]
    assert pdf["agency"] == "成都市锦江区人民政府" and pdf["region"]["adcode"] == "510104"


# ---------------------------------------------------------------- tables cut by a page break


def test_rows_after_a_header_alone_at_a_page_foot_are_kept(records):
    jinjiang, shanghai = records["shapes-2022-jinjiang.pdf"], records["shapes-2019-shanghai.pdf"]
    assert jinjiang["tables"]["active_disclosure"]["fees"] == {"amount_wan": 0}
    assert jinjiang["tables"]["applications"]["carried_forward"]["total"] == 17
    assert shanghai["tables"]["review_litigation"]["review"] == {"upheld": 4, "corrected": 1, "other": 0,
                                                                 "pending": 2, "total": 7}
    for record in (jinjiang, shanghai):
        assert not {"rows_missing", "table_values_missing"} & set(codes(record))
        texts = {s["key"]: s["text"] for s in record["sections"]}  # the rows went to the tables, not to the text
        assert all("\n" not in texts[k] for k in ("active_disclosure", "applications", "review_litigation"))
        assert "行政事业性收费" not in texts["active_disclosure"] and "结转下年度" not in texts["applications"]
    assert jinjiang["cells"]["applications"]["carried_forward"]["total"]["page"] == 6


@pytest.mark.parametrize("text", ["四、结转下年度继续办理", "四、结转下年度继续办理 14 2 0 0 1 0 17", "四、结转下年度继续",
                                  "四、结转下年度继续办理14    2     0"])
def test_carried_forward_row_is_never_heading_four(text):
    assert section_heading(text) is None


MATRIX = load("2021")["tables"]["applications"]
ACTIVE_2019 = load("2019")["tables"]["active_disclosure"]


def _dump(rows: list[tuple[int, str, list[str]]], width: int = 6, at: int = 60) -> str:
    """Lines as pdftotext -layout writes them: a label at its column, values centred in columns ``width`` apart."""
    out = []
    for indent, label, values in rows:
        line = " " * indent + label
        for k, v in enumerate(values):
            if v:
                col = at + k * width - len(v) // 2
                line += " " * max(1, col - len(line)) + v
        out.append(line)
    return "\n".join(out)


HEAD = [(60, "申请人情况", []), (58, "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计", [])]


def test_label_wrapped_over_three_lines_with_its_numbers_on_the_middle_line():
    rows = HEAD + [
        (4, "一、本年新收政府信息公开申请数量", list("5100006")),
        (8, "（二）部分公开（区分处理的，只计", []), (0, "", list("1000001")), (8, "这一情形，不计其他情形）", []),
        (16, "1.属于国家秘密", list("0000000")),
        (8, "（六）其他        1.申请人无正当理由逾期", []),  # the group label beside the row's: 1. at column 21
        (8, "处理           不补正、行政机关不再处理", list("2000002")),
        (21, "其政府信息公开申请", []),
        (21, "2.申请人逾期未按收费通知要求缴纳", list("0000000")),
        (21, "费用、行政机关不再处理其政府信息公开申请", []),
    ]
    table, issues = assign(MATRIX, table_rows(text_to_lines(_dump(rows)), "matrix")[0])
    assert table["partially_granted"]["total"].value == 1 and table["denied_state_secret"]["total"].value == 0
    assert table["other_no_correction"]["natural_person"].value == 2
    assert table["other_unpaid_fee"]["total"].value == 0
    assert [i.code for i in issues] == []  # every label whole: no variant, nothing unmatched


# ---------------------------------------------------------------- blank cells in text dumps


def test_blank_cells_stay_in_their_columns_where_the_layout_shows_them():
    rows = HEAD + [
        (4, "一、本年新收政府信息公开申请数量", ["12", "3", "1", "0", "2", "0", "18"]),
        (4, "二、上年结转政府信息公开申请数量", ["5", "", "", "", "1", "", "6"]),  # blanks: the 1 is 法律服务机构's
        (8, "（一）予以公开", ["9", "2", "", "", "", "0", "11"]),
        (8, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["1", "0", "0", "0", "0", "0", "1"]),
    ]
    table, issues = assign(MATRIX, table_rows(text_to_lines(_dump(rows)), "matrix")[0])
    assert [c.value for c in table["carried_over"].values()] == [5, None, None, None, 1, None, 6]
    assert [c.value for c in table["granted"].values()] == [9, 2, None, None, None, 0, 11]
    assert issues == []


def test_a_label_wrapped_around_its_values_line_keeps_its_end():
    """pdfplumber's text of a row whose label wraps over two lines, the values on a line of their own between
    them: the label's first line ends inside its bracket (and in a comma, which prose would), the line after
    the values closes it.  The row is read whole, and the bracket's end is no part of the next row's label."""
    lines = ["申请人情况", "一、本年新收政府信息公开申请数量 12 3 1 0 2 0 18", "（一）予以公开 9 2 0 0 0 0 11",
             "（二）部分公开（区分处理的，只计这一情形，", "472 2 0 0 0 159 633", "不计其他情形）",
             "1.属于国家秘密 134 0 0 0 0 31 165"]
    table, issues = assign(MATRIX, table_rows(text_to_lines("\n".join(lines)), "matrix")[0])
    assert [c.value for c in table["partially_granted"].values()] == [472, 2, 0, 0, 0, 159, 633]
    assert table["denied_state_secret"]["total"].value == 165
    assert [i.code for i in issues] == []


def test_a_sentence_ending_in_a_comma_before_numbers_is_no_row():
    lines = ["申请人情况", "一、本年新收政府信息公开申请数量 12 3 1 0 2 0 18", "全年共计收到申请，", "1 2 3 4 5 6 7"]
    rows = table_rows(text_to_lines("\n".join(lines)), "matrix")[0]
    assert len(rows) == 1 and rows[0].cells[-1][0] == "18"


def test_blank_cells_without_a_layout_are_null_with_a_warning():
    """Single spaces between the values, nothing aligned: which cells are blank is not printed.  Only what the
    relations fix is taken (the 6 can only be the total: 5 + 1 = 6); the rest is null, never guessed."""
    lines = ["申请人情况", "一、本年新收政府信息公开申请数量 12 3 1 0 2 0 18", "二、上年结转政府信息公开申请数量 5 1 6"]
    table, issues = assign(MATRIX, table_rows(text_to_lines("\n".join(lines)), "matrix")[0])
    assert table["new"]["total"].value == 18
    assert [c.value for c in table["carried_over"].values()] == [None] * 6 + [6]
    assert [i.code for i in issues] == ["cells_unplaced"] and "(5 1 6)" in issues[0].message
    assert "15 placements" in issues[0].message


def test_blank_cells_without_a_layout_placed_by_the_relations():
    """new + carried_over = results_total + carried_forward, column by column, leaves one place for the 1."""
    lines = ["申请人情况", "一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
             "（七）总计 2 1 0 0 0 0 3", "四、结转下年度继续办理 1 1"]
    table, issues = assign(MATRIX, table_rows(text_to_lines("\n".join(lines)), "matrix")[0])
    assert [c.value for c in table["carried_forward"].values()] == [1, None, None, None, None, None, 1]
    assert [i.code for i in issues] == ["cells_placed"] and "1 _ _ _ _ _ 1" in issues[0].message


# ---------------------------------------------------------------- 元 in the cell


@pytest.mark.parametrize(("printed", "wan"), [("251000元", 25.1), ("75394432.52元", 7539.443252), ("6512.37", 6512.37)])
def test_2019_amount_printed_in_yuan_in_the_cell_is_converted(printed, wan):
    rows = [PrintedRow((("第二十条第（九）项", None),), 1),
            PrintedRow((("信息内容", None), ("采购项目数量", None), ("采购总金额", None)), 1),
            PrintedRow((("政府集中采购", None), ("38", None), (printed, None)), 1)]
    table, issues = assign(ACTIVE_2019, rows)
    cell = table["procurement"]["amount"]
    assert cell.value == wan and cell.raw == printed
    assert [i.code for i in issues] == (["unit_converted"] if printed.endswith("元") else [])


def test_yuan_sample(records):
    record = records["shapes-2019-shanghai.pdf"]
    assert record["tables"]["active_disclosure"]["procurement"] == {"items": 38, "amount": 7539.443252}
    assert codes(record) == ["unit_converted"]


# ---------------------------------------------------------------- signature and date under 六


def test_pdf_signature_and_date_are_paragraphs_of_their_own():
    body = [Line(text="本年度无其他需要报告的事项。", page=4, x0=105.6, x1=329.6, top=100.0, bottom=116.0, size=16.0),
            Line(text="上海市人民政府办公厅", page=4, x0=329.6, x1=489.6, top=158.0, bottom=174.0, size=16.0),
            Line(text="2020年3月20日", page=4, x0=385.0, x1=489.6, top=187.0, bottom=203.0, size=16.0)]
    context = [Line(text="正" * 28, page=3, x0=73.6, x1=521.6, top=100.0 + 29 * i, bottom=116.0 + 29 * i, size=16.0)
               for i in range(6)]  # the page before: full lines 29 pt apart, as the body is set
    paragraphs = unwrap(body, Geometry(context + body, True))
    assert [p.text for p in paragraphs] == ["本年度无其他需要报告的事项。", "上海市人民政府办公厅", "2020年3月20日"]
    found = [(6, None, paragraphs)]
    assert sign_off(found) == ("上海市人民政府办公厅", "2020年3月20日")
    assert [p.text for p in found[0][2]] == ["本年度无其他需要报告的事项。"]


def test_pdf_signature_as_wide_as_its_date_is_not_joined_to_it():
    """Right-aligned, a six-character signature (96 pt) and ``2020年1月25日`` (104 pt) start half a character
    apart: they shared a left edge as a paragraph's lines do and were joined (广东省教育厅2020年1月25日)."""
    body = [Line(text="本年度无其他需要报告的事项。", page=4, x0=105.6, x1=329.6, top=100.0, bottom=116.0, size=16.0),
            Line(text="广东省教育厅", page=4, x0=393.6, x1=489.6, top=158.0, bottom=174.0, size=16.0),
            Line(text="2020年1月25日", page=4, x0=385.6000001, x1=489.6, top=187.0, bottom=203.0, size=16.0)]
    context = [Line(text="正" * 28, page=3, x0=73.6, x1=521.6, top=100.0 + 29 * i, bottom=116.0 + 29 * i, size=16.0)
               for i in range(6)]
    paragraphs = unwrap(body, Geometry(context + body, True))
    assert [p.text for p in paragraphs] == ["本年度无其他需要报告的事项。", "广东省教育厅", "2020年1月25日"]
    assert sign_off([(6, None, paragraphs)]) == ("广东省教育厅", "2020年1月25日")


def test_pdf_date_under_a_signature_that_starts_near_the_margin_is_its_own_paragraph():
    """A 22-character signature set right starts four characters in, not right of them: the date under it was
    joined to it (a full line over an indented one), and both stayed in 六's text."""
    body = [Line(text="本年度无其他需要报告的事项。", page=5, x0=105.6, x1=329.6, top=100.0, bottom=116.0, size=16.0),
            Line(text="四川省阿坝藏族羌族自治州汶川县人民政府办公室", page=5, x0=137.6, x1=489.6, top=158.0, bottom=174.0,
                 size=16.0),
            Line(text="2021年3月11日", page=5, x0=389.9, x1=489.6, top=187.0, bottom=203.0, size=16.0)]
    context = [Line(text="正" * 28, page=4, x0=73.6, x1=521.6, top=100.0 + 29 * i, bottom=116.0 + 29 * i, size=16.0)
               for i in range(6)]
    paragraphs = unwrap(body, Geometry(context + body, True))
    assert [p.text for p in paragraphs][1:] == ["四川省阿坝藏族羌族自治州汶川县人民政府办公室", "2021年3月11日"]
    assert sign_off([(6, None, paragraphs)]) == ("四川省阿坝藏族羌族自治州汶川县人民政府办公室", "2021年3月11日")


# ---------------------------------------------------------------- lead sentences under 二–四


def test_lead_sentence_naming_the_tables_words_is_not_the_table():
    lines = text_to_lines("\n".join([
        "   2022年，本机关政府信息公开行政复议、行政诉讼情况如", "下。",
        "行政复议                行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计",
        " ".join("210141000121001"),
    ]))
    rows, used = table_rows(lines, "single_row")
    assert len(rows) == 1 and 0 not in used and 1 not in used


def test_lead_sentences_are_their_sections_text(records):
    for name in SHAPES:
        got = {s["key"]: s["text"] for s in records[name]["sections"]}
        for key, lead in [("active_disclosure", "如下"), ("applications", "如下"), ("review_litigation", "如下")]:
            assert got[key].endswith(("如下。", "如下表所示。")) and lead in got[key], (name, key)


# ---------------------------------------------------------------- heading variants wrapped


@pytest.mark.parametrize("lines", [
    ["四、因政府信息公开工作被申请行政复议、提起行政诉讼的", "情况"],
    ["五、政府信息公开工作存在的主要问题及改进", "情况"],
    ["四、政府信息公开行政复议和行政诉讼", "情况"],
])
def test_heading_variant_wrapped_onto_two_lines(lines):
    text = "\n".join(["一、总体情况", "    " + BODY, *lines, "    " + BODY])
    paragraphs = unwrap(text_to_lines(text), Geometry(text_to_lines(text), False))
    _, found, _ = split_sections(paragraphs)
    number = 4 if lines[0].startswith("四") else 5
    assert [(n, head.text) for n, head, _ in found] == [(1, "一、总体情况"), (number, "".join(lines))]


def test_wrapped_heading_sample(records):
    record = records["shapes-2019-shanghai.pdf"]
    assert record["sections"][3]["heading"] == "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况"


def test_prose_ending_in_numbers_is_not_a_row_with_blank_cells():
    lines = ["申请人情况", "一、本年新收政府信息公开申请数量 12 3 1 0 2 0 18", "二、上年结转政府信息公开申请数量 5 0 0 0 1 0 6",
             "其中线上申请 9 3"]
    table, issues = assign(MATRIX, table_rows(text_to_lines("\n".join(lines)), "matrix")[0])
    assert table["carried_over"]["total"].value == 6 and issues == []


_RESULT_LABELS = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                  "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
                  "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
                  "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                  "5.要求行政机关确认或重新出具已获取信息"]


def _short_rows_dump(result_rows: list[str], new: str, total: str) -> str:
    return "\n".join(["申请人情况", f"一、本年新收政府信息公开申请数量 {new}", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
                      "（一）予以公开 0 0 0 0 0 0 0", "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0",
                      *(f"{label} {values}" for label, values in zip(_RESULT_LABELS, result_rows)),
                      "（六）其他处理 0 0 0 0 0 0 0", f"（七）总计 {total}", "四、结转下年度继续办理 0 0 0 0 0 0 0"])


def test_many_rows_short_of_cells_are_placed_by_the_column_totals():
    """A dump that drops blank cells: fourteen rows of zeros (which cells are blank, the text cannot tell) and
    two rows of numbers the column totals place.  Over 10^18 combinations of placements; the search runs over
    the numbers each row can put in the columns instead, and places the two."""
    rows = ["0 0 0 0 0"] * 16
    rows[5], rows[12] = "2 1 1 4", "3 2 5"  # 2 _ _ _ 1 1 4 and _ 3 _ _ _ 2 5 (blanks dropped)
    lines = _short_rows_dump(rows, "2 3 0 0 1 3 9", "2 3 0 0 1 3 9")
    table, issues = assign(MATRIX, table_rows(text_to_lines(lines), "matrix")[0])
    assert [c.value for c in table["denied_process_info"].values()] == [2, None, None, None, 1, 1, 4]
    assert [c.value for c in table["unprocessed_repeat"].values()] == [None, 3, None, None, None, 2, 5]
    assert [c.value for c in table["denied_state_secret"].values()] == [None] * 7  # 0 or blank: not told
    placed = [i for i in issues if i.code == "cells_placed"]
    assert len(placed) == 2 and "2 _ _ _ 1 1 4" in placed[0].message


def test_rows_placed_too_many_ways_give_up_with_a_warning():
    """Sixteen rows of four 1s in six columns, totals that many placements keep: the search stops at its bound
    (a fraction of a second) and says so; the cells stay null."""
    lines = _short_rows_dump(["1 1 1 1 4"] * 16, "11 11 11 11 10 10 64", "11 11 11 11 10 10 64")
    table, issues = assign(MATRIX, table_rows(text_to_lines(lines), "matrix")[0])
    assert [c.value for c in table["denied_state_secret"].values()] == [None] * 6 + [4]
    assert all("too many ways" in i.message for i in issues if i.code == "cells_unplaced")
    assert len([i for i in issues if i.code == "cells_unplaced"]) == 16


def test_a_folio_the_next_pages_text_runs_into_is_a_page_break():
    """Pages joined without a break (each page's text from pdfium, concatenated): 第1页 共4页行政规范性文件 10 9
    and — 2 —六、其他需要报告的事项 are a folio and the next page's first line, not one line to drop."""
    text = f"{BODY}\n第1页 共4页行政规范性文件 10 9\n{BODY}\n— 2 —六、其他需要报告的事项\n本年度无其他需要报告的事项。"
    lines = text_to_lines(text)
    assert [(ln.page, ln.raw) for ln in lines if not ln.text.startswith("本报告")] == [
        (2, "行政规范性文件 10 9"), (3, "六、其他需要报告的事项"), (3, "本年度无其他需要报告的事项。")]


def test_a_dashed_folio_run_into_a_row_of_numbers_is_no_minus_sign():
    """- 6 -1 0 23 1 25 …: the folio of page 6, then the next page's first line (the review table's values);
    read as one line, the row began with -1.  The folio is a page break; a count read below zero anyway
    (a row misread) is null and named, never a number."""
    lines = text_to_lines(f"{BODY}\n- 6 -1 0 23 1 25 0 24 21 0 45 1 0 25 0 26\n{BODY}")
    assert [ln.raw for ln in lines][1] == "1 0 23 1 25 0 24 21 0 45 1 0 25 0 26"
    from reportparse.tables.find import _negative_counts_off

    values = {"granted": {"natural_person": Cell("-1", -1), "total": Cell("5", 5)}, "new": {"total": Cell("5", 5)}}
    issues = _negative_counts_off("applications", values)
    assert [c.value for c in values["granted"].values()] == [None, None] and values["new"]["total"].value == 5
    assert [i.code for i in issues] == ["cell_unreadable"] and "-1" in issues[0].message
    change = {"licensing": {"change": Cell("-3", -3)}}
    assert _negative_counts_off("active_disclosure", change) == [] and change["licensing"]["change"].value == -3


def test_values_an_extractor_printed_above_their_label_go_to_it():
    """pdfplumber's text of a Word PDF whose row numbers sit a little higher than their labels: a full line of
    values comes before its label, under a complete row, a group's label (（四）无法提供) or a character of the
    merged cell beside (本): it is the next numbered label's row, never the row above's or the group's."""
    lines = ["申请人情况", "一、本年新收政府信息公开申请数量 16 0 0 0 0 0 16", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
             "（一）予以公开 0 0 0 0 0 0 0",
             "（二）部分公开（区分处理的，只计这一情 形，不", "4 0 0 0 0 0 4", "计其他情形）",
             "1 0 0 0 0 0 1", "1.属于国家秘密",
             "三 2.其他法律行政止公开 0 0 0 0 0 0 0",
             "、", "2 0 0 0 0 0 2", "本 3.危及“三安全一稳定”",
             "10 0 0 0 0 0 10", "1.本机关不掌握相关政府信息", "（四）无法提供", "3 0 0 0 0 0 3", "2.没有现成信息需要另行制作"]
    table, issues = assign(MATRIX, table_rows(text_to_lines("\n".join(lines)), "matrix")[0])
    totals = {k: (table[k] or {}).get("total") for k in ("partially_granted", "denied_state_secret",
                                                          "denied_prohibited_by_law", "denied_three_safeties",
                                                          "unavailable_not_held", "unavailable_needs_creation")}
    assert {k: c.value for k, c in totals.items()} == {
        "partially_granted": 4, "denied_state_secret": 1, "denied_prohibited_by_law": 0, "denied_three_safeties": 2,
        "unavailable_not_held": 10, "unavailable_needs_creation": 3}
    assert not [i for i in issues if i.code == "row_unmatched"]
