"""Save some of samples/forms/ as RTF with LibreOffice, each file with its truth.

    python samples/make_rtf.py            # writes samples/rtf/*

make_forms.py writes RTF the way Word does (``*.rtf``) and the way LibreOffice and WPS do (``*.uc.rtf``) from
the truth; these are RTF files written by a real program, LibreOffice's RTF export
(``soffice --headless --convert-to rtf``) of a Word file and of a saved web page: its own font table (the
Chinese fonts under a Japanese charset), \\uN characters with ``?`` fallbacks, bold by \\ab, a stylesheet and
every paragraph's full properties.  One is saved under a ``.doc`` name, as sites hand out RTF.

Each file is ``<form file>.soffice.rtf`` (or ``.doc``), its truth the form's truth with the file's name, bytes
and format.  LibreOffice is not needed by the tests: the files are committed.  Without ``soffice`` the script
says so and writes nothing (Debian: ``apt-get install libreoffice-writer-nogui``).  Its output carries the
time of the export (``\\creatim``), so run it only to add or replace a file, and commit it with its truth.
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
OUT = HERE / "rtf"

# (form file, the name's last suffix)
PLAN = (
    ("layout-word-2022.docx", ".rtf"),
    ("format2019-huangpu-2020.docx", ".rtf"),
    ("layout-gov-2024.gbk.html", ".doc"),  # RTF under a .doc name
)


def main() -> int:
    if shutil.which("soffice") is None:
        print("skipped: soffice is not installed", file=sys.stderr)
        return 0
    OUT.mkdir(exist_ok=True)
    for form, suffix in PLAN:
        src = FORMS / form
        out = OUT / f"{form}.soffice{suffix}"
        with tempfile.TemporaryDirectory() as work:
            web = ["--infilter=HTML (StarWriter)"] if src.suffix == ".html" else []  # a page into Writer, not Writer/Web
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", *web,
                            "--convert-to", "rtf:Rich Text Format", "--outdir", work, str(src)],
                           check=True, capture_output=True, timeout=300)
            shutil.move(Path(work) / (src.stem + ".rtf"), out)
        truth = json.loads((FORMS / f"{form}.truth.json").read_text(encoding="utf-8"))
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        truth.update(file=out.name, report_id=digest[:16],
                     source={"path": out.name, "sha256": digest, "format": "rtf", "pages": None})
        truth["conventions"] = (f"{form} (samples/forms/, made by make_forms.py) saved as RTF by LibreOffice "
                                "(samples/make_rtf.py); its truth is the form's.")
        (OUT / f"{out.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True)
                                                    + "\n", encoding="utf-8")
        print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
