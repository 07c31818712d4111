"""Paragraphs -> title, preamble, the six sections and their subsections."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import regex

from reportparse.document import Document, Meta
from reportparse.errors import NotAReportError
from reportparse.model import Issue, Paragraph, Section, Subsection
from reportparse.normalize import looks_like_title, open_brackets

KEYS = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other")
NUMERALS = "一二三四五六七八九十"
# what each section's heading says, in any of the variants real reports print
_KEYWORDS = {
    "overview": regex.compile(r"总体情况|总体概述|概述|概况|基本情况|总\s*体"),
    "active_disclosure": regex.compile(r"主动公开"),
    "applications": regex.compile(r"收到和处理|依申请|公开申请"),
    "review_litigation": regex.compile(r"复议|诉讼"),
    "problems": regex.compile(r"问题|改进"),
    "other": regex.compile(r"其他需要报告|其他事项|其他"),
}
_HEAD_NUMBER = regex.compile(r"^\s*([一二三四五六七八九十]{1,2})\s*[、.．]\s*")
_SUB_NUMBER = regex.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,2})\s*[）)]\s*")
_TOC_ENTRY = regex.compile(r"(?:…|\.{3,}|·{3,}|-{4,}).*\d*\s*$|\s\d{1,3}$")  # 一、总体情况……1 (a contents page)
_DIGITS_RUN = regex.compile(r"(?:\s\d+){2,}\s*$")
_LOOSE_NUMBER = regex.compile(r"^\s*([一二三四五六])\s*[，,]?\s*")
# each section's heading in full, as the formats print it and in the variants reports print (field notes): what a
# heading whose 、 was lost must read as
_NAMES = (
    regex.compile(r"总体情况|总体概述|基本情况|概述|概况"),
    regex.compile(r"主动公开政府信息(?:的)?情况"),
    regex.compile(r"收到和处理政府信息公开申请(?:的)?情况"),
    regex.compile(r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、和及]?(?:提起)?行政诉讼(?:的)?情况"),
    regex.compile(r"(?:政府信息公开工作)?存在的?主要问题(?:及|和)改进(?:情况|措施)"),
    regex.compile(r"其他需要?报告的事项"),
)
# the same heading run into the text after it (a crawler's one-line article): its number and its name in full
_LOOSE_RUN = r"[一二三四五六]\s*[，,]?\s*(?:" + "|".join(p.pattern for p in _NAMES) + ")"
# a section heading run into the text after it: 一、总体情况 … up to 情况 / 事项
_RUN_HEAD = regex.compile(r"[一二三四五六]\s*[、.．]\s*[^。，；：:\d]{2,32}?(?:情况|事项)|" + _LOOSE_RUN)


def numeral(text: str) -> int:
    """一 -> 1, 十二 -> 12."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + NUMERALS.index(text[1]) + 1
    if len(text) == 2 and text[1] == "十":
        return (NUMERALS.index(text[0]) + 1) * 10
    if len(text) == 3:
        return (NUMERALS.index(text[0]) + 1) * 10 + NUMERALS.index(text[2]) + 1
    return NUMERALS.index(text[0]) + 1


_HEADING_STOP = regex.compile(r"(?:情况|事项)。$")


def section_heading(text: str) -> int | None:
    """The section number (1..6) a heading line names, or None if it is not a section heading.

    A heading is short, starts with 一、…六、 and names its section; a table row
    label such as ``四、结转下年度继续办理`` (followed by numbers, or naming no section) is not one.
    """
    m = _HEAD_NUMBER.match(text)
    loose = m is None  # 五 存在的…, 五，存在的…: the 、 lost or mistyped; taken where the rest is its own name
    m = m or _LOOSE_NUMBER.match(text)
    if not m or len(text) > 45 or _DIGITS_RUN.search(text) or _TOC_ENTRY.search(text):
        return None
    number = numeral(m.group(1))
    rest = text[m.end():]
    if loose:
        return number if _NAMES[number - 1].fullmatch("".join(rest.split())) else None
    if _HEADING_STOP.search(rest):
        rest = rest[:-1]  # 一、总体情况。 (a heading run into its paragraph keeps its stop)
    if rest[-1:] in "。；;，," or rest[-1:].isdigit() or "结转" in rest or "本年新收" in rest or "上年结转" in rest:
        return None
    if open_brackets(rest) < 0:
        return None  # closes a bracket it never opened: a label's end beside a table's 三、 (三、 计其他情形）)
    named = [i for i, key in enumerate(KEYS, 1) if _KEYWORDS[key].search(rest)]
    if number in named:
        return number
    # a heading that names two sections (五、因政府信息公开申请行政复议… names 申请 and 复议): the one its number is
    # nearest to, the later on a tie (a free-form report numbers its sections past the standard six)
    return min(named, key=lambda i: (abs(i - number), -i)) if named else None


def section_heads(texts: list[str]) -> list[tuple[int, int]]:
    """(index, section number) of each section heading among ``texts``, numbers ascending."""
    heads: list[tuple[int, int]] = []
    last = 0
    for i, text in enumerate(texts):
        number = section_heading(text)
        if number and number > last:
            heads.append((i, number))
            last = number
    return heads


def section_heading_runs(line: str) -> list[tuple[int, int]]:
    """(start, end) of each section heading run into ``line``, numbers ascending."""
    spans, last = [], 0
    for m in _RUN_HEAD.finditer(line):
        number = section_heading(m.group(0))
        if number and number > last:
            spans.append((m.start(), m.end()))
            last = number
    return spans


def split_run_in_headings(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph that opens with a section heading and goes on (``一、总体情况2023年，…``, one <p> on a web
    page): the heading and the rest as two paragraphs."""
    out = []
    for p in paragraphs:
        m = _RUN_HEAD.match(p.text)
        rest = p.text[m.end():] if m else ""
        if m and rest.strip() and section_heading(m.group(0)):
            punct = regex.match(r"^[。：:]", rest)
            head = p.text[:m.end() + (1 if punct else 0)]
            out += [Paragraph(text=head, page=p.page), Paragraph(text=rest[1 if punct else 0:].strip(), page=p.page)]
        else:
            out.append(p)
    return out


def split_heading_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph whose first printed line is a whole section heading, joined to the lines after it (a heading
    that runs to the right margin reads as the first line of a paragraph): the heading and the rest apart."""
    out = []
    for p in paragraphs:
        first = p.lines[0] if len(p.lines) > 1 else None
        if first is None or not p.text.startswith(first.text) or not _RUN_HEAD.fullmatch(first.text) \
                or not section_heading(first.text):
            out.append(p)
            continue
        rest = p.lines[1:]
        out += [Paragraph(text=first.text, page=first.page, lines=(first,)),
                Paragraph(text=p.text[len(first.text):], page=rest[0].page, lines=rest, head=rest[0].head)]
    return out


def split_sections(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[tuple[int, Paragraph, list[Paragraph]]], list[Issue]]:
    """Preamble paragraphs, and (number, heading, body) for each section found, in order."""
    texts = [p.text for p in paragraphs]
    heads = section_heads(texts)
    issues = []
    cut = next_report(texts, heads)
    if cut is not None:  # a file of several reports (汇编): the first is read, the others named
        issues.append(_several_reports(texts[cut:], paragraphs[cut].page))
        paragraphs = paragraphs[:cut]
    found = {n for _, n in heads}
    for n in range(1, 7):
        if n not in found and heads:
            issues.append(Issue("section_missing", f"section {NUMERALS[n - 1]}、({KEYS[n - 1]}) heading not found"))
    if not heads:
        return paragraphs, [], issues
    preamble = paragraphs[:heads[0][0]]
    out = []
    if heads[0][1] > 1:  # 一、 lost (a badly extracted report): section 一 still opens at its （一）
        start = next((i for i, p in enumerate(preamble) if _SUB_NUMBER.match(p.text) and numeral(
            _SUB_NUMBER.match(p.text).group(1)) == 1), None)
        if start is not None:
            preamble, start = _overview_lead(preamble, start)
            opening = preamble[start]
            out.append((1, Paragraph(text="", page=opening.page), preamble[start:]))
            preamble = preamble[:start]
            issues = [i for i in issues if "overview" not in i.message]
            issues.append(Issue("section_heading_inferred", "no 一、 heading: section overview taken to open at "
                                                           f"{opening.text[:12]}…, before its first "
                                                           "subsection and after the preamble",
                                opening.page))
    for j, (i, number) in enumerate(heads):
        end = heads[j + 1][0] if j + 1 < len(heads) else len(paragraphs)
        out.append((number, paragraphs[i], paragraphs[i + 1:end]))
    return preamble, *_opened_by_subsection(out, issues)


# what the first subsection of 五 and of 六 says: the section is still found by it where its heading was lost
_FIRST_SUBSECTION = {
    5: regex.compile(r"问题|不足|改进|短板|差距|薄弱"),
    6: regex.compile(r"信息处理费|收费|收取|工作要点|建议|提案|其他|创新|特色|亮点"),
}


def _opened_by_subsection(found: list[tuple[int, Paragraph, list[Paragraph]]], issues: list[Issue]):
    """Sections 五 and 六 whose headings were lost (a badly extracted report), found by their first subsection
    in the section before: a （一） that says what that section's first subsection says, where the section it
    stands in has no （一） of its own before it (a table's section: 二、三、四), or had its subsections already
    (numbering that starts again); without subsections, in the section just before, by its opening paragraph
    (``_first_paragraph``).  Each is split off, with a ``section_heading_inferred`` issue in place of its
    ``section_missing``.  Returns the sections and the issues (a new list; ``issues`` is not changed)."""
    numbers = {n for n, _, _ in found}
    out: list[tuple[int, Paragraph, list[Paragraph]]] = []
    for k, (number, head, body) in enumerate(found):
        following = found[k + 1][0] if k + 1 < len(found) else 7
        pieces = [(number, head, body)]
        for lost in (n for n in (5, 6) if number < n < following and n not in numbers):
            owner, owner_head, rest = pieces[-1]
            at = _first_subsection(rest, lost, restart=owner != 1)
            if at is None and owner == lost - 1:
                at = _first_paragraph(rest, lost)
            if at is None:
                continue
            pieces[-1] = (owner, owner_head, rest[:at])
            opening = rest[at]
            pieces.append((lost, Paragraph(text="", page=opening.page), rest[at:]))
            numbers.add(lost)
            issues = [i for i in issues if not (i.code == "section_missing" and f"({KEYS[lost - 1]})" in i.message)]
            issues.append(Issue("section_heading_inferred", f"no {NUMERALS[lost - 1]}、 heading: section {KEYS[lost - 1]} "
                                                           f"taken to open at {opening.text[:12]}…, its first subsection",
                                opening.page))
        out += pieces
    return out, issues


# 六's opening paragraph where it has no subsections: the information fees and the 工作要点 done that the 2021
# format asks it to report, or that there is nothing to report
_OPENING_OTHER = regex.compile(r"信息处理费|收取.{0,12}费|工作要点.{0,4}(?:落实|完成|执行)情况|其他需要报告|^\s*无\s*[。.]?\s*$")
_REVIEW_WORDS = regex.compile(r"复议|诉讼")
_NOTE = ("注", "说明", "备注")
# what 五's opening paragraph says where it has no subsections: problems, and what is to be done about them
_OPENING_PROBLEMS = regex.compile(r"问题|不足|有待|改进|短板|差距|薄弱|仍需|不够|困难|下一步|一是|加强|提升|完善")


def _first_paragraph(body: list[Paragraph], number: int) -> int | None:
    """Index of the paragraph of ``body`` (the section just before, 四 or 五) that opens section ``number``
    where it has no subsections.  五's: the first paragraph in 四 (a table's section: what prose it has is a
    note under the table, or says how many reviews and suits there were) that is neither and speaks of
    problems or of what is to be done; 六's: a paragraph
    after 五's first on the information fees 六 reports, or saying there is nothing to report."""
    for i, p in enumerate(body):
        text = p.text.strip()
        if number == 5 and not text.startswith(_NOTE) and not _REVIEW_WORDS.search(text) \
                and _OPENING_PROBLEMS.search(text):
            return i
        if number == 6 and i > 0 and _OPENING_OTHER.search(text):
            return i
    return None


def _first_subsection(body: list[Paragraph], number: int, restart: bool) -> int | None:
    """Index of the paragraph of ``body`` that opens section ``number``'s first subsection: a （一） whose head
    says what that section's does (and not what 五's does, for 六), standing after subsections of the section
    it is in (``restart``: or anywhere, in a section that has none of its own)."""
    seen = False
    for i, p in enumerate(body):
        m = _SUB_NUMBER.match(p.text)
        if not m:
            continue
        head = subsection_head(p, 1) if numeral(m.group(1)) == 1 and (seen or restart) else None
        if head and _FIRST_SUBSECTION[number].search(head[1]) \
                and not (number == 6 and _FIRST_SUBSECTION[5].search(head[1])):
            return i
        seen = True
    return None


_DATE = regex.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")


def next_report(texts: list[str], heads: list[tuple[int, int]]) -> int | None:
    """Where another report starts after this one, in a file of several (a county's 汇编 of its departments'
    reports): the title before a section 一 that follows this report's last sections (五 or 六), where the
    headings start again; None where they do not.  The title is the first line between them that reads as a
    report's title (with the short line of the agency's name above it, where the title is two lines); a
    report without a title starts at its 一."""
    if not heads or heads[-1][1] < 5:
        return None
    last = heads[-1][0]
    again = next((i for i in range(last + 1, len(texts)) if section_heading(texts[i]) == 1), None)
    if again is None:
        return None
    # the first such line, or line and the next (a title wrapped: 成都市生态环境局2024年政府信息公开 / 工作年度报告):
    # a report's preamble, hard-wrapped, has lines that read as titles too (…印发〈…年度报告格式〉的通)
    title = next((i for i in range(last + 1, again) if looks_like_title(texts[i])
                  or i + 1 < again and not regex.search(r"[。；，,;:：]$", texts[i].strip())
                  and looks_like_title(texts[i].strip() + texts[i + 1].strip())), None)
    if title is None:
        return again
    above = texts[title - 1].strip() if title - 1 > last else ""
    if above and len(above) <= 25 and not _DATE.search(above) and not regex.search(r"[。；，:：]", above) \
            and not looks_like_title(above) and regex.search(r"(?:局|委|办|厅|院|府|中心|会|处|站|所|室|署|队)$", above):
        return title - 1
    return title


def first_report(doc: Document) -> Document:
    """The document up to where another report starts (``next_report`` over its lines), its later lines and
    tables left out and warned ``reports_several``: a file of several reports is read as its first, whole,
    never as the first with the others' text run into its section 六 and their tables' rows taken for its
    own.  The document as it is where it holds one report (or its headings are not lines of their own: a
    one-line crawler dump, which ``split_sections`` cuts by paragraphs)."""
    texts = [ln.text for ln in doc.lines]
    cut = next_report(texts, section_heads(texts))
    if cut is None:
        return doc
    at = (doc.lines[cut].page, doc.lines[cut].top)
    return dataclasses.replace(doc, lines=doc.lines[:cut], grids=[g for g in doc.grids if (g.page, g.bbox[1]) < at],
                               breaks={b for b in doc.breaks if b <= cut},
                               issues=[*doc.issues, _several_reports(texts[cut:], doc.lines[cut].page)])


def _several_reports(texts: list[str], page: int | None) -> Issue:
    """The ``reports_several`` warning of the text left out (``texts``, from where the next report starts, on
    ``page``)."""
    more = 1 + sum(1 for i in range(1, len(texts)) if section_heading(texts[i]) == 1 and any(
        section_heading(t) in (5, 6) for t in texts[:i]))
    first = "".join(texts[:2]) if section_heading(texts[0]) != 1 and not looks_like_title(texts[0]) else texts[0]
    others = f"{more} more reports" if more > 1 else "another report"
    return Issue("reports_several", f"the file holds {others} after this one, from {first[:40]!r}: only the first "
                                    "is read (split the file to read each); their text is left out of this report's "
                                    "sections", page)


# what a preamble says: the report's basis, its statistics period, whom to ask (本报告…, 统计期限…, 如对…有疑问)
_SENTENCES = regex.compile(r"(?=.{10})(?:[^。！？]+[。！？])+")  # prose: whole sentences, not a mere name or date
_PREAMBLE_WORDS = regex.compile(r"报告|统计期限|统计时限|统计期间|疑问|联系")


def _overview_lead(preamble: list[Paragraph], start: int) -> tuple[list[Paragraph], int]:
    """Where section 一 opens when its heading is lost: at its （一）, or earlier, at the paragraphs before it that
    follow the last one saying what a preamble says (the overview's lead, 2023年，某局坚持…).  Where that
    paragraph is the one right before the （一）, the lead may be run into it (a crawler's one-line article
    keeps no paragraph breaks): it is cut after its last sentence saying what a preamble says.  Where no
    paragraph reads as a preamble, the paragraphs of whole sentences right before the （一） are the lead (a
    line under the title, an agency's name or a date, is not).

    Returns the preamble's paragraphs (one of them perhaps cut in two) and the index section 一 opens at."""
    said = [i for i in range(start) if _PREAMBLE_WORDS.search(preamble[i].text)]
    if not said:  # no preamble: the sentences right before the （一） are the overview's lead (not a date or a name)
        while start and _SENTENCES.fullmatch(preamble[start - 1].text.strip()):
            start -= 1
        return preamble, start
    last = said[-1]
    if last == start - 1:
        p = preamble[last]
        sentences = [m.end() for m in regex.finditer(r"[^。！？]*[。！？]", p.text)]
        ends = [e for e, b in zip(sentences, [0, *sentences]) if _PREAMBLE_WORDS.search(p.text[b:e])]
        if ends and len(p.text[ends[-1]:].strip()) >= 10:
            cut = ends[-1]
            parts = [Paragraph(text=p.text[:cut], page=p.page), Paragraph(text=p.text[cut:].strip(), page=p.page)]
            return preamble[:last] + parts + preamble[last + 1:], last + 1
    return preamble, last + 1


def build_section(number: int, heading: Paragraph, body: list[Paragraph]) -> Section:
    """Group a section's paragraphs under their （一）（二）… subsection headings."""
    texts = [p.text for p in body]
    lead: list[str] = []
    subsections: list[Subsection] = []
    current: dict | None = None
    expected = 1
    for p in body:
        head = subsection_head(p, expected)
        if head is not None:
            sub_number, head_text, rest = head
            if current:
                subsections.append(Subsection(**current))
            current = {"number": sub_number, "heading": head_text, "heading_inline": bool(rest),
                       "paragraphs": [rest] if rest else [], "page": p.page}
            expected = sub_number + 1
        elif current is not None:
            current["paragraphs"].append(p.text)
        else:
            lead.append(p.text)
    if current:
        subsections.append(Subsection(**current))
    subsections = [Subsection(s.number, s.heading, s.heading_inline, tuple(s.paragraphs), s.page) for s in subsections]
    return Section(number=number, heading=heading.text, key=KEYS[number - 1], paragraphs=tuple(texts),
                   lead=tuple(lead), subsections=tuple(subsections), page=heading.page)


def subsection_head(p: Paragraph, expected: int) -> tuple[int, str, str] | None:
    """(number, heading, the rest of the paragraph) if ``p`` opens subsection （N）."""
    m = _SUB_NUMBER.match(p.text)
    if not m:
        return None
    number = numeral(m.group(1))
    if number != expected and not (number > expected and number - expected <= 2):
        return None
    text = p.text
    font_head = p.head if p.head and _SUB_NUMBER.match(p.head) and text.startswith(p.head) else ""
    if len(font_head) > m.end() + 1 and len(font_head) < len(text):  # the head as set in its own font
        return number, font_head, text[len(font_head):]
    stop = regex.search(r"[。：:]", text)
    if stop and stop.end() <= 40:
        head, rest = text[:stop.end()], text[stop.end():]
        return number, head, rest
    if len(text) <= 30 and not regex.search(r"[，,；;]", text):
        return number, text, ""
    return None


BODY_MIN = 200  # characters: the shortest free-form report has more; a page around an attachment has less
DOCUMENT_FILE = r"\.(?:pdf|docx?|wps|ofd|rtf|odt|xlsx?|zip|rar)"  # a file a report is published as (or packed in)
_FILE_NAME = regex.compile(r"[^\s：:，,；;、“”\"'<>|/\\（）()]{1,80}?" + DOCUMENT_FILE + r"\b", regex.I)


def _title_only(body: str, meta: Meta) -> str:
    n = len("".join(body.split()))
    text = f"the report's title stands here but not its text (no section heading, no table, {n} characters after it)"
    names = list(dict.fromkeys([*meta.attachments, *_FILE_NAME.findall(body)]))
    reports = [name for name in names if regex.search(r"年报|报告", name)]
    if names:
        return f"{text}: the report is the file it links to or embeds, {'、'.join((reports or names)[:3])}; parse that file"
    if meta.images:
        return (f"{text}: the page shows {meta.images} picture(s), the report printed as images; parse its PDF, "
                "or the pictures saved as one PDF (read by OCR)")
    return text


_OTHER_DOCUMENTS = regex.compile(r"决算|预算|工作总结|工作计划|工作要点|述职|审计|统计公报|实施方案|通知|意见|办法|规定")


def require_report(path, title: str, found: list, tables: dict, body: Sequence[Paragraph] = (),
                   meta: Meta | None = None) -> None:
    """Refuse what is not a 政府信息公开工作年度报告.

    A document is one when its title says so (…政府信息公开工作年度报告, …年度政府信息公开工作报告), or when
    it carries at least three of the six standard headings and one standard table.  A 部门决算, a 预算
    or a work summary with an outline of its own is refused, naming what was found instead.

    A report's title over no report (no heading, no table, less than ``BODY_MIN`` characters in ``body``,
    the paragraphs after the title) is refused too: a web page that links the report as an attachment, or shows
    it as pictures of its pages; the error names the attached files (``meta.attachments``, or file names
    in the text) or the pictures (``meta.images``), so that a batch's row says what to parse instead.
    """
    if looks_like_title(title):
        text = "" if found or tables else "".join(p.text for p in body)
        if not found and not tables and len("".join(text.split())) < BODY_MIN:
            raise NotAReportError(_title_only(text, meta or Meta()), path)
        return
    numbers = sorted({n for n, _, _ in found})
    if len(numbers) >= 3 and tables or len(numbers) >= 5:  # five of the six headings say it without a table
        return
    what = f"the document opens with {title[:40]!r}" if title else "no title naming an annual report"
    other = _OTHER_DOCUMENTS.search(title or "")
    kind = f"; it reads as a {other.group(0)} document" if other else ""
    raise NotAReportError(f"{what}, {len(numbers)} of the six standard section headings and "
                          f"{len(tables)} of the three standard tables were found{kind}; "
                          "this is not a 政府信息公开工作年度报告", path)
