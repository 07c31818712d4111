"""``ocr_uncertain``: the table cells read by OCR that may be misread, each named with its page and box.

Three reasons, all reported, none ever changes a value:

- a cell whose recognition score is under ``ocr.CELL_THRESHOLD``, or whose text is no number (``。`` for 0);
- a row of a table read by OCR that was not found (its label or its cells misread);
- a relation (checks.py) that fails on cells read by OCR.  Where changing one of its cells would make
  every failing relation that cell takes part in hold (two at least: a row total and a column balance,
  say), that cell is named as the likely misread, with the value that would do it; otherwise every
  OCR'd cell of the relation is named.

Which cells a relation takes part in is found by the relations themselves: a cell belongs to a check
whose detail changes when the cell's value does.
"""

from __future__ import annotations

import dataclasses

import regex

from reportparse import checks as checks_mod
from reportparse.model import Cell, Check, Issue
from reportparse.normalize import is_value_text
from reportparse.readers.ocr import CELL_THRESHOLD, OcrCell

_VS = regex.compile(r"(-?[\d.]+)\s+vs\s+.*?(-?[\d.]+)\s*$")


def warnings(tables: dict, checks: list[Check], ocr_cells: list[OcrCell], template: str = "2021") -> list[Issue]:
    if not ocr_cells:
        return []
    keyed = {key: cell for key, cell in _cells(tables) if cell.page is not None and cell.bbox}
    read = {key: oc for key, cell in keyed.items() if (oc := _match(cell, ocr_cells)) is not None}
    out = _rows_not_read(tables, read, template)
    for key, oc in read.items():
        if oc.score == 0.0 and not oc.text and not keyed[key].raw:
            out.append(Issue("ocr_uncertain", f"{key}: ink in the cell, nothing read: left null"
                                              f"{_where(keyed[key], oc)}", keyed[key].page))
        elif oc.score < CELL_THRESHOLD:
            out.append(Issue("ocr_uncertain", f"{key}: read {keyed[key].raw!r} with score {oc.score:.2f} "
                                              f"(under {CELL_THRESHOLD}){_where(keyed[key], oc)}", keyed[key].page))
        elif not is_value_text(keyed[key].raw):
            out.append(Issue("ocr_uncertain", f"{key}: read {keyed[key].raw!r}, not a number (score "
                                              f"{oc.score:.2f}){_where(keyed[key], oc)}", keyed[key].page))
    failing = [c for c in checks if c.ok is False]
    if not failing:
        return out
    base = {c.rule: c.detail for c in checks}
    involved: dict[str, set[str]] = {}  # rule -> keys of the OCR'd cells it names
    for key in read:
        for rule in _rules_of(tables, key, base):
            involved.setdefault(rule, set()).add(key)
    named: set[str] = set()
    for check in failing:
        keys = sorted(involved.get(check.rule, ()))
        if not keys:
            continue
        likely = _likely_misread(tables, keys, checks, check)
        if likely:
            key, value, n = likely
            if key in named:
                continue
            named.add(key)
            out.append(Issue("ocr_uncertain", f"{check.rule} fails on cells read by OCR ({check.detail}); the likely "
                                              f"misread is {key}, read {keyed[key].raw!r}"
                                              f"{_where(keyed[key], read[key])}: "
                                              f"{_fmt(value)} would make {n} relations hold (value not changed)",
                             keyed[key].page))
        else:
            cells = "; ".join(f"{k} {keyed[k].raw!r}{_where(keyed[k], read[k])}" for k in keys)
            out.append(Issue("ocr_uncertain", f"{check.rule} fails on cells read by OCR ({check.detail}): one of "
                                              f"them may be misread: {cells}", keyed[keys[0]].page))
    return out


def _rows_not_read(tables: dict, read: dict, template: str) -> list[Issue]:
    """A row of a table read by OCR that was not found (a misread label, or cells that read as no row of
    values): its cells are null, and unlike a row a text layer leaves out, that may be OCR's doing."""
    from reportparse import templates
    from reportparse.tables.find import missing_rows

    if template not in templates.NAMES:
        return []
    out = []
    for name, spec in templates.load(template)["tables"].items():
        rows = tables.get(name)
        pages = sorted({oc.page for key, oc in read.items() if key.startswith(f"{name}.")})
        if not rows or not pages:
            continue
        for row in missing_rows(spec, rows):
            out.append(Issue("ocr_uncertain", f"{name}.{row}: row not found in the table read by OCR on page(s) "
                                              f"{', '.join(map(str, pages))}: its label or its cells may be "
                                              "misread; its cells are null", pages[0]))
    return out


def _cells(tables: dict):
    for name, rows in tables.items():
        for row, cols in rows.items():
            for col, cell in (cols or {}).items():
                yield f"{name}.{row}.{col}", cell


def _match(cell: Cell, ocr_cells: list[OcrCell]) -> OcrCell | None:
    x, y = (cell.bbox[0] + cell.bbox[2]) / 2, (cell.bbox[1] + cell.bbox[3]) / 2
    for oc in ocr_cells:
        if oc.page == cell.page and oc.bbox[0] <= x <= oc.bbox[2] and oc.bbox[1] <= y <= oc.bbox[3]:
            return oc
    return None


def _where(cell: Cell, oc: OcrCell) -> str:
    """Where the cell was read: its page and box, or (a Word file's, which has no pages) its picture."""
    if oc.picture:
        return f" (in the picture {oc.picture})"
    return f" (page {cell.page}, box [{', '.join(f'{v:.1f}' for v in cell.bbox)}])"


def _fmt(v: float) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _with(tables: dict, key: str, value) -> dict:
    name, row, col = key.split(".")
    cell = tables[name][row][col]
    new_row = {**tables[name][row], col: dataclasses.replace(cell, value=value)}
    return {**tables, name: {**tables[name], row: new_row}}


def _value(tables: dict, key: str):
    name, row, col = key.split(".")
    return tables[name][row][col].value


def _rules_of(tables: dict, key: str, base: dict[str, str]) -> list[str]:
    """The relations ``key`` takes part in: those whose detail changes with its value."""
    v = _value(tables, key)
    changed = checks_mod.evaluate(_with(tables, key, (v or 0) + 1))
    return [c.rule for c in changed if base.get(c.rule) != c.detail]


def _likely_misread(tables: dict, keys: list[str], checks: list[Check], check: Check):
    """(key, value, relations made to hold) for the one cell of ``check`` whose other reading makes every
    relation it is in hold, two at least, and breaks none; None where no cell or several do."""
    m = _VS.search(check.detail)
    if not m:
        return None
    gap = float(m.group(1)) - float(m.group(2))
    failing_before = {c.rule for c in checks if c.ok is False}
    found = []
    for key in keys:
        v = _value(tables, key)
        if v is None:
            continue
        for x in (v + gap, v - gap):
            if x < 0 or x == v:
                continue
            x = int(x) if float(x).is_integer() else x
            after = checks_mod.evaluate(_with(tables, key, x))
            now_failing = {c.rule for c in after if c.ok is False}
            if now_failing - failing_before:
                continue
            fixed = failing_before - now_failing
            if check.rule in fixed:
                n = sum(1 for c in after if c.ok and c.rule in set(_rules_of(tables, key, {c.rule: c.detail
                                                                                       for c in checks})))
                if n >= 2:
                    found.append((key, x, n))
                break
    return found[0] if len(found) == 1 else None
