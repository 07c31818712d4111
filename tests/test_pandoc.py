"""Reports converted by pandoc (samples/make_pandoc.py): its own markdown (multiline and grid tables, bracketed
spans, fenced divs, headings in bold), GitHub markdown (HTML tables, inline tags wrapped over two lines) and plain
text.  Every cell, the identity and the text as the form's own record has them; only the quotes pandoc
straightened differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from truth import cell_differences, identity_differences, parsed_case, section_differences

from reportparse.readers.text import grid_table_rows

PANDOC = Path(__file__).resolve().parents[1] / "samples" / "pandoc"
TRUTHS = sorted(t.name for t in PANDOC.glob("*.truth.json"))
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def test_the_set_has_every_kind():
    kinds = {name.removesuffix(".truth.json").split(".", 2)[2] for name in TRUTHS}
    assert kinds == {"markdown.md", "gfm.md", "plain.txt"}


@pytest.mark.parametrize("name", TRUTHS)
def test_every_cell_and_the_identity(name):
    record, truth = parsed_case(PANDOC, name)
    assert cell_differences(record, truth) == []
    assert identity_differences(record, truth) == []
    assert record["warnings"] == [] or {w["code"] for w in record["warnings"]} <= {"label_variant"}


@pytest.mark.parametrize("name", TRUTHS)
def test_the_text_but_for_pandocs_quotes(name):
    record, truth = parsed_case(PANDOC, name)
    for section in [*record["sections"], *truth["sections"]]:
        section["text"] = section["text"].translate(_STRAIGHT)
    assert section_differences(record, truth) == []
    assert "".join(record["preamble"]).translate(_STRAIGHT).split() == "".join(truth["preamble"]).translate(
        _STRAIGHT).split()


def test_a_grid_tables_cells_are_joined_over_their_lines():
    block = ["+--------+------+", "| 行政规 | 9    |", "|        |      |", "| 范性文件 |      |",
             "+========+======+", "| 信息\\   | 本年 |", "| 内容   | 制发 |", "+--------+------+"]
    assert grid_table_rows(block) == [["行政规范性文件", "9"], ["信息内容", "本年制发"]]


def test_grid_rules_with_no_cell_between_them_are_no_table(tmp_path):
    """A damaged grid table (its rules left, its rows lost) was a ValueError out of parse; it is no table."""
    import reportparse

    text = (PANDOC / "layout-word-2022.html.markdown.md").read_text(encoding="utf-8")
    damaged = text.replace("| 规章            | 2               | 1               | 14              |\n", "", 1)
    damaged = "+-----+-----+\n+=====+=====+\n\n" + damaged
    path = tmp_path / "damaged.md"
    path.write_text(damaged, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    assert record["tables"]["applications"]["new"]["total"] == 310
