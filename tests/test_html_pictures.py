"""Tables and paragraphs shown as pictures in a saved web page, read by OCR in their place in the article.

readers/html_pictures.py finds the bytes of each ``<img>`` of the article where the page holds them (a .mht
part, a ``data:`` URI, a file saved beside the page) and reads each large enough to hold text as a Word
file's pictures are read (readers/pictures.py).  The samples are made by samples/make_html_pictures.py from
the web pages of samples/forms/; each truth is the source page's.  Reading one picture costs 1-4 s, so each
sample is read once (``pictured.read_once``) and rebuilt from its document where a test changes something after the reader.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from pictured import picture_warning_differences, read_differences, read_once, sections_differences
from test_badinput import _PAGE
from test_docx_pictures import _refuse, _unavailable
from truth import cell_differences, section_texts

import reportparse
from reportparse.batch import _inputs
from reportparse.inputs import Source
from reportparse.pipeline import build
from reportparse.readers import html_pictures, ocr, ocr_checks, pictures
from reportparse.readers.html import read_html
from fonts import needs_sample_font

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "html_pictures"
FORMS = ROOT / "samples" / "forms"
WEB = ROOT / "samples" / "web"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")

# sample -> the pictures read (holding text), by the names the warnings give them
READ = {
    "pictures-word-2022.mht": ["http://www.hzxh.gov.cn/picture/0/230125103001.png", "/picture/0/230125103002.png",
                               "cid:image003@hzxh"],  # whole, relative to the page's Content-Location, by Content-ID
    "pictures-gov-2024.gbk.html": [f"pictures-gov-2024.gbk_files/image{i:03d}.{x}" for i, x in
                                   ((1, "png"), (2, "png"), (3, "jpg"), (4, "jpg"), (5, "png"))],
    "pictures-huangpu-2020.html": ["data:image/png #1", "data:image/jpeg #2"],  # the photo (#3) holds no text
}


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(READ))
def sample(request):
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    return request.param, read_once(SAMPLES / request.param)[2]


# ------------------------------------------------------------------ read with the engine
@needs_ocr
def test_every_cell_section_and_picture_is_the_truths(sample):
    """Every cell right (never a wrong number silently), the sections' text and subsection heads the truth's,
    each picture holding text read and named by ``image_text``, nothing unread or missing."""
    name, record = sample
    truth = _truth(name)
    assert read_differences(record, truth, "html") == []
    assert sections_differences(record, truth) == []
    assert picture_warning_differences(record, READ[name]) == []


@needs_ocr
def test_what_each_picture_added_and_how_it_was_shown_is_said():
    messages = [w["message"] for w in read_once(SAMPLES / "pictures-huangpu-2020.html")[2]["warnings"] if w["code"] == "image_text"]
    assert messages[0].endswith("150 dpi as shown): 106 characters, 2 paragraphs added in its place")  # no cells
    assert "1 table added in its place; 34 table cells in it read by OCR" in messages[1]
    gov = {w["message"].split(" (")[0]: w["message"] for w in read_once(SAMPLES / "pictures-gov-2024.gbk.html")[2]["warnings"]
           if w["code"] == "image_text"}
    assert "200 dpi as shown)" in gov["a picture pictures-gov-2024.gbk_files/image001.png"]  # width/height
    assert "(793×701 px)" in gov["a picture pictures-gov-2024.gbk_files/image003.jpg"]  # no size: CSS pixels
    assert "96 dpi as shown, read at 150)" in gov["a picture pictures-gov-2024.gbk_files/image003.jpg"]
    assert "175 dpi as shown)" in gov["a picture pictures-gov-2024.gbk_files/image005.png"]  # style="width:…pt"


@needs_ocr
def test_a_photo_adds_nothing():
    """The huangpu page ends in a photo (data: URI, 220 × 130 pt): a candidate, read, no text in it."""
    _, doc, record = read_once(SAMPLES / "pictures-huangpu-2020.html")
    assert not [w for w in record["warnings"] if "#3" in w["message"]]
    assert doc.lines[-1].text == "本年度无其他需要报告的事项。"


@needs_ocr
def test_the_ocr_cells_are_the_pictured_tables_and_each_names_its_picture(monkeypatch):
    """Every cell of a pictured table is matched to its OCR reading (the pictures stacked on page 1), and no
    cell of an HTML table is: with every score made too low, exactly the pictured tables' cells are flagged."""
    source, doc, _ = read_once(SAMPLES / "pictures-word-2022.mht")
    assert doc.ocr and doc.ocr_cells and all(c.page == 1 for c in doc.ocr_cells)
    assert {c.picture for c in doc.ocr_cells} == set(READ["pictures-word-2022.mht"])
    monkeypatch.setattr(ocr_checks, "CELL_THRESHOLD", 1.01)
    record = build(source, doc).to_dict()
    flagged = [w["message"] for w in record["warnings"] if w["code"] == "ocr_uncertain"]
    keys = {m.split(":")[0] for m in flagged}
    truth = _truth("pictures-word-2022.mht")["tables"]
    assert {k.split(".")[0] for k in keys} == {"active_disclosure", "applications"}  # not review_litigation
    assert {k for k in keys if k.startswith("applications.")} == {
        f"applications.{row}.{col}" for row, cols in truth["applications"].items() for col in (cols or {})}
    assert all(re.search(r"\(in the picture (http://|/picture/|cid:)\S+\)$", m) for m in flagged)
    assert not [w for w in record["warnings"] if "page" in w]  # a web page has no pages


@needs_sample_font
@needs_ocr
def test_a_report_shown_as_pictures_of_its_pages_reads_whole(tmp_path):
    """A page of the report's title over pictures of its five pages (written here, not a sample): the article is
    the whole page (its text is too short to tell), each page is read in turn, its page number dropped, the
    tables stitched across pictures as across PDF pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(ROOT / "samples" / "layout-word-2022.pdf")
    imgs = []
    for page in pdf:
        buf = io.BytesIO()
        page.render(scale=150 / 72).to_pil().convert("L").save(buf, format="PNG")
        imgs.append(f'<p><img src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}" width="794"></p>')
    pdf.close()
    path = tmp_path / "pages.html"
    path.write_text(_PAGE.format(body="".join(imgs)).replace("某某区人民政府2023", "杭州市西湖区人民政府办公室2022"),
                    encoding="utf-8")
    record = reportparse.parse(path).to_dict()
    truth = json.loads((ROOT / "samples" / "layout-word-2022.truth.json").read_text(encoding="utf-8"))
    assert cell_differences(record, truth) == []
    assert section_texts(record) == section_texts(truth)
    assert [w["code"] for w in record["warnings"]] == ["image_text"] * 5


# ------------------------------------------------------------------ without the engine, or without OCR
def test_without_the_engine_each_picture_is_named_and_the_tables_stay_missing(monkeypatch):
    monkeypatch.setattr(ocr, "engine", _unavailable)
    monkeypatch.setattr(ocr, "read_pixels", _refuse)
    record = reportparse.parse(SAMPLES / "pictures-gov-2024.gbk.html").to_dict()
    unread = [w for w in record["warnings"] if w["code"] == "image_unread"]
    names = READ["pictures-gov-2024.gbk.html"]  # each picture the page holds, large enough, in page order
    assert [w["message"].split(" (")[0] for w in unread] == [f"a picture {n}" for n in names]
    assert unread[2]["message"].startswith(f"a picture {names[2]} (793×701 px) may show text (a table or a paragraph")
    assert all("pip install 'reportparse[ocr]'" in w["message"] and "page" not in w for w in unread)
    assert len([w for w in record["warnings"] if w["code"] == "table_missing"]) == 3
    assert record["source"]["ocr"] is False
    assert section_texts(record) == section_texts(_truth("pictures-gov-2024.gbk.html"))


def test_ocr_never_reads_no_picture(monkeypatch):
    monkeypatch.setattr(ocr, "engine", _refuse)
    monkeypatch.setattr(pictures.PictureReader, "read", _refuse)
    monkeypatch.setattr(html_pictures.Stored, "get", _refuse)  # not even looked for
    record = reportparse.parse(SAMPLES / "pictures-huangpu-2020.html", ocr="never").to_dict()
    assert not [w for w in record["warnings"] if w["code"].startswith(("image_", "ocr_"))]
    assert "黄浦区人民政府认真贯彻落实" not in section_texts(record)["overview"]
    assert not record["tables"].get("review_litigation") and record["source"]["ocr"] is False
    with pytest.raises(ValueError, match="unknown ocr mode 'sometimes'"):  # and a mode it does not know is refused
        reportparse.parse(SAMPLES / "pictures-huangpu-2020.html", ocr="sometimes")


def _pages() -> list[Path]:
    return sorted([*WEB.glob("*.html"), *FORMS.glob("*.html")])


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.name)
def test_web_pages_without_pictures_of_text_read_as_before_and_render_nothing(monkeypatch, path):
    """The web and forms samples (a banner /images/top.jpg, WeChat's data-src pictures) read as their truths
    with no picture read, nothing warned about pictures, no OCR."""
    monkeypatch.setattr(ocr, "engine", _refuse)
    monkeypatch.setattr(ocr, "read_pixels", _refuse)
    monkeypatch.setattr(pictures.PictureReader, "_read", _refuse)
    record = reportparse.parse(path).to_dict()
    truth = json.loads(path.with_name(f"{path.name}.truth.json").read_text(encoding="utf-8"))
    assert cell_differences(record, truth) == []
    assert section_texts(record) == section_texts(truth)
    assert not [w for w in record["warnings"] if w["code"].startswith(("image_", "ocr_"))]
    assert record["source"]["ocr"] is False


def _page(tmp_path: Path, name: str, html: list[str | None], source: str = "layout-word-2022.html") -> Path:
    """A copy of a forms/ page with its data tables replaced by ``html``, in turn (None: the table kept)."""
    page = (FORMS / source).read_text(encoding="utf-8")
    tables = list(re.finditer(r"<table\b.*?</table>", page, re.DOTALL))
    for k, m in reversed(list(enumerate(tables))):
        if html[k] is not None:
            page = page[:m.start()] + html[k] + page[m.end():]
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path


def test_pictures_only_addressed_are_summed_up_once_where_tables_are_missing(monkeypatch, tmp_path):
    """A page whose tables are pictures on the web (not saved with it): one image_unread says how many, a logo
    and an icon are not counted, and nothing is fetched."""
    monkeypatch.setattr(ocr, "engine", _refuse)
    pictured = ['<p><img src="http://www.hzxh.gov.cn/picture/0/table1.png" width="600" height="260"></p>',
                '<p><img src="/picture/0/table2.png"><img src="/images/icon.gif" width="16" height="16"></p>',
                '<p><img src="table3.png" style="width:600px"><img src="logo.png" width="120"></p>']
    record = reportparse.parse(_page(tmp_path, "remote.html", pictured)).to_dict()
    unread = [w["message"] for w in record["warnings"] if w["code"] == "image_unread"]
    assert unread == [("3 picture(s) of the article are not saved with the page, only addressed "
                       "(http://www.hzxh.gov.cn/picture/0/table1.png …): not read; if they show the report's tables, "
                       "save the page with its pictures (a .mht web archive, or 'web page, complete') and parse that")]
    assert len([w for w in record["warnings"] if w["code"] == "table_missing"]) == 3
    one = _page(tmp_path, "one.html", [None, None, pictured[0]])  # table 四 only: one picture, two tables kept
    assert [w["message"][:30] for w in reportparse.parse(one).to_dict()["warnings"]
            if w["code"] == "image_unread"] == ["1 picture(s) of the article ar"]


def test_a_page_of_remote_pictures_alone_is_no_report_naming_them(monkeypatch, tmp_path):
    """A page of the report's title and pictures only addressed: not a report, as before, the error naming the
    pictures (five, and the site's logo)."""
    monkeypatch.setattr(ocr, "engine", _refuse)
    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(body="".join(f'<p><img src="/files/p{i}.jpg" width="640"></p>' for i in range(5))),
                    encoding="utf-8")
    with pytest.raises(reportparse.NotAReportError, match=r"the page shows 6 picture\(s\), the report printed as images"):
        reportparse.parse(path)


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, format="PNG")
    return buf.getvalue()


def test_a_page_of_saved_pictures_alone_says_ocr_is_missing(monkeypatch, tmp_path):
    """The same page with the pictures saved in it (a report shown as pictures of its pages): without the engine
    what is missing is OCR (no text layer), not a report."""
    monkeypatch.setattr(ocr, "engine", _unavailable)
    uri = "data:image/png;base64," + base64.b64encode(_png(800, 1130)).decode()
    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(body="".join(f'<p><img src="{uri}"></p>' for _ in range(2))), encoding="utf-8")
    with pytest.raises(reportparse.NoTextLayerError, match=r"2 picture\(s\) that may show it were not read \(a "
                                                           r"picture data:image/png #2 \(800×1130 px\)"):
        reportparse.parse(path)


def test_small_pictures_and_svgs_are_not_read(monkeypatch, tmp_path):
    """A logo (shown under 2 inches wide), a rule (under 40 pixels high, or shown lower than a line), an SVG:
    never looked at, never warned."""
    monkeypatch.setattr(ocr, "engine", _refuse)
    monkeypatch.setattr(pictures.PictureReader, "_read", _refuse)
    wide = base64.b64encode(_png(900, 300)).decode()
    imgs = (f'<p><img src="data:image/png;base64,{wide}" width="150"></p>'
            f'<p><img src="data:image/png;base64,{wide}" style="height:0.3in"></p>'
            f'<p><img src="data:image/png;base64,{base64.b64encode(_png(900, 35)).decode()}"></p>'
            '<p><img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E" width="600"></p>')
    record = reportparse.parse(_page(tmp_path, "small.html", ["", "", imgs])).to_dict()
    assert not [w for w in record["warnings"] if w["code"].startswith("image_")]


# ------------------------------------------------------------------ the parts
def _mht(parts: list[tuple[str, bytes]], page: str) -> bytes:
    out = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/html\r\nContent-Location: http://a.gov.cn/art/2023/x.html\r\n\r\n" + page + "\r\n")
    for header, blob in parts:
        out += (f"--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n{header}\r\n\r\n"
                + base64.b64encode(blob).decode() + "\r\n")
    return (out + "--b--\r\n").encode("ascii")


def test_where_a_picture_is_found():
    from email import message_from_bytes

    data = _mht([("Content-Location: http://a.gov.cn/art/2023/img/1.png", b"one"),
                 ("Content-Location: http://a.gov.cn/pic/%E8%A1%A8.png", b"two"),
                 ("Content-ID: <image3@a>", b"three")], "<html><body></body></html>")
    message = message_from_bytes(data)
    page = next(p for p in message.walk() if p.get_content_type() == "text/html")
    stored = html_pictures.Stored(None, (message, page))
    assert stored.get("http://a.gov.cn/art/2023/img/1.png") == b"one"  # whole
    assert stored.get("img/1.png") == stored.get("./img/1.png") == b"one"  # relative to the page's location
    assert stored.get("/pic/表.png") == stored.get("/pic/%E8%A1%A8.png") == b"two"  # percent-encoded or not
    assert stored.get("cid:image3@a") == b"three"
    assert stored.get("http://a.gov.cn/art/2023/img/2.png") is None  # not saved: never fetched
    assert stored.get("data:image/png;base64,b25l") == b"one"
    assert stored.get("data:image/png;base64,b25") == b"on"  # padding left off
    assert stored.get("data:image/gif,%01%02") == b"\x01\x02"
    assert stored.get("data:image/svg+xml;base64,PHN2Zy8+") is None


def test_a_file_beside_the_page_is_read_only_below_its_folder(tmp_path):
    (tmp_path / "site" / "report_files").mkdir(parents=True)
    (tmp_path / "site" / "report_files" / "image001.png").write_bytes(b"saved")
    (tmp_path / "site" / "report_files" / "图 1.png").write_bytes(b"named")
    (tmp_path / "site" / "report.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"above")
    deep = tmp_path / "site" / "a" / "b" / "c" / "d" / "e" / "f" / "g"
    deep.mkdir(parents=True)
    (deep / "x.png").write_bytes(b"deep")
    stored = html_pictures.Stored(tmp_path / "site" / "report.html", limit=100)
    assert stored.get("report_files/image001.png") == stored.get("./report_files/image001.png?v=2") == b"saved"
    assert stored.get("report_files\\image001.png") == b"saved"
    assert stored.get("report_files/%E5%9B%BE%201.png") == stored.get("report_files/图 1.png") == b"named"
    assert stored.get("../secret.png") is None and stored.get(str(tmp_path / "secret.png")) is None
    assert stored.get("a/b/c/d/e/f/g/x.png") is None  # past MAX_DEPTH folders down
    assert stored.get("file:///etc/hostname") is None and stored.get("//cdn.gov.cn/x.png") is None
    assert html_pictures.Stored(tmp_path / "site" / "report.html", limit=3).get("report_files/image001.png") is None
    assert html_pictures.Stored(tmp_path / "site" / "-").get("report_files/image001.png") is None  # no page there


def test_the_size_a_picture_is_shown_at():
    from lxml import html

    def img(attrs: str):
        return html.fragment_fromstring(f"<img {attrs}>")

    assert html_pictures.shown_size(img('width="600" height="300"'), (1250, 625)) == (6.25, 3.125)
    assert html_pictures.shown_size(img('width="600px"'), (1200, 400)) == pytest.approx((6.25, 6.25 / 3))  # kept
    assert html_pictures.shown_size(img('style="height:3in"'), (900, 300)) == (9.0, 3.0)
    assert html_pictures.shown_size(img('style="max-width:100%;width:72pt !important" width="600"'),
                                    (300, 100)) == pytest.approx((1.0, 1 / 3))  # the style first; max-width is no width
    assert html_pictures.shown_size(img('width="100%"'), (1200, 400)) is None  # a share: not known
    assert html_pictures.shown_size(img(""), (1200, 400)) is None


def test_a_picture_is_named_by_its_src_shortened():
    assert html_pictures.name_of("report_files/image001.png", 1) == "report_files/image001.png"
    assert html_pictures.name_of("data:image/jpeg;base64,/9j/4AAQ", 7) == "data:image/jpeg #7"
    long = "http://www.example.gov.cn/" + "a" * 60 + "/%E8%A1%A8.png"
    name = html_pictures.name_of(long, 1)
    assert len(name) == 60 and name.startswith("http://www.example.") and name.endswith("aaaa/表.png")


def test_the_walker_puts_a_pictures_blocks_in_its_place():
    """No engine: the blocks of a picture (a paragraph with its run-in head, a table) stand where the <img> is,
    between the text before and after it, in the same <p>."""
    from reportparse.document import GridCell

    page = ("<html><body><div><p>一、总体情况</p><p>前文。<img src='data:image/png;base64,AAAA' width='600'>后文。</p>"
            "<p>二、主动公开政府信息情况</p></div></body></html>")
    source = Source(path=Path("page.html"), data=page.encode("utf-8"), sha256="0" * 64, format="html")
    cells = [GridCell(text=t, r0=0, r1=1, c0=c, c1=c + 1, bbox=(c * 10.0, 0.0, c * 10 + 10.0, 10.0))
             for c, t in enumerate(("信息内容", "12"))]
    blocks = [[("（一）主动公开。全年公开4319条。", "（一）主动公开。")], (cells, 1, 2)]

    def read_all(self, images):
        self.blocks = {img: blocks for _, img in images}
        return self.blocks

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_pictures.PagePictures, "read_all", read_all)
        doc = read_html(source)
    assert [ln.text for ln in doc.lines] == ["一、总体情况", "前文。", "（一）主动公开。全年公开4319条。", "后文。",
                                             "二、主动公开政府信息情况"]
    assert doc.lines[2].head == "（一）主动公开。"
    (grid,) = doc.grids
    assert grid.bbox[1] == 2.5 and grid.cells[1].bbox == (10.0, 0.0, 20.0, 10.0)  # after the paragraph, OCR's boxes
    assert {2, 3} <= doc.breaks


def test_a_saved_pages_folder_is_not_searched_by_a_batch():
    files, met = _inputs([str(SAMPLES)])
    assert [Path(f).name for f in files] == sorted(READ)
    (folder,) = [m for m in met if m.task.path.endswith("_files")]
    assert folder.status == "skipped" and "pictures-gov-2024.gbk.html" in folder.message
    assert not [m for m in met if "_files" in m.task.path and m is not folder]  # its pictures: never met


@needs_sample_font
def test_the_samples_are_what_the_script_writes(monkeypatch):
    import hashlib

    monkeypatch.syspath_prepend(str(ROOT / "samples"))
    import make_html_pictures as m

    written = {p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file()
               and not p.name.endswith(".truth.json")}
    made = set()
    for name, (source, saved, replacements, with_photo) in m.SAMPLES.items():
        for rel, data in m.build(name, source, saved, replacements, with_photo).items():
            assert data == (SAMPLES / rel).read_bytes(), rel
            made.add(rel)
        truth = _truth(name)
        assert truth["file"] == name and truth["source"]["ocr"] is True
        assert truth["source"]["sha256"] == hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest()
    assert made == written
    assert b"charset=gb2312" in (SAMPLES / "pictures-gov-2024.gbk.html").read_bytes()  # a GBK page
