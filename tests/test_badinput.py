"""Bad input: a specific exception from the API; one line and a non-zero exit from the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest
from badinputs import ALL

import reportparse


@pytest.mark.parametrize("name", sorted(ALL))
def test_api_raises_the_specific_error(name, tmp_path):
    make, code = ALL[name]
    with pytest.raises(reportparse.ReportParseError) as err:
        reportparse.parse(make(tmp_path))
    assert err.value.code == code
    assert str(err.value).startswith(str(tmp_path))


@pytest.mark.parametrize("name", sorted(ALL))
def test_cli_prints_one_line_and_fails(name, tmp_path):
    make, _ = ALL[name]
    path = make(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "reportparse.cli", "parse", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith(f"reportparse: {path}")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(reportparse.NotAPDFError):
        reportparse.parse(tmp_path / "nope.pdf")
    with pytest.raises(reportparse.NotAPDFError):
        reportparse.parse(tmp_path)


def test_text_that_is_not_a_report(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\n今天讨论了三件事情，第一是预算，第二是人事，第三是年度计划安排。\n", encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError):
        reportparse.parse(path)


def test_glyphs_without_unicode_count_as_no_text_layer(tmp_path):
    from reportparse.inputs import Source, require_text_layer

    source = Source(tmp_path / "cid.pdf", b"", "0" * 64, "pdf")
    with pytest.raises(reportparse.NoTextLayerError, match="cid"):
        require_text_layer(source, n_chars=3, n_images=0, n_pages=2, n_cid=900)
    require_text_layer(source, n_chars=400, n_images=0, n_pages=2, n_cid=900)  # readable pages: a warning only


def test_a_damaged_page_costs_that_page_only(monkeypatch):
    from pathlib import Path

    from reportparse.readers import pdf

    real = pdf.dedupe_chars
    calls = {"n": 0}

    def flaky(chars):
        calls["n"] += 1
        if calls["n"] == 5:  # the last page
            raise ValueError("bad content stream")
        return real(chars)

    monkeypatch.setattr(pdf, "dedupe_chars", flaky)
    sample = Path(__file__).resolve().parents[1] / "samples" / "layout-word-2022.pdf"
    record = reportparse.parse(sample).to_dict()
    bad = [w for w in record["warnings"] if w["code"] == "page_unreadable"]
    assert len(bad) == 1 and bad[0]["page"] == 5 and "bad content stream" in bad[0]["message"]
    assert record["agency"] and record["tables"]["applications"]["new"] is not None


def test_a_word_file_named_pdf_is_read_as_word(tmp_path):
    """The form is told by the bytes, not the name: a .docx saved as .pdf is read as the Word file it is."""
    from badinputs import docx_renamed_pdf

    record = reportparse.parse(docx_renamed_pdf(tmp_path)).to_dict()
    assert record["source"]["format"] == "docx" and record["source"]["pages"] is None
    assert [s["key"] for s in record["sections"]][:2] == ["overview", "active_disclosure"]


def test_a_final_accounts_document_is_not_a_report(tmp_path):
    """A 部门决算 with its own 一、…十一、 outline is refused by principle, naming what it is."""
    outline = ["一、部门基本情况", "本部门主要职责是……。", "二、收入支出决算总体情况说明", "2023年度收入合计100万元。",
               "三、财政拨款支出决算情况说明", "支出合计90万元。", "四、一般公共预算财政拨款基本支出决算情况说明",
               "人员经费80万元。", "五、其他重要事项的情况说明", "无。", "十一、名词解释", "财政拨款收入：……。"]
    path = tmp_path / "juesuan.txt"
    path.write_text("某某县财政局2023年度部门决算\n\n" + "\n".join(outline) + "\n", encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError) as err:
        reportparse.parse(path)
    assert "决算" in str(err.value) and "of the six standard section headings" in str(err.value)


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_bytes_after_the_end_marker_do_not_make_a_pdf_truncated(tmp_path, backend):
    """Websites append HTML or padding after %%EOF (issue 8, item 3): the PDF still reads, record unchanged."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "samples" / "layout-word-2022.pdf"
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(sample.read_bytes() + b"\n<html><body>" + b"<p>download</p>" * 1000 + b"</body></html>\n")
    got, want = (reportparse.parse(p, backend=backend).to_dict() for p in (padded, sample))
    assert got["tables"] == want["tables"] and got["sections"] == want["sections"]
