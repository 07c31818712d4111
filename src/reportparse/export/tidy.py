"""The tidy long form of a record: one row per table cell (records.md, "Tidy form")."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO

FORMULA_STARTS = frozenset("=+-@\t\r")  # what makes a spreadsheet run a cell as a formula (OWASP)


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: ``'`` before text that would start a formula.

    OWASP's rule, made reversible: text already starting with quotes before
    such a character gets one more, so ``uncsv_cell`` gives back the original.
    Numbers are left alone (``-3`` is a number, not a formula).
    """
    if isinstance(value, str) and value.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def uncsv_cell(value):
    """The text ``csv_cell`` was given (for reading our CSV files back)."""
    if isinstance(value, str) and value[:1] == "'" and value.lstrip("'")[:1] in FORMULA_STARTS:
        return value[1:]
    return value


def readable(text: str) -> str:
    """``text`` as valid Unicode: bytes a file name held in another encoding (surrogate escapes) as ``\\xNN``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate from elsewhere
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


TIDY_COLUMNS = (
    "report_id", "agency", "year", "province", "city", "county", "template",
    "table", "row", "column", "value", "raw", "page",
)


def identity(record: dict) -> dict:
    """The columns that say whose numbers a row holds: report, agency, year, region, template."""
    region = record.get("region") or {}
    return {
        "report_id": record.get("report_id"),
        "agency": record.get("agency"),
        "year": record.get("year"),
        "province": region.get("province"),
        "city": region.get("city"),
        "county": region.get("county"),
        "adcode": region.get("adcode"),
        "template": record.get("template"),
    }


def tidy_rows(record: dict) -> list[dict]:
    """Flatten ``record["tables"]`` into rows; ``raw`` and ``page`` come from ``record["cells"]``."""
    head = {k: v for k, v in identity(record).items() if k != "adcode"}
    provenance = record.get("cells") or {}
    out = []
    for table, rows in (record.get("tables") or {}).items():
        for row, cols in rows.items():
            if cols is None:
                continue
            for column, value in cols.items():
                src = ((provenance.get(table) or {}).get(row) or {}).get(column) or {}
                out.append({**head, "table": table, "row": row, "column": column, "value": value,
                            "raw": src.get("raw"), "page": src.get("page")})
    return out


def write_tidy_csv(records: Iterable[dict], target: str | Path | IO[str]) -> int:
    """Write the tidy rows of ``records`` as UTF-8 CSV (with BOM, so Excel reads Chinese); returns the row count.

    Text that would start a spreadsheet formula is prefixed with ``'`` (``csv_cell``).
    """
    own = isinstance(target, (str, Path))
    fh = open(target, "w", newline="", encoding="utf-8-sig") if own else target  # noqa: SIM115
    try:
        writer = csv.DictWriter(fh, fieldnames=TIDY_COLUMNS)
        writer.writeheader()
        n = 0
        for record in records:
            for row in tidy_rows(record):
                writer.writerow({k: csv_cell(readable(v) if isinstance(v, str) else v) for k, v in row.items()})
                n += 1
        return n
    finally:
        if own:
            fh.close()
