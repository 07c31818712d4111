"""Write the sample report PDFs of samples/ and, beside each, its <name>.truth.json.

    python samples/make_samples.py

Deterministic: reportlab with the built-in CID font STSong-Light and invariant=1,
numbers from seeded random generators; running it twice gives the same bytes.
One small layout engine (wrapper, page flow, ruled tables with merged cells)
serves the three layouts; a Style says what differs.  The truth files hold what
the generator put on the page, shaped like ../shared/corpus/*.truth.json.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PW, PH = A4
X0, BODY_W = 73.6, 448.0  # 28 full-width characters of 16 pt
TOP, BOTTOM, LH, BODY = PH - 92, 78, 29.0, 16
PAD, MINH = 3.0, 20.0  # table cell padding, minimum row height
WHITE, BLACK, BLUE = (1, 1, 1), (0, 0, 0), (0.776, 0.851, 0.945)
OUT = Path(__file__).resolve().parent

NO_START = set("，。、；：？！）》〉”’〕")
NO_END = set("（《〈“‘〔")
TOKEN = re.compile(r"[0-9A-Za-z.%]+|.")


def width(s: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, FONT, size)


def wrap(text: str, avail: float, size: float, indent: float = 0.0) -> list[str]:
    """Greedy line breaking: numbers stay whole, no closing mark starts a line."""
    lines, cur, w = [], [], indent
    for t in TOKEN.findall(text):
        tw = width(t, size)
        if cur and w + tw > avail + 0.01:
            carry = [cur.pop()] if t in NO_START and len(cur) > 1 else []
            while len(cur) > 1 and cur[-1] in NO_END:
                carry.insert(0, cur.pop())
            lines.append("".join(cur))
            cur, w = carry, sum(width(x, size) for x in carry)
        cur.append(t)
        w += tw
    if cur:
        lines.append("".join(cur))
    return lines


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Style:
    rules: str = "line"  # "line": canvas.line; "rect": thin filled black rectangles
    line_bg: bool = False  # every body text line on its own white filled rectangle
    heading_indent: float = 2  # characters
    shade_blocks: bool = False  # 第二十条第（x）项 rows on light blue
    repeat_header: bool = True  # table header repeated on a continuation page
    split: str = "keep"  # merged cell cut by a page break: "keep" its text in one part, "flow" it on
    folio: str = "dash"  # "dash" - N - centred; "emdash" — N — alternating; "of" 第N页 共M页
    running_head: bool = False
    app_widths: tuple = (26, 64, 170)
    vertical_label: bool = True  # 三、本年度办理结果 one character per line
    review_header_rows: int = 3
    row_h: float = MINH  # minimum table row height
    title_top: float = 0.0  # >0: the title's first line starts this far from the page top (into the header margin)
    heading_wrap: bool = False  # a heading too long for the line wraps onto a second line at the left margin
    running_head_first: bool = False  # the running header on page 1 too


@dataclass
class C:
    text: str = ""
    cs: int = 1
    rs: int = 1
    align: str = "c"
    vert: bool = False
    shade: bool = False


# ---------------------------------------------------------------- page flow



def place_cells(rows: list) -> tuple[dict[tuple[int, int], int], list[tuple]]:
    """Cells laid out left to right in the free slots of their rows (a merged cell holds the slots it spans):
    ((row, column) -> the cell's index in ``placed``, ``placed``: (cell, row, column) in the order placed)."""
    grid: dict[tuple[int, int], int] = {}
    placed: list[tuple] = []
    for r, (_, cells) in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    grid[(r + dr, c + dc)] = len(placed)
            placed.append((cell, r, c))
            c += cell.cs
    return grid, placed


class Doc:
    def __init__(self, style: Style):
        self.s = style
        self.pages: list[list[tuple]] = [[]]
        self.y = TOP
        self.row_pages: dict[tuple[str, str], int] = {}
        self.para_pages: list[tuple[str, list[int]]] = []
        self.table_info: list[dict] = []

    @property
    def page(self) -> int:
        return len(self.pages)

    def new_page(self):
        self.pages.append([])
        self.y = TOP

    def room(self, h: float):
        if self.y - h < BOTTOM:
            self.new_page()

    def op(self, *o):
        self.pages[-1].append(o)

    def line(self, x: float, segs: list, size: float, cs: float = 0.0, lh: float = LH):
        self.room(lh)
        if self.s.line_bg:
            self.op("rect", X0, self.y - lh, BODY_W, lh, WHITE)
        self.op("text", x, self.y - lh / 2 - size * 0.35, size, cs, segs)
        self.y -= lh

    def title(self, lines: list[str], size: float):
        if self.s.title_top:
            self.y = PH - self.s.title_top
        for ln in lines:
            self.line((PW - width(ln, size)) / 2, [(ln, True)], size, lh=size * 1.7)
        self.y -= LH / 2

    def heading(self, text: str, bold: bool = True):
        self.room(2 * LH)
        indent = self.s.heading_indent * BODY
        if not self.s.heading_wrap:
            self.line(X0 + indent, [(text, bold)], BODY)
            return
        for i, ln in enumerate(wrap(text, BODY_W, BODY, indent)):
            self.line(X0 + (indent if i == 0 else 0), [(ln, bold)], BODY)

    def para(self, text: str, bold_prefix: int = 0, tag: str = ""):
        ind = 2 * BODY
        lines = wrap(text, BODY_W, BODY, ind)
        pages, pos = [], 0
        for i, ln in enumerate(lines):
            off = ind if i == 0 else 0
            cs = 0.0 if i == len(lines) - 1 else (BODY_W - off - width(ln, BODY)) / max(1, len(ln) - 1)
            b = max(0, min(len(ln), bold_prefix - pos))
            segs = [(s, bb) for s, bb in ((ln[:b], True), (ln[b:], False)) if s]
            pos += len(ln)
            self.line(X0 + off, segs, BODY, cs)
            pages.append(self.page)
        self.para_pages.append((tag or text[:12], sorted(set(pages))))

    # ------------------------------------------------------------ tables

    def table(self, name: str, heading: str, cols: list[float], rows: list, header: int,
              size: float = 10, break_before: str | None = None, lead: str = ""):
        """rows: (row key or None, [C, ...]); cells placed left to right in free grid slots.

        ``break_before``: the row a new page starts with (its header left behind, alone at the page foot
        when it is the first row); ``lead``: a sentence printed between the heading and the table.
        """
        n = len(rows)
        grid, placed = place_cells(rows)
        assert all((r, c) in grid for r in range(n) for c in range(len(cols))), name
        assert len(grid) == n * len(cols), name
        lhc = size * 1.25
        text = []
        for cell, r, c in placed:
            inner = sum(cols[c:c + cell.cs]) - 2 * PAD
            text.append(list(cell.text) if cell.vert else wrap(cell.text, inner, size) if cell.text else [])
        h = [self.s.row_h] * n
        for (cell, r, _), lines in zip(placed, text):
            if cell.rs == 1:
                h[r] = max(h[r], len(lines) * lhc + 2 * PAD)
        for (cell, r, _), lines in zip(placed, text):
            need = len(lines) * lhc + 2 * PAD - sum(h[r:r + cell.rs])
            if cell.rs > 1 and need > 0:
                h[r + cell.rs - 1] += need
        keys = [k for k, _ in rows]
        hdr = list(range(header))
        stop = keys.index(break_before) if break_before else min(n, header + 2)
        first = sum(h[:stop])
        assert first <= TOP - BOTTOM, f"{name}: rows before the forced break do not fit a page"
        self.room(LH + first)
        self.heading(heading)
        if lead:
            self.para(lead, tag=f"{name} lead")
            self.room(first)
        segs, cur, used = [], list(hdr), sum(h[:header])
        for r in range(header, n):
            nxt = next((j for j in range(r, n) if keys[j] is not None), r)  # a block head keeps with its row
            if (break_before and keys[r] == break_before) or self.y - used - sum(h[r:nxt + 1]) < BOTTOM:
                segs.append((len(self.pages) - 1, self.y, cur))
                self.new_page()
                cur = list(hdr) if self.s.repeat_header else []
                used = sum(h[i] for i in cur)
            cur.append(r)
            used += h[r]
            self.row_pages[(name, keys[r])] = self.page
        segs.append((len(self.pages) - 1, self.y, cur))
        self.y -= used + 10
        self._draw(name, cols, placed, text, h, header, segs, size, lhc)
        names = [k or rows[r][1][0].text for r, k in enumerate(keys)]
        self.table_info.append({"name": name, "segments": [(p + 1, [names[r] for r in rs if r >= header])
                                                           for p, _, rs in segs]})

    def _draw(self, name, cols, placed, text, h, header, segs, size, lhc):
        x_left = X0 + (BODY_W - sum(cols)) / 2
        xs = [x_left + sum(cols[:i]) for i in range(len(cols) + 1)]
        frags = {i: [] for i in range(len(placed))}  # cell -> [(page, x0, x1, top, bottom, rows)]
        for p, top, rs in segs:
            ys, y = {}, top
            for r in rs:
                ys[r] = y
                y -= h[r]
            for i, (cell, r0, c) in enumerate(placed):
                inside = [r for r in rs if r0 <= r < r0 + cell.rs]
                if inside:
                    frags[i].append((p, xs[c], xs[c + cell.cs], ys[inside[0]],
                                     ys[inside[-1]] - h[inside[-1]], [(ys[r], ys[r] - h[r]) for r in inside]))
        edges: dict[int, set] = {}
        for i, (cell, r0, c) in enumerate(placed):
            for p, x0, x1, top, bot, rowys in frags[i]:
                if cell.shade:
                    self.pages[p].append(("rect", x0, bot, x1 - x0, top - bot, BLUE))
                e = edges.setdefault(p, set())
                for k in range(c, c + cell.cs):
                    e.add(("h", round(top, 2), xs[k], xs[k + 1]))
                    e.add(("h", round(bot, 2), xs[k], xs[k + 1]))
                for yt, yb in rowys:
                    e.add(("v", x0, yt, yb))
                    e.add(("v", x1, yt, yb))
        for p, e in edges.items():
            for o in merge_edges(e):
                self.pages[p].append(("rule", *o, self.s.rules))
        for i, (cell, r0, c) in enumerate(placed):
            parts = frags[i] if r0 < header else []
            jobs = [(f, text[i]) for f in parts] or place(text[i], frags[i], self.s.split, lhc)
            for (p, x0, x1, top, bot, _), lines in jobs:
                yt = top - (top - bot - len(lines) * lhc) / 2
                for j, ln in enumerate(lines):
                    x = x0 + PAD if cell.align == "l" else (x0 + x1 - width(ln, size)) / 2
                    self.pages[p].append(("text", x, yt - j * lhc - lhc / 2 - size * 0.35, size, 0.0,
                                          [(ln, False)]))


def place(lines, frags, policy, lhc):
    """Which lines of a body cell go to which of its page fragments."""
    if not lines or not frags:
        return []
    cap = [int((f[3] - f[4] - 2 * PAD + 0.01) // lhc) for f in frags]
    if len(frags) == 1 or cap[0] >= len(lines):
        return [(frags[0], lines)]
    if policy == "keep":
        best = max(range(len(frags)), key=lambda i: cap[i])
        if cap[best] >= len(lines):
            return [(frags[best], lines)]
    out, i = [], 0
    for k, f in enumerate(frags):
        take = cap[k] if k < len(frags) - 1 else len(lines) - i
        if take > 0 and i < len(lines):
            out.append((f, lines[i:i + take]))
            i += take
    return out


def merge_edges(edges):
    """Unit edges -> long collinear rules: ('h', y, x0, x1) or ('v', x, ytop, ybottom)."""
    out = []
    for kind in ("h", "v"):
        by = {}
        for k, at, a, b in edges:
            if k == kind:
                lo, hi = sorted((a, b))
                by.setdefault(at, []).append((round(lo, 2), round(hi, 2)))
        for at, spans in sorted(by.items()):
            spans.sort()
            lo, hi = spans[0]
            for a, b in spans[1:] + [(None, None)]:
                if a is not None and a <= hi + 0.01:
                    hi = max(hi, b)
                    continue
                out.append((kind, at, lo, hi))
                if a is not None:
                    lo, hi = a, b
    return out


# ---------------------------------------------------------------- rendering


def furniture(style: Style, agency: str, i: int, n: int) -> list[tuple]:
    ops = []
    if style.running_head and (i > 1 or style.running_head_first):
        ops.append(("text", (PW - width(agency, 10.5)) / 2, PH - 58, 10.5, 0.0, [(agency, False)]))
        ops.append(("rule", "h", PH - 64, X0, X0 + BODY_W, "line"))
    if style.folio == "dash":
        s, x = f"- {i} -", None
    elif style.folio == "emdash":
        s = f"— {i} —"
        x = X0 + BODY_W - width(s, 14) if i % 2 else X0
    else:
        s, x = f"第{i}页 共{n}页", None
    size = 10.5 if style.folio == "of" else 14
    ops.append(("text", x if x is not None else (PW - width(s, size)) / 2, 48, size, 0.0, [(s, False)]))
    return ops


def render(path: Path, doc: Doc, title: str, agency: str):
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(agency)
    c.setLineWidth(0.5)
    for i, ops in enumerate(doc.pages, 1):
        for o in ops + furniture(doc.s, agency, i, len(doc.pages)):
            if o[0] == "rect":
                c.setFillColorRGB(*o[5])
                c.rect(*o[1:5], stroke=0, fill=1)
            elif o[0] == "rule":  # ('h', y, x0, x1) or ('v', x, y0, y1); a, b ascending
                _, kind, at, a, b, how = o
                x0, y0, x1, y1 = (a, at, b, at) if kind == "h" else (at, a, at, b)
                if how == "line":
                    c.line(x0, y0, x1, y1)
                else:
                    c.setFillColorRGB(*BLACK)
                    c.rect(x0 - 0.25, y0 - 0.25, x1 - x0 + 0.5, y1 - y0 + 0.5, stroke=0, fill=1)
            else:
                _, x, y, size, cs, segs = o
                c.setFillColorRGB(*BLACK)
                t = c.beginText(x, y)
                t.setFont(FONT, size)
                t.setCharSpace(cs)
                for text, bold in segs:  # bold: fill + stroke (render mode 2), one glyph per character
                    t.setTextRenderMode(2 if bold else 0)
                    t.textOut(text)
                c.drawText(t)
        c.showPage()
    c.save()


# ---------------------------------------------------------------- the tables of the 2021 format

APP_COLS = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total"]
ORG_HEAD = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
def _group(label: str, items: str) -> list[tuple]:
    """'key 文字|key 文字' -> numbered rows of one （x） group."""
    return [(k, label, f"{i}.{t}") for i, (k, t) in enumerate((x.split() for x in items.split("|")), 1)]


APP_ROWS = [  # key, group label (None: spans all label columns; "": spans two), row label as in the template
    ("new", None, "一、本年新收政府信息公开申请数量"), ("carried_over", None, "二、上年结转政府信息公开申请数量"),
    ("granted", "", "（一）予以公开"), ("partially_granted", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    *_group("（三）不予公开", "denied_state_secret 属于国家秘密|denied_prohibited_by_law 其他法律行政法规禁止公开|"
            "denied_three_safeties 危及“三安全一稳定”|denied_third_party 保护第三方合法权益|denied_internal_affairs "
            "属于三类内部事务信息|denied_process_info 属于四类过程性信息|denied_enforcement_files 属于行政执法案卷|"
            "denied_inquiry 属于行政查询事项"),
    *_group("（四）无法提供", "unavailable_not_held 本机关不掌握相关政府信息|unavailable_needs_creation "
            "没有现成信息需要另行制作|unavailable_unclear 补正后申请内容仍不明确"),
    *_group("（五）不予处理", "unprocessed_petition 信访举报投诉类申请|unprocessed_repeat 重复申请|unprocessed_publication "
            "要求提供公开出版物|unprocessed_excessive 无正当理由大量反复申请|unprocessed_confirmation "
            "要求行政机关确认或重新出具已获取信息"),
    *_group("（六）其他处理", "other_no_correction 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|"
            "other_unpaid_fee 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|other_other 其他"),
    ("other_total", "", "（六）其他处理"), ("results_total", "", "（七）总计"),
    ("carried_forward", None, "四、结转下年度继续办理"),
]
OTHER3 = ["other_no_correction", "other_unpaid_fee", "other_other"]
AD_BLOCKS = [  # 第二十条 item, column heads, rows
    ("（一）", ["本年制发件数", "本年废止件数", "现行有效件数"], [("regulations", "规章"),
                                                    ("normative_documents", "行政规范性文件")]),
    ("（五）", ["本年处理决定数量"], [("licensing", "行政许可")]),
    ("（六）", ["本年处理决定数量"], [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
    ("（八）", ["本年收费金额（单位：万元）"], [("fees", "行政事业性收费")]),
]
AD_COLS = {"regulations": ["issued", "repealed", "in_force"], "normative_documents": ["issued", "repealed", "in_force"],
           "licensing": ["decisions"], "penalty": ["decisions"], "enforcement": ["decisions"], "fees": ["amount_wan"]}
RL_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
RL_COLS = ["upheld", "corrected", "other", "pending", "total"]
RL_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def fmt(v) -> str:
    return "" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def printed(sample, table, row, col) -> str:
    over = sample["printed"].get((table, row, col))
    return over if over is not None else fmt(sample["tables"][table][row][col])


def active_rows(sample, style):
    rows = []
    for item, heads, block in AD_BLOCKS:
        rows.append((None, [C(f"第二十条第{item}项", cs=4, shade=style.shade_blocks)]))
        span = 3 // len(heads)
        rows.append((None, [C("信息内容")] + [C(t, cs=span) for t in heads]))
        for key, label in block:
            rows.append((key, [C(label)] + [C(printed(sample, "active_disclosure", key, col), cs=span)
                                             for col in AD_COLS[key]]))
    return rows


def application_rows(sample, style):
    single = sample["single_other"]
    labels = sample.get("labels", {})
    keys = [k for k, _, _ in APP_ROWS if not (k in OTHER3 and single) and not (k == "other_total" and not single)]
    n_res = keys.index("results_total") - keys.index("granted") + 1
    rows = [
        (None, [C(sample.get("corner", ""), cs=3, rs=3, align="l"), C("申请人情况", cs=7)]),
        (None, [C("自然人", rs=2), C("法人或其他组织", cs=5), C("总计", rs=2)]),
        (None, [C(t) for t in ORG_HEAD]),
    ]
    seen = set()
    groups = {g: sum(1 for k, gg, _ in APP_ROWS if gg == g and k in keys) for _, g, _ in APP_ROWS if g}
    for key, group, label in APP_ROWS:
        if key not in keys:
            continue
        label = labels.get(key, label)
        cells = []
        if key == "granted":
            cells.append(C("三、本年度办理结果", rs=n_res, vert=style.vertical_label))
        if group is None:
            cells.append(C(label, cs=3, align="l"))
        elif key == "other_total":
            if sample.get("other_span"):  # the 2019 format: one row across both label columns
                cells.append(C(label, cs=2, align="l"))
            else:
                cells += [C(label, align="l"), C("")]  # one row, its third label cell left empty
        elif group == "":
            cells.append(C(label, cs=2, align="l"))
        else:
            if group not in seen:
                seen.add(group)
                cells.append(C(group, rs=groups[group], align="l"))
            cells.append(C(label, align="l"))
        rows.append((key, cells + [C(printed(sample, "applications", key, c)) for c in APP_COLS]))
    return rows


def review_rows(sample, style):
    if style.review_header_rows == 3:
        rows = [(None, [C("行政复议", cs=5), C("行政诉讼", cs=10)]),
                (None, [C(t, rs=2) for t in RL_HEAD] + [C("未经复议直接起诉", cs=5), C("复议后起诉", cs=5)]),
                (None, [C(t) for t in RL_HEAD * 2])]
    else:
        rows = [(None, [C("行政复议", cs=5), C("行政诉讼（未经复议直接起诉）", cs=5), C("行政诉讼（复议后起诉）", cs=5)]),
                (None, [C(t) for t in RL_HEAD * 3])]
    vals = [C(printed(sample, "review_litigation", g, c)) for g in RL_GROUPS for c in RL_COLS]
    return rows + [("all", vals)], len(rows)


# ---------------------------------------------------------------- numbers


def gen_applications(rng, scale: dict, nonzero: bool, single_other: bool):
    lo = 1 if nonzero else 0
    heavy = {"granted", "partially_granted", "unavailable_not_held", "denied_process_info", "unprocessed_repeat"}
    skip = set(OTHER3) if single_other else {"other_total"}
    res = [k for k, _, _ in APP_ROWS[2:-2] if k not in skip]
    t = {k: {} for k, _, _ in APP_ROWS}
    for col in APP_COLS[:-1]:
        s = scale[col]
        for k in res:
            t[k][col] = rng.randint(lo, max(lo, s if k in heavy else s // 4))
        t["results_total"][col] = sum(t[k][col] for k in res)
        t["carried_forward"][col] = rng.randint(lo, max(lo, s // 2))
        inflow = t["results_total"][col] + t["carried_forward"][col]
        t["carried_over"][col] = rng.randint(lo, max(lo, min(s // 2, inflow - lo)))
        t["new"][col] = inflow - t["carried_over"][col]
    for row in t.values():
        if row:
            row["total"] = sum(row[c] for c in APP_COLS[:-1])
    for k in (OTHER3 if single_other else ["other_total"]):
        t[k] = None
    return t


def review(vals):
    return {g: dict(zip(RL_COLS, v + [sum(v)])) for g, v in zip(RL_GROUPS, vals)}


def relations(tables) -> list[dict]:
    a, out = tables["applications"], []
    z = lambda v: v or 0  # a blank cell counts as 0
    single = a["other_total"] is not None
    res = [k for k, _, _ in APP_ROWS[2:-2] if a.get(k) is not None]
    for col in APP_COLS:
        l, r = z(a["new"][col]) + z(a["carried_over"][col]), z(a["results_total"][col]) + z(a["carried_forward"][col])
        out.append({"rule": f"applications.{col}: new + carried_over == results_total + carried_forward",
                    "ok": l == r, "detail": f"{z(a['new'][col])} + {z(a['carried_over'][col])} = {l} vs "
                                            f"{z(a['results_total'][col])} + {z(a['carried_forward'][col])} = {r}"})
    last = "other_total" if single else "other_other"
    for col in APP_COLS:
        s = sum(z(a[k][col]) for k in res)
        out.append({"rule": f"applications.{col}: results_total == sum(granted..{last})",
                    "ok": s == z(a["results_total"][col]), "detail": f"sum = {s} vs results_total = "
                                                                     f"{z(a['results_total'][col])}"})
    for k, row in a.items():
        if row is not None:
            s = sum(z(row[c]) for c in APP_COLS[:-1])
            out.append({"rule": f"applications.{k}: total == natural_person + 5 organisation columns",
                        "ok": s == z(row["total"]), "detail": f"sum = {s} vs total = {z(row['total'])}"})
    for g, row in tables["review_litigation"].items():
        parts = [z(row[c]) for c in RL_COLS[:-1]]
        out.append({"rule": f"review_litigation.{g}: total == upheld + corrected + other + pending",
                    "ok": sum(parts) == z(row["total"]),
                    "detail": f"{' + '.join(map(str, parts))} = {sum(parts)} vs total = {z(row['total'])}"})
    return out


# ---------------------------------------------------------------- the samples

H = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
     4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
KEYS = {1: "overview", 2: "active_disclosure", 3: "applications", 4: "review_litigation", 5: "problems", 6: "other"}
BASIS = ("《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
         "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）")


def sub(head, *paras, inline=False):
    return ("sub", head, list(paras), inline)


WORD = {
    "name": "layout-word-2022", "agency": "杭州市西湖区人民政府办公室", "aliases": ["西湖区人民政府办公室"], "year": 2022,
    "region": {"province": "浙江省", "city": "杭州市", "county": "西湖区", "adcode": "330106"},
    "style": Style(), "title_lines": ["杭州市西湖区人民政府办公室", "2022年政府信息公开工作年度报告"], "title_size": 22,
    "seed": 2022, "scale": {"natural_person": 30, "commercial": 6, "research": 4, "public_interest": 4, "legal_service": 5, "other_org": 4},
    "nonzero": True, "single_other": False, "corner": CORNER, "headings": {}, "overrides": {},
    "active": {"regulations": [2, 1, 14], "normative_documents": [9, 4, 57], "licensing": [1265], "penalty": [348],
               "enforcement": [27], "fees": [236.18]},
    "review": [[4, 2, 1, 1], [3, 1, 1, 1], [2, 1, 1, 1]],
    "preamble": [f"本报告根据{BASIS}要求，由杭州市西湖区人民政府办公室编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。如对本报告有疑问，请与杭州市西湖区人民政府办公室联系。"],
    "body": {1: [("p", "2022年，西湖区人民政府办公室坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和省、市关于政务公开工作的各项部署，围绕区委、区政府中心工作，以公开促落实、以公开促规范、以公开促服务，不断提升政务公开标准化规范化水平，全区政府信息公开工作取得新成效。"),
              sub("（一）主动公开情况",
                  "全年通过区政府门户网站主动公开政府信息3862条，其中政策文件{nd_issued}件，政策解读41篇，图片解读、视频解读等多元化解读23篇。围绕稳经济、促发展、保民生等重点领域，及时发布助企纾困、稳岗就业、疫情防控等方面信息，开设“惠企政策直通车”专栏，集中发布各类惠企政策，方便企业和群众查询。",
                  "坚持把政策解读与政策制定同步考虑、同步安排，区政府及区政府办公室印发的行政规范性文件均同步发布解读材料。全年召开新闻发布会12场，邀请部门主要负责人解读重大政策，回应社会关切。"),
              sub("（二）依申请公开情况",
                  "全年共收到政府信息公开申请{new_total}件，上年结转{co_total}件。其中，自然人申请{new_np}件，法人或其他组织申请{new_org}件。已办结{res_total}件，结转下年度继续办理{cf_total}件。所有申请均在法定期限内答复，未发生逾期答复情况。",
                  "进一步规范依申请公开工作流程，严格执行登记、审核、办理、答复、归档等环节要求，对疑难复杂申请组织法律顾问会商研判，切实提高答复质量。"),
              sub("（三）政府信息管理情况",
                  "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，对拟公开的政府信息逐条进行保密审查。开展行政规范性文件清理工作，对不再适用的文件及时宣布失效或废止，并在区政府门户网站集中公布清理结果。"),
              sub("（四）政府信息公开平台建设情况",
                  "持续优化区政府门户网站“政府信息公开”专栏，完善机构职能、政策文件、财政预决算等栏目设置。加强政务新媒体规范管理，全年通过政务微信公众号发布信息1570条。推进政府公报电子化，全年编发政府公报12期。"),
              sub("（五）监督保障情况",
                  "将政务公开工作纳入全区综合考评体系，定期通报各部门、各镇街政务公开工作情况。组织开展政务公开业务培训6场次，参训人员400余人次，进一步提升工作人员业务能力。全年未发生因政府信息公开工作引起的责任追究情况。")],
          5: [("p", "2022年，我区政府信息公开工作虽取得一定成效，但仍存在一些不足：一是政策解读的形式还不够丰富，图解、视频等多元化解读比例有待提高；二是部分单位对依申请公开工作的重视程度不够，答复文书的规范性有待加强；三是基层政务公开工作力量相对薄弱，专业化水平有待提升。"),
              ("p", "针对上述问题，下一步将重点做好以下工作：一是丰富政策解读形式，推动解读材料与政策文件同步起草、同步审签、同步发布；二是加强依申请公开业务指导，规范答复文书格式，提高答复质量；三是加大业务培训力度，推动镇街政务公开工作规范化建设。")],
          6: [("p", "本机关2022年度未收取政府信息公开信息处理费。无其他需要报告的事项。")]},
    "static_notes": [
        "Word-like layout: table rules are stroked line objects (0.5 pt); no filled rectangles anywhere.",
        ("Title on two lines: agency / year + 政府信息公开工作年度报告; title, section headings and table heads bold "
        "by text render mode 2 (fill + stroke), no doubled glyphs."),
        ("Section headings 一…六 indented two characters, 16 pt like the body; subsection heads stand on their own "
        "line without a closing 。 and are their own paragraph."),
        ("applications: 申请人情况 spans all 7 value columns, 法人或其他组织 spans 5; the corner cell holds the 勾稽关系 "
        "note; 三、本年度办理结果 is printed one character per line; narrow heads wrap mid-word (商业/企业)."),
        "Every table value is non-zero and every relation holds. Page numbers '- N -' centred at the bottom."],
}

WPS = {
    "name": "layout-wps-2023", "agency": "大名县人民政府", "aliases": ["邯郸市大名县人民政府", "河北省邯郸市大名县人民政府"],
    "year": 2023, "region": {"province": "河北省", "city": "邯郸市", "county": "大名县", "adcode": "130425"},
    "style": Style(rules="rect", line_bg=True, heading_indent=0, shade_blocks=True, repeat_header=False, split="flow",
                folio="emdash", app_widths=(30, 46, 170), vertical_label=False, row_h=24),
    "title_lines": ["大名县人民政府2023年政府信息公开工作年度报告"], "title_size": 20,
    "seed": 2023, "scale": {"natural_person": 14, "commercial": 3, "research": 0, "public_interest": 0, "legal_service": 2, "other_org": 1},
    "nonzero": False, "single_other": False, "corner": CORNER, "headings": {5: "五、政府信息公开工作存在的主要问题及改进情况"},
    "active": {"regulations": [None, None, None], "normative_documents": [3, 1, 22], "licensing": [2841], "penalty": [416],
               "enforcement": [38], "fees": [12.5]},
    "review": [[3, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0]],
    "overrides": {("active_disclosure", "regulations", c): ("/", None) for c in ("issued", "repealed", "in_force")}
    | {("active_disclosure", "normative_documents", "in_force"): ("22（其中修订16件）", 22),
       ("review_litigation", "review", "total"): ("0", 0)},
    "labels": {"denied_prohibited_by_law": "2.其他法律行政止公开", "denied_three_safeties": "3.危及\"三安全一稳定\"",
            "unavailable_not_held": "１．本机关不掌握相关政府信息", "unavailable_needs_creation": "２．没有现成信息需要另行制作",
            "unavailable_unclear": "３．补正后申请内容仍不明确", "unprocessed_petition": "1、信访举报投诉类申请",
            "unprocessed_repeat": "2、重复申请", "unprocessed_publication": "3、要求提供公开出版物",
            "unprocessed_excessive": "4、无正当理由大量反复申请", "unprocessed_confirmation": "5、要求行政机关确认或重新出具已获取信息"},
    "break_before": "unavailable_needs_creation",
    "preamble": ["本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求，由大名县人民政府办公室编制。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。本报告电子版可在大名县人民政府门户网站查阅或下载。如对本报告有疑问，请与大名县人民政府办公室联系。"],
    "body": {1: [("p", "2023年，大名县人民政府深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，严格执行《条例》各项规定，按照河北省、邯郸市政务公开工作要点要求，紧紧围绕县委、县政府中心工作，扎实推进决策、执行、管理、服务、结果公开，政府信息公开工作取得积极成效。"),
              sub("（一）主动公开情况。",
                  "2023年，县政府门户网站累计主动公开政府信息2176条，其中政府文件{nd_issued}件，政策解读19篇。围绕乡村振兴、教育医疗、社会保障等重点领域，持续加大信息公开力度，及时公开惠民惠农财政补贴资金发放情况，主动接受社会监督。", inline=True),
              sub("（二）依申请公开情况。",
                  "2023年，县政府共收到政府信息公开申请{new_total}件，上年结转{co_total}件，办结{res_total}件，结转下年度继续办理{cf_total}件。申请内容主要集中在征地拆迁、土地审批、规划建设等方面，均已按照法定程序和时限予以答复。",
                  "县政府办公室作为依申请公开工作的牵头部门，进一步完善登记、审核、会商、答复、归档等工作流程，对涉及多个部门的申请及时组织会商，统一答复口径，并邀请法律顾问对答复文书进行合法性审查，有效降低了行政复议和行政诉讼风险。", inline=True),
              sub("（三）政府信息管理情况。",
                  "严格落实政府信息公开审查机制，明确公开属性，做到应公开尽公开。对涉及“三安全一稳定”的信息严格把关，防止泄密和不当公开。动态调整主动公开基本目录，及时更新政府信息公开指南。", inline=True),
              sub("（四）政府信息公开平台建设情况。",
                  "持续加强县政府门户网站建设，优化政府信息公开专栏设置，规范栏目名称和内容。加强政务新媒体管理，对全县政务新媒体账号开展常态化巡查，关停整合更新不及时、无力维护的账号7个。", inline=True),
              sub("（五）政府信息公开监督保障情况。",
                  "将政务公开工作纳入年度目标考核，压实各部门工作责任。组织开展政务公开专题培训3次，对各乡镇、各部门政务公开工作人员进行业务指导，不断提升政务公开工作水平。", inline=True)],
          5: [("p", "2023年，我县政府信息公开工作取得了一定成效，但还存在一些问题和不足，主要是：部分单位对政务公开工作重视程度不够，信息发布不够及时；政策解读的针对性和实效性有待提高；依申请公开答复的规范化水平仍需提升。下一步，我县将从以下方面加以改进：一是强化责任落实，督促各单位及时准确公开政府信息；二是提升解读质量，丰富解读形式，增强政策解读的针对性；三是规范依申请公开办理流程，加强法律审核，不断提高答复质量。")],
          6: [("p", "2023年，本机关未收取政府信息公开信息处理费。本年度无其他需要报告的事项。")]},
    "static_notes": [
        ("WPS-like layout: every body text line (title, preamble, headings, paragraphs) sits on its own white filled "
        "rectangle (no stroke) as wide as the text block; stacked, they look like one-column tables."),
        ("Table rules are thin (0.5 pt) black FILLED rectangles; no line objects. active_disclosure: each 第二十条第（x）项 "
        "row is shaded light blue (RGB 0.776/0.851/0.945)."),
        ("Section headings at the left margin; 五 uses the variant 五、政府信息公开工作存在的主要问题及改进情况. Subsection "
        "heads run into the paragraph (（一）主动公开情况。2023年，…), the head bold by render mode 2."),
        ("applications: header NOT repeated on the continuation page; the group label （四）无法提供 is cut by the page "
        "break: （四）无 at the foot of one page, 法提供 at the top of the next; 三、本年度办理结果 wrapped horizontally "
        "in a narrow column (not one character per line); label deviations listed under label_deviations."),
        ("Cells: 规章 row printed '/ / /' (null); 现行有效件数 of 行政规范性文件 printed 22（其中修订16件） (value 22); "
        "行政事业性收费 12.5 (万元). review_litigation.review prints total 0 under 3 + 1 + 0 + 0."),
        "Page numbers '— N —' at the bottom, odd pages right, even pages left."],
}

GOV = {
    "name": "layout-gov-2024", "agency": "成都市生态环境局", "aliases": [], "year": 2024,
    "region": {"province": "四川省", "city": "成都市", "county": None, "adcode": "510100"},
    "style": Style(folio="of", running_head=True, review_header_rows=2),
    "title_lines": ["成都市生态环境局2024年政府信息公开", "工作年度报告"], "title_size": 22,
    "seed": 2024, "scale": {"natural_person": 40, "commercial": 6, "research": 0, "public_interest": 2, "legal_service": 3, "other_org": 1},
    "nonzero": False, "single_other": True, "corner": "", "headings": {4: "四、政府信息公开行政复议和行政诉讼情况"},
    "active": {"regulations": [None, None, None], "normative_documents": [2, 3, 31], "licensing": [1873], "penalty": [652],
               "enforcement": [41], "fees": [0]},
    "review": [[5, 1, 0, 1], [2, 0, 1, 0], [1, 0, 0, 1]],
    "overrides": {("active_disclosure", "regulations", c): ("", None) for c in ("issued", "repealed", "in_force")},
    "blank_zero": (["research", "public_interest", "legal_service"], "denied_state_secret", "unprocessed_confirmation"),
    "preamble": [f"本报告依据{BASIS}要求编制。",
              "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。如对本报告有疑问，请与成都市生态环境局办公室联系。"],
    "body": {1: [("p", "2024年，成都市生态环境局坚持以习近平生态文明思想为指导，认真贯彻落实《条例》和省、市政务公开工作要点，围绕深入打好污染防治攻坚战，持续推进生态环境领域信息公开，切实保障人民群众的生态环境知情权、参与权和监督权。"),
              sub("（一）主动公开",
                  "全年通过局门户网站主动公开政府信息4319条，其中通知公告286条，环境质量信息1460条，建设项目环境影响评价信息1127条。按月发布全市空气质量、地表水水质和集中式饮用水水源地水质状况，每日发布空气质量预报，及时回应公众对生态环境质量的关切。",
                  "依法公开行政处罚信息，在作出行政处罚决定之日起七个工作日内在门户网站公开处罚决定书，全年公开行政处罚决定{penalty}件，公开环境违法案件查处情况和典型案例。"),
              sub("（二）依申请公开",
                  "全年收到政府信息公开申请{new_total}件，上年结转{co_total}件，办结{res_total}件，结转下年度继续办理{cf_total}件。申请内容主要涉及建设项目环境影响评价、排污许可、环境违法行为查处等方面，均严格按照《条例》规定的时限和程序予以答复。"),
              sub("（三）政府信息管理",
                  "严格执行信息发布审核制度，落实“三审三校”要求，确保发布信息准确、规范。对本局制发的行政规范性文件开展专项清理，及时公布清理结果。"),
              sub("（四）政府信息公开平台建设",
                  "优化局门户网站“政府信息公开”栏目，完善环境质量、环评审批、执法监管等专题栏目。依托本局政务新媒体，全年发布各类信息2135条，推动政务信息多渠道传播。"),
              sub("（五）监督保障",
                  "成立局政务公开工作领导小组，明确各处室、直属单位政务公开工作职责。开展政务公开工作自查，及时整改发现的问题，全年未发生因政府信息公开引发的责任追究情况。")],
          5: [("p", "2024年，我局政府信息公开工作取得一定成效，但对照新形势新要求，仍存在一些不足：一是政策解读的通俗性有待加强，部分解读材料专业术语较多；二是基层执法信息公开的及时性还需提高。"),
              ("p", "下一步，我局将着力做好以下工作：一是创新政策解读方式，更多运用图表、短视频等群众喜闻乐见的形式解读生态环境政策；二是加强对区（市）县生态环境部门的业务指导，督促及时公开执法信息；三是持续做好依申请公开工作，不断提升答复的规范性。")],
          6: [("p", "本年度本机关未收取政府信息公开信息处理费。")]},
    "static_notes": [
        ("Government typesetting-system layout: running header (the agency name, 10.5 pt, a rule line under it) on "
        "every page after the first; footer '第N页 共M页' centred."),
        ("Title on two lines broken inside the phrase: 成都市生态环境局2024年政府信息公开 / 工作年度报告. Heading "
        "variant 四、政府信息公开行政复议和行政诉讼情况; subsection heads on their own line, without 。."),
        ("applications: （六）其他处理 is ONE row without its three sub-rows (third label cell empty): values under "
        "other_total; other_no_correction / other_unpaid_fee / other_other null."),
        ("Blank cells (null): the 规章 row; in applications the 科研机构, 社会公益组织 and 法律服务机构 cells of rows "
        "三（三）1 to 三（五）5 where the count is 0. Relations count a blank as 0 and all hold."),
        ("review_litigation has a 2-row header: 行政复议 | 行政诉讼（未经复议直接起诉） | 行政诉讼（复议后起诉）, then the "
        "15 column heads.")],
}
SAMPLES = [WORD, WPS, GOV]


# ---------------------------------------------------------------- build one sample


def make_tables(sample):
    rng = random.Random(sample["seed"])
    tables = {
        "active_disclosure": {k: dict(zip(sample.get("ad_cols", AD_COLS)[k], v)) for k, v in sample["active"].items()},
        "applications": gen_applications(rng, sample["scale"], sample["nonzero"], sample["single_other"]),
        "review_litigation": review(sample["review"]),
    }
    shown = {}
    if sample.get("template") == "2019":  # the 2019 format has （六）其他处理 as one row: no sub-row keys at all
        for k in OTHER3:
            del tables["applications"][k]
    for (t, r, c), (text, value) in sample["overrides"].items():
        tables[t][r][c] = value
        shown[(t, r, c)] = text
    if "blank_zero" in sample:  # the report leaves a 0 blank in these columns and rows
        cols, first, last = sample["blank_zero"]
        keys = [k for k, _, _ in APP_ROWS]
        for k in keys[keys.index(first):keys.index(last) + 1]:
            for c in cols:
                row = tables["applications"][k]
                if row is not None and row[c] == 0:
                    row[c], shown[("applications", k, c)] = None, ""
    sample["printed"], sample["tables"] = shown, tables
    return tables


def facts(tables):
    a = tables["applications"]
    return {"new_total": a["new"]["total"], "co_total": a["carried_over"]["total"],
            "res_total": a["results_total"]["total"], "cf_total": a["carried_forward"]["total"],
            "new_np": a["new"]["natural_person"], "new_org": a["new"]["total"] - a["new"]["natural_person"],
            "nd_issued": tables["active_disclosure"]["normative_documents"].get("issued"),
            "penalty": tables["active_disclosure"]["penalty"]["decisions"]}


def lay_out(sample, tables):
    st, doc = sample["style"], Doc(sample["style"])
    fx = facts(tables)
    doc.title(sample["title_lines"], sample["title_size"])
    for p in sample["preamble"]:
        doc.para(p, tag="preamble")
    sections = []
    for n in range(1, 7):
        head = sample["headings"].get(n, H[n])
        sec = {"number": n, "heading": head, "key": KEYS[n], "text": "", "paragraphs": [], "subsections": []}
        sections.append(sec)
        breaks, lead = sample.get("breaks", {}), sample.get("leads", {}).get(n, "")
        if n == 2:
            cols, rows = sample.get("active_layout", ([170, 93, 93, 92], active_rows))
            doc.table("active_disclosure", head, cols, rows(sample, st), 0,
                      break_before=breaks.get("active_disclosure"), lead=lead)
        elif n == 3:
            doc.table("applications", head, list(st.app_widths) + [30] * 7, application_rows(sample, st), 3,
                      break_before=sample.get("break_before", breaks.get("applications")), lead=lead)
        elif n == 4:
            rows, hn = review_rows(sample, st)
            doc.table("review_litigation", head, [30] * 15, rows, hn, break_before=breaks.get("review_litigation"),
                      lead=lead)
        if n in (2, 3, 4):
            if lead:
                sec["paragraphs"].append(lead)
                sec["text"] = lead
            continue
        doc.heading(head)
        for item in sample["body"][n]:
            hd, paras, inline = ("", [item[1]], False) if item[0] == "p" else item[1:]
            paras, lead = [p.format(**fx) for p in paras], hd if inline else ""
            if hd and not inline:  # a stand-alone subsection head is a paragraph of its own
                doc.room(2 * LH)
                doc.line(X0 + 2 * BODY, [(hd, False)], BODY)
                sec["paragraphs"].append(hd)
            for i, p in enumerate(paras):
                doc.para((lead + p) if i == 0 else p, len(lead) if i == 0 else 0, f"section {n} {hd}".strip())
                sec["paragraphs"].append((lead + p) if i == 0 else p)
            if hd:
                sec["subsections"].append({"number": len(sec["subsections"]) + 1, "heading": hd,
                                           "heading_inline": inline, "text": "\n".join(paras), "paragraphs": paras})
        if n == 6 and sample.get("sign"):  # signature and date, right-aligned under the last paragraph
            doc.y -= LH
            for ln in sample["sign"]:
                doc.line(X0 + BODY_W - width(ln, BODY) - 2 * BODY, [(ln, False)], BODY)
        sec["text"] = "\n".join(sec["paragraphs"])
    return doc, sections


def layout_notes(doc: Doc) -> list[str]:
    notes = []
    for t in doc.table_info:
        segs = t["segments"]
        if len(segs) == 1:
            notes.append(f"{t['name']} table on page {segs[0][0]}.")
            continue
        for (p1, r1), (p2, r2) in itertools.pairwise(segs):
            rep = "repeated" if doc.s.repeat_header and t["name"] == "applications" else "not repeated"
            notes.append(f"{t['name']} table split across pages {p1}-{p2}: page {p1} ends with row "
                         f"{r1[-1] if r1 else '(header only)'}, page {p2} starts with row {r2[0]}"
                         + (f"; header {rep} on page {p2}." if t["name"] != "active_disclosure" else "."))
    for tag, pages in doc.para_pages:
        if len(pages) > 1:
            notes.append(f"A paragraph ({tag}) runs from page {pages[0]} to page {pages[-1]}.")
    return notes


def truth_extras(sample, tables):
    nulls, blanks, printed_cells = [], [], 0
    for t, rows in tables.items():
        for r, cols in rows.items():
            if cols is None:
                nulls.append({"table": t, "row": r, "reason": "not printed: （六）其他处理 is printed as a single row "
                                                              "(values under other_total)" if r in OTHER3 else
                              "not printed: the report prints the three （六） sub-rows instead"})
                continue
            printed_cells += len(cols)
            for c, v in cols.items():
                if v is None:
                    raw = sample["printed"].get((t, r, c), "")
                    nulls.append({"table": t, "row": r, "column": c, "reason": f"printed {raw!r}"})
                    blanks.append(f"{t}.{r}.{c}: {raw!r}")
    template = {k: lab for k, _, lab in APP_ROWS}
    devs = [{"table": "applications", "row": k, "printed": v, "template": template[k],
             "note": "label printed with a deviation from the template wording; values mapped to this key"}
            for k, v in sample.get("labels", {}).items()]
    if sample["single_other"]:
        devs.append({"table": "applications", "row": "other_total", "printed": "（六）其他处理",
                     "template": "（六）其他处理 with sub-rows 1.… / 2.… / 3.其他",
                     "note": "printed as ONE row without the three sub-rows (the third label column of that row is "
                             "empty); values are under other_total and the three other_* rows are null"})
    null_rows = [r for t in tables.values() for r, c in t.items() if c is None]
    return ({"printed_cells": printed_cells, "null_rows": null_rows, "blank_or_dash_cells": blanks}, nulls, devs)


CONVENTIONS = (
    "Generated, so exact: every value is what make_samples.py drew on the page.  Text: unwrapped, no spaces (the "
    "PDF has no space glyphs in body text), page numbers and running headers removed, table content excluded. "
    "section.paragraphs = every printed paragraph of the section body in order (run-in subsection heads kept inside "
    "their paragraph; a stand-alone subsection head line is its own paragraph); section.text = paragraphs joined by "
    "\\n. subsection.heading = the head as printed (with its closing 。 where printed); heading_inline = the head "
    "runs into body text; subsection.paragraphs = that subsection's paragraphs with the head removed. Sections 二、三、"
    "四 contain only tables. Cells: blank and '/' are null; a number with a note keeps the number. In relations a "
    "null cell counts as 0.")


def build(sample) -> dict:
    tables = make_tables(sample)
    doc, sections = lay_out(sample, tables)
    name, title = sample["name"], "".join(sample["title_lines"])
    if sample.get("form") == "text":  # a text dump of the laid-out pages, as pdftotext -layout writes one
        pdf = OUT / f"{name}.txt"
        pdf.write_text(layout_text(doc, sample["agency"]), encoding="utf-8")
    else:
        pdf = OUT / f"{name}.pdf"
        render(pdf, doc, title, sample["agency"])
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    checked = relations(tables)
    cells, nulls, devs = truth_extras(sample, tables)
    truth = {
        "file": pdf.name, "report_id": sha[:16],
        "source": {"path": pdf.name, "sha256": sha, "format": sample.get("form", "pdf"), "pages": len(doc.pages)},
        "agency": sample["agency"], "agency_aliases": sample["aliases"], "year": sample["year"],
        "template": sample.get("template", "2021"),
        "title": title, "region": sample["region"], "preamble": sample["preamble"], "sections": sections,
        "tables": tables, "table_cells": cells, "nulls": nulls, "label_deviations": devs,
        "broken_relations": [{"rule": c["rule"], "detail": c["detail"]} for c in checked if not c["ok"]],
        "relations_checked": checked, "notes": sample["static_notes"] + layout_notes(doc),
        "conventions": CONVENTIONS + sample.get("conventions", ""),
        "verification": "Written by samples/make_samples.py from the same values it drew; regenerate, do not edit.",
    }
    for sec in sections:
        assert not re.search(r"\s", "".join(sec["paragraphs"])), sec["heading"]
    if sample.get("sign"):
        truth["signed"], truth["published"] = sample["sign"]
    (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"doc": doc, "truth": truth}


# ---------------------------------------------------------------- text dumps


def layout_text(doc: Doc, agency: str, pitch: float = 5.0, left: float = 40.0) -> str:
    """The pages as ``pdftotext -layout`` writes them: one text line per baseline, each string starting at
    the character column its x position gives (``pitch`` points a column; strings never overlap, so a
    long label pushes the cells after it right by the characters it overran), a blank line where a
    baseline gap is wider than a body line, pages separated by form feeds.  Characters are counted, not
    display widths, as pdftotext does: a column of CJK labels lines up by code points."""
    pages = []
    for i, ops in enumerate(doc.pages, 1):
        texts = sorted(((-round(o[2], 1), o[1], "".join(t for t, _ in o[5]), o[3])
                        for o in ops + furniture(doc.s, agency, i, len(doc.pages)) if o[0] == "text"))
        rows: list[list] = []
        for y, x, t, size in texts:
            if rows and abs(rows[-1][0] - y) < 2.0:
                rows[-1][1].append((x, t))
            else:
                rows.append([y, [(x, t)], size])
        out, last_y = [], None
        for y, items, size in rows:
            if last_y is not None and y - last_y > 1.4 * LH:
                out.append("")
            last_y = y
            line = ""
            for x, t in sorted(items):
                col = max(0, round((x - left) / pitch))
                line += " " * max(col - len(line), 1 if line else 0) + t
            out.append(line.rstrip())
        pages.append("\n".join(out) + "\n")
    return "\f".join(pages)


# ---------------------------------------------------------------- the shapes of issue 7 item 5

AD_BLOCKS_2019 = [
    ("（一）", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [("regulations", "规章"), ("normative_documents", "规范性文件")]),
    ("（五）", ["上一年项目数量", "本年增/减", "处理决定数量"], [("licensing", "行政许可"),
                                                   ("other_services", "其他对外管理服务事项")]),
    ("（六）", ["上一年项目数量", "本年增/减", "处理决定数量"], [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
    ("（八）", ["上一年项目数量", "本年增/减"], [("fees", "行政事业性收费")]),
    ("（九）", ["采购项目数量", "采购总金额"], [("procurement", "政府集中采购")]),
]
AD_COLS_2019 = {"regulations": ["made", "published", "public_total"],
                "normative_documents": ["made", "published", "public_total"],
                **{k: ["prior_items", "change", "decisions"] for k in ("licensing", "other_services", "penalty",
                                                                       "enforcement")},
                "fees": ["prior_items", "change"], "procurement": ["items", "amount"]}


def active_rows_2019(sample, style):
    """Table 二 of the 2019 format: five 第二十条 blocks, three or two value columns each (six grid columns)."""
    rows = []
    for item, heads, block in AD_BLOCKS_2019:
        rows.append((None, [C(f"第二十条第{item}项", cs=7, shade=style.shade_blocks)]))
        span = 6 // len(heads)
        rows.append((None, [C("信息内容")] + [C(t, cs=span) for t in heads]))
        for key, label in block:
            rows.append((key, [C(label)] + [C(printed(sample, "active_disclosure", key, col), cs=span)
                                             for col in AD_COLS_2019[key]]))
    return rows


SHAPES_CONVENTIONS = (" Shape samples (issue 7 item 5): sections 二、三、四 hold the lead sentence printed between "
                      "the heading and the table, nothing else; the signature and date under 六 are not part of "
                      "六's text (truth fields signed and published).")

SHANGHAI = {
    "name": "shapes-2019-shanghai", "agency": "上海市人民政府办公厅", "aliases": [], "year": 2019, "template": "2019",
    "region": {"province": "上海市", "city": "上海市", "county": None, "adcode": "310000"},
    "style": Style(heading_wrap=True, repeat_header=False),
    "title_lines": ["2019年上海市人民政府", "办公厅政府信息公开工作年度报告"], "title_size": 22,
    "seed": 2019, "scale": {"natural_person": 60, "commercial": 8, "research": 2, "public_interest": 2,
                            "legal_service": 4, "other_org": 2},
    "nonzero": False, "single_other": True, "other_span": True, "corner": CORNER,
    "headings": {4: "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况"},
    "active_layout": ([170, 46, 46, 46, 46, 47, 47], active_rows_2019), "ad_cols": AD_COLS_2019,
    "active": {"regulations": [3, 3, 41], "normative_documents": [12, 12, 186], "licensing": [27, -2, 3518],
               "other_services": [15, 1, 962], "penalty": [6, 0, 214], "enforcement": [2, 0, 9],
               "fees": [4, -1], "procurement": [38, 7539.443252]},
    "review": [[4, 1, 0, 2], [3, 0, 1, 1], [1, 0, 0, 0]],
    "overrides": {("active_disclosure", "procurement", "amount"): ("75394432.52元", 7539.443252)},
    "breaks": {"review_litigation": "all"},
    "leads": {2: "2019年，本机关主动公开政府信息的情况如下表所示。",
              3: "2019年，本机关收到和处理政府信息公开申请的情况如下表所示。",
              4: "2019年，本机关因政府信息公开工作被申请行政复议、提起行政诉讼的情况如下表所示。"},
    "sign": ["上海市人民政府办公厅", "2020年3月20日"],
    "preamble": ["本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。",
                 "本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"],
    "body": {1: [("p", "2019年，市政府办公厅认真贯彻落实新修订的《条例》，以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效。"),
                 sub("（一）主动公开情况。", "全年在市政府门户网站主动公开政府信息{penalty}条以上，重点公开市政府规章、规范性文件及政策解读材料，及时发布重大决策部署的落实情况。", inline=True),
                 sub("（二）依申请公开情况。", "全年收到政府信息公开申请{new_total}件，上年结转{co_total}件，均在法定期限内答复，结转下年度继续办理{cf_total}件。", inline=True)],
             5: [("p", "2019年，本机关政府信息公开工作仍存在政策解读形式不够丰富、依申请公开答复规范化水平有待提高等问题。下一步，将进一步完善工作机制，提高公开质量。")],
             6: [("p", "本年度无其他需要报告的事项。")]},
    "static_notes": [
        "2019 format (国办公开办函〔2019〕60号): table 二 with five 第二十条 blocks; （六）其他处理 one row across both label columns.",
        "Title with the year first and the agency split over two lines: 2019年上海市人民政府 / 办公厅政府信息公开工作年度报告.",
        "Heading 四 is the variant 四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况, wrapped onto a second line (情况).",
        "Sections 二、三、四 each print a lead sentence between the heading and the table.",
        "政府集中采购 采购总金额 printed in 元 in the cell itself: 75394432.52元 (7539.443252 万元); the header names no unit.",
        "review_litigation: the header rows stand alone at the foot of a page, the value row on the next page (header not repeated).",
        "A signature (上海市人民政府办公厅) and a date (2020年3月20日) right-aligned under 六."],
    "conventions": SHAPES_CONVENTIONS,
}

_JINJIANG_BODY = {
    1: [("p", "2022年，成都市锦江区人民政府深入贯彻落实《条例》和省、市政务公开工作部署，围绕全区中心工作，持续深化政务公开，推进政府信息公开标准化规范化建设。"),
        sub("（一）主动公开", "全年通过区政府门户网站主动公开政府信息2876条，公开行政处罚决定{penalty}件，及时发布重大建设项目、公共资源配置和社会公益事业建设领域信息。"),
        sub("（二）依申请公开", "全年收到政府信息公开申请{new_total}件，上年结转{co_total}件，办结{res_total}件，结转下年度继续办理{cf_total}件。"),
        sub("（三）平台建设", "优化区政府门户网站政府信息公开专栏，完善政策文件库，推进政务新媒体规范化管理。")],
    5: [("p", "本年度政府信息公开工作仍存在基层公开标准化程度不高、政策解读形式较为单一等问题。下一步，我区将加强业务培训，丰富解读形式，持续提升政务公开水平。")],
    6: [("p", "本年度本机关未收取政府信息公开信息处理费。")],
}

JINJIANG = {
    "name": "shapes-2022-jinjiang", "agency": "成都市锦江区人民政府", "aliases": [], "year": 2022,
    "region": {"province": "四川省", "city": "成都市", "county": "锦江区", "adcode": "510104"},
    "style": Style(running_head=True, title_top=46, repeat_header=False, folio="dash"),
    "title_lines": ["成都市锦江区人民政府", "2022年度政府信息公开工作年度报告"], "title_size": 22,
    "seed": 2022, "scale": {"natural_person": 30, "commercial": 4, "research": 0, "public_interest": 1,
                            "legal_service": 2, "other_org": 1},
    "nonzero": False, "single_other": False, "corner": CORNER, "headings": {},
    "active": {"regulations": [0, 0, 0], "normative_documents": [4, 2, 57], "licensing": [2261], "penalty": [318],
               "enforcement": [12], "fees": [0]},
    "review": [[2, 1, 0, 1], [1, 0, 0, 1], [0, 0, 0, 1]],
    "overrides": {},
    "blank_zero": (["research", "public_interest", "legal_service"], "denied_state_secret", "other_other"),
    "breaks": {"active_disclosure": "fees", "applications": "carried_forward"},
    "leads": {2: "2022年，本机关主动公开政府信息情况如下。",
              3: "2022年，本机关收到和处理政府信息公开申请情况如下。",
              4: "2022年，本机关政府信息公开行政复议、行政诉讼情况如下。"},
    "sign": ["成都市锦江区人民政府", "2023年1月18日"],
    "preamble": ["本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。",
                 "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"],
    "body": _JINJIANG_BODY,
    "static_notes": [
        "Running header equal to the agency (成都市锦江区人民政府, 10.5 pt, a rule under it) on every page after the first.",
        "The title starts high on page 1 (its agency line, 成都市锦江区人民政府, in the band where the running header stands on later pages): 成都市锦江区人民政府 / 2022年度政府信息公开工作年度报告.",
        "Sections 二、三、四 each print a lead sentence between the heading and the table.",
        "active_disclosure: the block header 第二十条第（八）项 / 信息内容 | 本年收费金额（单位：万元） stands at the foot of a page, the row 行政事业性收费 0 on the next.",
        "applications: the row 四、结转下年度继续办理 stands alone on the next page (header not repeated); labels of the （六） sub-rows wrap over three lines.",
        "Blank cells (null): 科研机构, 社会公益组织 and 法律服务机构 of rows 三（三）1 to 三（六）3 where the count is 0.",
        "A signature (成都市锦江区人民政府) and a date (2023年1月18日) right-aligned under 六."],
    "conventions": SHAPES_CONVENTIONS,
}

JINJIANG_TEXT = {
    **JINJIANG, "name": "shapes-2022-jinjiang-layout", "form": "text",
    "style": Style(running_head=True, running_head_first=True, repeat_header=False, folio="dash"),
    "static_notes": [
        "A text dump of the same report as pdftotext -layout writes it (samples/make_samples.py: layout_text): strings at the character column their x position gives, form feeds between pages.",
        "The running header 成都市锦江区人民政府 stands on every page, page 1 included, right above the title's own line 成都市锦江区人民政府 (naively joined: 成都市锦江区人民政府成都市锦江区人民政府).",
        "Blank cells: the values after a blank cell keep their character columns, so the row has fewer tokens than columns.",
        "A row label wrapped over three lines has its numbers on the middle line; a two-line label has them on a line between its halves.",
        "The 第二十条第（八）项 block header at the foot of a page, 行政事业性收费 0 on the next; 四、结转下年度继续办理 alone at the top of a page.",
        "Sections 二、三、四 each print a lead sentence; a signature and a date under 六."],
}
SHAPES = [SHANGHAI, JINJIANG, JINJIANG_TEXT]


def main():
    built = {s["name"]: build(s) for s in SAMPLES + SHAPES}
    word, wps = built["layout-word-2022"]["doc"], built["layout-wps-2023"]["doc"]
    rp = word.row_pages
    assert rp[("applications", "new")] != rp[("applications", "carried_forward")], "word: applications must split"
    rp = wps.row_pages
    assert rp[("applications", "unavailable_not_held")] + 1 == rp[("applications", "unavailable_needs_creation")]
    assert built["layout-wps-2023"]["truth"]["broken_relations"]
    assert not built["layout-word-2022"]["truth"]["broken_relations"]
    assert not built["layout-gov-2024"]["truth"]["broken_relations"]
    for name, b in built.items():
        t = b["truth"]
        print(f"{t['file']}: {t['source']['pages']} pages, sha256 {t['report_id']}…, "
              f"{len(t['broken_relations'])} broken relations")
        for note in layout_notes(b["doc"]):
            print("   ", note)


if __name__ == "__main__":
    main()
