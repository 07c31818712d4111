"""Which printed rows belong to which standard table, from a document's grids and from its text.

Grids are classified by the section they stand in (二 -> active_disclosure, 三 -> applications,
四 -> review_litigation), or by their header words where no heading was read.  A standard table that no
grid holds is looked for in the lines of its section: a text dump's flattened rows, a PDF table
printed without rules, or a crawler's one-line run of glued cells.  The lines that held a table are
taken out of the text, with a break left where they stood, so no paragraph runs across a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportparse import templates
from reportparse.document import Document, Grid
from reportparse.model import Cell, Issue, Line
from reportparse.sections import section_heads
from reportparse.tables.assign import PrintedRow, assign
from reportparse.tables.runs import is_flattened, rows_from_run
from reportparse.tables.text import HEADER_WORDS, table_rows

SECTION_TABLES = {2: ("active_disclosure", "rows"), 3: ("applications", "matrix"), 4: ("review_litigation", "single_row")}


@dataclass
class Found:
    """The tables' printed rows, and the lines and paragraph breaks left for the text."""

    printed: dict[str, list[PrintedRow]]
    lines: list[Line]
    breaks: set[int]
    issues: list[Issue] = field(default_factory=list)


def find_tables(doc: Document, template: str) -> Found:
    printed = classify_grids(doc.grids, template, doc.lines)
    wanted = [kind for kind in SECTION_TABLES.values() if kind[0] not in printed]
    lines, breaks, found, issues = text_tables(doc.lines, wanted, template, merge=doc.geometric)
    printed.update(found)
    kept = _kept_index(doc.lines, lines)
    breaks |= {kept[b] for b in doc.breaks if b < len(kept)}
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


def classify_grids(grids: list[Grid], template: str, lines: list[Line]) -> dict[str, list[PrintedRow]]:
    """Which standard table each grid belongs to.

    The section a grid stands in decides; where no heading was found, its header words do, and a grid
    without them continues the table before.  A grid under 一、五 or 六 is some other table of the
    report's own.
    """
    spec = templates.load(template if template in templates.NAMES else "2021")["tables"]
    heads = [(lines[i].page, lines[i].top, n) for i, n in section_heads([ln.text for ln in lines])]
    out: dict[str, list[PrintedRow]] = {}
    current = None
    for g in grids:
        above = [n for page, top, n in heads if (page, top) < (g.page, g.bbox[1])]
        section = above[-1] if above else None
        text = "".join(g.text.split())
        scores = {name: sum(w in text for w in t["header_words"]) for name, t in spec.items()}
        name = max(scores, key=scores.get)
        by_words = scores[name] >= 2  # a heading printed inside the table, or missing, must not mislead
        if section in SECTION_TABLES and not (by_words and scores[SECTION_TABLES[section][0]] == 0):
            name = SECTION_TABLES[section][0]
        elif section is not None and heads and not by_words and section not in SECTION_TABLES:
            continue
        elif scores[name] == 0:
            if current is None:
                continue
            name = current
        current = name
        for row in g.rows():
            out.setdefault(name, []).append(PrintedRow(tuple((c.text, c.bbox) for c in row), g.page))
    return out


def text_tables(lines: list[Line], wanted: list[tuple[str, str]], template: str, merge: bool = False):
    """Pull flattened tables out of the lines of sections 二、三、四: their rows, and the lines left.

    ``merge``: PDF lines, where the cells of one printed row may stand as separate runs on one baseline.
    Returns (lines kept, breaks among them, printed rows by table, issues).
    """
    spec = templates.load(template if template in templates.NAMES else "2021")["tables"]
    heads = section_heads([ln.text for ln in lines])
    drop: set[int] = set()
    replace: dict[int, Line] = {}
    found: dict[str, list[PrintedRow]] = {}
    issues: list[Issue] = []
    for j, (i, n) in enumerate(heads):
        if n not in SECTION_TABLES or SECTION_TABLES[n] not in wanted:
            continue
        end = heads[j + 1][0] if j + 1 < len(heads) else len(lines)
        name, kind = SECTION_TABLES[n]
        first = i + 1
        if first < end and len(lines[i].text) >= 20 and len(lines[first].text) <= 4 and not lines[first].text[:1].isdigit():
            first += 1  # the heading's last characters, wrapped onto a line of their own
        words = tuple(HEADER_WORDS) + tuple(spec[name]["header_words"]) + tuple(r["label"] for r in spec[name].get("rows", []))
        glued = [k for k in range(first, end) if is_flattened(lines[k].raw or lines[k].text, words)]
        if glued:
            k = glued[0]
            prose, table_text = _lead_and_table(lines[k].raw or lines[k].text, words)
            rows, run_issues = rows_from_run(table_text, spec[name])
            if rows:
                found[name] = rows
                issues.extend(run_issues)
                drop.add(k)
                if prose:
                    replace[k] = Line(text=prose, page=lines[k].page, x0=lines[k].x0, x1=lines[k].x1,
                                      top=lines[k].top, bottom=lines[k].bottom, raw=prose)
            continue
        groups = _baselines(lines, first, end) if merge else [[k] for k in range(first, end)]
        merged = [_merge([lines[k] for k in g]) for g in groups]
        rows, used = table_rows(merged, kind)
        if rows:
            found[name] = rows
            for k in used:
                drop |= set(groups[k])
    kept, breaks = [], set()
    for i, ln in enumerate(lines):
        if i in replace:
            kept.append(replace[i])
        if i in drop:
            if kept:
                breaks.add(len(kept))
            continue
        kept.append(ln)
    return kept, breaks, found, issues


def _lead_and_table(text: str, words: tuple[str, ...]) -> tuple[str, str]:
    """A section's lead sentence run into its table (2024年…如下。第二十条…): the two apart."""
    compact = text.strip()
    starts = [compact.find(w) for w in words if w and compact.find(w) >= 0]
    at = min(starts) if starts else 0
    cut = compact.rfind("。", 0, at)  # the lead ends with its sentence; the table's first cell follows
    if cut >= 5:
        return compact[:cut + 1].strip(), compact[cut + 1:]
    return "", compact


def _baselines(lines: list[Line], start: int, end: int) -> list[list[int]]:
    """Indexes of lines[start:end], grouped by the printed row (same page, same baseline) they stand on."""
    groups: list[list[int]] = []
    for k in range(start, end):
        ln = lines[k]
        if groups:
            last = lines[groups[-1][-1]]
            if last.page == ln.page and abs(last.top - ln.top) < 0.4 * max(ln.size, 1):
                groups[-1].append(k)
                continue
        groups.append([k])
    return groups


def _merge(group: list[Line]) -> Line:
    if len(group) == 1:
        return group[0]
    group = sorted(group, key=lambda ln: ln.x0)
    first = group[0]
    return Line(text="".join(ln.text for ln in group), page=first.page, x0=first.x0, x1=group[-1].x1,
                top=min(ln.top for ln in group), bottom=max(ln.bottom for ln in group), size=first.size,
                raw=" ".join(ln.raw or ln.text for ln in group))


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
        missing = missing_rows(spec, values)
        if missing:
            issues.append(Issue("rows_missing", f"{name}: rows not found: {', '.join(missing)}", rows[0].page))
        if values:
            tables[name] = values
    return tables, issues


def missing_rows(spec: dict, values: dict) -> list[str]:
    """The template rows a table's values lack, leaving out rows that stand for one another (（六）其他处理 printed
    as one row or as its three sub-rows)."""
    alternatives = spec.get("alternatives", {})
    return [k for k, v in values.items() if v is None and k not in alternatives
            and not any(k in alts for alts in alternatives.values())]
