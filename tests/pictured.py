"""What the tests of pictures of text read in their place ask of every sample, whatever holds the pictures (a
Word file: test_docx_pictures.py, a saved web page: test_html_pictures.py): read once, read as the truth.
Each check returns what differs, as readable lines, for the test to assert empty (pytest shows the lines)."""

from __future__ import annotations

import functools
from pathlib import Path

from truth import agency_ok, cell_differences, section_texts
from variants import cell_errors


@functools.cache
def read_once(path: Path):
    """(source, document, record) of a sample, read once for the run: a picture costs 1-4 s of OCR."""
    from reportparse.inputs import sniff
    from reportparse.pipeline import build
    from reportparse.readers import read

    source = sniff(path)
    doc = read(source)
    return source, doc, build(source, doc).to_dict()


def read_differences(record: dict, truth: dict, form: str) -> list[str]:
    """A wrong number said by no warning, any cell not right, not read by OCR, another form, pages, title or
    agency than the truth's."""
    out = [f"unflagged: {e}" for e in cell_errors(record, truth)] + cell_differences(record, truth)
    source = record["source"]
    if (source["ocr"], source["format"], source["pages"]) != (True, form, None):
        out.append(f"source: ocr {source['ocr']}, format {source['format']}, pages {source['pages']}")
    if record["title"] != truth["title"] or not agency_ok(record, truth):
        out.append(f"title, agency: {record['title']!r}, {record['agency']!r}")
    return out


def sections_differences(record: dict, truth: dict) -> list[str]:
    """Sections whose text (spaces aside) or subsection headings differ from the truth's."""
    got, want = section_texts(record), section_texts(truth)
    out = [f"section {k}: {got.get(k)!r} != {want[k]!r}" for k in want if got.get(k) != want[k]]
    out += [f"section {k}: not in the truth" for k in got if k not in want]
    for g, w in zip(record["sections"], truth["sections"]):
        heads = [s["heading"] for s in g["subsections"]], [s["heading"] for s in w["subsections"]]
        if heads[0] != heads[1]:
            out.append(f"section {g['key']} subsections: {heads[0]} != {heads[1]}")
    return out


def picture_warning_differences(record: dict, names: list[str]) -> list[str]:
    """Unless each picture read is warned ``image_text`` by its name, in order, with no page, saying how it was
    read and what it added, and nothing is unread or missing: what is otherwise."""
    read_ = [w for w in record["warnings"] if w["code"] == "image_text"]
    out = []
    if [w["message"].split(" (")[0] for w in read_] != [f"a picture {n}" for n in names]:
        out.append(f"pictures read: {[w['message'].split(' (')[0] for w in read_]}")
    out += [w["message"] for w in read_ if "page" in w or " px) read by OCR (rapidocr " not in w["message"]
            or "dpi as shown" not in w["message"] or "added in its place" not in w["message"]]
    out += [f"{w['code']}: {w['message']}" for w in record["warnings"]
            if w["code"] in ("image_unread", "table_missing", "rows_missing")]
    return out
