"""Print some of samples/forms/ to PDF with the programs users print them with, each PDF with its truth.

    python samples/make_producers.py            # writes samples/producers/*

Our other PDFs come from reportlab (make_samples.py) and, in ../shared/corpus, from Word and WPS.  Users
also hand us PDFs made by

- LibreOffice's PDF export of a Word file (``soffice --headless --convert-to pdf``) or of a saved web page
  (the ``writer_web_pdf_Export`` filter): embedded TrueType subsets, tables ruled by stroked lines;
- a browser's "print to PDF" of the agency's web page (``chromium --headless --print-to-pdf``): the site's
  menu, breadcrumb, 发布时间/字号 line, 上一篇/下一篇 and ICP footer printed with the article; table borders
  drawn as thin filled rectangles; with headers and footers on (Chromium's default), the date and the page's
  title on top of every page and its URL and ``1/7`` at the foot.

Each PDF is ``<form file>.<producer>.pdf`` (producers: ``soffice``, ``chromium``, ``chromium-hf`` with the
headers and footers), its truth the form's truth with the PDF's name, bytes and format.  Neither program is
needed by the tests: the PDFs are committed.  Where ``soffice`` or ``chromium`` is not installed, its PDFs are
skipped with a message (Debian: ``apt-get install libreoffice-writer chromium fonts-wqy-microhei``).  The
output is not byte-identical from run to run (both programs stamp the time; Chromium prints it in its header),
so run it only to add or replace a PDF, and commit the PDF with its truth.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMS = HERE / "forms"
OUT = HERE / "producers"

# (form file, producer): kept few, as Chromium's PDFs carry a CJK font subset of ~350 KB each
PLAN = (
    ("layout-word-2022.docx", "soffice"),
    ("layout-gov-2024.docx", "soffice"),
    ("format2019-huangpu-2020.docx", "soffice"),
    ("layout-word-2022.html", "soffice"),
    ("layout-word-2022.html", "chromium-hf"),
    ("layout-wps-2023.html", "chromium-hf"),
    ("format2019-huangpu-2020.gbk.html", "chromium-hf"),
    ("format2019-huangpu-2020.html", "chromium"),
)
PROGRAMS = {"soffice": "soffice", "chromium": "chromium", "chromium-hf": "chromium"}


def soffice(src: Path, out: Path, work: Path) -> None:
    target = "pdf:writer_web_pdf_Export" if src.suffix == ".html" else "pdf"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to",
                    target, "--outdir", str(work), str(src)], check=True, capture_output=True, timeout=300)
    shutil.move(work / (src.stem + ".pdf"), out)


def chromium(src: Path, out: Path, work: Path, header_footer: bool) -> None:
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={work / 'profile'}", f"--print-to-pdf={out}", src.as_uri()]
    if not header_footer:
        cmd.insert(-1, "--no-pdf-header-footer")
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)


def truth_for(pdf: Path, form: str) -> dict:
    truth = json.loads((FORMS / f"{form}.truth.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    truth.update(file=pdf.name, report_id=digest[:16],
                 source={"path": pdf.name, "sha256": digest, "format": "pdf", "pages": None})
    truth["conventions"] = (f"{form} (samples/forms/, made by make_forms.py) printed to PDF by {pdf.suffixes[-2][1:]} "
                            "(samples/make_producers.py); its truth is the form's.")
    return truth


def main() -> int:
    OUT.mkdir(exist_ok=True)
    missing = sorted({p for _, p in PLAN if shutil.which(PROGRAMS[p]) is None})
    for producer in missing:
        print(f"skipped {producer}: {PROGRAMS[producer]} is not installed", file=sys.stderr)
    for form, producer in PLAN:
        if producer in missing:
            continue
        src = FORMS / form
        out = OUT / f"{form}.{producer}.pdf"
        with tempfile.TemporaryDirectory() as work:
            if producer == "soffice":
                soffice(src, out, Path(work))
            else:
                chromium(src, out, Path(work), header_footer=producer == "chromium-hf")
        (OUT / f"{out.name}.truth.json").write_text(json.dumps(truth_for(out, form), ensure_ascii=False, indent=1,
                                                               sort_keys=True) + "\n", encoding="utf-8")
        print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
