"""Text as crawlers really save it: a page's markup left in (character references, stray tags) and UTF-16
without its BOM.

A crawler that cuts a page's tags away with a regular expression, without decoding it, leaves ``&nbsp;``,
``&ldquo;三安全一稳定&rdquo;``, ``&#8220;``, references encoded twice (``&amp;nbsp;``) and the odd ``<p>`` or
``<span style=…>``: read as they were, the quoted row label matched no template row, ``&nbsp;`` ran into the
agency's name and the sections kept the markup.  One that writes Python's ``encoding="utf-16-le"`` leaves no
BOM: the file was refused as binary.  Each variant below is made from a committed sample whose record is
known, and must give that record again.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import regex
from truth import cell_differences

import reportparse
from reportparse.errors import NotAPDFError
from reportparse.readers.text import html_residue_off

FORMS = Path(__file__).resolve().parents[1] / "samples" / "forms"
TEXTS = ("layout-word-2022.crawl-glued.txt", "format2019-huangpu-2020.crawl-spaced.txt", "layout-word-2022.md")


def _record(path: Path) -> dict:
    r = reportparse.parse(path).to_dict()
    return {
        "agency": r["agency"], "year": r["year"], "region": r["region"], "tables": r["tables"],
        "sections": [(s["key"], s["text"]) for s in r["sections"]],
        "warnings": sorted({w["code"] for w in r["warnings"]}),
    }


def _encoded(text: str, how: str) -> str:
    if how == "named":
        return text.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("、", "&#12289;", 3).replace(" ", "&nbsp;")
    if how == "numeric":
        return text.replace("“", "&#8220;").replace("”", "&#x201D;").replace(" ", "&#160;")
    if how == "twice":
        return text.replace("“", "&amp;ldquo;").replace("”", "&amp;rdquo;").replace(" ", "&amp;nbsp;")
    raise ValueError(how)


@pytest.mark.parametrize("how", ["named", "numeric", "twice"])
@pytest.mark.parametrize("name", TEXTS)
def test_character_references_left_by_a_crawler_are_decoded(name, how, tmp_path):
    source = FORMS / name
    text = source.read_text(encoding="utf-8")
    assert "“" in text or " " in text  # something to encode
    path = tmp_path / name
    path.write_text(_encoded(text, how), encoding="utf-8")
    assert "&" in path.read_text(encoding="utf-8")
    assert _record(path) == _record(source)


@pytest.mark.parametrize("name", TEXTS[:2])
def test_stray_tags_left_by_a_crawler_are_cut(name, tmp_path):
    source = FORMS / name
    text = source.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    # inline tags around words, a paragraph tag where the article already breaks
    tagged = first + "\n" + rest.replace("总体情况", '<span style="font-family:仿宋">总体情况</span>', 1).replace(
        "\n", '<p style="text-indent:2em"></p>\n', 3)
    path = tmp_path / name
    path.write_text(tagged, encoding="utf-8")
    assert _record(path) == _record(source)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
@pytest.mark.parametrize("name", ["layout-word-2022.crawl-glued.txt", "layout-word-2022.html"])
def test_utf16_with_or_without_its_bom(name, encoding, tmp_path):
    source = FORMS / name
    path = tmp_path / name
    text = source.read_text(encoding="utf-8")
    if name.endswith(".html"):
        text = text.replace('charset="utf-8"', 'charset="utf-16"').replace("charset=utf-8", "charset=utf-16")
    path.write_bytes(text.encode(encoding))  # "utf-16": Python writes the BOM
    if encoding != "utf-16":
        assert path.read_bytes()[:2] not in (b"\xff\xfe", b"\xfe\xff")
    assert _record(path) == _record(source)


def test_binary_with_nul_bytes_is_still_no_text(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(rng.choice([0, 0, rng.randrange(256)]) for _ in range(20000)))
    with pytest.raises(NotAPDFError, match="binary"):
        reportparse.parse(path)


def test_what_is_decoded_and_what_is_kept():
    assert html_residue_off("依申请公开&nbsp;12件&ensp;“三安全一稳定”") == "依申请公开\xa012件 “三安全一稳定”"
    # a named reference needs its semicolon: &copy and &para in a link's query are not © and ¶
    assert html_residue_off("原文链接: http://x.gov.cn/a?id=1&copy=2&para=3") == "原文链接: http://x.gov.cn/a?id=1&copy=2&para=3"
    assert html_residue_off("公开<br/>申请<span>12</span>件") == "公开\n申请12件"
    assert html_residue_off("零宽\u200b空格\ufeff") == "零宽空格"
    # a converter's HTML table keeps its markup for the table reader: &lt; stays, &nbsp; is decoded
    table = "<table><tr><td>a &lt; b&nbsp;</td></tr></table>"
    assert html_residue_off(table) == "<table><tr><td>a &lt; b\xa0</td></tr></table>"
    assert html_residue_off("小于 5 < 6 件") == "小于 5 < 6 件"


@pytest.mark.parametrize("sep", ["|", " | ", "｜", "，"])
@pytest.mark.parametrize("name", ["format2019-huangpu-2020.crawl-spaced.txt", "layout-gov-2024.crawl-spaced.txt"])
def test_a_crawlers_cells_joined_with_a_mark(name, sep, tmp_path):
    """A crawler that joins a table's cells with ``" | ".join`` or ``"，".join`` (215，-3，18420): each mark is a
    space between cells.  They were read as glued runs: 215 split into 2 1 5 for 行政许可, with no warning, and
    98，…，1，103 read as 1,103.  No cell is wrong; with | every cell is read."""
    source = FORMS / name
    text = source.read_text(encoding="utf-8")
    head, body = text.split("==================== 正文 ====================\n", 1)
    path = tmp_path / name
    path.write_text(head + "==================== 正文 ====================\n" + regex.sub(r"(?<=\S) (?=\S)", sep, body),
                    encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    truth = json.loads((FORMS / f"{name}.truth.json").read_text(encoding="utf-8"))
    diffs = cell_differences(record, truth)
    assert [d for d in diffs if not d.endswith("got None")] == []
    if "|" in sep or "｜" in sep:
        assert diffs == []
