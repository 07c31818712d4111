"""Write the sample reports as web pages from publishers the TRS and GBK pages of make_forms.py do not cover.

    python samples/make_web.py              # writes samples/web/*

The contents are make_forms.py's (the sample PDFs' truths and its 2019-format report), rendered by its
``blocks`` and grids of spans; only the markup around them is new:

- ``*.wechat.html``: a WeChat public-account article as saved from mp.weixin.qq.com: the article in
  ``div#js_content`` (hidden by style until the page's script shows it), every paragraph a stack of
  ``<section>``s with the text cut into ``<span>``s with inline styles, headings in a decorated
  ``<section>``, tables wrapped in a scrolling ``<section>`` with each cell's text in ``<section>``/``<span>``,
  pictures with ``data-src`` and no ``src``, 点击蓝字 关注我们 above the article and
  END, the editor's 来源/编辑/审核 lines and 往期推荐 links (last year's report among them) after it, the account's name (not the agency) as author, and the
  WeChat chrome after the article (阅读原文, 微信扫一扫关注该公众号, 赞 在看 写留言);
- ``*.cms.html``: a CMS page whose tables have ``<thead>`` rows of ``<th>`` cells, every cell's text in
  ``<p><span>`` with ``&nbsp;`` and ``<br>``, and the applications table cut into two ``<table>``s,
  by an ``<hr>`` page break (no header repeated, the tall 三、本年度办理结果 cell cut in two) or by the
  editor's page-break ``<div>`` (the header repeated on the second part);
- ``*.divtable.html``: a page whose tables are ``<div>``s: rows and cells by ``display:table-row`` /
  ``table-cell`` from the page's stylesheet (every row full, a merged cell's other slots blank), or a
  CSS grid whose cells span rows and columns by ``grid-row``/``grid-column: span n`` in inline styles;
- ``*.layout.html``: a page laid out as one big ``<table>``: banner, menu column and content column are
  cells, every paragraph is a row of its own between spacer cells, and the report's tables sit
  inside those cells.

The truth of each file is the content's truth with the file's own name, bytes and format.
Files are byte-identical from run to run.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import make_forms
from make_forms import _2019_truth, _para_text, blocks, file_truth, pdf_sample_content, placed

HERE = Path(__file__).resolve().parent
OUT = HERE / "web"

Rows = list[list[tuple[str, int, int]]]


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _is_number(text: str) -> bool:
    return text.replace(".", "").replace("-", "").isdigit()


def split_rows(rows: Rows, at: int, carry: str = "") -> tuple[Rows, Rows]:
    """A grid cut before row ``at``, as an editor cuts a table in two: a cell spanning the cut is cut too,
    its lower part a cell of its own holding ``carry`` (blank, or its text repeated)."""
    first: dict[int, list] = {r: [] for r in range(at)}
    second: dict[int, list] = {r: [] for r in range(at, len(rows))}
    for r, c, text, rs, cs in placed(rows):
        if r >= at:
            second[r].append((c, text, rs, cs))
        elif r + rs > at:
            first[r].append((c, text, at - r, cs))
            second[at].append((c, carry or "", r + rs - at, cs))
        else:
            first[r].append((c, text, rs, cs))
    order = lambda part: [[(t, rs, cs) for _, t, rs, cs in sorted(part[r])] for r in sorted(part)]  # noqa: E731
    return order(first), order(second)


# ------------------------------------------------------------------ WeChat
_WX_P = "margin:0px 8px 16px;letter-spacing:1px;line-height:1.75em;text-indent:2em;"
_WX_SPAN = "font-size:15px;font-family:微软雅黑, sans-serif;color:rgb(62, 62, 62);"


def _wx_spans(text: str) -> str:
    """Text cut into runs the way WeChat's editor stores it: a new <span> at each comma's end."""
    runs, cur = [], ""
    for ch in text:
        cur += ch
        if ch in "，；" and len(cur) >= 6:
            runs.append(cur)
            cur = ""
    if cur:
        runs.append(cur)
    return "".join(f'<span style="{_WX_SPAN}">{_e(r)}</span>' for r in runs)


def _wx_table(rows: Rows) -> str:
    out = ['<section style="overflow-x:auto;margin:0px 8px 24px;"><table style="width:100%;border-collapse:collapse;"'
           ' data-sort="sortDisabled"><tbody>']
    for row in rows:
        out.append('<tr style="height:28px;">')
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            inner = (f'<section style="text-align:center;"><span style="font-size:12px;">{_e(text)}</span></section>'
                     if text else '<section style="text-align:center;"><br></section>')
            out.append(f'<td{attrs} valign="middle" style="border:1px solid rgb(0,0,0);word-break:break-all;'
                       f'padding:4px;">{inner}</td>')
        out.append("</tr>")
    out.append("</tbody></table></section>")
    return "".join(out)


def render_wechat(truth: dict) -> bytes:
    body = ['<section style="text-align:center;"><span style="color:rgb(0,112,192);font-size:12px;">点击蓝字</span>'
            '<span style="font-size:12px;">关注我们</span></section>',
            '<section style="margin:0px 8px 24px;text-align:center;"><img class="rich_pages wxw-img" '
            'data-ratio="0.5625" data-s="300,640" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/banner/640?wx_fmt=jpeg" '
            'data-type="jpeg" data-w="1080" style="width:100%;"></section>']
    for kind, content in blocks(truth)[1:]:
        if kind == "heading":
            body.append('<section style="margin:24px 8px 16px;"><section style="display:inline-block;padding:2px 12px;'
                        'border-bottom:2px solid rgb(0,82,155);"><p style="margin:0px;"><strong><span style="font-size:16px;'
                        f'color:rgb(0,82,155);">{_e(content)}</span></strong></p></section></section>')
        elif kind == "table":
            body.append(_wx_table(content))
        elif isinstance(content, tuple):
            head, rest = content
            body.append(f'<section style="{_WX_P}"><span style="{_WX_SPAN}"><strong>{_e(head)}</strong></span>'
                        f'{_wx_spans(rest)}</section>')
        else:
            body.append(f'<p style="{_WX_P}">{_wx_spans(content)}</p>')
    body.append('<p style="text-align:center;"><img class="rich_pages wxw-img" data-ratio="1" data-s="300,640" '
                'data-src="https://mmbiz.qpic.cn/mmbiz_png/qrcode/640?wx_fmt=png" data-type="png" data-w="430"></p>')
    body.append('<p style="text-align:center;"><strong><span style="color:rgb(0,82,155);">END</span></strong></p>')
    body.append('<p style="text-align:left;"><span style="font-size:12px;color:rgb(136,136,136);">来源：政务公开办</span></p>'
                '<p><span style="font-size:12px;color:rgb(136,136,136);">编辑：李明&nbsp; 审核：王芳</span></p>')
    earlier = truth["title"].replace(str(truth["year"]), str(truth["year"] - 1))  # last year's report, linked
    body.append('<section><p><strong><span style="font-size:15px;">往期推荐</span></strong></p>'
                f'<p><a href="https://mp.weixin.qq.com/s?__biz=MzA3NjE0MjIwNQ==&amp;mid=2649000002" '
                f'data-linktype="2">{_e(earlier)}</a></p><p><a href="https://mp.weixin.qq.com/s?__biz=MzA3NjE0MjIwNQ==&amp;'
                'mid=2649000003" data-linktype="2">一图读懂政府信息公开条例</a></p></section>')
    title = _e(truth["title"])
    account = truth["region"]["county"] or truth["region"]["city"] or "政务"
    account = account.removesuffix("区").removesuffix("县").removesuffix("市") + "发布"
    page = f"""<!DOCTYPE html>
<html class="">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover">
<meta property="og:title" content="{title}">
<meta property="og:url" content="http://mp.weixin.qq.com/s?__biz=MzA3NjE0MjIwNQ==&amp;mid=2650000001&amp;idx=3">
<meta property="og:description" content="{title}">
<meta property="og:site_name" content="微信公众平台">
<meta property="og:type" content="article">
<meta property="og:article:author" content="{account}">
<title>{title}</title>
<style>.rich_media_content{{overflow:hidden;color:#333;font-size:17px;}}</style>
<script nonce="1234567">var biz = "MzA3NjE0MjIwNQ==";var msg_title = '{title}'.html(false);var nickname = htmlDecode("{account}");</script>
</head>
<body id="activity-detail" class="zh_CN wx_wap_page mm_appmsg">
<div id="js_article" class="rich_media">
<div id="js_top_ad_area" class="top_banner"></div>
<div class="rich_media_inner">
<div id="page-content" class="rich_media_area_primary">
<div class="rich_media_area_primary_inner">
<div id="img-content" class="rich_media_wrp">
<h1 class="rich_media_title " id="activity-name">
            {title}
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_text">原创</span>
<span class="rich_media_meta rich_media_meta_nickname" id="profile_nickname"><a href="javascript:void(0);" id="js_name">{account}</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">{truth['year'] + 1}-01-30 17:45</em>
<em id="js_ip_wording_wrp" class="rich_media_meta rich_media_meta_text"><span id="js_ip_wording">浙江</span></em>
</div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
<section style="font-size:16px;line-height:1.6;"><section style="margin:0px 8px;">
{chr(10).join(body)}
</section></section>
</div>
<div class="rich_media_tool" id="js_sg_bar"><a id="js_view_source" href="##">阅读原文</a>
<span class="media_tool_meta">阅读 2046</span><span id="js_like_btn">赞</span><span>分享</span><span>在看</span>
<span>写留言</span></div>
</div>
<div class="qr_code_pc_outer" id="js_pc_qr_code"><div class="qr_code_pc"><img class="qr_code_pc_img" src="/mp/qrcode?scene=10000004">
<p>微信扫一扫<br>关注该公众号</p></div></div>
</div></div></div>
<div id="js_pc_weapp_code" class="weapp_code"><p>微信扫一扫<br>使用小程序</p></div>
<div class="wx_expand_article"><span>继续滑动看下一个</span><span>向上滑动看下一个</span></div>
<div class="weui-dialog"><strong>知道了</strong><span>预览时标签不可点</span><span>轻触阅读原文</span></div>
</div>
<script nonce="1234567">document.getElementById("js_content").style.visibility = "visible";</script>
</body>
</html>
"""
    return page.encode("utf-8")


# ------------------------------------------------------------------ a CMS page: <th> heads, <p><span> cells, a table cut in two
def _cms_cell(text: str, tag: str, rs: int, cs: int) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    if not text:
        inner = '<p style="text-align:center;"><span style="font-family:宋体;">&nbsp;</span></p>'
    elif tag == "th" and len(text) >= 4 and "（" not in text:
        half = len(text) // 2
        inner = f'<p style="text-align:center;"><span>{_e(text[:half])}&nbsp;<br>{_e(text[half:])}</span></p>'
    elif "、" in text[3:] and len(text) > 20:  # a long label broken by hand after its comma
        cut = text.index("、", 3) + 1
        inner = f'<p><span style="font-family:宋体;">{_e(text[:cut])}<br>{_e(text[cut:])}</span></p>'
    elif _is_number(text):
        inner = f'<p style="text-align:center;"><span style="font-family:Times New Roman;">&nbsp;{_e(text)}&nbsp;</span></p>'
    else:
        inner = f'<p><span style="font-family:宋体;">{_e(text)}</span></p>'
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _cms_table(rows: Rows, n_head: int) -> str:
    out = ['<table class="xxgk-table" border="1" cellspacing="0" style="width:100%;border-collapse:collapse;">']
    if n_head:
        out.append("<thead>")
    for r, row in enumerate(rows):
        if r == n_head and n_head:
            out.append("</thead><tbody>")
        elif r == 0:
            out.append("<tbody>")
        tag = "th" if r < n_head else "td"
        out.append("<tr>" + "".join(_cms_cell(t, tag, rs, cs) for t, rs, cs in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


_CMS_HEAD = {2: 2, 3: 3, 4: 3}  # header rows of tables 二 (the first block's), 三 and 四


def render_cms(truth: dict, cut: str) -> bytes:
    """``cut``: "hr" (an <hr> page break, header not repeated) or "pagebreak" (the editor's page-break div,
    header repeated)."""
    body = []
    number = 0
    for kind, content in blocks(truth)[1:]:
        if kind == "heading":
            number += 1
            body.append(f'<p style="text-indent:2em;"><strong><span style="font-family:黑体;">{_e(content)}'
                        "</span></strong></p>")
        elif kind == "table" and number == 3:
            at = next(i for i, row in enumerate(content) if row[0][0].startswith("（四）"))
            first, second = split_rows(content, at, carry="")
            body.append(_cms_table(first, 3))
            if cut == "hr":
                body.append('<hr style="page-break-after:always;" class="ke-pagebreak">')
                body.append(_cms_table(second, 0))
            else:
                body.append('<div style="page-break-after:always;" class="pagebreak"><span style="display:none;">'
                            "&nbsp;</span></div>")
                body.append('<p style="text-align:center;"><span>（续表）</span></p>')
                body.append(_cms_table(content[:3] + second, 3))
        elif kind == "table":
            body.append(_cms_table(content, 0 if number == 2 else _CMS_HEAD[number]))
        else:
            text = _para_text(content)
            body.append(f'<p style="text-indent:2em;"><span style="font-family:仿宋_GB2312;">&nbsp;&nbsp;{_e(text)}'
                        "</span></p>")
    title = _e(truth["title"])
    agency = _e(truth["agency"])
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="keywords" content="政府信息公开年报">
<title>{title}-{agency}</title>
<link rel="stylesheet" href="/static/css/style.css">
</head>
<body>
<div class="top"><div class="logo"><img src="/static/img/logo.png"></div>
<div class="menu"><a href="/">首页</a><a href="/xxgk/">信息公开</a><a href="/hdjl/">互动交流</a></div></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 年度报告</div>
<div class="main">
<table class="xxgk-info"><tr><th>索引号</th><td>11330106MB1234567X/{truth['year'] + 1}-000031</td><th>主题分类</th><td>政务公开</td></tr>
<tr><th>发布机构</th><td>{agency}</td><th>发布日期</th><td>{truth['year'] + 1}-01-20</td></tr></table>
<div class="detail-title">{title}</div>
<div class="detail-content" id="zoom">
{chr(10).join(body)}
</div>
<div class="page-nav"><a href="#">上一页</a> <span class="current">1</span> <a href="#">下一页</a></div>
<div class="attach">相关附件：无</div>
</div>
<div class="foot"><p>主办单位：{agency} 技术支持：某某信息技术有限公司</p></div>
</body>
</html>
"""
    return page.encode("utf-8")


# ------------------------------------------------------------------ tables of <div>s
def _div_table(rows: Rows) -> str:
    """Rows and cells by the stylesheet's display:table-row / table-cell; every row full (a merged cell's
    other slots blank, as a display:table cannot span)."""
    matrix = make_forms.expand(rows)
    out = ['<div class="tbl">']
    for row in matrix:
        cells = "".join(f'<div class="td{" num" if _is_number(t) else ""}">{_e(t) if t else "&nbsp;"}</div>'
                        for t in row)
        out.append(f'<div class="tr">{cells}</div>')
    out.append("</div>")
    return "\n".join(out)


def _grid_table(rows: Rows) -> str:
    """A CSS grid: the cells one after another, each spanning by grid-column/grid-row."""
    width = max(c + cs for _, c, _, _, cs in placed(rows))
    out = [f'<div class="report-grid" style="display:grid;grid-template-columns:repeat({width}, 1fr);'
           'border-top:1px solid #000;border-left:1px solid #000;">']
    for row in rows:
        for text, rs, cs in row:
            style = "border-right:1px solid #000;border-bottom:1px solid #000;padding:2px;"
            if cs > 1:
                style += f"grid-column:span {cs};"
            if rs > 1:
                style += f"grid-row:span {rs};"
            out.append(f'<div style="{style}"><span>{_e(text)}</span></div>')
    out.append("</div>")
    return "\n".join(out)


def render_divtable(truth: dict, kind_of: str) -> bytes:
    body = []
    for kind, content in blocks(truth)[1:]:
        if kind == "heading":
            body.append(f'<h3 class="sec">{_e(content)}</h3>')
        elif kind == "table":
            body.append(_div_table(content) if kind_of == "table" else _grid_table(content))
        elif isinstance(content, tuple):
            body.append(f'<div class="para"><b>{_e(content[0])}</b>{_e(content[1])}</div>')
        else:
            body.append(f'<div class="para">{_e(content)}</div>')
    title = _e(truth["title"])
    agency = _e(truth["agency"])
    page = f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{title}">
<title>{title}</title>
<style>
.tbl {{ display: table; width: 100%; border-collapse: collapse; margin: 12px 0; }}
.tbl .tr {{ display: table-row; }}
.tbl .td {{ display: table-cell; border: 1px solid #333; padding: 4px; vertical-align: middle; }}
.tbl .num {{ text-align: center; }}
.para {{ text-indent: 2em; line-height: 2; }}
</style>
</head>
<body>
<header class="site-head"><div class="brand">{agency}</div>
<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a></nav></header>
<main class="container">
<div class="row"><aside class="col-3"><ul><li><a href="/zwgk/nb/">政府信息公开年报</a></li><li><a href="/zwgk/zn/">政府信息公开指南</a></li></ul></aside>
<article class="col-9">
<h1 class="title">{title}</h1>
<div class="info"><span>发布日期：{truth['year'] + 1}-02-10</span> <span>信息来源：{agency}</span></div>
<div class="content">
{chr(10).join(body)}
</div>
</article></div>
</main>
<footer><p>版权所有 {agency}</p></footer>
</body>
</html>
"""
    return page.encode("utf-8")


# ------------------------------------------------------------------ the whole page one layout table
def _layout_data_table(rows: Rows) -> str:
    out = ['<table width="96%" border="1" cellspacing="0" cellpadding="2" bordercolor="#000000" align="center">']
    for row in rows:
        out.append("<tr>" + "".join(
            f'<td{f" rowspan={rs}" if rs > 1 else ""}{f" colspan={cs}" if cs > 1 else ""} align="center">'
            f'<font size="2">{_e(t) if t else "&nbsp;"}</font></td>' for t, rs, cs in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def render_layout(truth: dict) -> bytes:
    rows = []
    for kind, content in blocks(truth)[1:]:
        if kind == "table":
            cell = _layout_data_table(content)
        elif kind == "heading":
            cell = f"<b>{_e(content)}</b>"
        else:
            cell = f"&nbsp;&nbsp;&nbsp;&nbsp;{_e(_para_text(content))}"
        rows.append(f'<tr><td width="24">&nbsp;</td><td class="text" style="line-height:28px">{cell}</td>'
                    '<td width="24">&nbsp;</td></tr>')
    title = _e(truth["title"])
    agency = _e(truth["agency"])
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}</title>
</head>
<body leftmargin="0" topmargin="0">
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="3"><img src="/images/banner.jpg" width="1000" height="120"></td></tr>
<tr><td colspan="3" class="nav"><a href="/">首页</a>&nbsp;|&nbsp;<a href="/zwgk/">政务公开</a>&nbsp;|&nbsp;<a href="/bsfw/">办事服务</a></td></tr>
<tr>
<td width="220" valign="top"><table width="100%"><tr><td><a href="/zwgk/zn/">政府信息公开指南</a></td></tr>
<tr><td><a href="/zwgk/zd/">政府信息公开制度</a></td></tr><tr><td><a href="/zwgk/nb/">政府信息公开年报</a></td></tr></table></td>
<td width="10">&nbsp;</td>
<td width="770" valign="top">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td height="30">您现在的位置：<a href="/">首页</a> &gt;&gt; 政府信息公开年报</td></tr>
<tr><td align="center" height="60"><font size="5" color="#c00000"><b>{title}</b></font></td></tr>
<tr><td align="center">发布时间：{truth['year'] + 1}-01-26&nbsp;&nbsp;&nbsp;来源：{agency}&nbsp;&nbsp;&nbsp;点击数：356</td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0">
{chr(10).join(rows)}
</table></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr>
</table>
</td></tr>
<tr><td colspan="3" align="center" class="foot">主办：{agency}&nbsp;&nbsp;联系电话：0571-12345678</td></tr>
</table>
</body>
</html>
"""
    return page.encode("utf-8")


# ------------------------------------------------------------------ the plan
FORMS = {
    "wechat.html": render_wechat,
    "cms-hr.html": lambda t: render_cms(t, "hr"),
    "cms-pagebreak.html": lambda t: render_cms(t, "pagebreak"),
    "divtable.html": lambda t: render_divtable(t, "table"),
    "divgrid.html": lambda t: render_divtable(t, "grid"),
    "layout.html": render_layout,
}
PLAN = {
    "layout-word-2022": ("wechat.html", "cms-hr.html", "divtable.html", "layout.html"),
    "layout-wps-2023": ("wechat.html", "cms-pagebreak.html", "divgrid.html"),
    "format2019-huangpu-2020": ("wechat.html", "cms-pagebreak.html", "divgrid.html", "layout.html"),
    "layout-gov-2024": ("cms-hr.html", "divtable.html", "layout.html"),
}


def _content(stem: str) -> dict:
    return _2019_truth() if stem.startswith("format2019") else pdf_sample_content(stem)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stem, forms in PLAN.items():
        content = _content(stem)
        for form in forms:
            data = FORMS[form](content)
            name = f"{stem}.{form}"
            (OUT / name).write_bytes(data)
            truth = file_truth(content, name, data, "html")
            truth["conventions"] = truth["conventions"].replace("make_forms.py", "make_web.py")
            (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True)
                                                    + "\n", encoding="utf-8")
            print("wrote", OUT / name)


if __name__ == "__main__":
    main()
