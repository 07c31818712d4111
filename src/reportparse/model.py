"""Frozen values passed between the stages, and the Report they end in.

Every value keeps where it came from: the page, the bounding box and the
printed text.  Plain dicts appear only in ``Report.to_dict()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (PDF points; text dumps: columns, line numbers)


@dataclass(frozen=True)
class Line:
    """One printed line of body text."""

    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 1.0  # font size; 1.0 for text dumps (widths are counted in characters)
    bold: bool = False
    head: str = ""  # the leading run in a heading font (e.g. a run-in subsection head), if any
    raw: str = ""  # text dumps: the line as printed, spaces kept (they separate a row label from its numbers)
    spots: tuple[float, ...] = ()  # where there is geometry: the x of the middle of each of raw's tokens


@dataclass(frozen=True)
class Paragraph:
    """Unwrapped lines: one paragraph or one heading."""

    text: str
    page: int
    lines: tuple[Line, ...] = ()
    head: str = ""  # run-in heading as printed in its own font, when the layout tells it


@dataclass(frozen=True)
class Cell:
    """One printed table cell."""

    raw: str  # the printed text, whitespace removed
    value: int | float | None
    note: str = ""  # text printed beside the number, e.g. （其中修订16件）
    page: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True)
class Row:
    """One table row as printed: its label pieces (outer to inner) and its value cells."""

    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    page: int | None = None
    table: str | None = None  # the standard table this row was found in, if known

    @property
    def label(self) -> str:
        return "".join(self.labels)


@dataclass(frozen=True)
class Issue:
    """A warning: something the parser was unsure of."""

    code: str
    message: str
    page: int | None = None
    # for the checks, not the record: the cells this warning leaves null because they could not be read
    # ("table.row.column", "table.row" for a whole row, "table" for the whole table), and the relation it
    # shows the report breaks (every reading of a glued run breaks it), as the checks word it
    unread: tuple[str, ...] = ()
    broken: str = ""

    def to_dict(self) -> dict:
        out = {"code": self.code, "message": self.message}
        if self.page is not None:
            out["page"] = self.page
        return out


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool | None  # None: not assessable (it fails only because a blank cell was read as 0)
    detail: str

    def to_dict(self) -> dict:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


@dataclass(frozen=True)
class Subsection:
    number: int
    heading: str
    heading_inline: bool
    paragraphs: tuple[str, ...]
    page: int | None = None

    def to_dict(self) -> dict:
        return {"number": self.number, "heading": self.heading, "heading_inline": self.heading_inline,
                "text": "\n".join(self.paragraphs), "paragraphs": list(self.paragraphs), "page": self.page}


@dataclass(frozen=True)
class Section:
    number: int
    heading: str
    key: str
    paragraphs: tuple[str, ...]  # every paragraph of the body, run-in heads kept (the section's text)
    lead: tuple[str, ...]  # the paragraphs before the first subsection heading
    subsections: tuple[Subsection, ...]
    page: int | None = None

    def to_dict(self) -> dict:
        return {"number": self.number, "heading": self.heading, "key": self.key,
                "text": "\n".join(self.paragraphs), "paragraphs": list(self.lead),
                "subsections": [s.to_dict() for s in self.subsections], "page": self.page}


@dataclass
class Report:
    """One parsed report.  ``to_dict()`` is the record of records.md."""

    source: dict
    agency: str | None
    year: int | None
    region: dict
    template: str
    title: str
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    tables: dict[str, dict[str, dict[str, Cell] | None]]
    checks: tuple[Check, ...]
    warnings: tuple[Issue, ...]
    extra: dict = field(default_factory=dict)

    def without_pages(self) -> Report:
        """The same report for a form without pages (a web page, a Word file, a text without page breaks):
        every page number null, and no order-only boxes."""
        tables = {name: {row: None if cols is None else {c: replace(cell, page=None, bbox=None)
                                                         for c, cell in cols.items()}
                         for row, cols in rows.items()}
                  for name, rows in self.tables.items()}
        sections = tuple(replace(s, page=None, subsections=tuple(replace(sub, page=None) for sub in s.subsections))
                         for s in self.sections)
        warnings = tuple(replace(w, page=None) for w in self.warnings)
        return replace(self, tables=tables, sections=sections, warnings=warnings)

    @property
    def report_id(self) -> str:
        return self.source["sha256"][:16]

    def to_dict(self) -> dict:
        tables, cells = {}, {}
        for name, rows in self.tables.items():
            tables[name], cells[name] = {}, {}
            for row, cols in rows.items():
                if cols is None:
                    tables[name][row] = None
                    continue
                tables[name][row] = {c: cell.value for c, cell in cols.items()}
                cells[name][row] = {c: {"raw": cell.raw, "page": cell.page, "note": cell.note or None,
                                        "bbox": list(cell.bbox) if cell.bbox else None}
                                    for c, cell in cols.items()}
        return {
            "report_id": self.report_id,
            "source": dict(self.source),
            "agency": self.agency,
            "year": self.year,
            "region": dict(self.region),
            "template": self.template,
            "title": self.title,
            "preamble": list(self.preamble),
            "sections": [s.to_dict() for s in self.sections],
            "tables": tables,
            "checks": [c.to_dict() for c in self.checks],
            "warnings": [w.to_dict() for w in self.warnings],
            "cells": cells,
            **self.extra,
        }
