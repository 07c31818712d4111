"""One reader per published form, each into the one document model (``reportparse.document``).

    pdf     a text-layer PDF: characters by geometry, ruled grids (pypdfium2, or pdfplumber)
    ofd     an OFD (版式文档, GB/T 33190): its pages as a PDF's, through the same page stages (lxml)
    html    a saved web page: the article inside the site chrome, <table> grids (lxml); its pictures of text
            that the page holds (a .mht's parts, data: URIs, files saved beside it) by OCR (html_pictures.py)
    docx    a Word file: paragraphs and tables (python-docx); its pictures of text by OCR (docx_pictures.py)
    doc     a Word 97-2003 binary file or a WPS Writer file (.doc, .wps): the same, from the binary format
            (its structures in msdoc.py)
    wordml  a Word 2003 XML file (often named .doc, as office systems export "Word"): the .docx reader's body
    odt     an OpenDocument text (.odt): paragraphs, tables with their spans, frames (lxml); its pictures by OCR
    rtf     a Rich Text Format file (.rtf, or RTF under a .doc name): the same paragraphs and tables, from
            its control words
    text    a text dump, a crawler's saved page text, a markdown conversion

Adding a form means adding a module here and a line in ``READERS``; nothing
after the readers asks which form a document came in.
"""

from __future__ import annotations

import os

from reportparse.document import Document
from reportparse.inputs import Source


#: form -> (its module here, its reader): each takes the Source and the OCR mode, but for ``_NO_OCR`` (PDFs also
#: the backend)
READERS = {
    "pdf": ("pdf", "read_pdf"),
    "ofd": ("ofd", "read_ofd"),
    "html": ("html", "read_html"),  # its pictures of text the page holds, by OCR
    "docx": ("docx", "read_docx"),  # its pictures of text, by OCR, as for the three below
    "odt": ("odt", "read_odt"),
    "wordml": ("wordml", "read_wordml"),
    "rtf": ("rtf", "read_rtf"),
    "doc": ("doc", "read_doc"),
    "text": ("text", "read_text"),
}
_NO_OCR = frozenset(("doc", "text"))
# forms a whole web page is saved or converted to (a page saved as Word, "export to Word", LibreOffice's conversion
# of a page): its menu, breadcrumb and footer come along; pages (PDF, OFD) and text drop them as they are read
_KEEPS_PAGE = frozenset(("html", "docx", "odt", "wordml", "rtf", "doc"))


def read(source: Source, backend: str = "pdfium", ocr: str = "auto") -> Document:
    """The document of ``source``, read by the reader of its form (PDFs by ``backend``: pdfium or pdfplumber;
    pages without a usable text layer, and pictures of text on a PDF page, in a Word file or a web page, by OCR,
    as ``ocr`` says: auto, never, always)."""
    import importlib

    form = source.format if source.format in READERS else "text"
    module, name = READERS[form]
    reader = getattr(importlib.import_module(f"reportparse.readers.{module}"), name)
    if form == "pdf":
        return reader(source, backend, ocr)
    doc = reader(source) if form in _NO_OCR else reader(source, ocr)
    if form in _KEEPS_PAGE:
        from reportparse.layout import site_chrome_off

        doc.lines = site_chrome_off(doc.lines)
    return doc


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says, else all of them)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
