"""Sniff the input, open it, and classify bad input.  The only place that does.

Every library exception from opening a file is translated here into one of the
errors in ``errors.py``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportparse.errors import CorruptPDFError, EncryptedPDFError, NotAPDFError, NoTextLayerError

_TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


@dataclass(frozen=True)
class Source:
    path: Path
    data: bytes
    sha256: str
    format: str  # "pdf" or "text"

    def to_dict(self, pages: int | None) -> dict:
        return {"path": str(self.path), "sha256": self.sha256, "format": self.format, "pages": pages}


def sniff(path: str | Path) -> Source:
    """Read the file and tell PDF from text; anything else raises NotAPDFError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as e:
        raise NotAPDFError("is a directory, not a file", path) from e
    except OSError as e:
        raise NotAPDFError(f"cannot be read ({e.strerror})", path) from e
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise NotAPDFError("the file is empty", path)
    if b"%PDF-" in data[:1024]:
        return Source(path, data, digest, "pdf")
    if data[:2] == b"PK":
        raise NotAPDFError("this is a ZIP container (a .docx, .xlsx or .zip), not a PDF", path)
    if decode_text(data) is None:
        raise NotAPDFError("neither a PDF nor a text file (binary content)", path)
    return Source(path, data, digest, "text")


def decode_text(data: bytes) -> str | None:
    """The bytes as text, if they are text: UTF-8, GB18030 or UTF-16, with few control characters."""
    for enc in _TEXT_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\r\n\t\f")
        if bad <= len(text[:20000]) // 200:
            return text
    return None


def open_pdf(source: Source):
    """Open with pdfplumber; corrupt, truncated and encrypted files raise their own errors."""
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    data = source.data
    if b"%%EOF" not in data[-4096:] and b"startxref" not in data[-4096:]:
        raise CorruptPDFError("the file ends before the PDF's end marker (%%EOF): truncated", source.path)
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


def require_text_layer(source: Source, n_chars: int, n_images: int, n_pages: int, n_cid: int = 0) -> None:
    """Raise NoTextLayerError when the pages carry (almost) no readable characters."""
    if n_chars < 20 and n_cid >= 20:
        raise NoTextLayerError(f"the text has no Unicode mapping ({n_cid} glyphs read as (cid:n): a non-embedded "
                               "font without ToUnicode); only OCR can read it", source.path)
    if n_chars < 20:
        what = f"{n_images} image(s) on {n_pages} page(s)" if n_images else f"{n_pages} page(s) without text"
        raise NoTextLayerError(f"no text layer ({what})", source.path)
