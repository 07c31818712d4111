"""Tables and paragraphs pasted as pictures into a Word file (.docx), read by OCR in their place in the body.

readers/docx_pictures.py reads each picture large enough to hold text through the steps a scanned page goes
through, and hands its grids and lines to the Word reader as table and paragraph blocks.  The samples are
made by samples/make_docx_pictures.py from the Word files of samples/forms/; each truth is the source file's.
Reading one picture costs 1-4 s, so each sample is read once (``_read``) and rebuilt from its document where
a test changes something after the reader.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
from pictured import picture_warning_differences, read_differences, read_once, sections_differences
from truth import cell_differences, section_texts

import reportparse
from reportparse.pipeline import build
from reportparse.readers import docx_pictures, ocr, ocr_checks
from fonts import needs_sample_font

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "docx_pictures"
FORMS = ROOT / "samples" / "forms"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")

# sample -> (pictures read (holding text), tables pictured)
READ = {
    "pictures-applications-word-2022": (["word/media/image1.png", "word/media/image2.png"], {"applications"}),
    "pictures-tables-gov-2024": ([f"word/media/image{i}.{x}" for i, x in
                                  ((1, "png"), (2, "png"), (3, "jpg"), (4, "jpg"), (5, "png"))],
                                 {"active_disclosure", "applications", "review_litigation"}),
    "pictures-paragraph-huangpu-2020": (["word/media/image1.png", "word/media/image2.jpg"], {"review_litigation"}),
}


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.docx.truth.json").read_text(encoding="utf-8"))


def _read(name: str):
    """(source, document, record) of a sample, read once for the module."""
    return read_once(SAMPLES / f"{name}.docx")


@pytest.fixture(scope="module", params=sorted(READ))
def sample(request):
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    return request.param, _read(request.param)[2]


# ------------------------------------------------------------------ read with the engine
@needs_ocr
def test_cells_are_the_truths_or_flagged(sample):
    name, record = sample
    assert read_differences(record, _truth(name), "docx") == []


@needs_ocr
def test_the_sections_read_as_the_truth(sample):
    name, record = sample
    assert sections_differences(record, _truth(name)) == []


@needs_ocr
def test_each_picture_read_is_warned_naming_it(sample):
    name, record = sample
    assert picture_warning_differences(record, READ[name][0]) == []


@needs_ocr
def test_what_each_picture_added_is_said():
    messages = [w["message"] for w in _read("pictures-paragraph-huangpu-2020")[2]["warnings"]
                if w["code"] == "image_text"]
    assert messages[0].endswith("characters, 2 paragraphs added in its place")  # no table, no cells
    assert "1 table added in its place; 34 table cells in it read by OCR" in messages[1]


@needs_ocr
def test_a_screenshot_below_150_dpi_is_read_scaled_up():
    messages = {w["message"].split(" (")[0]: w["message"] for w in _read("pictures-tables-gov-2024")[2]["warnings"]
                if w["code"] == "image_text"}
    assert "(793×701 px)" in messages["a picture word/media/image3.jpg"]
    assert "120 dpi as shown, read at 150)" in messages["a picture word/media/image3.jpg"]
    assert "200 dpi as shown)" in messages["a picture word/media/image1.png"]  # kept as it is


@needs_ocr
def test_a_photo_adds_nothing():
    """The huangpu sample ends in a photo (220 × 130 pt, colour fields and a red ring): read, no text in it."""
    from docx import Document

    from reportparse.readers.ocr_pictures import PICTURE_CHARS

    _, doc, record = _read("pictures-paragraph-huangpu-2020")
    assert [w for w in record["warnings"] if w["code"].startswith("image_")][-1]["message"].startswith(
        "a picture word/media/image2.jpg")
    assert doc.lines[-1].text == "本年度无其他需要报告的事项。"
    document = Document(SAMPLES / "pictures-paragraph-huangpu-2020.docx")
    last = [p for p in document.element.body.iter("{*}p")][-1]
    (photo,) = docx_pictures.pictures_in(last, document.part)
    assert photo.name == "word/media/image3.png" and photo.shown[0] >= docx_pictures.PICTURE_INCHES  # a candidate …
    page, _, _ = docx_pictures.Pictures(document.part)._ocr(photo)
    assert sum(1 for c in page.chars if c["text"].strip()) < PICTURE_CHARS  # … in which OCR reads no text


@needs_ocr
def test_the_ocr_cells_are_the_pictured_tables_and_each_names_its_picture(monkeypatch):
    """Every cell of a pictured table is matched to its OCR reading (the pictures are stacked on page 1, so the
    boxes of two pictures never meet), and no cell of a Word table is: with every score made too low, exactly
    the pictured tables' cells are flagged, each naming its picture."""
    source, doc, _ = _read("pictures-applications-word-2022")
    assert doc.ocr and doc.ocr_cells and all(c.page == 1 for c in doc.ocr_cells)
    assert {c.picture for c in doc.ocr_cells} == {"word/media/image1.png", "word/media/image2.png"}
    first = [c.bbox for c in doc.ocr_cells if c.picture.endswith("image1.png")]
    second = [c.bbox for c in doc.ocr_cells if c.picture.endswith("image2.png")]
    assert max(b[3] for b in first) + docx_pictures.GAP <= min(b[1] for b in second)
    monkeypatch.setattr(ocr_checks, "CELL_THRESHOLD", 1.01)
    record = build(source, doc).to_dict()
    flagged = [w["message"] for w in record["warnings"] if w["code"] == "ocr_uncertain"]
    keys = {m.split(":")[0] for m in flagged}
    truth = _truth("pictures-applications-word-2022")["tables"]["applications"]
    assert keys == {f"applications.{row}.{col}" for row, cols in truth.items() for col in (cols or {})}
    assert all(m.endswith(("(in the picture word/media/image1.png)", "(in the picture word/media/image2.png)"))
               for m in flagged)
    assert not [w for w in record["warnings"] if "page" in w]  # a Word file has no pages


@needs_ocr
def test_a_misread_number_is_flagged_never_silent():
    """A digit OCR might misread (155 read 165) breaks the relations it is in: named as the likely misread."""
    source, doc, _ = _read("pictures-applications-word-2022")
    grids = list(doc.grids)
    i = next(k for k, g in enumerate(grids) if any("本年新收" in c.text for c in g.cells))
    g = grids[i]
    label = next(c for c in g.cells if "本年新收" in c.text)
    cell = min((c for c in g.cells if c.r0 == label.r0 and c.c0 >= label.c1), key=lambda c: c.c0)
    assert cell.text == "155"  # applications.new.natural_person
    changed = tuple(dataclasses.replace(c, text="165") if c is cell else c for c in g.cells)
    grids[i] = dataclasses.replace(g, cells=changed)
    record = build(source, dataclasses.replace(doc, grids=grids)).to_dict()
    assert record["tables"]["applications"]["new"]["natural_person"] == 165  # the value is not changed …
    flagged = [w["message"] for w in record["warnings"] if w["code"] == "ocr_uncertain"]
    assert any("likely misread is applications.new.natural_person, read '165' (in the picture "
               "word/media/image1.png): 155 would make" in m for m in flagged), flagged  # … but named


@needs_ocr
def test_pictures_in_a_frame_table_are_read_in_its_place(tmp_path):
    """A screenshot pasted into a one-cell table (a frame around it): the pictures are read after the table,
    and the frame, whose cells hold no text, is no table of its own."""
    from docx import Document

    document = Document(SAMPLES / "pictures-applications-word-2022.docx")
    body = document.element.body
    pictured = [p for p in body.iterchildren() if p.find(".//{*}drawing") is not None]
    frame = document.add_table(rows=1, cols=1)._tbl
    pictured[0].addprevious(frame)
    cell = frame.find(".//{*}tc")
    for p in pictured:
        cell.append(p)
    path = tmp_path / "framed.docx"
    document.save(path)
    record = reportparse.parse(path).to_dict()
    assert cell_differences(record, _truth("pictures-applications-word-2022")) == []
    assert [w["code"] for w in record["warnings"] if w["code"].startswith(("image_", "own_", "table_"))] == [
        "image_text", "image_text"]


@needs_sample_font
@needs_ocr
def test_a_screenshot_at_screen_resolution_reads_too(tmp_path):
    """96 dpi, JPEG: the applications table as a screenshot on a screen at 100% (written here, not a sample)."""
    path = tmp_path / "gov-96dpi.docx"
    path.write_bytes(_script().build("layout-gov-2024", [(("table", 1), [(3, ("grid", 1)), (4, ("grid", 0))], 96,
                                                           "RGB", 70, False)], False))
    record = reportparse.parse(path).to_dict()
    assert cell_differences(record, _truth("pictures-tables-gov-2024")) == []  # every cell right (measured)
    assert "96 dpi as shown, read at 150)" in next(w["message"] for w in record["warnings"]
                                                   if w["code"] == "image_text")


# ------------------------------------------------------------------ without the engine, or without OCR
def _unavailable():
    raise ocr.OcrUnavailable(f"the OCR engine is not installed (rapidocr); {ocr.INSTALL_HINT}")


def _refuse(*a, **k):
    raise AssertionError("a picture was read")


def test_without_the_engine_each_picture_is_named_and_the_table_stays_missing(monkeypatch):
    monkeypatch.setattr(ocr, "engine", _unavailable)
    monkeypatch.setattr(ocr, "read_pixels", _refuse)
    record = reportparse.parse(SAMPLES / "pictures-applications-word-2022.docx").to_dict()
    unread = [w for w in record["warnings"] if w["code"] == "image_unread"]
    assert [w["message"].split(" may show")[0] for w in unread] == [
        "a picture word/media/image1.png (991×311 px)", "a picture word/media/image2.png (991×1220 px)"]
    assert all("pip install 'reportparse[ocr]'" in w["message"] and "page" not in w for w in unread)
    assert any("applications" in w["message"] for w in record["warnings"] if w["code"] == "table_missing")
    assert record["source"]["ocr"] is False
    truth = _truth("pictures-applications-word-2022")
    rest = {k: v for k, v in truth["tables"].items() if k != "applications"}
    assert cell_differences(record, {"tables": rest}) == []
    assert section_texts(record) == section_texts(truth)


def test_ocr_always_is_auto_for_a_word_file(monkeypatch):
    monkeypatch.setattr(ocr, "engine", _unavailable)
    record = reportparse.parse(SAMPLES / "pictures-applications-word-2022.docx", ocr="always").to_dict()
    assert [w["code"] for w in record["warnings"] if w["code"].startswith("image_")] == ["image_unread"] * 2


def test_a_word_file_of_pictures_alone_says_ocr_is_missing(monkeypatch, tmp_path):
    """A report pasted into Word as pictures only: without the engine it is no text layer, not 'not a report'."""
    from docx import Document

    monkeypatch.setattr(ocr, "engine", _unavailable)
    document = Document(SAMPLES / "pictures-applications-word-2022.docx")
    body = document.element.body
    for child in list(body.iterchildren()):
        if child.tag.endswith("}tbl") or (child.tag.endswith("}p") and child.find(".//{*}drawing") is None):
            body.remove(child)
    path = tmp_path / "pictures-only.docx"
    document.save(path)
    with pytest.raises(reportparse.NoTextLayerError, match=r"2 picture\(s\) that may show it were not read \(a "
                                                           r"picture word/media/image1.png"):
        reportparse.parse(path)


def test_ocr_never_reads_no_picture(monkeypatch):
    monkeypatch.setattr(ocr, "engine", _refuse)
    monkeypatch.setattr(ocr, "read_pixels", _refuse)
    record = reportparse.parse(SAMPLES / "pictures-paragraph-huangpu-2020.docx", ocr="never").to_dict()
    assert not [w for w in record["warnings"] if w["code"].startswith(("image_", "ocr_"))]
    assert "黄浦区人民政府认真贯彻落实" not in section_texts(record)["overview"]
    assert not record["tables"].get("review_litigation") and record["source"]["ocr"] is False


def test_an_unknown_ocr_mode_is_refused():
    with pytest.raises(ValueError, match="unknown ocr mode 'sometimes'"):
        reportparse.parse(SAMPLES / "pictures-paragraph-huangpu-2020.docx", ocr="sometimes")


@pytest.mark.parametrize("name", sorted(p.name for p in FORMS.glob("*.docx")))
def test_plain_word_files_read_as_before_and_render_nothing(monkeypatch, name):
    monkeypatch.setattr(ocr, "engine", _refuse)
    monkeypatch.setattr(ocr, "read_pixels", _refuse)
    monkeypatch.setattr(docx_pictures, "pictures_in", _refuse)  # no paragraph holds a drawing: never looked into
    record = reportparse.parse(FORMS / name).to_dict()
    truth = json.loads((FORMS / f"{name}.truth.json").read_text(encoding="utf-8"))
    assert cell_differences(record, truth) == []
    assert section_texts(record) == section_texts(truth)
    assert not [w for w in record["warnings"] if w["code"].startswith(("image_", "ocr_"))]
    assert record["source"]["ocr"] is False


def _with_media(tmp_path, name: str, member: str, data: bytes) -> Path:
    """A copy of sample ``name`` whose image part ``member`` holds ``data`` instead."""
    src = zipfile.ZipFile(SAMPLES / f"{name}.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, data if info.filename == member else src.read(info.filename))
    path = tmp_path / f"{name}.docx"
    path.write_bytes(out.getvalue())
    return path


def test_a_picture_that_cannot_be_decoded_costs_itself(monkeypatch, tmp_path):
    """A picture Pillow cannot draw (an EMF, as Word stores a table pasted from Excel) is named, and so is one
    whose reading fails; the rest reads as before."""
    monkeypatch.setattr(ocr, "engine", lambda: None)
    monkeypatch.setattr(ocr, "read_pixels", _refuse)
    emf = bytearray(108)  # an EMF header record: type 1, its size, bounds (pixels), frame (0.01 mm), " EMF"
    emf[0:4], emf[4:8] = (1).to_bytes(4, "little"), (108).to_bytes(4, "little")
    for i, v in enumerate((0, 0, 990, 310, 0, 0, 16770, 5250)):
        emf[8 + 4 * i:12 + 4 * i] = v.to_bytes(4, "little")
    emf[40:44] = b" EMF"
    emf = bytes(emf)
    path = _with_media(tmp_path, "pictures-applications-word-2022", "word/media/image1.png", emf)
    record = reportparse.parse(path).to_dict()
    unread = [w["message"] for w in record["warnings"] if w["code"] == "image_unread"]
    assert unread[0] == ("a picture word/media/image1.png (990×310 px) may show text, but could not be read by OCR "
                         "(ValueError: a vector picture (EMF or WMF, as Word keeps a table pasted from Excel) is not "
                         "drawn here)")
    assert unread[1] == ("a picture word/media/image2.png (991×1220 px) may show text, but could not be read by OCR "
                         "(AssertionError: a picture was read)")


def test_small_pictures_are_not_read(monkeypatch, tmp_path):
    """A seal or a logo (shown under 2 inches wide), or a picture under 300 × 40 pixels, is not looked at."""
    from docx import Document
    from docx.shared import Inches
    from PIL import Image

    monkeypatch.setattr(ocr, "engine", _refuse)
    document = Document(FORMS / "layout-word-2022.docx")
    for size, shown in (((600, 600), Inches(1.6)), ((280, 100), Inches(4)), ((900, 35), Inches(5))):
        buf = io.BytesIO()
        Image.new("L", size, 255).save(buf, format="PNG")
        document.add_paragraph().add_run().add_picture(buf, width=shown)
    path = tmp_path / "small.docx"
    document.save(path)
    record = reportparse.parse(path).to_dict()
    assert not [w for w in record["warnings"] if w["code"].startswith("image_")]


# ------------------------------------------------------------------ the parts
def test_the_pictures_of_a_paragraph_and_their_sizes():
    from docx import Document

    document = Document(SAMPLES / "pictures-tables-gov-2024.docx")
    found = [pic for p in document.element.body.iter("{*}p")
             for pic in docx_pictures.pictures_in(p, document.part)]
    assert [pic.name for pic in found] == READ["pictures-tables-gov-2024"][0]
    w, _ = found[2].shown  # the applications table's first half: 120 dpi as shown
    assert abs(793 / w - 120) < 1
    assert found[4].blob[:8] == b"\x89PNG\r\n\x1a\n"
    anchored = [p for p in document.element.body.iter("{*}p") if p.find(".//{*}anchor") is not None]
    assert [pic.name for pic in docx_pictures.pictures_in(anchored[0], document.part)] == ["word/media/image5.png"]


def test_reading_resolution():
    assert docx_pictures.reading_dpi(991, (991 / 150, 2.0)) == (150.0, 150)
    assert docx_pictures.reading_dpi(600, (6.25, 1.0)) == (96.0, 150)  # a screenshot at 100%: scaled up
    assert docx_pictures.reading_dpi(4000, (5.0, 1.0)) == (800.0, 300)  # a scan at 800 dpi: down to 300
    assert docx_pictures.reading_dpi(800, None) == (96.0, 150)  # size not given: a screenshot's
    assert docx_pictures._vml_size("position:absolute;width:415.3pt;height:2in") == (415.3 / 72, 2.0)
    assert docx_pictures._vml_size("width:100%") is None


def _ocr_line(text: str, x: float, top: float, size: float = 12.0) -> list[dict]:
    return [{"text": c, "x0": x + i * size, "x1": x + (i + 1) * size, "top": top, "bottom": top + size,
             "size": size, "fontname": "OCR", "upright": True, "score": 0.99} for i, c in enumerate(text)]


def _ocr_page(lines: list[tuple[str, float, float]], width: float, height: float) -> ocr.OcrPage:
    chars = [c for text, x, top in lines for c in _ocr_line(text, x, top)]
    return ocr.OcrPage(number=1, width=width, height=height, chars=chars, dpi=150, n_images=0)


def test_a_pictures_lines_are_joined_into_paragraphs_in_order():
    """No engine: a paragraph's wrapped lines as OCR gives them are one paragraph; a heading stands alone."""
    body = "2020年，黄浦区人民政府认真贯彻落实《条例》，围绕中心工作，持续深化政务公开，"  # 36 wide
    page = _ocr_page([("二、主动公开政府信息情况", 0, 0), (body, 24, 20), (body, 0, 40), ("以公开促落实。", 0, 60)],
                     width=470, height=80)
    pictures = docx_pictures.Pictures(None)
    blocks, n_tables, n_paragraphs = pictures._blocks_of(page, "word/media/image1.png")
    assert (n_tables, n_paragraphs) == (0, 2)
    assert blocks == [[("二、主动公开政府信息情况", ""), (body + body + "以公开促落实。", "")]]


def test_a_page_pasted_whole_loses_its_page_number_a_strip_keeps_its_lines():
    text = "本年度无其他需要报告的事项。"
    page = _ocr_page([(text, 90, 100), ("- 5 -", 280, 800)], width=595, height=842)
    blocks, _, _ = docx_pictures.Pictures(None)._blocks_of(page, "word/media/image1.png")
    assert blocks == [[(text, "")]]
    strip = _ocr_page([(text, 0, 0), ("12", 0, 20)], width=470, height=34)  # a picture of a table's caption
    blocks, _, _ = docx_pictures.Pictures(None)._blocks_of(strip, "word/media/image2.png")
    assert blocks == [[(text + "12", "")]]  # its last line kept (joined: nothing tells it from a wrapped one)


def _script():
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    try:
        import make_docx_pictures
    finally:
        sys.path.remove(str(ROOT / "samples"))
    return make_docx_pictures


@needs_sample_font
def test_the_samples_are_what_the_script_writes():
    m = _script()
    for name, (source, replacements, with_photo) in m.SAMPLES.items():
        assert m.build(source, replacements, with_photo) == (SAMPLES / f"{name}.docx").read_bytes(), name
        truth = _truth(name)
        assert truth["file"] == f"{name}.docx" and truth["source"]["ocr"] is True
        data = (SAMPLES / f"{name}.docx").read_bytes()
        import hashlib

        assert truth["source"]["sha256"] == hashlib.sha256(data).hexdigest()
