"""What the next report may do differently from the samples: each variant in every form it can be printed in.

The variants are built by tests/variants.py from the sample contents (so their truth is known cell by
cell) and changed the way real reports differ (../shared/spec/field-notes.md).  A cell must come out
right, or null with a warning naming its row; never silently wrong, never a crash.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from variants import (
    FORMS,
    UNSPACED,
    cell_errors,
    content,
    exact_cell_errors,
    make_forms,
    pdf_sample,
    render,
    render_pdf,
    render_rows_text,
    render_split,
    with_cells,
    with_heading,
)

AD, APPS = "active_disclosure", "applications"


# ------------------------------------------------------------------ cells printed the way some reports print them
def _printed_cells_2021() -> dict:
    truth = content("layout-word-2022")
    granted = truth["tables"][APPS]["granted"]["natural_person"]
    return with_cells(truth, {
        (AD, "licensing", "decisions"): ("1,234", 1234),  # a thousands separator
        (AD, "penalty", "decisions"): ("１２", 12),  # full-width digits
        (AD, "normative_documents", "in_force"): ("55（含自然失效29件）", 55),  # a note inside the cell
        (AD, "fees", "amount_wan"): ("0.00", 0),
        (APPS, "granted", "natural_person"): (f"{granted}（含转办2件）", granted),
        (APPS, "denied_inquiry", "total"): ("０", 0),
    })


def _printed_cells_2019() -> dict:
    return with_cells(content("format2019"), {
        (AD, "licensing", "change"): ("－3", -3),  # a full-width minus
        (AD, "other_services", "change"): ("+2", 2),  # a signed increase
        (AD, "licensing", "decisions"): ("18,420", 18420),
        (AD, "procurement", "amount"): ("6,512.37", 6512.37),
    })


def _null_marks() -> dict:
    """A row of counts printed with null marks among glued digits (— / 无), as an agency that has none prints."""
    return with_cells(content("layout-word-2022"), {
        (APPS, "denied_state_secret", "commercial"): ("/", None),
        (APPS, "denied_state_secret", "research"): ("—", None),
        (APPS, "denied_state_secret", "public_interest"): ("无", None),
        (AD, "regulations", "issued"): ("—", None),
        (AD, "regulations", "repealed"): ("-", None),
        (AD, "regulations", "in_force"): ("无", None),
    })


CELL_VARIANTS = {"cells-2021": _printed_cells_2021, "cells-2019": _printed_cells_2019, "null-marks": _null_marks}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", sorted(CELL_VARIANTS))
def test_printed_cells_right_or_flagged(variant, form, tmp_path):
    """Thousands separators, full-width digits and signs, notes in cells, null marks: never a crash, never a
    silently wrong number; where the cells are separated (every form but glued crawler text), every one right."""
    truth = CELL_VARIANTS[variant]()
    record, _ = render(truth, form, tmp_path)
    assert cell_errors(record, truth) == []
    if form not in UNSPACED:
        assert exact_cell_errors(record, truth) == []


def test_note_in_a_cell_kept_as_its_note(tmp_path):
    truth = _printed_cells_2021()
    for form in ("crawl-spaced.txt", "html"):
        record, _ = render(truth, form, tmp_path)
        cell = record["cells"][APPS]["granted"]["natural_person"]
        assert cell["note"] == "（含转办2件）", form
        assert record["cells"][AD]["licensing"]["decisions"]["raw"] == "1,234", form


# ------------------------------------------------------------------ headings
def _flat(text: str) -> str:
    return "".join(text.split())


def _sections(record: dict) -> dict[str, dict]:
    return {s["key"]: s for s in record["sections"]}


@pytest.mark.parametrize("form", ["pdf", "html", "docx", "gbk.html", "md"])
def test_lost_overview_heading_keeps_the_overview_lead(form, tmp_path):
    """一、总体情况 not printed (a badly extracted report): section 一 is found by its （一）, and the paragraph
    before that (2022年，某区…坚持…) is still the overview's, not the preamble's."""
    if form == "pdf":
        sample = pdf_sample("layout-word-2022")
        sample["headings"] = {**sample["headings"], 1: ""}
        record, truth, _ = render_pdf(sample, tmp_path)
    else:
        truth = with_heading(content("layout-word-2022"), 1, "")
        record, _ = render(truth, form, tmp_path)
    overview = next(s for s in truth["sections"] if s["number"] == 1)
    assert [_flat(p) for p in record["preamble"]] == [_flat(p) for p in truth["preamble"]]
    assert _flat(_sections(record)["overview"]["text"]) == _flat(overview["text"])
    assert "section_heading_inferred" in {w["code"] for w in record["warnings"]}
    assert exact_cell_errors(record, truth) == []


@pytest.mark.parametrize("heading", ["四、因政府信息公开工作被申请行政复议提起行政诉讼情况",  # 26: full width after the indent
                                     "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"],  # 27: past the margin
                         ids=["full-width", "past-the-margin"])
def test_heading_as_wide_as_the_text_block_stands_alone(heading, tmp_path):
    """A section heading that fills its line, with a lead sentence under it: the heading must not be read as
    the first line of that sentence's paragraph (the section would be lost into the one before)."""
    sample = pdf_sample("shapes-2019-shanghai")
    sample["style"] = replace(sample["style"], heading_wrap=False)
    sample["headings"] = {**sample["headings"], 4: heading}
    record, truth, _ = render_pdf(sample, tmp_path)
    got = _sections(record)
    assert got["review_litigation"]["heading"] == heading
    for section in truth["sections"]:
        assert _flat(got[section["key"]]["text"]) == _flat(section["text"]), section["key"]
    assert exact_cell_errors(record, truth) == []
    assert not {w["code"] for w in record["warnings"]} & {"section_missing", "section_heading_inferred"}


# ------------------------------------------------------------------ text dumps of PDFs (pdftotext -layout)
def test_dump_group_label_beside_a_wrapped_row_label(tmp_path):
    """（六）其他处理 printed over three lines in its own column, beside a sub-row label wrapped over three lines
    (2.申请人逾期未按收费通知要求缴纳 / 费用、行政机关… / 公开申请): the group label's middle line must not be
    taken for the row's label."""
    sample = pdf_sample("layout-wps-2023")
    record, truth, _ = render_pdf(sample, tmp_path, dump=True)
    apps = truth["tables"][APPS]
    for key in ("other_no_correction", "other_unpaid_fee", "other_other"):
        assert record["tables"][APPS][key] == apps[key], key
    assert "row_unmatched" not in {w["code"] for w in record["warnings"]}
    assert cell_errors(record, truth) == []


def test_dump_row_with_a_blank_cell_is_not_shifted_left(tmp_path):
    """行政规范性文件 with 本年废止件数 blank: a dump shows two numbers for three columns and nothing says which
    column is blank, so no number may move into the blank one's column; the row is null and says so."""
    sample = pdf_sample("layout-word-2022")
    sample["overrides"] = {(AD, "normative_documents", "repealed"): ("", None)}
    record, truth, _ = render_pdf(sample, tmp_path, dump=True)
    row = record["tables"][AD]["normative_documents"]
    for col, value in row.items():
        assert value in (None, truth["tables"][AD]["normative_documents"][col]), col
    if any(v is None for v in row.values()):
        assert any(w["code"] == "cell_count" and "normative_documents" in w["message"] for w in record["warnings"])
    assert cell_errors(record, truth) == []


# ------------------------------------------------------------------ a table cut in two (a page break pasted into a web page)
def _cut_points() -> list[tuple[str, int, int]]:
    """(content, section, row) cuts: before the last row of table 三 (it then stands alone), inside the
    merged 三、本年度办理结果 and （四）无法提供 cells, before the last row of table 二, before the review
    table's value row."""
    out = []
    for name in ("layout-word-2022", "format2019"):
        truth = content(name)
        apps = make_forms.applications_grid(truth)
        out += [(name, 3, len(apps) - 1), (name, 3, 12), (name, 3, 16),
                (name, 2, len(make_forms.active_disclosure_grid(truth)) - 1), (name, 4, 3)]
    return out


@pytest.mark.parametrize("form", ["html", "gbk.html", "docx", "html-tables.md", "md"])
@pytest.mark.parametrize("header", [0, 2], ids=["no-header", "header-repeated"])
@pytest.mark.parametrize(("name", "section", "at"), _cut_points())
def test_table_cut_in_two_reads_as_one(name, section, at, header, form, tmp_path):
    """A table printed as two, cut before any row (merged cells cut with it; the header repeated on the second
    part or not): every cell right, including a last row that stands alone as a one-row table."""
    truth = content(name)
    record, _ = render_split(truth, form, tmp_path, section, at, header if at > header else 0)
    assert exact_cell_errors(record, truth) == []


# ------------------------------------------------------------------ tables copied as text, a row a line
@pytest.mark.parametrize("sep", ["\t", " "], ids=["tabs", "spaces"])
@pytest.mark.parametrize("spans", [False, True], ids=["merged-once", "merged-per-column"])
@pytest.mark.parametrize("name", ["layout-word-2022", "format2019", "layout-gov-2024"])
def test_table_copied_a_row_a_line(name, sep, spans, tmp_path):
    """Text copied from a web page: a row a line.  A row that prints a group label beside its own label
    ((六)其他处理  1.申请人…  7 1 1 1 1 1 12) is one row, not a whole table run together; tabs keep blank
    cells (9 0 _ _ _ 0 9), spaces lose them (null with a warning, never shifted)."""
    truth = content(name)
    record, _ = render_rows_text(truth, tmp_path, sep, spans)
    assert cell_errors(record, truth) == []
    if sep == "\t" or name != "layout-gov-2024":  # only the spaced copy of a table with blank cells loses them
        wrong = [d for d in exact_cell_errors(record, truth) if not d.startswith(f"{AD}.regulations:")]
        assert wrong == []  # (规章 printed all blank leaves no row at all: null either way, rows_missing says so)
