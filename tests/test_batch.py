"""The batch: statuses, outputs, kill + resume, loading, Dask, isolation (issue 3).

The end-to-end tests run the real parser over a mixed folder: the sample PDFs,
text dumps, a duplicate and every bad input of ``badinputs.ALL``.  The
isolation tests swap ``reportparse.pipeline.parse`` for fakes that hang,
segfault or eat memory (workers are forked, so they inherit the swap).
"""

from __future__ import annotations

import csv
import faulthandler
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from reportparse import batch
from reportparse.errors import ReportParseError
from reportparse.export.record_tables import VALUE_COLUMNS
from reportparse.export.dataset import (
    CURRENT,
    GENERATIONS,
    JOURNAL,
    OUTPUT_FILES,
    REPORT_COLUMNS,
    STATUS_COLUMNS,
)

try:
    from badinputs import ALL as BAD
except ImportError:  # run from the repository root with tests/ as a package
    from tests.badinputs import ALL as BAD

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PDFS = sorted(SAMPLES.glob("*.pdf"))
TEXT = SAMPLES / "guyuan-hpf-2021.txt"
needs_pdfs = pytest.mark.skipif(
    not PDFS, reason="samples/*.pdf missing: run `python samples/make_samples.py`"
)

# Runs `reportparse batch` in a fresh interpreter.  SLOW (seconds) slows every parse, so a
# kill lands midway; LOG gets one line per file a worker parses, so a test can see what was parsed.
BOOT = """
import os, sys, time
import reportparse.pipeline as pipeline
real = pipeline.parse
def parse(path):
    time.sleep(float(os.environ.get("SLOW") or 0))
    if os.environ.get("LOG"):
        with open(os.environ["LOG"], "a", encoding="utf-8") as fh:
            fh.write(str(path) + "\\n")
    return real(path)
pipeline.parse = parse
from reportparse.batch_cli import main
sys.exit(main(sys.argv[1:]))
"""
NOT_PARSED = {*batch.PATH_STATUSES, "unsupported_format"}  # rows of paths the batch never hands to a worker
BYTE_IDENTICAL = ("records.jsonl", "values.csv", "values.parquet", "reports.csv", "reports.parquet")


def _env(**extra) -> dict:
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def cli(*args: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BOOT, "batch", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def read_status(outdir: Path) -> dict[str, dict]:
    with open(outdir / "status.csv", newline="", encoding="utf-8-sig") as fh:
        return {r["path"]: r for r in csv.DictReader(fh)}


def status_without_seconds(outdir: Path) -> list[list[str]]:
    with open(outdir / "status.csv", newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    i = rows[0].index("seconds")
    return [r[:i] + r[i + 1 :] for r in rows]


def sqlite_dump(outdir: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(outdir / "reports.sqlite") as db:
        return {
            "values": db.execute("SELECT * FROM cell_values ORDER BY rowid").fetchall(),
            "reports": db.execute("SELECT * FROM reports ORDER BY rowid").fetchall(),
            "status": db.execute("SELECT path, sha256, status, message, duplicate_of FROM status").fetchall(),
        }


def assert_same_outputs(a: Path, b: Path) -> None:
    """The outputs match byte for byte; only the timings (status ``seconds``) may differ."""
    for name in BYTE_IDENTICAL:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert status_without_seconds(a) == status_without_seconds(b)
    assert sqlite_dump(a) == sqlite_dump(b)


# ---------------------------------------------------------------- the mixed batch (real parser)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> dict:
    """in/: good PDFs and text dumps (one in a subfolder), a duplicate, one file of each bad kind."""
    if not PDFS:
        pytest.skip("samples/*.pdf missing: run `python samples/make_samples.py`")
    root = tmp_path_factory.mktemp("mixed")
    src = root / "in"
    (src / "good" / "nested").mkdir(parents=True)
    good = [shutil.copy(pdf, src / "good" / pdf.name) for pdf in PDFS]
    good.append(shutil.copy(TEXT, src / "good" / TEXT.name))
    variant = src / "good" / "nested" / "guyuan-hpf-2021-copy2.txt"  # other bytes, same report
    variant.write_bytes(TEXT.read_bytes() + b"\n\n")
    good.append(variant)
    duplicate = shutil.copy(PDFS[0], src / "good" / "nested" / "duplicate.pdf")
    bad = {f"in/bad/{make(src / 'bad').name}": code for make, code in BAD.values()}

    def rel(p) -> str:  # the CLI runs in root: paths as it prints them
        return str(Path(p).relative_to(root))

    proc = cli("in", "-o", "out", "-j", "2", cwd=root)
    return {
        "root": root,
        "out": root / "out",
        "proc": proc,
        "good": sorted(rel(p) for p in good),
        "duplicate": rel(duplicate),
        "first": rel(good[0]),
        "bad": bad,
    }


def test_mixed_batch_gives_each_file_its_status(mixed):
    assert mixed["proc"].returncode == 3, mixed["proc"].stderr  # some failed: the partial-failure code
    status = read_status(mixed["out"])
    assert set(status) == {*mixed["good"], mixed["duplicate"], *mixed["bad"]}
    for path, code in mixed["bad"].items():
        assert status[path]["status"] == code, (path, status[path]["message"])
        assert status[path]["message"]
    for path in mixed["good"]:
        assert status[path]["status"] in batch.OK_STATUSES, (path, status[path]["message"])
    dup, first = status[mixed["duplicate"]], status[mixed["first"]]
    assert dup["sha256"] == first["sha256"] and dup["status"] == first["status"]
    assert dup["duplicate_of"] == mixed["first"] and float(dup["seconds"]) == 0.0
    assert (mixed["out"] / "status.csv").read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(
        STATUS_COLUMNS
    )


def test_quiet_in_a_pipe_with_a_one_line_summary(mixed):
    lines = mixed["proc"].stderr.strip().splitlines()
    assert len(lines) == 1, mixed["proc"].stderr
    n = len(mixed["good"]) + 1 + len(mixed["bad"])
    assert lines[0].startswith(f"{n} files: ") and f"{len(mixed['bad'])} failed" in lines[0]
    assert mixed["proc"].stdout == ""
    assert not (mixed["out"] / JOURNAL).exists()  # a finished run leaves only the outputs
    names = sorted(p.name for p in mixed["out"].iterdir())
    assert names == sorted([*OUTPUT_FILES, CURRENT, GENERATIONS])  # the files, and the one generation they show
    assert len(list((mixed["out"] / GENERATIONS).iterdir())) == 1


def test_every_good_file_is_in_every_output(mixed):
    out, status = mixed["out"], read_status(mixed["out"])
    ids = {status[p]["sha256"][:16] for p in mixed["good"]}
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["report_id"] for r in records} == ids and len(records) == len(ids)  # the duplicate once
    assert {r["source"]["path"] for r in records} == set(mixed["good"])
    with open(out / "reports.csv", newline="", encoding="utf-8-sig") as fh:
        reports = list(csv.DictReader(fh))
    assert {r["report_id"] for r in reports} == ids and list(reports[0]) == list(REPORT_COLUMNS)
    assert [r["path"] for r in reports] == sorted(r["path"] for r in reports)
    with open(out / "values.csv", newline="", encoding="utf-8-sig") as fh:
        values = list(csv.DictReader(fh))
    assert {v["report_id"] for v in values} == ids and list(values[0]) == list(VALUE_COLUMNS)
    db = sqlite_dump(out)
    assert {r[0] for r in db["reports"]} == ids and {v[0] for v in db["values"]} == ids
    assert len(db["status"]) == len(status) and len(db["values"]) == len(values)
    for r in reports:
        assert r["status"] in batch.OK_STATUSES and r["agency"] and r["year"]


def test_sqlite_opens_and_queries_as_documented(mixed):
    with sqlite3.connect(mixed["out"] / "reports.sqlite") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"cell_values", "reports", "status"} <= tables  # "values" is a reserved word in SQLite
        indexed = {
            (t, c)
            for t in ("cell_values", "reports")
            for i in db.execute(f'PRAGMA index_list("{t}")')
            for (_, _, c) in db.execute(f'PRAGMA index_info("{i[1]}")')
        }
        assert {
            (t, c) for t in ("cell_values", "reports") for c in ("agency", "year", "province", "city")
        } <= indexed
        rows = db.execute("""SELECT r.agency, r.year, v.value FROM reports r
                             JOIN tidy v ON v.report_id = r.report_id
                             WHERE v."table" = 'applications' AND v.row = 'new' AND v."column" = 'total'
                             ORDER BY r.year""").fetchall()
        assert rows and all(isinstance(year, int) for _, year, _ in rows)
        failed = dict(
            db.execute("SELECT status, count(*) FROM status WHERE status NOT LIKE 'ok%' GROUP BY status")
        )
        assert sum(failed.values()) == len(mixed["bad"])
        assert (
            db.execute("EXPLAIN QUERY PLAN SELECT * FROM reports WHERE agency = ?", ("x",))
            .fetchall()[0][3]
            .startswith("SEARCH")
        )


def test_parquet_loads_with_pandas_duckdb_and_load(mixed):
    import duckdb
    import pandas as pd

    out = mixed["out"]
    values = pd.read_parquet(out / "values.parquet")
    reports = pd.read_parquet(out / "reports.parquet")
    assert list(values.columns) == list(VALUE_COLUMNS) and list(reports.columns) == list(REPORT_COLUMNS)
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM '{out / 'values.parquet'}'").fetchone()[0]
    assert n == len(values)
    per_agency = con.execute(f"""SELECT agency, year, sum(value) FROM '{out / "values.parquet"}'
                                 WHERE "table" = 'applications' GROUP BY ALL ORDER BY ALL""").fetchall()
    assert {a for a, _, _ in per_agency} == set(reports["agency"])
    con.close()
    data = batch.load(out)
    assert len(data.reports) == len(reports) and len(data.values) == len(values)
    assert str(data.reports["year"].dtype) == "Int64" and len(data.status) == len(read_status(out))


def test_public_api_after_the_parser_is_imported():
    import reportparse
    import reportparse.pipeline  # importing the parser must not hide reportparse.load

    assert reportparse.parse_many is batch.parse_many
    assert reportparse.load is batch.load


# ---------------------------------------------------------------- kill and resume


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"]
)
def test_killed_then_resumed_gives_the_uninterrupted_outputs(mixed, tmp_path, sig):
    root = mixed["root"]
    out, log1, log2 = tmp_path / "out", tmp_path / "first.log", tmp_path / "second.log"
    args = [sys.executable, "-c", BOOT, "batch", "in", "-o", str(out), "-j", "1"]
    proc = subprocess.Popen(
        args, cwd=root, env=_env(SLOW="0.4", LOG=str(log1)), stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not (out / JOURNAL).exists() or len((out / JOURNAL).read_bytes().splitlines()) < 3:
        assert proc.poll() is None and time.monotonic() < deadline, (
            "the batch ended before it could be killed"
        )
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGKILL:  # no chance to clean up; and say it died in the middle of a journal line
        assert proc.returncode == -signal.SIGKILL
        with open(out / JOURNAL, "ab") as fh:
            fh.write(b'{"sha256": "0123", "paths": ["in/good/lay')
    else:  # a clean stop: the outputs hold what was parsed
        assert proc.returncode == 128 + sig, err
        assert "--resume" in err
        partial = read_status(out)
        assert 3 <= len(partial) < len(read_status(mixed["out"]))
    lines = (out / JOURNAL).read_bytes().split(b"\n")[:-1]  # whole lines only
    done_ok = {
        p
        for h in map(json.loads, (x.split(b"\t")[0] for x in lines))
        if h["status"] in batch.OK_STATUSES
        for p in h["paths"]
    }

    resumed = cli("in", "-o", str(out), "-j", "2", "--resume", cwd=root, LOG=str(log2))
    assert resumed.returncode == 3, resumed.stderr
    parsed_again = set(log2.read_text(encoding="utf-8").splitlines())
    assert not parsed_again & done_ok  # only the remaining files were parsed
    everything = set(log1.read_text(encoding="utf-8").splitlines()) | parsed_again
    parsable = {p for p, r in read_status(mixed["out"]).items() if r["status"] not in NOT_PARSED}
    assert everything >= parsable - {mixed["duplicate"]}
    assert f"{len(parsed_again)} parsed" in resumed.stderr
    assert_same_outputs(out, mixed["out"])


def test_resume_after_a_finished_run_reparses_only_failures(mixed, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(mixed["out"], out)
    log = tmp_path / "parsed.log"
    proc = cli("in", "-o", str(out), "--resume", cwd=mixed["root"], LOG=str(log))
    assert proc.returncode == 3, proc.stderr
    reparsed = {p for p, code in mixed["bad"].items() if Path(p).suffix in batch.REPORT_SUFFIXES}
    assert set(log.read_text(encoding="utf-8").splitlines()) == reparsed
    assert_same_outputs(out, mixed["out"])


def test_outputs_written_while_parsing_equal_a_rebuild_from_the_journal(mixed, tmp_path):
    """The mixed run wrote its outputs as files finished, from the rows its workers made; a rebuild from a
    journal seeded from those outputs (no worker rows: every row made anew in this process) is the same."""
    out = tmp_path / "out"
    shutil.copytree(mixed["out"], out, symlinks=True)
    with batch.Journal(out, resume=True) as journal:
        assert journal.done and not any(d.rows_length for d in journal.done.values())  # seeded: records only
        batch._rebuild(out, journal)
    assert_same_outputs(out, mixed["out"])
    assert not (tmp_path / "out" / ".generations").exists() or len(list((out / ".generations").iterdir())) == 1


@pytest.mark.parametrize("kept", [0, batch._KEPT])
def test_reports_packed_or_read_back_from_the_journal_give_the_same_outputs(mixed, tmp_path, monkeypatch, kept):
    """Each report is added from the rows its worker packed (marshal bytes) or, beyond ``_KEPT`` waiting
    reports, from the journal's line of the same rows: either way the outputs are the mixed run's."""
    monkeypatch.chdir(mixed["root"])
    monkeypatch.setattr(batch, "_KEPT", kept)
    original, used = batch._report_rows, []

    def report_rows(journal, key, first, packed=None):
        used.append(packed is not None)
        return original(journal, key, first, packed)

    monkeypatch.setattr(batch, "_report_rows", report_rows)
    batch.run(["in"], tmp_path / "out", jobs=2)
    assert used and all(used) == bool(kept) and any(used) == bool(kept)
    assert_same_outputs(tmp_path / "out", mixed["out"])


# ---------------------------------------------------------------- Dask


def test_dask_local_cluster_gives_the_same_outputs(mixed, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    cwd = os.getcwd()
    os.chdir(mixed["root"])  # the same relative paths as the CLI run
    try:
        with (
            distributed.LocalCluster(
                n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            summary = batch.run(["in"], out, engine="dask", scheduler=client)
    finally:
        os.chdir(cwd)
    assert summary.failed == len(mixed["bad"])
    assert_same_outputs(out, mixed["out"])


# ---------------------------------------------------------------- the Python API


def test_parse_many_yields_one_result_per_path(tmp_path):
    shutil.copy(TEXT, tmp_path / "a.txt")
    shutil.copy(TEXT, tmp_path / "b.txt")
    BAD["zero_byte"][0](tmp_path)
    results = {Path(r.path).name: r for r in batch.parse_many([tmp_path], jobs=2)}
    assert set(results) == {"a.txt", "b.txt", "zero-byte.pdf"}
    a, b, zero = results["a.txt"], results["b.txt"], results["zero-byte.pdf"]
    assert a.ok and b.ok and b.duplicate_of == a.path and a.record == b.record
    assert a.record["agency"] == "固原市住房公积金管理中心" and a.report_id == a.record["report_id"]
    assert zero.status == "not_pdf" and not zero.ok and zero.record is None


# ---------------------------------------------------------------- isolation (fake parsers)


class FakeReport:
    def __init__(self, path: str):
        self.path = path

    def to_dict(self) -> dict:
        import hashlib

        sha = hashlib.sha256(Path(self.path).read_bytes()).hexdigest()
        return {
            "report_id": sha[:16],
            "source": {"path": self.path, "sha256": sha, "format": "text", "pages": None},
            "agency": "测试局",
            "year": 2021,
            "region": {"province": None, "city": None, "county": None, "adcode": None},
            "template": "2021",
            "title": "t",
            "tables": {"applications": {"new": {"total": 7}}},
            "cells": {},
            "checks": [],
            "warnings": [{"code": "w", "message": "m"}] if "warn" in self.path else [],
        }


def fake_parse(path):
    kind = Path(path).read_text()
    if kind == "hang":
        time.sleep(600)
    elif kind == "segfault":
        faulthandler.disable()  # the crash is the point: no stack dump in the test log
        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "memory":
        _ = bytearray(64 * 2**30)
    elif kind == "bug":
        raise KeyError("a parser bug")
    return FakeReport(str(path))


def test_hang_crash_and_memory_blowup_become_status_rows(tmp_path, monkeypatch):
    import reportparse.pipeline

    monkeypatch.setattr(reportparse.pipeline, "parse", fake_parse)
    src = tmp_path / "in"
    src.mkdir()
    for kind in ("hang", "segfault", "memory", "bug", "good", "good warn"):
        (src / f"{kind}.txt").write_text(kind)
    summary = batch.run([src], tmp_path / "out", jobs=2, timeout=1.5, memory_mb=512)
    status = {Path(p).stem: r for p, r in read_status(tmp_path / "out").items()}
    assert {k: r["status"] for k, r in status.items()} == {
        "hang": "timeout",
        "segfault": "crashed",
        "memory": "crashed",
        "bug": "crashed",
        "good": "ok",
        "good warn": "ok_with_warnings",
    }
    assert "SIGSEGV" in status["segfault"]["message"] and "memory" in status["memory"]["message"]
    assert "KeyError" in status["bug"]["message"] and float(status["hang"]["seconds"]) >= 1.5
    assert summary.failed == 4 and summary.parsed == 6


def test_the_file_sent_ahead_to_a_worker_that_hangs_or_dies_is_parsed_by_another(tmp_path, monkeypatch):
    """A worker is sent its next file while it parses one; when it is stopped (timeout), dies (segfault) or
    retires (MemoryError), the file it had not begun goes to another worker: parsed once, not lost."""
    import reportparse.pipeline

    monkeypatch.setattr(reportparse.pipeline, "parse", fake_parse)
    src = tmp_path / "in"
    src.mkdir()
    kinds = ["hang", "good", "segfault", "good", "memory", "good", "good", "good"]
    for i, kind in enumerate(kinds):
        (src / f"{i}-{kind}.txt").write_text(kind + "\n" * i if kind == "good" else kind)  # no duplicates
    summary = batch.run([src], tmp_path / "out", jobs=1, timeout=1.5, memory_mb=512)
    status = {Path(p).stem: r["status"] for p, r in read_status(tmp_path / "out").items()}
    assert status == {
        "0-hang": "timeout", "2-segfault": "crashed", "4-memory": "crashed",
        **{f"{i}-good": "ok" for i, k in enumerate(kinds) if k == "good"},
    }
    assert summary.parsed == len(kinds) and summary.failed == 3


def test_workers_are_recycled_and_memory_stays_bounded(tmp_path, monkeypatch):
    import reportparse.pipeline

    monkeypatch.setattr(reportparse.pipeline, "parse", fake_parse)
    monkeypatch.setattr(batch, "MAX_TASKS_PER_WORKER", 3)
    for i in range(10):
        (tmp_path / f"{i}.txt").write_text(f"good {i}")
    results = list(batch.parse_many(tmp_path, jobs=2))
    assert len(results) == 10 and all(r.ok for r in results)
    assert not batch._Worker.live  # every worker was reaped


def test_a_worker_at_its_limit_takes_the_last_files_rather_than_a_new_worker(tmp_path, monkeypatch):
    """Fewer files left than workers: the worker due to be recycled parses them (a fresh worker's first
    file costs twice a warm one's); earlier in the queue it is recycled as before."""
    import reportparse.pipeline

    def parse_saying_pid(path):
        raise ReportParseError(f"pid {os.getpid()}", path)

    monkeypatch.setattr(reportparse.pipeline, "parse", parse_saying_pid)
    monkeypatch.setattr(batch, "MAX_TASKS_PER_WORKER", 1)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")
    pids = {r.message for r in batch.parse_many(tmp_path, jobs=2)}
    assert len(pids) == 2  # two workers, one of them parsing two files: not a third for the last file
    for i in range(3, 6):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")
    pids = {r.message for r in batch.parse_many(tmp_path, jobs=2)}
    assert len(pids) >= 4  # six files, one a worker until the queue runs short: recycled as before


def test_near_the_end_of_the_queue_a_worker_at_its_limit_is_not_replaced(tmp_path, monkeypatch):
    """Fewer files left than a fifth of the limit per worker: the worker parses them; more: it is replaced."""
    import reportparse.pipeline

    def parse_saying_pid(path):
        raise ReportParseError(f"pid {os.getpid()}", path)

    monkeypatch.setattr(reportparse.pipeline, "parse", parse_saying_pid)
    monkeypatch.setattr(batch, "MAX_TASKS_PER_WORKER", 10)  # a tail of 2 files on one worker
    for i in range(11):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")
    assert len({r.message for r in batch.parse_many(tmp_path, jobs=1)}) == 1  # 1 left after the 10th
    for i in range(11, 13):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")
    assert len({r.message for r in batch.parse_many(tmp_path, jobs=1)}) == 2  # 3 left: replaced


def test_workers_are_forked_from_the_zygote_which_leaves_with_the_batch(tmp_path, monkeypatch):
    """Every worker, replacements included, is the zygote's child (it starts from the heap the preload
    left, not from the batch's grown one); deaths are still named; no process outlives the run."""
    import reportparse.pipeline

    def parse_saying_parent(path):
        if "segfault" in str(path):
            os.kill(os.getpid(), signal.SIGSEGV)
        raise ReportParseError(f"ppid {os.getppid()}", path)

    monkeypatch.setattr(reportparse.pipeline, "parse", parse_saying_parent)
    monkeypatch.setattr(batch, "MAX_TASKS_PER_WORKER", 2)
    started = []
    real_start = batch._Zygote.start
    monkeypatch.setattr(batch._Zygote, "start", lambda *a: started.append(real_start(*a)) or started[-1])
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")  # distinct contents: no file is another's duplicate
    (tmp_path / "segfault.txt").write_text("segfault")
    results = {Path(r.path).stem: r for r in batch.parse_many(tmp_path, jobs=2)}
    zygote = started[0]
    assert zygote is not None and zygote.pid != os.getpid()
    parents = {r.message for name, r in results.items() if name != "segfault"}
    assert parents == {f"ppid {zygote.pid}"}  # 7 files, 4 workers at least: all the zygote's children
    assert results["segfault"].status == "crashed" and "SIGSEGV" in results["segfault"].message
    assert not zygote.alive and not psutil.Process().children(recursive=True)


def test_batch_workers_read_scans_on_one_thread_each_and_parse_alone_on_the_cores_it_has(tmp_path, monkeypatch):
    """A worker is one process a core: OCR on one onnxruntime thread there (unless REPORTPARSE_OCR_THREADS says);
    a report parsed alone uses the cores this process may use, at most 4."""
    import reportparse.pipeline
    from reportparse.readers import ocr

    monkeypatch.delenv("REPORTPARSE_OCR_THREADS", raising=False)
    monkeypatch.setattr(reportparse.pipeline, "parse", lambda path: (_ for _ in ()).throw(
        ReportParseError(f"threads {os.environ.get('REPORTPARSE_OCR_THREADS')}", path)))
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")
    assert {r.message for r in batch.parse_many(tmp_path, jobs=2)} == {"threads 1"}
    assert "REPORTPARSE_OCR_THREADS" not in os.environ  # the batch's own process is left as it was
    monkeypatch.setenv("REPORTPARSE_OCR_THREADS", "3")
    assert {r.message for r in batch.parse_many(tmp_path, jobs=2)} == {"threads 3"}
    assert ocr.default_threads() == max(1, min(4, len(os.sched_getaffinity(0))))


def test_without_a_zygote_workers_are_forked_from_the_batch(tmp_path, monkeypatch):
    """A zygote killed from outside (or none to be had): the workers are forked as before, nothing is lost."""
    import reportparse.pipeline

    monkeypatch.setattr(reportparse.pipeline, "parse", lambda path: (_ for _ in ()).throw(
        ReportParseError(f"ppid {os.getppid()}", path)))

    def dead_zygote(*a):
        z = real_start(*a)
        os.kill(z.pid, signal.SIGKILL)
        os.waitpid(z.pid, 0)
        return z

    real_start = batch._Zygote.start
    monkeypatch.setattr(batch._Zygote, "start", dead_zygote)
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"file {i}")
    results = list(batch.parse_many(tmp_path, jobs=2))
    assert len(results) == 4 and {r.message for r in results} == {f"ppid {os.getpid()}"}
    assert not batch._Worker.live


# ---------------------------------------------------------------- inputs


def test_inputs_files_folders_globs_and_lists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a/x.pdf", "a/b/y.PDF", "a/b/z.txt", "a/.hidden/h.pdf", "a/notes.docx", "c/w.pdf"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_bytes(b"%PDF-")
    assert batch.expand_inputs(["a"]) == ["a/b/y.PDF", "a/b/z.txt", "a/notes.docx", "a/x.pdf"]
    assert batch.expand_inputs(["a/**/*.pdf", "a/notes.docx"]) == ["a/notes.docx", "a/x.pdf"]
    Path("c/list.txt").write_text("# the list\nw.pdf\n\n../a/x.pdf\n", encoding="utf-8")
    assert batch.expand_inputs(["@c/list.txt", "c/w.pdf"]) == ["a/x.pdf", "c/w.pdf"]
    for missing in ("nope.pdf", "nope/*.pdf", "@nope.txt"):
        with pytest.raises(batch.BatchInputError):
            batch.expand_inputs([missing])


def test_cli_usage_errors(tmp_path):
    proc = cli("missing-folder", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2 and "no such file" in proc.stderr
    proc = cli(".", "-o", "out", "--scheduler", "tcp://x:1", cwd=tmp_path)
    assert proc.returncode == 2 and "--engine dask" in proc.stderr


def test_main_cli_registers_batch():
    import importlib

    try:
        main_cli = importlib.import_module("reportparse.cli")
    except ModuleNotFoundError as e:
        if e.name != "reportparse.cli":
            raise
        pytest.skip("src/reportparse/cli.py is not written yet")
    with pytest.raises(SystemExit) as e:
        main_cli.main(["batch", "--help"])
    assert e.value.code == 0


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal: a bar with files done out of the total, and errors so far; then the summary."""
    import pty

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXT, src / TEXT.name)
    (src / "empty.pdf").write_bytes(b"")
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the terminal
        os.chdir(tmp_path)
        os.execvp(sys.executable, [sys.executable, "-m", "reportparse.cli", "batch", "in", "-o", "out", "-j", "1"])
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 3
    assert "2/2" in text and "file" in text  # tqdm: done/total and the unit
    assert "error" in text.lower()


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(_plain, value))
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize("name", ["layout-gov-2024.pdf", "shapes-2019-shanghai.pdf", "guyuan-hpf-2021.txt",
                                  "random/random-208-2025.html", "random/random-211-2019.docx",
                                  "scans/shapes-2022-jinjiang.scan.pdf"])  # read by OCR: numpy's boxes
def test_a_workers_journal_line_is_the_records_line_and_gives_the_same_rows(name):
    """A batch's worker makes the dataset rows from the record as parsed, not from its decoded JSON, and
    journals its records.jsonl line: that holds only where the record is plain JSON data (dicts, lists,
    strings, numbers, booleans, None), and the parent, making rows from the journal's line, gets the same.
    (A record with a numpy float in it is decoded from its JSON first: marshal would pack the float as bytes,
    which sank a batch's Parquet writer.)"""
    from reportparse import pipeline
    from reportparse.export.dataset import report_rows, unpack_rows

    path = SAMPLES / name
    if not path.exists():
        pytest.fail(f"{path} is missing: samples/ is made by the scripts in samples/")
    assert _plain(pipeline.parse(path).to_dict())
    status, _, _, body, _, _, packed = batch._parse_file(str(path), None, derive=True)
    rows = unpack_rows(packed)
    assert body.decode() == rows["record"]
    again = report_rows(json.loads(body), status)
    assert again == rows


def test_a_record_that_is_not_plain_json_is_decoded_before_its_rows_are_made(monkeypatch):
    """A numpy float (a float subclass, JSON's number) in a record: the rows hold Python floats, not the bytes
    marshal makes of it, and match the rows of the record's decoded JSON."""
    import numpy as np

    from reportparse import pipeline
    from reportparse.export.dataset import report_rows, unpack_rows

    real = pipeline.parse

    def with_numpy(path, *a, **kw):
        report = real(path, *a, **kw)
        to_dict = report.to_dict

        def numpy_dict():
            d = to_dict()
            for row in d["cells"]["applications"].values():
                for cell in (row or {}).values():
                    if cell and cell.get("bbox"):
                        cell["bbox"] = [np.float64(v) for v in cell["bbox"]]
            return d

        report.to_dict = numpy_dict
        return report

    monkeypatch.setattr(pipeline, "parse", with_numpy)
    status, _, _, body, _, _, packed = batch._parse_file(str(SAMPLES / "layout-gov-2024.pdf"), None, derive=True)
    rows = unpack_rows(packed)
    assert report_rows(json.loads(body), status) == rows
    values = rows["values"][0]
    assert not any(isinstance(v, bytes) for column in values for v in column)
