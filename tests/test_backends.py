"""The pypdfium2 backend gives the records the pdfplumber backend gives (issue 9 item 1).

Every sample and corpus PDF, and PDFs generated here with the drawing habits real
reports have: ruled tables from lines, from stroked and from filled rectangles, white
boxes behind text (WPS), grey and CMYK rules, a table inside a form XObject, fake bold,
character spacing, a rotated page, a page whose MediaBox does not start at 0.
The records must be equal key for key, cell boxes included (they are rounded to 0.1 pt).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import reportparse
from reportparse.errors import ReportParseError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

ROWS = [("一、本年新收政府信息公开申请数量", [3, 1, 0, 0, 0, 0, 4]),
        ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
        ("（一）予以公开", [2, 1, 0, 0, 0, 0, 3]),
        ("（二）部分公开", [1, 0, 0, 0, 0, 0, 1])]
HEADER = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def outcome(path: Path, backend: str):
    try:
        return reportparse.parse(path, backend=backend).to_dict()
    except ReportParseError as e:
        return {"error": e.code}


def _body(c: canvas.Canvas, y: float, lines: list[str], size: float = 12) -> float:
    c.setFont(FONT, size)
    for line in lines:
        c.drawString(72, y, line)
        y -= size * 1.8
    return y


def _table(c: canvas.Canvas, top: float, style: str) -> None:
    """The applications table's first rows, ruled as ``style`` says."""
    widths = [170] + [45] * 7
    xs = [60]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top - 22 * i for i in range(len(ROWS) + 2)]
    if style == "white-boxes":  # WPS: a white box behind every cell's text, rules as thin black rectangles
        c.setFillColorRGB(1, 1, 1)
        for y0, y1 in zip(ys, ys[1:]):
            for x0, x1 in zip(xs, xs[1:]):
                c.rect(x0 + 1, y1 + 1, x1 - x0 - 2, y0 - y1 - 2, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        for y in ys:
            c.rect(xs[0], y - 0.25, xs[-1] - xs[0], 0.5, stroke=0, fill=1)
        for x in xs:
            c.rect(x - 0.25, ys[-1], 0.5, ys[0] - ys[-1], stroke=0, fill=1)
    elif style == "rects":  # every cell a stroked rectangle, grey rules
        c.setStrokeColorRGB(0.3, 0.3, 0.3)
        for y0, y1 in zip(ys, ys[1:]):
            for x0, x1 in zip(xs, xs[1:]):
                c.rect(x0, y1, x1 - x0, y0 - y1, stroke=1, fill=0)
    elif style == "cmyk":  # CMYK rules and a pale CMYK band under the header
        c.setFillColorCMYK(0.02, 0.02, 0.0, 0.0)
        c.rect(xs[0], ys[1], xs[-1] - xs[0], ys[0] - ys[1], stroke=0, fill=1)
        c.setStrokeColorCMYK(0, 0, 0, 1)
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[-1], x, ys[0])
    else:  # plain lines, one path per rule; the last row left open at the foot (a table cut by the page)
        for y in ys[:-1]:
            c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[-1] - 6, x, ys[0])
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 9)
    for x, text in zip(xs, HEADER):
        c.drawString(x + 2, ys[0] - 15, text)
    for (label, values), y in zip(ROWS, ys[1:]):
        c.drawString(xs[0] + 2, y - 15, label)
        for x, v in zip(xs[1:], values):
            c.drawString(x + 18, y - 15, str(v))


def _report(style: str, **kw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    if kw.get("rotate"):
        c.setPageRotation(90)
    if kw.get("mediabox"):
        c.setPageSize((A4[0] + 40, A4[1] + 40))
        c.translate(20, 20)
    c.setFont(FONT, 18)
    c.drawCentredString(A4[0] / 2, A4[1] - 80, "某县人民政府2023年政府信息公开工作年度报告")
    if kw.get("bold"):  # fake bold: the title drawn again, 0.3 pt to the right
        c.drawCentredString(A4[0] / 2 + 0.3, A4[1] - 80, "某县人民政府2023年政府信息公开工作年度报告")
    y = _body(c, A4[1] - 130, ["一、总体情况", "2023年，县政府认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务",
                                "公开工作，全年主动公开政府信息1234条。", "二、主动公开政府信息情况",
                                "三、收到和处理政府信息公开申请情况"])
    if kw.get("charspace"):
        t = c.beginText(72, y)
        t.setFont(FONT, 12)
        t.setCharSpace(0.8)
        t.textLine("本年度共收到申请4件，")
        t.textLine("办结4件。")
        c.drawText(t)
        y -= 40
    if kw.get("form"):
        c.beginForm("table")
        _table(c, y - 10, style)
        c.endForm()
        c.saveState()
        c.translate(0, 0)
        c.doForm("table")
        c.restoreState()
    else:
        _table(c, y - 10, style)
    c.showPage()
    _body(c, A4[1] - 100, ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                            "一是公开的及时性有待提高。", "六、其他需要报告的事项", "无。"])
    c.showPage()
    c.save()
    return buf.getvalue()


GENERATED = {
    "lines": dict(style="lines"),
    "white-boxes": dict(style="white-boxes", bold=True),
    "rects": dict(style="rects", charspace=True),
    "cmyk": dict(style="cmyk"),
    "form": dict(style="lines", form=True),
    "rotated": dict(style="rects", rotate=True),
    "mediabox": dict(style="white-boxes", mediabox=True),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_pdfs_give_the_same_record(name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_report(**GENERATED[name]))
    plumber, pdfium = outcome(path, "pdfplumber"), outcome(path, "pdfium")
    assert pdfium == plumber
    if name != "rotated":
        assert "error" not in pdfium and pdfium["tables"]["applications"]["new"]["total"] == 4


def _real_pdfs() -> list[Path]:
    return sorted((ROOT / "samples").glob("*.pdf")) + sorted(CORPUS.glob("*.pdf"))


@pytest.mark.parametrize("path", _real_pdfs(), ids=lambda p: p.name)
def test_sample_and_corpus_pdfs_give_the_same_record(path):
    assert outcome(path, "pdfium") == outcome(path, "pdfplumber")


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_the_pdfium_characters_are_pdfminers(name, tmp_path):
    """Below the records: every character's text and box within 0.01 pt, and every rule (rotated pages too)."""
    import pdfplumber

    from reportparse.layout import dedupe_chars
    from reportparse.readers import pdfium

    path = tmp_path / "chars.pdf"
    path.write_bytes(_report(**GENERATED[name]))
    doc = pdfium.open_document(path.read_bytes(), path)
    try:
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages):
                mine = pdfium.read_page(doc, i)
                key = lambda c: (round(c["top"], 1), round(c["x0"], 1), c["text"])  # noqa: E731
                # pdfium's text page drops a fake-bold copy itself; dedupe_chars drops it from pdfminer's
                theirs = sorted(dedupe_chars(page.chars), key=key)
                ours = sorted(dedupe_chars(mine.chars), key=key)
                if mine.lost:  # a glyph pdfium's text page dropped: that page is read by pdfminer
                    continue
                assert [c["text"] for c in ours] == [c["text"] for c in theirs]
                for a, b in zip(theirs, ours):
                    assert all(abs(a[k] - b[k]) < 0.01 for k in ("x0", "x1", "top", "bottom", "size")), (a, b)
                for kind in ("lines", "rects", "curves"):
                    assert len(getattr(mine, kind)) == len(getattr(page, kind))
                    for a, b in zip(getattr(page, kind), getattr(mine, kind)):
                        assert all(abs(a[k] - b[k]) < 0.01 for k in ("x0", "x1", "top", "bottom"))
                        assert (a["fill"], a["stroke"]) == (b["fill"], b["stroke"])
    finally:
        pdfium.close_document(doc)


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="backend"):
        reportparse.parse(ROOT / "samples" / "layout-wps-2023.pdf", backend="mupdf")


def _pdf_pages():
    import pdfplumber

    for path in _real_pdfs():
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                yield path.name, page


def test_the_table_finder_is_pdfplumbers():
    """grid.table_cells (pdfplumber's TableFinder with its quadratic steps indexed) finds the same cells."""
    from pdfplumber.table import TableFinder
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    from reportparse.tables.grid import _TABLE_SETTINGS, _is_background, _open_ends, table_cells

    class Edges:
        def __init__(self, edges, bbox):
            self.edges, self.bbox = edges, bbox

    checked = 0
    for name, page in _pdf_pages():
        edges = ([line_to_edge(o) for o in page.lines]
                 + [e for o in page.rects if not _is_background(o) for e in rect_to_edges(o)]
                 + [e for o in page.curves for e in curve_to_edges(o)])
        settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=_open_ends(edges))
        theirs = [t.cells for t in TableFinder(Edges(edges, page.bbox), settings).tables]
        assert table_cells(edges, settings) == theirs, name
        checked += bool(theirs)
    assert checked >= 5


def test_the_edges_and_settings_are_pdfplumbers():
    """grid's own copies of pdfplumber's edge helpers and TableSettings.resolve give what pdfplumber's do,
    on every object of every real page (grid does not import pdfplumber: its import is slow)."""
    import dataclasses

    from pdfplumber.table import TableSettings
    from pdfplumber.utils import curve_to_edges, filter_edges, line_to_edge, obj_to_edges, rect_to_edges

    from reportparse.tables import grid

    theirs = TableSettings.resolve(grid._TABLE_SETTINGS)
    ours = grid._resolve(grid._TABLE_SETTINGS)
    assert ours == {k: getattr(theirs, k) for k in ours}
    assert grid._resolve({"snap_tolerance": 2, "join_y_tolerance": 5}) == {
        k: getattr(TableSettings.resolve({"snap_tolerance": 2, "join_y_tolerance": 5}), k) for k in ours}
    assert {f.name for f in dataclasses.fields(theirs)} >= set(ours)
    seen = {"line": 0, "rect": 0, "curve": 0}
    for _, page in _pdf_pages():
        edges = []
        for objs, mine, pdfplumbers in ((page.lines, grid._line_to_edge, line_to_edge),
                                        (page.rects, grid._rect_to_edges, rect_to_edges),
                                        (page.curves, grid._curve_to_edges, curve_to_edges)):
            for o in objs:
                assert mine(o) == pdfplumbers(o)
                assert grid._obj_to_edges(o) == obj_to_edges(o)
                seen[o["object_type"]] += 1
                edges += obj_to_edges(o)
        for orientation in "vh":
            for n in (1, 3):
                assert grid._filter_edges(edges, orientation, n) == filter_edges(edges, orientation, min_length=n)
    assert seen["line"] and seen["rect"]
    curve = {"object_type": "curve", "pts": [(1, 2), (1, 9), (7, 9), (3, 4)], "top": 2, "doctop": 802}
    assert grid._curve_to_edges(curve) == curve_to_edges(curve) and len(curve_to_edges(curve)) == 3


def test_cell_text_is_the_text_of_the_cells_lines():
    """grid.cell_text == the joined text of layout.chars_to_lines, on every character band of every page."""
    from reportparse.layout import chars_to_lines, dedupe_chars
    from reportparse.normalize import close_cjk_spaces
    from reportparse.tables.grid import cell_text

    for name, page in _pdf_pages():
        chars = dedupe_chars(page.chars)
        for top in range(0, int(page.height), 15):  # bands of the page, cut across lines and cells alike
            for left in (0, 150, 300):
                own = [c for c in chars if top <= c["top"] < top + 40 and left <= c["x0"] < left + 200]
                if own:
                    lines = chars_to_lines(own, 1)
                    assert cell_text(own) == close_cjk_spaces("".join(ln.text for ln in lines)), (name, top, left)


def test_pdfminer_characters_only_are_pdfplumbers_characters():
    """The pdfium backend's fallback for a page whose text pdfium dropped reads pdfminer's characters alone."""
    import pdfplumber

    from reportparse.readers.pdf import _PlumberPage

    keys = ("text", "x0", "x1", "top", "bottom", "size", "fontname")
    for path in _real_pdfs():
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages):
                theirs = [{k: c[k] for k in keys} for c in page.chars]
                assert _PlumberPage(pdf.pages[i], i + 1).chars_only() == theirs, (path.name, i + 1)
