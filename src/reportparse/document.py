"""The document model every reader produces, whatever the published form.

    Document
      lines    body lines in reading order (Line: text, page, box, font size, run-in head)
      grids    tables as grids of cells with row/column spans (Grid, GridCell)
      pages    the page count, or None for forms without pages (web pages, Word, text dumps)
      meta     what the form says about the report outside its body (a page's article title,
               its 发布机构, a crawler's 标题:/发布时间: header lines)

After the readers nothing asks which form a document came from: sections,
tables, checks and exports read this model only.

Coordinates.  Where the form has geometry (PDF), boxes are PDF points from the
page's top-left.  Where it has none, a reader still places every line and
grid in reading order on one coordinate axis: ``top``/``bottom`` count lines
(a grid between lines 7 and 8 has ``bbox = (0, 7.5, 0, 7.5)``), ``x0``/``x1``
count characters where the form shows them (a text dump's indentation and
width) and are 0 otherwise.  ``geometric`` tells the two apart; records drop
such order-only boxes (and the page of a form without pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportparse.model import BBox, Issue, Line


@dataclass(frozen=True)
class GridCell:
    """One printed cell, spanning rows r0..r1-1 and columns c0..c1-1 of its grid."""

    text: str
    r0: int
    r1: int
    c0: int
    c1: int
    bbox: BBox | None = None


@dataclass(frozen=True)
class Grid:
    """A table as printed: cells with spans, resolved (a merged cell is one cell over several rows/columns)."""

    page: int
    bbox: BBox  # x0, top, x1, bottom (see Coordinates above)
    cells: tuple[GridCell, ...]
    n_rows: int
    n_cols: int

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.cells)

    def rows(self) -> list[list[GridCell]]:
        """Each grid row as the distinct cells covering it, left to right (a merged cell appears in every row it spans)."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(max(c.r0, 0), min(c.r1, self.n_rows)):
                out[r].append(c)
        for covering in out:
            covering.sort(key=lambda c: c.c0)
        return out


@dataclass(frozen=True)
class Meta:
    """What the form says about the report outside its body; each field None where it says nothing."""

    title: str | None = None  # the article title of a web page (h1, .title, <title> minus the site name)
    agency: str | None = None  # 发布机构 / 来源 from a page's metadata or a crawler's header lines
    published: str | None = None  # 发布时间 / 发布日期
    url: str | None = None  # 原文链接, a page's canonical address
    attachments: tuple[str, ...] = ()  # documents the page links to (a report published as an attachment)
    images: int = 0  # pictures on the page (a report published as pictures of its pages)


@dataclass
class Document:
    """One report as a reader hands it on.

    ``blocks``: every line is already one whole paragraph or heading (web pages, Word files, and text
    that kept one line per paragraph): nothing is unwrapped, headings are still told apart.
    ``breaks``: indexes of lines that a table (or another block) separates from the line before, so
    that no paragraph runs across it.
    """

    lines: list[Line]
    grids: list[Grid] = field(default_factory=list)
    pages: int | None = None
    geometric: bool = False
    blocks: bool = False
    meta: Meta = field(default_factory=Meta)
    breaks: set[int] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    ocr: bool = False  # some page's text came from OCR
    ocr_cells: list = field(default_factory=list)  # table cells read by OCR, with scores (readers/ocr.py)
