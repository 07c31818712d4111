"""Reports on the years before the 2021 format (samples/older/, from samples/make_older.py): the 2019 trial
format as agencies wrote it, and free-form reports of 2010-2018, in text, web page and Word forms."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import reportparse
from reportparse.model import Line
from reportparse.sections import section_heading
from reportparse.tables.own import own_table_lines

ROOT = Path(__file__).resolve().parents[1]
OLDER = ROOT / "samples" / "older"
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_older  # noqa: E402
from truth import section_differences  # noqa: E402
from variants import cell_errors  # noqa: E402

FILES = sorted(p.name for p in OLDER.iterdir() if not p.name.endswith(".json"))
# the warnings each report may give: what it really lacks or prints otherwise, nothing else
ALLOWED = {
    "trial-xuhui-2019": set(),
    "trial-gulou-2020": {"table_missing"},  # 二 and 四 state their numbers in the prose
    "trial-jiangning-2019": {"table_own_shape", "template_guessed", "table_missing"},
    "free-luhe-2012": {"template_free_form"},
    "free-wujin-2016": {"template_free_form", "table_own_shape"},
}


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {name: reportparse.parse(OLDER / name).to_dict() for name in FILES}


def _truth(name: str) -> dict:
    return json.loads((OLDER / f"{name}.truth.json").read_text(encoding="utf-8"))


def _codes(record: dict) -> set[str]:
    return {w["code"] for w in record["warnings"]}


def test_samples_render_the_same_bytes():
    for report in make_older.REPORTS:
        for form in make_older.PLAN:
            assert make_older.render(report, form) == (OLDER / f"{report['stem']}.{form}").read_bytes(), form


@pytest.mark.parametrize("name", FILES)
def test_identity(records, name):
    record, truth = records[name], _truth(name)
    assert (record["agency"], record["year"], record["template"]) == (truth["agency"], truth["year"], truth["template"])
    assert record["region"]["adcode"] == truth["region"]["adcode"]


@pytest.mark.parametrize("name", FILES)
def test_sections_exact(records, name):
    """Every heading of the six found, and its text as printed: no own table's rows in it, no row read as a
    heading, a heading the six do not have (四、…收费及减免情况) kept in the section before."""
    record, truth = records[name], _truth(name)
    assert [s["heading"] for s in record["sections"]] == [s["heading"] for s in truth["sections"]]
    assert section_differences(record, truth) == []


@pytest.mark.parametrize("name", FILES)
def test_tables_no_wrong_number(records, name):
    record, truth = records[name], _truth(name)
    assert set(record["tables"]) == set(truth["tables"])
    assert cell_errors(record, truth) == []
    assert all(c["ok"] is True for c in record["checks"])


@pytest.mark.parametrize("name", FILES)
def test_no_false_alarm(records, name):
    record = records[name]
    stem = name.rsplit(".", 1)[0]
    allowed = ALLOWED[stem] | ({"rows_missing"} if name == "trial-xuhui-2019.txt" else set())  # 规章 printed blank
    assert _codes(record) <= allowed


@pytest.mark.parametrize("name", [n for n in FILES if "jiangning" in n or "wujin" in n])
def test_own_table_is_named_not_read(records, name):
    """An old 统计表 (指标名称 | 单位 | 统计数) under 二: no standard table, a table_own_shape warning naming section 二."""
    record = records[name]
    own = [w["message"] for w in record["warnings"] if w["code"] == "table_own_shape"]
    assert own and "section 二" in own[0]
    assert "active_disclosure" not in record["tables"] and "review_litigation" not in record["tables"]


def test_trial_report_without_standard_tables_is_of_its_years_format(records):
    record = records["trial-jiangning-2019.html"]
    assert record["template"] == "2019" and record["tables"] == {}
    assert sum(w["code"] == "table_missing" for w in record["warnings"]) == 3


@pytest.mark.parametrize("heading, number", [
    ("一、概况", 1), ("一、政府信息公开工作概况", 1), ("四、行政复议数量件3", None), ("七、依申请公开信息收取的费用万元0", None),
    ("五、因政府信息公开申请提起行政复议、行政诉讼的情况", 4), ("四、政府信息公开的收费及减免情况", None),
])
def test_free_form_headings(heading, number):
    assert section_heading(heading) == number


def _lines(texts: list[str]) -> list[Line]:
    return [Line(text="".join(t.split()), page=1, x0=0, x1=len(t), top=i, bottom=i + 1, raw=t) for i, t in enumerate(texts)]


def test_own_table_lines_take_rows_header_and_group_rows():
    texts = ["二、主动公开政府信息情况", "全年主动公开情况见下表。", "指标名称 单位 统计数", "一、主动公开情况",
             "（一）主动公开政府信息数 条 3120", "二、回应解读情况", "（一）回应热点数 次 26", "三、依申请公开情况",
             "（一）收到申请数 件 87", "四、行政复议数量 件 3", "三、重点领域信息公开情况", "围绕重点领域公开信息1062条。"]
    own, issues = own_table_lines(_lines(texts))
    assert own == set(range(2, 10))
    assert [i.code for i in issues] == ["table_own_shape"]


def test_standard_table_pieces_are_not_own():
    """A standard table flattened into a dump breaks into runs at its long labels: none of them is taken."""
    texts = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
             "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0",
             "1.属于国家秘密 0 0 0 0 0 0 0", "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0", "3.危及“三安全一稳定” 0 0 0 0 0 0 0"]
    assert own_table_lines(_lines(texts)) == (set(), [])
