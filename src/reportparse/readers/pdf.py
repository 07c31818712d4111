"""PDF -> Document: lines from character geometry, grids from ruling lines, page furniture removed."""

from __future__ import annotations

from reportparse.document import Document, Grid
from reportparse.inputs import Source, open_pdf, require_text_layer
from reportparse.layout import chars_to_lines, dedupe_chars, remove_furniture
from reportparse.model import Issue, Line
from reportparse.sections import section_heading
from reportparse.tables.grid import find_grids, outside


def read_pdf(source: Source) -> Document:
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
    return Document(lines=lines, grids=grids, pages=n_pages, geometric=True, issues=issues)


def _headings_in(grids: list[Grid]) -> list[Line]:
    """A section heading printed as a table's first row (三、收到和处理… across the top): a body line above it."""
    out = []
    for g in grids:
        for cell in g.cells:
            if cell.r0 == 0 and cell.c1 - cell.c0 >= g.n_cols - 1 and section_heading(cell.text):
                x0, top, x1, _ = cell.bbox
                out.append(Line(text=cell.text, page=g.page, x0=x0, x1=x1, top=top - 1.0, bottom=top - 0.5))
    return out
