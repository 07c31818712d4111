"""PDF -> Document: lines from character geometry, grids from ruling lines, page furniture removed.

Two backends hand the stages the same page values (characters with their boxes
and fonts, ruling lines and rectangles with stroke and fill):

    pdfium      the default: pypdfium2 (``readers/pdfium.py``), about ten times faster
    pdfplumber  pdfminer's interpreter through pdfplumber: the reference the tests hold pdfium to

A page where pdfium's text page dropped a text object that repeats nothing
(see ``pdfium._lost``) takes its characters from pdfplumber, so the record does
not depend on the backend.

Each page then goes through the stages every paged form shares (``readers/pages.py``: framing, characters
off the page, OCR, grids, lines, furniture).
"""

from __future__ import annotations

import dataclasses

from reportparse.document import Document
from reportparse.inputs import Source, check_pdf_bytes, open_pdf
from reportparse.model import Issue
from reportparse.readers import ocr as ocr_mod
from reportparse.readers.pages import _frame, _on_page, _turn, read_pages  # noqa: F401 - the page stages
from reportparse.readers.pdfguard import affected_pages, bound_pdfminer, guard

BACKENDS = ("pdfium", "pdfplumber")


class _PlumberPage:
    """A pdfplumber page seen through the few values the stages read."""

    def __init__(self, page, number: int):
        self.page, self.number = page, number

    @property
    def height(self) -> float:
        return float(self.page.height or 842)

    @property
    def chars(self) -> list[dict]:
        return self.page.chars

    @property
    def lines(self) -> list[dict]:
        return self.page.lines

    @property
    def rects(self) -> list[dict]:
        return self.page.rects

    @property
    def curves(self) -> list[dict]:
        return self.page.curves

    @property
    def n_images(self) -> int:
        return len(self.page.images)

    @property
    def images(self) -> list[dict]:
        return self.page.images

    @property
    def width(self) -> float:
        return float(self.page.width or 595)

    @property
    def boxes(self) -> tuple:
        """(MediaBox, CropBox, /Rotate) as pdfminer reads them, each box (x0, y0, x1, y1); () if unreadable."""
        obj = self.page.page_obj
        try:
            media, crop = (tuple(map(float, box)) for box in (obj.mediabox, obj.cropbox or obj.mediabox))
        except (TypeError, ValueError):
            return ()
        ordered = [(min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])) for b in (media, crop)]
        return (*ordered, self.page.rotation) if len(media) == len(crop) == 4 else ()

    def close(self) -> None:
        self.page.close()

    def chars_only(self) -> list[dict]:
        """``page.chars`` without the rest of pdfplumber's page: pdfminer interprets the page with paths
        ignored and only its characters become dicts (about three times faster; the same values, see
        tests/test_backends.py)."""
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.layout import LTChar, LTContainer
        from pdfminer.pdfinterp import PDFPageInterpreter

        from pdfplumber.utils.exceptions import PdfminerException
        from pdfplumber.page import fix_fontname_bytes

        class Device(PDFPageAggregator):
            def paint_path(self, *args, **kwargs) -> None:
                pass

        page = self.page
        device = Device(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        try:
            PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
        except Exception as e:  # pdfplumber wraps pdfminer's errors alike
            raise PdfminerException(e) from e
        height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
        out: list[dict] = []
        stack = [iter(device.get_result()._objs)]
        while stack:
            obj = next(stack[-1], None)
            if obj is None:
                stack.pop()
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
            elif isinstance(obj, LTChar):
                fontname = obj.fontname
                if isinstance(fontname, bytes):
                    fontname = fix_fontname_bytes(fontname)
                x0, x1 = (obj.x0 + mb_x0, obj.x1 + mb_x0) if mb_x0 != 0 else (obj.x0, obj.x1)
                ch = {"text": obj.get_text(), "x0": x0, "x1": x1, "top": (height - obj.y1) + mb_top,
                      "bottom": (height - obj.y0) + mb_top, "size": obj.size, "fontname": fontname}
                if obj.matrix[1] or obj.matrix[0] <= 0:  # at a slant (left out, see _on_page) or turned (_frame)
                    ch["matrix"] = obj.matrix
                out.append(ch)
        return out


class _Plumber:
    """The pdfplumber backend: pages in order, opened lazily (the pdfium backend borrows single pages)."""

    def __init__(self, source: Source):
        self.source = source
        self._pdf = None

    @property
    def pdf(self):
        if self._pdf is None:
            bound_pdfminer()  # a reference cycle the byte guard missed costs the file, not a hang
            self._pdf = open_pdf(self.source)
        return self._pdf

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def page(self, index: int) -> _PlumberPage:
        return _PlumberPage(self.pdf.pages[index], index + 1)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


class _Pdfium:
    def __init__(self, source: Source):
        from reportparse.readers import pdfium

        self.mod = pdfium
        self.source = source
        self.doc = pdfium.open_document(source.data, source.path)
        self.plumber = _Plumber(source)
        self.pdfminer_pages: set[int] = set()  # pages pdfium would read otherwise than pdfminer (see read_pdf)

    def __len__(self) -> int:
        return self.mod.page_count(self.doc)

    def page(self, index: int):
        if index + 1 in self.pdfminer_pages:
            return self.plumber.page(index)
        page = self.mod.read_page(self.doc, index)
        if page.lost:  # pdfium's text page dropped text: this page's characters from pdfminer
            try:
                plumber = self.plumber.page(index)
                try:
                    page.chars = plumber.chars_only()
                finally:
                    plumber.close()
            except Exception:  # noqa: BLE001 - pdfminer cannot read what pdfium read: keep pdfium's reading
                pass
        return page

    def close(self) -> None:
        self.plumber.close()
        self.mod.close_document(self.doc)


def read_pdf(source: Source, backend: str = "pdfium", ocr: str = "auto") -> Document:
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r}: use one of {', '.join(BACKENDS)}")
    check_pdf_bytes(source)
    issues: list[Issue] = []
    guarded = guard(source.data)  # cycles and bombs replaced by null objects, the same bytes otherwise
    unreadable: dict[int | None, str] = {}
    if guarded.defused:
        source = dataclasses.replace(source, data=guarded.data)
        unreadable = affected_pages(guarded.data, guarded.defused)
        if None in unreadable:
            issues.append(Issue("page_unreadable", f"{unreadable[None]}: left out; some text or cells may be "
                                                   "missing", None))
    doc = _Pdfium(source) if backend == "pdfium" else _Plumber(source)
    ocr_pages = ocr_mod.Pages(source.data, ocr, issues)  # pages without a usable text layer, read by OCR
    if guarded.out_of_range and isinstance(doc, _Pdfium):  # numbers pdfium reads as 0: pdfminer reads the page
        marked = dict.fromkeys(guarded.out_of_range, "a number past the PDF's limits")
        doc.pdfminer_pages = {n for n in affected_pages(guarded.data, marked) if n is not None} or set(range(1, 10**6))
    return read_pages(source, doc, issues, ocr_pages, unreadable)

