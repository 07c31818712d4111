"""Which printed rows belong to which standard table, from a document's grids and from its text.

Grids are classified by the section they stand in (二 -> active_disclosure, 三 -> applications,
四 -> review_litigation), or by their header words where no heading was read.  A standard table that no
grid holds is looked for in the lines of its section: a text dump's flattened rows, a PDF table
printed without rules, or a crawler's one-line run of glued cells.  The lines that held a table are
taken out of the text, with a break left where they stood, so no paragraph runs across a table.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

import regex

from reportparse import templates
from reportparse.document import Document, Grid
from reportparse.model import Cell, Issue, Line
from reportparse.normalize import halfwidth_digits, innermost_label, is_value_text
from reportparse.sections import section_heads
from reportparse.tables.own import is_standard, own_table_issue, own_table_lines
from reportparse.tables.assign import MATCH, PrintedRow, best_row, assign
from reportparse.tables.runs import cell_runs, is_flattened, row_label, rows_from_run
from reportparse.tables.text import HEADER_WORDS, _prose, rows_in_order, table_rows, token_spots

SECTION_TABLES = {2: ("active_disclosure", "rows"), 3: ("applications", "matrix"), 4: ("review_litigation", "single_row")}


@dataclass
class Found:
    """The tables' printed rows, and the lines and paragraph breaks left for the text."""

    printed: dict[str, list[PrintedRow]]
    lines: list[Line]
    breaks: set[int]
    issues: list[Issue] = field(default_factory=list)


def find_tables(doc: Document, template: str) -> Found:
    # a text dump's tables of the report's own shape first: their rows are neither headings nor standard rows
    own, issues = (set(), []) if doc.geometric else own_table_lines(doc.lines)
    base = [ln for i, ln in enumerate(doc.lines) if i not in own] if own else doc.lines
    heads = section_heads([ln.text for ln in base])  # found once for the three steps below
    printed = classify_grids(doc.grids, template, base, heads, issues)
    wanted = [kind for kind in SECTION_TABLES.values() if kind[0] not in printed]
    loose = loose_rows(doc.lines, printed, template, heads) if doc.geometric and printed else set()
    lines = [ln for i, ln in enumerate(doc.lines) if i not in loose | own]
    lines, breaks, found, text_issues = text_tables(lines, wanted, template, merge=doc.geometric,
                                                    heads=None if loose else heads)
    issues += text_issues
    printed.update(found)
    kept = _kept_index(doc.lines, lines)
    breaks |= {kept[b] for b in doc.breaks | loose | own if b < len(kept)}
    if doc.geometric:
        breaks |= table_breaks(lines, doc.grids)
    return Found(printed, lines, breaks, issues)


def _kept_index(before: list[Line], after: list[Line]) -> list[int]:
    """For each index into ``before``, the index in ``after`` of the first kept line at or after it."""
    kept = {id(ln) for ln in after}
    out, n = [], 0
    for ln in before:
        out.append(n)
        n += id(ln) in kept
    out.append(n)
    return out


def classify_grids(grids: list[Grid], template: str, lines: list[Line],
                   heads: list[tuple[int, int]] | None = None,
                   issues: list[Issue] | None = None) -> dict[str, list[PrintedRow]]:
    """Which standard table each grid belongs to (``heads``: ``section_heads`` of the lines, if at hand).

    The section a grid stands in decides; where no heading was found, its header words do, and a grid
    without them continues the table before.  A grid under 一、五 or 六 is some other table of the
    report's own, and so is one under 二、三、四 that prints nothing a standard table prints (an old
    统计表): it is skipped, with a ``table_own_shape`` issue added to ``issues``.
    """
    spec = templates.load(template if template in templates.NAMES else "2021")["tables"]
    if heads is None:
        heads = section_heads([ln.text for ln in lines])
    heads = [(lines[i].page, lines[i].top, n) for i, n in heads]
    out: dict[str, list[PrintedRow]] = {}
    current = None
    standard_in = None  # the section of the last standard grid: a grid after it in that section continues it
    for g in grids:
        above = [n for page, top, n in heads if (page, top) < (g.page, g.bbox[1])]
        section = above[-1] if above else None
        if (standard_in is None or section != standard_in) and not is_standard([c.text for c in g.cells]) \
                and not _bare_single_row(g, section, spec):
            if issues is not None and section in SECTION_TABLES:
                issues.append(own_table_issue(section, [c.text for c in g.rows()[0]] if g.rows() else [], g.page))
            continue
        standard_in = section
        text = "".join(g.text.split())
        scores = {name: sum(w in text for w in t["header_words"]) for name, t in spec.items()}
        name = max(scores, key=scores.get)
        by_words = scores[name] >= 2  # a heading printed inside the table, or missing, must not mislead
        if section in SECTION_TABLES and not (by_words and scores[SECTION_TABLES[section][0]] == 0):
            own = SECTION_TABLES[section][0]
            later = current is not None and _ORDER.index(current) > _ORDER.index(own)
            # a grid with no header words after a later table's (its heading lost) goes on with that table
            name = current if later and scores[name] == 0 else own
        elif section is not None and heads and not by_words and section not in SECTION_TABLES:
            continue
        elif scores[name] == 0:
            if current is None:
                continue
            name = current
        current = name
        for r, row in enumerate(g.rows()):
            if r and not any(c.r0 == r and c.text for c in row):
                continue  # a rule across part of a row (Chromium closes a merged cell cut by a page mid-row): the
                # row above again, its cells all begun there, blank ones beside them (it would read twice)
            out.setdefault(name, []).append(PrintedRow(tuple((c.text, c.bbox) for c in row), g.page))
    return out


def _bare_single_row(g: Grid, section: int | None, spec: dict) -> bool:
    """Is grid ``g``, under the section of the single-row table (四、), that table's values alone: one row of
    exactly its cells (15: three groups of five), each a value or blank?  A conversion that lost the table's
    header (markdown from a PDF: 行政复议 and 行政诉讼 as a line of text, the numbers as a table of one row)
    leaves only them, as the same values on a line of text do; they are read in the template's order."""
    name, kind = SECTION_TABLES.get(section, (None, None))
    if kind != "single_row" or name not in spec:
        return False
    rows = g.rows()
    table = spec[name]
    need = len(table["groups"]) * len(table["columns"])
    return (len(rows) == 1 and len(rows[0]) == need and any(c.text.strip() for c in rows[0])
            and all(not c.text.strip() or is_value_text(c.text) for c in rows[0]))


def loose_rows(lines: list[Line], printed: dict[str, list[PrintedRow]], template: str,
               heads: list[tuple[int, int]] | None = None) -> set[int]:
    """Rows of a ruled table printed without rules enough to make a grid of their own, put back among its
    grid's rows (in ``printed``, in place); the indexes of the lines they were read from.

    A table piece at a page's top whose first row has no rule over it (the producer drew that border only
    on the page before) under a running header's rule, or a piece with its frame but no rule between its
    columns, leaves its rows as lines of text in the table's section.  Lines read back as rows are those
    standing within the table's width, on the pages from its first grid to the page after its last, and
    read as rows of the table that its grids lack: a label matching a template row not printed in the grids,
    or, for the single row of table 四, its values where the grids hold none.  The lines of the table's own
    header or group titles standing there (``_header_lines``) are the table's too: their indexes are returned
    with the rows'.
    """
    spec = templates.load(template if template in templates.NAMES else "2021")["tables"]
    out: set[int] = set()
    held = [(name, kind) for name, kind in SECTION_TABLES.values() if name in spec and printed.get(name)]
    for name, kind, first, end in _regions(lines, held, spec, heads):
        extent = _extent(printed[name])
        if extent is None:
            continue
        x0, x1, pages = extent
        out |= _header_lines(lines, range(first, end), spec[name], extent)
        first_page, last_page = min(pages), max(pages) + 1
        groups = [g for g in _baselines(lines, first, end)
                  if all(first_page <= lines[k].page <= last_page and x0 <= lines[k].x0 and lines[k].x1 <= x1
                         for k in g)]
        clusters: list[list[list[int]]] = []
        for g in groups:  # runs of such rows one after another on one page
            if clusters and clusters[-1][-1][-1] + 1 == g[0] and lines[clusters[-1][-1][0]].page == lines[g[0]].page:
                clusters[-1].append(g)
            else:
                clusters.append([g])
        for cluster in clusters:
            merged = [_merge([lines[k] for k in g]) for g in cluster]
            found, used = table_rows(merged, kind)
            if not found or not _lacking(spec[name], printed[name], found):
                continue
            at = (merged[min(used)].page, merged[min(used)].top)
            place = next((i for i, r in enumerate(printed[name]) if _row_at(r) > at), len(printed[name]))
            printed[name][place:place] = found
            out |= {k for j in used for k in cluster[j]}
    return out


_GROUP_TITLE = regex.compile(r"第二十[一二]?条第[（(][一二三四五六七八九十]+[)）]项")  # table 二's groups
_HEADER_EXTRA = ("行政诉讼", "申请人情况", "信息内容", "法人或其他组织", "本年度办理结果")


def _header_lines(lines: list[Line], region: range, table: dict, extent: tuple[float, float, set[int]]) -> set[int]:
    """The lines of ``region`` that are the table's own header or group titles standing as text beside its
    grids (they hold no value).

    A table printed without its frame has no rule over the first row of each piece (第二十条第（一）项 at a
    page's foot), and, cut by a page under its header, cells between its inner column rules only (table 四's
    结果维持 and 总计 outside them): those rows are read as lines of the section.  Lines within the table's
    ``extent`` (``_extent``), on the pages of its grids, made of its header's words only.
    """
    x0, x1, pages = extent
    words = _header_words(table)
    return {k for k in region if lines[k].page in pages and x0 <= lines[k].x0 and lines[k].x1 <= x1
            and _only_header(lines[k].text, words)}


def _header_words(table: dict) -> tuple[str, ...]:
    """The words a table's header prints: its header words, group and column labels (and the standard few)."""
    labels = [*table.get("header_words", ()), *_HEADER_EXTRA, *(label for _, label in table.get("groups", ()))]
    for col in table.get("columns", ()):
        labels.append(col["label"] if isinstance(col, dict) else col[1])
    for row in table.get("rows", ()):
        labels += [label for _, label in row.get("columns", ())]
    return tuple(dict.fromkeys("".join(w.split()) for w in labels))


def _only_header(text: str, words: tuple[str, ...]) -> bool:
    """Is ``text`` a group title, or made of pieces of header ``words`` only (each of two characters or
    more, or a bracket): ``行政诉讼（未经复议直接起诉）``, ``结果`` and ``维持`` of a label wrapped in its cell?"""
    text = "".join(text.split())
    if _GROUP_TITLE.fullmatch(text):
        return True
    if len(text) < 2 or not any(w in text or text in w for w in words):
        return False
    ok = [True] + [False] * len(text)  # ok[i]: text[:i] is made of such pieces
    for i in range(len(text)):
        if not ok[i]:
            continue
        if text[i] in "()（）":
            ok[i + 1] = True
        for j in range(i + 2, len(text) + 1):
            if any(text[i:j] in w for w in words):
                ok[j] = True
            else:
                break  # a longer piece holds this one: no word holds it either
    return ok[-1]


def _extent(rows: list[PrintedRow]) -> tuple[float, float, set[int]] | None:
    """(left, right, pages) of a table's grid rows: the x-range of their cells give or take two points and a
    cell's median width, the pages they stand on; None if no cell has a box.  The column's slack: an outer
    column its grids may lack (a table printed without its frame, cut by a page under its header, one rule
    left on that page, has cells between its inner column rules only)."""
    boxes = [(r.page, b) for r in rows for _, b in r.cells if b and r.page is not None]
    if not boxes:
        return None
    widths = sorted(b[2] - b[0] for _, b in boxes)
    column = widths[len(widths) // 2]
    return (min(b[0] for _, b in boxes) - 2 - column, max(b[2] for _, b in boxes) + 2 + column,
            {p for p, _ in boxes})


def _row_at(row: PrintedRow) -> tuple[int, float]:
    """Where a grid's row stands: its page and the top of its own cells (a merged cell's starts higher)."""
    return (row.page or 0, max((b[1] for _, b in row.cells if b), default=0.0))


def _lacking(table: dict, rows: list[PrintedRow], found: list[PrintedRow]) -> bool:
    """Are ``found`` rows of ``table`` that its printed ``rows`` lack (and nothing else)?"""
    values, _ = assign(table, rows)
    if table["kind"] == "single_row":
        need = len(table["groups"]) * len(table["columns"])
        return not values and all(len(r.cells) == need for r in found)
    keys = [r["key"] for r in table["rows"]]
    for row in found:
        label = innermost_label("".join(t for t, _ in row.cells if t and not is_value_text(t)))
        i, score = best_row(label, table["rows"], -1)
        if score < MATCH or values.get(keys[i]) is not None:
            return False
    return True


# where each standard table's printed text starts: its first header cells, wherever the table stands
_STARTS = {
    "active_disclosure": regex.compile(r"第二十条|信息内容"),
    "applications": regex.compile(r"[（(]\s*本列数据的勾稽关系|申请人情况|本年新收"),
    "review_litigation": regex.compile(r"行政复议[\s，,|｜]*行政诉讼"),  # cells joined by spaces, ， or |
}
_ORDER = tuple(name for name, _ in SECTION_TABLES.values())
_PROSE_STOP = regex.compile(r"[，。；：！？;!?]|(?<!\d),|,(?!\d{3}(?!\d))")  # 1,234 is a number, not a stop


def text_tables(lines: list[Line], wanted: list[tuple[str, str]], template: str, merge: bool = False,
                heads: list[tuple[int, int]] | None = None):
    """Pull flattened tables out of the lines: their rows, and the lines left.

    Each table is looked for in its own section (二、三、四); where that section's heading was not found, in
    the lines between the headings that were, from the first line its own header words start.  A line may
    hold more than one table run together (a crawler's article whose heading between them was lost): each
    is cut from the line at its own header words, and the prose before, between and after stays text.
    ``merge``: PDF lines, where the cells of one printed row may stand as separate runs on one baseline;
    ``heads``: ``section_heads`` of the lines, if at hand.
    Returns (lines kept, breaks among them, printed rows by table, issues).
    """
    spec = templates.load(template if template in templates.NAMES else "2021")["tables"]
    drop: set[int] = set()
    taken: dict[int, list[tuple[int, int]]] = {}  # line -> spans of its text read as tables
    found: dict[str, list[PrintedRow]] = {}
    issues: list[Issue] = []
    for name, kind, first, end in _regions(lines, wanted, spec, heads):
        glued = False
        for k in range(first, end):
            text = lines[k].raw or lines[k].text
            span = next(((a, b) for n, a, b in glued_spans(text, spec) if n == name), None)
            if span is None:
                continue
            glued = True
            rows, run_issues = rows_from_run(text[span[0]:span[1]], spec[name])
            if rows:
                found[name] = rows
                issues.extend(run_issues)
                taken.setdefault(k, []).append(span)
            break
        if glued:
            continue
        groups = _baselines(lines, first, end) if merge else [[k] for k in range(first, end)]
        groups = [g for g in groups if not drop & set(g) and not taken.keys() & set(g)]
        merged = [_merge([lines[k] for k in g]) for g in groups]
        blank = {r["label"]: len(r["columns"]) for r in spec[name].get("rows", ())} if kind == "rows" else None
        rows, used = table_rows(merged, kind, blank)
        if kind == "matrix" and not merge:
            ordered = rows_in_order(merged, spec[name])
            if ordered and _lacking_rows(spec[name], rows, ordered[0]):
                rows, used = ordered[:2]
                issues.append(ordered[2])
        if rows:
            found[name] = rows
            for k in used:
                drop |= set(groups[k])
    kept, breaks = [], set()
    for i, ln in enumerate(lines):
        if i in taken:
            for piece in _prose_left(ln, taken[i]):
                if kept:
                    breaks.add(len(kept))
                kept.append(piece)
            breaks.add(len(kept))
            continue
        if i in drop:
            if kept:
                breaks.add(len(kept))
            continue
        kept.append(ln)
    breaks.discard(0)
    return kept, breaks, found, issues


def _lacking_rows(table: dict, rows: list[PrintedRow], ordered: list[PrintedRow]) -> bool:
    """Do the rows read by their labels lack some of the table's, while every one they have agrees with the
    rows read in order?"""
    if not rows:
        return True
    by_label, _ = assign(table, rows)
    if not missing_rows(table, by_label):
        return False
    in_order, _ = assign(table, ordered)
    return all(in_order.get(key) is not None and {c: x.value for c, x in cells.items()}
               == {c: x.value for c, x in in_order[key].items()}
               for key, cells in by_label.items() if cells is not None and any(x.value is not None for x in cells.values()))


def _prose_left(line: Line, spans: list[tuple[int, int]]) -> list[Line]:
    """The text of ``line`` outside the spans (of its raw text) read as tables: the lead before a table, a
    sentence between two, the text after the last; each a line of its own, as printed (not as the raw
    text's ASCII digits and commas)."""
    raw, text = line.raw or line.text, line.text
    at, j = [], 0  # raw index -> text index (the text lost spaces beside Chinese; digits are as printed)
    for ch in raw:
        at.append(j)
        if j < len(text) and halfwidth_digits(text[j]) == ch:
            j += 1
    at.append(len(text))
    cuts = sorted(spans)
    bounds = [0] + [x for a, b in cuts for x in (a, b)] + [len(raw)]
    out = []
    for a, b in zip(bounds[::2], bounds[1::2]):
        piece = text[at[a]:at[b]].strip()
        if piece:
            out.append(Line(text=piece, page=line.page, x0=line.x0, x1=line.x1, top=line.top, bottom=line.bottom,
                            raw=raw[a:b].strip()))
    return out


def _table_words(spec: dict, name: str) -> tuple[str, ...]:
    table = spec[name]
    return tuple(HEADER_WORDS) + tuple(table["header_words"]) + tuple(r["label"] for r in table.get("rows", []))


def _regions(lines: list[Line], wanted: list[tuple[str, str]], spec: dict,
             heads: list[tuple[int, int]] | None = None) -> list[tuple[str, str, int, int]]:
    """(table, kind, first line, end) where each wanted table is looked for: its section's lines, or, where its
    heading was not found, the lines between the headings that were, from the first line that starts the
    table by its own header words (a table whose heading is found ends where a later table starts so)."""
    if heads is None:
        heads = section_heads([ln.text for ln in lines])
    at = {n: i for i, n in heads}
    out = []
    for n, (name, kind) in SECTION_TABLES.items():
        if (name, kind) not in wanted:
            continue
        if n in at:
            i = at[n]
            first = i + 1
            if first < len(lines) and len(lines[i].text) >= 20 and len(lines[first].text) <= 4 \
                    and not lines[first].text[:1].isdigit():
                first += 1  # the heading's last characters, wrapped onto a line of their own
        else:
            before = [i for i, m in heads if m < n]
            first = before[-1] + 1 if before else 0
        after = [i for i, m in heads if m > n]
        end = after[0] if after else len(lines)
        if n not in at:
            first = next((k for k in range(first, end) if _starts_table(lines[k], name, spec)), end)
        out.append([name, kind, first, end])
    for region in out:  # a table whose heading was lost, printed after another's in that one's section
        later = [r[2] for r in out if _ORDER.index(r[0]) > _ORDER.index(region[0]) and region[2] < r[2] < region[3]]
        if later:
            region[3] = min(later)
    return [tuple(r) for r in out]


def _starts_table(line: Line, name: str, spec: dict) -> bool:
    """Does this line start the table ``name`` by that table's own header words: a header line (not a sentence
    that names them), or a line with the whole table run into it?"""
    text = line.raw or line.text
    return bool(_STARTS[name].search(text)) and (not _prose(text) or any(n == name for n, _, _ in glued_spans(text, spec)))


def glued_spans(text: str, spec: dict) -> list[tuple[str, int, int]]:
    """(table, start, end) of each standard table run together into one line, in printed order.

    A table starts at its own header words (the lead sentence before it, up to its full stop, stays
    text) and ends where the next table starts, or, where a sentence follows it (a report whose next
    heading was lost), after its last run of cells before that sentence."""
    starts: list[tuple[str, int]] = []
    pos = 0
    for name in _ORDER:
        if name not in spec:
            continue
        words = _table_words(spec, name)
        for m in _STARTS[name].finditer(text, pos):
            nxt = _next_start(text, name, m.start() + 1)
            if is_flattened(text[m.start():_table_end(text, m.start(), nxt, spec[name])], words):
                starts.append((name, m.start()))
                pos = m.end()
                break
    out = []
    prev_end = 0
    for j, (name, at) in enumerate(starts):
        nxt = starts[j + 1][1] if j + 1 < len(starts) else len(text)
        cut = text.rfind("。", prev_end, at)  # the lead ends with its sentence; the table's first cell follows
        begin = cut + 1 if cut >= prev_end + 5 or (cut >= 0 and prev_end > 0) else prev_end
        end = _table_end(text, at, nxt, spec[name])
        out.append((name, begin, end))
        prev_end = end
    return out


def _next_start(text: str, name: str, pos: int) -> int:
    later = [m.start() for other in _ORDER[_ORDER.index(name) + 1:]
             for m in [_STARTS[other].search(text, pos)] if m]
    return min(later, default=len(text))


def _table_end(text: str, start: int, end: int, table: dict) -> int:
    """Where ``table``, starting at ``start``, ends, at ``end`` or before the sentence that follows it: after
    its last run of cells (a row's cells ending in a count's unit included: ``…总计 5件本机关…``) before the
    first stop outside brackets (a row label's （区分处理的，…） is no stop)."""
    masked = regex.sub(r"（[^（）]*）|\([^()]*\)|“[^“”]*”", lambda m: "_" * len(m.group()), text[:end])
    stop = _PROSE_STOP.search(masked, start)
    if not stop:
        return end
    last = None
    for _, run_end, _ in cell_runs(text[:stop.start()], start, row_label(table)):
        last = run_end
    return last if last is not None else end


def _baselines(lines: list[Line], start: int, end: int) -> list[list[int]]:
    """Indexes of lines[start:end], grouped by the printed row (same page, same baseline) they stand on: the same
    top or the same bottom (a run that took in a character standing higher, a wrapped label's 予处理, has a
    higher top than the rest of its row)."""
    groups: list[list[int]] = []
    for k in range(start, end):
        ln = lines[k]
        if groups:
            last = lines[groups[-1][-1]]
            near = 0.4 * max(ln.size, 1)
            if last.page == ln.page and (abs(last.top - ln.top) < near or abs(last.bottom - ln.bottom) < near):
                groups[-1].append(k)
                continue
        groups.append([k])
    return groups


def _merge(group: list[Line]) -> Line:
    """The runs standing on one printed row as one line, their tokens in the order they stand, left to right.

    By token, not by run: a run may reach past another's start (理结 … 3.危及“三安全一稳定” on one baseline, the
    group label （三）不 wrapped in its cell between them a little lower)."""
    if len(group) == 1:
        return group[0]
    group = sorted(group, key=lambda ln: ln.x0)
    first = group[0]
    spots = [token_spots(ln) for ln in group]
    tokens = [] if None in spots else sorted(
        ((x, k, tok) for k, (ln, s) in enumerate(zip(group, spots, strict=True))
         for x, tok in zip(s, (ln.raw or ln.text).split(), strict=True)), key=lambda t: t[0])
    if all(a[1] <= b[1] for a, b in itertools.pairwise(tokens)):  # the runs one after another: joined as they are
        text, raw = "".join(ln.text for ln in group), " ".join(ln.raw or ln.text for ln in group)
    else:
        text, raw = "".join(t for _, _, t in tokens), " ".join(t for _, _, t in tokens)
    return Line(text=text, page=first.page, x0=first.x0, x1=max(ln.x1 for ln in group),
                top=min(ln.top for ln in group), bottom=max(ln.bottom for ln in group), size=first.size,
                raw=raw, spots=tuple(x for x, _, _ in tokens))


def table_breaks(lines: list[Line], grids: list[Grid]) -> set[int]:
    """Lines with a ruled table between them and the line before: no paragraph runs across a table."""
    breaks = set()
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        for g in grids:
            same_page = prev.page == line.page == g.page and prev.bottom <= g.bbox[1] + 2 and line.top >= g.bbox[3] - 2
            across = prev.page != line.page and ((g.page == prev.page and g.bbox[1] >= prev.bottom - 2)
                                                 or (g.page == line.page and g.bbox[3] <= line.top + 2))
            if same_page or across:
                breaks.add(i)
    return breaks


def assign_tables(template: str, printed: dict[str, list[PrintedRow]]) -> tuple[dict, list[Issue]]:
    """Each standard table's printed rows -> its template keys."""
    issues: list[Issue] = []
    if template not in templates.NAMES:
        return {}, issues
    tables: dict[str, dict[str, dict[str, Cell] | None]] = {}
    for name, spec in templates.load(template)["tables"].items():
        rows = printed.get(name)
        if not rows:
            issues.append(Issue("table_missing", f"table {name} was not found", None))
            continue
        values, table_issues = assign(spec, rows)
        issues.extend(table_issues)
        issues.extend(_negative_counts_off(name, values))
        missing = missing_rows(spec, values)
        if missing:
            issues.append(Issue("rows_missing", f"{name}: rows not found: {', '.join(missing)}", rows[0].page))
        if values:
            tables[name] = values
    return tables, issues


def _negative_counts_off(name: str, values: dict) -> list[Issue]:
    """A row that reads a count below zero was misread (cut wrong, a folio run into it: ``- 6 -1 0 23``): its
    cells are nulled and named.  Only 本年增/减 (``change``) may be negative."""
    issues = []
    for row, cells in values.items():
        bad = [c for col, c in (cells or {}).items()
               if col != "change" and isinstance(c.value, (int, float)) and c.value < 0]
        if bad:
            values[row] = {col: replace(c, value=None) for col, c in cells.items()}
            issues.append(Issue("cell_unreadable", f"{name}.{row}: reads {bad[0].raw} where a count cannot be "
                                                   f"below zero; the row was misread and its cells are left null",
                                bad[0].page))
    return issues


def missing_rows(spec: dict, values: dict) -> list[str]:
    """The template rows a table's values lack.  Rows that stand for one another (（六）其他处理 printed as one row
    or as its three sub-rows) are missing only when neither form was found, or when some sub-rows were and
    others not."""
    alternatives = spec.get("alternatives", {})
    out = [k for k, v in values.items() if v is None and k not in alternatives
           and not any(k in alts for alts in alternatives.values())]
    for whole, parts in alternatives.items():
        found = [p for p in parts if values.get(p) is not None]
        if values.get(whole) is None and not found:
            out += [k for k in (whole, *parts) if k in values]
        elif found and len(found) < len(parts):
            out += [p for p in parts if values.get(p) is None and p in values]
    return sorted(out, key=list(values).index)
