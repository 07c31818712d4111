"""Pictures of what the parser saw: ``render_debug(path, outdir)``.

For a PDF, one PNG per page (rendered by pdfplumber through pypdfium2) with

- the ruling lines and rectangle edges of the page (grey),
- every cell assigned to a key, filled in its table's colour, row keys right of each row and
  column keys up each column's top cell (the whole key inside a row's only cell),
- grid cells holding a number that was assigned to no key (red); label and header cells outlined,
- where each section starts (purple), and page furniture the parser removed (brown: page numbers,
  running headers and footers).

For an input without pages (a text dump) one HTML file shows the standard tables in the same
colours, with each cell's key, value and printed text, and the rows that matched no key.

The grids are the reader's own (``pipeline.read_document``), so red cells are cells the parser
found and no key claimed.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

COLORS = {  # (r, g, b); a table's cells are filled with it, translucent
    "active_disclosure": (31, 119, 180),
    "applications": (44, 160, 44),
    "review_litigation": (255, 127, 14),
}
UNASSIGNED = (214, 39, 40)
RULES = (110, 110, 110)
LABELS = (160, 160, 160)
SECTION = (148, 103, 189)
FURNITURE = (140, 86, 75)


def render_debug(path: str | Path, outdir: str | Path, resolution: int = 100, stem: str | None = None,
                 record: dict | None = None) -> list[Path]:
    """Write the debug pictures of one report into ``outdir`` (created); return the files written.

    A bad input raises its ReportParseError (the report is parsed first); an unwritable ``outdir``
    raises OSError.  Each file is written under a temporary name and renamed into place.
    """
    from reportparse.pipeline import parse

    path, outdir = Path(path), Path(outdir)
    record = record or parse(path).to_dict()
    stem = stem or path.stem
    outdir.mkdir(parents=True, exist_ok=True)
    if record["source"].get("format") == "pdf":
        return _pdf_pages(path, record, outdir, stem, resolution)
    target = outdir / f"{stem}.html"
    _atomic(target, lambda fh: fh.write(tables_html(record).encode("utf-8")))
    return [target]


def _atomic(target: Path, write) -> None:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(name, 0o666 & ~mask)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------ what to draw, from the record
def assigned_cells(record: dict) -> dict[int, list[tuple[str, str, str, tuple]]]:
    """Per page, the cells with a box: (table, row, column, bbox)."""
    out: dict[int, list] = {}
    for table, rows in (record.get("cells") or {}).items():
        for row, cols in (rows or {}).items():
            for col, cell in (cols or {}).items():
                if cell and cell.get("bbox") and cell.get("page"):
                    out.setdefault(cell["page"], []).append((table, row, col, tuple(cell["bbox"])))
    return out


def _overlaps(a: tuple, b: tuple) -> bool:
    """Whether two boxes are the same cell: the centre of each lies inside the other."""
    def inside(p, box):
        return box[0] - 1 <= p[0] <= box[2] + 1 and box[1] - 1 <= p[1] <= box[3] + 1
    ca, cb = ((a[0] + a[2]) / 2, (a[1] + a[3]) / 2), ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    return inside(ca, b) and inside(cb, a)


def grid_cells(path: str | Path) -> dict[int, list[tuple[str, tuple]]]:
    """Per page, (text, bbox) of every cell of every grid the parser's reader found
    (``pipeline.read_document``): the cells the keys were assigned from, claimed or not."""
    from reportparse.pipeline import read_document

    out: dict[int, list[tuple[str, tuple]]] = {}
    for grid in read_document(path).grids:
        out.setdefault(grid.page, []).extend((c.text, tuple(c.bbox)) for c in grid.cells if c.bbox)
    return out


def _furniture(pdf) -> dict[int, list[tuple]]:
    """Per page, the boxes of lines the parser dropped as page furniture (page numbers, running heads)."""
    from reportparse.layout import chars_to_lines, dedupe_chars, remove_furniture

    try:
        pages = [chars_to_lines(dedupe_chars(p.chars), n) for n, p in enumerate(pdf.pages, 1)]
        kept = remove_furniture([list(p) for p in pages], [float(p.height) for p in pdf.pages])
    except Exception:  # noqa: BLE001 - the picture goes without furniture rather than not at all
        return {}
    out: dict[int, list[tuple]] = {}
    for n, (before, after) in enumerate(zip(pages, kept), 1):
        left = {(ln.text, ln.top, ln.x0) for ln in after}
        out[n] = [(ln.x0, ln.top, ln.x1, ln.bottom) for ln in before if (ln.text, ln.top, ln.x0) not in left]
    return out


def _section_tops(page, sections: Iterable[dict], number: int) -> list[tuple[float | None, str]]:
    """(y or None, label) for each section that starts on this page; y where its heading is found."""
    out = []
    for s in sections:
        if s.get("page") != number:
            continue
        label = f"{s.get('number')}. {s.get('key')}"
        heading = "".join((s.get("heading") or "").split())
        top = None
        for probe in (heading[:8], heading[:4]):
            if len(probe) < 2:
                continue
            try:
                found = page.search(probe, regex=False)
            except Exception:  # noqa: BLE001 - the search is only for placing the line
                found = []
            if found:
                top = found[0]["top"]
                break
        out.append((top, label))
    return out


# ------------------------------------------------------------------ PDF pages
def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: one size only
        return ImageFont.load_default()


def _pdf_pages(path: Path, record: dict, outdir: Path, stem: str, resolution: int) -> list[Path]:
    import pdfplumber

    from reportparse.normalize import is_value_text

    cells = assigned_cells(record)
    grids = grid_cells(path)
    written = []
    with pdfplumber.open(path) as pdf:
        furniture = _furniture(pdf)
        width = len(str(len(pdf.pages)))
        for number, page in enumerate(pdf.pages, 1):
            im = page.to_image(resolution=resolution)
            scale = im.scale
            draw = im.draw
            small, tiny = _font(max(9, round(7 * scale))), _font(max(8, round(5.5 * scale)))

            for edge in page.edges:  # ruling lines and the edges of rectangles
                im.draw_line(edge, stroke=RULES + (200,), stroke_width=1)
            mine = cells.get(number, [])
            for text, box in grids.get(number, []):
                if any(_overlaps(box, b) for *_, b in mine):
                    continue
                if text.strip() and is_value_text(text):
                    im.draw_rect(box, fill=UNASSIGNED + (90,), stroke=UNASSIGNED + (255,), stroke_width=2)
                else:
                    im.draw_rect(box, fill=(0, 0, 0, 0), stroke=LABELS + (255,), stroke_width=1)
            for box in furniture.get(number, []):
                im.draw_rect(box, fill=FURNITURE + (60,), stroke=FURNITURE + (255,), stroke_width=1)
                draw.text(im._reproject((box[2] + 2, box[1])), "furniture", fill=FURNITURE + (255,), font=tiny)
            _draw_cells(im, mine, small, tiny)
            for top, label in _section_tops(page, record.get("sections") or (), number):
                y = top - 3 if top is not None else page.bbox[1] + 4
                im.draw_line([(page.bbox[0], y), (page.bbox[2], y)], stroke=SECTION + (255,), stroke_width=2)
                text = f"section {label}" + ("" if top is not None else " (starts on this page)")
                x, ty = im._reproject((page.bbox[2] - 3, y - 8))  # right: row keys under table 四 sit left
                x -= draw.textlength(text, font=small)
                draw.rectangle((x - 2, ty, x + draw.textlength(text, font=small) + 2, ty + 6 * scale),
                               fill=(255, 255, 255, 230))
                draw.text((x, ty), text, fill=SECTION + (255,), font=small)
            _legend(im, small)
            target = outdir / f"{stem}-page{number:0{width}d}.png"
            _atomic(target, lambda fh, im=im: im.save(fh, format="PNG"))
            written.append(target)
            page.close()
    return written


def _draw_cells(im, cells: list[tuple[str, str, str, tuple]], small, tiny) -> None:
    """Fill each assigned cell in its table's colour and label it: each row key beside its row (right of
    it, or under it where another row goes on to the right, as in table 四), each column key up the top
    cell of its column, and the whole key inside the only cell of a row."""
    draw = im.draw
    spans: dict[tuple[str, str], list[float]] = {}
    col_top: dict[tuple[str, str, int], tuple] = {}
    per_row = Counter((table, row) for table, row, _, _ in cells)
    for table, row, col, box in cells:
        color = COLORS.get(table, (0, 0, 0))
        im.draw_rect(box, fill=color + (70,), stroke=color + (255,), stroke_width=2)
        x0, top, x1, bottom = im._reproject_bbox(box)
        key = f"{row}.{col}"
        if per_row[table, row] == 1 and draw.textlength(key, font=tiny) <= x1 - x0 - 4:
            draw.text((x0 + 2, top + 1), key, fill=color + (255,), font=tiny)
        span = spans.setdefault((table, row), list(box))
        span[:] = [min(span[0], box[0]), min(span[1], box[1]), max(span[2], box[2]), max(span[3], box[3])]
        where = (table, col, round(box[0] / 4))  # a column key per printed column (table 四 repeats them)
        if where not in col_top or box[1] < col_top[where][1]:
            col_top[where] = box
    for (table, row), span in spans.items():
        color = COLORS.get(table, (0, 0, 0))
        beside = any(o[0] >= span[2] - 1 and o[1] < span[3] and o[3] > span[1]
                     for k, o in spans.items() if k != (table, row))
        x0, top, x1, bottom = im._reproject_bbox(span)
        xy = (x0 + 2, bottom + 1) if beside else (x1 + 3, (top + bottom) / 2 - 5)
        draw.text(xy, row, fill=color + (255,), font=tiny)
    for (table, col, _), box in col_top.items():
        color = COLORS.get(table, (0, 0, 0))
        x0, top, x1, _ = im._reproject_bbox(box)
        _vertical_text(im, col, x0 + (x1 - x0) / 2, top - 2, color, tiny)


def _vertical_text(im, text: str, x: float, bottom: float, color: tuple, font) -> None:
    """``text`` rotated to read upwards, centred on x, ending just above ``bottom``."""
    from PIL import Image, ImageDraw

    w = int(ImageDraw.Draw(im.annotated).textlength(text, font=font)) + 4
    h = 14
    label = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((2, 0), text, fill=color + (255,), font=font)
    label = label.rotate(90, expand=True)
    im.annotated.paste(label, (int(x - h / 2), int(bottom - w)), label)


def _legend(im, font) -> None:
    items = [(name, c) for name, c in COLORS.items()] + [("no key", UNASSIGNED), ("section", SECTION),
                                                          ("furniture", FURNITURE)]
    draw = im.draw
    x, y = 6, 4
    for name, color in items:
        draw.rectangle((x, y + 2, x + 10, y + 12), fill=color + (180,), outline=color + (255,))
        draw.text((x + 13, y), name, fill=(0, 0, 0, 255), font=font)
        x += 20 + int(draw.textlength(name, font=font))


# ------------------------------------------------------------------ forms without pages
def _rgba(rgb: tuple[int, int, int], alpha: float = 0.25) -> str:
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{alpha})"


def tables_html(record: dict) -> str:
    """The standard tables of a record as HTML, cells in their table's colour, with key and printed text."""
    from reportparse import templates
    from reportparse.explain import cell_labels, row_columns

    template = record.get("template") if record.get("template") in templates.NAMES else "2021"
    parts = [(f"<!doctype html><meta charset='utf-8'><title>{html.escape(str(record.get('title') or ''))}"
             "</title><style>body{font-family:sans-serif}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #888;padding:2px 6px;font-size:13px}th{background:#eee;text-align:left}"
             "td.v{text-align:right}small{color:#555}</style>"),
             f"<h1>{html.escape(str(record.get('title') or record['source'].get('path')))}</h1>",
             (f"<p>agency {html.escape(str(record.get('agency')))}, year {record.get('year')}, template {template}; "
             "cells coloured by table; red: missing or not matched to a key. Hover a cell for its key.</p>")]
    for table in templates.load(template)["tables"]:
        color = _rgba(COLORS.get(table, (0, 0, 0)))
        rows, cols = cell_labels(template, table)
        values = (record.get("tables") or {}).get(table)
        provenance = (record.get("cells") or {}).get(table) or {}
        parts.append(f"<h2 style='color:rgb{COLORS.get(table)}'>{table}</h2>")
        if values is None:
            parts.append(f"<p style='color:rgb{UNASSIGNED}'>not found in the report</p>")
            continue
        all_cols = list(cols)
        parts.append("<table><tr><th>row</th>" + "".join(
            f"<th title='{c}'>{html.escape(cols[c])}<br><small>{c}</small></th>" for c in all_cols) + "</tr>")
        for row, (label, group) in rows.items():
            have = values.get(row)
            cells = []
            for col in all_cols:
                if col not in row_columns(template, table, row):
                    cells.append("<td></td>")
                    continue
                src = provenance.get(row, {}).get(col) or {}
                v = (have or {}).get(col)
                style = color if have is not None else _rgba(UNASSIGNED)
                tip = html.escape(f"{table}.{row}.{col}: printed {src.get('raw')!r}, page {src.get('page')}")
                cells.append(f"<td class=v style='background:{style}' title=\"{tip}\">"
                             f"{'' if v is None else html.escape(str(v))}</td>")
            head = html.escape(f"{group} {label}".strip())
            parts.append(f"<tr><th title='{row}'>{head}<br><small>{row}</small></th>{''.join(cells)}</tr>")
        parts.append("</table>")
    unmatched = [w for w in record.get("warnings") or () if w["code"] in ("row_unmatched", "row_duplicate")]
    if unmatched:
        parts.append("<h2>rows that matched no key</h2><ul>" + "".join(
            f"<li style='color:rgb{UNASSIGNED}'>{html.escape(w['message'])}</li>" for w in unmatched) + "</ul>")
    return "\n".join(parts) + "\n"


__all__ = ["COLORS", "render_debug", "tables_html"]
