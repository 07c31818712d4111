"""OpenDocument text: the reader (readers/odt.py) on files written by LibreOffice (samples/odt/, made by
samples/make_office.py: a web page, a Word file, a Word file whose tables are pictures), and on ODT built here.

make_forms.py's ``*.odt`` is held to its truth with every other form in test_forms.py.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from truth import broken_rules, cell_differences, failed_rules, identity_differences, section_texts

import reportparse
from reportparse.errors import CorruptWordError, EncryptedWordError, NotAPDFError
from reportparse.inputs import sniff
from reportparse.readers import ocr, read

ROOT = Path(__file__).resolve().parents[1]
ODT = ROOT / "samples" / "odt"
TRUTHS = sorted(ODT.glob("*.truth.json"))
PICTURED = "pictures-applications-word-2022.docx.soffice.odt.truth.json"


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    if request.param.startswith("pictures-") and not ocr.available():
        pytest.skip("the ocr extra is not installed")
    truth = json.loads((ODT / request.param).read_text(encoding="utf-8"))
    return reportparse.parse(ODT / truth["file"]).to_dict(), truth


def test_the_libreoffice_files_are_there():
    """A web page, a Word file and a Word file holding its table as pictures, as ODT; the last also as flat ODT
    (.fodt: one XML file, the pictures in it as base64)."""
    names = {t.name for t in TRUTHS}
    assert len(names) == 4 and PICTURED in names and PICTURED.replace(".odt.", ".fodt.") in names


def test_a_flat_odt_is_told_by_its_root_and_reads_as_the_odt():
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    flat = ODT / PICTURED.replace(".odt.", ".fodt.").removesuffix(".truth.json")
    assert sniff(flat).format == "odt"
    record = reportparse.parse(flat).to_dict()
    zipped = reportparse.parse(ODT / PICTURED.removesuffix(".truth.json")).to_dict()
    assert record["tables"] == zipped["tables"] and record["sections"] == zipped["sections"]
    assert [w["message"][:36] for w in record["warnings"] if w["code"] == "image_text"] == [
        "a picture #1 (office:binary-data) (9", "a picture #2 (office:binary-data) (9"]


def test_libreoffice_odt_reads_as_its_form(case):
    record, truth = case
    assert record["source"]["format"] == "odt"
    assert cell_differences(record, truth) == []
    assert identity_differences(record, truth) == []
    assert record["title"] == truth["title"]
    assert failed_rules(record) == broken_rules(truth)
    flat = lambda s: "".join(s.split())  # noqa: E731
    assert {k: flat(v) for k, v in section_texts(record).items()} == {k: flat(v) for k, v in section_texts(truth).items()}


def test_pictures_of_tables_are_read_by_ocr_and_named():
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    record = reportparse.parse(ODT / PICTURED.removesuffix(".truth.json")).to_dict()
    named = [w["message"] for w in record["warnings"] if w["code"] == "image_text"]
    assert len(named) == 2 and all(m.startswith("a picture Pictures/") for m in named)
    assert record["source"]["ocr"] is True


# ---------------------------------------------------------------- built here
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
TITLE = "<text:p>2023年某县人民政府办公室政府信息公开工作年度报告</text:p>"
BODY = "<text:p>本报告根据条例要求编制，统计期限自2023年1月1日起至2023年12月31日止。</text:p>"


def _odt(tmp_path, body: str, mimetype: str = "application/vnd.oasis.opendocument.text", styles: str = ""):
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles>'
               f"{styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body>"
               "</office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr("content.xml", content)
    path = tmp_path / "r.odt"
    path.write_bytes(buf.getvalue())
    return path


def test_spans_covered_and_repeated_cells_make_the_grid(tmp_path):
    table = ('<table:table><table:table-column table:number-columns-repeated="3"/>'
             '<table:table-header-rows><table:table-row><table:table-cell table:number-rows-spanned="2">'
             "<text:p>甲</text:p></table:table-cell><table:table-cell table:number-columns-spanned=\"2\"><text:p>乙"
             "</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table-header-rows>"
             "<table:table-row><table:covered-table-cell/><table:table-cell><text:p>丙</text:p></table:table-cell>"
             "<table:table-cell><text:p>1<text:s/>2</text:p></table:table-cell></table:table-row>"
             '<table:table-row><table:table-cell table:number-columns-repeated="3"><text:p>0</text:p>'
             "</table:table-cell></table:table-row></table:table>")
    document = read(sniff(_odt(tmp_path, TITLE + table + BODY * 2)))
    (grid,) = document.grids
    assert sorted((c.text, c.r0, c.r1, c.c0, c.c1) for c in grid.cells) == [
        ("0", 2, 3, 0, 1), ("0", 2, 3, 1, 2), ("0", 2, 3, 2, 3), ("1 2", 1, 2, 2, 3), ("丙", 1, 2, 1, 2),
        ("乙", 0, 1, 1, 3), ("甲", 0, 2, 0, 1)]


def test_deletions_notes_and_hidden_text_are_no_text_and_a_text_box_is(tmp_path):
    body = (TITLE + "<text:h>一、总体情况</text:h><text:tracked-changes><text:changed-region><text:deletion><text:p>删掉的字</text:p>"
            "</text:deletion></text:changed-region></text:tracked-changes>"
            '<text:p>主动公开<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注的字'
            "</text:p></text:note-body></text:note>情况<text:hidden-text>藏起的字</text:hidden-text></text:p>"
            '<text:p><draw:frame><draw:text-box><text:p>框中的字</text:p></draw:text-box></draw:frame></text:p>'
            + BODY)
    record = reportparse.parse(_odt(tmp_path, body)).to_dict()
    text = json.dumps(record, ensure_ascii=False)
    assert "主动公开情况" in text and "框中的字" in text
    assert not any(w in text for w in ("删掉", "脚注", "藏起"))


def test_a_run_in_head_is_told_by_its_bold_style(tmp_path):
    styles = ('<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/>'
              "</style:style>")
    body = (TITLE + "<text:h>一、总体情况</text:h>"
            '<text:p><text:span text:style-name="T1">（一）主动公开情况。</text:span>全年主动公开政府信息100条。</text:p>'
            + BODY)
    record = reportparse.parse(_odt(tmp_path, body, styles=styles)).to_dict()
    (overview,) = [s for s in record["sections"] if s["key"] == "overview"]
    assert [s["heading"] for s in overview["subsections"]] == ["（一）主动公开情况。"]


def test_other_opendocument_files_are_named_and_refused(tmp_path):
    path = _odt(tmp_path, TITLE + BODY, mimetype="application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(NotAPDFError, match="spreadsheet"):
        sniff(path)


def test_a_damaged_odt_is_corrupt(tmp_path):
    path = _odt(tmp_path, TITLE + BODY)
    data = path.read_bytes().replace(b"<office:body>", b"<office:body")
    path.write_bytes(data)
    with pytest.raises(CorruptWordError):
        reportparse.parse(path)


def test_an_odt_whose_mimetype_entry_is_not_first_is_still_one(tmp_path):
    """The mimetype entry should come first, stored; a tool that zips it anywhere still made an ODT."""
    src = ROOT / "samples" / "forms" / "layout-gov-2024.odt"
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in reversed(zin.namelist()):
            zout.writestr(name, zin.read(name))
    path = tmp_path / "late.odt"
    path.write_bytes(buf.getvalue())
    assert sniff(path).format == "odt"
    assert reportparse.parse(path).to_dict()["tables"] == reportparse.parse(src).to_dict()["tables"]


def test_a_password_protected_odt_is_encrypted_not_damaged(tmp_path):
    """LibreOffice's 'save with password' encrypts content.xml and says so in the manifest."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", b"\x8f\x12 ciphertext")
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                   'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                   '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>'
                   "</manifest:manifest>")
    path = tmp_path / "locked.odt"
    path.write_bytes(buf.getvalue())
    with pytest.raises(EncryptedWordError) as e:
        reportparse.parse(path)
    assert e.value.code == "encrypted"


@pytest.mark.parametrize("form", ["forms/layout-word-2022.docx", "forms/layout-gov-2024.odt"])
def test_a_zip_whose_directory_is_damaged_is_a_corrupt_word_file(tmp_path, form):
    """A central directory claiming a ZIP version zipfile does not know raised NotImplementedError out of the
    sniffer (a traceback); a .docx or .odt whose ZIP cannot be read is now a damaged Word file."""
    data = bytearray((ROOT / "samples" / form).read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6:at + 8] = b"\x77\x00"  # version needed to extract: 11.9
    path = tmp_path / Path(form).name
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptWordError, match="ZIP cannot be read"):
        reportparse.parse(path)


def test_damaged_rtf_odt_and_ofd_give_errors_never_tracebacks(tmp_path):
    """Cut, flipped and brace-riddled copies of the RTF, ODT and OFD samples: each parses or raises a
    ReportParseError (a garbled deflate stream in an OFD's member raised zlib.error)."""
    import random

    from reportparse.errors import ReportParseError

    rng = random.Random(7)
    sources = [ROOT / "samples" / f for f in ("forms/layout-wps-2023.rtf", "forms/format2019-huangpu-2020.uc.rtf",
                                               "odt/layout-wps-2023.html.soffice.odt", "forms/layout-gov-2024.odt",
                                               "ofd/ofd-layout-word-2022.ofd")]
    for i in range(120):
        src = rng.choice(sources)
        data = bytearray(src.read_bytes())
        op = i % 3
        if op == 0:
            data = data[: rng.randrange(10, len(data))]
        elif op == 1:
            for _ in range(rng.randint(1, 50)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            for _ in range(20):
                data.insert(rng.randrange(len(data)), rng.choice(b"{}\\"))
        path = tmp_path / f"f{i}{src.suffix}"
        path.write_bytes(bytes(data))
        try:
            reportparse.parse(path, ocr="never")
        except ReportParseError:
            pass



def test_a_text_box_behind_a_link_is_read(tmp_path):
    body = (TITLE + "<text:h>一、总体情况</text:h><text:p><draw:a><draw:frame><draw:text-box><text:p>链接框中的字"
            "</text:p></draw:text-box></draw:frame></draw:a></text:p>" + BODY)
    body = body.replace("<draw:a>", '<draw:a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="http://x">')
    record = reportparse.parse(_odt(tmp_path, body)).to_dict()
    assert "链接框中的字" in json.dumps(record, ensure_ascii=False)


def test_a_part_that_inflates_past_the_limit_is_refused_before_inflating(tmp_path, monkeypatch):
    from reportparse.errors import TooLargeError
    from reportparse.readers import odt

    monkeypatch.setattr(odt, "MEMBER_LIMIT", 1000)  # content.xml of the sample is larger
    with pytest.raises(TooLargeError, match="inflates to"):
        reportparse.parse(ROOT / "samples" / "forms" / "layout-gov-2024.odt")
