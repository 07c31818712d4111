"""The ``reportparse`` command: ``parse``, ``explain``, ``debug`` one report; ``batch`` many into a dataset.

Every command is one library call; this module only reads arguments, prints and picks exit codes.
Output follows the extension of ``-o`` (sqlite-utils style), ``-`` is stdin/stdout, and every file is
written to a temporary name beside its target and renamed into place, so nothing is left half-written.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from reportparse import __version__
from reportparse.errors import ReportParseError

EXIT_OK = 0
EXIT_FAILED = 1  # a file could not be parsed (one line on stderr says which and why)
EXIT_USAGE = 2  # bad arguments (argparse's own code too)
EXIT_OUTPUT = 4  # an output could not be written (one line says which and what to do); nothing half-written

EXIT_STATUS = """\
exit status: 0 ok; 1 some FILE could not be parsed (one line each on stderr); 2 bad arguments;
4 an output could not be written (nothing is left half-written); 130 interrupted."""

FORMATS = ("json", "jsonl", "csv", "parquet")
_BY_EXTENSION = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
STDIO = "-"


class UsageError(Exception):
    """Arguments that cannot work together (exit 2)."""


class OutputError(Exception):
    """An output that could not be written; the message names the path and what to do (exit 4)."""


# ------------------------------------------------------------------ writing
def format_for(target: str | None, override: str | None, allowed: tuple[str, ...] = FORMATS) -> str:
    """The output format: ``--format`` if given, else the extension of ``target``; stdout is JSON."""
    if override:
        fmt = override
    elif target is None or target == STDIO:
        fmt = "json" if "json" in allowed else "csv"
    else:
        fmt = _BY_EXTENSION.get(Path(target).suffix.lower())
        if fmt is None:
            raise UsageError(f"cannot tell the format of {target} from its extension; name it "
                             f"{' or '.join('.' + f for f in allowed)}, or give --format")
    if fmt not in allowed:
        raise UsageError(f"{target}: {fmt} is not an option here; use {' or '.join('.' + f for f in allowed)}")
    return fmt


def render(records: list[dict], fmt: str, several: bool) -> bytes:
    """The bytes of one output: records as JSON (an object, or an array when ``several``) or JSON Lines;
    or their tidy values (one row per table cell) as CSV or Parquet."""
    if fmt == "json":
        data = records if several else records[0]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    if fmt == "csv":
        import io

        from reportparse.export.tidy import write_tidy_csv

        buf = io.StringIO(newline="")
        write_tidy_csv(records, buf)
        return buf.getvalue().encode("utf-8-sig")  # with BOM, so Excel reads Chinese
    if fmt == "parquet":
        return _tidy_parquet(records)
    raise ValueError(fmt)


def _tidy_parquet(records: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from reportparse.export.tidy import TIDY_COLUMNS, tidy_rows

    ints, floats = {"year", "page"}, {"value"}
    schema = pa.schema([(c, pa.int64() if c in ints else pa.float64() if c in floats else pa.string())
                        for c in TIDY_COLUMNS])  # the batch's values.parquet schema
    rows = [row for r in records for row in tidy_rows(r)]
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
    return sink.getvalue().to_pybytes()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(target: str | None, example: str = "records.json") -> None:
    """Refuse, before any work, an output path that is a folder or lies below a file."""
    if target is None or target == STDIO:
        return
    path = Path(target)
    if path.is_dir() or target.endswith(("/", os.sep)):
        raise OutputError(f"cannot write {target}: it is a folder; give a file name inside it, e.g. "
                          f"{path / example}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"cannot write {target}: {parent} is a file, not a folder; choose another path")
            break


def _output_error(target: Path, e: OSError) -> OutputError:
    if e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        what = "the disk is full (or a file-size limit was reached); free some space, or write elsewhere with -o"
    elif e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "permission denied; choose a folder you can write to"
    elif e.errno == errno.EISDIR or target.is_dir():
        what = "is a folder; give a file name inside it, e.g. " + str(target / "records.json")
    elif e.errno in (errno.ENOTDIR, errno.EEXIST):
        what = "a part of the path is a file, not a folder; choose another path"
    else:
        what = f"{e.strerror or e}; choose another path"
    return OutputError(f"cannot write {target}: {what}")


class Outputs:
    """The outputs of one command, staged under temporary names beside their targets, then renamed
    into place together (``commit``); on any error every temporary file is removed."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []
        self.stdout: bytes | None = None

    def add(self, target: str, data: bytes) -> None:
        if target == STDIO:
            self.stdout = data
            return
        path = Path(target)
        if path.is_dir():
            raise OutputError(f"cannot write {path}: it is a folder; give a file name inside it, e.g. "
                              f"{path / ('records' + (path.suffix or '.json'))}")
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            tmp = Path(name)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        except OSError as e:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            self.discard()
            raise _output_error(path, e) from e
        self.staged.append((tmp, path))

    def commit(self) -> None:
        try:
            for tmp, path in self.staged:
                os.replace(tmp, path)
        except OSError as e:
            self.discard()
            raise _output_error(path, e) from e
        self.staged = []
        if self.stdout is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(self.stdout)
            sys.stdout.flush()

    def discard(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged = []


# ------------------------------------------------------------------ reading
@contextmanager
def input_path(name: str):
    """A path to read: ``name`` itself, or for ``-`` the bytes of stdin in a temporary file (no suffix:
    its bytes are sniffed like any file's)."""
    if name != STDIO:
        yield name
        return
    data = sys.stdin.buffer.read()
    with tempfile.NamedTemporaryFile(prefix="reportparse-stdin-", delete=False) as fh:
        fh.write(data)
    try:
        yield fh.name
    finally:
        os.unlink(fh.name)


def parse_one(name: str, backend: str = "pdfium", ocr: str | None = None) -> dict:
    """The record of one FILE (``-``: stdin); a ReportParseError names ``name``, never a temporary path."""
    from reportparse.pipeline import parse

    with input_path(name) as path:
        try:
            record = parse(path, backend=backend, ocr=ocr).to_dict()
        except ReportParseError as e:
            if name == STDIO:
                e.path = "<stdin>"
            raise
    if name == STDIO:
        record["source"]["path"] = STDIO
    return record


# ------------------------------------------------------------------ saying what happened
def summary_line(name: str, record: dict) -> str:
    """One line for a person: agency, year, template, cells read, warnings by code, failed checks."""
    values = [v for t in (record.get("tables") or {}).values() for row in t.values() if row for v in row.values()]
    cells = f"{sum(v is not None for v in values)}/{len(values)}"
    codes = Counter(w["code"] for w in record.get("warnings") or ())
    checks = record.get("checks") or ()
    ok, failed = (sum(1 for c in checks if c["ok"] is want) for want in (True, False))
    unassessed = f", {len(checks) - ok - failed} not assessable" if len(checks) > ok + failed else ""
    warn = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in sorted(codes.items())) or "none"
    return (f"{name}: {record.get('agency') or '(agency unknown)'} {record.get('year') or '(year unknown)'}, "
            f"template {record.get('template')}, {cells} cells with values, warnings: {warn}, "
            f"checks: {ok} ok, {failed} failed{unassessed}")


def detail_lines(record: dict) -> list[str]:
    """For -v: every warning and every failed check, one indented line each."""
    out = [f"  warning {w['code']}{' (page {})'.format(w['page']) if w.get('page') else ''}: {w['message']}"
           for w in record.get("warnings") or ()]
    out += [f"  failed  {c['rule']}: {c['detail']}" for c in record.get("checks") or () if c["ok"] is False]
    return out


def _chatty(args: argparse.Namespace) -> bool:
    return not args.quiet and (args.verbose > 0 or sys.stderr.isatty())


# ------------------------------------------------------------------ commands
def cmd_parse(args: argparse.Namespace) -> int:
    if args.files.count(STDIO) > 1:
        raise UsageError("- (stdin) can be given only once")
    check_target(args.output)
    check_target(args.tidy, "values.csv")
    fmt = format_for(args.output, args.format)
    tidy_fmt = format_for(args.tidy, None, ("csv", "parquet")) if args.tidy else None
    out = args.output or STDIO
    if args.tidy == STDIO and out == STDIO:
        raise UsageError("--tidy - and the records cannot both go to stdout; give -o FILE for the records")
    for target, f in ((out, fmt), (args.tidy, tidy_fmt)):
        if target == STDIO and f == "parquet" and sys.stdout.isatty():
            raise UsageError("Parquet is binary and stdout is a terminal; give -o FILE.parquet or pipe it")

    records, failed = [], 0
    chatty = _chatty(args)
    for name in args.files:
        try:
            record = parse_one(name, args.backend, args.ocr)
        except ReportParseError as e:
            failed += 1
            print(f"reportparse: {e}", file=sys.stderr)
            continue
        except Exception as e:  # noqa: BLE001 - an unexpected failure in one file must not lose the others
            failed += 1
            print(f"reportparse: {name}: internal error ({type(e).__name__}: {e}); please report it",
                  file=sys.stderr)
            continue
        records.append(record)
        if chatty:
            print(summary_line("<stdin>" if name == STDIO else name, record), file=sys.stderr)
            for line in detail_lines(record) if args.verbose else ():
                print(line, file=sys.stderr)
    if records:
        outputs = Outputs()
        outputs.add(out, render(records, fmt, several=len(args.files) > 1))
        if args.tidy:
            outputs.add(args.tidy, render(records, tidy_fmt, several=True))
        outputs.commit()
    return EXIT_FAILED if failed else EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from reportparse.explain import UnknownKeyError, explain, load_record

    with input_path(args.file) as path:
        try:
            record = load_record(path)
        except ReportParseError as e:
            if args.file == STDIO:
                e.path = "<stdin>"
            raise
    try:
        found = explain(record, args.key)
    except UnknownKeyError as e:
        raise UsageError(str(e)) from e
    text = json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n" if args.json else found.text()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_debug(args: argparse.Namespace) -> int:
    from reportparse.debug import render_debug

    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write into {out}: it is a file; give a folder (created if missing)")

    with input_path(args.file) as path:
        try:
            written = render_debug(path, args.output, resolution=args.resolution,
                                   stem="stdin" if args.file == STDIO else None)
        except ReportParseError as e:
            if args.file == STDIO:
                e.path = "<stdin>"
            raise
        except OSError as e:
            raise _output_error(Path(getattr(e, "filename", None) or args.output), e) from e
    if not args.quiet:
        print(f"reportparse: wrote {len(written)} file{'s' if len(written) != 1 else ''} to {args.output}: "
              + ", ".join(p.name for p in written[:3]) + (" …" if len(written) > 3 else ""), file=sys.stderr)
        if args.verbose:
            print("\n".join(f"  {p}" for p in written), file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ the parser
TOP_EPILOG = """\
exit status: 0 ok; 1 some FILE could not be parsed; 2 bad arguments; 3 (batch) some files failed;
4 an output could not be written; 130 interrupted.  Each command's --help says more.

examples:
  reportparse parse report.pdf -o report.json
  reportparse parse *.pdf -o values.parquet
  reportparse explain report.pdf applications.new.total
  reportparse debug report.pdf -o debug/
  reportparse batch reports/ -o out/ -j 4
  python -m reportparse parse - < report.txt
"""

PARSE_DESCRIPTION = """\
Parse reports (PDF, OFD, scan, web page, Word file, RTF, OpenDocument, text dump or markdown) into records.

The output format follows the extension of -o (or --format): .json is the record as
an object (one FILE) or an array of records (several); .jsonl is one record per line;
.csv and .parquet are the tidy values, one row per table cell.  Without -o, or with
-o -, JSON goes to stdout.  FILE - reads standard input (sniffed like a file's bytes).
A FILE that cannot be parsed gets one line on stderr and costs only its own record.
On a terminal (or with -v) one summary line per FILE goes to stderr."""

PARSE_EPILOG = f"""\
{EXIT_STATUS}

examples:
  reportparse parse report.pdf -o report.json
  reportparse parse a.pdf b.pdf c.pdf -o three.json       # a JSON array
  reportparse parse reports/*.pdf -o records.jsonl --tidy values.parquet
  reportparse parse report.pdf -o values.csv              # tidy values for a spreadsheet
  curl -s https://example.gov.cn/report.pdf | reportparse parse - --format jsonl
  reportparse parse report.pdf -q | jq '.tables.applications.new'
"""

EXPLAIN_DESCRIPTION = """\
Where one number came from: its value, the text printed in the cell, the page and box
(PDF points from the page's top-left), the row and column labels it was matched from
and how (exact, typo, variant), the checks that use it with their results, and the
warnings that touch it.  KEY is TABLE.ROW.COLUMN as in records.md; FILE may also be a
record saved by `reportparse parse -o x.json`."""

EXPLAIN_EPILOG = f"""\
{EXIT_STATUS}

examples:
  reportparse explain report.pdf applications.new.total
  reportparse explain report.pdf review_litigation.review.corrected --json
  reportparse explain report.json active_disclosure.fees.amount_wan
"""

DEBUG_DESCRIPTION = """\
Draw what the parser saw.  For a PDF, one PNG per page in DIR: ruling lines (grey),
every cell assigned to a table (one colour per table, labelled with its key), table
cells that matched no key (red), and where each section starts (purple).  For inputs
without pages (text dumps), one HTML file with the tables in the same colours."""

DEBUG_EPILOG = f"""\
{EXIT_STATUS}

examples:
  reportparse debug report.pdf -o debug/
  reportparse debug report.pdf -o debug/ --resolution 150
  reportparse debug report.txt -o debug/            # debug/report.html
"""


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    common.add_argument("-v", "--verbose", action="count", default=0,
                        help="say more: summaries even in a pipe, every warning and failed check")
    return common


BATCH_HELP = "parse many reports into a dataset folder"


def build_parser(batch: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without ``batch`` the batch command is named, not built (its module loads the
    batch machinery: ~30 ms of a cold ``parse``, which never uses it)."""
    raw = argparse.RawDescriptionHelpFormatter
    common = _common()
    parser = argparse.ArgumentParser(
        prog="reportparse", formatter_class=raw, epilog=TOP_EPILOG,
        description="Parse 政府信息公开工作年度报告 (PDF, web page, Word file or text) into normalized records.")
    parser.add_argument("--version", action="version", version=f"reportparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", parents=[common], formatter_class=raw, help="parse reports into records",
                       description=PARSE_DESCRIPTION, epilog=PARSE_EPILOG)
    p.add_argument("files", nargs="+", metavar="FILE", help="a report: .pdf .ofd .html .htm .shtml .mht .docx .doc .wps .rtf .odt .txt .md; - reads stdin")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write here (.json .jsonl .csv .parquet; - is stdout, the default)")
    p.add_argument("--format", choices=FORMATS, help="the format of -o, whatever its extension")
    p.add_argument("--tidy", metavar="OUT", help="also write the tidy values here (.csv or .parquet; - is stdout)")
    p.add_argument("--backend", choices=("pdfium", "pdfplumber"), default="pdfium",
                   help="the PDF reader (default pdfium; pdfplumber gives the same records, slower)")
    p.add_argument("--ocr", choices=("auto", "never", "always"), default="auto",
                   help="read pages by OCR: where they have no usable text (default), never, always; "
                        "pip install 'reportparse[ocr]'")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("explain", parents=[common], formatter_class=raw, help="show where one number came from",
                       description=EXPLAIN_DESCRIPTION, epilog=EXPLAIN_EPILOG)
    p.add_argument("file", metavar="FILE", help="a report (- reads stdin) or a saved record (.json)")
    p.add_argument("key", metavar="KEY", help="TABLE.ROW.COLUMN, e.g. applications.new.total")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("debug", parents=[common], formatter_class=raw, help="draw the grid the parser found",
                       description=DEBUG_DESCRIPTION, epilog=DEBUG_EPILOG)
    p.add_argument("file", metavar="FILE", help="a report: .pdf .ofd .html .htm .shtml .mht .docx .doc .wps .rtf .odt .txt .md; - reads stdin")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder for the images (created)")
    p.add_argument("--resolution", type=int, default=100, metavar="DPI", help="image resolution (default 100)")
    p.set_defaults(func=cmd_debug)

    if not batch:
        sub.add_parser("batch", help=BATCH_HELP)
        return parser
    from reportparse.batch_cli import add_batch_command

    command = add_batch_command(sub)
    if "--quiet" not in command._option_string_actions:  # batch_cli owns its options; add the shared ones if missing
        command.set_defaults(quiet=False, verbose=0)
    return parser


def subcommand_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers by name, in the order they were added (for the CLI reference)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(batch="batch" in words)  # the batch command built only where it may be the one run
    args = parser.parse_args(argv)
    # pdfminer (the pdfplumber backend, pages pdfium cannot read, `debug`'s pictures) logs what it makes of odd
    # fonts ("Could not get FontBBox…") to stderr through logging's last resort: noise under one line of errors
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    def fail(msg: str) -> None:
        print(f"reportparse {args.command}: error: {msg}", file=sys.stderr)

    try:
        return args.func(args)
    except UsageError as e:
        fail(str(e))
        return EXIT_USAGE
    except OutputError as e:
        fail(str(e))
        return EXIT_OUTPUT
    except ReportParseError as e:
        print(f"reportparse: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("reportparse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_OK


def _quiet_broken_pipe() -> None:
    """After a reader closed the pipe (``| head``), stop Python complaining when it flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
