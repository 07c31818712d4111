"""Reports that vary what real reports vary, built from the sample contents of samples/make_forms.py.

Each variant is a content record (the truth) changed in one way a report we have not seen may change
it: a heading's wording, a row label's typo, a cell printed as ``1,234`` or ``18（含转办2件）``, a title
without its year...  ``render`` writes it in one published form and parses it; the caller compares the
record with the changed truth.  Nothing here knows what the parser does.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import reportparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import make_forms
from truth import cell_differences

FORMS = tuple(make_forms.FORMS)
UNSPACED = ("crawl-glued.txt",)  # cells run together: a cell may be left null, with a warning naming it


def content(name: str) -> dict:
    """A sample's content truth: ``format2019`` (the 2019-format report) or a PDF sample's stem."""
    return make_forms._2019_truth() if name == "format2019" else make_forms.pdf_sample_content(name)


def with_cells(truth: dict, cells: dict[tuple[str, str, str], tuple[str, object]]) -> dict:
    """The same report with these cells printed as given: {(table, row, column): (printed, value)}."""
    truth = copy.deepcopy(truth)
    raws = truth.setdefault("raw_cells", {})
    for (table, row, col), (printed, value) in cells.items():
        raws[(table, row, col)] = printed
        truth["tables"][table][row][col] = value
    return truth


def with_heading(truth: dict, number: int, heading: str) -> dict:
    truth = copy.deepcopy(truth)
    for section in truth["sections"]:
        if section["number"] == number:
            section["heading"] = heading
    return truth


def render(truth: dict, form: str, folder: Path, stem: str = "variant") -> tuple[dict, Path]:
    """Write ``truth`` in ``form`` (a key of make_forms.FORMS) under ``folder``; its parsed record and path."""
    write, suffix, _ = make_forms.FORMS[form]
    path = folder / f"{stem}.{suffix}"
    path.write_bytes(write(truth))
    return reportparse.parse(path).to_dict(), path


def cell_errors(record: dict, truth: dict) -> list[str]:
    """Cells that differ from the truth without saying so: a wrong number, or a null whose row (or table)
    no warning names.  A null named by a warning is the parser declining to guess, which is allowed."""
    said = " ".join(w["message"] for w in record["warnings"])
    missing = {(w["message"].split(":", 1)[0], row) for w in record["warnings"] if w["code"] == "rows_missing"
               for row in w["message"].split("rows not found: ", 1)[-1].split(", ")}

    def named(table: str, row: str) -> bool:  # a warning names the row: table.row, or rows_missing's list
        return f"{table}.{row}" in said or (table, row) in missing

    out = []
    for table, rows in truth["tables"].items():
        got_rows = record["tables"].get(table) or {}
        for row, cols in rows.items():
            got = got_rows.get(row)
            if cols is None or got is None:
                lost = [v for v in (cols or got or {}).values() if v is not None]  # a row of blanks: no number
                if cols != got and lost and not named(table, row):
                    out.append(f"{table}.{row}: truth {cols} got {got}")
                continue
            for col, value in cols.items():
                if got.get(col) == value:
                    continue
                if got.get(col) is None and (named(table, row) or f"{table}: " in said):
                    continue
                out.append(f"{table}.{row}.{col}: truth {value!r} got {got.get(col)!r}")
    return out


exact_cell_errors = cell_differences  # every cell that differs from the truth, flagged or not


# ------------------------------------------------------------------ PDFs, laid out by samples/make_samples.py
def pdf_sample(name: str) -> dict:
    """A copy of one of make_samples.py's sample definitions (WORD, WPS, GOV, SHANGHAI, JINJIANG), to vary."""
    import make_samples

    by_name = {s["name"]: s for s in make_samples.SAMPLES + make_samples.SHAPES}
    return copy.deepcopy(by_name[name])


def render_pdf(sample: dict, folder: Path, stem: str = "variant", dump: bool = False) -> tuple[dict, dict, Path]:
    """Lay ``sample`` out as make_samples.py does and write it as a PDF under ``folder`` (``dump``: as the text
    ``pdftotext -layout`` makes of that PDF): (record, truth, path).

    The truth holds what was drawn: agency, year, template, title, region, tables, sections."""
    import make_samples

    tables = make_samples.make_tables(sample)
    doc, sections = make_samples.lay_out(sample, tables)
    title = "".join(sample["title_lines"])
    if dump:
        path = folder / f"{stem}.txt"
        path.write_text(make_samples.layout_text(doc, sample["agency"]), encoding="utf-8")
    else:
        path = folder / f"{stem}.pdf"
        make_samples.render(path, doc, title, sample["agency"])
    return reportparse.parse(path).to_dict(), pdf_truth(sample, tables, sections, doc), path


def pdf_truth(sample: dict, tables: dict, sections: list, doc) -> dict:
    """What a PDF laid out from ``sample`` shows: agency, year, template, title, region, tables, sections."""
    return {"agency": sample["agency"], "agency_aliases": sample["aliases"], "year": sample["year"],
            "template": sample.get("template", "2021"), "title": "".join(sample["title_lines"]),
            "region": sample["region"], "preamble": sample["preamble"], "sections": sections, "tables": tables,
            "pages": len(doc.pages), "sign": sample.get("sign")}


# ------------------------------------------------------------------ a table printed as two (a page break pasted into a web page)
def split_grid(rows: list, at: int, header: int = 0, carry: bool = False) -> tuple[list, list]:
    """Rows of (text, rowspan, colspan) cut before row ``at`` into two tables.

    A merged cell running across the cut is cut too: its first part keeps the text, its second part is
    blank (or, with ``carry``, repeats it, as some pages do).  ``header``: the first rows repeated on top of
    the second table."""
    cells = list(make_forms.placed(rows))
    width = max(c + cs for _, c, _, _, cs in cells)
    first: dict[int, list] = {r: [] for r in range(at)}
    second: dict[int, list] = {r: [] for r in range(at, len(rows))}
    for r, c, text, rs, cs in cells:
        if r < at:
            first[r].append((c, text, min(rs, at - r), cs))
            if r + rs > at:
                second[at].append((c, text if carry else "", r + rs - at, cs))
        else:
            second[r].append((c, text, rs, cs))
    one = [[(t, rs, cs) for _, t, rs, cs in sorted(first[r])] for r in range(at)]
    two = [[(t, rs, cs) for _, t, rs, cs in sorted(second[r])] for r in range(at, len(rows))]
    assert all(sum(cs for _, _, cs in row) <= width for row in one + two)
    head = split_grid(rows, header)[0] if header else []  # its merged cells cut at the header's foot
    return one, head + two


def render_split(truth: dict, form: str, folder: Path, section: int, at: int, header: int = 0,
                 carry: bool = False, stem: str = "variant") -> tuple[dict, Path]:
    """``render``, with the table of ``section`` printed as two tables cut before its row ``at``."""
    original = make_forms.blocks

    def blocks(content: dict) -> list:
        out = []
        for kind, body in original(content):
            if kind == "table" and body == make_forms.GRIDS[section](content):
                one, two = split_grid(body, at, header, carry)
                out += [("table", one), ("table", two)]
            else:
                out.append((kind, body))
        return out

    make_forms.blocks = blocks
    try:
        return render(truth, form, folder, stem)
    finally:
        make_forms.blocks = original


def render_rows_text(truth: dict, folder: Path, sep: str = "\t", spans: bool = False, stem: str = "variant"):
    """The report as text copied out of a web page or a Word file: one paragraph a line, each table row on a
    line of its own with its cells separated by ``sep`` (a tab, as browsers copy tables; a merged cell once,
    or with ``spans`` once per column it covers).  (record, path)."""
    out = [truth["title"]]
    for kind, body in make_forms.blocks(truth)[1:]:
        if kind == "table":
            rows = make_forms.expand(body) if spans else [[t for t, _, _ in row] for row in body]
            out += [sep.join(row) for row in rows]
        else:
            out.append(make_forms._para_text(body))
    path = folder / f"{stem}.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return reportparse.parse(path).to_dict(), path


# ------------------------------------------------------------------ Word files edited in their XML (what Word itself writes)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def edit_docx(data: bytes, edit, part: str = "word/document.xml") -> bytes:
    """The Word package ``data`` with ``edit(root)`` applied to the XML of ``part`` (in place)."""
    import io
    import zipfile

    from lxml import etree

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == part:
                root = etree.fromstring(body)
                edit(root)
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(name, body)
    return out.getvalue()


def render_docx_edited(truth: dict, edit, folder: Path, stem: str = "variant") -> tuple[dict, Path]:
    """``render`` as a Word file, its document.xml changed by ``edit(root)`` first."""
    path = folder / f"{stem}.docx"
    path.write_bytes(edit_docx(make_forms.render_docx(truth), edit))
    return reportparse.parse(path).to_dict(), path


def render_html_edited(truth: dict, edit, folder: Path, form: str = "html", stem: str = "variant") -> tuple[dict, Path]:
    """``render`` as a web page (``html`` or ``gbk.html``), its markup changed by ``edit(text)`` first."""
    write, suffix, _ = make_forms.FORMS[form]
    encoding = "utf-8" if form == "html" else "gb18030"
    path = folder / f"{stem}.{suffix}"
    path.write_bytes(edit(write(truth).decode(encoding)).encode(encoding))
    return reportparse.parse(path).to_dict(), path


def with_title(truth: dict, title: str, agency: str | None = None, preamble: list[str] | None = None,
               region: dict | None = None) -> dict:
    """The same report under another title (and agency, preamble, region: the truth to compare with)."""
    truth = copy.deepcopy(truth)
    truth["title"] = title
    if agency is not None:
        truth["agency"] = agency
    if preamble is not None:
        truth["preamble"] = preamble
    if region is not None:
        truth["region"] = region
    return truth


# ------------------------------------------------------------------ the 2019 format's variants (tests/test_format_variants.py)
def with_year(truth: dict, year: int) -> dict:
    """The same report, on ``year`` (its title and preamble say so); its tables as they were printed."""
    truth = copy.deepcopy(truth)
    old = str(truth["year"])
    truth["year"] = year
    truth["title"] = truth["title"].replace(old, str(year))
    truth["preamble"] = [p.replace(old, str(year)) for p in truth["preamble"]]
    return truth


def render_columns(truth: dict, form: str, folder: Path, order: list[int], stem: str = "variant") -> tuple[dict, Path]:
    """``render`` with the applications table's organisation columns printed in another ``order`` (indexes
    into 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他), the header's two rows and every row's values alike."""
    original = make_forms.applications_grid

    def grid(content: dict) -> list:
        rows = original(content)
        rows[2] = [rows[2][k] for k in order]
        perm = [0] + [1 + k for k in order] + [6]
        return rows[:3] + [row[:-7] + [row[-7:][p] for p in perm] for row in rows[3:]]

    make_forms.GRIDS = {**make_forms.GRIDS, 3: grid}
    make_forms.applications_grid = grid
    try:
        return render(truth, form, folder, stem)
    finally:
        make_forms.GRIDS = {**make_forms.GRIDS, 3: original}
        make_forms.applications_grid = original
