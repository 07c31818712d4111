#!/usr/bin/env python3
"""Batch throughput and memory: `reportparse batch` against bare pdfplumber, same files, same kind of pool.

    python benchmarks/bench_batch.py            # 200 files (and 50 for memory)
    python benchmarks/bench_batch.py -n 400 --keep /tmp/bench

Makes N distinct PDFs by copying the sample PDFs (samples/*.pdf) with a
numbered PDF comment appended after %%EOF (the bytes, and so the sha256,
differ; the document does not).  Then it times, each in a fresh process:

  - `reportparse batch DIR -o OUT -j J` for J = 1 and 2 (the whole command:
    start-up, hashing, parsing, writing every output);
  - bare pdfplumber: open, extract_text and extract_tables on every page, in a
    fork-based ProcessPoolExecutor of J workers;

and the batch's peak memory (RSS summed over the whole process tree, sampled
with psutil every 20 ms) for 50 and for N files.  It prints the figures and
the ratios the targets speak of; it asserts nothing: timings vary by machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def make_pdfs(folder: Path, n: int) -> list[Path]:
    """N copies of the sample PDFs, each with its own trailing comment: distinct sha256, same document."""
    sources = sorted(SAMPLES.glob("*.pdf"))
    if not sources:
        sys.exit("samples/*.pdf missing: run `python samples/make_samples.py` first")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        path = folder / f"{i:04d}-{src.name}"
        # after %%EOF: the parser's truncation check looks for %%EOF in the last 4 KiB, which still holds
        path.write_bytes(src.read_bytes() + f"\n% reportparse benchmark copy {i}\n".encode())
        paths.append(path)
    return paths


def measure(cmd: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and peak RSS (MiB, the process and all its descendants) of one command."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    top, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [top, *top.children(recursive=True)]
            rss = 0
            for p in tree:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200, help="files for the throughput runs (default 200)")
    ap.add_argument("--small", type=int, default=50, help="files for the second memory run (default 50)")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    ap.add_argument(
        "--bare", nargs=2, metavar=("DIR", "JOBS"), help=argparse.SUPPRESS
    )  # the bare pass's child
    args = ap.parse_args()
    if args.bare:
        return bare_main(args.bare[0], int(args.bare[1]))

    work = args.keep or Path(tempfile.mkdtemp(prefix="reportparse-bench-"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    big = work / f"pdfs-{args.n}"
    small = work / f"pdfs-{args.small}"
    make_pdfs(big, args.n)
    make_pdfs(small, args.small)
    print(
        f"{args.n} PDFs in {big} (copies of {', '.join(p.name for p in sorted(SAMPLES.glob('*.pdf')))}); "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n"
    )

    rows = {}
    runs = [
        ("batch", args.n, 1),
        ("batch", args.n, 2),
        ("bare", args.n, 1),
        ("bare", args.n, 2),
        ("batch", args.small, 2),
    ]
    print(
        f"{'what':<22}{'files':>6}{'jobs':>5}{'wall s':>9}{'reports/s':>11}{'s/report':>10}{'peak MiB':>10}  result"
    )
    for kind, n, jobs in runs:
        folder = big if n == args.n else small
        if kind == "batch":
            out = work / f"out-{n}-j{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [
                sys.executable,
                "-m",
                "reportparse.batch_cli",
                "batch",
                str(folder),
                "-o",
                str(out),
                "-j",
                str(jobs),
            ]
        else:
            cmd = [sys.executable, __file__, "--bare", str(folder), str(jobs)]
        wall, peak, proc = measure(cmd, env)
        result = (proc.stderr if kind == "batch" else proc.stdout).strip().splitlines()[-1:] or [
            f"rc {proc.returncode}"
        ]
        if proc.returncode not in (0, 3):
            result = [f"FAILED rc {proc.returncode}: {proc.stderr.strip()[-300:]}"]
        rows[kind, n, jobs] = (wall, peak)
        label = "reportparse batch" if kind == "batch" else "bare pdfplumber"
        print(
            f"{label:<22}{n:>6}{jobs:>5}{wall:>9.2f}{n / wall:>11.2f}{wall / n:>10.4f}{peak:>10.0f}  {result[0]}",
            flush=True,
        )

    b1, b2 = rows["batch", args.n, 1][0], rows["batch", args.n, 2][0]
    p1, p2 = rows["bare", args.n, 1][0], rows["bare", args.n, 2][0]
    m_small, m_big = rows["batch", args.small, 2][1], rows["batch", args.n, 2][1]
    print("\nratios")
    print(f"  batch throughput -j 2 / -j 1:            {b1 / b2:5.2f}x   (target >= 1.8)")
    print(f"  per-report cost, batch / bare, -j 1:     {b1 / p1:5.2f}x   (target <= 1.5)")
    print(f"  per-report cost, batch / bare, -j 2:     {b2 / p2:5.2f}x   (target <= 1.5)")
    print(f"  bare pdfplumber -j 2 / -j 1:             {p1 / p2:5.2f}x   (what the machine allows)")
    print(
        f"  batch peak memory, {args.n} / {args.small} files:     {m_big / m_small:5.2f}x   "
        f"({m_small:.0f} MiB -> {m_big:.0f} MiB; target: flat)"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
