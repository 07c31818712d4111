"""Write reports on the years before the 2021 format, each with its truth, in text, web page and Word forms.

    python samples/make_older.py            # writes samples/older/*

Two kinds, as agencies wrote them:

- the trial format of 国办公开办函〔2019〕60号 (reports on 2019 and 2020): the six headings and their
  variants, its three tables (table 二 in five 第二十条 blocks, （六）其他处理 as one row), or some of them
  missing with their numbers in the prose;
- free-form reports on 2010-2018: the outline of the 2008 条例 (一、概述 … 四、收费及减免 … 七、其他需要报告的事项),
  or of the 2016-2018 要点 (重点领域, 解读回应 before 依申请公开), statistics in prose, and a 统计表 of the
  old national shape (指标名称 | 单位 | 统计数) that is no standard table.

Each content below is its truth: the sections as the parser should give them.  A heading the six
standard sections do not have (四、政府信息公开的收费及减免情况, 三、重点领域信息公开情况) stays, with its
text, in the section before it, as ``tests/test_format_variants.py`` holds a free-form report to.  A
free-form report has no standard tables (``tables`` is empty, template ``unknown``).

The web page and Word renderers are ``make_forms``'s, given these reports' blocks; the text form is a
PDF's text as ``pdftotext`` (no ``-layout``) writes it: lines wrapped at 28 characters, paragraphs opening
two full-width spaces in, a page number line and a form feed every 22 lines, table rows one per line with
their cells spaced.  Files are byte-identical from run to run.
"""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager
from pathlib import Path

import make_forms as forms
from make_samples import BODY, BODY_W, wrap

HERE = Path(__file__).resolve().parent
OUT = HERE / "older"
KEYS = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other")
TRIAL_TABLES = forms.REPORT_2019["tables"]  # the 2019-format tables of make_forms' 黄浦 report


def S(heading: str, number: int | None, *paras, table: str | None = None) -> dict:
    """A printed section: its heading, the standard section it is (None: one the six do not have, kept in the
    section before), its paragraphs (str, or (run-in head, rest)) and the table printed after them."""
    return {"heading": heading, "number": number, "paras": list(paras), "table": table}


# ------------------------------------------------------------------ the trial format, as agencies wrote it
TRIAL_XUHUI = {
    "stem": "trial-xuhui-2019",
    "agency": "上海市徐汇区人民政府", "year": 2019, "template": "2019",
    "region": {"province": "上海市", "city": "上海市", "county": "徐汇区", "adcode": "310104"},
    "title": "上海市徐汇区人民政府2019年政府信息公开工作年度报告",
    "preamble": ["本报告根据新修订的《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与"
                 "政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求编制。"
                 "本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"],
    "sections": [
        S("一、总体情况", 1, "2019年，徐汇区人民政府以新修订的《条例》施行为契机，全面推进政务公开标准化规范化。",
          "（一）主动公开", "全年主动公开政府信息2146条，发布政策解读73篇。",
          "（二）依申请公开", "全年新收政府信息公开申请352件，均在法定期限内答复。",
          "（三）政府信息管理", "开展规范性文件清理，废止失效文件14件。"),
        S("二、主动公开政府信息情况", 2, table="active_disclosure"),
        S("三、收到和处理政府信息公开申请情况", 3, table="applications"),
        S("四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况", 4, table="review_litigation"),
        S("五、政府信息公开工作存在的主要问题及改进情况", 5,
          "一是政策解读的形式还不够丰富；二是基层公开的标准化程度有待提高。2020年，将加强培训和督查。"),
        S("六、其他需要报告的事项", 6, "无。"),
    ],
    "tables": TRIAL_TABLES,
}

TRIAL_GULOU = {  # table 二 and table 四 not printed: their numbers stand in the prose
    "stem": "trial-gulou-2020",
    "agency": "南京市鼓楼区人民政府办公室", "year": 2020, "template": "2019",
    "region": {"province": "江苏省", "city": "南京市", "county": "鼓楼区", "adcode": "320106"},
    "title": "南京市鼓楼区人民政府办公室2020年政府信息公开工作年度报告",
    "preamble": ["本年度报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限自2020年1月1日至2020年12月31日。"],
    "sections": [
        S("一、总体情况", 1, "2020年，区政府办公室围绕疫情防控和复工复产，及时公开各类政府信息。"),
        S("二、主动公开政府信息情况", 2,
          "本年新制作规范性文件5件，新公开5件，对外公开总数量42件；行政许可上一年项目数量12项，本年增加1项，"
          "处理决定368件；政府集中采购项目9项，采购总金额312.5万元。"),
        S("三、收到和处理政府信息公开申请情况", 3, table="applications"),
        S("四、政府信息公开行政复议、行政诉讼情况", 4,
          "本年度因政府信息公开工作被申请行政复议5件，其中维持1件，纠正0件，尚未审结4件；被提起行政诉讼2件，均尚未审结。"),
        S("五、存在的主要问题及改进情况", 5, "信息公开的及时性还需提高。下一步，将完善发布审核流程。"),
        S("六、其他需要报告的事项", 6, "本年度无其他需要报告的事项。"),
    ],
    "tables": {"applications": TRIAL_TABLES["applications"]},
}

# ------------------------------------------------------------------ free-form reports before 2019
OLD_APPLICATIONS = [  # an application table of its own (申请方式 x 答复情况), as some 2019 reports still printed
    ("申请方式", "件数"), ("当面申请", "12"), ("网络申请", "61"), ("信函申请", "14"), ("合计", "87"),
    ("答复情况", ""), ("同意公开", "52"), ("同意部分公开", "9"), ("不予公开", "6"), ("信息不存在", "20"),
]

FREE_LUHE_2012 = {  # the 2008 条例's outline: seven headings, 四 on fees, statistics in prose
    "stem": "free-luhe-2012",
    "agency": "南京市六合区人民政府", "year": 2012, "template": "unknown",
    "region": {"province": "江苏省", "city": "南京市", "county": "六合区", "adcode": "320116"},
    "title": "南京市六合区人民政府2012年政府信息公开工作年度报告",
    "preamble": ["根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布2012年度本区政府信息"
                 "公开年度报告。本报告中所列数据的统计期限自2012年1月1日起至2012年12月31日止。如对本报告有任何疑问，"
                 "请与六合区政府办公室联系。"],
    "sections": [
        S("一、概述", 1, "2012年，我区认真贯彻落实《条例》，进一步健全工作机制，拓宽公开渠道，政府信息公开工作取得新成效。",
          ("（一）加强组织领导。", "区政府调整了政府信息公开工作领导小组，明确专人负责。"),
          ("（二）完善制度建设。", "制定了政府信息公开保密审查办法，规范发布流程。")),
        S("二、主动公开政府信息情况", 2,
          "全年主动公开政府信息4852条，其中机构职能类216条，政策法规类503条，规划计划类88条，行政执法类1347条。"
          "通过政府网站公开4210条，通过政府公报公开36条，通过新闻发布会公开12次。"),
        S("三、依申请公开政府信息情况", 3,
          "全年共受理政府信息公开申请63件，其中当面申请21件，网络申请35件，信函申请7件。已答复63件，"
          "其中同意公开41件，同意部分公开6件，不予公开3件，信息不存在9件，非本机关职责范围4件。"),
        S("四、政府信息公开的收费及减免情况", None, "本年度未收取检索、复制、邮寄等费用。"),
        S("五、因政府信息公开申请提起行政复议、行政诉讼的情况", 4,
          "本年度因政府信息公开申请引发行政复议2件，维持具体行政行为2件；引发行政诉讼1件，法院判决维持。"),
        S("六、政府信息公开工作存在的主要问题及改进措施", 5,
          "主要问题是部分单位信息更新不够及时。下一步，我区将加强督查考核，提高公开质量。"),
        S("七、其他需要报告的事项", 6, "无。"),
    ],
    "tables": {},
}

OLD_STATS = [  # the national 统计表 of 2015-2018: 指标名称 | 单位 | 统计数 (no standard table)
    ("一、主动公开情况", "", ""), ("（一）主动公开政府信息数", "条", "3120"), ("其中：主动公开规范性文件数", "条", "18"),
    ("二、回应解读情况", "", ""), ("（一）回应公众关注热点或重大舆情数", "次", "26"),
    ("三、依申请公开情况", "", ""), ("（一）收到申请数", "件", "87"), ("1.当面申请数", "件", "12"),
    ("2.传真申请数", "件", "0"), ("3.网络申请数", "件", "61"), ("4.信函申请数", "件", "14"),
    ("（二）申请办结数", "件", "85"), ("1.按时办结数", "件", "85"), ("2.延期办结数", "件", "0"),
    ("四、行政复议数量", "件", "3"), ("（一）维持具体行政行为数", "件", "2"), ("（二）被依法纠错数", "件", "1"),
    ("（三）其他情形数", "件", "0"),
    ("五、行政诉讼数量", "件", "1"), ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "1"),
    ("（二）被依法纠错数", "件", "0"), ("（三）其他情形数", "件", "0"),
    ("六、举报投诉数量", "件", "0"), ("七、依申请公开信息收取的费用", "万元", "0"),
]

FREE_WUJIN_2016 = {  # the 2016-2018 要点 outline, 基本情况, subsections on their own lines, an old 统计表 in 二
    "stem": "free-wujin-2016",
    "agency": "常州市武进区人民政府", "year": 2016, "template": "unknown",
    "region": {"province": "江苏省", "city": "常州市", "county": "武进区", "adcode": "320412"},
    "title": "常州市武进区人民政府2016年政府信息公开工作年度报告",
    "preamble": ["本报告由常州市武进区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制，"
                 "统计期限自2016年1月1日起至2016年12月31日止。"],
    "sections": [
        S("一、基本情况", 1, "2016年，区政府按照国务院办公厅《2016年政务公开工作要点》要求，全面推进政务公开。",
          "（一）健全工作机制", "区政府成立政务公开领导小组，各部门明确分管领导。",
          "（二）加强平台建设", "完成区政府门户网站改版，开设政策解读专栏。"),
        S("二、主动公开政府信息情况", 2, "全年主动公开政府信息3120条，其中规范性文件18件。统计情况见下表。",
          table="old_stats"),
        S("三、重点领域信息公开情况", None, "围绕财政预决算、保障性住房、食品药品安全等重点领域，公开信息1062条。"),
        S("四、政策解读与回应社会关切情况", None, "全年发布政策解读42篇，回应公众关注热点26次。"),
        S("五、依申请公开政府信息情况", 3, "全年收到政府信息公开申请87件，办结85件，均按时办结。"),
        S("六、政府信息公开行政复议、行政诉讼情况", 4, "全年发生行政复议3件，行政诉讼1件。"),
        S("七、存在的主要问题和改进措施", 5, "公开工作的规范化水平还需提升，将加强业务培训。"),
        S("八、其他需要报告的事项", 6, "无。"),
    ],
    "tables": {},
}

TRIAL_OWN_TABLES = {  # a 2019 report with the six headings but tables of its own shape: no standard table
    "stem": "trial-jiangning-2019",
    "agency": "南京市江宁区人民政府", "year": 2019, "template": "2019",
    "region": {"province": "江苏省", "city": "南京市", "county": "江宁区", "adcode": "320115"},
    "title": "南京市江宁区人民政府2019年政府信息公开工作年度报告",
    "preamble": ["本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2019年1月1日至2019年12月31日。"],
    "sections": [
        S("一、总体情况", 1, "2019年，区政府贯彻落实新修订的《条例》，推进决策、执行、管理、服务、结果公开。"),
        S("二、主动公开政府信息情况", 2, "全年主动公开政府信息情况见下表。", table="old_stats"),
        S("三、收到和处理政府信息公开申请情况", 3, "全年收到申请87件，办理情况见下表。", table="old_applications"),
        S("四、政府信息公开行政复议、行政诉讼情况", 4, "全年发生行政复议3件，行政诉讼1件。"),
        S("五、存在的主要问题及改进情况", 5, "公开平台的集约化程度还需提高。"),
        S("六、其他需要报告的事项", 6, "无。"),
    ],
    "tables": {},
}

REPORTS = [TRIAL_XUHUI, TRIAL_GULOU, TRIAL_OWN_TABLES, FREE_LUHE_2012, FREE_WUJIN_2016]
PLAN = {"txt": ("text",), "html": ("html",), "docx": ("docx",)}


# ------------------------------------------------------------------ content -> truth
def _paras(section: dict) -> list[str | tuple[str, str]]:
    return section["paras"]


def truth_of(report: dict) -> dict:
    """The record the parser should give: sections keyed, a non-standard heading kept in the section before."""
    sections: list[dict] = []
    for s in report["sections"]:
        texts = ["".join(p) if isinstance(p, tuple) else p for p in s["paras"]]
        if s["number"] is None:
            sections[-1]["text"] += "\n" + "\n".join([s["heading"], *texts])
            continue
        subs = [{"heading": p[0], "heading_inline": True, "paragraphs": [p[1]]} for p in s["paras"]
                if isinstance(p, tuple)]
        sections.append({"number": s["number"], "heading": s["heading"], "key": KEYS[s["number"] - 1],
                         "text": "\n".join(texts), "subsections": subs})
    tables = copy.deepcopy(report["tables"])
    if "applications" in tables:
        tables["applications"] = {k: dict(zip(forms.APP_COLS, v)) for k, v in tables["applications"].items()}
    if "review_litigation" in tables:
        tables["review_litigation"] = {k: dict(zip(forms.REVIEW_COLS, v)) for k, v in
                                       tables["review_litigation"].items()}
    return {"agency": report["agency"], "agency_aliases": [], "year": report["year"], "template": report["template"],
            "title": report["title"], "region": report["region"], "preamble": report["preamble"],
            "sections": sections, "tables": tables, "broken_relations": [], "label_deviations": []}


def old_stats_grid() -> list[list[tuple[str, int, int]]]:
    return [[("指标名称", 1, 1), ("单位", 1, 1), ("统计数", 1, 1)]] + [[(a, 1, 1), (b, 1, 1), (c, 1, 1)]
                                                                  for a, b, c in OLD_STATS]


def report_blocks(report: dict) -> list[tuple[str, object]]:
    """("title"|"p"|"heading"|"table", content) in reading order, as make_forms' renderers take them."""
    truth = truth_of(report)
    grids = {"active_disclosure": forms.active_disclosure_grid, "applications": forms.applications_grid,
             "review_litigation": forms.review_grid}
    out: list[tuple[str, object]] = [("title", report["title"])] + [("p", p) for p in report["preamble"]]
    for s in report["sections"]:
        out.append(("heading", s["heading"]))
        out += [("p", p) for p in s["paras"]]
        if s["table"] == "old_stats":
            out.append(("table", old_stats_grid()))
        elif s["table"] == "old_applications":
            out.append(("table", [[(a, 1, 1), (b, 1, 1)] for a, b in OLD_APPLICATIONS]))
        elif s["table"]:
            out.append(("table", grids[s["table"]](truth)))
    return out


@contextmanager
def these_blocks(report: dict):
    """make_forms' renderers, reading this report's blocks instead of a standard report's."""
    saved = forms.blocks
    forms.blocks = lambda _truth: report_blocks(report)
    try:
        yield
    finally:
        forms.blocks = saved


# ------------------------------------------------------------------ the text form
LINES_PER_PAGE = 22


def render_text(report: dict) -> bytes:
    """pdftotext's plain output of the report laid out on A4: wrapped lines, page numbers, form feeds."""
    lines: list[str] = []
    for kind, content in report_blocks(report):
        if kind == "title":
            lines += [content, ""]
        elif kind == "table":
            lines += [" ".join(text for text, _, _ in row).rstrip() for row in content]
        else:
            text = "".join(content) if isinstance(content, tuple) else content
            lines += ["　　" + ln if i == 0 else ln for i, ln in enumerate(wrap(text, BODY_W, BODY, indent=2 * BODY))]
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    return "\f".join("\n".join(page) + f"\n\n- {n} -\n" for n, page in enumerate(pages, 1)).encode("utf-8")


def render(report: dict, form: str) -> bytes:
    if form == "txt":
        return render_text(report)
    with these_blocks(report):
        return forms.render_html(truth_of(report)) if form == "html" else forms.render_docx(truth_of(report))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for report in REPORTS:
        for form, (fmt,) in PLAN.items():
            data = render(report, form)
            name = f"{report['stem']}.{form}"
            (OUT / name).write_bytes(data)
            truth = forms.file_truth(truth_of(report), name, data, fmt)
            truth["conventions"] = ("Rendered by samples/make_older.py. A heading none of the six standard sections "
                                    "has stays, with its text, in the section before it; a free-form report has no "
                                    "standard tables.")
            (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True)
                                                    + "\n", encoding="utf-8")
            print("wrote", OUT / name)


if __name__ == "__main__":
    main()
