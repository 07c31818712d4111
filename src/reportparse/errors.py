"""Every exception reportparse raises, in one tree.

    ReportParseError                 base: .code, .path, .page, .hint
    ├── InputError                   the file cannot be read as a report
    │   ├── NotAPDFError             code "not_pdf": no form reportparse reads (binary, empty, a renamed file)
    │   ├── UnsupportedFormatError   code "unsupported_format": a known form it does not read (.xls, Word 95, images)
    │   ├── TooLargeError            code "too_large": past the size limit (overridable)
    │   ├── CorruptPDFError          code "corrupt": a broken or truncated PDF
    │   │   ├── CorruptOFDError      code "corrupt": a broken or truncated OFD (its ZIP or its XML)
    │   │   └── CorruptWordError     the same for a Word file (.docx, .doc, .wps), with its own advice
    │   ├── EncryptedPDFError        code "encrypted": needs a password
    │   │   ├── EncryptedOFDError    code "encrypted": an OFD encrypted under GM/T 0099 (Encryptions.xml)
    │   │   └── EncryptedWordError   the same for a Word file (.doc, .wps, a password-protected .docx)
    │   ├── NoTextLayerError         code "no_text_layer": scanned pages, no text
    │   └── NotAReportError          code "not_a_report": readable, but not an annual report
    └── ExtractionError              code "extraction": the parser itself failed on a page

The library raises these and emits ``ReportWarning``s; only the CLI prints
them and picks exit codes.  Library exceptions (pdfminer, pdfplumber) are
translated once, in ``inputs.py``, with ``raise ... from e``.
"""

from __future__ import annotations

from pathlib import Path


class ReportParseError(Exception):
    """Base of every reportparse error."""

    code = "error"
    hint = ""

    def __init__(self, message: str, path: str | Path | None = None, page: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.page = page
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if self.page is not None:
            where += f" (page {self.page})"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}. {self.hint}" if self.hint else text

    def __reduce__(self):  # keep the subclass and fields across process pools, and a hint set on this error
        return (_rebuild, (type(self), self.message, self.path, self.page, self.__dict__.get("hint")))


def _rebuild(cls, message, path, page, hint=None):
    error = cls(message, path, page)
    if hint is not None:
        error.hint = hint
    return error


class InputError(ReportParseError):
    """The input cannot be parsed as a report."""

    code = "bad_input"


class NotAPDFError(InputError):
    code = "not_pdf"
    hint = ("reportparse reads PDF, OFD, saved web pages (.html), Word (.docx, .doc, .rtf), WPS (.wps), OpenDocument "
            "(.odt), markdown and text files of reports")


class UnsupportedFormatError(InputError):
    code = "unsupported_format"
    hint = ("Convert it to .docx or PDF first, e.g. `soffice --headless --convert-to docx FILE` "
            "(reportparse reads PDF, .ofd, .html/.htm/.shtml, .docx, .doc, .wps, .md and text files)")


class TooLargeError(InputError):
    code = "too_large"
    hint = "Raise the limit if the file is really one report: parse(path, max_bytes=...) or --max-size"


class CorruptPDFError(InputError):
    code = "corrupt"
    hint = "The file may be truncated; download it again, or repair it with `qpdf in.pdf out.pdf`"


class EncryptedPDFError(InputError):
    code = "encrypted"
    hint = "Remove the encryption first, e.g. `qpdf --decrypt --password=PW in.pdf out.pdf`"


class CorruptOFDError(CorruptPDFError):
    hint = ("The file may be truncated; download it again, or open it in an OFD reader (数科, 福昕, 书生) and "
            "export it to PDF")


class EncryptedOFDError(EncryptedPDFError):
    hint = ("Open it in the OFD reader it was made for, with its key or certificate, and save it unencrypted "
            "or export it to PDF")


class CorruptWordError(CorruptPDFError):
    hint = "The file may be truncated; download it again, or open it in Word, WPS or LibreOffice and save it again"


class EncryptedWordError(EncryptedPDFError):
    hint = ("Open it in Word or WPS with its password and save it without one (文件 → 信息 → 保护文档 → 用密码进行加密, "
            "cleared), or `soffice --headless --convert-to docx FILE` after removing the password")


class NoTextLayerError(InputError):
    code = "no_text_layer"
    hint = ("The pages are images (a scan) or their text is unreadable: reportparse reads them by OCR with its "
            "extra installed, `pip install 'reportparse[ocr]'` (ocr='auto', the default)")


class NotAReportError(InputError):
    code = "not_a_report"
    hint = "Expected a 政府信息公开工作年度报告 with sections 一、总体情况 … 六、其他需要报告的事项"


class ExtractionError(ReportParseError):
    code = "extraction"
    hint = "Please report this file to the reportparse issue tracker"


ERROR_CODES = ("not_pdf", "unsupported_format", "too_large", "corrupt", "encrypted", "no_text_layer", "not_a_report", "extraction")
