"""Crawler text whose table cells carry a count's unit: ``行政许可 1265件``, ``规章2114件``, ``2件 1件 14件``,
``（一）予以公开 …35件``, ``１２６５件``, ``…人次``.

Such a row was read blank, with no warning naming it (a run followed by 件 was taken for prose, and the row
label left without a run was taken for a row printed blank).  Inside a table, after a row label, the unit is
now the end of a cell; a prose count (``共办理12件``) is still no cell; a number that cannot be read as the
row's cells leaves them null with a ``cell_unreadable`` warning naming the row.

Each report is built by tests/variants.py from a sample's content, so every cell's truth is known.
"""

from __future__ import annotations

import copy
from functools import cache

import pytest
from variants import cell_errors, content, exact_cell_errors, render, with_heading

from reportparse import templates
from reportparse.tables.assign import assign
from reportparse.tables.runs import rows_from_run, segments

AD, APP, RL = "active_disclosure", "applications", "review_litigation"
NAMES = ("layout-word-2022", "format2019")  # the 2021 tables (one-cell rows in 二) and the 2019 tables
FORMS = ("crawl-glued.txt", "crawl-spaced.txt")
SPEC = templates.load("2021")["tables"]
_FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")


def with_units(truth: dict, table: str, row: str, unit: str, each: bool = False, full: bool = False,
               cols: tuple[str, ...] = ()) -> dict:
    """The same report, ``row``'s last cell (``each``: every cell; ``cols``: those) printed with ``unit``
    after it (``full``: in full-width digits).  The values stay as they were."""
    truth = copy.deepcopy(truth)
    raws = truth.setdefault("raw_cells", {})
    values = truth["tables"][table][row]
    printed = [c for c, v in values.items() if v is not None]
    for col in cols or (printed if each else printed[-1:]):
        text = str(values[col])
        raws[(table, row, col)] = (text.translate(_FULL) if full else text) + unit
    return truth


SHAPES = {  # id: (table, row, unit, each, full, cols)
    "licensing-件": (AD, "licensing", "件", False, False, ()),  # 2021: its one cell; 2019: the last of three
    "licensing-each-件": (AD, "licensing", "件", True, False, ()),
    "licensing-个": (AD, "licensing", "个", False, False, ()),
    "licensing-条": (AD, "licensing", "条", False, False, ()),
    "licensing-次": (AD, "licensing", "次", False, False, ()),
    "licensing-人次": (AD, "licensing", "人次", False, False, ()),
    "licensing-fullwidth-件": (AD, "licensing", "件", False, True, ()),
    "normative-last-件": (AD, "normative_documents", "件", False, False, ()),
    "normative-each-件": (AD, "normative_documents", "件", True, False, ()),
    "penalty-each-项": (AD, "penalty", "项", True, False, ()),
    "new-total-件": (APP, "new", "件", False, False, ()),
    "granted-total-件": (APP, "granted", "件", False, False, ()),
    "granted-each-件": (APP, "granted", "件", True, False, ()),
    "granted-total-人次": (APP, "granted", "人次", False, False, ()),
    "granted-total-fullwidth-件": (APP, "granted", "件", False, True, ()),
    "carried-forward-total-件": (APP, "carried_forward", "件", False, False, ()),
    "review-total-件": (RL, "review", "件", False, False, ()),
    "last-group-total-件": (RL, "litigation_after_review", "件", False, False, ()),
    "every-group-total-件": (RL, "review", "件", False, False, ("total",)),
}


@cache
def _plain(name: str, form: str, tmp: str) -> frozenset[str]:
    """The cells that differ from the truth when the same report is printed without units (in glued text
    some rows read several ways and are left null, said: the units must not make that worse)."""
    from pathlib import Path

    truth = content(name)
    record, _ = render(truth, form, Path(tmp), stem=f"plain-{name}-{form}")
    return frozenset(exact_cell_errors(record, truth))


@pytest.fixture(scope="module")
def plain_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("plain"))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("name", NAMES)
def test_a_cell_printed_with_its_unit_is_read(name, shape, form, tmp_path, plain_dir):
    """Each cell comes out as it does without the unit (spaced text: every cell right; glued text: right, or
    null and said where the run reads several ways even without units), never blank without a word."""
    table, row, unit, each, full, cols = SHAPES[shape]
    truth = content(name)
    if shape == "every-group-total-件":
        for group in truth["tables"][RL]:
            truth = with_units(truth, RL, group, unit, cols=("total",))
    else:
        truth = with_units(truth, table, row, unit, each, full, cols)
    record, _ = render(truth, form, tmp_path)
    assert cell_errors(record, truth) == []
    assert set(exact_cell_errors(record, truth)) <= _plain(name, form, plain_dir)
    if form == "crawl-spaced.txt":
        assert exact_cell_errors(record, truth) == []
    got = record["tables"][table][row]
    assert all(got[c] == v for c, v in truth["tables"][table][row].items() if v is not None
               and f"{table}.{row}.{c}: truth" not in " ".join(_plain(name, form, plain_dir)))


# ------------------------------------------------------------------ the same on a hand-built run
def _values(text: str, table: str = AD) -> dict:
    printed, issues = rows_from_run(text, SPEC[table])
    values, _ = assign(SPEC[table], printed)
    return {k: v and {c: cell.value for c, cell in v.items()} for k, v in values.items()}, issues


_HEAD_2021 = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
_HEAD_5 = " 第二十条第（五）项 信息内容 本年处理决定数量 "


@pytest.mark.parametrize("printed", ["行政许可 1265件", "行政许可1265件", "行政许可 １２６５件", "行政许可 1265人次",
                                     "行政许可 1265个"])
def test_one_cell_row_with_its_unit(printed):
    """``…主动公开 … 行政许可 1265件``: the row's one cell is 1265 (it was left blank, and nothing said)."""
    from reportparse.normalize import halfwidth_digits

    values, issues = _values(_HEAD_2021 + "规章 2 1 14 行政规范性文件 9 4 57" + _HEAD_5 + halfwidth_digits(printed)
                             + " 第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 348 行政强制 27")
    assert values["licensing"] == {"decisions": 1265}
    assert values["penalty"] == {"decisions": 348}
    assert values["regulations"] == {"issued": 2, "repealed": 1, "in_force": 14}
    assert issues == []


@pytest.mark.parametrize("run", ["2件 1件 14件", "2件1件14件", "2件 1件 14", "2 1 14件"])
def test_each_cell_with_its_unit(run):
    """``规章 2件 1件 14件`` and ``规章2件1件14件``: the units separate the cells (2 1 14, not 2114 cut three ways)."""
    values, issues = _values(_HEAD_2021 + "规章 " + run + " 行政规范性文件 9 4 57")
    assert values["regulations"] == {"issued": 2, "repealed": 1, "in_force": 14}
    assert values["normative_documents"] == {"issued": 9, "repealed": 4, "in_force": 57}
    assert issues == []


def test_glued_row_ending_in_its_unit_is_split_by_the_relations():
    """``（一）予以公开184434235件``: the row's total carries the unit; the glued row is cut as without it."""
    values, _ = _values("申请人情况 自然人 总计 一、本年新收政府信息公开申请数量 155 34 32 29 32 28 310件 "
                        "三、本年度办理结果 （一）予以公开184434235件", APP)
    assert values["new"]["total"] == 310
    assert values["granted"] == {"natural_person": 18, "commercial": 4, "research": 4, "public_interest": 3,
                                 "legal_service": 4, "other_org": 2, "total": 35}


def test_a_glued_total_row_that_breaks_its_own_total_is_not_read_as_the_cut_that_keeps_it():
    """（七）总计 printed 4258 14 0 8 0 6 4285 (its cells sum to 4286), glued: the one cut that keeps a row's total,
    42 58 1 40 80 64 285, makes new + carried_over = results_total + carried_forward fail in every column, and
    those rows would have it 4257 14 0 8 0 6 4285, a digit from what is printed: the row is null and named,
    never read 42 58 …; the rows that keep the relation's other side stay."""
    text = ("申请人情况 自然人 总计 一、本年新收政府信息公开申请数量44961307064522 二、上年结转政府信息公开申请数量811010184 "
            "三、本年度办理结果 （七）总计{} 四、结转下年度继续办理32000001321")
    values, issues = _values(text.format("42581408064285"), APP)
    assert set(values["results_total"].values()) == {None}
    assert values["new"]["total"] == 4522 and values["carried_forward"]["natural_person"] == 320
    assert [i.code for i in issues if "results_total" in i.message] == ["cells_ambiguous"]
    assert "4257 14 0 8 0 6 4285" in next(i.message for i in issues if "results_total" in i.message)
    values, issues = _values(text.format("42571408064285"), APP)  # as the relation has it: read, no doubt
    assert values["results_total"]["natural_person"] == 4257 and values["results_total"]["total"] == 4285


def test_review_run_with_units_after_each_group_total():
    header = "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 " + \
             "结果维持 结果纠正 其他结果 尚未审结 总计 " * 2
    values, issues = _values(header + "4 2 1 1 8件 3 1 1 1 6件 2 1 1 1 5件", RL)
    assert issues == []
    assert [values[g]["total"] for g in ("review", "litigation_direct", "litigation_after_review")] == [8, 6, 5]
    assert values["review"]["upheld"] == 4 and values["litigation_after_review"]["pending"] == 1
    values, _ = _values("".join(header.split()) + "42118311162111" + "5件", RL)
    assert [values[g]["total"] for g in ("review", "litigation_direct", "litigation_after_review")] == [8, 6, 5]


# ------------------------------------------------------------------ prose counts stay prose
def test_a_prose_count_inside_a_table_run_is_no_cell():
    """``本年共办理12件`` between two rows: no row label before it, so no cell; the rows around it keep theirs."""
    text = _HEAD_2021 + "规章 2 1 14 本年共办理12件 行政规范性文件 9 4 57"
    values, issues = _values(text)
    assert values["regulations"] == {"issued": 2, "repealed": 1, "in_force": 14}
    assert values["normative_documents"] == {"issued": 9, "repealed": 4, "in_force": 57}
    assert issues == []
    assert not any(r == "12" for _, r in segments(text))
    assert segments("全年共办理政府信息公开申请12件，同比增长3个百分点") == []


@pytest.mark.parametrize("lost", [None, 3], ids=["headings", "no-三"])
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", NAMES)
def test_prose_counts_in_paragraphs_are_no_cells(name, form, lost, tmp_path, plain_dir):
    """Paragraphs that name rows and counts with units (``行政许可共办理99件``, ``本年新收政府信息公开申请数量25件``),
    before a table, and (三's heading lost) right after table 二's last cell: the tables read as without them,
    and the paragraphs keep every character."""
    truth = content(name)
    for section in truth["sections"]:
        if section["number"] == 2:
            section["text"] = "本年度行政许可共办理99件，规章2件，行政处罚7次。"
        if section["number"] == 3:
            section["text"] = "本年新收政府信息公开申请数量25件，予以公开12件，收到和处理政府信息公开申请情况如下表。"
    if lost:
        truth = with_heading(truth, lost, "")
    record, _ = render(truth, form, tmp_path)
    assert set(exact_cell_errors(record, truth)) <= _plain(name, form, plain_dir)
    assert cell_errors(record, truth) == []
    flat = "".join("".join(s["heading"] + s["text"] for s in record["sections"]).split())
    assert "本年度行政许可共办理99件，规章2件，行政处罚7次。" in flat
    assert "本年新收政府信息公开申请数量25件，予以公开12件，" in flat


# ------------------------------------------------------------------ a number not read: null, and said
def test_a_number_left_after_a_row_label_is_said():
    """``行政许可 1265人`` (人 alone is no count's unit here): the run is not read, and the row is not taken for
    one printed blank: its cell is null with a ``cell_unreadable`` warning naming it."""
    values, issues = _values(_HEAD_2021 + "规章 2 1 14 行政规范性文件 9 4 57" + _HEAD_5 + "行政许可 1265人"
                             + " 第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 348 行政强制 27")
    assert values["licensing"] == {"decisions": None}
    assert values["penalty"] == {"decisions": 348}
    assert [i.code for i in issues] == ["cell_unreadable"]
    assert issues[0].message.startswith("active_disclosure.licensing:")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", NAMES)
def test_unread_row_in_a_crawler_report_is_named(name, form, tmp_path):
    truth = with_units(content(name), AD, "licensing", "人")
    record, _ = render(truth, form, tmp_path)
    assert cell_errors(record, truth) == []
    assert any(w["code"] == "cell_unreadable" and "active_disclosure.licensing" in w["message"]
               for w in record["warnings"])


@pytest.mark.parametrize("lost, table, row", [(5, RL, "litigation_after_review"), (4, APP, "carried_forward")],
                         ids=["五-lost", "四-lost"])
@pytest.mark.parametrize("name", NAMES)
def test_a_table_whose_last_cell_carries_its_unit_before_a_lost_heading(name, lost, table, row, tmp_path, plain_dir):
    """``…尚未审结 总计 … 1 0 0 0 1件本年度…`` (the next section's heading lost, its text glued to the table):
    the table runs to its last row, unit and all (it ended before that row, and the whole review table was
    null, said by nothing)."""
    truth = with_heading(with_units(content(name), table, row, "件"), lost, "")
    plain = with_heading(content(name), lost, "")
    record, _ = render(truth, "crawl-glued.txt", tmp_path)
    assert cell_errors(record, truth) == []
    same, _ = render(plain, "crawl-glued.txt", tmp_path, stem="plain")
    assert set(exact_cell_errors(record, truth)) == set(exact_cell_errors(same, plain))
