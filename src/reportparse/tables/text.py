"""Tables flattened in a text dump, rebuilt as printed rows.

In a dump, labels and runs of numbers are interleaved, header words stand one
per line, and a row label can wrap onto two lines with its numbers on a third.
Each line splits into a label part and its trailing value tokens; label-only
lines are carried to the next line with values.
"""

from __future__ import annotations

import regex

from reportparse.model import Line
from reportparse.normalize import is_value_text
from reportparse.tables.assign import PrintedRow

# words printed in the tables' headers and stub cells (never in running prose of a heading line)
HEADER_WORDS = ("第二十条", "信息内容", "本年制发件数", "本年新制作数量", "申请人情况", "勾稽关系", "自然人",
                "法人或其他组织", "行政复议", "行政诉讼", "结果维持", "本年处理决定数量")


def split_values(text: str) -> tuple[str, list[str]]:
    """``"规章 0 0 0"`` -> ("规章", ["0", "0", "0"])."""
    tokens = text.split()
    k = len(tokens)
    while k > 0 and is_value_text(tokens[k - 1]) and tokens[k - 1] not in ("无",):
        k -= 1
    return " ".join(tokens[:k]), tokens[k:]


def _fits(kind: str, label: str, values: list[str]) -> bool:
    """Do these values make a row of this kind of table (and not prose that ends in a number)?"""
    if label[-1:] in "。，；：,;:":
        return False
    if kind == "matrix":
        return len(values) == 7 or (len(values) > 7 and not label)
    return 1 <= len(values) <= 3


def table_rows(lines: list[Line], kind: str) -> tuple[list[PrintedRow], set[int]]:
    """The printed rows in one section's lines, and the indexes of the lines that belong to the table.

    A row is the label lines since the last row, then its values, on the same line as the label or on
    the lines after it (one per line, or all on one).
    """
    texts = [ln.raw or ln.text for ln in lines]
    start = next((i for i, t in enumerate(texts)
                  if any(w in t.replace(" ", "") for w in HEADER_WORDS) or split_values(t)[1]), None)
    if start is None:
        return [], set()
    while start > 0 and len(texts[start - 1]) <= 40 and texts[start - 1].rstrip()[-1:] not in "。；;！!？?":
        start -= 1  # the label lines of the first row, when no header words came before it
    rows: list[PrintedRow] = []
    last_data = None
    labels: list[str] = []
    values: list[str] = []
    page = None

    def emit(end: int) -> None:
        nonlocal last_data
        label = "".join(labels).replace(" ", "")
        if values and _fits(kind, label, values):
            cells = [(t.replace(" ", ""), None) for t in labels] or [("", None)]
            rows.append(PrintedRow(tuple(cells + [(v, None) for v in values]), page))
            last_data = end

    for i in range(start, len(lines)):
        label, found = split_values(texts[i])
        if kind == "single_row":
            if found and not label:
                rows.append(PrintedRow(tuple((v, None) for v in found), lines[i].page))
                last_data = i
            continue
        if label and values:
            emit(i - 1)
            labels, values = [], []
        if label:
            labels.append(label)
        if found:
            values.extend(found)
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
