"""Full-text search over the sections' text, and keywords per report, with jieba.

SQLite's FTS5 tokenizer ``unicode61`` splits on spaces and punctuation only: a run of Chinese is one
token to it, so ``依申请公开`` would only ever match a section whose whole sentence it is. The index
therefore stores each section's text cut by jieba's search mode, the words joined by spaces
(``segment``): search mode emits a long word and the dictionary words inside it
(``政府信息公开`` -> ``政府 信息 公开 政府信息 政府信息公开``), so a query for the long word or for one of
its parts both match.

Queries go through the same cut (``fts_query``): ``依申请公开`` -> ``"申请 公开 依申请公开"``, a phrase of the
same tokens in the same order, which is how the indexed text reads wherever it says 依申请公开. In
Datasette's search box, whose words are each quoted and passed to FTS5 as they are, type words separated
by spaces (``依申请公开 答复``): every dictionary word, and every word of ``VOCABULARY`` below, is a token
of the index; a run of several words typed without spaces matches only when it is one such word.

Keywords: jieba.analyse's TF-IDF (its IDF table ships in the package) over sections 一 and 五, with the
same tokenizer; the extraction is done here (``_extract_tags``, the same arithmetic) so that only the IDF
table is loaded, not jieba.analyse's POS tagger.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
import zlib
from array import array
from collections.abc import Iterable
from functools import cache
from math import log
from operator import itemgetter
from pathlib import Path

import regex

from reportparse.cache import read_cached, write_cached
from reportparse.identity import import_jieba, tokenizer

FTS_TABLE = "sections_fts"
KEYWORD_SECTIONS = ("overview", "problems")  # 一、总体情况 and 五、存在的主要问题及改进情况
TOP_K = 10

# words of these reports kept whole by the index (besides jieba's dictionary), so that each is one token
VOCABULARY = (
    "依申请公开", "主动公开", "政府信息公开", "政务公开", "信息公开", "政府信息", "政务信息",
    "不予公开", "部分公开", "予以公开", "无法提供", "不予处理", "行政复议", "行政诉讼", "信息公开申请",
    "政府网站", "政府门户网站", "政务新媒体", "政府公报", "政府信息公开指南", "政府信息公开目录",
    "公开目录", "公开指南", "年度报告", "规范性文件", "行政规范性文件", "行政许可", "行政处罚",
    "行政强制", "行政事业性收费", "政策解读", "政务服务", "一网通办", "依法行政", "营商环境",
    "信访举报投诉", "三安全一稳定", "政府信息管理", "平台建设", "监督保障", "重点领域",
)

# words every report uses, which say nothing of this one (left out of its keywords)
GENERIC_WORDS = frozenset(
    "工作 情况 进一步 加强 开展 全面 持续 不断 推进 有关 相关 方面 问题 以及 通过 提升 做好 落实 全年 本年 年度 "
    "我区 我县 我市 我局 本机关 主要 要求 有效 及时 严格 确保 切实 积极 认真 坚持 依法 进行 一是 二是 三是".split()
)
_WORD = regex.compile(r"[\p{L}\p{N}]")
_IDF_FORMAT = 2  # of the cached IDF table
_NEAR = 4  # tokens allowed between the words of a query, per word (sub-words of long words stand between)


def cut(text: str | None) -> list[str]:
    """jieba's cut of ``text`` (HMM on), every token as it comes, spaces and punctuation included.

    What the index (``segment``) and the keywords (``keywords``) are both made from: a report's rows cut
    each section once (``dataset.report_rows``). With jieba 0.42 the cut is made here (``_cut_dag``), the
    same arithmetic in one pass: 1.7x faster than ``Tokenizer.cut``; another jieba's own cut is used.
    """
    tk = tokenizer()
    jieba = import_jieba()
    if jieba.__version__ not in _CUT_VERSIONS:
        return list(tk.cut(text or "", HMM=True))
    han, skip = jieba.re_han_default, jieba.re_skip_default
    out: list[str] = []
    for block in han.split(text or ""):
        if not block:
            continue
        if han.match(block):
            _cut_dag(tk, block, out)
        else:
            for x in skip.split(block):
                if skip.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


_CUT_VERSIONS = ("0.42", "0.42.1")  # the jieba whose Tokenizer.cut (HMM on) _cut_dag repeats


def _cut_dag(tk, sentence: str, out: list[str]) -> None:
    """jieba's ``Tokenizer.__cut_DAG``: the most probable route through the dictionary words of ``sentence``
    (``get_DAG`` and ``calc`` in one backward pass, the same sums in the same order, ties to the longer
    word), then runs of single characters given to the HMM (``finalseg.cut``) unless they are one word."""
    freq = tk.FREQ
    logtotal = log(tk.total)
    n = len(sentence)
    # the end of the word the route takes from each character: in C where the dictionary is the compiled
    # table (identity._cached_tokenizer), the same sums in the same order
    ends = freq.route(sentence, logtotal) if not isinstance(freq, dict) else _route(freq, sentence, logtotal)
    x, buf = 0, ""
    while x < n:
        y = ends[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _single_characters(buf, freq, out)
                buf = ""
            out.append(sentence[x:y])
        x = y
    if buf:
        _single_characters(buf, freq, out)


def _route(freq: dict, sentence: str, logtotal: float) -> list[int]:
    """The end of the word the most probable route takes from each character of ``sentence``."""
    n = len(sentence)
    route: list = [None] * n + [(0, 0)]
    for k in range(n - 1, -1, -1):
        best = None
        i, frag = k, sentence[k]
        while i < n and frag in freq:
            f = freq[frag]
            if f:
                candidate = (log(f) - logtotal + route[i + 1][0], i)
                if best is None or candidate > best:
                    best = candidate
            i += 1
            frag = sentence[k : i + 1]
        if best is None:  # no word starts here: the character alone
            best = (log(freq.get(sentence[k]) or 1) - logtotal + route[k + 1][0], k)
        route[k] = best
    return [end for _, end in route[:n]]


def _single_characters(buf: str, freq: dict, out: list[str]) -> None:
    """A run of characters the route took one by one: the HMM's words, unless it is one dictionary word."""
    from jieba import finalseg

    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(finalseg.cut(buf))
    else:
        out.extend(buf)


def _tokens(text: str, words: list[str] | None = None) -> list[str]:
    """jieba's search-mode words of ``text`` (or of its ``cut``, ``words``), punctuation and spaces dropped.

    As ``jieba.cut_for_search``, except that every dictionary word inside a long word is emitted, not only
    those of two and three characters (``政府信息公开`` also gives ``政府信息`` and ``信息公开``).
    """
    tk = tokenizer()
    out = []
    for word in cut(text) if words is None else words:
        if not _WORD.search(word):
            continue
        for n in range(2, len(word)):
            out.extend(
                w for w in (word[i : i + n] for i in range(len(word) - n + 1)) if tk.FREQ.get(w)
            )
        out.append(word)
    return out


def segment(text: str, words: list[str] | None = None) -> str:
    """The text as the FTS index stores it: jieba search-mode words separated by spaces (``words``: its
    ``cut``, where already made)."""
    return " ".join(_tokens(text, words))


def fts_query(query: str) -> str:
    """A user's query for ``MATCH``: each space-separated part becomes a phrase of its search-mode words.

    ``依申请公开 答复`` -> ``"申请 公开 依申请公开" "答复"`` (both phrases must occur). FTS5's ``OR``, ``AND``
    and ``NOT`` between parts are kept.
    """
    parts = []
    for part in (query or "").split():
        if part in ("OR", "AND", "NOT"):
            parts.append(part)
            continue
        words = [w for w in tokenizer().cut(part.replace('"', " "), HMM=True) if _WORD.search(w)]
        if len(words) == 1:
            parts.append(f'"{words[0]}"')
        elif words:  # in order would miss the sub-words the index puts between them: near each other instead
            parts.append("NEAR(" + " ".join(f'"{w}"' for w in words) + f", {_NEAR * len(words)})")
    return " ".join(parts)


def create_fts(db: sqlite3.Connection) -> None:
    """``sections_fts``: report_id and key unindexed, text indexed; its rowid is the ``sections`` rowid."""
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        "report_id UNINDEXED, key UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')"
    )


def index_sections(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str, str]]) -> None:
    """Index ``(rowid, report_id, key, text)`` rows (the text as printed; it is segmented here)."""
    db.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, report_id, key, text) VALUES (?, ?, ?, ?)",
        ((rowid, rid, key, segment(text)) for rowid, rid, key, text in rows),
    )


def search(db: sqlite3.Connection, query: str) -> list[tuple[str, str]]:
    """``(report_id, key)`` of the sections matching ``query`` (segmented as the index is), best first."""
    q = fts_query(query)
    if not q:
        return []
    return db.execute(
        f"SELECT report_id, key FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rank", (q,)
    ).fetchall()


# jieba.analyse's own stop words (KeywordExtractor.STOP_WORDS), and ours
STOP_WORDS = frozenset(
    "the of is and to in that we for an are by be as on with can if from which you it this then at have all "
    "not one has or".split()
) | GENERIC_WORDS


class IdfTable:
    """jieba's IDF table: ``get(word)`` -> its IDF, or None; ``items()`` in the file's order.

    The words are keys of a pyahocorasick trie whose values index the IDF numbers (float64): read back
    from the cache in ~0.02 s, where a dict of the 270,000 words took ~0.07 s to rebuild, in every batch
    before its workers could start; a lookup costs ~0.4 us instead of ~0.2 (a report asks ~500).
    """

    __slots__ = ("_index", "_weights")

    def __init__(self, index, weights: array):
        self._index, self._weights = index, weights

    def get(self, word: str, default: float | None = None) -> float | None:
        i = self._index.get(word, -1)
        return default if i < 0 else self._weights[i]

    def __len__(self) -> int:
        return len(self._weights)

    def items(self) -> list[tuple[str, float]]:
        return [(w, self._weights[i]) for w, i in sorted(self._index.items(), key=itemgetter(1))]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdfTable) and self.items() == other.items()

    __hash__ = None  # type: ignore[assignment]


@cache
def idf() -> tuple[IdfTable, float]:
    """jieba's IDF table (``jieba/analyse/idf.txt``: word -> IDF) and its median, read once per process.

    Read here rather than through ``jieba.analyse``, whose import loads the POS tagger and a second copy
    of the table (0.6 s): the batch loads this before forking its workers, so every worker shares it.
    Made from jieba's file once per machine (the text split, 270,000 numbers parsed and sorted for the
    median, the trie built: ~1 s CPU) and kept in the cache folder (``cache.cache_dir``) as the trie's
    own serialisation (with a CRC: a torn file is built again, never handed to pyahocorasick) and the
    numbers as float64 bytes.
    """
    import ahocorasick

    jieba = import_jieba()
    source = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    st, ac = source.stat(), Path(ahocorasick.__file__).stat()
    key = hashlib.sha256(
        f"{_IDF_FORMAT} {jieba.__version__} {marshal.version} {source} {st.st_size} {st.st_mtime_ns} "
        f"{ahocorasick.__file__} {ac.st_size} {ac.st_mtime_ns}".encode()
    ).hexdigest()[:16]
    try:
        trie, numbers, median, crc = marshal.loads(read_cached("idf", key) or b"")
        if isinstance(median, float) and crc == zlib.crc32(numbers, zlib.crc32(b"".join(trie[0]))):
            weights = array("d", numbers)
            index = ahocorasick.Automaton(*trie)
            if len(index) == len(weights):
                return IdfTable(index, weights), median
    except (ValueError, EOFError, TypeError):
        pass
    parts = source.read_bytes().decode("utf-8").split()
    table = dict(zip(parts[0::2], map(float, parts[1::2]), strict=True))  # "word idf" lines
    median = sorted(table.values())[len(table) // 2]
    index = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for i, word in enumerate(table):
        index.add_word(word, i)
    weights = array("d", table.values())
    trie, numbers = index.__reduce__()[1], weights.tobytes()
    crc = zlib.crc32(numbers, zlib.crc32(b"".join(trie[0])))
    write_cached("idf", key, marshal.dumps((trie, numbers, median, crc)))
    return IdfTable(index, weights), median


def _extract_tags(words: Iterable[str], top_k: int) -> list[tuple[str, float]]:
    """jieba.analyse's ``TFIDF.extract_tags(text, topK, withWeight=True)`` with our tokenizer and stop words,
    from the text's ``cut`` (``words``)."""
    freq: dict[str, float] = {}
    for w in words:
        if len(w.strip()) < 2 or w.lower() in STOP_WORDS:
            continue
        freq[w] = freq.get(w, 0.0) + 1.0
    total = sum(freq.values())
    table, median = idf()
    for w in freq:
        weight = table.get(w)
        freq[w] *= (median if weight is None else weight) / total
    return sorted(freq.items(), key=itemgetter(1), reverse=True)[:top_k]


def keywords(record: dict, top_k: int = TOP_K, cuts: list[list[str]] | None = None) -> list[tuple[str, float]]:
    """The report's keywords by TF-IDF over sections 一 and 五: ``[(word, weight), ...]``, best first.

    ``cuts``: the ``cut`` of each of the record's sections, where already made (for the index). Their
    words in turn are the words of the sections' text joined by newlines: jieba cuts at a newline, and
    the newline itself is no keyword.
    """
    sections = [
        (i, s.get("text") or "") for i, s in enumerate(record.get("sections") or ()) if s.get("key") in KEYWORD_SECTIONS
    ]
    if not any(text.strip() for _, text in sections):
        return []
    words = (w for i, text in sections for w in (cut(text) if cuts is None else cuts[i]))
    tags = _extract_tags(words, top_k * 3)
    words = [(w, round(float(weight), 6)) for w, weight in tags if not _DIGIT_OR_LATIN.search(w)]
    return words[:top_k]


_DIGIT_OR_LATIN = regex.compile(r"[\d\p{Latin}]")  # no keyword: a number, a Latin word


def keyword_rows(record: dict, top_k: int = TOP_K, cuts: list[list[str]] | None = None) -> list[dict]:
    """Rows of the ``keywords`` table: report_id, rank (1 = best), keyword, weight."""
    rid = record.get("report_id")
    return [
        {"report_id": rid, "rank": i, "keyword": w, "weight": weight}
        for i, (w, weight) in enumerate(keywords(record, top_k, cuts), start=1)
    ]
