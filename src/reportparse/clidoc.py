"""The README's command-line reference, generated from ``--help`` so the two never drift.

    python -m reportparse.clidoc                    # print the reference (Markdown)
    python -m reportparse.clidoc --write README.md  # replace the block between the markers
    python -m reportparse.clidoc --check README.md  # exit 1 if the README differs (the tests do this)

The help is formatted at a fixed width, with option spellings that do not change between
Python versions, so the reference reads the same wherever it is generated.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BEGIN = "<!-- cli-reference: generated from --help by `python -m reportparse.clidoc --write README.md` -->"
END = "<!-- /cli-reference -->"
WIDTH = 100


class StableFormatter(argparse.RawDescriptionHelpFormatter):
    """A fixed width, and ``-o, --output OUT`` (Python 3.13's spelling) on every Python."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width=None, **kw):
        super().__init__(prog, indent_increment, max_help_position, WIDTH, **kw)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        metavar = self._format_args(action, self._get_default_metavar_for_optional(action))
        return ", ".join(action.option_strings) + " " + metavar


def _help(parser: argparse.ArgumentParser) -> str:
    kept = parser.formatter_class
    parser.formatter_class = StableFormatter
    try:
        return parser.format_help().rstrip() + "\n"
    finally:
        parser.formatter_class = kept


def reference() -> str:
    """The reference block, markers included: the top-level help, then each command's."""
    from reportparse.cli import build_parser, subcommand_parsers

    parser = build_parser()
    parts = [BEGIN, "", "### `reportparse`", "", "```text", _help(parser).rstrip(), "```"]
    for name, sub in subcommand_parsers(parser).items():
        parts += ["", f"### `reportparse {name}`", "", "```text", _help(sub).rstrip(), "```"]
    return "\n".join(parts + ["", END])


def replace_block(text: str, block: str) -> str:
    """``text`` with the block between the markers replaced by ``block``; ValueError if it has none."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {BEGIN!r} ... {END!r} block")
    return text[:start] + block + text[end + len(END):]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reportparse.clidoc", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="examples:\n  python -m reportparse.clidoc --write README.md\n"
                                            "  python -m reportparse.clidoc --check README.md")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", metavar="README", help="replace the reference block in this file")
    group.add_argument("--check", metavar="README", help="exit 1 if this file's reference block is stale")
    args = parser.parse_args(argv)
    block = reference()
    target = args.write or args.check
    if not target:
        sys.stdout.write(block + "\n")
        return 0
    path = Path(target)
    old = path.read_text(encoding="utf-8")
    try:
        new = replace_block(old, block)
    except ValueError as e:
        print(f"clidoc: {path}: {e}", file=sys.stderr)
        return 2
    if args.check:
        if new != old:
            print(f"clidoc: {path}: the CLI reference is stale; run python -m reportparse.clidoc --write {path}",
                  file=sys.stderr)
            return 1
        return 0
    if new != old:
        path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
