"""PDF table grids from ruling lines and filled rectangles, with merged cells resolved.

pdfplumber finds the cells; this module turns them into a grid of spans so
that a value belongs to the row and column it covers, not to a position.
White (or unstroked background) rectangles behind body text are ignored, so
that WPS exports, where every body line sits on its own white box, do not
read as one-column tables.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from reportparse.document import Grid, GridCell
from reportparse.layout import line_runs, run_text
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


def find_grids(page, chars: list[dict], page_number: int) -> list[Grid]:
    """The ruled tables on a page, at least 2 × 2 cells each; ``chars`` (deduplicated) fill the cells.

    ``page`` has pdfplumber's plain values: ``lines``, ``rects`` and ``curves`` (dicts with x0, top, x1,
    bottom, stroke, fill and colours), ``width`` and ``height``; either PDF backend gives them.
    """
    lines, rects, curves = page.lines, page.rects, page.curves
    if not lines and not rects and not curves:
        return []
    keep = [o for o in rects if not _is_background(o)]
    # the order of pdfplumber's Container.edges: lines, then rectangles, then curves
    edges = ([_line_to_edge(o) for o in lines if not _is_background(o)]
             + [e for o in keep for e in _rect_to_edges(o)]
             + [e for o in curves if not _is_background(o) for e in _curve_to_edges(o)])
    edges += _open_sides(edges, chars, page.height)
    settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=_open_ends(edges))
    grids = []
    for cells in table_cells(edges, settings):
        grid = _grid(cells, chars, page_number)
        if grid and grid.n_rows >= 1 and grid.n_cols >= 2:  # one row: a table going on past a page break
            grids.append(grid)
    return grids


def table_cells(edges: list[dict], settings: dict) -> list[list[tuple]]:
    """The cells of each table the edges draw: pdfplumber's ``TableFinder`` (lines strategy), step for step.

    Edges are filtered as pdfplumber's ``filter_edges`` does, then snapped and joined as its ``merge_edges``
    does (``_merge_edges``); that and the three quadratic steps (edges -> intersections -> cells -> tables)
    are redone here, with the same results in the same order (tests/test_backends.py holds them to
    ``TableFinder``'s on every sample and corpus page).  pdfplumber itself is not imported: its import
    (pdfminer, charset_normalizer, cryptography) was ~70 ms of every fresh process's first parse.
    """
    s = _resolve(settings)
    explicit_h = [e for desc in settings.get("explicit_horizontal_lines") or () for e in _obj_to_edges(desc)
                  if e["orientation"] == "h"]
    v = _filter_edges(edges, "v", s["edge_min_length_prefilter"])
    h = _filter_edges(edges, "h", s["edge_min_length_prefilter"]) + explicit_h
    merged = _merge_edges(v, h, (s["snap_x_tolerance"], s["snap_y_tolerance"]),
                          (s["join_x_tolerance"], s["join_y_tolerance"]))
    merged = [e for e in merged if e["height" if e["orientation"] == "v" else "width"] >= s["edge_min_length"]]
    points = _intersections(merged, s["intersection_x_tolerance"], s["intersection_y_tolerance"])
    return _cells_to_tables(_cells(points))


# pdfplumber's TableSettings defaults of what the lines strategy reads (tests/test_backends.py compares)
_DEFAULTS = {"snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3, "edge_min_length": 3,
             "edge_min_length_prefilter": 1}


def _resolve(settings: dict) -> dict:
    """pdfplumber's ``TableSettings.resolve`` of the tolerances: each x and y tolerance not given is its
    shared one (``snap_tolerance`` -> ``snap_x_tolerance``, ``snap_y_tolerance``)."""
    s = {k: settings.get(k, v) for k, v in _DEFAULTS.items()}
    for name in ("snap", "join", "intersection"):
        for axis in "xy":
            s[f"{name}_{axis}_tolerance"] = settings.get(f"{name}_{axis}_tolerance", s[f"{name}_tolerance"])
    return s


def _filter_edges(edges: list[dict], orientation: str, min_length: float) -> list[dict]:
    """pdfplumber's ``filter_edges``: the edges of one orientation at least ``min_length`` long."""
    size = "height" if orientation == "v" else "width"
    return [e for e in edges if e["orientation"] == orientation and e[size] >= min_length]


def _line_to_edge(line: dict) -> dict:
    """pdfplumber's ``line_to_edge``."""
    edge = dict(line)
    edge["orientation"] = "h" if line["top"] == line["bottom"] else "v"
    return edge


def _rect_to_edges(rect: dict) -> list[dict]:
    """pdfplumber's ``rect_to_edges``: its top, bottom, left and right sides."""
    top, bottom, left, right = (dict(rect) for _ in range(4))
    top.update(object_type="rect_edge", height=0, y0=rect["y1"], bottom=rect["top"], orientation="h")
    bottom.update(object_type="rect_edge", height=0, y1=rect["y0"], top=rect["top"] + rect["height"],
                  doctop=rect["doctop"] + rect["height"], orientation="h")
    left.update(object_type="rect_edge", width=0, x1=rect["x0"], orientation="v")
    right.update(object_type="rect_edge", width=0, x0=rect["x1"], orientation="v")
    return [top, bottom, left, right]


def _curve_to_edges(curve: dict) -> list[dict]:
    """pdfplumber's ``curve_to_edges``: a segment edge between each two points of the curve."""
    shift = curve["doctop"] - curve["top"]
    return [
        {
            "object_type": "curve_edge",
            "x0": min(p0[0], p1[0]),
            "x1": max(p0[0], p1[0]),
            "top": min(p0[1], p1[1]),
            "doctop": min(p0[1], p1[1]) + shift,
            "bottom": max(p0[1], p1[1]),
            "width": abs(p0[0] - p1[0]),
            "height": abs(p0[1] - p1[1]),
            "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None),
        }
        for p0, p1 in zip(curve["pts"], curve["pts"][1:])
    ]


def _obj_to_edges(obj: dict) -> list[dict]:
    """pdfplumber's ``obj_to_edges``."""
    kind = obj["object_type"]
    if "_edge" in kind:
        return [obj]
    if kind == "line":
        return [_line_to_edge(obj)]
    return {"rect": _rect_to_edges, "curve": _curve_to_edges}[kind](obj)


def _merge_edges(v: list[dict], h: list[dict], snap: tuple[float, float], join: tuple[float, float]) -> list[dict]:
    """pdfplumber's ``merge_edges`` of the vertical edges ``v`` and the horizontal ``h``, on small dicts of what
    the table finder reads of an edge (orientation, x0, x1, top, bottom, width, height).

    pdfplumber copies every edge whole (a rectangle's edge has ~20 keys) to move it, and again to extend it;
    the arithmetic here is its own, in its order: each cluster of edges within the snap tolerance (values
    chained in sorted order) moved by ``avg - value`` to their average, then the edges along each line sorted
    by their start and joined where one starts within the join tolerance of the last one's end.
    """
    snap_x, snap_y = snap
    if snap_x > 0 or snap_y > 0:
        edges = _snap(v, "x0", snap_x) + _snap(h, "top", snap_y)
    else:
        edges = [_small(e) for e in v + h]

    def line(e: dict) -> tuple[str, float]:
        return ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])

    out = []
    for (orientation, _), group in itertools.groupby(sorted(edges, key=line), key=line):
        start, end, size = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
        tol = join[0] if orientation == "h" else join[1]
        joined = []
        for e in sorted(group, key=lambda e: e[start]):
            last = joined[-1] if joined else None
            if last is not None and e[start] <= last[end] + tol:
                if e[end] > last[end]:  # pdfplumber's resize_object: the width from x0, the height by the change
                    extended = dict(last)
                    extended[size] = e[end] - last["x0"] if orientation == "h" else last["height"] + (e[end] - last[end])
                    extended[end] = e[end]
                    joined[-1] = extended
            else:
                joined.append(e)
        out.extend(joined)
    return out


def _small(e: dict) -> dict:
    return {"orientation": e["orientation"], "x0": e["x0"], "x1": e["x1"], "top": e["top"], "bottom": e["bottom"],
            "width": e["width"], "height": e["height"]}


def _snap(edges: list[dict], attr: str, tol: float) -> list[dict]:
    """pdfplumber's ``snap_objects``: clusters of ``attr`` values (sorted, chained within ``tol``), each
    cluster's edges in their order, moved by ``avg - value`` along the axis across them."""
    cluster: dict[float, int] = {}
    n, last = -1, None
    for x in sorted({e[attr] for e in edges}):
        if last is None or not x <= last + tol:
            n += 1
        cluster[x] = n
        last = x
    out = []
    for _, members in itertools.groupby(sorted(edges, key=lambda e: cluster[e[attr]]), key=lambda e: cluster[e[attr]]):
        members = list(members)
        avg = sum(e[attr] for e in members) / len(members)
        for e in members:
            moved = _small(e)
            shift = avg - e[attr]
            if attr == "x0":
                moved["x0"], moved["x1"] = e["x0"] + shift, e["x1"] + shift
            else:
                moved["top"], moved["bottom"] = e["top"] + shift, e["bottom"] + shift
            out.append(moved)
    return out


def _intersections(edges: list[dict], x_tol: float, y_tol: float) -> dict[tuple, tuple[set, set]]:
    """Each point where a vertical and a horizontal edge meet -> (its vertical, its horizontal edges' boxes).

    Each edge's coordinates and box are read once, not once for every edge it is tested against.
    """
    v_edges = [(e["x0"], e["top"], e["bottom"], (e["x0"], e["top"], e["x1"], e["bottom"]))
               for e in edges if e["orientation"] == "v"]
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: (e["top"], e["x0"]))
    tops = [e["top"] for e in h_edges]
    h_boxes = [(e["top"], e["x0"], e["x1"], (e["x0"], e["top"], e["x1"], e["bottom"])) for e in h_edges]
    out: dict[tuple, tuple[set, set]] = {}
    for v_x0, v_top, v_bottom, v_box in v_edges:
        lo = bisect.bisect_left(tops, v_top - y_tol)
        hi = bisect.bisect_right(tops, v_bottom + y_tol)
        for h_top, h_x0, h_x1, h_box in h_boxes[lo:hi]:
            if (v_top <= h_top + y_tol and v_bottom >= h_top - y_tol
                    and h_x0 - x_tol <= v_x0 <= h_x1 + x_tol):
                key = (v_x0, h_top)
                sets = out.get(key)
                if sets is None:
                    sets = out[key] = (set(), set())
                sets[0].add(v_box)
                sets[1].add(h_box)
    return out


def _cells(points: dict[tuple, tuple[set, set]]) -> list[tuple]:
    """pdfplumber's ``intersections_to_cells``: from each point, the smallest cell whose corners are joined by
    edges, looking only at the points in its own column and row.

    Two points in one column are joined by a shared vertical edge, two in one row by a shared horizontal one
    (pdfplumber's ``edge_connects``, whose other test never applies to distinct points); the points of a column
    follow each other in sorted order, and a point's place in its row is kept when the rows are built.
    """
    order = sorted(points)
    n = len(order)
    rows: dict[float, list[tuple]] = {}
    after_in_row = []
    for pt in order:
        line = rows.setdefault(pt[1], [])
        line.append(pt)
        after_in_row.append(len(line))
    out = []
    for i, pt in enumerate(order):
        x, y = pt
        pt_v, pt_h = points[pt]
        right = None
        j = i + 1
        while j < n and order[j][0] == x:
            below_pt = order[j]
            j += 1
            below_v, below_h = points[below_pt]
            if pt_v.isdisjoint(below_v):
                continue
            if right is None:
                line = rows[y]
                right = [(r[0], points[r][0]) for r in line[after_in_row[i]:] if not pt_h.isdisjoint(points[r][1])]
            found = None
            for right_x, right_v in right:
                corner = points.get((right_x, below_pt[1]))
                if corner is not None and not corner[0].isdisjoint(right_v) and not corner[1].isdisjoint(below_h):
                    found = (x, y, right_x, below_pt[1])
                    break
            if found:
                out.append(found)
                break
    return out


def _cells_to_tables(cells: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's ``cells_to_tables``: cells grouped into tables by shared corners, each group grown by passes
    over the cells left in their order, tables ordered by their top-left cell; single cells dropped.

    The same passes, each keeping the cells it leaves in a new list instead of removing the others one by
    one from the old (the cells are distinct: each starts at its own intersection).
    """
    remaining = list(cells)
    corners: set[tuple] = set()
    current: list[tuple] = []
    tables = []
    while remaining:
        before = len(current)
        left = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or own[0] in corners or own[1] in corners or own[2] in corners or own[3] in corners:
                corners.update(own)
                current.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current) == before:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    return [t for t in sorted(tables, key=lambda t: min((c[1], c[0]) for c in t)) if len(t) > 1]


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


def _open_sides(edges: list[dict], chars: list[dict], page_height: float, tol: float = 3.0) -> list[dict]:
    """The outer frame of a table drawn without it (only its inner rules): a rule along each side of the
    rules' extent that has text beyond the last inner rule and no rule of its own.

    Rules are grouped into tables by crossing.  Without a closing side, the outermost row or column (the row
    labels on the left, the header on top, the totals at the foot) has no cells and its values are lost.
    """
    v = sorted((e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > tol), key=lambda e: e["x0"])
    h = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > tol]
    if not v or not h:  # one horizontal rule is enough: a piece of a table cut by pages, its rows either side
        return []
    margin = 0.09 * page_height  # where running headers and footers stand (layout.remove_furniture)
    parent = list(range(len(v) + len(h)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    crossed = set()
    for k, i in _crossings(v, h, tol):
        parent[root(len(v) + k)] = root(i)
        crossed.add(k)
    # rules of one width a row apart are one table, though no rule crosses the row between them (a merged
    # row across the table: 第二十条第（五）项).  A rule no inner rule crosses joins only with text between it
    # and the table, and outside the page's margins: a running header's rule is no table's top
    ys = sorted({round(h[k]["top"], 1) for k in crossed})
    gaps = sorted(b - a for a, b in zip(ys, ys[1:]) if b - a > tol)
    if gaps:
        reach = 1.6 * gaps[len(gaps) // 2]
        last: dict[tuple, tuple[int, float]] = {}
        for k in sorted(range(len(h)), key=lambda k: h[k]["top"]):
            e = h[k]
            width = (round(e["x0"] / tol), round(e["x1"] / tol))
            before = last.get(width)
            if (before is not None and e["top"] - before[1] <= reach
                    and (k in crossed and before[0] in crossed
                         or (k in crossed or before[0] in crossed)
                         and margin < before[1] and e["top"] < page_height - margin
                         and _text_between(chars, e["x0"], before[1], e["x1"], e["top"]))):
                parent[root(len(v) + k)] = root(len(v) + before[0])
            last[width] = (k, e["top"])
    groups: dict[int, tuple[list, list]] = {}
    for i, e in enumerate(v):
        groups.setdefault(root(i), ([], []))[0].append(e)
    for k, e in enumerate(h):
        groups.setdefault(root(len(v) + k), ([], []))[1].append(e)
    out = []
    for gv, gh in groups.values():
        if not gv or not gh:
            continue
        x0, x1 = min(e["x0"] for e in gv + gh), max(e["x1"] for e in gv + gh)
        top, bottom = min(e["top"] for e in gv + gh), max(e["bottom"] for e in gv + gh)
        # the rules next to each side (a shaded row's box, which reaches the side, is not one)
        inner_x0 = min((e["x0"] for e in gv if e["x0"] > x0 + tol), default=x1)
        inner_x1 = max((e["x0"] for e in gv if e["x0"] < x1 - tol), default=x0)
        inner_top = min((e["top"] for e in gh if e["top"] > top + tol), default=bottom)
        inner_bottom = max((e["top"] for e in gh if e["top"] < bottom - tol), default=top)
        sides = [(_vline(x0, top, bottom), (x0, top, inner_x0, bottom), inner_x0 - x0 > tol
                  and not any(e["x0"] <= x0 + tol and e["bottom"] - e["top"] >= (bottom - top) / 2 for e in gv)),
                 (_vline(x1, top, bottom), (inner_x1, top, x1, bottom), x1 - inner_x1 > tol
                  and not any(e["x0"] >= x1 - tol and e["bottom"] - e["top"] >= (bottom - top) / 2 for e in gv)),
                 (_hline(x0, x1, top), (x0, top, x1, inner_top), inner_top - top > tol
                  and not any(e["top"] <= top + tol and e["x1"] - e["x0"] >= (x1 - x0) / 2 for e in gh)),
                 (_hline(x0, x1, bottom), (x0, inner_bottom, x1, bottom), bottom - inner_bottom > tol
                  and not any(e["top"] >= bottom - tol and e["x1"] - e["x0"] >= (x1 - x0) / 2 for e in gh))]
        for line, (left, upper, right, lower), missing in sides:
            if missing and _text_between(chars, left, upper, right, lower):
                out.append(line)
    return out


def _crossings(v: list[dict], h: list[dict], tol: float) -> Iterator[tuple[int, int]]:
    """(k, i) for each horizontal rule ``h[k]`` and vertical rule ``v[i]`` (``v`` sorted by x) that cross or
    touch, give or take ``tol``.

    The vertical rules are grouped by x and ordered by top, so a horizontal rule finds the ones it crosses
    by bisection, not by looking at every rule of every column it spans (a table drawn as one box per cell
    has one per row).
    """
    columns: list[tuple[float, list[int]]] = []
    for i, e in enumerate(v):
        if not columns or columns[-1][0] != e["x0"]:
            columns.append((e["x0"], []))
        columns[-1][1].append(i)
    xs = [x for x, _ in columns]
    # each column: the tops less tol, the bottoms, the lowest bottom of the rules up to each, their indexes
    rules = []
    for _, ids in columns:
        ids.sort(key=lambda i: v[i]["top"])
        bottoms = [v[i]["bottom"] for i in ids]
        rules.append(([v[i]["top"] - tol for i in ids], bottoms, list(itertools.accumulate(bottoms, max)), ids))
    for k, e in enumerate(h):
        y = e["top"]
        for tops, bottoms, reach, ids in rules[bisect.bisect_left(xs, e["x0"] - tol):
                                               bisect.bisect_right(xs, e["x1"] + tol)]:
            # the rules of this x that start above y, walked up while one of them may reach down to y
            j = bisect.bisect_right(tops, y) - 1
            while j >= 0 and reach[j] + tol >= y:
                if bottoms[j] + tol >= y:
                    yield k, ids[j]
                j -= 1


def _text_between(chars: list[dict], left: float, top: float, right: float, bottom: float) -> bool:
    return any(left < (c["x0"] + c["x1"]) / 2 < right and top < (c["top"] + c["bottom"]) / 2 < bottom for c in chars)


def _vline(x: float, top: float, bottom: float) -> dict:
    return {"object_type": "line", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0,
            "height": bottom - top, "orientation": "v"}


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
    inside, centres = [], []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            inside.append(ch)
            centres.append(cx)
    # the characters by the height of their middle, so each row of cells looks only at its own band, and a
    # band's by the x of their middle, so each cell takes its own from it (a table has hundreds of cells)
    mids = sorted(((ch["top"] + ch["bottom"]) / 2, i) for i, ch in enumerate(inside))
    keys = [m for m, _ in mids]
    bands: dict[tuple, tuple[list, list]] = {}
    # each coordinate's row or column, found once: cells share their edges
    rows_at = {v: _index(ys, v) for v in {c[1] for c in cells} | {c[3] for c in cells}}
    cols_at = {v: _index(xs, v) for v in {c[0] for c in cells} | {c[2] for c in cells}}
    out = []
    for bbox in cells:
        cx0, ctop, cx1, cbottom = bbox
        band = bands.get((ctop, cbottom))
        if band is None:
            by_x = sorted((centres[i], i) for _, i in mids[bisect.bisect_left(keys, ctop):bisect.bisect_right(keys, cbottom)])
            band = bands[ctop, cbottom] = (by_x, [x for x, _ in by_x])
        by_x, band_xs = band
        own = [inside[i] for i in sorted(i for _, i in by_x[bisect.bisect_left(band_xs, cx0):bisect.bisect_right(band_xs, cx1)])]
        text = cell_text(own) if own else ""
        r0, c0 = rows_at[ctop], cols_at[cx0]
        out.append(GridCell(text=text, r0=r0, r1=max(rows_at[cbottom], r0 + 1), c0=c0, c1=max(cols_at[cx1], c0 + 1),
                            bbox=tuple(bbox)))
    return Grid(page=page_number, bbox=(x0, top, x1, bottom), cells=tuple(out),
                n_rows=len(ys) - 1, n_cols=len(xs) - 1)


def cell_text(chars: list[dict]) -> str:
    """The text of a cell's characters: ``"".join(line.text for line in chars_to_lines(chars))``, spaces between
    Chinese closed, computed without building the lines (a table has hundreds of cells, most of one number).

    It takes the runs ``layout.chars_to_lines`` makes its lines of (``layout.line_runs``) and their text as
    ``layout._make_line`` spaces it; tests/test_backends.py holds the two equal on every cell of the samples
    and corpus.
    """
    if len(chars) == 1:  # most cells: one digit, whose one run (if not blank) is itself
        t = chars[0]["text"]
        return close_cjk_spaces(close_cjk_spaces(t).strip()) if t.strip() else ""
    return close_cjk_spaces("".join([run_text(run) for run in line_runs(chars)]))


def outside(chars: list[dict], grids: list[Grid]) -> list[dict]:
    """The characters not printed inside any grid (the body text)."""
    if not grids:
        return chars
    boxes = [(b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1) for b in (g.bbox for g in grids)]
    out = []
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for left, top, right, bottom in boxes:
            if left <= x <= right and top <= y <= bottom:
                break
        else:
            out.append(ch)
    return out
