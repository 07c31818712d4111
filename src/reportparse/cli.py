"""The ``reportparse`` command: ``parse`` one or more reports, ``batch`` many into a dataset."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reportparse import __version__
from reportparse.errors import ReportParseError

EXIT_OK = 0
EXIT_FAILED = 1  # a file could not be parsed (one line on stderr says which and why)
EXIT_USAGE = 2


def _dump(record: dict, indent: int | None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def cmd_parse(args: argparse.Namespace) -> int:
    from reportparse.export.tidy import write_tidy_csv
    from reportparse.pipeline import parse

    records, failed = [], 0
    for path in args.files:
        try:
            records.append(parse(path).to_dict())
        except ReportParseError as e:
            failed += 1
            print(f"reportparse: {e}", file=sys.stderr)
        except Exception as e:  # noqa: BLE001 - an unexpected failure in one file must not lose the others
            failed += 1
            print(f"reportparse: {path}: internal error ({type(e).__name__}: {e}); please report it",
                  file=sys.stderr)
    if records:
        if len(args.files) == 1:
            text = _dump(records[0], 2) + "\n"
        else:
            text = "".join(_dump(r, None) + "\n" for r in records)
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        if args.tidy:
            write_tidy_csv(records, args.tidy)
    return EXIT_FAILED if failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from reportparse.batch_cli import add_batch_command

    parser = argparse.ArgumentParser(
        prog="reportparse",
        description="Parse 政府信息公开工作年度报告 (PDF or text) into normalized records.")
    parser.add_argument("--version", action="version", version=f"reportparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse reports and print their records",
                       description="One FILE: its record as indented JSON.  Several: JSON Lines, one record each. "
                                   "A file that cannot be parsed gets one line on stderr; the exit status is 1.")
    p.add_argument("files", nargs="+", metavar="FILE", help="a report PDF or text dump")
    p.add_argument("-o", "--output", metavar="OUT", help="write the record(s) here instead of stdout")
    p.add_argument("--tidy", metavar="OUT.csv", help="also write the tidy long form (one row per table cell)")
    p.set_defaults(func=cmd_parse)
    add_batch_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("reportparse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
