"""Random reports for a sweep: seeded truth records rendered as every form the other scripts write.

    python samples/make_random.py                               # writes samples/random/* (the frozen set)
    python samples/make_random.py --seeds 0-39 --out /tmp/rand-sweep [--forms pdf,html,...]

Each seed draws one report the way real ones vary: a real agency anywhere in China (a county, city or
province government, its office, a department, a 街道 or 镇) printed with or without its province and city,
a year 2019-2025 with the format that goes with it (2019/2020: the trial format of 国办公开办函〔2019〕60号;
2021 on: 30号), heading variants and row-label deviations of ../shared/spec/field-notes.md, run-in or
stand-alone subsection heads, titles year-first, over two lines or with the year in Chinese numerals, zeros,
large numbers, blank and ``/`` cells, notes in cells, fees with decimals, and now and then a relation the
report breaks (listed in ``broken_relations``).  The report is a ``make_samples.py`` sample: its tables come
from ``make_tables``, its sections from ``lay_out`` and its PDF from ``build`` (a random page style), so its
truth has the conventions of the sample PDFs; every other form is rendered by ``make_forms.py`` from that
truth, with the file's own name, bytes and format.  The same seed writes the same bytes on every run.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_forms as mf
import make_samples as ms

OUT = HERE / "random"

# ------------------------------------------------------------------ where the agency is
# (province, city, county, adcode): real divisions; municipalities name themselves as their city
COUNTIES = [
    ("浙江省", "杭州市", "余杭区", "330110"), ("江苏省", "南京市", "玄武区", "320102"), ("湖南省", "长沙市", "岳麓区", "430104"),
    ("四川省", "绵阳市", "涪城区", "510703"), ("山东省", "青岛市", "黄岛区", "370211"), ("河南省", "郑州市", "金水区", "410105"),
    ("湖北省", "武汉市", "江汉区", "420103"), ("福建省", "厦门市", "思明区", "350203"), ("陕西省", "西安市", "雁塔区", "610113"),
    ("云南省", "昆明市", "五华区", "530102"), ("安徽省", "合肥市", "蜀山区", "340104"), ("吉林省", "长春市", "朝阳区", "220104"),
    ("辽宁省", "沈阳市", "和平区", "210102"), ("甘肃省", "兰州市", "城关区", "620102"), ("北京市", "北京市", "海淀区", "110108"),
    ("重庆市", "重庆市", "渝中区", "500103"), ("天津市", "天津市", "南开区", "120104"), ("浙江省", "湖州市", "安吉县", "330523"),
    ("江苏省", "苏州市", "昆山市", "320583"), ("河南省", "洛阳市", "栾川县", "410324"), ("山东省", "潍坊市", "寿光市", "370783"),
    ("四川省", "阿坝藏族羌族自治州", "汶川县", "513221"), ("湖南省", "湘西土家族苗族自治州", "凤凰县", "433123"),
    ("广东省", "佛山市", "顺德区", "440606"), ("浙江省", "金华市", "义乌市", "330782"), ("广西壮族自治区", "南宁市", "青秀区", "450103"),
    ("内蒙古自治区", "呼和浩特市", "新城区", "150102"), ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "650102"),
    ("贵州省", "黔东南苗族侗族自治州", "凯里市", "522601"), ("黑龙江省", "哈尔滨市", "南岗区", "230103"),
    ("江西省", "南昌市", "东湖区", "360102"), ("河北省", "石家庄市", "长安区", "130102"), ("山西省", "太原市", "小店区", "140105"),
    ("海南省", "海口市", "美兰区", "460108"), ("宁夏回族自治区", "银川市", "兴庆区", "640104"),
]
CITIES = [
    ("江苏省", "无锡市", None, "320200"), ("浙江省", "宁波市", None, "330200"), ("广东省", "东莞市", None, "441900"),
    ("湖北省", "宜昌市", None, "420500"), ("河北省", "保定市", None, "130600"), ("四川省", "成都市", None, "510100"),
    ("广东省", "深圳市", None, "440300"), ("山东省", "济南市", None, "370100"), ("福建省", "泉州市", None, "350500"),
    ("云南省", "大理白族自治州", None, "532900"), ("北京市", "北京市", None, "110000"), ("上海市", "上海市", None, "310000"),
    ("重庆市", "重庆市", None, "500000"),
]
PROVINCES = [("浙江省", None, None, "330000"), ("广东省", None, None, "440000"), ("四川省", None, None, "510000"),
             ("江苏省", None, None, "320000"), ("河南省", None, None, "410000")]
TOWNS = {"余杭区": "五常街道办事处", "昆山市": "周庄镇人民政府", "安吉县": "天荒坪镇人民政府", "义乌市": "佛堂镇人民政府",
         "海淀区": "中关村街道办事处", "顺德区": "大良街道办事处", "思明区": "鹭江街道办事处"}
DEPARTMENTS = {
    "county": ["人民政府", "人民政府办公室", "教育局", "卫生健康局", "市场监督管理局", "自然资源局", "民政局", "农业农村局"],
    "city": ["人民政府", "人民政府办公室", "生态环境局", "自然资源和规划局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局"],
    "province": ["人民政府办公厅", "教育厅", "生态环境厅", "自然资源厅", "交通运输厅"],
}


def agency(rng: random.Random) -> dict:
    """A real agency: its full name, the name as the title prints it, other printings, its region."""
    level = rng.choices(["county", "town", "city", "province"], [6, 1, 3, 1])[0]
    if level in ("county", "town"):
        province, city, county, code = rng.choice([c for c in COUNTIES if level == "county" or c[2] in TOWNS])
        unit = TOWNS[county] if level == "town" else rng.choice(DEPARTMENTS["county"])
        places = [province, city, county] if province != city else [city, county]
    elif level == "city":
        province, city, county, code = rng.choice(CITIES)
        unit = rng.choice(DEPARTMENTS["city"])
        places = [province, city] if province != city else [city]
    else:
        province, city, county, code = rng.choice(PROVINCES)
        unit, places = rng.choice(DEPARTMENTS["province"]), [province]
    names = ["".join(places[i:]) + unit for i in range(len(places))]  # 浙江省杭州市余杭区…, 杭州市余杭区…, 余杭区…
    # the shortest printing only where the text names the city (below), never a bare 街道 or department of a city
    printed = rng.choice(names if level != "city" else names[:2]) if len(names) > 1 else names[0]
    return {"full": names[0], "qualified": names[-2] if len(names) > 1 else names[0], "printed": printed,
            "aliases": [n for n in names if n != printed], "unit": unit, "level": level,
            "region": {"province": province, "city": city, "county": county, "adcode": code}}


# ------------------------------------------------------------------ words
CN_DIGITS = "〇一二三四五六七八九"
SUBHEADS = ["（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）政府信息公开平台建设情况",
            ("（五）监督保障情况", "（五）政府信息公开监督保障情况")]
H4 = ["四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
      "四、因政府信息公开工作被申请行政复议提起行政诉讼情况", "四、政府信息公开行政复议及行政诉讼情况",
      "四、政府信息公开行政复议和行政诉讼情况"]
H5 = ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"]
LABELS = [  # field-notes' label deviations, each drawn on its own
    {"denied_prohibited_by_law": "2.其他法律行政止公开"},
    {"denied_three_safeties": "3.危及\"三安全一稳定\""},
    {"unavailable_not_held": "１．本机关不掌握相关政府信息", "unavailable_needs_creation": "２．没有现成信息需要另行制作",
     "unavailable_unclear": "３．补正后申请内容仍不明确"},
    {"unprocessed_petition": "1、信访举报投诉类申请", "unprocessed_repeat": "2、重复申请",
     "unprocessed_publication": "3、要求提供公开出版物", "unprocessed_excessive": "4、无正当理由大量反复申请",
     "unprocessed_confirmation": "5、要求行政机关确认或重新出具已获取信息"},
]
SENTENCES = {
    1: ["{y}年，{who}深入贯彻落实《条例》和上级关于政务公开工作的决策部署，坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。",
        "围绕中心工作，不断提升政务公开标准化规范化水平，政府信息公开工作取得新成效。",
        "全年主动公开政府信息{a}条，其中政策文件{b}件，政策解读{c}篇。",
        "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等方面信息，主动接受社会监督。",
        "全年共收到政府信息公开申请{new}件，上年结转{over}件，均在法定期限内予以答复。",
        "进一步规范依申请公开工作流程，严格执行登记、审核、办理、答复、归档等环节要求。",
        "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
        "动态调整主动公开基本目录，及时更新政府信息公开指南。",
        "持续优化门户网站政府信息公开专栏，规范栏目设置，及时更新公开内容。",
        "加强政务新媒体管理，全年通过政务微信公众号发布信息{a}条。",
        "将政务公开工作纳入年度绩效考核，压实各单位工作责任。",
        "组织开展政务公开业务培训{b}次，参训人员{c}余人次。"],
    5: ["{y}年，{who}政府信息公开工作取得了一定成效，但仍存在一些不足：政策解读形式较为单一，信息发布的及时性有待提高。",
        "部分单位对政务公开工作重视程度不够，依申请公开答复的规范化水平仍需提升。",
        "下一步，将进一步强化责任落实，丰富解读形式，加强业务培训，不断提高政务公开工作质量。",
        "一是健全工作机制；二是提升解读质量；三是规范依申请公开办理流程。"],
    6: ["本年度无其他需要报告的事项。", "{y}年，本机关未收取政府信息公开信息处理费。",
        "依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费0元。",
        "本年度政务公开工作要点落实情况已在门户网站公开。"],
}


ENUMS = ["{i}.", "{i}．", "{i}、", "（{i}）", "{c}是"]  # paragraphs numbered inside a subsection
ENUM_TOPICS = ["强化组织领导。", "完善工作机制。", "加强平台建设。", "深化政策解读。", "回应社会关切。", "规范依申请公开。"]


def sentences(rng: random.Random, n: int, lo: int, hi: int, fill: dict) -> list[str]:
    """Paragraphs of one to three sentences of section ``n``'s words (now and then a long one, or numbered)."""
    pool = SENTENCES[n]
    out = []
    for _ in range(rng.randint(lo, hi)):
        k = rng.randint(1, 3) if rng.random() < 0.85 else min(len(pool), rng.randint(4, 7))
        out.append("".join(s.format(**fill) for s in rng.sample(pool, k)))
    if n == 1 and len(out) > 1 and rng.random() < 0.25:
        enum = rng.choice(ENUMS)
        topics = rng.sample(ENUM_TOPICS, len(out))
        out = [enum.format(i=i, c=CN_DIGITS[i]) + topic + p for i, (topic, p) in enumerate(zip(topics, out), 1)]
    return out


def cn_year(year: int) -> str:
    zero = "〇" if year % 2 else "○"  # both are printed for 零 in a year
    return "".join(CN_DIGITS[int(d)] for d in str(year)).replace("〇", zero)


def title_lines(rng: random.Random, name: str, year: int) -> list[str]:
    y = cn_year(year) if rng.random() < 0.2 else str(year)
    kind = rng.choice(["agency-first", "agency-first", "year-first", "year-du"])
    tail = "政府信息公开工作年度报告"
    if kind == "year-first":
        whole = f"{y}年{name}{tail}"
        cut = len(f"{y}年{name}") - rng.choice([0, 0, 2])  # the agency may break over the two lines
        return [whole[:cut], whole[cut:]] if len(whole) > 20 else [whole]
    head, rest = name, f"{y}年{'度' if kind == 'year-du' else ''}{tail}"
    return [head, rest] if len(head + rest) > 20 or rng.random() < 0.4 else [head + rest]


# ------------------------------------------------------------------ the report
def _values(rng: random.Random, template: str) -> tuple[dict, dict]:
    """Table 二's values and its printed overrides ("/", blanks, notes)."""
    big = lambda hi: rng.choice([0, rng.randint(1, max(1, hi // 4)), rng.randint(max(1, hi // 4), hi)])
    over = {}
    if template == "2019":
        active = {"regulations": [big(20), 0, big(200)], "normative_documents": [big(40), 0, big(500)],
                  "licensing": [big(300), rng.randint(-9, 9), big(200000)],
                  "other_services": [big(100), rng.randint(-5, 5), big(9000)],
                  "penalty": [big(500), rng.randint(-9, 9), big(30000)], "enforcement": [big(50), 0, big(900)],
                  "fees": [rng.randint(0, 12), rng.randint(-2, 1)],
                  "procurement": [big(300), round(rng.uniform(0, 9999), rng.choice([0, 2]))]}
        active["regulations"][1] = active["regulations"][0]
        active["normative_documents"][1] = active["normative_documents"][0]
    else:
        nd = [big(40), big(10), big(500)]
        active = {"regulations": [big(5), big(3), big(60)], "normative_documents": nd, "licensing": [big(200000)],
                  "penalty": [big(30000)], "enforcement": [big(900)],
                  "fees": [rng.choice([0, 0.0, round(rng.uniform(0, 999), 2), round(rng.uniform(1000, 9999), 1)])]}
        if rng.random() < 0.3 and nd[2]:
            note = rng.choice(["其中修订{k}件", "含自然失效{k}件"]).format(k=rng.randint(1, nd[2]))
            over[("active_disclosure", "normative_documents", "in_force")] = (f"{nd[2]}（{note}）", nd[2])
    cols = ms.AD_COLS_2019 if template == "2019" else ms.AD_COLS
    if rng.random() < 0.35:  # an agency without rule-making power: 规章 printed / / /, — or left blank
        mark = rng.choice(["/", "—", ""])
        active["regulations"] = [None] * 3
        over |= {("active_disclosure", "regulations", c): (mark, None) for c in cols["regulations"]}
    return active, over


def _break(rng: random.Random, sample: dict, tables: dict) -> None:
    """Print one relation broken, the way reports do: a 总计 of 0, or one total off by one."""
    how = rng.choice(["review_zero", "review_off", "results_off", "new_total_off"])
    if how.startswith("review"):
        group = rng.choice(ms.RL_GROUPS)
        total = tables["review_litigation"][group]["total"]
        value = 0 if how == "review_zero" and total else total + 1
        sample["overrides"][("review_litigation", group, "total")] = (str(value), value)
    elif how == "results_off":
        value = tables["applications"]["results_total"]["natural_person"] + 1
        sample["overrides"][("applications", "results_total", "natural_person")] = (str(value), value)
    else:
        value = tables["applications"]["new"]["total"] + rng.choice([1, -1]) if tables["applications"]["new"]["total"] \
            else 1
        sample["overrides"][("applications", "new", "total")] = (str(value), value)


def random_sample(seed: int, name: str) -> dict:
    """A make_samples.py sample drawn from ``seed``: its tables made, its pages laid out by ``build``."""
    rng = random.Random(seed)
    who = agency(rng)
    year = rng.randint(2019, 2025)
    template = "2019" if year < 2021 else "2021"
    scale = {"natural_person": rng.choice([0, 3, 12, 40, 150, 900, 4000])}
    for col in ms.APP_COLS[1:-1]:
        scale[col] = rng.choice([0, 0, 1, 3, max(1, scale["natural_person"] // 5)])
    active, over = _values(rng, template)
    single = template == "2019" or rng.random() < 0.15
    broken = rng.random() < 0.25
    labels = {}
    for group in LABELS:
        if rng.random() < 0.2:
            labels |= group
    sample = {
        "name": name, "agency": who["printed"], "aliases": who["aliases"], "year": year, "template": template,
        "region": who["region"], "seed": seed, "scale": scale, "nonzero": rng.random() < 0.2, "single_other": single,
        "other_span": template == "2019", "corner": ms.CORNER if rng.random() < 0.7 else "", "labels": labels,
        "active": active, "overrides": over,
        "review": [[rng.choice([0, 0, 1, rng.randint(0, 30)]) for _ in range(4)] for _ in range(3)],
        "headings": {4: rng.choice(H4), 5: rng.choice(H5)},
        "style": ms.Style(rules=rng.choice(["line", "rect"]), heading_indent=rng.choice([0, 2]),
                          shade_blocks=rng.random() < 0.3, repeat_header=rng.random() < 0.5,
                          folio=rng.choice(["dash", "emdash", "of"]), running_head=rng.random() < 0.3,
                          vertical_label=rng.random() < 0.6, review_header_rows=rng.choice([2, 3]),
                          line_bg=rng.random() < 0.2, split=rng.choice(["keep", "flow"]),
                          heading_wrap=rng.random() < 0.3, app_widths=rng.choice([(26, 64, 170), (30, 46, 170)])),
        "title_size": rng.choice([18, 20, 22]), "static_notes": [f"Drawn by samples/make_random.py from seed {seed}."],
        "conventions": " Random report (samples/make_random.py): the conventions of the sample PDFs above.",
    }
    if template == "2019":
        sample |= {"active_layout": ([170, 46, 46, 46, 46, 47, 47], ms.active_rows_2019), "ad_cols": ms.AD_COLS_2019}
    if not broken and rng.random() < 0.4:
        sample["blank_zero"] = (rng.sample(["research", "public_interest", "legal_service", "other_org"], 2),
                                "denied_state_secret", rng.choice(["unprocessed_confirmation", "results_total"])
                                if template == "2021" else "unprocessed_confirmation")  # 2019: no （六） sub-rows
    tables = ms.make_tables(dict(sample))  # a dry run to know the numbers the text restates and a break needs
    if broken:
        _break(rng, sample, tables)
    apps = tables["applications"]
    fill = {"y": year, "who": who["qualified"] if who["level"] != "province" else who["full"],
            "new": apps["new"]["total"], "over": apps["carried_over"]["total"],
            "a": rng.randint(100, 9000), "b": rng.randint(1, 40), "c": rng.randint(20, 600)}
    sample["title_lines"] = title_lines(rng, who["printed"], year)
    sample["preamble"] = preamble(rng, who, year)
    sample["body"] = body(rng, fill)
    sample["leads"] = {n: lead for n, lead in [
        (2, f"{year}年，本机关主动公开政府信息的情况如下表所示。"), (3, "本年度收到和处理政府信息公开申请情况如下表。"),
        (4, f"{year}年，本机关政府信息公开行政复议、行政诉讼情况如下表。")] if rng.random() < 0.25}
    keys = [k for k, _, _ in ms.APP_ROWS if tables["applications"].get(k) is not None]
    sample["breaks"] = {t: k for t, k in [("applications", rng.choice(keys[1:])), ("review_litigation", "all")]
                        if rng.random() < 0.2}  # a page starts with this row (the header may stay behind)
    if rng.random() < 0.3:
        sample["sign"] = [who["full"], f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
    return sample


def preamble(rng: random.Random, who: dict, year: int) -> list[str]:
    basis = rng.choice(["《中华人民共和国政府信息公开条例》（以下简称《条例》）", ms.BASIS])
    office = who["full"] if who["level"] in ("province", "city") else who["qualified"]
    paras = [f"本报告根据{basis}要求，由{office}编制。",
             f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
             f"本报告电子版可在{who['qualified']}门户网站查阅或下载。如对本报告有疑问，请与{office}联系。"]
    if rng.random() < 0.1:
        return []  # the report goes from its title straight to 一、
    if rng.random() < 0.5:
        return ["".join(paras)]
    return ["".join(paras[:2]), paras[2]]


def body(rng: random.Random, fill: dict) -> dict:
    inline = rng.random() < 0.5
    heads = [h if isinstance(h, str) else rng.choice(h) for h in SUBHEADS]
    overview = [("p", p) for p in sentences(rng, 1, 0 if rng.random() < 0.2 else 1, 2, fill)]
    for head in heads[:rng.randint(2, 5)]:
        paras = sentences(rng, 1, 1, 3, fill)
        overview.append(ms.sub(head + ("。" if inline else ""), *paras, inline=inline))
    problems = [("p", p) for p in sentences(rng, 5, 1, 2, fill)]
    if rng.random() < 0.3:
        end = "。" if inline else ""
        problems = [ms.sub("（一）存在的主要问题" + end, *sentences(rng, 5, 1, 1, fill), inline=inline),
                    ms.sub("（二）改进情况" + end, *sentences(rng, 5, 1, 2, fill), inline=inline)]
    other = [("p", p) for p in sentences(rng, 6, 1, 2, fill)]
    if rng.random() < 0.2:
        end = "。" if inline else ""
        other = [ms.sub("（一）收取信息处理费情况" + end, *sentences(rng, 6, 1, 1, fill), inline=inline),
                 ms.sub("（二）其他事项" + end, *sentences(rng, 6, 1, 1, fill), inline=inline)]
    return {1: overview, 5: problems, 6: other}


# ------------------------------------------------------------------ the files
PDF = "pdf"
ALL_FORMS = (PDF, *mf.FORMS)


def write(seed: int, forms: tuple[str, ...], out: Path) -> list[str]:
    """Every asked form of seed's report into ``out``, each beside its truth; the file names written."""
    stem = f"random-{seed:03d}"
    sample = random_sample(seed, stem)
    with tempfile.TemporaryDirectory() as tmp:
        home, ms.OUT = ms.OUT, Path(tmp)
        try:
            truth = ms.build(sample)["truth"]
            pdf = (Path(tmp) / f"{stem}.pdf").read_bytes()
        finally:
            ms.OUT = home
    names = []
    for form in forms:
        if form == PDF:
            data, name, record = pdf, f"{stem}-{truth['year']}.pdf", dict(truth)
            record.update(file=name, source={**truth["source"], "path": name})
        else:
            render, suffix, fmt = mf.FORMS[form]
            content = {k: v for k, v in truth.items() if k not in ("signed", "published", "notes")}
            content["raw_cells"] = sample["printed"]
            data, name = two_line_title(render(content), sample["title_lines"]), f"{stem}-{truth['year']}.{suffix}"
            record = mf.file_truth(content, name, data, fmt)
        (out / name).write_bytes(data)
        (out / f"{name}.truth.json").write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                                encoding="utf-8")
        names.append(name)
    return names


def two_line_title(data: bytes, lines: list[str]) -> bytes:
    """A web page's title over two lines where the PDF's is (``<h1>A<br>B</h1>``, ``<b>A<br>B</b>``)."""
    if len(lines) < 2:
        return data
    for open_, close in (("<h1>", "</h1>"), ("<b>", "</b></font>")):
        for enc in ("utf-8", "gb18030"):
            whole = f"{open_}{''.join(lines)}{close}".encode(enc)
            data = data.replace(whole, f"{open_}{'<br>'.join(lines)}{close}".encode(enc))
    return data


# the frozen set in samples/random: seed -> forms (what each seed draws is in samples/README.md)
PLAN = {
    215: (PDF,), 217: (PDF,), 219: (PDF,), 225: (PDF,), 262: (PDF, "html-tables.md"), 413: (PDF,),
    208: ("html",), 222: ("gbk.html",), 211: ("docx",), 233: ("docx",),
    241: ("crawl-glued.txt",), 295: ("crawl-glued.txt",), 290: ("crawl-spaced.txt",), 237: ("md",),
}


def _seeds(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", help="seeds to draw, e.g. 0-39 or 3,7,12 (default: the frozen set's PLAN)")
    ap.add_argument("--forms", default=",".join(ALL_FORMS), help=f"forms to write (of {', '.join(ALL_FORMS)})")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    plan = {s: tuple(a.forms.split(",")) for s in _seeds(a.seeds)} if a.seeds else PLAN
    if a.out == OUT and OUT.exists():
        shutil.rmtree(OUT)
    a.out.mkdir(parents=True, exist_ok=True)
    for seed, forms in plan.items():
        for name in write(seed, forms, a.out):
            print("wrote", a.out / name)


if __name__ == "__main__":
    main()
