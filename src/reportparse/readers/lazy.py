"""Modules imported on first use of one of their names, for readers that need them only now and then:
``from reportparse.readers.lazy import numpy as np`` in ``ocr.py``, whose pages with a usable text layer (most
PDFs) never touch numpy, whose import was ~70 ms of every batch's start and every cold parse of a PDF."""

from __future__ import annotations

import importlib


class _Lazy:
    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(importlib.import_module(self._name), attr)

    def __repr__(self) -> str:
        return f"<{self._name}, imported on first use>"


numpy = _Lazy("numpy")
