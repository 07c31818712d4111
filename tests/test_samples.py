"""The sample PDFs made by samples/make_samples.py: their truth, and the frozen golden records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from truth import reading_differences

import reportparse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).parent / "golden"
PDFS = sorted(SAMPLES.glob("*.pdf"))
INPUTS = PDFS + [SAMPLES / "guyuan-hpf-2021.txt"]


def stable(record: dict) -> dict:
    """The record without what depends on where the file lies."""
    record = json.loads(json.dumps(record, ensure_ascii=False))
    record["source"]["path"] = Path(record["source"]["path"]).name
    return record


@pytest.fixture(scope="module", params=[p.name for p in INPUTS])
def parsed(request):
    return request.param, reportparse.parse(SAMPLES / request.param).to_dict()


def test_samples_exist():
    assert len(PDFS) >= 3, "run `python samples/make_samples.py`"


@pytest.mark.parametrize("name", [p.name for p in PDFS])
def test_matches_truth(name):
    record = reportparse.parse(SAMPLES / name).to_dict()
    truth_path = SAMPLES / f"{Path(name).stem}.truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    assert reading_differences(record, truth) == []


def test_matches_golden(parsed):
    """Golden records were written by the code, checked by a person against the page, then frozen.

    After a deliberate change: ``python tests/test_samples.py --regenerate``, then check the diff by eye.
    """
    name, record = parsed
    golden = GOLDEN / f"{name}.json"
    assert golden.exists(), f"no golden record for {name}"
    assert stable(record) == json.loads(golden.read_text(encoding="utf-8"))


def regenerate() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for path in INPUTS:
        record = stable(reportparse.parse(path).to_dict())
        (GOLDEN / f"{path.name}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print("wrote", GOLDEN / f"{path.name}.json")


if __name__ == "__main__":
    import sys

    if "--regenerate" in sys.argv:
        regenerate()
