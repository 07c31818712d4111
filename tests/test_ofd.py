"""OFD files (版式文档, GB/T 33190): the sample PDFs written as OFD by samples/make_ofd.py read as their PDFs do,
and the reader's pieces on hand-built packages (offsets, CTM, millimetres, templates, rules, bad files)."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest
from truth import cell_differences, reading_differences

import reportparse
from reportparse.inputs import sniff
from reportparse.readers import ofd
from reportparse.tables.grid import _is_background, find_grids
from fonts import needs_sample_font

ROOT = Path(__file__).resolve().parents[1]
OFDS = ROOT / "samples" / "ofd"
TRUTHS = sorted(OFDS.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))
PT = 72 / 25.4


def _truth(name: str) -> dict:
    return json.loads((OFDS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = _truth(request.param)
    return reportparse.parse(OFDS / truth["file"]).to_dict(), truth


def test_the_samples_exist():
    assert len(TRUTHS) == 5, "run `python samples/make_ofd.py`"


def test_every_cell_as_its_pdf_truth(case):
    record, truth = case
    assert cell_differences(record, truth) == []


def test_reads_as_its_pdf_truth(case):
    """Cells, agency and year, failed checks, title, preamble and every section's text."""
    record, truth = case
    assert reading_differences(record, truth) == []
    assert record["region"] == truth["region"]
    assert record["source"]["format"] == "ofd" and record["source"]["pages"] == truth["source"]["pages"]
    assert record["report_id"] == truth["report_id"]


def test_the_same_record_as_the_pdf(case):
    """One way through: the OFD's record is its PDF's (tables, sections, checks, warnings), boxes aside."""
    record, truth = case
    pdf = reportparse.parse(ROOT / "samples" / truth["file"].removeprefix("ofd-").replace(".ofd", ".pdf")).to_dict()
    for key in ("agency", "year", "region", "template", "title", "preamble", "tables", "sections", "checks"):
        assert record[key] == pdf[key], key
    assert [(w["code"], w["page"]) for w in record["warnings"]] == [(w["code"], w["page"]) for w in pdf["warnings"]]


@needs_sample_font
@pytest.mark.parametrize("stem", [t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_the_script_writes_these_bytes(stem):
    import make_ofd

    pdf_name, style = make_ofd.SAMPLES[stem]
    assert make_ofd.ofd_bytes(pdf_name, style)[0] == (OFDS / f"{stem}.ofd").read_bytes()


@needs_sample_font
def test_a_page_shown_turned_is_read_turned(tmp_path):
    """samples/rotated's landscape pages printed sideways, written as OFD (each turned glyph a TextObject turned by
    its CTM), read as the PDF is: every cell and section of its truth, page_turned on the turned pages."""
    import make_ofd

    data, _ = make_ofd.ofd_bytes("rotated/rotated-sideways-word-2022", {"prefix": "ofd", "g": True})
    record = reportparse.parse(_file(tmp_path, data, "sideways.ofd")).to_dict()
    truth = json.loads((ROOT / "samples" / "rotated" / "rotated-sideways-word-2022.truth.json").read_text("utf-8"))
    assert reading_differences(record, truth) == []
    assert [(w["code"], w["page"]) for w in record["warnings"]] == [("page_turned", 4), ("page_turned", 5)]


# ------------------------------------------------------------------ hand-built packages
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _package(pages: list[str], common: str = "", extra: dict[str, bytes] | None = None,
             ofd_xml: str | None = None, after_pages: str = "") -> bytes:
    """An OFD: OFD.xml, Doc_0/Document.xml (A4, font 2 宋体; ``after_pages`` after its Pages), one Content.xml
    per page body given."""
    parts = {
        "OFD.xml": ofd_xml or f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
                              "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                              "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
                              f"{common}</ofd:CommonData><ofd:Pages>"
                              + "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                                        for i in range(len(pages)))
                              + f"</ofd:Pages>{after_pages}</ofd:Document>",
        "Doc_0/PublicRes.xml": f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体"/>'
                               "</ofd:Fonts></ofd:Res>",
    }
    for i, body in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = f"<ofd:Page {NS}>{body}</ofd:Page>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8") if isinstance(text, str) else text)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _content(objects: str, before: str = "") -> str:
    return f'{before}<ofd:Content><ofd:Layer ID="3">{objects}</ofd:Layer></ofd:Content>'


def _file(tmp_path, data: bytes, name: str = "report.ofd") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _page(tmp_path, data: bytes, index: int = 0) -> ofd.OfdPage:
    package = ofd.Package(sniff(_file(tmp_path, data)))
    try:
        return package.page(index)
    finally:
        package.close()


def test_delta_offsets_expand_g():
    assert ofd.expand_deltas("g 3 2.5 1 g 2 0.5") == [2.5, 2.5, 2.5, 1.0, 0.5, 0.5]
    assert ofd.expand_deltas("4.2 4.2") == [4.2, 4.2]
    assert ofd.expand_deltas(None) == [] and ofd.expand_deltas("") == []
    assert ofd.expand_deltas("g 100000000 1 7", limit=3) == [1.0, 1.0, 1.0]  # no more offsets than glyphs


def test_millimetres_become_points_from_the_boundary_and_baseline(tmp_path):
    text = ('<ofd:TextObject ID="5" Boundary="20 30 40 6" Font="2" Size="5">'
            '<ofd:TextCode X="1" Y="4" DeltaX="g 2 5">政府信</ofd:TextCode></ofd:TextObject>')
    page = _page(tmp_path, _package([_content(text)]))
    assert (page.width, page.height) == pytest.approx((595.2756, 841.8898))
    xs = [c["x0"] for c in page.chars]
    assert xs == pytest.approx([21 * PT, 26 * PT, 31 * PT])
    first = page.chars[0]
    assert first["x1"] - first["x0"] == pytest.approx(5 * PT)
    assert first["bottom"] == pytest.approx((34 + 0.14 * 5) * PT) and first["size"] == pytest.approx(5 * PT)
    assert first["fontname"] == "宋体" and "matrix" not in first


def test_several_text_codes_and_half_width_glyphs(tmp_path):
    text = ('<ofd:TextObject ID="5" Boundary="0 0 100 10" Font="2" Size="4">'
            '<ofd:TextCode X="10" Y="5" DeltaX="2 2">123</ofd:TextCode>'
            '<ofd:TextCode X="30" Y="5">总计</ofd:TextCode></ofd:TextObject>')
    chars = _page(tmp_path, _package([_content(text)])).chars
    assert "".join(c["text"] for c in chars) == "123总计"
    assert [round(c["x0"] / PT, 3) for c in chars] == [10, 12, 14, 30, 34]  # no offsets: an em for a CJK glyph
    assert round((chars[2]["x1"] - chars[2]["x0"]) / PT, 3) == 2  # the last digit: half an em


def test_ctm_scales_and_turns(tmp_path):
    scaled = ('<ofd:TextObject ID="5" Boundary="10 10 50 10" Font="2" Size="12" CTM="0.3528 0 0 0.3528 0 0">'
              '<ofd:TextCode X="0" Y="10" DeltaX="12">公开</ofd:TextCode></ofd:TextObject>')
    turned = ('<ofd:TextObject ID="6" Boundary="100 100 10 50" Font="2" Size="5" CTM="0 1 -1 0 0 0">'
              '<ofd:TextCode X="0" Y="0" DeltaX="5">公开</ofd:TextCode></ofd:TextObject>')
    chars = _page(tmp_path, _package([_content(scaled + turned)])).chars
    a, b, c, d = chars
    assert a["size"] == pytest.approx(12 * 0.3528 * PT) and "matrix" not in a
    assert b["x0"] - a["x0"] == pytest.approx(12 * 0.3528 * PT)
    assert a["x0"] == pytest.approx(10 * PT)
    assert c["matrix"][1] < 0 and abs(c["matrix"][0]) < 1e-9  # the baseline runs down the page (y up: negative)
    assert d["top"] - c["top"] == pytest.approx(5 * PT) and c["x0"] < 100 * PT < c["x1"]


def test_a_composite_object_draws_its_unit_where_it_stands(tmp_path):
    res = (f'<ofd:Res {NS}><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="70" Width="40" Height="20">'
           '<ofd:Content><ofd:TextObject ID="71" Boundary="0 0 40 20" Font="2" Size="10">'
           '<ofd:TextCode X="0" Y="8" DeltaX="10">公开</ofd:TextCode></ofd:TextObject></ofd:Content>'
           "</ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>")
    body = _content('<ofd:CompositeObject ID="72" Boundary="20 30 20 10" CTM="0.5 0 0 0.5 0 0" ResourceID="70"/>')
    data = _package([body], "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>",
                    {"Doc_0/DocumentRes.xml": res.encode()})
    first, second = _page(tmp_path, data).chars
    assert (first["x0"], second["x0"]) == pytest.approx((20 * PT, 25 * PT))
    assert first["size"] == pytest.approx(5 * PT) and first["bottom"] == pytest.approx((34 + 0.14 * 5) * PT)


def test_templates_draw_under_and_over_the_page(tmp_path):
    common = ('<ofd:TemplatePage ID="50" BaseLoc="Tpls/Under.xml"/>'
              '<ofd:TemplatePage ID="51" BaseLoc="Tpls/Over.xml" ZOrder="Foreground"/>')

    def tpl(text: str, y: int) -> bytes:
        return (f"<ofd:Page {NS}>" + _content(f'<ofd:TextObject ID="7" Boundary="20 {y} 100 10" Font="2" Size="4">'
                                              f'<ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject>')
                + "</ofd:Page>").encode()

    body = ('<ofd:TextObject ID="8" Boundary="20 100 100 10" Font="2" Size="4">'
            '<ofd:TextCode X="0" Y="4">正文</ofd:TextCode></ofd:TextObject>')
    refs = '<ofd:Template TemplateID="50"/><ofd:Template TemplateID="51"/>'
    data = _package([_content(body, refs), _content(body)], common,
                    {"Doc_0/Tpls/Under.xml": tpl("页眉", 10), "Doc_0/Tpls/Over.xml": tpl("第1页", 280)})
    with_templates = "".join(c["text"] for c in _page(tmp_path, data, 0).chars)
    assert with_templates == "页眉正文第1页"
    assert "".join(c["text"] for c in _page(tmp_path, data, 1).chars) == "正文"  # a page without them


def test_annotations_and_signatures_are_not_text(tmp_path):
    """A stamp annotation's text and a signature's seal are drawn over the page, but are not its text."""
    annot = (f'<ofd:PageAnnot {NS}><ofd:Annot ID="80" Type="Stamp"><ofd:Appearance Boundary="100 200 40 40">'
             '<ofd:TextObject ID="81" Boundary="0 0 40 10" Font="2" Size="6"><ofd:TextCode X="0" Y="5">公章</ofd:TextCode>'
             "</ofd:TextObject></ofd:Appearance></ofd:Annot></ofd:PageAnnot>")
    annots = (f'<ofd:Annotations {NS}><ofd:Page PageID="10"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc>'
              "</ofd:Page></ofd:Annotations>")
    body = _content('<ofd:TextObject ID="5" Boundary="20 30 40 6" Font="2" Size="5">'
                    '<ofd:TextCode X="0" Y="4">正文</ofd:TextCode></ofd:TextObject>')
    data = _package([body], extra={"Doc_0/Annots/Annotations.xml": annots.encode(),
                                   "Doc_0/Annots/Page_0/Annotation.xml": annot.encode(),
                                   "Doc_0/Signs/Sign_0/Signature.xml": b"<Signature/>"},
                    after_pages="<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>")
    page = _page(tmp_path, data)
    assert "".join(c["text"] for c in page.chars) == "正文" and page.n_images == 0


def test_path_rules_become_the_grid_finder_rules(tmp_path):
    """Stroked lines make a 2 x 2 table; a white box is background, a black thin box a rule; a nested
    PageBlock is drawn; the rules read as they would on a PDF page."""
    rules = "".join(f'<ofd:PathObject ID="{20 + i}" Boundary="{b}" LineWidth="0.18"><ofd:AbbreviatedData>{d}'
                    "</ofd:AbbreviatedData></ofd:PathObject>"
                    for i, (b, d) in enumerate([
                        ("20 20 100 0.2", "M 0 0 L 100 0"), ("20 40 100 0.2", "M 0 0 L 100 0"),
                        ("20 60 100 0.2", "M 0 0 L 100 0"), ("20 20 0.2 40", "M 0 0 L 0 40"),
                        ("70 20 0.2 40", "M 0 0 L 0 40"), ("120 20 0.2 40", "M 0 0 L 0 40")]))
    white = ('<ofd:PathObject ID="30" Boundary="10 100 150 8" Stroke="false" Fill="true">'
             '<ofd:FillColor Value="255 255 255"/><ofd:AbbreviatedData>M 0 0 L 150 0 L 150 8 L 0 8 C'
             "</ofd:AbbreviatedData></ofd:PathObject>")
    black = ('<ofd:PathObject ID="31" Boundary="10 120 150 0.2" Stroke="false" Fill="true">'
             '<ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 L 150 0 L 150 0.2 L 0 0.2 C'
             "</ofd:AbbreviatedData></ofd:PathObject>")
    cells = "".join(f'<ofd:TextObject ID="{40 + i}" Boundary="{x} {y} 20 6" Font="2" Size="4">'
                    f'<ofd:TextCode X="0" Y="4">{t}</ofd:TextCode></ofd:TextObject>'
                    for i, (x, y, t) in enumerate([(25, 28, "事项"), (75, 28, "数量"), (25, 48, "许可"),
                                                   (75, 48, "12")]))
    page = _page(tmp_path, _package([_content(f'<ofd:PageBlock ID="9">{rules}</ofd:PageBlock>{white}{black}'
                                              f"{cells}")]))
    assert len(page.lines) == 6 and len(page.rects) == 2 and not page.curves
    line = page.lines[0]
    assert (line["x0"], line["top"], line["x1"]) == pytest.approx((20 * PT, 20 * PT, 120 * PT))
    assert line["y0"] == pytest.approx(page.height - 20 * PT) and line["stroke"] and not line["fill"]
    white_box, black_box = page.rects
    assert _is_background(white_box) and not _is_background(black_box)
    grids = find_grids(page, page.chars, 1)
    assert len(grids) == 1
    assert [[c.text for c in row] for row in grids[0].rows()] == [["事项", "数量"], ["许可", "12"]]


def test_a_file_without_the_namespace_reads_alike(tmp_path):
    plain = _package([_content('<ofd:TextObject ID="5" Boundary="20 30 40 6" Font="2" Size="5">'
                               '<ofd:TextCode X="0" Y="4">公开</ofd:TextCode></ofd:TextObject>')])
    bare = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as src, zipfile.ZipFile(bare, "w") as out:
        for name in src.namelist():
            out.writestr(name, src.read(name).decode().replace(f" {NS}", "").replace("ofd:", ""))
    assert [c["text"] for c in _page(tmp_path, bare.getvalue()).chars] == ["公", "开"]


def test_the_form_is_told_by_its_bytes(tmp_path):
    data = _package([_content("")])
    assert sniff(_file(tmp_path, data, "report.pdf")).format == "ofd"
    nested = io.BytesIO()  # the package zipped inside a folder
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(nested, "w") as out:
        for name in src.namelist():
            out.writestr(f"报告/{name}", src.read(name))
    path = _file(tmp_path, nested.getvalue(), "nested.ofd")
    assert sniff(path).format == "ofd" and len(ofd.Package(sniff(path))) == 1


def test_bad_files_give_their_own_errors(tmp_path):
    sample = (OFDS / "ofd-layout-word-2022.ofd").read_bytes()
    with pytest.raises(reportparse.CorruptOFDError) as err:  # cut short: the ZIP directory is gone
        reportparse.parse(_file(tmp_path, sample[: len(sample) // 2], "cut.ofd"))
    assert err.value.code == "corrupt" and "OFD" in err.value.hint
    no_ofd_xml = io.BytesIO()
    with zipfile.ZipFile(no_ofd_xml, "w") as z:
        z.writestr("Doc_0/Document.xml", "<Document/>")
    with pytest.raises(reportparse.NotAPDFError):
        reportparse.parse(_file(tmp_path, no_ofd_xml.getvalue(), "no-ofd-xml.ofd"))
    encrypted = _package([_content("")], extra={"Encryptions.xml": b"<Encryptions/>"})
    with pytest.raises(reportparse.EncryptedOFDError) as err:
        reportparse.parse(_file(tmp_path, encrypted, "encrypted.ofd"))
    assert err.value.code == "encrypted"
    with pytest.raises(reportparse.CorruptOFDError, match="not well-formed"):
        reportparse.parse(_file(tmp_path, _package([], ofd_xml="<OFD><DocBody>"), "broken.ofd"))
    with pytest.raises(reportparse.CorruptOFDError, match="no pages"):
        reportparse.parse(_file(tmp_path, _package([]), "empty.ofd"))


def test_a_broken_page_costs_that_page(tmp_path):
    """A page part that is missing or not XML: page_unreadable, the other pages read."""
    with zipfile.ZipFile(OFDS / "ofd-layout-word-2022.ofd") as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["Doc_0/Pages/Page_4/Content.xml"] = b"<ofd:Page"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    record = reportparse.parse(_file(tmp_path, buf.getvalue(), "broken-page.ofd")).to_dict()
    broken = [w for w in record["warnings"] if w["code"] == "page_unreadable"]
    assert [w["page"] for w in broken] == [5]
    assert "Doc_0/Pages/Page_4/Content.xml is not well-formed XML" in broken[0]["message"]
    assert record["agency"] == "杭州市西湖区人民政府办公室" and record["tables"]["applications"]["new"]["total"]


def _scan(tmp_path) -> bytes:
    """A one-page OFD that is a picture of page 1 of a sample PDF, and nothing else."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(ROOT / "samples" / "layout-word-2022.pdf"))
    try:
        image = doc[0].render(scale=200 / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    common = ('<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>')
    res = (f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="60" Type="Image">'
           "<ofd:MediaFile>page1.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>")
    body = _content('<ofd:ImageObject ID="61" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="60"/>')
    return _package([body], common, {"Doc_0/DocumentRes.xml": res.encode(), "Doc_0/Res/page1.png": png.getvalue()})


def test_a_scanned_ofd_without_ocr_has_no_text_layer(tmp_path):
    path = _file(tmp_path, _scan(tmp_path), "scan.ofd")
    with pytest.raises(reportparse.NoTextLayerError, match="1 image"):
        reportparse.parse(path, ocr="never")


def test_a_scan_in_an_image_format_not_decoded_says_so(tmp_path):
    from reportparse.readers import ocr

    if not ocr.available():
        pytest.skip("the OCR extra is not installed")
    scan = _scan(tmp_path)
    with zipfile.ZipFile(io.BytesIO(scan)) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["Doc_0/Res/page1.png"] = b"\x97JB2\r\n\x1a\n" + bytes(64)  # JBIG2's signature: Pillow reads no JBIG2
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with pytest.raises(reportparse.NoTextLayerError, match=r"page1\.png: JBIG2"):
        reportparse.parse(_file(tmp_path, buf.getvalue(), "jbig2.ofd"))


@needs_sample_font
def test_a_scanned_ofd_is_read_by_ocr(tmp_path):
    from reportparse.readers import ocr

    if not ocr.available():
        pytest.skip("the OCR extra is not installed")
    source = sniff(_file(tmp_path, _scan(tmp_path), "scan.ofd"))
    doc = ofd.read_ofd(source, ocr="auto")
    text = "".join(ln.text for ln in doc.lines)
    assert doc.ocr and "政府信息公开工作年度报告" in text
    assert any(i.code == "ocr_used" for i in doc.issues)


def test_two_numbers_of_one_textcode_in_two_columns_stay_two(tmp_path):
    """A table without column rules (samples/unruled's 三线表) written as OFD: 3053 and 21644 of two adjacent
    columns in one TextCode, the gap between them only in the 4th digit's DeltaX.  The last digit is as wide as
    its neighbours' advance (0.46 em), not half an em, so the gap reads as a gap between cells: every cell."""
    import make_ofd

    from reportparse.readers.ofd import _digit_advance

    assert _digit_advance(list("305321644"), [1.6298] * 3 + [4.8789] + [1.6298] * 4, 3.5278) == 1.6298
    assert _digit_advance(list("3件"), [3.5], 3.5278) is None
    data, _ = make_ofd.ofd_bytes("unruled/threeline-random-2025", {"prefix": "ofd", "g": True, "blocks": True})
    record = reportparse.parse(_file(tmp_path, data, "threeline.ofd")).to_dict()
    truth = json.loads((ROOT / "samples" / "unruled" / "threeline-random-2025.truth.json").read_text("utf-8"))
    assert cell_differences(record, truth) == []
    assert not [w for w in record["warnings"] if w["code"] == "cells_unplaced"]


def test_an_ofd_page_whose_deflate_stream_is_garbled_costs_that_page(tmp_path):
    """A page's Content.xml whose compressed bytes begin with a block type deflate does not have: zlib.error came
    out of the OFD reader as a traceback; the page is unreadable (named), the others are read."""
    src = OFDS / "ofd-layout-word-2022.ofd"
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = next(i for i in z.infolist() if i.filename.endswith("Page_0/Content.xml"))
    assert info.compress_type == zipfile.ZIP_DEFLATED
    at = info.header_offset
    name_len, extra_len = (int.from_bytes(data[at + k:at + k + 2], "little") for k in (26, 28))
    data[at + 30 + name_len + extra_len] = 0x07  # BFINAL 1, BTYPE 11: reserved, an error
    path = tmp_path / "garbled.ofd"
    path.write_bytes(bytes(data))
    record = reportparse.parse(path, ocr="never").to_dict()
    unreadable = [w for w in record["warnings"] if w["code"] == "page_unreadable"]
    assert [w["page"] for w in unreadable] == [1] and "cannot be inflated" in unreadable[0]["message"]
    assert record["source"]["pages"] > 1
