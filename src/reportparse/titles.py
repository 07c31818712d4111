"""The report's front and back matter: its title, the date under it, the signature under 六;
and what they name: the agency, the year reported on, the region.

The title is looked for at the top of the body (over the lines a red header, a document number or
a 索引号 label put above it); a web page's or crawler's article title stands in where the body
prints none.
"""

from __future__ import annotations

import re

from reportparse.layout import DATE_LINE, Geometry
from reportparse.model import Issue, Line, Paragraph
from reportparse.normalize import (county_namesakes, looks_like_title, opening_agency, opening_year, period_year,
                                   preamble_agency, region_of, title_agency_year, unresolved_county)
from reportparse.sections import section_heading

# lines above a title that are not part of it: a red-header 文件 line, a document number, a label
_NEAR, _FAR = 12, 40  # lines a title is looked for in; how far down one naming its agency and year may stand
_NOT_TITLE = re.compile(r"文件$|[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号|[：:]")


def find_title(lines: list[Line], geometric: bool) -> tuple[list[Line], str | None, int]:
    """The title lines at the top of the first page, a date line under them, and where the body starts."""
    # the first 12 lines; further down (a web page saved as a Word file keeps its menus and 索引号 table above
    # the article) only a title naming both the agency and the year
    head = [ln for ln in lines[:_FAR] if ln.page == lines[0].page] if lines else []
    def titled(i: int) -> str | None:  # the title, if it ends on this line (it may have begun on the line before)
        text = head[i].text
        if re.search(r"[：:]", text) or section_heading(text) is not None:
            return None
        before = head[i - 1].text if i and not re.search(r"[：:。]", head[i - 1].text) else ""
        return text if looks_like_title(text) else before + text if looks_like_title(before + text) else None

    candidates = [(i, t) for i in range(len(head)) if (t := titled(i)) and (i < _NEAR or all(title_agency_year(t)))]
    if not any(all(title_agency_year(t)) for _, t in candidates) and len(head) < min(len(lines), _FAR):
        # no title naming agency and year on the first page: the page may be a breadcrumb's or a cover's (a page's
        # text saved with blank lines between its blocks pages at each): the lines after it are looked at too
        head = lines[:_FAR]
        candidates = [(i, t) for i in range(len(head)) if (t := titled(i)) and (i < _NEAR or all(title_agency_year(t)))]
    if not candidates:
        return [], None, 0
    end = floor = candidates[0][0]
    if title_agency_year(candidates[0][1]) == (None, None):
        # naming neither agency nor year, it may be a category (分类：政府信息公开年报, its label on another line):
        # a title below naming both is the report's, and begins below it
        end = next((i for i, t in candidates[1:] if all(title_agency_year(t))), end)
    floor = floor + 1 if end != floor else 0
    if end >= _NEAR:
        floor = end  # what stands above a title that far down is the page's (menus, labels, a date), not the title's
    start = end  # the title's first line: walk up over the lines that read as part of it
    page = Geometry(lines, True) if geometric else None
    while start > floor:
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
    if rest < len(lines) and DATE_LINE.match(lines[rest].text.replace(" ", "")):
        published = lines[rest].text.strip("（）() ")
        rest += 1
    return title_lines, published, rest


def _centred(line: Line, geo: Geometry) -> bool:
    return line.x0 > geo.left + 2 * geo.size and abs((line.x0 - geo.left) - (geo.right - line.x1)) < 3 * geo.size


_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:政府|办公室|办公厅|局|委员会|委|中心|厅|院|署|处|所|会|公司|集团)$")


def sign_off(found: list) -> tuple[str | None, str | None]:
    """The signature and date under the last section (某某局 / 2024年1月20日): not part of its text.

    Removes them from the last section's body in place; returns (signer, date).
    """
    if not found:
        return None, None
    body = found[-1][2]
    signed = dated = None
    if body and DATE_LINE.match(body[-1].text.replace(" ", "")):
        dated = body.pop().text.strip("（）() ")
        if body and len(body) > 1 and _SIGNER.match(body[-1].text.replace(" ", "")):
            signed = body.pop().text
    return signed, dated


def _signer(paragraphs: list[Paragraph]) -> str | None:
    """The agency signed under the last section: the paragraph over the closing date, or the date's own
    paragraph (某某局 2024年1月20日 run together)."""
    tail = [p.text.replace(" ", "").replace("\u3000", "") for p in paragraphs[-3:]]
    for i in range(len(tail) - 1, -1, -1):
        m = _SIGNED_DATE.match(tail[i])
        if m and m.group(1) and _SIGNER.match(m.group(1)):
            return m.group(1)
        if m and i > 0 and _SIGNER.match(tail[i - 1]):
            return tail[i - 1]
    return None


_SIGNED_DATE = re.compile(r"^([\u4e00-\u9fff（）()]*?)[（(]?(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[）)]?$")


def identity(title: str, preamble: list[Paragraph], paragraphs: list[Paragraph], issues: list[Issue],
             published_by: str | None = None):
    """Agency, the year reported on, and region: from the title, then the statistics period and preamble,
    then the publisher a web page's metadata or a crawler's header names (``published_by``)."""
    agency, year = title_agency_year(title)
    stats_year = period_year("".join(p.text for p in preamble[:3]) + "".join(p.text for p in paragraphs[:12]))
    if year is None:
        year = stats_year
    if year is None:
        year = opening_year([p.text for p in (*preamble[:3], *paragraphs[:12])])
        if year is not None:
            issues.append(Issue("year_from_text", f"neither the title nor a statistics period gives the year; "
                                                  f"{year} is the year the opening paragraphs report on", 1))
    if year is None:
        issues.append(Issue("year_unknown", "the year reported on is printed neither in the title nor as a "
                                            "statistics period", 1))
    elif stats_year is not None and stats_year != year:
        issues.append(Issue("year_mismatch", f"title says {year}, statistics period says {stats_year}", 1))
    if not agency:
        agency = preamble_agency("".join(p.text for p in preamble))
        signer = None if agency else _signer(paragraphs)
        if agency:
            issues.append(Issue("agency_from_text", f"the title names no agency; {agency} is the one the "
                                                    "preamble says compiled the report", 1))
        elif signer:
            agency = signer
            issues.append(Issue("agency_from_text", f"neither the title nor the preamble names the agency; "
                                                    f"{agency} is the one that signed the report", None))
        elif published_by:
            agency = published_by
            issues.append(Issue("agency_from_text", f"neither the title nor the preamble names the agency; "
                                                    f"{agency} is the publisher the page names", None))
        elif opener := opening_agency([p.text for p in paragraphs[:12]]):
            agency = opener
            issues.append(Issue("agency_from_text", f"neither the title nor the preamble names the agency; "
                                                    f"{agency} is the one the opening sentences name", 1))
        else:
            issues.append(Issue("agency_unknown", "the agency could not be read from the title or preamble", 1))
    # the agency signed under the report, where it is the title's with its place (城关镇人民政府 signed
    # 岷县城关镇人民政府): next after the name; any other signer is the last place looked
    signer = _signer(paragraphs)
    same = signer if signer and agency and signer != agency and signer.endswith(agency) else ""
    region = region_of(agency or "", same, title, "".join(p.text for p in preamble), published_by or "",
                       signer or "", context=tuple(p.text for p in paragraphs))
    if region["county"] and not region["province"]:
        issues.append(Issue("region_ambiguous", f"{len(county_namesakes(region['county']))} counties are named "
                                                f"{region['county']} and the report names the city of none of "
                                                "them: province, city and adcode left unknown", 1))
    elif not region["province"]:
        issues.append(Issue("region_unknown", "no province, city or county could be told from the agency "
                                              "name or the text", 1))
    elif place := unresolved_county(agency, region):
        issues.append(Issue("region_unknown", f"{place} is no county-level division the gazetteer knows (renamed "
                                              f"or merged since?): the region stops at "
                                              f"{region['city'] or region['province']}, county and its code unknown", 1))
    return agency, year, region


