#!/usr/bin/env python3
"""Batch throughput and memory: `reportparse batch` against bare pdfplumber, same files, same kind of pool.

    python benchmarks/bench_batch.py            # 200 PDFs, 2 rounds; memory over 50 and 1,000 text dumps
    python benchmarks/bench_batch.py -n 400 --rounds 3 --keep /tmp/bench

Makes N distinct PDFs by copying the sample PDFs (samples/*.pdf) with a
numbered PDF comment appended after %%EOF (the bytes, and so the sha256,
differ; the document does not).  Then, in each round, it times one after the
other, each in a fresh process:

  - `reportparse batch DIR -o OUT -j J` for J = 1 and 2 (the whole command:
    start-up, hashing, parsing, writing every output);
  - bare pdfplumber: open, extract_text and extract_tables on every page, in a
    fork-based ProcessPoolExecutor of J workers (the same kind of pool);

(every other round in the reverse order), and prints each round's ratios
(-j 2 / -j 1 throughput; batch / bare per report) and their medians: the
machine may be shared, so only ratios measured in the same round mean much.  Each batch's status.csv says how long its
workers spent on each file; the wall time less that sum divided by the jobs
is printed as "other s": start-up, handing files out, finishing (the part that
does not shrink with -j).

Memory: the batch's peak PSS (summed over the whole process tree, sampled
with psutil every 20 ms; shared pages counted once) at -j 2 over 50 and over 1,000 files, text dumps
(copies of samples/*.txt, so the 1,000 take seconds, not minutes), and over
50 and N PDFs.  Those are runs of their own, after the timed ones: reading
every process's smaps 50 times a second takes a good part of a core, which
on a 2-core machine is taken from -j 2's workers (it made -j 2 0.5-0.9 s
slower over 200 PDFs, -j 1 hardly at all), so the timed runs are not
sampled.  It asserts nothing: timings vary by machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def make_pdfs(folder: Path, n: int) -> list[Path]:
    """N copies of the sample PDFs, each with its own trailing comment: distinct sha256, same document."""
    # after %%EOF: the parser's truncation check looks for %%EOF in the last 4 KiB, which still holds
    return _copies(folder, n, "*.pdf", "\n% reportparse benchmark copy {i}\n")


def make_texts(folder: Path, n: int) -> list[Path]:
    """N copies of the sample text dumps, each with its own last line: distinct sha256, same report."""
    return _copies(folder, n, "*.txt", "\n\n（第 {i} 份）\n")


def _copies(folder: Path, n: int, pattern: str, tail: str) -> list[Path]:
    """N files made from the samples matching ``pattern`` in turn, copy ``i`` ending in ``tail`` with {i} filled."""
    sources = sorted(SAMPLES.glob(pattern))
    if not sources:
        sys.exit(f"samples/{pattern} missing: run `python samples/make_samples.py` first")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        path = folder / f"{i:04d}-{src.name}"
        path.write_bytes(src.read_bytes() + tail.format(i=i).encode())
        paths.append(path)
    return paths


def measure(cmd: list[str], env: dict, memory: bool = False) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and, with ``memory``, peak memory (MiB, the process and all its descendants; else 0)
    of one command.

    Memory is PSS (each shared page divided among the processes sharing it), so what forked workers share
    with their parent (the parser, jieba's dictionary) counts once; RSS where PSS cannot be read.
    """
    if not memory:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        return time.perf_counter() - t0, 0.0, proc
    import psutil

    def size(p) -> int:
        try:
            return p.memory_full_info().pss
        except (psutil.AccessDenied, AttributeError):
            return p.memory_info().rss

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    top, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [top, *top.children(recursive=True)]
            total = 0
            for p in tree:
                try:
                    total += size(p)
                except psutil.Error:
                    pass
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    out, err = proc.communicate()
    return wall, peak / 2**20, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def bare_pdfplumber(path: str) -> int:
    """The floor: what any pdfplumber-based parser has to do for a file."""
    import pdfplumber

    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.extract_tables()
            page.close()
    return chars


def bare_main(folder: str, jobs: int) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import pdfplumber  # noqa: F401  (loaded before forking, as the batch preloads the parser)

    files = sorted(str(p) for p in Path(folder).glob("*.pdf"))
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        total = sum(pool.map(bare_pdfplumber, files, chunksize=1))
    print(f"{len(files)} files, {total} characters")


def run(kind: str, folder: Path, jobs: int, work: Path, env: dict, memory: bool = False
        ) -> tuple[float, float, str, float | None]:
    """(wall seconds, peak MiB (0 without ``memory``), the last line it printed, seconds its workers spent on
    files / jobs)."""
    if kind == "batch":
        out = work / f"out-{folder.name}-j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "reportparse.batch_cli", "batch", str(folder), "-o", str(out), "-j", str(jobs)]
    else:
        cmd = [sys.executable, __file__, "--bare", str(folder), str(jobs)]
    wall, peak, proc = measure(cmd, env, memory)
    lines = (proc.stderr if kind == "batch" else proc.stdout).strip().splitlines()
    result = lines[-1] if lines else f"rc {proc.returncode}"
    if proc.returncode not in (0, 3):
        result = f"FAILED rc {proc.returncode}: {proc.stderr.strip()[-300:]}"
    parsing = None
    if kind == "batch" and (out / "status.csv").exists():
        with open(out / "status.csv", newline="", encoding="utf-8-sig") as fh:
            parsing = sum(float(r["seconds"] or 0) for r in csv.DictReader(fh)) / jobs
    return wall, peak, result, parsing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200, help="PDFs for the throughput runs (default 200)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of the four throughput runs (default 2)")
    ap.add_argument("--small", type=int, default=50, help="files for the small memory runs (default 50; 0: no memory runs)")
    ap.add_argument("--large", type=int, default=1000, help="text dumps for the large memory run (default 1000)")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    ap.add_argument(
        "--bare", nargs=2, metavar=("DIR", "JOBS"), help=argparse.SUPPRESS
    )  # the bare pass's child
    args = ap.parse_args()
    if args.bare:
        return bare_main(args.bare[0], int(args.bare[1]))

    work = args.keep or Path(tempfile.mkdtemp(prefix="reportparse-bench-"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    big, small = work / f"pdfs-{args.n}", work / f"pdfs-{args.small}"
    texts_small, texts_large = work / f"texts-{args.small}", work / f"texts-{args.large}"
    for folder in (big, small, texts_small, texts_large):
        shutil.rmtree(folder, ignore_errors=True)
    make_pdfs(big, args.n)
    make_pdfs(small, args.small)
    make_texts(texts_small, args.small)
    make_texts(texts_large, args.large)
    print(
        f"{args.n} PDFs in {big} (copies of {', '.join(p.name for p in sorted(SAMPLES.glob('*.pdf')))}); "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}\n"
    )
    header = f"{'what':<20}{'files':>6}{'jobs':>5}{'wall s':>9}{'s/report':>10}{'other s':>9}{'peak MiB':>10}  result"

    def show(label, n, jobs, wall, peak, result, parsed):
        serial = f"{wall - parsed:9.2f}" if parsed is not None else f"{'':9}"
        memory = f"{peak:>10.0f}" if peak else f"{'-':>10}"  # not sampled while timed
        print(f"{label:<20}{n:>6}{jobs:>5}{wall:>9.2f}{wall / n:>10.4f}{serial}{memory}  {result}", flush=True)

    speedups, vs_bare1, vs_bare2, bare_speedups = [], [], [], []
    peaks = {}
    for r in range(1, args.rounds + 1):
        print(f"round {r}\n{header}")
        t = {}
        runs = (("batch", 1), ("batch", 2), ("bare", 1), ("bare", 2))
        # every other round the other way round: a machine growing busier or quieter over a round favours
        # neither -j 1 nor -j 2, batch nor bare, in the medians
        for kind, jobs in runs if r % 2 else runs[::-1]:
            wall, peak, result, parsed = run(kind, big, jobs, work, env)
            t[kind, jobs] = wall
            show("reportparse batch" if kind == "batch" else "bare pdfplumber", args.n, jobs, wall, peak, result, parsed)
        speedups.append(t["batch", 1] / t["batch", 2])
        vs_bare1.append(t["batch", 1] / t["bare", 1])
        vs_bare2.append(t["batch", 2] / t["bare", 2])
        bare_speedups.append(t["bare", 1] / t["bare", 2])
        print(
            f"  -j 2 / -j 1 {speedups[-1]:.2f}x (bare pdfplumber {bare_speedups[-1]:.2f}x); "
            f"batch / bare per report: {vs_bare1[-1]:.2f}x at -j 1, {vs_bare2[-1]:.2f}x at -j 2\n"
        )

    memory = args.small > 0 and args.large > 0  # --small 0 or --large 0: the timed rounds only
    if memory:
        print(f"memory (-j 2)\n{header}")
    for label, folder, n in (
        ("batch, text dumps", texts_small, args.small),
        ("batch, text dumps", texts_large, args.large),
        ("batch, PDFs", small, args.small),
        ("batch, PDFs", big, args.n),
    ) if memory else ():
        wall, peak, result, parsed = run("batch", folder, 2, work, env, memory=True)
        peaks.setdefault((label, n), []).append(peak)
        show(label, n, 2, wall, peak, result, parsed)

    def med(xs):
        return statistics.median(xs)

    print(f"\nmedians over {args.rounds} rounds (each ratio measured within one round)")
    print(f"  batch throughput -j 2 / -j 1:          {med(speedups):5.2f}x   (target >= 1.8; rounds: "
          f"{', '.join(f'{x:.2f}' for x in speedups)})")
    print(f"  bare pdfplumber -j 2 / -j 1:           {med(bare_speedups):5.2f}x   (what the machine allowed)")
    print(f"  per-report cost, batch / bare, -j 1:   {med(vs_bare1):5.2f}x   (target <= 0.3)")
    print(f"  per-report cost, batch / bare, -j 2:   {med(vs_bare2):5.2f}x   (target <= 0.3)")
    if memory:
        text_small, text_large = peaks["batch, text dumps", args.small][0], peaks["batch, text dumps", args.large][0]
        pdf_small, pdf_big = peaks["batch, PDFs", args.small][0], peaks["batch, PDFs", args.n][0]
        print(f"  peak memory, {args.large} / {args.small} text dumps:  {text_large / text_small:5.2f}x   "
              f"({text_small:.0f} MiB -> {text_large:.0f} MiB; target: flat)")
        print(f"  peak memory, {args.n} / {args.small} PDFs:        {pdf_big / pdf_small:5.2f}x   "
              f"({pdf_small:.0f} MiB -> {pdf_big:.0f} MiB)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
