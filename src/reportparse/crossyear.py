"""Cross-year checks: what an agency carried forward at the end of year N is what it carried over into N+1.

For each agency (``agency_id``) with reports for consecutive years, per column of the applications table,
``carried_forward`` (四、结转下年度继续办理) of year N against ``carried_over`` (二、上年结转政府信息公开申请数量)
of year N+1. ``ok`` is true or false where both are printed as numbers, null where either side is blank
or unread (the detail says which). A mismatch is reported, never repaired.

Only a few numbers per report are kept (``CarryEntry``), so the check runs after a batch of any size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reportparse.templates import load

COLUMNS = tuple(c["key"] for c in load("2021")["tables"]["applications"]["columns"])
CROSS_YEAR_COLUMNS = ("agency_id", "year", "next_year", "column", "ok", "detail", "report_id", "next_report_id")


@dataclass(frozen=True)
class CarryEntry:
    """What one report says it carried over and forward, by column (None: blank or not read)."""

    report_id: str | None
    agency_id: str
    year: int
    carried_over: dict | None
    carried_forward: dict | None


def carry_entry(record: dict, agency_id: str | None) -> CarryEntry | None:
    """The entry of one record, or None where the agency or the year is unknown."""
    year = record.get("year")
    if not agency_id or not isinstance(year, int):
        return None
    apps = (record.get("tables") or {}).get("applications") or {}
    return CarryEntry(record.get("report_id"), agency_id, year, apps.get("carried_over"), apps.get("carried_forward"))


def _number(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _compare(a: CarryEntry, b: CarryEntry, column: str) -> tuple[bool | None, str]:
    lhs = f"{a.year} carried_forward"
    rhs = f"{b.year} carried_over"
    if a.carried_forward is None:
        return None, f"{lhs}: row not read"
    if b.carried_over is None:
        return None, f"{rhs}: row not read"
    fwd, over = _number(a.carried_forward.get(column)), _number(b.carried_over.get(column))
    blank = [name for name, v in ((lhs, fwd), (rhs, over)) if v is None]
    if blank:
        return None, " and ".join(blank) + " blank"
    return fwd == over, f"{lhs} = {fwd:g} vs {rhs} = {over:g}"


def cross_year_rows(entries: Iterable[CarryEntry]) -> list[dict]:
    """One row per agency, pair of consecutive years and column, ordered by agency, year, column.

    An agency with two reports for one year (a re-publication) gets the pairs of each.
    """
    by_agency: dict[str, dict[int, list[CarryEntry]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        if e is not None:
            by_agency[e.agency_id][e.year].append(e)
    rows = []
    for agency_id in sorted(by_agency):
        years = by_agency[agency_id]
        for year in sorted(years):
            for a in sorted(years[year], key=lambda e: e.report_id or ""):
                for b in sorted(years.get(year + 1, ()), key=lambda e: e.report_id or ""):
                    for column in COLUMNS:
                        ok, detail = _compare(a, b, column)
                        rows.append({
                            "agency_id": agency_id, "year": year, "next_year": year + 1, "column": column,
                            "ok": ok, "detail": detail, "report_id": a.report_id, "next_report_id": b.report_id,
                        })
    return rows
