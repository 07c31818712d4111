"""Ruled tables: which standard table a grid is, by its section; other tables of the report are left out."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import reportparse
from reportparse.templates import load

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
APP_ROWS = [r for r in load("2021")["tables"]["applications"]["rows"] if r["key"] != "other_total"]


class Page:
    def __init__(self, c):
        self.c, self.y = c, 790

    def text(self, s, x=72, size=11, step=20):
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.y, s)
        self.y -= step

    def table(self, rows, widths, height=14, size=7):
        """A ruled grid: every cell boxed; a row of one cell spans the whole width."""
        x0 = 60
        for r in rows:
            x = x0
            for text, w in zip(r, widths if len(r) > 1 else [sum(widths)]):
                self.c.rect(x, self.y - height + 4, w, height, stroke=1, fill=0)
                self.c.setFont(FONT, size)
                self.c.drawString(x + 2, self.y - height + 8, str(text))
                x += w
            self.y -= height
        self.y -= 12


def begin(folder, title: str, overview: str) -> tuple:
    """A new report PDF: its canvas and first page, with the title and section 一 written."""
    path = folder / "report.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    p = Page(c)
    p.text(title, x=150, size=15, step=30)
    p.text("一、总体情况")
    p.text(overview)
    return path, c, p


def review_and_close(c, p, values: list[int]) -> None:
    """Section 四's table, sections 五 and 六, and save."""
    p.table([["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
             values], [31] * 15, size=5)
    p.text("五、存在的主要问题及改进情况")
    p.text("一是公开深度不够。")
    p.text("六、其他需要报告的事项")
    p.text("无。")
    c.save()


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    path, c, p = begin(tmp_path_factory.mktemp("grids"), "某市水务局2024年政府信息公开工作年度报告",
                       "2024年，本局主动公开信息情况见下表。")
    # a table of the report's own, with words of the standard tables in it
    p.table([["信息内容", "条数"], ["行政许可", "7"], ["行政处罚", "9"]], [180, 180])
    p.text("二、主动公开政府信息情况")
    p.table([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "0"],
             ["行政规范性文件", "4", "1", "12"]], [160, 90, 90, 90])
    p.table([["信息内容", "本年处理决定数量"], ["行政许可", "310"], ["行政处罚", "25"], ["行政强制", "2"]], [160, 270])
    p.table([["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "0"]], [160, 270])
    c.showPage()
    p = Page(c)
    # section 三's heading printed as the table's first row, not above it
    rows = [["三、收到和处理政府信息公开申请情况"],
            ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    rows += [[spec["label"][:16], 1, 0, 0, 0, 0, 0, 1] for spec in APP_ROWS]
    p.table(rows, [170, 40, 40, 40, 40, 40, 40, 40], height=13, size=6)
    c.showPage()
    p = Page(c)
    p.text("四、政府信息公开行政复议、行政诉讼情况")
    review_and_close(c, p, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1])
    return reportparse.parse(path).to_dict()


def test_the_reports_own_table_is_not_a_standard_one(record):
    assert record["tables"]["active_disclosure"]["licensing"] == {"decisions": 310}
    assert record["tables"]["active_disclosure"]["penalty"] == {"decisions": 25}


def test_a_heading_inside_the_table_still_gives_the_table(record):
    assert [s["number"] for s in record["sections"]] == [1, 2, 3, 4, 5, 6]
    assert record["sections"][2]["heading"] == "三、收到和处理政府信息公开申请情况"
    apps = record["tables"]["applications"]
    assert all(apps[spec["key"]]["total"] == 1 for spec in APP_ROWS)


def test_review_row(record):
    review = record["tables"]["review_litigation"]
    assert review["review"]["total"] == 1 and review["litigation_after_review"]["total"] == 1


APP_ROWS_2019 = load("2019")["tables"]["applications"]["rows"]


@pytest.fixture(scope="module")
def record_2019(tmp_path_factory):
    """A 2019-format report (the trial format used for 2019 and 2020), its tables ruled."""
    path, c, p = begin(tmp_path_factory.mktemp("grids2019"), "某县教育局2020年政府信息公开工作年度报告",
                       "2020年，本局认真落实条例，推进政务公开。")
    p.text("二、主动公开政府信息情况")
    w = [150, 95, 95, 95]
    p.table([["第二十条第（一）项", "", "", ""], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
             ["规章", "/", "/", "/"], ["规范性文件", "2", "2", "18"]], w)
    p.table([["第二十条第（五）项", "", "", ""], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
             ["行政许可", "8", "-1", "126"], ["其他对外管理服务事项", "2", "0", "9"]], w)
    p.table([["第二十条第（六）项", "", "", ""], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
             ["行政处罚", "5", "+2", "14"], ["行政强制", "0", "0", "0"]], w)
    p.table([["第二十条第（八）项", "", ""], ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "1", "0"]], w[:3])
    p.table([["第二十条第（九）项", "", ""], ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "6", "87.5"]], w[:3])
    c.showPage()
    p = Page(c)
    p.text("三、收到和处理政府信息公开申请情况")
    rows = [["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    values = {"new": [3, 1, 0, 0, 0, 0, 4], "granted": [2, 1, 0, 0, 0, 0, 3], "other_total": [1, 0, 0, 0, 0, 0, 1],
              "results_total": [3, 1, 0, 0, 0, 0, 4]}
    rows += [[spec["label"][:16], *values.get(spec["key"], [0] * 7)] for spec in APP_ROWS_2019]
    p.table(rows, [170, 40, 40, 40, 40, 40, 40, 40], height=13, size=6)
    p.text("四、政府信息公开行政复议、行政诉讼情况")
    review_and_close(c, p, [0] * 15)
    return reportparse.parse(path).to_dict()


def test_2019_format_tables(record_2019):
    assert record_2019["template"] == "2019" and record_2019["year"] == 2020
    active = record_2019["tables"]["active_disclosure"]
    assert active["regulations"] == {"made": None, "published": None, "public_total": None}
    assert active["licensing"] == {"prior_items": 8, "change": -1, "decisions": 126}
    assert active["penalty"]["change"] == 2
    assert active["procurement"] == {"items": 6, "amount": 87.5}
    apps = record_2019["tables"]["applications"]
    assert apps["other_total"]["total"] == 1 and apps["new"]["total"] == 4
    assert all(c["ok"] for c in record_2019["checks"])
    assert not {"rows_missing", "table_missing"} & {w["code"] for w in record_2019["warnings"]}


# rules on a coarse lattice, nudged by amounts at and around the tolerance, so that rules that just touch, just
# miss and overlap all occur
_NUDGE = st.sampled_from([0.0, 0.5, 1.0, -1.0, 2.9, 3.0, 3.1, -3.0, -3.1])
_V_RULE = st.builds(lambda x, top, length, n1, n2, n3: {"x0": x * 40.0 + n1, "top": top * 20.0 + n2,
                                                       "bottom": (top + length + 1) * 20.0 + n3},
                    st.integers(0, 2), st.integers(0, 3), st.integers(0, 2), _NUDGE, _NUDGE, _NUDGE)
_H_RULE = st.builds(lambda y, x0, length, n1, n2: {"top": y * 20.0 + n1, "x0": x0 * 40.0 + n2,
                                                  "x1": x0 * 40.0 + n2 + length * 40.0},
                    st.integers(0, 6), st.integers(0, 2), st.integers(0, 2), _NUDGE, _NUDGE)


@settings(max_examples=400, deadline=None)
@given(st.lists(_V_RULE, max_size=25), st.lists(_H_RULE, max_size=15), st.sampled_from([3.0, 1.0]))
def test_crossings_are_every_pair_of_rules_that_meet(v, h, tol):
    from reportparse.tables.grid import _crossings

    v = sorted(v, key=lambda e: e["x0"])
    every_pair = {(k, i) for k, e in enumerate(h) for i, r in enumerate(v)
                  if e["x0"] - tol <= r["x0"] <= e["x1"] + tol and r["top"] - tol <= e["top"] <= r["bottom"] + tol}
    found = list(_crossings(v, h, tol))
    assert len(found) == len(set(found))
    assert set(found) == every_pair


_EDGE = st.builds(
    lambda o, a, b, length, n1, n2: (
        {"orientation": "v", "object_type": "rect_edge", "x0": a * 10.0 + n1, "x1": a * 10.0 + n1,
         "top": b * 10.0 + n2, "bottom": b * 10.0 + n2 + length, "width": 0, "height": length, "doctop": b * 10.0 + n2}
        if o == "v" else
        {"orientation": "h", "object_type": "line", "x0": a * 10.0 + n1, "x1": a * 10.0 + n1 + length,
         "top": b * 10.0 + n2, "bottom": b * 10.0 + n2, "width": length, "height": 0, "doctop": b * 10.0 + n2,
         "y0": 800.0 - b * 10.0, "y1": 800.0 - b * 10.0}),
    st.sampled_from("vh"), st.integers(0, 6), st.integers(0, 6), st.sampled_from([0.2, 0.7, 3.0, 9.5, 10.1, 25.0]),
    st.sampled_from([0.0, 0.1, 1.0, 2.9, 3.0, 3.1, -2.0]), st.sampled_from([0.0, 0.1, 0.3, 2.5, 3.0, -3.0]))


def _v(x: float, top: float, length: float) -> dict:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": top + length, "width": 0, "height": length}


def _h(y: float, x0: float, length: float) -> dict:
    return {"orientation": "h", "x0": x0, "x1": x0 + length, "top": y, "bottom": y, "width": length, "height": 0}


@settings(max_examples=300, deadline=None)
@given(st.lists(_EDGE, max_size=30), st.sampled_from([(3, 3), (3, 0), (0, 0), (1.5, 2)]),
       st.sampled_from([(3, 3), (0, 3), (1, 0)]))
# values exactly a tolerance apart (one cluster: the chain takes <=); a rule extended whose height is not
# bottom - top in floating point (the height grows by the change of the bottom, as pdfplumber's does)
@example([_v(10.0, 0.0, 5.0), _v(13.0, 40.0, 5.0), _h(20.0, 0.0, 9.0), _h(23.0, 30.0, 9.0)], (3, 3), (3, 3))
@example([_v(5.0, 0.1, 0.2), _v(5.0, 0.3, 0.4), _v(5.0, 0.6, 0.1)], (3, 3), (3, 3))
def test_merge_edges_is_pdfplumbers(edges, snap, join):
    """Edges snapped and joined as pdfplumber's merge_edges does: the same coordinates, lengths and order."""
    from pdfplumber.table import merge_edges

    from reportparse.tables.grid import _merge_edges

    v = [e for e in edges if e["orientation"] == "v"]
    h = [e for e in edges if e["orientation"] == "h"]
    theirs = merge_edges(v + h, snap_x_tolerance=snap[0], snap_y_tolerance=snap[1], join_x_tolerance=join[0],
                         join_y_tolerance=join[1])
    keys = ("orientation", "x0", "x1", "top", "bottom", "width", "height")
    assert [[e[k] for k in keys] for e in _merge_edges(v, h, snap, join)] == [[e[k] for k in keys] for e in theirs]
