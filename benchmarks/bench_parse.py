"""Time ``reportparse.parse`` against bare pdfplumber over the sample and corpus PDFs, in one process.

The baseline is what a script would do with pdfplumber alone: open the PDF,
then ``extract_text()`` and ``extract_tables()`` on every page.  Both run
alternately, several rounds, in this same process (machines here are noisy:
compare ratios, not seconds).  Peak memory per document is measured with
tracemalloc (Python allocations) in a separate pass, so tracing does not slow the timing.

    python benchmarks/bench_parse.py [--rounds 5] [PDF ...]

Targets (issue 2): parse within 1.5x of the bare pass; peak memory under 300 MB per document.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import pdfplumber

import reportparse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted((ROOT / "samples").glob("*.pdf")) + sorted((ROOT.parent / "shared" / "corpus").glob("*.pdf"))


def bare(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def ours(path: Path) -> None:
    reportparse.parse(path).to_dict()


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    pdfs = args.pdfs or DEFAULT
    if not pdfs:
        print("no PDFs: run `python samples/make_samples.py`", file=sys.stderr)
        return 2
    ours(pdfs[0])  # warm: imports, the gazetteer, font caches
    bare(pdfs[0])
    print(f"{'document':32} {'bare s':>8} {'parse s':>8} {'ratio':>6} {'peak MiB':>9}")
    ratios, total_bare, total_ours, peaks = [], 0.0, 0.0, []
    for path in pdfs:
        b, o = [], []
        for _ in range(args.rounds):  # alternate, so drift hits both alike
            b.append(clock(bare, path))
            o.append(clock(ours, path))
        mb, mo = statistics.median(b), statistics.median(o)
        peak = peak_mib(ours, path)
        ratios.append(mo / mb)
        total_bare, total_ours = total_bare + mb, total_ours + mo
        peaks.append(peak)
        print(f"{path.name[:32]:32} {mb:8.3f} {mo:8.3f} {mo / mb:6.2f} {peak:9.1f}")
    print(f"{'all (sum of medians)':32} {total_bare:8.3f} {total_ours:8.3f} {total_ours / total_bare:6.2f} "
          f"{max(peaks):9.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS after all runs: {rss:.0f} MiB (interpreter, pdfminer, pandas, jieba and cpca included)")
    print(f"ratio parse/bare: median {statistics.median(ratios):.2f}, worst {max(ratios):.2f} (target <= 1.5); "
          f"peak memory worst {max(peaks):.0f} MiB (target < 300)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
