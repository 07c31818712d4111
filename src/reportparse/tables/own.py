"""Tables of a report's own shape: printed, but none of the standard tables.

Free-form reports (before 2019) print statistics tables of their own (the national 统计表 of 2015-2018,
指标名称 | 单位 | 统计数; a 申请方式 | 件数 count), and some reports on 2019 and 2020 kept them in place of the
trial format's tables.  Such a table is not a standard table whatever section it stands in: its numbers
are not forced into the template's keys, and in a text dump its rows are neither prose nor section
headings (the 统计表's group rows read ``三、依申请公开情况`` and ``四、行政复议数量 件 3``).

A table is standard when it prints a word only the standard tables' headers and stubs print
(``STANDARD_WORDS``), or at least two row labels of a template's table as printed (规章, 行政许可, （七）总计…).
"""

from __future__ import annotations

from functools import cache

from reportparse import templates
from reportparse.model import Issue, Line
from reportparse.sections import NUMERALS, section_heading, section_heads
from reportparse.tables.text import HEADER_WORDS, _prose, split_values

# 行政复议 / 行政诉讼 are row labels of the old 统计表 too (四、行政复议数量): not a mark of the standard table
_SHARED = ("行政复议", "行政诉讼")
_REVIEW_HEAD = ("结果维持", "结果纠正", "尚未审结", "复议后起诉", "未经复议")


@cache
def standard_words() -> tuple[str, ...]:
    words = [w for w in HEADER_WORDS if w not in _SHARED] + list(_REVIEW_HEAD)
    for name in templates.NAMES:
        for table in templates.load(name)["tables"].values():
            words += [w for w in table["header_words"] if w not in _SHARED]
    return tuple(dict.fromkeys(words))


@cache
def _row_labels() -> frozenset[str]:
    return frozenset("".join(row["label"].split()) for name in templates.NAMES
                     for table in templates.load(name)["tables"].values() for row in table.get("rows", ()))


def is_standard(cells: list[str]) -> bool:
    """Do these printed cells (a grid's, or a run of text rows' labels) make a standard table?"""
    text = "".join("".join(cells).split())
    if any(w in text for w in standard_words()):
        return True
    labels = {"".join(c.split()) for c in cells}
    return len(labels & _row_labels()) >= 2


def own_table_issue(section: int, cells: list[str], page: int | None) -> Issue:
    where = f"under section {NUMERALS[section - 1]}、"
    head = " | ".join(c for c in cells[:3] if c)[:40]
    return Issue("table_own_shape", f"a table of the report's own shape {where} ({head} …): not a standard "
                                    "table, its numbers not read into tables", page)


_MAX_LABEL = 40


def _value_row(text: str) -> bool:
    """A table row flattened onto one line: a short label, then its values (``（一）收到申请数 件 87``)."""
    label, values = split_values(text)
    return bool(values and label and len(label) <= _MAX_LABEL and not _prose(text)
                and label[-1:] not in "。，；：,;:")


def _label_line(text: str) -> bool:
    """A cell-sized line without values: a header row (``指标名称 单位 统计数``) or a group row."""
    t = text.strip()
    return bool(t) and len(t) <= 24 and not _prose(t) and t[-1:] not in "。！？!?"


def _header_row(text: str) -> bool:
    """A table's header row: two or more cells spaced apart, none a value, none a section heading."""
    cells = text.split()
    return len(cells) >= 2 and _label_line(text) and not section_heading(text) and not split_values(text)[1]


MIN_ROWS = 3
_ABOVE = 8  # lines above a run of rows where its table's header may stand


def own_table_lines(lines: list[Line]) -> tuple[set[int], list[Issue]]:
    """In a text dump's lines, the indexes of the lines that hold tables of the report's own shape, and an
    issue for each such table.

    A table is a run of at least ``MIN_ROWS`` value rows, with cell-sized lines between them (group rows,
    even one that reads as a section heading: it stands between two rows), and its header row (cells spaced
    apart) within three lines before the first with cell-sized lines between (a section heading right before
    the rows, with no header row above it, is the section's).  The run is the report's own when it prints
    nothing a standard table prints (``is_standard``) and follows no run that does in its section (a
    standard table flattened into a dump breaks into runs at its long labels: the later ones are its rows)."""
    texts = [ln.raw or ln.text for ln in lines]
    rows = [_value_row(t) for t in texts]
    out: set[int] = set()
    issues: list[Issue] = []
    standard: set[int | None] = set()  # sections a standard table's rows were seen in: later runs there are its own
    i = 0
    while i < len(lines):
        if not rows[i]:
            i += 1
            continue
        end, last = i, i  # last: the last value row of the run
        while end + 1 < len(lines):
            k = end + 1
            if rows[k]:
                end = last = k
            elif _label_line(texts[k]) and k + 1 < len(lines) and rows[k + 1]:
                end = k  # a group row between two value rows
            else:
                break
        start = i
        header = next((k for k in range(i - 1, max(i - 4, -1), -1) if _header_row(texts[k])), None)
        if header is not None and all(_label_line(texts[k]) for k in range(header, i)):
            start = header  # the header row and the group rows under it (一、主动公开情况, which names a section)
        span = range(start, last + 1)
        heads = section_heads([texts[k] for k in range(start) if k not in out])
        section = heads[-1][1] if heads else None
        # the lines just above count too: a dump that kept the page's layout spreads a standard table's header
        # (申请人情况, 自然 / 人) and a first row wrapped around its values (一、本年新收政府 / 155 34 … /
        # 信息公开申请数量) over lines that are no rows of the run
        if is_standard([split_values(texts[k])[0] or texts[k] for k in range(max(0, start - _ABOVE), last + 1)
                        if k not in out]):  # each row by its label: 1.属于国家秘密 is a template's row
            standard.add(section)
        elif section is not None and sum(rows[k] for k in span) >= MIN_ROWS and section not in standard:
            out |= set(span)
            issues.append(own_table_issue(section, [split_values(texts[start])[0]], lines[start].page))
        i = last + 1
    return out, issues
