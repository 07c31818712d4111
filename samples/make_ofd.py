"""Write samples/ofd/: the sample PDFs as OFD files (版式文档, GB/T 33190-2016), each with its truth.

    python samples/make_ofd.py            # writes samples/ofd/*.ofd and *.truth.json

Each page of ``samples/layout-*.pdf`` and ``samples/shapes-*.pdf`` is read with the project's pdfium reader
(``reportparse.readers.pdfium``: characters with their boxes, ruling lines, rectangles with their colours)
and written as OFD XML the way producers write it:

- millimetres (points x 25.4/72), y growing downward, every object placed by its Boundary;
- one TextObject per run of characters of one font and size on one baseline (a run ends at a gap of more
  than an em), its TextCode at the first glyph's baseline, the rest placed by DeltaX offsets, runs of equal
  offsets written ``g N v``; the baseline from the box: reportlab's STSong-Light has a descent of 0.271 em;
- ruling lines as stroked PathObjects (``M 0 0 L w h``), rectangles as PathObjects filled with their colour
  (white boxes behind WPS body lines stay white, the blue bands blue) and stroked where they were;
- fonts in PublicRes.xml, pages listed in Document.xml, each page's Content.xml in Doc_0/Pages/Page_N/.

Each sample exercises something producers do:

    ofd-layout-word-2022        prefix ``ofd:``, ``g N v`` offsets, PageBlock around each table's rules
    ofd-layout-wps-2023         CTM: every third TextObject in points scaled by a CTM of 25.4/72, every rule
                                drawn 5 mm into its Boundary and moved back by a CTM translation
    ofd-layout-gov-2024         template pages: the running header (agency, rule) one TemplatePage under
                                pages 2-5 (ZOrder Background), each page's footer 第N页 共M页 its own
                                template over the page (ZOrder Foreground)
    ofd-shapes-2019-shanghai    no namespace prefix (the OFD namespace as the default), offsets written out
    ofd-shapes-2022-jinjiang    no namespace at all, a Layer per page plus a Background layer holding the rules

A glyph turned a quarter or upside down (none in these five; the landscape pages printed sideways in
``rotated/``) becomes a TextObject of its own turned by its CTM: ``tests/test_ofd.py`` writes
``rotated/rotated-sideways-word-2022.pdf`` so, on the fly, and reads its pages turned.

The truth of each file is its PDF's truth with the file's own name, sha256 and format ``ofd``.  Files are
byte-identical from run to run (fixed ZIP times, no clocks, numbers rounded to 4 decimals).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
OUT = HERE / "ofd"
sys.path.insert(0, str(HERE.parent / "src"))

from reportparse.readers import pdfium

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres a point
DESCENT = 0.271  # STSong-Light's, as reportlab's metrics and pdfium give it: the baseline is this far above the box's bottom
SAMPLES = {  # name -> (the PDF, how it is written)
    "ofd-layout-word-2022": ("layout-word-2022", {"prefix": "ofd", "g": True, "blocks": True}),
    "ofd-layout-wps-2023": ("layout-wps-2023", {"prefix": "ofd", "g": True, "ctm": True}),
    "ofd-layout-gov-2024": ("layout-gov-2024", {"prefix": "ofd", "g": True, "templates": True}),
    "ofd-shapes-2019-shanghai": ("shapes-2019-shanghai", {"prefix": "", "g": False}),
    "ofd-shapes-2022-jinjiang": ("shapes-2022-jinjiang", {"prefix": None, "g": True, "layers": True}),
}
DATE = (2024, 1, 1, 0, 0, 0)


def n(v: float) -> str:
    """A number as OFD files write it: at most 4 decimals, no trailing zeros."""
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def deltas(values: list[float], g: bool) -> str:
    """DeltaX: the offsets, with runs of three or more equal ones as ``g N v`` where ``g``."""
    out, i = [], 0
    texts = [n(v) for v in values]
    while i < len(texts):
        j = i
        while j < len(texts) and texts[j] == texts[i]:
            j += 1
        if g and j - i >= 3:
            out.append(f"g {j - i} {texts[i]}")
        else:
            out.extend(texts[i:j])
        i = j
    return " ".join(out)


class Writer:
    """XML for one sample, with its namespace style and its object IDs."""

    def __init__(self, style: dict):
        self.style = style
        self.next_id = 1

    def tag(self, name: str) -> str:
        prefix = self.style["prefix"]
        return f"{prefix}:{name}" if prefix else name

    def root(self, name: str, body: str, attrs: str = "") -> str:
        prefix = self.style["prefix"]
        ns = "" if prefix is None else (f' xmlns:{prefix}="{NS}"' if prefix else f' xmlns="{NS}"')
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<{self.tag(name)}{ns}{attrs}>{body}</{self.tag(name)}>\n'

    def el(self, name: str, body: str = "", **attrs) -> str:
        a = "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items())
        return f"<{self.tag(name)}{a}>{body}</{self.tag(name)}>" if body else f"<{self.tag(name)}{a}/>"

    def uid(self) -> int:
        self.next_id += 1
        return self.next_id

    # -- objects
    def text_runs(self, chars: list[dict]) -> list[str]:
        turned = [self.turned_glyph(c) for c in chars if c.get("matrix")]
        runs: list[list[dict]] = []
        for c in (c for c in chars if not c.get("matrix")):
            last = runs[-1][-1] if runs else None
            if (last is not None and c["fontname"] == last["fontname"] and abs(c["size"] - last["size"]) < 0.01
                    and abs(c["bottom"] - last["bottom"]) < 0.01 and 0 <= c["x0"] - last["x0"]
                    and c["x0"] - last["x1"] <= c["size"]):
                runs[-1].append(c)
            else:
                runs.append([c])
        return [self.text_object(run, k) for k, run in enumerate(runs)] + turned

    def turned_glyph(self, c: dict) -> str:
        """A glyph turned a quarter or upside down (``matrix``: its axes, y up) as a TextObject of its own, turned
        by its CTM, its origin found from its box (the box spans its advance along the baseline and the em
        across it, DESCENT of it below the baseline)."""
        ma, mb, mc, md = c["matrix"][:4]
        s = (ma * ma + mb * mb) ** 0.5
        along, down = (round(ma / s), round(-mb / s)), (round(-mc / s), round(md / s))  # on the page, y down
        width, height = c["x1"] - c["x0"], c["bottom"] - c["top"]
        em = width if along[0] == 0 else height
        adv = height if along[0] == 0 else width
        corners = [(u * along[0] + v * down[0], u * along[1] + v * down[1])
                   for u in (0.0, adv) for v in (-(1 - DESCENT) * em, DESCENT * em)]
        ox, oy = c["x1"] - max(x for x, _ in corners), c["bottom"] - max(y for _, y in corners)
        code = self.el("TextCode", escape(c["text"]), X="0", Y="0")
        return self.el("TextObject", code, ID=self.uid(), Boundary=f"{n(ox * MM)} {n(oy * MM)} 0 0", Font="2",
                       Size=n(em * MM), CTM=f"{along[0]} {along[1]} {down[0]} {down[1]} 0 0")

    def text_object(self, run: list[dict], k: int) -> str:
        size = run[0]["size"]
        x0 = run[0]["x0"]
        top = min(c["top"] for c in run)
        x1 = max(c["x1"] for c in run)
        bottom = max(c["bottom"] for c in run)
        baseline = run[0]["bottom"] - DESCENT * size
        offsets = [b["x0"] - a["x0"] for a, b in itertools.pairwise(run)]
        text = escape("".join(c["text"] for c in run))
        boundary = f"{n(x0 * MM)} {n(top * MM)} {n((x1 - x0) * MM)} {n((bottom - top) * MM)}"
        if self.style.get("ctm") and k % 3 == 0:  # sized in points, scaled to millimetres by the CTM
            code = self.el("TextCode", text, X="0", Y=n(baseline - top), DeltaX=deltas(offsets, self.style["g"]))
            return self.el("TextObject", self.el("FillColor", Value="0 0 0") + code, ID=self.uid(),
                           Boundary=boundary, Font="2", Size=n(size), CTM=f"{n(MM)} 0 0 {n(MM)} 0 0")
        attrs = {"X": "0", "Y": n((baseline - top) * MM)}
        if offsets:
            attrs["DeltaX"] = deltas([o * MM for o in offsets], self.style["g"])
        code = self.el("TextCode", text, **attrs)
        return self.el("TextObject", self.el("FillColor", Value="0 0 0") + code, ID=self.uid(), Boundary=boundary,
                       Font="2", Size=n(size * MM))

    def rule(self, obj: dict) -> str:
        """A line or a rectangle as a PathObject: its Boundary around it, its path inside."""
        lw = 0.5
        x0, top, w, h = obj["x0"], obj["top"], obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        shift = 5.0 / MM if self.style.get("ctm") else 0.0  # drawn this far in, moved back by the CTM
        ox, oy = x0 - lw / 2, top - lw / 2
        bx, by = lw / 2 + shift, lw / 2 + shift

        def pt(x: float, y: float) -> str:
            return f"{n((bx + x) * MM)} {n((by + y) * MM)}"

        attrs = {"ID": self.uid(), "Boundary": f"{n(ox * MM)} {n(oy * MM)} {n((w + lw) * MM)} {n((h + lw) * MM)}",
                 "LineWidth": n(lw * MM)}
        if self.style.get("ctm"):
            attrs["CTM"] = f"1 0 0 1 {n(-5.0)} {n(-5.0)}"
        body = ""
        if obj["object_type"] == "line":
            data = f"M {pt(0, 0)} L {pt(w, h)}"
            attrs.update(Stroke="true", Fill="false")
            body += self.el("StrokeColor", Value="0 0 0")
        else:
            data = f"M {pt(0, 0)} L {pt(w, 0)} L {pt(w, h)} L {pt(0, h)} C"
            attrs.update(Stroke="true" if obj["stroke"] else "false", Fill="true" if obj["fill"] else "false")
            if obj["stroke"]:
                body += self.el("StrokeColor", Value=_rgb(obj["stroking_color"]))
            if obj["fill"]:
                body += self.el("FillColor", Value=_rgb(obj["non_stroking_color"]))
        return self.el("PathObject", body + self.el("AbbreviatedData", data), **attrs)


def _rgb(colour) -> str:
    colour = colour or (0.0, 0.0, 0.0)
    return " ".join(str(round(v * 255)) for v in colour)


def _furniture(page, number: int) -> tuple[list, list, list]:
    """(header chars and rules, footer chars, the rest) of a gov-2024 page: what its templates carry."""
    header = [c for c in page.chars if c["top"] < 60] + [o for o in page.lines if o["top"] < 70]
    footer = [c for c in page.chars if c["top"] > 770]
    ids = {id(o) for o in header + footer}
    return header, footer, ids


def ofd_bytes(pdf_name: str, style: dict) -> tuple[bytes, int]:
    """The OFD of the sample PDF ``pdf_name`` (a path under samples/, without .pdf) and its page count."""
    data = (HERE / f"{pdf_name}.pdf").read_bytes()
    doc = pdfium.open_document(data, pdf_name)
    try:
        pages = [pdfium.read_page(doc, i) for i in range(pdfium.page_count(doc))]
    finally:
        pdfium.close_document(doc)
    w = Writer(style)
    parts: dict[str, str] = {}
    page_refs, templates = [], []
    header_tpl = None
    for i, page in enumerate(pages):
        number = i + 1
        chars, rules = list(page.chars), list(page.lines) + list(page.rects)
        tpl_refs = ""
        if style.get("templates"):
            header, footer, ids = _furniture(page, number)
            chars = [c for c in chars if id(c) not in ids]
            rules = [o for o in rules if id(o) not in ids]
            if header and header_tpl is None:
                header_tpl = w.uid()
                objs = w.text_runs([o for o in header if "text" in o]) + [w.rule(o) for o in header if "text" not in o]
                parts["Doc_0/Tpls/Tpl_Header/Content.xml"] = w.root("Page", w.el(
                    "Content", w.el("Layer", "".join(objs), ID=w.uid())))
                templates.append(w.el("TemplatePage", ID=header_tpl, BaseLoc="Tpls/Tpl_Header/Content.xml",
                                      ZOrder="Background"))
            if header:
                tpl_refs += w.el("Template", TemplateID=header_tpl, ZOrder="Background")
            if footer:
                tid = w.uid()
                parts[f"Doc_0/Tpls/Tpl_Footer{number}/Content.xml"] = w.root("Page", w.el(
                    "Content", w.el("Layer", "".join(w.text_runs(footer)), ID=w.uid())))
                templates.append(w.el("TemplatePage", ID=tid, BaseLoc=f"Tpls/Tpl_Footer{number}/Content.xml",
                                      ZOrder="Background"))
                tpl_refs += w.el("Template", TemplateID=tid, ZOrder="Foreground")
        texts = "".join(w.text_runs(chars))
        paths = [w.rule(o) for o in rules]
        if style.get("blocks") and paths:
            layers = w.el("Layer", texts + w.el("PageBlock", "".join(paths), ID=w.uid()), ID=w.uid(), Type="Body")
        elif style.get("layers"):
            layers = (w.el("Layer", "".join(paths), ID=w.uid(), Type="Background") if paths else "") + w.el(
                "Layer", texts, ID=w.uid(), Type="Body")
        else:
            layers = w.el("Layer", texts + "".join(paths), ID=w.uid(), Type="Body")
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = w.root("Page", tpl_refs + w.el("Content", layers))
        page_refs.append(w.el("Page", ID=w.uid(), BaseLoc=f"Pages/Page_{i}/Content.xml"))
    width, height = pages[0].width * MM, pages[0].height * MM
    common = (w.el("MaxUnitID", str(w.next_id + 1))
              + w.el("PageArea", w.el("PhysicalBox", f"0 0 {n(width)} {n(height)}")
                     + w.el("ApplicationBox", f"0 0 {n(width)} {n(height)}"))
              + w.el("PublicRes", "PublicRes.xml") + "".join(templates))
    parts["Doc_0/Document.xml"] = w.root("Document", w.el("CommonData", common) + w.el("Pages", "".join(page_refs)))
    parts["Doc_0/PublicRes.xml"] = w.root("Res", w.el("Fonts", w.el("Font", ID="2", FontName="STSong-Light",
                                                                    FamilyName="宋体")), ' BaseLoc="Res"')
    info = w.el("DocInfo", w.el("DocID", hashlib.md5(pdf_name.encode()).hexdigest())
                + w.el("Creator", "reportparse samples/make_ofd.py") + w.el("CreationDate", "2024-01-01"))
    parts["OFD.xml"] = w.root("OFD", w.el("DocBody", info + w.el("DocRoot", "Doc_0/Document.xml")),
                              ' Version="1.0" DocType="OFD"')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["OFD.xml", *sorted(p for p in parts if p != "OFD.xml")]:
            z.writestr(zipfile.ZipInfo(name, date_time=DATE), parts[name].encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buf.getvalue(), len(pages)


def file_truth(pdf_name: str, name: str, data: bytes, pages: int) -> dict:
    truth = json.loads((HERE / f"{pdf_name}.truth.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(data).hexdigest()
    truth.update(file=name, report_id=digest[:16], source={"path": name, "sha256": digest, "format": "ofd",
                                                            "pages": pages})
    truth["conventions"] = (f"Converted by samples/make_ofd.py from {pdf_name}.pdf (each page's characters and rules "
                            "written as OFD objects): its truth, with this file's name, bytes and format. "
                            + truth.get("conventions", ""))
    return truth


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for stem, (pdf_name, style) in SAMPLES.items():
        data, pages = ofd_bytes(pdf_name, style)
        name = f"{stem}.ofd"
        (OUT / name).write_bytes(data)
        truth = file_truth(pdf_name, name, data, pages)
        (OUT / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                                encoding="utf-8")
        print(f"{name}: {len(data):,} bytes, {pages} pages")


if __name__ == "__main__":
    main()
