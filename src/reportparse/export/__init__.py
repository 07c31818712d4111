"""Writers: the record as JSON, and the tidy long form as CSV (batch adds Parquet and SQLite)."""

from reportparse.export.tidy import TIDY_COLUMNS, tidy_rows, write_tidy_csv

__all__ = ["TIDY_COLUMNS", "tidy_rows", "write_tidy_csv"]
