"""PDFs drawn the ways real producers draw them read as the page reads (tests/pdf_variants.py draws them).

Each variant draws one of the samples of samples/make_samples.py again with one habit changed: a watermark
across every page, a red seal over the signature, tables without their outer frame or with dashed rules,
a landscape page, two-line running headers, numbers right-aligned with trailing spaces, full-width
digits, a text object a glyph, body text justified by wide character spacing.  What a reader sees is
unchanged, so the record must be: every cell, the agency, year, region, template and title, and every
section's text.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_variants as pv  # noqa: E402
from truth import agency_ok, cell_differences, section_differences  # noqa: E402
from variants import pdf_sample  # noqa: E402
from fonts import WITHOUT_ANY_FONTS, WITHOUT_SYSTEM_FONTS  # noqa: E402

from reportparse.layout import Geometry, letter_spacing, unwrap  # noqa: E402
from reportparse.model import Line  # noqa: E402
from reportparse.tables.grid import _open_sides  # noqa: E402

SIDES = pv.Draw(outer="sides")
VARIANTS = {  # id: (sample, drawing, what a reader gets wrong without the fix)
    "watermark": ("layout-word-2022", pv.Draw(watermark="政务公开")),  # 务 in row labels, 公 in paragraphs
    "seal": ("shapes-2019-shanghai", pv.Draw(seal=True)),  # the seal's ring of names in 六's text
    "seal-watermark-landscape": ("layout-gov-2024", pv.Draw(seal=True, watermark="内部资料", landscape="applications",
                                                          landscape_how="rotate")),
    "sides-wps": ("layout-wps-2023", SIDES),  # table 二's label column and its values lost
    "sides-gov": ("layout-gov-2024", SIDES),
    "sides-jinjiang": ("shapes-2022-jinjiang", SIDES),  # a row alone at a page's top, between two rules
    "letter-spaced": ("layout-gov-2024", pv.Draw(spread=0.3)),  # 自2 0 2 4年1月1日 in the preamble
    "letter-spaced-2019": ("shapes-2019-shanghai", pv.Draw(spread=0.3)),
    # habits read right already: held there
    "rect-rules": ("layout-word-2022", pv.Draw(rules="rect")),
    "dashed": ("layout-gov-2024", pv.Draw(rules="dash")),
    "dotted": ("layout-wps-2023", pv.Draw(rules="dot")),
    "double-frame": ("layout-word-2022", pv.Draw(outer="double")),
    "landscape": ("shapes-2022-jinjiang", pv.Draw(landscape="applications")),
    "landscape-rotated": ("layout-word-2022", pv.Draw(landscape="applications", landscape_how="rotate")),
    "two-line-header": ("layout-gov-2024", pv.Draw(header=("成都市生态环境局", "2024年政府信息公开工作年度报告"),
                                                   folio="第 {i} 页 共 {n} 页")),
    "right-aligned": ("shapes-2019-shanghai", pv.Draw(numbers="right")),
    "glyph-objects": ("layout-wps-2023", pv.Draw(per_char=True)),
}


def _errors(record: dict, truth: dict) -> list[str]:
    out = cell_differences(record, truth)
    if not agency_ok(record, truth):
        out.append(f"agency {record['agency']!r}")
    out += [f"{k} {record[k]!r}" for k in ("year", "region", "template", "title", "preamble") if record[k] != truth[k]]
    return out + section_differences(record, truth)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_variant_reads_as_its_page(name, tmp_path):
    sample, draw = VARIANTS[name]
    record, truth, _ = pv.render(pdf_sample(sample), draw, tmp_path)
    assert _errors(record, truth) == []


@pytest.mark.parametrize("fonts", ["box font", "pdfminer"])
def test_a_machine_without_the_fonts_a_pdf_names_reads_it_the_same(fonts, tmp_path):
    """A font the PDF names without embedding it (the samples' STSong-Light) is drawn with the machine's fonts;
    with none that has its glyphs (a server without Chinese fonts), pdfium boxes a text object of such glyphs
    as nothing and its text page drops a one-character object: 135 numbers of this PDF's tables were blank, and
    no warning said so.  pdfium is lent a font of boxes for them (``_BoxFonts``); without it (``pdfminer``) such a
    page is read by pdfminer instead: the same record either way, and no page read by pdfminer with the box."""
    import json
    import subprocess

    import reportparse

    _, truth, path = pv.render(pv.fullwidth_cells(pdf_sample("layout-word-2022")), pv.Draw(), tmp_path)
    program = (WITHOUT_SYSTEM_FONTS if fonts == "box font" else WITHOUT_ANY_FONTS) + (
        "import json, sys, reportparse\n"
        "from reportparse.readers import pdf\n"
        "pdfminer = []\n"
        "chars_only = pdf._PlumberPage.chars_only\n"
        "pdf._PlumberPage.chars_only = lambda page: pdfminer.append(page.number) or chars_only(page)\n"
        "record = reportparse.parse(sys.argv[1]).to_dict()\n"
        "print(json.dumps({'record': record, 'pdfminer': pdfminer}, ensure_ascii=False))\n")
    run = subprocess.run([sys.executable, "-c", program, str(path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert cell_differences(out["record"], truth) == []
    assert out["record"] == reportparse.parse(path).to_dict()
    assert (out["pdfminer"] == []) == (fonts == "box font"), out["pdfminer"]


def test_full_width_digits_in_cells(tmp_path):
    record, truth, _ = pv.render(pv.fullwidth_cells(pdf_sample("layout-word-2022")), pv.Draw(), tmp_path)
    assert _errors(record, truth) == []
    assert record["cells"]["applications"]["new"]["total"]["raw"] == "３１０"


@pytest.mark.parametrize("sample", ["layout-word-2022", "layout-gov-2024"])
def test_a_table_without_any_frame_keeps_its_cells(sample, tmp_path):
    """No outer rule at all: the side columns and the foot row are closed; the rows of a merged block head
    above the first rule (第二十条第（一）项) stay outside, as no rule marks them."""
    record, truth, _ = pv.render(pdf_sample(sample), pv.Draw(outer="none"), tmp_path)
    assert cell_differences(record, truth) == []


@pytest.mark.parametrize("name", ["seal-watermark-landscape", "sides-wps", "letter-spaced"])
def test_both_backends_give_the_same_record(name, tmp_path):
    sample, draw = VARIANTS[name]
    pdfium, _, path = pv.render(pdf_sample(sample), draw, tmp_path, backend="pdfium")
    import reportparse

    assert reportparse.parse(path, backend="pdfplumber").to_dict() == pdfium


def test_slanted_text_is_left_out_with_a_warning_a_page(tmp_path):
    record, truth, _ = pv.render(pdf_sample("shapes-2019-shanghai"), pv.Draw(seal=True, watermark="内部资料"), tmp_path)
    slanted = [w for w in record["warnings"] if w["code"] == "slanted_text"]
    assert [w["page"] for w in slanted] == list(range(1, truth["pages"] + 1))
    assert "内部资料" in slanted[0]["message"] and "上海市人民政府办" in slanted[-1]["message"]
    assert _errors(record, truth) == []


# ------------------------------------------------------------------ the pieces, on hand-built values
def _chars(text: str, x: float, gap: float, size: float = 16.0, top: float = 100.0) -> list[dict]:
    out = []
    for t in text:
        w = size if not t.isascii() else size / 2
        out.append({"text": t, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size,
                    "fontname": "F"})
        x += w + gap
    return out


def test_letter_spacing_is_the_gap_beside_chinese_characters():
    assert letter_spacing(_chars("本年度2024年共收到", 70, 0.0)) == 0.0
    assert letter_spacing(_chars("本年度2024年共收到", 70, 6.0)) == pytest.approx(6.0)
    assert letter_spacing(_chars("3 1 0 4", 70, 20.0)) == 0.0  # a row of numbers is no spaced-out text


def test_a_heading_wrapped_mid_word_is_one_heading():
    def line(text: str, x0: float, top: float) -> Line:
        return Line(text=text, page=1, x0=x0, x1=x0 + 16 * len(text), top=top, bottom=top + 16, size=16.0)

    body = "本机关全年共收到政府信息公开申请二十件，均已按时答复完毕。"
    for first, second in (("三、收到和处理政府信息公开申请情", "况"),
                          ("四、因政府信息公开工作被申请行政", "复议、提起行政诉讼的情况")):
        lines = [line(first, 106, 100), line(second, 74, 129), line(body[:26], 106, 158), line(body[26:], 74, 187)]
        paragraphs = unwrap(lines, Geometry(lines, True))
        assert paragraphs[0].text == first + second


def _rule(kind: str, at: float, a: float, b: float) -> dict:
    if kind == "h":
        return {"object_type": "line", "orientation": "h", "x0": a, "x1": b, "top": at, "bottom": at,
                "width": b - a, "height": 0}
    return {"object_type": "line", "orientation": "v", "x0": at, "x1": at, "top": a, "bottom": b,
            "width": 0, "height": b - a}


def test_open_sides_close_a_table_only_where_text_stands_beyond_its_rules():
    rows = [_rule("h", y, 70, 520) for y in (200, 220, 240)]
    inner = [_rule("v", x, 200, 240) for x in (240, 340)]
    label = _chars("规章", 80, 0, 10, top=205)
    sides = _open_sides(rows + inner, label, 842)
    assert [(e["orientation"], e["x0"]) for e in sides] == [("v", 70)]  # the right column holds no text
    sides = _open_sides(rows + inner, label + _chars("14", 480, 0, 10, top=225), 842)
    assert sorted((e["orientation"], e["x0"]) for e in sides) == [("v", 70), ("v", 520)]
    framed = [_rule("v", 70, 200, 240), _rule("v", 520, 200, 240)]
    assert _open_sides(rows + inner + framed, label, 842) == []


def test_a_running_header_rule_is_no_tables_top():
    header = [_rule("h", 64, 70, 520)]  # in the top margin, the header's text above it
    table = [_rule("h", 92, 70, 520), _rule("h", 112, 70, 520), _rule("v", 240, 92, 112)]
    chars = _chars("某某局", 250, 0, 10, top=50) + _chars("行政事业性收费", 80, 0, 10, top=97)
    sides = _open_sides(header + table, chars, 842)
    assert {(e["top"], e["bottom"]) for e in sides} == {(92, 112)}


@pytest.mark.parametrize("odd", ["none", "nan", "inf", "far", "edge", "slanted"])
def test_on_page_sorts_a_full_page_as_one_character_at_a_time(odd):
    """A page of 300 characters (past the size where the array check runs) with one odd glyph: the same
    characters kept, far and slanted as the loop over every character says."""
    from reportparse.readers.pdf import _on_page

    chars = [{"text": "字", "x0": 40.0 + 12 * (i % 40), "x1": 50.5 + 12 * (i % 40), "top": 60.0 + 20 * (i // 40),
              "bottom": 70.5 + 20 * (i // 40), "size": 10.5} for i in range(300)]
    odd_char = chars[150]
    if odd == "nan":
        odd_char["x0"] = float("nan")
    elif odd == "inf":
        odd_char["x1"] = float("inf")
    elif odd == "far":
        odd_char.update(x0=1e300, x1=1e300)
    elif odd == "edge":  # its middle exactly twice the page's width away: still on it
        odd_char.update(x0=2 * 595.0 - 1, x1=2 * 595.0 + 1)
    elif odd == "slanted":
        odd_char["matrix"] = (7.4, 7.4, -7.4, 7.4)
    kept, far, slanted = _on_page(chars, 595.0, 842.0)
    expect_far = odd in ("nan", "inf", "far")
    assert far == ([odd_char] if expect_far else [])
    assert slanted == ([odd_char] if odd == "slanted" else [])
    assert kept == [c for c in chars if not (expect_far or odd == "slanted") or c is not odd_char]
