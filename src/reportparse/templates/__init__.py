"""The report formats as data: one JSON file per template (labels, keys, detection markers).

Adding a format means adding a file here, not editing code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

NAMES = ("2021", "2019")


@cache
def load(name: str) -> dict:
    """The template ``name`` ("2021" or "2019") as a dict; tables keyed by name."""
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data["tables"] = {t["name"]: t for t in data["tables"]}
    return data


def detect(text: str) -> tuple[str, dict[str, list[str]]]:
    """Which template the text follows, and the markers seen for each.

    Returns ("unknown", ...) when no marker of either format is printed.
    """
    seen = {name: [m for m in load(name)["markers"] if m in text] for name in NAMES}
    best = max(NAMES, key=lambda n: len(seen[n]))
    if not seen[best]:
        return "unknown", seen
    return best, seen
