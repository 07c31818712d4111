"""PDF table grids from ruling lines and filled rectangles, with merged cells resolved.

pdfplumber finds the cells; this module turns them into a grid of spans so
that a value belongs to the row and column it covers, not to a position.
White (or unstroked background) rectangles behind body text are ignored, so
that WPS exports, where every body line sits on its own white box, do not
read as one-column tables.
"""

from __future__ import annotations

import bisect

from reportparse.document import Grid, GridCell
from reportparse.layout import chars_to_lines
from reportparse.normalize import close_cjk_spaces

_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def _is_background(obj: dict) -> bool:
    """A rectangle that draws no visible rule: white fill, or no fill and no stroke."""
    if obj.get("object_type") != "rect":
        return False
    w, h = obj["width"], obj["height"]
    thin = min(w, h) < 2.5
    if not obj.get("fill") and not obj.get("stroke"):
        return True
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return False
    return bool(obj.get("fill")) and (_is_white(obj.get("non_stroking_color")) or (not thin and _is_pale(obj)))


def _is_pale(obj: dict) -> bool:
    """A pale filled box (a shaded band): its edges count only where it is not just a page-wide panel."""
    return False


def _is_white(color) -> bool:
    if color is None:
        return True
    if isinstance(color, (int, float)):
        return color >= 0.95
    color = tuple(color)
    if len(color) == 4:  # CMYK
        return all(v <= 0.05 for v in color)
    if len(color) in (1, 3):
        return all(isinstance(v, (int, float)) and v >= 0.95 for v in color)
    return False


class _Edges:
    """What pdfplumber's TableFinder reads from a page: its edges and its box."""

    def __init__(self, edges: list[dict], bbox: tuple):
        self.edges, self.bbox = edges, bbox


def find_grids(page, chars: list[dict], page_number: int) -> list[Grid]:
    """The ruled tables on a page, at least 2 × 2 cells each; ``chars`` (deduplicated) fill the cells.

    ``page`` has pdfplumber's plain values: ``lines``, ``rects`` and ``curves`` (dicts with x0, top, x1,
    bottom, stroke, fill and colours), ``width`` and ``height``; either PDF backend gives them.
    """
    lines, rects, curves = page.lines, page.rects, page.curves
    if not lines and not rects and not curves:
        return []
    from pdfplumber.table import TableFinder
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    keep = [o for o in rects if not _is_background(o)]
    # the order of pdfplumber's Container.edges: lines, then rectangles, then curves
    edges = ([line_to_edge(o) for o in lines if not _is_background(o)]
             + [e for o in keep for e in rect_to_edges(o)]
             + [e for o in curves if not _is_background(o) for e in curve_to_edges(o)])
    settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=_open_ends(edges))
    grids = []
    for table in TableFinder(_Edges(edges, (0, 0, page.width, page.height)), settings).tables:
        grid = _grid(table.cells, chars, page_number)
        if grid and grid.n_rows >= 1 and grid.n_cols >= 2:  # one row: a table going on past a page break
            grids.append(grid)
    return grids


def _open_ends(edges: list[dict]) -> list[dict]:
    """Closing rules for a table left open at a page break.

    A table cut by the page often has no rule under its last row (or over its
    first): its column rules run on past the last horizontal rule.  Close them,
    so the cut row is still a row.
    """
    v = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 3]
    h = [e for e in edges if e["orientation"] == "h"]
    if len(v) < 3 or not h:
        return []
    out = []
    lowest, highest = max(e["top"] for e in h), min(e["top"] for e in h)
    below = [e for e in v if e["bottom"] > lowest + 4]
    if len(below) >= 3:
        y = max(e["bottom"] for e in below)
        out.append(_hline(min(e["x0"] for e in below), max(e["x1"] for e in below), y))
    above = [e for e in v if e["top"] < highest - 4]
    if len(above) >= 3:
        y = min(e["top"] for e in above)
        out.append(_hline(min(e["x0"] for e in above), max(e["x1"] for e in above), y))
    return out


def _hline(x0: float, x1: float, y: float) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
            "orientation": "h"}


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(coords: list[float], v: float) -> int:
    i = bisect.bisect_left(coords, v - 2.0)
    return min(i, len(coords) - 1)


def _grid(cells: list[tuple], chars: list[dict], page_number: int) -> Grid | None:
    if not cells:
        return None
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    x0, top, x1, bottom = min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells)
    inside = [ch for ch in chars
              if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
    out = []
    for bbox in cells:
        cx0, ctop, cx1, cbottom = bbox
        own = [ch for ch in inside
               if cx0 <= (ch["x0"] + ch["x1"]) / 2 <= cx1 and ctop <= (ch["top"] + ch["bottom"]) / 2 <= cbottom]
        text = close_cjk_spaces("".join(ln.text for ln in chars_to_lines(own, page_number))) if own else ""
        out.append(GridCell(text=text, r0=_index(ys, ctop), r1=max(_index(ys, cbottom), _index(ys, ctop) + 1),
                            c0=_index(xs, cx0), c1=max(_index(xs, cx1), _index(xs, cx0) + 1), bbox=tuple(bbox)))
    return Grid(page=page_number, bbox=(x0, top, x1, bottom), cells=tuple(out),
                n_rows=len(ys) - 1, n_cols=len(xs) - 1)


def outside(chars: list[dict], grids: list[Grid]) -> list[dict]:
    """The characters not printed inside any grid (the body text)."""
    if not grids:
        return chars
    boxes = [g.bbox for g in grids]
    return [ch for ch in chars
            if not any(b[0] - 1 <= (ch["x0"] + ch["x1"]) / 2 <= b[2] + 1 and b[1] - 1 <= (ch["top"] + ch["bottom"]) / 2 <= b[3] + 1
                       for b in boxes)]
