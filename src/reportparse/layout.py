"""Characters -> lines -> paragraphs: page furniture removed, hard wraps undone.

PDF pages are read from character geometry (not ``extract_text``): lines come
from clustering characters by baseline, paragraphs from indentation, where a
line ends against the text block's right edge, terminal punctuation and
heading patterns.  Text dumps have no geometry, so a line's width in
characters stands in for it (a paragraph's first line is about two characters
shorter than a full line; its last line is usually short).
"""

from __future__ import annotations

import itertools
import operator
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import itemgetter

import regex

from reportparse.document import Grid
from reportparse.model import Line, Paragraph
from reportparse.normalize import close_cjk_spaces, halfwidth_digits
from reportparse.speedups import C

TERMINAL = "。！？；：!?;…"
CLOSERS = "”’）)】》」"
SECTION_HEAD = regex.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]")
SUBSECTION_HEAD = regex.compile(r"^[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)]")
ENUM_HEAD = regex.compile(r"^(?:[一二三四五六七八九十]是|\d{1,2}\s*[.．、](?!\d))")
PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－~_\s]*\d{1,3}[-—–－~_\s]*|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页|[-—–－]\s*第?\s*\d{1,3}\s*页?\s*[-—–－])$")
_DASHED = r"[-—–－~]+\s*\d{1,3}\s*[-—–－~]+"  # - 4 -, — 4 —
_NTH_PAGE = r"第\s*\d{1,3}\s*页"  # 第3页
# a folio with the next page's first line run into it (pages joined without a break): 第1页 共4页行政规范性文件 10 9
# (or a row of numbers: - 6 -1 0 23, a count is never negative)
_FOLIO_RUN_IN = regex.compile(rf"^\s*(?:(?:{_DASHED}|{_NTH_PAGE}(?:\s*[，,/]?\s*共\s*\d{{1,3}}\s*页)?)"
                              rf"(?!\s*[，,/]?\s*共)(?=\s*[\p{{Han}}（(])|{_DASHED}(?=\d))")


def _folio_apart(part: str) -> str:
    """``part`` with a line break after a folio the next page's text runs into."""
    m = _FOLIO_RUN_IN.match(halfwidth_digits(part))
    return part[:m.end()] + "\n" + part[m.end():].lstrip() if m else part


_DASHED_NUMBER = regex.compile(rf"^\s*(?:{_DASHED}|{_NTH_PAGE}.*|\d{{1,3}}\s*/\s*\d{{1,3}})\s*$")
_BOLD_FONT = regex.compile(r"bold|black|heavy|黑|hei|kai|楷|雅黑|yahei|demi|semibold", regex.I)


def display_width(text: str) -> float:
    """Width in full-width character units: CJK counts 1, ASCII 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def block_line(text: str, index: int, head: str = "", raw: str | None = None) -> Line:
    """Line ``index`` of a form without geometry (a Word body, a web page, markdown): a paragraph (or a piece of
    one) a line, on page 1, its width in display units, ``raw`` its printed text (``text``) with half-width
    digits."""
    return Line(text=text, page=1, x0=0.0, x1=display_width(text), top=float(index), bottom=float(index + 1),
                head=head, raw=halfwidth_digits(text if raw is None else raw))


def block_grid(cells, n_rows: int, n_cols: int, position: int | float) -> Grid:
    """A table of a form without geometry, standing between line ``position - 1`` and line ``position``."""
    at = position - 0.5
    return Grid(page=1, bbox=(0.0, at, 0.0, at), cells=tuple(cells), n_rows=n_rows, n_cols=n_cols)


def wrapped_by_hand(first: str, second: str) -> bool:
    """Are two pieces a short line broken by hand (a heading or title: ``三、收到和处理政府信息公开`` + ``申请情况``),
    to read as one?  No stop ends the first, and together they are no longer than a heading (45 characters).
    The Word and web readers ask it of the pieces around a manual line break."""
    return not first.endswith(_HAND_STOPS) and len(first) + len(second) <= 45


_HAND_STOPS = tuple("。；;：:！!？?")


def ends_terminal(text: str) -> bool:
    text = text.rstrip().rstrip(CLOSERS)
    return bool(text) and text[-1] in TERMINAL


# ------------------------------------------------------------------ PDF lines
def _is_ascii_word(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "@._-/:%")


_TOP_X0, _X0 = itemgetter("top", "x0"), itemgetter("x0")
_X1, _TOP, _BOTTOM, _SIZE, _FONTNAME = (itemgetter(k) for k in ("x1", "top", "bottom", "size", "fontname"))
_TEXT = itemgetter("text")


def line_runs(chars: Sequence[dict]) -> list[list[dict]]:
    """The characters of each line, in reading order: clustered by vertical position, each cluster ordered by
    x and split where a gap wider than six characters stands (e.g. a page number beside a footer).

    A character joins the line above while its middle lies within the top and bottom of the line's last
    eight characters, give or take a fifth of their height.  Runs may be blank (spaces only).
    ``chars_to_lines`` makes a line of each run; ``tables.grid.cell_text`` joins their text.
    """
    chars = sorted([c for c in chars if c["text"].strip() or c["text"] == " "], key=_TOP_X0)
    clusters: list[list[dict]] = []
    tops: list[float] = []  # of the current cluster, so the last eight are a slice of floats
    bottoms: list[float] = []
    cluster: list[dict] = []
    t0 = b0 = 0.0  # the last character's top and bottom
    for ch in chars:
        t, b = ch["top"], ch["bottom"]
        mid = (t + b) / 2
        # within the last character is within the last eight's extent too: their min and max only otherwise
        if cluster and (t0 <= mid <= b0 or _within(mid, min(tops[-8:]), max(bottoms[-8:]))):
            cluster.append(ch)
            tops.append(t)
            bottoms.append(b)
        else:
            cluster, tops, bottoms = [ch], [t], [b]
            clusters.append((cluster, tops, bottoms))
        t0, b0 = t, b
    runs = []
    for cluster in (line for c in clusters for line in _unstacked(*c)):
        prev = cluster[0]
        run = [prev]
        for ch in itertools.islice(cluster, 1, None):
            if ch["x0"] - prev["x1"] > 6 * max(prev["size"], 1):
                runs.append(run)
                run = []
            run.append(ch)
            prev = ch
        runs.append(run)
    return runs


def _unstacked(cluster: list[dict], tops: list[float], bottoms: list[float]) -> list[list[dict]]:
    """The cluster's lines, each ordered by x: the cluster itself, or, where two of its characters stand one over
    the other (a table printed without rules: a label wrapped over two lines, the row's numbers centred between
    them, chain the three into one cluster), the lines of its characters by the middle of their height.

    No printed line puts a character over another, so a cluster that does holds more than one line.
    ``tops`` and ``bottoms`` are its characters', in its order: by top (so the spread of the tops is their
    last less their first).  Tops no further apart than half the shortest character cannot stand one over
    another: most lines are known to be one line without looking at pairs.
    """
    cluster.sort(key=_X0)
    spread = tops[-1] - tops[0]
    if spread == 0 or spread <= 0.5 * min(map(operator.sub, bottoms, tops)):
        return [cluster]
    if not any(b["x0"] < a["x1"] - 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"])
               and abs(a["top"] - b["top"]) > 0.5 * min(a["bottom"] - a["top"], b["bottom"] - b["top"])
               for a, b in itertools.pairwise(cluster)):
        return [cluster]
    lines: list[list[dict]] = []
    mids: list[float] = []
    for ch in sorted(cluster, key=lambda c: (c["top"] + c["bottom"]) / 2):
        mid, height = (ch["top"] + ch["bottom"]) / 2, max(ch["bottom"] - ch["top"], 1.0)
        if lines and mid - mids[-1] <= 0.35 * height:
            lines[-1].append(ch)
        else:
            lines.append([ch])
            mids.append(mid)
    for line in lines:
        line.sort(key=_X0)
    return lines


def _within(mid: float, top: float, bottom: float) -> bool:
    """Is ``mid`` within top..bottom, give or take a fifth of their height (at least a point)?"""
    height = max(bottom - top, 1.0)
    return top - 0.2 * height <= mid <= bottom + 0.2 * height


def chars_to_lines(chars: Sequence[dict], page: int) -> list[Line]:
    """Cluster characters into lines by vertical position, then order each line by x (see ``line_runs``)."""
    lines = []
    for run in line_runs(chars):
        visible = [c for c in run if c["text"].strip()]
        if visible:  # a run of spaces is no line
            lines.append(_make_line(run, visible, page))
    return lines


def _make_line(run: list[dict], visible: list[dict], page: int) -> Line:
    raw: list[str] = []  # a space wherever a gap of a character or more stands (cells of a ruleless table)
    text = run_text(run, visible, raw)
    size, body_font, bold = _line_font(visible)
    tokens = "".join(raw).split()
    return Line(text=text, page=page, x0=min(map(_X0, run)), x1=max(map(_X1, run)),
                top=min(map(_TOP, run)), bottom=max(map(_BOTTOM, run)),
                size=size, bold=bold, head=_leading_run(visible, body_font),
                raw=halfwidth_digits(" ".join(tokens)), spots=_spots(run, raw) if len(tokens) > 1 else ())


def _line_font(visible: list[dict]) -> tuple[float, str, bool]:
    """(the line's most common size, rounded to 0.1; its most common font; whether 60% of it is set bold):
    the first one counted wins a tie.  Most lines are set in one size and one font: counted only otherwise."""
    sizes, fonts = list(map(_SIZE, visible)), list(map(_FONTNAME, visible))
    if sizes.count(sizes[0]) == len(sizes):
        size = round(sizes[0], 1)
    else:
        counts: Counter = Counter()
        for s, n in Counter(sizes).items():  # rounded once a size, counted in the same order
            counts[round(s, 1)] += n
        size = counts.most_common(1)[0][0]
    if fonts.count(fonts[0]) == len(fonts):
        return size, fonts[0], bool(_BOLD_FONT.search(fonts[0]))
    by_font = Counter(fonts)
    bold = sum(n for f, n in by_font.items() if _BOLD_FONT.search(f)) > 0.6 * len(fonts)
    return size, by_font.most_common(1)[0][0], bold


def _spots(run: list[dict], raw: list[str]) -> tuple[float, ...]:
    """The x of the middle of each whitespace-separated token of ``"".join(raw)`` (``run_text``'s ``raw`` of
    ``run``: each character's text in order, and a space put before one where a gap stands): where the cells
    of a table printed without rules stand, a blank cell among them included."""
    spots: list[float] = []
    left = right = None
    j = 0
    for item in raw:
        if item == " " and run[j]["text"] != " ":
            box = None  # a space put in for a gap
        else:
            box = run[j]
            j += 1
        for ch in item:
            if ch.isspace():
                if left is not None:
                    spots.append((left + right) / 2)
                    left = None
            elif box is not None:
                if left is None:
                    left, right = box["x0"], box["x1"]
                else:
                    left, right = min(left, box["x0"]), max(right, box["x1"])
    if left is not None:
        spots.append((left + right) / 2)
    return tuple(spots)


def run_text(run: list[dict], visible: list[dict] | None = None, raw: list[str] | None = None) -> str:
    """The text of a run of characters (``line_runs``): a space kept where one is printed, and put between two
    Latin words or numbers where their gap, less the line's letter spacing, is wider than a third of a
    character; spaces beside Chinese closed.  ``visible``: the run's non-blank characters, if at hand.
    ``raw`` (a line's): given a list, it gets the characters with a space wherever a gap of a character or
    more stands (the cells of a table printed without rules)."""
    parts: list[str] = []
    prev = None
    spacing = None  # the line's letter spacing, measured at its first wide gap
    for ch in run:
        t = ch["text"]
        if t == " ":
            parts.append(" ")
            if raw is not None:
                raw.append(" ")
            continue
        if prev is not None and parts and parts[-1] != " ":
            gap = ch["x0"] - prev["x1"]
            if gap > 0.3 * ch["size"]:
                if spacing is None:
                    spacing = letter_spacing(visible if visible is not None else [c for c in run if c["text"].strip()])
                gap -= spacing
                if gap > 0.3 * ch["size"] and _is_ascii_word(prev["text"][-1]) and _is_ascii_word(t[0]):
                    parts.append(" ")
                if raw is not None and gap > 0.9 * ch["size"]:
                    raw.append(" ")
        parts.append(t)
        if raw is not None:
            raw.append(t)
        prev = ch
    return close_cjk_spaces("".join(parts)).strip()


def letter_spacing(visible: Sequence[dict]) -> float:
    """The spacing set between a line's characters: the median gap beside its Chinese characters.

    0 for text set solid; a line justified or spaced out by character spacing (Tc) has it between every two
    glyphs, digits included, so a gap is a space (or a column's edge) only by what it adds to it: ``2 0 2 4``
    set at 3 pt is 2024.
    """
    gaps = sorted(b["x0"] - a["x1"] for a, b in itertools.pairwise(visible)
                  if not (a["text"].isascii() and b["text"].isascii()))
    return max(0.0, gaps[(len(gaps) - 1) // 2]) if gaps else 0.0


def _leading_run(visible: list[dict], body_font: str) -> str:
    """The leading characters set in another font than the rest of the line (a run-in head)."""
    if visible[0]["fontname"] == body_font:
        return ""
    first = visible[0]["fontname"]
    n = 0
    while n < len(visible) and (visible[n]["fontname"] == first or not _is_han(visible[n]["text"])):
        if visible[n]["fontname"] not in (first,) and _is_han(visible[n]["text"]):
            break
        n += 1
    head = close_cjk_spaces("".join(c["text"] for c in visible[:n]))
    return head if n < len(visible) else ""


_HAN = regex.compile(r"\p{Han}")


def _is_han(t: str) -> bool:
    return bool(_HAN.match(t))


def dedupe_chars(chars: Sequence[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop characters drawn again on top of themselves (fake bold): same text, within ``tolerance`` points.

    Does what pdfplumber's ``Page.dedupe_chars`` does, in one pass over a position hash: each text's kept
    characters by row of ``tolerance`` points, then by column, so a character looks only at the (at most
    nine) cells around its own, and at none where its text is not in the rows around.
    """
    if len(chars) >= 128 and not _may_repeat(chars, tolerance):  # fewer: the loop costs less than the arrays
        return list(chars)
    seen: dict[str, dict[int, dict[int, list[tuple[float, float]]]]] = {}
    out = []
    for ch in chars:
        x, y = ch["x0"], ch["top"]
        iy, ix = int(y // tolerance), int(x // tolerance)
        rows = seen.get(ch["text"])
        if rows is None:
            seen[ch["text"]] = {iy: {ix: [(x, y)]}}
            out.append(ch)
            continue
        dup = False
        for row in (rows.get(iy - 1), rows.get(iy), rows.get(iy + 1)):
            if row:
                for near in (row.get(ix - 1), row.get(ix), row.get(ix + 1)):
                    if near:
                        for px, py in near:
                            if abs(px - x) <= tolerance and abs(py - y) <= tolerance:
                                dup = True
                                break
                        if dup:
                            break
                if dup:
                    break
        if not dup:
            rows.setdefault(iy, {}).setdefault(ix, []).append((x, y))
            out.append(ch)
    return out


def _may_repeat(chars: Sequence[dict], tolerance: float) -> bool:
    """False if no two characters of one text lie within ``tolerance`` of each other (most pages: pdfium's text
    page drops most copies itself), found in C over arrays; True if some may (then ``dedupe_chars`` looks).

    Two such characters fall in one square of 2 x 2 ``tolerance`` in at least one of the four grids of such
    squares offset by ``tolerance`` along each axis: where no two characters of one text share a square in
    any of them, there is nothing to drop.  Texts are compared by hash (a collision only means looking).
    """
    if C is not None:  # the same test in C (reportparse.speedups): numpy is then not imported at all
        return C.may_repeat(chars if isinstance(chars, list) else list(chars), tolerance)
    import numpy as np  # here, not at the top: a text dump's parse never needs it (0.05 s of a cold start)

    n = len(chars)
    if n < 2:
        return False
    xs = np.fromiter(map(_X0, chars), np.float64, n) / tolerance
    ys = np.fromiter(map(_TOP, chars), np.float64, n) / tolerance
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()) or max(np.abs(xs).max(), np.abs(ys).max()) > 2**40:
        return True
    texts = np.fromiter(map(hash, map(_TEXT, chars)), np.int64, n)
    kx, ky = np.floor(xs).astype(np.int64), np.floor(ys).astype(np.int64)
    for sx in (0, 1):
        for sy in (0, 1):
            keys = np.sort(texts ^ (((kx + sx) >> 1) << 22) ^ ((ky + sy) >> 1))
            if (keys[1:] == keys[:-1]).any():
                return True
    return False


def remove_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop page numbers, and running headers or footers repeated in the page margins.

    A running header stands at one place in one size on every page it is printed on: a line of the same
    text elsewhere (a title set larger, or lower, on page 1 repeating the agency the header names) is
    not one.
    """
    def in_margin(line: Line, h: float, share: float = 0.12) -> bool:
        return line.top < share * h or line.bottom > (1 - share) * h

    # running headers sit above the text block (GB/T 9704 puts body text 37 mm, about 10% of A4, down)
    placed: dict[str, list[tuple[int, float, float]]] = {}
    for p, (lines, h) in enumerate(zip(pages, heights)):
        for ln in lines:
            if in_margin(ln, h, 0.09):
                placed.setdefault(_furniture_key(ln.text), []).append((p, ln.top, ln.size))
    n = len(pages)

    def running(line: Line, p: int) -> bool:
        key = _furniture_key(line.text)
        if n < 2 or not key:
            return False
        tol = 0.5 * max(line.size, 1)
        near = max(1.0, 0.15 * line.size)  # a size OCR measured from the ink varies by a pixel or two
        same = {q for q, top, size in placed.get(key, ())
                if abs(top - line.top) <= tol and abs(size - line.size) < near}
        return len(same | {p}) >= max(2, (n + 1) // 2)

    out = []
    for p, (lines, h) in enumerate(zip(pages, heights)):
        numbers = [ln for ln in lines if in_margin(ln, h) and PAGE_NUMBER.match(halfwidth_digits(ln.text))]
        kept = [ln for ln in lines if not (in_margin(ln, h, 0.09) and running(ln, p))]
        if numbers:
            text = [ln for ln in kept if not any(ln is n for n in numbers)]
            # a number on the baseline of a line of text is a cell of a table cut at the page's top (行政事业性
            # 收费 … 0), not a page number, unless that text is furniture itself (a running header beside it)
            kept = [ln for ln in kept if not any(ln is n for n in numbers) or any(_same_baseline(ln, t) for t in text)]
        out.append(kept)
    return out


def _same_baseline(a: Line, b: Line) -> bool:
    """Do the two lines stand on one printed line: most of the shorter's height shared?"""
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


# a web page's site chrome: breadcrumbs, the 发布时间/字号 line, 上一篇/下一篇, print and close links, the
# site's footer (网站标识码, ICP备); the web reader drops such lines, and so does the PDF reader at the ends of
# a printed web page (``site_chrome_off``)
SITE_CHROME = regex.compile(
    r"^(?:首页\s*[>＞»›].*|当前位置[：:].*|您现在的位置.*|.*字号[：:]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中.*|"
    r"(?:发布|来源|时间|日期|浏览|阅读|点击)[^。]{0,60}(?:字号|浏览|次数|打印|关闭|分享).*|"
    r"上一篇[：:].*|下一篇[：:].*|【?\s*(?:打印|关闭|收藏|分享到?|返回顶部|打印本页|关闭窗口)\s*】?(?:\s*【?\s*(?:打印|关闭|收藏|"
    r"分享到?|返回顶部|打印本页|关闭窗口)\s*】?)*|.*网站标识码.*|.*ICP备.*|.*公网安备.*|扫一扫.*|分享[：:].*)$")
# lines that end a web page but are no chrome at the very end of it: what stands between the article and
# the footer (附件下载, 相关链接, lists of links under 友情链接) and the footer's own lines
_PAGE_END = regex.compile(
    r"^(?:附件下载|相关附件|相关链接|相关文章|相关阅读|相关新闻|相关稿件|相关解读|友情链接|网站地图|联系我们|"
    r"[【\[]?\s*(?:打印|关闭|收藏)\s*[】\]]?|(?:版权所有|主办单位|承办单位|技术支持|维护单位|主办|承办)\s*[：:].*|"
    r"(?:Copyright|COPYRIGHT|copyright|©).*)$")
_INFO_START = regex.compile(r"^\s*(?:发布|来源|时间|日期|浏览|阅读|点击|字号)")
# above the article, a page's lines of its own: the article's source on a line of its own (来源：…; its 时间：…
# line is the title's date, see titles.find_title), and its buttons (微信 微博 QQ空间 to share, 全真版 文字版 to switch, 文件下载, 相关链接：)
_INFO_LINE = regex.compile(r"^\s*(?:来源|信息来源|文章来源|作者|编辑|责任编辑)\s*[：:][^。；]{0,40}$")
_BUTTON = regex.compile(r"^\s*(?:微信|微博|QQ空间|QQ好友|QQ|朋友圈|分享到?[：:]?|全真版|文字版|图片版|文件下载|相关链接[：:]?|"
                        r"打印|收藏|关闭)\s*$")
_WHERE = regex.compile(r"^\s*(?:首页\s*[>＞»›]|当前位置[：:]|您现在的位置|您的位置[：:])")  # a breadcrumb's own line
_BREADCRUMB = regex.compile(r"首页\s*[>＞»›]")  # a breadcrumb printed after a menu on its line (•办事服务 首页>…)
# 浏览/次数：1024, or the wrapped end of a 字号：【大 中 小】 浏览次数：1024 line
_CHROME_TAIL = regex.compile(r"^(?:[大中小\s]{0,6}[】\]]\s*)?(?:(?:浏览|阅读|点击)?次数|浏览量|阅读量)?\s*[：:]?\s*\d+\s*次?$")


def site_chrome_off(lines: list[Line]) -> list[Line]:
    """A printed (or crawled) web page's lines without its site chrome: above the first section heading (none:
    nothing dropped there), every line up to a breadcrumb's own line (the
    site's header and menu), lines of chrome (``SITE_CHROME``, a line holding a breadcrumb, the article's 来源：
    on a line of its own, its share and version buttons) and the count a
    浏览次数 line wrapped onto the next; at the end of the text, the run
    of chrome lines (上一篇, 下一篇, 【打印本页】, the site's footer), and below the last section heading
    everything from the first line only a page's end holds (``page_end``: 附件下载, link lists, 主办单位：…).

    Left in, a breadcrumb (…>政府信息公开年报) reads as the report's title, the menu above it joining it, and
    the footer runs on in section 六.
    """
    from reportparse.sections import section_heading

    heads = [i for i, ln in enumerate(lines) if section_heading(ln.text)]
    first_heading = heads[0] if heads else None
    drop = set()
    # the site's header and menu stand above its breadcrumb (首页 > 政府信息公开 > 年报), the article below it:
    # a crawler's text puts each menu item on a line of its own, which would join the title
    crumb = max((i for i in range(first_heading or 0) if _WHERE.match(lines[i].text)), default=None)
    if crumb is not None:
        drop.update(range(crumb + 1))
    for i in range(first_heading or 0):
        text = lines[i].text
        if SITE_CHROME.match(text) or _BREADCRUMB.search(text) or _INFO_LINE.match(text) or _BUTTON.match(text):
            drop.add(i)
        elif (i + 1 < (first_heading or 0) and _INFO_START.match(text)
              and SITE_CHROME.match(text + " " + lines[i + 1].text)):
            drop.update((i, i + 1))  # the 发布时间 … 字号 … 浏览次数 line wrapped in two (pandoc wraps at 72 columns)
        elif (i - 1 in drop and _CHROME_TAIL.match(halfwidth_digits(text)) and lines[i].page == lines[i - 1].page
              and 0 < lines[i].top - lines[i - 1].top < 2.5 * max(lines[i - 1].size, 1)):
            drop.add(i)
    end = chrome_tail(lines, first_heading or 0)
    if heads:  # a page's end below the article: from the first line only a page's end holds
        end = next((i for i in range(heads[-1] + 1, end) if page_end(lines[i].text)), end)
        end = chrome_tail(lines[:end], heads[-1] + 1)  # and the chrome lines just above that one
    drop.update(range(end, len(lines)))
    return [ln for i, ln in enumerate(lines) if i not in drop] if drop else lines


def page_end(text: str) -> bool:
    """Is this a line only a web page's end holds (附件下载, 扫一扫, 上一篇, 友情链接, 版权所有：…, 主办单位：…)?
    Never a sentence (…完善网站标识码等信息。 is a report's) nor a long line."""
    text = text.strip()
    return len(text) <= 80 and not text.endswith(("。", "！", "？", "；", "，")) and bool(
        SITE_CHROME.match(text) or _PAGE_END.match(text))


def chrome_tail(lines: list[Line], keep: int = 0) -> int:
    """Where the run of site chrome that ends ``lines`` (上一篇, 下一篇, 【打印本页】, the site's footer) starts;
    never before line ``keep``."""
    end = len(lines)
    while end > keep and SITE_CHROME.match(lines[end - 1].text):
        end -= 1
    return end


def _furniture_key(text: str) -> str:
    return _DIGIT_RUN.sub("#", "".join(text.split()))


_DIGIT_RUN = regex.compile(r"\d+")


# ------------------------------------------------------------------ text dumps
# a rule drawn in characters: pandoc's simple and multiline tables (----  ----), grid tables (+----+----+),
# box-drawing frames (├───┼───┤)
_RULE_LINE = regex.compile(r"^\s*[-=+|:_─━│┃┼┌┐└┘├┤┬┴═║╔╗╚╝╠╣╦╩╬]{3,}(?:\s+[-=+|:_─━│┃┼┌┐└┘├┤┬┴═║╔╗╚╝╠╣╦╩╬]+)*\s*$")


def text_to_lines(text: str) -> list[Line]:
    """A text dump -> lines with widths as geometry.

    Pages break at form feeds, 3+ blank lines, or after a folio line (``- 4 -``, ``第3页 共6页``): a dump
    whose form feeds were lost on the way still shows where each page ended by its page number.
    """
    raw = text.replace("\r\n", "\n").replace("\r", "\n")
    pages: list[list[str]] = [[]]
    sheets = 1  # pages begun by a form feed: the dump's own pages (a run of blank lines begins one of ours too)
    sheet_of = [1]  # each of our pages' sheet
    blank = 0
    folio = False
    for chunk in raw.split("\n"):
        parts = chunk.split("\f")
        for i, part in enumerate(_folio_apart(p) for p in parts):
            if i > 0:
                sheets += 1
                if pages[-1]:
                    pages.append([])
                    sheet_of.append(sheets)
                else:
                    sheet_of[-1] = sheets  # a page its folio already ended: the next begins this sheet
                blank = 0
                folio = False
            if not part.strip():
                blank += 1
                continue
            if _RULE_LINE.match(part):  # a table's rule drawn in characters: no text, and no page's end
                blank = 0
                continue
            if (blank >= 3 or folio) and pages[-1]:
                pages.append([])
                sheet_of.append(sheets)
            blank = 0
            for piece in part.split("\n"):  # a folio run into the next page's first line: two lines
                if folio and pages[-1]:
                    pages.append([])
                    sheet_of.append(sheets)
                pages[-1].append(piece)
                folio = bool(_DASHED_NUMBER.match(halfwidth_digits(piece.strip())))
    lines: list[Line] = []
    folios = _bare_folios(pages, sheet_of if sheets > 1 else None)
    for pno, page_lines in enumerate(pages, 1):
        for i, s in enumerate(page_lines):
            t = halfwidth_digits(s.strip())
            if _DASHED_NUMBER.match(t) or (pno, i) in folios:
                continue
            clean = close_cjk_spaces(s.strip())
            indent = display_width(s[:len(s) - len(s.lstrip())].replace("\t", "    "))  # kept by some dumps
            lines.append(Line(text=clean, page=pno, x0=indent, x1=indent + display_width(clean), top=float(i),
                              bottom=float(i + 1), raw=halfwidth_digits(s.strip())))
    # a header is on most of the dump's own pages; where its blank lines under it began a page of ours, on
    # half of them at most
    return _drop_running_text_headers(lines, sheets if sheets > 1 else len(pages))


def _bare_folios(pages: list[list[str]], sheet_of: list[int] | None = None) -> set[tuple[int, int]]:
    """(page, line) of each page number printed bare (``4``) at a page's top or foot.

    A bare number there is a page number only where the pages number themselves so: two or more pages (and
    two in five at least) with one at the same end, each its page's number less the same offset (a cover page
    not counted, a page the dump split in two).  A page's number is its sheet's where the dump has form feeds
    (``sheet_of``: our pages split a sheet at runs of blank lines), else its own.  A table's cell can stand
    there alone too: a dump that puts each cell on a line of its own (``pdftotext``, pdfminer) carries a
    table's last row over onto the next page's top, its first cell alone.
    """
    found: dict[int, list[tuple[int, int, int]]] = {0: [], -1: []}  # end -> (page, line, number less page's)
    for pno, page_lines in enumerate(pages, 1):
        number = sheet_of[pno - 1] if sheet_of else pno
        for end in (0, -1) if page_lines else ():
            t = halfwidth_digits(page_lines[end].strip())
            if t.isdigit() and len(t) <= 4:
                found[end].append((pno, end % len(page_lines), int(t) - number))
    folios = set()
    # most pages: a dump of single cells ends many "pages" (blank runs) in one
    least = max(2, 0.4 * (sheet_of[-1] if sheet_of else len(pages)))
    for numbers in found.values():
        offsets = Counter(offset for *_, offset in numbers)
        folios.update((pno, i) for pno, i, offset in numbers if offsets[offset] >= least and -3 <= offset <= 1)
    return folios


def _drop_running_text_headers(lines: list[Line], n_pages: int) -> list[Line]:
    """A dump's running header or footer: the same text first on most pages, or last on most pages (its
    page number already dropped; some extractors give a page's header after its body, before the folio)."""
    if n_pages < 3:
        return lines
    last_top: dict[int, float] = {}
    for ln in lines:
        last_top[ln.page] = max(last_top.get(ln.page, 0.0), ln.top)
    firsts = Counter(_furniture_key(ln.text) for ln in lines if ln.top == 0)
    lasts = Counter(_furniture_key(ln.text) for ln in lines if ln.top == last_top[ln.page] and ln.top > 0
                    and len(ln.text) <= 40 and not ends_terminal(ln.text))  # a header's words, not a sentence's end
    # a bare number (#) is no header: page numbers are _bare_folios', and cells end many "pages" of a dump of
    # single cells (a row's total before the blank lines of its merged cells)
    running = {k for k, c in firsts.items() if k and k != "#" and c >= (n_pages + 1) // 2}
    trailing = {k for k, c in lasts.items() if k and k != "#" and c >= (n_pages + 1) // 2}
    # on page 1 the first line may be the title's own line naming the agency the header repeats: it is the
    # header only where the line under it says the same again (成都市锦江区人民政府 / 成都市锦江区人民政府…)
    first_page = [ln for ln in lines if ln.page == 1][:2]
    doubled = (len(first_page) == 2 and first_page[0].top == 0
               and _furniture_key(first_page[1].text).startswith(_furniture_key(first_page[0].text)))
    return [ln for ln in lines if not (ln.top == 0 and _furniture_key(ln.text) in running and (ln.page > 1 or doubled))
            and not (ln.top > 0 and ln.top == last_top[ln.page] and _furniture_key(ln.text) in trailing)]


# ------------------------------------------------------------------ unwrapping
class Geometry:
    """The text block's measures: body size, left edge and right edge."""

    def __init__(self, lines: Sequence[Line], geometric: bool):
        self.geometric = geometric
        self.wrapped = True
        self.spaced = False  # paragraphs set apart by space (a page's, below)
        # a text dump that kept its first-line indents (　　 or spaces) tells paragraphs as a page does
        # (indented lines follow the end of a sentence: paragraph starts, not a centred date or signature)
        indented = [i for i, ln in enumerate(lines) if ln.x0 >= 1.5]
        after_stop = [i for i in indented if i == 0 or ends_terminal(lines[i - 1].text)]
        self.indents = not geometric and len(indented) >= 2 and len(after_stop) >= 0.7 * len(indented)
        body = [ln for ln in lines if len(ln.text) >= 8] or list(lines)
        self.size = statistics.mode(round(ln.size) for ln in body) if body else 1.0
        pitches = [b.top - a.top for a, b in itertools.pairwise(lines)
                   if a.page == b.page and 0 < b.top - a.top < 3 * max(a.size, 1)]
        self.pitch = statistics.median(pitches) if geometric and pitches else 0.0  # baseline to baseline
        if geometric:
            self.left = _left_edge(body, self.size)
            rights = sorted(ln.x1 for ln in body if len(ln.text) >= 12) or [ln.x1 for ln in body] or [0.0]
            self.right = rights[int(len(rights) * 0.75)]
            # paragraphs set apart by space (a Word file's space after them): nearly every line after a short
            # line that ended a sentence stands further down than the lines of a paragraph
            after_stop = [b.top - a.top for a, b in itertools.pairwise(lines) if a.page == b.page
                          and ends_terminal(a.text) and not self.full(a)]
            self.spaced = bool(self.pitch) and len(after_stop) >= 3 and \
                sum(gap > 1.3 * self.pitch for gap in after_stop) >= 0.8 * len(after_stop)
        else:
            self.left = 0.0
            widths = Counter(round(ln.x1) for ln in body if ln.x1 >= 10)
            top = max(widths.values()) if widths else 0
            self.right = max((w for w, c in widths.items() if c >= top * 0.5), default=28.0)
            # hard-wrapped text has many lines of one width; a web page's text has one line per paragraph
            at_edge = sum(1 for ln in body if abs(ln.x1 - self.right) <= 1)
            # ...or of that width and a first line's (two characters in), as many short paragraphs make it, on
            # a page's measure (20 characters and more: short lines of a text a paragraph a line do not)
            first_or_full = sum(1 for ln in body if self.right - 3 <= ln.x1 <= self.right + 1)
            self.wrapped = (at_edge >= 0.25 * len(body) or first_or_full >= 0.4 * len(body) and self.right >= 20) \
                and self.right <= 60
        # the left edge lines start at (a dump that kept the page's margin starts them some columns in)
        self.margin = self.left if geometric else (statistics.mode(round(ln.x0) for ln in body) if body else 0.0)

    def indented(self, line: Line) -> bool:
        return (self.geometric or self.indents) and line.x0 >= self.left + 1.2 * self.size

    def full(self, line: Line, slack: float = 1.5) -> bool:
        return line.x1 >= self.right - slack * self.size


def _left_edge(body: Sequence[Line], size: float) -> float:
    """Where the body's lines start: the commonest start, unless that is a first-line indent two characters
    right of a start nearly as common (a report of short paragraphs, one or two lines each, under indented
    heads, has more indented first lines than lines at the margin)."""
    if not body:
        return 0.0
    starts = Counter(round(ln.x0) for ln in body)
    mode = starts.most_common(1)[0][0]  # statistics.mode's answer, ties to the first seen
    margins = [x for x, n in starts.items()
               if mode - 2.6 * size <= x <= mode - 1.4 * size and n >= max(2, 0.2 * starts[mode])]
    return min(margins, default=mode)


def is_heading_line(line: Line, geo: Geometry) -> bool:
    """A stand-alone heading: a numbered head on a line that does not run to the right edge."""
    text = line.text
    if SECTION_HEAD.match(text) or SUBSECTION_HEAD.match(text):
        if not geo.geometric and _RUN_IN_HEAD.match(text) and geo.full(line, 3.5):
            return False  # a dump's run-in head on a paragraph's first line, as wide as one (its indent lost)
        return not geo.full(line) and len(text) <= 40
    return False


# a numbered head that ends in its stop and runs into its paragraph: （二）依申请公开情况。加强…
_RUN_IN_HEAD = regex.compile(r"^(?:[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)]|[一二三四五六七八九十]{1,2}\s*[、.．])"
                             r"[^。：:；;，,]{1,30}[。：:]\s*\S{2,}")


def unwrap(lines: Sequence[Line], geo: Geometry) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs; headings stand alone."""
    paragraphs: list[list[Line]] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if prev is None or _starts_paragraph(prev, line, nxt, geo, len(paragraphs[-1]) == 1):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return [_join(p) for p in paragraphs]


# a date on a line of its own (under the title, under a signature): never a paragraph's other line
DATE_LINE = regex.compile(r"^(?:(?:发布|印发|成文)?(?:日期|时间)[：:]\s*)?[（(]?\s*(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
                          r"|[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*[）)]?$")
_HEADING_END = regex.compile(r"(?:情况|事项)$")  # how the six headings and their variants end


def _heading_goes_on(prev: Line, line: Line) -> bool:
    """A section heading wrapped onto a second line: a line that ends it (…改进 / 情况, …申请情 / 况; the long
    variant of 四 wraps with half its words on the second line: …被申请行政 / 复议、提起行政诉讼的情况)."""
    return bool(SECTION_HEAD.match(prev.text) and not _HEADING_END.search(prev.text) and len(prev.text) <= 40
                and len(line.text) <= 16 and _HEADING_END.search(prev.text + line.text)
                and not SECTION_HEAD.match(line.text) and not SUBSECTION_HEAD.match(line.text))


def _starts_paragraph(prev: Line, line: Line, nxt: Line | None, geo: Geometry, prev_first: bool = False) -> bool:
    if _heading_goes_on(prev, line):
        return False
    if is_heading_line(prev, geo) or is_heading_line(line, geo):
        return True
    far = geo.margin + 4 * geo.size  # right of any first-line indent: a line set right-aligned or centred
    if line.x0 >= far and (prev.x0 >= far and abs(line.x0 - prev.x0) >= 0.5 * geo.size
                           or DATE_LINE.match(line.text.replace(" ", ""))):
        return True  # a signature over its date, each on its own line (lines of one paragraph share a left edge);
        # a date set right or centred is a line of its own, under a signature as wide as it or wider than the far edge
    if geo.indents:  # the dump kept its first-line indents: they alone tell
        return geo.indented(line)
    if not geo.wrapped:
        return True
    # a paragraph's first line is indented by two characters: "full" for it means two characters shorter
    slack = 0.75 if ends_terminal(prev.text) else (3.5 if prev_first and not geo.geometric else 2.5)
    prev_full = geo.full(prev, slack) or not geo.geometric and _word_did_not_fit(prev, line, geo)
    if geo.pitch and prev.page == line.page and line.top - prev.top > 1.6 * geo.pitch:
        return True  # a blank line's worth of space: block paragraphs without indents
    if geo.geometric:
        if geo.indented(line) and not geo.indented(prev) or geo.indented(line) and not prev_full:
            return True
        if geo.indented(line) and geo.indented(prev) and prev_full:
            return abs(line.x0 - prev.x0) < 0.5 * geo.size and ends_terminal(prev.text)
        if geo.spaced and prev.page == line.page and line.top - prev.top <= 1.25 * geo.pitch and not geo.indented(line):
            return False  # a line the paragraph's own distance below, where paragraphs are set apart by space: it
            # goes on, though the line above ended short (…门户网站公 / 开。2021年，…: what would not fit went down)
        return not prev_full
    if prev_first and geo.right - 3.5 <= prev.x1 and not (SUBSECTION_HEAD.match(line.text) or ENUM_HEAD.match(line.text)):
        return False  # a first line as long as a first line gets: the paragraph goes on
    if not prev_full:
        return True
    # full previous line: a new paragraph only if it closed a sentence and this line is indented by ~2 chars
    if not ends_terminal(prev.text):
        return False
    def first_like(ln: Line) -> bool:  # as wide as a paragraph's indented first line
        return geo.right - 3.0 <= ln.x1 <= geo.right - 1.25

    # a head (（二） 三是 2.) starts a paragraph, unless its line is wider than an indented first line gets: a
    # line of the paragraph that happens to begin with 三是
    starts_head = bool(SUBSECTION_HEAD.match(line.text) or ENUM_HEAD.match(line.text)) and line.x1 <= geo.right - 1.25
    if starts_head and prev.text.endswith("；") and ENUM_HEAD.match(line.text) and line.x1 < geo.right - 3:
        # …一是健全工作机制； / 二是提升解读质量；三是…。 (short): an enumeration going on to the paragraph's
        # last line; an item of its own after a previous one that filled its last line exactly is the rarer
        starts_head = False
    # an indented-width line is a new paragraph's first line, unless the next line is one: then it was a last line
    return first_like(line) and not (nxt is not None and first_like(nxt)) or starts_head


def _word_did_not_fit(prev: Line, line: Line, geo: Geometry) -> bool:
    """A dump's line ended short because the next line's first word, a run of digits or Latin letters that is
    not broken (2020年), would not fit after it, and the next line runs to the edge (a new paragraph's first
    line would stand two characters in): the line is as full as it could be.  A short line after it may be a
    paragraph of its own (…做好答复工作。 / 2021年中心未收到依申请公开事项。), and is left to the other rules."""
    m = _LEADING_WORD.match(line.text)
    return bool(m) and prev.x1 + display_width(m.group()) > geo.right and line.x1 > geo.right - 1.25


_LEADING_WORD = regex.compile(r"[0-9A-Za-z][0-9A-Za-z.,%]*")


def _join(lines: list[Line]) -> Paragraph:
    text = ""
    for ln in lines:
        t = ln.text
        if text and text[-1].isascii() and text[-1].isalpha() and t[:1].isascii() and t[:1].isalpha():
            text += " "
        text += t
    return Paragraph(text=close_cjk_spaces(text), page=lines[0].page, lines=tuple(lines), head=lines[0].head)


def iter_pages(lines: Iterable[Line]) -> dict[int, list[Line]]:
    out: dict[int, list[Line]] = {}
    for ln in lines:
        out.setdefault(ln.page, []).append(ln)
    return out
