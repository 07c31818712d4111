"""One report, end to end: sniff -> lines and grids -> paragraphs -> sections, tables -> checks -> Report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportparse import checks as checks_mod
from reportparse import templates
from reportparse.errors import NotAReportError
from reportparse.inputs import Source, decode_text, open_pdf, require_text_layer, sniff
from reportparse.layout import (
    Geometry,
    chars_to_lines,
    dedupe_chars,
    remove_furniture,
    text_to_lines,
    unwrap,
)
from reportparse.model import Cell, Issue, Line, Paragraph, Report
from reportparse.normalize import looks_like_title, period_year, preamble_agency, region_of, title_agency_year
from reportparse.sections import build_section, section_heading, section_heads, split_sections
from reportparse.tables.assign import PrintedRow, assign
from reportparse.tables.grid import Grid, find_grids, outside
from reportparse.tables.text import table_rows

# lines above a title that are not part of it: a red-header 文件 line, a document number, a label
_NOT_TITLE = re.compile(r"文件$|[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号|[：:]")
_DATE_LINE = re.compile(r"^(?:(?:发布|印发|成文)?日期[：:]\s*)?[（(]?\s*(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
                        r"|[-/.]\d{1,2}[-/.]\d{1,2})\s*[）)]?$")


@dataclass
class _Doc:
    """What the format-specific readers hand to the shared stages."""

    lines: list[Line]
    geometric: bool
    pages: int | None
    breaks: set[int] = field(default_factory=set)  # indexes of lines a table separates from the line before
    grids: list[Grid] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def parse(path: str | Path) -> Report:
    """Parse one report (a text-layer PDF or a text dump) into a Report; bad input raises a ReportParseError."""
    source = sniff(path)
    doc = _read_pdf(source) if source.format == "pdf" else _read_text(source)
    return _build(source, doc)


# ------------------------------------------------------------------ readers
def _read_pdf(source: Source) -> _Doc:
    pdf = open_pdf(source)
    try:
        pages_lines, heights, grids, issues = [], [], [], []
        n_chars = n_images = n_cid = 0
        for number, page in enumerate(pdf.pages, 1):
            try:
                chars = dedupe_chars(page.chars)
            except Exception as e:  # noqa: BLE001 - a damaged page costs that page, not the report
                issues.append(Issue("page_unreadable", f"page could not be read ({type(e).__name__}: {e}); "
                                                       "its text and cells are missing", number))
                pages_lines.append([])
                heights.append(float(page.height or 842))
                continue
            cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
            n_chars += sum(1 for c in chars if c["text"].strip()) - cid
            n_cid += cid
            n_images += len(page.images)
            if cid > 0.2 * max(len(chars), 1):
                issues.append(Issue("cid_glyphs", f"{cid} characters without a Unicode mapping (cid:n); "
                                                  "this page's text is unreliable", number))
                chars = [c for c in chars if not c["text"].startswith("(cid:")]
            try:
                page_grids = find_grids(page, chars, number) if chars else []
            except Exception as e:  # noqa: BLE001 - a broken drawing loses the page's tables, not its text
                issues.append(Issue("grid_unreadable", f"the rules of this page could not be read "
                                                       f"({type(e).__name__}: {e}); its tables are missing", number))
                page_grids = []
            grids.extend(page_grids)
            page_lines = chars_to_lines(outside(chars, page_grids), number) + _headings_in(page_grids)
            pages_lines.append(sorted(page_lines, key=lambda ln: (ln.top, ln.x0)))
            heights.append(float(page.height))
            page.close()
        n_pages = len(pdf.pages)
        require_text_layer(source, n_chars, n_images, n_pages, n_cid)
    finally:
        pdf.close()
    pages_lines = remove_furniture(pages_lines, heights)
    lines = [ln for page in pages_lines for ln in page]
    return _Doc(lines=lines, geometric=True, pages=n_pages, grids=grids, issues=issues)


def _headings_in(grids: list[Grid]) -> list[Line]:
    """A section heading printed as a table's first row (三、收到和处理… across the top): a body line above it."""
    out = []
    for g in grids:
        for cell in g.cells:
            if cell.r0 == 0 and cell.c1 - cell.c0 >= g.n_cols - 1 and section_heading(cell.text):
                x0, top, x1, _ = cell.bbox
                out.append(Line(text=cell.text, page=g.page, x0=x0, x1=x1, top=top - 1.0, bottom=top - 0.5))
    return out


def _table_breaks(lines: list[Line], grids: list[Grid]) -> set[int]:
    """Lines with a table between them and the line before: no paragraph runs across a table."""
    breaks = set()
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        for g in grids:
            if prev.page == line.page == g.page and prev.bottom <= g.bbox[1] + 2 and line.top >= g.bbox[3] - 2 or prev.page != line.page and ((g.page == prev.page and g.bbox[1] >= prev.bottom - 2)
                                             or (g.page == line.page and g.bbox[3] <= line.top + 2)):
                breaks.add(i)
    return breaks


def _read_text(source: Source) -> _Doc:
    text = decode_text(source.data) or ""
    lines = text_to_lines(text)
    if sum(len(ln.text) for ln in lines) < 20:
        raise NotAReportError("the text file holds almost no text", source.path)
    return _Doc(lines=lines, geometric=False, pages=None)


# ------------------------------------------------------------------ shared stages
def _build(source: Source, doc: _Doc) -> Report:
    issues = list(doc.issues)
    lines = doc.lines
    template = _template(lines, "".join(g.text for g in doc.grids))  # every printed word, tables included
    if doc.geometric:
        template_tables = _classify_grids(doc.grids, template, lines)
        wanted = [n for n in _TEXT_KINDS.values() if n[0] not in template_tables]
        # a table printed without rules reads like a text dump's
        lines, breaks, found = _text_tables(lines, wanted, merge=True) if wanted else (lines, set(), {})
        template_tables.update(found)
        breaks |= _table_breaks(lines, doc.grids)
    else:
        lines, breaks, template_tables = _text_tables(lines, list(_TEXT_KINDS.values()))

    title_lines, published, rest_start = _title(lines, doc.geometric)
    if not title_lines:
        issues.append(Issue("title_missing", "no title line naming an annual report was found", 1))
    title = "".join(ln.text for ln in title_lines)
    body = lines[rest_start:]
    body_breaks = {i - rest_start for i in breaks if i >= rest_start}
    geo = Geometry(body, doc.geometric)
    paragraphs = _unwrap(body, body_breaks, geo)
    preamble, found, section_issues = split_sections(paragraphs)
    issues.extend(section_issues)
    if len(found) < 2 and not looks_like_title(title):
        raise NotAReportError("no report title and fewer than two of the six sections were found; "
                              "this does not read as a 政府信息公开工作年度报告", source.path)
    signed, dated = _sign_off(found)
    published = published or dated
    sections = tuple(build_section(n, head, body) for n, head, body in found)

    agency, year, region = _identity(title, preamble, paragraphs, issues)
    if template == "unknown":
        template = "2021" if (year or 0) >= 2021 else ("2019" if year in (2019, 2020) else "unknown")
        issues.append(Issue("template_guessed", f"no format marker printed; template {template} assumed from "
                                                f"the year", None))

    tables, table_issues = _assign_tables(template, template_tables)
    issues.extend(table_issues)
    checks = checks_mod.evaluate(tables)
    issues.extend(checks_mod.prose_warnings(tables, sections))

    extra = {k: v for k, v in (("published", published), ("signed", signed)) if v}
    return Report(source=source.to_dict(doc.pages), agency=agency, year=year, region=region,
                  template=template, title=title, preamble=tuple(p.text for p in preamble), sections=sections,
                  tables=tables, checks=tuple(checks), warnings=tuple(issues), extra=extra)


_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:政府|办公室|办公厅|局|委员会|委|中心|厅|院|署|处|所|会|公司|集团)$")


def _sign_off(found: list) -> tuple[str | None, str | None]:
    """The signature and date under the last section (某某局 / 2024年1月20日): not part of its text.

    Removes them from the last section's body in place; returns (signer, date).
    """
    if not found:
        return None, None
    body = found[-1][2]
    signed = dated = None
    if body and _DATE_LINE.match(body[-1].text.replace(" ", "")):
        dated = body.pop().text.strip("（）() ")
        if body and len(body) > 1 and _SIGNER.match(body[-1].text.replace(" ", "")):
            signed = body.pop().text
    return signed, dated


def _identity(title: str, preamble: list[Paragraph], paragraphs: list[Paragraph], issues: list[Issue]):
    """Agency, the year reported on, and region: from the title, then the statistics period and preamble."""
    agency, year = title_agency_year(title)
    stats_year = period_year("".join(p.text for p in preamble[:3]) + "".join(p.text for p in paragraphs[:12]))
    if year is None:
        year = stats_year
    if year is None:
        issues.append(Issue("year_unknown", "the year reported on is printed neither in the title nor as a "
                                            "statistics period", 1))
    elif stats_year is not None and stats_year != year:
        issues.append(Issue("year_mismatch", f"title says {year}, statistics period says {stats_year}", 1))
    if not agency:
        agency = preamble_agency("".join(p.text for p in preamble))
        if agency:
            issues.append(Issue("agency_from_text", f"the title names no agency; {agency} is the one the "
                                                    "preamble says compiled the report", 1))
        else:
            issues.append(Issue("agency_unknown", "the agency could not be read from the title or preamble", 1))
    region = region_of(agency or "", title, "".join(p.text for p in preamble))
    if not region["province"]:
        issues.append(Issue("region_unknown", "no province, city or county could be told from the agency "
                                              "name or the text", 1))
    return agency, year, region


def _title(lines: list[Line], geometric: bool) -> tuple[list[Line], str | None, int]:
    """The title lines at the top of the first page, a date line under them, and where the body starts."""
    head = [ln for ln in lines[:12] if ln.page == lines[0].page] if lines else []
    def titled(i: int) -> bool:  # the title ends on this line (it may have begun on the line before)
        text = head[i].text
        if re.search(r"[：:]", text) or section_heading(text) is not None:
            return False
        before = head[i - 1].text if i and not re.search(r"[：:。]", head[i - 1].text) else ""
        return looks_like_title(text) or looks_like_title(before + text)

    end = next((i for i in range(len(head)) if titled(i)), None)
    if end is None:
        return [], None, 0
    start = end  # the title's first line: walk up over the lines that read as part of it
    page = Geometry(lines, True) if geometric else None
    while start > 0:
        above = head[start - 1]
        if _NOT_TITLE.search(above.text):
            break
        if page and (above.size >= page.size + 0.5 or _centred(above, page)):
            start -= 1  # set larger than the body, or centred
        elif (len(above.text) <= 25 and not re.search(r"[：:。，]", above.text)
              and abs(above.size - head[end].size) < 0.5 and sum(len(x.text) for x in head[start - 1:end + 1]) <= 60):
            start -= 1  # a short line in the title's own size, with no label such as 索引号：
        else:
            break
    title_lines = head[start:end + 1]
    rest = end + 1
    published = None
    if rest < len(lines) and _DATE_LINE.match(lines[rest].text.replace(" ", "")):
        published = lines[rest].text.strip("（）() ")
        rest += 1
    return title_lines, published, rest


def _centred(line: Line, geo: Geometry) -> bool:
    return line.x0 > geo.left + 2 * geo.size and abs((line.x0 - geo.left) - (geo.right - line.x1)) < 3 * geo.size


def _unwrap(lines: list[Line], breaks: set[int], geo: Geometry) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    start = 0
    for i in sorted(breaks) + [len(lines)]:
        if i > start:
            paragraphs.extend(unwrap(lines[start:i], geo))
        start = i
    return paragraphs


# ------------------------------------------------------------------ tables
_TEXT_KINDS = {2: ("active_disclosure", "rows"), 3: ("applications", "matrix"), 4: ("review_litigation", "single_row")}


def _template(lines: list[Line], table_text: str) -> str:
    """The format the printed words say: 2021, 2019 or unknown."""
    full_text = "".join(ln.text for ln in lines) + table_text
    return templates.detect("".join(full_text.split()))[0]


def _text_tables(lines: list[Line], wanted: list[tuple[str, str]], merge: bool = False):
    """Pull flattened tables out of the lines of sections 二、三、四: their rows, and the lines left for the text.

    ``merge``: PDF lines, where the cells of one printed row may stand as separate runs on one baseline.
    """
    heads = section_heads([ln.text for ln in lines])
    drop: set[int] = set()
    found: dict[str, list[PrintedRow]] = {}
    for j, (i, n) in enumerate(heads):
        if n not in _TEXT_KINDS or _TEXT_KINDS[n] not in wanted:
            continue
        end = heads[j + 1][0] if j + 1 < len(heads) else len(lines)
        name, kind = _TEXT_KINDS[n]
        first = i + 1
        if first < end and len(lines[i].text) >= 20 and len(lines[first].text) <= 4 and not lines[first].text[:1].isdigit():
            first += 1  # the heading's last characters, wrapped onto a line of their own
        groups = _baselines(lines, first, end) if merge else [[k] for k in range(first, end)]
        merged = [_merge([lines[k] for k in g]) for g in groups]
        rows, used = table_rows(merged, kind)
        if rows:
            found[name] = rows
            for k in used:
                drop |= set(groups[k])
    kept, breaks = [], set()
    for i, ln in enumerate(lines):
        if i in drop:
            if kept:
                breaks.add(len(kept))
            continue
        kept.append(ln)
    return kept, breaks, found


def _baselines(lines: list[Line], start: int, end: int) -> list[list[int]]:
    """Indexes of lines[start:end], grouped by the printed row (same page, same baseline) they stand on."""
    groups: list[list[int]] = []
    for k in range(start, end):
        ln = lines[k]
        if groups:
            last = lines[groups[-1][-1]]
            if last.page == ln.page and abs(last.top - ln.top) < 0.4 * max(ln.size, 1):
                groups[-1].append(k)
                continue
        groups.append([k])
    return groups


def _merge(group: list[Line]) -> Line:
    if len(group) == 1:
        return group[0]
    group = sorted(group, key=lambda ln: ln.x0)
    first = group[0]
    return Line(text="".join(ln.text for ln in group), page=first.page, x0=first.x0, x1=group[-1].x1,
                top=min(ln.top for ln in group), bottom=max(ln.bottom for ln in group), size=first.size,
                raw=" ".join(ln.raw or ln.text for ln in group))


def _classify_grids(grids: list[Grid], template: str, lines: list[Line]) -> dict[str, list[PrintedRow]]:
    """Which standard table each grid belongs to.

    The section a grid stands in decides (二 -> active_disclosure, 三 -> applications, 四 ->
    review_litigation); where no heading was found, its header words do, and a grid without them
    continues the table before.  A grid under 一、五 or 六 is some other table of the report's own.
    """
    spec = templates.load(template if template in templates.NAMES else "2021")["tables"]
    heads = [(lines[i].page, lines[i].top, n) for i, n in section_heads([ln.text for ln in lines])]
    out: dict[str, list[PrintedRow]] = {}
    current = None
    for g in grids:
        above = [n for page, top, n in heads if (page, top) < (g.page, g.bbox[1])]
        section = above[-1] if above else None
        text = "".join(g.text.split())
        scores = {name: sum(w in text for w in t["header_words"]) for name, t in spec.items()}
        name = max(scores, key=scores.get)
        by_words = scores[name] >= 2  # a heading printed inside the table, or missing, must not mislead
        if section in _TEXT_KINDS and not (by_words and scores[_TEXT_KINDS[section][0]] == 0):
            name = _TEXT_KINDS[section][0]
        elif section is not None and heads and not by_words and section not in _TEXT_KINDS:
            continue
        elif scores[name] == 0:
            if current is None:
                continue
            name = current
        current = name
        for row in g.rows():
            out.setdefault(name, []).append(PrintedRow(tuple((c.text, c.bbox) for c in row), g.page))
    return out


def _assign_tables(template: str, printed: dict[str, list[PrintedRow]]) -> tuple[dict, list[Issue]]:
    issues: list[Issue] = []
    if template not in templates.NAMES:
        return {}, issues
    tables: dict[str, dict[str, dict[str, Cell] | None]] = {}
    for name, spec in templates.load(template)["tables"].items():
        rows = printed.get(name)
        if not rows:
            issues.append(Issue("table_missing", f"table {name} was not found", None))
            continue
        values, table_issues = assign(spec, rows)
        issues.extend(table_issues)
        missing = [k for k, v in values.items() if v is None and k not in spec.get("alternatives", {})
                   and not any(k in alts for alts in spec.get("alternatives", {}).values())]
        if missing:
            issues.append(Issue("rows_missing", f"{name}: rows not found: {', '.join(missing)}",
                                rows[0].page))
        if values:
            tables[name] = values
    return tables, issues


__all__ = ["parse"]
