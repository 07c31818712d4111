"""The batch's dataset folder: every derived file, written in one streaming pass and swapped in atomically.

    OUTDIR/
      records.jsonl     one record per report (records.md), ordered by source path
      values.parquet    the tidy long form (TIDY_COLUMNS), also as values.csv
      reports.parquet   one row per report (REPORT_COLUMNS), also as reports.csv
      status.csv        one row per input path (STATUS_COLUMNS)
      reports.sqlite    tables "values", reports and status (+ a view ``tidy`` = "values")

``DatasetWriter`` takes reports and status rows in their final order and
writes each file to a temporary name beside it; ``commit()`` fsyncs them and
moves them over the old ones with ``os.replace``, so a reader (or a killed
run) only ever sees a complete file.  Memory stays flat: rows are buffered in
bounded batches, never the whole dataset.  The same input gives the same
bytes, which is what makes a resumed batch identical to an uninterrupted one.

CSV files are UTF-8 with a BOM (as ``tidy.write_tidy_csv``), so Excel shows Chinese.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterable
from numbers import Real
from pathlib import Path
from typing import NamedTuple, Self

from reportparse.export.tidy import TIDY_COLUMNS, identity, tidy_rows

RECORDS, VALUES, REPORTS, STATUS, SQLITE = (
    "records.jsonl",
    "values",
    "reports",
    "status.csv",
    "reports.sqlite",
)
JOURNAL = ".journal.jsonl"  # the batch's append-only log while a run is unfinished (see batch.py)
OUTPUT_FILES = (RECORDS, "values.parquet", "values.csv", "reports.parquet", "reports.csv", STATUS, SQLITE)

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
        "title": record.get("title"),
        "path": source.get("path"),
        "sha256": source.get("sha256"),
        "format": source.get("format"),
        "pages": source.get("pages"),
        "status": status,
        "n_warnings": len(record.get("warnings") or ()),
        "n_failed_checks": sum(1 for c in record.get("checks") or () if not c.get("ok")),
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


def _as_str(v) -> str | None:
    return v if v is None or isinstance(v, str) else str(v)


def _schemas():
    import pyarrow as pa

    def schema(columns, ints=frozenset(), floats=frozenset()):
        return pa.schema(
            [(c, pa.int64() if c in ints else pa.float64() if c in floats else pa.string()) for c in columns]
        )

    return {
        VALUES: schema(TIDY_COLUMNS, ints={"year", "page"}, floats={"value"}),
        REPORTS: schema(REPORT_COLUMNS, ints=_INT_COLUMNS),
    }


def _sqlite_type(field) -> str:
    import pyarrow as pa

    if field.name == "value":
        return "NUMERIC"  # keeps 12 an integer and 3.5 a real
    return {pa.int64(): "INTEGER", pa.float64(): "REAL"}.get(field.type, "TEXT")


class _Table:
    """One tabular output (values or reports): Parquet + CSV + a SQLite table, fed row by row."""

    def __init__(self, name: str, schema, outdir: Path, db: sqlite3.Connection):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.name, self.schema, self.db = name, schema, db
        self.columns = schema.names
        kinds = {pa.int64(): _as_int, pa.float64(): _as_number}
        self.cleaners = {f.name: kinds.get(f.type, _as_str) for f in schema}
        self.parquet_tmp = _tmp(outdir / f"{name}.parquet")
        self.csv_tmp = _tmp(outdir / f"{name}.csv")
        self.parquet = pq.ParquetWriter(self.parquet_tmp, schema)
        self.csv_fh = open(self.csv_tmp, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        self.csv = csv.writer(self.csv_fh)
        self.csv.writerow(self.columns)
        cols = ", ".join(f'"{f.name}" {_sqlite_type(f)}' for f in schema)
        db.execute(f'CREATE TABLE "{name}" ({cols})')
        self.insert = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(self.columns))})'
        self.buffer: list[dict] = []

    def add(self, row: dict) -> None:
        row = {
            c: clean(row.get(c)) for c, clean in self.cleaners.items()
        }  # one odd value must not sink the file
        self.csv.writerow(["" if row[c] is None else row[c] for c in self.columns])
        self.buffer.append(row)
        if len(self.buffer) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        import pyarrow as pa

        self.parquet.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
        self.db.executemany(self.insert, [tuple(r[c] for c in self.columns) for r in self.buffer])
        self.buffer = []

    def close(self) -> list[Path]:
        self.flush()
        self.parquet.close()
        _close_synced(self.csv_fh)
        _fsync_path(self.parquet_tmp)
        return [self.parquet_tmp, self.csv_tmp]


class DatasetWriter:
    """Write OUTDIR's derived files from reports and status rows given in their final order.

    Use as a context manager: leaving the block normally commits (atomic
    renames), leaving it by an exception removes the temporary files and
    leaves the previous outputs as they were.
    """

    def __init__(self, outdir: str | Path):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.sqlite_tmp = _tmp(self.outdir / SQLITE)
        self.sqlite_tmp.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.sqlite_tmp)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        schemas = _schemas()
        self.tables = {name: _Table(name, schemas[name], self.outdir, self.db) for name in (VALUES, REPORTS)}
        self.records_tmp = _tmp(self.outdir / RECORDS)
        self.records = open(self.records_tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.status_tmp = _tmp(self.outdir / STATUS)
        self.status_fh = open(self.status_tmp, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        self.status = csv.writer(self.status_fh)
        self.status.writerow(STATUS_COLUMNS)
        self.db.execute(f"CREATE TABLE status ({', '.join(_status_sql())})")
        self.status_rows: list[tuple] = []
        self.n_reports = self.n_values = self.n_status = 0

    def add_report(self, record: dict, status: str) -> None:
        """One parsed report (``status`` ok or ok_with_warnings)."""
        self.records.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.tables[REPORTS].add(report_row(record, status))
        for row in tidy_rows(record):
            self.tables[VALUES].add(row)
            self.n_values += 1
        self.n_reports += 1

    def add_status(self, row: dict) -> None:
        """One input path's status row (keys: STATUS_COLUMNS)."""
        values = tuple(row.get(c) for c in STATUS_COLUMNS)
        self.status.writerow(["" if v is None else v for v in values])
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
        self._flush_status()
        temps = [p for t in self.tables.values() for p in t.close()]
        for table in (VALUES, REPORTS):
            for col in _INDEXED:
                self.db.execute(f'CREATE INDEX "{table}_{col}" ON "{table}" ("{col}")')
        self.db.execute("CREATE INDEX status_sha256 ON status (sha256)")
        self.db.execute('CREATE VIEW tidy AS SELECT * FROM "values"')
        self.db.commit()
        self.db.close()
        _fsync_path(self.sqlite_tmp)
        _close_synced(self.records)
        _close_synced(self.status_fh)
        for tmp in [*temps, self.records_tmp, self.status_tmp, self.sqlite_tmp]:
            os.replace(tmp, _final(tmp))
        _fsync_dir(self.outdir)

    def abort(self) -> None:
        for closer in (
            [t.parquet.close for t in self.tables.values()]
            + [t.csv_fh.close for t in self.tables.values()]
            + [self.records.close, self.status_fh.close, self.db.close]
        ):
            try:
                closer()
            except Exception:  # noqa: BLE001, S110  already closed, or half-written: the file is removed below anyway
                pass
        for tmp in self.outdir.glob(".*.tmp"):
            if _final(tmp).name in OUTPUT_FILES:
                tmp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_dataset(
    outdir: str | Path, reports: Iterable[tuple[dict, str]], status_rows: Iterable[dict]
) -> None:
    """Write every derived file of OUTDIR from ``(record, status)`` pairs and status rows, both in final order."""
    with DatasetWriter(outdir) as w:
        for record, status in reports:
            w.add_report(record, status)
        for row in status_rows:
            w.add_status(row)


def remove_outputs(outdir: str | Path) -> None:
    """Delete the derived files (a fresh, non-resumed batch starts from nothing)."""
    for name in OUTPUT_FILES:
        (Path(outdir) / name).unlink(missing_ok=True)


def read_status(outdir: str | Path) -> list[dict]:
    """status.csv as dicts, ``seconds`` a float: what ``--resume`` seeds itself from after a finished run."""
    path = Path(outdir) / STATUS
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["seconds"] = float(row["seconds"] or 0)
    return rows


def load(outdir: str | Path) -> Dataset:
    """The dataset of a batch OUTDIR as pandas DataFrames (integers as nullable ``Int64``)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    outdir = Path(outdir)
    missing = [n for n in ("values.parquet", "reports.parquet", STATUS) if not (outdir / n).exists()]
    if missing:
        hint = (
            " (a run was stopped before writing them: `reportparse batch --resume` finishes it)"
            if (outdir / JOURNAL).exists()
            else ""
        )
        raise FileNotFoundError(f"{outdir}: no {', '.join(missing)}{hint}")

    def frame(name):
        return pq.read_table(outdir / name).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)

    status = pd.read_csv(
        outdir / STATUS,
        encoding="utf-8-sig",
        keep_default_na=False,
        dtype={c: str for c in STATUS_COLUMNS if c != "seconds"} | {"seconds": float},
    )
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
