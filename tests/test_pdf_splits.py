"""Tables cut by a page break the ways Word and WPS exports cut them read as one table (tests/pdf_splits.py
draws them).

A row cut inside itself (its label's first line at one page's foot, the rest and maybe its values at the
next page's top, the merged cells around it printed again there); a piece at a page's top whose first row
has no rule over it, under a running header's rule; a piece with its frame but no rule between its
columns.  Every cell is the truth's, and the section's text holds none of the table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_splits as ps
from truth import cell_differences, section_differences
from variants import cell_errors, pdf_sample

S = ps.Split


def _errors(record: dict, truth: dict) -> list[str]:
    return cell_differences(record, truth) + section_differences(record, truth)


def _fees(value: float) -> dict:
    """Jinjiang's sample with its fee printed as ``value``: its 0 alone at a page's top reads as a page number,
    which is the page furniture's business, not the table's."""
    s = pdf_sample("shapes-2022-jinjiang")
    s["active"]["fees"] = [value]
    return s


CUT = {  # id: (sample, split); before: the row's values lost, or a warning for a row that is not one
    "values-below": ("layout-word-2022", S("other_no_correction", repeat=False, cut=True, values="second")),
    "values-above": ("layout-word-2022", S("other_no_correction", repeat=False, cut=True)),
    "header-repeated": ("layout-word-2022", S("other_no_correction", repeat=True, cut=True)),
    "under-vertical-label": ("layout-gov-2024", S("partially_granted", repeat=False, cut=True, values="second")),
    "group-head-no-top-rule": ("layout-gov-2024", S("denied_state_secret", repeat=False, cut=True, top_rule=False)),
}


@pytest.mark.parametrize("name", list(CUT))
def test_a_row_cut_by_the_page_break_is_one_row(name, tmp_path):
    sample, split = CUT[name]
    record, truth, _ = ps.render_split(sample, split, tmp_path)
    assert _errors(record, truth) == []
    assert [w for w in record["warnings"] if w["code"] in ("row_unmatched", "label_variant", "rows_missing")] == []


NO_TOP_RULE = {  # the piece's rows were left as text in the section (and its numbers with them)
    "running-header": ("layout-word-2022", S("carried_forward", repeat=False, top_rule=False, furniture="header")),
    "gov": ("layout-gov-2024", S("carried_forward", repeat=False, top_rule=False)),
    "jinjiang": ("shapes-2022-jinjiang", S("carried_forward", top_rule=False)),
    "review-values": ("shapes-2022-jinjiang", S("all", table="review_litigation", top_rule=False)),
    "review-values-2019": ("shapes-2019-shanghai", S("all", table="review_litigation", top_rule=False,
                                                     furniture="header")),
    "fees": (_fees(12.5), S("fees", table="active_disclosure", top_rule=False)),
}


@pytest.mark.parametrize("name", list(NO_TOP_RULE))
def test_a_piece_without_a_rule_over_its_first_row_keeps_its_rows(name, tmp_path):
    sample, split = NO_TOP_RULE[name]
    record, truth, _ = ps.render_split(sample, split, tmp_path)
    assert _errors(record, truth) == []


NO_INNER_RULES = {
    "two-rows": ("layout-word-2022", S("results_total", repeat=False, inner_v=False)),
    "one-row": ("layout-word-2022", S("carried_forward", repeat=False, inner_v=False)),
    "fees": (_fees(12.5), S("fees", table="active_disclosure", inner_v=False)),
}


@pytest.mark.parametrize("name", list(NO_INNER_RULES))
def test_a_piece_without_rules_between_its_columns_keeps_its_rows(name, tmp_path):
    sample, split = NO_INNER_RULES[name]
    record, truth, _ = ps.render_split(sample, split, tmp_path)
    assert _errors(record, truth) == []


def test_blank_cells_in_a_piece_without_column_rules_are_placed_or_flagged(tmp_path):
    """Rows printed with blank cells and no rules to say which: the rows in full are read, the others are placed
    by the table's relations or left null with a warning naming them; no number is wrong."""
    record, truth, _ = ps.render_split("layout-gov-2024", S("unprocessed_excessive", repeat=False, inner_v=False),
                                       tmp_path)
    assert cell_errors(record, truth) == []
    got = record["tables"]["applications"]
    for key in ("other_total", "results_total", "carried_forward"):
        assert got[key] == truth["tables"]["applications"][key], key
    wrong = [d for d in cell_differences(record, truth) if "unprocessed_" not in d]
    assert wrong == []
