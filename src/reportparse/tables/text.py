"""Tables flattened in a text dump, rebuilt as printed rows.

In a dump, labels and runs of numbers are interleaved, header words stand one
per line, and a row label can wrap onto two lines with its numbers on a third.
Each line splits into a label part and its trailing value tokens; label-only
lines are carried to the next line with values.
"""

from __future__ import annotations

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


def table_rows(lines: list[Line], kind: str) -> tuple[list[PrintedRow], set[int]]:
    """The printed rows in one section's lines, and the indexes of the lines that belong to the table."""
    start = next((i for i, ln in enumerate(lines)
                  if any(w in ln.text.replace(" ", "") for w in HEADER_WORDS) or split_values(ln.raw or ln.text)[1]), None)
    if start is None:
        return [], set()
    rows: list[PrintedRow] = []
    buffer: list[str] = []
    last_data = None
    for i in range(start, len(lines)):
        label, values = split_values(lines[i].raw or lines[i].text)
        if kind == "single_row":
            if values and not label:
                rows.append(PrintedRow(tuple((v, None) for v in values), lines[i].page))
                last_data = i
            continue
        if not values:
            buffer.append(label)
            continue
        if kind == "rows" and len(values) > 3 or kind == "matrix" and len(values) < 7 and label:
            # prose ending in a number, not a row
            buffer = []
            continue
        cells = [("".join(buffer).replace(" ", ""), None), (label.replace(" ", ""), None)]
        rows.append(PrintedRow(tuple(cells + [(v, None) for v in values]), lines[i].page))
        buffer = []
        last_data = i
    if last_data is None:
        return [], set()
    return rows, set(range(start, last_data + 1))
