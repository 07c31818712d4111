"""The compiled loop over a page's characters (readers/_pdfium_chars.c) reads what the Python loop reads (issue 9).

Every page of every sample PDF (those of samples/ and its folders), every corpus PDF and the generated PDFs of
tests/test_backends.py is read twice, through the compiled loop and through the Python one: the characters,
key for key and bit for bit, and the count of lost text objects must be equal.  Pages the compiled loop leaves
to the Python one (text at a slant or turned, vertical writing, a font without widths) must be among them too.
"""

from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path

import pytest

from reportparse.readers import pdfium as P

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def test_the_compiled_loop_is_built_where_a_compiler_is():
    """``pip install -e .`` compiles it (setup.py) where a C compiler is at hand, as here and in CI."""
    if not (shutil.which(sysconfig.get_config_var("CC").split()[0] if sysconfig.get_config_var("CC") else "cc")
            or shutil.which("gcc")):
        pytest.skip("no C compiler on this machine: the Python loop reads every page")
    assert P._C is not None, "the C extension was not built: run `pip install -e .` again and read its output"


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
    # most pages are read in C; some are left to Python (text turned in a cell); a page without text or
    # turned (rotated) does not ask
    assert calls["read"] > 0.6 * pages and calls["left"] > 0, calls
