"""The batch's faults from fuzzing and fault injection (issue 8 items 8-17), each reproduced.

A fake parser stands in for the real one (the faults are in the batch, not the
parser), so these run in seconds: in-process runs swap ``pipeline.parse``
(forked workers inherit the swap), CLI runs use FAKE_BOOT in a fresh interpreter.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from reportparse import batch
from reportparse.export.dataset import GENERATIONS, JOURNAL

ROOT = Path(__file__).resolve().parents[1]

# The CLI with a fake parser: the record is made from the bytes read; CELLS sets its size; LOG lists parses.
FAKE_BOOT = """
import hashlib, os, sys
import reportparse.pipeline as pipeline

class Report:
    def __init__(self, record):
        self.record = record
    def to_dict(self):
        return self.record

def parse(path):
    data = open(path, "rb").read()
    if os.environ.get("LOG"):
        with open(os.environ["LOG"], "a", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(os.fsdecode(path) + "\\n")
    return Report(fake_record(str(path), data, int(os.environ.get("CELLS") or 2)))

def fake_record(path, data, cells):
    sha = hashlib.sha256(data).hexdigest()
    return {
        "report_id": sha[:16],
        "source": {"path": path, "sha256": sha, "format": "text", "pages": None},
        "agency": data.decode("utf-8", "replace").split("\\n")[0] or "测试局",
        "year": 2021,
        "region": {"province": None, "city": None, "county": None, "adcode": None},
        "template": "2021",
        "title": "t",
        "tables": {"applications": {f"r{i}": {"total": i} for i in range(cells)}},
        "cells": {},
        "checks": [],
        "warnings": [{"code": c, "message": "m"} for c in data.decode("utf-8", "replace").split() if c.startswith("w_")],
    }

pipeline.parse = parse
from reportparse.batch_cli import main
sys.exit(main(sys.argv[1:]))
"""
_fake: dict = {}
exec(FAKE_BOOT.split("pipeline.parse = parse")[0], _fake)  # the same fake, for in-process runs


def _env(**extra) -> dict:
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def cli(*args: str, cwd: Path, preexec_fn=None, **env) -> subprocess.CompletedProcess:
    """`reportparse batch ARGS` with the fake parser; a hang fails the test (TimeoutExpired), never the suite."""
    return subprocess.run(
        [sys.executable, "-c", FAKE_BOOT, "batch", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=preexec_fn,
    )


@pytest.fixture
def fake(monkeypatch):
    """The fake parser in this process (and so in the forked workers)."""
    import reportparse.pipeline

    monkeypatch.setattr(reportparse.pipeline, "parse", _fake["parse"])


def status_rows(outdir: Path) -> dict[str, dict]:
    with open(outdir / "status.csv", newline="", encoding="utf-8-sig") as fh:
        return {r["path"]: r for r in csv.DictReader(fh)}


def reports_by_path(outdir: Path) -> dict[str, dict]:
    with open(outdir / "reports.csv", newline="", encoding="utf-8-sig") as fh:
        return {r["path"]: r for r in csv.DictReader(fh)}


# ---------------------------------------------------------------- item 8: non-UTF-8 file names


def test_a_non_utf8_file_name_gets_its_row_and_resumes(tmp_path, fake):
    src = tmp_path / "in"
    src.mkdir()
    odd = os.path.join(os.fsencode(src), b"bad-\xff\xfe-name.txt")  # not UTF-8 (GBK bytes, say)
    with open(odd, "wb") as fh:
        fh.write(b"odd\n")
    (src / "z-after.txt").write_text("after\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = batch.run([src], out, jobs=1)
    assert summary.failed == 0 and summary.total == 2
    shown = f"{src}/bad-\\xff\\xfe-name.txt"
    rows = status_rows(out)
    assert set(rows) == {shown, f"{src}/z-after.txt"} and rows[shown]["status"] == "ok"
    assert reports_by_path(out)[shown]["sha256"] == hashlib.sha256(b"odd\n").hexdigest()
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert shown in {r["source"]["path"] for r in records}
    # --resume after the finished run seeds from the outputs: the shown name maps back to the file
    again = batch.run([src], out, jobs=1, resume=True)
    assert again.parsed == 0 and again.skipped == 2 and set(status_rows(out)) == set(rows)
    # --resume from a journal holding the name (a killed run): it reads back losslessly
    journal = batch.Journal(out, resume=True)
    try:
        assert os.fsdecode(odd) in journal.paths
    finally:
        journal.close()


# ---------------------------------------------------------------- item 9: FIFOs


def test_a_fifo_in_a_folder_a_glob_or_named_is_a_row_not_a_hang(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("a\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")  # nobody ever writes to it: opening it for reading blocks forever
    proc = cli("in", "in/*.txt", "in/pipe.txt", "-o", "out", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    rows = status_rows(tmp_path / "out")
    assert rows["in/a.txt"]["status"] == "ok"
    assert rows["in/pipe.txt"]["status"] == "not_a_file" and "FIFO" in rows["in/pipe.txt"]["message"]
    assert len(rows) == 2


def test_a_file_turned_fifo_after_the_walk_is_not_opened_blocking(tmp_path):
    os.mkfifo(tmp_path / "late.pdf")
    tasks, rows = batch._group([str(tmp_path / "late.pdf")])
    assert not tasks and rows[0].status == "not_a_file"


# ---------------------------------------------------------------- item 10: every path met gets a row


def test_every_path_met_in_a_folder_gets_a_row(tmp_path, monkeypatch):
    src, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    for d in (src / "sub", src / ".git", src / "locked", elsewhere):
        d.mkdir(parents=True)
    files = {
        "in/a.pdf": b"%PDF-",
        "in/trailing.pdf ": b"%PDF-",  # a trailing space hid the suffix
        "in/.dotted.txt": b"x",  # a leading dot hid the file
        "in/page.shtml": b"<html>",
        "in/word.docx": b"PK",
        "in/notes.md": b"#",
        "in/table.xlsx": b"PK",
        "in/old.sxw": b"PK",
        "in/saved.odt": b"PK",
        "in/saved.rtf": b"{\\rtf1",
        "in/sub/README": b"x",
        "in/.git/config": b"x",
        "in/locked/x.pdf": b"%PDF-",
        "elsewhere/linked.pdf": b"%PDF-",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    os.symlink(elsewhere, src / "link-to-folder")  # a linked folder is searched
    os.symlink(src, src / "sub" / "loop")  # a link back up is met once, with a row
    os.symlink(tmp_path / "gone", src / "broken.pdf")
    real_scandir = os.scandir

    def scandir(path):  # as a folder without read permission (the tests may run as root)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    paths, met = batch._inputs(["in"])
    assert paths == [
        "in/.dotted.txt",
        "in/a.pdf",
        "in/link-to-folder/linked.pdf",
        "in/notes.md",
        "in/page.shtml",
        "in/saved.odt",
        "in/saved.rtf",
        "in/trailing.pdf ",
        "in/word.docx",
    ]
    rows = {o.task.path: o.status for o in met}
    assert rows == {
        "in/.git": "skipped",
        "in/broken.pdf": "not_a_file",
        "in/locked": "unreadable",
        "in/old.sxw": "unsupported_format",
        "in/sub/README": "unsupported_format",
        "in/sub/loop": "skipped",
        "in/table.xlsx": "unsupported_format",
    }
    assert all(o.message for o in met)
    assert "soffice" in next(o.message for o in met if o.task.path == "in/old.sxw")
    xlsx = next(o.message for o in met if o.task.path == "in/table.xlsx")  # no advice to convert a spreadsheet
    assert "soffice" not in xlsx and ".pdf" in xlsx and ".docx" in xlsx


def test_the_batch_does_not_list_its_own_outputs(tmp_path, fake):
    (tmp_path / "a.txt").write_text("a\n", encoding="utf-8")
    batch.run([tmp_path], tmp_path / "out", jobs=1)
    summary = batch.run([tmp_path], tmp_path / "out", jobs=1)
    assert summary.total == 1 and list(status_rows(tmp_path / "out")) == [f"{tmp_path}/a.txt"]


# ---------------------------------------------------------------- item 11: @list with a missing path, bad settings


def test_a_missing_path_in_a_list_is_a_row_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("a\n", encoding="utf-8")
    (tmp_path / "list.txt").write_text("a.txt\nnot-there.pdf\nnone/*.pdf\n", encoding="utf-8")
    proc = cli("@list.txt", "-o", "out", "-j", "1", cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    rows = status_rows(tmp_path / "out")
    assert rows["a.txt"]["status"] == "ok"
    assert rows["not-there.pdf"]["status"] == "missing" and "@list.txt" in rows["not-there.pdf"]["message"]
    assert rows["none/*.pdf"]["status"] == "missing"


@pytest.mark.parametrize(
    "args", [["--timeout", "0"], ["--timeout", "-5"], ["--timeout", "nan"], ["--timeout", "inf"],
             ["--timeout", "soon"], ["-j", "0"], ["-j", "-2"], ["-j", "two"], ["--memory", "0"]]
)
def test_settings_that_make_no_sense_are_one_line_errors(tmp_path, args):
    proc = subprocess.run(
        [sys.executable, "-m", "reportparse.batch_cli", "batch", ".", "-o", "out", *args],
        cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


def test_the_library_refuses_them_too(tmp_path):
    for kw in ({"timeout": 0}, {"timeout": float("nan")}, {"jobs": 0}, {"memory_mb": -1}):
        with pytest.raises(batch.BatchInputError):
            batch.run([tmp_path], tmp_path / "out", **kw)


# ---------------------------------------------------------------- item 12: a file replaced while the batch runs


def test_a_file_replaced_during_the_batch_gets_the_hash_of_what_was_parsed(tmp_path, monkeypatch):
    import reportparse.pipeline

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("first\n", encoding="utf-8")
    (src / "b.txt").write_text("first\n", encoding="utf-8")  # same bytes: one task for both

    def parse_after_replace(path):
        if Path(path).name == "a.txt":
            Path(path).write_text("second\n", encoding="utf-8")  # replaced after hashing, before parsing
        return _fake["parse"](path)

    monkeypatch.setattr(reportparse.pipeline, "parse", parse_after_replace)
    batch.run([src], tmp_path / "out", jobs=1)
    rows, reports = status_rows(tmp_path / "out"), reports_by_path(tmp_path / "out")
    a, b = str(src / "a.txt"), str(src / "b.txt")
    assert rows[a]["sha256"] == reports[a]["sha256"] == hashlib.sha256(b"second\n").hexdigest()
    assert rows[b]["sha256"] == reports[b]["sha256"] == hashlib.sha256(b"first\n").hexdigest()
    assert not rows[b]["duplicate_of"] and reports[a]["agency"] == "second"


# ---------------------------------------------------------------- item 13: a resume killed while seeding


def test_a_resume_killed_while_seeding_loses_no_rows(tmp_path, fake):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"{i}.txt").write_text(f"report {i}\n", encoding="utf-8")
    out = tmp_path / "out"
    batch.run([src], out, jobs=1)
    before = status_rows(out)
    assert len(before) == 4 and not (out / JOURNAL).exists()
    pid = os.fork()
    if pid == 0:  # a --resume that dies after seeding two rows into its journal
        written = {"n": 0}
        real = batch.Journal._write

        def write(self, *args):
            if written["n"] == 2:
                os._exit(99)
            written["n"] += 1
            real(self, *args)

        batch.Journal._write = write
        try:
            batch.run([src], out, jobs=1, resume=True)
        finally:
            os._exit(0)
    _, code = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(code) == 99 and (out / JOURNAL).exists()
    summary = batch.run([src], out, jobs=1, resume=True)
    assert summary.parsed == 0 and summary.skipped == 4  # nothing lost, nothing parsed again
    after = status_rows(out)
    assert {p: r["sha256"] for p, r in after.items()} == {p: r["sha256"] for p, r in before.items()}


# ---------------------------------------------------------------- item 15: a full disk


def test_a_full_disk_is_one_line_exit_4_and_resume_completes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("a\n", encoding="utf-8")
    # the journal (the record, ~200 KB, and its dataset rows compressed, ~250 KB) fits; values.csv (~800 KB) does not
    limit = 600_000

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    log = tmp_path / "parsed.log"
    proc = cli("in", "-o", "out", "-j", "1", cwd=tmp_path, preexec_fn=small_files, CELLS="8000", LOG=str(log))
    out = tmp_path / "out"
    assert proc.returncode == 4, (proc.returncode, proc.stderr)
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert "--resume" in proc.stderr
    journal = (out / JOURNAL).read_bytes().splitlines()
    assert len(journal) == 1 and json.loads(journal[0].split(b"\t")[0])["status"] == "ok"
    assert not list(out.glob(".*.tmp")) and not list((out / GENERATIONS).glob("*"))  # no space held
    resumed = cli("in", "-o", "out", "-j", "1", "--resume", cwd=tmp_path, CELLS="8000", LOG=str(log))
    assert resumed.returncode == 0, resumed.stderr
    assert log.read_text(encoding="utf-8").splitlines() == ["in/a.txt"]  # parsed once, in the first run
    assert status_rows(out)["in/a.txt"]["status"] == "ok" and not (out / JOURNAL).exists()


# ---------------------------------------------------------------- item 16: CSV formulas from file names and text


def test_formula_file_names_are_neutralised_in_status_csv_and_resume(tmp_path, fake, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "=HYPERLINK(x).txt"
    Path(name).write_text("=1+1 w_row_unmatched\n", encoding="utf-8")
    batch.run([name], "out", jobs=1)
    for csv_name in ("status.csv", "reports.csv", "values.csv"):
        with open(Path("out") / csv_name, newline="", encoding="utf-8-sig") as fh:
            for row in list(csv.reader(fh))[1:]:
                assert all(cell[:1] not in "=+-@" or not cell for cell in row), (csv_name, row)
    with open("out/status.csv", newline="", encoding="utf-8-sig") as fh:
        assert next(csv.DictReader(fh))["path"] == "'" + name
    assert reports_by_path(Path("out"))["'" + name]["agency"] == "'=1+1 w_row_unmatched"
    summary = batch.run([name], "out", jobs=1, resume=True)  # seeds from the neutralised status.csv
    assert summary.parsed == 0 and summary.skipped == 1 and len(status_rows(Path("out"))) == 1
    assert list(batch.load("out").status["path"]) == [name]


# ---------------------------------------------------------------- issue 11 item 4: the warning codes in status.csv


def test_ok_with_warnings_rows_list_their_codes(tmp_path, fake):
    (tmp_path / "w.txt").write_text("x w_row_unmatched w_table_missing w_row_unmatched\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("fine\n", encoding="utf-8")
    batch.run([tmp_path], tmp_path / "out", jobs=1)
    rows = {Path(p).name: r for p, r in status_rows(tmp_path / "out").items()}
    assert rows["w.txt"]["status"] == "ok_with_warnings"
    assert rows["w.txt"]["message"] == "warnings: w_row_unmatched (2), w_table_missing"
    assert rows["ok.txt"]["status"] == "ok" and rows["ok.txt"]["message"] == ""


# ---------------------------------------------------------------- item 17: Dask workers that cannot see the files


def test_dask_workers_that_cannot_see_the_files_stop_the_run_with_a_clear_message(tmp_path, fake, monkeypatch):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("a\n", encoding="utf-8")
    real_group = batch._group

    def group_then_unmount(paths):  # the client saw the files; the workers' filesystem does not have them
        result = real_group(paths)
        src.rename(tmp_path / "elsewhere")
        return result

    monkeypatch.setattr(batch, "_group", group_then_unmount)
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c,
        distributed.Client(c) as client,
    ):
        with pytest.raises(batch.BatchInputError, match="shared filesystem"):
            batch.run([src], tmp_path / "out", engine="dask", scheduler=client)


# ---------------------------------------------------------------- issue 11: -q and -v as parse has them


def test_quiet_prints_nothing_and_verbose_names_every_file_not_ok(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("a\n", encoding="utf-8")
    (src / "b.txt").write_text("b w_row_unmatched\n", encoding="utf-8")
    (src / "c.sxw").write_bytes(b"PK")  # another form: unsupported_format, never parsed
    quiet = cli("in", "-o", "q", "-j", "1", "-q", cwd=tmp_path)
    assert quiet.returncode == 3 and quiet.stderr == ""  # the exit status still says some failed
    plain = cli("in", "-o", "p", "-j", "1", cwd=tmp_path)
    assert plain.stderr.count("\n") == 1 and "3 files: 1 ok, 1 ok_with_warnings, 1 failed" in plain.stderr
    verbose = cli("in", "-o", "v", "-j", "1", "-v", cwd=tmp_path)
    lines = verbose.stderr.splitlines()
    assert "in/b.txt: ok_with_warnings: warnings: w_row_unmatched" in lines
    assert any(line.startswith("in/c.sxw: unsupported_format: ") for line in lines)
    assert not any(line.startswith("in/a.txt") for line in lines) and lines[-1].startswith("3 files: ")
