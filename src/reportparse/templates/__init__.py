"""The report formats as data: one JSON file per template (labels, keys, detection markers).

Adding a format means adding a file here, not editing code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from reportparse.model import Issue

NAMES = ("2021", "2019")


@cache
def load(name: str) -> dict:
    """The template ``name`` ("2021" or "2019") as a dict; tables keyed by name."""
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data["tables"] = {t["name"]: t for t in data["tables"]}
    return data


def detect(text: str) -> tuple[str, dict[str, list[str]]]:
    """Which template the text follows, and the markers seen for each.

    Returns ("unknown", ...) when no marker of either format is printed.
    """
    seen = {name: [m for m in load(name)["markers"] if m in text] for name in NAMES}
    best = max(NAMES, key=lambda n: len(seen[n]))
    if not seen[best]:
        return "unknown", seen
    return best, seen


def for_year(template: str, year: int | None, tables: bool, issues: list[Issue]) -> str:
    """The template the printed tables follow, checked against the year; the year decides only where nothing
    printed does (a report on 2019 or later that prints no standard table is still of its year's format: its
    tables are missing).  A report on a year before 2019 with no format marker is free-form (a table of its own is not
    a standard table); one whose printed format is not its year's (a 2021 report on the 2019 tables, a 2020
    report on the 2021 ones) keeps the printed format, with a warning."""
    expected = None if not year else "2021" if year >= 2021 else "2019" if year >= 2019 else "unknown"
    if template == "unknown" and year and year < 2019:
        issues.append(Issue("template_free_form", f"a report on {year}, before the standard formats: "
                                                  "sections as printed, no standard tables", None))
        return template
    if template == "unknown" and expected:  # no standard table printed at all (tables of its own, numbers in prose)
        issues.append(Issue("template_guessed", f"no format marker printed; template {expected} assumed from "
                                                f"the year" + ("" if tables else " (no standard table printed)"),
                            None))
        return expected
    if template != "unknown" and expected and template != expected:
        years = "before the standard formats" if expected == "unknown" else f"the {expected} format's years"
        issues.append(Issue("template_year_mismatch", f"the tables follow the {template} format, the report is on "
                                                      f"{year} ({years}): read as printed, template {template}",
                            None))
    return template
