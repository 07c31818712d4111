"""Searchable scans: a scanned page as one picture, its words an invisible text layer over it, its rules only
in the picture (readers/ocr_pictures.py, ``_scan_rules``).

The samples are made by samples/make_searchable.py from the project's sample PDFs (Tesseract-style words
turned with the skew, words set upright where the skew put them, a scan its producer straightened); each
truth is the source sample's.  Tesseract's chi_sim layer has a space glyph after every Chinese character
(``*.spaced.pdf``): the text must read without them.  Finding rules needs OpenCV (the ocr extra), not the OCR engine.
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import pytest
import regex
from truth import cell_differences, section_texts
from variants import cell_errors

import reportparse
from reportparse.readers import ocr_pictures
from reportparse.readers.pdfguard import guard
from reportparse.readers.pdfium import PdfiumPage
from fonts import needs_sample_font

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "searchable"
NAMES = sorted(p.name for p in SAMPLES.glob("*.pdf"))

try:
    import cv2  # noqa: F401

    HAS_CV2 = True
except ImportError:
    HAS_CV2 = False
needs_cv2 = pytest.mark.skipif(not HAS_CV2, reason="OpenCV (the ocr extra) is not installed")


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=NAMES)
def sample(request):
    return request.param, reportparse.parse(SAMPLES / request.param).to_dict()


def test_the_samples_are_there():
    assert len(NAMES) == 7  # each kind of text layer, at 150-200 dpi, skewed by -0.4 to +0.35 degrees


@needs_cv2
def test_every_cell_section_and_identity_is_the_truths(sample):
    name, record = sample
    truth = _truth(name)
    assert cell_differences(record, truth) == []
    assert section_texts(record) == {s["key"]: "".join(s["text"].split()) for s in truth["sections"]}
    assert record["title"] == truth["title"]
    assert (record["agency"], record["year"]) == (truth["agency"], truth["year"])
    texts = [s["text"] for s in record["sections"] if s["text"]]
    assert not [t for t in texts if regex.search(r"\p{Han} \p{Han}", t)]  # no space between Chinese characters


@needs_cv2
def test_each_page_says_its_words_are_its_producers_ocr_and_what_was_read(sample):
    name, record = sample
    pages = _truth(name)["source"].get("pages") or record["source"]["pages"]
    said = [w for w in record["warnings"] if w["code"] == "scan_text_layer"]
    assert [w["page"] for w in said] == list(range(1, pages + 1))
    assert all("a searchable scan" in w["message"] and "ruling lines read from the picture" in w["message"]
               for w in said)
    straightened = [w for w in said if "straightened by" in w["message"]]
    assert bool(straightened) == (".deskewed." not in name)  # a scan its producer straightened is not turned
    # the words are the text layer's: nothing read by OCR, no picture read as pasted text
    assert not [w for w in record["warnings"] if w["code"] in ("ocr_used", "image_text", "image_unread")]
    assert record["source"]["ocr"] is False


def test_without_opencv_the_tables_come_from_the_words_alone_and_nothing_is_wrong(monkeypatch):
    monkeypatch.setitem(sys.modules, "cv2", None)  # import cv2 raises ImportError
    name = "layout-wps-2023.tess.pdf"
    record = reportparse.parse(SAMPLES / name).to_dict()
    said = [w["message"] for w in record["warnings"] if w["code"] == "scan_text_layer"]
    assert len(said) == 5 and all("the rules in the picture were not read" in m and "pip install" in m for m in said)
    assert cell_errors(record, _truth(name)) == []  # cells missing or flagged, never silently wrong
    # the words alone read them all: rows by where their tokens stand, the wrapped 144（含自然失效5 / 件） put back
    # in its column (it was the one row left null before tables without column rules read wrapped cells)
    assert cell_differences(record, _truth(name)) == []


def test_a_page_over_a_background_picture_that_draws_its_own_rules_is_no_scan(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the picture was drawn")

    page = PdfiumPage(number=1, width=595.0, height=842.0, n_images=1,
                      images=[{"x0": 0, "top": 0, "x1": 595.0, "bottom": 842.0, "srcsize": (1240, 1754)}],
                      lines=[{"x0": 70, "x1": 525, "top": 100, "bottom": 100}])

    class Reader:
        renders_text = True
        render_box = refuse

    class Pages:
        reader, issues = Reader(), []

    out, chars = ocr_pictures.read(Pages, page, [], 1)
    # text and tables over a picture of the whole page (a letterhead, a paper texture): no scan, nothing said
    assert out is page and Pages.issues == []


def test_which_images_are_the_page_scanned():
    def page(*images):
        return PdfiumPage(number=1, width=595.0, height=842.0, images=list(images), n_images=len(images))

    full = {"x0": 0, "top": 0, "x1": 595.0, "bottom": 842.0, "srcsize": (1240, 1754)}  # 150 dpi
    assert ocr_pictures.scan_image(page(full)) == ((0, 0, 595.0, 842.0), 150)
    sharp = {**full, "srcsize": (4960, 7016)}  # 600 dpi: rules are found at 200
    assert ocr_pictures.scan_image(page(sharp))[1] == 200
    pasted = {"x0": 70, "top": 100, "x1": 525, "bottom": 700, "srcsize": (948, 1250)}  # a table pasted in the text
    assert ocr_pictures.scan_image(page(pasted)) is None
    assert ocr_pictures.scan_image(page(pasted, full)) == ((0, 0, 595.0, 842.0), 150)
    # a scanner's strips, one under the other, are the page together; a banner and a footer strip are not
    strips = [{**full, "top": 842.0 * i / 8, "bottom": 842.0 * (i + 1) / 8, "srcsize": (1240, 219)} for i in range(8)]
    assert ocr_pictures.scan_image(page(*strips)) == ((0, 0, 595.0, 842.0), 150)
    assert ocr_pictures.scan_image(page(strips[0], strips[-1])) is None
    assert ocr_pictures.scan_image(page(*strips[:-1])) is None  # seven eighths of the page: 87.5%


def test_a_character_is_turned_with_the_picture():
    # ocr.rotate turns a picture anticlockwise (y down) about its middle: a character right of the middle
    # goes up, one below it goes right; its size is kept, and a baseline set along the skew is level
    mid = (300.0, 400.0)
    right = {"text": "一", "x0": 395.0, "x1": 405.0, "top": 395.0, "bottom": 405.0, "matrix": (1.0, 0.01, -0.01, 1.0)}
    turned = ocr_pictures._turned(right, 1.0, mid)
    assert turned["x1"] - turned["x0"] == pytest.approx(10.0) and turned["bottom"] - turned["top"] == pytest.approx(10.0)
    assert (turned["x0"] + turned["x1"]) / 2 == pytest.approx(300 + 100 * 0.99985, abs=1e-3)
    assert (turned["top"] + turned["bottom"]) / 2 == pytest.approx(400 - 100 * 0.017452, abs=1e-3)
    assert "matrix" not in turned and right["x0"] == 395.0  # a copy
    below = {"text": "二", "x0": 295.0, "x1": 305.0, "top": 495.0, "bottom": 505.0}
    assert (ocr_pictures._turned(below, 1.0, mid)["x0"] + 5) == pytest.approx(300 + 100 * 0.017452, abs=1e-3)
    upright_label = {**right, "matrix": (0.0, 1.0, -1.0, 0.0)}  # a vertical label stays vertical
    assert ocr_pictures._turned(upright_label, 1.0, mid)["matrix"] == (0.0, 1.0, -1.0, 0.0)


def _pdf_object(content: bytes) -> bytes:
    z = zlib.compress(content)
    return b"%PDF-1.4\n1 0 obj\n<</Length " + str(len(z)).encode() + b"/Filter/FlateDecode>>stream\n" + z + \
        b"\nendstream\nendobj\n"


def test_the_digits_of_a_name_are_no_number_past_pdfiums_limits():
    # pdfium reads an integer of 11 digits and more as 0, so such a page is read by pdfminer; the digits in an
    # XObject's name (pdfium names the forms it writes by a hash) are no number: the page stays pdfium's
    assert guard(_pdf_object(b"q /FormXob.7d4efdca9d5ae5415484492836bb3474 Do Q")).out_of_range == set()
    assert guard(_pdf_object(b"BT 1 0 0 1 100000000000 700 Tm (2) Tj ET")).out_of_range == {1}
    assert guard(_pdf_object(b"[-100000000000]TJ")).out_of_range == {1}
    assert guard(_pdf_object(b"BT <31303030303030303030303030> Tj ET")).out_of_range == set()  # a string


@needs_sample_font
def test_a_sample_is_what_the_script_writes():
    sys.path.insert(0, str(ROOT / "samples"))
    try:
        import make_searchable as m
    finally:
        sys.path.remove(str(ROOT / "samples"))
    sample, angle, seed, dpi, quality, how, strips = m.SEARCHABLE[-1]
    data = m.searchable(ROOT / "samples" / f"{sample}.pdf", angle, seed, dpi, quality, how, strips)
    assert data == (SAMPLES / f"{sample}.{how}.pdf").read_bytes()


def test_digits_misread_as_letters_are_no_number_and_keep_their_row(tmp_path):
    # a producer's OCR leaves 1O for 10 or l0 for 10 in a text layer: the cell is null and named, never 1 (the
    # number before a note) and never a guess; its row's other cells stay (before, the whole row was lost)
    from reportparse.normalize import parse_cell

    assert [parse_cell(t).value for t in ("1O", "3l", "2S", "l0", "O1")] == [None] * 5
    assert [parse_cell(t).value for t in ("10", "10件", "12（其中修订3件）", "1,234")] == [10, 10, 12, 1234]
    import zipfile

    source = ROOT / "samples" / "forms" / "layout-word-2022.docx"
    with zipfile.ZipFile(source) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    out = tmp_path / "misread.docx"
    with zipfile.ZipFile(out, "w") as z:
        for info, data in parts:
            if info.filename == "word/document.xml":
                assert data.count(b">310</w:t>") == 1
                data = data.replace(b">310</w:t>", b">31O</w:t>")
            z.writestr(info, data)
    record = reportparse.parse(out).to_dict()
    unread = [w["message"] for w in record["warnings"] if w["code"] == "cell_unreadable"]
    assert unread == ["applications.new.total: printed '31O', not a number: left null"]
    truth = json.loads((ROOT / "samples" / "forms" / "layout-word-2022.docx.truth.json").read_text(encoding="utf-8"))
    assert [d.split(":")[0] for d in cell_differences(record, truth)] == ["applications.new.total"]
    assert record["tables"]["applications"]["new"]["natural_person"] == truth["tables"]["applications"]["new"]["natural_person"]
    assert not [w for w in record["warnings"] if w["code"] == "rows_missing"]


@needs_cv2
@pytest.mark.parametrize("name", ["layout-wps-2023.tess.pdf", "layout-word-2022.spaced.pdf", "layout-gov-2024.strips.pdf"])
def test_both_backends_give_the_same_record(name):
    # the picture's box and pixel size, and the words' boxes, as pdfium and pdfminer give them (the strips'
    # boxes differ in the fifth digit: rounded, the region rendered is the same to the pixel)
    assert reportparse.parse(SAMPLES / name).to_dict() == reportparse.parse(SAMPLES / name, backend="pdfplumber").to_dict()


def test_the_cli_says_nothing_of_pdfminers_font_notes(tmp_path):
    # pdfminer logs "Could not get FontBBox…" for the CID font of the text layer; the CLI's stderr is for errors
    import subprocess

    out = subprocess.run([sys.executable, "-m", "reportparse", "parse", str(SAMPLES / "layout-wps-2023.tess.pdf"),
                          "--backend", "pdfplumber", "-o", str(tmp_path / "r.json")], capture_output=True, text=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")})
    assert out.returncode == 0 and out.stderr == ""


def test_a_word_export_over_a_picture_of_the_page_is_read_as_it_is(tmp_path):
    # a paper texture or a letterhead as an image the page's size, behind text that shows (render mode 0): no scan,
    # nothing drawn, nothing said; the record is the plain export's
    import io

    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    source = ROOT / "samples" / "layout-word-2022.pdf"
    plain_doc = pdfium.PdfDocument(source)
    texture = io.BytesIO()
    Image.new("L", (620, 877), 235).save(texture, format="JPEG")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for i in range(len(plain_doc)):
        width, height = plain_doc[i].get_size()
        c.setPageSize((width, height))
        c.drawImage(ImageReader(io.BytesIO(texture.getvalue())), 0, 0, width=width, height=height)
        c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    for i in range(len(doc)):
        xobject = plain_doc.page_as_xobject(i, doc)
        page = doc[i]
        page.insert_obj(xobject.as_pageobject())  # the export's page over the picture
        page.gen_content()
        page.close()
        xobject.close()
    path = tmp_path / "background.pdf"
    doc.save(path)
    doc.close()
    plain_doc.close()
    plain, over = reportparse.parse(source).to_dict(), reportparse.parse(path).to_dict()
    assert over["source"]["pages"] == 5 and over["warnings"] == plain["warnings"] == []
    assert {k: v for k, v in over.items() if k not in ("report_id", "source")} == \
        {k: v for k, v in plain.items() if k not in ("report_id", "source")}
