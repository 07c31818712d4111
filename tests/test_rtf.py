"""Rich Text Format: the reader (readers/rtf.py) on files written by LibreOffice (samples/rtf/, made by
samples/make_office.py), and on RTF built here for what real writers do that those files do not.

The samples made by make_forms.py (``*.rtf`` in Word's way, ``*.uc.rtf`` in LibreOffice's and WPS's) are held
to their truth with every other form in test_forms.py.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
from truth import broken_rules, cell_differences, failed_rules, identity_differences, section_texts

import reportparse
from reportparse.errors import NotAReportError
from reportparse.inputs import sniff
from reportparse.readers import ocr, read

ROOT = Path(__file__).resolve().parents[1]
RTF = ROOT / "samples" / "rtf"
TRUTHS = sorted(RTF.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))

import make_forms as mf  # noqa: E402


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = json.loads((RTF / request.param).read_text(encoding="utf-8"))
    return reportparse.parse(RTF / truth["file"]).to_dict(), truth


def test_the_libreoffice_files_are_there():
    assert len(TRUTHS) == 3
    assert any(t.name.endswith(".doc.truth.json") for t in TRUTHS)  # RTF under a .doc name


def test_libreoffice_rtf_reads_as_its_form(case):
    record, truth = case
    assert record["source"]["format"] == "rtf"
    assert cell_differences(record, truth) == []
    assert identity_differences(record, truth) == []
    assert failed_rules(record) == broken_rules(truth)
    flat = lambda s: "".join(s.split())  # noqa: E731
    assert {k: flat(v) for k, v in section_texts(record).items()} == {k: flat(v) for k, v in section_texts(truth).items()}


def test_a_web_page_saved_as_rtf_keeps_its_menus_out_of_the_title(case):
    """LibreOffice keeps the page's menus and 索引号 table above the article: the title is the article's."""
    record, truth = case
    assert record["title"] == truth["title"]
    assert not any("网站首页" in p or "索引号" in p for p in record["preamble"])


# ---------------------------------------------------------------- built here
HEAD = r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\fnil\fcharset0 Arial;}}"
TITLE = "2023年某县人民政府办公室政府信息公开工作年度报告"
BODY = "本报告根据条例要求编制，统计期限自2023年1月1日起至2023年12月31日止。"


def _rtf(tmp_path, body: str, name: str = "r.rtf", title: str = TITLE) -> dict:
    text = HEAD + "\n\\pard " + mf._rtf_text(title, False) + "\\par\n" + body + "\n\\pard " + mf._rtf_text(
        "一、总体情况", False) + "\\par\\pard " + mf._rtf_text(BODY, False) + "\\par}"
    path = tmp_path / name
    path.write_bytes(text.encode("ascii"))
    return reportparse.parse(path).to_dict()


def _u(text: str) -> str:
    return "".join(f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}" + "\\'3f" for c in text)


def test_sniffed_by_its_bytes_whatever_its_name(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xef\xbb\xbf" + (RTF / "layout-word-2022.docx.soffice.rtf").read_bytes())
    assert sniff(path).format == "rtf"


def test_unicode_escapes_skip_their_fallbacks(tmp_path):
    """\\uN is followed by \\ucN fallback characters (bytes of the codepage or ASCII) that are not text; a writer that
    wrote no fallback loses nothing; negative N and surrogate pairs are characters too."""
    body = (r"\pard\uc2\u20320\'c4\'e3\uc1\u22909?" + r"\u-26361\'3f" + r"\u-10179\'3f\u-8704\'3f" + r"\uc1\u21834\par")
    record = _rtf(tmp_path, body)
    assert record["preamble"][0] == "你好" + chr(0x9907) + "😀" + "啊"


def test_binary_data_and_skipped_destinations_are_no_text(tmp_path):
    """\\binN's bytes (braces among them), fonts, colours, styles, headers, footers, a field's code and hidden
    text never reach the record; a field's result and Word's list numbers ({\\listtext}) do."""
    body = (r"{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\header\pard " + mf._rtf_text("页眉文字", False)
            + r"\par}{\footer\pard - {\field{\*\fldinst PAGE}{\fldrslt 1}} -\par}"
            r"{\*\shppict{\pict\pngblip\bin4 {}{}}}"
            + r"\pard{\listtext " + mf._rtf_text("（一）", False) + r"\tab}" + mf._rtf_text("主动公开", False)
            + r"{\v " + mf._rtf_text("隐藏的字", False) + "}" + r"{\field{\*\fldinst HYPERLINK x}{\fldrslt "
            + mf._rtf_text("链接", False) + r"}}\par")
    record = _rtf(tmp_path, body)
    text = json.dumps(record, ensure_ascii=False)
    assert record["preamble"][0] == "（一）主动公开链接"
    assert "页眉" not in text and "隐藏" not in text and "HYPERLINK" not in text and "Normal" not in text


def test_merged_cells_become_spans(tmp_path):
    """\\clvmgf/\\clvmrg lengthen a cell down, \\clmgf/\\clmrg widen it across, a wide \\cellx spans columns."""
    from reportparse.readers.rtf import read_rtf

    rows = [[("甲", 2, 1), ("乙", 1, 2)], [("丙", 1, 1), ("丁", 1, 1)], [("戊", 1, 3)]]
    for unicode in (False, True):
        table = mf._rtf_table(rows, unicode)
        data = (HEAD + "\\pard " + mf._rtf_text(TITLE, False) + "\\par\n" + table + "\\pard "
                + mf._rtf_text(BODY * 2, False) + "\\par}").encode()
        document = read_rtf(_source(tmp_path, data))
        (grid,) = document.grids
        spans = sorted((c.text, c.r0, c.r1, c.c0, c.c1) for c in grid.cells)
        assert spans == [("丁", 1, 2, 2, 3), ("丙", 1, 2, 1, 2), ("乙", 0, 1, 1, 3), ("戊", 2, 3, 0, 3),
                         ("甲", 0, 2, 0, 1)], unicode


def test_a_nested_table_is_read_in_its_frame(tmp_path):
    """A table inside a one-cell frame table (\\itap2, \\nestcell, \\nestrow) is the table; the frame is layout."""
    from reportparse.readers.rtf import read_rtf

    inner = mf._rtf_table([[("项目", 1, 1), ("数量", 1, 1)], [("规章", 1, 1), ("3", 1, 1)]], True, depth=2)
    frame = ("\\trowd\\trleft-108\\cellx9000\n\\pard\\plain\\intbl\\itap1 " + inner
             + "\\pard\\plain\\intbl\\itap1 {\\cell}\n{\\trowd\\trleft-108\\cellx9000\\row}\n")
    data = (HEAD + "\\pard " + mf._rtf_text(TITLE, False) + "\\par\n" + frame + "\\pard "
            + mf._rtf_text(BODY * 2, False) + "\\par}").encode()
    (grid,) = read_rtf(_source(tmp_path, data)).grids
    assert (grid.n_rows, grid.n_cols) == (2, 2)
    assert [c.text for c in grid.cells] == ["项目", "数量", "规章", "3"]


def test_a_text_box_is_read_where_it_stands(tmp_path):
    body = (r"{\shp{\*\shpinst{\sp{\sn shapeType}{\sv 987654}}{\shptxt\pard " + mf._rtf_text("框中的字", False)
            + r"\par}}}\pard\par")
    record = _rtf(tmp_path, body)
    assert "框中的字" in record["preamble"][0]
    assert "987654" not in json.dumps(record, ensure_ascii=False)


def test_the_font_table_gives_each_fonts_codepage(tmp_path):
    """A Big5 font (\\fcharset136) in a GBK document: its bytes are Big5."""
    head = HEAD.replace(r"{\f1\fnil\fcharset0 Arial;}", r"{\f1\fnil\fcharset136 MingLiU;}")
    data = (head + "\\pard " + mf._rtf_text(TITLE, False) + "\\par\\pard{\\f1 "
            + "".join(f"\\'{b:02x}" for b in "繁體".encode("cp950")) + "}" + mf._rtf_text(BODY, False) + "\\par}")
    from reportparse.readers.rtf import read_rtf

    document = read_rtf(_source(tmp_path, data.encode()))
    assert any(ln.text.startswith("繁體本報告".replace("報", "报")) for ln in document.lines)


def test_almost_no_text_is_no_report(tmp_path):
    path = tmp_path / "empty.rtf"
    path.write_bytes(HEAD.encode() + rb"\pard\par}")
    with pytest.raises(NotAReportError):
        reportparse.parse(path)


def _source(tmp_path, data: bytes):
    path = tmp_path / "x.rtf"
    path.write_bytes(data)
    return sniff(path)


@pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")
@pytest.mark.parametrize("framed", [False, True])
def test_a_table_pasted_as_a_picture_is_read_by_ocr(tmp_path, framed):
    """The applications table as the two screenshots the Word sample pastes it as (samples/docx_pictures/), stored
    as RTF does: hex PNG in {\\*\\shppict{\\pict\\pngblip}}, its size as shown from \\picwgoal; the duplicate a
    writer puts in {\\nonshppict} for older readers is not read twice."""
    content = mf.pdf_sample_content("layout-word-2022")
    docx = ROOT / "samples" / "docx_pictures" / "pictures-applications-word-2022.docx"
    table = mf._rtf_table(mf.applications_grid(content), False)
    picture = ""
    for k, height in ((1, 2990), (2, 11720)):  # twips, as the Word file shows them (6.61 inches wide)
        png = zipfile.ZipFile(docx).read(f"word/media/image{k}.png")
        picture += (r"\pard{\*\shppict{\pict{\*\picprop{\sp{\sn wzName}{\sv a1b2}}}\picw100\pich100"
                    rf"\picwgoal9520\pichgoal{height}\pngblip" + "\n" + png.hex()
                    + r"}}{\nonshppict{\pict\wmetafile8 0100}}\par" + "\n")
    if framed:  # the screenshots in a one-cell table, as pasted into a box: the frame is no table
        picture = (r"\trowd\trleft-108\cellx9000" + picture.replace(r"\pard", r"\pard\intbl").replace(r"\par" + "\n", "")
                   + r"\cell\row" + "\n")
    rtf = mf.render_rtf(content).decode()
    assert rtf.count(table) == 1
    path = tmp_path / "pictured.rtf"
    path.write_bytes(rtf.replace(table, picture).encode())
    record = reportparse.parse(path).to_dict()
    truth = json.loads((ROOT / "samples" / "forms" / "layout-word-2022.docx.truth.json").read_text(encoding="utf-8"))
    flagged = {w["message"].split(":")[0].split(" ")[0] for w in record["warnings"]
               if w["code"] in ("ocr_uncertain", "cell_unreadable")}
    wrong = [d for d in cell_differences(record, truth) if d.split(":")[0] not in flagged]
    assert wrong == []
    assert record["tables"]["applications"]["new"]["total"] == truth["tables"]["applications"]["new"]["total"]
    assert [w["message"][:22] for w in record["warnings"] if w["code"] == "image_text"] == [
        "a picture #1 (pngblip)", "a picture #2 (pngblip)"]
    assert record["source"]["ocr"] is True


def test_reading_rtf_never_looks_at_a_picture_with_ocr_never(tmp_path):
    data = HEAD + r"\pard{\pict\pngblip 89504e47}\par\pard " + mf._rtf_text(TITLE + BODY * 2, False) + r"\par}"
    path = tmp_path / "p.rtf"
    path.write_bytes(data.encode())
    document = read(sniff(path), ocr="never")
    assert document.issues == [] and not document.ocr


def test_a_vector_picture_is_named_not_drawn():
    """LibreOffice keeps the web page's logo as a WMF (\\wmetafile8): Windows alone draws those; it is named."""
    record = reportparse.parse(RTF / "layout-gov-2024.gbk.html.soffice.doc").to_dict()
    assert [w["message"][:50] for w in record["warnings"] if w["code"] == "image_unread"] == [
        "a picture #1 (wmetafile) is a vector picture (WMF "]


def test_an_embedded_object_is_named(tmp_path):
    body = r"{\object\objemb{\*\objclass Excel.Sheet.8}{\*\objdata 01050000}{\result {\pict\wmetafile8 0100}}}\par"
    record = _rtf(tmp_path, body)
    assert [w["code"] for w in record["warnings"] if w["code"] == "objects_unread"] == ["objects_unread"]
    assert "Excel" not in json.dumps(record["sections"], ensure_ascii=False)


def test_a_codepage_python_does_not_know_reads_as_windows_1252(tmp_path):
    """\\ansicpg1 names no codepage: its bytes are read as Windows-1252 (it raised LookupError); the Chinese here
    is in the GBK font's bytes (\\fcharset134), which say their own codepage."""
    want = _rtf(tmp_path, "")
    path = tmp_path / "r.rtf"
    path.write_bytes(path.read_bytes().replace(rb"\ansicpg936", rb"\ansicpg1"))
    record = reportparse.parse(path).to_dict()
    assert record["title"] == TITLE and record["sections"] == want["sections"]
