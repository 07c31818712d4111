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


def read(source: Source, backend: str = "pdfium", ocr: str = "auto") -> Document:
    """The document of ``source``, read by the reader of its form (PDFs by ``backend``: pdfium or pdfplumber;
    pages without a usable text layer, and pictures of text on a PDF page, in a Word file or a web page, by OCR,
    as ``ocr`` says: auto, never, always)."""
    if source.format == "pdf":
        from reportparse.readers.pdf import read_pdf

        return read_pdf(source, backend, ocr)
    elif source.format == "ofd":
        from reportparse.readers.ofd import read_ofd

        return read_ofd(source, ocr)
    elif source.format == "html":
        from reportparse.readers.html import read_html

        return read_html(source, ocr)  # its pictures of text the page holds, by OCR
    elif source.format == "docx":
        from reportparse.readers.docx import read_docx

        return read_docx(source, ocr)  # its pictures of text, by OCR
    elif source.format == "odt":
        from reportparse.readers.odt import read_odt

        return read_odt(source, ocr)  # its pictures of text, by OCR
    elif source.format == "wordml":
        from reportparse.readers.wordml import read_wordml

        return read_wordml(source, ocr)  # its pictures of text, by OCR
    elif source.format == "rtf":
        from reportparse.readers.rtf import read_rtf

        return read_rtf(source, ocr)  # its pictures of text, by OCR
    elif source.format == "doc":
        from reportparse.readers.doc import read_doc as reader
    else:
        from reportparse.readers.text import read_text as reader
    return reader(source)


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says, else all of them)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
