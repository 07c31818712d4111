"""Write sample web pages whose tables (or two paragraphs) are pictures, into samples/html_pictures/.

    python samples/make_html_pictures.py

Government sites often publish the report as a web page whose tables an editor pasted into the CMS as
screenshots: the page shows an ``<img>`` where the table was.  Each page here is one of the sample web pages of
``forms/`` rebuilt that way: each chosen ``<table>`` (or run of ``<p>`` s) is cut out of the page's markup and
in its place stand paragraphs holding one ``<img>`` each, the table as the matching sample PDF prints it (its
ruled grid as the project's grid finder finds it, 3 pt added around it, rendered with pdfium: the ``render`` of
samples/make_docx_pictures.py); a table the PDF splits over two pages becomes two pictures one after the other.
Each page is saved as a user saves it, one way each (``SAVED``):

    mht         a web archive (MIME multipart/related, as a browser's "save as single file"): the page as a
                quoted-printable part, each picture a base64 part named by its Content-Location, which the
                ``src`` gives whole, relative to the page's own address, or as ``cid:`` and a Content-ID
    complete    the page and a folder beside it holding the pictures (a browser's "web page, complete":
                ``<page>_files/image001.png``), the ``src`` relative to the page
    data        the pictures inside the page as ``data:image/…;base64,`` URIs

How each picture is shown: at its printed size by ``width``/``height`` attributes (CSS pixels) or by an inline
style (points), or at its own pixels (no size given: shown as CSS pixels, 96 to the inch).

The truth of each page is its source's truth with the file's own name and bytes (the report is the same).
Byte-identical from run to run: fixed MIME boundary and part ids, no dates; the pictures as
make_docx_pictures.py renders them; the photo is seeded.
"""

from __future__ import annotations

import base64
import io
import json
import quopri
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "html_pictures"
FORMS = HERE / "forms"
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from make_docx_pictures import PDFS, PHOTO_PT, own_truth, render
from make_image_tables import photo

# name -> (source page in forms/, how it is saved, replacements, a photo with no text at the article's end)
# a replacement: (what it replaces: ("table", index among the page's data tables) or ("paragraphs", the first's
# text, the last's text), its pictures [(PDF page, ("grid", index on the page) or ("box", (x0, top, x1, bottom)))],
# dpi, colour mode, JPEG quality or None (PNG), shown: "attributes", "style" or "pixels")
SAMPLES = {
    "pictures-word-2022.mht": (
        "layout-word-2022.html", "mht",
        [(("table", 0), [(3, ("grid", 0))], 150, "L", None, "attributes"),
         (("table", 1), [(3, ("grid", 1)), (4, ("grid", 0))], 150, "L", None, "attributes")],
        False),
    "pictures-gov-2024.gbk.html": (
        "layout-gov-2024.gbk.html", "complete",
        [(("table", 0), [(2, ("grid", 0)), (3, ("grid", 0))], 200, "RGB", None, "attributes"),
         (("table", 1), [(3, ("grid", 1)), (4, ("grid", 0))], 120, "RGB", 75, "pixels"),
         (("table", 2), [(4, ("grid", 1))], 175, "L", None, "style")],
        False),
    # the paragraphs of 一 under its heading (2020年，黄浦区… and （一）主动公开情况。…) and table 四
    "pictures-huangpu-2020.html": (
        "format2019-huangpu-2020.html", "data",
        [(("paragraphs", "2020年，黄浦区人民政府认真贯彻落实", "（一）主动公开情况。"),
          [(1, ("box", (86.0, 216.0, 522.0, 291.0)))], 150, "L", None, "attributes"),
         (("table", 2), [(4, ("grid", 1))], 150, "RGB", 80, "attributes")],
        True),
}
PDF_OF = {"layout-word-2022.html": "layout-word-2022", "layout-gov-2024.gbk.html": "layout-gov-2024",
          "format2019-huangpu-2020.html": "format2019-huangpu-2020"}
# where the mht page was saved from, and how each of its pictures is addressed, in turn
PAGE_URL = "http://www.hzxh.gov.cn/art/2023/1/25/art_1229_4140.html"
PICTURE_URL = "http://www.hzxh.gov.cn/picture/0/2301251030{n:02d}.png"
ADDRESSED = ("whole", "relative", "cid")
BOUNDARY = "----MultipartBoundary--reportparse-html-pictures----"
_TABLE = re.compile(r"<table\b[^>]*>(?:(?!<table\b).)*?</table>", re.DOTALL | re.IGNORECASE)  # a table holding no table


def _data_tables(page: str) -> list[re.Match]:
    """The page's data tables (bordered, holding no table: the layout tables around them are not)."""
    return [m for m in _TABLE.finditer(page) if re.match(r"<table[^>]*\bborder=\"1\"", m.group(0))]


def _span(page: str, what: tuple) -> tuple[int, int]:
    """Where in the page's markup ``what`` is: a data table, or the <p>s from one holding the first text to
    the one holding the last."""
    kind, *which = what
    if kind == "table":
        m = _data_tables(page)[which[0]]
        return m.start(), m.end()
    first, last = page.index(which[0]), page.index(which[1])
    return page.rindex("<p", 0, first), page.index("</p>", last) + len("</p>")


def _img(src: str, size: tuple[float, float], shown: str) -> str:
    """A picture's paragraph as an editor's CMS writes it, shown at ``size`` (points) as ``shown`` says."""
    w, h = size
    if shown == "attributes":
        how = f' width="{round(w * 96 / 72)}" height="{round(h * 96 / 72)}"'
    elif shown == "style":
        how = f' style="width:{w:.1f}pt;height:{h:.1f}pt"'
    else:
        how = ""
    return f'<p style="text-align:center"><img src="{src}"{how} alt="" border="0"></p>'


def build(name: str, source: str, saved: str, replacements: list, with_photo: bool) -> dict[str, bytes]:
    """The files of sample ``name``: its page and, saved complete, its pictures (each by its path relative to
    the sample folder)."""
    stem = name.rsplit(".", 1)[0]
    raw = (FORMS / source).read_bytes()
    encoding = "gbk" if ".gbk." in source else "utf-8"
    page = raw.decode(encoding)
    pictures: list[tuple[str, bytes]] = []  # (the picture's name, its bytes), in page order
    cuts = []
    for what, where, dpi, mode, quality, shown in replacements:
        start, end = _span(page, what)
        html = []
        for image, w, h in render(PDFS[PDF_OF[source]], where, dpi, mode, quality):
            pictures.append(("png" if quality is None else "jpg", image))
            html.append((len(pictures), (w, h), shown))
        cuts.append((start, end, html))
    if with_photo:
        w, h = PHOTO_PT
        buf = io.BytesIO()
        photo(round(w * 150 / 72), round(h * 150 / 72)).save(buf, format="PNG")
        pictures.append(("png", buf.getvalue()))
        end = page.index("</div>", page.index('<div class="TRS_Editor">'))  # the article's end
        cuts.append((end, end, [(len(pictures), (w, h), "attributes")]))
    srcs, files = {}, {}
    for n, (ext, image) in enumerate(pictures, 1):
        if saved == "data":
            srcs[n] = f"data:image/{'png' if ext == 'png' else 'jpeg'};base64,{base64.b64encode(image).decode()}"
        elif saved == "complete":
            srcs[n] = f"{stem}_files/image{n:03d}.{ext}"
            files[srcs[n]] = image
        else:
            srcs[n] = _mht_src(n)
    for start, end, html in sorted(cuts, reverse=True):
        page = page[:start] + "\n".join(_img(srcs[n], size, shown) for n, size, shown in html) + page[end:]
    data = page.encode(encoding)
    if saved == "mht":
        data = _mht(data, encoding, pictures)
    return {name: data, **files}


def _mht_src(n: int) -> str:
    how = ADDRESSED[(n - 1) % len(ADDRESSED)]
    url = PICTURE_URL.format(n=n)
    return url if how == "whole" else url[url.index("/picture/"):] if how == "relative" else f"cid:image{n:03d}@hzxh"


def _mht(page: bytes, encoding: str, pictures: list[tuple[str, bytes]]) -> bytes:
    """The page and its pictures as one web archive, as a browser saves it (CRLF lines, a fixed boundary)."""
    parts = [f"From: <Saved by reportparse samples>\r\nSnapshot-Content-Location: {PAGE_URL}\r\n"
             f"MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
             f"\tboundary=\"{BOUNDARY}\"\r\n\r\n".encode("ascii")]
    body = quopri.encodestring(page).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    parts.append(f"--{BOUNDARY}\r\nContent-Type: text/html; charset=\"{encoding}\"\r\n"
                 f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {PAGE_URL}\r\n\r\n"
                 .encode("ascii") + body + b"\r\n")
    for n, (ext, image) in enumerate(pictures, 1):
        src = _mht_src(n)
        named = f"Content-ID: <{src[4:]}>" if src.startswith("cid:") else f"Content-Location: {PICTURE_URL.format(n=n)}"
        b64 = base64.encodebytes(image).replace(b"\n", b"\r\n")
        parts.append(f"--{BOUNDARY}\r\nContent-Type: image/{'png' if ext == 'png' else 'jpeg'}\r\n"
                     f"Content-Transfer-Encoding: base64\r\n{named}\r\n\r\n".encode("ascii") + b64)
    parts.append(f"--{BOUNDARY}--\r\n".encode("ascii"))
    return b"".join(parts)


def truth_for(source: str, path: Path, pictured: str, saved: str) -> dict:
    return own_truth(FORMS / f"{source}.truth.json", path,
                     f"forms/{source}.truth.json with this file's name and bytes: samples/make_html_pictures.py "
                     f"shows {pictured} as pictures rendered from {PDFS[PDF_OF[source]].relative_to(HERE)}, "
                     f"saved {SAVED[saved]}; regenerate, do not edit.")


SAVED = {"mht": "as a web archive (.mht)", "complete": "with a folder of its pictures beside it",
         "data": "inside the page as data: URIs"}


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    for name, (source, saved, replacements, with_photo) in SAMPLES.items():
        files = build(name, source, saved, replacements, with_photo)
        for rel, data in files.items():
            (OUT / rel).parent.mkdir(parents=True, exist_ok=True)
            (OUT / rel).write_bytes(data)
        path = OUT / name
        what = ", ".join(f"table {which[0] + 1}" if kind == "table" else "2 paragraphs"
                         for (kind, *which), *_ in replacements)
        truth = truth_for(source, path, what, saved)
        (OUT / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
        print(f"{path.relative_to(HERE)}: {path.stat().st_size // 1024} KiB, {len(files) - 1} files beside it, "
              f"sha256 {truth['report_id']}…")


if __name__ == "__main__":
    main()
