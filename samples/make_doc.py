"""Word 97-2003 binary files (.doc) made by a real producer from the sample Word files, each with its truth.

    python samples/make_doc.py            # writes samples/doc/*; NEEDS LibreOffice (soffice)
    python samples/make_doc.py STEM...    # only those (e.g. features-huangpu-2020), leaving the others' bytes

Chinese agencies publish their reports as .doc (and WPS .wps, the same binary format) attachments as often
as .docx.  Hand-written binaries would only test our reading of the spec against itself, so the samples are
converted by LibreOffice's "MS Word 97" export filter (``soffice --headless --convert-to doc``), one of the
programs that writes these files in the wild:

- every ``.docx`` of ``samples/forms/`` and ``samples/older/`` (make_forms.py, make_older.py) becomes
  ``<stem>.doc``: paragraphs, bold run-in heads, tables whose merged cells (申请人情况 across 7 columns,
  三、本年度办理结果 down 20 rows) become the binary format's cell boundaries and vertical-merge flags;
- ``features-huangpu-2020.doc`` is the 2019-format 黄浦区 report with what a reader must keep out of, or
  read through in, the body: a running header and a footer with a PAGE field (stored outside the main
  text), a footnote on a paragraph of section 一 (its text stored apart, its reference mark in the body),
  a HYPERLINK field around 《中华人民共和国政府信息公开条例》 in the preamble (the field code must go, the
  result stay), the title broken by a manual line break (``上海市黄浦区人民政府`` ↵ ``2020年…年度报告``), and
  the headings' 一、…六、 and section 一's （一）…（三） printed by list numbering, not in the text;
- ``framed-word-2022.doc`` is layout-word-2022's content inside a one-cell frame table, as some sites'
  templates set a report: the report's tables are nested tables (depth 2) in the frame's cell.

Each ``.doc`` gets a ``<file>.truth.json``: the truth of the Word file it came from (the same content),
with the file's own name, sha256 and format ``doc``.  The tests do not need soffice: the files are
committed.  LibreOffice stamps the time into the files, so a rerun changes their bytes (and truths' hashes)
but not what they hold; run it only to add or replace a sample (Debian:
``apt-get install --no-install-recommends libreoffice-writer-nogui``).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "doc"
SOURCES = sorted((HERE / "forms").glob("*.docx")) + sorted((HERE / "older").glob("*.docx"))
FEATURES = "features-huangpu-2020"
FRAMED, FRAMED_FROM = "framed-word-2022", "layout-word-2022"
FOOTNOTE = "含区政府部门和街道办事处制发的规范性文件。"
HEADER = "上海市黄浦区人民政府办公室"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def convert(src: Path, work: Path) -> Path:
    """``src`` converted to .doc by LibreOffice, in ``work`` (with a profile of its own, so that a soffice
    another user has open does not take the job)."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "doc",
                    "--outdir", str(work), str(src)], check=True, capture_output=True, timeout=300)
    return work / (src.stem + ".doc")


def truth_for(doc: Path, docx_truth: dict, origin: str) -> dict:
    truth = dict(docx_truth)
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    truth.update(file=doc.name, report_id=digest[:16],
                 source={"path": doc.name, "sha256": digest, "format": "doc", "pages": None})
    truth["conventions"] = (f"{origin} converted to Word 97-2003 (.doc) by LibreOffice (samples/make_doc.py); "
                            "its truth is that Word file's: the same content.")
    return truth


# ------------------------------------------------------------------ the features sample
def features_docx() -> bytes:
    """The 2019-format report as make_forms writes it, plus a header, a footer with a PAGE field, a footnote,
    a HYPERLINK field and a title broken by hand."""
    import docx
    from docx.oxml import parse_xml

    sys.path.insert(0, str(HERE))
    import make_forms

    document = docx.Document(io.BytesIO(make_forms.render_docx(make_forms._2019_truth())))
    ns = f'xmlns:w="{_W}"'
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.text = "第 "
    footer._p.append(parse_xml(f'<w:fldSimple {ns} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" 页")

    paragraphs = document.paragraphs
    title = paragraphs[0]
    run = title.runs[0]
    agency, rest = run.text.split("2020", 1)
    run.text = agency
    run._r.append(parse_xml(f"<w:br {ns}/>"))
    run._r.append(parse_xml(f'<w:t {ns}>2020{rest}</w:t>'))

    law = "《中华人民共和国政府信息公开条例》"
    preamble = next(p for p in paragraphs if law in p.text)
    before, after = preamble.text.split(law, 1)
    for r in list(preamble.runs):
        r._r.getparent().remove(r._r)
    preamble.add_run(before)
    for xml in (f'<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                (f'<w:r {ns}><w:instrText xml:space="preserve"> HYPERLINK "https://www.gov.cn/zhengce/content/'
                 f'2019-04/15/content_5382991.htm" </w:instrText></w:r>'),
                f'<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {ns}><w:t>{law}</w:t></w:r>',
                f'<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        preamble._p.append(parse_xml(xml))
    preamble.add_run(after)

    _number_headings(document, paragraphs)
    noted = next(p for p in paragraphs if "规范性文件12件" in p.text)
    head, tail = noted.runs[-1].text.split("规范性文件12件", 1)
    noted.runs[-1].text = head + "规范性文件12件"
    noted._p.append(parse_xml(f'<w:r {ns}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                              f'<w:footnoteReference w:id="1"/></w:r>'))
    noted.add_run(tail)
    buf = io.BytesIO()
    document.save(buf)
    return _with_footnote(buf.getvalue())


def framed_docx() -> bytes:
    """layout-word-2022's content inside a one-cell frame table (as some sites' templates set a report): the
    report's tables are nested in the frame's cell."""
    import docx
    from docx.shared import Pt

    sys.path.insert(0, str(HERE))
    import make_forms

    document = docx.Document()
    document.core_properties.title = ""
    frame = document.add_table(rows=1, cols=1)
    frame.style = "Table Grid"
    cell = frame.cell(0, 0)
    first = True
    for kind, content in make_forms.blocks(make_forms.pdf_sample_content(FRAMED_FROM)):
        if kind == "table":
            matrix = make_forms.expand(content)
            table = cell.add_table(rows=len(matrix), cols=len(matrix[0]))
            table.style = "Table Grid"
            make_forms._merge_docx(table, content)
            continue
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if kind == "title":
            run = p.add_run(content)
            run.bold = True
            run.font.size = Pt(22)
        elif kind == "heading":
            p.add_run(content).bold = True
        elif isinstance(content, tuple):
            p.add_run(content[0]).bold = True
            p.add_run(content[1])
        else:
            p.add_run(content)
    cell.add_paragraph()  # a cell ends with a paragraph, not a table
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _number_headings(document, paragraphs) -> None:
    """The six headings' 一、 and section 一's run-in （一） printed by Word's list numbering (chineseCounting),
    taken out of their text, as many agencies' templates number them: the headings by their paragraph style
    (a heading style that names the list), the run-in heads by their own numbering."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    ns = f'xmlns:w="{_W}"'
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                     f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
                     for k, text in enumerate(("%1、", "（%2）")))
    first_num = next((i for i, el in enumerate(numbering) if el.tag == f"{{{_W}}}num"), len(numbering))
    numbering.insert(first_num, parse_xml(f'<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType '
                                          f'w:val="multilevel"/>{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    heading_style = document.styles.add_style("ReportHeading", WD_STYLE_TYPE.PARAGRAPH)
    heading_style.base_style = document.styles["Normal"]
    heading_style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="90"/>'
                                                            '</w:numPr>'))
    for p in paragraphs:
        head = re.match(r"[一二三四五六]、|（[一二三四五六]）", p.text)
        if not head or not p.runs or not p.runs[0].text.startswith(head.group()):
            continue
        p.runs[0].text = p.runs[0].text[len(head.group()):]
        if head.group().endswith("、"):
            p.style = heading_style
        else:
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="1"/><w:numId w:val="90"/>'
                                                   '</w:numPr>'))


def _with_footnote(data: bytes) -> bytes:
    """The package with a footnotes part holding footnote 1 (python-docx writes none)."""
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
                 '</w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
                 f'</w:r><w:r><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif name == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdFootnotes1" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            z.writestr(name, body)
        z.writestr("word/footnotes.xml", footnotes.encode("utf-8"))
    return out.getvalue()


def main(stems: list[str]) -> int:
    if shutil.which("soffice") is None:
        print("make_doc.py needs LibreOffice's soffice (Debian: apt-get install --no-install-recommends "
              "libreoffice-writer-nogui); nothing written", file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for src in SOURCES:
            if stems and src.stem not in stems:
                continue
            doc = OUT / f"{src.stem}.doc"
            shutil.move(convert(src, work), doc)
            docx_truth = json.loads((src.parent / f"{src.name}.truth.json").read_text(encoding="utf-8"))
            _write_truth(doc, truth_for(doc, docx_truth, f"samples/{src.parent.name}/{src.name}"))
        if not stems or FRAMED in stems:
            src = work / f"{FRAMED}.docx"
            src.write_bytes(framed_docx())
            doc = OUT / f"{FRAMED}.doc"
            shutil.move(convert(src, work), doc)
            content = json.loads((HERE / "forms" / f"{FRAMED_FROM}.docx.truth.json").read_text(encoding="utf-8"))
            _write_truth(doc, truth_for(doc, content, f"samples/forms/{FRAMED_FROM}.docx's content set inside a "
                                                      "one-cell frame table, its tables nested in the frame's cell "
                                                      "(make_doc.framed_docx)"))
        if stems and FEATURES not in stems:
            return 0
        src = work / f"{FEATURES}.docx"
        src.write_bytes(features_docx())
        doc = OUT / f"{FEATURES}.doc"
        shutil.move(convert(src, work), doc)
        content = json.loads((HERE / "forms" / "format2019-huangpu-2020.docx.truth.json").read_text(encoding="utf-8"))
        _write_truth(doc, truth_for(doc, content, "samples/forms/format2019-huangpu-2020.docx with a header, a "
                                                  "footer's PAGE field, a footnote, a HYPERLINK field and a title "
                                                  "broken by hand (make_doc.features_docx)"))
    return 0


def _write_truth(doc: Path, truth: dict) -> None:
    (OUT / f"{doc.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                                encoding="utf-8")
    print("wrote", doc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
