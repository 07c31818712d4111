"""The batch's dataset folder: every derived file, written in one streaming pass and swapped in atomically.

    OUTDIR/
      records.jsonl     one record per report (records.md), ordered by source path
      values.parquet    the tidy long form (TIDY_COLUMNS), also as values.csv
      reports.parquet   one row per report (REPORT_COLUMNS), also as reports.csv
      status.csv        one row per input path (STATUS_COLUMNS)
      warnings, checks, sections, keywords, cross_year   .parquet and .csv each (export/record_tables.py)
      reports.sqlite    the same tables, values as ``cell_values`` (+ a view ``tidy`` with the tidy names),
                        status, and ``sections_fts`` (full-text index, export/search.py)
      metadata.json     Datasette's metadata: ``datasette reports.sqlite -m metadata.json``

``DatasetWriter`` takes reports and status rows in their final order and
writes every file into a new generation folder, ``OUTDIR/.generations/ID/``.
A report comes in as its ``report_rows``: the columns and CSV text of each
table, made once (in the batch, by the worker that parsed it), so writing is
concatenating: Parquet from column lists, CSV text as made, one executemany
per table and batch.
``commit()`` fsyncs them and swaps the whole set in with one rename: the
symlink ``OUTDIR/.current`` is pointed at the new generation, and each name
above is a symlink to ``.current/NAME``.  So a reader (or a killed run) sees
the old set or the new set, never a mix of the two, and never a half-written
file; the old generation is then removed.  A write that fails (a full disk)
removes the new generation and raises ``OutputError``: the old set stays as
it was and no temporary file is left.  Where symlinks cannot be made (some
Windows set-ups) the files are moved over the old ones one by one instead:
each file whole, the set not atomic.  Memory stays flat: rows are buffered
in bounded batches, never the whole dataset.  The same input gives the same
bytes, which is what makes a resumed batch identical to an uninterrupted one.

CSV files are UTF-8 with a BOM (as ``tidy.write_tidy_csv``), so Excel shows
Chinese, and every text cell that a spreadsheet would run as a formula
(starting with ``= + - @``, TAB or CR) is prefixed with ``'`` (``tidy.csv_cell``;
``read_status`` and ``load`` undo it).  Parquet and SQLite hold the text as it is.
Text that is not valid Unicode (a file name in another encoding, kept by Python
as surrogate escapes) is written readably, its bad bytes as ``\\xNN``.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import marshal
import os
import shutil
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable
from functools import cache
from numbers import Real
from pathlib import Path
from typing import NamedTuple, Self

from reportparse.crossyear import CROSS_YEAR_COLUMNS, CarryEntry, carry_entry, cross_year_rows
from reportparse.export import record_tables as rt
from reportparse.export import search
from reportparse.export.tidy import FORMULA_STARTS, TIDY_COLUMNS, csv_cell, identity, readable, tidy_rows, uncsv_cell

RECORDS, VALUES, REPORTS, STATUS, SQLITE = (
    "records.jsonl",
    "values",
    "reports",
    "status.csv",
    "reports.sqlite",
)
JOURNAL = ".journal.jsonl"  # the batch's append-only log while a run is unfinished (see batch.py)
# the record's other tables (issue 10): name -> columns
RECORD_TABLES = {
    "warnings": rt.WARNING_COLUMNS,
    "checks": rt.CHECK_COLUMNS,
    "sections": rt.SECTION_COLUMNS,
    "keywords": rt.KEYWORD_COLUMNS,
    "cross_year": CROSS_YEAR_COLUMNS,
}
METADATA = "metadata.json"  # Datasette's, beside reports.sqlite
OUTPUT_FILES = (
    RECORDS, "values.parquet", "values.csv", "reports.parquet", "reports.csv", STATUS, SQLITE,
    *(f"{name}.{ext}" for name in RECORD_TABLES for ext in ("parquet", "csv")), METADATA,
)
GENERATIONS = ".generations"  # OUTDIR/.generations/ID/ holds one complete set of OUTPUT_FILES
CURRENT = ".current"  # symlink to the generation readers see; OUTDIR/NAME -> .current/NAME
_WRITING: set[str] = set()  # names of the generations this process is writing: never stale (a batch writes two at once)


class OutputError(OSError):
    """The dataset could not be written (disk full, file too large, no permission).

    The new files were removed; the outputs already in OUTDIR are as they were.
    """

STATUS_COLUMNS = ("path", "sha256", "status", "message", "seconds", "duplicate_of")

# headline column -> (table, row, column) of the record
HEADLINES = {
    "applications_new": ("applications", "new", "total"),
    "applications_results": ("applications", "results_total", "total"),
    "applications_granted": ("applications", "granted", "total"),
    "review_total": ("review_litigation", "review", "total"),
    "litigation_direct_total": ("review_litigation", "litigation_direct", "total"),
    "litigation_after_review_total": ("review_litigation", "litigation_after_review", "total"),
}
REPORT_COLUMNS = (
    "report_id",
    "agency",
    "year",
    "province",
    "city",
    "county",
    "adcode",
    *rt.IDENTITY_COLUMNS,
    "template",
    "title",
    "path",
    "sha256",
    "format",
    "pages",
    "status",
    "n_warnings",
    "n_failed_checks",
    *HEADLINES,
)
_INT_COLUMNS = {"year", "pages", "n_warnings", "n_failed_checks", *HEADLINES}
_INDEXED = ("agency", "year", "province", "city")
_BATCH = 20_000  # rows per Parquet row group / SQLite executemany
_CHUNK = 2_000  # rows buffered as Python values before they become Arrow arrays


class Dataset(NamedTuple):
    """What ``reportparse.load(OUTDIR)`` returns: three pandas DataFrames."""

    values: object
    reports: object
    status: object


def report_row(record: dict, status: str) -> dict:
    """The ``reports`` row of one record."""
    source = record.get("source") or {}
    tables = record.get("tables") or {}
    row = {
        **identity(record),
        **{k: record.get(k) for k in rt.IDENTITY_COLUMNS},
        "title": record.get("title"),
        "path": source.get("path"),
        "sha256": source.get("sha256"),
        "format": source.get("format"),
        "pages": source.get("pages"),
        "status": status,
        "n_warnings": len(record.get("warnings") or ()),
        "n_failed_checks": sum(1 for c in record.get("checks") or () if c.get("ok") is False),
    }
    for name, (table, r, c) in HEADLINES.items():
        row[name] = ((tables.get(table) or {}).get(r) or {}).get(c)
    return row


def _as_int(v) -> int | None:
    if isinstance(v, bool) or not isinstance(v, Real) or not float(v).is_integer():
        return None
    return int(v) if -(2**63) <= v < 2**63 else None


def _as_number(v) -> int | float | None:
    if isinstance(v, bool) or not isinstance(v, Real):
        return None
    return (
        v if isinstance(v, float) or -(2**63) <= v < 2**63 else float(v)
    )  # Parquet and SQLite stop at int64


def _as_bool(v) -> bool | None:
    return v if isinstance(v, bool) else None


def _as_str(v) -> str | None:
    return v if v is None else readable(v if isinstance(v, str) else str(v))


_INT, _FLOAT, _BOOL, _STR = "int64", "float64", "bool", "string"


@cache
def _kinds() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each output table's columns with their kind (_INT, _FLOAT, _BOOL, _STR): what the Parquet schemas are
    made of, and what a worker cleans its rows to without loading pyarrow."""

    def kinds(columns, ints=frozenset(), floats=frozenset(), bools=frozenset()):
        return tuple((c, _INT if c in ints else _FLOAT if c in floats else _BOOL if c in bools else _STR)
                     for c in columns)

    return {
        VALUES: kinds(rt.VALUE_COLUMNS, ints={"year", "page", "value_int"},
                      floats={"value", "x0", "top", "x1", "bottom"}),
        REPORTS: kinds(REPORT_COLUMNS, ints=_INT_COLUMNS),
        "warnings": kinds(rt.WARNING_COLUMNS, ints={"page"}),
        "checks": kinds(rt.CHECK_COLUMNS, bools={"ok"}),
        "sections": kinds(rt.SECTION_COLUMNS, ints={"number"}),
        "keywords": kinds(rt.KEYWORD_COLUMNS, ints={"rank"}, floats={"weight"}),
        "cross_year": kinds(CROSS_YEAR_COLUMNS, ints={"year", "next_year"}, bools={"ok"}),
    }


@cache
def _schemas():
    """Each output table's Parquet schema (``_kinds``)."""
    import pyarrow as pa

    types = {_INT: pa.int64(), _FLOAT: pa.float64(), _BOOL: pa.bool_(), _STR: pa.string()}
    return {name: pa.schema([(c, types[kind]) for c, kind in columns]) for name, columns in _kinds().items()}


def _sqlite_type(field) -> str:
    import pyarrow as pa

    if field.name == "value":
        return "NUMERIC"  # keeps 12 an integer and 3.5 a real
    return {pa.int64(): "INTEGER", pa.float64(): "REAL", pa.bool_(): "INTEGER"}.get(field.type, "TEXT")


class _Table:
    """One tabular output: Parquet + CSV + a SQLite table, fed the columns and CSV text of one report at a time."""

    def __init__(self, name: str, schema, outdir: Path, db: sqlite3.Connection):
        import pyarrow.parquet as pq

        self.name, self.schema, self.db = name, schema, db
        self.columns = schema.names
        self.parquet_path = outdir / f"{name}.parquet"
        self.csv_path = outdir / f"{name}.csv"
        self.parquet = pq.ParquetWriter(self.parquet_path, schema)
        self.csv_fh = open(self.csv_path, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        csv.writer(self.csv_fh).writerow(self.columns)
        self.sql_name = rt.SQL_NAMES.get(name, name)  # SQLite: cell_values, table_key... (unquoted names)
        renames = rt.SQL_RENAMES.get(name, {})
        cols = ", ".join(f'"{renames.get(f.name, f.name)}" {_sqlite_type(f)}' for f in schema)
        db.execute(f'CREATE TABLE "{self.sql_name}" ({cols})')
        self.insert = f'INSERT INTO "{self.sql_name}" VALUES ({", ".join("?" * len(self.columns))})'
        self.sql_columns = ", ".join(f'"{renames.get(c, c)}"' for c in self.columns)
        self.pending: list[list] = [[] for _ in self.columns]  # Python values not yet made Arrow arrays
        self.chunks: list[list] = [[] for _ in self.columns]  # Arrow arrays of _CHUNK rows and more
        self.buffered = 0  # rows in both, not yet in the Parquet file

    def add(self, columns: list[list], csv_text: str) -> None:
        """One report's rows: its cleaned columns (``_columnar``) and the same rows as CSV text.

        CSV and SQLite take them at once (a batch writes while it parses, so little is left for the end);
        Parquet in row groups of _BATCH rows and more.  The rows wait as Python values until there are
        _CHUNK of them, then as Arrow arrays: an array per report and column instead (tens of thousands in
        the tables of a row or two per report) cost ~40 MB per 1,000 reports in C++ objects.
        """
        self.csv_fh.write(csv_text)
        n = len(columns[0])
        if not n:
            return
        self._insert(columns, n)
        for pending, column in zip(self.pending, columns, strict=True):
            pending.extend(column)
        self.buffered += n
        if len(self.pending[0]) >= _CHUNK:
            self._to_arrow()
        if self.buffered >= _BATCH:
            self.flush()

    def _insert(self, columns: list[list], n: int) -> None:
        """One report's rows into SQLite; a column holding one value in every row (cell_values' report id,
        agency, year, region...: 9 of its 23 columns) is written into the statement once instead of bound in
        every row, which takes a third off the batch parent's SQLite time (0.13 to 0.08 s per 200 reports)."""
        literals = [_constant(column, n) if n >= _LITERAL_FROM else None for column in columns]
        bound = [column for column, literal in zip(columns, literals, strict=True) if literal is None]
        if len(bound) in (0, len(columns)):  # every column bound, or none (no row to bind)
            self.db.executemany(self.insert, zip(*columns, strict=True))
            return
        values = ", ".join("?" if literal is None else literal for literal in literals)
        self.db.executemany(f'INSERT INTO "{self.sql_name}" ({self.sql_columns}) VALUES ({values})', zip(*bound))

    def _to_arrow(self) -> None:
        for chunks, pending, f in zip(self.chunks, self.pending, self.schema, strict=True):
            chunks.append(_arrow_array(pending, f.type))
        self.pending = [[] for _ in self.columns]

    def flush(self) -> None:
        if not self.buffered:
            return
        import pyarrow as pa

        if self.pending[0]:
            self._to_arrow()
        # one row group of the chunks as they are (concatenated first, they were held twice for a moment)
        arrays = [pa.chunked_array(chunks, type=f.type) for chunks, f in zip(self.chunks, self.schema, strict=True)]
        self.parquet.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.chunks = [[] for _ in self.columns]
        self.buffered = 0
        # Arrow's allocator keeps what the write freed for later; a batch writes a row group every few
        # hundred reports: handed back, the batch's memory stays flat instead of rising by ~20 MB
        pa.default_memory_pool().release_unused()

    def close(self) -> None:
        self.flush()
        self.parquet.close()
        _close_synced(self.csv_fh)
        _fsync_path(self.parquet_path)


_LITERAL_FROM = 20  # rows of one report from which its constant columns go into the INSERT as literals
_LITERAL_CHARS = 1_000  # longer text is bound: a statement holds at most SQLITE_MAX_SQL_LENGTH (1,000,000 bytes)


def _constant(column: list, n: int) -> str | None:
    """The SQL literal of the one value in every row of ``column`` (``n`` rows); None where they differ or
    the value has no literal."""
    first = column[0]
    return _sql_literal(first) if column[-1] is first and column.count(first) == n else None


def _sql_literal(value) -> str | None:
    """``value`` as an SQL literal that SQLite stores exactly as it would the value bound; None where there
    is no such literal here (a float, a bool, an int over 64 bits, text with a NUL or not valid Unicode)."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value) if -(2**63) <= value < 2**63 else None
    if type(value) is str and len(value) <= _LITERAL_CHARS and "\0" not in value:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return None
        return "'" + value.replace("'", "''") + "'"
    return None


def _arrow_array(values: list, type_):
    """``pa.array(values, type=type_)`` for the cleaned values of one column, made from numpy buffers.

    pyarrow's conversion of Python objects imports pandas (0.5 s, in the batch's parent while its workers
    parse); numpy, which pyarrow loads anyway, does the same work in C: text is joined with NUL, encoded
    once and cut at the NULs.  Values it would not take as they are (text holding a NUL or not valid
    Unicode, an int a float64 does not hold exactly) go to ``pa.array``, which says why.
    """
    import numpy as np
    import pyarrow as pa

    n, nulls = len(values), values.count(None)
    if nulls == n:
        return pa.nulls(n, type_)
    validity, filled = None, values  # the values with every null made "" or 0 (the validity bits keep them null)
    if nulls:
        objects = np.array(values, dtype=object)
        present = objects != None  # noqa: E711  elementwise, not identity
        validity = pa.py_buffer(np.packbits(present, bitorder="little"))
        objects[~present] = "" if type_ == pa.string() else 0
        filled = objects.tolist()
    try:
        if type_ == pa.string():
            text = "\0".join(filled)
            if text.count("\0") != max(n - 1, 0):
                raise ValueError("text holding a NUL")
            raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
            ends = np.append(np.flatnonzero(raw == 0), raw.size)
            offsets = np.zeros(n + 1, dtype=np.int64)
            offsets[1:] = ends - np.arange(n)  # each value ends where its NUL was, less the NULs before it
            if n and offsets[-1] >= 2**31:
                raise OverflowError("more text than a string array holds")
            data = raw[raw != 0] if n > 1 else raw
            buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
        elif type_ == pa.int64():
            buffers = [validity, pa.py_buffer(np.array(filled, dtype=np.int64))]
        elif type_ == pa.float64():
            floats = np.array(filled, dtype=np.float64)
            if (np.abs(floats) > 2**53).any() and any(type(v) is int and abs(v) > 2**53 for v in values):
                raise OverflowError("an int a float64 does not hold exactly")
            buffers = [validity, pa.py_buffer(floats)]
        elif type_ == pa.bool_():
            bits = np.array(filled, dtype=np.bool_)
            buffers = [validity, pa.py_buffer(np.packbits(bits, bitorder="little"))]
        else:
            raise TypeError(type_)
    except (UnicodeEncodeError, ValueError, OverflowError, TypeError):
        return pa.array(values, type=type_)
    return pa.Array.from_buffers(type_, n, buffers, null_count=nulls)


# ---------------------------------------------------------------- one report's rows


ROW_TABLES = (REPORTS, VALUES, "warnings", "checks", "sections", "keywords")  # the tables fed per report


def report_rows(record: dict, status: str) -> dict:
    """Everything one report adds to the dataset, as plain JSON-able data (see ``encode_rows``).

    ``{"path", "status", "record": its records.jsonl line, TABLE: [columns, csv text] for each of
    ROW_TABLES, "fts": each section's text as the full-text index stores it, "carry": its CarryEntry}``.
    The batch computes this in the worker that parsed the report, so the parent only concatenates;
    the record's ``source.path`` must already be the path the dataset shows.
    """
    record = rt.with_identity(record)  # agency_id, agency_kind, level (identity.py)
    try:
        line = json.dumps(record, ensure_ascii=False)
        line.encode("utf-8")
    except UnicodeEncodeError:  # text that is not valid Unicode: JSON escapes keep it, losslessly
        line = json.dumps(record)
    sections = rt.section_rows(record)
    cuts = [search.cut(r["text"]) for r in sections]  # each section cut once: for the index and the keywords
    rows = {
        REPORTS: [report_row(record, status)],
        VALUES: rt.value_rows(record, tidy_rows(record)),
        "warnings": rt.warning_rows(record),
        "checks": rt.check_rows(record),
        "sections": sections,
        "keywords": search.keyword_rows(record, cuts=cuts),
    }
    out: dict = {"path": (record.get("source") or {}).get("path"), "status": status, "record": line}
    for name, table_rows in rows.items():
        out[name] = _columnar(table_rows, name)
    out["fts"] = [search.segment(r["text"], words) for r, words in zip(sections, cuts, strict=True)]
    carry = carry_entry(record, record.get("agency_id"))
    out["carry"] = None if carry is None else [
        carry.report_id, carry.agency_id, carry.year, carry.carried_over, carry.carried_forward
    ]
    return out


@cache
def _cleaners(name: str) -> tuple:
    """(column, the function that cleans a value to its type) for each column of table ``name``."""
    cleaners = {_INT: _as_int, _FLOAT: _as_number, _BOOL: _as_bool, _STR: _as_str}
    return tuple((c, cleaners[kind]) for c, kind in _kinds()[name])


def _columnar(rows: list[dict], name: str) -> list:
    """``[columns, csv text]`` of the rows of table ``name``: each value cleaned to its column's type (one
    odd value must not sink the file), the CSV cells neutralised (``csv_cell``; None is an empty cell)."""
    cleaners = _cleaners(name)
    names = [c for c, _ in cleaners]
    raw = [list(c) for c in zip(*[map(r.get, names) for r in rows], strict=True)] or [[] for _ in names]
    columns, cells = [], []
    for values, (_, clean) in zip(raw, cleaners, strict=True):
        column = _clean(values, clean)
        columns.append(column)
        cells.append(column if clean is not _as_str else _csv_cells(column))
    text = io.StringIO()
    csv.writer(text).writerows(zip(*cells, strict=True))
    return [columns, text.getvalue()]


_NONE = type(None)


def _clean(values: list, clean) -> list:
    """``[clean(v) for v in values]``, or the list itself where every value is already clean: of the
    column's type (text that is valid Unicode, an int within int64), or None. Checked a column at a time."""
    types = set(map(type, values))
    try:
        if clean is _as_str and types <= {str, _NONE}:
            "".join(filter(None, set(values))).encode("utf-8")  # raises where a value is not valid Unicode
            return values
        if clean is _as_number and types <= {float, _NONE}:
            return values
        if clean is _as_bool and types <= {bool, _NONE}:
            return values
        if clean in (_as_int, _as_number) and types <= {int, _NONE}:
            ints = [v for v in values if v is not None] if _NONE in types else values
            if not ints or (-(2**63) <= min(ints) and max(ints) < 2**63):
                return values
    except UnicodeEncodeError:
        pass
    return [clean(v) for v in values]


def _csv_cells(column: list) -> list:
    """A text column's cells as CSV writes them: ``csv_cell`` of each, or the list itself where ``csv_cell``
    changes none (most columns). Each distinct value is looked at once: a report's rows repeat its agency,
    region and labels in every row."""
    for value in set(column):
        if value and value.lstrip("'")[:1] in FORMULA_STARTS:
            return [csv_cell(v) for v in column]
    return column


_ROWS_FORMAT = f"m{sys.version_info[0]}.{sys.version_info[1]}:".encode()  # marshal's format may change with Python


def encode_rows(rows: dict) -> bytes:
    """``report_rows`` as one line of ASCII (no TAB, no newline): marshal, zlib-compressed, in base64, after
    a prefix naming the Python that wrote it. marshal, not JSON: 0.8 instead of 1.4 ms per report to
    encode, 0.6 instead of 0.8 ms to decode."""
    return rows_line(pack_rows(rows))


def pack_rows(rows: dict) -> bytes:
    """The rows as marshal bytes, zlib-compressed: what a batch's worker sends its parent (a seventh of the
    marshal bytes: ~20 instead of ~140 KB a report, which the worker waited to write while the parent was
    busy), which makes the journal's line of them (``rows_line``) and loads them (``unpack_rows``)."""
    return zlib.compress(marshal.dumps(rows), 1)


def rows_line(packed: bytes) -> bytes:
    """``encode_rows`` of the rows ``pack_rows`` packed."""
    return _ROWS_FORMAT + base64.b64encode(packed)


def unpack_rows(packed: bytes) -> dict:
    """The rows ``pack_rows`` packed."""
    return marshal.loads(zlib.decompress(packed))


def decode_rows(data: bytes) -> dict:
    """What ``encode_rows`` made (or, without its prefix, an earlier version's zlib-compressed JSON).

    Raises ValueError for rows another Python wrote, or that are not rows at all."""
    try:
        if data.startswith(_ROWS_FORMAT):
            rows = marshal.loads(zlib.decompress(base64.b64decode(data[len(_ROWS_FORMAT) :])))
        elif data[:1] == b"m":
            raise ValueError("rows written by another Python")
        else:
            rows = json.loads(zlib.decompress(base64.b64decode(data)))
    except (zlib.error, EOFError, TypeError) as e:
        raise ValueError(f"not dataset rows ({e})") from e
    if not isinstance(rows, dict):
        raise ValueError("not dataset rows")
    return rows


class DatasetWriter:
    """Write OUTDIR's derived files from reports and status rows given in their final order.

    Every file goes into a new generation folder (``self.dir``); a writer of
    another output adds its file there and its name to OUTPUT_FILES.  Use as a
    context manager: leaving the block normally commits (one atomic swap of the
    whole set), leaving it by an exception removes the new generation and
    leaves the previous outputs as they were.  An OSError or SQLite error
    (a full disk) comes out as ``OutputError``.
    """

    def __init__(self, outdir: str | Path):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.outdir)
        self.dir = self.outdir / GENERATIONS / f"{time.time_ns():x}-{os.getpid()}"
        self.dir.mkdir(parents=True)
        _WRITING.add(self.dir.name)
        self.db = None
        try:
            self._open()
        except BaseException:
            self.abort()
            raise

    def _open(self) -> None:
        self.db = sqlite3.connect(self.dir / SQLITE, check_same_thread=False)  # commit indexes on a thread
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        schemas = _schemas()
        self.tables: dict[str, _Table] = {}
        for name in (VALUES, REPORTS, *RECORD_TABLES):
            self.tables[name] = _Table(name, schemas[name], self.dir, self.db)
        search.create_fts(self.db)  # filled as sections are added (add_rows)
        self.n_sections = 0
        self.carry = []  # what each report carried over and forward, for the cross-year checks
        self.records = open(self.dir / RECORDS, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.status_fh = open(self.dir / STATUS, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        self.status = csv.writer(self.status_fh)
        self.status.writerow(STATUS_COLUMNS)
        self.db.execute(f"CREATE TABLE status ({', '.join(_status_sql())})")
        self.status_rows: list[tuple] = []
        self.n_reports = self.n_values = self.n_status = 0

    def add_report(self, record: dict, status: str) -> None:
        """One parsed report (``status`` ok or ok_with_warnings)."""
        self.add_rows(report_rows(record, status))

    def add_rows(self, rows: dict) -> None:
        """One parsed report's ``report_rows``, as the worker that parsed it made them."""
        self.records.write(rows["record"] + "\n")
        for name in ROW_TABLES:
            self.tables[name].add(*rows[name])
        fts = rows["fts"]
        if fts:
            report_ids, keys = rows["sections"][0][0], rows["sections"][0][2]  # report_id, number, key, ...
            first = self.n_sections + 1  # the sections' rowids: 1, 2, ... in the order they are added
            self.db.executemany(
                f"INSERT INTO {search.FTS_TABLE} (rowid, report_id, key, text) VALUES (?, ?, ?, ?)",
                zip(range(first, first + len(fts)), report_ids, keys, fts, strict=True),
            )
            self.n_sections += len(fts)
        if rows["carry"] is not None:
            self.carry.append(CarryEntry(*rows["carry"]))
        self.n_values += len(rows[VALUES][0][0])
        self.n_reports += 1

    def _finish_record_tables(self) -> None:
        """cross_year from the carry numbers of all reports (before the tables close)."""
        self.tables["cross_year"].add(*_columnar(cross_year_rows(self.carry), "cross_year"))

    def _create_indexes(self) -> None:
        """The indexes of the tables fed report by report.

        Made at the end: kept up row by row instead they cost the batch's parent ~9 ms a report, taken
        from the workers; built at once, 0.1 s per 200 reports.
        """
        db = self.db
        for table in (VALUES, REPORTS):
            sql_name = self.tables[table].sql_name
            for col in _INDEXED:
                db.execute(f'CREATE INDEX "{sql_name}_{col}" ON "{sql_name}" ("{col}")')
        db.execute("CREATE INDEX reports_agency_id ON reports (agency_id)")
        for col in ("report_id", "agency_id"):
            db.execute(f"CREATE INDEX cell_values_{col} ON cell_values ({col})")
        db.execute("CREATE INDEX cell_values_key ON cell_values (table_key, row_key, column_key)")
        for name in ("warnings", "checks", "sections", "keywords"):
            db.execute(f"CREATE INDEX {name}_report_id ON {name} (report_id)")
        db.execute("CREATE INDEX warnings_code ON warnings (code)")
        db.execute("CREATE INDEX keywords_keyword ON keywords (keyword)")

    def _index_record_tables(self) -> None:
        """Keys of the record's tables, the index of cross_year, metadata.json."""
        db = self.db
        # one report twice is not expected (duplicates are status rows); looked for first, not by catching the
        # unique index's failure: without a rollback journal (journal_mode OFF) a failed CREATE leaves the
        # schema broken
        twice = db.execute("SELECT 1 FROM reports GROUP BY report_id HAVING count(*) > 1 LIMIT 1").fetchone()
        db.execute(f"CREATE {'' if twice else 'UNIQUE '}INDEX reports_report_id ON reports (report_id)")
        db.execute("CREATE INDEX cross_year_agency_id ON cross_year (agency_id, year)")
        with open(self.dir / METADATA, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(rt.datasette_metadata(Path(SQLITE).stem), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())

    def add_status(self, row: dict) -> None:
        """One input path's status row (keys: STATUS_COLUMNS)."""
        values = tuple(_as_str(v) if isinstance(v, str) else v for v in (row.get(c) for c in STATUS_COLUMNS))
        self.status.writerow(["" if v is None else csv_cell(v) for v in values])
        self.status_rows.append(values)
        if len(self.status_rows) >= _BATCH:
            self._flush_status()
        self.n_status += 1

    def _flush_status(self) -> None:
        self.db.executemany(
            f"INSERT INTO status VALUES ({', '.join('?' * len(STATUS_COLUMNS))})", self.status_rows
        )
        self.status_rows = []

    def commit(self) -> None:
        """Finish every file, make it durable, then swap the whole set in with one rename.

        The SQLite file's indexes are built on a thread of their own (SQLite runs without the GIL) while
        this one writes the last Parquet row groups and syncs the other files: a batch's end waits for
        the longer of the two, not for both.
        """
        from concurrent.futures import ThreadPoolExecutor

        self._flush_status()
        self._finish_record_tables()
        with ThreadPoolExecutor(1) as pool:
            indexing = pool.submit(self._finish_db)
            try:
                for table in self.tables.values():
                    table.close()
                _close_synced(self.records)
                _close_synced(self.status_fh)
            finally:
                indexing.result()  # its error, if any, once it has stopped using the file
        _fsync_dir(self.dir)
        _WRITING.discard(self.dir.name)
        _swap_in(self.outdir, self.dir)

    def _finish_db(self) -> None:
        """The SQLite file's indexes and view, committed, closed and synced."""
        self._create_indexes()
        self.db.execute("CREATE INDEX status_sha256 ON status (sha256)")
        tidy_cols = ", ".join(
            f'{rt.SQL_RENAMES[VALUES].get(c, c)} AS "{c}"' for c in TIDY_COLUMNS
        )  # the tidy form under its records.md names
        self.db.execute(f"CREATE VIEW tidy AS SELECT {tidy_cols} FROM cell_values")
        self._index_record_tables()
        self.db.commit()
        self.db.close()
        _fsync_path(self.dir / SQLITE)

    def abort(self) -> None:
        """Close everything and remove the new generation: the previous outputs stay as they were."""
        closers = [self.db.close] if self.db is not None else []
        for t in getattr(self, "tables", {}).values():
            closers += [t.parquet.close, t.csv_fh.close]
        for name in ("records", "status_fh"):
            if hasattr(self, name):
                closers.append(getattr(self, name).close)
        for closer in closers:
            try:
                closer()
            except Exception:  # noqa: BLE001, S110  already closed, or half-written: the file is removed below anyway
                pass
        _WRITING.discard(self.dir.name)
        if _current_generation(self.outdir).resolve() != self.dir.resolve():  # not after the swap
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.commit()
            except BaseException as e:
                self.abort()
                _raise_output_error(self.outdir, e)
                raise
        else:
            self.abort()
            if exc is not None:
                _raise_output_error(self.outdir, exc)


def _raise_output_error(outdir: Path, e: BaseException) -> None:
    """An OSError or SQLite error while writing becomes one OutputError naming OUTDIR and the cause."""
    if isinstance(e, OutputError) or not isinstance(e, (OSError, sqlite3.Error)):
        return
    why = (e.strerror if isinstance(e, OSError) else None) or str(e) or type(e).__name__
    raise OutputError(
        getattr(e, "errno", None), f"{outdir}: cannot write the outputs ({why}); nothing was replaced"
    ) from e


def _swap_in(outdir: Path, generation: Path) -> None:
    """Make ``generation`` the outputs of OUTDIR with one rename of the ``.current`` symlink."""
    current = outdir / CURRENT
    link = _tmp(current)
    link.unlink(missing_ok=True)
    try:
        os.symlink(os.path.join(GENERATIONS, generation.name), link, target_is_directory=True)
    except (OSError, NotImplementedError):  # no symlinks here: move the files one by one (each whole)
        for name in OUTPUT_FILES:
            if (generation / name).exists():
                os.replace(generation / name, outdir / name)
        _fsync_dir(outdir)
        shutil.rmtree(generation, ignore_errors=True)
        return
    for name in OUTPUT_FILES:  # made once, before the swap (dangling until the first one), never changed again
        path, target = outdir / name, os.path.join(CURRENT, name)
        if not (path.is_symlink() and os.readlink(path) == target):
            tmp = _tmp(path)
            tmp.unlink(missing_ok=True)
            os.symlink(target, tmp)
            os.replace(tmp, path)
    if current.is_dir() and not current.is_symlink():  # a copy of an OUTDIR that followed the links
        shutil.rmtree(current)
    os.replace(link, current)  # the one rename that changes the whole set
    _fsync_dir(outdir)
    _remove_stale(outdir)


def _current_generation(outdir: Path) -> Path:
    """The folder the outputs of OUTDIR are read from (OUTDIR itself where there are no generations)."""
    current = outdir / CURRENT
    if current.is_symlink():
        return outdir / os.readlink(current)
    return outdir


def _remove_stale(outdir: Path) -> None:
    """Remove generations that are not current (a run killed while writing) and leftover temporary files."""
    keep = _current_generation(outdir).name
    generations = outdir / GENERATIONS
    if generations.is_dir():
        for g in generations.iterdir():
            if g.name != keep and g.name not in _WRITING:
                shutil.rmtree(g, ignore_errors=True)
    for tmp in outdir.glob(".*.tmp"):
        if _final(tmp).name in (*OUTPUT_FILES, CURRENT):
            tmp.unlink(missing_ok=True)


def write_dataset(
    outdir: str | Path, reports: Iterable[tuple[dict, str]], status_rows: Iterable[dict]
) -> None:
    """Write every derived file of OUTDIR from ``(record, status)`` pairs and status rows, both in final order."""
    with _writer(outdir) as w:
        for record, status in reports:
            w.add_report(record, status)
        for row in status_rows:
            w.add_status(row)


def write_dataset_rows(outdir: str | Path, reports: Iterable[dict], status_rows: Iterable[dict]) -> None:
    """``write_dataset`` from each report's ``report_rows`` (as the batch's workers made them), in final order."""
    with _writer(outdir) as w:
        for rows in reports:
            w.add_rows(rows)
        for row in status_rows:
            w.add_status(row)


def _writer(outdir: str | Path) -> DatasetWriter:
    """A DatasetWriter on OUTDIR; a folder or database that cannot be opened is an OutputError."""
    try:
        return DatasetWriter(outdir)
    except (OSError, sqlite3.Error) as e:
        _raise_output_error(Path(outdir), e)
        raise


def remove_outputs(outdir: str | Path) -> None:
    """Delete the derived files (a fresh, non-resumed batch starts from nothing)."""
    outdir = Path(outdir)
    for name in (*OUTPUT_FILES, CURRENT):
        path = outdir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(outdir / GENERATIONS, ignore_errors=True)
    _remove_stale(outdir)


def read_status(outdir: str | Path) -> list[dict]:
    """status.csv as dicts (CSV neutralisation undone), ``seconds`` a float: what ``--resume`` seeds itself from."""
    path = _current_generation(Path(outdir)) / STATUS
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = [{k: uncsv_cell(v) for k, v in row.items()} for row in csv.DictReader(fh)]
    for row in rows:
        row["seconds"] = float(row["seconds"] or 0)
    return rows


def load(outdir: str | Path) -> Dataset:
    """The dataset of a batch OUTDIR as pandas DataFrames (integers as nullable ``Int64``)."""
    outdir = Path(outdir)
    missing = [n for n in ("values.parquet", "reports.parquet", STATUS) if not (outdir / n).exists()]
    if missing:
        hint = (
            " (a run was stopped before writing them: `reportparse batch --resume` finishes it)"
            if (outdir / JOURNAL).exists()
            else ""
        )
        raise FileNotFoundError(f"{outdir}: no {', '.join(missing)}{hint}")

    for attempt in range(3):  # one generation for all three; if a batch swapped it away meanwhile, again
        base = _current_generation(outdir)
        try:
            return _load_from(base)
        except FileNotFoundError:
            if attempt == 2 or base == outdir:
                raise
    raise AssertionError("unreachable")


def load_table(outdir: str | Path, name: str):
    """One table of a batch OUTDIR as a pandas DataFrame: values, reports, warnings, checks, sections,
    keywords or cross_year (integers as nullable ``Int64``, ``ok`` as nullable ``boolean``)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = _current_generation(Path(outdir)) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{outdir}: no {name}.parquet")
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return pq.read_table(path).to_pandas(types_mapper=mapping.get)


def _load_from(base: Path) -> Dataset:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    def frame(name):
        return pq.read_table(base / name).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)

    status = pd.read_csv(
        base / STATUS,
        encoding="utf-8-sig",
        keep_default_na=False,
        dtype={c: str for c in STATUS_COLUMNS if c != "seconds"} | {"seconds": float},
    )
    for c in STATUS_COLUMNS:
        if c != "seconds":
            status[c] = status[c].map(uncsv_cell)
    return Dataset(values=frame("values.parquet"), reports=frame("reports.parquet"), status=status)


def _status_sql() -> list[str]:
    return [f"{c} {'REAL' if c == 'seconds' else 'TEXT'}" for c in STATUS_COLUMNS]


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _final(tmp: Path) -> Path:
    return tmp.with_name(tmp.name[1 : -len(".tmp")])


def _close_synced(fh) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        _fsync_path(path)
    except OSError:  # some filesystems cannot fsync a directory; the renames are still atomic
        pass
