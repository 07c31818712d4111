"""Write samples/unruled/: the sample reports of make_samples.py with their tables ruled as real producers
leave them, not fully, each PDF with its <name>.truth.json.

    python samples/make_unruled.py

Real reports print their tables with fewer rules than a full grid:

    threeline   三线表: a rule over the table, one under its header, one under the table; no others
    hrules      a rule between every two rows (and over and under the table), none between the columns
    none        no rules at all: the columns are aligned by the text's position only
    noframe     every inner rule, but no outer frame

A table cut by a page break gets its rules on each page as its style says (a three-line table piece has
its own top and bottom rules, and the rule under the header where the header is repeated).  Everything
else (content, numbers, text, page flow, truth) is make_samples.py's: its layout engine lays the report
out, and only the rules each table drew are dropped or replaced.  Deterministic like make_samples.py
(reportlab with invariant=1, seeded numbers): a second run gives the same bytes.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import make_random as mr
import make_samples as ms

OUT = Path(__file__).resolve().parent / "unruled"

RULINGS = {
    "threeline": "三线表: only a rule over each table piece, one under its header rows (where the piece prints "
                 "them) and one under the piece; no vertical rules, no rules between rows.",
    "hrules": "Rules between every two rows (a merged cell's inner rows unruled) and over and under each table; "
              "no vertical rules at all.",
    "none": "No rules at all: the columns of every table are aligned by the text's position only.",
    "noframe": "Every inner rule of each table, but no outer frame (no rule over, under, left or right of it).",
}


class UnruledDoc(ms.Doc):
    """make_samples' Doc, whose tables keep only the rules ``ruling`` leaves (set per sample)."""

    ruling = "threeline"

    def _draw(self, name, cols, placed, text, h, header, segs, size, lhc):
        before = [len(ops) for ops in self.pages]
        super()._draw(name, cols, placed, text, h, header, segs, size, lhc)
        x_left = ms.X0 + (ms.BODY_W - sum(cols)) / 2
        x_right = x_left + sum(cols)
        for p, top, rows in segs:
            start = before[p] if p < len(before) else 0
            drawn = self.pages[p][start:]
            kept = [o for o in drawn if o[0] != "rule"]
            rules = [o for o in drawn if o[0] == "rule"]
            bottom = top - sum(h[r] for r in rows)
            head = [r for r in rows if r < header]
            if self.ruling == "threeline":
                ys = [top, bottom] + ([top - sum(h[r] for r in head)] if head else [])
                rules = [("rule", "h", round(y, 2), x_left, x_right, self.s.rules) for y in sorted(ys, reverse=True)]
            elif self.ruling == "hrules":
                rules = [o for o in rules if o[1] == "h"]
            elif self.ruling == "none":
                rules = []
            elif self.ruling == "noframe":
                rules = [o for o in rules if not (o[1] == "h" and (abs(o[2] - top) < 0.1 or abs(o[2] - bottom) < 0.1))
                         and not (o[1] == "v" and (abs(o[2] - x_left) < 0.1 or abs(o[2] - x_right) < 0.1))]
            self.pages[p][start:] = kept + rules


def variant(base: dict, name: str, ruling: str, notes: list[str]) -> dict:
    s = copy.deepcopy(base)
    s.update(name=name, ruling=ruling)
    # the base's own notes on how its tables are ruled no longer hold; the rest of its layout does
    s["static_notes"] = [RULINGS[ruling]] + notes + [n for n in base["static_notes"] if "rule" not in n.lower()]
    return s


def seeded(seed: int, name: str, ruling: str, notes: list[str]) -> dict:
    """``variant`` of make_random.py's report of ``seed``: what a sweep of random reports so ruled found."""
    return variant(mr.random_sample(seed, name), name, ruling, notes)


UNRULED = [
    variant(ms.GOV, "threeline-gov-2024", "threeline",
            ["Blank cells (the 规章 row, zero counts in three organisation columns) leave gaps that no rule "
             "marks; the running header's rule stands over every page after the first."]),
    variant(ms.WORD, "hrules-word-2022", "hrules",
            ["Every cell printed; the applications header (3 rows, merged cells) repeated on its second page."]),
    variant(ms.JINJIANG, "norules-jinjiang-2022", "none",
            ["Blank cells in three organisation columns; the （六） sub-row labels wrap over three lines; a lead "
             "sentence over each table."]),
    variant(ms.GOV, "noframe-gov-2024", "noframe", []),
    seeded(935, "noframe-random-2022", "noframe",
            ["Table 二 starts at the foot of page 2 with its group title 第二十条第（一）项 as its first row, and "
             "its piece on page 3 with 第二十条第（五）项: no rule stands over either title (a row of the table, "
             "not a line of the section's text)."]),
    seeded(939, "noframe-random-2020", "noframe",
            ["Table 四's two header rows end page 4 with one rule between them, its inner column rules only; its "
             "row of values tops page 5 with no rule over or under it, the outer columns beyond the inner rules."]),
    seeded(906, "norules-random-2021", "none",
            ["Table 二's 行政规范性文件 row prints 7, 3 and 144（含自然失效5件）, the last wrapped over two lines "
             "in its cell, one above the row's line and one below; 规章 prints / / /."]),
    seeded(969, "hrules-random-2024", "hrules",
            ["Table 三's group label （三）不予公开 wraps in its narrow merged cell: （三）不 stands a little under the "
             "line of row 3.危及“三安全一稳定”, between that row's 理结 (the merged cell beside it) and its label; "
             "规章 printed with its three cells blank."]),
    seeded(1100, "threeline-random-2025", "threeline",
            ["Table 三's row 4.无正当理由大量反复申请 tops page 4 beside 予处理 (the end of （五）不予处理, wrapped in its "
             "merged cell, standing a little higher than the row); its last two values stand apart, past three "
             "blank cells."]),
    seeded(1199, "noframe-random-2024", "noframe",
           ["Table 三's piece on page 4 is two rows, （七）总计 and 四、结转下年度继续办理, with one rule between them: "
            "its outer columns (the row labels' left edge, 总计's values) stand beyond the inner column rules."]),
]


def build(sample: dict) -> dict:
    """make_samples.build with its Doc ruling tables as the sample says, writing to samples/unruled/ (both
    swapped in for the call, as tests/pdf_variants.py swaps Doc.para: make_samples has no hook for them)."""
    out, doc_class = ms.OUT, ms.Doc
    ms.OUT, ms.Doc = OUT, type("Doc", (UnruledDoc,), {"ruling": sample["ruling"]})
    try:
        built = ms.build(sample)
    finally:
        ms.OUT, ms.Doc = out, doc_class
    truth = built["truth"]
    truth["verification"] = ("Written by samples/make_unruled.py (make_samples.py's layout, rules dropped as "
                             "notes[0] says) from the same values it drew; regenerate, do not edit.")
    (OUT / f"{sample['name']}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    return built


def main():
    OUT.mkdir(exist_ok=True)
    for s in UNRULED:
        t = build(s)["truth"]
        print(f"{t['file']}: {s['ruling']}, {t['source']['pages']} pages, sha256 {t['report_id']}…")


if __name__ == "__main__":
    main()
