"""reportparse: 政府信息公开工作年度报告 (PDF, OFD, scan, web page, Word file, text dump or markdown) -> one normalized record.

    >>> import reportparse
    >>> report = reportparse.parse("samples/guyuan-hpf-2021.txt")
    >>> report.to_dict()["agency"]
    '固原市住房公积金管理中心'
"""

from reportparse.cache import keep_bytecode

keep_bytecode()  # before the package's other modules are imported

from reportparse.errors import (  # noqa: E402
    CorruptOFDError,
    CorruptPDFError,
    EncryptedOFDError,
    EncryptedPDFError,
    ExtractionError,
    InputError,
    NotAPDFError,
    NotAReportError,
    NoTextLayerError,
    ReportParseError,
    TooLargeError,
    UnsupportedFormatError,
)

__all__ = [
    "CorruptOFDError",
    "CorruptPDFError",
    "EncryptedOFDError",
    "EncryptedPDFError",
    "ExtractionError",
    "InputError",
    "NoTextLayerError",
    "NotAPDFError",
    "NotAReportError",
    "Report",
    "ReportParseError",
    "TooLargeError",
    "UnsupportedFormatError",
    "load",
    "parse",
    "parse_many",
]
__version__ = "0.1.0"


def __getattr__(name):
    """The parser and the batch layer load on first use: ``import reportparse.batch_cli`` (a batch's own
    process, which forks its workers from a process that loads the parser) stays light, and so does
    ``parse()`` without the batch layer."""
    if name == "parse":
        from reportparse.pipeline import parse

        return parse
    if name == "Report":
        from reportparse.model import Report

        return Report
    if name in ("parse_many", "load"):
        from reportparse import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'reportparse' has no attribute {name!r}")
