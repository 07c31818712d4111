"""Every published form besides PDF: the samples made by samples/make_forms.py against their truth.

Web pages (UTF-8 and GBK), Word files, crawler text (cells run together, or spaced) and markdown are
rendered from the same report contents as the sample PDFs and a 2019-format report; each must give
the same record.  Crawler text keeps no paragraph boundaries, so its text is compared without
whitespace; its cells must be right or, where its glued runs read several ways, null with a
``cells_ambiguous`` warning naming the row.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from truth import broken_rules, cell_differences, failed_rules, identity_differences, section_texts

import reportparse

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "samples" / "forms"
GOLDEN = Path(__file__).parent / "golden" / "forms"
TRUTHS = sorted(FORMS.glob("*.truth.json"))
sys.path.insert(0, str(ROOT / "samples"))


def _truth(name: str) -> dict:
    return json.loads((FORMS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[t.name for t in TRUTHS])
def case(request):
    truth = _truth(request.param)
    return reportparse.parse(FORMS / truth["file"]).to_dict(), truth


def test_the_forms_exist():
    kinds = {t.name.split(".", 1)[1].removesuffix(".truth.json") for t in TRUTHS}
    assert {"html", "gbk.html", "docx", "crawl-glued.txt", "crawl-spaced.txt", "md"} <= kinds


def test_cells_right_or_flagged(case):
    record, truth = case
    flagged = {w["message"].split(":")[0] for w in record["warnings"] if w["code"] == "cells_ambiguous"}
    wrong = []
    for diff in cell_differences(record, truth):
        where = diff.split(":")[0]
        table_row = ".".join(where.split(".")[:2])
        crawled = ".crawl-" in truth["file"]
        if not (crawled and diff.endswith("got None") and (table_row in flagged or where.split(".")[0] in flagged)):
            wrong.append(diff)
    assert wrong == []
    if ".crawl-" not in truth["file"]:
        assert not flagged


def test_a_merged_cells_padding_is_no_extra_cell(case):
    """Markdown of a web table whose colspans were lost pads a short row with blank cells (| 行政许可 | 0 |  |  |):
    they are no cells of the row, and no ``cell_count`` warning says otherwise."""
    record, truth = case
    if ".crawl-" not in truth["file"]:
        assert [w["message"] for w in record["warnings"] if w["code"] == "cell_count"] == []


def test_identity_and_format(case):
    record, truth = case
    assert identity_differences(record, truth) == []
    assert record["source"]["pages"] is None


def test_checks_flag_exactly_the_broken_relations(case):
    record, truth = case
    assert failed_rules(record) == broken_rules(truth)


def test_text(case):
    record, truth = case
    flat = lambda s: "".join(s.split())  # noqa: E731
    assert [flat(p) for p in record["preamble"]] == [flat(p) for p in truth["preamble"]] or (
        ".crawl-" in truth["file"] and flat("".join(record["preamble"])) == flat("".join(truth["preamble"])))
    got = section_texts(record)
    for section in truth["sections"]:
        assert got.get(section["key"]) == flat(section["text"]), section["key"]
        printed = next(s for s in record["sections"] if s["key"] == section["key"])
        if ".crawl-" not in truth["file"]:
            assert printed["text"].split("\n") == section["text"].split("\n")
        if ".crawl-glued" in truth["file"] and not all(s["heading_inline"] for s in section["subsections"]):
            continue  # glued text does not show where a head that stood on its own line ends
        assert [s["heading"] for s in printed["subsections"]] == [s["heading"] for s in section["subsections"]]
        assert [s["heading_inline"] for s in printed["subsections"]] == [
            s["heading_inline"] for s in section["subsections"]]


@pytest.mark.parametrize("name", [t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_the_script_writes_these_bytes(name):
    """The samples are the script's output: rendering again gives the committed bytes."""
    import make_forms

    stem, suffix = name.split(".", 1)
    content = make_forms._2019_truth() if stem.startswith("format2019") else make_forms.pdf_sample_content(stem)
    render = make_forms.FORMS[suffix][0]
    assert render(content) == (FORMS / name).read_bytes()


def _stable(record: dict) -> dict:
    record = json.loads(json.dumps(record, ensure_ascii=False))
    record["source"]["path"] = Path(record["source"]["path"]).name
    return record


@pytest.mark.parametrize("name", [t.name.removesuffix(".truth.json") for t in TRUTHS])
def test_matches_golden(name):
    """Written by the code, checked by a person against the page, frozen (``--regenerate`` after a change)."""
    golden = GOLDEN / f"{name}.json"
    assert golden.exists(), f"no golden record for {name}: python tests/test_forms.py --regenerate"
    assert _stable(reportparse.parse(FORMS / name).to_dict()) == json.loads(golden.read_text(encoding="utf-8"))


if __name__ == "__main__" and "--regenerate" in sys.argv:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for t in TRUTHS:
        name = t.name.removesuffix(".truth.json")
        record = _stable(reportparse.parse(FORMS / name).to_dict())
        (GOLDEN / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")
        print("wrote", GOLDEN / f"{name}.json")


@pytest.mark.parametrize("content_type", [
    "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
])
def test_a_macro_enabled_document_or_a_template_reads_as_the_docx(tmp_path, content_type):
    """python-docx refuses these by their main part's content type ("not a Word file"), which read as a damaged
    file; their body is a .docx's, and so is their record."""
    import io
    import zipfile

    src = FORMS / "layout-word-2022.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
                assert main in data
                data = data.replace(main, content_type.encode())
            zout.writestr(item, data)
    path = tmp_path / "report.docm"
    path.write_bytes(out.getvalue())
    record, docx = reportparse.parse(path).to_dict(), reportparse.parse(src).to_dict()
    assert record["source"]["format"] == "docx"
    assert {k: v for k, v in record.items() if k not in ("source", "report_id")} == {
        k: v for k, v in docx.items() if k not in ("source", "report_id")}


def test_a_word_file_importing_the_web_page_whole_reads_as_the_page():
    """html-docx-js and other "export to Word" tools write a .docx whose body is one w:altChunk holding the page as
    MHT: it was 'the Word file holds almost no text'; it is the page's record, its title the page's."""
    chunked = reportparse.parse(FORMS / "layout-word-2022.altchunk.docx").to_dict()
    page = reportparse.parse(FORMS / "layout-word-2022.html").to_dict()
    assert chunked["source"]["format"] == "docx"
    assert {k: v for k, v in chunked.items() if k not in ("source", "report_id")} == {
        k: v for k, v in page.items() if k not in ("source", "report_id")}


def test_a_package_without_core_properties_has_no_made_up_title(tmp_path):
    """python-docx makes up core properties titled "Word Document" for a package without docProps/core.xml; that
    is no title to stand in for a missing one."""
    import io
    import re
    import zipfile

    from reportparse.inputs import sniff
    from reportparse.readers import read

    out = io.BytesIO()
    with zipfile.ZipFile(FORMS / "layout-word-2022.docx") as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename != "docProps/core.xml":
                data = zin.read(item.filename)
                if item.filename == "_rels/.rels":  # the package's relationship to its core properties, gone too
                    data = re.sub(rb'<Relationship [^>]*core-properties[^>]*/>', b"", data)
                zout.writestr(item, data)
    path = tmp_path / "nocore.docx"
    path.write_bytes(out.getvalue())
    assert read(sniff(path)).meta.title is None


def test_a_word_part_that_inflates_past_the_limit_is_refused_before_inflating(monkeypatch):
    from reportparse.errors import TooLargeError
    from reportparse.readers import docx

    monkeypatch.setattr(docx, "MEMBER_LIMIT", 1000)  # word/document.xml of the sample is larger
    with pytest.raises(TooLargeError, match="inflates to"):
        reportparse.parse(FORMS / "layout-word-2022.docx")
