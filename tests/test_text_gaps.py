"""Text forms the samples did not cover: crawler text with a section heading lost, a dump's cell wrapped over
lines, tables printed with `` | `` between cells but no markdown rule line.

Built by tests/variants.py from the sample contents, so every cell's truth is known: a cell must come out
right, or null with a warning naming its row; never silently wrong.
"""

from __future__ import annotations

import pytest
from variants import (
    cell_errors,
    content,
    exact_cell_errors,
    make_forms,
    pdf_sample,
    render,
    render_pdf,
    with_heading,
)

import reportparse

AD = "active_disclosure"
NAMES = ("layout-word-2022", "format2019", "layout-gov-2024", "layout-wps-2023")


def _flat(text: str) -> str:
    return "".join(text.split())


# ------------------------------------------------------------------ tables printed with | between cells, no |---|
def _render_pipes(truth: dict, folder, outer: bool, headings: bool):
    """The report as text whose tables print `` | `` between cells (merged cells repeated), without the rule
    line markdown puts under a header; ``outer``: with the pipes at both ends of a row; ``headings``: with
    markdown's # before the title and the section headings (without them nothing else says markdown)."""
    out = []
    for kind, body in make_forms.blocks(truth):
        if kind == "table":
            for row in make_forms.expand(body):
                out.append(("| " + " | ".join(row) + " |") if outer else " | ".join(row))
            out.append("")
        else:
            mark = {"title": "# ", "heading": "## "}.get(kind, "") if headings else ""
            out += [mark + make_forms._para_text(body), ""]
    path = folder / "variant.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return reportparse.parse(path).to_dict()


@pytest.mark.parametrize("outer", [True, False], ids=["outer-pipes", "inner-pipes"])
@pytest.mark.parametrize("headings", [True, False], ids=["md-headings", "plain"])
@pytest.mark.parametrize("name", NAMES)
def test_pipe_table_without_a_rule_line(name, outer, headings, tmp_path):
    """``规章 | 2 | 1 | 14`` rows with no ``|---|`` under the header: read as tables, every cell right, and the
    sections' text without the tables' rows."""
    truth = content(name)
    record = _render_pipes(truth, tmp_path, outer, headings)
    assert exact_cell_errors(record, truth) == []
    got = {s["key"]: s for s in record["sections"]}
    for section in truth["sections"]:
        assert _flat(got[section["key"]]["text"]) == _flat(section["text"]), section["key"]


def test_lone_pipe_in_prose_is_not_a_table(tmp_path):
    """One line with a pipe in it (联系电话 | 传真) among prose is prose."""
    truth = content("layout-word-2022")
    truth["preamble"] = truth["preamble"] + ["联系电话：0571-12345678 | 传真：0571-87654321"]
    record = _render_pipes(truth, tmp_path, outer=False, headings=False)
    assert _flat(record["preamble"][-1]) == _flat(truth["preamble"][-1])
    assert exact_cell_errors(record, truth) == []


# ------------------------------------------------------------------ crawler text with a section heading lost
def _all_text(record_or_truth: dict) -> str:
    return _flat("".join(record_or_truth["preamble"])
                 + "".join(s["heading"] + s["text"] for s in record_or_truth["sections"]))


@pytest.mark.parametrize("form", ["crawl-glued.txt", "crawl-spaced.txt"])
@pytest.mark.parametrize("lost", [2, 3, 4, 5], ids=["no-二", "no-三", "no-四", "no-五"])
@pytest.mark.parametrize("name", NAMES)
def test_crawler_tables_found_without_their_heading(name, lost, form, tmp_path):
    """A one-line article whose 二、三、四 or 五 heading was lost: each table is found by its own header words,
    wherever it stands (run into the section before, or into the table before); the review table's values
    run into the next section's 2022年… are not taken for a year; no prose is lost with the tables."""
    truth = with_heading(content(name), lost, "")
    record, _ = render(truth, form, tmp_path)
    assert "table_missing" not in {w["code"] for w in record["warnings"]}
    assert cell_errors(record, truth) == []
    if form == "crawl-spaced.txt":
        assert exact_cell_errors(record, truth) == []
    assert _all_text(record) == _all_text(truth)


@pytest.mark.parametrize("dump", [True, False], ids=["dump", "pdf"])
@pytest.mark.parametrize("lost", [2, 3, 4], ids=["no-二", "no-三", "no-四"])
@pytest.mark.parametrize("name", ["layout-word-2022", "layout-wps-2023", "shapes-2019-shanghai"])
def test_pdf_tables_found_without_their_heading(name, lost, dump, tmp_path):
    """The same in a ``pdftotext -layout`` dump (a table under a lost heading is found from its header line on)
    and in the PDF (a ruled table's part on the next page, with no header words, goes on with the table
    before it, not with the one of the section whose heading was found last)."""
    sample = pdf_sample(name)
    sample["headings"] = {**sample["headings"], lost: ""}
    record, truth, _ = render_pdf(sample, tmp_path, dump=dump)
    assert "table_missing" not in {w["code"] for w in record["warnings"]}
    assert cell_errors(record, truth) == []


def test_a_year_after_a_run_is_not_a_cell():
    """``…1 1 5  2022年，…`` and ``…1152022年，…``: the run ends before the year; a year alone is prose."""
    from reportparse.tables.runs import segments

    assert segments("行政复议 4 2 1 1 8 3 1 1 1 6 2 1 1 1 5  2022年，我区") == [
        ("行政复议", "4 2 1 1 8 3 1 1 1 6 2 1 1 1 5"), ]
    assert segments("行政复议42118311162111152022年，我区") == [("行政复议", "4211831116211115")]
    assert segments("截至2022年，共3件") == []


# ------------------------------------------------------------------ crawler text with 一、 lost
@pytest.mark.parametrize("form", ["crawl-glued.txt", "crawl-spaced.txt"])
@pytest.mark.parametrize("name", NAMES)
def test_crawler_lost_overview_heading_keeps_the_overview_lead(name, form, tmp_path):
    """一、总体情况 not printed in a one-line article: the preamble and the overview's lead (2022年，某区…坚持…)
    stand in one piece; the lead is cut off after the last sentence saying what a preamble says."""
    truth = with_heading(content(name), 1, "")
    record, _ = render(truth, form, tmp_path)
    overview = next(s for s in truth["sections"] if s["number"] == 1)
    assert _flat("".join(record["preamble"])) == _flat("".join(truth["preamble"]))
    got = {s["key"]: s for s in record["sections"]}
    assert _flat(got["overview"]["text"]) == _flat(overview["text"])
    assert "section_heading_inferred" in {w["code"] for w in record["warnings"]}
    assert cell_errors(record, truth) == []


# ------------------------------------------------------------------ a dump's cell wrapped over lines
def _wrapped_cell_dump(tmp_path, shift: int = 0, overrides: dict | None = None):
    """The WPS sample as ``pdftotext -layout`` prints it: 行政规范性文件's 现行有效件数 22（其中修订16件） wraps,
    ``22（其中修订16`` on the line above the row, ``件）`` below; ``shift`` moves both parts that many characters
    left (off their column)."""
    sample = pdf_sample("layout-wps-2023")
    sample["overrides"] = {**sample["overrides"], **(overrides or {})}
    _, truth, path = render_pdf(sample, tmp_path, dump=True)
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.strip() == "22（其中修订16")
    assert lines[at + 2].strip() == "件）"
    for k in (at, at + 2):
        lines[k] = lines[k][shift:]
    path.write_text("\n".join(lines), encoding="utf-8")
    return reportparse.parse(path).to_dict(), truth


@pytest.mark.parametrize("other", [None, "3（其中修订2件）"], ids=["wrapped", "beside-a-noted-cell"])
def test_dump_cell_wrapped_over_lines_put_back_in_its_column(other, tmp_path):
    """The wrapped cell is put back in the column the header line's 现行有效件数 stands in, the row's other
    values in theirs: 3 1 22, the note kept."""
    cells = {(AD, "normative_documents", "issued"): (other, 3)} if other else {}
    record, truth = _wrapped_cell_dump(tmp_path, overrides=cells)
    assert exact_cell_errors(record, truth) == []
    assert record["cells"][AD]["normative_documents"]["in_force"]["note"] == "（其中修订16件）"
    assert "cell_count" not in {w["code"] for w in record["warnings"]}


@pytest.mark.parametrize("shift", [9, 18], ids=["between-columns", "under-another-value"])
def test_dump_wrapped_cell_off_its_column_is_null_with_a_warning(shift, tmp_path):
    """Where the wrapped cell stands between two columns, or in the column of a value the row prints, the
    layout does not say where it belongs: the row's cells are null, and a warning names the row."""
    record, truth = _wrapped_cell_dump(tmp_path, shift)
    row = record["tables"][AD]["normative_documents"]
    assert all(v in (None, truth["tables"][AD]["normative_documents"][c]) for c, v in row.items())
    assert cell_errors(record, truth) == []
    assert any("normative_documents" in w["message"] for w in record["warnings"])


@pytest.mark.parametrize("form", ["crawl-spaced.txt", "crawl-glued.txt"])
@pytest.mark.parametrize("name,key,printed,value", [
    ("layout-word-2022", ("active_disclosure", "fees", "amount_wan"), "2361800元", 236.18),
    ("format2019", ("active_disclosure", "procurement", "amount"), "65123700元", 6512.37),
])
def test_an_amount_printed_in_yuan_in_crawler_text_is_converted_and_said(name, key, printed, value, form, tmp_path):
    """A 万元 column's cell printed ``2361800元``: recorded as 236.18 with unit_converted, or null and named; the
    元 was dropped and 2361800 recorded as 万元 (ten thousand times the amount) without a word."""
    from variants import with_cells

    truth = with_cells(content(name), {key: (printed, value)})
    record, _ = render(truth, form, tmp_path)
    assert cell_errors(record, truth) == []
    got = record["tables"][key[0]][key[1]][key[2]]
    assert got in (value, None)
    if got is not None:
        assert any(w["code"] == "unit_converted" for w in record["warnings"])


def test_a_count_unit_after_a_spaced_row_keeps_the_row(tmp_path):
    """``行政许可 215 -3 18420件``: the 件 after the last cell does not make the row prose (it was read blank)."""
    from variants import with_cells

    key = ("active_disclosure", "licensing", "decisions")
    truth = with_cells(content("format2019"), {key: ("18420件", 18420)})
    record, _ = render(truth, "crawl-spaced.txt", tmp_path)
    assert exact_cell_errors(record, truth) == []
