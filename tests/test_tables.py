"""Table rows -> keys, from text-dump rows; and the checks on them."""

from __future__ import annotations

import pytest

from reportparse.checks import evaluate
from reportparse.layout import text_to_lines
from reportparse.tables.assign import PrintedRow, assign
from reportparse.tables.text import table_rows
from reportparse.templates import load

T = load("2021")["tables"]


def rows_of(text: str, kind: str) -> list[PrintedRow]:
    return table_rows(text_to_lines(text), kind)[0]


def test_active_disclosure_with_slashes_and_notes():
    text = "\n".join([  # noqa: FLY002 - one printed line per item
        "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 / / /", "行政规范性文件 3 1 22（其中修订16件）",
        "第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 2841",
        "第二十条第（八）项", "信息内容 本年收费金额（单位：万元）", "行政事业性收费 12.5"])
    table, issues = assign(T["active_disclosure"], rows_of(text, "rows"))
    assert {c: v.value for c, v in table["regulations"].items()} == {"issued": None, "repealed": None, "in_force": None}
    assert table["regulations"]["issued"].raw == "/"
    in_force = table["normative_documents"]["in_force"]
    assert (in_force.value, in_force.note) == (22, "（其中修订16件）")
    assert table["licensing"]["decisions"].value == 2841 and table["fees"]["amount_wan"].value == 12.5
    assert table["penalty"] is None  # not printed: absent, not zero
    assert issues == []


def app_line(label: str, values: list[int]) -> str:
    return f"{label} {' '.join(map(str, values))}"


def test_applications_single_other_row_and_wrapped_labels():
    z = [0] * 7
    lines = ["申请人情况", "自然人", "法人或其他组织", "总计",
             app_line("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]),
             app_line("二、上年结转政府信息公开申请数量", z),
             "三、本年", "度办理结果", app_line("（一）予以公开", [3, 1, 0, 0, 0, 0, 4]),
             "（二）部分公开（区分处理的，只计这一情形，不计", "其他情形）", " ".join(["0"] * 7),
             "（三）不予公开", app_line("1.属于国家秘密", z), app_line("2.其他法律行政止公开", z),
             app_line('3.危及"三安全一稳定"', z), app_line("4.保护第三方合法权益", z),
             app_line("5.属于三类内部事务信息", z), app_line("6.属于四类过程性信息", z),
             app_line("7.属于行政执法案卷", z), app_line("8.属于行政查询事项", z),
             "（四）无法提供", app_line("1、本机关不掌握相关政府信息", [2, 0, 0, 0, 0, 0, 2]),
             app_line("2、没有现成信息需要另行制作", z), app_line("3、补正后申请内容仍不明确", z),
             "（五）不予处理", app_line("1.信访举报投诉类申请", z), app_line("2.重复申请", z),
             app_line("3.要求提供公开出版物", z), app_line("4.无正当理由大量反复申请", z),
             "5.要求行政机关确认或重新出具已获取", "信息", " ".join(["0"] * 7),
             app_line("（六）其他处理", z),
             app_line("（七）总计", [5, 1, 0, 0, 0, 0, 6]), app_line("四、结转下年度继续办理", [0, 0, 0, 0, 0, 0, 1])]
    table, issues = assign(T["applications"], rows_of("\n".join(lines), "matrix"))
    assert table["new"]["total"].value == 6
    assert table["unavailable_not_held"]["natural_person"].value == 2
    assert table["unprocessed_confirmation"]["total"].value == 0
    assert table["partially_granted"]["total"].value == 0
    assert table["other_total"] is not None and table["other_no_correction"] is None
    assert {i.code for i in issues} == {"label_variant"}
    checks = {c.rule: c for c in evaluate({"applications": table})}
    flow = checks["applications.total: new + carried_over == results_total + carried_forward"]
    assert not flow.ok and flow.detail == "6 + 0 = 6 vs 6 + 1 = 7"
    assert checks["applications.total: results_total == sum(granted..other_total)"].ok
    row = checks["applications.new: total == natural_person + 5 organisation columns"]
    assert row.ok and row.detail == "sum = 6 vs total = 6"


def test_values_one_per_line():
    """Some dumps put every cell on its own line: the label lines, then the values."""
    text = "\n".join(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "1", "0", "5",  # noqa: FLY002
                      "行政规范性文件", "2", "/", "9", "信息内容", "本年处理决定数量", "行政许可", "31"])
    table, issues = assign(T["active_disclosure"], rows_of(text, "rows"))
    assert [c.value for c in table["regulations"].values()] == [1, 0, 5]
    assert [c.raw for c in table["normative_documents"].values()] == ["2", "/", "9"]
    assert table["licensing"]["decisions"].value == 31 and issues == []
    apps = "\n".join(["一、本年新收政府信息公开申请数量", *"3010015", "二、上年结转政府信息公开申请数量", *"0000000"])
    table, _ = assign(T["applications"], rows_of(apps, "matrix"))
    assert [c.value for c in table["new"].values()] == [3, 0, 1, 0, 0, 1, 5]
    assert [c.value for c in table["carried_over"].values()] == [0] * 7


def test_prose_ending_in_a_number_is_not_a_row():
    lines = text_to_lines("规章 0 0 0\n本年共收到申请件数为 5\n说明：全年无变化。")
    rows, _ = table_rows(lines, "rows")
    assert [r.cells[0][0] for r in rows] == ["规章", "本年共收到申请件数为"]  # a row only if a label matches
    table, _ = assign(T["active_disclosure"], rows)
    assert table["regulations"] is not None and sum(v is not None for v in table.values()) == 1


def test_review_values_over_several_lines_and_a_broken_total():
    text = "\n".join(["行政复议 行政诉讼", "结果", "维持", "总计", "3 1 0 0 0", "0 0 0 0 0 1 0 0 0 1"])  # noqa: FLY002
    table, issues = assign(T["review_litigation"], rows_of(text, "single_row"))
    assert issues == []
    assert table["review"] == {k: table["review"][k] for k in ("upheld", "corrected", "other", "pending", "total")}
    assert [c.value for c in table["litigation_after_review"].values()] == [1, 0, 0, 0, 1]
    checks = [c for c in evaluate({"review_litigation": table}) if not c.ok]
    assert [(c.rule, c.detail) for c in checks] == [
        ("review_litigation.review: total == upheld + corrected + other + pending", "3 + 1 + 0 + 0 = 4 vs total = 0")]


def test_fees_printed_in_yuan_are_recorded_in_wan_with_a_warning():
    text = "\n".join(["信息内容 本年收费金额（单位：元）", "行政事业性收费 125000"])  # noqa: FLY002
    table, issues = assign(T["active_disclosure"], rows_of(text, "rows"))
    cell = table["fees"]["amount_wan"]
    assert (cell.value, cell.raw) == (12.5, "125000")
    assert [i.code for i in issues] == ["unit_converted"]


def test_review_groups_follow_the_printed_header():
    cells = [("复议后起诉", (300, 0, 400, 10)), ("行政复议", (50, 0, 150, 10)), ("未经复议直接起诉", (160, 0, 290, 10))]
    values = [(str(v), (float(k), 20, k + 1.0, 30)) for k, v in enumerate([1, 0, 0, 0, 1] + [2, 0, 0, 0, 2] + [3, 0, 0, 0, 3])]
    table, _ = assign(T["review_litigation"], [PrintedRow(tuple(cells), 1), PrintedRow(tuple(values), 1)])
    # printed order: 行政复议 (x 50), 未经复议直接起诉 (x 160), 复议后起诉 (x 300)
    assert [table[g]["total"].value for g in ("review", "litigation_direct", "litigation_after_review")] == [1, 2, 3]
    swapped = [(t, (b[0] if t != "复议后起诉" else 100, *b[1:])) for t, b in cells]
    table, _ = assign(T["review_litigation"], [PrintedRow(tuple(swapped), 1), PrintedRow(tuple(values), 1)])
    assert [table[g]["total"].value for g in ("review", "litigation_after_review", "litigation_direct")] == [1, 2, 3]


def test_review_row_with_a_stub_label():
    cells = [("数量", None)] + [(str(v), None) for v in [2, 0, 0, 0, 2] + [0] * 5 + [1, 0, 0, 0, 1]]
    header = [("行政复议", None), ("行政诉讼", None)]
    table, issues = assign(T["review_litigation"], [PrintedRow(tuple(header), 1), PrintedRow(tuple(cells), 1)])
    assert issues == [] and table["review"]["total"].value == 2 and table["litigation_after_review"]["upheld"].value == 1


def _row(label: str, values: list) -> PrintedRow:
    return PrintedRow(tuple([(label, None)] + [(str(v), None) for v in values]), 3)


def test_a_row_cut_by_the_page_break_is_joined():
    blank = [""] * 7
    printed = [_row("4.无正当理由大量反复申请", [0] * 7),
               _row("5.要求行政机关确认或重新", blank),  # foot of page 3: the label's first half, no values
               _row("出具已获取信息", [2, 0, 0, 0, 0, 0, 2]),  # top of page 4
               _row("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息", [1, 0, 0, 0, 0, 0, 1]),
               _row("公开申请", blank)]  # the label's end on a row of its own
    table, issues = assign(T["applications"], printed)
    assert table["unprocessed_confirmation"]["total"].value == 2
    assert table["other_no_correction"]["total"].value == 1
    assert not [i for i in issues if i.code == "row_unmatched"]


def test_relations_with_an_unread_row_are_not_tested():
    """A row the parser could not read must not turn into a failed relation of the report."""
    lines = [app_line("一、本年新收政府信息公开申请数量", [5, 0, 0, 0, 0, 0, 5]), app_line("（七）总计", [5, 0, 0, 0, 0, 0, 5])]
    table, _ = assign(T["applications"], rows_of("\n".join(lines), "matrix"))
    rules = {c.rule for c in evaluate({"applications": table})}
    assert not any("new + carried_over" in r or "results_total ==" in r for r in rules)  # carried_over etc. unread
    assert "applications.new: total == natural_person + 5 organisation columns" in rules


def test_numbers_read_before_their_labels():
    """`pdftotext` without -layout reads some cells' numbers before their labels; each still finds its row."""
    text = "\n".join(["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "0",  # noqa: FLY002
                      "行政规范性文件", "0", "5", "5", "第二十条第（五）项", "信息内容", "本年处理决定数量", "550", "行政许可",
                      "第二十条第（六）项", "信息内容", "行政处罚", "-2-", "本年处理决定数量", "4119", "行政强制", "195",
                      "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "7730.28", "行政事业性收费"])
    rows, used = table_rows(text_to_lines(text), "rows")
    table, issues = assign(T["active_disclosure"], rows)
    got = {k: [c.value for c in v.values()] for k, v in table.items() if v}
    assert got == {"regulations": [0, 0, 0], "normative_documents": [0, 5, 5], "licensing": [550],
                   "penalty": [4119], "enforcement": [195], "fees": [7730.28]}
    assert issues == [] and max(used) == len(text_to_lines(text)) - 1  # the last label is table, not prose


def test_a_smudge_where_a_number_should_be_keeps_its_row_and_is_flagged():
    """OCR reads a faint 0 as 。 or o: the row is kept, that cell left null with cell_unreadable naming it,
    never a number made up, and the row not lost (it was: rows_missing, nothing naming the cell)."""
    box = (300.0, 200.0, 330.0, 220.0)
    row = PrintedRow((("（一）予以公开", None), ("30", None), ("5", None), ("。", box), ("2", None), ("1", None),
                      ("o", None), ("38", None)), 3)
    table, issues = assign(T["applications"], [_row("一、本年新收政府信息公开申请数量", [5, 0, 0, 0, 0, 0, 5]), row])
    granted = table["granted"]
    assert [granted[c].value for c in ("natural_person", "commercial", "research", "total")] == [30, 5, None, 38]
    assert granted["other_org"].value is None
    flagged = [i for i in issues if i.code == "cell_unreadable"]
    assert [i.message.split(":")[0] for i in flagged] == ["applications.granted.research",
                                                          "applications.granted.other_org"]
    assert "box [300.0, 200.0, 330.0, 220.0]" in flagged[0].message and flagged[0].page == 3
    # a header row of words, or a row of mostly marks, is not a row of values
    words = PrintedRow(tuple((t, None) for t in ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]), 3)
    marks = _row("（二）部分公开", ["。", "。", "。", "。", "1", "", ""])
    assert words.split(7) is None and marks.split(7) is None


def test_a_smudge_in_the_review_row_and_in_table_two():
    values = [(v, None) for v in ["1", "0", "·", "0", "1"] + ["2", "0", "0", "0", "2"] + ["3", "0", "0", "0", "3"]]
    table, issues = assign(T["review_litigation"], [PrintedRow((("行政复议", None), ("行政诉讼", None)), 4),
                                                   PrintedRow(tuple(values), 4)])
    assert table["review"]["other"].value is None and table["litigation_after_review"]["total"].value == 3
    assert [i.message.split(":")[0] for i in issues if i.code == "cell_unreadable"] == ["review_litigation.review.other"]
    # 1 + 0 + 0 + 0 = 1 holds with the smudge read as 0, which it may not be: not assessable, not passed
    from reportparse.checks import evaluate

    checks = {c.rule.split(":")[0]: c for c in evaluate({"review_litigation": table}, issues)}
    review = checks["review_litigation.review"]
    assert review.ok is None and review.detail.endswith("cells not read (review.other)")
    assert checks["review_litigation.litigation_direct"].ok is True
    text_rows = [PrintedRow((("信息内容", None), ("本年制发件数", None), ("本年废止件数", None), ("现行有效件数", None)), 2),
                 PrintedRow((("行政规范性文件", None), ("2", None), ("。", None), ("31", None)), 2)]
    table, issues = assign(T["active_disclosure"], text_rows)
    assert [table["normative_documents"][c].value for c in ("issued", "repealed", "in_force")] == [2, None, 31]
    assert [i.message.split(":")[0] for i in issues if i.code == "cell_unreadable"] == [
        "active_disclosure.normative_documents.repealed"]


def test_a_row_printed_neither_whole_nor_in_its_parts_is_missing():
    """（六）其他处理 may be printed as one row or as its three sub-rows; found in neither form (a table whose
    spans ran over), or in some sub-rows only, the rows not found are named, not left null in silence."""
    from reportparse.tables.find import missing_rows

    spec = {"alternatives": {"other_total": ["other_no_correction", "other_unpaid_fee", "other_other"]}}
    row = {"total": 1}
    base = {"granted": row, "other_total": None, "other_no_correction": None, "other_unpaid_fee": None,
            "other_other": None, "withdrawn": None}
    assert missing_rows(spec, base) == ["other_total", "other_no_correction", "other_unpaid_fee", "other_other",
                                        "withdrawn"]
    assert missing_rows(spec, {**base, "other_total": row}) == ["withdrawn"]  # printed as one row
    every_part = dict.fromkeys(["other_no_correction", "other_unpaid_fee", "other_other"], row)
    assert missing_rows(spec, {**base, **every_part}) == ["withdrawn"]  # printed as its sub-rows
    assert missing_rows(spec, {**base, "other_other": row}) == ["other_no_correction", "other_unpaid_fee",
                                                                  "withdrawn"]


def test_a_label_wrapped_below_its_values_ends_the_row_before():
    """A table without rules prints a label too long for its cell over two lines, its values on the first:
    the second (取信息) stands on the next row's line, before that row's own label (（六）其, itself wrapped:
    他处理 on the line of （七）总计).  Each end belongs to the row before: no label_variant warning, and an
    outer group label before a row's label (（三）不予公开) stays with its row."""
    def row(*texts):
        return PrintedRow(tuple((t, None) for t in texts), 3)

    values = [str(v) for v in (1, 0, 0, 0, 0, 0, 1)]
    printed = [row("（五）不予处理", "4.无正当理由大量反复申请", *values),
               row("5.要求行政机关确认或重新出具已获", *values),
               row("取信息", "（六）其", *values),
               row("他处理", "（七）总计", *values)]
    table, issues = assign(T["applications"], printed)
    assert [i.code for i in issues] == []
    assert all(table[k] is not None for k in ("unprocessed_excessive", "unprocessed_confirmation", "other_total",
                                               "results_total"))
    # an outer group label before a row's label matches the row before worse: it is not moved there
    printed = [row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", *values),
               row("（三）不予公开", "1.属于国家秘密", *values)]
    table, issues = assign(T["applications"], printed)
    assert [i.code for i in issues] == [] and table["partially_granted"] is not None


def test_prose_that_contradicts_the_table_is_warned_of_once_a_statement():
    """The overview saying 收到政府信息公开申请6034件 in two paragraphs, the table printing 6035: one warning, not
    two; another number said is another warning; the table's own total (or with the carried-over) none."""
    from reportparse.checks import prose_warnings
    from reportparse.model import Section
    from reportparse.normalize import parse_cell

    tables = {"applications": {"new": {"total": parse_cell("6035")}, "carried_over": {"total": parse_cell("5")}}}
    said = ("全年共收到政府信息公开申请6034件。", "本年度收到政府信息公开申请6034件，办结6030件。",
            "共收到政府信息公开申请6033件。", "收到政府信息公开申请6035件。", "受理申请6040件。")
    overview = Section(1, "一、总体情况", "overview", said, said, (), 1)
    assert [i.message for i in prose_warnings(tables, (overview,))] == [
        "section overview says '收到政府信息公开申请6034件', the table's new applications total is 6035",
        "section overview says '收到政府信息公开申请6033件', the table's new applications total is 6035"]


def _with_group_row(text: str, values: str) -> str:
    """layout-word-2022.md with （六）其他处理 printed as a row of its own too, above its three sub-rows."""
    row = "|  | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 |"
    assert row in text
    return text.replace(row, f"|  | （六）其他处理 |  | {values} |\n|  |  | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 |")


@pytest.mark.parametrize(("values", "kept"), [("14 | 3 | 3 | 3 | 3 | 3 | 29", True),
                                              ("7 | 1 | 1 | 1 | 1 | 1 | 12", False)])
def test_the_other_group_row_beside_its_sub_rows_is_kept_only_as_their_total(values, kept, tmp_path):
    """（六）其他处理 printed as a row and as its three sub-rows: the row is kept where it is their total, column by
    column; where it holds other numbers (a dump that broke the labels apart read the first sub-row's numbers
    beside the group's label too) it is no row of the table: null, and said."""
    from pathlib import Path

    import reportparse

    source = Path(__file__).resolve().parents[1] / "samples" / "forms" / "layout-word-2022.md"
    path = tmp_path / "both.md"
    path.write_text(_with_group_row(source.read_text(encoding="utf-8"), values), encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    apps = record["tables"]["applications"]
    assert apps["other_no_correction"]["total"] == 12 and apps["other_other"]["total"] == 8
    said = [w["message"] for w in record["warnings"] if w["code"] == "other_rows_both"]
    assert len(said) == 1
    if kept:
        assert apps["other_total"]["total"] == 29 and said[0].endswith("both kept")
    else:
        assert apps["other_total"] is None and "left null" in said[0]
