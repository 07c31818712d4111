"""Word 2003 XML (readers/wordml.py): LibreOffice's export (samples/wordml/, samples/make_office.py) and files built
here; make_forms.py's ``*.xml.doc`` (as office systems export "Word" from a template) is held to its truth with
every other form in test_forms.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from truth import cell_differences, identity_differences, section_texts

import reportparse
from reportparse.errors import CorruptWordError
from reportparse.inputs import sniff
from reportparse.readers import ocr

ROOT = Path(__file__).resolve().parents[1]
WORDML = ROOT / "samples" / "wordml"
TRUTHS = sorted(WORDML.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))

import make_forms as mf  # noqa: E402


def test_the_libreoffice_files_are_there():
    assert len(TRUTHS) == 2


@pytest.mark.parametrize("name", [t.name for t in TRUTHS])
def test_libreoffice_word_2003_xml_reads_as_its_form(name):
    """The second holds the applications table as two pictures (w:binData, base64): read by OCR in their place."""
    if name.startswith("pictures-") and not ocr.available():
        pytest.skip("the ocr extra is not installed")
    truth = json.loads((WORDML / name).read_text(encoding="utf-8"))
    record = reportparse.parse(WORDML / truth["file"]).to_dict()
    assert record["source"]["format"] == "wordml"
    assert cell_differences(record, truth) == []
    assert identity_differences(record, truth) == []
    assert record["title"] == truth["title"]
    assert section_texts(record) == section_texts(truth)


def _content():
    return mf.pdf_sample_content("layout-word-2022")


def test_told_by_its_bytes_under_any_name(tmp_path):
    for name in ("report.doc", "report.xml", "report.txt"):
        path = tmp_path / name
        path.write_bytes(mf.render_wordml(_content()))
        assert sniff(path).format == "wordml"


def test_the_same_record_as_the_word_file(tmp_path):
    """Deleted text (aml:annotation Word.Deletion) is not read, w:b w:val="off" is not bold, the numbers lists print
    (wx:t) are the headings' numbers: the record is the .docx's."""
    path = tmp_path / "r.doc"
    path.write_bytes(mf.render_wordml(_content()))
    record = reportparse.parse(path).to_dict()
    docx = reportparse.parse(ROOT / "samples" / "forms" / "layout-word-2022.docx").to_dict()
    assert "删去" not in json.dumps(record, ensure_ascii=False)
    assert {k: v for k, v in record.items() if k not in ("source", "report_id")} == {
        k: v for k, v in docx.items() if k not in ("source", "report_id")}


def test_a_gbk_declared_file_reads_the_same(tmp_path):
    data = mf.render_wordml(_content()).decode("utf-8").replace('encoding="utf-8"', 'encoding="GBK"').encode("gbk")
    path = tmp_path / "gbk.doc"
    path.write_bytes(data)
    utf8 = tmp_path / "utf8.doc"
    utf8.write_bytes(mf.render_wordml(_content()))
    assert reportparse.parse(path).to_dict()["tables"] == reportparse.parse(utf8).to_dict()["tables"]


def test_a_cut_file_is_damaged(tmp_path):
    data = mf.render_wordml(_content())
    path = tmp_path / "cut.doc"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptWordError, match="not well-formed"):
        reportparse.parse(path)


def test_pictures_are_named_by_their_bin_data():
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    record = reportparse.parse(WORDML / "pictures-applications-word-2022.docx.soffice.xml.doc").to_dict()
    assert [w["message"][:31] for w in record["warnings"] if w["code"] == "image_text"] == [
        "a picture wordml://Picture 1 (9", "a picture wordml://Picture 2 (9"]
    assert record["source"]["ocr"] is True
