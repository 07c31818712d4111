"""The compiled module (src/reportparse/_speedups.c) gives what its Python twins give (issue 9).

Every page of every sample PDF (those of samples/ and its folders), every corpus PDF and the generated PDFs of
tests/test_backends.py is read twice, through the compiled loops over a page's characters, objects and path
segments and through the Python ones: the characters, lines, rectangles, curves and images, key for key and
bit for bit, and the count of lost text objects must be equal (the rotated, slanted, vertical and OCR-layer
pages among them go through the general box, corners through the page's matrix).  The two checks of a page's
characters answer as numpy's versions do; jieba's prefix dictionary as a table answers as the dict, and its
route and cut are the Python loop's and jieba's own; plain JSON data is told from anything else.
"""

from __future__ import annotations

import math
import random
from array import array
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from reportparse import layout, speedups
from reportparse.readers import pages
from reportparse.readers import pdfium as P

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def test_the_compiled_loop_is_built_where_a_compiler_is():
    """``pip install -e .`` compiles it (setup.py) where a C compiler is at hand, as here and in CI."""
    if not (shutil.which(sysconfig.get_config_var("CC").split()[0] if sysconfig.get_config_var("CC") else "cc")
            or shutil.which("gcc")):
        pytest.skip("no C compiler on this machine: the Python loop reads every page")
    assert speedups.C is not None, "the C extension was not built: run `pip install -e . -v` and read its output"
    assert P._C is speedups.C, "pypdfium2's functions are not the ones _speedups.c declares"


def _pdfs(tmp_path: Path) -> list[Path]:
    from test_backends import GENERATED, _report

    paths = sorted((ROOT / "samples").rglob("*.pdf")) + sorted(CORPUS.glob("*.pdf"))
    for name, kw in sorted(GENERATED.items()):
        path = tmp_path / f"generated-{name}.pdf"
        path.write_bytes(_report(**kw))
        paths.append(path)
    return paths


def _read(doc, index: int, loop):
    saved, P._C = P._C, loop
    try:
        page = P.read_page(doc, index)
    except P.PageError as e:
        return str(e)
    finally:
        P._C = saved
    return page.chars, page.lost


def test_the_compiled_loop_reads_every_page_as_the_python_loop(tmp_path):
    if P._C is None:
        pytest.skip("the C extension is not built (test_the_compiled_loop_is_built_where_a_compiler_is says why)")
    calls = {"read": 0, "left": 0}
    compiled = P._C

    class Counting:
        objects, segments = compiled.objects, compiled.segments

        def chars(self, *args):
            out = compiled.chars(*args)
            calls["read" if out is not None else "left"] += 1
            return out

    counting = Counting()
    differ, pages = [], 0
    for path in _pdfs(tmp_path):
        try:
            doc = P.open_document(path.read_bytes(), path)
        except Exception:  # noqa: BLE001 - an encrypted or broken sample: no page to compare
            continue
        try:
            for i in range(P.page_count(doc)):
                pages += 1
                if _read(doc, i, counting) != _read(doc, i, None):
                    differ.append(f"{path.name} page {i + 1}")
        finally:
            P.close_document(doc)
    assert not differ, differ
    assert pages > 250
    # every page with text is read in C (text at a slant, turned, set vertically, OCR's scaled text layers
    # included): only a font that gives no advances leaves a page to Python; a page without text does not ask
    assert calls["read"] > 0.8 * pages and calls["left"] == 0, calls


def _sample_pages(tmp_path: Path) -> list[tuple[list[dict], float, float]]:
    out = []
    for path in _pdfs(tmp_path):
        try:
            doc = P.open_document(path.read_bytes(), path)
        except Exception:  # noqa: BLE001 - an encrypted or broken sample
            continue
        try:
            for i in range(P.page_count(doc)):
                try:
                    page = P.read_page(doc, i)
                except P.PageError:
                    continue
                out.append((page.chars, page.width, page.height))
        finally:
            P.close_document(doc)
    return out


def _made_up() -> list[tuple[list[dict], float, float]]:
    """Pages the samples lack: a glyph far off the page or not a number, a slanted one, copies of a glyph
    within and just beyond the tolerance, a page of one character, none."""
    rng = random.Random(9)

    def ch(text, x, top, **kw):
        return {"text": text, "x0": x, "x1": x + 10, "top": top, "bottom": top + 10, "size": 10.0,
                "fontname": "F", **kw}

    base = [ch(rng.choice("政府信息公开0123"), rng.uniform(0, 580), rng.uniform(0, 830)) for _ in range(300)]
    cases = [base, base[:1], []]
    cases.append(base + [ch("字", 1e300, 100)])
    cases.append(base + [ch("字", math.nan, 100)])
    cases.append(base + [ch("字", -700.0, 100)])
    cases.append(base + [ch("字", 100, 2000.0)])
    cases.append(base + [ch("印", 100, 100, matrix=(0.7, 0.7, -0.7, 0.7))])
    cases.append(base + [ch("重", 50.0, 60.0), ch("重", 50.6, 60.4)])  # fake bold: within 1 pt
    cases.append(base + [ch("重", 50.0, 60.0), ch("重", 52.5, 60.0)])  # 2.5 pt apart
    cases.append(base + [ch("重", -50.0, -60.0), ch("重", -49.2, -60.9)])  # below zero: floor, not truncation
    return [(c, 595.0, 842.0) for c in cases]


def test_the_page_checks_answer_as_numpys(tmp_path, monkeypatch):
    if speedups.C is None:
        pytest.skip("the C extension is not built (test_the_compiled_loop_is_built_where_a_compiler_is says why)")
    differ = []
    for chars, width, height in _sample_pages(tmp_path) + _made_up():
        compiled = (pages._all_upright_on_page(chars, width, height), layout._may_repeat(chars, 1.0),
                    layout._may_repeat(chars, 0.5))
        monkeypatch.setattr(pages, "C", None)
        monkeypatch.setattr(layout, "C", None)
        python = (pages._all_upright_on_page(chars, width, height), layout._may_repeat(chars, 1.0),
                  layout._may_repeat(chars, 0.5))
        monkeypatch.undo()
        if compiled != python:
            differ.append((len(chars), compiled, python))
    assert not differ, differ
    made = [layout._may_repeat(c, 1.0) for c, _, _ in _made_up()[-3:]]
    assert made[0] and made[2], "copies within the tolerance must be looked at"


def test_a_pdf_is_parsed_without_importing_numpy():
    """numpy's import (~70 ms) was every batch's start and every cold parse of a PDF: with the compiled checks
    a PDF with a text layer needs none."""
    if speedups.C is None:
        pytest.skip("the C extension is not built: the Python twins use numpy")
    code = ("import sys, reportparse; r = reportparse.parse(sys.argv[1]); "
            "print(sorted(r.tables), 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "samples" / "layout-gov-2024.pdf")],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False"), out


def _freq_pair():
    """(the tokenizer, jieba's prefix dictionary as the compiled table, the same as a dict), both from the
    tokenizer cache's one string of words and its counts."""
    import marshal
    from array import array

    from reportparse.cache import read_cached
    from reportparse.identity import _tokenizer_key, tokenizer

    tk = tokenizer()  # builds and keeps the cache where it is not there yet
    data = read_cached("tokenizer", _tokenizer_key())
    assert data is not None, "the tokenizer was not kept in the cache folder"
    text, counts, *_ = marshal.loads(data)
    return tk, speedups.C.Freq(text, counts), dict(zip(text.split("\n"), array("q", counts).tolist()))


def test_the_compiled_prefix_dictionary_answers_as_the_dict():
    if speedups.C is None:
        pytest.skip("the C extension is not built")
    _, table, words = _freq_pair()
    assert len(table) == len(words) > 300_000
    rng = random.Random(5)
    sample = rng.sample(list(words), 20_000)
    assert all(w in table and table[w] == words[w] and table.get(w) == words[w] for w in sample)
    absent = ["政府信息公开工作年度报告之外", "zzzz", "\n", "一二三四五六七八九十百千万亿兆", "", 5, None, ("政府",)]
    for key in absent:
        assert key not in table and table.get(key) is None and table.get(key, 7) == 7
        with pytest.raises(KeyError):
            table[key]
    twice = speedups.C.Freq("甲\n乙\n甲", bytes(array("q", [1, 2, 3])))
    assert twice["甲"] == 3 and twice["乙"] == 2 and len(twice) == 2  # as a dict keeps the last
    with pytest.raises(ValueError):
        speedups.C.Freq("甲\n乙", b"\0" * 8)  # a count a word


def test_the_compiled_route_is_the_python_route():
    """search._cut_dag's route through a sentence, in C over the table, equals the Python loop over the dict,
    and the cut made with the table is jieba's own cut (tests/test_search.py holds search.cut to it too)."""
    if speedups.C is None:
        pytest.skip("the C extension is not built")
    import copy
    from math import log

    from reportparse.export import search

    tk, table, words = _freq_pair()
    rng = random.Random(11)
    alphabet = list("政府信息公开依申请主动年度报告工作情况我区本机关不予处理岔河镇洪泽区小明华李王的了在是和住房城乡建设局")
    alphabet += list("abcXYZ0123456789")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    texts += ["淮安市洪泽区住建局2023年政府信息公开工作年度报告北京市人民政府依申请公开", "的", "a"]
    logtotal = log(tk.total)
    for text in texts:
        assert table.route(text, logtotal) == search._route(words, text, logtotal), text
    with_table = copy.copy(tk)
    with_table.FREQ = table
    with_dict = copy.copy(tk)
    with_dict.FREQ = words
    for text in texts[:100]:
        out_table, out_dict = [], []
        search._cut_dag(with_table, text, out_table)
        search._cut_dag(with_dict, text, out_dict)
        assert out_table == out_dict == [w for w in with_table.cut(text, HMM=True)], text


def test_plain_json_data_is_told_from_anything_else():
    if speedups.C is None:
        pytest.skip("the C extension is not built")
    import numpy as np

    plain = speedups.C.plain
    assert plain({"a": [1, -2.5, None, True, "字", {"b": [], "c": {}}], "d": 2**70})
    deep: list = [1]
    for _ in range(70):  # deeper than any record: not walked
        deep = [deep]
    for odd in ({"a": np.float64(1.0)}, {"a": [np.int64(1)]}, {1: "key not a str"}, {"a": (1, 2)}, {"a": b"x"},
                {"a": {1.5}}, deep):
        assert not plain(odd), odd
