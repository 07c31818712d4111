"""The package's compiled modules kept in the cache folder where Python writes no bytecode (cache.py)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def src(tmp_path_factory) -> Path:
    """A copy of the package without any __pycache__ (Python may have written some in this checkout)."""
    root = tmp_path_factory.mktemp("src")
    shutil.copytree(ROOT / "src" / "reportparse", root / "reportparse", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _python(code: str, cache: Path, src: Path, *, write_bytecode: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, REPORTPARSE_CACHE_DIR=str(cache), PYTHONPATH=str(src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")  # where Python writes, if it does: not the sources
    flags = [] if write_bytecode else ["-B"]  # -B: as PYTHONDONTWRITEBYTECODE=1
    return subprocess.run([sys.executable, *flags, "-c", code], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_modules_compiled_once_then_read_from_the_cache(tmp_path, src):
    first = _python("import reportparse.pipeline, reportparse.cache as c; print(c.__file__)", tmp_path, src)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == str(src / "reportparse" / "cache.py")  # the copy, not the checkout
    kept = sorted(p.name for p in (tmp_path / "bytecode").glob("*.pyc"))
    assert any(n.startswith("reportparse.pipeline.") for n in kept), kept
    assert any(n.startswith("reportparse.layout.") for n in kept), kept
    assert not list(src.rglob("*.pyc"))  # nothing written beside the sources
    # the second process loads the kept code: a kept module whose code says otherwise shows it
    (pipeline,) = (tmp_path / "bytecode").glob("reportparse.pipeline.*.pyc")
    data = pipeline.read_bytes()
    marker = compile((src / "reportparse/pipeline.py").read_text("utf-8") + "\nLOADED_FROM_CACHE = True\n",
                     str(src / "reportparse/pipeline.py"), "exec", dont_inherit=True)
    import marshal

    pipeline.write_bytes(data[:20] + marshal.dumps(marker))
    second = _python("import reportparse.pipeline as p; print(getattr(p, 'LOADED_FROM_CACHE', False))", tmp_path, src)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "True"


def test_a_changed_source_is_compiled_again(tmp_path, src):
    assert _python("import reportparse.pipeline", tmp_path, src).returncode == 0
    (kept,) = (tmp_path / "bytecode").glob("reportparse.pipeline.*.pyc")
    data = bytearray(kept.read_bytes())
    data[4:12] = b"\0" * 8  # the source's modification time, as kept: no longer the file's
    kept.write_bytes(bytes(data) + b"garbage")
    run = _python("import reportparse.pipeline as p; print(p.parse.__name__)", tmp_path, src)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "parse"
    assert kept.read_bytes()[4:12] != b"\0" * 8  # written again, for the source as it is


def test_a_cache_that_cannot_be_written_only_costs_compiling(tmp_path, src):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = _python("import reportparse; print(reportparse.parse('samples/guyuan-hpf-2021.txt').agency)", blocker / "x", src)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "固原市住房公积金管理中心"


def test_python_writing_bytecode_is_left_to_do_so(tmp_path, src):
    code = "import sys, reportparse; print(any(type(f).__name__ == '_BytecodeFinder' for f in sys.meta_path))"
    assert _python(code, tmp_path, src, write_bytecode=True).stdout.strip() == "False"
    assert _python(code, tmp_path, src).stdout.strip() == "True"


def test_the_package_names_stay_importable_lazily():
    import reportparse

    assert reportparse.parse.__module__ == "reportparse.pipeline"
    assert reportparse.Report.__name__ == "Report"
    assert callable(reportparse.parse_many) and callable(reportparse.load)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        reportparse.nope  # noqa: B018
    from reportparse import Report, parse  # noqa: F401  (from-imports go through the same lookup)


def test_no_home_folder_to_find_the_cache_in_means_no_cache(monkeypatch):
    from reportparse import cache

    def nowhere():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache, "cache_dir", nowhere)
    assert cache.read_cached("tokenizer", "0") is None
    cache.write_cached("tokenizer", "0", b"data")  # nothing kept, nothing raised
