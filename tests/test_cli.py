"""``reportparse parse``: JSON for one file, JSON Lines for several, the tidy CSV."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED = SAMPLES / "guyuan-hpf-2021.txt"
PDF = min(SAMPLES.glob("*.pdf"))


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportparse.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=300, cwd=cwd, check=False)


def test_one_file_is_indented_json_with_chinese_unescaped():
    proc = run("parse", SEED)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("{\n  ")
    assert "固原市住房公积金管理中心" in proc.stdout
    assert json.loads(proc.stdout)["year"] == 2021


def test_several_files_are_json_lines_and_tidy_csv(tmp_path):
    out, tidy = tmp_path / "out.jsonl", tmp_path / "values.csv"
    proc = run("parse", SEED, PDF, "-o", out, "--tidy", tidy)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["format"] for r in records] == ["text", "pdf"]
    with open(tidy, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["report_id", "agency", "year", "province", "city", "county", "template",
                             "table", "row", "column", "value", "raw", "page"]
    per_report = {r["report_id"]: 0 for r in records}
    for row in rows:
        per_report[row["report_id"]] += 1
    assert per_report[records[0]["report_id"]] == 200
    pdf_rows = [r for r in rows if r["report_id"] == records[1]["report_id"]]
    assert all(r["page"] for r in pdf_rows)  # a PDF cell says where it stands


def test_a_bad_file_in_a_list_does_not_lose_the_good_ones(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    proc = run("parse", SEED, bad, "-o", out)
    assert proc.returncode == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert proc.stderr.count("\n") == 1 and "empty.pdf" in proc.stderr
