"""The whole record as tables (issue 10): written from golden records, no PDF parsed."""

from __future__ import annotations

import copy
import csv
import json
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reportparse.export.dataset import OUTPUT_FILES, RECORD_TABLES, load_table, write_dataset
from reportparse.export.record_tables import VALUE_COLUMNS

GOLDEN = Path(__file__).parent / "golden"
TABLES = ("cell_values", "reports", "warnings", "checks", "sections", "keywords", "cross_year", "status")


def golden(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def next_year(record: dict, agency: str, carried_over: dict) -> dict:
    """The same agency a year later, under another spelling, with another file."""
    r = copy.deepcopy(record)
    r.update(report_id="f" * 16, agency=agency, year=record["year"] + 1)
    r["tables"]["applications"]["carried_over"] = carried_over
    return r


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    out = tmp_path_factory.mktemp("dataset")
    a = golden("layout-word-2022.pdf")  # 杭州市西湖区人民政府办公室 2022
    forward = a["tables"]["applications"]["carried_forward"]
    b = next_year(a, "西湖区政府办公室", {**forward, "total": forward["total"] + 1})  # 2023, one number off
    b["warnings"] = [{"code": "label_variant", "message": "printed '2.其他法律行政止公开'", "page": 3}]
    c = golden("guyuan-hpf-2021.txt")
    records = [a, b, c]
    write_dataset(out, [(r, "ok") for r in records], [{"path": "x.pdf", "status": "ok"}])
    db = sqlite3.connect(out / "reports.sqlite")
    yield {"out": out, "db": db, "records": records}
    db.close()


def test_every_file_is_written(ds):
    for name in OUTPUT_FILES:
        assert (ds["out"] / name).exists(), name
    for name in RECORD_TABLES:
        assert (ds["out"] / f"{name}.parquet").exists() and (ds["out"] / f"{name}.csv").exists()


def test_one_agency_id_across_spellings(ds):
    rows = ds["db"].execute("SELECT agency, year, agency_id, agency_kind, level FROM reports ORDER BY year").fetchall()
    by_agency = {r[0]: r[2:] for r in rows}
    assert by_agency["杭州市西湖区人民政府办公室"] == by_agency["西湖区政府办公室"] == (
        "330106-人民政府办公室", "政府办公厅/室", "county")
    assert by_agency["固原市住房公积金管理中心"] == ("640400-住房公积金管理中心", "事业单位", "city")


def test_records_carry_the_identity_after_the_agency(ds):
    lines = (ds["out"] / "records.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    keys = list(record)
    assert keys[keys.index("agency") + 1 : keys.index("agency") + 4] == ["agency_id", "agency_kind", "level"]
    assert record["agency_id"] == "330106-人民政府办公室"


def test_every_name_works_unquoted_in_sqlite_and_duckdb(ds):
    db = ds["db"]
    duck = duckdb.connect()
    for table in TABLES:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        assert columns, table
        db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]} LIMIT 1").fetchall()
        duck.register(table, pd.read_sql(f"SELECT * FROM {table}", db))
        # cross_year.column is the name (fine unquoted in SQLite; DuckDB reserves it, as in values.parquet)
        cols = [c if (table, c) != ("cross_year", "column") else '"column"' for c in columns]
        duck.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {cols[0]}").fetchall()
    n = db.execute("SELECT count(*) FROM cell_values WHERE table_key = 'applications' AND row_key = 'new'"
                   " AND column_key = 'total'").fetchone()[0]
    assert n == 3


def test_the_tidy_view_keeps_the_records_md_names(ds):
    rows = ds["db"].execute("""SELECT agency, year, value FROM tidy WHERE "table" = 'applications'
                               AND row = 'new' AND "column" = 'total' ORDER BY year""").fetchall()
    assert [r[1] for r in rows] == [2021, 2022, 2023]


def indexed(db, table) -> set[tuple[str, ...]]:
    return {
        tuple(c for (_, _, c) in db.execute(f"PRAGMA index_info({i[1]})"))
        for i in db.execute(f"PRAGMA index_list({table})")
    }


def test_keys_and_indexes(ds):
    db = ds["db"]
    assert {("report_id",), ("agency_id",), ("year",), ("table_key", "row_key", "column_key")} <= indexed(
        db, "cell_values")
    assert {("report_id",), ("agency_id",), ("year",)} <= indexed(db, "reports")
    for table in ("warnings", "checks", "sections", "keywords"):
        assert ("report_id",) in indexed(db, table)
    plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM cell_values WHERE table_key = 'applications' "
                      "AND row_key = 'new' AND column_key = 'total'").fetchall()
    assert "cell_values_key" in plan[0][3]


def test_values_have_labels_notes_boxes_and_integers(ds):
    v = load_table(ds["out"], "values")
    assert list(v.columns) == list(VALUE_COLUMNS)
    new = v[(v["table"] == "applications") & (v["row"] == "new") & (v["column"] == "total")
            & (v["year"] == 2022)].iloc[0]
    assert new["row_label"] == "一、本年新收政府信息公开申请数量"
    assert new["column_label"] == "总计" and new["table_label"] == "收到和处理政府信息公开申请情况"
    assert new["value_int"] == 310 and str(v["value_int"].dtype) == "Int64"
    assert [new["x0"], new["top"], new["x1"], new["bottom"]] == [502.6, 697.5, 532.6, 717.5]
    assert new["page"] == 3 and new["raw"] == "310"
    fees = v[(v["row"] == "fees") & (v["year"] == 2022)].iloc[0]
    assert fees["value"] == 236.18 and pd.isna(fees["value_int"]) and fees["column_label"].startswith("本年收费金额")
    denied = v[(v["row"] == "denied_three_safeties") & (v["column"] == "total")].iloc[0]
    assert denied["row_label"] == "三（三）3.危及“三安全一稳定”"
    review = v[(v["table"] == "review_litigation") & (v["row"] == "litigation_direct")].iloc[0]
    assert review["row_label"] == "未经复议直接起诉"
    assert v["agency_id"].notna().all()


def test_values_csv_prints_integers_as_integers(ds):
    with open(ds["out"] / "values.csv", newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    new = next(r for r in rows if r["row"] == "new" and r["column"] == "total" and r["year"] == "2022")
    assert new["value"] == "310" and new["value_int"] == "310"


def test_a_note_printed_in_a_cell_is_kept(tmp_path):
    r = golden("layout-word-2022.pdf")
    r["cells"]["active_disclosure"]["regulations"]["issued"]["note"] = "（其中修订16件）"
    write_dataset(tmp_path, [(r, "ok")], [])
    v = load_table(tmp_path, "values")
    assert v[(v["row"] == "regulations") & (v["column"] == "issued")]["note"].tolist() == ["（其中修订16件）"]


def test_warnings_checks_sections_keywords(ds):
    db = ds["db"]
    a = ds["records"][0]
    rid = a["report_id"]
    assert db.execute("SELECT count(*) FROM checks WHERE report_id = ?", (rid,)).fetchone()[0] == len(a["checks"])
    assert db.execute("SELECT count(*) FROM warnings WHERE report_id = ?", (rid,)).fetchone()[0] == len(a["warnings"])
    failed = db.execute("SELECT n_failed_checks FROM reports WHERE report_id = ?", (rid,)).fetchone()[0]
    assert failed == sum(c["ok"] is False for c in a["checks"])
    assert db.execute("SELECT typeof(ok) FROM checks WHERE ok IS NOT NULL LIMIT 1").fetchone() == ("integer",)
    sections = db.execute("SELECT number, key, heading, text FROM sections WHERE report_id = ? ORDER BY number",
                          (rid,)).fetchall()
    assert [s[1] for s in sections] == [s["key"] for s in a["sections"]]
    assert sections[0][3] == a["sections"][0]["text"]
    assert db.execute("SELECT count(*) FROM keywords WHERE report_id = ?", (rid,)).fetchone()[0] > 0


def test_cross_year_per_column(ds):
    rows = ds["db"].execute("SELECT agency_id, year, next_year, column, ok, detail FROM cross_year").fetchall()
    assert len(rows) == 7 and {r[:3] for r in rows} == {("330106-人民政府办公室", 2022, 2023)}
    by = {r[3]: r for r in rows}
    assert by["total"][4] == 0 and by["total"][5] == "2022 carried_forward = 20 vs 2023 carried_over = 21"
    assert all(by[c][4] == 1 for c in by if c != "total")


def test_full_text_search(ds):
    db = ds["db"]
    says = {r["report_id"] for r in ds["records"] if any("依申请公开" in s["text"] for s in r["sections"])}
    assert says
    found = {r[0] for r in db.execute("SELECT report_id FROM sections_fts WHERE sections_fts MATCH '依申请公开'")}
    assert found == says
    joined = db.execute("""SELECT DISTINCT s.report_id FROM sections s
                           JOIN sections_fts f ON f.rowid = s.rowid WHERE sections_fts MATCH '依申请公开'""")
    assert {r[0] for r in joined} == says


def test_datasette_metadata(ds):
    meta = json.loads((ds["out"] / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["reports"]["tables"]
    assert tables["sections"]["fts_table"] == "sections_fts" and tables["sections"]["fts_pk"] == "rowid"
    assert {"year", "province", "agency_kind"} <= set(tables["reports"]["facets"])
    assert "code" in tables["warnings"]["facets"]
    assert "本年新收" in tables["reports"]["columns"]["applications_new"]
    db_tables = {r[0] for r in ds["db"].execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert set(tables) <= db_tables


@pytest.mark.parametrize("name", ["values", "reports", *RECORD_TABLES])
def test_parquet_loads_with_pandas_and_duckdb(ds, name):
    frame = load_table(ds["out"], name)
    path = ds["out"] / f"{name}.parquet"
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{path}'").fetchone()[0] == len(frame) > 0


def test_columns_and_csv_text_are_each_value_cleaned_and_neutralised():
    """The writer checks a column at a time whether its values need cleaning or a CSV quote: the same
    columns and CSV text as cleaning and neutralising every value, whatever the values are."""
    import csv
    import io

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reportparse.export import dataset
    from reportparse.export.tidy import csv_cell

    def one_by_one(rows, name):
        columns = [[clean(r.get(c)) for r in rows] for c, clean in dataset._cleaners(name)]
        text = io.StringIO()
        csv.writer(text).writerows(["" if v is None else csv_cell(v) for v in row] for row in zip(*columns))
        return [columns, text.getvalue()]

    text = st.text(alphabet=st.sampled_from(["a", "中", "'", "=", "+", "-", "@", "\t", "\r", "\n", "\0", ",", '"',
                                             "\udcff", " "]), max_size=6)
    value = (st.none() | text | st.booleans() | st.integers(-(2**64), 2**64) | st.floats()
             | st.integers(-3, 3) | st.floats(-3, 3))
    columns = dataset._schemas()["keywords"].names + dataset._schemas()["checks"].names

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(["keywords", "checks", "values"]), st.lists(
        st.dictionaries(st.sampled_from([*columns, "value", "year", "x0"]), value), max_size=5))
    def check(name, rows):
        assert dataset._columnar(rows, name) == one_by_one(rows, name)

    check()


@pytest.mark.parametrize("kind", ["string", "int64", "float64", "bool"])
def test_arrow_arrays_from_buffers_equal_pyarrows_own(kind):
    """The writer makes its Arrow arrays from buffers (pyarrow's conversion imports pandas): the same arrays,
    nulls, NaN, -0.0 and empty text included, and what pyarrow itself refuses is still refused."""
    import math

    import pyarrow as pa
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reportparse.export.dataset import _arrow_array

    values = {
        "string": st.text(),
        "int64": st.integers(-(2**63), 2**63 - 1),
        "float64": st.floats() | st.integers(-(2**53), 2**53),
        "bool": st.booleans(),
    }[kind]
    type_ = getattr(pa, kind if kind != "bool" else "bool_")()

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.none() | values, max_size=30))
    def check(column):
        made, expected = _arrow_array(column, type_), pa.array(column, type=type_)
        assert made.type == expected.type and made.null_count == expected.null_count
        for a, b in zip(made.to_pylist(), expected.to_pylist(), strict=True):
            assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
            assert not isinstance(a, float) or math.copysign(1, a) == math.copysign(1, b)
        made.validate(full=True)

    check()
    if kind == "float64":
        with pytest.raises(pa.ArrowInvalid):
            _arrow_array([2**60 + 1], type_)


def test_rows_encoded_for_the_journal_read_back_whole():
    """A worker's rows go through the journal as one ASCII line (marshal, zlib, base64, a prefix naming the
    Python): read back the same; an earlier version's JSON line still reads; another Python's is refused
    (the batch then makes the rows again from the record)."""
    import base64
    import json
    import zlib

    import marshal

    from reportparse.export.dataset import decode_rows, encode_rows, pack_rows, rows_line, unpack_rows

    rows = {"record": '{"a": "\\t中"}', "values": [[["x", None, 1.5, -0.0, 2**70, True]], "x,,1.5\r\n"],
            "fts": ["政府 信息"], "carry": None, "path": "a\udcffb"}
    line = encode_rows(rows)
    assert line.isascii() and b"\t" not in line and b"\n" not in line
    assert decode_rows(line) == rows
    packed = pack_rows(rows)  # what a batch's worker sends: its parent makes the same line of it, and loads it
    assert rows_line(packed) == line and unpack_rows(packed) == rows and len(packed) < len(marshal.dumps(rows))
    old = {k: v for k, v in rows.items() if k != "path"}
    assert decode_rows(base64.b64encode(zlib.compress(json.dumps(old).encode(), 1))) == old
    for bad in (b"m2.7:" + line.split(b":", 1)[1], line[:-20], b"not rows"):
        with pytest.raises(ValueError):
            decode_rows(bad)


def test_one_report_given_twice_still_makes_a_readable_database(tmp_path):
    """Not expected (a batch writes a duplicate as a status row), but a writer given one report twice keeps
    both rows and finishes a database SQLite can read: its report_id index is then not unique."""
    r = golden("layout-word-2022.pdf")
    write_dataset(tmp_path, [(r, "ok"), (copy.deepcopy(r), "ok")], [])
    db = sqlite3.connect(tmp_path / "reports.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM reports WHERE report_id = ?", (r["report_id"],)).fetchone() == (2,)
        unique = {name: u for _, name, u, *_ in db.execute("PRAGMA index_list(reports)")}
        assert unique["reports_report_id"] == 0
    finally:
        db.close()


def test_the_report_id_index_is_unique_where_each_report_is_once(ds):
    unique = {name: u for _, name, u, *_ in ds["db"].execute("PRAGMA index_list(reports)")}
    assert unique["reports_report_id"] == 1


def test_a_column_with_one_value_per_report_is_stored_as_if_bound(tmp_path):
    """_Table writes a column that holds one value in every row of a report into the INSERT as a literal:
    what SQLite stores must be what binding the value stores, whatever the value (a quote, a NUL, a float,
    a bool, an int over 64 bits, None), and a report of few rows is simply bound."""
    import pyarrow as pa

    from reportparse.export import dataset

    schema = pa.schema([("s", pa.string()), ("i", pa.int64()), ("f", pa.float64()), ("b", pa.bool_()),
                        ("n", pa.string()), ("v", pa.string())])
    reports = [
        ["it's 局", 7, 1.5, True, None],
        ["a\0b", -(2**63), 0.1, False, "x"],
        ["'; DROP TABLE t; --", 2**63 - 1, float("inf"), None, "x"],
        ["\ud800", None, None, None, None],  # not valid Unicode: bound, and SQLite's own error if any
    ]
    sizes = [dataset._LITERAL_FROM, dataset._LITERAL_FROM + 5, 3, dataset._LITERAL_FROM]
    db = sqlite3.connect(tmp_path / "t.sqlite")
    table = dataset._Table("t", schema, tmp_path, db)
    reference = sqlite3.connect(":memory:")
    reference.execute("CREATE TABLE t (s TEXT, i INTEGER, f REAL, b INTEGER, n TEXT, v TEXT)")
    for (s, i, f, b, n), size in zip(reports, sizes, strict=True):
        columns = [[s] * size, [i] * size, [f] * size, [b] * size, [n] * size, [str(k) for k in range(size)]]
        try:
            reference.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", zip(*columns, strict=True))
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                table.add(columns, "")
            continue
        table.add(columns, "")
    table.close()
    query = "SELECT s, typeof(s), i, typeof(i), f, typeof(f), b, typeof(b), n, typeof(n), v FROM t ORDER BY rowid"
    got, want = db.execute(query).fetchall(), reference.execute(query).fetchall()
    assert len(want) == sum(sizes[:3])
    assert got == want
    assert dataset._sql_literal("it's") == "'it''s'" and dataset._sql_literal(2**63) is None
    assert dataset._sql_literal(True) is None and dataset._sql_literal(1.5) is None
    assert dataset._sql_literal("字" * 400_000) is None  # a statement of it would pass SQLite's 1,000,000 bytes
    db.close()
