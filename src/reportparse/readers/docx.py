"""Word file (.docx) -> Document: paragraphs and tables in body order, merged cells resolved.

python-docx opens the package and gives the body's paragraphs; the tables are read from their XML
(``w:tr``/``w:tc``) so that horizontal merges (``w:gridSpan``, ``w:gridBefore``) and vertical ones
(``w:vMerge`` restart/continue) become the same grid of spans the PDF reader builds, which python-docx's
``table.rows[i].cells`` (a merged cell repeated in every slot) does not give.
"""

from __future__ import annotations

from reportparse.document import Document, Grid, GridCell, Meta
from reportparse.errors import CorruptPDFError, NotAReportError
from reportparse.inputs import Source
from reportparse.layout import display_width
from reportparse.model import Line
from reportparse.readers.text import hard_wrapped
from reportparse.normalize import close_cjk_spaces, halfwidth_digits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(source: Source) -> Document:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(source.data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise CorruptPDFError(f"the Word file is damaged ({type(e).__name__}: {e})", source.path) from e
    except Exception as e:  # noqa: BLE001 - lxml/zip errors on a broken package
        raise CorruptPDFError(f"the Word file cannot be read ({type(e).__name__}: {e})", source.path) from e
    lines: list[Line] = []
    grids: list[Grid] = []
    breaks: set[int] = set()
    numbering = _Numbering(document)
    for block in _blocks(document.element.body):
        if block.tag == f"{_W}p":
            for text, head in _paragraph(block, numbering.label(block)):
                i = len(lines)
                lines.append(Line(text=text, page=1, x0=0.0, x1=display_width(text), top=float(i),
                                  bottom=float(i + 1), head=head, raw=halfwidth_digits(text)))
        elif block.tag == f"{_W}tbl":
            grid = _grid(block, len(lines))
            if grid is not None:
                grids.append(grid)
                breaks.add(len(lines))
    if sum(len(ln.text) for ln in lines) < 20 and not grids:
        raise NotAReportError("the Word file holds almost no text", source.path)
    core = document.core_properties
    # the package's title may stand in for a missing one; its author is a person, never the publisher
    meta = Meta(title=(core.title or "").strip() or None)
    return Document(lines=lines, grids=grids, pages=None, blocks=not hard_wrapped(lines), meta=meta, breaks=breaks)


def _blocks(parent):
    """Paragraphs and tables in body order, also those inside content controls (w:sdt) and custom XML."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _blocks(content)
        else:
            yield child


def _runs(p) -> list[tuple[str, bool, str]]:
    """(text, bold, font) of each run of a paragraph; a <w:br/> is a newline."""
    out = []
    for r in p.iter(f"{_W}r"):
        rpr = r.find(f"{_W}rPr")
        bold = rpr is not None and rpr.find(f"{_W}b") is not None and rpr.find(f"{_W}b").get(f"{_W}val") not in ("0", "false")
        fonts = rpr.find(f"{_W}rFonts") if rpr is not None else None
        font = (fonts.get(f"{_W}eastAsia") or fonts.get(f"{_W}ascii") or "") if fonts is not None else ""
        text = []
        for child in r:
            if child.tag == f"{_W}t":
                text.append(child.text or "")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                text.append("\n")
            elif child.tag == f"{_W}tab":
                text.append(" ")
        out.append(("".join(text), bold, font))
    return out


def _paragraph(p, label: str = "") -> list[tuple[str, str]]:
    """A paragraph's lines (split at manual line breaks) with the run-in head set in its own font or bold;
    ``label``: the number Word's list numbering prints before it (一、, （一）)."""
    runs = _runs(p)
    if label:
        runs = [(label, *(runs[0][1:] if runs else (False, "")))] + runs
    text = "".join(t for t, _, _ in runs)
    head = ""
    if runs and len(runs) > 1:
        first_style = runs[0][1:]
        n = 0
        for t, bold, font in runs:
            if (bold, font) != first_style:
                break
            n += len(t)
        if 0 < n < len(text.strip()) and first_style != runs[-1][1:]:
            head = close_cjk_spaces(text[:n].strip())
    out = []
    for k, part in enumerate(text.split("\n")):
        clean = close_cjk_spaces(" ".join(part.replace("\u3000", " ").split()))
        if clean:
            out.append((clean, head if k == 0 else ""))
    return out


def _cell_text(tc) -> str:
    parts = []
    for p in tc.iter(f"{_W}p"):
        t = "".join(t for t, _, _ in _runs(p)).replace("\n", "")
        t = " ".join(t.replace("\u3000", " ").split())
        if t:
            parts.append(t)
    return close_cjk_spaces(halfwidth_digits("".join(parts)))


def _grid(tbl, position: int) -> Grid | None:
    cells: list[GridCell] = []
    open_cells: dict[int, int] = {}  # column -> index in cells of the cell a vMerge continues
    n_cols = 0
    rows = [tr for tr in tbl.iterchildren(f"{_W}tr")]
    for r, tr in enumerate(rows):
        c = 0
        trpr = tr.find(f"{_W}trPr")
        before = trpr.find(f"{_W}gridBefore") if trpr is not None else None
        if before is not None:
            c += int(before.get(f"{_W}val") or 0)
        for tc in tr.iterchildren(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{_W}val") or 1))
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{_W}val") or "continue"
            if vmerge == "continue" and c in open_cells:
                k = open_cells[c]
                old = cells[k]
                cells[k] = GridCell(text=old.text, r0=old.r0, r1=r + 1, c0=old.c0, c1=old.c1)
            else:
                cells.append(GridCell(text=_cell_text(tc), r0=r, r1=r + 1, c0=c, c1=c + span))
                if vmerge == "restart":
                    open_cells[c] = len(cells) - 1
                else:
                    open_cells.pop(c, None)
            c += span
        n_cols = max(n_cols, c)
    if not cells:
        return None
    at = position - 0.5
    return Grid(page=1, bbox=(0.0, at, 0.0, at), cells=tuple(cells), n_rows=len(rows), n_cols=n_cols)


# ------------------------------------------------------------------ automatic list numbering
_CN = "一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _val(el) -> str | None:
    return el.get(f"{_W}val") if el is not None else None


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + (_CN[n - 11] if n > 10 else "")
    if n < 100:
        return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")
    return str(n)


def _format(n: int, fmt: str | None) -> str:
    if fmt and fmt.startswith(("chineseCounting", "japaneseCounting", "taiwaneseCounting", "ideographDigital")):
        return _chinese(n)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and the rest


class _Numbering:
    """The numbers Word prints from its numbering definitions (a heading's 一、 that is not in its text).

    Each list (w:numId) counts its levels in body order; a level's count restarts when a shallower level
    steps.  Numbering given by a paragraph's style (a 标题 style with a list) counts too.
    """

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str | None, str, int]]] = {}
        self.counts: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        abstract: dict[str, dict[int, tuple[str | None, str, int]]] = {}
        if root is not None:
            for an in root.iterchildren(f"{_W}abstractNum"):
                levels = {}
                for lvl in an.iterchildren(f"{_W}lvl"):
                    start = _val(lvl.find(f"{_W}start"))
                    levels[int(lvl.get(f"{_W}ilvl") or 0)] = (_val(lvl.find(f"{_W}numFmt")),
                                                               _val(lvl.find(f"{_W}lvlText")) or "",
                                                               int(start) if start and start.isdigit() else 1)
                abstract[an.get(f"{_W}abstractNumId")] = levels
            for num in root.iterchildren(f"{_W}num"):
                self.levels[num.get(f"{_W}numId")] = abstract.get(_val(num.find(f"{_W}abstractNumId")), {})
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            for st in styles.iterchildren(f"{_W}style"):
                num = st.find(f"{_W}pPr/{_W}numPr")
                if num is not None and _val(num.find(f"{_W}numId")):
                    self.style_num[st.get(f"{_W}styleId")] = (_val(num.find(f"{_W}numId")),
                                                              int(_val(num.find(f"{_W}ilvl")) or 0))

    def label(self, p) -> str:
        ppr = p.find(f"{_W}pPr")
        if ppr is None or not self.levels:
            return ""
        num = ppr.find(f"{_W}numPr")
        if num is not None and _val(num.find(f"{_W}numId")):
            num_id, ilvl = _val(num.find(f"{_W}numId")), int(_val(num.find(f"{_W}ilvl")) or 0)
        else:
            style = _val(ppr.find(f"{_W}pStyle"))
            if style not in self.style_num:
                return ""
            num_id, ilvl = self.style_num[style]
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counts = self.counts.setdefault(num_id, [0] * 10)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("none", "bullet"):
            return ""

        def number(m) -> str:
            k = int(m.group(1)) - 1
            f, _, start = levels.get(k, (fmt, "", 1))
            return _format(counts[k] + start - 1, f)

        import re

        return re.sub(r"%(\d)", number, text)
