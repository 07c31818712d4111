"""Many files -> one dataset: each file parsed once, in a worker it cannot take down, resumably.

    run(inputs, outdir)               what `reportparse batch` calls
      _inputs(inputs)                 files, folders (recursive), globs, @list.txt  -> sorted paths,
                                      and a status row for every other path met (missing, not a file, ...)
      _group(paths)                   sha256 of each file: identical bytes are parsed once
      Journal(outdir, resume)         the append-only log of finished files; --resume reads it
      _execute(tasks, engine)         a local pool of forked workers, or Dask: yields outcomes
      _Streamer                       the outputs written while files finish, in their final order
      _rebuild(outdir, journal)       every derived file, sorted by path, swapped in atomically, from the
                                      rows each worker made of what it parsed (export/dataset.py)
    parse_many(paths)                 the same work, yielding a Result per path instead of files
    load(outdir)                      the finished dataset as pandas DataFrames

Isolation.  Each worker is a forked child process (POSIX) that parses one
file at a time through ``reportparse.pipeline.parse``, with its address space
capped (RLIMIT_AS, ``memory_mb`` above what it starts with) so a memory
blow-up fails that file only.  A worker that runs past ``timeout`` seconds is
killed (status ``timeout``); one that dies (segfault, OOM kill, MemoryError)
gives ``crashed``; a replacement is forked and the batch goes on.  Workers are
recycled after MAX_TASKS_PER_WORKER files (up to a fifth more near the end
of the queue), so leaks in the PDF libraries stay bounded.  With the Dask engine
every task forks such a child on its Dask worker, so the statuses mean the
same there.

Durability.  The journal (OUTDIR/.journal.jsonl) gets one line per finished
file, flushed as it finishes, so a run killed at any moment keeps every file
it parsed.  The derived files (records.jsonl, values.*, reports.*,
status.csv, reports.sqlite; see export/dataset.py) are regenerated from the
journal, sorted by path, every ``rebuild_every`` seconds and when the run
is interrupted; each set is written into a generation folder swapped in by
one rename, so it is always whole.  A finished run deletes its journal: the
outputs then hold everything, and a later ``--resume`` seeds itself from
them.  Because the outputs depend only on the journal's contents, never on
the order files finished in, a killed-and-resumed run ends with the same
files as an uninterrupted one (only the ``seconds`` column of the status
differs).

Speed.  The worker that parses a file also makes its rows of every output
table (identity, tidy values, warnings, checks, sections and the words the
full-text index stores, keywords: dataset.report_rows), with the parser,
jieba and the gazetteers loaded once by the zygote the workers are forked
from (``_Zygote``: started first thing, it loads them while the batch's own
process hashes the files and opens the outputs); the rows travel in the
journal beside the record.  While the run goes on, ``_Streamer`` adds each
report to the final outputs as soon as every report before it in path
order has finished, so that finishing a batch writes the status rows, the
cross-year checks and the indexes, and swaps the set in: little more than
its last file.  Whatever the streamer cannot vouch for (a file replaced
mid-run, a failed write) is left to the rebuild from the journal.

Paths.  A file name that is not valid UTF-8 is kept losslessly (Python's
surrogate escapes; the journal stores them as JSON escapes) and shown
readably in the outputs, its bad bytes as ``\\xNN``.  Only regular files are
opened: a FIFO, socket or device met anywhere gets a ``not_a_file`` row, and
every other path met and not parsed gets a row saying why (see expand_inputs).
"""

from __future__ import annotations

import gc
import glob
import hashlib
import json
import os
import re
import signal
import socket
import sqlite3
import stat
import struct
import sys
import threading
import time
import warnings
from collections import Counter, defaultdict
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import ClassVar, Protocol, Self

from reportparse.errors import ReportParseError, UnsupportedFormatError
from reportparse.export.dataset import (
    JOURNAL,
    RECORDS,
    Dataset,
    OutputError,
    DatasetWriter,
    decode_rows,
    pack_rows,
    rows_line,
    unpack_rows,
    read_status,
    report_rows,
    remove_outputs,
    write_dataset_rows,
)
from reportparse.export.dataset import load as _load_dataset
from reportparse.export.tidy import readable

OK_STATUSES = ("ok", "ok_with_warnings")
WORKER_STATUSES = ("timeout", "crashed")  # besides the error codes of errors.py
PATH_STATUSES = ("missing", "not_a_file", "unreadable", "skipped")  # paths met but never parsed
# what a folder is searched for (others there get an unsupported_format row); files named explicitly can be anything
REPORT_SUFFIXES = (".pdf", ".ofd", ".txt", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml", ".docx", ".doc", ".wps",
                   ".docm", ".dotx", ".dotm", ".dot", ".wpt", ".rtf", ".odt", ".ott", ".fodt", ".md", ".markdown")
CONVERTIBLE_SUFFIXES = (".sxw", ".wri", ".uot")  # soffice makes .docx of them
DEFAULT_TIMEOUT = 120.0  # seconds per file
DEFAULT_MEMORY_MB = 2048  # address space a worker may add to what it starts with
MAX_TASKS_PER_WORKER = 100
_KEPT = 64  # reports whose packed rows wait in memory to be added in order (~20 KB each)
ENGINES = ("local", "dask")


class BatchInputError(ValueError):
    """Bad arguments: an INPUT naming nothing, a setting that makes no sense, an OUTDIR in use,
    or Dask workers that cannot see the files."""


@dataclass(frozen=True)
class Result:
    """The outcome for one input path, as ``parse_many`` yields it.

    ``record`` is the report record (records.md) when ``ok``; otherwise None
    and ``status`` is an error code (errors.py), ``timeout`` or ``crashed``,
    with ``message`` saying why.  A path whose bytes equal an earlier path's
    is not parsed again: it shares that result and names it in ``duplicate_of``.
    """

    path: str
    sha256: str
    status: str
    message: str = ""
    seconds: float = 0.0
    record: dict | None = None
    duplicate_of: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES

    @property
    def report_id(self) -> str | None:
        return self.sha256[:16] or None


@dataclass(frozen=True)
class _Task:
    key: str  # the sha256; "unreadable:PATH" for a file that cannot be read
    sha256: str
    path: str  # the one path parsed: the first in sort order
    paths: tuple[str, ...]  # every path with these bytes


@dataclass(frozen=True)
class _Outcome:
    task: _Task
    status: str
    message: str
    seconds: float
    body: bytes | None = None  # the record as UTF-8 JSON, when parsed
    parsed_sha256: str | None = None  # of the bytes the parser read (the record's source.sha256)
    packed: bytes | None = None  # its dataset rows (dataset.pack_rows), made by the worker for a batch


def _unparsed(path: str, status: str, message: str) -> _Outcome:
    """The row of a path met but not parsed (no content hash)."""
    return _Outcome(_Task(f"unreadable:{path}", "", path, (path,)), status, message, 0.0)


# ---------------------------------------------------------------- the public entry points


class Progress(Protocol):
    """What ``run`` reports to (the CLI's progress bar)."""

    def start(self, total: int, done: int) -> None:
        """``total`` paths, ``done`` of them already done by an earlier run (--resume)."""

    def update(self, n: int, status: str) -> None:
        """``n`` more paths finished with ``status``."""

    # optional: ``finished(path, status, message)``, called for each path as it finishes (the CLI's -v)


@dataclass
class Summary:
    """What a batch did; ``line()`` is the CLI's closing line."""

    outdir: Path
    total: int = 0  # input paths
    counts: Counter = field(default_factory=Counter)  # status -> paths
    parsed: int = 0  # files parsed by this run (duplicates and resumed files not counted)
    skipped: int = 0  # paths whose bytes already had an ok row (--resume)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return self.total - sum(self.counts[s] for s in OK_STATUSES)

    def line(self) -> str:
        ok = ", ".join(f"{self.counts[s]} {s}" for s in OK_STATUSES if self.counts[s])
        bad = ", ".join(f"{s} {n}" for s, n in sorted(self.counts.items()) if s not in OK_STATUSES)
        text = f"{self.total} files: {ok or '0 ok'}"
        if self.failed:
            text += f", {self.failed} failed ({bad})"
        text += f"; {self.parsed} parsed in {self.seconds:.1f} s"
        if self.skipped:
            text += f", {self.skipped} already done"
        return f"{text}; outputs in {self.outdir}"


def run(
    inputs: Iterable[str | Path] | str | Path,
    outdir: str | Path,
    *,
    jobs: int | None = None,
    resume: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    engine: str = "local",
    scheduler=None,
    progress: Progress | None = None,
    rebuild_every: float = 60.0,
) -> Summary:
    """Parse every input into the dataset folder ``outdir``; see the module docstring.

    Without ``resume`` the previous outputs in ``outdir`` are replaced.  With
    it, files whose bytes already have an ok row are skipped and the rest are
    parsed and added; rows for paths of earlier runs are kept.
    ``progress`` (see Progress) hears of the total and of each file.  A
    KeyboardInterrupt (Ctrl-C, or SIGTERM turned into one by the CLI) stops
    the workers, writes the outputs of what was parsed, and propagates.
    """
    started = time.monotonic()
    _check_settings(jobs, timeout, memory_mb)
    paths, met = _inputs(inputs, exclude=outdir)
    summary = Summary(Path(outdir), total=len(paths) + len(met))
    # the workers' zygote loads the parser while the files are hashed and the outputs opened
    zygote = _Zygote.start(memory_mb, derive=True) if paths and engine == "local" else None
    with zygote or nullcontext():
        tasks, unreadable = _group(paths)
        unreadable = met + unreadable

        finished = getattr(progress, "finished", None)

        def tally(outcome: _Outcome) -> None:
            n = len(outcome.task.paths)
            summary.counts[outcome.status] += n
            if progress is not None:
                progress.update(n, outcome.status)
            if finished is not None:
                for path in outcome.task.paths:
                    finished(readable(path), outcome.status, outcome.message)

        with Journal(outdir, resume=resume) as journal:
            todo = []
            for task in tasks:
                done = journal.done.get(task.key)
                if done is not None and done.status in OK_STATUSES:
                    journal.add_paths(task, [p for p in task.paths if journal.paths.get(p) != task.key])
                    summary.skipped += len(task.paths)
                    summary.counts[done.status] += len(task.paths)
                else:
                    todo.append(task)
            if progress is not None:
                progress.start(summary.total, summary.skipped)
            for outcome in unreadable:
                journal.append(outcome)
                tally(outcome)
            rebuilder = _Rebuilder(Path(outdir), journal, rebuild_every)
            queue = deque(todo)
            streamer = _Streamer(Path(outdir), journal, tasks, unreadable)
            try:
                for outcome in _execute(
                    queue,
                    engine=engine,
                    jobs=jobs,
                    timeout=timeout,
                    memory_mb=memory_mb,
                    scheduler=scheduler,
                    derive=True,
                    zygote=zygote,
                ):
                    task = outcome.task
                    outcome = _as_parsed(outcome, queue)
                    journal.append(outcome)
                    summary.parsed += 1
                    tally(outcome)
                    streamer.finished(task, outcome)
                    rebuilder.maybe()
            except BaseException:
                streamer.abort()
                raise
            finally:
                journal.sync()
                if not streamer.finish():
                    _rebuild(Path(outdir), journal)  # also when interrupted: keep what was parsed
            journal.finish()
    summary.seconds = time.monotonic() - started
    return summary


def parse_many(
    paths: Iterable[str | Path] | str | Path,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    engine: str = "local",
    scheduler=None,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> Iterator[Result]:
    """Parse many files in isolated workers; yield one ``Result`` per path, as files finish.

    ``paths`` may hold files, folders, globs and ``@list.txt`` as the CLI's
    INPUTs.  Nothing is written to disk.

        >>> for r in reportparse.parse_many(["reports/"], jobs=4):
        ...     print(r.path, r.status, r.record["agency"] if r.ok else r.message)
    """
    _check_settings(jobs, timeout, memory_mb)
    files, met = _inputs(paths)
    tasks, unreadable = _group(files)
    for o in met + unreadable:
        yield Result(o.task.path, "", o.status, o.message, o.seconds)
    queue = deque(tasks)
    for o in _execute(
        queue, engine=engine, jobs=jobs, timeout=timeout, memory_mb=memory_mb, scheduler=scheduler
    ):
        o = _as_parsed(o, queue)
        for p in o.task.paths:
            first = p == o.task.path
            record = json.loads(o.body) if o.body else None  # decoded per path: no shared dicts
            yield Result(
                p,
                o.task.sha256,
                o.status,
                o.message,
                o.seconds if first else 0.0,
                record,
                None if first else o.task.path,
            )


def load(outdir: str | Path) -> Dataset:
    """The dataset in a batch OUTDIR: ``.values`` (tidy), ``.reports`` and ``.status`` DataFrames."""
    return _load_dataset(outdir)


# ---------------------------------------------------------------- inputs


def expand_inputs(inputs: Iterable[str | Path] | str | Path) -> list[str]:
    """Every file the INPUTs name that will be parsed, sorted, each once (see ``_inputs`` for the rest).

    An INPUT is a file (any name), a folder (searched recursively, links to
    folders followed once, for REPORT_SUFFIXES; a name's trailing spaces do
    not hide its suffix), a glob (``**`` allowed), or ``@LIST``: a text file
    with one INPUT per line (blank lines and ``#`` comments skipped; relative
    lines are relative to LIST's folder; ``@-`` reads standard input).
    Raises BatchInputError for an INPUT on the command line naming nothing.
    """
    return _inputs(inputs)[0]


def _inputs(
    inputs: Iterable[str | Path] | str | Path, exclude: str | Path | None = None
) -> tuple[list[str], list[_Outcome]]:
    """(the files to parse, a row for every other path met).

    Every path met gets a row with a reason when it is not parsed: in a
    folder, a file of another form (``unsupported_format``), a hidden folder
    (``skipped``: not searched), a link back to a folder already searched
    (``skipped``), a folder that cannot be listed (``unreadable``); anywhere,
    a FIFO, socket, device or broken link (``not_a_file``: never opened, so
    never waited on); in an @LIST, a line naming nothing (``missing``).
    ``exclude`` (the batch's own OUTDIR) is not searched.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    walk = _Walk(exclude)
    for item in inputs:
        item = os.fspath(item)
        if item.startswith("@"):
            for line in _list_lines(item[1:]):
                walk.item(line, listed=f"@{item[1:]}")
        else:
            walk.item(item)
    for path in walk.files:
        walk.met.pop(path, None)
    met = [_unparsed(p, status, message) for p, (status, message) in sorted(walk.met.items())]
    return sorted(walk.files), met


class _Walk:
    """What the INPUTs name: ``files`` to parse, and ``met``: path -> (status, message) for the rest."""

    def __init__(self, exclude: str | Path | None):
        self.files: set[str] = set()
        self.met: dict[str, tuple[str, str]] = {}
        self.searched: set[tuple[int, int]] = set()  # (device, inode) of every folder searched
        self.exclude = _identity(exclude) if exclude is not None else None

    def item(self, item: str, listed: str | None = None) -> None:
        st = _stat(item)
        if st is not None:
            self.path(item, st, named=True)
        elif os.path.lexists(item):
            self.met[item] = ("not_a_file", "a broken link: names nothing")
        elif glob.has_magic(item):
            matches = glob.glob(item, recursive=True)
            for m in matches:
                st = _stat(m)
                if st is None:
                    self.met[m] = ("not_a_file", "a broken link: names nothing")
                else:
                    self.path(m, st, named=True)
            if not matches:
                self._nothing(item, listed, "the pattern matches no file")
        else:
            self._nothing(item, listed, "no such file or folder")

    def _nothing(self, item: str, listed: str | None, why: str) -> None:
        if listed is None:
            raise BatchInputError(f"{item}: {why}")
        self.met[item] = ("missing", f"{why} (listed in {listed})")

    def path(self, path: str, st: os.stat_result, named: bool) -> None:
        if stat.S_ISDIR(st.st_mode):
            self.folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            suffix = os.path.splitext(os.path.basename(path).rstrip(" ."))[1].lower()
            if named or suffix in REPORT_SUFFIXES:
                self.files.add(path)
            else:
                e = UnsupportedFormatError(f"{suffix or 'a file without a suffix'}: not a form reportparse reads")
                if suffix not in CONVERTIBLE_SUFFIXES:  # a data file, a script, an image: converting is no advice
                    e.hint = f"reportparse reads {' '.join(REPORT_SUFFIXES)}"
                self.met[path] = (e.code, _error_message(e))
        else:
            self.met[path] = ("not_a_file", f"{_kind(st.st_mode)}, not a regular file: never opened")

    def folder(self, root: str, st: os.stat_result) -> None:
        key = (st.st_dev, st.st_ino)
        if key == self.exclude:
            return  # the batch's own outputs
        if key in self.searched:
            self.met[root] = ("skipped", "a link to a folder already searched")
            return
        self.searched.add(key)
        try:
            with os.scandir(root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            self.met[root] = ("unreadable", f"the folder cannot be listed ({e.strerror or e})")
            return
        pages = _saved_pages([e.name for e in entries])
        for entry in entries:
            path = os.path.join(root, entry.name)
            st = _stat(path)
            if st is None:
                self.met[path] = ("not_a_file", "a broken link: names nothing")
            elif stat.S_ISDIR(st.st_mode) and entry.name.startswith("."):
                if (st.st_dev, st.st_ino) != self.exclude:
                    self.met[path] = ("skipped", "a hidden folder, not searched: name it as an INPUT to include it")
            elif stat.S_ISDIR(st.st_mode) and entry.name.casefold() in pages:
                page = pages[entry.name.casefold()]
                self.met[path] = ("skipped", f"the pictures and files of the saved web page {page}, read with it: "
                                             "not searched")
            else:
                self.path(path, st, named=False)


def _saved_pages(names: list[str]) -> dict[str, str]:
    """The folders a browser or Word writes beside a web page saved "complete" (``report.html`` and
    ``report_files/``, or ``report.files/``), casefolded -> the page's name: its pictures, styles and scripts,
    and pages of its own (a frame, Word's ``header.htm``) that are no report."""
    out = {}
    for name in names:
        stem, suffix = os.path.splitext(name)
        if suffix.lower() in (".html", ".htm", ".shtml", ".xhtml") and stem:
            for folder in (f"{stem}_files", f"{stem}.files"):
                out.setdefault(folder.casefold(), name)
    return out


def _stat(path: str) -> os.stat_result | None:
    """``os.stat`` following links; None where nothing is there (or a link loop)."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        if e.errno == getattr(os, "ELOOP", None) or "loop" in str(e).lower():
            return None
        raise BatchInputError(f"{readable(path)}: cannot be read ({e.strerror or e})") from e


def _identity(path: str | Path) -> tuple[int, int] | None:
    st = _stat(os.fspath(path))
    return (st.st_dev, st.st_ino) if st is not None else None


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "a special file"


def _list_lines(listing: str) -> list[str]:
    try:
        text = sys.stdin.read() if listing == "-" else Path(listing).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise BatchInputError(f"@{listing}: cannot read the list (not UTF-8 text)") from e
    except OSError as e:
        raise BatchInputError(f"@{listing}: cannot read the list ({e.strerror or e})") from e
    base = Path() if listing == "-" else Path(listing).parent
    lines = [s.strip() for s in text.splitlines()]
    return [
        os.path.normpath(s if os.path.isabs(s) else base / s) for s in lines if s and not s.startswith("#")
    ]


def _group(paths: list[str]) -> tuple[list[_Task], list[_Outcome]]:
    """One task per distinct content (sha256), in path order; unreadable files as finished outcomes."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=min(8, len(paths) or 1))  # hashlib releases the GIL
    try:
        digests = list(pool.map(_sha256, paths))
    except BaseException:  # Ctrl-C / SIGTERM: do not wait for the other files to be hashed
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    by_sha: dict[str, list[str]] = defaultdict(list)
    unreadable = []
    for path, (sha, status, error) in zip(paths, digests, strict=True):
        if sha:
            by_sha[sha].append(path)
        else:
            unreadable.append(_unparsed(path, status, error))
    tasks = [_Task(sha, sha, min(ps), tuple(sorted(ps))) for sha, ps in by_sha.items()]
    return sorted(tasks, key=lambda t: t.path), unreadable


def _sha256(path: str) -> tuple[str | None, str, str]:
    """(sha256, "", "") of a regular file; (None, status, message) otherwise. Never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        return None, "not_pdf", f"cannot be read ({e.strerror or e})"
    with open(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # it became one after the folder was searched
            return None, "not_a_file", f"{_kind(mode)}, not a regular file: never opened"
        try:
            return hashlib.file_digest(fh, "sha256").hexdigest(), "", ""
        except OSError as e:
            return None, "not_pdf", f"cannot be read ({e.strerror or e})"


def _as_parsed(outcome: _Outcome, queue: deque) -> _Outcome:
    """The outcome under the hash of the bytes the parser read.

    A file replaced between hashing and parsing has a record of other bytes
    than its task's hash: its row takes the record's hash, and the paths that
    shared the old bytes are queued to be parsed on their own.
    """
    task, sha = outcome.task, outcome.parsed_sha256
    if not sha or sha == task.sha256:
        return outcome
    rest = tuple(p for p in task.paths if p != task.path)
    if rest:
        queue.append(_Task(task.key, task.sha256, rest[0], rest))
    return replace(outcome, task=_Task(sha, sha, task.path, (task.path,)))


def _check_settings(jobs: int | None, timeout: float, memory_mb: int | None) -> None:
    import math

    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise BatchInputError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    if not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0:
        raise BatchInputError(f"timeout must be a number of seconds above 0, not {timeout!r}")
    if memory_mb is not None and (not isinstance(memory_mb, int) or memory_mb < 1):
        raise BatchInputError(f"memory must be a whole number of MiB of at least 1, not {memory_mb!r}")


def _json_bytes(obj) -> bytes:
    """UTF-8 JSON, Chinese as is; text that is not valid Unicode (surrogate escapes) as JSON escapes."""
    text = json.dumps(obj, ensure_ascii=False, default=str)
    try:
        return text.encode()
    except UnicodeEncodeError:
        return json.dumps(obj, default=str).encode()


def _unescape_path(shown: str) -> str:
    """The path ``readable`` showed as ``shown`` (``\\xNN`` back to the bytes), where that is the file."""
    if "\\x" not in shown or os.path.lexists(shown):
        return shown
    raw = re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m[1], 16)]), shown.encode())
    path = os.fsdecode(raw)
    return path if readable(path) == shown else shown


# ---------------------------------------------------------------- the journal


@dataclass(frozen=True)
class _Done:
    sha256: str
    status: str
    message: str
    seconds: float
    offset: int | None  # where the record's JSON starts in the journal
    length: int
    rows_length: int = 0  # its dataset rows (dataset.encode_rows) follow the record and a TAB


class Journal:
    """OUTDIR/.journal.jsonl: one line per finished file, appended and flushed as it finishes.

    A line is a header (JSON: sha256, paths, status, message, seconds), a TAB,
    the record (JSON, empty for a failure), and a newline; JSON never holds a
    raw TAB or newline, so the header reads without decoding the record.  A
    batch's worker also sends the record's dataset rows (dataset.report_rows,
    in base64): they follow the record after another TAB, so that rebuilding
    the outputs only concatenates them.  A
    header with status null only adds paths to content already done.  The
    last line wins for each path and each content.  A torn last line (a kill
    mid-write) is cut off when the journal is opened again.  An flock keeps
    two batches from writing the same OUTDIR.  Paths are stored losslessly:
    a header with a name that is not valid UTF-8 is written with JSON escapes.

    Seeding (a ``--resume`` after a finished run rebuilds the journal from the
    outputs) is all-or-nothing: its lines sit between a SEED_START and a
    SEED_END line, and a journal holding the start without the end (a run
    killed while seeding) is seeded again from the outputs, which seeding
    never changes.  A write that fails (a full disk) raises OutputError.
    """

    SEED_START: ClassVar[bytes] = b'{"seeding": "start"}\t\n'
    SEED_END: ClassVar[bytes] = b'{"seeding": "end"}\t\n'

    def __init__(self, outdir: str | Path, resume: bool = False, fsync_every: float = 1.0):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.path = self.outdir / JOURNAL
        self.paths: dict[str, str] = {}  # path -> content key
        self.done: dict[str, _Done] = {}  # content key -> latest result
        self.fsync_every, self.synced = fsync_every, time.monotonic()
        self.size = 0
        fresh = not self.path.exists()
        self.fh = open(self.path, "a+b")  # noqa: SIM115
        _lock(self.fh, self.outdir)
        if not resume:
            self.fh.truncate(0)
            remove_outputs(self.outdir)
        elif fresh:
            self._seed_from_outputs()
        if self._read() == "unfinished seed":
            self.fh.truncate(0)
            self.paths.clear()
            self.done.clear()
            self._seed_from_outputs()
            self._read()

    # -- writing

    def append(self, outcome: _Outcome) -> None:
        t = outcome.task
        rows = rows_line(outcome.packed) if outcome.body and outcome.packed else None
        self._write(t.key, t.sha256, t.paths, outcome.status, outcome.message, outcome.seconds, outcome.body, rows)

    def add_paths(self, task: _Task, paths: list[str]) -> None:
        if paths:
            self._write(task.key, task.sha256, tuple(paths), None, "", 0.0, None)

    def _write(self, key, sha256, paths, status, message, seconds, body, rows=None) -> None:
        header = _json_bytes(
            {
                "sha256": sha256,
                "paths": list(paths),
                "status": status,
                "message": message,
                "seconds": round(seconds, 3),
            }
        )
        offset = self.size
        self._raw(header + b"\t" + (body or b"") + (b"\t" + rows if rows else b"") + b"\n")
        self._index(
            key, sha256, paths, status, message, seconds, offset + len(header) + 1, len(body or b""), len(rows or b"")
        )
        if time.monotonic() - self.synced > self.fsync_every:
            self.sync()

    def _raw(self, data: bytes) -> None:
        try:
            self.fh.write(data)
            self.fh.flush()  # in the OS now: survives the process being killed
            self.size += len(data)
        except OSError as e:  # a torn line is cut off when the journal is opened again
            raise OutputError(e.errno, f"{self.path}: cannot write the journal ({e.strerror or e})") from e

    def sync(self) -> None:
        """Flush to the disk itself (against a power cut; a killed process loses nothing anyway)."""
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
        except OSError as e:
            raise OutputError(e.errno, f"{self.path}: cannot write the journal ({e.strerror or e})") from e
        self.synced = time.monotonic()

    def finish(self) -> None:
        """The run is complete and the outputs hold everything: drop the journal."""
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        self.fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading

    def read_record(self, key: str) -> dict | None:
        done = self.done[key]
        if not done.length:
            return None
        return json.loads(os.pread(self.fh.fileno(), done.length, done.offset))

    def read_rows(self, key: str) -> dict | None:
        """The dataset rows the worker made of the record (None where it made none, a seeded journal, or
        where they cannot be read here: a journal another Python wrote)."""
        done = self.done[key]
        if not done.length or not done.rows_length:
            return None
        try:
            return decode_rows(os.pread(self.fh.fileno(), done.rows_length, done.offset + done.length + 1))
        except ValueError:
            return None

    def _index(self, key, sha256, paths, status, message, seconds, offset, length, rows_length=0) -> None:
        for p in paths:
            self.paths[p] = key
        if status is not None:
            self.done[key] = _Done(
                sha256, status, message, seconds, offset if length else None, length, rows_length if length else 0
            )

    def _read(self) -> str:
        """Index the journal; "unfinished seed" if it holds a seeding cut short, else ""."""
        self.fh.seek(0)
        offset = 0
        seeding = ""
        for line in self.fh:
            try:
                if not line.endswith(b"\n"):
                    raise ValueError("torn line")
                head, _, body = line.partition(b"\t")
                h = json.loads(head)
            except ValueError:
                break  # a kill mid-write: everything after it is dropped
            if "seeding" in h:
                seeding = "unfinished seed" if h["seeding"] == "start" else ""
                offset += len(line)
                continue
            key = h["sha256"] or f"unreadable:{h['paths'][0]}"
            record, _, rows = body[:-1].partition(b"\t")
            self._index(
                key,
                h["sha256"],
                h["paths"],
                h["status"],
                h["message"],
                h["seconds"],
                offset + len(head) + 1,
                len(record),
                len(rows),
            )
            offset += len(line)
        self.fh.truncate(offset)
        self.size = offset
        return seeding

    def _seed_from_outputs(self) -> None:
        """A finished run left no journal: rebuild one from status.csv and records.jsonl (all or nothing)."""
        self._raw(self.SEED_START)
        rows = read_status(self.outdir)
        for r in rows:  # the outputs show a non-UTF-8 name readably; the journal wants the name itself
            r["path"] = _unescape_path(r["path"])
        paths = defaultdict(list)
        for r in rows:
            paths[r["sha256"] or f"unreadable:{r['path']}"].append(r["path"])
        first = {r["sha256"] or f"unreadable:{r['path']}": r for r in rows if not r.get("duplicate_of")}
        records = self.outdir / RECORDS
        if records.exists():
            with open(records, "rb") as fh:
                for line in fh:
                    body = line.rstrip(b"\n")
                    sha = json.loads(body)["source"]["sha256"]
                    r = first.pop(sha, None)
                    if r is not None:
                        self._write(sha, sha, paths[sha], r["status"], r["message"], r["seconds"], body)
        for key, r in first.items():
            self._write(key, r["sha256"], paths[key], r["status"], r["message"], r["seconds"], None)
        self._raw(self.SEED_END)
        self.sync()


def _lock(fh, outdir: Path) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        fh.close()
        raise BatchInputError(f"{outdir}: another batch is writing to this folder") from e


# ---------------------------------------------------------------- the outputs


class _Rebuilder:
    """Regenerate the outputs every ``every`` seconds, and never spend more than a tenth of the time on it."""

    def __init__(self, outdir: Path, journal: Journal, every: float):
        self.outdir, self.journal, self.every = outdir, journal, every
        self.next = time.monotonic() + every

    def maybe(self) -> None:
        if time.monotonic() < self.next:
            return
        t0 = time.monotonic()
        self.journal.sync()
        _rebuild(self.outdir, self.journal)
        took = time.monotonic() - t0
        self.next = time.monotonic() + max(self.every, 10 * took)


def _rebuild(outdir: Path, journal: Journal) -> None:
    """Every derived file from the journal's contents, ordered by path (not by when files finished)."""
    order, first = _report_order(journal)
    write_dataset_rows(outdir, (_report_rows(journal, key, first[key]) for key in order), _status_rows(journal, first))


def _report_order(journal: Journal) -> tuple[list[str], dict[str, str]]:
    """(the content keys with a report, in the outputs' order; content key -> its first path)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for path, key in journal.paths.items():
        if key in journal.done:
            groups[key].append(path)
    first = {key: min(ps) for key, ps in groups.items()}
    keys = [k for k in groups if journal.done[k].status in OK_STATUSES and journal.done[k].length]
    return sorted(keys, key=first.__getitem__), first


def _report_rows(journal: Journal, key: str, first: str, packed: bytes | None = None) -> dict:
    """The dataset rows of one report: as its worker made them (``packed``, else read from the journal), or
    made here (a seeded journal, another path)."""
    path, status = readable(first), journal.done[key].status  # whoever parsed it: the first path
    rows = unpack_rows(packed) if packed else journal.read_rows(key)
    if rows is None or rows["path"] != path or rows["status"] != status:
        record = journal.read_record(key)
        record.setdefault("source", {})["path"] = path
        rows = report_rows(record, status)
    return rows


def _status_rows(journal: Journal, first: dict[str, str]) -> Iterator[dict]:
    for path in sorted(journal.paths):
        key = journal.paths[path]
        if key not in journal.done:
            continue
        d, is_first = journal.done[key], first[key] == path
        yield {
            "path": path,
            "sha256": d.sha256,
            "status": d.status,
            "message": d.message,
            "seconds": round(d.seconds, 3) if is_first else 0.0,
            "duplicate_of": None if is_first else readable(first[key]),
        }


class _Streamer:
    """The outputs written while the batch runs, so that finishing it costs little more than its last file.

    Reports go into a DatasetWriter of their own (a generation not yet swapped in) in their final order:
    the order is known before the first file finishes (the journal's paths and the tasks' paths, sorted),
    so each report is added as soon as every report before it has finished; workers take files in that
    order, so little waits.  Until a report is added its rows are kept as the worker packed them (up to
    _KEPT reports; the others are read back from the journal).  ``finish`` checks that what was written
    is exactly what ``_rebuild`` would write from the journal, and commits; where it is not (a file
    replaced during the run was queued again, a write failed), the generation is dropped and ``_rebuild``
    writes the outputs as before.
    """

    def __init__(self, outdir: Path, journal: Journal, tasks: list[_Task], met: list[_Outcome]):
        self.journal, self.writer = journal, None
        paths = dict(journal.paths)
        for t in [*tasks, *(o.task for o in met)]:
            for p in t.paths:
                paths[p] = t.key
        groups: dict[str, list[str]] = defaultdict(list)
        for path, key in paths.items():
            groups[key].append(path)
        self.first = {key: min(ps) for key, ps in groups.items()}
        self.waiting = {t.key for t in tasks if t.key not in journal.done or journal.done[t.key].status
                        not in OK_STATUSES}
        self.order = sorted(self.first, key=self.first.__getitem__)
        self.next, self.written = 0, []
        self.packed: dict[str, bytes] = {}  # content key -> its rows as the worker packed them, until added
        try:
            self.writer = DatasetWriter(outdir)
        except (OSError, sqlite3.Error):
            self.writer = None

    def finished(self, task: _Task, outcome: _Outcome | None = None) -> None:
        """``task`` finished, its ``outcome`` journaled: add every report now due (no outcome: all left)."""
        if self.writer is None:
            return
        if outcome is not None:
            key = outcome.task.key
            if key != task.key:  # parsed bytes other than those hashed: the order is no longer known
                self.abort()
                return
            self.waiting.discard(key)
            if outcome.packed and len(self.packed) < _KEPT:
                self.packed[key] = outcome.packed
        try:
            while self.next < len(self.order) and self.order[self.next] not in self.waiting:
                key = self.order[self.next]
                done, packed = self.journal.done.get(key), self.packed.pop(key, None)
                if done is not None and done.status in OK_STATUSES and done.length:
                    self.writer.add_rows(_report_rows(self.journal, key, self.first[key], packed))
                    self.written.append((key, self.first[key]))
                self.next += 1
        except (OSError, sqlite3.Error):  # a full disk: _rebuild tries again at the end, and reports it
            self.abort()

    def finish(self) -> bool:
        """Commit, if what was written is what _rebuild would write; True if so."""
        if self.writer is None:
            return False
        self.finished(_Task("", "", "", ()))  # anything left that was not waited for
        order, first = _report_order(self.journal)
        if self.writer is None or self.written != [(k, first[k]) for k in order]:
            self.abort()
            return False
        writer, self.writer = self.writer, None
        try:
            for row in _status_rows(self.journal, first):
                writer.add_status(row)
            writer.commit()
        except BaseException:
            writer.abort()
            return False  # _rebuild tries again, and reports what fails
        return True

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
            self.writer = None


# ---------------------------------------------------------------- running the tasks


def _execute(
    tasks: deque[_Task],
    *,
    engine: str,
    jobs: int | None,
    timeout: float,
    memory_mb: int | None,
    scheduler=None,
    derive: bool = False,
    zygote: _Zygote | None = None,
) -> Iterator[_Outcome]:
    """Run ``tasks``; with ``derive`` each worker also makes the dataset rows of what it parsed.  The local
    engine forks its workers from ``zygote`` where the caller started one (``_Zygote.start``)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    from reportparse.readers import usable_cores

    jobs = max(1, jobs or usable_cores())
    if not tasks:
        return iter(())
    if engine == "dask":
        return _run_dask(tasks, jobs, timeout, memory_mb, scheduler, derive)
    if not hasattr(os, "fork"):
        return _run_inline(tasks, derive)
    return _run_local(tasks, jobs, timeout, memory_mb, derive, zygote)


def _run_local(
    tasks: deque[_Task], jobs: int, timeout: float, memory_mb: int | None, derive: bool = False,
    zygote: _Zygote | None = None,
) -> Iterator[_Outcome]:
    """A pool of ``jobs`` forked workers; a worker that hangs or dies is replaced, its file gets the status.

    ``tasks`` is taken from as workers come free, so tasks added to it meanwhile are run too.  The workers
    are forked by ``zygote`` (started by the caller, which closes it) or by one started here.
    """
    own = zygote is None
    if own:
        zygote = _Zygote.start(memory_mb, derive)
    if zygote is None:  # workers are forked from here: they start from this process, preloaded
        _preload(derive)
        gc.collect()
        gc.freeze()  # what the workers share with this process: no collection writes to it here or in them
    busy: dict[_Worker, list[list]] = {}  # worker -> [task, started] of the file it parses, then of its next
    # fewer files left than a fifth of the limit per worker: a worker at its limit parses on rather than be
    # replaced for them (200 files on 2 workers: each was replaced at its 100th, and the new ones, cold, parsed
    # the last few while the other core waited)
    tail = max(jobs, jobs * MAX_TASKS_PER_WORKER // 5)
    idle: list[_Worker] = []

    def hand_out() -> None:
        while len(busy) < jobs and tasks:
            task = tasks.popleft()
            busy[_Worker.start(task.path, memory_mb, idle, derive, zygote)] = [[task, time.monotonic()]]
        # each busy worker is sent its next file too, so that it goes on to it without waiting for this
        # process to take the outcome; not near the queue's end (another worker could be left idle) nor to
        # a worker to be recycled after its file
        for w, queued in busy.items():
            if len(tasks) < jobs:
                return
            if len(queued) == 1 and (w.tasks + 1 < MAX_TASKS_PER_WORKER or len(tasks) <= tail):
                try:
                    w.conn.send(tasks[0].path)
                except OSError:  # the worker died: collect says so
                    continue
                queued.append([tasks.popleft(), None])

    try:
        while True:
            hand_out()
            if not busy:
                return
            oldest = min(queued[0][1] for queued in busy.values())
            wait([w.conn for w in busy], timeout=max(0.0, oldest + timeout - time.monotonic()))
            for w, queued in list(busy.items()):
                outcome = w.collect(*queued[0], timeout)
                if outcome is None:
                    continue
                queued.pop(0)
                if queued and w.alive:
                    queued[0][1] = time.monotonic()  # it parses its next file now
                else:
                    del busy[w]
                    tasks.extendleft(reversed([task for task, _ in queued]))  # sent to a worker now gone
                    # recycled after MAX_TASKS_PER_WORKER files, unless the queue is near its end: a new
                    # one would take longer starting (its first file ~2x) than the last files add to a leak
                    if w.alive and (w.tasks < MAX_TASKS_PER_WORKER or len(tasks) < tail):
                        idle.append(w)
                    else:
                        w.kill()
                hand_out()  # a worker free again parses its next file while the caller journals this one
                yield outcome
    finally:
        for w in [*busy, *idle]:
            w.kill()
        if zygote is None:
            gc.unfreeze()  # collectable again (a caller's own objects were frozen too)
        elif own:
            zygote.close()


def _run_inline(tasks: deque[_Task], derive: bool = False) -> Iterator[_Outcome]:
    """No fork (Windows): parse in this process, without timeout or isolation."""
    while tasks:
        task = tasks.popleft()
        status, message, seconds, body, _, sha, packed = _parse_file(task.path, None, derive)
        yield _Outcome(task, status, message, seconds, body, sha, packed)


def _run_dask(
    tasks: deque[_Task], jobs: int, timeout: float, memory_mb: int | None, scheduler, derive: bool = False
) -> Iterator[_Outcome]:
    """The same per-file work as Dask tasks; each task forks its own isolated child on the Dask worker.

    ``scheduler``: None (a LocalCluster of ``jobs`` processes), an address
    (``tcp://host:8786``), a ``distributed.Client`` or a cluster object.
    At most two tasks per Dask thread are submitted ahead, so memory stays flat.

    Tasks carry paths (made absolute), not file contents: every Dask worker
    must see the inputs at the same paths (a shared filesystem).  Before the
    first task, every worker is asked whether it can read the first file; if
    one cannot, the run stops with BatchInputError saying so, instead of
    giving every file a "no such file" row.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as e:
        raise ImportError("--engine dask needs Dask: pip install 'reportparse[dask]'") from e
    with ExitStack() as stack:
        if isinstance(scheduler, Client):
            client = scheduler
        elif scheduler is None:
            cluster = stack.enter_context(
                LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler))
        _check_workers_see(client, os.path.abspath(tasks[0].path))
        window = 2 * max(1, sum(client.nthreads().values()))
        futures: dict = {}
        ready = as_completed()

        def submit() -> None:
            if tasks:
                task = tasks.popleft()
                future = client.submit(
                    _isolated, os.path.abspath(task.path), timeout, memory_mb, derive, pure=False
                )
                futures[future] = task
                ready.add(future)

        for _ in range(window):
            submit()
        try:
            for future in ready:
                task = futures.pop(future)
                try:
                    status, message, seconds, body, sha, packed = future.result()
                except Exception as e:  # noqa: BLE001  the Dask worker itself died or the task could not run
                    status, message, seconds = "crashed", f"Dask: {type(e).__name__}: {e}", 0.0
                    body = sha = packed = None
                future.release()
                yield _Outcome(task, status, message, seconds, body, sha, packed)
                submit()
        finally:
            if futures:
                client.cancel(list(futures))


def _isolated(path: str, timeout: float, memory_mb: int | None, derive: bool = False) -> tuple:
    """Parse one file in a forked child with a timeout (runs on a Dask worker)."""
    _preload(derive)
    t0 = time.monotonic()
    task = _Task("", "", path, (path,))
    worker = _Worker.start(path, memory_mb, [], derive)
    try:
        while (outcome := worker.collect(task, t0, timeout)) is None:
            worker.conn.poll(max(0.0, t0 + timeout - time.monotonic()))
        return (
            outcome.status, outcome.message, outcome.seconds, outcome.body, outcome.parsed_sha256, outcome.packed,
        )
    finally:
        worker.kill()


def _check_workers_see(client, path: str) -> None:
    """Stop the run, with what to do, if a Dask worker cannot read ``path`` (no shared filesystem)."""
    try:
        answers = client.run(_can_read, path)
    except Exception as e:  # noqa: BLE001  a worker could not even run the check
        raise BatchInputError(f"the Dask workers could not be asked whether they see the files ({e})") from e
    blind = sorted(worker for worker, ok in answers.items() if not ok)
    if blind:
        raise BatchInputError(
            f"{len(blind)} of {len(answers)} Dask workers ({', '.join(blind[:3])}) cannot read {readable(path)}: "
            "--engine dask sends paths, not file contents, so every worker must see the inputs at the same "
            "paths (a shared filesystem); mount it there, or run without --engine dask"
        )


def _can_read(path: str) -> bool:
    return os.access(path, os.R_OK) and os.path.isfile(path)


# ---------------------------------------------------------------- the worker


class _Worker:
    """A forked child that parses the paths it is sent, one at a time, and sends back the outcome."""

    live: ClassVar[dict[int, int]] = {}  # pid -> parent-end descriptor of every live worker
    lock: ClassVar[threading.Lock] = (
        threading.Lock()
    )  # Dask forks from several threads: one pipe+fork at a time

    def __init__(self, memory_mb: int | None, derive: bool = False, zygote: _Zygote | None = None):
        self.tasks, self.alive, self.zygote = 0, True, None
        if zygote is not None and zygote.alive:
            parent_end, child_end = Pipe()
            try:
                self.pid, self.conn, self.zygote = zygote.spawn(child_end), parent_end, zygote
                return
            except OSError:  # the zygote is gone (killed from outside): fork from here, as without one
                parent_end.close()
            finally:
                child_end.close()
        with _Worker.lock:
            parent_end, child_end = Pipe()

            def child() -> None:
                _close_inherited(parent_end.fileno())
                _serve(child_end, memory_mb, derive)

            self.pid, self.conn = _fork(child), parent_end
            child_end.close()
            _Worker.live[self.pid] = parent_end.fileno()

    @classmethod
    def start(cls, path: str, memory_mb: int | None, idle: list[_Worker], derive: bool = False,
              zygote: _Zygote | None = None) -> _Worker:
        """Send ``path`` to an idle worker, or to a new one if none is idle (or the idle one died)."""
        while idle:
            w = idle.pop()
            try:
                w.conn.send(path)
                return w
            except OSError:
                w.kill()
        w = cls(memory_mb, derive, zygote)
        w.conn.send(path)
        return w

    def collect(self, task: _Task, t0: float, timeout: float) -> _Outcome | None:
        """The outcome if the worker answered, died or overran ``timeout``; None while it works."""
        elapsed = time.monotonic() - t0
        if self.conn.poll():
            try:
                status, message, seconds, body, retire, sha, packed = self.conn.recv()
            except Exception:  # noqa: BLE001  EOF or a half-sent message: the child died
                return _Outcome(task, "crashed", _death(self.reap()), elapsed)
            self.tasks += 1
            if retire:
                self.kill()
            return _Outcome(task, status, message, seconds, body, sha, packed)
        if elapsed >= timeout:
            self.kill()
            return _Outcome(
                task,
                "timeout",
                f"no result after {timeout:g} s: the worker was stopped "
                "(raise --timeout for very long reports)",
                elapsed,
            )
        return None

    def reap(self) -> int | None:
        """Wait for the child to be gone; its exit code (negative: the signal that ended it)."""
        self.alive = False
        if self.zygote is not None:
            self.conn.close()
            return self.zygote.reap(self.pid)
        with _Worker.lock:
            _Worker.live.pop(self.pid, None)
            self.conn.close()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        return os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        if self.alive:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap()


class _Zygote:
    """A process that loads the parser (``_preload``) and then forks the pool's workers on request.

    Started early (``run`` starts it before hashing its inputs), it loads the parser while the batch's
    process lists and hashes the files and opens the outputs, and the batch's process never loads it.
    A worker forked from the batch's own process later in a run would start with that process's heap as it
    has grown by then (the dataset writer's buffers, freed and reused memory), and copy the pages of it
    that its own allocations land in: over 1,000 files the workers' memory grew by ~45 MB that way.  Forked
    from the zygote, every worker starts from the same small heap.  The zygote is the workers' parent, so
    it reaps them and says how each ended; it dies with the batch's process, and its workers with it.
    Messages go over a SOCK_SEQPACKET socket pair: b"S" with a worker's end of its pipe (answered by the
    new worker's pid), b"R" + pid (answered by the exit code, or _NO_CODE).
    """

    def __init__(self, pid: int, sock):
        self.pid, self.sock, self.alive, self.used = pid, sock, True, False

    @classmethod
    def start(cls, memory_mb: int | None, derive: bool) -> _Zygote | None:
        """The zygote, or None where there is none to have (no fork, no SOCK_SEQPACKET): workers are then
        forked here, or the files parsed here (no fork)."""
        if not hasattr(os, "fork"):
            return None
        try:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        except (AttributeError, OSError):
            return None
        def child() -> None:
            _close_inherited(ours.fileno())
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the batch decides
            _die_with_parent()
            _preload(derive)
            gc.collect()
            gc.freeze()  # what the workers share with the zygote: no collection writes to it there or in them
            _zygote_loop(theirs, memory_mb, derive)

        with _Worker.lock:
            pid = _fork(child)
        theirs.close()
        return cls(pid, ours)

    def _ask(self, message: bytes, fds: list[int] | None = None) -> int:
        self.used = True
        try:
            if fds:
                socket.send_fds(self.sock, [message], fds)
            else:
                self.sock.sendall(message)
            answer = self.sock.recv(8)
        except OSError:
            self.alive = False
            raise
        if len(answer) != 8:
            self.alive = False
            raise ConnectionError("the zygote is gone")
        return struct.unpack("q", answer)[0]

    def spawn(self, child_end) -> int:
        """Fork a worker serving ``child_end`` (a Connection); its pid."""
        pid = self._ask(b"S", [child_end.fileno()])
        if pid == _NO_CODE:  # the request came without its descriptor: no worker
            raise ConnectionError("the zygote could not fork a worker")
        return pid

    def reap(self, pid: int) -> int | None:
        """Wait for worker ``pid`` to be gone; its exit code (negative: the signal), None if unknown."""
        try:
            code = self._ask(b"R" + struct.pack("q", pid))
        except OSError:
            return None
        return None if code == _NO_CODE else code

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.alive and not self.used:  # nothing asked of it: not worth waiting for its preload to end
            os.kill(self.pid, signal.SIGKILL)
        self.alive = False
        self.sock.close()  # the zygote reads EOF and exits
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


_NO_CODE = -(2**62)


def _zygote_loop(sock, memory_mb: int | None, derive: bool) -> None:
    while True:
        message, fds, _, _ = socket.recv_fds(sock, 16, 1)
        if not message:
            return  # the batch's end of the socket closed
        if message[:1] == b"S" and fds:
            pid = _fork(lambda: (sock.close(), _serve(Connection(fds[0]), memory_mb, derive)))
            os.close(fds[0])
            sock.sendall(struct.pack("q", pid))
            continue
        for fd in fds:  # sent with anything but a spawn request: not ours to keep
            os.close(fd)
        code = _NO_CODE
        if message[:1] == b"R":
            try:
                code = os.waitstatus_to_exitcode(os.waitpid(struct.unpack("q", message[1:9])[0], 0)[1])
            except ChildProcessError:
                pass
        sock.sendall(struct.pack("q", code))


def _close_inherited(own: int) -> None:
    """In a forked child: close the parent's end of its own socket and every worker's pipe (a worker's death
    must read as EOF in the batch, which it does not while another process holds the pipe open)."""
    for fd in [own, *_Worker.live.values()]:
        os.close(fd)


def _fork(child) -> int:
    """Fork; the child runs ``child()`` and exits (1 if it raised), never returning into the caller's code."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            child()
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    return pid


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        why = " (killed from outside: out of memory?)" if name == "SIGKILL" else ""
        return f"the worker died with {name}{why} while parsing this file"
    return f"the worker exited (code {code}) while parsing this file"


def _serve(conn, memory_mb: int | None, derive: bool = False) -> None:
    """The child's loop: receive a path, parse it, send the outcome; stop on None or when the parent is gone."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread: cannot happen after fork, but never fail a file for it
        pass
    _die_with_parent()
    _limit_memory(memory_mb)
    os.environ.setdefault("REPORTPARSE_OCR_THREADS", "1")  # a worker is one process a core: OCR on one thread
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        outcome = _parse_file(path, memory_mb, derive)
        conn.send(outcome)
        if outcome[4]:
            return


def _parse_file(
    path: str, memory_mb: int | None = None, derive: bool = False
) -> tuple[str, str, float, bytes | None, bool, str | None, bytes | None]:
    """(status, message, seconds, record JSON, retire the worker, sha256 parsed, dataset rows packed) for one
    file.

    Never raises.  With ``derive`` the dataset rows of the record (``_rows``) are made here too.
    """
    t0 = time.perf_counter()
    try:
        from reportparse import pipeline

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the record carries the parser's warnings
            record = pipeline.parse(path).to_dict()
        body = None if derive else _json_bytes(record)  # with derive, made with the rows (_rows)
    except ReportParseError as e:
        return e.code, _error_message(e), time.perf_counter() - t0, None, False, None, None
    except MemoryError:
        limit = f"its {memory_mb} MiB limit" if memory_mb else "the memory available"
        return (
            "crashed",
            f"ran out of memory: parsing this file needed more than {limit} (--memory)",
            time.perf_counter() - t0,
            None,
            True,
            None,
            None,
        )
    except Exception as e:  # noqa: BLE001  a bug in the parser: this file's row says so, the batch goes on
        return "crashed", f"{type(e).__name__}: {e}", time.perf_counter() - t0, None, False, None, None
    message = _findings(record)
    status = "ok_with_warnings" if message else "ok"
    sha = (record.get("source") or {}).get("sha256")
    packed = None
    if derive:
        body, packed = _rows(record, path, status)
    sha = sha if isinstance(sha, str) else None
    return status, message, time.perf_counter() - t0, body, False, sha, packed


def _rows(record: dict, path: str, status: str) -> tuple[bytes, bytes | None]:
    """(the record's JSON for the journal, its dataset rows as ``dataset.pack_rows`` gives them).

    The JSON is the record's records.jsonl line (its identity added, the path as the dataset shows it), which
    is also what the parent makes the same rows of from the journal: one encoding of the record a report,
    where the record's own JSON, decoded again for the rows, took three (~1.1 ms of ~36).  The rows are
    those of the decoded JSON only where the record is plain JSON data, which the compiled module checks in
    microseconds: elsewhere (a numpy float in it, say, which marshal would pack as bytes) the record is
    decoded from its JSON first, as before.  Where the rows cannot be made: the record's own JSON and None
    (the parent then tries, and reports).
    """
    from reportparse.export.dataset import report_rows
    from reportparse.speedups import C

    if C is None or not C.plain(record):
        record = json.loads(_json_bytes(record))
    shown = {**record, "source": {**(record.get("source") or {}), "path": readable(path)}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = report_rows(shown, status)
        return rows["record"].encode(), pack_rows(rows)
    except Exception:  # noqa: BLE001
        return _json_bytes(record), None


def _findings(record: dict) -> str:
    """The status message of a parsed report: its warning codes (with counts) and failed checks; "" if none."""
    codes = Counter(str(w.get("code")) for w in record.get("warnings") or () if isinstance(w, dict))
    failed = sum(1 for c in record.get("checks") or () if isinstance(c, dict) and c.get("ok") is False)
    parts = []
    if codes:
        parts.append("warnings: " + ", ".join(f"{c} ({n})" if n > 1 else c for c, n in sorted(codes.items())))
    if failed:
        parts.append(f"{failed} failed check{'s' if failed > 1 else ''}")
    return "; ".join(parts)


def _error_message(e: ReportParseError) -> str:
    """The error without its path (the status row has the path, and duplicates share the message)."""
    text = getattr(e, "message", None) or str(e)
    if getattr(e, "page", None) is not None:
        text += f" (page {e.page})"
    hint = getattr(e, "hint", "")
    return f"{text}. {hint}" if hint else text


def _preload(derive: bool = False) -> None:
    """Import the parser before forking, so every worker starts with it loaded.

    That is the readers (pypdfium2 with them) and the gazetteers, and with ``derive`` (a batch: workers make
    the dataset rows) also what those need: the jieba tokenizer with the gazetteer (identity, full-text
    index, keywords) and jieba's IDF table.  Loaded once, in the process the workers are forked from, they
    are shared by every worker, replacements included.  pyarrow is not loaded: the batch's own process
    writes the Parquet files.
    """
    try:
        import reportparse.pipeline  # noqa: F401
        import reportparse.readers.pdf  # noqa: F401
        from reportparse.identity import gazetteer
        from reportparse.normalize import region_of

        region_of("北京市")  # loads the gazetteer once, shared by every forked worker
        gazetteer()
        if derive:
            from reportparse.export import dataset, search
            from reportparse.identity import tokenizer

            tokenizer()
            search.idf()
            dataset._kinds()
    except Exception:  # noqa: BLE001, S110  a broken parser fails in the worker instead, as that file's status
        pass


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: Linux only
    except Exception:  # noqa: BLE001, S110
        pass


def _limit_memory(memory_mb: int | None) -> None:
    """Cap the address space at what the worker has now plus ``memory_mb``: a blow-up raises MemoryError."""
    if not memory_mb:
        return
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = current + memory_mb * 2**20
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (OSError, ValueError, ImportError):  # no /proc (macOS): no cap
        pass
