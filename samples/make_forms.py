"""Write the sample reports in every form they are published in besides PDF, each with its truth.

    python samples/make_forms.py            # writes samples/forms/*

The content of each report is a truth record: the three sample PDFs' truth files (what those PDFs
print) and one report in the 2019 trial format defined below.  Each is rendered as the forms users
collect:

- ``*.html``: a saved government web page in UTF-8 (TRS-style page: menus, breadcrumbs, a 发布时间/
  字号 line, the article in ``div.TRS_Editor``, Word-pasted ``MsoNormal`` paragraphs, run-in heads in
  a 楷体 ``<span>``, tables with rowspan/colspan, header cells split over ``<p>``/``<br>``, blank cells
  as ``&nbsp;``, scripts, 上一篇/下一篇 and an ICP footer);
- ``*.gbk.html``: an old page in GB2312/GBK (declared by ``http-equiv``), laid out with nested tables,
  paragraphs separated by ``<br>`` and ``&nbsp;`` indents, a 索引号 metadata table above the article;
- ``*.docx``: a Word file (python-docx) with merged cells (gridSpan, vMerge);
- ``*.crawl-glued.txt`` / ``*.crawl-spaced.txt``: a crawler's page text, header lines then the whole
  article on one line, table cells run together, or separated by one space (two where a cell is blank);
- ``*.md``: a markdown conversion (``#`` headings, pipe tables, a 正文 line);
- ``*.html-tables.md``: markdown whose tables are HTML with their spans, as MinerU writes it;
- ``*.rtf``: Rich Text Format as Word writes it (GBK bytes under \\ansicpg936, run-in heads in \\b, list numbers
  in {\\listtext}, vertical merges \\clvmgf/\\clvmrg, each row defined twice, hidden text, a footer field);
- ``*.uc.rtf``: RTF as LibreOffice and WPS write it (\\uN with ``?`` fallbacks, \\ab bold, \\clmgf/\\clmrg
  horizontal merges), its tables nested in a one-cell frame table (\\itap2, \\nestcell, \\nestrow);
- ``*.altchunk.docx``: a Word file whose body is the web page imported whole (``w:altChunk`` of an MHT), as
  html-docx-js and other "export to Word" tools of web systems write it;
- ``*.xml.doc``: Word 2003 XML saved as .doc, as office systems export "Word" from a template (the body in
  wx:sect, ``w:vmerge``, list numbers as ``wx:t``, a tracked deletion);
- ``*.odt``: OpenDocument text (content.xml: headings as text:h, bold by an automatic style, spans with covered
  cells, header rows, a footnote, a tracked deletion; the title in meta.xml).

The truth of each file is the content's truth with the file's own name, bytes, format and no pages.
Files are byte-identical from run to run (fixed zip times, no clocks).
"""

from __future__ import annotations

import copy
import hashlib
import html
import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "forms"

APP_COLS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLS = ("upheld", "corrected", "other", "pending", "total")

# ------------------------------------------------------------------ the 2019-format report
REPORT_2019 = {
    "agency": "上海市黄浦区人民政府",
    "agency_aliases": [],
    "year": 2020,
    "template": "2019",
    "title": "上海市黄浦区人民政府2020年政府信息公开工作年度报告",
    "region": {"province": "上海市", "city": "上海市", "county": "黄浦区", "adcode": "310101"},
    "preamble": [
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由上海市黄浦区人民政府办公室编制。"
        "报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
    ],
    "sections": [
        (1, "一、总体情况", [
            ("", "2020年，黄浦区人民政府认真贯彻落实《条例》，围绕区委、区政府中心工作，持续深化政务公开，"
                 "以公开促落实、促规范、促服务。"),
            ("（一）主动公开情况。", "全年主动公开政府信息3265条，其中规范性文件12件，政策解读86篇。"),
            ("（二）依申请公开情况。", "全年收到政府信息公开申请352件，均在法定期限内答复。"),
            ("（三）政府信息管理情况。", "完善信息发布审核机制，全年开展公开属性审查417次。"),
        ]),
        (2, "二、主动公开政府信息情况", []),
        (3, "三、收到和处理政府信息公开申请情况", [("", "本年度收到和处理政府信息公开申请情况如下表。")]),
        (4, "四、政府信息公开行政复议、行政诉讼情况", []),
        (5, "五、存在的主要问题及改进情况", [
            ("", "2020年，我区政府信息公开工作还存在政策解读形式较为单一、基层公开标准化程度不高等问题。"
                 "2021年，将进一步丰富解读形式，推进基层政务公开标准化规范化建设。"),
        ]),
        (6, "六、其他需要报告的事项", [("", "本年度无其他需要报告的事项。")]),
    ],
    "tables": {
        "active_disclosure": {
            "regulations": {"made": None, "published": None, "public_total": None},
            "normative_documents": {"made": 12, "published": 12, "public_total": 138},
            "licensing": {"prior_items": 215, "change": -3, "decisions": 18420},
            "other_services": {"prior_items": 46, "change": 2, "decisions": 3311},
            "penalty": {"prior_items": 381, "change": 0, "decisions": 2207},
            "enforcement": {"prior_items": 27, "change": 0, "decisions": 64},
            "fees": {"prior_items": 4, "change": 0},
            "procurement": {"items": 57, "amount": 6512.37},
        },
        "applications": {
            "new": [341, 7, 0, 1, 2, 1, 352], "carried_over": [11, 0, 0, 0, 0, 0, 11],
            "granted": [120, 3, 0, 0, 1, 0, 124], "partially_granted": [31, 1, 0, 0, 0, 0, 32],
            "denied_state_secret": [0, 0, 0, 0, 0, 0, 0], "denied_prohibited_by_law": [2, 0, 0, 0, 0, 0, 2],
            "denied_three_safeties": [1, 0, 0, 0, 0, 0, 1], "denied_third_party": [4, 0, 0, 0, 0, 0, 4],
            "denied_internal_affairs": [6, 0, 0, 0, 0, 0, 6], "denied_process_info": [9, 1, 0, 0, 0, 0, 10],
            "denied_enforcement_files": [3, 0, 0, 0, 0, 0, 3], "denied_inquiry": [5, 0, 0, 0, 0, 0, 5],
            "unavailable_not_held": [98, 2, 0, 1, 1, 1, 103], "unavailable_needs_creation": [12, 0, 0, 0, 0, 0, 12],
            "unavailable_unclear": [7, 0, 0, 0, 0, 0, 7], "unprocessed_petition": [14, 0, 0, 0, 0, 0, 14],
            "unprocessed_repeat": [10, 0, 0, 0, 0, 0, 10], "unprocessed_publication": [1, 0, 0, 0, 0, 0, 1],
            "unprocessed_excessive": [0, 0, 0, 0, 0, 0, 0], "unprocessed_confirmation": [2, 0, 0, 0, 0, 0, 2],
            "other_total": [8, 0, 0, 0, 0, 0, 8],  # the 2019 format prints （六）其他处理 as one row
            "results_total": [333, 7, 0, 1, 2, 1, 344], "carried_forward": [19, 0, 0, 0, 0, 0, 19],
        },
        "review_litigation": {"review": [5, 1, 0, 1, 7], "litigation_direct": [3, 0, 1, 2, 6],
                              "litigation_after_review": [1, 0, 0, 0, 1]},
    },
}


def _2019_truth() -> dict:
    r = REPORT_2019
    tables = copy.deepcopy(r["tables"])
    tables["applications"] = {k: None if v is None else dict(zip(APP_COLS, v)) for k, v in tables["applications"].items()}
    tables["review_litigation"] = {k: dict(zip(REVIEW_COLS, v)) for k, v in tables["review_litigation"].items()}
    sections = []
    keys = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other")
    for number, heading, paras in r["sections"]:
        subs = [{"heading": h, "heading_inline": True, "paragraphs": [t]} for h, t in paras if h]
        sections.append({"number": number, "heading": heading, "key": keys[number - 1],
                         "text": "\n".join(h + t for h, t in paras), "subsections": subs})
    return {"agency": r["agency"], "agency_aliases": r["agency_aliases"], "year": r["year"], "template": "2019",
            "title": r["title"], "region": r["region"], "preamble": r["preamble"], "sections": sections,
            "tables": tables, "broken_relations": [], "label_deviations": []}


# ------------------------------------------------------------------ tables as grids of spans
def _v(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return str(value)


def _printed_labels(truth: dict) -> dict[tuple[str, str], str]:
    return {(d["table"], d["row"]): d["printed"] for d in truth.get("label_deviations") or []}


def _raw(truth: dict, table: str, row: str, col: str) -> str:
    """The cell as the report prints it: the truth's raw text where it notes one (22（其中修订16件）, /)."""
    raws = truth.get("raw_cells", {})
    if (table, row, col) in raws:
        return raws[(table, row, col)]
    rows = truth["tables"][table]
    return _v((rows.get(row) or {}).get(col))


def active_disclosure_grid(truth: dict) -> list[list[tuple[str, int, int]]]:
    """Table 二 as rows of (text, rowspan, colspan)."""
    t = "active_disclosure"
    if truth["template"] == "2019":
        blocks = [("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
                   [("regulations", "规章"), ("normative_documents", "规范性文件")], ["made", "published", "public_total"]),
                  ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                   [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")], ["prior_items", "change", "decisions"]),
                  ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                   [("penalty", "行政处罚"), ("enforcement", "行政强制")], ["prior_items", "change", "decisions"]),
                  ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
                   [("fees", "行政事业性收费")], ["prior_items", "change"]),
                  ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额（万元）"],
                   [("procurement", "政府集中采购")], ["items", "amount"])]
    else:
        blocks = [("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                   [("regulations", "规章"), ("normative_documents", "行政规范性文件")], ["issued", "repealed", "in_force"]),
                  ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("licensing", "行政许可")], ["decisions"]),
                  ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
                   [("penalty", "行政处罚"), ("enforcement", "行政强制")], ["decisions"]),
                  ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("fees", "行政事业性收费")], ["amount_wan"])]
    rows = []
    for block, header, items, cols in blocks:
        rows.append([(block, 1, 4)])
        rows.append([(header[0], 1, 1)] + _spread(header[1:]))
        for key, label in items:
            rows.append([(label, 1, 1)] + _spread([_raw(truth, t, key, c) for c in cols]))
    return rows


def _spread(texts: list[str]) -> list[tuple[str, int, int]]:
    """Texts over the three value columns: the last one widened to fill them."""
    out = [(x, 1, 1) for x in texts]
    text, rs, _ = out[-1]
    out[-1] = (text, rs, 3 - len(texts) + 1)
    return out


def applications_grid(truth: dict) -> list[list[tuple[str, int, int]]]:
    t = "applications"
    labels = _printed_labels(truth)
    apps = truth["tables"][t]
    single = apps.get("other_total") is not None
    rows = [[("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
            [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
            [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)]]

    def values(key):
        return [(_raw(truth, t, key, c), 1, 1) for c in APP_COLS]

    def label(key, default):
        return labels.get((t, key), default)

    rows.append([(label("new", "一、本年新收政府信息公开申请数量"), 1, 3)] + values("new"))
    rows.append([(label("carried_over", "二、上年结转政府信息公开申请数量"), 1, 3)] + values("carried_over"))
    groups = [("（三）不予公开", [("denied_state_secret", "1.属于国家秘密"), ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
                            ("denied_three_safeties", "3.危及“三安全一稳定”"), ("denied_third_party", "4.保护第三方合法权益"),
                            ("denied_internal_affairs", "5.属于三类内部事务信息"), ("denied_process_info", "6.属于四类过程性信息"),
                            ("denied_enforcement_files", "7.属于行政执法案卷"), ("denied_inquiry", "8.属于行政查询事项")]),
              ("（四）无法提供", [("unavailable_not_held", "1.本机关不掌握相关政府信息"),
                            ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
                            ("unavailable_unclear", "3.补正后申请内容仍不明确")]),
              ("（五）不予处理", [("unprocessed_petition", "1.信访举报投诉类申请"), ("unprocessed_repeat", "2.重复申请"),
                            ("unprocessed_publication", "3.要求提供公开出版物"),
                            ("unprocessed_excessive", "4.无正当理由大量反复申请"),
                            ("unprocessed_confirmation", "5.要求行政机关确认或重新出具已获取信息")])]
    if not single:
        groups.append(("（六）其他处理", [
            ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_other", "3.其他")]))
    n_result_rows = 2 + sum(len(items) for _, items in groups) + (1 if single else 0) + 1
    rows.append([("三、本年度办理结果", n_result_rows, 1), (label("granted", "（一）予以公开"), 1, 2)] + values("granted"))
    rows.append([(label("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 1, 2)]
                + values("partially_granted"))
    for head, items in groups:
        for k, (key, text) in enumerate(items):
            first = [(head, len(items), 1)] if k == 0 else []
            rows.append(first + [(label(key, text), 1, 1)] + values(key))
    if single:
        rows.append([(label("other_total", "（六）其他处理"), 1, 2)] + values("other_total"))
    rows.append([(label("results_total", "（七）总计"), 1, 2)] + values("results_total"))
    rows.append([(label("carried_forward", "四、结转下年度继续办理"), 1, 3)] + values("carried_forward"))
    return rows


def review_grid(truth: dict) -> list[list[tuple[str, int, int]]]:
    t = "review_litigation"
    heads = [("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1), ("总计", 2, 1)]
    small = [(h, 1, 1) for h, _, _ in heads]
    return [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
            heads + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
            small + small,
            [(_raw(truth, t, g, c), 1, 1) for g in REVIEW_GROUPS for c in REVIEW_COLS]]


GRIDS = {2: active_disclosure_grid, 3: applications_grid, 4: review_grid}


def placed(rows: list[list[tuple[str, int, int]]]):
    """(row, column, text, rowspan, colspan) of each cell: spans resolved as a browser lays them out."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            taken |= {(r + dr, c + dc) for dr in range(rs) for dc in range(cs)}
            yield r, c, text, rs, cs
            c += cs


def expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """The grid as a plain matrix: a spanned cell's text in its first slot, the others blank."""
    cells = list(placed(rows))
    width = max(c + cs for _, c, _, _, cs in cells)
    matrix = [[""] * width for _ in rows]
    for r, c, text, _, _ in cells:
        matrix[r][c] = text
    return matrix


# ------------------------------------------------------------------ the report as blocks
def blocks(truth: dict) -> list[tuple[str, object]]:
    """("title"|"p"|"heading"|"table", content) in reading order."""
    out: list[tuple[str, object]] = [("title", truth["title"])]
    out += [("p", p) for p in truth["preamble"]]
    for section in truth["sections"]:
        out.append(("heading", section["heading"]))
        heads = [s["heading"] for s in section.get("subsections") or [] if s.get("heading_inline")]
        for para in [p for p in section["text"].split("\n") if p]:
            head = next((h for h in heads if para.startswith(h)), "")
            out.append(("p", (head, para[len(head):]) if head else para))
        if section["number"] in GRIDS:
            out.append(("table", GRIDS[section["number"]](truth)))
    return out


def _para_text(content) -> str:
    return "".join(content) if isinstance(content, tuple) else content


# ------------------------------------------------------------------ renderers
def _cell_html(text: str, header: bool) -> str:
    if not text:
        return "&nbsp;"
    if header and len(text) >= 4 and "（" not in text and not text[0].isdigit():
        half = len(text) // 2  # a narrow header cell wraps: 社会|公益组织, 结果<br/>纠正
        return f"<p>{html.escape(text[:half])}</p><p>{html.escape(text[half:])}</p>" if len(text) > 5 else \
            f"{html.escape(text[:half])}<br/>{html.escape(text[half:])}"
    return f"<p style=\"text-align:center\">{html.escape(text)}</p>"


def _table_html(rows, cls: str = "") -> str:
    out = [f'<table border="1" cellspacing="0" cellpadding="0"{cls}><tbody>']
    for r, row in enumerate(rows):
        out.append("<tr>")
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            numeric = text.replace(".", "").replace("-", "").isdigit()
            out.append(f"<td{attrs} valign=\"center\">{_cell_html(text, not numeric and r < 4)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_html(truth: dict) -> bytes:
    """A TRS-style page in UTF-8: chrome around div.TRS_Editor."""
    body = []
    for kind, content in blocks(truth)[1:]:
        if kind == "heading":
            body.append(f'<p class="MsoNormal" style="text-indent:2em"><strong><span style="font-family:黑体">'
                        f'{html.escape(content)}</span></strong></p>')
        elif kind == "table":
            body.append(_table_html(content, ' class="MsoNormalTable"'))
        elif isinstance(content, tuple):
            head, rest = content
            body.append(f'<p class="MsoNormal" style="text-indent:32px"><span style="font-family:楷体_GB2312">'
                        f'{html.escape(head)}</span><span style="font-family:仿宋_GB2312">{html.escape(rest)}</span></p>')
        else:
            body.append(f'<p class="MsoNormal" style="text-indent:2em"><span>&nbsp;</span>'
                        f'<span style="font-family:仿宋_GB2312">{html.escape(content)}</span></p>')
    title = html.escape(truth["title"])
    agency = html.escape(truth["agency"])
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{agency}门户网站">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{truth['year'] + 1}-01-25 09:30">
<meta name="ContentSource" content="{agency}办公室">
<title>{title}_政府信息公开年报_{agency}门户网站</title>
<style>.TRS_Editor p {{ line-height: 2; }}</style>
<script>var _hmt = _hmt || []; document.write("<div>统计</div>");</script>
</head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul>
<form class="search"><input type="text" value="请输入关键字"><button>搜索</button></form></div>
<div class="crumbs">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<div class="article">
<div class="article_title"><h1>{title}</h1></div>
<div class="article_info">发布时间：{truth['year'] + 1}-01-25 09:30 来源：{agency}办公室 字号：【大 中 小】 浏览次数：1024</div>
<div class="TRS_Editor">
{chr(10).join(body)}
</div>
<div class="article_foot">【打印本页】 【关闭窗口】</div>
<div class="pages"><p>上一篇：关于印发2024年政务公开工作要点的通知</p><p>下一篇：{agency}2019年政府信息公开工作年度报告</p></div>
</div>
<div class="footer"><p>主办：{agency}办公室 网站标识码：3301060001</p><p>浙ICP备05012345号 浙公网安备 33010602000001号</p>
<script type="text/javascript">document.write(unescape("%3Cspan%3E%3C/span%3E"));</script></div>
</body>
</html>
"""
    return page.encode("utf-8")


def render_gbk_html(truth: dict) -> bytes:
    """An old page in GBK: nested layout tables, <br> paragraphs, &nbsp; indents, a 索引号 table."""
    body = []
    for kind, content in blocks(truth)[1:]:
        if kind == "table":
            body.append(_table_html(content, ' width="600" align="center"'))
        elif kind == "heading":
            body.append(f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<b>{html.escape(content)}</b>")
        else:
            body.append(f"<br>&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(_para_text(content))}")
    title = html.escape(truth["title"])
    agency = html.escape(truth["agency"])
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{agency}-{title}</title>
</head>
<body topmargin="0">
<table width="980" align="center"><tr><td><img src="/images/top.jpg"></td></tr>
<tr><td class="nav"><a href="/">网站首页</a> | <a href="/xxgk/">信息公开</a> | <a href="/bmfw/">便民服务</a></td></tr>
<tr><td>
 <table width="100%"><tr><td width="200" valign="top" class="left">
   <table><tr><td><a href="/xxgk/zn/">公开指南</a></td></tr><tr><td><a href="/xxgk/ml/">公开目录</a></td></tr>
   <tr><td><a href="/xxgk/nb/">公开年报</a></td></tr></table>
 </td><td valign="top">
   <table class="meta" width="100%"><tr><td>索引号：</td><td>000014349/{truth['year'] + 1}-00012</td><td>分类：</td><td>政府信息公开年报</td></tr>
   <tr><td>发布机构：</td><td>{agency}</td><td>发文日期：</td><td>{truth['year'] + 1}-01-28</td></tr></table>
   <table width="100%"><tr><td class="title" align="center"><font size="4"><b>{title}</b></font></td></tr>
   <tr><td class="bt_content">
{chr(10).join(body)}
   </td></tr></table>
 </td></tr></table>
</td></tr>
<tr><td class="foot" align="center">版权所有：{agency} 备案号：沪ICP备12345678号 网站标识码：3101010001</td></tr>
</table>
</body>
</html>
"""
    return page.encode("gb18030")


def render_docx(truth: dict) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = ""
    document.core_properties.author = ""
    for kind, content in blocks(truth):
        if kind == "title":
            p = document.add_paragraph()
            run = p.add_run(content)
            run.bold = True
            run.font.size = Pt(22)
        elif kind == "heading":
            p = document.add_paragraph()
            p.add_run(content).bold = True
        elif kind == "table":
            matrix = expand(content)
            table = document.add_table(rows=len(matrix), cols=len(matrix[0]))
            table.style = "Table Grid"
            _merge_docx(table, content)
        elif isinstance(content, tuple):
            p = document.add_paragraph()
            p.add_run(content[0]).bold = True
            p.add_run(content[1])
        else:
            document.add_paragraph(content)
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def _merge_docx(table, rows) -> None:
    for r, c, text, rs, cs in placed(rows):
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = text


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member times and core properties, so every run writes the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(src.namelist()):
            body = src.read(name)
            if name == "docProps/core.xml":
                body = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                        b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title></dc:title></cp:coreProperties>')
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _flat_table(rows, sep: str) -> str:
    """The cells as a browser's text: row by row, each spanned cell once."""
    return sep.join(text for row in rows for text, _, _ in row) if sep else "".join(text for row in rows for text, _, _ in row)


def render_crawl(truth: dict, spaced: bool) -> bytes:
    article = []
    for kind, content in blocks(truth)[1:]:
        if kind == "table":
            article.append(_flat_table(content, " " if spaced else ""))
        else:
            article.append(_para_text(content))
    joiner = " " if spaced else ""
    head = (f"标题: {truth['title']}\n发布时间: {truth['year'] + 1}-02-01 10:00\n文号: \n"
            f"发布机构: {truth['agency']}办公室\n栏目: 政府信息公开年报\n"
            f"原文链接: https://www.example.gov.cn/zwgk/nb/{truth['year']}.html\n"
            "==================== 正文 ====================\n")
    return (head + joiner.join(article) + "\n").encode("utf-8")


def render_page_text(truth: dict) -> bytes:
    """The whole web page (``render_html``) as a browser's select-all and copy, or its "save as text", gives it:
    the site's menu and breadcrumb, the title and 发布时间 line, a line per paragraph, a line per table row with
    a tab between its cells (a spanned cell once, in its first row), then what follows the article: the print
    links, 上一篇/下一篇, 附件下载, lists of links under their heads, the footer's 主办/网站标识码/ICP lines and
    the site's note on browsers."""
    agency = truth["agency"]
    lines = ["首页 政务公开 互动交流 办事服务 搜索", "首页 > 政府信息公开 > 政府信息公开年报", truth["title"],
             f"发布时间：{truth['year'] + 1}-01-25 09:30 来源：{agency}办公室 字号：【大 中 小】 浏览次数：1024"]
    for kind, content in blocks(truth)[1:]:
        if kind == "table":
            lines.extend("\t".join(text for text, _, _ in row) for row in content)
        else:
            lines.append(_para_text(content))
    lines += ["附件下载", "扫一扫在手机上查看当前页面", "【打印本页】 【关闭窗口】",
              "上一篇：关于印发2024年政务公开工作要点的通知", f"下一篇：{agency}2019年政府信息公开工作年度报告",
              "相关链接", "中国政府网 国务院办公厅 各省政府网站", "友情链接", "人民网 新华网 央视网",
              "使用帮助 | 联系我们 | 网站地图 |", f"主办：{agency}办公室 网站标识码：3301060001",
              "浙ICP备05012345号 浙公网安备 33010602000001号",
              "为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上；Google Chrome浏览器63版本及以上。"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_cells_text(truth: dict) -> bytes:
    """The Word file's text as docx2txt (and textract, which uses it) gives it: each paragraph followed by an
    empty line, a table cell by cell in row order, each cell a paragraph of its own, so that a blank cell, and
    each cell a vertical merge continues, is one more empty line; a horizontally merged cell is one cell."""
    out = [truth["title"]]
    for kind, content in blocks(truth)[1:]:
        if kind == "table":
            cells = list(placed(content))
            for r in range(len(content)):
                row = sorted((c, text if r0 == r else "") for r0, c, text, rs, _ in cells if r0 <= r < r0 + rs)
                out.extend(text for _, text in row)
        else:
            out.append(_para_text(content))
    return "".join(text + "\n\n" for text in out).encode("utf-8")


def render_md(truth: dict) -> bytes:
    out = []
    for kind, content in blocks(truth):
        if kind == "title":
            out += [f"# {content}", "", "正文", ""]
        elif kind == "heading":
            out += [f"## {content}", ""]
        elif kind == "table":
            matrix = expand(content)
            out.append("| " + " | ".join(matrix[0]) + " |")
            out.append("|" + "|".join(["---"] * len(matrix[0])) + "|")
            out += ["| " + " | ".join(row) + " |" for row in matrix[1:]]
            out.append("")
        elif isinstance(content, tuple):
            out += [f"**{content[0]}**{content[1]}", ""]
        else:
            out += [content, ""]
    return ("\n".join(out) + "\n").encode("utf-8")


def render_md_html_tables(truth: dict) -> bytes:
    """Markdown as some converters (MinerU) write it: tables as HTML, with their spans."""
    out = []
    for kind, content in blocks(truth):
        if kind == "title":
            out += [f"# {content}", ""]
        elif kind == "heading":
            out += [f"## {content}", ""]
        elif kind == "table":
            out += [_table_html(content).replace("\n", ""), ""]
        else:
            out += [_para_text(content), ""]
    return ("\n".join(out) + "\n").encode("utf-8")


def _rtf_text(text: str, unicode: bool) -> str:
    r"""``text`` as RTF: Chinese as GBK bytes (``\'b1\'be``, Word's way under \ansicpg936) or as ``\uN\'3f``
    (LibreOffice's: the code point and a ``?`` fallback)."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        elif unicode:
            n = ord(ch)
            out.append(f"\\u{n if n < 32768 else n - 65536}\\'3f")
        else:
            out.append("".join(f"\\'{b:02x}" for b in ch.encode("gbk")))
    return "".join(out)


def _rtf_row(cells, width: int, columns: int, unicode: bool, depth: int = 1) -> str:
    r"""One table row: its definition (\trowd, each cell's merge flags and right edge), its cells, its end.
    ``cells``: (text, first column, columns spanned, vertical flag: "" / "first" / "cont") in order."""
    step = width // columns
    define = ["\\trowd\\trgaph108\\trleft-108"]
    for text, c, cs, vertical, horizontal in cells:
        define.append({"first": "\\clvmgf", "cont": "\\clvmrg"}.get(vertical, ""))
        define.append({"first": "\\clmgf", "cont": "\\clmrg"}.get(horizontal, ""))
        define.append(f"\\clbrdrt\\brdrs\\brdrw10\\clbrdrl\\brdrs\\brdrw10\\clbrdrb\\brdrs\\brdrw10\\clbrdrr\\brdrs"
                      f"\\brdrw10\\cellx{(c + cs) * step - 108}")
    definition = "".join(define)
    if depth == 1:
        body = "".join(f"\\pard\\plain\\intbl\\qc\\f0\\fs21 {{{_rtf_text(t, unicode)}\\cell}}" for t, *_ in cells)
        return f"{definition}\n{body}\n{{{definition}\\row}}\n"
    body = "".join(f"\\pard\\plain\\intbl\\itap{depth}\\qc\\f0\\fs21 {{{_rtf_text(t, unicode)}\\nestcell}}"
                   for t, *_ in cells)
    return f"{body}\n{{\\*\\nesttableprops{definition}\\nestrow}}{{\\nonesttables\\par}}\n"


def _rtf_table(rows, unicode: bool, depth: int = 1) -> str:
    r"""A grid of (text, rowspan, colspan) as RTF rows: a vertical merge as \clvmgf/\clvmrg cells; a horizontal
    one as one wide cell (Word's way) or, in the ``unicode`` style, as \clmgf/\clmrg cells (older writers')."""
    width, columns = 9000, len(expand(rows)[0])
    grid: dict[int, list] = {r: [] for r in range(len(rows))}
    for r, c, text, rs, cs in placed(rows):
        for dr in range(rs):
            vertical = "" if rs == 1 else ("first" if dr == 0 else "cont")
            shown = text if dr == 0 else ""
            if unicode and cs > 1:
                grid[r + dr] += [(shown, c, 1, vertical, "first")] + [("", c + k, 1, vertical, "cont")
                                                                      for k in range(1, cs)]
            else:
                grid[r + dr].append((shown, c, cs, vertical, ""))
    return "".join(_rtf_row(sorted(grid[r], key=lambda x: x[1]), width, columns, unicode, depth) for r in grid)


def render_rtf(truth: dict, unicode: bool = False) -> bytes:
    r"""A Rich Text Format file as Word writes one (``unicode``: as LibreOffice and WPS do).

    Word's way: \ansicpg936, 宋体/黑体 with \fcharset134, Chinese as GBK bytes, run-in heads in \b, the title in
    {\info}, a page-number field in the footer, each row defined before its cells and again before \row.
    The ``unicode`` way: Chinese as \uN with a ``?`` fallback, bold by \ab (the associated font's bold, as
    LibreOffice writes it for Chinese), horizontal merges as \clmgf/\clmrg, and the three tables nested in a
    one-cell frame table (\itap2, \nestcell, \nestrow)."""
    bold = "\\ab" if unicode else "\\b"
    t = lambda text: _rtf_text(text, unicode)  # noqa: E731
    fonts = ("{\\fonttbl{\\f0\\fnil\\fcharset134 " + _rtf_text("宋体", False) + ";}{\\f1\\fnil\\fcharset134 "
             + _rtf_text("黑体", False) + ";}{\\f2\\froman\\fcharset0 Times New Roman;}}")
    head = ("{\\rtf1\\ansi" + ("\\ansicpg1252\\uc1" if unicode else "\\ansicpg936\\uc2") + "\\deff0\\deflang1033"
            "\\deflangfe2052" + fonts + "\n{\\colortbl;\\red0\\green0\\blue0;}\n"
            "{\\stylesheet{\\s0\\f0\\fs24 Normal;}{\\s1\\f1\\fs32\\b heading 1;}}\n"
            "{\\info{\\title " + t(truth["title"]) + "}{\\author " + t("办公室") + "}}\n"
            "\\paperw11906\\paperh16838\\margl1800\\margr1800\n"
            "{\\footer\\pard\\plain\\qc\\f2\\fs18 - {\\field{\\*\\fldinst PAGE }{\\fldrslt 1}} -\\par}\n")
    body = []
    for kind, content in blocks(truth):
        if kind == "title":
            body.append(f"\\pard\\plain\\qc\\f1\\fs44 {{{bold} {t(content)}}}\\par\n")
        elif kind == "heading":
            number, _, rest = content.partition("、")
            if rest and not unicode:  # a numbered list: Word writes the number it prints as {\listtext}
                body.append(f"\\pard\\plain\\s1\\f1\\fs32 {{\\listtext\\pard\\plain\\f1 {t(number + '、')}\\tab}}"
                            f"{{{bold} {t(rest)}}}\\par\n")
            else:
                body.append(f"\\pard\\plain\\s1\\f1\\fs32 {{{bold} {t(content)}}}\\par\n")
        elif kind == "table":
            if unicode:
                frame = _rtf_table(content, unicode, depth=2)
                body.append("\\trowd\\trleft-108\\cellx9000\n\\pard\\plain\\intbl\\itap1 " + frame
                            + "\\pard\\plain\\intbl\\itap1 {\\cell}\n{\\trowd\\trleft-108\\cellx9000\\row}\n")
            else:
                body.append(_rtf_table(content, unicode))
            body.append("\\pard\\plain\\f0\\fs24\\par\n")
        elif isinstance(content, tuple):
            body.append(f"\\pard\\plain\\fi640\\f0\\fs32 {{\\f1{bold} {t(content[0])}}}{t(content[1])}\\par\n")
        else:
            body.append(f"\\pard\\plain\\fi640\\f0\\fs32 {t(content)}{{\\v " + t("（隐藏）") + "}\\par\n")
    return (head + "".join(body) + "}\n").encode("ascii")


_ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
           'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"')


def _odt_text(text: str) -> str:
    """Text as ODF writes it: a run of spaces after the first as <text:s text:c="n"/>."""
    out, spaces = [], 0
    for ch in text + "\0":
        if ch == " ":
            spaces += 1
            continue
        if spaces:
            out.append(" " + (f'<text:s text:c="{spaces - 1}"/>' if spaces > 2 else "<text:s/>" if spaces == 2 else ""))
            spaces = 0
        if ch != "\0":
            out.append(html.escape(ch, quote=False))
    return "".join(out)


def _odt_table(rows, n: int) -> str:
    """A grid of (text, rowspan, colspan) as ODF: spans, a covered cell for every place a span covers (runs of
    them as number-columns-repeated), the header rows in table:table-header-rows."""
    matrix = expand(rows)
    width = len(matrix[0])
    starts = {(r, c): (text, rs, cs) for r, c, text, rs, cs in placed(rows)}
    out = [f'<table:table table:name="表格{n}"><table:table-column table:number-columns-repeated="{width}"/>']
    for r in range(len(matrix)):
        if r == 0:
            out.append("<table:table-header-rows>")
        out.append("<table:table-row>")
        covered = 0
        for c in range(width):
            if (r, c) not in starts:
                covered += 1
                continue
            if covered:
                out.append(f'<table:covered-table-cell table:number-columns-repeated="{covered}"/>'
                           if covered > 1 else "<table:covered-table-cell/>")
                covered = 0
            text, rs, cs = starts[(r, c)]
            spans = (f' table:number-rows-spanned="{rs}"' if rs > 1 else "") + (
                f' table:number-columns-spanned="{cs}"' if cs > 1 else "")
            out.append(f'<table:table-cell{spans} office:value-type="string"><text:p>{_odt_text(text)}</text:p>'
                       "</table:table-cell>")
        if covered:
            out.append(f'<table:covered-table-cell table:number-columns-repeated="{covered}"/>')
        out.append("</table:table-row>")
        if r == 0:
            out.append("</table:table-header-rows>")
    out.append("</table:table>")
    return "".join(out)


def render_odt(truth: dict) -> bytes:
    """An OpenDocument text as LibreOffice and WPS write one: bold run-in heads and headings by an automatic text
    style, headings as text:h, spans with covered cells, header rows, a footnote (its body is no text of the
    paragraph) and a tracked deletion; the title in meta.xml."""
    body, n = [], 0
    for kind, content in blocks(truth):
        if kind == "title":
            body.append(f'<text:p text:style-name="P1"><text:span text:style-name="T1">{_odt_text(content)}'
                        "</text:span></text:p>")
        elif kind == "heading":
            body.append(f'<text:h text:outline-level="1"><text:span text:style-name="T1">{_odt_text(content)}'
                        "</text:span></text:h>")
        elif kind == "table":
            n += 1
            body.append(_odt_table(content, n))
        elif isinstance(content, tuple):
            body.append(f'<text:p><text:span text:style-name="T1">{_odt_text(content[0])}</text:span>'
                        f"{_odt_text(content[1])}</text:p>")
        else:
            note = ('<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
                    "<text:p>注释文字</text:p></text:note-body></text:note>") if len(body) == 3 else ""
            body.append(f"<text:p>{_odt_text(content)}{note}<text:change text:change-id=\"c1\"/></text:p>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>'
               '<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties '
               'fo:font-weight="bold" style:font-weight-asian="bold"/></style:style><style:style style:name="P1" '
               'style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>'
               "</office:automatic-styles><office:body><office:text><text:tracked-changes><text:changed-region "
               'text:id="c1"><text:deletion><text:p>删除的旧文字</text:p></text:deletion></text:changed-region>'
               "</text:tracked-changes>" + "".join(body) + "</office:text></office:body></office:document-content>")
    meta = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODT_NS}><office:meta><dc:title>'
            f"{html.escape(truth['title'])}</dc:title></office:meta></office:document-meta>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry '
                'manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in (("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content),
                           ("meta.xml", meta), ("META-INF/manifest.xml", manifest)):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))
    return buf.getvalue()


def render_altchunk_docx(truth: dict) -> bytes:
    """A .docx whose body is one ``w:altChunk``: the web page (``render_html``) imported whole as MHT, which Word
    renders in its place, as html-docx-js and other "export to Word" tools of web systems write it."""
    import quopri

    page = quopri.encodestring(render_html(truth)).decode("ascii")
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n    type=\"text/html\";\r\n    boundary=\"----=mhtDocumentPart\""
           "\r\n\r\n\r\n------=mhtDocumentPart\r\nContent-Type: text/html;\r\n    charset=\"utf-8\"\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: file:///C:/fake/document.html\r\n\r\n"
           + page.replace("\n", "\r\n") + "\r\n\r\n------=mhtDocumentPart--\r\n")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="mht" ContentType="message/rfc822"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="R09c83fafc067488e" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document.xml"/>'
        "</Relationships>",
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}" '
        f'xmlns:r="{r}"><w:body><w:altChunk r:id="htmlChunk"/><w:sectPr><w:pgSz w:w="11906" w:h="16838" '
        'w:orient="portrait"/></w:sectPr></w:body></w:document>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="htmlChunk" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="/word/afchunk.mht"/>'
        "</Relationships>",
        "word/afchunk.mht": mht,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buf.getvalue()


def render_wordml(truth: dict) -> bytes:
    """Word 2003 XML (WordprocessingML 2003) as office systems export "Word" from a template (FreeMarker and the
    like), saved as .doc: one XML file, the body in wx:sect, bold by ``w:b w:val="on"``, East Asian fonts as
    ``w:fareast``, the section numbers as list text (``wx:t``), vertical merges as ``w:vmerge``, a tracked
    deletion (aml:annotation) and a hidden paragraph mark; the title in o:DocumentProperties."""
    def t(text: str) -> str:
        return html.escape(text, quote=False)

    def run(text: str, bold: bool = False) -> str:
        props = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:fareast="仿宋_GB2312" w:h-ansi="Times New Roman"/>' + (
            '<w:b w:val="on"/>' if bold else '<w:b w:val="off"/>') + "</w:rPr>"
        return f"<w:r>{props}<w:t>{t(text)}</w:t></w:r>"

    body = []
    for kind, content in blocks(truth):
        if kind == "title":
            body.append(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run(content, True)}</w:p>')
        elif kind == "heading":
            number, _, rest = content.partition("、")
            if rest:
                body.append(f'<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/><w:ilfo w:val="1"/><wx:t wx:val="{t(number)}、"/>'
                            f"</w:listPr></w:pPr>{run(rest, True)}</w:p>")
            else:
                body.append(f"<w:p>{run(content, True)}</w:p>")
        elif kind == "table":
            width = len(expand(content)[0])
            starts = {(r, c): (text, rs, cs) for r, c, text, rs, cs in placed(content)}
            spans_down = {}
            for (r, c), (_, rs, cs) in starts.items():
                for dr in range(1, rs):
                    spans_down[(r + dr, c)] = cs
            rows = []
            for r in range(len(content)):
                cells, c = [], 0
                while c < width:
                    if (r, c) in starts:
                        text, rs, cs = starts[(r, c)]
                        props = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + ('<w:vmerge w:val="restart"/>' if rs > 1 else "")
                        cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{run(text) if text else ''}</w:p></w:tc>")
                        c += cs
                    elif (r, c) in spans_down:
                        cs = spans_down[(r, c)]
                        span = f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else ""
                        cells.append(f"<w:tc><w:tcPr>{span}<w:vmerge/></w:tcPr><w:p/></w:tc>")
                        c += cs
                    else:
                        c += 1
                rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
            grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
            body.append(f"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
                        + "".join(rows) + "</w:tbl>")
        elif isinstance(content, tuple):
            body.append(f"<w:p>{run(content[0], True)}{run(content[1])}</w:p>")
        else:
            deleted = ('<aml:annotation aml:id="0" w:type="Word.Deletion" aml:author="u"><aml:content><w:r><w:delText>'
                       "删去的旧字</w:delText></w:r></aml:content></aml:annotation>") if len(body) == 3 else ""
            body.append(f"<w:p>{run(content)}{deleted}</w:p>")
    xml = ('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
           '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" '
           'xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint" '
           'xmlns:aml="http://schemas.microsoft.com/aml/2001/core" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'w:macrosPresent="no" w:embeddedObjPresent="no" w:ocxPresent="no" xml:space="preserve">'
           f"<o:DocumentProperties><o:Title>{t(truth['title'])}</o:Title><o:Author>admin</o:Author>"
           '</o:DocumentProperties><w:fonts><w:defaultFonts w:ascii="Times New Roman" w:fareast="宋体"/></w:fonts>'
           "<w:body><wx:sect>" + "".join(body) + "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>"
           "</wx:sect></w:body></w:wordDocument>")
    return xml.encode("utf-8")


# ------------------------------------------------------------------ truth per file
def file_truth(content: dict, name: str, data: bytes, fmt: str) -> dict:
    truth = {k: v for k, v in copy.deepcopy(content).items() if k != "raw_cells"}
    digest = hashlib.sha256(data).hexdigest()
    truth.update(file=name, report_id=digest[:16], source={"path": name, "sha256": digest, "format": fmt, "pages": None})
    truth["conventions"] = ("Rendered by samples/make_forms.py from the content's truth: every cell, title, preamble and "
                            "section text as the content record holds them. Crawler text keeps no paragraph "
                            "boundaries, so only its whitespace-free text is compared.")
    return truth


def pdf_sample_content(name: str) -> dict:
    truth = json.loads((HERE / f"{name}.truth.json").read_text(encoding="utf-8"))
    truth["raw_cells"] = {}
    notes = {"22": "22（其中修订16件）"} if "wps" in name else {}
    for table, rows in truth["tables"].items():
        for row, cols in rows.items():
            for col, v in (cols or {}).items():
                if v is None and table == "active_disclosure" and row == "regulations" and "wps" in name:
                    truth["raw_cells"][(table, row, col)] = "/"
                elif _v(v) in notes and table == "active_disclosure":
                    truth["raw_cells"][(table, row, col)] = notes[_v(v)]
    return truth


FORMS = {
    "html": (render_html, "html", "html"),
    "gbk.html": (render_gbk_html, "gbk.html", "html"),
    "docx": (render_docx, "docx", "docx"),
    "crawl-glued.txt": (lambda t: render_crawl(t, spaced=False), "crawl-glued.txt", "text"),
    "crawl-spaced.txt": (lambda t: render_crawl(t, spaced=True), "crawl-spaced.txt", "text"),
    "md": (render_md, "md", "text"),
    "page.txt": (render_page_text, "page.txt", "text"),
    "cells.txt": (render_cells_text, "cells.txt", "text"),
    "html-tables.md": (render_md_html_tables, "html-tables.md", "text"),
    "rtf": (render_rtf, "rtf", "rtf"),
    "uc.rtf": (lambda t: render_rtf(t, unicode=True), "uc.rtf", "rtf"),
    "odt": (render_odt, "odt", "odt"),
    "altchunk.docx": (render_altchunk_docx, "altchunk.docx", "docx"),
    "xml.doc": (render_wordml, "xml.doc", "wordml"),
}
PLAN = {
    "layout-word-2022": ("html", "docx", "crawl-glued.txt", "md", "html-tables.md", "altchunk.docx"),
    "layout-gov-2024": ("gbk.html", "crawl-spaced.txt", "docx", "odt", "page.txt", "cells.txt"),
    "layout-wps-2023": ("html", "crawl-glued.txt", "rtf"),
    "format2019-huangpu-2020": ("html", "gbk.html", "docx", "crawl-glued.txt", "crawl-spaced.txt", "md", "html-tables.md",
                                "uc.rtf", "xml.doc", "page.txt", "cells.txt"),
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stem, forms in PLAN.items():
        content = _2019_truth() if stem.startswith("format2019") else pdf_sample_content(stem)
        for form in forms:
            render, suffix, fmt = FORMS[form]
            data = render(content)
            name = f"{stem}.{suffix}"
            (OUT / name).write_bytes(data)
            truth = file_truth(content, name, data, fmt)
            (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True)
                                                    + "\n", encoding="utf-8")
            print("wrote", OUT / name)


if __name__ == "__main__":
    main()
