"""Word files saved as text, one table cell to a line: LibreOffice's ``--convert-to txt`` (samples/officetext/,
made by samples/make_office.py) and docx2txt's way (the ``cells.txt`` form of make_forms.py).

A blank cell is an empty line there, and so is each cell a vertical merge continues; docx2txt also puts an
empty line after every paragraph.  Read as lines, the empty ones said nothing: a row of table 三 printed
``9 0 _ _ _ 0 9`` read as four values for seven cells (null), every row's total was dropped as a running
footer, and runs of empty lines made pages of a file that has none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from truth import cell_differences, identity_differences, parsed_case, section_differences

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASES = [(SAMPLES / "officetext", t.name) for t in sorted((SAMPLES / "officetext").glob("*.truth.json"))]
CASES += [(SAMPLES / "forms", t.name) for t in sorted((SAMPLES / "forms").glob("*.cells.txt.truth.json"))]


def test_both_kinds_are_here():
    assert len([c for c in CASES if c[0].name == "officetext"]) >= 2
    assert len([c for c in CASES if c[0].name == "forms"]) >= 2


@pytest.mark.parametrize(("folder", "name"), CASES, ids=[name for _, name in CASES])
def test_every_cell_blank_ones_in_their_place(folder, name):
    record, truth = parsed_case(folder, name)
    assert cell_differences(record, truth) == []
    assert identity_differences(record, truth) == []
    assert section_differences(record, truth) == []
    assert record["source"]["pages"] is None
    assert not {w["code"] for w in record["warnings"]} & {"rows_missing", "cells_unplaced", "table_own_shape"}


def test_a_row_with_blank_cells_is_one_line_of_seven_cells():
    from reportparse.readers.text import _blank_cells_kept

    head = "\n".join(["申请人情况", "自然人", "总计"] * 7)  # enough lines to be a table's dump
    rows = "1.属于国家秘密\n9\n0\n\n\n\n0\n9\n2.其他法律行政法规禁止公开\n4\n1\n\n\n\n0\n5\n"
    kept = _blank_cells_kept(head + "\n" + rows).split("\n")
    assert "1.属于国家秘密\t9\t0\t\t\t\t0\t9" in kept and "2.其他法律行政法规禁止公开\t4\t1\t\t\t\t0\t5" in kept
    # a paragraph followed by numbers on lines of their own is no row: seven cells, the last printed, or nothing
    prose = head + "\n一、总体情况\n12\n\n\n\n\n\n\n二、主动公开政府信息情况\n"
    assert _blank_cells_kept(prose) == prose
