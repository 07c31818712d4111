"""The text a user gets from the sample PDFs with a text extractor, each dump beside its truth.

    python samples/make_dumps.py            # writes samples/dumps/*

People who cannot or will not hand us the PDF hand us its text, taken with whatever library they had.  Four
such dumps of every sample PDF that has a truth (``samples/*.pdf`` with ``<stem>.truth.json``, and
``samples/random/*.pdf`` with ``<file>.truth.json``):

- ``<stem>.pdfium.txt``: pypdfium2's ``PdfTextPage.get_text_range()`` of each page, pages joined with a form
  feed (pdfium ends lines with CRLF, prints a running header after the body, and keeps the folio);
- ``<stem>.pdfplumber.txt``: pdfplumber's ``page.extract_text()`` of each page, pages joined with a newline
  (no page boundary left; table rows come out as one line of label and numbers, blank cells leave no trace);
- ``<stem>.pdftotext-layout.txt``: poppler's ``pdftotext -layout`` (the page's columns kept with spaces, each
  page laid out on its own, a form feed after each), and plain ``pdftotext`` (each block of text on lines of
  its own: a table's cells one by one, in an order of its own where a row's labels and numbers stand apart),
  written where ``pdftotext`` is installed (poppler-utils); elsewhere the committed ones are left as they are.

The truth of each dump is its PDF's truth (the dump prints every cell, title, preamble, section text and
signature the PDF does) with the dump's own name, bytes and format ``text``, as ``make_forms.py`` gives its
forms (``sha256`` and ``report_id`` are the dump's: the scorer matches a truth to its record by them, and
without them by the name's stem, which a report's dumps share); ``pages`` stays the PDF's, whose folios
the dumps print.
The parser read such dumps with no wrong cell and exact text when this set was made, but for plain
``pdftotext``'s: tables cut into single cells are read in part (the rest null, under a warning naming them, no
number wrong), and what of them is not read stays in the sections' text; the set freezes that.
Each dump is the extractor's output as is, so the same library versions write the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent
OUT = HERE / "dumps"


def pdfium_text(pdf: Path) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\f".join(pages)
    finally:
        doc.close()


def pdfplumber_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() for page in doc.pages)


def pdftotext(*options: str) -> Callable[[Path], str]:
    """poppler's ``pdftotext`` (``-layout``: the page's columns kept with spaces; without: each block of text,
    a table's cells one by one, on lines of their own), pages ending in a form feed."""

    def extract(pdf: Path) -> str:
        return subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")

    return extract


EXTRACTORS: dict[str, Callable[[Path], str]] = {"pdfium.txt": pdfium_text, "pdfplumber.txt": pdfplumber_text}
if shutil.which("pdftotext"):  # poppler-utils; where it is missing, its dumps are left as committed
    EXTRACTORS |= {"pdftotext-layout.txt": pdftotext("-layout"), "pdftotext.txt": pdftotext()}


def sources() -> list[tuple[Path, Path]]:
    """Every sample PDF with a truth beside it, as (pdf, truth); a PDF without one is no sample of this set."""
    pairs = [(pdf, pdf.with_suffix(".truth.json")) for pdf in sorted(HERE.glob("*.pdf"))]
    pairs += [(pdf, pdf.with_name(pdf.name + ".truth.json")) for pdf in sorted((HERE / "random").glob("*.pdf"))]
    return [(pdf, truth) for pdf, truth in pairs if truth.exists()]


def dump_truth(truth: dict, name: str, data: bytes) -> dict:
    """The PDF's truth for its dump: the dump's name, bytes and format."""
    record = {k: v for k, v in truth.items() if k not in ("file", "report_id", "source")}
    digest = hashlib.sha256(data).hexdigest()
    record.update(file=name, report_id=digest[:16],
                  source={"path": name, "sha256": digest, "format": "text", "pages": truth["source"]["pages"]})
    record["notes"] = [*truth.get("notes", []), f"Text of {truth['file']} as samples/make_dumps.py dumps it."]
    return record


def write(pdf: Path, truth_path: Path, out: Path) -> list[str]:
    """Both dumps of ``pdf`` into ``out``, each beside its truth; the file names written."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    names = []
    for suffix, extract in EXTRACTORS.items():
        name = f"{pdf.stem}.{suffix}"
        data = extract(pdf).encode("utf-8")
        record = dump_truth(truth, name, data)
        (out / name).write_bytes(data)
        (out / f"{name}.truth.json").write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                                encoding="utf-8")
        names.append(name)
    return names


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for pdf, truth in sources():
        for name in write(pdf, truth, OUT):
            print("wrote", OUT / name)


if __name__ == "__main__":
    main()
