"""Tables flattened in a text dump, rebuilt as printed rows.

In a dump, labels and runs of numbers are interleaved, header words stand one
per line, and a row label can wrap onto two lines with its numbers on a third.
Each line splits into a label part and its trailing value tokens; label-only
lines are carried to the next line with values.
"""

from __future__ import annotations

import itertools
from functools import partial

import regex

from reportparse.checks import evaluate
from reportparse.layout import display_width
from reportparse.model import Issue, Line
from reportparse.normalize import is_value_text, open_brackets, parse_cell
from reportparse.tables.assign import PrintedRow, assign

# words printed in the tables' headers and stub cells (never in running prose of a heading line)
HEADER_WORDS = ("第二十条", "信息内容", "本年制发件数", "本年新制作数量", "申请人情况", "勾稽关系", "自然人",
                "法人或其他组织", "行政复议", "行政诉讼", "结果维持", "本年处理决定数量")


def split_values(text: str) -> tuple[str, list[str]]:
    """``"规章 0 0 0"`` -> ("规章", ["0", "0", "0"]).  Cells separated by tabs (a table copied from a web page or a
    Word file) keep their blank cells: ``"1.属于国家秘密\t9\t0\t\t\t\t0\t9"`` -> [9, 0, '', '', '', 0, 9]."""
    if "\t" in text.strip():
        fields = [" ".join(f.split()) for f in text.strip().split("\t")]
        k = len(fields)
        while k > 0 and (not fields[k - 1] or is_value_text(fields[k - 1])):  # a cell of its own: 无 too
            k -= 1
        values = fields[k:]
        while values and not values[0]:
            values.pop(0)  # blank fields next to the label: a merged label cell's, or a blank cell; not told apart
        if values:
            return " ".join(f for f in fields[:k] if f), values
    tokens = text.split()
    k = len(tokens)
    while k > 0 and is_value_text(tokens[k - 1]) and tokens[k - 1] not in ("无",):
        k -= 1
    return " ".join(tokens[:k]), tokens[k:]


def _fits(kind: str, label: str, values: list[str]) -> bool:
    """Do these values make a row of this kind of table (and not prose that ends in a number)?"""
    if label[-1:] in "。，；：,;:" and not (open_brackets(label) > 0 and _LABEL_AT.match(label)):
        return False  # prose, unless a numbered label cut inside its bracket: （二）部分公开（区分处理的，只计这一情形，
    if kind == "matrix":
        return len(values) == 7 or (len(values) > 7 and not label)
    return 1 <= len(values) <= 3


def table_rows(lines: list[Line], kind: str, blank: dict[str, int] | None = None) -> tuple[list[PrintedRow], set[int]]:
    """The printed rows in one section's lines, and the indexes of the lines that belong to the table.

    A row is the label lines since the last row, then its values, on the same line as the label or on
    the lines after it (one per line, or all on one).  ``blank`` (a ``rows`` table's row labels -> their
    number of cells): a line holding one of those labels and nothing else, before another row's label, is
    that row printed with every cell blank (规章 where the agency makes no rules).  In a dump that kept the page's layout
    (``pdftotext -layout``), a matrix row printed with blank cells is put back into its columns, and a
    label line after the values that stands in the label's own column (a label wrapped over three lines,
    numbers on the middle one) finishes that row's label.
    """
    texts = [ln.raw or ln.text for ln in lines]
    start = next((i for i, t in enumerate(texts)
                  if any(w in t.replace(" ", "") for w in HEADER_WORDS) and not _prose(t) or split_values(t)[1]),
                 None)
    if start is None:
        return [], set()
    while start > 0 and len(texts[start - 1]) <= 40 and texts[start - 1].rstrip()[-1:] not in "。；;！!？?":
        start -= 1  # the label lines of the first row, when no header words came before it
    layout = Layout(lines[start:]) if kind == "matrix" else None
    rejoined, fragments = _wrapped_cells(lines, start) if kind == "rows" else ({}, set())
    rows: list[PrintedRow] = []
    last_data = None
    labels: list[str] = []
    label_at: float | None = None  # the column the row's innermost label starts in
    values: list[str] = []
    unplaced: tuple[str, ...] = ()
    value_lines: list[int] = []
    page = None
    early = False  # values read before their row's label, waiting for it

    def item_next(i: int) -> bool:  # the next line a numbered row label without values (past a lone character)
        for j in range(i + 1, min(i + 3, len(texts))):
            label, found = split_values(texts[j])
            if len(label) > 1 or found:
                return bool(_ITEM_LABEL.match(label)) and not found
        return False

    def emit(end: int) -> None:
        nonlocal last_data, values, unplaced
        label = "".join(labels).replace(" ", "")
        if layout is not None and _LABEL_AT.search(label) and 0 < len(values) < Layout.N and len(value_lines) == 1:
            # one line of values, fewer than the columns: blank cells, put back where the layout shows them
            placed = layout.place(lines[value_lines[0]], len(values))
            if placed is None:
                unplaced = tuple(values)  # placed later, by the table's relations, or left null
            values = placed or [""] * Layout.N
        if values and _fits(kind, label, values):
            cells = [(t.replace(" ", ""), None) for t in labels] or [("", None)]
            rows.append(PrintedRow(tuple(cells + [(v, None) for v in values]), page, unplaced))
            last_data = end

    for i in range(start, len(lines)):
        if i in fragments:
            continue
        label, found = split_values(texts[i]) if i not in rejoined else rejoined[i]
        if kind == "single_row":
            if found and not label:
                rows.append(PrintedRow(tuple((v, None) for v in found), lines[i].page))
                last_data = i
            continue
        beside = layout is not None and label_at is not None and layout.left_of(lines[i], label_at)
        if kind == "matrix" and layout.metric is None and lines[i].size == 1.0 and found and not label \
                and len(found) == Layout.N and (labels and len(values) == Layout.N or not values
                                                and not any(_ITEM_LABEL.match(t) for t in labels) and item_next(i)):
            # a full line of values under a row that has its own, or under only a group's label (（四）无法提供)
            # or a character of a merged cell (本) before a numbered label: the next row's, printed above its
            # label (pdfplumber, where a row's numbers sit a little higher than its label); it waits for the
            # numbered label after it (1.属于国家秘密), group labels between going with it
            if values:
                emit(i - 1)
                labels = []
            values, unplaced, label_at, value_lines = list(found), (), None, [i]
            page, early = lines[i].page, True
            continue
        if early and label:
            labels.append(label)
            if found:  # a row printed whole before any label took the early values: they are no row's
                values, value_lines, page, early = list(found), [i], lines[i].page, False
            elif _ITEM_LABEL.match(label):
                early = False  # its label: the row goes on as one printed label-first
            continue
        if label and values:
            if not found and layout and layout.continues(lines[i], label_at):
                labels.append(label)  # the label's last line, under its first: the row goes on
                continue
            if not found and open_brackets("".join(labels)) > 0 and _closes_bracket(label):
                labels.append(label)  # the end of a label wrapped around its values' line: 不计其他情形）
                continue
            if not found and beside and not _LABEL_AT.search(label):
                continue  # the rest of a group label standing beside the row (（六）其 / 他处理): not the row's
            emit(i - 1)
            labels, values, unplaced, label_at, value_lines = [], [], (), None, []
        alone = labels[-1].replace(" ", "") if label and blank and not values and labels else None
        if alone and alone in blank:  # the label line before this one was a row of blank cells
            rows.append(PrintedRow(((alone, None), *[("", None)] * blank[alone]), lines[i - 1].page))
            labels, last_data = [], i - 1
        if label:
            if layout and label_at is not None and not _LABEL_AT.search(label):
                label = layout.right_of(lines[i], label_at, label)  # a group label's line beside it: not ours
            elif beside and labels and _LABEL_AT.search(labels[-1]):
                # a group label (（六）其…) left of the row label (2.申请人…) begun on the line above: the outer one
                labels.insert(0, label)
                continue
            elif layout:
                label_at = layout.label_start(lines[i])
            labels.append(label)
        if found:
            values.extend(found)
            value_lines.append(i)
            page = lines[i].page
    emit(len(lines) - 1)
    if last_data is None:
        return [], set()
    tail = [t.strip() for t in texts[last_data + 1:]]
    if kind == "rows" and 0 < len(tail) <= 2 and all(len(t) <= 10 and not regex.search(r"\p{P}$", t) for t in tail):
        # a row label printed after its number (some extractors read the cell's number first)
        rows.append(PrintedRow(tuple((t, None) for t in tail), lines[-1].page))
        last_data = len(lines) - 1
    return rows, set(range(start, last_data + 1))


def _wrapped_cells(lines: list[Line], start: int) -> tuple[dict[int, tuple[str, list[str]]], set[int]]:
    """Rows of a dump's table printed with one cell wrapped over lines: its first part on the line above the row
    (``22（其中修订16``), the rest below (``件）``), the row's own line short of that cell.  The cell is put
    back into its column, found by where the header cells (本年制发件数 本年废止件数 现行有效件数) stand, the
    same way for the row's values.  Where the header does not say (no header line above with one column more
    than the row has values, or a part nearest no column, or two parts nearest one), the row is left as it is
    (short of a cell: null, with a warning).

    Returns {row line: (label, values in column order)} and the fragment lines used."""
    texts = [ln.raw or ln.text for ln in lines]
    rejoined: dict[int, tuple[str, list[str]]] = {}
    used: set[int] = set()
    # a PDF's lines (a table printed without column rules) are measured in points, a dump's in characters
    metrics = ("points",) if any(ln.size != 1.0 for ln in lines[start:]) else _CHARACTER_COLUMNS
    for i in range(max(start, 1), len(lines) - 1):
        label, found = split_values(texts[i])
        above, below = texts[i - 1].strip(), texts[i + 1].strip()
        if not label or i - 1 in used or not _fragment(above, opens=True) \
                or not _fragment(below, opens=False) or not is_value_text(above + below):
            continue
        header = next((k for k in range(i - 2, start - 1, -1) if not split_values(texts[k])[1]
                       and len(texts[k].split()) >= 3 and not _prose(texts[k])), None)
        if header is None or len(texts[header].split()) - 1 != len(found) + 1:
            continue
        full = [k for k in range(header + 1, i - 1) if len(split_values(texts[k])[1]) == len(found) + 1]
        placed = _placements(lines[header], [lines[k] for k in full], lines[i], len(found), lines[i - 1], lines[i + 1],
                             metrics)
        if len(placed) != 1:
            continue
        order = placed.pop()
        cells = [""] * (len(found) + 1)
        for text, column in zip([*found, above + below], order):
            cells[column] = text
        rejoined[i] = (label, cells)
        used |= {i - 1, i + 1}
    return rejoined, used


def _fragment(text: str, opens: bool) -> bool:
    """A part of a wrapped value cell: one token, not a value by itself; the first part starts with a digit
    (22（其中修订16), the last closes the note the first opened (件）)."""
    if not text or len(text.split()) != 1 or is_value_text(text) or _LABEL_AT.match(text):
        return False
    if opens:
        return bool(regex.match(r"[-+]?\d", text)) and open_brackets(text) > 0
    return open_brackets(text) < 0


def _placements(header: Line, full: list[Line], row: Line, n_values: int, first: Line, last: Line,
                metrics: tuple[str, ...] = ("chars", "display")) -> set[tuple]:
    """The columns (by index) the row's ``n_values`` values and its wrapped cell stand in, under each measure of
    columns (``metrics``: characters and display width, or a PDF's points) in which the header's column cells
    line up with the rows printed in full (every measure, where there is no such row) and every part stands
    nearest a column of its own."""
    out = set()
    for metric in metrics:
        centres = [at for _, at in Layout._tokens(header, metric)[1:]]
        if min((b - a for a, b in itertools.pairwise(centres)), default=0) <= 0:
            continue
        column = partial(_nearest_column, centres)
        if any([column(at) for _, at in Layout._tokens(ln, metric)[-len(centres):]] != list(range(len(centres)))
               for ln in full):
            continue  # this measure does not line the full rows up under the header
        parts = [column(at) for _, at in Layout._tokens(row, metric)[len(Layout._tokens(row, metric)) - n_values:]]
        wrapped = {column(_first_at(first, metric)), column(_first_at(last, metric))}
        if len(wrapped) != 1 or None in wrapped or None in parts:
            continue
        order = (*parts, wrapped.pop())
        if len(set(order)) == len(order):
            out.add(order)
    return out


def _first_at(line: Line, metric: str) -> float | None:
    """Where the line's first token stands; a PDF's line of one token (no ``spots``) where its run does."""
    if metric == "points":
        spots = token_spots(line)
        return spots[0] if spots else None
    tokens = Layout._tokens(line, metric)
    return tokens[0][1] if tokens else None


def token_spots(line: Line) -> tuple[float, ...] | None:
    """The x of each token of a PDF line's raw text: its ``spots``, or, for a line of one token, its middle;
    None where that is not known."""
    n = len((line.raw or line.text).split())
    if line.spots and len(line.spots) == n:
        return line.spots
    return ((line.x0 + line.x1) / 2,) if n == 1 else None


def _nearest_column(centres: list[float], at: float | None) -> int | None:
    """The column whose centre ``at`` stands nearest, if within a third of the narrowest gap between columns."""
    if at is None:
        return None
    gap = min(b - a for a, b in itertools.pairwise(centres))
    k = min(range(len(centres)), key=lambda c: abs(centres[c] - at))
    return k if abs(centres[k] - at) <= gap / 3 else None


def _prose(text: str) -> bool:
    """A sentence (a lead such as 2024年，本机关…行政复议、行政诉讼情况如下。), not a header cell: a comma or a
    full stop outside brackets (the corner note （…第一项加第二项之和，等于…） keeps its comma inside)."""
    return bool(regex.search(r"[，。；,;]", regex.sub(r"（[^（）]*）|\([^()]*\)", "", text)))  # raw has ASCII commas


# a numbered row label, perhaps after a character of the merged cell beside it (本 3.危及…, 1.属于国家秘密)
_ITEM_LABEL = regex.compile(r"^(?:\S\s+)?\d{1,2}\s*[.、．](?!\d)")


def _closes_bracket(text: str) -> bool:
    """Text that ends a bracket opened before it (不计其他情形）): a closing bracket before any opening one."""
    m = regex.search(r"[（()）]", text)
    return bool(m) and m.group() in "）)" and not _LABEL_AT.match(text)


_LABEL_AT = regex.compile(r"（\s*[一二三四五六七八九十]{1,2}\s*）|(?<![\d.])\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]、")
_TOKEN = regex.compile(r"\S+")


def _printed_in_full(line: Line, n: int) -> bool:
    """Does the line print a value in each of ``n`` cells (no blank among them)?"""
    values = split_values(line.raw or line.text)[1]
    return len(values) == n and all(values)


_CHARACTER_COLUMNS = ("chars", "display")  # a dump's measures; a PDF's lines are measured in points


class Layout:
    """Where the columns of a matrix table stand in a dump that kept the page's layout, or in a PDF's table
    printed without rules (its lines' ``spots``: where each token stands, in points).

    A column is where the values of the rows printed in full (seven values) stand.  A dump's lines are
    measured two ways, since dumps align differently: ``pdftotext -layout`` counts characters (a CJK
    character is one column), a terminal-minded tool counts display width (two); the measure under which
    the full rows line up is the layout's.  A PDF's are measured in points, from the middle of each token.
    """

    N = 7

    def __init__(self, lines: list[Line]):
        self.metric: str | None = None
        self.centres: list[float] = []
        # a table run across pages: each page laid out on its own (pdftotext -layout sets each page's columns
        # apart), its own columns where it prints two rows in full, the whole table's elsewhere
        self.pages: dict[int, tuple[str, list[float]]] = {}
        if not lines:
            return
        if any(ln.size != 1.0 for ln in lines):  # a PDF's lines: no character columns, but where the tokens stand
            metrics: tuple[str, ...] = ("points",)
            if any(not ln.spots for ln in lines if _printed_in_full(ln, self.N)):
                return
        else:
            metrics = ("chars", "display")
        fit = self._fit(lines, metrics)
        if fit:
            self.metric, self.centres = fit
        pages = sorted({ln.page for ln in lines})
        if len(pages) > 1:
            for page in pages:  # one row printed in full places a page's rows, in the measure the table's are
                fit = self._fit([ln for ln in lines if ln.page == page], (self.metric,) if self.metric else metrics,
                                least=1 if self.metric else 2)
                if fit:
                    self.pages[page] = fit
            if not self.metric and self.pages:
                self.metric = next(iter(self.pages.values()))[0]

    def _fit(self, lines: list[Line], metrics: tuple[str, ...], least: int = 2) -> tuple[str, list[float]] | None:
        """(measure, column centres) under which most of the rows printed in full (``least`` of them at least)
        line up; None if none does."""
        best = None
        for metric in metrics:
            full = [t[-self.N:] for t in (self._tokens(ln, metric) for ln in lines if _printed_in_full(ln, self.N))
                    if len(t) >= self.N]
            if len(full) < least:
                return None
            centres = [sorted(row[k][1] for row in full)[len(full) // 2] for k in range(self.N)]
            gap = min(b - a for a, b in zip(centres, centres[1:]))
            if gap <= 0:
                continue
            aligned = sum(all(abs(row[k][1] - centres[k]) < gap / 3 for k in range(self.N)) for row in full)
            if aligned >= max(least, len(full) / 2) and (best is None or aligned > best[0]):
                best = (aligned, metric, centres)
        return (best[1], best[2]) if best else None

    @staticmethod
    def _tokens(line: Line, metric: str) -> list[tuple[str, float]]:
        """Each token of the line with the column of its centre."""
        raw = line.raw or line.text
        if metric == "points":
            tokens = _TOKEN.findall(raw)
            return list(zip(tokens, line.spots)) if len(tokens) == len(line.spots) else []
        lead = line.x0 * 2 if metric == "chars" else line.x0  # the indent, in the metric's units
        out = []
        for m in _TOKEN.finditer(raw):
            if metric == "chars":
                at = lead + m.start() + len(m.group()) / 2
            else:
                at = lead + display_width(raw[:m.start()]) + display_width(m.group()) / 2
            out.append((m.group(), at))
        return out

    def place(self, line: Line, n_values: int) -> list[str] | None:
        """The row's values in their seven columns ('' for a blank cell), or None where the layout does not
        say (no layout, or two values nearest one column, or a value between columns)."""
        metric, centres = self.pages.get(line.page, (self.metric, self.centres))
        if not metric or not centres:
            return None
        tokens = self._tokens(line, metric)[-n_values:]
        if len(tokens) < n_values:
            return None
        gap = min(b - a for a, b in zip(centres, centres[1:]))
        out = [""] * self.N
        for text, at in tokens:
            k = min(range(self.N), key=lambda c: abs(centres[c] - at))
            if abs(centres[k] - at) > gap / 3 or out[k]:
                return None
            out[k] = text
        return out

    def right_of(self, line: Line, column: float, label: str) -> str:
        """The part of a label line standing in ``column`` or right of it (处理   费用、… -> 费用、…)."""
        raw = line.raw or line.text
        lead = line.x0 * 2 if self.metric == "chars" else line.x0
        tokens = list(_TOKEN.finditer(raw))[:len(label.split())]
        kept = [m.group() for m in tokens
                if lead + (m.start() if self.metric == "chars" else display_width(raw[:m.start()])) >= column - 1]
        return " ".join(kept) or label

    def label_start(self, line: Line) -> float | None:
        """The column where the innermost row label of a label line starts (1. in （六）其他   1.申请人…)."""
        if self.metric not in _CHARACTER_COLUMNS:
            return None
        raw = line.raw or line.text
        starts = [m.start() for m in _LABEL_AT.finditer(raw)]
        at = starts[-1] if starts else 0
        lead = line.x0 * 2 if self.metric == "chars" else line.x0
        return lead + (at if self.metric == "chars" else display_width(raw[:at]))

    def left_of(self, line: Line, column: float) -> bool:
        """Does the whole line stand left of ``column`` (a group label's line beside a row label that starts
        in that column)?"""
        if self.metric not in _CHARACTER_COLUMNS:
            return False
        raw = (line.raw or line.text).rstrip()
        lead = line.x0 * 2 if self.metric == "chars" else line.x0
        end = lead + (len(raw) if self.metric == "chars" else display_width(raw))
        return bool(raw.strip()) and end <= column

    def continues(self, line: Line, label_at: float | None) -> bool:
        """Is this label-only line the rest of the label above it: no row number of its own, and standing in
        the column where that label starts?"""
        if label_at is None or self.metric not in _CHARACTER_COLUMNS:
            return False
        raw = (line.raw or line.text).strip()
        if _LABEL_AT.search(raw):
            return False
        lead = line.x0 * 2 if self.metric == "chars" else line.x0
        return abs(lead - label_at) <= 1


def rows_in_order(lines: list[Line], table: dict) -> tuple[list[PrintedRow], set[int], Issue] | None:
    """A matrix table whose cells a dump printed each on a line of its own, its numbers apart from its row
    labels (plain ``pdftotext`` of a PDF's table: a run of labels, then the numbers of several rows, labels
    after them...): its rows read from the numbers alone, in the template's order.

    Taken only where the numbers are exactly the table's (seven to a row, for the rows as printed in full or
    with （六）其他处理 as one row) and every row's total and the table's relations hold (new + carried_over =
    results_total + carried_forward, results_total = the result rows, column by column); None otherwise: a
    blank cell leaves no trace in such a dump, and then which cell each number is is not known.  Returns the
    rows (under the template's labels), the lines of the table, and the warning that says how it was read.
    """
    texts = [ln.raw or ln.text for ln in lines]
    words = HEADER_WORDS + tuple(table.get("header_words", ()))
    start = next((i for i, t in enumerate(texts) if any(w in t.replace(" ", "") for w in words) and not _prose(t)),
                 None)
    if start is None:
        return None
    numbers = [i for i in range(start, len(texts)) if texts[i].split() and all(is_value_text(t) for t in texts[i].split())]
    if not numbers:
        return None
    tokens = [t for i in numbers for t in texts[i].split()]
    if any(not isinstance(parse_cell(t).value, (int, float)) for t in tokens):
        return None
    n = len(table["columns"])
    label = {r["key"]: r["label"] for r in table["rows"]}
    whole, parts = next(iter(table.get("alternatives", {}).items()), (None, ()))
    for printed in ([k for k in label if k != whole], [k for k in label if k not in parts]):
        if len(tokens) != n * len(printed):
            continue
        pages = [lines[i].page for i in numbers for _ in texts[i].split()]
        rows = [PrintedRow(((label[k], None), *((t, None) for t in tokens[n * r:n * r + n])), pages[n * r])
                for r, k in enumerate(printed)]
        checks = evaluate({table["name"]: assign(table, rows)[0]})  # the relations the record's checks test
        if not checks or not all(c.ok for c in checks):
            continue
        end = numbers[-1] + 1
        while end < len(texts) and len(texts[end]) <= 40 and not _LEAD.match(texts[end]) \
                and not texts[end].rstrip().endswith(("。", "；", "！", "？")):
            end += 1  # row labels printed after the numbers (（二）部分公开（区分处理的，只计这一情形，too)
        issue = Issue("cells_in_order", f"{table['name']}: the numbers printed apart from their row labels (a dump of "
                                        f"the table cell by cell), read as its {len(printed)} rows in the "
                                        "template's order: every row's total and the table's relations hold",
                      pages[0])
        return rows, set(range(start, end)), issue
    return None


_LEAD = regex.compile(r"^\s*[一二三四五六七八九十]+、(?!本年|上年|结转)")  # a section's heading, not the table's 一、本年新收…
