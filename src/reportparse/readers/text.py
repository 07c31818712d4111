"""Text -> Document: text dumps, a crawler's saved page text, markdown conversions.

Three shapes of text reach users:

- a dump of a PDF (``pdftotext``, copy and paste): hard-wrapped lines, tables flattened into lines;
- a crawler's page text: header lines (``标题:``, ``发布时间:``, ``发布机构:``, ``原文链接:``), a
  separator, then the whole article on one line, headings and tables run into it;
- a markdown conversion: ``#`` headings, ``| … |`` tables.

The header lines become the document's ``meta``; a one-line article is cut before each section and
subsection heading (the only paragraph boundaries it still shows); markdown tables become grids.
"""

from __future__ import annotations

import html
import itertools

import regex

from reportparse.document import Document, Grid, GridCell, Meta
from reportparse.errors import NotAReportError
from reportparse.inputs import Source, decoded_text
from reportparse.layout import block_grid, block_line, site_chrome_off, text_to_lines
from reportparse.model import Issue, Line
from reportparse.normalize import close_cjk_spaces, halfwidth_digits, is_value_text
from reportparse.sections import numeral, section_heading, section_heading_runs

# a crawler's header: 标题: …, 发布时间: …, then a separator such as ==== 正文 ====
_HEADER_KEYS = (r"标题|题目|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|来源|信息来源|"
                r"栏目|原文链接|链接|网址|URL|url|本地目录|索引号|主题分类|分类|"
                r"title|date|published|source|publisher|link|column")
_HEADER_LINE = regex.compile(rf"^\s*({_HEADER_KEYS})\s*[:：]\s*(.*)$", regex.I)
_SEPARATOR = regex.compile(r"^\s*(?:[=＝\-—*#]{3,}.*正文.*[=＝\-—*#]{3,}|[=＝\-—*]{6,}|正文[:：]?)\s*$")
_MD_TABLE_ROW = regex.compile(r"^\s*\|.*\|\s*$")
# a row printed with `` | `` between its cells, with or without the outer pipes: 规章 | 2 | 1 | 14
_PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$|^(?=.*[^\s|])(?:[^|]*\s)?\|(?:\s[^|]*)?(?:\s\|(?:\s[^|]*)?)*$")
_MD_RULE = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = regex.compile(r"^\s*#{1,6}\s+")
_MD_EMPHASIS = regex.compile(r"(\*\*|__)(.+?)\1")
# a section heading run into a one-line article: 一、总体情况 … up to 情况 / 事项
_RUN_SUB = regex.compile(r"[（(]\s*([一二三四五六七八九十]{1,2})\s*[）)]")
_STANDALONE_SUB = regex.compile(r"^([（(]\s*[一二三四五六七八九十]{1,2}\s*[）)][^\s。，；：,;:！？]{1,24})[ \t\u3000\u00a0]+(?=\S)")
_LONG = 400  # a line this long holds a whole article, not one wrapped line
_PIPE = regex.compile(r"[ \t]*[|｜][ \t]*")
# in such a line, a space after a sentence's end is where the crawler joined two paragraphs (Chinese text
# puts none there): 。 加强… starts the next one
_PARAGRAPH_GAP = regex.compile(r"(?<=[。！？!?])[ \t\u3000\u00a0]+(?=\S)")
# ...unless the piece holds a table run into it (three numbers in a row): its note's 。 is not a paragraph's
# end, and the table is found in the piece as it is
_NUMBER_RUN = regex.compile(r"(?<!\S)[-+]?\d[\d.,]*(?:\s+[-+]?\d[\d.,]*){2}(?!\S)")


# what a crawler that cut a page's tags away without decoding it leaves: character references (&nbsp; &ldquo;
# &#8220;, also encoded twice: &amp;nbsp;) and the odd tag; the named ones only with their semicolon (without
# it, Python's decoder reads "&copy" or "&para" in a URL's query as © and ¶)
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MARKUP_ENTITY = regex.compile(r"&(?:lt|gt|amp|quot|#0*(?:60|62|38)|#[xX]0*(?:3[cCeE]|26));")
_BLOCK_TAG = regex.compile(r"<\s*/?\s*(?:p|br|div|h[1-6]|li|tr|section|article|center|blockquote)\b[^<>\n]{0,300}>", regex.I)
_INLINE_NAMES = "span|font|strong|b|i|em|u|a|o:p|sup|sub"  # the tags around words; a table's are its reader's
_INLINE_TAG = regex.compile(rf"<\s*/?\s*(?:{_INLINE_NAMES}|img|td|th|ul|ol|tbody|table)\b[^<>\n]{{0,300}}>", regex.I)

# spaces of other widths (&ensp; &emsp; &thinsp;, a word processor's) are spaces; zero-width ones nothing
_ODD_SPACES = regex.compile(r"[\u2000-\u200a\u202f\u205f]")
_ZERO_WIDTH = regex.compile(r"[\u200b-\u200d\u2060\ufeff]")


def html_residue_off(text: str) -> str:
    """Text with what a page's markup left in it decoded (character references) and cut (tags): a block
    tag (p, br, div...) is a line break, an inline one (span, font...) nothing; spaces of other widths are
    spaces, zero-width ones nothing.  Text that holds an HTML
    table (markdown by a converter such as MinerU) keeps its tags, and the references that are markup
    (&lt; &gt; &amp;), for the table's reader."""
    markup = "<table" in text.lower()
    if "&" in text:
        for _ in range(2):  # twice: &amp;nbsp; is &nbsp; encoded again
            text = _ENTITY.sub(lambda m: m[0] if markup and _MARKUP_ENTITY.fullmatch(m[0]) else html.unescape(m[0]),
                               text)
            if markup or "&" not in text:
                break
    if "<" in text and not markup:
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    return _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))


def read_text(source: Source) -> Document:
    decoded = decoded_text(source.data)
    text = decoded.text if decoded else source.data.decode("utf-8", errors="replace")
    text = html_residue_off(text)
    issues = []
    if decoded and decoded.replaced:
        issues.append(Issue("text_decoding", f"{decoded.replaced} byte(s) fit no character of {decoded.encoding}; "
                                             "each was replaced by U+FFFD"))
    meta, body = crawler_header(text)
    if meta.title and body.lstrip().startswith(meta.title):  # the article repeats its title, run into the text
        body = meta.title + "\n" + body.lstrip()[len(meta.title):]
    if is_markdown(body):
        doc = read_markdown(body)
    else:
        # markdown's bold marks in text read as text (pandoc's markdown of a Word file: headings in **…**, tables
        # in columns of spaces under ---- rules, which only the text reader lays out)
        body = _blank_cells_kept(_source_breaks_off(body.replace("**", "")))
        unflattened, flattened = unflatten(body)
        lines = text_to_lines(unflattened)
        last = max((ln.page for ln in lines), default=1)
        pages = last if last > 1 else None  # a dump that kept its page breaks (form feeds, gaps) has pages
        doc = Document(lines=lines, pages=pages, blocks=flattened)
    # a crawler that saved the whole page kept its chrome: the menu and breadcrumb above the article, 上一篇,
    # 下一篇, 【打印本页】 and the site's footer below it (left in, the footer runs on in section 六)
    doc.lines = site_chrome_off(doc.lines)
    if sum(len(ln.text) for ln in doc.lines) < 20 and not doc.grids:
        raise NotAReportError("the text file holds almost no text", source.path)
    doc.meta = meta
    doc.issues = issues + doc.issues
    return doc


# ------------------------------------------------------------------ crawler text
def crawler_header(text: str) -> tuple[Meta, str]:
    """A crawler's header lines as Meta, and the article after them (the whole text where there are none)."""
    text = _header_apart(text)
    lines = text.split("\n")  # not splitlines(): a form feed is a page break, not a line break
    fields: dict[str, str] = {}
    end = None
    for i, line in enumerate(lines[:30]):
        m = _HEADER_LINE.match(line)
        if m:
            fields.setdefault(m.group(1), m.group(2).strip())
            continue
        if _SEPARATOR.match(line) and fields:
            end = i + 1
            break
        if line.strip() and len(fields) >= 2 and len(line) > 80:
            end = i  # no separator: the article starts at the first long line after the header
            break
    if end is None or len(fields) < 2:
        return Meta(), text
    body = "\n".join(lines[end:])

    def first(*keys: str) -> str | None:
        return next((fields[k] for k in fields for want in keys if k.lower() == want.lower() and fields[k]), None)

    return Meta(title=first("标题", "题目", "title"),
                agency=first("发布机构", "发文机关", "来源", "信息来源", "publisher", "source"),
                published=first("发布时间", "发布日期", "成文日期", "published", "date"),
                url=first("原文链接", "链接", "网址", "URL", "link")), body


_HEADER_KEY = regex.compile(rf"(?:{_HEADER_KEYS})\s*[:：]", regex.I)
_INLINE_SEPARATOR = regex.compile(r"\s*([=＝\-—*#]{3,}\s*正文\s*[=＝\-—*#]{3,})\s*")


def _header_apart(text: str) -> str:
    """A crawler's header saved with its line breaks lost (``标题: … 发布时间: … ==== 正文 ====本报告…``, the
    whole file one line): each field on a line of its own, the separator on its own, where the text opens with
    a field and a separator closes the fields (the article after it keeps its own line breaks, if any)."""
    first = text.lstrip().split("\n", 1)[0]
    sep = _INLINE_SEPARATOR.search(first)
    if sep is None or not _HEADER_LINE.match(first) or not _HEADER_KEY.search(first, 0, sep.start()):
        return text
    head = first[:sep.start()]  # a line before each field: keys found left to right (原文链接 is one, not 原文 链接)
    head = "\n".join(head[a:b].strip() for a, b in itertools.pairwise(
        [0, *(m.start() for m in _HEADER_KEY.finditer(head) if m.start()), len(head)]))
    rest = text.lstrip()[len(first):]
    return head + "\n" + sep.group(1) + "\n" + first[sep.end():] + rest


def _source_breaks_off(text: str) -> str:
    """A page's text taken with its HTML source's whitespace (lxml's ``text_content()``, ``"".join`` of a page's
    strings): a one-line article broken wherever the source broke a text node (三、本年度办 / 理结果 inside a
    cell), each piece indented as the source was, most lines blank.  The pieces joined back into the one line
    they are, their indentation off; any other text is left as it is."""
    lines = text.split("\n")
    filled = [ln for ln in lines if ln.strip()]
    if not any(len(ln) >= _LONG for ln in filled):
        return text
    indented = sum(1 for ln in filled if len(ln) - len(ln.lstrip()) >= 8)
    if len(lines) - len(filled) < len(lines) / 2 or indented < len(filled) / 2:
        return text
    return "".join(ln.strip() for ln in filled)


def _blank_cells_kept(text: str) -> str:
    """A table dumped one cell to a line, a blank cell as an empty line (LibreOffice's "save as text" of a Word
    file; docx2txt, which also puts an empty line after every paragraph, its own dropped first): each row of
    table 三 (a label line, then its seven cells, a number or nothing on each, the total printed) as one line,
    its cells apart by tabs, so that a blank cell keeps its place (empty lines said nothing once dropped: 9 0
    and three blanks and 0 9 read as four values for seven cells, null)."""
    lines = text.split("\n")
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(filled) < 20:
        return text
    separated = sum(1 for i in filled if i + 1 < len(lines) and lines[i + 1].strip()) < len(filled) // 50 + 1
    if separated:
        # every line followed by an empty one (docx2txt): those empty lines are separators, the rest are cells
        # (or paragraphs, each a line); without them, runs of empty lines are no more taken for pages' ends
        text = text.replace("\n\n", "\n")
        lines = text.split("\n")
    out: list[str] = []
    rows = 0
    i = 0
    while i < len(lines):
        cells = lines[i + 1:i + 8]
        if (len(cells) == 7 and _ROW_LABEL_LINE.match(lines[i].strip()) and cells[-1].strip()
                and any(c.strip() in ("", "无") for c in cells)  # a blank cell, or one a line of its own reads as a label
                and all(not c.strip() or is_value_text(c.strip()) for c in cells)
                and (i + 8 >= len(lines) or not is_value_text(lines[i + 8].strip()) or not lines[i + 8].strip())):
            out.append("\t".join([lines[i].strip(), *(c.strip() for c in cells)]))
            rows += 1
            i += 8
            continue
        out.append(lines[i])
        i += 1
    # a dump of single cells without form feeds (numbers alone on thirty lines or more): its runs of empty
    # lines are blank cells and merged ones, never a page's end
    single = "\f" not in text and sum(1 for ln in lines if ln.strip() and " " not in ln.strip()
                                       and is_value_text(ln.strip())) >= 30
    if rows < 2 and not separated and not single:
        return text  # no such table: its empty lines may be paragraphs' or pages' gaps
    # the other empty lines are cells too (a merge's continuations), not a page's end
    return regex.sub(r"\n{3,}", "\n\n", "\n".join(out))


# a row label of table 三 on a line of its own: 1.属于国家秘密, （一）予以公开, 四、结转下年度继续办理
_ROW_LABEL_LINE = regex.compile(r"^(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七]\s*[)）]|[一二三四]、)\s*\p{Han}[^。；]{1,60}$")


def unflatten(text: str) -> tuple[str, bool]:
    """A one-line article cut into lines: before and after each section heading, before each （N） head.

    Also says whether any line was such an article (its lines are then one block each, never unwrapped).
    """
    out, flattened = [], False
    for line in text.split("\n"):  # form feeds stay inside their line for text_to_lines to page by
        if len(line) >= _LONG and ("|" in line or "｜" in line):
            line = _PIPE.sub(" ", line)  # cells joined with | (" | ".join): a space each, || a blank cell between
        pieces = _cut(line) if len(line) >= _LONG else [line]
        flattened |= len(pieces) > 1
        out.extend(pieces)
    return "\n".join(out), flattened


# a report's title run into the article's first sentence (平潭…2024年度政府信息公开工作年度报告本报告根据…)
_TITLE_END = r"(?:政府信息公开|政务公开)(?:工作)?年度报告(?![格（(》])"  # a title's last words (not 年度报告格式)
_TITLE_RUN = regex.compile(rf"\s*([^\s。，；：:]{{2,60}}?{_TITLE_END})(?=\S)")


# a whole page's text on one line: its breadcrumb, and where the article starts and the page's end begins
_PAGE_HEAD = regex.compile(r"当前位置[：:]|您的位置[：:]|您现在的位置|首页\s*[>＞»›]")
_ARTICLE_START = regex.compile(r"本报告(?:根据|依据|是根据|按照|由)")
_TITLE_IN = regex.compile(rf"[^\s。，；：:_|｜>＞]{{2,60}}?{_TITLE_END}")
_PAGE_TITLE = regex.compile(r"\s*(" + _TITLE_IN.pattern + r")\s*[_|｜-]")
_FOOTER_START = regex.compile(r"(?<=[。！？])\s*(?=附件下载|相关附件|扫一扫|上一篇|下一篇|【\s*打印|【\s*关闭|友情链接|相关链接|"
                              r"版权所有|主办单位|网站标识码)")


def _cut(line: str) -> list[str]:
    heads = section_heading_runs(line)
    if not heads:
        return [line]
    article = _ARTICLE_START.search(line, 0, heads[0][0])
    crumb = _PAGE_HEAD.search(line, 0, article.start()) if article else None
    if crumb:  # the page's header, menu and breadcrumb above the article: its title kept, the rest is the page's
        # the page's own title first (标题_栏目_网站, the <title> the line starts with), else the last after the crumb
        page_title = _PAGE_TITLE.match(line)
        after = [m.group() for m in _TITLE_IN.finditer(line, crumb.end(), article.start())]
        title = page_title.group(1) if page_title else after[-1] if after else None
        return [*([title] if title else []), *_cut(line[article.start():])]
    title = _TITLE_RUN.match(line)
    if title and title.end() < heads[0][0]:
        return [title.group(1), *_cut(line[title.end():])]
    pieces, start = [], 0
    for s, e in heads:
        pieces += [line[start:s], line[s:e]]
        start = e
    foot = _FOOTER_START.search(line, start)  # the page's end run into the last section's text
    pieces += [line[start:foot.start()], line[foot.end():]] if foot else [line[start:]]
    out = []
    for piece in pieces:
        for part in _cut_subsections(piece.strip()):
            out.extend([part] if _NUMBER_RUN.search(part) else _PARAGRAPH_GAP.split(part))
    return [p for p in out if p.strip()]


def _cut_subsections(text: str) -> list[str]:
    """Before each （一）（二）… head that follows a sentence's end, in ascending order."""
    cuts, expected = [], 1
    for m in _RUN_SUB.finditer(text):
        n = numeral(m.group(1))
        before = text[:m.start()].rstrip()
        if n == expected and (not before or before[-1] in "。！？；：!?;"):
            cuts.append(m.start())
            expected += 1
    bounds = [0] + cuts + [len(text)]
    out = []
    for piece in (text[a:b] for a, b in zip(bounds, bounds[1:])):
        # a head that stood on its own keeps the space the crawler left after it: （一）主动公开 全年…
        m = _STANDALONE_SUB.match(piece)
        out += [m.group(1), piece[m.end():]] if m else [piece]
    return out


# ------------------------------------------------------------------ markdown
def is_markdown(text: str) -> bool:
    lines = text.splitlines()
    rules = sum(1 for ln in lines if _MD_RULE.match(ln) and "|" in ln)
    rules += sum(1 for ln in lines if _GRID_RULE.match(ln)) // 2  # pandoc's grid tables
    heads = sum(1 for ln in lines if _MD_HEADING.match(ln))
    tables = sum(1 for ln in lines if "<table" in ln.lower())
    return rules >= 1 or heads >= 2 or (tables >= 1 and heads >= 1) or bool(pipe_rows(lines))


def pipe_rows(lines: list[str]) -> set[int]:
    """The lines that are rows of a table printed with `` | `` between cells, with or without a markdown rule
    line (|---|) under its header: runs of two or more such lines, the rule lines among them included.  A
    lone line with a pipe in it is prose."""
    rows: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        if _PIPE_ROW.match(line) or (run and _MD_RULE.match(line) and "-" in line):
            run.append(i)
            continue
        if sum(1 for k in run if not _MD_RULE.match(lines[k])) >= 2:
            rows.update(run)
        run = []
    return rows


def _html_grid(fragment: str, position: int) -> Grid | None:
    """An HTML <table> inside markdown: the web page reader's grid of spans."""
    from lxml import etree, html

    from reportparse.readers.html import _grid

    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    table = root.find(".//table")
    return _grid(table, position) if table is not None else None


def read_markdown(text: str) -> Document:
    """Markdown: headings lose their #, emphasis its markers, ``| … |`` tables become grids."""
    lines: list[Line] = []
    grids: list[Grid] = []
    breaks: set[int] = set()
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            grids.append(_md_grid(table, len(lines)))
            breaks.add(len(lines))
            table.clear()

    def add_grid_table() -> None:
        rows = grid_table_rows(grid_lines)
        if rows:  # rules with no cell between them (a damaged table) are no table
            grids.append(_md_grid(rows, len(lines)))
            breaks.add(len(lines))
        grid_lines.clear()

    html_table: list[str] = []
    # a converter's inline HTML, its tags perhaps wrapped over two lines (pandoc wraps at 72 columns)
    text = _INLINE_TAG_LINES.sub("", text) if "<" in text else text
    raws = text.splitlines()
    in_table = pipe_rows(raws)
    grid_lines: list[str] = []
    for i_raw, raw in enumerate(raws):
        if grid_lines or _GRID_RULE.match(raw):  # pandoc's grid table: +---+ rules, cells over several lines
            if _GRID_RULE.match(raw) or raw.lstrip().startswith("|"):
                grid_lines.append(raw)
                continue
            flush()
            add_grid_table()
        if html_table or "<table" in raw.lower():  # converters such as MinerU write tables as HTML
            html_table.append(raw)
            if "</table>" in raw.lower():
                flush()
                grid = _html_grid("\n".join(html_table), len(lines))
                if grid is not None:
                    grids.append(grid)
                    breaks.add(len(lines))
                html_table = []
            continue
        if i_raw in in_table or _MD_TABLE_ROW.match(raw) or (table and _MD_RULE.match(raw)):
            if not _MD_RULE.match(raw):
                table.append([c.strip() for c in raw.strip().removeprefix("|").removesuffix("|").split("|")])
            continue
        flush()
        s = _md_inline(raw)
        if not s or s in ("正文", "正文：", "正文:") or regex.fullmatch(r"[-*_]{3,}|!\[[^\]]*\]\([^)]*\)|:{3,}.*", s):
            continue
        clean = close_cjk_spaces(s)
        lines.append(block_line(clean, len(lines), raw=s))
    flush()
    add_grid_table()
    wrapped = hard_wrapped(lines)
    return Document(lines=lines, grids=grids, pages=None, blocks=not wrapped, breaks=breaks)


def hard_wrapped(lines: list[Line]) -> bool:
    """Do the lines wrap at a fixed width (a PDF pasted or converted line by line, one <p> per printed
    line) rather than stand one per paragraph?  Most lines then share one width and end mid-sentence."""
    body = [ln for ln in lines if len(ln.text) >= 8 and not section_heading(ln.text) and not _RUN_SUB.match(ln.text)]
    widths = [ln.x1 for ln in body]
    if len(widths) < 6:
        return False
    rounded = [round(w) for w in widths]
    top = max(set(rounded), key=rounded.count)
    at_edge = [ln for ln in body if abs(ln.x1 - top) <= 1.0]
    open_ended = sum(1 for ln in at_edge if ln.text[-1:] not in "。！？；：!?;")
    return len(at_edge) >= 0.4 * len(widths) and 15 <= top <= 60 and open_ended >= 0.5 * len(at_edge)


# inline markup a converter writes around text: pandoc's bracketed spans ([一、总体情况]{style="…"}), links, images,
# raw HTML (<span style="font-family:黑体">…</span>), emphasis opened on one line and closed on the next
_PANDOC_SPAN = regex.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_MD_IMAGE = regex.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = regex.compile(r"\[([^\[\]]*)\]\([^)]*\)")
_INLINE_TAG_LINES = regex.compile(rf"<\s*/?\s*(?:{_INLINE_NAMES})\b[^<>]{{0,300}}>", regex.I)  # over line breaks too
_LONE_EMPHASIS = regex.compile(r"^(?:\*\*|__)(?=\S)|(?<=\S)(?:\*\*|__)$")


def _md_inline(raw: str) -> str:
    """A markdown line's text: heading marks, emphasis, spans, links, images and inline HTML off."""
    s = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", _PANDOC_SPAN.sub(r"\1", _MD_HEADING.sub("", raw))))
    if "<" in s:
        s = _INLINE_TAG.sub("", _BLOCK_TAG.sub("", s))
    return _LONE_EMPHASIS.sub("", _MD_EMPHASIS.sub(r"\2", s).strip()).strip()


_GRID_RULE = regex.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def grid_table_rows(block: list[str]) -> list[list[str]]:
    """The rows of a grid table as pandoc writes one (``+-----+-----+`` between rows, ``| 行政规 | 9 |`` lines
    within): each cell's text is its column's pieces on the row's lines, joined (a CJK word wrapped inside a
    cell closes up again; pandoc's ``\\`` line break goes)."""
    rows: list[list[str]] = []
    pieces: list[list[str]] = []
    for line in [*block, "+"]:
        if _GRID_RULE.match(line) or line == "+":
            if pieces:
                rows.append([close_cjk_spaces(" ".join(p for p in col if p)) for col in pieces])
            pieces = []
            continue
        cells = line.strip().removeprefix("|").removesuffix("|").split("|")
        if not pieces:
            pieces = [[] for _ in cells]
        for col, text in zip(pieces, cells):
            col.append(text.strip().removesuffix("\\").strip())
    return [r for r in rows if any(r)]


def _md_grid(rows: list[list[str]], position: int) -> Grid:
    """A markdown table: no spans; it stands between line ``position - 1`` and line ``position``."""
    n_cols = max(len(r) for r in rows)
    cells = tuple(GridCell(text=close_cjk_spaces(halfwidth_digits(_MD_EMPHASIS.sub(r"\2", t))).replace("<br>", ""),
                           r0=r, r1=r + 1, c0=c, c1=c + 1)
                  for r, row in enumerate(rows) for c, t in enumerate(row))
    return block_grid(cells, len(rows), n_cols, position)
