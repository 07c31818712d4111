"""OCR cost: seconds per page and peak memory, one report per fresh process (as a batch worker sees it).

    python benchmarks/bench_ocr.py                         # the scans in samples/scans
    python benchmarks/bench_ocr.py a.pdf b.pdf --threads 2

Each file is parsed in its own process with one onnxruntime thread (REPORTPARSE_OCR_THREADS, as a batch worker; --threads N):
the model load is timed apart from the pages, the pages both by the clock (s/page) and by the CPU time
of the process (cpu s/page: what one core spends, whatever else the machine is running), and the peak
resident memory of the process is read from the kernel (ru_maxrss).  Make the scans first with ``python samples/make_scans.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from reportparse.readers import ocr
ocr.engine()
t1, c1 = time.perf_counter(), time.process_time()
import reportparse
record = reportparse.parse(sys.argv[1]).to_dict()
t2, c2 = time.perf_counter(), time.process_time()
pages = sum(1 for w in record["warnings"] if w["code"] == "ocr_used")
print(json.dumps({"load": t1 - t0, "parse": t2 - t1, "cpu": c2 - c1, "pages": record["source"]["pages"], "ocr_pages": pages,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--threads", type=int, default=1, help="onnxruntime threads per process (default 1)")
    args = ap.parse_args()
    files = args.files or sorted((HERE / "samples" / "scans").glob("*.pdf"))
    if not files:
        print("no files: run python samples/make_scans.py first", file=sys.stderr)
        return 2
    env = {**os.environ, "REPORTPARSE_OCR_THREADS": str(args.threads)}
    print(f"{'file':44} {'pages':>5} {'load s':>7} {'s/page':>7} {'cpu s/page':>10} {'peak MB':>8}")
    total_s = total_c = total_p = 0.0
    for f in files:
        out = subprocess.run([sys.executable, "-c", CHILD, str(f)], capture_output=True, text=True, env=env)
        if out.returncode:
            print(f"{f.name:44} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        n = max(r["ocr_pages"], 1)
        total_s, total_c, total_p = total_s + r["parse"], total_c + r["cpu"], total_p + r["ocr_pages"]
        print(f"{f.name:44} {r['ocr_pages']:>5} {r['load']:>7.2f} {r['parse'] / n:>7.2f} {r['cpu'] / n:>10.2f} "
              f"{r['peak_mb']:>8.0f}")
    if total_p:
        print(f"{'all':44} {int(total_p):>5} {'':>7} {total_s / total_p:>7.2f} {total_c / total_p:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
