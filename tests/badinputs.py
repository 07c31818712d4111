"""Bad input files, written on demand, each with the error code reportparse must give it.

Every function takes a folder, writes one file into it and returns its path.
``ALL`` maps a name to ``(function, expected error code)``; the codes are the
``code`` attributes of the classes in ``reportparse.errors``::

    from tests.badinputs import ALL
    for name, (make, code) in ALL.items():
        path = make(tmp_path)
        with pytest.raises(ReportParseError) as e:
            reportparse.parse(path)
        assert e.value.code == code

Only reportlab, Pillow and olefile are needed; output is deterministic.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

REPORT_LINES = [
    "某县人民政府2023年政府信息公开工作年度报告",
    "一、总体情况",
    "2023年，县政府认真贯彻落实《中华人民共和国政府信息公开条例》，",
    "扎实推进政务公开工作。",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

NOTICE_LINES = [
    "关于召开全县安全生产工作会议的通知",
    "各乡镇人民政府，县直各有关单位：",
    "经县政府研究，决定召开全县安全生产工作会议。现将有关事项通知如下：",
    "一、会议时间",
    "2024年3月15日（星期五）上午9:00，会期半天。",
    "二、会议地点",
    "县政府三楼第一会议室。",
    "三、参会人员",
    "各乡镇分管负责同志，县直各有关单位主要负责同志。",
    "四、有关要求",
    "请参会人员提前10分钟到场签到，会议期间将手机调至静音状态。",
    "县人民政府办公室",
    "2024年3月8日",
]


def _text_pdf(lines: list[str], pages: int = 1, **canvas_kw) -> bytes:
    """A plain PDF with Chinese text (STSong-Light), lines repeated on each page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **canvas_kw)
    for n in range(1, pages + 1):
        c.setFont(FONT, 16)
        y = A4[1] - 100
        for line in lines:
            c.drawString(72, y, line)
            y -= 29
        c.setFont(FONT, 12)
        c.drawCentredString(A4[0] / 2, 48, f"- {n} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def _write(folder, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def zero_byte(folder) -> Path:
    """An empty file named .pdf (a failed download)."""
    return _write(folder, "zero-byte.pdf", b"")


def truncated_pdf(folder) -> Path:
    """A real two-page report-like PDF cut in half: no xref, no trailer, no %%EOF."""
    data = _text_pdf(REPORT_LINES, pages=2)
    return _write(folder, "truncated.pdf", data[: len(data) // 2])


def encrypted_pdf(folder) -> Path:
    """A report-like PDF that needs the user password 'secret' to open."""
    return _write(folder, "encrypted.pdf", _text_pdf(REPORT_LINES, encrypt="secret"))


def image_only_pdf(folder) -> Path:
    """A 'scanned' page: one grey raster image of text-like bars, no text layer at all."""
    rng = random.Random(7)
    w, h = 620, 877  # A4 at 75 dpi
    img = Image.new("L", (w, h), 246)
    draw = ImageDraw.Draw(img)
    draw.rectangle((150, 80, 470, 100), fill=40)  # the title
    y = 140
    while y < h - 100:
        indent = 35 if rng.random() < 0.2 else 0
        right = w - 80 if rng.random() < 0.8 else rng.randint(200, w - 100)
        for x in range(80 + indent, right, 17):  # one block per character
            draw.rectangle((x, y, x + 13, y + 14), fill=rng.randint(30, 90))
        y += 30
    for _ in range(800):  # scanner speckle
        x, yy = rng.randrange(w), rng.randrange(h)
        draw.point((x, yy), fill=rng.randint(120, 200))
    png = io.BytesIO()
    img.save(png, format="PNG", optimize=True)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return _write(folder, "image-only.pdf", buf.getvalue())


def not_a_report_pdf(folder) -> Path:
    """A readable Chinese PDF (a meeting notice) that is not an annual report."""
    return _write(folder, "not-a-report.pdf", _text_pdf(NOTICE_LINES))


def docx_renamed_pdf(folder) -> Path:
    """A minimal .docx (a zip: [Content_Types].xml, _rels/.rels, word/document.xml) saved as .pdf."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in REPORT_LINES)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{w}"><w:body>{paras}</w:body></w:document>'),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # fixed time: same bytes every run
            z.writestr(info, text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return _write(folder, "docx-renamed.pdf", buf.getvalue())


def broken_ole(folder) -> Path:
    """A legacy Office/WPS binary (.doc, .xls) saved as .pdf, cut to its OLE2 signature and padding: no header,
    no directory."""
    return _write(folder, "broken-ole.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))


DOC_SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "doc" / "trial-gulou-2020.doc"


def ole_spreadsheet(folder) -> Path:
    """An OLE2 file that is no Word document, named .doc: a sample .doc whose WordDocument stream is renamed
    Workbook in the directory, as an .xls or WPS .et holds it."""
    data = bytearray(DOC_SAMPLE.read_bytes())
    name = "WordDocument".encode("utf-16-le")
    at = data.find(name)
    assert at >= 0 and data[at + 64:at + 66] == b"\x1a\x00"  # a directory entry: name, then its length in bytes
    data[at:at + 66] = "Workbook".encode("utf-16-le").ljust(64, b"\0") + b"\x12\x00"
    return _write(folder, "sheet.doc", bytes(data))


def encrypted_doc(folder) -> Path:
    """A sample .doc with its FIB's fEncrypted flag set, as Word's 用密码进行加密 leaves it."""
    import olefile

    path = _write(folder, "encrypted.doc", DOC_SAMPLE.read_bytes())
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        word[0x0B] |= 0x01  # FibBase flags at 0x0A: bit 8, fEncrypted
        ole.write_stream("WordDocument", bytes(word))
    return path


def ofd_without_document(folder) -> Path:
    """An OFD (版式文档) saved as .pdf whose OFD.xml names no document: a zip holding only OFD.xml."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("OFD.xml", date_time=(2024, 1, 1, 0, 0, 0)),
                   b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
    return _write(folder, "ofd-renamed.pdf", buf.getvalue())


def xlsx_file(folder) -> Path:
    """A spreadsheet (a zip with xl/workbook.xml) named .pdf."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("xl/workbook.xml", date_time=(2024, 1, 1, 0, 0, 0)), b"<workbook/>")
    return _write(folder, "sheet.pdf", buf.getvalue())


def presentation_file(folder) -> Path:
    """A presentation (a zip with ppt/presentation.xml) named .pdf."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("ppt/presentation.xml", date_time=(2024, 1, 1, 0, 0, 0)), b"<presentation/>")
    return _write(folder, "slides.pdf", buf.getvalue())


def jpeg_file(folder) -> Path:
    """A photo of a page (JPEG) named .pdf: a report published as pictures of its pages, one saved as a PDF."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (64, 90), 255).save(buf, format="JPEG")
    return _write(folder, "page-photo.pdf", buf.getvalue())


def random_bytes(folder) -> Path:
    """4 KiB of seeded garbage named .pdf (never starts with %PDF)."""
    data = random.Random(1234).randbytes(4096)
    return _write(folder, "random-bytes.pdf", b"\x00" + data[1:])


ALL = {
    "zero_byte": (zero_byte, "not_pdf"),
    "truncated_pdf": (truncated_pdf, "corrupt"),
    "encrypted_pdf": (encrypted_pdf, "encrypted"),
    "image_only_pdf": (image_only_pdf, "no_text_layer"),
    "not_a_report_pdf": (not_a_report_pdf, "not_a_report"),
    "broken_ole": (broken_ole, "corrupt"),
    "ole_spreadsheet": (ole_spreadsheet, "unsupported_format"),
    "encrypted_doc": (encrypted_doc, "encrypted"),
    "ofd_without_document": (ofd_without_document, "corrupt"),
    "xlsx_renamed_pdf": (xlsx_file, "not_pdf"),
    "pptx_renamed_pdf": (presentation_file, "not_pdf"),
    "jpeg_named_pdf": (jpeg_file, "unsupported_format"),
    "random_bytes": (random_bytes, "not_pdf"),
}
