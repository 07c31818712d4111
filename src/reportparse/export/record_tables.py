"""The whole record as tables: the rows of values, warnings, checks, sections and keywords, and Datasette's metadata.

``dataset.py`` writes these tables (Parquet, CSV and SQLite alike); this module only says what their rows
are, so that the writer stays a writer. Every table carries ``report_id``; ``values`` also ``agency_id``.

    values      the tidy form (TIDY_COLUMNS, records.md) + agency_id, value_int, note, the box
                (x0, top, x1, bottom) and the labels printed in the template (table_label, row_label,
                column_label). In SQLite the table is ``cell_values`` and its keys are ``table_key``,
                ``row_key``, ``column_key`` (``values`` and ``table`` are reserved words; the view ``tidy``
                keeps the tidy names).
    warnings    report_id, code, message, page
    checks      report_id, rule, ok, detail
    sections    report_id, number, key, heading, text
    keywords    report_id, rank, keyword, weight
    cross_year  see crossyear.py

Why ``value_int`` beside ``value``: a Parquet column has one type, and a few cells are not whole numbers
(行政事业性收费 in 万元, 采购总金额), so ``value`` stays float64 (what pandas, DuckDB and SQLite sum
alike) and ``value_int`` holds the same number as int64 wherever it is whole (null otherwise): pandas
loads it as nullable ``Int64``, DuckDB as BIGINT, with no ``89.0``. SQLite's ``value`` is NUMERIC, so
there 89 is stored as an integer already; CSV prints it ``89``.
"""

from __future__ import annotations

from functools import cache, lru_cache

from reportparse.crossyear import CROSS_YEAR_COLUMNS
from reportparse.export.tidy import TIDY_COLUMNS
from reportparse.identity import agency_identity
from reportparse.templates import NAMES, load

IDENTITY_COLUMNS = ("agency_id", "agency_kind", "level")
VALUE_COLUMNS = (
    *TIDY_COLUMNS, "agency_id", "value_int", "note", "x0", "top", "x1", "bottom",
    "table_label", "row_label", "column_label",
)
WARNING_COLUMNS = ("report_id", "code", "message", "page")
CHECK_COLUMNS = ("report_id", "rule", "ok", "detail")
SECTION_COLUMNS = ("report_id", "number", "key", "heading", "text")
KEYWORD_COLUMNS = ("report_id", "rank", "keyword", "weight")

# the SQLite names of the values table and of its key columns (unquoted, they parse in SQLite and DuckDB)
SQL_NAMES = {"values": "cell_values"}
SQL_RENAMES = {"values": {"table": "table_key", "row": "row_key", "column": "column_key"}}

# section headings of the three tables (records.md); the templates hold row and column labels
TABLE_LABELS = {
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}


def with_identity(record: dict) -> dict:
    """The record with agency_id, agency_kind and level after ``agency`` (kept where already there)."""
    if all(k in record for k in IDENTITY_COLUMNS):
        return record
    ident = agency_identity(record.get("agency"), record.get("region")).as_dict()
    out = {}
    for k, v in record.items():
        out[k] = v
        if k == "agency":
            out.update(ident)
    out.update({k: v for k, v in ident.items() if k not in out})
    return out


@cache
def _labels(template: str) -> dict:
    """(table,) / (table, row) / (table, row, column) -> printed label, for one template."""
    labels: dict[tuple, str] = {(t,): label for t, label in TABLE_LABELS.items()}
    for name, spec in load(template)["tables"].items():
        for row in spec.get("rows", ()):
            labels[(name, row["key"])] = (row.get("group") or "") + row["label"]
            for key, label in row.get("columns", ()):
                labels[(name, row["key"], key)] = label
        for key, label in spec.get("groups", ()):
            labels[(name, key)] = label
        for col in spec.get("columns", ()):
            key, label = (col["key"], col["label"]) if isinstance(col, dict) else col
            labels[(name, None, key)] = label
    return labels


@lru_cache(maxsize=8192)
def label(template: str | None, table: str, row: str | None = None, column: str | None = None) -> str | None:
    """The printed label of a table, row or column key (the report's template first, then the others);
    remembered (bounded), as every report asks for the same few hundred."""
    key = (table,) if row is None and column is None else (table, row) if column is None else (table, row, column)
    for name in dict.fromkeys([t for t in (template, *NAMES) if t in NAMES]):
        labels = _labels(name)
        found = labels.get(key) or (labels.get((table, None, column)) if column is not None else None)
        if found:
            return found
    return None


def _whole(v) -> int | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or not float(v).is_integer():
        return None
    return int(v)


def value_rows(record: dict, tidy: list[dict]) -> list[dict]:
    """The tidy rows of ``record`` with agency_id, value_int, note, box and printed labels added."""
    cells = record.get("cells") or {}
    template = record.get("template")
    out = []
    for row in tidy:
        t, r, c = row["table"], row["row"], row["column"]
        src = ((cells.get(t) or {}).get(r) or {}).get(c) or {}
        box = src.get("bbox") if isinstance(src.get("bbox"), (list, tuple)) and len(src["bbox"]) == 4 else None
        out.append({
            **row,
            "agency_id": record.get("agency_id"),
            "value_int": _whole(row.get("value")),
            "note": src.get("note") or None,
            **dict(zip(("x0", "top", "x1", "bottom"), box or (None,) * 4)),
            "table_label": label(template, t),
            "row_label": label(template, t, r),
            "column_label": label(template, t, r, c),
        })
    return out


def warning_rows(record: dict) -> list[dict]:
    rid = record.get("report_id")
    return [{"report_id": rid, "code": w.get("code"), "message": w.get("message"), "page": w.get("page")}
            for w in record.get("warnings") or ()]


def check_rows(record: dict) -> list[dict]:
    rid = record.get("report_id")
    return [{"report_id": rid, "rule": c.get("rule"), "ok": c.get("ok"), "detail": c.get("detail")}
            for c in record.get("checks") or ()]


def section_rows(record: dict) -> list[dict]:
    rid = record.get("report_id")
    return [{"report_id": rid, "number": s.get("number"), "key": s.get("key"), "heading": s.get("heading"),
             "text": s.get("text")} for s in record.get("sections") or ()]


# ---------------------------------------------------------------- Datasette


def _columns(**described: str) -> dict:
    return described


REPORT_DESCRIPTIONS = _columns(
    report_id="报告编号 · first 16 hex digits of the source file's sha256",
    agency="发布机关 · the agency as printed",
    agency_id="机关标识 · adcode + the name without its place prefix, short forms spelled out; one id per agency across years",
    agency_kind="机关类别 · 人民政府, 政府办公厅/室, 部门, 街道/乡镇, 管委会, 事业单位, 其他",
    level="层级 · province 省, city 市, county 县, township 乡镇/街道",
    year="年度 · the year reported on",
    province="省", city="市", county="县/区", adcode="行政区划代码 · 6 digits",
    template="格式 · 2021 (国办公开办函〔2021〕30号) or 2019",
    title="标题", n_warnings="警告数 · warnings", n_failed_checks="未通过的校验数 · checks with ok = false",
    applications_new="本年新收政府信息公开申请数量（总计）",
    applications_results="办理结果总计（总计）",
    applications_granted="予以公开（总计）",
    review_total="行政复议总计", litigation_direct_total="行政诉讼·未经复议直接起诉总计",
    litigation_after_review_total="行政诉讼·复议后起诉总计",
)
VALUE_DESCRIPTIONS = _columns(
    table_key="表格 · active_disclosure 主动公开, applications 依申请, review_litigation 复议诉讼",
    row_key="行 · row key (records.md)", column_key="列 · column key (records.md)",
    value="数值 · the number (null where blank, / or —)",
    value_int="整数值 · value where it is whole, as an integer",
    raw="原文 · the cell as printed", note="注 · a note printed in the cell (其中修订16件)",
    page="页码", x0="box left (PDF points from the page's top-left)", top="box top", x1="box right",
    bottom="box bottom",
    table_label="表格名称（印刷）", row_label="行名称（模板印刷）", column_label="列名称（模板印刷）",
)


def datasette_metadata(db_name: str = "reports") -> dict:
    """metadata.json for ``datasette reports.sqlite -m metadata.json``: descriptions, facets, the FTS wiring."""
    tables = {
        "reports": {
            "description": "每份报告一行 · one row per report, with headline numbers",
            "label_column": "agency",
            "facets": ["year", "province", "agency_kind", "level", "template", "status"],
            "columns": REPORT_DESCRIPTIONS,
        },
        "cell_values": {
            "description": "表格数据 · every table cell of every report, with its printed labels, note and box",
            "facets": ["year", "table_key", "province"],
            "columns": VALUE_DESCRIPTIONS,
        },
        "sections": {
            "description": "正文 · the six sections' text; search it (分词全文检索: type words separated by spaces)",
            "fts_table": "sections_fts",
            "fts_pk": "rowid",
            "facets": ["key"],
            "columns": _columns(number="部分编号 1..6", key="部分 · overview 一, active_disclosure 二, "
                                "applications 三, review_litigation 四, problems 五, other 六",
                                heading="标题（印刷）", text="正文"),
        },
        "sections_fts": {
            "description": "全文索引 · sections' text cut into words by jieba (search mode), for MATCH",
        },
        "warnings": {
            "description": "解析警告 · what the parser was unsure of",
            "facets": ["code"],
            "columns": _columns(code="警告代码", message="说明", page="页码"),
        },
        "checks": {
            "description": "校验 · the arithmetic relations each report states, tested (ok null: not assessable)",
            "facets": ["ok", "rule"],
            "columns": _columns(rule="关系", ok="是否成立", detail="计算"),
        },
        "cross_year": {
            "description": "跨年校验 · 上年结转下年度继续办理 (year) = 上年结转 (next_year), per column",
            "facets": ["ok", "column", "year"],
            "columns": _columns(column="列 · applications column key", ok="是否一致 (null: a side blank)"),
        },
        "keywords": {
            "description": "关键词 · TF-IDF keywords (jieba) of sections 一 and 五",
            "facets": ["keyword"],
        },
        "status": {
            "description": "处理状态 · one row per input file",
            "facets": ["status"],
        },
    }
    return {
        "title": "政府信息公开工作年度报告 · reportparse dataset",
        "description": "One record per agency and year, as tables. Search the text under sections; "
        "compare agencies through agency_id.",
        "databases": {db_name: {"tables": tables}},
    }


__all__ = [
    "CHECK_COLUMNS", "CROSS_YEAR_COLUMNS", "IDENTITY_COLUMNS", "KEYWORD_COLUMNS", "SECTION_COLUMNS",
    "SQL_NAMES", "SQL_RENAMES", "TABLE_LABELS", "VALUE_COLUMNS", "WARNING_COLUMNS", "check_rows",
    "datasette_metadata", "label", "section_rows", "value_rows", "warning_rows", "with_identity",
]
