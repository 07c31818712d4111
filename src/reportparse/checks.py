"""The arithmetic the report states about itself, tested and recorded; never repaired.

A blank or null cell counts as 0 in a relation (the detail shows it as 0).  A relation that holds is
``ok: true``.  One that fails with every cell it names printed as a number is ``ok: false``: the report
breaks its own arithmetic.  One that fails only because a blank was read as 0 (a report that leaves its
总计 column empty) is ``ok: null``, not assessable, and its detail names the blank cells.  One that names a
cell the parser could not read (a glued run that reads several ways: null, and a warning says so) is
``ok: null`` whether or not it holds with the cell read as 0.  A relation every reading of a glued run breaks
(``Issue.broken``) is ``ok: false`` though its cells are null: the report breaks it, whichever way it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import regex

from reportparse.model import Cell, Check, Issue, Section

APP_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
RESULT_ROWS = ("granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law",
               "denied_three_safeties", "denied_third_party", "denied_internal_affairs", "denied_process_info",
               "denied_enforcement_files", "denied_inquiry", "unavailable_not_held", "unavailable_needs_creation",
               "unavailable_unclear", "unprocessed_petition", "unprocessed_repeat", "unprocessed_publication",
               "unprocessed_excessive", "unprocessed_confirmation")
OTHER_ROWS = ("other_no_correction", "other_unpaid_fee", "other_other")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending")


def value_of(row: dict[str, Cell] | None, col: str) -> int | float:
    """A cell's number; 0 for a blank cell, a cell not read, or a row not read (as the relations count them)."""
    if not row or row.get(col) is None or row[col].value is None:
        return 0
    return row[col].value


def _check(rule: str, holds: bool, detail: str, cells: list[tuple[str, dict[str, Cell] | None, str]],
           unread: Callable[[str], bool] = lambda _: False) -> Check:
    """A relation's result: failed with a blank among its cells -> not assessable (ok None); with a cell
    not read among them (``unread``: by "row.column") -> not assessable, held or not."""
    unknown = [f"{row}.{col}" for row, _, col in cells if unread(f"{row}.{col}")]
    if unknown:
        return Check(rule, None, f"{detail}; not assessable: cells not read ({', '.join(unknown)})")
    if holds:
        return Check(rule, True, detail)
    blank = [f"{row}.{col}" for row, cols, col in cells if not cols or cols.get(col) is None or cols[col].value is None]
    if blank:
        return Check(rule, None, f"{detail}; not assessable: blank cells read as 0 ({', '.join(blank)})")
    return Check(rule, False, detail)


def _fmt(v: float) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def evaluate(tables: dict, issues: Iterable[Issue] = ()) -> list[Check]:
    """The relations of ``tables``; ``issues``: the parser's warnings, of which those naming cells not read
    (``Issue.unread``) make relations on them not assessable and those naming a relation broken whichever
    way its cells are read (``Issue.broken``) add it, failed."""
    issues = list(issues)
    unread_paths = {p for i in issues for p in i.unread}

    def unread_in(table: str) -> Callable[[str], bool]:
        def unread(cell: str) -> bool:
            path = f"{table}.{cell}"
            return bool(unread_paths) and (table in unread_paths or path in unread_paths
                                           or path.rsplit(".", 1)[0] in unread_paths)
        return unread

    out: list[Check] = []
    apps = tables.get("applications")
    if apps:
        out += _applications(apps, unread_in("applications"))
    review = tables.get("review_litigation")
    if review:
        for group, cols in review.items():
            if cols is None:
                continue
            parts = [value_of(cols, c) for c in REVIEW_COLUMNS]
            total = value_of(cols, "total")
            out.append(_check(f"review_litigation.{group}: total == upheld + corrected + other + pending",
                              sum(parts) == total,
                              f"{' + '.join(map(_fmt, parts))} = {_fmt(sum(parts))} vs total = {_fmt(total)}",
                              [(group, cols, c) for c in (*REVIEW_COLUMNS, "total")], unread_in("review_litigation")))
    broken = {i.broken: Check(i.broken, False, i.message.split(": ", 1)[-1]) for i in issues if i.broken}
    return [c for c in out if c.rule not in broken] + list(broken.values())


def _applications(apps: dict, unread: Callable[[str], bool]) -> list[Check]:
    """A relation is tested where every row it names was read; a missing row is a rows_missing warning,
    not a failed relation (its zeros would be the parser's, not the report's)."""
    out = []

    def read(*keys: str) -> bool:
        return all(apps.get(k) is not None for k in keys)

    for col in APP_COLUMNS if read("new", "carried_over", "results_total", "carried_forward") else ():
        new, over = value_of(apps.get("new"), col), value_of(apps.get("carried_over"), col)
        done, fwd = value_of(apps.get("results_total"), col), value_of(apps.get("carried_forward"), col)
        out.append(_check(f"applications.{col}: new + carried_over == results_total + carried_forward",
                          new + over == done + fwd,
                          f"{_fmt(new)} + {_fmt(over)} = {_fmt(new + over)} vs {_fmt(done)} + {_fmt(fwd)} = {_fmt(done + fwd)}",
                          [(k, apps.get(k), col) for k in ("new", "carried_over", "results_total", "carried_forward")],
                          unread))
    single = apps.get("other_total") is not None and all(apps.get(k) is None for k in OTHER_ROWS)
    rows = RESULT_ROWS + (("other_total",) if single else OTHER_ROWS)
    last = "other_total" if single else "other_other"
    for col in APP_COLUMNS if read("results_total", *rows) else ():
        total = sum(value_of(apps.get(r), col) for r in rows)
        printed = value_of(apps.get("results_total"), col)
        out.append(_check(f"applications.{col}: results_total == sum(granted..{last})", total == printed,
                          f"sum = {_fmt(total)} vs results_total = {_fmt(printed)}",
                          [(k, apps.get(k), col) for k in (*rows, "results_total")], unread))
    for key, cols in apps.items():
        if cols is None:
            continue
        parts = sum(value_of(cols, c) for c in APP_COLUMNS[:-1])
        total = value_of(cols, "total")
        out.append(_check(f"applications.{key}: total == natural_person + 5 organisation columns", parts == total,
                          f"sum = {_fmt(parts)} vs total = {_fmt(total)}", [(key, cols, c) for c in APP_COLUMNS],
                          unread))
    return out


_PROSE_NEW = regex.compile(r"(?:收到|受理|新收)[^。；，,]{0,20}?(?:政府信息公开|依申请公开)?申请(?:共计|共|合计)?\s*(\d+)\s*件")


def prose_warnings(tables: dict, sections: tuple[Section, ...]) -> list[Issue]:
    """Numbers the prose states that the tables contradict (information for the reader, not a relation)."""
    apps = tables.get("applications") or {}
    new = apps.get("new")
    if not new or new.get("total") is None or new["total"].value is None:
        return []
    printed = new["total"].value + value_of(apps.get("carried_over"), "total")
    out: dict[str, Issue] = {}  # by message: a section saying the same thing twice is warned of once
    for sec in sections:
        for text in sec.paragraphs:
            for m in _PROSE_NEW.finditer(text):
                n = int(m.group(1))
                if n not in (new["total"].value, printed):
                    message = (f"section {sec.key} says {m.group(0)!r}, the table's new applications total "
                               f"is {_fmt(new['total'].value)}")
                    out.setdefault(message, Issue("prose_table_mismatch", message, sec.page))
    return list(out.values())
