"""Full-text search over section text (jieba-segmented FTS5) and keywords per report."""

from __future__ import annotations

import random
import sqlite3

import pytest
import regex

from reportparse.export import search
from reportparse.identity import tokenizer

OVERVIEW = (
    "2023年，本区坚持以习近平新时代中国特色社会主义思想为指导，不断完善政府信息公开制度。\n"
    "（一）主动公开情况。主要通过政府门户网站主动公开政府文件、通知公告等各类政府信息。\n"
    "（二）依申请公开情况。进一步规范依申请公开流程，全年受理政府信息公开申请21件，均在法定期限内答复。\n"
    "（三）政府信息管理情况。加强政务新媒体日常管理，严格执行保密审查制度。"
)
SECTIONS = [
    (1, "a", "overview", OVERVIEW),
    (2, "a", "problems", "政务公开形式还不够丰富。下一步将加强业务培训，提升依申请公开答复质量。"),
    (3, "b", "overview", "本年度主动公开政府信息1136条，政府网站运行平稳，未收到信息公开申请。"),
    (4, "b", "other", "本机关未收取信息处理费。"),
    (5, "c", "overview", "申请人通过信函申请，公开工作有序推进。"),
]


@pytest.fixture(scope="module")
def db():
    con = sqlite3.connect(":memory:")
    search.create_fts(con)
    search.index_sections(con, SECTIONS)
    yield con
    con.close()


def matches(db, query: str) -> set[int]:
    return {r[0] for r in db.execute("SELECT rowid FROM sections_fts WHERE sections_fts MATCH ?", (query,))}


def test_a_domain_word_is_one_token_with_its_parts():
    tokens = search.segment("依申请公开").split()
    assert "依申请公开" in tokens and {"申请", "公开"} <= set(tokens)
    assert search.fts_query("依申请公开") == '"依申请公开"'


def test_long_words_give_every_dictionary_word_inside():
    tokens = set(search.segment("不断完善政府信息公开制度").split())
    assert {"政府信息公开", "政府信息", "信息公开", "政府", "信息", "公开", "制度"} <= tokens


def test_punctuation_is_not_indexed():
    assert "，" not in search.segment("一、总体情况，（一）主动公开。").split()


def test_raw_match_finds_exactly_the_sections_that_say_it(db):
    assert matches(db, "依申请公开") == {1, 2}
    assert matches(db, '"依申请公开"') == {1, 2}  # what Datasette's search box sends for 依申请公开
    assert matches(db, "政务新媒体") == {1}
    assert matches(db, "主动公开") == {1, 3}


def test_datasette_words_separated_by_spaces_must_all_occur(db):
    assert matches(db, '"依申请公开" "答复"') == {1, 2}
    assert matches(db, '"政府网站" "申请"') == {3}


def test_segmented_queries(db):
    assert matches(db, search.fts_query("依申请公开流程")) == {1}
    assert matches(db, search.fts_query("政府信息公开申请")) == {1}
    assert matches(db, search.fts_query("信息公开申请")) == {1, 3}
    assert matches(db, search.fts_query("政府信息 答复")) == {1}
    assert matches(db, search.fts_query("信息处理费")) == {4}
    # the words of 申请公开 stand apart in section 5 (申请，公开): near, yes; section 2 says 依申请公开
    assert 2 in matches(db, search.fts_query("申请公开"))
    assert search.search(db, "依申请公开")[0][0] in {"a"}


def test_any_run_of_words_finds_its_section(db):
    """Queries cut where the text's words end (what a person types) always find the section they came from."""
    rng = random.Random(7)
    tk = tokenizer()
    for rowid, _, _, text in SECTIONS:
        words = list(tk.cut(text))
        for _ in range(25):
            start = rng.randrange(len(words))
            query = "".join(words[start : start + rng.randint(1, 4)])
            if not any("\u4e00" <= ch <= "\u9fff" for ch in query):
                continue
            assert rowid in matches(db, search.fts_query(query)), (query, search.fts_query(query))


def test_queries_without_words():
    assert search.fts_query("") == ""
    assert search.fts_query("，。") == ""
    assert search.fts_query('依申请公开 OR "政务新媒体"') == '"依申请公开" OR "政务新媒体"'


def test_keywords_come_from_sections_one_and_five():
    record = {
        "report_id": "r1",
        "sections": [
            {"key": "overview", "text": OVERVIEW},
            {"key": "problems", "text": "依申请公开答复质量有待提升，政务新媒体管理仍需加强。"},
            {"key": "other", "text": "信息处理费 信息处理费 信息处理费 信息处理费"},
        ],
    }
    words = [w for w, _ in search.keywords(record)]
    assert "依申请公开" in words[:5] and "政务新媒体" in words
    assert "信息处理费" not in words  # section 六
    assert not [w for w in words if any(ch.isdigit() for ch in w)]
    rows = search.keyword_rows(record, top_k=3)
    assert [r["rank"] for r in rows] == [1, 2, 3] and rows[0]["report_id"] == "r1"
    assert rows[0]["weight"] >= rows[1]["weight"] >= rows[2]["weight"] > 0


def test_no_text_no_keywords():
    assert search.keywords({"sections": [{"key": "overview", "text": ""}]}) == []
    assert search.keyword_rows({"report_id": "x"}) == []


def test_keywords_from_the_sections_cuts_are_the_keywords_of_the_joined_text():
    """The batch cuts each section once for the index and the keywords: the same keywords, the same weights,
    whatever stands at the sections' edges (spaces, CR/LF, dots, Latin, digits, nothing)."""
    rng = random.Random(7)
    pieces = [OVERVIEW, "政务公开形式还不够丰富。", "abc...", "——", " ", "\r", "\n", "\r\n", "2023年", "+#&._%--",
              "工作 工作 我区", "公开公开", "", "依申请公开", "Ｗeb 网站12345 1.5%增长", "。"]
    for _ in range(200):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3)]
        record = {"sections": [{"key": k, "text": t or None}
                               for k, t in zip(("overview", "other", "problems"), texts, strict=True)]}
        joined = "\n".join(t for k, t in zip(("overview", "other", "problems"), texts, strict=True) if k != "other")
        expected = [] if not joined.strip() else [
            (w, round(float(x), 6)) for w, x in search._extract_tags(search.cut(joined), 30)
            if not regex.search(r"[\d\p{Latin}]", w)][:10]
        cuts = [search.cut(t) for t in texts]
        assert search.keywords(record, cuts=cuts) == search.keywords(record) == expected


def test_the_cached_idf_table_is_jiebas(tmp_path, monkeypatch):
    """The IDF table read back from the cache folder is the one made from jieba's idf.txt: the same words in
    the same order, the same numbers, the same median; a torn cache file is made again, not trusted."""
    import jieba
    from pathlib import Path

    monkeypatch.setenv("REPORTPARSE_CACHE_DIR", str(tmp_path))
    built = search.idf.__wrapped__()
    (cached_file,) = tmp_path.glob("idf-*.marshal")
    cached = search.idf.__wrapped__()
    parts = (Path(jieba.__file__).parent / "analyse" / "idf.txt").read_text(encoding="utf-8").split()
    table = dict(zip(parts[0::2], parts[1::2], strict=True))
    assert cached == built and [w for w, _ in cached[0].items()] == list(table)
    assert dict(cached[0].items()) == {w: float(x) for w, x in table.items()}
    assert all(cached[0].get(w) == float(x) for w, x in table.items())
    assert cached[0].get("不在表里的词") is None and cached[0].get("") is None and cached[0].get("\ud800") is None
    assert cached[1] == sorted(map(float, table.values()))[len(table) // 2]
    whole = cached_file.read_bytes()
    cached_file.write_bytes(whole[:1000])
    assert search.idf.__wrapped__() == built
    flipped = bytearray(whole)
    flipped[len(whole) // 3] ^= 0xFF  # inside the trie's bytes: the CRC refuses them
    cached_file.write_bytes(bytes(flipped))
    assert search.idf.__wrapped__() == built
    assert [p.name for p in tmp_path.iterdir()] == [cached_file.name]
    assert search.idf.__wrapped__() == built  # made again whole: it reads back (the trie's bytes vary by build)


def test_our_cut_is_jiebas_cut():
    """search.cut repeats jieba's Tokenizer.cut (HMM on) in one pass: the same tokens on report text,
    on random mixes of Chinese, Latin, digits, punctuation and spaces, and on words the HMM must find."""
    tk = tokenizer()
    texts = [OVERVIEW, *(t for *_, t in SECTIONS), "", "淮安市洪泽区住建局2023年政府信息公开工作年度报告：北京市人民政府依申请公开",
             "王小明和李华在岔河镇见了面。Hello, world 3.5% +1 &c\r\n\t——……"]
    rng = random.Random(3)
    alphabet = list("政府信息公开依申请主动年度报告工作情况我区本机关不予处理岔河镇洪泽区小明华李王的了在是和")
    alphabet += list("abcXYZ0123456789.+-#&_% ，。、；：（）\r\n\t　")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(500)]
    for text in texts:
        assert search.cut(text) == list(tk.cut(text, HMM=True)), text
