"""Printed rows -> the template's keys.

Rows arrive as printed (from a PDF grid or a text dump): a list of cells,
label cells first, value cells last.  Each row is matched to a template row by
its label, tolerating typos and variants; row order only confirms the match.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from reportparse.checks import OTHER_ROWS, RESULT_ROWS, value_of  # the relations' rows, as the checks name them
from reportparse.model import Cell, Issue
from reportparse.normalize import (
    LABEL_START,
    MISREAD_DIGITS,
    innermost_label,
    is_value_text,
    label_key,
    label_score,
    parse_cell,
    point,
)

MATCH = 0.72  # the least label score that maps a row to a key


@dataclass(frozen=True)
class PrintedRow:
    """One printed row: its cells as (text, bbox) left to right, and the page it stands on."""

    cells: tuple[tuple[str, tuple | None], ...]
    page: int | None
    unplaced: tuple[str, ...] = ()  # a dump's row printed with blank cells the layout could not place: its values
    readings: tuple[tuple[str, ...], ...] = ()  # a glued run's readings where it reads several ways (values only)

    def split(self, n_values: int) -> tuple[list[str], list[tuple[str, tuple | None]]] | None:
        """Label texts and the last ``n_values`` cells, if those read as a row of values (a smudge or two
        among numbers included)."""
        if len(self.cells) < n_values + 1:
            return None
        values = list(self.cells[-n_values:])
        if not values_row([t for t, _ in values]):
            return None
        return [t for t, _ in self.cells[:-n_values]], values


_SMUDGE = regex.compile(r"^[^\p{Han}\p{L}\d]{1,2}$|^[A-Za-z]$")


@lru_cache(maxsize=65536)  # asked of every value cell, often twice (see normalize._read_cell)
def smudge(text: str) -> bool:
    """A mark where a number should be: one or two characters, neither digit nor Chinese (``。``, ``·``, ``'``,
    or one Latin letter: ``o`` for 0, ``l`` for 1), as OCR reads a faint or broken digit; or digits with such
    letters among them (``1O``, ``3l``: ``normalize.MISREAD_DIGITS``), as a producer's OCR left them in a
    searchable scan's text layer."""
    text = "".join((text or "").split())
    return not is_value_text(text) and bool(_SMUDGE.match(text) or MISREAD_DIGITS.match(text))


def values_row(texts: list[str]) -> bool:
    """Do these cells read as a row of values: every one a value, or at most half of them smudges among
    numbers (the row is kept, the smudged cells null and flagged, rather than the row lost)?"""
    marks = sum(1 for t in texts if smudge(t))
    if not marks:
        return all(is_value_text(t) for t in texts)
    return (marks <= len(texts) // 2 and all(is_value_text(t) or smudge(t) for t in texts)
            and any(regex.search(r"\d", t) for t in texts))


def unreadable(table: str, key: str, cells: dict[str, Cell]) -> list[Issue]:
    """``cell_unreadable`` for each cell of a row that printed a smudge, not a number: left null."""
    return [Issue("cell_unreadable", f"{table}.{key}.{col}: printed {cell.raw!r}, not a number: left null"
                                     + (f" (box [{', '.join(f'{v:.1f}' for v in cell.bbox)}])" if cell.bbox else ""),
                  cell.page, unread=(f"{table}.{key}.{col}",))
            for col, cell in cells.items() if smudge(cell.raw)]


def _cell(text: str, bbox, page) -> Cell:
    return parse_cell(text, page=page, bbox=tuple(map(point, bbox[:4])) if bbox else None)


def best_row(label: str, rows: list[dict], after: int) -> tuple[int, float]:
    """The template row best matching ``label`` by its label or one of its other printed wordings (``aliases``:
    an older one, a province's), whichever scores best; a row after the last match wins a tie.

    A label printed as a row after ``after`` words it (same ``label_key``) is that row, scored without the
    fuzzy ratios against every other row (no other scores 1, so none can beat it): most labels are, and a
    process's first report paid ~800 ratios of difflib for them."""
    key = label_key(label)
    for i in range(after + 1, len(rows)) if key else ():
        if key in _keys(rows[i]["label"], tuple(rows[i].get("aliases", ()))):
            return i, 1.0 + 0.01
    best, best_score = -1, 0.0
    for i, row in enumerate(rows):
        score = label_score(label, row["label"])
        for text in row.get("aliases", ()):
            alias = label_score(label, text)
            if alias > score:
                score = alias
        if i > after:
            score += 0.01  # printed order only confirms
        if score > best_score:
            best, best_score = i, score
    return best, best_score


@cache
def _keys(label: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """The label keys a template row is printed as: its label's and its aliases'."""
    return frozenset({label_key(label), *map(label_key, aliases)})


# ------------------------------------------------------------------ matrix (applications)
def assign_matrix(table: dict, printed: list[PrintedRow]) -> tuple[dict, list[Issue]]:
    columns = [c["key"] for c in table["columns"]]
    rows = table["rows"]
    n = len(columns)
    out: dict[str, dict[str, Cell] | None] = {r["key"]: None for r in rows}
    issues: list[Issue] = []
    printed_columns, order_issues = printed_column_order(table, printed)
    issues += order_issues
    data: list[tuple[str, list, int | None]] = []
    pending_label = ""
    for row in printed:
        split = row.split(n)
        if split is None:
            # a label cut by a page break or wrapped onto a row of its own: carry it to the next row
            texts = [t for t, _ in row.cells if t]
            if texts and not any(is_value_text(t) for t in texts) and _is_label(texts[-1]):
                pending_label += texts[-1]
            else:
                pending_label = ""
            continue
        labels, values = split
        label = innermost_label("".join(labels))
        if data and not pending_label:
            _end_row_before(_wrapped_end(labels), data, rows)
        if not label.strip() or all(not t for t, _ in values) and not _is_label(label):
            pending_label += label
            continue
        if pending_label:
            label = _place_pending(pending_label, label, data, rows)
        pending_label = ""
        innermost = next((t for t in reversed(labels) if t.strip()), "")
        data.append((label, values, row.page, row.unplaced, innermost))
    data = _join_cut_rows(data, rows)
    last = -1
    unplaced: dict[str, tuple[tuple[str, ...], int | None]] = {}
    for label, values, page, printed_values, _ in data:
        i, score = best_row(label, rows, last)
        if score < MATCH:
            issues.append(Issue("row_unmatched", f"applications: row {label!r} matches no template row", page))
            continue
        key = rows[i]["key"]
        if out[key] is not None:
            issues.append(Issue("row_duplicate", f"applications: row {label!r} printed twice; the first kept", page))
            continue
        if i < last:
            issues.append(Issue("row_order", f"applications: row {label!r} printed out of the template's order", page))
        if score < 1.0 and label_key(label) != label_key(rows[i]["label"]):
            issues.append(Issue("label_variant", f"applications.{key}: printed {label!r}, template "
                                                 f"{rows[i]['label']!r}", page))
        last = max(last, i)
        cells = {col: _cell(t, bbox, page) for col, (t, bbox) in zip(printed_columns, values)}
        out[key] = {col: cells.get(col) or Cell(raw="", value=None, page=page) for col in columns}
        issues += unreadable("applications", key, out[key])
        if printed_values:
            unplaced[key] = (printed_values, page)
    if unplaced:
        issues += place_by_relations(out, unplaced, columns)
    if "other_total" in out and out["other_total"] is not None:
        subs = [k for k in OTHER_ROWS if out.get(k) is not None]
        if len(subs) == len(OTHER_ROWS) and any(
                value_of(out["other_total"], col) != sum(value_of(out[k], col) for k in subs) for col in columns):
            # the group row is its sub-rows' total or no row at all: here it holds other numbers (a sub-row's,
            # its label read beside them where a dump broke the table's labels apart), so it is not taken
            page = next((c.page for c in out["other_total"].values() if c.page), None)
            out["other_total"] = None
            issues.append(Issue("other_rows_both", "applications: （六）其他处理 printed both as one row and as "
                                                   "sub-rows, the row not their total: left null", page))
        elif subs:
            issues.append(Issue("other_rows_both", "applications: （六）其他处理 printed both as one row and as "
                                                   "sub-rows; both kept", None))
    return out, issues


def _wrapped_end(labels: list[str]) -> str:
    """What a row's label texts hold before the first label they begin (1. or （三）), as label keys: the end of
    the row before's label, wrapped down beside this row's own (an outer group label begins a label itself,
    and is not part of it)."""
    key = label_key("".join(labels))
    start = LABEL_START.search(key)
    return key[: start.start()] if start else ""


def _gain_before(end: str, data: list, rows: list[dict]) -> float:
    """How much better the row before, in ``data``, matches a template row with ``end`` added to its label."""
    if not (end and data):
        return 0.0
    prev = data[-1][0]
    return best_row(prev + end, rows, -1)[1] - best_row(prev, rows, -1)[1]


def _give_before(end: str, data: list) -> None:
    data[-1] = (data[-1][0] + end, *data[-1][1:])


def _end_row_before(end: str, data: list, rows: list[dict]) -> None:
    """Give the row before, in ``data``, the end of its label where ``end`` completes it: in a table without
    rules a label wrapped below its row's values stands on the next row's line, before that row's own label
    (取信息 beside （六）其他处理 ends 5.要求行政机关确认或重新出具已获)."""
    if _gain_before(end, data, rows) > 0:
        _give_before(end, data)


def _place_pending(pending: str, label: str, data: list, rows: list[dict]) -> str:
    """The label of the row of values under a label-only line ``pending``: that line begins it (a label cut
    by a page break, or wrapped above its values) or ends the row before (a label wrapped below its row's
    values, as a table without rules prints 5.要求行政机关确认或重新出具已获 / 取信息), whichever it completes
    better; the row before, in ``data``, is given its end there.  Neither: the line is dropped."""
    joined = innermost_label(pending + label)
    gain_next = best_row(joined, rows, -1)[1] - best_row(label, rows, -1)[1]
    gain_prev = _gain_before(pending, data, rows)
    if gain_prev > 0 and gain_prev >= gain_next:
        _give_before(pending, data)
        return label
    return joined if gain_next > 0 else label


def printed_column_order(table: dict, printed: list[PrintedRow]) -> tuple[list[str], list[Issue]]:
    """The column keys in the order the header prints them over the value cells.

    Each header row's last cells stand over the value columns (a merged cell repeated in each row it spans,
    or blank where a text form leaves it); a column takes the label printed lowest over it.  Where every
    column's label is placed once, that order is taken (a report that prints 科研机构 before 商业企业 gets
    its numbers under the right keys, with a warning).  Where the header cannot be placed over the values
    (a text dump's runs of header words) but names the organisation columns in another order than the
    template's, which number belongs to which of them is not known: those columns are left null."""
    default = [c["key"] for c in table["columns"]]
    n = len(default)
    by_label = {c["label"]: c["key"] for c in table["columns"]}
    over: list[str | None] = [None] * n
    sequence: list[str] = []
    for row in printed:
        split = row.split(n)
        if split is not None and any(t.strip() for t, _ in split[1]):
            break  # the first row of values: the header is above it
        texts = ["".join(t.split()) for t, _ in row.cells]
        sequence += [by_label[t] for t in texts if t in by_label]
        for j, text in enumerate(texts[-n:] if len(texts) >= n else []):
            if text in by_label:
                over[j] = by_label[text]
    page = printed[0].page if printed else None
    if None not in over and len(set(over)) == n:
        if over != default:
            shown = "、".join(c["label"] for key in over for c in table["columns"] if c["key"] == key)
            return list(over), [Issue("columns_reordered", f"{table['name']}: the header prints the columns as "
                                                           f"{shown}; values read under those keys", page)]
        return default, []
    orgs = [k for k in dict.fromkeys(sequence) if k not in ("natural_person", "total")]
    if len(orgs) > 1 and orgs != [k for k in default if k in orgs]:
        return [k if k not in orgs else f"?{k}" for k in default], [Issue(
            "column_order_unknown", f"{table['name']}: the header names the organisation columns in another order "
                                    f"({'、'.join(k for k in orgs)}) and does not show which value stands under "
                                    f"which; columns {', '.join(orgs)} left null", page)]
    return default, []


def _join_cut_rows(data: list[tuple], rows: list[dict]) -> list[tuple]:
    """Join a row cut in two by a page break: a label half without values, and the half with them.

    The second half is a row whose label does not start with a row number of its own (``法提供``).  On a new
    page the merged cells the cut row stands in (三、本年度办理结果, （六）其他处理) are printed again before
    its label's rest, so there the second half is told by its innermost label cell alone, and taken only where
    the two halves joined match a template row better than either does alone (not a row printed without its
    number after a blank row)."""
    out: list[tuple] = []
    for label, values, page, printed, innermost in data:
        rest = None
        if out and not printed and not out[-1][3]:
            if not LABEL_START.match(label_key(label)):
                rest = label
                # a row cut inside its outer label too (（五）不予处 / 理, Word and LibreOffice break rows): the
                # outer cell's end is no part of this label's rest
                inner = label_key(innermost) if innermost and page != out[-1][2] else ""
                if inner and inner != label_key(label) and (best_row(out[-1][0] + inner, rows, -1)[1]
                                                            > best_row(out[-1][0] + label, rows, -1)[1]):
                    rest = inner
            elif (page is not None and out[-1][2] is not None and page != out[-1][2]
                  and innermost and not LABEL_START.match(label_key(innermost))):
                joined = best_row(out[-1][0] + label_key(innermost), rows, -1)[1]
                if joined > max(best_row(out[-1][0], rows, -1)[1], best_row(label_key(innermost), rows, -1)[1]):
                    rest = label_key(innermost)
        if rest is not None:
            before, before_values, before_page, _, before_innermost = out[-1]
            blank, before_blank = (all(not t for t, _ in v) for v in (values, before_values))
            if before_blank and not blank:  # the label began on the row before; the values stand here
                out[-1] = (before + rest, values, page, (), before_innermost)
                continue
            if blank and not before_blank:  # the label's end fell on a row of its own
                out[-1] = (before + rest, before_values, before_page, (), before_innermost)
                continue
        out.append((label, values, page, printed, innermost))
    return out


def place_by_relations(out: dict, unplaced: dict[str, tuple[tuple[str, ...], int | None]],
                       columns: list[str]) -> list[Issue]:
    """Rows printed with blank cells the layout could not place: the placements the table's relations allow.

    Each row's values keep their printed order; the blanks may stand anywhere.  A placement must keep the
    row's total (总计 = the six columns, a blank read as 0) and, together with the other rows, the columns'
    relations (new + carried_over = results_total + carried_forward; results_total = the result rows).
    Where one placement of all such rows does, it is taken; where several do, the cells they agree on are
    taken and the rest left null; either way a warning says so.  Nothing is guessed.
    """

    n = len(columns)
    # each row's placements by the numbers they put in the columns (a blank read as 0): the relations see
    # only those, so a row of zeros is one option however its blanks fall, and the search is over these
    options: dict[str, dict[tuple[float, ...], list[tuple[str, ...]]]] = {}
    for key, (tokens, _) in unplaced.items():
        by_numbers: dict[tuple[float, ...], list[tuple[str, ...]]] = {}
        for slots in itertools.combinations(range(n), len(tokens)):
            row = [""] * n
            for slot, token in zip(slots, tokens):
                row[slot] = token
            numbers = tuple(_num(v) for v in row)
            if abs(sum(numbers[:-1]) - numbers[-1]) < 1e-9:
                by_numbers.setdefault(numbers, []).append(tuple(row))
        options[key] = by_numbers

    printed = {k for k, v in out.items() if v is not None}
    single = "other_total" in printed and not set(OTHER_ROWS) & printed
    relations = [(("new", "carried_over"), ("results_total", "carried_forward")),
                 (RESULT_ROWS + (("other_total",) if single else OTHER_ROWS), ("results_total",))]
    relations = [(lhs, rhs) for lhs, rhs in relations if set(lhs + rhs) <= printed]
    keys = list(options)
    feasible, tried = _feasible(keys, options, relations, out, columns)
    issues = []
    for key in keys:
        tokens, page = unplaced[key]
        readings = [r for numbers in feasible.get(key, ()) for r in options[key][numbers]]
        # a search given up still has each row's own placements (its total kept) to agree on: 1 1 1 1 4's total
        kept = readings or [r for rows in options[key].values() for r in rows] if tried else readings
        agreed = [kept[0][c] if kept and all(r[c] == kept[0][c] for r in kept) else "" for c in range(n)]
        out[key] = {col: _cell(t, None, page) for col, t in zip(columns, agreed)}
        printed_as = " ".join(tokens)
        if len(readings) == 1:
            issues.append(Issue("cells_placed", f"applications.{key}: {len(tokens)} values ({printed_as}) printed "
                                                f"for {n} columns, the blanks not where the layout shows; the one "
                                                f"placement the table's relations allow is taken: "
                                                f"{' '.join(t or '_' for t in readings[0])}", page))
        else:
            shown = "; ".join(" ".join(t or "_" for t in r) for r in readings[:10]) + (" …" if len(readings) > 10 else "")
            if readings:
                said = f"{len(readings)} placements keep the table's relations ({shown})"
            elif tried:
                said = "the rows so printed can be placed too many ways to test against the relations"
            else:
                said = "no placement keeps the table's relations (the report may break them)"
            issues.append(Issue("cells_unplaced", f"applications.{key}: {len(tokens)} values ({printed_as}) printed "
                                                  f"for {n} columns and the layout does not show which cells are "
                                                  f"blank; {said}; the cells not fixed by them are left null", page))
    return issues


def _feasible(keys: list[str], options: dict, relations: list, out: dict, columns: list[str]
              ) -> tuple[dict[str, list[tuple[float, ...]]], bool]:
    """({row: the numbers of its placements that some placement of every other row completes to a table
    keeping ``relations``}, whether the search gave up: more than MAX_WORK partial sums to try).

    The relations are sums column by column, so a placement's part in them is a vector (relation x column);
    the rows are taken in turn, keeping the set of partial sums reached (forward) and of the sums the rows
    after can still add (backward): a row's option is feasible where some forward sum, it and some backward
    sum make every relation hold.  A partial sum that the rows left cannot bring back to a relation's balance
    (by the least and the most each of them can add) is dropped on the way.
    """
    n = len(columns)
    dims = [(r, c) for r in range(len(relations)) for c in range(n)]
    coef = {key: [(1 if key in lhs else 0) - (1 if key in rhs else 0) for lhs, rhs in relations] for key in keys}

    def part(key: str, numbers: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(coef[key][r] * numbers[c], 6) for r, c in dims)

    fixed = [0.0] * len(dims)
    for i, (r, c) in enumerate(dims):
        lhs, rhs = relations[r]
        for key in {*lhs, *rhs} - set(keys):
            cell = (out.get(key) or {}).get(columns[c])
            v = (cell.value or 0) if cell is not None else 0
            fixed[i] += (1 if key in lhs else 0) * v - (1 if key in rhs else 0) * v
    parts = {key: {numbers: part(key, numbers) for numbers in options[key]} for key in keys}
    k, zero = len(keys), (0.0,) * len(dims)
    # the least and most the rows before i (fixed included) and from i on can add, in each dimension
    mins = [[min(v[d] for v in parts[key].values()) if parts[key] else 0.0 for d in range(len(dims))] for key in keys]
    maxs = [[max(v[d] for v in parts[key].values()) if parts[key] else 0.0 for d in range(len(dims))] for key in keys]
    before_low, before_high = [list(fixed)], [list(fixed)]
    for i in range(k):
        before_low.append([a + b for a, b in zip(before_low[-1], mins[i])])
        before_high.append([a + b for a, b in zip(before_high[-1], maxs[i])])
    after_low, after_high = [[0.0] * len(dims)], [[0.0] * len(dims)]
    for i in reversed(range(k)):
        after_low.insert(0, [a + b for a, b in zip(after_low[0], mins[i])])
        after_high.insert(0, [a + b for a, b in zip(after_high[0], maxs[i])])

    exact = all(float(x).is_integer() for v in [fixed, *(v for p in parts.values() for v in p.values())] for x in v)
    if exact:  # counts: integer sums, no rounding
        fixed = [int(x) for x in fixed]
        parts = {key: {numbers: tuple(int(x) for x in v) for numbers, v in p.items()} for key, p in parts.items()}

    def add(a: tuple, b: tuple) -> tuple:
        return tuple(map(operator.add, a, b)) if exact else tuple(round(x + y, 6) for x, y in zip(a, b))

    def balances(t: tuple, low: list, high: list) -> bool:  # 0 still within reach of t plus the others
        return all(t[d] + low[d] <= 1e-6 and t[d] + high[d] >= -1e-6 for d in range(len(dims)))

    work = 0  # sums tried: the search gives up past MAX_WORK (a table of many rows short of cells, all alike)
    forward = [{tuple(fixed) if exact else tuple(round(x, 6) for x in fixed)}]  # sums of fixed and rows before i
    for i, key in enumerate(keys):
        work += len(forward[-1]) * len(parts[key])
        if work > MAX_WORK:
            return {}, True
        forward.append({t for s in forward[-1] for v in parts[key].values()
                        if balances(t := add(s, v), after_low[i + 1], after_high[i + 1])})
    backward = [{zero}]  # backward[j]: sums of the rows after k - 1 - j ... built from the end
    for i in reversed(range(1, k)):
        work += len(backward[0]) * len(parts[keys[i]])
        if work > MAX_WORK:
            return {}, True
        backward.insert(0, {t for u in backward[0] for v in parts[keys[i]].values()
                            if balances(t := add(u, v), before_low[i], before_high[i])})
    feasible = {}
    for i, key in enumerate(keys):  # backward[i]: sums of the rows after i
        after = backward[i]
        work += len(forward[i]) * len(parts[key])
        if work > MAX_WORK:
            return {}, True
        feasible[key] = [numbers for numbers, v in parts[key].items()
                         if any(tuple(-x for x in add(s, v)) in after for s in forward[i])]
    return feasible, False


MAX_WORK = 150_000  # partial sums _feasible may try (~0.4 s)


def _num(text: str) -> float:
    cell = parse_cell(text)
    return float(cell.value) if isinstance(cell.value, (int, float)) else 0.0


def _is_label(text: str) -> bool:
    return bool(text) and not is_value_text(text)


# ------------------------------------------------------------------ rows (active_disclosure)
def assign_rows(table: dict, printed: list[PrintedRow]) -> tuple[dict, list[Issue]]:
    """Rows with their own columns (table 二): each row label takes the values printed after it.

    The rows are read as one stream of label and value cells.  A label followed directly by another
    label takes the run of unclaimed values just before it instead: some extractors put a cell's
    number before its label (本年处理决定数量 / 550 / 行政许可).
    """
    rows = table["rows"]
    out: dict[str, dict[str, Cell] | None] = {r["key"]: None for r in rows}
    issues: list[Issue] = []
    events: list[tuple[str, str, tuple | None, int | None]] = []  # (kind, text, bbox, page)
    for row in printed:
        texts = [t for t, _ in row.cells]
        k = len(texts)
        while k > 0 and (is_value_text(texts[k - 1]) or smudge(texts[k - 1]) and values_row(texts[k - 1:])):
            k -= 1
        events += [("label", t, b, row.page) for t, b in row.cells[:k] if t]
        events += [("value", t, b, row.page) for t, b in row.cells[k:]]
    claimed = [False] * len(events)
    last = -1
    for n, (kind, text, _, page) in enumerate(events):
        if kind != "label":
            continue
        candidates = [text] + ([events[n - 1][1] + text] if n and events[n - 1][0] == "label" else [])
        i, score = max((best_row(c, rows, last) for c in candidates), key=lambda p: p[1])
        spec = rows[i]
        if score < MATCH or out[spec["key"]] is not None:
            continue
        after = _skip(events, n + 1, rows)
        run = next((free for free in ([m for m in _run(events, start, step) if not claimed[m]]
                                      for start, step in ((n + 1, 1), (n - 1, -1), (after, 1))) if free), [])
        if not run:
            continue
        for m in run:
            claimed[m] = True
        key, cols = spec["key"], [c[0] for c in spec["columns"]]
        values = [events[m] for m in sorted(run)]
        if len(values) > len(cols) and not any(t.strip() for _, t, _, _ in values[len(cols):]):
            values = values[:len(cols)]  # blank cells past the row's last column: a merged cell's padding (a
            # web table whose colspan a conversion to Markdown or text lost: | 行政许可 | 0 |  |  |)
        if len(values) < len(cols) and any(parse_cell(t).value is not None for _, t, _, _ in values):
            # a blank cell left no trace (a text dump, a cell wrapped off its line): which column each printed
            # value stands in is not known, so none is taken
            shown = " ".join(t for _, t, _, _ in values)
            issues.append(Issue("cell_count", f"active_disclosure.{key}: {len(values)} value cells printed for "
                                              f"{len(cols)} columns ({shown}); which column each stands in is not "
                                              "printed, so the row's cells are left null", page))
            values = []
        elif len(values) != len(cols):
            issues.append(Issue("cell_count", f"active_disclosure.{key}: {len(values)} value cells printed for "
                                              f"{len(cols)} columns; mapped left to right", page))
        out[key] = {col: _cell(t, bbox, p) for col, (_, t, bbox, p) in zip(cols, values)}
        issues += unreadable("active_disclosure", key, out[key])
        for col in cols[len(values):]:
            out[key][col] = Cell(raw="", value=None, page=page)
        header = "".join(t for kind_, t, _, _ in events[max(0, min(run) - 8):n] if kind_ == "label")
        for money in ("amount_wan", "amount"):  # 2021 fees; 2019 procurement: recorded in 万元
            if money in out[key] and (_in_yuan(header) or _cell_in_yuan(out[key][money])):
                out[key][money], issue = _to_wan(out[key][money], key, page)
                issues.append(issue)
        last = max(last, i)
    left = [(text, page) for m, (kind, text, _, page) in enumerate(events)
            if kind == "value" and not claimed[m] and parse_cell(text).value is not None]
    if left:  # numbers the table prints that no row took: some row's cells (null, or blank) may be these
        issues.append(Issue("values_unclaimed", f"active_disclosure: {len(left)} printed value(s) taken by no row "
                                                f"({' '.join(t for t, _ in left[:12])}); a row's cells may be these",
                            left[0][1]))
    return out, issues


def _skip(events: list[tuple], start: int, rows: list[dict]) -> int:
    """From ``start`` onward, past header labels (信息内容, 本年处理决定数量) but not past another row's label."""
    m = start
    while m < len(events) and events[m][0] == "label" and best_row(events[m][1], rows, -1)[1] < MATCH:
        m += 1
    return m if m < len(events) and events[m][0] == "value" else -1


def _run(events: list[tuple], start: int, step: int) -> list[int]:
    """Indexes of the value events in a row from ``start``, walking by ``step``, up to the first label."""
    out = []
    m = start
    while 0 <= m < len(events) and events[m][0] == "value":
        out.append(m)
        m += step
    return out


def _in_yuan(header: str) -> bool:
    """Does the header print the amount in 元 rather than 万元?"""
    text = label_key(header)
    return bool(regex.search(r"(?:单位：|（)元", text)) and "万元" not in text


def _cell_in_yuan(cell: Cell) -> bool:
    """Does the cell print its own unit as 元 (``251000元``, ``75394432.52元``), whatever the header says?"""
    return cell.value is not None and (cell.note or "").strip() == "元"


def _to_wan(cell: Cell, key: str, page: int | None) -> tuple[Cell, Issue]:
    value = None if cell.value is None else round(cell.value / 10000, 6)
    issue = Issue("unit_converted", f"active_disclosure.{key}: printed in 元 ({cell.raw}); recorded in 万元 "
                                    f"({value})", page)
    note = "" if (cell.note or "").strip() == "元" else (cell.note or "")
    return Cell(raw=cell.raw, value=value, note=(note + "（单位：元）").strip(), page=cell.page,
                bbox=cell.bbox), issue


# ------------------------------------------------------------------ single row (review_litigation)
def assign_single_row(table: dict, printed: list[PrintedRow]) -> tuple[dict, list[Issue]]:
    groups = _printed_group_order(table, printed)
    columns = [c[0] for c in table["columns"]]
    need = len(groups) * len(columns)
    values: list[tuple[str, tuple | None, int | None]] = []
    for row in printed:
        cells = list(row.cells)
        while cells and cells[0][0] and not is_value_text(cells[0][0]) and len(cells) > 5:
            cells.pop(0)  # a stub label before the values (数量, 件数)
        texts = [t for t, _ in cells]
        if texts and values_row(texts) and any(t for t in texts):
            values.extend((t, b, row.page) for t, b in cells)
        if len(values) >= need:
            break
    if not values:  # only a row of as many blank cells as the table has (blank as printed, or a glued run
        # no cut of which reads one way, already flagged): the table's cells are there, null
        values = next(([(t, b, row.page) for t, b in row.cells] for row in printed
                       if len(row.cells) == need and not any(t.strip() for t, _ in row.cells)), [])
    issues: list[Issue] = []
    if not values:
        return {}, [Issue("table_values_missing", "review_litigation: no row of values found", None)]
    if len(values) != need:
        issues.append(Issue("cell_count", f"review_litigation: {len(values)} value cells for {need} columns", values[0][2]))
    out: dict[str, dict[str, Cell] | None] = {}
    it = iter(values[:need])
    for g in groups:
        out[g] = {}
        for c in columns:
            t, bbox, page = next(it, ("", None, None))
            out[g][c] = _cell(t, bbox, page)
        issues += unreadable("review_litigation", g, out[g])
    return out, issues


def _printed_group_order(table: dict, printed: list[PrintedRow]) -> list[str]:
    """The groups in the order the header prints them (行政复议, 未经复议直接起诉, 复议后起诉 as a rule)."""
    default = [g[0] for g in table["groups"]]
    seen: dict[str, float] = {}
    order = 0.0
    for row in printed:
        for text, bbox in row.cells:
            order += 1
            key = label_key(text)
            for g, label in table["groups"]:
                if g not in seen and label in key and not (g == "review" and "后" in key):
                    seen[g] = bbox[0] if bbox else order
    if len(seen) < len(default) or len(set(seen.values())) < len(seen):
        return default
    return sorted(default, key=lambda g: seen[g])


ASSIGNERS = {"matrix": assign_matrix, "rows": assign_rows, "single_row": assign_single_row}


def assign(table: dict, printed: list[PrintedRow]) -> tuple[dict, list[Issue]]:
    return ASSIGNERS[table["kind"]](table, printed)
