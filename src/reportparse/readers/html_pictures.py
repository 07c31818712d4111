"""Pictures of text in a saved web page, read by OCR: a table or a paragraph an editor pasted into the CMS as a
screenshot.  The page shows an ``<img>`` where the table was, and its text is in no element.

    where       ``Stored``: the picture's bytes where the page keeps them: a part of a web archive (.mht, matched
                by its Content-Location, as the ``src`` says or relative to the HTML part's own location, or by
                ``cid:`` and its Content-ID), a ``data:`` URI, or a file saved beside the page (a page saved
                "complete": ``report_files/image1.png``, relative to the page's folder, never above it nor more
                than ``MAX_DEPTH`` folders below).  A picture only addressed (``http://…``, ``/images/…``, a file
                the page was saved without) has none: nothing is ever fetched.
    which       the ``<img>`` s of the article (the element the section headings are in; the whole page where
                the text says too little to tell, a report shown as pictures), in document order; of those, the
                ones large enough to hold text (``pictures.PictureReader.read``: pixels, and the width it is
                shown at, from its ``width``/``height`` attributes or inline style, CSS pixels being 1/96 inch)
    read        as every picture of text is (``pictures.PictureReader``): ``image_text`` naming the picture by
                its ``src`` (shortened; a ``data:`` URI by its type and its place among the page's ``<img>`` s)
    added       ``PagePictures.blocks``: each ``<img>`` read -> its blocks, which the HTML walker puts in the
                picture's place, so that sections and tables read them as any other paragraph or table.

What the page does not hold is said once (``unread_note``): the pictures of the article that are only
addressed, where the report seems to lack tables (fewer grids than its three), as one ``image_unread``; a logo
or an icon (shown under ``PICTURE_INCHES`` wide, or lower than a line of text) is not counted.  Not read: a
picture inside a data table's cell, a CSS background, an SVG.

Nothing here is imported for a page without ``<img>``, nor with ``--ocr never``.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin

from reportparse.model import Issue
from reportparse.readers.pictures import PICTURE_INCHES, PICTURE_PX, Picture, PictureReader, _pixel_size

#: A file saved with the page lies in its folder or below it, at most this many folders down.
MAX_DEPTH = 6
#: The attributes a page names its picture by: ``src``, and the lazy loaders' (WeChat's ``data-src``).
SOURCES = ("src", "data-src", "data-original")
_DATA = re.compile(r"data:([\w/+.-]*)((?:;[^;,]*)*?)(;base64)?,(.*)", re.IGNORECASE | re.DOTALL)
_SCHEME = re.compile(r"^[a-z][\w+.-]*:", re.IGNORECASE)
_UNITS = {"px": 1 / 96, "pt": 1 / 72, "in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "": 1 / 96}
_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|in|cm|mm|)\s*$", re.IGNORECASE)


class Stored:
    """The bytes of the pictures a saved page holds: ``get(src)`` -> bytes, or None where the page only
    addresses the picture."""

    def __init__(self, path: Path | None, archive=None, limit: int | None = None):
        # the page's own folder; none for a page read from elsewhere (standard input): nothing beside it is read
        self.folder = Path(path).parent.resolve() if path and Path(path).is_file() else None
        self.limit = limit  # the largest file read beside the page (the input's own size limit)
        self.parts: dict[str, object] = {}  # Content-Location (as given, and decoded) or cid:… -> MIME part
        self.base = ""
        if archive is not None:
            message, html_part = archive
            self.base = (html_part.get("Content-Location") or message.get("Snapshot-Content-Location") or "").strip()
            for part in message.walk():
                if part.is_multipart() or part is html_part:
                    continue
                location = (part.get("Content-Location") or "").strip()
                if location:
                    self.parts.setdefault(location, part)
                    self.parts.setdefault(unquote(location), part)
                cid = (part.get("Content-ID") or "").strip().strip("<>")
                if cid:
                    self.parts.setdefault(f"cid:{cid}", part)

    def get(self, src: str) -> bytes | None:
        src = src.strip()
        if not src:
            return None
        if src[:5].lower() == "data:":
            return _data_uri(src)
        if self.parts:
            for key in (src, unquote(src), urljoin(self.base, src), unquote(urljoin(self.base, src))):
                if key in self.parts:
                    return self.parts[key].get_payload(decode=True) or None
        return self._file(src)

    def _file(self, src: str) -> bytes | None:
        """A file saved beside the page (``src`` relative to its folder), never one above it or far below."""
        if self.folder is None or _SCHEME.match(src) or src.startswith(("/", "\\")):
            return None  # an address on the web, or an absolute path on the site: not saved with the page
        src = re.split(r"[?#]", src)[0].replace("\\", "/")
        for name in dict.fromkeys((src, unquote(src))):
            try:
                target = (self.folder / name).resolve()
                inside = target.relative_to(self.folder)
                if len(inside.parts) <= MAX_DEPTH and target.is_file() and (
                        self.limit is None or target.stat().st_size <= self.limit):
                    return target.read_bytes()
            except (ValueError, OSError):  # above the page's folder, or unreadable
                continue
        return None


def _data_uri(src: str) -> bytes | None:
    m = _DATA.match(src)
    if not m or "svg" in m.group(1).lower():  # an SVG (a lazy loader's placeholder, an icon): not drawn here
        return None
    try:
        if m.group(3):
            payload = re.sub(r"\s+", "", m.group(4))
            return base64.b64decode(payload + "=" * (-len(payload) % 4)) or None
        return unquote_to_bytes(m.group(4)) or None
    except (binascii.Error, ValueError):
        return None


def _length(value: str | None) -> float | None:
    """A CSS or HTML length in inches (``600``, ``600px``, ``12cm``); None for a share (``100%``) or ``auto``."""
    m = _LENGTH.match(value or "")
    return float(m.group(1)) * _UNITS[m.group(2).lower()] if m and float(m.group(1)) > 0 else None


def _declared(img, name: str) -> float | None:
    """The ``width`` or ``height`` an ``<img>`` is shown at, in inches: its inline style first (CSS overrides
    the attribute), then its attribute."""
    m = re.search(rf"(?:^|;)\s*{name}\s*:\s*([^;!]+)", img.get("style") or "", re.IGNORECASE)
    return (_length(m.group(1)) if m else None) or _length(img.get(name))


def shown_size(img, pixels: tuple[int, int] | None) -> tuple[float, float] | None:
    """(width, height) in inches an ``<img>`` is shown at, the side not given kept in the picture's
    proportions; None where neither is given (its pixels are shown as CSS pixels then)."""
    w, h = _declared(img, "width"), _declared(img, "height")
    if pixels and pixels[0] and pixels[1]:
        if w and not h:
            h = w * pixels[1] / pixels[0]
        elif h and not w:
            w = h * pixels[0] / pixels[1]
    return (w, h) if w and h else None


def _small(img) -> bool:
    """Shown too small to hold a table or a paragraph (a logo, an icon, a bullet), as its markup says."""
    w, h = _declared(img, "width"), _declared(img, "height")
    return bool(w and w < PICTURE_INCHES or h and h < PICTURE_PX[1] / 96)


def name_of(src: str, k: int) -> str:
    """The picture as warnings name it: its ``src`` as written (decoded, its middle cut past 60 characters), a
    ``data:`` URI by its type and its place ``k`` among the page's ``<img>`` s."""
    if src[:5].lower() == "data:":
        m = _DATA.match(src)
        return f"data:{m.group(1) if m else ''} #{k}"
    src = unquote(src)
    return src if len(src) <= 60 else f"{src[:20]}…{src[-39:]}"


class PagePictures(PictureReader):
    """The pictures of one web page read by OCR (``read_all``), with what the record needs from them:
    ``blocks`` (``<img>`` -> its blocks), ``issues``, ``cells``, ``used``."""

    def __init__(self, stored: Stored, mode: str = "auto"):
        super().__init__(mode)
        self.stored = stored
        self.blocks: dict[object, list] = {}
        self._found: dict[object, tuple[str, bytes] | None] = {}

    def found(self, img) -> tuple[str, bytes] | None:
        """(the address, the bytes) of the picture where the page holds it: its ``src``, else a lazy loader's
        attribute (a ``src`` left a placeholder); None where the page only addresses it."""
        if img not in self._found:
            self._found[img] = None
            for src in filter(None, (img.get(a) for a in SOURCES)):
                blob = self.stored.get(src)
                if blob:
                    self._found[img] = src, blob
                    break
        return self._found[img]

    def read_all(self, images: list) -> dict[object, list]:
        """Each of ``images`` ((k, ``<img>``) in document order) that the page holds and shows large enough read
        by OCR: ``blocks``."""
        if self.mode == "never":
            return {}
        for k, img in images:
            found = None if _small(img) else self.found(img)
            if found is None:
                continue
            src, blob = found
            blocks = self.read(Picture(name_of(src, k), blob, shown_size(img, _pixel_size(blob))))
            if blocks:
                self.blocks[img] = blocks
        return self.blocks

    def unread_note(self, images: list, n_grids: int) -> None:
        """One ``image_unread`` for the article's pictures the page does not hold (only their addresses), where
        the report seems to lack tables (fewer than its three grids); logos and icons not counted."""
        if self.mode == "never" or n_grids >= 3:
            return
        missing = [img for _, img in images if not _small(img) and self.found(img) is None
                   and any(img.get(a) and img.get(a)[:5].lower() != "data:" for a in SOURCES)]
        if not missing:
            return
        first = next(missing[0].get(a) for a in SOURCES if (missing[0].get(a) or "data:")[:5].lower() != "data:")
        self.issues.append(Issue("image_unread", f"{len(missing)} picture(s) of the article are not saved with "
                                                 f"the page, only addressed ({name_of(first, 0)}"
                                                 f"{' …' if len(missing) > 1 else ''}): not read; if they show the "
                                                 "report's tables, save the page with its pictures (a .mht web "
                                                 "archive, or 'web page, complete') and parse that"))
