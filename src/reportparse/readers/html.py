"""Saved web page -> Document: the article inside the site chrome, its paragraphs and its tables.

lxml's HTML parser (libxml2) reads the tag soup government sites publish (unclosed ``<p>``, tables
for layout, Word's ``MsoNormal`` markup) the way a browser would, and is fast; its element tree lets
the reader walk blocks in order and resolve ``rowspan``/``colspan`` from the real table structure,
which no regular expression can.

- Encoding: the BOM, then ``<meta charset>`` / ``http-equiv``, then the encoding that fits
  (UTF-8 or GB18030, of which GBK and GB2312 are subsets).
- The article: the element whose blocks carry the most of the six standard section headings (a
  TRS ``div.TRS_Editor``, a ``div.article``, a table cell of an old layout), the deepest one that
  holds them all; without headings, the element with the most text outside links.
- Title and agency: the page's ``ArticleTitle``/``h1``/``.title``/``<title>`` (minus the site name),
  the ``ContentSource``/发布机构 metadata.
- Paragraphs: one per block element (``p``, ``div``, ``h1``…, ``li``, ``br``); table cells become
  grids with their spans, as the PDF reader builds them.
- Pictures of text (a table pasted into the CMS as a screenshot) that the page holds (a .mht's parts, data:
  URIs, files saved beside it) are read by OCR and their paragraphs and grids put in their place: the page is
  walked once to find the article, its pictures read (readers/html_pictures.py), and walked again with them.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from urllib.parse import unquote

import regex

from reportparse.document import Document, Grid, GridCell, Meta
from reportparse.errors import NotAReportError, NoTextLayerError
from reportparse.inputs import Source, decoded_text
from reportparse.layout import SITE_CHROME, block_grid, block_line, wrapped_by_hand
from reportparse.model import Line
from reportparse.normalize import close_cjk_spaces, halfwidth_digits, is_value_text
from reportparse.readers.text import hard_wrapped
from reportparse.sections import BODY_MIN, DOCUMENT_FILE, section_heading

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.I)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "blockquote",
           "center", "dd", "dt", "dl", "pre", "form", "header", "footer", "main", "figure", "figcaption", "address",
           "tr", "caption"}
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "select", "option", "button", "input",
         "textarea", "svg", "nav", "template", "map", "audio", "video", "canvas"}
_WS = regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_TITLE_FIELDS = ("ArticleTitle", "articletitle", "title", "Title", "og:title")
_AGENCY_FIELDS = ("ContentSource", "contentsource", "source", "author", "Author")
_LABEL = regex.compile(r"^(发布机构|发文机关|发布单位|信息来源|公开责任部门|发文单位|来源|发布日期|发文日期|成文日期|发布时间)"
                       r"\s*[:：]\s*(.*)$")


def read_html(source: Source, ocr: str = "auto") -> Document:
    """The Document of a saved web page; its pictures of text (a table pasted into the CMS as a screenshot)
    that the page holds read by OCR as ``ocr`` says (auto or always: read; never: not), in their place
    (readers/html_pictures.py)."""
    from lxml import etree, html

    text, archive = _decode(source)
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise NotAReportError(f"the web page cannot be parsed ({e})", source.path) from e
    meta = _meta(root)
    body = root.find("body")
    if body is None:
        body = root
    styles = _class_styles(root)
    walker = _Walker(styles)
    walker.walk(body)
    article = _article_root(walker)
    pictures = None
    if walker.images and ocr != "never":
        from reportparse.readers.html_pictures import PagePictures, Stored

        pictures = PagePictures(Stored(source.path, archive, source.max_bytes), ocr)
        if pictures.read_all(_in_article(walker, *article)):  # walked again, each picture's blocks in its place
            walker = _Walker(styles, pictures.blocks)
            walker.walk(body)
            article = _article_root(walker)
    lines, grids, breaks = _article(walker, article[0])
    n_chars = sum(len(ln.text) for ln in lines)
    unread = [i.message for i in pictures.issues if i.code == "image_unread"] if pictures else []
    if unread and n_chars < BODY_MIN and not grids:  # a report shown as pictures of its pages (its title above
        # them): what is missing is OCR, not a report
        raise NoTextLayerError(f"the web page holds almost no text, and {len(unread)} picture(s) that may show it "
                               f"were not read ({unread[0]})", source.path)
    if n_chars < 20 and not grids:
        files = _attachments(body)  # a bare PDF viewer, a download page without the report's title
        also = f"; it links to or embeds {'、'.join(files[:3])}: parse that file" if files else ""
        raise NotAReportError(f"the web page holds almost no article text{also}", source.path)
    if n_chars < 4 * BODY_MIN:  # little text: perhaps a page around the report (see
        # sections.require_report), whose error names the file it links to or the pictures it shows
        meta = dataclasses.replace(meta, attachments=_attachments(body), images=sum(1 for _ in body.iter("img")))
    doc = Document(lines=lines, grids=grids, pages=None, blocks=not hard_wrapped(lines), meta=meta, breaks=breaks)
    if pictures is not None:
        pictures.unread_note(_in_article(walker, article[0], True), len(grids))
        doc.issues, doc.ocr, doc.ocr_cells = pictures.issues, pictures.used, pictures.cells
    return doc


def _in_article(walker: _Walker, article, by_headings: bool) -> list:
    """(k, <img>) of the pictures in the article, k counting the page's <img>s from 1.  Where the article was
    told by its text alone and it holds little (a report shown as pictures), every picture of the page."""
    if article is not None and not by_headings:
        mass = sum(len(ln.text) for ln, path in zip(walker.lines, walker.paths) if article in path)
        article = article if mass >= 4 * BODY_MIN else None
    return [(k, img) for k, (img, path) in enumerate(walker.images, 1) if article is None or article in path]


_DOCUMENT_LINK = regex.compile(DOCUMENT_FILE + r"(?=$|[?#])", regex.I)


def _attachments(body) -> tuple[str, ...]:
    """The documents the page links to or embeds (a PDF viewer's ``<iframe src=…viewer.html?file=….pdf>``,
    ``<embed>``, ``<object>``): by the link's text where it names the file, else the file's name."""
    out = []
    for el in body.iter("a", "iframe", "embed", "object"):
        url = unquote((el.get("href") or el.get("src") or el.get("data") or "").strip())
        m = _DOCUMENT_LINK.search(url)
        if not m:
            continue
        file = regex.split(r"[/=\\]", url[:m.end()])[-1]
        text = _clean(el.text_content()) if el.tag == "a" else ""
        out.append(text if text.lower().endswith(m.group(0).lower()) else f"{text} ({file})" if text else file)
    return tuple(dict.fromkeys(out))


def _decode(source: Source) -> tuple[str, tuple | None]:
    """(the page's text, and for a web archive (message, its HTML part), whose other parts hold its pictures)."""
    archive = _mhtml(source.data)
    data = _mhtml_page(archive[1]) if archive else source.data
    m = _CHARSET.search(data[:8192])
    decoded = decoded_text(data, m.group(1).decode("ascii", "ignore") if m else None)
    return decoded.text if decoded else data.decode("utf-8", errors="replace"), archive


def _mhtml(data: bytes) -> tuple | None:
    """(message, its HTML part) of a saved web archive (.mht: MIME multipart/related), None for a plain page."""
    head = data[:4096].lower()
    if b"mime-version" not in head or b"multipart/related" not in head:
        return None
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    return (message, page) if page is not None else None


def _mhtml_page(part) -> bytes:
    """The HTML part of a web archive, its transfer encoding undone."""
    body = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset and b"charset" not in body[:4096].lower():  # keep the MIME part's charset for _decode
        body = f'<meta charset="{charset}">'.encode("ascii") + body
    return body


def _clean(text: str) -> str:
    return close_cjk_spaces(" ".join(_WS.split(text)).strip())


# ------------------------------------------------------------------ meta
def _meta(root) -> Meta:
    fields = {}
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property")
        if name and m.get("content"):
            fields.setdefault(name, m.get("content").strip())
    title = _article_title(root, fields)
    labelled = _labelled(root)
    agency = next((fields[f] for f in _AGENCY_FIELDS if fields.get(f)), None) or labelled.get("agency")
    published = (fields.get("PubDate") or fields.get("pubdate") or fields.get("publishdate")
                 or labelled.get("published") or None)
    url = fields.get("Url") or fields.get("url") or fields.get("og:url") or None
    return Meta(title=title or None, agency=agency, published=published, url=url)


def _article_title(root, fields: dict[str, str]) -> str | None:
    """The page's article title: the first of ArticleTitle/og:title, h1, a .title element, <title> (minus
    the site name) that names a report with its year; failing that, the first that names a report."""
    candidates = [fields[f] for f in _TITLE_FIELDS if fields.get(f)]
    for xp in ("//h1", "//h2", "//*[contains(@class,'title')]", "//*[contains(@id,'title')]"):
        candidates += [_clean(el.text_content()) for el in root.xpath(xp)]
    t = root.find(".//title")
    if t is not None and t.text:
        candidates.append(_site_name_off(_clean(t.text)))
    candidates = [c for c in candidates if 6 <= len(c) <= 80 and "报告" in c]
    dated = [c for c in candidates if regex.search(r"(?:19|20)\d{2}|[二][〇○零一二三四五六七八九]{3}", c)]
    return (dated or candidates or [None])[0]


def _labelled(root) -> dict[str, str]:
    """发布机构 / 发布日期 from a page's 索引号 table or info line: ``<td>发布机构：</td><td>某局</td>``."""
    out: dict[str, str] = {}
    for el in root.iter("td", "th", "span", "li", "div", "p", "dt", "dd", "em", "b", "strong", "label"):
        text = " ".join(_WS.split(el.text_content())).strip()
        m = _LABEL.match(text) if len(text) <= 80 else None
        if not m:
            continue
        value = m.group(2).strip()
        if not value:
            nxt = el.getnext()
            value = " ".join(_WS.split(nxt.text_content())).strip() if nxt is not None else ""
        value = regex.split(r"\s+(?=\p{Han}{2,6}\s*[:：])|\s{2,}", value)[0].strip() if value else ""
        field = "published" if m.group(1) in ("发布日期", "发文日期", "成文日期", "发布时间") else "agency"
        if field == "published":
            date = regex.search(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", value)
            value = date.group(0) if date else ""
        value = close_cjk_spaces(value)
        if value and len(value) <= 40:
            out.setdefault(field, value)
    return out


def _site_name_off(title: str) -> str:
    """``报告标题_栏目_网站名`` -> ``报告标题``: the part that names the report."""
    parts = [p.strip() for p in regex.split(r"\s*[_|｜]\s*|\s+[-—–]\s+", title) if p.strip()]
    named = [p for p in parts if "报告" in p]
    return named[0] if named else (parts[0] if parts else title)


# ------------------------------------------------------------------ the article
def _article_root(walker: _Walker) -> tuple[object | None, bool]:
    """(the article's element, whether its section headings told it).

    The article is the element that holds the most of the six section headings, the deepest one that
    holds them all (a TRS ``div.TRS_Editor``, a layout table's cell); without headings, the deepest
    element holding nine tenths of the text outside links (None: none does).
    """
    heads: dict[object, set[int]] = {}
    for ln, path in zip(walker.lines, walker.paths):
        n = section_heading(ln.text) if len(ln.text) <= 45 else None
        if n:
            for el in path:
                heads.setdefault(el, set()).add(n)
    best = max((len(v) for v in heads.values()), default=0)
    if best >= 2:
        article = max((el for el, v in heads.items() if len(v) == best), key=_depth)
    else:
        total = sum(len(ln.text) for ln, link in zip(walker.lines, walker.links) if not link)
        mass: dict[object, int] = {}
        for ln, path, link in zip(walker.lines, walker.paths, walker.links):
            if not link:
                for el in path:
                    mass[el] = mass.get(el, 0) + len(ln.text)
        holders = [el for el, m in mass.items() if m >= 0.9 * total]
        article = max(holders, key=_depth) if holders else None
    return article, best >= 2


def _article(walker: _Walker, article) -> tuple[list[Line], list[Grid], set[int]]:
    """The lines and grids of the article (its element ``article``; None: the whole page), without the site
    chrome around it: lines of chrome that some sites put inside it (breadcrumbs, 字号 大 中 小, 上一篇) are
    dropped too."""
    keep = [article is None or article in path for path in walker.paths]
    keep = [k and not SITE_CHROME.match(ln.text) and not _ARTICLE_CHROME.match(ln.text)
            for k, ln in zip(keep, walker.lines)]
    _tail_off(keep, walker)
    index, n = [], 0
    for k in keep:
        index.append(n)
        n += k
    index.append(n)
    lines = []
    for ln, k in zip(walker.lines, keep):
        if k:
            i = len(lines)
            lines.append(dataclasses.replace(ln, top=float(i), bottom=float(i + 1)))
    grids = []
    for g, path in zip(walker.grids, walker.grid_paths):
        if article is None or article in path:
            at = index[int(g.bbox[1] + 0.5)] - 0.5
            grids.append(Grid(page=g.page, bbox=(0.0, at, 0.0, at), cells=g.cells, n_rows=g.n_rows, n_cols=g.n_cols))
    breaks = {index[b] for b in walker.breaks}
    return lines, grids, breaks


# lines an editor puts inside the article that are no part of the report: a WeChat account's 点击蓝字 关注我们
# and END, the credits (来源/编辑/审核：…), a table's 续表 line above its continuation after a page break
_ARTICLE_CHROME = regex.compile(
    r"^(?:点击(?:上方)?蓝字\s*关注我们|(?:长按|扫描)(?:识别)?二维码.{0,10}|[-—－]*\s*END\s*[-—－]*|"
    r"[（(]?续(?:上)?表\s*\d*[)）]?[：:]?|"
    r"(?:(?:来源|编辑|责编|责任编辑|审核|审校|校对|供稿|监制|初审|复审|终审|排版|美编|撰稿|作者)\s*[：:|丨]\s*\S{1,12}\s*)+)$",
    regex.I)
# a run after the article of links to other articles, under its own head (往期推荐: last year's report among them)
_MORE = regex.compile(r"^(?:往期(?:推荐|回顾|精选)|推荐阅读|相关阅读|延伸阅读|相关链接|精彩推荐|阅读更多)[：:]?$")


def _tail_off(keep: list[bool], walker: _Walker) -> None:
    """Drop the 往期推荐 head at the article's end and the links after it (in place)."""
    kept = [i for i, k in enumerate(keep) if k]
    j = len(kept)
    while j > 0 and walker.links[kept[j - 1]]:
        j -= 1
    if j > 0 and _MORE.match(walker.lines[kept[j - 1]].text):
        for i in kept[j - 1:]:
            keep[i] = False


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


_WRAP = "\x0b"
_INLINE = {"strong", "b", "span", "font", "em", "i", "u", "a"}


def _unwrapped(pieces: list[str]) -> list[str]:
    """The lines of one block cut by <br>s inside an inline element: a short line (a heading, a title) wrapped
    by hand, no stop before the break, reads whole (``三、收到和处理政府信息公开<br>申请情况``); the rest stay lines."""
    out: list[str] = []
    for piece in pieces:
        if out and wrapped_by_hand(out[-1], piece):
            out[-1] = close_cjk_spaces(out[-1] + piece)
        else:
            out.append(piece)
    return out


class _Walker:
    """Blocks in document order: one line per block of text, one grid per data table, and in the place of each
    picture read (``pictures``: <img> -> its blocks, readers/html_pictures.py) its paragraphs and tables."""

    def __init__(self, styles: dict[str, str] | None = None, pictures: dict | None = None):
        self.styles = styles or {}  # class -> the declarations the page's stylesheet gives it
        self.pictures = pictures or {}
        self.images: list[tuple[object, frozenset]] = []  # each <img> met, with the elements it stands in
        self.lines: list[Line] = []
        self.paths: list[frozenset] = []  # the elements each line stands in
        self.links: list[bool] = []  # the line is mostly link text (a menu, a list of articles)
        self.grids: list[Grid] = []
        self.grid_paths: list[frozenset] = []
        self.breaks: set[int] = set()
        self.buffer: list[str] = []
        self.link_chars = 0
        self.stack: list = []

    def flush(self) -> None:
        linked, self.link_chars = self.link_chars, 0
        pieces = [_clean(p) for p in "".join(self.buffer).split(_WRAP)]
        self.buffer = []
        for text in _unwrapped([p for p in pieces if p]):
            self._line(text, linked=linked >= 0.5 * len(text))

    def _line(self, text: str, head: str = "", linked: bool = False) -> None:
        self.lines.append(block_line(text, len(self.lines), head))
        self.paths.append(frozenset(self.stack))
        self.links.append(linked)

    def walk(self, el) -> None:
        self._visit(el)
        self.flush()

    def _add(self, el, grid: Grid | None) -> None:
        if grid is not None:
            self.grids.append(grid)
            self.grid_paths.append(frozenset(self.stack + [el]))
            self.breaks.add(len(self.lines))

    def _picture(self, el, blocks: list) -> None:
        """A picture's blocks in its place: its paragraphs as lines (one each, with their run-in heads), its
        tables as grids (their cells keep the boxes OCR read them in), apart from the text around."""
        self.breaks.add(len(self.lines))
        for block in blocks:
            if isinstance(block, list):
                for text, head in block:
                    self._line(text, head)
            else:
                self._add(el, block_grid(*block, len(self.lines)))
        self.breaks.add(len(self.lines))

    def _visit(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            return
        if tag == "img":
            self.images.append((el, frozenset(self.stack)))
            if el in self.pictures:
                self.flush()
                self._picture(el, self.pictures[el])
            return
        if tag == "table" and _is_data_table(el) and all(_is_cell_wrapper(t) for t in el.xpath(".//table")):
            self.flush()
            self._add(el, _grid(el, len(self.lines)))
            return
        if tag in _DIV_TABLES:
            cells = _div_table(el, self.styles)
            if cells is not None:
                self.flush()
                self._add(el, _cells_grid(cells, len(self.lines)))
                return
        if tag == "br":
            parent = el.getparent()
            if parent is not None and parent.tag in _INLINE:
                self.buffer.append(_WRAP)  # a line wrapped by hand inside one run of text (a <strong> heading)
            else:
                self.flush()
        block = tag in _BLOCKS or tag in ("table", "td", "th")
        if block:
            self.flush()
        self.stack.append(el)
        if el.text and tag:
            self.buffer.append(el.text)
            if tag == "a":
                self.link_chars += len(_clean(el.text_content()))
        for child in el:
            self._visit(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()
        self.stack.pop()


# ------------------------------------------------------------------ tables
def _cell_text(td) -> str:
    """A cell's text: its <p> and <br> pieces joined (a head wrapped as 社会|公益|组织 reads whole)."""
    pieces: list[str] = []

    def visit(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            return
        if tag in ("br", "p", "div", "table", "tr", "td", "th") and pieces and pieces[-1] != "\n":
            pieces.append("\n")
        if el.text and tag:
            pieces.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                pieces.append(child.tail)

    visit(td)
    parts = [" ".join(_WS.split(p)).strip() for p in "".join(pieces).split("\n")]
    out = ""
    for p in parts:
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return close_cjk_spaces(halfwidth_digits(out))


def _is_data_table(table) -> bool:
    """A grid of at least two rows and two columns, or one row of a label and numbers (the last row of a table
    cut by a page break, pasted as a table of its own: 四、结转下年度继续办理 | 11 | 3 | …); a one-cell or
    one-column table, or one row of words (a menu), is layout (its text is read as paragraphs)."""
    rows = table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
    if len(rows) == 1:
        texts = [_cell_text(td) for td in rows[0].xpath("./td|./th")]
        values = sum(bool(t) and is_value_text(t) for t in texts)
        return len(texts) >= 2 and values >= max(1, len(texts) - 1)
    return len(rows) >= 2 and max((len(r.xpath("./td|./th")) for r in rows), default=0) >= 2


def _is_cell_wrapper(table) -> bool:
    """A table of one short cell inside a data table's cell (Word pastes a cell's label boxed so): its text is the
    cell's, not a layout table's (a layout table holds the article, or a data table of its own)."""
    cells = table.xpath(".//td|.//th")
    return len(cells) <= 1 and len(_cell_text(table)) <= 60


_NOT_DIGIT = regex.compile(r"\D")


def _span(td, name: str, rest: int = 200) -> int:
    """A cell's rowspan or colspan, 1 to ``rest`` (the rows left, for a rowspan); rowspan="0" runs to the end
    of the table (HTML's row group), as browsers draw it."""
    value = td.get(name)
    if value is None or value == "1":  # most cells: no span at all
        return 1
    digits = _NOT_DIGIT.sub("", value) or "1"
    if digits.strip("0") == "" and name == "rowspan":
        return rest
    return max(1, min(int(digits), 200, rest))


def _grid(table, position: int) -> Grid | None:
    """A <table> as a grid of spans: rowspan and colspan resolved, as the PDF reader builds them."""
    rows = [tr for tr in table.iter("tr") if tr.xpath("ancestor::table[1]")[0] is table]
    taken: dict[tuple[int, int], bool] = {}
    cells: list[GridCell] = []
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while taken.get((r, c)):
                c += 1
            rs, cs = _span(td, "rowspan", len(rows) - r), _span(td, "colspan")
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = True
            cells.append(GridCell(text=_cell_text(td), r0=r, r1=r + rs, c0=c, c1=c + cs))
            c += cs
    return _cells_grid(cells, position, len(rows))


def _cells_grid(cells: list[GridCell], position: int, n_rows: int | None = None) -> Grid | None:
    """The grid of ``cells`` (None if none), placed between the lines before and after ``position``; as many
    rows as its cells reach, or ``n_rows`` (a <table>'s rows, empty ones included)."""
    if not cells:
        return None
    return block_grid(cells, n_rows or max(c.r1 for c in cells), max(c.c1 for c in cells), position)


# ------------------------------------------------------------------ tables drawn with <div>s
_DIV_TABLES = {"div", "section", "ul", "ol", "dl"}
_DECL = regex.compile(r"([^{}]+)\{([^{}]*)\}")
_ROW_CLASS = regex.compile(r"^(?:tr|t-?row|table-?row|tbl-?row|tb-?row|data-?row|grid-?row|row)$", regex.I)
_ROW_DISPLAYS = ("table-row", "flex", "inline-flex")
_GROUP_DISPLAYS = ("table-row-group", "table-header-group", "table-footer-group")


def _class_styles(root) -> dict[str, str]:
    """class -> the declarations the page's own stylesheets give it (``.tbl .td {display: table-cell}``: the
    last class of each selector), so a cell styled by class is seen as one."""
    out: dict[str, str] = {}
    for style in root.iter("style"):
        css = regex.sub(r"/\*.*?\*/", "", style.text or "", flags=regex.S)
        for selectors, decls in _DECL.findall(css):
            for selector in selectors.split(","):
                m = regex.search(r"\.([\w-]+)[^.\s>+~]*$", selector.strip())
                if m and not regex.search(r":(?:hover|before|after|focus|active)", selector):
                    out[m.group(1)] = out.get(m.group(1), "") + ";" + decls
    return out


@cache
def _property(name: str):
    """The pattern of a CSS declaration of property ``name`` (compiled once: ``_css`` asks it of every element)."""
    return regex.compile(r"(?:^|;)\s*" + regex.escape(name) + r"\s*:\s*([^;]+)", regex.I)


def _css(el, styles: dict[str, str], name: str) -> str:
    """A CSS property of an element: its inline style first, then its classes' rules."""
    style, classes = el.get("style"), el.get("class")
    if not style and not classes:
        return ""
    pattern = _property(name)
    m = pattern.search(style or "")
    if m:
        return m.group(1).strip().lower()
    found = ""
    for c in (classes or "").split():
        for m in pattern.finditer(styles.get(c, "")):
            found = m.group(1).strip().lower()
    return found


def _kids(el) -> list:
    return [k for k in el if isinstance(k.tag, str) and k.tag not in _DROP and k.tag != "br"]


def _div_table(el, styles: dict[str, str]) -> list[GridCell] | None:
    """The cells of a table drawn with <div>s: a CSS grid (``display:grid``, its cells spanning by
    ``grid-column``/``grid-row``), or rows of cells (``display:table`` / ``table-row`` / ``table-cell``, flex
    rows, rows by class: ``tr``, ``row``).  None where the element is no such table: fewer than two rows of
    two cells, a cell of long text or holding a table of its own (layout), no number in any cell."""
    if (el.text or "").strip():
        return None
    display = (_css(el, styles, "display").split() or [""])[0]
    if display in ("grid", "inline-grid"):
        cells = _css_grid(el, styles)
    else:
        rows = []
        for kid in _kids(el):
            if _css(kid, styles, "display") in _GROUP_DISPLAYS:
                rows += _kids(kid)
            else:
                rows.append(kid)
        if len(rows) < 2 or not all((_css(r, styles, "display") in _ROW_DISPLAYS
                                     or any(_ROW_CLASS.match(c) for c in (r.get("class") or "").split()))
                                    and not (r.text or "").strip() for r in rows):
            return None  # asked row by row: most <div>s are no table, and tell so at their first child
        cells = [GridCell(text=_cell_text(td), r0=r, r1=r + 1, c0=c, c1=c + 1)
                 for r, row in enumerate(rows) for c, td in enumerate(_kids(row))]
        if sum(1 for r in rows if len(_kids(r)) >= 2) < 2:
            return None
    if not cells or any(len(c.text) > 200 for c in cells) or el.xpath(".//table"):
        return None
    if not any(c.text and is_value_text(c.text) for c in cells):
        return None
    return cells


def _grid_tracks(template: str) -> int:
    """The number of columns of a ``grid-template-columns`` value (``repeat(10, 1fr)``, ``120px 1fr 1fr``)."""
    n = 0
    for m in regex.finditer(r"repeat\(\s*(\d+)\s*,((?:[^()]|\([^()]*\))*)\)", template):
        n += int(m.group(1)) * len(regex.findall(r"(?:[\w.%-]+\([^()]*\)|[\w.%-]+)", m.group(2)))
    rest = regex.sub(r"repeat\((?:[^()]|\([^()]*\))*\)", " ", template)
    n += len(regex.findall(r"(?:[\w.%-]+\([^()]*\)|[\w.%-]+)", rest))
    return n


def _grid_line(value: str) -> tuple[int | None, int]:
    """``grid-column``/``grid-row`` as (start line or None, span): ``span 3``, ``2 / span 3``, ``2 / 5``."""
    parts = [p.strip() for p in value.split("/")] if value else []
    start, span = None, 1
    if parts and (m := regex.fullmatch(r"span\s+(\d+)", parts[0])):
        span = int(m.group(1))
    elif parts and parts[0].isdigit():
        start = int(parts[0])
    if len(parts) > 1:
        if m := regex.fullmatch(r"span\s+(\d+)", parts[1]):
            span = int(m.group(1))
        elif parts[1].isdigit() and start is not None:
            span = max(1, int(parts[1]) - start)
    return start, max(1, min(span, 200))


def _css_grid(el, styles: dict[str, str]) -> list[GridCell]:
    """A CSS grid's cells placed as a browser places them: explicit lines where given, else the next free
    slot in row order that fits the cell's span (the sparse auto-placement of CSS Grid)."""
    n_cols = _grid_tracks(_css(el, styles, "grid-template-columns"))
    if n_cols < 2:
        return []
    taken: set[tuple[int, int]] = set()
    cells = []
    r, c = 0, 0
    for kid in _kids(el):
        c0, cs = _grid_line(_css(kid, styles, "grid-column"))
        r0, rs = _grid_line(_css(kid, styles, "grid-row"))
        cs = min(cs, n_cols)
        if c0 is not None and r0 is not None:
            r, c = r0 - 1, c0 - 1
        else:
            if c0 is not None:
                c = c0 - 1
            while True:
                if c + cs > n_cols:
                    r, c = r + 1, 0 if c0 is None else c0 - 1
                    continue
                if all((r + dr, c + dc) not in taken for dr in range(rs) for dc in range(cs)):
                    break
                c += 1
        taken |= {(r + dr, c + dc) for dr in range(rs) for dc in range(cs)}
        cells.append(GridCell(text=_cell_text(kid), r0=r, r1=r + rs, c0=c, c1=c + cs))
        c += cs
    return cells
