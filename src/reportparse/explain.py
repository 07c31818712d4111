"""Where one number of a record came from: ``explain(record, "applications.new.total")``.

The answer gathers what the record already holds about one cell: its value, the text printed in
it, its page and box (``record["cells"]``), the template's row and column labels it was matched
from and how (``label_variant`` warnings say when a row matched as a typo or variant), the checks
whose rule names it (``record["checks"]``) and the warnings that touch it.  Nothing is re-parsed.

    >>> import reportparse
    >>> from reportparse.explain import explain
    >>> record = reportparse.parse("samples/guyuan-hpf-2021.txt").to_dict()
    >>> explain(record, "applications.new.total").value
    0
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reportparse import templates
from reportparse.errors import ReportParseError
from reportparse.normalize import label_key

_CHECKED_TABLES = ("applications",)  # tables whose row matcher reports label variants (label_variant)
_ORG_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")


class UnknownKeyError(ReportParseError, KeyError):
    """KEY names no cell of the record's template; the message lists the nearest keys."""

    code = "unknown_key"

    def __str__(self) -> str:  # KeyError would quote the message
        return ReportParseError.__str__(self)


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool | None
    detail: str


@dataclass(frozen=True)
class Warning_:
    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class Explanation:
    """Everything the record says about one cell."""

    key: str
    table: str
    row: str
    column: str
    template: str
    found: bool  # the table and row were read (a cell left blank is found, with value None)
    value: int | float | None = None
    raw: str | None = None  # the text printed in the cell
    note: str | None = None  # what stood beside the number: 22（其中修订16件） keeps its note
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points, page top-left
    row_label: str | None = None  # the template's printed label
    column_label: str | None = None
    group_label: str | None = None  # the outer label of a grouped row (三 for 三（一）予以公开)
    printed_label: str | None = None  # the row label as printed, where it differed from the template's
    # exact, typo, variant, order (read by place: cells_in_order); "label" where the table's matcher does not
    # report variants
    match: str = "exact"
    checks: list[Check] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    source: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["bbox"] = list(self.bbox) if self.bbox else None
        return d

    def text(self) -> str:
        """The explanation for a person, a few aligned lines."""
        lines = [f"{self.key} = {_fmt(self.value)}" + ("" if self.found else "   (not read: see warnings)")]
        if self.raw is not None:
            where = f" on page {self.page}" if self.page else ""
            lines.append(f"  printed   {self.raw!r}{where}" + (f", note {self.note!r}" if self.note else ""))
        if self.bbox:
            x0, top, x1, bottom = self.bbox
            lines.append(f"  box       x0 {x0:g}, top {top:g}, x1 {x1:g}, bottom {bottom:g} "
                         "(PDF points from the page's top-left)")
        elif self.found:
            lines.append("  box       none (the input has no page geometry)")
        how = {"exact": "exact label", "label": "matched by label",
               "typo": f"matched as a typo: printed {self.printed_label!r}",
               "variant": f"matched as a variant: printed {self.printed_label!r}",
               "order": "by its place in the template's order: the numbers were printed apart from the labels"
               }[self.match]
        group = f"{self.group_label} " if self.group_label else ""
        lines.append(f"  row       {self.row} <- {group}{self.row_label!r} ({how})")
        lines.append(f"  column    {self.column} <- {self.column_label!r}")
        if self.checks:
            for i, c in enumerate(self.checks):
                state = {True: "ok", False: "FAILED", None: "n/a"}[c.ok]
                lines.append(f"  {'checks' if i == 0 else '':<9} {state:<6} {c.rule}   [{c.detail}]")
        else:
            lines.append("  checks    none uses this cell")
        for i, w in enumerate(self.warnings):
            page = f" (page {w.page})" if w.page else ""
            lines.append(f"  {'warnings' if i == 0 else '':<9} {w.code}{page}: {w.message}")
        if not self.warnings:
            lines.append("  warnings  none")
        return "\n".join(lines)


def _fmt(v) -> str:
    return "null" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def load_record(path: str | Path) -> dict:
    """A record: parsed from a report, or read back from a record saved as JSON (``parse -o x.json``)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if isinstance(data, dict) and "tables" in data and "template" in data:
            return data
    from reportparse.pipeline import parse

    return parse(path).to_dict()


# ------------------------------------------------------------------ the template's labels
def cell_labels(template: str, table: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Per row key (label, group label) and per column key its label, for one template table.

    For table 二 (kind ``rows``) each row has its own columns; their labels are merged (same key, same label).
    """
    spec = templates.load(template)["tables"].get(table)
    if spec is None:
        return {}, {}
    if spec["kind"] == "single_row":
        rows = {k: (label, "") for k, label in spec["groups"]}
        return rows, dict(map(tuple, spec["columns"]))
    rows = {r["key"]: (r["label"], r.get("group", "")) for r in spec["rows"]}
    if spec["kind"] == "matrix":
        return rows, {c["key"]: c["label"] for c in spec["columns"]}
    cols: dict[str, str] = {}
    for r in spec["rows"]:
        cols.update(dict(map(tuple, r["columns"])))
    return rows, cols


def row_columns(template: str, table: str, row: str) -> list[str]:
    spec = templates.load(template)["tables"][table]
    if spec["kind"] == "rows":
        return [c for r in spec["rows"] if r["key"] == row for c, _ in r["columns"]]
    return list(cell_labels(template, table)[1])


def all_keys(template: str) -> list[str]:
    """Every TABLE.ROW.COLUMN key of a template, in printed order."""
    out = []
    for table in templates.load(template)["tables"]:
        for row in cell_labels(template, table)[0]:
            out += [f"{table}.{row}.{col}" for col in row_columns(template, table, row)]
    return out


def _template_of(record: dict) -> str:
    t = record.get("template")
    return t if t in templates.NAMES else "2021"


def split_key(record: dict, key: str) -> tuple[str, str, str]:
    """TABLE.ROW.COLUMN of the record's template, or UnknownKeyError naming the nearest keys."""
    template = _template_of(record)
    keys = all_keys(template)
    if key in keys:
        table, row, column = key.split(".")
        return table, row, column
    near = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
    prefix = [k for k in keys if k.startswith(key.rstrip(".") + ".")][:3]
    hint = ", ".join(prefix or near)
    raise UnknownKeyError(f"{key!r} is not a cell of the {template} template (TABLE.ROW.COLUMN)"
                          + (f"; did you mean {hint}" if hint else f"; tables: {', '.join(templates.load(template)['tables'])}"))


# ------------------------------------------------------------------ checks and warnings
_RANGE = re.compile(r"sum\((\w+)\.\.(\w+)\)")


def _names_in(rule_body: str, template: str, table: str) -> set[str]:
    """The row and column keys a rule's right of the colon names, ranges (sum(a..b)) spelled out."""
    names = set(re.findall(r"[a-z_]+", _RANGE.sub(" ", rule_body)))
    rows = list(cell_labels(template, table)[0])
    for a, b in _RANGE.findall(rule_body):
        if a in rows and b in rows:
            names |= set(rows[rows.index(a):rows.index(b) + 1])
    if "organisation columns" in rule_body:
        names |= set(_ORG_COLUMNS)
    return names


def uses(rule: str, template: str, table: str, row: str, column: str) -> bool:
    """Whether the check ``rule`` (``table.X: relation``, records.md) reads the cell table.row.column.

    X is a column (the relation runs down it over rows) or a row (across it over columns).
    """
    head, _, body = rule.partition(":")
    rtable, _, subject = head.strip().partition(".")
    if rtable != table:
        return False
    names = _names_in(body, template, table)
    return (subject == row and column in names) or (subject == column and row in names)


def touches(warning: dict, table: str, row: str, printed_label: str | None) -> bool:
    """Whether a warning is about this cell's row (or its whole table)."""
    msg, code = warning.get("message") or "", warning.get("code")
    if f"{table}.{row}" in msg:
        return True
    if code == "table_missing" and f"table {table} " in msg:
        return True
    if msg.startswith(f"{table}:") and (re.search(rf"\b{re.escape(row)}\b", msg)
                                         or code in ("table_values_missing", "cell_count", "other_rows_both",
                                                     "cells_in_order", "values_unclaimed")):
        return True
    if printed_label and printed_label in msg:
        return True
    return code == "prose_table_mismatch" and (table, row) == ("applications", "new")


_TYPO_EDITS = 3  # a printed label this few characters (inserted, dropped, changed) off the template's is a typo


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, character by character (labels are short; a section's text is a few thousand)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _variant(warnings: list[dict], table: str, row: str) -> tuple[str, str | None]:
    """How the row's label matched, and the label as printed where it was not the template's."""
    for w in warnings:
        if w.get("code") == "label_variant" and w.get("message", "").startswith(f"{table}.{row}:"):
            m = re.search(r"printed '(.*?)', template '(.*?)'", w["message"])
            if not m:
                return "variant", None
            printed, tpl = label_key(m.group(1)), label_key(m.group(2))
            return ("typo" if edit_distance(printed, tpl) <= _TYPO_EDITS else "variant"), m.group(1)
    if any(w.get("code") == "cells_in_order" and w.get("message", "").startswith(f"{table}:") for w in warnings):
        return "order", None  # the numbers read in the template's order, not by the labels beside them
    return ("exact" if table in _CHECKED_TABLES else "label"), None


# ------------------------------------------------------------------ the answer
def explain(record: dict, key: str) -> Explanation:
    """What ``record`` says about the cell ``key`` (TABLE.ROW.COLUMN); UnknownKeyError for a key the
    template lacks.  A cell of a table or row that was not read is explained too (found=False)."""
    table, row, column = split_key(record, key)
    template = _template_of(record)
    rows, cols = cell_labels(template, table)
    values = ((record.get("tables") or {}).get(table) or {}).get(row)
    cell = (((record.get("cells") or {}).get(table) or {}).get(row) or {}).get(column) or {}
    warnings = list(record.get("warnings") or ())
    match, printed = _variant(warnings, table, row)
    bbox = cell.get("bbox")
    return Explanation(
        key=key, table=table, row=row, column=column, template=template, found=values is not None,
        value=(values or {}).get(column), raw=cell.get("raw"), note=cell.get("note"), page=cell.get("page"),
        bbox=tuple(bbox) if bbox else None, row_label=rows[row][0], group_label=rows[row][1] or None,
        column_label=cols.get(column), printed_label=printed, match=match,
        checks=[Check(c["rule"], c["ok"], c.get("detail", "")) for c in record.get("checks") or ()
                if uses(c["rule"], template, table, row, column)],
        warnings=[Warning_(w["code"], w["message"], w.get("page")) for w in warnings
                  if touches(w, table, row, printed)],
        source=(record.get("source") or {}).get("path"),
    )


__all__ = ["Explanation", "UnknownKeyError", "all_keys", "explain", "load_record"]
