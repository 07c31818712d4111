"""Tables and paragraphs pasted as pictures on a text-layer page (a screenshot in a Word file exported to PDF).

Only the pictures are read by OCR (readers/ocr_pictures.py); the page's text layer is kept as it
is.  The samples are made by samples/make_image_tables.py from the project's sample PDFs; each truth is the
source sample's.  Reading one costs 4-16 s, so each is read once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from truth import cell_differences, section_texts
from variants import cell_errors

import reportparse
from reportparse.readers import ocr, ocr_pictures
from reportparse.readers.pdfium import PdfiumPage
from fonts import needs_sample_font

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "image_tables"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")

# sample -> (cells right at least: measured, all of them; pages whose pictures hold text)
READ = {
    "picture-tables-word-2022": (200, {3}),  # its page 4 is the picture and its folio: read whole (ocr_used)
    "picture-tables-wps-2023": (200, {3, 4}),  # JPEG, colour, 150 dpi; table 四 a picture of its own
    "picture-tables-gov-2024": (186, {2, 3, 4}),  # table 二 too, on both its pages
    "picture-paragraph-word-2022": (200, {1}),  # a paragraph of 一; a photo on page 5
}


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


def _cells(truth: dict) -> int:
    return sum(len(cols or {}) for rows in truth["tables"].values() for cols in rows.values())


@pytest.fixture(scope="module", params=sorted(READ))
def sample(request):
    return request.param, reportparse.parse(SAMPLES / f"{request.param}.pdf").to_dict()


@pytest.fixture(scope="module")
def paragraph():
    return reportparse.parse(SAMPLES / "picture-paragraph-word-2022.pdf").to_dict()


# ------------------------------------------------------------------ read with the engine
@needs_ocr
def test_cells_are_the_truths_or_flagged(sample):
    name, record = sample
    truth = _truth(name)
    assert cell_errors(record, truth) == []  # never a wrong number silently
    right = _cells(truth) - len(cell_differences(record, truth))
    assert right >= READ[name][0], cell_differences(record, truth)
    assert record["source"]["ocr"] is True
    assert record["title"] == truth["title"]
    assert record["agency"] in {truth["agency"], *truth.get("agency_aliases", [])}


@needs_ocr
def test_each_picture_read_is_warned_with_its_page_and_box(sample):
    name, record = sample
    read = [w for w in record["warnings"] if w["code"] == "image_text"]
    assert {w["page"] for w in read} == READ[name][1]
    for w in read:
        assert w["message"].startswith("a picture [") and "read by OCR" in w["message"]
    assert not [w for w in record["warnings"] if w["code"] in ("image_unread", "table_missing", "rows_missing")]


@needs_ocr
def test_the_sections_read_as_the_truth(sample):
    name, record = sample
    want = {s["key"]: "".join(s["text"].split()) for s in _truth(name)["sections"]}
    assert section_texts(record) == want


@needs_ocr
def test_a_pictured_paragraph_is_read_into_its_section(paragraph):
    text = section_texts(paragraph)["overview"]
    assert "2022年，西湖区人民政府办公室坚持以习近平新时代中国特色社会主义思想为指导" in text
    assert "全区政府信息公开工作取得新成效。" in text


@needs_sample_font
@needs_ocr
def test_a_photo_adds_nothing(paragraph):
    assert not [w for w in paragraph["warnings"] if w["page"] == 5]
    data = (SAMPLES / "picture-paragraph-word-2022.pdf").read_bytes()
    from reportparse.readers import pdfium as P

    doc = P.open_document(data, "photo")
    page = P.read_page(doc, 4)
    P.close_document(doc)
    found = ocr_pictures.pictures(page, page.chars)
    assert [box for box, _ in found] == [(300.0, 640.0, 520.0, 770.0)]  # a candidate by its size …
    region = ocr_pictures.read_picture(ocr.Reader(data), 4, *found[0])
    assert sum(1 for c in region.chars if c["text"].strip()) < ocr_pictures.PICTURE_CHARS  # … in which OCR reads no text
    pages = ocr.Pages(data, "auto", issues := [])
    assert pages.take(page, page.chars, 5) == (page, page.chars) and issues == [] and not pages.used


@needs_sample_font
@needs_ocr
def test_the_ocr_cells_are_marked_and_placed_on_the_picture():
    data = (SAMPLES / "picture-tables-wps-2023.pdf").read_bytes()
    from reportparse.readers import pdfium as P

    doc = P.open_document(data, "wps")
    page = P.read_page(doc, 3)
    P.close_document(doc)
    pages = ocr.Pages(data, "auto", issues := [])
    out, chars = pages.take(page, page.chars, 4)
    assert chars[:len(page.chars)] == page.chars  # the text layer as it was, OCR's characters after it
    assert len(out.lines) > len(page.lines)
    pictured = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    assert pages.cells and all(c.page == 4 for c in pages.cells)
    for c in pages.cells:  # every cell read lies in one of the pictures
        assert any(b[0] - 1 <= c.bbox[0] and c.bbox[2] <= b[2] + 1
                   and b[1] - 1 <= c.bbox[1] and c.bbox[3] <= b[3] + 1 for b in pictured)
    assert [w.page for w in issues] == [4, 4]


@needs_sample_font
@needs_ocr
def test_a_screenshot_at_screen_resolution_reads_too(tmp_path):
    """96 dpi, JPEG: a table as a screenshot on a screen at 100% gives it (written here, not a sample)."""
    m = _script()
    path = tmp_path / "wps-96dpi.pdf"
    path.write_bytes(m.build("layout-wps-2023", [("grid", 3, 1), ("grid", 4, 0), ("grid", 4, 1)], 96, "RGB", 70,
                             False))
    record = reportparse.parse(path).to_dict()
    truth = json.loads((ROOT / "samples" / "layout-wps-2023.truth.json").read_text(encoding="utf-8"))
    assert cell_differences(record, truth) == []  # every cell right (measured)
    assert "150 dpi" in next(w["message"] for w in record["warnings"] if w["code"] == "image_text")


@needs_ocr
def test_a_picture_on_a_cropped_page_is_read_where_it_shows(tmp_path):
    """A CropBox inside the MediaBox: pdfium renders the CropBox, the boxes are from the MediaBox's corner."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(SAMPLES / "picture-paragraph-word-2022.pdf")
    for page in doc:
        page.set_cropbox(30, 40, 565, 812)
    path = tmp_path / "cropped.pdf"
    doc.save(path)
    doc.close()
    record = reportparse.parse(path).to_dict()
    read = [w for w in record["warnings"] if w["code"] == "image_text"]
    assert [(w["page"], w["message"][:37]) for w in read] == [(1, "a picture [70.0, 504.0, 526.0, 646.0]")]
    want = {s["key"]: "".join(s["text"].split()) for s in _truth("picture-paragraph-word-2022")["sections"]}
    assert section_texts(record) == want


# ------------------------------------------------------------------ without the engine, or without OCR
def _unavailable():
    raise ocr.OcrUnavailable(f"the OCR engine is not installed (rapidocr); {ocr.INSTALL_HINT}")


def test_without_the_engine_a_picture_is_warned_and_the_table_stays_missing(monkeypatch):
    monkeypatch.setattr(ocr, "engine", _unavailable)
    record = reportparse.parse(SAMPLES / "picture-tables-wps-2023.pdf").to_dict()
    unread = [w for w in record["warnings"] if w["code"] == "image_unread"]
    assert [w["page"] for w in unread] == [3, 4, 4]
    assert all("pip install 'reportparse[ocr]'" in w["message"] for w in unread)
    assert unread[0]["message"].startswith("a picture [66.6, 296.0, 528.6, 712.5] with no text over it")
    missing = {w["message"] for w in record["warnings"] if w["code"] == "table_missing"}
    assert any("applications" in m for m in missing) and any("review_litigation" in m for m in missing)
    assert record["source"]["ocr"] is False
    truth = _truth("picture-tables-wps-2023")
    assert cell_differences(record, {"tables": {"active_disclosure": truth["tables"]["active_disclosure"]}}) == []


def test_a_picture_that_cannot_be_drawn_costs_itself(monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("pdfium could not render the page")

    monkeypatch.setattr(ocr, "engine", lambda: None)
    monkeypatch.setattr(ocr_pictures, "read_picture", broken)
    record = reportparse.parse(SAMPLES / "picture-paragraph-word-2022.pdf").to_dict()
    unread = [(w["page"], w["message"]) for w in record["warnings"] if w["code"].startswith("image_")]
    assert [page for page, _ in unread] == [1, 5] and all("RuntimeError" in m for _, m in unread)
    assert cell_differences(record, _truth("picture-paragraph-word-2022")) == []


def test_ocr_never_reads_no_picture(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a picture was rendered")

    monkeypatch.setattr(ocr_pictures, "read_picture", refuse)
    record = reportparse.parse(SAMPLES / "picture-paragraph-word-2022.pdf", ocr="never").to_dict()
    assert not [w for w in record["warnings"] if w["code"].startswith("image_")]
    assert "西湖区人民政府办公室坚持" not in section_texts(record)["overview"]


@pytest.mark.parametrize("name", ["layout-word-2022", "layout-wps-2023", "layout-gov-2024"])
def test_text_only_samples_render_nothing_and_read_as_before(monkeypatch, name):
    def refuse(*a, **k):
        raise AssertionError("a picture was rendered")

    monkeypatch.setattr(ocr_pictures, "read_picture", refuse)
    monkeypatch.setattr(ocr, "engine", refuse)
    record = reportparse.parse(ROOT / "samples" / f"{name}.pdf").to_dict()
    truth = json.loads((ROOT / "samples" / f"{name}.truth.json").read_text(encoding="utf-8"))
    assert cell_differences(record, truth) == []
    assert not [w for w in record["warnings"] if w["code"].startswith(("image_", "ocr_"))]
    assert record["source"]["ocr"] is False


# ------------------------------------------------------------------ which images are read
def _page(images: list[dict], chars: list[dict] | None = None) -> PdfiumPage:
    return PdfiumPage(number=1, width=595.0, height=842.0, chars=chars or [], images=images, n_images=len(images))


def _image(x0, top, x1, bottom, px=0) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "srcsize": (px, 0)}


def _char(x, top, size=16.0) -> dict:
    return {"text": "字", "x0": x, "x1": x + size, "top": top, "bottom": top + size, "size": size}


def test_which_images_may_be_pictures_of_text():
    table = _image(70, 100, 525, 500, px=948)  # 455 pt at 948 px: 150 dpi
    assert ocr_pictures.pictures(_page([table]), []) == [((70, 100, 525, 500), 150)]
    assert ocr_pictures.pictures(_page([_image(400, 100, 540, 240, px=500)]), []) == []  # a seal: a quarter of the page
    assert ocr_pictures.pictures(_page([_image(70, 100, 525, 108)]), []) == []  # a strip, not a line of text high
    screen = _image(70, 100, 525, 200, px=600)  # a screenshot at 95 dpi: read at 150
    assert ocr_pictures.pictures(_page([screen]), []) == [((70, 100, 525, 200), 150)]
    sharp = _image(70, 100, 525, 200, px=2500)  # 396 dpi: read at 300
    assert ocr_pictures.pictures(_page([sharp]), [])[0][1] == 300
    assert ocr_pictures.pictures(_page([_image(70, 100, 525, 200)]), [])[0][1] == 200  # pixels unknown
    # behind the text: a background, a letterhead, a scan under its own text layer
    body = [_char(74 + 16 * i, 110 + 29 * j) for i in range(28) for j in range(3)]
    assert ocr_pictures.pictures(_page([table], body), body) == []
    caption = body[:3]  # a few characters over a picture do not hide it
    assert ocr_pictures.pictures(_page([table], caption), caption) == [((70, 100, 525, 500), 150)]
    # a table pasted as two overlapping pictures is one region; the page's edge bounds it
    halves = [_image(70, 100, 525, 320, px=948), _image(70, 300, 525, 900, px=1300)]
    assert ocr_pictures.pictures(_page(halves), []) == [((70, 100, 525, 842.0), 206)]


def test_both_backends_box_the_pictures_alike():
    import pdfplumber

    from reportparse.readers import pdfium as P

    path = SAMPLES / "picture-tables-gov-2024.pdf"
    doc = P.open_document(path.read_bytes(), path)
    with pdfplumber.open(path) as pdf:
        for i, plumber in enumerate(pdf.pages):
            mine = P.read_page(doc, i).images
            theirs = plumber.images
            assert len(mine) == len(theirs)
            for a, b in zip(mine, theirs):
                assert all(abs(a[k] - b[k]) < 0.01 for k in ("x0", "x1", "top", "bottom"))
                assert tuple(a["srcsize"]) == tuple(b["srcsize"])
    P.close_document(doc)


def _script():
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    try:
        import make_image_tables
    finally:
        sys.path.remove(str(ROOT / "samples"))
    return make_image_tables


@needs_sample_font
def test_the_samples_are_what_the_script_writes():
    m = _script()
    for name, (source, pictures, dpi, mode, quality, photo) in m.SAMPLES.items():
        assert m.build(source, pictures, dpi, mode, quality, photo) == (SAMPLES / f"{name}.pdf").read_bytes(), name
