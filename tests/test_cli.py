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


# ------------------------------------------------------------------ python -m, help, saying what happened
def test_python_m_reportparse_is_the_command():
    proc = subprocess.run([sys.executable, "-m", "reportparse", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("reportparse ")


def test_every_help_ends_with_examples():
    from reportparse.cli import build_parser, subcommand_parsers

    parser = build_parser()
    for name, sub in {"reportparse": parser, **subcommand_parsers(parser)}.items():
        last = sub.format_help().rstrip().split("\n\n")[-1].split("\n")
        assert last[0] == "examples:", name  # the help ends with them
        assert any(line.lstrip().startswith(("reportparse", "python -m reportparse")) for line in last[1:]), name


WPS = SAMPLES / "layout-wps-2023.pdf"  # a label typo and a failing relation


def run_on_terminal(*args):
    """The CLI with stderr on a pseudo-terminal, as a person at a shell sees it; returns (exit, stderr)."""
    import os
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "reportparse", *map(str, args)], stdout=subprocess.PIPE,
                              stderr=slave, timeout=300, check=False)
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_terminal_gets_one_summary_line_per_file(tmp_path):
    code, err = run_on_terminal("parse", WPS, SEED, "-o", tmp_path / "two.json")
    assert code == 0
    lines = err.strip().split("\n")
    assert len(lines) == 2, err
    assert "大名县人民政府 2023" in lines[0] and "template 2021" in lines[0]
    assert "197/200 cells with values" in lines[0]  # three printed blank
    assert "warnings: label_variant" in lines[0] and "1 failed" in lines[0]
    assert "固原市住房公积金管理中心 2021" in lines[1] and "warnings: none" in lines[1] and "0 failed" in lines[1]


def test_quiet_silences_the_summary_and_a_pipe_gets_it_only_with_verbose(tmp_path):
    code, err = run_on_terminal("parse", SEED, "-q", "-o", tmp_path / "r.json")
    assert code == 0 and err == ""
    assert run("parse", SEED, "-o", tmp_path / "r.json").stderr == ""
    proc = run("parse", WPS, "-v", "-o", tmp_path / "r.json")
    assert "大名县人民政府 2023" in proc.stderr
    assert "warning label_variant (page 3)" in proc.stderr  # -v: every warning and failed check
    assert "failed  review_litigation.review: total ==" in proc.stderr


def test_a_text_dump_parses_without_the_heavy_libraries():
    """A text dump's parse loads none of the libraries only other forms need (numpy alone costs a cold start
    0.05 s): what keeps `reportparse parse dump.txt` in a fresh process near a quarter of a second."""
    code = ("import sys, reportparse; reportparse.parse(sys.argv[1]).to_dict(); "
            "print(' '.join(m for m in ('numpy', 'pandas', 'pyarrow', 'pdfplumber', 'pypdfium2', 'pdfminer', 'jieba', "
            "'lxml', 'docx', 'rapidocr') if m in sys.modules))")
    seed = Path(__file__).resolve().parents[1] / "samples" / "guyuan-hpf-2021.txt"
    out = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_parse_does_not_load_the_batch_machinery(tmp_path):
    """A cold ``parse`` builds the batch command's name only: its module (the pool, the dataset writer, SQLite)
    is loaded where ``batch`` is on the command line."""
    code = ("import sys; from reportparse.cli import main; "
            f"main(['parse', {str(SEED)!r}, '-o', {str(tmp_path / 'r.json')!r}, '-q']); "
            "print('reportparse.batch' in sys.modules, 'reportparse.export.dataset' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["year"] == 2021
