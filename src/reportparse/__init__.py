"""reportparse: 政府信息公开工作年度报告 (PDF, OFD, scan, web page, Word file, text dump or markdown) -> one normalized record.

    >>> import reportparse
    >>> report = reportparse.parse("samples/guyuan-hpf-2021.txt")
    >>> report.to_dict()["agency"]
    '固原市住房公积金管理中心'
"""

from reportparse.errors import (
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
from reportparse.model import Report
from reportparse.pipeline import parse

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


def __getattr__(name):  # the batch layer loads lazily: parse() alone stays light
    if name in ("parse_many", "load"):
        from reportparse import batch

        return getattr(batch, name)
    raise AttributeError(name)
