"""What the next web page or Word file may do differently from the samples' markup, with the same content.

Each variant is a sample report (known cell by cell, tests/variants.py) rendered as a web page or a Word file
and then changed in its markup the way real pages and files differ: Word's content controls around rows,
a table nested in a frame table, a heading broken by hand, a text box, tracked changes; a web page's table
holding a small table in a cell.  The record must be the same: every cell right (or null with a warning),
the six sections found with their text, the title read once.
"""

from __future__ import annotations

import copy
import re

import pytest
from lxml import etree
from variants import cell_errors, content, exact_cell_errors, render_docx_edited, render_html_edited, w

SAMPLES = ("layout-word-2022", "format2019")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _flat(text: str) -> str:
    return "".join(text.split())


def _same_report(record: dict, truth: dict) -> None:
    assert cell_errors(record, truth) == []
    assert exact_cell_errors(record, truth) == []
    assert (record["agency"], record["year"]) == (truth["agency"], truth["year"])
    assert record["title"] == truth["title"]
    got = {s["key"]: s for s in record["sections"]}
    for section in truth["sections"]:
        assert got[section["key"]]["heading"] == section["heading"], section["key"]
        assert _flat(got[section["key"]]["text"]) == _flat(section["text"]), section["key"]
    assert [_flat(p) for p in record["preamble"]] == [_flat(p) for p in truth["preamble"]]


def _el(tag: str, **attrs) -> etree._Element:
    e = etree.Element(w(tag))
    for k, v in attrs.items():
        e.set(w(k), v)
    return e


def _wrap(el, tag: str = "sdt") -> None:
    """``el`` moved into a content control (w:sdt/w:sdtContent) standing in its place."""
    sdt = _el(tag)
    sdt.append(_el("sdtPr"))
    holder = _el("sdtContent")
    sdt.append(holder)
    el.addprevious(sdt)
    holder.append(el)


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _headings(root) -> list:
    return [p for p in root.find(w("body")).findall(w("p")) if re.match(r"^[一二三四五六]、", _text(p))]


# ------------------------------------------------------------------ Word
def _rows_in_controls(root) -> None:
    """Rows of every table inside content controls (a form template's repeating section)."""
    for tbl in root.iter(w("tbl")):
        for tr in tbl.findall(w("tr"))[3:]:
            _wrap(tr)


def _cells_in_controls(root) -> None:
    """The last cell of every body row inside a content control (a form field per total)."""
    for tbl in root.iter(w("tbl")):
        for tr in tbl.findall(w("tr"))[3:]:
            _wrap(tr.findall(w("tc"))[-1])


def _tables_in_frames(root) -> None:
    """Every table inside the one cell of a frame table (a bordered box), with an empty paragraph after it."""
    for tbl in root.find(w("body")).findall(w("tbl")):
        frame, tr, tc = _el("tbl"), _el("tr"), _el("tc")
        frame.append(tr)
        tr.append(tc)
        tbl.addprevious(frame)
        tc.append(tbl)
        tc.append(_el("p"))


def _headings_broken_by_hand(root) -> None:
    """Each long section heading wrapped by a manual line break (Shift+Enter) in its middle, the same bold."""
    for p in _headings(root):
        run = p.findall(w("r"))[0]
        text = run.find(w("t")).text
        if len(text) < 8:
            continue
        cut = len(text) // 2 + 1
        run.find(w("t")).text = text[:cut]
        rest = copy.deepcopy(run)
        rest.find(w("t")).text = text[cut:]
        brk = copy.deepcopy(run)
        brk.remove(brk.find(w("t")))
        brk.append(_el("br"))
        run.addnext(rest)
        run.addnext(brk)


def _title_in_a_text_box(root) -> None:
    """The title set in a text box, as Word stores one: a drawing (mc:Choice) and its VML copy (mc:Fallback)."""
    p0 = root.find(w("body")).find(w("p"))
    title = _text(p0)
    for r in p0.findall(w("r")):
        p0.remove(r)
    run = etree.SubElement(p0, w("r"))
    ac = etree.SubElement(run, f"{{{MC}}}AlternateContent")
    for holder in (etree.SubElement(etree.SubElement(ac, f"{{{MC}}}Choice", Requires="wps"), w("drawing")),
                   etree.SubElement(etree.SubElement(ac, f"{{{MC}}}Fallback"), w("pict"))):
        box_p = etree.SubElement(etree.SubElement(holder, w("txbxContent")), w("p"))
        etree.SubElement(etree.SubElement(box_p, w("r")), w("t")).text = title


def _tracked_changes(root) -> None:
    """Deleted text (w:del/w:delText) in every heading and before every number cell: it must not be read."""
    for p in _headings(root):
        gone = _el("del", id="1", author="a")
        run = etree.SubElement(gone, w("r"))
        etree.SubElement(run, w("delText")).text = "旧标题2019年"
        p.insert(1, gone)
    for tc in root.iter(w("tc")):
        p = tc.find(w("p"))
        if p is not None and re.fullmatch(r"\d+", _text(p)):
            gone = _el("del", id="2", author="a")
            etree.SubElement(etree.SubElement(gone, w("r")), w("delText")).text = "9"
            p.insert(0, gone)


DOCX_VARIANTS = {"rows-in-content-controls": _rows_in_controls, "cells-in-content-controls": _cells_in_controls,
                 "tables-in-frame-tables": _tables_in_frames, "headings-broken-by-hand": _headings_broken_by_hand,
                 "title-in-a-text-box": _title_in_a_text_box, "tracked-changes": _tracked_changes}


def test_text_box_paragraphs_stay_lines_of_their_own(tmp_path):
    """A text box of two paragraphs (agency, then the report's name) is read as two lines, each once."""
    truth = content("layout-word-2022")

    def two_paragraph_box(root) -> None:
        _title_in_a_text_box(root)
        for box in root.iter(w("txbxContent")):
            p = box.find(w("p"))
            t = p.find(f"{w('r')}/{w('t')}")
            t.text, rest = truth["agency"], t.text[len(truth["agency"]):]
            etree.SubElement(etree.SubElement(etree.SubElement(box, w("p")), w("r")), w("t")).text = rest

    record, _ = render_docx_edited(truth, two_paragraph_box, tmp_path)
    assert cell_errors(record, truth) == []
    assert (record["agency"], record["year"]) == (truth["agency"], truth["year"])
    assert record["title"].count(str(truth["year"])) <= 1


# ------------------------------------------------------------------ web pages
def _labels_boxed_in_cells(page: str) -> str:
    """Row labels of the data tables set in a one-cell table inside their cell (as Word pastes some cells)."""
    return re.sub(r'<p style="text-align:center">([^<\d][^<]{1,40})</p>',
                  r'<table width="100%"><tr><td>\1</td></tr></table>', page)


def _headings_wrapped_by_br(page: str) -> str:
    """Each long section heading wrapped by a <br> in the middle of its <strong> run."""
    def cut(m) -> str:
        text = m.group(2)
        return m.group(1) + text[:len(text) // 2 + 1] + "<br/>" + text[len(text) // 2 + 1:] + m.group(3)

    return re.sub(r'(<strong><span style="font-family:黑体">)([^<]{8,})(</span></strong>)', cut, page)


HTML_VARIANTS = {"labels-boxed-in-cells": _labels_boxed_in_cells, "headings-wrapped-by-br": _headings_wrapped_by_br}


MARKUP_VARIANTS = {**{f"docx-{k}": (render_docx_edited, f) for k, f in DOCX_VARIANTS.items()},
                   **{f"html-{k}": (render_html_edited, f) for k, f in HTML_VARIANTS.items()}}


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("variant", sorted(MARKUP_VARIANTS))
def test_markup_variants_read_the_same_report(variant, sample, tmp_path):
    """A Word file or web page marked up another way than the samples' reads as the same report."""
    truth = content(sample)
    render, edit = MARKUP_VARIANTS[variant]
    record, _ = render(truth, edit, tmp_path)
    _same_report(record, truth)


def test_br_between_a_heading_and_its_paragraph_still_breaks(tmp_path):
    """The old pages' <br>s between a bold heading and its paragraph (directly in the cell) keep them apart."""
    truth = content("format2019")
    record, _ = render_html_edited(truth, lambda page: page, tmp_path, form="gbk.html")
    _same_report(record, truth)
