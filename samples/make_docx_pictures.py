"""Write sample Word files whose tables (or a paragraph) are pasted as pictures, into samples/docx_pictures/.

    python samples/make_docx_pictures.py

Agencies often paste a screenshot of a table into Word: the .docx then holds a picture where the table was,
and its text is in no run.  Each file here is one of the sample Word files of ``forms/`` rebuilt that way
with python-docx: each chosen table's ``w:tbl`` is removed, and in its place stand paragraphs holding one
picture each, the table as the matching sample PDF prints it (its ruled grid as the project's grid finder
finds it, 3 pt added around it, rendered with pdfium, as samples/make_image_tables.py does); a table the
PDF splits over two pages becomes two pictures one after the other, as a user pastes it.  A paragraph can
be pasted as a picture too (its box on the PDF page), and a photo with no text can be added at the end.
Each picture is shown at the size it is printed in the PDF, so its resolution as shown is the one it was
rendered at.  Which tables, in grey or colour, PNG or JPEG, inline or anchored, is ``SAMPLES``.

The truth of each file is its source's truth with the file's own name and bytes (the report is the same).
Byte-identical from run to run: python-docx numbers its parts and ids in order, the photo is seeded, and the
package is rewritten with fixed member times in a fixed order.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "docx_pictures"
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from make_image_tables import MARGIN, photo

# the PDF each Word file's pictures are rendered from (the same report: the truths' tables and sections agree)
PDFS = {
    "layout-word-2022": HERE / "layout-word-2022.pdf",
    "layout-gov-2024": HERE / "layout-gov-2024.pdf",
    "format2019-huangpu-2020": HERE / "producers" / "format2019-huangpu-2020.docx.soffice.pdf",
}
EMU_PER_PT = 12700

# name -> (source, replacements, photo at the end)
# a replacement: (what it replaces: ("table", index in the body) or ("paragraphs", first, last index in the
# body), its pictures: [(page, ("grid", index on the page) or ("box", (x0, top, x1, bottom)))],
# dpi, colour mode, JPEG quality or None (PNG), anchored)
SAMPLES = {
    "pictures-applications-word-2022": (
        "layout-word-2022",
        [(("table", 1), [(3, ("grid", 1)), (4, ("grid", 0))], 150, "L", None, False)],
        False),
    "pictures-tables-gov-2024": (
        "layout-gov-2024",
        [(("table", 0), [(2, ("grid", 0)), (3, ("grid", 0))], 200, "RGB", None, False),
         (("table", 1), [(3, ("grid", 1)), (4, ("grid", 0))], 120, "RGB", 75, False),
         (("table", 2), [(4, ("grid", 1))], 175, "L", None, True)],
        False),
    # the paragraphs of 一 under its heading (2020年，黄浦区… and （一）主动公开情况。…) and table 四
    "pictures-paragraph-huangpu-2020": (
        "format2019-huangpu-2020",
        [(("paragraphs", 3, 4), [(1, ("box", (86.0, 216.0, 522.0, 291.0)))], 150, "L", None, False),
         (("table", 2), [(4, ("grid", 1))], 150, "RGB", 80, False)],
        True),
}
PHOTO_PT = (220.0, 130.0)  # a photo's size as shown (points): wide enough to be read, no text in it


def _box(doc, page: int, where: tuple) -> tuple[float, float, float, float]:
    from reportparse.readers import pdfium as P
    from reportparse.tables.grid import find_grids

    kind, what = where
    if kind == "box":
        return what
    p = P.read_page(doc, page - 1)
    x0, top, x1, bottom = find_grids(p, p.chars, page)[what].bbox
    return x0 - MARGIN, top - MARGIN, x1 + MARGIN, bottom + MARGIN


def render(pdf: Path, pictures: list, dpi: int, mode: str, quality: int | None) -> list[tuple[bytes, float, float]]:
    """Each picture's image bytes (PNG, or JPEG at ``quality``) and its size in points."""
    import pypdfium2 as pdfium

    from reportparse.readers import pdfium as P

    data = pdf.read_bytes()
    doc = P.open_document(data, pdf.name)
    render_doc = pdfium.PdfDocument(data)
    out = []
    for page, where in pictures:
        x0, top, x1, bottom = _box(doc, page, where)
        p = render_doc[page - 1]
        width, height = p.get_size()
        img = p.render(scale=dpi / 72, crop=(x0, height - bottom, width - x1, top)).to_pil().convert(mode)
        p.close()
        buf = io.BytesIO()
        if quality is None:
            img.save(buf, format="PNG")
        else:
            img.save(buf, format="JPEG", quality=quality, optimize=True)
        out.append((buf.getvalue(), x1 - x0, bottom - top))
    render_doc.close()
    P.close_document(doc)
    return out


def _picture_paragraph(document, image: bytes, width_pt: float, height_pt: float, anchored: bool):
    """A new paragraph (at the body's end) holding the picture shown at the given size."""
    from docx.shared import Emu

    p = document.add_paragraph()
    p.add_run().add_picture(io.BytesIO(image), width=Emu(round(width_pt * EMU_PER_PT)),
                            height=Emu(round(height_pt * EMU_PER_PT)))
    if anchored:
        _anchor(p._p)
    return p._p


def _anchor(p) -> None:
    """The paragraph's inline picture made an anchored one (top and bottom wrapping, at the paragraph's place),
    as Word writes a picture set to 上下型环绕."""
    from docx.oxml.ns import qn
    from lxml import etree

    inline = p.find(".//" + qn("wp:inline"))
    anchor = etree.Element(qn("wp:anchor"), {"distT": "0", "distB": "0", "distL": "114300", "distR": "114300",
                                            "simplePos": "0", "relativeHeight": "251659264", "behindDoc": "0",
                                            "locked": "0", "layoutInCell": "1", "allowOverlap": "1"})
    etree.SubElement(anchor, qn("wp:simplePos"), {"x": "0", "y": "0"})
    for axis, rel in (("H", "column"), ("V", "paragraph")):
        pos = etree.SubElement(anchor, qn(f"wp:position{axis}"), {"relativeFrom": rel})
        etree.SubElement(pos, qn("wp:posOffset")).text = "0"
    anchor.append(inline.find(qn("wp:extent")))
    etree.SubElement(anchor, qn("wp:effectExtent"), {"l": "0", "t": "0", "r": "0", "b": "0"})
    etree.SubElement(anchor, qn("wp:wrapTopAndBottom"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(tag)))
    inline.getparent().replace(inline, anchor)


def build(source: str, replacements: list, with_photo: bool) -> bytes:
    import docx

    document = docx.Document(HERE / "forms" / f"{source}.docx")
    body = document.element.body
    children = list(body.iterchildren())
    tables = [c for c in children if c.tag.endswith("}tbl")]
    for (kind, *which), pictures, dpi, mode, quality, anchored in replacements:
        old = [tables[which[0]]] if kind == "table" else children[which[0]:which[1] + 1]
        assert kind == "table" or all(o.tag.endswith("}p") for o in old), "a paragraph's index is off"
        for image, w, h in render(PDFS[source], pictures, dpi, mode, quality):
            old[0].addprevious(_picture_paragraph(document, image, w, h, anchored))
        for o in old:
            body.remove(o)
    if with_photo:
        w, h = PHOTO_PT
        buf = io.BytesIO()
        photo(round(w * 150 / 72), round(h * 150 / 72)).save(buf, format="PNG")
        last = [c for c in body.iterchildren() if c.tag.endswith("}p")][-1]
        last.addnext(_picture_paragraph(document, buf.getvalue(), w, h, False))
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member times in a fixed order, so every run writes the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = src.namelist()
    first = [n for n in names if n == "[Content_Types].xml"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in first + sorted(n for n in names if n not in first):
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), src.read(name), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def truth_for(source: str, path: Path, pictured: str) -> dict:
    return own_truth(HERE / "forms" / f"{source}.docx.truth.json", path,
                     f"forms/{source}.docx.truth.json with this file's name and bytes: "
                     f"samples/make_docx_pictures.py pastes {pictured} as pictures rendered from "
                     f"{PDFS[source].relative_to(HERE)}; regenerate, do not edit.")


def own_truth(source_truth: Path, path: Path, verification: str) -> dict:
    """The truth of ``source_truth`` for the file ``path`` (the same report, read by OCR): its name and bytes."""
    truth = copy.deepcopy(json.loads(source_truth.read_text(encoding="utf-8")))
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    truth["file"], truth["report_id"] = path.name, sha[:16]
    truth["source"] = {**truth["source"], "path": path.name, "sha256": sha, "ocr": True}
    truth["verification"] = verification
    return truth


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, (source, replacements, with_photo) in SAMPLES.items():
        data = build(source, replacements, with_photo)
        path = OUT / f"{name}.docx"
        path.write_bytes(data)
        what = ", ".join(f"table {which[0] + 1}" if kind == "table" else f"{which[1] - which[0] + 1} paragraphs"
                         for (kind, *which), *_ in replacements)
        truth = truth_for(source, path, what)
        (OUT / f"{name}.docx.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
        print(f"{path.relative_to(HERE)}: {path.stat().st_size // 1024} KiB, sha256 {truth['report_id']}…")


if __name__ == "__main__":
    main()
