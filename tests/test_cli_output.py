"""``reportparse parse`` outputs through the real CLI: format by extension, stdin/stdout, and write errors
(an unwritable path, a folder as -o, a full disk) that end in one line, exit 4 and nothing half-written."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from reportparse.export.tidy import TIDY_COLUMNS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED = SAMPLES / "guyuan-hpf-2021.txt"
PDF = SAMPLES / "layout-word-2022.pdf"
EXIT_OUTPUT = 4


def run(*args, cwd=None, input=None, code=None):
    """The CLI in a subprocess (``python -m reportparse``); ``code`` runs before main (e.g. a setrlimit)."""
    argv = list(map(str, args))
    if code:
        cmd = [sys.executable, "-c", f"import sys\n{code}\nfrom reportparse.cli import main\nsys.exit(main({argv!r}))"]
    else:
        cmd = [sys.executable, "-m", "reportparse", *argv]
    return subprocess.run(cmd, capture_output=True, timeout=300, cwd=cwd, input=input, check=False)


def one_line_error(proc, *words):
    err = proc.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err
    return err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ format by extension
def test_one_file_to_json_is_an_object_and_several_an_array(tmp_path):
    one, three = tmp_path / "one.json", tmp_path / "three.json"
    assert run("parse", SEED, "-o", one).returncode == 0
    assert json.loads(one.read_text(encoding="utf-8"))["agency"] == "固原市住房公积金管理中心"
    proc = run("parse", SEED, PDF, SEED, "-o", three)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(three.read_text(encoding="utf-8"))  # json.load reads it: not JSON Lines
    assert isinstance(records, list) and len(records) == 3
    assert [r["source"]["format"] for r in records] == ["text", "pdf", "text"]


def test_jsonl_csv_and_parquet_by_extension(tmp_path):
    proc = run("parse", SEED, "-o", tmp_path / "r.jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["year"] == 2021

    assert run("parse", SEED, "-o", tmp_path / "v.csv").returncode == 0
    with open(tmp_path / "v.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == TIDY_COLUMNS and len(rows) == 200

    assert run("parse", SEED, "-o", tmp_path / "v.parquet").returncode == 0
    table = pq.read_table(tmp_path / "v.parquet")
    assert tuple(table.column_names) == TIDY_COLUMNS and table.num_rows == 200


def test_format_overrides_the_extension_and_an_unknown_extension_is_refused(tmp_path):
    assert run("parse", SEED, "-o", tmp_path / "out.txt", "--format", "jsonl").returncode == 0
    assert json.loads((tmp_path / "out.txt").read_text(encoding="utf-8"))["year"] == 2021
    proc = run("parse", SEED, "-o", tmp_path / "out.xlsx")
    assert proc.returncode == 2
    one_line_error(proc, "out.xlsx", "--format")
    assert not (tmp_path / "out.xlsx").exists()


def test_tidy_follows_its_extension(tmp_path):
    proc = run("parse", SEED, "-o", tmp_path / "r.json", "--tidy", tmp_path / "values.parquet")
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(tmp_path / "values.parquet").num_rows == 200
    proc = run("parse", SEED, "-o", tmp_path / "r.json", "--tidy", "-")
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8-sig").startswith(",".join(TIDY_COLUMNS))


# ------------------------------------------------------------------ stdin and stdout
def test_stdin_is_sniffed_and_stdout_is_a_dash_not_a_file(tmp_path):
    proc = run("parse", "-", "-o", "-", input=SEED.read_bytes(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["agency"] == "固原市住房公积金管理中心" and record["source"]["path"] == "-"
    assert not (tmp_path / "-").exists()
    proc = run("parse", "-", "--format", "parquet", input=PDF.read_bytes(), cwd=tmp_path)  # PDF bytes, no name
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(io.BytesIO(proc.stdout)).num_rows > 100
    assert list(tmp_path.iterdir()) == []


def test_bad_stdin_names_stdin_not_a_temporary_file():
    proc = run("parse", "-", input=b"\x00\x01\x02 binary" * 50)
    assert proc.returncode == 1
    err = one_line_error(proc, "<stdin>")
    assert "reportparse-stdin" not in err and "/tmp" not in err


# ------------------------------------------------------------------ write errors
def test_a_folder_as_output_is_one_line_and_exit_4(tmp_path):
    (tmp_path / "out").mkdir()
    proc = run("parse", SEED, "-o", tmp_path / "out")
    assert proc.returncode == EXIT_OUTPUT
    one_line_error(proc, str(tmp_path / "out"), "folder", "records.json")
    assert list((tmp_path / "out").iterdir()) == []


def test_an_output_below_a_file_is_one_line_and_exit_4(tmp_path):
    (tmp_path / "file").write_text("x")
    proc = run("parse", SEED, "-o", tmp_path / "file" / "out.json", "--tidy", tmp_path / "v.csv")
    assert proc.returncode == EXIT_OUTPUT
    one_line_error(proc, "file", "not a folder")
    assert not (tmp_path / "v.csv").exists()  # nothing written when one output cannot be


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write into: a chmod'ed one, or for root a read-only /sys."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return folder
    (folder / "probe").unlink()
    if Path("/sys").is_dir() and _unwritable(Path("/sys")):  # root writes anywhere but a read-only mount
        return Path("/sys")
    pytest.skip("no unwritable folder here (root, and /sys is writable)")


def _unwritable(folder: Path) -> bool:
    try:
        (folder / "reportparse-probe").write_text("x")
    except OSError:
        return True
    (folder / "reportparse-probe").unlink()
    return False


def test_an_unwritable_output_is_one_line_and_exit_4(tmp_path):
    target = _read_only_folder(tmp_path) / "out.json"
    try:
        proc = run("parse", SEED, "-o", target)
        assert proc.returncode == EXIT_OUTPUT
        one_line_error(proc, str(target), "permission denied", "choose a folder")
        assert not target.exists()
    finally:
        (tmp_path / "ro").chmod(0o700)


def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    limit = "import resource\nresource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))"  # the record is ~50 kB
    proc = run("parse", SEED, "-o", target, code=limit)
    assert proc.returncode == EXIT_OUTPUT
    one_line_error(proc, str(target), "disk is full")
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert leftovers(tmp_path) == []


def test_a_written_file_has_ordinary_permissions(tmp_path):
    assert run("parse", SEED, "-o", tmp_path / "r.json").returncode == 0
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o666 & ~mask  # not the 0600 of a temporary file
