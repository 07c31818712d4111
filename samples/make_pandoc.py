"""Convert some of samples/forms/ to markdown and text with pandoc, as researchers convert reports, each with its truth.

    python samples/make_pandoc.py            # writes samples/pandoc/*

pandoc is how many turn a Word file or a saved page into markdown for their own pipelines.  What it writes is
none of the markdown the other samples hold:

- ``-t markdown`` (pandoc's own): a Word file's headings as ``**一、总体情况**`` lines, its tables as *multiline*
  tables (columns of spaces under ``----  ----`` rules, a blank cell only spaces, a label wrapped in its column)
  and, for a web page, *grid* tables (``+-----+-----+`` rules, every cell's text over several lines), spans as
  ``[一、总体情况]{style="font-family:黑体"}``, the page's divs as ``::: article`` fences;
- ``-t gfm``: pipe tables, and tables with merged cells as raw HTML, inline ``<span style=…>`` tags wrapped over
  two lines;
- ``-t plain`` of a Word file: the multiline tables again, without the markdown around them.

pandoc's "smart" typography turns the report's “” quotes into straight ones: that much of the text is pandoc's.
Each file is ``<form file>.<target>.md`` (``.txt`` for plain), its truth the form's with the file's own name,
bytes and format ``text``.  pandoc is not needed by the tests: the files are committed.  Where it is not installed
nothing is written (Debian: ``apt-get install pandoc``); pandoc 2.17 wrote the committed ones.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMS = HERE / "forms"
OUT = HERE / "pandoc"

PLAN = (
    ("layout-word-2022.docx", "markdown"),
    ("layout-gov-2024.docx", "markdown"),
    ("format2019-huangpu-2020.docx", "markdown"),
    ("layout-word-2022.docx", "plain"),
    ("layout-word-2022.html", "markdown"),
    ("format2019-huangpu-2020.html", "gfm"),
)


def convert(src: Path, target: str) -> bytes:
    source = "docx" if src.suffix == ".docx" else "html"
    return subprocess.run(["pandoc", "-f", source, "-t", target, str(src)], check=True, capture_output=True,
                          timeout=120).stdout


def truth_for(name: str, data: bytes, form: str) -> dict:
    truth = json.loads((FORMS / f"{form}.truth.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(data).hexdigest()
    truth.update(file=name, report_id=digest[:16], source={"path": name, "sha256": digest, "format": "text",
                                                           "pages": None})
    truth["conventions"] = f"{form} (samples/forms/) converted by pandoc (samples/make_pandoc.py); its truth is the form's."
    return truth


def main() -> int:
    if shutil.which("pandoc") is None:
        print("skipped: pandoc is not installed", file=sys.stderr)
        return 0
    OUT.mkdir(exist_ok=True)
    for form, target in PLAN:
        name = f"{form}.{target}.{'txt' if target == 'plain' else 'md'}"
        data = convert(FORMS / form, target)
        (OUT / name).write_bytes(data)
        (OUT / f"{name}.truth.json").write_text(json.dumps(truth_for(name, data, form), ensure_ascii=False, indent=1,
                                                           sort_keys=True) + "\n", encoding="utf-8")
        print("wrote", OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
