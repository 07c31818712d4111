"""Bad input: a specific exception from the API; one line and a non-zero exit from the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest
from badinputs import ALL

import reportparse


@pytest.mark.parametrize("name", sorted(ALL))
def test_api_raises_the_specific_error(name, tmp_path):
    make, code = ALL[name]
    with pytest.raises(reportparse.ReportParseError) as err:
        reportparse.parse(make(tmp_path))
    assert err.value.code == code
    assert str(err.value).startswith(str(tmp_path))


@pytest.mark.parametrize("name", sorted(ALL))
def test_cli_prints_one_line_and_fails(name, tmp_path):
    make, _ = ALL[name]
    path = make(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "reportparse.cli", "parse", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith(f"reportparse: {path}")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(reportparse.NotAPDFError):
        reportparse.parse(tmp_path / "nope.pdf")
    with pytest.raises(reportparse.NotAPDFError):
        reportparse.parse(tmp_path)


def test_text_that_is_not_a_report(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\n今天讨论了三件事情，第一是预算，第二是人事，第三是年度计划安排。\n", encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError):
        reportparse.parse(path)


def test_glyphs_without_unicode_count_as_no_text_layer(tmp_path):
    from reportparse.inputs import Source, require_text_layer

    source = Source(tmp_path / "cid.pdf", b"", "0" * 64, "pdf")
    with pytest.raises(reportparse.NoTextLayerError, match="cid"):
        require_text_layer(source, n_chars=3, n_images=0, n_pages=2, n_cid=900)
    require_text_layer(source, n_chars=400, n_images=0, n_pages=2, n_cid=900)  # readable pages: a warning only


def test_a_damaged_page_costs_that_page_only(monkeypatch):
    from pathlib import Path

    from reportparse.readers import pages

    real = pages.dedupe_chars
    calls = {"n": 0}

    def flaky(chars):
        calls["n"] += 1
        if calls["n"] == 5:  # the last page
            raise ValueError("bad content stream")
        return real(chars)

    monkeypatch.setattr(pages, "dedupe_chars", flaky)
    sample = Path(__file__).resolve().parents[1] / "samples" / "layout-word-2022.pdf"
    record = reportparse.parse(sample).to_dict()
    bad = [w for w in record["warnings"] if w["code"] == "page_unreadable"]
    assert len(bad) == 1 and bad[0]["page"] == 5 and "bad content stream" in bad[0]["message"]
    assert record["agency"] and record["tables"]["applications"]["new"] is not None


def test_a_word_file_named_pdf_is_read_as_word(tmp_path):
    """The form is told by the bytes, not the name: a .docx saved as .pdf is read as the Word file it is."""
    from badinputs import docx_renamed_pdf

    record = reportparse.parse(docx_renamed_pdf(tmp_path)).to_dict()
    assert record["source"]["format"] == "docx" and record["source"]["pages"] is None
    assert [s["key"] for s in record["sections"]][:2] == ["overview", "active_disclosure"]


def test_a_final_accounts_document_is_not_a_report(tmp_path):
    """A 部门决算 with its own 一、…十一、 outline is refused by principle, naming what it is."""
    outline = ["一、部门基本情况", "本部门主要职责是……。", "二、收入支出决算总体情况说明", "2023年度收入合计100万元。",
               "三、财政拨款支出决算情况说明", "支出合计90万元。", "四、一般公共预算财政拨款基本支出决算情况说明",
               "人员经费80万元。", "五、其他重要事项的情况说明", "无。", "十一、名词解释", "财政拨款收入：……。"]
    path = tmp_path / "juesuan.txt"
    path.write_text("某某县财政局2023年度部门决算\n\n" + "\n".join(outline) + "\n", encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError) as err:
        reportparse.parse(path)
    assert "决算" in str(err.value) and "of the six standard section headings" in str(err.value)


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_bytes_after_the_end_marker_do_not_make_a_pdf_truncated(tmp_path, backend):
    """Websites append HTML or padding after %%EOF (issue 8, item 3): the PDF still reads, record unchanged."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "samples" / "layout-word-2022.pdf"
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(sample.read_bytes() + b"\n<html><body>" + b"<p>download</p>" * 1000 + b"</body></html>\n")
    got, want = (reportparse.parse(p, backend=backend).to_dict() for p in (padded, sample))
    assert got["tables"] == want["tables"] and got["sections"] == want["sections"]


_PAGE = """<html><head><meta charset="utf-8"><title>某某区人民政府2023年政府信息公开工作年度报告_某某区人民政府</title></head>
<body><div class="nav">首页 > 政府信息公开 > 政府信息公开年报</div><div class="logo"><img src="/images/logo.png"></div>
<div class="article"><h1>某某区人民政府2023年政府信息公开工作年度报告</h1>
<p>发布时间：2024-01-20 来源：区政府办公室</p>{body}</div><div class="footer">ICP备12345678号</div></body></html>"""


@pytest.mark.parametrize("body, names", [
    ('<p>附件：<a href="/files/2023ndbg.pdf">某某区人民政府2023年政府信息公开工作年度报告.pdf</a></p>',
     "某某区人民政府2023年政府信息公开工作年度报告.pdf"),
    ('<p>附件：<a href="/u/cms/www/202401/%E5%B9%B4%E6%8A%A5.docx?v=2">下载年度报告</a></p>', "下载年度报告 (年报.docx)"),
    ('<p>附件：<a href="/files/nb2023.rtf">下载</a></p>', "下载 (nb2023.rtf)"),
    ('<p>附件：<a href="/files/nb2023.odt?x=1">年报</a></p>', "年报 (nb2023.odt)"),
], ids=["link-names-the-file", "link-names-no-file", "rtf", "odt"])
def test_a_page_linking_the_report_as_an_attachment_names_the_file(body, names, tmp_path):
    """A page holding the report's title and an attachment link, not the report: refused, saying which file to
    parse (it was an empty record, 'ok' but for region_unknown)."""
    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(body=body), encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError) as e:
        reportparse.parse(path)
    assert e.value.code == "not_a_report"
    assert f"the report is the file it links to or embeds, {names}; parse that file" in str(e.value)


def test_a_page_embedding_the_report_in_a_pdf_viewer_names_the_file(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(body='<iframe src="/static/pdfjs/web/viewer.html?file=%2Fuploads%2F2023ndbg.pdf">'
                                      '</iframe>'), encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError, match="links to or embeds, 2023ndbg.pdf; parse that file"):
        reportparse.parse(path)


def test_a_bare_pdf_viewer_page_names_the_file(tmp_path):
    """No title, no text: only the viewer (a page saved from the viewer's frame, a crawler's copy of it)."""
    path = tmp_path / "viewer.html"
    path.write_text('<html><head><meta charset="utf-8"><title>2023年政府信息公开工作年度报告</title></head><body>'
                    '<embed src="/upload/2024/ndbg-2023.pdf" type="application/pdf" width="100%"></body></html>',
                    encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError, match="almost no article text; it links to or embeds "
                                                          "ndbg-2023.pdf: parse that file"):
        reportparse.parse(path)
    path.write_text('<html><body><p>首页</p></body></html>', encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError, match=r"almost no article text\. Expected"):
        reportparse.parse(path)


def test_a_page_showing_the_report_as_pictures_says_so(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(body="".join(f'<p><img src="/files/p{i}.jpg"></p>' for i in range(5))), encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError, match=r"the page shows 6 picture\(s\), the report printed as images"):
        reportparse.parse(path)


def test_crawler_text_of_an_attachment_page_names_the_file(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("标题: 某某县教育局2022年度政府信息公开工作年度报告\n发布时间: 2023-01-30\n"
                    "某某县教育局2022年度政府信息公开工作年度报告 附件：2022年政府信息公开工作年度报告.pdf\n", encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError, match="links to or embeds, 2022年政府信息公开工作年度报告.pdf"):
        reportparse.parse(path)


def test_a_short_free_form_report_under_its_title_is_read(tmp_path):
    """Text enough for a report (no headings, no tables, a few sentences) under the title is still a report."""
    body = ("2019年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息126条，"
            "其中通过政府网站公开98条、政务微博公开28条。全年共收到政府信息公开申请3件，均已按期答复。"
            "本年度未发生因政府信息公开引起的行政复议和行政诉讼。政府信息公开工作存在的主要问题是公开内容"
            "不够全面、更新不够及时，下一步将加强人员培训，完善工作机制，不断提高政府信息公开工作水平。") * 2
    path = tmp_path / "report.txt"
    path.write_text("某某县林业局2019年政府信息公开工作年度报告\n\n" + body + "\n", encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["year"] == 2019


def test_a_picture_of_a_page_says_how_to_read_it(tmp_path):
    from badinputs import jpeg_file

    with pytest.raises(reportparse.UnsupportedFormatError) as e:
        reportparse.parse(jpeg_file(tmp_path))
    assert "page-photo.pdf: this is a JPEG image, not a document. A report published as pictures" in str(e.value)
    assert "img2pdf" in str(e.value) and "soffice" not in str(e.value)  # converting a picture to .docx is no advice
