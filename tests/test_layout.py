"""Unwrapping hard-wrapped lines, from text dumps and from PDF character geometry."""

from __future__ import annotations

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from reportparse.layout import (
    Geometry,
    chars_to_lines,
    dedupe_chars,
    display_width,
    remove_furniture,
    text_to_lines,
    unwrap,
)

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH = 26  # characters on a full line of the dumps below


def wrap(paragraph: str, width: float = WIDTH) -> list[str]:
    """Hard-wrap like a typeset page: a line holds ``width`` full-width characters (ASCII counts half),
    and a paragraph's first line starts two characters in."""
    lines, line, room = [], "", width - 2
    for ch in paragraph:
        w = display_width(ch)
        if display_width(line) + w > room:
            lines.append(line)
            line, room = "", width
        line += ch
    return lines + [line]


def dump(paragraphs: list[str]) -> str:
    return "\n\n".join(line for p in paragraphs for line in wrap(p)) + "\n"


def paragraphs_of(text: str) -> list[str]:
    lines = text_to_lines(text)
    return [p.text for p in unwrap(lines, Geometry(lines, geometric=False))]


SENTENCE = st.text(alphabet="政务公开工作稳步推进信息发布解读回应持续加强", min_size=8, max_size=60).map(lambda s: s + "。")


# A dump has no indentation, so two layouts read alike and the parser takes the likelier:
# - a paragraph that exactly fills one first line reads as the first line of a longer one;
# - a last line as long as an indented first line (23-25 characters), right after a line that ended a
#   sentence at the margin, then followed by another such line, reads as a new paragraph.
# Paragraphs here avoid both: they run past one line and their last line is not first-line wide.
def _unambiguous(p: str) -> bool:
    return display_width(p) > WIDTH and not WIDTH - 3 <= display_width(wrap(p)[-1]) <= WIDTH - 1


PARAGRAPH = st.lists(SENTENCE, min_size=2, max_size=4).map("".join).filter(_unambiguous)


@settings(max_examples=60, deadline=None)
@given(st.lists(PARAGRAPH, min_size=2, max_size=5))
def test_text_dump_round_trip(paragraphs):
    """Paragraphs wrapped as a page wraps them come back exactly: breaks gone, paragraphs kept."""
    filler = "为做好政务公开工作，促进管理制度公开透明运行，中心始终把政务公开工作列入重要议事日程。" * 3
    assert paragraphs_of(dump([filler, *paragraphs, filler])) == [filler, *paragraphs, filler]


def test_headings_stand_alone_and_page_numbers_go():
    body = "2021年，中心加强依申请公开制度建设，严格按照上级有关要求，建立健全政府信息公开申请各环节的规范性制度。"
    text = "\n\n".join(["一、总体情况", *wrap(body), "- 2 -", "", "", "", "（一）主动公开情况", *wrap(body)])
    assert paragraphs_of(text) == ["一、总体情况", body, "（一）主动公开情况", body]


def test_first_line_of_a_page_is_not_a_paragraph_end():
    """An indented first line that opens a page, a character short (justified), continues (seed, page 4)."""
    rest = "全面自查，进一步夯实工作责任；加强监督检查，建立健全长效管理机制，形成用制度规范行为按制度办事。"
    first = "我中心定期或不定期对本单位政务公开落实情况开展"  # 23 wide: indent 2, one short
    text = "\n\n".join(["（五）监督保障情况", "", "", first, *wrap(rest, WIDTH + 2)[0:1], *wrap(rest)[1:]])
    lines = [ln for ln in text.split("\n") if ln]
    assert display_width(lines[1]) == 23
    got = paragraphs_of("\n\n".join(["（五）监督保障情况", "", "", first, *[rest[i:i + 26] for i in range(0, len(rest), 26)]]))
    assert got == ["（五）监督保障情况", first + rest]


def test_spaced_out_words_are_closed_up():
    assert paragraphs_of("自 然 人 法 人 或 其 他 组 织\n") == ["自然人法人或其他组织"]


# ------------------------------------------------------------------ PDF geometry
def make_pdf(path, pages, header=None):
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, page in enumerate(pages, 1):
        for x, y, text, opts in page:
            c.setFont(FONT, opts.get("size", 16))
            c.drawString(x, y, text)
            if opts.get("fake_bold"):
                c.drawString(x + 0.3, y, text)  # drawn twice, a hair apart
        if header:
            c.setFont(FONT, 10)
            c.drawString(250, 800, header)
        c.setFont(FONT, 10)
        c.drawString(290, 30, f"- {n} -")
        c.showPage()
    c.save()


def pdf_paragraphs(path):
    with pdfplumber.open(path) as pdf:
        pages = [chars_to_lines(dedupe_chars(p.chars), i) for i, p in enumerate(pdf.pages, 1)]
        heights = [p.height for p in pdf.pages]
    lines = [ln for page in remove_furniture(pages, heights) for ln in page]
    return [p.text for p in unwrap(lines, Geometry(lines, geometric=True))]


def test_pdf_unwrap_dedupes_fake_bold_and_drops_furniture(tmp_path):
    body = "2023年，县政府认真贯彻落实政府信息公开条例，扎实推进政务公开工作，全面提升公开质量和实效。" * 2
    size, left, per_line = 16, 72, 28
    rows = wrap(body, per_line)
    page1 = [(left, 760, "一、总体情况", {"fake_bold": True})]
    y = 730
    for i, row in enumerate(rows):
        page1.append((left + (2 * size if i == 0 else 0), y, row, {}))
        y -= 28
    page1.append((left, y, "二、主动公开政府信息情况", {}))
    body2 = "2024年，继续完善主动公开目录，做好政策解读与回应关切，推动公开平台集约化建设，提升群众获得感。" * 2
    rows2 = wrap(body2, per_line)
    page2 = [(left + 2 * size, 760, rows2[0], {})] + [(left, 760 - 28 * (i + 1), r, {}) for i, r in enumerate(rows2[1:])]
    path = tmp_path / "geometry.pdf"
    make_pdf(path, [page1, page2], header="某县人民政府办公室")
    assert pdf_paragraphs(path) == ["一、总体情况", body, "二、主动公开政府信息情况", body2]


@pytest.mark.parametrize("number", ["- 4 -", "— 1 —", "-3-", "第3页 共6页", "第 3 页"])
def test_page_number_forms(number, tmp_path):
    from reportparse.layout import PAGE_NUMBER
    from reportparse.normalize import halfwidth_digits

    assert PAGE_NUMBER.match(halfwidth_digits(number))


def test_unwrapped_web_text_keeps_one_paragraph_per_line():
    """Text copied from a web page is not hard-wrapped: every line is a paragraph, whatever its length."""
    paragraphs = ["2023年，区政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实条例，推进政务公开工作规范有序开展，取得明显成效。",
                  "全年主动公开政府信息1136条，其中政策文件58件。",
                  "进一步规范依申请公开流程，畅通受理渠道，全年受理政府信息公开申请21件，均在法定期限内答复，未发生行政复议和行政诉讼。",
                  "加强政府网站和政务新媒体日常监管，实行常态化监测。"]
    assert paragraphs_of("\n".join(paragraphs)) == paragraphs


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map("".join), min_size=2, max_size=5))
def test_dump_with_kept_indents_round_trips_every_paragraph(paragraphs):
    """Where a dump kept the first-line indent (　　), even the ambiguous layouts come back exactly."""
    lines = []
    for p in paragraphs:
        rows = wrap(p)
        lines += ["\u3000\u3000" + rows[0], *rows[1:]]
    assert paragraphs_of("\n".join(lines)) == paragraphs


def test_pdf_block_paragraphs_split_on_extra_space(tmp_path):
    """Paragraphs set flush left with a blank line between them (no indent)."""
    first = ("本机关坚持以公开为常态不公开为例外全面推进决策执行管理服务结果公开" * 3)[:87] + "。"  # ends a full line
    second = "进一步规范依申请公开办理流程，严格按照法定时限答复，做到件件有回复、事事有着落，切实保障申请人的合法权益。" * 2
    page, y = [], 760
    for paragraph in (first, second):
        for row in wrap(paragraph, 30):
            page.append((72, y, row, {}))
            y -= 28
        y -= 28
    path = tmp_path / "blocks.pdf"
    # wrap() indents first lines by two characters' worth of text; set every line flush left instead
    make_pdf(path, [[(72, yy, text, opts) for _, yy, text, opts in page]])
    assert pdf_paragraphs(path) == [first, second]


def _dedupe_all_pairs(chars: list[dict], tolerance: float) -> list[dict]:
    """What dedupe_chars must do, the plain way: keep a character unless a kept one of its text lies within
    ``tolerance`` of it on both axes."""
    kept: list[dict] = []
    for ch in chars:
        if not any(k["text"] == ch["text"] and abs(k["x0"] - ch["x0"]) <= tolerance
                   and abs(k["top"] - ch["top"]) <= tolerance for k in kept):
            kept.append(ch)
    return kept


# positions on a coarse lattice plus offsets at and around the tolerance, so that near-copies, copies exactly
# one tolerance away and characters just past it all occur (the array check must not miss one)
_COORD = st.builds(lambda base, off: base * 6.0 + off, st.integers(-3, 40),
                   st.sampled_from([0.0, 0.5, 0.999, 1.0, 1.001, -1.0, -1.0001, 1.5, 2.0, 3.0]))
_CHAR = st.builds(lambda t, x, y: {"text": t, "x0": x, "x1": x + 5.0, "top": y, "bottom": y + 10.0, "size": 10.0,
                                   "fontname": "F"}, st.sampled_from(["一", "二", "0", "", " ", "(cid:0)"]), _COORD, _COORD)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CHAR, max_size=200), st.sampled_from([1.0, 0.5, 3.0]))
def test_dedupe_chars_drops_exactly_the_copies_within_tolerance(chars, tolerance):
    assert [id(c) for c in dedupe_chars(chars, tolerance)] == [id(c) for c in _dedupe_all_pairs(chars, tolerance)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHAR, max_size=40), st.sampled_from([1.0, 0.5, 3.0]))
def test_may_repeat_never_misses_a_copy(chars, tolerance):
    from reportparse.layout import _may_repeat

    if not _may_repeat(chars, tolerance):
        assert len(_dedupe_all_pairs(chars, tolerance)) == len(chars)


def test_dedupe_chars_keeps_a_page_without_copies_and_drops_a_late_copy():
    chars = [{"text": t, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 100.0, "bottom": 110.0, "size": 10.0,
              "fontname": "F"} for i, t in enumerate("政府信息公开年度报告" * 30)]
    assert dedupe_chars(chars) == chars
    copy = dict(chars[7], x0=chars[7]["x0"] + 0.6, top=100.9)  # drawn again, slightly off, at the page's end
    assert dedupe_chars([*chars, copy]) == chars


def test_a_number_beside_text_at_a_pages_top_is_a_cell_not_a_page_number():
    """A table cut at a page break leaves its last row at the top of the next page (行政事业性收费 … 0): the
    0 stands in the margin where a page number could, but on the baseline of the row's label, so it is kept.
    A number alone there, or beside a running header, is a page number."""
    from reportparse.model import Line

    def line(text, page, x0, top):
        return Line(text=text, page=page, x0=x0, x1=x0 + 10 * len(text), top=top, bottom=top + 10, size=10.0)

    pages = [[line("成都市锦江区人民政府", p, 245, 50), line(str(p + 1), p, 500, 50), line("正文", p, 90, 300)]
             for p in range(3)]
    pages[2] += [line("行政事业性收费", 2, 124, 98), line("0", 2, 380, 98)]
    kept = remove_furniture(pages, [842.0] * 3)
    assert [ln.text for ln in kept[0]] == ["正文"]
    assert [ln.text for ln in kept[2]] == ["正文", "行政事业性收费", "0"]


def test_pdf_short_paragraphs_under_indented_heads_keep_the_margin():
    """More lines start two characters in (one-line paragraphs as wide as the line, indented heads) than at
    the margin: the margin is still the left edge, so a one-line paragraph ends at its line (it was taken for
    the margin's line and joined to the next paragraph)."""
    from reportparse.model import Line

    def line(text, x0, top):
        return Line(text=text, page=1, x0=x0, x1=521.6, top=top, bottom=top + 16.0, size=16.0)

    full = "正" * 26 + "。"
    lines, top = [], 100.0
    for _ in range(4):  # a head, a one-line paragraph, a two-line paragraph
        lines.append(Line(text="（一）主动公开情况", page=1, x0=105.6, x1=249.6, top=top, bottom=top + 16, size=16.0))
        lines += [line(full, 105.6, top + 29), line("将" * 26, 105.6, top + 58), line("续" * 27 + "。", 73.6, top + 87)]
        top += 116
    paragraphs = [p.text for p in unwrap(lines, Geometry(lines, geometric=True))]
    assert paragraphs == ["（一）主动公开情况", full, "将" * 26 + "续" * 27 + "。"] * 4


def test_a_running_header_a_dump_prints_last_on_each_page_is_dropped():
    """pdfium's text puts a page's header after its body, before its folio: the same line last on most pages
    (the folio dropped) is the header, not the end of a paragraph, and the signature's date is the last line."""
    pages = []
    for n in range(1, 5):
        body = [f"正文{n}，政府信息公开工作取得新成效。"] * 3
        if n == 4:
            body += ["某市某局", "2025年2月1日"]
        pages.append("\n".join([*body, "某市某局政务公开办公室", f"— {n} —"]))
    lines = text_to_lines("\f".join(pages))
    assert [ln.text for ln in lines if "办公室" in ln.text] == []
    assert lines[-1].text == "2025年2月1日" and lines[-2].text == "某市某局"


def test_a_run_in_head_on_a_dumps_first_line_keeps_its_paragraph_whole():
    """（二）依申请公开情况。加强… on a paragraph's first line (a bold head sets it a character shorter still): the
    paragraph goes on under it, not cut after its first line as a stand-alone head would be."""
    filler = "为做好政务公开工作，促进管理制度公开透明运行，中心始终把政务公开工作列入重要议事日程。" * 3
    run_in = "（二）依申请公开情况。加强政务新媒体管理，全年通过政务微信公众号发布信息2511条，动态调整主动公开基本目录。"
    lines = wrap(run_in)
    lines[0], lines[1] = lines[0][:-1], lines[0][-1] + lines[1]  # the head's bold face: one character less
    text = "\n".join([*wrap(filler), *lines, *wrap(filler)]) + "\n"
    assert paragraphs_of(text) == [filler, run_in, filler]
    # a head alone on its line stays a heading
    assert paragraphs_of("\n".join([*wrap(filler), "（二）依申请公开情况", *wrap(filler)])) == [
        filler, "（二）依申请公开情况", filler]


def test_a_line_of_a_dump_that_begins_with_an_enumeration_goes_on_the_paragraph():
    """…二是提升解读质量； / 三是规范依申请公开办理流程。下一步… (wider than an indented first line gets): the
    paragraph's own line, not a new paragraph's first."""
    filler = "为做好政务公开工作，促进管理制度公开透明运行，中心始终把政务公开工作列入重要议事日程。" * 3
    p = ("部分单位对政务公开工作重视程度不够，依申请公开答复的规范化水平仍需提升，政策解读形式较为单一，发布的"
         "及时性有待提高。一是健全工作机制；二是提升解读质量；三是规范依申请公开办理流程。下一步，将进一步强化责任落实，丰富解读形式。")
    lines = wrap(p)
    assert any(ln.startswith("三是") for ln in lines[1:]), lines
    assert paragraphs_of("\n".join([*wrap(filler), *lines, *wrap(filler)])) == [filler, p, filler]


def test_a_dump_of_short_paragraphs_is_still_unwrapped():
    """Paragraphs of a line and a bit, and a few of two and a bit: under a quarter of the lines reach the right
    edge, but most are that wide or a first line's width (two characters in), which only hard-wrapped text
    has: the dump is unwrapped, not read a paragraph a line."""
    words = "政务公开工作稳步推进信息发布解读回应持续加强"
    def paragraph(n: int, chars: int) -> str:
        return (words * 4)[n : n + chars - 1] + "。"
    paragraphs = [paragraph(n, 24 + 26 + 10) if n % 2 else paragraph(n, 24 + 12) for n in range(12)]
    lines = [line for p in paragraphs for line in wrap(p)]
    assert sum(display_width(ln) == WIDTH for ln in lines) < len(lines) / 4
    assert paragraphs_of("\n".join(lines) + "\n") == paragraphs


def test_a_line_left_short_by_a_number_that_would_not_fit_goes_on_its_paragraph():
    """…不断提高政务公开工作质量。 (a character short of the edge) / 2020年，… : the number is not broken, and two
    half-width digits more would not fit, so the line is as full as it gets, not a paragraph's last."""
    filler = "为做好政务公开工作，促进管理制度公开透明运行，中心始终把政务公开工作列入重要议事日程。" * 3
    first = "下一步，将进一步强化责任落实，丰富解读形式，加强"  # 24: a first line, two characters in
    second = "业务培训，不断提高政务公开工作质量，持续推进公开。"  # 25: one short of the edge
    rest = ["2020年，中心政府信息公开工作取得了一定成效，但仍存在", "一些不足。"]
    assert display_width(first) == WIDTH - 2 and display_width(second) == WIDTH - 1
    assert display_width(second) + display_width("2020") > WIDTH
    text = "\n".join([*wrap(filler), first, second, *rest, *wrap(filler)]) + "\n"
    assert paragraphs_of(text) == [filler, first + second + "".join(rest), filler]


def test_an_enumeration_run_on_to_a_short_last_line_stays_in_its_paragraph():
    """…一是健全工作机制； (at the edge) / 二是提升解读质量；三是规范办理流程。 (short): the paragraph's last line, not
    an item of its own (that would need the item before it to have filled its last line exactly)."""
    filler = "为做好政务公开工作，促进管理制度公开透明运行，中心始终把政务公开工作列入重要议事日程。" * 3
    lines = ["部分单位对政务公开工作重视程度不够，依申请公开答", "复的规范化水平仍需提升，形式单一。一是健全工作机制；",
             "二是提升解读质量；三是规范办理流程。"]
    assert [display_width(ln) for ln in lines][:2] == [WIDTH - 2, WIDTH]
    text = "\n".join([*wrap(filler), *lines, *wrap(filler)]) + "\n"
    assert paragraphs_of(text) == [filler, "".join(lines), filler]


def test_paragraphs_set_apart_by_space_go_on_past_a_line_broken_short():
    """A Word file's paragraphs, no first-line indent, a space after each (LibreOffice's PDF of a .docx): a
    line that ended short because what followed would not fit (…门户网站公 / 开。2021年，…) goes on to the next,
    which stands a line's distance below, not a paragraph's."""
    from reportparse.model import Line

    pitch, gap, left, right = 14.7, 24.7, 90.0, 519.0

    def line(text: str, top: float, x1: float = right) -> Line:
        return Line(text=text, page=1, x0=left, x1=x1, top=top, bottom=top + 11, size=11.0)

    texts = [("全年主动公开政府信息条，其中政策文件件，政策解读篇。全年共收到申请件", right),
             ("上年结转件，均在法定期限内予以答复。", 300.0)] * 4
    lines, top = [], 100.0
    for k in range(4):  # four paragraphs of two lines, the space after each
        for text, x1 in texts[2 * k: 2 * k + 2]:
            lines.append(line(text, top, x1))
            top += pitch
        top += gap - pitch
    lines += [line("本年度政务公开工作要点落实情况已在门户网站公", top, 486.1),
              line("开。2021年，本机关未收取政府信息公开信息处理费。", top + pitch, 400.0)]
    paragraphs = [p.text for p in unwrap(lines, Geometry(lines, geometric=True))]
    assert paragraphs[-1] == "本年度政务公开工作要点落实情况已在门户网站公开。2021年，本机关未收取政府信息公开信息处理费。"
    assert len(paragraphs) == 5


def test_a_dumps_bare_number_is_a_page_number_only_where_the_pages_number_themselves_so():
    """``pdftotext`` (and pdfminer) put each table cell on a line of its own: a table's last row carried over
    to the next page starts that page with a bare number.  Alone it is a cell (the review table's 4 was
    dropped as page 4's number, shifting every cell after it); bare numbers at the same end of two or more
    pages, each its page's number less one offset, are page numbers."""
    cells = "\n\n".join(["4", "1", "0", "2", "7"])
    carried = "六、其他需要报告的事项\n\n行政复议\n\n总计\n\f" + cells + "\n\n五、存在的主要问题\n"
    assert [ln.text for ln in text_to_lines("正文第一页\n\f正文第二页\n\f" + carried)][5:10] == ["4", "1", "0", "2", "7"]
    body = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、行政复议和行政诉讼情况"]
    numbered = "\f".join(f"{text}\n\n{p}\n" for p, text in enumerate(body, 1))
    assert [ln.text for ln in text_to_lines(numbered)] == body
    # a cover page not numbered: pages 2, 3, 4 print 1, 2, 3 at their tops
    covered = "封面\n\f" + "\f".join(f"{p}\n{text}\n" for p, text in enumerate(body[1:], 1))
    assert [ln.text for ln in text_to_lines(covered)] == ["封面", *body[1:]]


def test_a_dump_of_single_cells_keeps_each_rows_total_before_blank_lines():
    """docx2txt and the like put each cell of a Word table on a line of its own, a merged cell's empty
    continuations as blank lines: every row's total then stands last before a run of blank lines, as a page
    number would.  A bare number there is no running footer (it dropped every row's total), and the few that
    happen to equal their "page's" number are not page numbers either."""
    rows = [("（一）予以公开", [18, 4, 4, 3, 4, 2, 35]), ("（二）部分公开", [10, 5, 3, 4, 4, 4, 30]),
            ("1.属于国家秘密", [4, 1, 1, 1, 1, 1, 9]), ("2.其他法律行政法规禁止公开", [5, 1, 1, 1, 1, 1, 10]),
            ("3.危及“三安全一稳定”", [3, 1, 1, 1, 1, 1, 8]), ("4.保护第三方合法权益", [5, 1, 1, 1, 1, 1, 10])]
    text = "".join(label + "\n\n" + "\n\n".join(map(str, values)) + "\n\n\n\n" for label, values in rows)
    kept = [ln.text for ln in text_to_lines(text)]
    assert kept == [t for label, values in rows for t in (label, *map(str, values))]


def test_bare_page_numbers_are_counted_by_the_dumps_own_pages():
    """pdftotext -layout ends each page with a form feed and may leave blank lines under a running header, which
    begin a page of ours too: the bare page numbers are then numbered by the dump's own pages (1 on its first,
    2 on its second...), not by ours (2, 4, 6...), and still dropped."""
    body = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、行政复议和行政诉讼情况"]
    text = "\f".join(f"某某县人民政府\n\n\n\n{b}\n第{p}段正文。\n\n{p}\n" for p, b in enumerate(body, 1))
    kept = [ln.text for ln in text_to_lines(text)]
    assert kept == ["某某县人民政府"] + [t for p, b in enumerate(body, 1) for t in (b, f"第{p}段正文。")]
