"""The compiled module (``_speedups.c``), where ``pip install`` built it; None where it did not (no C compiler),
or where it was built from another version of the file, and the same loops then run in Python.

Who uses what of it: ``readers/pdfium`` its loops over a page's characters, objects and path segments (after
binding them to pypdfium2's PDFium, see ``readers.pdfium._c_loop``); ``readers/pages`` and ``layout`` its two
checks of a page's characters; ``identity`` and ``export/search`` its table of jieba's dictionary; ``batch``
its check that a record is plain JSON data.  tests/test_speedups.py holds each to its Python twin.
"""

from __future__ import annotations

API = 6  # _speedups.c's API (its PyInit sets the same number): its functions and what they take


def _load():
    try:
        from reportparse import _speedups
    except ImportError:
        return None
    return _speedups if getattr(_speedups, "API", None) == API else None


C = _load()
