"""The readers, each on small hand-made inputs: every form into the same document model."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import reportparse
from reportparse.document import Document
from reportparse.inputs import decoded_text, sniff
from reportparse.normalize import opening_agency
from reportparse.readers import read
from reportparse.readers.text import crawler_header, unflatten


def _doc(tmp_path: Path, name: str, data: bytes) -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return read(sniff(path))


def _cells(grid) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.r0, c.r1, c.c0, c.c1) for c in grid.cells]


# ------------------------------------------------------------------ web pages
PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县人民政府2023年政府信息公开工作年度报告_公开年报_某县人民政府网</title>
<script>var a = "一、总体情况";</script><style>p {}</style></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a>政府信息公开</a></div>
<div class="content">
<p>首页 &gt; 政府信息公开 &gt; 年报</p>
<p>发布时间：2024-01-20 来源：某县政府办 字号：【大 中 小】</p>
<p style="text-indent:2em">本报告根据《条例》编制。</p>
<p><span style="font-family:黑体">一、总体</span><span>情况</span></p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;2023年，某县深化政务公开。<br/>第二行是新的一段。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td rowspan="2">信息&#20869;容</td><td colspan="2">本年<br/>制发件数</td></tr>
<tr><td>&nbsp;</td><td><p>1</p></td></tr></table>
<p>六、其他需要报告的事项</p><p>无。</p>
<p>上一篇：关于某事的通知</p>
</div>
<div class="footer">网站标识码：1234567890 京ICP备12345678号</div></body></html>"""


def test_a_gbk_page_is_decoded_by_its_declared_charset(tmp_path):
    doc = _doc(tmp_path, "page.html", PAGE.encode("gb18030"))
    assert doc.meta.title == "某县人民政府2023年政府信息公开工作年度报告"  # <title> minus the site name
    texts = [ln.text for ln in doc.lines]
    assert texts == ["本报告根据《条例》编制。", "一、总体情况", "2023年，某县深化政务公开。", "第二行是新的一段。",
                     "二、主动公开政府信息情况", "六、其他需要报告的事项", "无。"]  # chrome and scripts gone
    assert doc.blocks and doc.pages is None


def test_table_spans_entities_and_blank_cells(tmp_path):
    doc = _doc(tmp_path, "page.html", PAGE.encode("gb18030"))
    (grid,) = doc.grids
    assert _cells(grid) == [("信息内容", 0, 2, 0, 1), ("本年制发件数", 0, 1, 1, 3), ("", 1, 2, 1, 2), ("1", 1, 2, 2, 3)]
    assert grid.bbox[1] == 4.5  # between 二、 (line 4) and 六、 (line 5): no paragraph runs across it


def test_utf8_without_a_declaration_and_with_a_bom(tmp_path):
    page = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    for data in (page.encode("utf-8"), b"\xef\xbb\xbf" + page.encode("utf-8"), page.encode("gb18030")):
        doc = _doc(tmp_path, "p.htm", data)
        assert doc.lines[0].text == "本报告根据《条例》编制。"


def test_the_article_is_the_element_holding_the_headings(tmp_path):
    """An old layout: the whole page in tables; the article is the innermost cell holding the headings."""
    page = ("<html><body><table><tr><td>栏目导航<table><tr><td>公开指南</td></tr></table></td><td>"
            "<table><tr><td>索引号：</td><td>0001/2024-1</td></tr></table>"
            "<table><tr><td>一、总体情况<br>正文。<br>二、主动公开政府信息情况<br>三、收到和处理政府信息公开申请情况"
            "</td></tr></table></td></tr></table></body></html>")
    doc = _doc(tmp_path, "old.html", page.encode("utf-8"))
    assert [ln.text for ln in doc.lines] == ["一、总体情况", "正文。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


# ------------------------------------------------------------------ Word
def test_word_merges_become_spans(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "信息内容"  # vMerge
    table.cell(0, 1).merge(table.cell(0, 2)).text = "本年制发件数"  # gridSpan
    table.cell(1, 1).text, table.cell(1, 2).text = "2", "3"
    table.cell(2, 0).text, table.cell(2, 1).text = "规章", "0"
    document.add_paragraph("二、主动公开政府信息情况")
    buf = io.BytesIO()
    document.save(buf)
    doc = _doc(tmp_path, "report.docx", buf.getvalue())
    (grid,) = doc.grids
    assert _cells(grid) == [("信息内容", 0, 2, 0, 1), ("本年制发件数", 0, 1, 1, 3), ("2", 1, 2, 1, 2), ("3", 1, 2, 2, 3),
                            ("规章", 2, 3, 0, 1), ("0", 2, 3, 1, 2), ("", 2, 3, 2, 3)]
    assert [ln.text for ln in doc.lines] == ["一、总体情况", "二、主动公开政府信息情况"] and grid.bbox[1] == 0.5


# ------------------------------------------------------------------ text
def test_crawler_header_lines_are_metadata(tmp_path):
    text = ("标题: 某局2024年政府信息公开工作年度报告\n发布时间: 2025-01-02\n发布机构: 某局办公室\n"
            "原文链接: https://example.gov.cn/a.html\n==================== 正文 ====================\n"
            "本报告根据条例编制。一、总体情况 2024年，某局" + "深化政务公开，" * 60 + "成效明显。（一）主动公开 全年公开信息10条。（二）依申请公开情况。无。"
            "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000" + "。" * 0)
    meta, body = crawler_header(text)
    assert (meta.title, meta.agency, meta.published, meta.url) == (
        "某局2024年政府信息公开工作年度报告", "某局办公室", "2025-01-02", "https://example.gov.cn/a.html")
    assert body.startswith("本报告根据条例编制。")
    lines = unflatten(body)[0].split("\n")
    assert "一、总体情况" in lines and "（一）主动公开" in lines and "（二）依申请公开情况。无。" in lines


@pytest.mark.parametrize("join", ["", " "])
def test_crawler_header_with_its_line_breaks_lost(join):
    """The whole file one line, the header's fields run together (原文链接 one field, not 原文 and 链接): each
    field is read, the article starts after the separator."""
    fields = ["标题: 某局2024年政府信息公开工作年度报告", "发布时间: 2025-01-02 15:35", "文号: ", "发布机构: 某局办公室",
              "原文链接: https://example.gov.cn/a.html", "==================== 正文 ===================="]
    text = join.join(fields) + "本报告根据条例编制。一、总体情况 2024年，某局深化政务公开。"
    meta, body = crawler_header(text)
    assert (meta.title, meta.agency, meta.published, meta.url) == (
        "某局2024年政府信息公开工作年度报告", "某局办公室", "2025-01-02 15:35", "https://example.gov.cn/a.html")
    assert body.startswith("本报告根据条例编制。")


def test_one_line_text_without_a_header_is_left_alone():
    text = "本报告根据条例编制，来源：某局。==== 正文 ==== 一、总体情况"
    assert crawler_header(text) == (crawler_header("")[0], text)


def test_a_space_after_a_sentence_in_a_one_line_article_starts_a_paragraph():
    """A crawler that joined the article's paragraphs with a space left it after the sentence's end, where
    Chinese text has none: each such space starts a paragraph.  A piece holding a table run into it (three
    numbers in a row) is left whole: its note's 。 before the table's words ends no paragraph."""
    prose = "深化政务公开，" * 40
    body = (f"本报告根据条例编制。 如有疑问请联系办公室。一、总体情况 2024年，某局{prose}成效明显。 全年公开信息10条！ "
            "（一）主动公开 全年公开信息10条。 加强解读。三、收到和处理政府信息公开申请情况 申请情况如下表。 "
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 总计 "
            "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3")
    lines = [line.strip() for line in unflatten(body)[0].split("\n")]
    assert lines[:2] == ["本报告根据条例编制。", "如有疑问请联系办公室。"]
    assert f"2024年，某局{prose}成效明显。" in lines and "全年公开信息10条！" in lines
    assert lines[lines.index("（一）主动公开"):][1:3] == ["全年公开信息10条。", "加强解读。"]
    assert lines[-1].startswith("申请情况如下表。 （本列数据") and lines[-1].endswith("3 0 0 0 0 0 3")


def test_markdown_tables_become_grids(tmp_path):
    md = ("# 某局2024年政府信息公开工作年度报告\n\n正文\n\n## 一、总体情况\n\n**（一）主动公开情况。**全年公开10条。\n\n"
          "## 二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n\n## 六、其他需要报告的事项\n\n无。\n")
    doc = _doc(tmp_path, "r.md", md.encode("utf-8"))
    assert [ln.text for ln in doc.lines] == ["某局2024年政府信息公开工作年度报告", "一、总体情况", "（一）主动公开情况。全年公开10条。",
                                             "二、主动公开政府信息情况", "六、其他需要报告的事项", "无。"]
    (grid,) = doc.grids
    assert _cells(grid) == [("信息内容", 0, 1, 0, 1), ("本年制发件数", 0, 1, 1, 2), ("规章", 1, 2, 0, 1), ("0", 1, 2, 1, 2)]


# ------------------------------------------------------------------ decoding (issue 8, item 4)
SEED = Path(__file__).resolve().parents[1] / "samples" / "guyuan-hpf-2021.txt"


def test_one_stray_byte_is_replaced_and_warned(tmp_path):
    data = SEED.read_bytes()
    at = data.index("总体情况".encode()) + 3
    bad = data[:at] + b"\xff" + data[at:]
    path = tmp_path / "stray.txt"
    path.write_bytes(bad)
    record = reportparse.parse(path).to_dict()
    (warning,) = [w for w in record["warnings"] if w["code"] == "text_decoding"]
    assert warning["message"].startswith("1 byte(s)") and record["agency"] == "固原市住房公积金管理中心"


def test_a_dump_cut_inside_its_last_character_still_reads(tmp_path):
    data = SEED.read_bytes().rstrip()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-1])  # the last character's last byte lost
    record = reportparse.parse(path).to_dict()
    assert record["agency"] == "固原市住房公积金管理中心"
    assert [w["code"] for w in record["warnings"]].count("text_decoding") == 1


def test_gbk_text_is_read_as_gb18030():
    text = "某县人民政府2023年政府信息公开工作年度报告「危及“三安全一稳定”」"
    decoded = decoded_text(text.encode("gbk"))
    assert decoded.text == text and decoded.encoding == "gb18030" and decoded.replaced == 0


# ------------------------------------------------------------------ sections (issue 8, item 5)
def test_every_absent_section_is_named(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("五、")
    path = tmp_path / "short.txt"
    path.write_text(text[:cut], encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    missing = [w["message"] for w in record["warnings"] if w["code"] == "section_missing"]
    assert len(missing) == 2 and "problems" in missing[0] and "other" in missing[1]


def test_the_agency_may_be_only_in_the_page_metadata(tmp_path):
    """A title without the agency, a body that never names it: the 索引号 table's 发布机构 does."""
    page = ("<html><head><meta charset='utf-8'><title>2023年政府信息公开工作年度报告</title></head><body>"
            "<table><tr><td>索引号：</td><td>113204/2024-00012</td></tr><tr><td>发布机构：</td><td>淮安市洪泽区人民政府</td>"
            "<td>发布日期：</td><td>2024-01-30</td></tr></table><div class='zoom'>"
            "<p>2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>全年公开信息。</p><p>二、主动公开政府信息情况</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p>"
            "<p>无。</p><p>六、其他需要报告的事项</p><p>无。</p></div></body></html>")
    path = tmp_path / "page.shtml"
    path.write_text(page, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["agency"] == "淮安市洪泽区人民政府" and record["published"] == "2024-01-30"
    assert record["region"]["adcode"] == "320813" and record["source"]["format"] == "html"
    assert "agency_from_text" in {w["code"] for w in record["warnings"]}


def test_a_section_heading_run_into_its_paragraph_stands_alone(tmp_path):
    page = ("<html><body><div><p><b>一、总体情况。</b>2023年，某局深化政务公开。</p><p>二、主动公开政府信息情况</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
            "<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></div></body></html>")
    path = tmp_path / "runin.html"
    path.write_text(page, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    first = record["sections"][0]
    assert (first["heading"], first["text"]) == ("一、总体情况。", "2023年，某局深化政务公开。")


def test_a_saved_web_archive_is_read_as_its_page(tmp_path):
    """IE/Edge save pages as .mht: MIME multipart/related, the HTML quoted-printable in its own charset."""
    from email import encoders
    from email.mime.base import MIMEBase
    from email.mime.multipart import MIMEMultipart

    message = MIMEMultipart("related")
    part = MIMEBase("text", "html")
    part.set_param("charset", "gb2312")
    part.set_payload(PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
                     .encode("gb18030"))
    encoders.encode_quopri(part)
    message.attach(part)
    path = tmp_path / "saved.mht"
    path.write_bytes(message.as_bytes())
    doc = read(sniff(path))
    assert doc.lines[0].text == "本报告根据《条例》编制。" and len(doc.grids) == 1


TEMPLATE_DOCX = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "official-template-2021-blank.docx"


@pytest.mark.skipif(not TEMPLATE_DOCX.exists(), reason=f"the official blank template is not at {TEMPLATE_DOCX}")
def test_the_official_blank_template_reads_as_an_empty_report():
    """国办公开办函〔2021〕30号's own Word template: six sections, the three tables, every cell blank, no agency
    made up (its author property names a person)."""
    record = reportparse.parse(TEMPLATE_DOCX).to_dict()
    assert record["template"] == "2021" and len(record["sections"]) == 6 and record["agency"] is None
    values = [v for rows in record["tables"].values() for row in rows.values() if row for v in row.values()]
    assert len(values) >= 180 and all(v is None for v in values)
    assert {"agency_unknown", "year_unknown"} <= {w["code"] for w in record["warnings"]}


def test_word_list_numbering_is_printed_before_its_paragraph(tmp_path):
    """A heading whose 一、 comes from Word's numbering definitions, not its text, still reads 一、总体情况."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    numbered("总体情况", 0)
    numbered("主动公开情况", 1)
    document.add_paragraph("全年公开信息。")
    numbered("依申请公开情况", 1)
    numbered("主动公开政府信息情况", 0)
    numbered("收到和处理政府信息公开申请情况", 0)
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert [ln.text for ln in read(sniff(path)).lines] == [
        "一、总体情况", "（一）主动公开情况", "全年公开信息。", "（二）依申请公开情况", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况"]


def test_a_crawled_article_that_repeats_its_title_keeps_it_out_of_the_preamble(tmp_path):
    head = "标题: 某县人民政府2024年政府信息公开工作年度报告\n发布时间: 2025-01-02\n==================== 正文 ====================\n"
    body = ("某县人民政府2024年政府信息公开工作年度报告本报告根据条例编制。一、总体情况 2024年，" + "某县深化政务公开，" * 50
            + "成效明显。二、主动公开政府信息情况三、收到和处理政府信息公开申请情况四、政府信息公开行政复议、行政诉讼情况"
            "五、存在的主要问题及改进情况 无。六、其他需要报告的事项 无。")
    path = tmp_path / "crawl.txt"
    path.write_text(head + body + "\n", encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["title"] == "某县人民政府2024年政府信息公开工作年度报告"
    assert record["preamble"] == ["本报告根据条例编制。"] and record["agency"] == "某县人民政府"


def test_a_page_pasted_line_by_line_from_a_pdf_is_unwrapped(tmp_path):
    """One <p> per printed line (a PDF pasted into the CMS): paragraphs rebuilt as from a text dump."""
    paragraphs = ["2023年，某县人民政府深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，严格执行条例各项规定，"
                  "按照省、市政务公开工作要点要求，紧紧围绕县委、县政府中心工作，扎实推进决策、执行、管理、服务、结果公开。",
                  "全年通过政府门户网站主动公开政府信息3126条，其中政策文件47件，政策解读62篇，图解政策18篇，"
                  "回应社会关切问题35个，召开新闻发布会6场，持续提升政务公开工作的质量和实效。"]
    from reportparse.layout import display_width

    lines = []
    for p in paragraphs:  # wrapped at 28 full-width characters, the first line 2 in (its indent lost)
        line, width = "", 26.0
        for ch in p:
            if display_width(line + ch) > width:
                lines.append(line)
                line, width = "", 28.0
            line += ch
        lines.append(line)
    body = "".join(f"<p>{t}</p>" for t in ["一、总体情况", *lines, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])
    path = tmp_path / "pasted.html"
    path.write_text(f"<html><body><div>{body}</div></body></html>", encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["sections"][0]["text"].split("\n") == paragraphs


def test_form_feeds_in_a_dump_are_page_breaks(tmp_path):
    text = ("某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文第一页。\n\f二、主动公开政府信息情况\n"
            "三、收到和处理政府信息公开申请情况\n\f四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n")
    path = tmp_path / "ff.txt"
    path.write_text(text, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["source"]["pages"] == 3 and [s["page"] for s in record["sections"]] == [1, 2, 2, 3, 3, 3]


def test_rowspan_zero_runs_to_the_end_of_the_table():
    """rowspan="0" is HTML's "to the end of the row group": a group label over its rows, as browsers draw it."""
    import lxml.html

    from reportparse.readers.html import _grid

    table = lxml.html.fromstring(
        "<table><tr><td rowspan='0'>（六）其他处理</td><td>1.申请人无正当理由逾期不补正</td><td>1</td></tr>"
        "<tr><td>2.申请人逾期未按收费通知要求缴纳费用</td><td>0</td></tr>"
        "<tr><td>3.其他</td><td>2</td></tr></table>")
    grid = _grid(table, 0)
    label = next(c for c in grid.cells if c.text.startswith("（六）"))
    assert (label.r0, label.r1, grid.n_rows, grid.n_cols) == (0, 3, 3, 3)
    assert [(c.text, c.r0, c.c0) for c in grid.cells if c.text in ("0", "2")] == [("0", 1, 2), ("2", 2, 2)]


def test_a_web_page_saved_as_a_word_file_leaves_its_site_chrome_out_of_section_six(tmp_path):
    """Word's (or LibreOffice's) copy of a saved web page ends in the site's chrome: 【打印本页】, 上一篇/下一篇,
    the footer with its 网站标识码 and ICP number.  None of it is section 六's text."""
    import docx

    document = docx.Document()
    for text in ["某市某局2024年政府信息公开工作年度报告", "一、总体情况", "2024年，某局深化政务公开。",
                 "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                 "五、存在的主要问题及改进情况", "解读形式较为单一。", "六、其他需要报告的事项", "本年度无其他需要报告的事项。",
                 "【打印本页】【关闭窗口】", "上一篇：关于印发2024年政务公开工作要点的通知",
                 "主办：某市某局办公室网站标识码：3301060001", "浙ICP备05012345号浙公网安备33010602000001号"]:
        document.add_paragraph(text)
    path = tmp_path / "saved.docx"
    document.save(path)
    record = reportparse.parse(path).to_dict()
    assert record["sections"][-1]["text"] == "本年度无其他需要报告的事项。"


# ------------------------------------------------------------------ an article saved without its header or title
_ARTICLE = ("本报告根据条例编制，统计期限为本年度。一、总体情况 围绕重点领域信息公开。（一）主动公开情况 全年主动公开信息12条。"
            "2024年，某县交通运输局坚持以公开为常态。" + "持续深化政务公开，规范发布流程。" * 20 + "（二）依申请公开情况 全年收到申请2件。二、主动公开政府信息情况 "
            "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 1 0 4 "
            "三、收到和处理政府信息公开申请情况 无。四、政府信息公开行政复议、行政诉讼情况 无。"
            "五、存在的主要问题及改进情况 一是解读不足。六、其他需要报告的事项 无。")


@pytest.mark.parametrize("title", ["", "某县交通运输局2024年政府信息公开工作年度报告"])
def test_article_without_header_or_title_line(tmp_path, title):
    """No header, no title of its own (or the title run into the first sentence): the title is cut off the
    article; without one, the agency and year are those of a sentence opening on a year (2024年，某局坚持…),
    mid-paragraph too (a crawler keeps no paragraphs), and said so."""
    path = tmp_path / "a.txt"
    path.write_text(title + _ARTICLE, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["agency"], record["year"]) == ("某县交通运输局", 2024)
    assert record["title"] == title
    codes = {w["code"] for w in record["warnings"]}
    assert ("agency_from_text" in codes) == (not title)
    assert record["preamble"][0].startswith("本报告根据条例编制")


@pytest.mark.parametrize("paragraphs, agency", [
    (["2024年，某县交通运输局坚持以公开为常态。"], "某县交通运输局"),
    (["全年公开信息12条。2024年，平潭综合实验区持续深化政务公开。"], "平潭综合实验区"),  # mid-paragraph
    (["2024年，我局坚持以公开为常态。"], None),  # 我局 names nobody
    (["2024年，在县委县政府的坚强领导下，本机关坚持公开。"], None),
    (["2024年，某县交通运输局坚持公开。", "2024年，某县财政局坚持公开。"], None),  # two: which is not known
    (["2024年，政务公开工作坚持以人民为中心。"], None),  # no agency's name
])
def test_opening_agency(paragraphs, agency):
    assert opening_agency(paragraphs) == agency


def test_page_text_saved_with_blank_lines_between_its_blocks(tmp_path):
    """A page's text nodes one to a line with blank lines between (lxml's itertext, BeautifulSoup's get_text
    with "\\n"): the breadcrumb's items fill a 'page' of their own above the title's (政府信息公开年报 is no
    title); the article's 来源： line and its share and version buttons are the page's, not the preamble's, and
    its 时间： line is the title's date."""
    chrome = ["当前位置：", "首页", "政务公开", "政府信息公开年报", "",
              "        某县交通运输局2024年政府信息公开工作年度报告", "", "来源：某县交通运输局", "", "时间：2025-01-10 15:35",
              "", "微信", "微博", "QQ空间", "", "全真版", "文字版", "", "文件下载", "相关链接：", ""]
    path = tmp_path / "page.txt"
    path.write_text("\n\n".join(chrome) + "\n" + _ARTICLE, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["title"], record["agency"], record["year"]) == (
        "某县交通运输局2024年政府信息公开工作年度报告", "某县交通运输局", 2024)
    assert record["preamble"][0].startswith("本报告根据条例编制")
    assert record["published"] == "时间：2025-01-10 15:35"  # the title's date, its 来源 line between them dropped


@pytest.mark.parametrize("sep", [" ", ""])
def test_whole_page_text_on_one_line(tmp_path, sep):
    """A whole page's text on one line (BeautifulSoup's get_text(" ") or get_text(strip=True) of the page, not of
    its article): the page's <title>, menu and breadcrumb above the article and its footer run into section 六
    are the page's.  The title is the page's own (标题_栏目_网站), the preamble starts at 本报告, 六 ends at its
    last sentence."""
    title = "某县交通运输局2024年政府信息公开工作年度报告"
    head = [f"{title}_政府信息公开年报_某县人民政府", "首页", "政务公开", "当前位置：", "首页", "政府信息公开年报", title,
            "来源：某县交通运输局", "时间：2025-01-10", "微信", "微博", "相关链接："]
    foot = ["附件下载", "扫一扫在手机上查看当前页面", "关闭", "主办：某县人民政府办公室", "闽ICP备12345678号"]
    path = tmp_path / "page.txt"
    path.write_text(sep.join([*head, _ARTICLE, *foot]), encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["title"], record["agency"], record["year"]) == (title, "某县交通运输局", 2024)
    assert record["preamble"][0].startswith("本报告根据条例编制")
    assert record["sections"][-1]["text"] == "无。"


def test_page_text_with_its_html_sources_whitespace(tmp_path):
    """lxml's text_content() of a page: the article one line broken where the source broke a text node (a
    label inside a cell: 三、本年度办 / 理结果), each piece indented, most lines blank: joined back, read as the
    one-line article it is."""
    cut = _ARTICLE.index("政府信息公开行政复议") + 4  # a break inside table 四's heading words
    pieces = [_ARTICLE[:cut], _ARTICLE[cut:]]
    text = "\n".join(["", " " * 16 + "某县交通运输局2024年政府信息公开工作年度报告", "", " " * 12, ""]
                     + [" " * 16 + p + "\n" + " " * 14 + "\n" for p in pieces])
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert (record["agency"], record["year"]) == ("某县交通运输局", 2024)
    assert [s["key"] for s in record["sections"]] == [
        "overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
    assert record["tables"]["active_disclosure"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 4}
