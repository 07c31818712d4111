"""PDF tables ruled only in part, as real producers print them (samples/unruled/, made by
samples/make_unruled.py): a three-line table (三线表), rules between the rows only, no rules at all, and
every inner rule without the outer frame.

Every cell is the truth's or null with a warning naming its row (never a wrong number); both PDF backends
give the same record; a row label wrapped over two lines around its numbers reads as printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import reportparse
from reportparse.layout import line_runs, run_text

ROOT = Path(__file__).resolve().parents[1]
UNRULED = ROOT / "samples" / "unruled"
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "samples"))
from truth import cell_differences, section_differences  # noqa: E402
from variants import cell_errors  # noqa: E402

NAMES = ["threeline-gov-2024", "hrules-word-2022", "norules-jinjiang-2022", "noframe-gov-2024", "noframe-random-2022",
         "noframe-random-2020", "norules-random-2021", "hrules-random-2024", "threeline-random-2025",
         "noframe-random-2024"]
# applications rows printed with a value in every column: no blank cell for the layout to place
FULL_ROWS = ["new", "carried_over", "granted", "partially_granted", "other_total", "results_total", "carried_forward"]


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[dict, dict]]:
    out = {}
    for name in NAMES:
        truth = json.loads((UNRULED / f"{name}.truth.json").read_text(encoding="utf-8"))
        out[name] = (reportparse.parse(UNRULED / f"{name}.pdf").to_dict(), truth)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_no_cell_is_wrong_without_a_warning(parsed, name):
    record, truth = parsed[name]
    assert cell_errors(record, truth) == []


@pytest.mark.parametrize("name", NAMES)
def test_both_backends_give_the_same_record(parsed, name):
    record, _ = parsed[name]
    other = reportparse.parse(UNRULED / f"{name}.pdf", backend="pdfplumber").to_dict()
    assert json.dumps(other, sort_keys=True, ensure_ascii=False) == json.dumps(record, sort_keys=True,
                                                                               ensure_ascii=False)


@pytest.mark.parametrize("name", ["hrules-word-2022", "noframe-gov-2024"])
def test_rules_between_rows_or_inside_the_frame_read_every_cell(parsed, name):
    """Rules between the rows but none between the columns (the row labels wrapped around their numbers), or
    every inner rule without the frame: each cell as printed, and nothing the parser was unsure of."""
    record, truth = parsed[name]
    assert cell_differences(record, truth) == []
    assert not {w["code"] for w in record["warnings"]} & {"row_unmatched", "rows_missing", "cells_unplaced"}


@pytest.mark.parametrize("name", ["noframe-random-2022", "noframe-random-2020", "noframe-random-2024"])
def test_rows_a_missing_frame_leaves_outside_the_grid_are_the_tables(parsed, name):
    """Without the frame, the first row of a table piece has no rule over it (第二十条第（一）项 at a page's
    foot), and table 四 cut under its header has cells between its inner column rules only (结果维持 and 总计
    outside them, its values on the next page with no rule over or under them), and a piece of two rows with one
    rule between them has its outer columns beyond its inner rules (总计's 20): every cell is read, and the
    header's words stay out of the sections' text."""
    record, truth = parsed[name]
    assert cell_differences(record, truth) == []
    assert section_differences(record, truth) == []
    assert {w["code"] for w in record["warnings"]} <= {"label_variant"}


def test_a_cell_wrapped_in_a_table_without_rules_is_put_back_in_its_column(parsed):
    """行政规范性文件 7 3 and 144（含自然失效5件） wrapped over two lines in its cell, one above the row's line and one
    below, no rule anywhere: the header's columns (where 本年制发件数 … stand, in points) place the three."""
    record, truth = parsed["norules-random-2021"]
    row = record["tables"]["active_disclosure"]["normative_documents"]
    assert row == truth["tables"]["active_disclosure"]["normative_documents"] == {"issued": 7, "repealed": 3,
                                                                                  "in_force": 144}
    assert cell_differences(record, truth) == []
    assert "cell_count" not in {w["code"] for w in record["warnings"]}


def test_a_wrapped_group_label_between_a_rows_runs_is_read_in_place(parsed):
    """（三）不 (of （三）不予公开, wrapped in its merged cell) a little under row 3's line, between the runs 理结 … 3.危及
    of that line: the row reads in the order its tokens stand, every row of the group is found, and the blank
    规章 row is a row, not a missing one."""
    record, truth = parsed["hrules-random-2024"]
    assert cell_differences(record, truth) == []
    assert not {w["code"] for w in record["warnings"]} & {"row_unmatched", "rows_missing", "cell_count"}


def test_a_rows_runs_on_one_baseline_are_one_row_though_one_stands_higher(parsed):
    """予处理 (a wrapped group label) a little higher than its row 4.无正当理由大量反复申请 625 0 0 … 191 816 makes the
    first run's top higher than the last's; their bottoms agree: one printed row, all seven cells read."""
    record, truth = parsed["threeline-random-2025"]
    assert cell_differences(record, truth) == []
    assert not {w["code"] for w in record["warnings"]} & {"row_unmatched", "rows_missing", "cell_count"}


def test_header_words_are_told_from_the_text_around_a_table():
    from reportparse import templates
    from reportparse.tables.find import _header_words, _only_header

    words = _header_words(templates.load("2021")["tables"]["review_litigation"])
    for header in ("行政诉讼（未经复议直接起诉）", "结果", "维持", "总计", "第二十条第（五）项"):
        assert _only_header(header, words), header
    for text in ("（一）行政复议情况", "全年共收到申请5件", "行政复议0件", "）"):
        assert not _only_header(text, words), text


def test_rows_between_the_rules_of_a_three_line_table_are_read(parsed):
    """Only a rule over the table, under its header and under the table: every row is read (those whose label
    wraps around its numbers too), rows printed in full are right, and section 三 holds none of the table."""
    record, truth = parsed["threeline-gov-2024"]
    got, want = record["tables"]["applications"], truth["tables"]["applications"]
    for key in FULL_ROWS:
        assert got[key] == want[key], key
    missing = [w["message"] for w in record["warnings"] if w["code"] == "rows_missing"]
    assert not [m for m in missing if m.startswith("applications")], missing
    variants = [w["message"] for w in record["warnings"] if w["code"] == "label_variant"]
    assert not [m for m in variants if "（计二其）" in m or "取.要信求" in m], variants
    assert [d for d in section_differences(record, truth) if "applications" in d] == []


def test_rows_without_any_rule_are_read_or_flagged(parsed):
    record, truth = parsed["norules-jinjiang-2022"]
    got, want = record["tables"]["applications"], truth["tables"]["applications"]
    for key in ("new", "carried_over", "granted", "partially_granted", "results_total"):
        assert got[key] == want[key], key
    assert record["tables"]["review_litigation"] == truth["tables"]["review_litigation"]


@pytest.mark.parametrize("name", ["threeline-gov-2024", "norules-jinjiang-2022"])
def test_blank_cells_of_a_table_without_column_rules_stand_where_printed(parsed, name):
    """Rows printed with blank cells (9 _ _ 0 _ 0 9 under seven heads) and no rule between the columns: each
    value goes to the column it stands under, measured from the rows printed in full (where each token of a
    line stands, in points), not guessed from the table's relations, and no row is left unplaced."""
    record, truth = parsed[name]
    got, want = record["tables"]["applications"], truth["tables"]["applications"]
    short = [k for k, row in want.items() if row and any(v is None for v in row.values())]
    assert len(short) >= 10
    for key in short:
        assert got[key] == want[key], key
    codes = {w["code"] for w in record["warnings"]}
    assert not codes & {"cells_unplaced", "cells_placed"}, codes


def test_a_pdf_lines_tokens_know_where_they_stand():
    """A ruleless row's line keeps the x of the middle of each token (label, then each value): the spots."""
    from reportparse.layout import chars_to_lines

    chars = _chars("（一）予以公开", 90, 300.0) + _chars("12", 180, 300.0, step=5) + _chars("7", 220, 300.0, step=5)
    (line,) = chars_to_lines(chars, 1)
    assert line.raw == "（一）予以公开 12 7"
    assert line.spots == (125.0, 185.0, 222.5)
    (plain,) = chars_to_lines(_chars("本机关全年共收到申请", 90, 200.0), 1)
    assert plain.spots == ()


def _chars(text: str, x: float, top: float, size: float = 10.0, step: float | None = None) -> list[dict]:
    step = size if step is None else step
    return [{"text": ch, "x0": x + i * step, "x1": x + i * step + size * (0.5 if ch.isascii() else 1.0),
             "top": top, "bottom": top + size, "size": size, "fontname": "STSong-Light"}
            for i, ch in enumerate(text)]


def test_a_label_wrapped_around_its_numbers_is_two_lines_not_one():
    """A ruleless row: the label's two lines 12.5 pt apart, the numbers centred between them.  The three
    chain into one cluster by height; no printed line puts one character over another, so it is three lines."""
    chars = (_chars("（二）部分公开（区分", 90, 480.0) + _chars("计其他情形）", 90, 492.5)
             + _chars("11", 330, 486.25, step=5) + _chars("21", 510, 486.25, step=5))
    lines = [" ".join(run_text(run) for run in runs) for runs in _group(line_runs(chars))]
    assert lines == ["（二）部分公开（区分", "11 21", "计其他情形）"]


def test_one_line_of_text_is_one_line():
    """Characters side by side at slightly different heights (a superscript, a mixed font) stay one line."""
    chars = _chars("本年新收", 90, 100.0) + _chars("3", 130, 98.0, size=7) + _chars("件", 134, 100.0)
    assert len(line_runs(chars)) == 1


def _group(runs: list[list[dict]]) -> list[list[list[dict]]]:
    """Runs on one height as one printed line (line_runs cuts a line where a wide gap stands)."""
    out: list[list[list[dict]]] = []
    for run in runs:
        if out and abs(out[-1][0][0]["top"] - run[0]["top"]) < 1:
            out[-1].append(run)
        else:
            out.append([run])
    return out


def test_the_samples_are_what_the_script_writes(tmp_path, monkeypatch):
    import make_unruled

    monkeypatch.setattr(make_unruled, "OUT", tmp_path)
    for sample in make_unruled.UNRULED:
        make_unruled.build(sample)
        for suffix in (".pdf", ".truth.json"):
            name = sample["name"] + suffix
            assert (tmp_path / name).read_bytes() == (UNRULED / name).read_bytes(), name
