"""`reportparse batch`: many reports into one dataset folder (the work is in batch.py).

The main CLI registers it with ``add_batch_command(subparsers)`` and calls
``args.func(args)``, which returns the exit status.  ``python -m
reportparse.batch_cli batch ...`` runs it on its own.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import threading
from contextlib import contextmanager

from reportparse import batch
from reportparse.export.dataset import OutputError

EXIT_OK = 0  # every file parsed (ok or ok_with_warnings)
EXIT_USAGE = 2  # bad arguments, or an INPUT that names nothing
EXIT_SOME_FAILED = 3  # the batch ran, some files failed: status.csv says which and why
EXIT_OUTPUT = 4  # the outputs could not be written (disk full, no permission): the journal keeps what was parsed
# interrupted by a signal: 128 + its number (130 Ctrl-C, 143 SIGTERM); the outputs hold every file parsed

DESCRIPTION = """\
Parse many reports into one dataset folder OUTDIR: records.jsonl, status.csv (one
row per input path) and the records as tables, each .parquet and .csv: reports (one
row per report), values (tidy, one row per table cell), warnings, checks, sections,
keywords, cross_year; reports.sqlite holds the same tables (values as cell_values)
and sections_fts, a full-text index.

An INPUT is a file, a folder (searched recursively for .pdf .ofd .txt .html .htm
.shtml .docx .doc .wps .rtf .odt .md and the like), a glob (quote it; ** allowed) or @LIST (one INPUT per
line; @- reads standard input).  Files with the same bytes are parsed once; every
path met gets a status row, with the reason when it is not parsed (another form, a
FIFO, a hidden or unreadable folder, a listed path that is missing).  Each file is
parsed in its own worker process, so a crash or hang costs only that file's row.
Outputs are written as the batch goes, all files swapped in together; after Ctrl-C,
a crash or a full disk, run the same command with --resume to parse only what is
missing.
CSV cells that would start a spreadsheet formula (= + - @) are prefixed with '.
-q prints nothing but errors; -v also prints a line for every file that did not end ok
(its status and message) as it finishes."""

EPILOG = """\
status.csv statuses: ok, ok_with_warnings (message: the warning codes), not_pdf,
unsupported_format, too_large, corrupt, encrypted, no_text_layer, not_a_report,
extraction, timeout, crashed; for paths never parsed: missing, not_a_file,
unreadable, skipped.

exit status: 0 every file ok; 3 some files failed (or were not parsed);
2 bad arguments (or Dask workers that cannot see the files);
4 the outputs could not be written (disk full): free space, then --resume;
130 (Ctrl-C) or 143 (SIGTERM) interrupted, outputs kept.

examples:
  reportparse batch reports/ -o out/
  reportparse batch 'downloads/**/*.pdf' @more.txt -o out/ -j 8 --timeout 300
  reportparse batch reports/ -o out/ --resume
  reportparse batch reports/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
  python -c "import duckdb; duckdb.read_parquet('out/reports.parquet').select('agency, year, applications_new').show()"
"""


def add_batch_command(subparsers) -> argparse.ArgumentParser:
    """Register ``batch`` on an argparse subparsers object; its handler is ``args.func``."""
    from reportparse.cli import BATCH_HELP, _common  # -q/-v, declared once for every command

    p = subparsers.add_parser(
        "batch",
        parents=[_common()],
        help=BATCH_HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, glob or @LIST")
    p.add_argument("-o", "--outdir", required=True, metavar="OUTDIR", help="the dataset folder (created)")
    p.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: one per CPU)",
    )
    p.add_argument(
        "--resume", action="store_true", help="keep OUTDIR and skip files whose bytes already have an ok row"
    )
    p.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=batch.DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds one file may take before its worker is stopped (default {batch.DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--memory",
        type=_positive_int,
        default=batch.DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"memory one worker may use for a file (default {batch.DEFAULT_MEMORY_MB})",
    )
    p.add_argument(
        "--engine",
        choices=batch.ENGINES,
        default="local",
        help="local: a process pool on this machine (default); dask: a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default: a local Dask cluster)",
    )
    p.add_argument("--ocr", choices=("auto", "never", "always"), default="auto",
                   help="read pages by OCR: where they have no usable text (default), never, always")
    p.set_defaults(func=run_batch_command)
    p.error = _one_line_error(p)  # argparse prints usage too; a bad value gets one line
    return p


def _one_line_error(parser: argparse.ArgumentParser):
    def error(message: str):
        print(f"{parser.prog}: error: {message} (see --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)

    return error


def run_batch_command(args: argparse.Namespace) -> int:
    """The handler: run the batch, show progress on a terminal, print the summary, pick the exit status."""
    if args.scheduler and args.engine != "dask":
        print("reportparse batch: error: --scheduler needs --engine dask", file=sys.stderr)
        return EXIT_USAGE
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", 0)
    os.environ["REPORTPARSE_OCR"] = args.ocr  # the workers' parse() reads it (local workers inherit it)
    bar = _ProgressBar(enabled=sys.stderr.isatty() and not quiet, verbose=verbose > 0 and not quiet)
    caught = {"signum": signal.SIGINT}
    if hasattr(signal, "SIGXFSZ"):  # past a file-size limit: an error to report, not a silent death
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        with _signals_interrupt(caught):
            summary = batch.run(
                args.inputs,
                args.outdir,
                jobs=args.jobs,
                resume=args.resume,
                timeout=args.timeout,
                memory_mb=args.memory,
                engine=args.engine,
                scheduler=args.scheduler,
                progress=bar,
            )
    except KeyboardInterrupt:
        bar.close()
        name = signal.Signals(caught["signum"]).name
        print(
            f"reportparse batch: stopped by {name} after {bar.done} of {bar.total} files; {args.outdir} "
            "holds every file parsed: run the same command with --resume to finish",
            file=sys.stderr,
        )
        return 128 + caught["signum"]
    except OutputError as e:
        bar.close()
        print(
            f"reportparse batch: error: {e.strerror or e}; {args.outdir} keeps the previous outputs and the journal "
            "of every file parsed: free space, then run the same command with --resume",
            file=sys.stderr,
        )
        return EXIT_OUTPUT
    except (batch.BatchInputError, ImportError) as e:
        bar.close()
        print(f"reportparse batch: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    bar.close()
    if not quiet:
        print(summary.line(), file=sys.stderr)
    return EXIT_OK if summary.failed == 0 else EXIT_SOME_FAILED


class _ProgressBar:
    """tqdm on a terminal (files done/total, rate, ETA, errors so far); silent otherwise.

    ``verbose`` (-v): a line for every path that did not end ``ok``, as it finishes: path, status, message.
    """

    def __init__(self, enabled: bool, verbose: bool = False):
        self.enabled, self.verbose, self.bar = enabled, verbose, None
        self.total = self.done = self.errors = 0

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        if self.enabled:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
            try:  # a terminal that reports no size (a bare pty) gets a fixed width instead of an empty bar
                sized = os.get_terminal_size(sys.stderr.fileno()).columns > 0
            except OSError:
                sized = False
            self.bar = tqdm(total=total, initial=done, unit="file", file=sys.stderr, dynamic_ncols=sized,
                            ncols=None if sized else 100, nrows=None if sized else 20)
            self.bar.set_postfix(errors=0)

    def update(self, n: int, status: str) -> None:
        self.done += n
        if status not in batch.OK_STATUSES:
            self.errors += n
        if self.bar is not None:
            self.bar.set_postfix(errors=self.errors, refresh=False)
            self.bar.update(n)

    def finished(self, path: str, status: str, message: str) -> None:
        if not self.verbose or status == "ok":
            return
        line = f"{path}: {status}" + (f": {message}" if message else "")
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@contextmanager
def _signals_interrupt(caught: dict):
    """SIGTERM stops the batch the way Ctrl-C does (a KeyboardInterrupt); ``caught`` learns which came."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum, frame):
        caught["signum"] = signum
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _positive_seconds(text: str) -> float:
    try:
        s = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not {text!r}") from None
    if not math.isfinite(s) or s <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return s


def main(argv: list[str] | None = None) -> int:
    """A stand-alone ``reportparse batch`` (the main CLI registers the same command)."""
    parser = argparse.ArgumentParser(prog="reportparse")
    add_batch_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
