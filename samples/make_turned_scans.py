"""Write scans of a page fed into the scanner sideways or upside down, each with its truth, into samples/scans/.

    python samples/make_turned_scans.py

``turned-90-layout-wps-2023.scan.pdf`` (and 180, 270): ``layout-wps-2023.scan.pdf`` as make_scans.py makes
it (same resolution, skew, noise and JPEG quality), every page turned that many degrees clockwise (90: the
text runs down the page; 270: up; 180: upside down), on a page of the turned size.  The OCR reader is to
find the turn, read each page upright and warn ``page_turned``.  The truth is the upright sample's, with
the file's own name and bytes.  Deterministic: the seeds and settings of make_scans.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_scans as ms  # noqa: E402

SAMPLE = "layout-wps-2023"
TURNS = (90, 180, 270)


def main() -> None:
    angle, seed, dpi, quality = next(s[1:] for s in ms.SCANS if s[0] == SAMPLE)
    for turn in TURNS:
        path = ms.OUT / f"turned-{turn}-{SAMPLE}.scan.pdf"
        path.write_bytes(ms.scan(HERE / f"{SAMPLE}.pdf", dpi=dpi, angle=angle, seed=seed, quality=quality,
                                 turn=turn))
        truth = ms.truth_for(SAMPLE, path)
        truth["verification"] = (f"{SAMPLE}.truth.json with this file's name and bytes: "
                                 f"samples/make_turned_scans.py draws the same report, every page turned {turn}° "
                                 "clockwise; regenerate, do not edit.")
        (ms.OUT / f"{path.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")
        print(f"{path.relative_to(HERE)}: {path.stat().st_size // 1024} KiB, sha256 {truth['report_id']}…")


if __name__ == "__main__":
    main()
