"""PDF text dumps: the frozen set of samples/make_dumps.py against their truth.

Every sample PDF with a truth, as the text a user gets from it with pypdfium2 (pages joined by form feeds,
running headers after the body) and with pdfplumber (pages run together, blank cells leaving no trace).
No value may be wrong: each cell is the truth's, or null with a warning that names its row (a dump does not
show which cells of a row short of values are blank).  Agency, year, template, title, region and format are
the truth's, the failed checks exactly its broken relations, and every section's text and heading, the
preamble and the signature are the truth's (whitespace aside: the dump's line breaks are not the page's).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from truth import (
    broken_rules,
    cell_differences,
    failed_rules,
    identity_differences,
    parsed_case,
    section_differences,
)
from fonts import needs_sample_font

ROOT = Path(__file__).resolve().parents[1]
DUMPS = ROOT / "samples" / "dumps"
TRUTHS = sorted(DUMPS.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))

pytestmark = pytest.mark.skipif(not TRUTHS, reason="no samples/dumps: python samples/make_dumps.py")

# the warnings that say a row's cells were left null: the values it names could not be put in their columns
NULLED = {"cells_ambiguous", "cells_unplaced", "cell_count", "rows_missing", "values_unclaimed"}


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    return parsed_case(DUMPS, request.param)


def test_the_set_has_both_dumps_of_every_sample_pdf():
    names = {t.name.removesuffix(".truth.json") for t in TRUTHS}
    stems = {n.split(".")[0] for n in names}
    kinds = ("pdfium", "pdfplumber", "pdftotext-layout", "pdftotext")
    assert names == {f"{s}.{kind}.txt" for s in stems for kind in kinds}
    assert {"layout-word-2022", "shapes-2019-shanghai", "random-215-2020"} <= stems


def unflagged_differences(record: dict, truth: dict) -> list[str]:
    """The cells that differ from the truth other than as null under a warning naming their row or table."""
    flagged = {w["message"].split(":")[0] for w in record["warnings"] if w["code"] in NULLED}
    wrong = []
    for diff in cell_differences(record, truth):
        where = diff.split(":")[0]
        table, row = (where.split(".") + [""])[:2]
        if diff.endswith("got None") and ({where, f"{table}.{row}", table} & flagged):
            continue
        wrong.append(diff)
    return wrong


def test_no_wrong_value(case):
    """Cells right or flagged null; agency, year, template, title, region, format, id; the broken relations."""
    record, truth = case
    assert unflagged_differences(record, truth) == []
    assert identity_differences(record, truth) == []
    if {w["code"] for w in record["warnings"]} & NULLED:  # a relation over cells left null cannot be checked
        assert failed_rules(record) <= broken_rules(truth)
    else:
        assert failed_rules(record) == broken_rules(truth)


def test_text(case):
    """Exact text; but plain ``pdftotext``'s dumps, whose tables are cut into single cells and read in part: the
    cells not read stay in their section's text there, so only its paragraphs outside the tables are held to
    the truth (the headings, the preamble, the signature)."""
    record, truth = case
    if truth["file"].endswith(".pdftotext.txt"):
        assert {s["key"]: s["heading"] for s in record["sections"]} == {s["key"]: s["heading"] for s in truth["sections"]}
        got = {s["key"]: "".join(s["text"].split()) for s in record["sections"]}
        for section in truth["sections"]:
            if section["key"] not in ("active_disclosure", "applications", "review_litigation"):
                assert got[section["key"]] == "".join(section["text"].split()), section["key"]
        return
    assert section_differences(record, truth) == []
    headings = {s["key"]: s["heading"] for s in record["sections"]}
    assert headings == {s["key"]: s["heading"] for s in truth["sections"]}
    assert "".join("".join(record["preamble"]).split()) == "".join("".join(truth["preamble"]).split())
    if truth.get("signed"):
        assert (record.get("signed"), record.get("published")) == (truth["signed"], truth["published"])


@needs_sample_font
@pytest.mark.parametrize("stem", ["layout-wps-2023", "random-219-2021"])
def test_the_script_writes_these_bytes(stem, tmp_path):
    """The samples are the script's output: dumping the PDF again gives the committed bytes."""
    import make_dumps

    pdf, truth = next((p, t) for p, t in make_dumps.sources() if p.stem == stem)
    # pypdfium2's and pdfplumber's come with the package; pdftotext's with whatever poppler the machine has
    written = [n for n in make_dumps.write(pdf, truth, tmp_path) if ".pdftotext" not in n]
    for name in [*written, *(f"{n}.truth.json" for n in written)]:
        assert (tmp_path / name).read_bytes() == (DUMPS / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(t.name for t in TRUTHS if ".pdftotext-layout." in t.name))
def test_a_dump_that_kept_the_pages_columns_reads_every_cell(name):
    """``pdftotext -layout`` keeps each page's columns with spaces, so a row printed with blank cells shows where
    they are.  It lays each page out on its own: a table run across pages stands in other columns on each
    (random-215-2020's applications table: every row of its second page was left null as unplaceable), and a
    running header followed by blank lines is still a header (it ran into the paragraphs)."""
    record, truth = parsed_case(DUMPS, name)
    assert cell_differences(record, truth) == []
    assert not {w["code"] for w in record["warnings"]} & NULLED


IN_ORDER = ("layout-word-2022", "random-217-2021", "random-413-2022")  # every cell printed, the relations kept


@pytest.mark.parametrize("stem", IN_ORDER)
def test_a_table_dumped_cell_by_cell_is_read_in_the_templates_order(stem):
    """Plain ``pdftotext`` prints a table cell by cell, a run of row labels, then the numbers of several rows,
    then labels again: read by its labels, most of table 三's rows were missing.  Where the numbers are exactly
    the table's, seven to a row, and every row's total and the table's relations hold, they are its rows in
    the template's order, said by ``cells_in_order``; the table's labels leave the section's text."""
    record, truth = parsed_case(DUMPS, f"{stem}.pdftotext.txt.truth.json")
    assert cell_differences(record, truth) == []
    assert "cells_in_order" in {w["code"] for w in record["warnings"]}
    assert [d for d in section_differences(record, truth) if d.startswith("section applications")] == []


def test_numbers_that_break_the_tables_relations_are_not_read_in_order():
    """random-225-2020 breaks three of its own relations: its numbers cannot be shown to be its rows in order,
    so they are not taken so (the rows its labels do not give stay null, said by ``rows_missing``)."""
    record, truth = parsed_case(DUMPS, "random-225-2020.pdftotext.txt.truth.json")
    codes = {w["code"] for w in record["warnings"]}
    assert "cells_in_order" not in codes and "rows_missing" in codes
    assert broken_rules(truth)


def test_a_blank_cell_keeps_a_table_from_being_read_in_order():
    """A blank cell leaves no trace in such a dump: seven numbers to a row no longer hold, nothing is read so."""
    from reportparse import templates
    from reportparse.model import Line
    from reportparse.tables.text import rows_in_order

    table = templates.load("2021")["tables"]["applications"]
    keys = [r["key"] for r in table["rows"] if r["key"] != "other_total"]
    rows = {k: [0] * 7 for k in keys}
    for k, v in (("new", 3), ("granted", 2), ("unprocessed_repeat", 1), ("results_total", 3)):
        rows[k] = [v, 0, 0, 0, 0, 0, v]
    numbers = [str(v) for k in keys for v in rows[k]]

    def dump(tokens):
        texts = ["申请人情况", "自然人", "法人或其他组织", "总计", *tokens, "一、本年新收政府信息公开申请数量"]
        return [Line(text=t, page=1, x0=0, x1=len(t), top=i, bottom=i + 1) for i, t in enumerate(texts)]

    read = rows_in_order(dump(numbers), table)
    assert read is not None
    assert [c for c, _ in read[0][2].cells] == ["（一）予以公开", "2", "0", "0", "0", "0", "0", "2"]
    assert rows_in_order(dump(numbers[:-1]), table) is None  # one cell blank
    swapped = numbers[:]
    swapped[14], swapped[15] = swapped[15], swapped[14]  # granted's 2 moved a column: its total holds, 三's do not
    assert rows_in_order(dump(swapped), table) is None


def test_a_page_of_the_table_with_one_row_printed_in_full_is_laid_out_by_it():
    """pdftotext -layout lays each page out on its own; a table's last page may print only one row in full (四、结转
    下年度继续办理 under rows with blank cells): that row sets the page's columns, in the table's measure."""
    from reportparse.layout import text_to_lines
    from reportparse.tables.text import Layout

    def row(label, values, at):  # the values right-aligned at the columns ``at`` (a blank: spaces)
        text = label
        for value, end in zip(values, at):
            text = text.ljust(end - len(value)) + value
        return text

    first = [row("一、本年新收政府信息公开申请数量", ["60", "0", "0", "0", "7", "6", "73"], range(22, 50, 4)),
             row("二、上年结转政府信息公开申请数量", ["0", "0", "0", "0", "0", "1", "1"], range(22, 50, 4))]
    at = range(30, 65, 5)  # the second page's columns, further right
    second = [row("  （七）总计", ["60", "0", "0", "", "6", "7", "73"], at),
              row("四、结转下年度继续办理", ["0", "0", "0", "0", "1", "0", "1"], at)]
    lines = text_to_lines("\n".join(first) + "\n\f" + "\n".join(second) + "\n")
    assert [ln.page for ln in lines] == [1, 1, 2, 2]
    assert Layout(lines).place(lines[2], 6) == ["60", "0", "0", "", "6", "7", "73"]
