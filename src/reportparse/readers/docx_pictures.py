"""Pictures of text in a Word file's body, read by OCR: a table or a paragraph pasted into Word as a screenshot.

The .docx reader reads a paragraph's runs; a pasted screenshot is a ``w:drawing`` (``wp:inline`` or
``wp:anchor``, its image named by ``a:blip r:embed``) or an old VML ``w:pict`` (``v:imagedata r:id``) in a
run, and its text is in no run.  Without this reader such a table is lost (``table_missing``).

    which       ``pictures_in``: each picture of a paragraph, in order, with its image part and the size it is
                shown at (``wp:extent``); ``Pictures.blocks`` keeps those large enough to hold text
                (``PICTURE_PX`` pixels, ``PICTURE_INCHES`` wide as shown: not a seal, a logo or an icon)
    read        as every picture of text is, whatever holds it (``pictures.PictureReader``): at its own
                resolution as shown, kept between 150 and 300 dpi, by ``ocr.read_pixels``, then the grid finder
    added       in the picture's place in the body: each grid found as a table block (cells and spans, as
                ``docx._grid`` gives a Word table), the text outside the grids as paragraphs, top to bottom;
                warned ``image_text`` naming the picture's part.  A picture in which OCR reads almost nothing
                (a photo, a seal) adds nothing; without the engine ``image_unread`` names each candidate.

A Word file has no pages, but ``ocr_checks`` finds a table cell's OCR reading by its page and box: so the
pictures are stacked one under another on page 1 (``Pictures.offset``), each grid cell keeping its box
there, and each ``OcrCell`` names its picture for the warnings.  A picture in a table's cell is read after
the table (a table of empty cells around pictures, a frame, is left out: only its pictures count).  Not read:
a linked picture (no bytes in the package), a vector picture (EMF/WMF, as Word stores a table pasted from
Excel: Pillow cannot draw it) or one past ``MAX_PIXELS`` (both warned ``image_unread``), a picture in a
header, footer or footnote, and the text of a picture beside text in its paragraph is read after that text.

Nothing here is imported, nor the engine loaded, for a Word file without a picture of that size."""

from __future__ import annotations

import re

from reportparse.readers.pictures import (  # the names tests and callers know from here
    GAP,
    MAX_PIXELS,
    PICTURE_INCHES,
    PICTURE_PX,
    Picture,
    PictureReader,
    reading_dpi,
)

__all__ = ["GAP", "MAX_PIXELS", "PICTURE_INCHES", "PICTURE_PX", "Picture", "Pictures", "pictures_in", "reading_dpi"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
EMU_PER_INCH = 914400


def pictures_in(p, part) -> list[Picture]:
    """The pictures of paragraph ``p`` in order: DrawingML (inline or anchored; an ``mc:Fallback`` copy of
    one is skipped) and VML.  A picture whose image is linked, not stored, has no bytes here: left out."""
    out = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK:
                continue
            if tag in (f"{_WP}inline", f"{_WP}anchor"):
                blip = child.find(f".//{_A}blip")
                extent = child.find(f"{_WP}extent")
                shown = None
                if extent is not None:
                    cx, cy = (_int(extent.get(k)) for k in ("cx", "cy"))
                    shown = (cx / EMU_PER_INCH, cy / EMU_PER_INCH) if cx > 0 and cy > 0 else None
                found = _part(part, blip.get(f"{_R}embed") if blip is not None else None)
                if found is not None:
                    out.append(Picture(found[0], found[1], shown))
                continue  # a text box's paragraphs are read as the paragraph's runs
            if tag == f"{_V}shape":
                data = child.find(f".//{_V}imagedata")
                if data is not None:
                    found = _part(part, data.get(f"{_R}id"))
                    if found is not None:
                        out.append(Picture(found[0], found[1], _vml_size(child.get("style") or "")))
                    continue
            walk(child)

    walk(p)
    return out


def _int(v) -> int:
    try:
        return int(v or 0)
    except ValueError:
        return 0


def _part(part, rid: str | None) -> tuple[str, bytes] | None:
    if not rid:
        return None
    try:
        target = part.related_parts[rid]
    except KeyError:  # an external (linked) image, or a broken relationship
        return None
    blob = getattr(target, "blob", None)
    if not blob:
        return None
    return str(target.partname).lstrip("/"), blob


_VML_UNITS = {"pt": 1 / 72, "in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "px": 1 / 96}


def _vml_size(style: str) -> tuple[float, float] | None:
    """(width, height) in inches from a VML shape's ``style`` (``width:415.3pt;height:120pt``)."""
    size = {}
    for key, num, unit in re.findall(r"(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)", style):
        size[key] = float(num) * _VML_UNITS[unit]
    if size.get("width") and size.get("height"):
        return size["width"], size["height"]
    return None


class Pictures(PictureReader):
    """The pictures of one Word file read by OCR, paragraph by paragraph (``blocks``), with what the record
    needs from them: ``issues`` (``image_text``, ``image_unread``), ``cells`` (``OcrCell``), ``used``."""

    def __init__(self, part, mode: str = "auto"):
        super().__init__(mode)
        self.part = part

    def blocks(self, p) -> list:
        """The blocks of paragraph ``p``'s pictures of text, in order: table cells (``docx.TableCells``) and
        paragraph lines ([(text, head)]), as ``docx.word_document`` takes them; [] for most paragraphs."""
        if self.mode == "never" or p.find(f".//{_W}drawing") is None and p.find(f".//{_W}pict") is None:
            return []
        return [block for picture in pictures_in(p, self.part) for block in self.read(picture)]
