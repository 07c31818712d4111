"""What the next report may do differently from the samples: each variant in every form it can be printed in.

The variants are built by tests/variants.py from the sample contents (so their truth is known cell by
cell) and changed the way real reports differ (../shared/spec/field-notes.md).  A cell must come out
right, or null with a warning naming its row; never silently wrong, never a crash.
"""

from __future__ import annotations

import pytest
from variants import FORMS, UNSPACED, cell_errors, content, exact_cell_errors, render, with_cells

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
