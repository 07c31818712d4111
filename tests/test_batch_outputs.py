"""The dataset folder as a whole (issue 8 items 14-16): one atomic swap, clean failure, safe CSV.

These drive ``export.dataset`` directly with small made-up records, so they run in
milliseconds; the batch-level versions (a real full disk through the CLI) are in
test_batch_faults.py.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from reportparse.export import dataset
from reportparse.export.dataset import CURRENT, GENERATIONS, OUTPUT_FILES, OutputError, write_dataset
from reportparse.export.tidy import csv_cell, uncsv_cell, write_tidy_csv


def record(i: int, agency: str = "测试局") -> dict:
    sha = f"{i:02x}" * 32
    return {
        "report_id": sha[:16],
        "source": {"path": f"in/{i}.pdf", "sha256": sha, "format": "pdf", "pages": 1},
        "agency": agency,
        "year": 2021,
        "region": {"province": None, "city": None, "county": None, "adcode": None},
        "template": "2021",
        "title": f"{agency}2021年政府信息公开工作年度报告",
        "tables": {"applications": {"new": {"total": i, "natural": i}}},
        "cells": {},
        "checks": [],
        "warnings": [],
    }


def write(outdir: Path, n: int, **kw) -> None:
    records = [record(i, **kw) for i in range(n)]
    status = [
        {"path": r["source"]["path"], "sha256": r["source"]["sha256"], "status": "ok", "message": "", "seconds": 0.1}
        for r in records
    ]
    write_dataset(outdir, ((r, "ok") for r in records), status)


def reports_seen(outdir: Path) -> dict[str, int | None]:
    """How many reports each output holds (None: the file is absent)."""
    counted = ("records.jsonl", "reports.parquet", "values.parquet", "reports.csv", "values.csv", "status.csv",
               "reports.sqlite")  # the record's other tables (issue 10) swap in with these, in the same generation
    seen: dict[str, int | None] = dict.fromkeys(counted)
    if (outdir / "records.jsonl").exists():
        seen["records.jsonl"] = len((outdir / "records.jsonl").read_text(encoding="utf-8").splitlines())
    for name in ("reports.parquet", "values.parquet"):
        if (outdir / name).exists():
            seen[name] = len(set(pq.read_table(outdir / name).column("report_id").to_pylist()))
    for name in ("reports.csv", "values.csv", "status.csv"):
        if (outdir / name).exists():
            with open(outdir / name, newline="", encoding="utf-8-sig") as fh:
                rows = list(csv.DictReader(fh))
            seen[name] = len({r.get("report_id") or r.get("sha256") for r in rows})
    if (outdir / "reports.sqlite").exists():
        with sqlite3.connect(f"file:{outdir / 'reports.sqlite'}?mode=ro", uri=True) as db:
            seen["reports.sqlite"] = db.execute("SELECT count(*) FROM reports").fetchone()[0]
    return seen


def killed_after(outdir: Path, calls: int, n: int) -> bool:
    """Write ``n`` reports in a forked child that dies right after its ``calls``-th rename or symlink.

    True if it died there; False if it finished first (fewer such calls).
    """
    pid = os.fork()
    if pid == 0:  # the child
        count = {"n": 0}

        def step(real):
            def wrapped(*args, **kw):
                if count["n"] == calls:
                    os._exit(99)  # no cleanup: as SIGKILL
                count["n"] += 1
                return real(*args, **kw)

            return wrapped

        os.replace, os.symlink = step(os.replace), step(os.symlink)
        try:
            write(outdir, n)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 99


@pytest.mark.parametrize("before", [0, 1], ids=["fresh", "over-a-previous-run"])
def test_a_kill_between_any_two_renames_leaves_one_whole_set(tmp_path, before):
    """Item 14: killed at every rename in turn, the outputs hold all of one run or all of the other."""
    calls = 0
    while True:
        outdir = tmp_path / f"k{calls}"
        if before:
            write(outdir, before)
        died = killed_after(outdir, calls, 3)
        seen = set(reports_seen(outdir).values())
        assert seen in ({None}, {before}, {3}) if not before else seen in ({before}, {3}), (calls, seen)
        write(outdir, 2)  # the next run cleans up what the killed one left
        assert set(reports_seen(outdir).values()) == {2}
        assert len(list((outdir / GENERATIONS).iterdir())) == 1
        assert not list(outdir.glob(".*.tmp"))
        if not died:
            break
        calls += 1
    assert calls >= 2  # the test did kill between renames


def test_readers_see_the_files_by_their_names(tmp_path):
    write(tmp_path, 2)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == sorted(OUTPUT_FILES)
    assert (tmp_path / CURRENT).is_symlink() and len(list((tmp_path / GENERATIONS).iterdir())) == 1
    assert len(dataset.load(tmp_path).reports) == 2
    write(tmp_path, 4)
    assert len(dataset.load(tmp_path).reports) == 4 and len(list((tmp_path / GENERATIONS).iterdir())) == 1


def test_a_failed_write_leaves_the_old_outputs_and_no_temporaries(tmp_path, monkeypatch):
    """Item 15 at the writer: an OSError mid-write is one OutputError; nothing replaced, nothing left over."""
    write(tmp_path, 2)
    before = {n: (tmp_path / n).read_bytes() for n in OUTPUT_FILES}
    real = dataset._Table.add

    def full(self, columns, csv_text):
        if self.name == "values":
            raise OSError(28, "No space left on device")
        real(self, columns, csv_text)

    monkeypatch.setattr(dataset._Table, "add", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write(tmp_path, 3)
    assert {n: (tmp_path / n).read_bytes() for n in OUTPUT_FILES} == before
    assert len(list((tmp_path / GENERATIONS).iterdir())) == 1 and not list(tmp_path.glob(".*.tmp"))


def test_sqlite_errors_are_output_errors_too(tmp_path, monkeypatch):
    write(tmp_path, 1)

    def disk_full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(dataset.DatasetWriter, "_flush_status", disk_full)
    with pytest.raises(OutputError, match="disk is full"):
        write(tmp_path, 2)
    assert set(reports_seen(tmp_path).values()) == {1}


FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=already quoted"]


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path):
    """Item 16: every CSV we write prefixes formula-starting text with ' ; Parquet and SQLite keep it as is."""
    bad = "=cmd|' /C calc'!A0"
    rec = record(1, agency=bad)
    rec["cells"] = {"applications": {"new": {"total": {"raw": "-1", "page": 1}}}}
    status = [{"path": "@evil.pdf", "sha256": "s", "status": "not_pdf", "message": "+x", "seconds": 0.0}]
    write_dataset(tmp_path, [(rec, "ok")], status)
    for name in ("values.csv", "reports.csv", "status.csv"):
        with open(tmp_path / name, newline="", encoding="utf-8-sig") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert cell[:1] not in set("=+-@\t\r"), (name, cell)
    with open(tmp_path / "reports.csv", newline="", encoding="utf-8-sig") as fh:
        assert next(csv.DictReader(fh))["agency"] == "'" + bad
    with open(tmp_path / "values.csv", newline="", encoding="utf-8-sig") as fh:
        assert {r["raw"] for r in csv.DictReader(fh)} >= {"'-1"}
    assert pq.read_table(tmp_path / "reports.parquet").column("agency").to_pylist() == [bad]
    with sqlite3.connect(tmp_path / "reports.sqlite") as db:
        assert db.execute("SELECT agency FROM reports").fetchone()[0] == bad
        assert db.execute("SELECT path, message FROM status").fetchone() == ("@evil.pdf", "+x")
    data = dataset.load(tmp_path)  # and our own readers undo it
    assert list(data.status["path"]) == ["@evil.pdf"] and list(data.status["message"]) == ["+x"]
    assert dataset.read_status(tmp_path)[0]["path"] == "@evil.pdf"
    assert json.loads((tmp_path / "records.jsonl").read_text(encoding="utf-8"))["agency"] == bad


def test_parse_tidy_csv_is_neutralised_too(tmp_path):
    rec = record(1, agency="=1+1")
    write_tidy_csv([rec], tmp_path / "v.csv")
    with open(tmp_path / "v.csv", newline="", encoding="utf-8-sig") as fh:
        assert {r["agency"] for r in csv.DictReader(fh)} == {"'=1+1"}


@pytest.mark.parametrize("text", [*FORMULAS, "", "'", "''", "plain", "中文", "'-"])
def test_neutralising_is_reversible(text):
    assert uncsv_cell(csv_cell(text)) == text
    assert str(csv_cell(text))[:1] not in set("=+-@\t\r")
