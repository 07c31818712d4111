"""Cross-year checks: carried_forward of year N against carried_over of year N+1, per column."""

from __future__ import annotations

from reportparse.crossyear import COLUMNS, CROSS_YEAR_COLUMNS, carry_entry, cross_year_rows


def record(rid, year, over, forward, agency="洪泽区人民政府"):
    def row(v):
        return None if v is None else {c: (v.get(c) if isinstance(v, dict) else v) for c in COLUMNS}

    apps = {k: row(v) for k, v in (("carried_over", over), ("carried_forward", forward)) if v != "absent"}
    return {"report_id": rid, "agency": agency, "year": year, "tables": {"applications": apps}}


def rows_of(*pairs):
    return cross_year_rows(carry_entry(r, aid) for r, aid in pairs)


def test_consecutive_years_per_column():
    a = record("a", 2023, 0, {"natural_person": 2, "total": 3, "commercial": 1})
    b = record("b", 2024, {"natural_person": 2, "total": 4, "commercial": 1}, 0)
    rows = rows_of((a, "x"), (b, "x"))
    assert [r["column"] for r in rows] == list(COLUMNS) and len(COLUMNS) == 7
    by = {r["column"]: r for r in rows}
    assert by["natural_person"]["ok"] is True
    assert by["total"]["ok"] is False
    assert by["total"]["detail"] == "2023 carried_forward = 3 vs 2024 carried_over = 4"
    assert by["research"]["ok"] is None and "blank" in by["research"]["detail"]
    assert {(r["agency_id"], r["year"], r["next_year"], r["report_id"], r["next_report_id"]) for r in rows} == {
        ("x", 2023, 2024, "a", "b")}
    assert set(rows[0]) == set(CROSS_YEAR_COLUMNS)


def test_only_consecutive_years_of_one_agency():
    rows = rows_of(
        (record("a", 2021, 0, 0), "x"), (record("b", 2023, 0, 0), "x"),  # a gap
        (record("c", 2022, 0, 0), "y"),  # another agency
        (record("d", 2022, 0, 0), None),  # no identity
    )
    assert rows == []


def test_a_row_not_read_is_not_assessable():
    rows = rows_of((record("a", 2023, 0, "absent"), "x"), (record("b", 2024, 5, 0), "x"))
    assert {r["ok"] for r in rows} == {None}
    assert rows[0]["detail"] == "2023 carried_forward: row not read"


def test_three_years_two_pairs_in_order():
    rows = rows_of(
        (record("c", 2024, 1, 0), "x"), (record("a", 2022, 0, 1), "x"), (record("b", 2023, 1, 1), "x"))
    assert [(r["year"], r["next_year"]) for r in rows[:: len(COLUMNS)]] == [(2022, 2023), (2023, 2024)]
    assert all(r["ok"] for r in rows)


def test_floats_and_ints_compare_by_value():
    rows = rows_of((record("a", 2023, 0, 2), "x"), (record("b", 2024, 2.0, 0), "x"))
    assert all(r["ok"] is True for r in rows)
    assert rows[0]["detail"] == "2023 carried_forward = 2 vs 2024 carried_over = 2"
