"""Time ``reportparse.parse`` against bare pdfplumber, in one process, over the sample, corpus and generated PDFs.

    python benchmarks/bench_parse.py [--rounds 5] [PDF ...]

For every PDF, alternately, several rounds (machines here are noisy: compare ratios, not seconds):

  bare      what a script does with pdfplumber alone: open, ``extract_text()`` and
            ``extract_tables()`` on every page
  parse     ``reportparse.parse(path)`` (the default pypdfium2 backend), record built
  floor     pypdfium2 reading every character with its box and every path's segments,
            nothing else: what any pdfium-based parser has to pay

and once, untimed, the record of the pdfplumber backend, which must equal parse's.
Then the other forms, warm, per report: web pages, Word files (.docx, .doc, .rtf, .odt, Word 2003 XML), OFD and text dumps (target
at most 50 ms each).  Peak memory per PDF with tracemalloc, in a separate pass.

Targets (issue 9): parse / bare <= 0.2 over all PDFs, records identical; issue 2: peak < 300 MB.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as R

import reportparse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def generated(folder: Path) -> list[Path]:
    """The test suite's generated reports (tests/test_backends.py): every way of drawing a table."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_backends

    out = []
    for name, kw in sorted(test_backends.GENERATED.items()):
        if kw.get("rotate"):
            continue  # a rotated page is no report: parse refuses it at once, which says nothing about speed
        path = folder / f"generated-{name}.pdf"
        path.write_bytes(test_backends._report(**kw))
        out.append(path)
    return out


def bare(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def ours(path: Path) -> dict:
    return reportparse.parse(path).to_dict()


def floor(path: Path) -> None:
    """Characters with their boxes and paths with their segments through pypdfium2, and nothing else."""
    doc = pdfium.PdfDocument(path)
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_float(), ctypes.c_float()
    for page in doc:
        tp = page.get_textpage()
        raw = tp.raw
        for i in range(R.FPDFText_CountChars(raw)):
            R.FPDFText_GetUnicode(raw, i)
            R.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        for k in range(R.FPDFPage_CountObjects(page.raw)):
            obj = R.FPDFPage_GetObject(page.raw, k)
            if R.FPDFPageObj_GetType(obj) == R.FPDF_PAGEOBJ_PATH:
                for s in range(R.FPDFPath_CountSegments(obj)):
                    R.FPDFPathSegment_GetPoint(R.FPDFPath_GetPathSegment(obj, s), x, y)
        tp.close()
        page.close()
    doc.close()


def clock(fn, path: Path) -> float:
    gc.collect()
    t = time.perf_counter()
    fn(path)
    return time.perf_counter() - t


def peak_mib(fn, path: Path) -> float:
    gc.collect()
    tracemalloc.start()
    fn(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def other_forms(rounds: int) -> None:
    files = sorted(p for p in CORPUS.glob("*") if p.suffix in (".html", ".txt", ".docx"))
    files += sorted((ROOT / "samples").glob("*.txt"))
    # one of each form the corpus lacks: an OFD, a Word 97-2003 .doc (both converted from the sample reports)
    files += sorted((ROOT / "samples" / "ofd").glob("*.ofd"))[:2] + sorted((ROOT / "samples" / "doc").glob("layout-*.doc"))[:2]
    files += [ROOT / "samples" / "rtf" / "layout-word-2022.docx.soffice.rtf", ROOT / "samples" / "forms" / "layout-wps-2023.rtf",
              ROOT / "samples" / "forms" / "layout-gov-2024.odt", ROOT / "samples" / "wordml" / "layout-word-2022.docx.soffice.xml.doc"]
    if not files:
        return
    print(f"\n{'other forms (warm)':40} {'ms':>7}")
    worst = 0.0
    for path in files:
        try:
            ours(path)
        except reportparse.ReportParseError as e:
            print(f"{path.name[:40]:40} {'-':>7}  ({e.code})")
            continue
        ms = statistics.median(clock(ours, path) for _ in range(rounds)) * 1000
        worst = max(worst, ms)
        print(f"{path.name[:40]:40} {ms:7.1f}")
    print(f"worst {worst:.1f} ms per report (target <= 50)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = args.pdfs or (sorted((ROOT / "samples").glob("*.pdf")) + sorted(CORPUS.glob("*.pdf"))
                             + generated(Path(tmp)))
        if not pdfs:
            print("no PDFs: run `python samples/make_samples.py`", file=sys.stderr)
            return 2
        for fn in (ours, bare, floor):  # warm: imports, the gazetteer, font caches
            fn(pdfs[0])
        print(f"{'document':32} {'bare s':>8} {'parse s':>8} {'floor s':>8} {'parse/bare':>10} "
              f"{'floor/bare':>10} {'peak MiB':>9} records")
        sums = {"bare": 0.0, "parse": 0.0, "floor": 0.0}
        ratios, peaks, differ = [], [], []
        for path in pdfs:
            b, o, f = [], [], []
            for _ in range(args.rounds):  # alternate, so drift hits all alike
                b.append(clock(bare, path))
                o.append(clock(ours, path))
                f.append(clock(floor, path))
            mb, mo, mf = statistics.median(b), statistics.median(o), statistics.median(f)
            same = reportparse.parse(path, backend="pdfplumber").to_dict() == ours(path)
            if not same:
                differ.append(path.name)
            peak = peak_mib(ours, path)
            ratios.append(mo / mb)
            peaks.append(peak)
            sums["bare"] += mb
            sums["parse"] += mo
            sums["floor"] += mf
            print(f"{path.name[:32]:32} {mb:8.3f} {mo:8.3f} {mf:8.3f} {mo / mb:10.2f} {mf / mb:10.2f} {peak:9.1f} "
                  f"{'identical' if same else 'DIFFER'}")
        b, o, f = sums["bare"], sums["parse"], sums["floor"]
        print(f"{'all (sum of medians)':32} {b:8.3f} {o:8.3f} {f:8.3f} {o / b:10.2f} {f / b:10.2f} {max(peaks):9.1f}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process max RSS after all runs: {rss:.0f} MiB (peak MiB above: Python allocations only; "
              "PDFium's own memory shows here)")
        print(f"parse/bare: all {o / b:.2f}, median {statistics.median(ratios):.2f}, worst {max(ratios):.2f} "
              f"(target <= 0.2); floor/bare {f / b:.2f}; peak memory worst {max(peaks):.0f} MiB (target < 300)")
        print(f"records, pdfium backend = pdfplumber backend: {len(pdfs) - len(differ)}/{len(pdfs)} identical"
              + (f"; DIFFER: {', '.join(differ)}" if differ else ""))
    other_forms(args.rounds)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
