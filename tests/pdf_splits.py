"""Sample reports whose tables run across a page break the ways Word and WPS exports cut them.

make_samples.py lays a table out in pieces, one a page, each closed by its own rules.  ``render_split``
lays a sample out with one table cut where ``Split`` says, then draws the piece on the new page as real
producers leave it:

    at          the row key the new page starts with (the rows before it stay behind)
    repeat      the header rows printed again over the piece (Word's "repeat header row"); None: as the
                sample's style says
    cut         the row ``at`` cut inside itself: its label's first lines stay at the page foot, the rest
                open the new page; ``values``: "first" (top-aligned, with the label's first lines) or "second"
    top_rule    False: the piece has no rule over its first row (the producer drew that row's top border
                only on the page before)
    inner_v     False: the piece keeps its outer frame but no rule between its columns
    furniture   text just over the piece: "header" a running header with a rule under it (on every page
                after the first, over the body's top), "folio" the page number, "" nothing
    gap         how far over the body's top the furniture's baseline stands (pt)

Nothing here knows what the parser does.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_samples as ms
import pdf_variants as pv
from variants import pdf_sample, pdf_truth

import reportparse


@dataclass(frozen=True)
class Split:
    at: str
    table: str = "applications"
    repeat: bool | None = None
    cut: bool = False
    values: str = "first"
    top_rule: bool = True
    inner_v: bool = True
    furniture: str = ""
    gap: float = 20.0


CUT = "~cut"  # the key of the second half of a row cut by the page break
HEADER = "政府信息公开工作年度报告"  # the running header's text


def cut_row(rows: list, key: str, values: str) -> list:
    """``rows`` (make_samples' (key, [C, ...])) with the row ``key`` cut in two: its label's first line in
    the first half, the rest in the second; its values in the half ``values`` names, blanks in the other.
    Merged cells running through the row span one row more."""
    _, placed = ms.place_cells(rows)
    at = [k for k, _ in rows].index(key)
    rows = [(k, [copy.copy(c) for c in cells]) for k, cells in rows]
    copies = [cell for _, cells in rows for cell in cells]  # in the order the cells were placed
    for copied, (cell, r0, _) in zip(copies, placed):
        if cell.rs > 1 and r0 <= at < r0 + cell.rs:
            copied.rs += 1
    own = [c for c in rows[at][1] if c.rs == 1]
    label = next(c for c in own if c.text and not c.text.replace(".", "").isdigit())
    nums = own[len(own) - 7:] if len(own) >= 8 else []
    words = ms.wrap(label.text, 160, 10)
    head = words[0] if len(words) > 1 else label.text[:len(label.text) // 2]
    rest = label.text[len(head):]
    second = []
    for c in own:
        if c is label:
            second.append(ms.C(rest, cs=c.cs, align=c.align))
            c.text = head
        elif c in nums and values == "second":
            second.append(ms.C(c.text, cs=c.cs))
            c.text = ""
        else:
            second.append(ms.C("", cs=c.cs))
    return rows[:at + 1] + [(CUT, second)] + rows[at + 1:]


def render_split(sample: dict | str, split: Split, folder: Path, stem: str = "split", draw: pv.Draw | None = None,
                 backend: str = "pdfium"):
    """Lay ``sample`` out (a make_samples sample or its name) with its table cut as ``split`` says, and draw it
    with ``draw``'s habits: (record, truth, path)."""
    s = pdf_sample(sample) if isinstance(sample, str) else copy.deepcopy(sample)
    if split.repeat is not None:
        s["style"] = dataclasses.replace(s["style"], repeat_header=split.repeat)
    at = CUT if split.cut else split.at
    s.pop("break_before", None)
    s["breaks"] = {**s.get("breaks", {}), split.table: at}
    if split.table != "applications":
        s["breaks"].pop("applications", None)
    tables = ms.make_tables(s)
    rows_of = ms.application_rows
    if split.cut:
        ms.application_rows = lambda sample, style: cut_row(rows_of(sample, style), split.at, split.values)
    try:
        doc, sections = ms.lay_out(s, tables)
    finally:
        ms.application_rows = rows_of
    info = next(t for t in doc.table_info if t["name"] == split.table)
    page = next(p for p, rows in info["segments"] if rows and rows[0] == at)
    _edit_piece(doc.pages[page - 1], split, page)
    if split.furniture == "header":  # a running header on every page after the first, just over the body's top
        for ops in doc.pages[1:]:
            ops.append(("text", (ms.PW - ms.width(HEADER, 10.5)) / 2, ms.TOP + split.gap, 10.5, 0.0, [(HEADER, False)]))
            ops.append(("rule", "h", ms.TOP + split.gap - 3, ms.X0, ms.X0 + ms.BODY_W, "line"))
    path = folder / f"{stem}.pdf"
    pv._draw(path, doc, "".join(s["title_lines"]), s["agency"], draw or pv.Draw())
    return reportparse.parse(path, backend=backend).to_dict(), pdf_truth(s, tables, sections, doc), path


def _edit_piece(ops: list, split: Split, page: int) -> None:
    """The table piece standing at the top of this page, drawn as ``split`` says (in place)."""
    frames = [f for f in pv._tables_on(ops) if abs(f[3] - ms.TOP) < 0.5]
    assert frames, "no table piece at the page's top"
    x0, y0, x1, y1 = frames[0]
    keep = []
    for o in ops:
        if o[0] == "rule" and o[1] == "h" and not split.top_rule and abs(o[2] - y1) < 0.1:
            continue
        if (o[0] == "rule" and o[1] == "v" and not split.inner_v and x0 + 0.5 < o[2] < x1 - 0.5
                and o[4] >= y0 - 0.1 and o[3] <= y1 + 0.1):
            continue
        keep.append(o)
    if split.furniture == "folio":
        text = f"- {page} -"
        keep.append(("text", x1 - ms.width(text, 10.5), y1 + split.gap, 10.5, 0.0, [(text, False)]))
    ops[:] = keep
