"""Web pages from publishers the TRS and GBK samples do not cover: samples/make_web.py's pages against their truth.

A WeChat article (``<section>``/``<span>`` markup, 点击蓝字 关注我们, END, credits and 往期推荐 links naming
last year's report), a CMS page (``<th>`` heads, ``<p><span>`` cells, a table cut in two by an ``<hr>`` or a
page-break ``<div>`` and 续表), tables drawn with ``<div>``s (``display:table`` by class, a CSS grid with spans)
and a page laid out as one big table.  Each must read as its truth: agency, year, every cell, the text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from truth import reading_differences

import reportparse
from reportparse.inputs import Source
from reportparse.readers.html import read_html

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "samples" / "web"
TRUTHS = sorted(WEB.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = json.loads((WEB / request.param).read_text(encoding="utf-8"))
    return reportparse.parse(WEB / truth["file"]).to_dict(), truth


def test_every_shape_is_sampled():
    shapes = {t.name.split(".", 1)[1].removesuffix(".html.truth.json") for t in TRUTHS}
    assert shapes == {"wechat", "cms-hr", "cms-pagebreak", "divtable", "divgrid", "layout"}


def test_reads_as_its_truth(case):
    record, truth = case
    assert reading_differences(record, truth) == []


def test_no_cell_guessed(case):
    record, _ = case
    assert not [w for w in record["warnings"] if w["code"] in ("cells_ambiguous", "rows_missing", "table_missing")]


def test_the_samples_are_current():
    """make_web.py writes the same bytes as are checked in (the truths hold their sha256)."""
    import make_web

    for t in TRUTHS:
        truth = json.loads(t.read_text(encoding="utf-8"))
        stem, form = truth["file"].split(".", 1)
        assert make_web.FORMS[form](make_web._content(stem)) == (WEB / truth["file"]).read_bytes(), truth["file"]


def _read(page: str):
    return read_html(Source(path=Path("page.html"), data=page.encode("utf-8"), sha256="0" * 64, format="html"))


def _matrix(grid) -> dict[tuple[int, int], str]:
    return {(c.r0, c.c0): c.text for c in grid.cells}


def test_css_grid_places_spanning_cells_as_a_browser_does():
    page = ('<div style="display:grid;grid-template-columns:repeat(2, 80px) 1fr">'
            '<div style="grid-row:span 2">三、结果</div><div style="grid-column: 2 / span 2">（一）予以公开</div>'
            '<div>（二）</div><div>5</div><div>合计</div><div>7</div><div>8</div></div>')
    grid, = _read(page).grids
    assert _matrix(grid) == {(0, 0): "三、结果", (0, 1): "（一）予以公开", (1, 1): "（二）", (1, 2): "5",
                             (2, 0): "合计", (2, 1): "7", (2, 2): "8"}
    assert (grid.n_rows, grid.n_cols) == (3, 3)


def test_div_rows_by_stylesheet_class_are_a_grid():
    page = ('<style>.t .r { display: table-row } .t .c { display: table-cell }</style>'
            '<div class="t"><div class="r"><div class="c">规章</div><div class="c">3</div></div>'
            '<div class="r"><div class="c">行政许可</div><div class="c">&nbsp;</div></div></div>')
    grid, = _read(page).grids
    assert _matrix(grid) == {(0, 0): "规章", (0, 1): "3", (1, 0): "行政许可", (1, 1): ""}


def test_layout_divs_stay_text():
    """Flex rows of words (a menu, an info line) and rows of long text are no table."""
    page = ('<div><div style="display:flex"><span>首页</span><span>政务公开</span></div>'
            '<div style="display:flex"><span>发布日期：2024-01-02</span><span>来源：某局</span></div></div>'
            '<div class="row"><div class="col">' + "本机关认真贯彻落实条例要求，" * 20 + '</div><div class="col">12</div></div>'
            '<div class="row"><div class="col">甲</div><div class="col">3</div></div>')
    doc = _read(page)
    assert doc.grids == []
    assert any("贯彻落实" in ln.text for ln in doc.lines)


def test_wechat_chrome_and_more_links_are_not_report_text():
    page = ('<div id="js_content"><section><span>点击蓝字</span><span>关注我们</span></section>'
            '<p>一、总体情况</p><p>正文。</p><p>六、其他需要报告的事项</p><p>无。</p><p>附件：<a href="a.xls">统计表</a></p>'
            '<p>END</p><p>编辑：李明 审核：王芳</p><p>往期推荐</p><p><a href="/s?1">某局2022年政府信息公开工作年度报告</a></p></div>')
    texts = [ln.text for ln in _read(page).lines]
    assert texts == ["一、总体情况", "正文。", "六、其他需要报告的事项", "无。", "附件：统计表"]
