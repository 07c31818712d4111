"""The dataset opens in Datasette as the README says (in-process client: no server, no network)."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path

import pytest

from reportparse.export.dataset import write_dataset

datasette_app = pytest.importorskip("datasette.app", reason="datasette is in the test extra: pip install -e '.[test]'")

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("datasette")
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
    later = copy.deepcopy(records[0])
    later.update(report_id="e" * 16, year=later["year"] + 1)
    write_dataset(out, [(r, "ok") for r in [*records, later]], [])
    return out


def get_all(out: Path, *paths: str) -> list:
    async def run():
        metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
        ds = datasette_app.Datasette([str(out / "reports.sqlite")], metadata=metadata)
        await ds.invoke_startup()
        responses = []
        for path in paths:
            r = await ds.client.get(path)
            assert r.status_code == 200, (path, r.status_code, r.text[:300])
            responses.append(r.json())
        return responses

    return asyncio.run(run())


def test_tables_load(out):
    (db,) = get_all(out, "/reports.json")
    names = {t["name"]: t for t in db["tables"]}
    assert {"reports", "cell_values", "warnings", "checks", "sections", "keywords", "cross_year", "status",
            "sections_fts"} <= set(names)
    for name in ("reports", "cell_values", "checks", "sections", "keywords", "cross_year"):
        assert names[name]["count"] > 0, name
    assert names["sections_fts"]["fts_table"] == "sections_fts"  # sections is wired to it by metadata.json


def test_the_search_box_finds_依申请公开(out):
    says = set()
    for p in GOLDEN.glob("*.json"):
        r = json.loads(p.read_text(encoding="utf-8"))
        if any("依申请公开" in s["text"] for s in r["sections"]):
            says.add(r["report_id"])
    assert says
    rows, fts_rows = get_all(
        out,
        "/reports/sections.json?_search=依申请公开&_shape=array&_size=max",
        "/reports/sections_fts.json?_search=依申请公开&_shape=array&_size=max",
    )
    assert {r["report_id"] for r in rows} >= says and rows
    assert all("依申请公开" in r["text"] for r in rows)  # the original text, not the segmented one
    assert {r["report_id"] for r in fts_rows} == {r["report_id"] for r in rows}


def test_facets_and_descriptions(out):
    reports, values, meta = get_all(
        out,
        "/reports/reports.json?_facet=year&_facet=agency_kind&_shape=objects",
        "/reports/cell_values.json?table_key=applications&row_key=new&column_key=total&_shape=array",
        "/-/metadata.json",
    )
    facets = reports["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    assert {"year", "agency_kind"} <= set(facets)
    assert len(values) == len(list(GOLDEN.glob("*.json"))) + 1
    assert values[0]["row_label"] == "一、本年新收政府信息公开申请数量"
    described = meta["databases"]["reports"]["tables"]["reports"]["columns"]
    assert "机关" in described["agency_id"]
