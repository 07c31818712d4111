"""A file of several reports (a county's 汇编 of its departments' reports, two years of one agency's in one
PDF): the first is read whole, the others are named by ``reports_several``, never run into its section 六
or its tables (sections.next_report, sections.first_report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from truth import cell_differences

import reportparse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "guyuan-hpf-2021.txt"


def _combined_pdf(tmp_path: Path, names: list[str]) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for name in names:
        src = pdfium.PdfDocument(SAMPLES / f"{name}.pdf")
        doc.import_pages(src)
        src.close()
    path = tmp_path / "combined.pdf"
    doc.save(path)
    doc.close()
    return path


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("first, second", [("layout-word-2022", "layout-gov-2024"),  # its title wrapped on two lines
                                           ("layout-wps-2023", "shapes-2022-jinjiang"),
                                           ("shapes-2019-shanghai", "layout-word-2022")])  # 2019 format, then 2021
def test_the_first_report_of_a_pdf_of_two_is_read_whole_and_the_other_named(tmp_path, first, second):
    record = reportparse.parse(_combined_pdf(tmp_path, [first, second])).to_dict()
    truth, other = _truth(first), _truth(second)
    assert (record["agency"], record["year"]) == (truth["agency"], truth["year"])
    assert cell_differences(record, truth) == []  # the second report's rows are not taken for the first's
    assert [s["text"] for s in record["sections"]] == [s["text"] for s in truth["sections"]]
    several = [w for w in record["warnings"] if w["code"] == "reports_several"]
    assert len(several) == 1 and several[0]["page"] == truth["source"]["pages"] + 1
    assert f"another report after this one, from '{other['title'][:40]}'" in several[0]["message"]
    assert not [w for w in record["warnings"] if w["code"] == "row_duplicate"]


def test_a_text_dump_of_three_reports_reads_the_first_and_counts_the_others(tmp_path):
    one = SEED.read_text(encoding="utf-8")
    agency = "固原市住房公积金管理中心"
    text = "\n\n".join([one, one.replace(agency, "固原市原州区人民政府"), one.replace(agency, "固原市自然资源局")])
    path = tmp_path / "three.txt"
    path.write_text(text, encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    alone = reportparse.parse(SEED).to_dict()
    assert record["agency"] == agency and record["sections"] == alone["sections"]
    assert record["tables"] == alone["tables"]
    several = [w["message"] for w in record["warnings"] if w["code"] == "reports_several"]
    assert several == ["the file holds 2 more reports after this one, from '固原市原州区人民政府2021年政府信息公开工作年度报告': "
                       "only the first is read (split the file to read each); their text is left out of this "
                       "report's sections"]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.pdf")) + sorted((SAMPLES / "forms").glob("*.docx"))
                         + [SEED], ids=lambda p: p.name)
def test_one_report_is_never_taken_for_several(path):
    record = reportparse.parse(path).to_dict()
    assert not [w for w in record["warnings"] if w["code"] == "reports_several"]
