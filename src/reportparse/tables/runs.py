"""Tables flattened into one run of text, cells run together: ``规章000行政规范性文件6233440…``.

Crawlers save a page's text with every table cell glued to the next, so ``21710000218`` is the row
``217 1 0 0 0 0 218`` and the row labels are the only separators left.  This module cuts such a run
into (label, value run) pairs, matches each label to its template row, and splits each value run into
the row's number of cells:

- a cell is ``0`` or has no leading zero (``0218`` is never one cell);
- cells separated by spaces keep them (two spaces stand for a blank cell);
- a count's unit after a cell (``行政许可 1265件``, ``规章2件1件14件``) ends it where a row label stands
  before it, as a space would; elsewhere a number with its unit is prose (``共办理12件``);
- the table's own relations (row totals, column balances, result sums, review group totals) must hold.

Where exactly one reading satisfies them it is taken, and a ``cells_split`` warning says so; where
several do, the cells they disagree on are left null with a ``cells_ambiguous`` warning that lists
the readings.  A number between two row labels that no run took (``行政许可 1265人``) leaves that row's
cells null with a ``cell_unreadable`` warning, not blank.  Nothing is guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache

import regex

from reportparse.checks import APP_COLUMNS, OTHER_ROWS, RESULT_ROWS
from reportparse.model import Issue
from reportparse.normalize import innermost_label, parse_cell
from reportparse.tables.assign import MATCH, PrintedRow, best_row

# a note printed inside a cell, after its number: （其中修订16件）, （含转办2件） (a row label's （二） is not one)
_CELL_NOTE = r"[（(](?=[^（）()]{0,30}(?:\d|其中|含|包括))[^（）()]{1,30}[）)]"
# a cell: a number (signed, 1,234 with thousands separators, a note after it) or a null mark; 无 only
# where spaces set it apart (glued, it is the start of 无法提供)
_VALUE = (rf"(?:[-－+＋]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:{_CELL_NOTE})?|[/／]|—+|－|-"
          r"|(?<=^|[ \t\u3000\u00a0])无(?=[ \t\u3000\u00a0]|$))")
_RUN = regex.compile(rf"{_VALUE}(?:[ \t\u3000\u00a0]*{_VALUE})*")
_PART = regex.compile(rf"^(?:[-+＋]?(?:0|[1-9]\d{{0,2}}(?:,\d{{3}})+|[1-9]\d*)(?:\.\d+)?(?:{_CELL_NOTE})?元?"
                      r"|[/／]|—+|－|-|无)$")
_UNIT_AFTER = regex.compile(r"^[年月日号件项个条次人%％]")
# a count's unit printed after a cell (… 215 -3 18420件, 行政许可 1265件, 2件 1件 14件): the row stays a row
_COUNT_UNIT = regex.compile(r"人次|[件项个条次]")
_SPACE = " \t\u3000\u00a0"
_ENUM_AFTER = regex.compile(r"^[.．、](?=\D)")
MAX_READINGS = 20000  # per row; past this a run is left unsplit (and flagged)
MAX_COMBOS = 20000  # rows still ambiguous after pruning, tried together against the column relations
MAX_SUMS = 20000  # distinct partial sums tracked per column while pruning


def is_flattened(text: str, header_words: tuple[str, ...]) -> bool:
    """Does this one line hold a whole table (labels and value runs glued), not a paragraph of prose?"""
    compact = "".join(text.split())
    found = {w for w in header_words if w and w in compact}
    if len(compact) < 40 or len(found) < 2:
        return False
    starts = [compact.find(w) for w in found]
    runs = list(_RUN.finditer(compact, min(starts)))
    cells = [m for m in runs if not _ENUM_AFTER.match(compact[m.end():])]  # 1.申请人…: an item number, no cell
    if len(cells) < 2 and len(found) < 3:
        return False  # one printed row on its line (（六）其他处理  1.申请人…  7 1 1 …), not a table run together
    # a table's cells run on with no sentence ending among them; prose stops at 。
    return bool(runs) and "。" not in compact[min(starts):runs[-1].end()]


_YEAR_END = regex.compile(r"(?:19|20)\d\d$")


def cell_runs(text: str, pos: int = 0, is_row: Callable[[str], bool] | None = None):
    """(start, end) of each run of cells in ``text`` from ``pos``.  A number in prose (2024年, 3件) is none; a
    run that ends in a year has run on into the sentence after the table (``…1 1 5 2022年，本机关…``,
    ``…1152022年，…``: a report whose next heading was lost) and ends before that year (``cut``).

    A run followed by a count's unit (件, 个, 条, 次, 人次…) is a row's cells where it holds several cells
    (``215 -3 18420件``), or where ``is_row`` takes the text since the run before for a row label
    (``行政许可 1265件``, ``规章2114件``); elsewhere it is prose (``共办理12件``).  The row's further cells,
    each with its unit or not (``2件 1件 14件``), are part of the same run (``_unit_free`` reads it)."""
    at = label_from = pos
    while m := _RUN.search(text, at):
        start, end, cut = m.start(), m.end(), False
        at = end
        if text[end:end + 1] == "元":  # an amount printed in 元: the cell keeps its unit (recorded in 万元, said)
            at = label_from = end + 1
            yield start, end + 1, False
            continue
        if _COUNT_UNIT.match(text, end):
            if len(text[start:end].split()) > 1 or (is_row is not None and is_row(text[label_from:start])):
                end = _row_end(text, end)
                unit = _COUNT_UNIT.match(text, end)
                at = label_from = unit.end() if unit else end  # the unit is no part of the next label
                yield start, end, False
            continue
        if _UNIT_AFTER.match(text[end:]):
            year = _YEAR_END.search(text[start:end])
            if not year or text[end] != "年":
                continue
            end = start + year.start()
            while end > start and text[end - 1] in _SPACE:
                end -= 1
            if end == start or not _RUN.fullmatch(text[start:end]):
                continue
            cut = True
        label_from = end
        yield start, end, cut


def _row_end(text: str, end: int) -> int:
    """The end of a row whose cell ends at ``end`` with a count's unit after it: further cells that follow
    the unit with only spaces between (``2件 1件 14件``, ``2件1件14``) are the same row's; a year, a date or an
    item number (``2.其他…``) is not one."""
    while unit := _COUNT_UNIT.match(text, end):
        k = unit.end()
        while k < len(text) and text[k] in _SPACE:
            k += 1
        nxt = _RUN.match(text, k)
        if not nxt or _ENUM_AFTER.match(text[nxt.end():]):
            break
        if _UNIT_AFTER.match(text[nxt.end():]) and not _COUNT_UNIT.match(text, nxt.end()):
            break
        end = nxt.end()
    return end


def _unit_free(run: str) -> str:
    """A run of cells without the count units printed after them: ``2件 1件 14`` -> ``2 1 14``, ``2件1件14``
    -> ``2 1 14`` (the unit separated those cells); a unit inside a cell's note (（其中修订16件）) stays."""
    parts = list(_RUN.finditer(run))
    if len(parts) < 2:
        return run
    out = [run[:parts[0].end()]]
    for a, b in itertools.pairwise(parts):
        gap = run[a.end():b.start()]
        unit = _COUNT_UNIT.match(gap)
        if unit:
            gap = gap[unit.end():] or " "
        out.append(gap + b.group())
    return "".join(out) + run[parts[-1].end():]


def segments(text: str, is_row: Callable[[str], bool] | None = None) -> list[tuple[str, str]]:
    """(label, value run) pairs in printed order; a label ``2.`` is not taken for the end of a run.

    A run keeps the spaces around it beyond the one that separates it from its label: in text whose
    cells are separated by one space, ``label  3 0`` (two spaces) starts with a blank cell.  ``is_row``:
    whether a label is a row's, for a run followed by a count's unit (see ``cell_runs``); its units are
    dropped from the run.
    """
    pairs: list[list[str]] = []
    label_start = 0
    pending = ""
    for start, end, cut_year in cell_runs(text, 0, is_row):
        label = pending + text[label_start:start]
        run = _unit_free(text[start:end])
        after = text[end:]
        if not label.strip() and not pairs:
            continue  # a number before any label
        if _ENUM_AFTER.match(after) and run[-1:].isdigit():
            # the last digit numbers the next label (…4000004 | 2.其他法律…)
            cut = len(run) - 1
            pending = run[cut:]
            run = run[:cut].rstrip()
        else:
            pending = ""
        unit = _COUNT_UNIT.match(after)
        label_start = end + unit.end() if unit else end
        if not run.strip():
            pending = label + pending  # only an item number stood here: the label goes on
            continue
        lead = len(label) - len(label.rstrip(" "))
        trail = len(after) - len(after.lstrip(" ")) if not pending and not cut_year else 0
        if trail and end + trail < len(text):
            label_start = end + trail
        pairs.append([label.strip(), _blanks(lead) + run.strip() + _blanks(trail)])
    return [(a, b) for a, b in pairs]


def _blanks(spaces: int) -> str:
    """Spaces beyond the one separator: each stands for a blank cell (kept as a space in the run)."""
    return " " * max(0, spaces - 1)


def readings(run: str, n: int) -> list[tuple[str, ...]]:
    """Every way to cut ``run`` into ``n`` cells (spaces, where printed, already separate cells)."""
    if not run.strip():
        return [("",) * n]  # a row printed with every cell blank
    if regex.search(r"\s", run):
        cells = regex.split(r"[ \t\u3000\u00a0]", run)  # one space between cells; two around a blank one
        if len(cells) == n:
            return [tuple(cells)]
        tokens = [c for c in cells if c]
        if len(tokens) == n:
            return [tuple(tokens)]
        if len(cells) < n:  # some cells glued even so: split each token further
            return _join_readings(n, cells)
        return []
    return list(_split(run, n))[:MAX_READINGS + 1]


def _total_readings(run: str, n: int) -> list[tuple[str, ...]]:
    """Readings of a row whose last cell is the total of the others (table 三): only those, found directly.

    Enumerating every cut of a long run first would be exponential; here the total is each suffix that
    could be one cell, and the cells before it are cut with their running sum bounded by it.
    """
    out: list[tuple[str, ...]] = []
    for cut in range(1, len(run)):
        total = run[cut:]
        whole = _whole(total)
        if whole is None:
            continue
        for parts in _bounded(run[:cut], n - 1, whole):
            out.append((*parts, total))
            if len(out) > MAX_READINGS:
                return out
    return out


@cache
def _bounded(run: str, n: int, total: int) -> tuple[tuple[str, ...], ...]:
    """Cuts of ``run`` into ``n`` whole numbers (no leading zeros) that add up to ``total``."""
    if n == 1:
        return ((run,),) if _whole(run) == total else ()
    out = []
    for i in range(1, len(run) - n + 2):
        head = run[:i]
        whole = _whole(head)
        if whole is None:
            continue
        if whole > total:
            if "," not in head and "（" not in head and "(" not in head:  # (_whole matched _PART)
                break  # a longer head is larger still
            continue
        out.extend((head, *rest) for rest in _bounded(run[i:], n - 1, total - whole))
    return tuple(out)


def _join_readings(n: int, tokens: list[str]) -> list[tuple[str, ...]]:
    """Tokens fewer than cells: each token may hold several glued cells."""
    out: list[tuple[str, ...]] = []
    for counts in _compositions(n, len(tokens)):
        options = [_split(t, k) for t, k in zip(tokens, counts)]
        if not all(options):
            continue
        for combo in itertools.product(*options):
            out.append(tuple(c for part in combo for c in part))
            if len(out) > MAX_READINGS:
                return out
    return out


def _compositions(total: int, parts: int):
    if parts == 1:
        if total >= 1:
            yield (total,)
        return
    for first in range(1, total - parts + 2):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


@cache
def _split(run: str, n: int) -> tuple[tuple[str, ...], ...]:
    if n == 1:
        return ((run,),) if _PART.match(run) else ()
    out = []
    for i in range(1, len(run)):
        head = run[:i]
        if not _PART.match(head):
            continue
        for rest in _split(run[i:], n - 1):
            out.append((head, *rest))
            if len(out) > MAX_READINGS:
                return tuple(out)
    return tuple(out)


def _v(text: str) -> float:
    """A cell's number (1,234 and 22（其中修订16件） read as printed); blank, / and — count as 0 in a relation."""
    value = parse_cell(text).value
    return float(value) if value is not None else 0.0


def _whole(text: str) -> int | None:
    """A cell of a row of counts as a whole number (a null mark counts 0), or None if it cannot be one."""
    if not _PART.match(text):
        return None
    value = parse_cell(text).value
    if value is None:
        return 0
    return value if isinstance(value, int) else None


# ------------------------------------------------------------------ per table kind
def rows_from_run(text: str, table: dict) -> tuple[list[PrintedRow], list[Issue]]:
    """The printed rows of one flattened table (``table``: the template's spec), cells split."""
    kind = table["kind"]
    text = _listed_apart(text)  # 215，-3，18420: cells listed with commas are cells spaced, not one glued run
    pairs = segments(text, row_label(table))
    if kind == "single_row":
        return _single_row(pairs, table)
    return _keyed_rows(pairs, table)


_LISTED = regex.compile(r"(?<=\d)[ \t]*[，、；;][ \t]*(?=[-+－]?\d)")  # a list mark between two numbers
_COMMA_RUN = regex.compile(r"\d+(?:[ \t]*,[ \t]*[-+－]?\d+)+")


def _listed_apart(text: str) -> str:
    """Numbers listed with commas or 、 (a crawler's ``"，".join`` of a row's cells) spaced apart, as cells are.
    An ASCII comma is a thousands separator where every group after it has three digits (1,234,567); a run
    with any other group (98,2,0,1,103: full-width commas made ASCII) is a list, all its commas."""
    text = _LISTED.sub(" ", text)
    return _COMMA_RUN.sub(lambda m: m[0] if regex.fullmatch(r"\d{1,3}(?:,\d{3})+", m[0]) else
                          regex.sub(r"[ \t]*,[ \t]*", " ", m[0]), text)


def row_label(table: dict) -> Callable[[str], bool]:
    """Whether the text before a run is one of ``table``'s row labels (the review table's: its header words)."""
    if table["kind"] == "single_row":
        words = table["header_words"]
        return lambda label: all(w in "".join(label.split()) for w in words)
    return lambda label: bool(label.strip()) and _match(label.strip(), table, -1)[1] >= MATCH


def _match(label: str, table: dict, after: int) -> tuple[int, float]:
    best, score = -1, 0.0
    for key in ([innermost_label(label), label] if table["kind"] == "matrix" else [label]):
        i, s = best_row(key, table["rows"], after)
        if s > score:
            best, score = i, s
    return best, score


def _keyed_rows(pairs: list[tuple[str, str]], table: dict) -> tuple[list[PrintedRow], list[Issue]]:
    name, kind = table["name"], table["kind"]
    columns = [c["key"] for c in table["columns"]] if kind == "matrix" else None
    matched: list[tuple[str, str, str, int]] = []  # (key, label, run, n cells)
    unread: list[Issue] = []
    last = -1
    for label, run, stray in _blank_rows(pairs, table):
        i, score = _match(label, table, last)
        if i < 0 or score < MATCH:
            continue
        spec = table["rows"][i]
        n = len(columns) if columns else len(spec["columns"])
        matched.append((spec["key"], label, run, n))
        last = max(last, i)
        if stray:
            unread.append(Issue("cell_unreadable", f"{name}.{spec['key']}: printed {stray!r} after its label, numbers "
                                                   "not read as its cells (a unit or words among them): left null",
                                unread=(f"{name}.{spec['key']}",)))
    options = {key: _total_readings(run, n) if kind == "matrix" and not regex.search(r"\s", run) else readings(run, n)
               for key, _, run, n in matched}
    if kind == "matrix":
        options = _with_blanks(options, matched)
    chosen, issues, open_readings = _solve(name, kind, matched, options, columns)
    issues += unread
    rows = []
    for key, label, run, n in matched:
        cells = chosen.get(key) or tuple("" for _ in range(n))
        rows.append(PrintedRow(((label, None), *((c, None) for c in cells)), None,
                               readings=tuple(open_readings.get(key, ()))))
    return rows, issues


def _blank_rows(pairs: list[tuple[str, str]], table: dict) -> list[tuple[str, str, str]]:
    """A row printed with every cell blank leaves no run: its label runs into the next row's.  Each
    template label found whole inside a label before the last one becomes a row of its own, its cells
    the spaces between the two labels (blank).  (label, run, stray): ``stray`` is the text between the
    two labels where it holds a number no run took (``行政许可 1265人 …``): that row is not blank but
    unread, its cells left null and said."""
    out = []
    groups = set(table.get("alternatives", {}))  # （六）其他处理: a row of its own, or the head of its sub-rows
    for label, run in pairs:
        hits = []
        for row in table["rows"]:
            text = row["label"]
            for m in regex.finditer(r"\s*".join(regex.escape(ch) for ch in text), label):
                hits.append((m.start(), m.end(), row["key"]))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen, end = [], -1
        for h in hits:
            if h[0] >= end:
                chosen.append(h)
                end = h[1]
        chosen = [h for k, h in enumerate(chosen) if not (h[2] in groups and k + 1 < len(chosen))]
        if len(chosen) < 2 or label[chosen[-1][1]:].strip():
            out.append((label, run, ""))
            continue
        start = 0
        for (s0, e0, _), (s1, _, _) in zip(chosen, chosen[1:]):
            gap = label[e0:s1]
            stray = gap.strip() if regex.search(r"\d", gap) else ""
            out.append((label[start:e0].strip(), "" if stray else " " * max(0, len(gap) - 2), stray))
            start = s1
        out.append((label[start:].strip(), run, ""))
    return out


BLANKS = 2  # cells a glued row of a table that leaves cells blank may leave blank


def _with_blanks(options: dict, matched) -> dict:
    """A glued table that leaves cells blank leaves no trace of them: a row reads as fewer numbers.  Where some
    row has no reading that keeps its total with every cell printed but has one with a cell or two left blank,
    the table leaves cells blank, and every glued row's readings with blanks join its others (a row read one
    way with every cell printed may be another with a blank: ``7870181070912`` is 787 0 18 107 0 _ 912 as
    well as 7 870 18 10 7 0 912).  Nothing changes for a table whose every row reads with every cell."""
    def fitting(run: str, n: int) -> list[tuple[str, ...]]:
        return [o for o in _blank_readings(run, n) if _row_ok("matrix", o)]

    glued = [(key, run, n) for key, _, run, n in matched if run and not regex.search(r"\s", run)]
    # a glued row's options are its readings that keep its total (_total_readings): none, it keeps it only blanked
    blanked = {key: fitting(run, n) for key, run, n in glued if not options[key]}
    evidence = [(run, n) for key, run, n in glued if blanked.get(key)]
    # the evidence: a row of fewer digits than cells, or two rows that keep their totals only with blanks; one
    # row that does (6111110 as 6 1 1 1 1 _ 10) may as well be a report breaking its own total (6 1 1 1 1 1 0):
    # read so, it was a wrong number no warning named
    if len(evidence) < 2 and not any(len(run) < n for run, n in evidence):
        return options
    blanked |= {key: fitting(run, n) for key, run, n in glued if key not in blanked}
    return {key: opts + blanked.get(key, []) for key, opts in options.items()}


def _blank_readings(run: str, n: int) -> list[tuple[str, ...]]:
    """Readings of ``run`` as a row of ``n`` cells with one or two of the cells before its total left blank."""
    out: list[tuple[str, ...]] = []
    for k in range(1, BLANKS + 1):
        for cells in _total_readings(run, n - k):
            for gaps in itertools.combinations(range(n - 1), k):
                it = iter(cells)
                out.append(tuple("" if c in gaps else next(it) for c in range(n)))
                if len(out) > MAX_READINGS:
                    return out
    return out


def _row_ok(kind: str, cells: tuple[str, ...]) -> bool:
    if kind != "matrix" or len(cells) != len(APP_COLUMNS):
        return True
    return abs(sum(_v(c) for c in cells[:-1]) - _v(cells[-1])) < 1e-9


def _column_relations(keys: set[str]) -> list:
    """The applications table's column relations that name only rows that were printed."""
    out = []
    if {"new", "carried_over", "results_total", "carried_forward"} <= keys:
        out.append((("new", "carried_over"), ("results_total", "carried_forward")))
    single = "other_total" in keys and not (set(OTHER_ROWS) & keys)
    parts = RESULT_ROWS + (("other_total",) if single else OTHER_ROWS)
    if "results_total" in keys and set(parts) <= keys:
        out.append((parts, ("results_total",)))
    return out


def _solve(name: str, kind: str, matched, options: dict, columns) -> tuple[dict, list[Issue], dict]:
    """(cells chosen by row key, issues, the readings of each row left open: those that disagree)."""
    issues: list[Issue] = []
    chosen: dict[str, tuple[str, ...]] = {}
    open_readings: dict[str, list[tuple[str, ...]]] = {}
    candidates: dict[str, list[tuple[str, ...]]] = {}
    for key, _, run, _ in matched:
        opts = options[key]
        if len(opts) > MAX_READINGS:  # too many ways to cut it to know them all: nothing is taken
            candidates[key] = []
            continue
        fitting = [o for o in opts if _row_ok(kind, o)]
        candidates[key] = fitting or (opts if len(opts) == 1 else [])
    relations = _column_relations({k for k, c in candidates.items() if c}) if kind == "matrix" else []
    if relations:
        _prune(candidates, relations, len(columns))
    open_keys = [k for k, c in candidates.items() if len(c) > 1]
    if open_keys and relations and _product_size([candidates[k] for k in open_keys]) <= MAX_COMBOS:
        fits = []
        for combo in itertools.product(*(candidates[k] for k in open_keys)):
            trial = {k: v[0] for k, v in candidates.items() if len(v) == 1} | dict(zip(open_keys, combo))
            if all(_holds(trial, lhs, rhs, len(columns)) for lhs, rhs in relations):
                fits.append(combo)
        if fits:
            for j, k in enumerate(open_keys):
                candidates[k] = list(dict.fromkeys(f[j] for f in fits))
    glued = 0
    for key, _, run, n in matched:
        cands = candidates[key]
        if len(cands) == 1:
            chosen[key] = cands[0]
            glued += len(options[key]) > 1
            continue
        if not cands:
            issues.append(_unsplit(name, kind, key, run, n, options[key]))
            continue
        chosen[key], differ = _agreed(cands, n)
        open_readings[key] = cands
        unknown = tuple(f"{name}.{key}.{columns[c]}" if columns else f"{name}.{key}" for c in differ)
        shown = "; ".join(" ".join(c or "_" for c in o) for o in cands[:20]) + (" …" if len(cands) > 20 else "")
        issues.append(Issue("cells_ambiguous", f"{name}.{key}: the printed run {run!r} reads as {len(cands)} "
                                               f"different rows ({shown}); the cells they disagree on are left null",
                            unread=unknown))
    if relations:
        issues += _recut_against_columns(name, matched, options, chosen, relations, len(columns))
    if glued:
        issues.insert(0, Issue("cells_split", f"{name}: {glued} row(s) printed with their cells run together; each "
                                              "split by the no-leading-zero rule and the table's relations, the "
                                              "only reading under which they hold"))
    return chosen, issues, open_readings


def _agreed(options: list[tuple[str, ...]], n: int) -> tuple[tuple[str, ...], list[int]]:
    """The ``n`` cells every reading gives alike, "" where they differ (every cell, with no reading), and the
    indexes of the cells they differ on."""
    differ = [c for c in range(n) if any(o[c] != options[0][c] for o in options)] if options else []
    return tuple("" if not options or c in differ else options[0][c] for c in range(n)), differ


def _unsplit(name: str, kind: str, key: str, run: str, n: int, options: list) -> Issue:
    """The warning for a glued row no reading of which is taken: its cells null, and why.  Where the run cuts
    into its cells two ways or more and each breaks the row's own total, with no cell left blank as well
    (a table that leaves cells blank leaves no trace of them in a glued run: _with_blanks), the report breaks
    that total whichever cut is right, and the warning says so to the checks (``broken``)."""
    row = f"{name}.{key}"
    cuts = readings(run, n)
    if not cuts:
        why = f"cannot be cut into {n} cells"
    elif len(options) > MAX_READINGS or len(cuts) > MAX_READINGS:
        why = f"reads more than {MAX_READINGS} ways"
    elif (kind == "matrix" and len(cuts) > 1 and not any(_row_ok(kind, o) for o in cuts)
          and (regex.search(r"\s", run) or not any(_row_ok(kind, o) for o in _blank_readings(run, n)))):
        return Issue("cells_ambiguous", f"{row}: the printed run {run!r} cannot be cut into {n} cells that keep "
                                        f"the row's total (it reads {len(cuts)} ways, each breaking it); its cells "
                                        "are left null", unread=(row,),
                     broken=f"{row}: total == natural_person + 5 organisation columns")
    else:
        why = f"cannot be cut into {n} cells that keep the row's relations"
    return Issue("cells_ambiguous", f"{row}: the printed run {run!r} {why}; its cells are left null", unread=(row,))


def _recut_against_columns(name: str, matched, options: dict, chosen: dict, relations, n_cols: int) -> list[Issue]:
    """Glued rows cut the one way that keeps each row's total, under which a column relation then fails: the
    report may have broken a row's own total instead (4258 14 0 8 0 6 4285 sums to 4286; cut to keep it,
    42581408064285 read 42 58 1 40 80 64 285, and every column failed).  For each row of the relation, the
    others say what its cells must be; printed one after another, where they are the row's run, that is its
    cut (taken, and said: the row's total then fails, as printed); where they are its run but for a digit or
    two (the report broke this relation too), the row's cut is in doubt: its cells are null and named.  A
    relation that fails with no row so placed is the report's own (the checks say so)."""
    def read(keys) -> bool:  # every cell of these rows read
        return all(k in chosen and "" not in chosen[k] for k in keys)

    issues = []
    runs = {key: run for key, _, run, _n in matched if key in chosen and options[key] and not regex.search(r"\s", run)}
    failing = [(lhs, rhs) for lhs, rhs in relations if read((*lhs, *rhs)) and not _holds(chosen, lhs, rhs, n_cols)]
    for lhs, rhs in failing:
        if not read((*lhs, *rhs)):
            continue  # a row of it was set aside below
        for key in [k for k in (*lhs, *rhs) if k in runs]:
            sign = 1 if key in rhs else -1  # the row = the others' balance, or its negative
            cells = []
            for c in range(n_cols):
                v = sign * (sum(_v(chosen[k][c]) for k in lhs if k != key) - sum(_v(chosen[k][c]) for k in rhs if k != key))
                cells.append(str(int(v)) if float(v).is_integer() and v >= 0 else "?")
            said, run = "".join(cells), runs[key]
            if said == run:
                chosen[key] = tuple(cells)
                issues.append(Issue("cells_split", f"{name}.{key}: the printed run {run!r} is cut {' '.join(cells)}, "
                                                   "as the columns' relations say; it breaks the row's own total, "
                                                   "as printed"))
                break
            if len(said) == len(run) and sum(a != b for a, b in zip(said, run)) <= 2:
                chosen[key] = ("",) * len(chosen[key])
                issues.append(Issue("cells_ambiguous", f"{name}.{key}: the printed run {run!r}, cut to keep its row's "
                                                       f"total, breaks the columns' relations, which would have it "
                                                       f"{' '.join(cells)}, not what is printed either; its cells are "
                                                       "left null", unread=(f"{name}.{key}",)))
                break
    return issues


def _prune(candidates: dict[str, list[tuple[str, ...]]], relations, n_cols: int) -> None:
    """Drop each reading that no choice of the other rows' readings can balance, column by column.

    For a relation sum(lhs) == sum(rhs) in column c, a reading of row k survives only if the other rows
    can reach the remainder it leaves.  Repeated until nothing changes.  A row never loses its last
    reading here (a report may break its own arithmetic; that is for the checks to report).
    """
    changed = True
    while changed:
        changed = False
        for lhs, rhs in relations:
            sign = {k: 1 for k in lhs} | {k: -1 for k in rhs}
            for c in range(n_cols):
                values = {k: {round(sign[k] * _v(o[c]), 6) for o in candidates[k]} for k in sign}
                for k in sign:
                    if len(candidates[k]) < 2:
                        continue
                    reach = _sums([values[o] for o in sign if o != k])
                    if reach is None:
                        continue
                    keep = [o for o in candidates[k] if round(-sign[k] * _v(o[c]), 6) in reach]
                    if keep and len(keep) < len(candidates[k]):
                        candidates[k] = keep
                        values[k] = {round(sign[k] * _v(o[c]), 6) for o in keep}
                        changed = True


def _sums(sets: list[set[float]]) -> set[float] | None:
    """Every sum of one value from each set; None when there are too many to track."""
    reach = {0.0}
    for options in sets:
        reach = {round(a + b, 6) for a in reach for b in options}
        if len(reach) > MAX_SUMS:
            return None
    return reach


def _product_size(lists: list[list]) -> int:
    size = 1
    for x in lists:
        size *= len(x)
    return size


def _holds(rows: dict, lhs: tuple[str, ...], rhs: tuple[str, ...], n_cols: int) -> bool:
    for c in range(n_cols):
        if abs(sum(_v(rows[k][c]) for k in lhs) - sum(_v(rows[k][c]) for k in rhs)) > 1e-9:
            return False
    return True


def _single_row(pairs: list[tuple[str, str]], table: dict) -> tuple[list[PrintedRow], list[Issue]]:
    """The review table: its header words, then one run of 15 values in three groups of five."""
    if not pairs:
        return [], []
    header, run = pairs[0]
    n_groups, width = len(table["groups"]), len(table["columns"])
    found = _grouped(run, n_groups, width)
    only = []
    if not found:  # the report may break its own totals: a run that reads only one way is still read
        only = readings(run, n_groups * width)
        found = only if len(only) == 1 else []
    name = table["name"]
    issues: list[Issue] = []
    if len(found) == 1:
        cells = found[0]
        if len(_split(run, n_groups * width)) > 1 and not regex.search(r"\s", run):
            issues.append(Issue("cells_split", f"{name}: the values printed run together ({run!r}); split by the "
                                               "no-leading-zero rule and the group totals, the only reading under "
                                               "which they hold"))
    else:
        n = n_groups * width
        cells, differ = _agreed(found, n)
        shown = "; ".join(" ".join(c or "_" for c in o) for o in found[:4]) + (" …" if len(found) > 4 else "")
        broken = ""
        if found:
            why = f"reads as {len(found)} different rows ({shown}); the cells they disagree on are left null"
        elif only and len(only) <= MAX_READINGS and _kept_with_blanks(run, n_groups, width) is False:
            why = (f"cannot be cut into {n} cells under which each group's total is the sum of its results (it "
                   f"reads {len(only)} ways, each breaking one, and none with a cell or two left blank keeps "
                   "them); its cells are left null")
            broken = f"{name}: total == upheld + corrected + other + pending in every group"
        elif only:  # every reading breaks a group's total, or too many readings to know
            why = (f"cannot be cut into {n} cells under which each group's total is the sum of its results, and "
                   "reads more than one way (the report may break its own totals); its cells are left null")
        else:
            why = f"cannot be cut into {n} cells; its cells are left null"
        # a run's header is one text: assign takes its groups in the template's order (_printed_group_order)
        groups, columns = [g for g, _ in table["groups"]], [c for c, _ in table["columns"]]
        unread = tuple(f"{name}.{groups[c // width]}.{columns[c % width]}" for c in differ) if found else (name,)
        issues.append(Issue("cells_ambiguous", f"{name}: the printed run {run!r} {why}", unread=unread,
                            broken=broken))
    return [PrintedRow(((header, None),), None), PrintedRow(tuple((c, None) for c in cells), None)], issues


def _kept_with_blanks(run: str, n_groups: int, width: int) -> bool | None:
    """Can the review run, with one or two of its cells left blank (a glued run shows no trace of a blank),
    be cut so that every group's total is the sum of its results?  None: too many cuts to know.

    A group of ``width`` cells printed with ``b`` blanks is ``width - b`` numbers: its total is the last of
    them (the blanks among its results, counting 0), or is itself blank and every number 0.  With spaces in
    the run the blanks are printed (two spaces), so a cut of it is one of ``readings``: nothing to add."""
    if regex.search(r"\s", run):
        return False
    too_many = False

    @cache
    def fits(start: int, groups: int, blanks: int) -> bool:
        nonlocal too_many
        rest = run[start:]
        if not groups:
            return not rest and blanks < BLANKS  # one blank at least: the blank-free cuts are _grouped's
        for b in range(blanks + 1):  # b of the group's cells blank (fewer than its width: BLANKS < width)
            k = width - b
            for cut in range(k, len(rest) + 1):
                cuts = _split(rest[:cut], k)
                too_many |= len(cuts) > MAX_READINGS
                for g in cuts:
                    holds = _groups_ok(g, k) or (b and not any(_v(c) for c in g))
                    if holds and fits(start + cut, groups - 1, blanks - b):
                        return True
        return False

    if fits(0, n_groups, BLANKS):
        return True
    return None if too_many else False


def _grouped(run: str, n_groups: int, width: int) -> list[tuple[str, ...]]:
    """Readings of the review run in which every group's total is the sum of its four results."""
    if regex.search(r"\s", run):
        return [r for r in readings(run, n_groups * width) if _groups_ok(r, width)]
    out: list[tuple[str, ...]] = []

    def walk(rest: str, groups_left: int, acc: tuple[str, ...]) -> None:
        if len(out) > MAX_READINGS:
            return
        if groups_left == 1:
            for g in _split(rest, width):
                if _groups_ok(g, width):
                    out.append(acc + g)
            return
        for cut in range(width, len(rest) - (groups_left - 1) * width + 1):
            for g in _split(rest[:cut], width):
                if _groups_ok(g, width):
                    walk(rest[cut:], groups_left - 1, acc + g)

    walk(run, n_groups, ())
    return out


def _groups_ok(cells: tuple[str, ...], width: int) -> bool:
    for g in range(0, len(cells), width):
        group = cells[g:g + width]
        if abs(sum(_v(c) for c in group[:-1]) - _v(group[-1])) > 1e-9:
            return False
    return True
