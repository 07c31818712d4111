"""Save some of the sample Word files and web pages as RTF, OpenDocument text and Word 2003 XML with LibreOffice,
each file with its truth.

    python samples/make_office.py            # writes samples/rtf/*, samples/odt/*, samples/wordml/*, samples/officetext/*
    python samples/make_office.py txt        # only the files of these kinds (rtf, odt, fodt, xml, txt)

make_forms.py writes RTF the way Word does (``*.rtf``) and the way LibreOffice and WPS do (``*.uc.rtf``) from
the truth; these are files written by a real program, LibreOffice's export (``soffice --headless --convert-to
rtf`` or ``odt``) of a Word file, of a Word file holding tables as pictures (samples/docx_pictures/) and of a
saved web page (menus, a 索引号 table and a logo above the article):

- RTF: its own font table (the Chinese fonts under a Japanese charset), \\uN characters with ``?`` fallbacks,
  bold by \\ab, a stylesheet and every paragraph's full properties; one is saved under a ``.doc`` name, as
  sites hand out RTF;
- Word 2003 XML (saved as ``.xml.doc``): one XML file, w:wordDocument in the 2003 namespace;
- text (``Text (encoded)``, UTF-8, as ``soffice --convert-to txt`` saves it): each table cell a line of its own,
  a blank cell and each cell a merge continues an empty line;
- ODT: content.xml with automatic styles for bold runs, spans over rows and columns with covered cells, the
  pictures as ``Pictures/`` parts in ``draw:frame``; and flat ODT (``.fodt``: every part in one XML file, the
  pictures as base64 ``office:binary-data``).

Each file is ``<form file>.soffice.<rtf|doc|odt|xml.doc>``, its truth the form's truth with the file's name, bytes and
format.  LibreOffice is not needed by the tests: the files are committed.  Without ``soffice`` the script says
so and writes nothing (Debian: ``apt-get install libreoffice-writer-nogui``).  Its output carries the time of
the export, so run it only to add or replace a file, and commit it with its truth.
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

# (folder of the form, form file, what LibreOffice saves it as, the name's last suffix, the output folder)
PLAN = (
    ("forms", "layout-word-2022.docx", "rtf", ".rtf", "rtf"),
    ("forms", "format2019-huangpu-2020.docx", "rtf", ".rtf", "rtf"),
    ("forms", "layout-gov-2024.gbk.html", "rtf", ".doc", "rtf"),  # RTF under a .doc name
    ("forms", "layout-wps-2023.html", "odt", ".odt", "odt"),
    ("forms", "format2019-huangpu-2020.docx", "odt", ".odt", "odt"),
    ("docx_pictures", "pictures-applications-word-2022.docx", "odt", ".odt", "odt"),
    ("docx_pictures", "pictures-applications-word-2022.docx", "fodt", ".fodt", "odt"),  # flat: one XML file
    ("forms", "layout-word-2022.docx", "xml", ".xml.doc", "wordml"),  # Word 2003 XML under a .doc name
    ("docx_pictures", "pictures-applications-word-2022.docx", "xml", ".xml.doc", "wordml"),
    ("forms", "layout-gov-2024.docx", "txt", ".txt", "officetext"),  # blank cells in table 三
    ("forms", "layout-word-2022.docx", "txt", ".txt", "officetext"),
)
FILTERS = {"rtf": "rtf:Rich Text Format", "odt": "odt:writer8", "fodt": "fodt:OpenDocument Text Flat XML",
           "xml": "xml:MS Word 2003 XML", "txt": "txt:Text (encoded):UTF8"}
FORMATS = {"rtf": "rtf", "odt": "odt", "fodt": "odt", "xml": "wordml", "txt": "text"}


def main() -> int:
    if shutil.which("soffice") is None:
        print("skipped: soffice is not installed", file=sys.stderr)
        return 0
    kinds = set(sys.argv[1:]) or set(FILTERS)
    for folder, form, kind, suffix, out_folder in PLAN:
        if kind not in kinds:
            continue
        src = HERE / folder / form
        out = HERE / out_folder / f"{form}.soffice{suffix}"
        out.parent.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as work:
            web = ["--infilter=HTML (StarWriter)"] if src.suffix == ".html" else []  # a page into Writer, not Writer/Web
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", *web,
                            "--convert-to", FILTERS[kind], "--outdir", work, str(src)],
                           check=True, capture_output=True, timeout=300)
            shutil.move(Path(work) / f"{src.stem}.{kind}", out)
        truth = json.loads((HERE / folder / f"{form}.truth.json").read_text(encoding="utf-8"))
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        truth.update(file=out.name, report_id=digest[:16],
                     source={"path": out.name, "sha256": digest, "format": FORMATS[kind], "pages": None})
        truth["conventions"] = (f"{form} (samples/{folder}/) saved as {kind.upper()} by LibreOffice "
                                "(samples/make_office.py); its truth is the form's.")
        (out.parent / f"{out.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1,
                                                                      sort_keys=True) + "\n", encoding="utf-8")
        print("wrote", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
