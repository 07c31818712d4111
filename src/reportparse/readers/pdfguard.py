"""Guards on a PDF's bytes before a backend reads them: reference cycles and decompression bombs (issue 8).

    guard(data)            the bytes with every harmful object replaced by ``null`` (same length, so the
                           cross-reference offsets still hold), and why each was replaced
    affected_pages(...)    which pages draw a replaced object, so each gets a ``page_unreadable`` warning
    bound_pdfminer()       pdfminer's reference resolution stops after 64 hops instead of looping forever

A cycle: objects that are nothing but a reference (``5 0 obj 5 0 R endobj``, or two objects pointing at
each other, as an incremental update may leave a page's /Resources).  pdfminer follows such a chain
forever; pdfium gives up silently and the page loses its text.

A bomb: a stream whose Flate (and ASCII85/hex) filters inflate it past ``MAX_STREAM_BYTES``: a 15 KB
file that inflates to 1 GiB took 2-4 GB.  Each stream is inflated here at most to the bound; a stream
that could not exceed it at deflate's best ratio (about 1:1032) is not inflated at all.

Objects inside object streams are not seen by these byte-level checks; ``bound_pdfminer`` still keeps a
cycle there from hanging the pdfplumber backend.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib
from dataclasses import dataclass, field

#: What one stream may inflate to.  A report's largest streams (embedded CJK font subsets, page content)
#: are a few MB; 64 MiB per stream keeps a page's memory bounded while leaving real files alone.
MAX_STREAM_BYTES = 64 * 2**20
_DEFLATE_BEST = 1032  # deflate's best compression ratio: a single Flate stream of n bytes inflates to < 1032 n

_OBJ = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_BARE_REF = re.compile(rb"\s*(\d{1,10})\s+\d{1,5}\s+R\s*")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_NOT_CONTENT = re.compile(rb"/Subtype\s*/(?!Form\b)|/Length[123]\b|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)\b")
_STRINGS = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\()])*\)")  # hex and literal strings: glyph codes, not numbers
# past 32-bit integers (pdfium reads such a number as 0): a token of its own, after white space or a delimiter
# other than / (the digits of a name, /FormXob.7d4e…5415484492836…, are no number)
_HUGE = re.compile(rb"(?<![^\s\[\]{}()<>])[+-]?[0-9]{11,}")
_DIGITS = bytes.maketrans(b"0123456789", b"0000000000")
_FLATE, _A85, _AHX = {b"FlateDecode", b"Fl"}, {b"ASCII85Decode", b"A85"}, {b"ASCIIHexDecode", b"AHx"}


@dataclass
class Guarded:
    data: bytes
    defused: dict[int, str] = field(default_factory=dict)  # object number -> why it was replaced
    # content streams with a number past 32-bit integers (x = 1e300 written out): pdfium reads it as 0,
    # pdfminer as the number; such pages are read by pdfminer in both backends
    out_of_range: set[int] = field(default_factory=set)


def guard(data: bytes, max_stream: int = MAX_STREAM_BYTES) -> Guarded:
    """``data`` with cyclic reference objects and bombs replaced by ``null`` objects of the same length."""
    spans: dict[int, tuple[int, int, bytes]] = {}  # objnum -> (start, end, body) of its last definition
    refs: dict[int, int] = {}
    bombs: dict[int, str] = {}
    huge: set[int] = set()
    pos = 0
    while True:
        m = _OBJ.search(data, pos)
        if not m:
            break
        num, start, body_start = int(m.group(1)), m.start(), m.end()
        end_obj = data.find(b"endobj", body_start)
        stream_at = data.find(b"stream", body_start, end_obj if end_obj >= 0 else len(data))
        if stream_at >= 0:  # a stream: skip its data by /Length, or to endstream
            head = data[body_start:stream_at]
            raw_start = stream_at + 6 + (2 if data[stream_at + 6:stream_at + 8] == b"\r\n" else 1)
            length = _LENGTH.search(head)
            raw_end = raw_start + int(length.group(1)) if length else -1
            if raw_end < 0 or data[raw_end:raw_end + 20].lstrip()[:9] != b"endstream":
                raw_end = data.find(b"endstream", raw_start)
                if raw_end < 0:
                    break
            why, content = _bomb(head, data[raw_start:raw_end], max_stream)
            if (content is not None and b"00000000000" in content.translate(_DIGITS)  # 11 digits in a row: look closer
                    and _HUGE.search(_STRINGS.sub(b" ", content))):
                huge.add(num)
            end_obj = data.find(b"endobj", raw_end)
            if end_obj < 0:
                break
            if why:
                bombs[num] = why
            spans[num] = (start, end_obj + 6, b"")
            pos = end_obj + 6
            continue
        if end_obj < 0:
            break
        body = data[body_start:end_obj]
        spans[num] = (start, end_obj + 6, body)
        bare = _BARE_REF.fullmatch(body)
        if bare:
            refs[num] = int(bare.group(1))
        else:
            refs.pop(num, None)  # a later definition (an incremental update) is no longer a bare reference
        pos = end_obj + 6
    defused = {n: "a cycle of object references (the object refers back to itself)" for n in _cycles(refs)}
    defused.update({n: why for n, why in bombs.items() if spans.get(n)})
    if not defused:
        return Guarded(data, out_of_range=huge)
    out = bytearray(data)
    for num in defused:
        start, end, _ = spans[num]
        head = b"%d 0 obj null " % num
        if len(head) + 6 > end - start:
            continue
        out[start:end] = head + b" " * (end - start - len(head) - 6) + b"endobj"
    return Guarded(bytes(out), defused, huge - set(defused))


def _cycles(refs: dict[int, int]) -> set[int]:
    """The objects on a cycle of bare references (a -> b -> a), each chain walked once."""
    out: set[int] = set()
    done: set[int] = set()
    for first in refs:
        path: list[int] = []
        on_path: set[int] = set()
        n = first
        while n in refs and n not in done and n not in on_path:
            path.append(n)
            on_path.add(n)
            n = refs[n]
        if n in on_path:
            out.update(path[path.index(n):])
        done.update(path)
    return out


def _bomb(head: bytes, raw: bytes, max_stream: int) -> tuple[str | None, bytes | None]:
    """(why the stream is a bomb or None, its decoded bytes when it is a page's or a form's content).

    A stream is decoded only when it could be a bomb or is content (no /Subtype but /Form, not a font
    program, an image, an object or cross-reference stream, metadata or an embedded file).
    """
    content = not _NOT_CONTENT.search(head)
    m = _FILTERS.search(head)
    names = re.findall(rb"/([A-Za-z0-9]+)", m.group(1)) if m else []
    if any(n not in _FLATE | _A85 | _AHX for n in names):
        return None, None  # a filter not decoded here (images: DCT, JBIG2, CCITT; LZW)
    flates = sum(1 for n in names if n in _FLATE)
    if not content and (not flates or flates == 1 and len(raw) * _DEFLATE_BEST <= max_stream):
        return None, None  # cannot exceed the bound, and no content to look at
    if not content and names in ([b"FlateDecode"], [b"Fl"]):
        return _one_flate(raw, max_stream), None
    data = raw
    for name in names:
        try:
            if name in _A85:
                text = data.strip()
                text = text[2:] if text.startswith(b"<~") else text
                data = _a85decode(text.split(b"~>")[0])
            elif name in _AHX:
                text = re.sub(rb"\s", b"", data).rstrip(b">")
                data = binascii.unhexlify(text + b"0" * (len(text) % 2))
            else:
                d = zlib.decompressobj()
                data = d.decompress(data, max_stream + 1)
                if len(data) > max_stream or d.unconsumed_tail:
                    return (f"a compressed stream inflates past {max_stream // 2**20} MiB "
                            f"({len(raw)} bytes in the file): a decompression bomb"), None
        except (ValueError, zlib.error, binascii.Error):
            return None, None  # damaged data: the backend decides what it can read
    return None, data if content else None


_A85_SPACE = b" \t\n\r\v"  # what base64.a85decode skips
_A85_DIGITS = bytes(range(ord("!"), ord("u") + 1))
_A85_BIAS = 33 * (85**4 + 85**3 + 85**2 + 85 + 1)  # the five digits' offsets, taken off each group at once


def _a85decode(text: bytes) -> bytes:
    """``base64.a85decode(text)``, five times faster on what content streams hold (digits and line breaks):
    a group of five digits per step instead of one digit.  Anything else (``z``, a stray byte, an overflow)
    is left to ``base64.a85decode``, with its errors."""
    digits = text.translate(None, _A85_SPACE)
    if digits.translate(None, _A85_DIGITS):
        return base64.a85decode(text)
    padded = digits + b"u" * 4  # as a85decode pads the last group; the padding's bytes are cut off below
    it = iter(padded[:len(padded) - len(padded) % 5])
    groups = [((((a * 85 + b) * 85 + c) * 85 + d) * 85 + e) - _A85_BIAS for a, b, c, d, e in zip(it, it, it, it, it)]
    try:
        out = struct.pack(f">{len(groups)}I", *groups)
    except struct.error:
        return base64.a85decode(text)  # a group past 2**32: its error
    cut = 4 - len(padded) % 5
    return out[:-cut] if cut else out


def _one_flate(raw: bytes, max_stream: int) -> str | None:
    """Whether one Flate stream inflates past ``max_stream``, inflating only as far as needed to know:
    once what came out plus deflate's best ratio times the input left stays under the bound, it cannot."""
    d = zlib.decompressobj()
    out, step = 0, 1 << 14
    try:
        for start in range(0, len(raw), step):
            out += len(d.decompress(raw[start:start + step], max_stream + 1 - out))
            if out > max_stream or d.unconsumed_tail:
                return (f"a compressed stream inflates past {max_stream // 2**20} MiB "
                        f"({len(raw)} bytes in the file): a decompression bomb")
            if out + (len(raw) - start - step) * _DEFLATE_BEST <= max_stream or d.eof:
                return None
    except zlib.error:
        return None  # damaged data: the backend decides what it can read
    return None


def affected_pages(data: bytes, defused: dict[int, str]) -> dict[int | None, str]:
    """Page number (1-based) -> why, for each page whose resources or contents reach a replaced object.

    Read with pdfminer (the bytes are defused, so it cannot loop); None when no page could be named.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    bound_pdfminer()
    out: dict[int | None, str] = {}
    try:
        import io

        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        for number, page in enumerate(PDFPage.create_pages(doc), 1):
            seen: set[int] = set()
            stack = [page.attrs.get("Resources"), page.attrs.get("Contents")]
            while stack and len(seen) < 20000:
                x = stack.pop()
                if isinstance(x, PDFObjRef):
                    if x.objid in defused:
                        out.setdefault(number, defused[x.objid])
                        continue
                    if x.objid in seen:
                        continue
                    seen.add(x.objid)
                    try:
                        x = doc.getobj(x.objid)
                    except Exception:  # noqa: BLE001 - a missing object harms nothing here
                        continue
                if isinstance(x, PDFStream):
                    x = x.attrs
                if isinstance(x, dict):
                    stack.extend(v for k, v in x.items() if k not in ("Parent", "P"))
                elif isinstance(x, list):
                    stack.extend(x)
    except Exception:  # noqa: BLE001 - pdfminer cannot walk the pages: say so without a page
        pass
    if not out:
        out[None] = next(iter(defused.values()))
    return out


_BOUNDED = False


def bound_pdfminer() -> None:
    """Make pdfminer's ``resolve1`` give up after 64 hops of references (it loops forever on ``5 0 obj 5 0 R``).

    ``resolve1`` is imported by name into many pdfminer modules, so its code object is replaced in place;
    it raises pdfminer's own PDFTypeError, which the readers already treat as a broken file or page.
    """
    global _BOUNDED
    if _BOUNDED:
        return
    from pdfminer import pdftypes

    for name, bounded in (("resolve1", _resolve1), ("resolve_all", _resolve_all)):
        target = getattr(pdftypes, name, None)
        if target is not None and target.__code__.co_freevars == () and bounded.__code__.co_freevars == ():
            target.__code__ = bounded.__code__
    _BOUNDED = True


# The bounded resolvers.  Their code runs as pdfminer.pdftypes' functions, so the names below are looked up in
# that module's globals (PDFObjRef, PDFTypeError, resolve_all), not in this one.
def _resolve1(x, default=None):
    hops = 0
    while isinstance(x, PDFObjRef):  # noqa: F821
        hops += 1
        if hops > 64:
            raise PDFTypeError("a cycle of object references")  # noqa: F821
        x = x.resolve(default=default)
    return x


def _resolve_all(x, default=None):
    hops = 0
    while isinstance(x, PDFObjRef):  # noqa: F821
        hops += 1
        if hops > 64:
            raise PDFTypeError("a cycle of object references")  # noqa: F821
        x = x.resolve(default=default)
    if isinstance(x, list):
        x = [resolve_all(v, default=default) for v in x]  # noqa: F821
    elif isinstance(x, dict):
        for k, v in x.items():
            x[k] = resolve_all(v, default=default)  # noqa: F821
    return x
