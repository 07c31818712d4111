"""notebooks/compare.ipynb runs from top to bottom (so it never rots)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "compare.ipynb"


def test_compare_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTPARSE_NOTEBOOK_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert " files: " in text  # the batch summary
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the chart
    assert " printed as: " in text  # one agency across years, by agency_id
    # status, reports, one agency by year, its cross-year checks, one year's agencies, search hits, DuckDB
    assert sum("text/html" in o.get("data", {}) for o in outputs) >= 7
    assert (tmp_path / "out" / "values.parquet").exists()
