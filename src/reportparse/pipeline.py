"""One report, end to end.  Each step is a stage of its own module; this file only calls them in order.

    sniff           inputs.py      which form the bytes are; bad input classified
    read            readers/       the form's reader -> Document (lines, grids, meta)
    template        templates/     2021, 2019 or unknown, from the words only one format prints
    find_tables     tables/find    printed rows of the three standard tables; the lines left for text
    find_title      titles.py      the title, the date under it, where the body starts
    unwrap          layout.py      lines -> paragraphs
    split_sections  sections.py    preamble and the six sections
    require_report  sections.py    is this a 政府信息公开工作年度报告 at all
    identity        titles.py      agency, year, region
    settle_by_prose tables/prose   cells a glued run left open, taken where the report's prose says them
    assign_tables   tables/        printed rows -> template keys -> cells
    checks          checks.py      the relations the report states, tested
"""

from __future__ import annotations

import os
from pathlib import Path

from reportparse import checks as checks_mod
from reportparse import templates
from reportparse.document import Document
from reportparse.inputs import MAX_BYTES, sniff
from reportparse.layout import Geometry, unwrap
from reportparse.model import Issue, Line, Paragraph, Report
from reportparse.readers import read
from reportparse.sections import (
    build_section,
    first_report,
    require_report,
    split_heading_lines,
    split_run_in_headings,
    split_sections,
)
from reportparse.tables.find import assign_tables, find_tables
from reportparse.tables.prose import prose_mismatches, settle_by_prose
from reportparse.titles import find_title, identity, sign_off


def parse(path: str | Path, backend: str = "pdfium", max_bytes: int | None = MAX_BYTES, ocr: str | None = None) -> Report:
    """Parse one report (PDF, OFD, web page, Word file, text or markdown) into a Report.

    ``backend`` reads PDFs: ``pdfium`` (pypdfium2, the default) or ``pdfplumber``; both give the same
    record.  PDF pages without a usable text layer, and pictures of text (on a PDF page, in a Word file or a
    web page), are read by OCR as ``ocr`` says (``auto``: where needed, ``never``, ``always``; None:
    ``$REPORTPARSE_OCR`` or ``auto``, so batch workers follow ``batch --ocr``; the extra ``reportparse[ocr]``).  Files past ``max_bytes`` (None: no limit) raise
    TooLargeError.  Bad input raises a
    ReportParseError subclass; anything uncertain becomes a warning.
    """
    source = sniff(path, max_bytes)
    doc = read(source, backend, ocr or os.environ.get("REPORTPARSE_OCR") or "auto")
    return build(source, doc)


def read_document(path: str | Path) -> Document:
    """The document model of one file, as its reader builds it (lines, grids, meta): for debugging."""
    return read(sniff(path))


def build(source, doc: Document) -> Report:
    doc = first_report(doc)
    issues = list(doc.issues)
    template = detect_template(doc)
    found = find_tables(doc, template)
    issues += found.issues

    title_lines, published, start = find_title(found.lines, doc.geometric)
    title = "".join(ln.text for ln in title_lines) or (doc.meta.title or "")
    if not title:
        issues.append(Issue("title_missing", "no title line naming an annual report was found", 1))
    body = found.lines[start:]
    breaks = {i - start for i in found.breaks if i >= start}
    paragraphs = paragraphs_of(body, breaks, doc)
    preamble, sections_found, section_issues = split_sections(paragraphs)
    issues += section_issues
    require_report(source.path, title or (found.lines[0].text if found.lines else ""), sections_found, found.printed,
                   paragraphs, doc.meta)
    signed, dated = sign_off(sections_found)
    sections = tuple(build_section(n, head, part) for n, head, part in sections_found)

    agency, year, region = identity(title, preamble, paragraphs, issues, doc.meta.agency)
    template = templates.for_year(template, year, bool(found.printed), issues)

    if template in templates.NAMES:
        issues += settle_by_prose(found.printed, templates.load(template)["tables"], sections)
    tables, table_issues = assign_tables(template, found.printed)
    issues += table_issues
    checks = checks_mod.evaluate(tables, issues)
    issues += checks_mod.prose_warnings(tables, sections) + prose_mismatches(tables, sections)
    if doc.ocr_cells:  # cells OCR may have misread (imported only then: numpy costs a cold start 0.1 s)
        from reportparse.readers import ocr_checks

        issues += ocr_checks.warnings(tables, checks, doc.ocr_cells, template)

    extra = {"published": published or dated or doc.meta.published, "signed": signed, "url": doc.meta.url}
    report = Report(source={**source.to_dict(doc.pages), "ocr": doc.ocr}, agency=agency, year=year, region=region,
                    template=template, title=title, preamble=tuple(p.text for p in preamble), sections=sections,
                    tables=tables, checks=tuple(checks), warnings=tuple(issues),
                    extra={k: v for k, v in extra.items() if v})
    return report if doc.pages else report.without_pages()


def detect_template(doc: Document) -> str:
    """The format the printed words say (2021, 2019 or unknown), tables included."""
    text = "".join(ln.text for ln in doc.lines) + "".join(g.text for g in doc.grids)
    return templates.detect("".join(text.split()))[0]


def paragraphs_of(lines: list[Line], breaks: set[int], doc: Document) -> list[Paragraph]:
    """Lines -> paragraphs, never across a break; a form that keeps one line per block is not unwrapped."""
    if doc.blocks:
        return split_run_in_headings([Paragraph(text=ln.text, page=ln.page, lines=(ln,), head=ln.head) for ln in lines])
    geo = Geometry(lines, doc.geometric)
    paragraphs: list[Paragraph] = []
    start = 0
    for i in sorted(breaks) + [len(lines)]:
        if i > start:
            paragraphs.extend(unwrap(lines[start:i], geo))
        start = i
    return split_heading_lines(paragraphs)


__all__ = ["build", "parse", "read_document"]
