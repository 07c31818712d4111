"""Compare a record with a hand-checked ``.truth.json`` (the shape ../shared/corpus uses)."""

from __future__ import annotations

import json
from pathlib import Path


def cell_differences(record: dict, truth: dict) -> list[str]:
    """Every table cell where the record and the truth disagree, as readable lines."""
    out = []
    for table, rows in truth["tables"].items():
        got_rows = record["tables"].get(table)
        if got_rows is None:
            out.append(f"{table}: missing")
            continue
        for row, cols in rows.items():
            got = got_rows.get(row)
            if cols is None or got is None:
                if cols != got:
                    out.append(f"{table}.{row}: truth {cols} got {got}")
                continue
            for col, value in cols.items():
                if got.get(col) != value:
                    out.append(f"{table}.{row}.{col}: truth {value!r} got {got.get(col)!r}")
    return out


def failed_rules(record: dict) -> set[str]:
    return {c["rule"] for c in record["checks"] if c["ok"] is False}


def broken_rules(truth: dict) -> set[str]:
    return {b["rule"] for b in truth.get("broken_relations") or []}


def agency_ok(record: dict, truth: dict) -> bool:
    return record["agency"] in {truth["agency"], *truth.get("agency_aliases", [])}


def identity_differences(record: dict, truth: dict) -> list[str]:
    """Where the record's agency, year, template, title, region, format and id differ from the truth's."""
    out = [] if agency_ok(record, truth) else [f"agency: {record['agency']!r}"]
    for key in ("year", "template", "title", "region", "report_id"):
        if record[key] != truth[key]:
            out.append(f"{key}: {record[key]!r} != {truth[key]!r}")
    if record["source"]["format"] != truth["source"]["format"]:
        out.append(f"format: {record['source']['format']!r} != {truth['source']['format']!r}")
    return out


def section_texts(record: dict) -> dict[str, str]:
    return {s["key"]: "".join(s["text"].split()) for s in record["sections"]}


def section_differences(record: dict, truth: dict) -> list[str]:
    """Every section whose text (spaces aside) differs from the truth's, as readable lines."""
    got = section_texts(record)
    out = []
    for sec in truth["sections"]:
        want = "".join(sec["text"].split())
        if got.get(sec["key"]) != want:
            out.append(f"section {sec['key']}: {got.get(sec['key'])!r} != {want!r}")
    return out


def reading_differences(record: dict, truth: dict) -> list[str]:
    """What a sample's record gets otherwise than its truth: cells, agency and year, failed checks, title,
    preamble and section text (spaces aside), as readable lines; [] when it reads as the page."""
    out = cell_differences(record, truth)
    if not agency_ok(record, truth) or record["year"] != truth["year"]:
        out.append(f"identity: {record['agency']!r} {record['year']} != {truth['agency']!r} {truth['year']}")
    if failed_rules(record) != broken_rules(truth):
        out.append(f"checks failed: {sorted(failed_rules(record))} != {sorted(broken_rules(truth))}")
    for key in ("title", "preamble"):
        if record[key] != truth[key]:
            out.append(f"{key}: {record[key]!r} != {truth[key]!r}")
    return out + section_differences(record, truth)


def parsed_case(folder: Path, truth_name: str) -> tuple[dict, dict]:
    """The record of the file a ``.truth.json`` in ``folder`` describes, and that truth."""
    import reportparse

    truth = json.loads((folder / truth_name).read_text(encoding="utf-8"))
    return reportparse.parse(folder / truth["file"]).to_dict(), truth
