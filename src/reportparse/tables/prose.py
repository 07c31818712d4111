"""Cells a glued run left open, settled by what the report's own prose says of them.

A crawler's text runs table 二's cells together (``行政规范性文件6233440``), and that table has no relation
between a row's cells: where a run reads several ways (62 33 440; 623 3 440; …) the cells they disagree
on are left null (``cells_ambiguous``).  Reports restate such numbers in their text (``本年度制发行政规范性
文件62件``): a statement that names the row, the column by its verb (制发, 废止, 现行有效…), and a number is
a claim on that cell.  The readings the claims leave are kept; the cells they then agree on are taken, with
a ``cells_by_prose`` warning quoting the prose.  Nothing is taken where the prose contradicts every reading,
or states two numbers for one cell.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from reportparse.model import Issue, Section
from reportparse.tables.assign import MATCH, PrintedRow, best_row

# the row names the prose uses, by row key (with the words every such name holds: a text without them states
# nothing of the row); and the verbs that name each column (by its key, as the templates key them: 2021's
# 本年制发件数 / 本年废止件数 / 现行有效件数, 2019's 本年新制作 / 本年新公开 / 对外公开总数量)
_ROWS = {"regulations": (r"规章(?!制度)", "规章"), "normative_documents": (r"(?:行政)?规范性文件", "规范性文件")}
_VERBS = {
    "issued": r"制发|印发|出台|制定",
    "repealed": r"废止",
    "in_force": r"现行有效",
    "made": r"制作|制发|印发|出台|制定",
    "published": r"(?<!对外)公开",
    "public_total": r"对外公开(?:总数)?",
}
_GAP = r"[^。，；,;：:！？\d]"  # words between, within one clause
_UNIT = r"\s*(?:件|部|个|份|篇)"


def settle_by_prose(printed: dict[str, list[PrintedRow]], spec: dict, sections: tuple[Section, ...]
                    ) -> list[Issue]:
    """Fill, in ``printed`` (in place), the cells of table 二's rows left open among several readings where the
    prose's claims leave readings that agree on them; the issues that say so."""
    table = spec.get("active_disclosure")
    rows = printed.get("active_disclosure") or []
    if not table or not any(r.readings for r in rows):
        return []
    text = "\n".join(p for s in sections for p in s.paragraphs)
    issues = []
    for i, row in enumerate(rows):
        if not row.readings:
            continue
        k, score = best_row(row.cells[0][0], table["rows"], -1)
        if score < MATCH or table["rows"][k]["key"] not in _ROWS:
            continue
        columns = [key for key, _ in table["rows"][k]["columns"]]
        claims = _claims(text, table["rows"][k]["key"], tuple(columns))
        if not claims:
            continue
        kept = [r for r in row.readings if all(_number(r[c]) == n for c, (n, _) in claims.items())]
        values = [t for t, _ in row.cells[1:]]
        if not kept or len(values) != len(columns):
            continue
        filled = [c for c in range(len(columns)) if not values[c] and all(r[c] == kept[0][c] for r in kept)]
        if not filled:
            continue
        for c in filled:
            values[c] = kept[0][c]
        rows[i] = replace(row, cells=(row.cells[0], *((v, None) for v in values)),
                          readings=tuple(kept) if len(kept) > 1 else ())
        said = "; ".join(f"{quote!r}" for _, quote in claims.values())
        key = table["rows"][k]["key"]
        issues.append(Issue("cells_by_prose", f"active_disclosure.{key}: of the {len(row.readings)} readings of its "
                                              f"printed run, the prose ({said}) leaves {len(kept)}; "
                                              f"{', '.join(columns[c] for c in filled)} taken from them"
                                              + ("" if len(kept) == 1 else ", the cells they disagree on left null")))
    return issues


def _claims(text: str, row: str, columns: tuple[str, ...]) -> dict[int, tuple[int, str]]:
    """Column index -> (number, the words that state it), for each column of row ``row`` (its key) the prose
    states one number of."""
    if _ROWS[row][1] not in text:
        return {}
    found: dict[int, set[tuple[int, str]]] = {}
    for c, pattern in _claim_patterns(row, columns):
        for m in pattern.finditer(text):
            found.setdefault(c, set()).add((int(m.group(1)), m.group(0)))
    return {c: next(iter(said)) for c, said in found.items() if len({n for n, _ in said}) == 1}


@cache
def _claim_patterns(row: str, columns: tuple[str, ...]) -> tuple[tuple[int, regex.Pattern], ...]:
    """(column index, pattern) of each way the prose states a column of the row: verb then row name, or row name
    then verb, then the number and its unit, within one clause."""
    name = _ROWS[row][0]
    return tuple((c, regex.compile(pattern)) for c, key in enumerate(columns) if (verb := _VERBS.get(key))
                 for pattern in (rf"(?:{verb}){_GAP}{{0,8}}?{name}{_GAP}{{0,4}}?(\d+){_UNIT}",
                                 rf"{name}{_GAP}{{0,6}}?(?:{verb}){_GAP}{{0,3}}?(\d+){_UNIT}"))


def _number(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None


def prose_mismatches(tables: dict, sections: tuple[Section, ...]) -> list[Issue]:
    """Table 二's cells the prose states otherwise (本年度制发行政规范性文件5件 beside a printed 3): information
    for the reader, as checks.prose_warnings gives for the applications; the table is not changed."""
    rows = tables.get("active_disclosure") or {}
    out: dict[str, Issue] = {}
    for key in _ROWS:
        row = rows.get(key)
        if not row:
            continue
        columns = tuple(row)
        for sec in sections:
            for c, (n, quote) in _claims("\n".join(sec.paragraphs), key, columns).items():
                cell = row[columns[c]]
                if cell is not None and isinstance(cell.value, (int, float)) and cell.value != n:
                    message = (f"section {sec.key} says {quote!r}, the table's active_disclosure.{key}.{columns[c]} "
                               f"is {cell.value:g}")
                    out.setdefault(message, Issue("prose_table_mismatch", message, sec.page))
    return list(out.values())
