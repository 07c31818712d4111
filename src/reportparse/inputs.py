"""Sniff the input, open it, and classify bad input.  The only place that does.

Every library exception from opening a file is translated here into one of the
errors in ``errors.py``.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportparse.errors import (
    CorruptOFDError,
    CorruptPDFError,
    CorruptWordError,
    EncryptedPDFError,
    EncryptedWordError,
    NotAPDFError,
    NoTextLayerError,
    TooLargeError,
    UnsupportedFormatError,
)

#: Inputs larger than this are refused with TooLargeError before a byte is read (``parse(path, max_bytes=...)``
#: overrides it).  A report is a few MB as PDF or Word and well under 1 MB as text; 64 MiB leaves room for
#: scanned annexes while a runaway file (a 200 MB dump, a 10,000-page PDF) is refused at once.
MAX_BYTES = 64 * 2**20
#: A PDF is also refused past one page per 32 KiB of the byte limit (2,048 pages by default): a report has
#: 3 to 30 pages, and a 10,000-page file took 500 s.  Raising or lifting ``max_bytes`` moves this limit too.
BYTES_PER_PAGE = 32 * 2**10

_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".mhtml", ".mht")
_MHTML_START = re.compile(rb"^\s*(?:From:[^\n]*\n|Subject:[^\n]*\n|Date:[^\n]*\n|Snapshot-Content-Location:[^\n]*\n)*"
                          rb"MIME-Version:\s*1\.0", re.I)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
#: a ZIP entry a .docx (word/document.xml, [Content_Types].xml) or an OpenDocument file (its mimetype) begins with
_WORD_ENTRY = re.compile(rb"PK\x03\x04.{26}(?:word/|\[Content_Types\]\.xml|mimetypeapplication/vnd\.oasis)", re.DOTALL)
_WORDML = re.compile(rb'<\?mso-application\s+progid="Word\.Document"|<w:wordDocument\b')  # readers/wordml.py
_FLAT_ODT = re.compile(rb'<office:document\b[^>]*office:mimetype="application/vnd\.oasis\.opendocument\.text')
_OFD_ENTRY = re.compile(rb"PK\x03\x04.{26}/?OFD\.xml", re.DOTALL)  # a ZIP entry named OFD.xml at the root
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls, .et, .ppt: legacy Office/WPS binaries


@dataclass(frozen=True)
class Source:
    path: Path
    data: bytes
    sha256: str
    # "pdf", "ofd", "html", "docx", "doc" (Word 97-2003 or WPS binary), "rtf", "odt", "wordml" (Word 2003 XML), "text"
    format: str
    max_bytes: int | None = MAX_BYTES  # the size limit it was read under (PDF pages are limited by it too)

    @property
    def max_pages(self) -> int | None:
        return None if self.max_bytes is None else max(1, self.max_bytes // BYTES_PER_PAGE)

    def to_dict(self, pages: int | None) -> dict:
        return {"path": str(self.path), "sha256": self.sha256, "format": self.format, "pages": pages}


def sniff(path: str | Path, max_bytes: int | None = MAX_BYTES) -> Source:
    """Read the file and tell its form (PDF, OFD, web page, Word file, text) from its bytes.

    Forms reportparse does not read raise UnsupportedFormatError saying how to convert them; anything
    that is no document at all raises NotAPDFError; a file past ``max_bytes`` (None: no limit) raises
    TooLargeError without being read.
    """
    path = Path(path)
    try:
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                raise TooLargeError(f"the file is {size / 2**20:.1f} MiB, past the limit of "
                                    f"{max_bytes / 2**20:.1f} MiB", path)
        with path.open("rb") as f:  # at most one chunk past the limit: a pipe or a growing file stays bounded
            data = f.read() if max_bytes is None else _read_at_most(f, max_bytes + 1)
        if max_bytes is not None and len(data) > max_bytes:
            raise TooLargeError(f"the input is {len(data) / 2**20:.1f} MiB, past the limit of "
                                f"{max_bytes / 2**20:.1f} MiB", path)
    except IsADirectoryError as e:
        raise NotAPDFError("is a directory, not a file", path) from e
    except OSError as e:
        raise NotAPDFError(f"cannot be read ({e.strerror})", path) from e
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise NotAPDFError("the file is empty", path)
    return Source(path, data, digest, _form(data, path), max_bytes)


def _read_at_most(f, limit: int) -> bytes:
    """Up to ``limit`` bytes, read in chunks (``f.read(limit)`` would allocate ``limit`` bytes at once)."""
    parts, size = [], 0
    while size < limit:
        chunk = f.read(min(1 << 20, limit - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _form(data: bytes, path: Path) -> str:
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        names = _zip_names(data)
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or any(n.endswith("/OFD.xml") for n in names):
            return "ofd"
        if not names and _OFD_ENTRY.search(data[:1 << 16]):  # its ZIP directory unreadable (cut short)
            raise CorruptOFDError("the OFD's ZIP cannot be read (truncated or damaged)", path)
        if not names and _WORD_ENTRY.search(data[:1 << 16]):
            raise CorruptWordError("the Word or OpenDocument file's ZIP cannot be read (truncated or damaged)", path)
        if "content.xml" in names and "mimetype" in names:  # OpenDocument (its mimetype entry should come first)
            kind = re.search(rb"opendocument\.([a-z-]+)", data[:256]) or re.search(
                rb"opendocument\.([a-z-]+)", _zip_member(data, "mimetype"))
            if kind and kind.group(1) in (b"text", b"text-template", b"text-master"):
                return "odt"
            raise NotAPDFError(f"this is an OpenDocument {(kind.group(1).decode() if kind else 'file')}, not a "
                               "text document", path)
        if any(n.startswith("xl/") for n in names):
            raise NotAPDFError("this is a spreadsheet (.xlsx), not a report", path)
        if any(n.startswith("ppt/") for n in names):
            raise NotAPDFError("this is a presentation (.pptx), not a report", path)
        raise NotAPDFError("this is a ZIP container, not a PDF, web page, Word file or text", path)
    if data[:8] == _OLE2:
        return _ole_form(data, path)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf":  # Rich Text Format, whatever its name (.rtf, .doc)
        return "rtf"
    image = next((name for magic, name in _IMAGES if data.startswith(magic)), None)
    if image is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        image = "WebP"
    if image:
        e = UnsupportedFormatError(f"this is a {image} image, not a document", path)
        e.hint = ("A report published as pictures of its pages is read once they are one PDF, by OCR with the ocr "
                  "extra: e.g. `img2pdf page1.jpg page2.jpg -o report.pdf`, then `reportparse parse report.pdf`")
        raise e
    decoded = decoded_text(data)
    if decoded is None:
        raise NotAPDFError("neither a PDF nor a text file (binary content)", path)
    start = data[:1 << 15]
    if decoded.encoding.startswith("utf-16"):  # a web page or XML in UTF-16: told by its characters
        start = decoded.text[:1 << 15].encode("utf-8")
    head = start.lstrip(b"\xef\xbb\xbf")[:4096]
    if head.lstrip()[:5] == b"<?xml" and _WORDML.search(head):  # Word 2003 XML, whatever its name (.doc, .xml)
        return "wordml"
    if head.lstrip()[:5] == b"<?xml" and _FLAT_ODT.search(start):  # a flat OpenDocument text (.fodt)
        return "odt"
    if path.suffix.lower() in _HTML_SUFFIXES or _HTML_START.match(head) or (
            _MHTML_START.match(head) and b"multipart/related" in head.lower()):
        return "html"
    return "text"


#: the first bytes of the image formats a page's picture comes in (a report published as pictures of its pages)
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


def _ole_form(data: bytes, path: Path) -> str:
    """An OLE2 compound file holding a WordDocument stream is a Word 97-2003 or WPS Writer document ("doc",
    whatever its name: .doc, .wps, .dot, a renamed file); any other is refused by what it holds."""
    import olefile

    try:  # a file object: olefile takes short bytes for a file name
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except Exception as e:  # noqa: BLE001 - olefile raises OSError and its own kinds on a broken container
        raise CorruptWordError(f"the OLE2 compound file (.doc, .wps, .xls …) is broken ({type(e).__name__}: {e})",
                               path) from e
    if "WordDocument" in names:
        return "doc"
    if {"EncryptionInfo", "EncryptedPackage"} <= names:
        raise EncryptedWordError("this is a password-protected Office file (an encrypted .docx, .xlsx or .pptx)", path)
    if names & {"Workbook", "Book"}:
        e = UnsupportedFormatError("this is a spreadsheet (.xls or WPS .et), not a Word or WPS document", path)
        e.hint = NotAPDFError.hint  # converting a spreadsheet is no advice
        raise e
    if "PowerPoint Document" in names:
        raise UnsupportedFormatError("this is a presentation (.ppt or WPS .dps), not a Word or WPS document", path)
    if names & {"CONTENTS", "MatOST"}:
        raise UnsupportedFormatError("this is a Microsoft Works document, not a Word or WPS document", path)
    held = ", ".join(sorted(n.lstrip("\x01\x05") for n in names if "/" not in n)[:6]) or "nothing"
    raise UnsupportedFormatError(f"this OLE2 compound file holds no Word or WPS document (it holds {held})", path)


def _zip_member(data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read(name)[:256]
    except Exception:  # noqa: BLE001 - a damaged member (zlib, an unknown compression): the form is not told by it
        return b""


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # NotImplementedError: a damaged
        return set()  # directory claiming a ZIP version zipfile does not know


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # bytes that fit no encoding, each replaced by U+FFFD


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \r \f: not in a text file


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text in UTF-16 without its BOM (a crawler that wrote Python's
    ``encoding="utf-16-le"``), else None.

    Told by its NUL bytes: each ASCII character (digits, line breaks, spaces) has one, on the same side of
    the pair (a Chinese character has one on the other side where its code ends in 00, as U+4E00 一: a
    few in a hundred); text in an 8-bit encoding has none, binary data has them on both sides alike.
    """
    sample = data[:8192]
    if len(sample) < 64:
        return None
    high, low = sample[1::2].count(0), sample[0::2].count(0)  # the high byte of little-endian pairs, the low
    if high >= 16 and high >= 3 * low:
        return "utf-16-le"
    if low >= 16 and low >= 3 * high:
        return "utf-16-be"
    return None


def decoded_text(data: bytes, declared: str | None = None) -> Decoded | None:
    """The bytes as text, in the encoding that fits best, or None when they are not text.

    A BOM decides; then the ``declared`` encoding (a web page's charset), then UTF-8 and GB18030
    (GBK and GB2312 are its subsets).  A few stray bytes are replaced and counted, not fatal: a dump cut
    inside its last character, one bad byte in a crawler's file.
    """
    if data[:3] == b"\xef\xbb\xbf":
        candidates = ["utf-8"]
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates = ["utf-16"]
    elif (wide := _utf16_without_bom(data)) is not None:
        candidates = [wide]
    else:
        candidates = [e for e in (_codec(declared), "utf-8", "gb18030") if e]
    best: Decoded | None = None
    for enc in dict.fromkeys(candidates):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if bad:  # U+FFFD printed in the file itself is not a replacement
            bad -= data.decode(enc, errors="ignore").count("\ufffd")
        if best is None or bad < best.replaced:
            best = Decoded(text, enc, bad)
        if bad == 0:
            break
    if best is None:
        return None
    sample = best.text[:20000]
    control = len(_CONTROL.findall(sample))
    if control > len(sample) // 200 or best.replaced > max(2, len(best.text) // 100):
        return None
    return best


def _codec(name: str | None) -> str | None:
    """A declared charset as a Python codec; GBK and GB2312 pages are read as GB18030, their superset."""
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    if name in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes) -> str | None:
    """The bytes as text (see ``decoded_text``), or None."""
    decoded = decoded_text(data)
    return decoded.text if decoded else None


def check_pdf_bytes(source: Source) -> None:
    """Refuse a PDF cut before its end marker, whichever backend reads it (pdfium would guess the rest)."""
    data = source.data
    if b"%%EOF" not in data and b"startxref" not in data:  # bytes after %%EOF (a web page's padding) are fine
        raise CorruptPDFError("the file ends before the PDF's end marker (%%EOF): truncated", source.path)


def open_pdf(source: Source):
    """Open with pdfplumber; corrupt, truncated and encrypted files raise their own errors."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    data = source.data
    check_pdf_bytes(source)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages  # parses the page tree: fails here on broken files
        if not pages:
            raise CorruptPDFError("the PDF has no pages", source.path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise EncryptedPDFError("the PDF is encrypted with a password", source.path) from e
    except CorruptPDFError:
        raise
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, AssertionError) as e:
        raise CorruptPDFError(f"the PDF structure is broken ({type(e).__name__}: {e})", source.path) from e
    except Exception as e:  # pdfminer raises many kinds on damaged files; pdfplumber wraps them
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or any(
                w in f"{type(inner).__name__} {inner}".lower() for w in ("password", "encrypt")):
            raise EncryptedPDFError("the PDF is encrypted with a password", source.path) from e
        raise CorruptPDFError(f"the PDF cannot be read ({type(e).__name__}: {e})", source.path) from e
    return pdf


def require_text_layer(source: Source, n_chars: int, n_images: int, n_pages: int, n_cid: int = 0,
                       ocr_missing: str = "") -> None:
    """Raise NoTextLayerError when the pages carry (almost) no readable characters (``ocr_missing``: why OCR
    was wanted where its extra is not installed, said in the message)."""
    also = f" ({ocr_missing})" if ocr_missing else ""
    if n_chars < 20 and n_cid >= 20:
        raise NoTextLayerError(f"the text has no Unicode mapping ({n_cid} glyphs read as (cid:n): a non-embedded "
                               f"font without ToUnicode); only OCR can read it{also}", source.path)
    if n_chars < 20:
        what = f"{n_images} image(s) on {n_pages} page(s)" if n_images else f"{n_pages} page(s) without text"
        raise NoTextLayerError(f"no text layer ({what}){also}", source.path)
