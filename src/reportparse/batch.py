"""Many files -> one dataset: each file parsed once, in a worker it cannot take down, resumably.

    run(inputs, outdir)               what `reportparse batch` calls
      expand_inputs(inputs)           files, folders (recursive), globs, @list.txt  -> sorted paths
      _group(paths)                   sha256 of each file: identical bytes are parsed once
      Journal(outdir, resume)         the append-only log of finished files; --resume reads it
      _execute(tasks, engine)         a local pool of forked workers, or Dask: yields outcomes
      _rebuild(outdir, journal)       every derived file, sorted by path, swapped in atomically
    parse_many(paths)                 the same work, yielding a Result per path instead of files
    load(outdir)                      the finished dataset as pandas DataFrames

Isolation.  Each worker is a forked child process (POSIX) that parses one
file at a time through ``reportparse.pipeline.parse``, with its address space
capped (RLIMIT_AS, ``memory_mb`` above what it starts with) so a memory
blow-up fails that file only.  A worker that runs past ``timeout`` seconds is
killed (status ``timeout``); one that dies (segfault, OOM kill, MemoryError)
gives ``crashed``; a replacement is forked and the batch goes on.  Workers are
recycled after MAX_TASKS_PER_WORKER files, so leaks in the PDF libraries stay
bounded.  With the Dask engine every task forks such a child on its Dask
worker, so the statuses mean the same there.

Durability.  The journal (OUTDIR/.journal.jsonl) gets one line per finished
file, flushed as it finishes, so a run killed at any moment keeps every file
it parsed.  The derived files (records.jsonl, values.*, reports.*,
status.csv, reports.sqlite; see export/dataset.py) are regenerated from the
journal, sorted by path, every ``rebuild_every`` seconds and when the run
ends or is interrupted; each is written to a temporary name and renamed, so
it is always whole.  A finished run deletes its journal: the outputs then
hold everything, and a later ``--resume`` seeds itself from them.  Because
the outputs depend only on the journal's contents, never on the order files
finished in, a killed-and-resumed run ends with the same files as an
uninterrupted one (only the ``seconds`` column of the status differs).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import signal
import sys
import threading
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import wait
from pathlib import Path
from typing import ClassVar, Protocol, Self

from reportparse.errors import ReportParseError
from reportparse.export.dataset import JOURNAL, RECORDS, Dataset, read_status, remove_outputs, write_dataset
from reportparse.export.dataset import load as _load_dataset

OK_STATUSES = ("ok", "ok_with_warnings")
WORKER_STATUSES = ("timeout", "crashed")  # besides the error codes of errors.py
REPORT_SUFFIXES = (".pdf", ".txt")  # what a folder is searched for; files named explicitly can be anything
DEFAULT_TIMEOUT = 120.0  # seconds per file
DEFAULT_MEMORY_MB = 2048  # address space a worker may add to what it starts with
MAX_TASKS_PER_WORKER = 100
ENGINES = ("local", "dask")


class BatchInputError(ValueError):
    """An INPUT names nothing: a missing file or folder, a glob that matches nothing, an empty list."""


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


# ---------------------------------------------------------------- the public entry points


class Progress(Protocol):
    """What ``run`` reports to (the CLI's progress bar)."""

    def start(self, total: int, done: int) -> None:
        """``total`` paths, ``done`` of them already done by an earlier run (--resume)."""

    def update(self, n: int, status: str) -> None:
        """``n`` more paths finished with ``status``."""


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
    paths = expand_inputs(inputs)
    summary = Summary(Path(outdir), total=len(paths))
    tasks, unreadable = _group(paths)

    def tally(status: str, n: int) -> None:
        summary.counts[status] += n
        if progress is not None:
            progress.update(n, status)

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
            tally(outcome.status, 1)
        rebuilder = _Rebuilder(Path(outdir), journal, rebuild_every)
        try:
            for outcome in _execute(
                todo, engine=engine, jobs=jobs, timeout=timeout, memory_mb=memory_mb, scheduler=scheduler
            ):
                journal.append(outcome)
                summary.parsed += 1
                tally(outcome.status, len(outcome.task.paths))
                rebuilder.maybe()
        finally:
            journal.sync()
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
    tasks, unreadable = _group(expand_inputs(paths))
    for o in unreadable:
        yield Result(o.task.path, "", o.status, o.message, o.seconds)
    for o in _execute(
        tasks, engine=engine, jobs=jobs, timeout=timeout, memory_mb=memory_mb, scheduler=scheduler
    ):
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
    """Every file the INPUTs name, sorted, each once.

    An INPUT is a file (any name), a folder (searched recursively for
    REPORT_SUFFIXES, hidden names skipped), a glob (``**`` allowed), or
    ``@LIST``: a text file with one INPUT per line (blank lines and ``#``
    comments skipped; relative lines are relative to LIST's folder; ``@-``
    reads standard input).  Raises BatchInputError for an INPUT naming nothing.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    found: set[str] = set()
    for item in inputs:
        item = str(item)
        if item.startswith("@"):
            for line in _list_lines(item[1:]):
                found.update(_expand_path(line))
        else:
            found.update(_expand_path(item))
    return sorted(found)


def _list_lines(listing: str) -> list[str]:
    try:
        text = sys.stdin.read() if listing == "-" else Path(listing).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise BatchInputError(f"@{listing}: cannot read the list ({e.strerror})") from e
    base = Path() if listing == "-" else Path(listing).parent
    lines = [s.strip() for s in text.splitlines()]
    return [
        os.path.normpath(s if os.path.isabs(s) else base / s) for s in lines if s and not s.startswith("#")
    ]


def _expand_path(item: str) -> list[str]:
    path = Path(item)
    if path.is_dir():
        return [
            str(f)
            for f in path.rglob("*")
            if f.suffix.lower() in REPORT_SUFFIXES
            and f.is_file()
            and not any(part.startswith(".") for part in f.relative_to(path).parts)
        ]
    if path.exists():
        return [str(path)]
    if glob.has_magic(item):
        matches = glob.glob(item, recursive=True)
        if matches:
            return [f for m in matches for f in (_expand_path(m) if Path(m).is_dir() else [str(Path(m))])]
        raise BatchInputError(f"{item}: the pattern matches no file")
    raise BatchInputError(f"{item}: no such file or folder")


def _group(paths: list[str]) -> tuple[list[_Task], list[_Outcome]]:
    """One task per distinct content (sha256), in path order; unreadable files as finished outcomes."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(paths) or 1)) as pool:  # hashlib releases the GIL
        digests = list(pool.map(_sha256, paths))
    by_sha: dict[str, list[str]] = defaultdict(list)
    unreadable = []
    for path, (sha, error) in zip(paths, digests, strict=True):
        if sha:
            by_sha[sha].append(path)
        else:
            task = _Task(f"unreadable:{path}", "", path, (path,))
            unreadable.append(_Outcome(task, "not_pdf", f"cannot be read ({error})", 0.0))
    tasks = [_Task(sha, sha, min(ps), tuple(sorted(ps))) for sha, ps in by_sha.items()]
    return sorted(tasks, key=lambda t: t.path), unreadable


def _sha256(path: str) -> tuple[str | None, str | None]:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest(), None
    except OSError as e:
        return None, e.strerror or str(e)


# ---------------------------------------------------------------- the journal


@dataclass(frozen=True)
class _Done:
    sha256: str
    status: str
    message: str
    seconds: float
    offset: int | None  # where the record's JSON starts in the journal
    length: int


class Journal:
    """OUTDIR/.journal.jsonl: one line per finished file, appended and flushed as it finishes.

    A line is a header (JSON: sha256, paths, status, message, seconds), a TAB,
    the record (JSON, empty for a failure), and a newline; JSON never holds a
    raw TAB or newline, so the header reads without decoding the record.  A
    header with status null only adds paths to content already done.  The
    last line wins for each path and each content.  A torn last line (a kill
    mid-write) is cut off when the journal is opened again.  An flock keeps
    two batches from writing the same OUTDIR.
    """

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
        self._read()

    # -- writing

    def append(self, outcome: _Outcome) -> None:
        t = outcome.task
        self._write(t.key, t.sha256, t.paths, outcome.status, outcome.message, outcome.seconds, outcome.body)

    def add_paths(self, task: _Task, paths: list[str]) -> None:
        if paths:
            self._write(task.key, task.sha256, tuple(paths), None, "", 0.0, None)

    def _write(self, key, sha256, paths, status, message, seconds, body) -> None:
        header = json.dumps(
            {
                "sha256": sha256,
                "paths": list(paths),
                "status": status,
                "message": message,
                "seconds": round(seconds, 3),
            },
            ensure_ascii=False,
        ).encode()
        offset = self.size
        self.fh.write(header + b"\t" + (body or b"") + b"\n")
        self.fh.flush()  # in the OS now: survives the process being killed
        self.size += len(header) + len(body or b"") + 2
        self._index(key, sha256, paths, status, message, seconds, offset + len(header) + 1, len(body or b""))
        if time.monotonic() - self.synced > self.fsync_every:
            self.sync()

    def sync(self) -> None:
        """Flush to the disk itself (against a power cut; a killed process loses nothing anyway)."""
        self.fh.flush()
        os.fsync(self.fh.fileno())
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

    def _index(self, key, sha256, paths, status, message, seconds, offset, length) -> None:
        for p in paths:
            self.paths[p] = key
        if status is not None:
            self.done[key] = _Done(sha256, status, message, seconds, offset if length else None, length)

    def _read(self) -> None:
        self.fh.seek(0)
        offset = 0
        for line in self.fh:
            try:
                if not line.endswith(b"\n"):
                    raise ValueError("torn line")
                head, _, body = line.partition(b"\t")
                h = json.loads(head)
            except ValueError:
                break  # a kill mid-write: everything after it is dropped
            key = h["sha256"] or f"unreadable:{h['paths'][0]}"
            length = len(body) - 1
            self._index(
                key,
                h["sha256"],
                h["paths"],
                h["status"],
                h["message"],
                h["seconds"],
                offset + len(head) + 1,
                length,
            )
            offset += len(line)
        self.fh.truncate(offset)
        self.size = offset

    def _seed_from_outputs(self) -> None:
        """A finished run left no journal: rebuild one from status.csv and records.jsonl."""
        rows = read_status(self.outdir)
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
        self.fh.flush()


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
    groups: dict[str, list[str]] = defaultdict(list)
    for path, key in journal.paths.items():
        if key in journal.done:
            groups[key].append(path)
    first = {key: min(ps) for key, ps in groups.items()}

    def reports():
        keys = [k for k in groups if journal.done[k].status in OK_STATUSES and journal.done[k].length]
        for key in sorted(keys, key=first.__getitem__):
            record = journal.read_record(key)
            record.setdefault("source", {})["path"] = first[key]  # whichever run parsed it: the first path
            yield record, journal.done[key].status

    def status_rows():
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
                "duplicate_of": None if is_first else first[key],
            }

    write_dataset(outdir, reports(), status_rows())


# ---------------------------------------------------------------- running the tasks


def _execute(
    tasks: list[_Task],
    *,
    engine: str,
    jobs: int | None,
    timeout: float,
    memory_mb: int | None,
    scheduler=None,
) -> Iterator[_Outcome]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    jobs = max(1, jobs or _cpu_count())
    if not tasks:
        return iter(())
    if engine == "dask":
        return _run_dask(tasks, jobs, timeout, memory_mb, scheduler)
    if not hasattr(os, "fork"):
        return _run_inline(tasks)
    return _run_local(tasks, jobs, timeout, memory_mb)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _run_local(tasks: list[_Task], jobs: int, timeout: float, memory_mb: int | None) -> Iterator[_Outcome]:
    """A pool of ``jobs`` forked workers; a worker that hangs or dies is replaced, its file gets the status."""
    _preload()
    pending = iter(tasks)
    busy: dict[_Worker, tuple[_Task, float]] = {}
    idle: list[_Worker] = []
    try:
        while True:
            while len(busy) < jobs and (task := next(pending, None)) is not None:
                busy[_Worker.start(task.path, memory_mb, idle)] = (task, time.monotonic())
            if not busy:
                return
            oldest = min(t0 for _, t0 in busy.values())
            wait([w.conn for w in busy], timeout=max(0.0, oldest + timeout - time.monotonic()))
            for w, (task, t0) in list(busy.items()):
                outcome = w.collect(task, t0, timeout)
                if outcome is None:
                    continue
                del busy[w]
                if w.alive and w.tasks < MAX_TASKS_PER_WORKER:
                    idle.append(w)
                else:
                    w.kill()
                yield outcome
    finally:
        for w in [*busy, *idle]:
            w.kill()


def _run_inline(tasks: list[_Task]) -> Iterator[_Outcome]:
    """No fork (Windows): parse in this process, without timeout or isolation."""
    for task in tasks:
        status, message, seconds, body, _ = _parse_file(task.path)
        yield _Outcome(task, status, message, seconds, body)


def _run_dask(
    tasks: list[_Task], jobs: int, timeout: float, memory_mb: int | None, scheduler
) -> Iterator[_Outcome]:
    """The same per-file work as Dask tasks; each task forks its own isolated child on the Dask worker.

    ``scheduler``: None (a LocalCluster of ``jobs`` processes), an address
    (``tcp://host:8786``), a ``distributed.Client`` or a cluster object.
    At most two tasks per Dask thread are submitted ahead, so memory stays flat.
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
        window = 2 * max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        futures: dict = {}
        ready = as_completed()

        def submit() -> None:
            task = next(pending, None)
            if task is not None:
                future = client.submit(_isolated, task.path, timeout, memory_mb, pure=False)
                futures[future] = task
                ready.add(future)

        for _ in range(window):
            submit()
        try:
            for future in ready:
                task = futures.pop(future)
                try:
                    status, message, seconds, body = future.result()
                except Exception as e:  # noqa: BLE001  the Dask worker itself died or the task could not run
                    status, message, seconds, body = "crashed", f"Dask: {type(e).__name__}: {e}", 0.0, None
                future.release()
                yield _Outcome(task, status, message, seconds, body)
                submit()
        finally:
            if futures:
                client.cancel(list(futures))


def _isolated(path: str, timeout: float, memory_mb: int | None) -> tuple:
    """Parse one file in a forked child with a timeout (runs on a Dask worker)."""
    _preload()
    t0 = time.monotonic()
    task = _Task("", "", path, (path,))
    worker = _Worker.start(path, memory_mb, [])
    try:
        while (outcome := worker.collect(task, t0, timeout)) is None:
            worker.conn.poll(max(0.0, t0 + timeout - time.monotonic()))
        return outcome.status, outcome.message, outcome.seconds, outcome.body
    finally:
        worker.kill()


# ---------------------------------------------------------------- the worker


class _Worker:
    """A forked child that parses the paths it is sent, one at a time, and sends back the outcome."""

    live: ClassVar[dict[int, int]] = {}  # pid -> parent-end descriptor of every live worker
    lock: ClassVar[threading.Lock] = (
        threading.Lock()
    )  # Dask forks from several threads: one pipe+fork at a time

    def __init__(self, memory_mb: int | None):
        with _Worker.lock:
            parent_end, child_end = Pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns into the caller's code
                code = 0
                try:
                    for fd in [parent_end.fileno(), *_Worker.live.values()]:
                        os.close(fd)  # other workers' pipes: their deaths must read as EOF in the parent
                    _serve(child_end, memory_mb)
                except BaseException:  # noqa: BLE001
                    code = 1
                finally:
                    os._exit(code)
            child_end.close()
            _Worker.live[pid] = parent_end.fileno()
        self.pid, self.conn, self.tasks, self.alive = pid, parent_end, 0, True

    @classmethod
    def start(cls, path: str, memory_mb: int | None, idle: list[_Worker]) -> _Worker:
        """Send ``path`` to an idle worker, or to a new one if none is idle (or the idle one died)."""
        while idle:
            w = idle.pop()
            try:
                w.conn.send(path)
                return w
            except OSError:
                w.kill()
        w = cls(memory_mb)
        w.conn.send(path)
        return w

    def collect(self, task: _Task, t0: float, timeout: float) -> _Outcome | None:
        """The outcome if the worker answered, died or overran ``timeout``; None while it works."""
        elapsed = time.monotonic() - t0
        if self.conn.poll():
            try:
                status, message, seconds, body, retire = self.conn.recv()
            except Exception:  # noqa: BLE001  EOF or a half-sent message: the child died
                return _Outcome(task, "crashed", _death(self.reap()), elapsed)
            self.tasks += 1
            if retire:
                self.kill()
            return _Outcome(task, status, message, seconds, body)
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


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        why = " (killed from outside: out of memory?)" if name == "SIGKILL" else ""
        return f"the worker died with {name}{why} while parsing this file"
    return f"the worker exited (code {code}) while parsing this file"


def _serve(conn, memory_mb: int | None) -> None:
    """The child's loop: receive a path, parse it, send the outcome; stop on None or when the parent is gone."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread: cannot happen after fork, but never fail a file for it
        pass
    _die_with_parent()
    _limit_memory(memory_mb)
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        outcome = _parse_file(path, memory_mb)
        conn.send(outcome)
        if outcome[4]:
            return


def _parse_file(path: str, memory_mb: int | None = None) -> tuple[str, str, float, bytes | None, bool]:
    """(status, message, seconds, record JSON, retire the worker) for one file; never raises."""
    t0 = time.perf_counter()
    try:
        from reportparse import pipeline

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the record carries the parser's warnings
            record = pipeline.parse(path).to_dict()
        body = json.dumps(record, ensure_ascii=False, default=str).encode()
    except ReportParseError as e:
        return e.code, _error_message(e), time.perf_counter() - t0, None, False
    except MemoryError:
        limit = f"its {memory_mb} MiB limit" if memory_mb else "the memory available"
        return (
            "crashed",
            f"ran out of memory: parsing this file needed more than {limit} (--memory)",
            time.perf_counter() - t0,
            None,
            True,
        )
    except Exception as e:  # noqa: BLE001  a bug in the parser: this file's row says so, the batch goes on
        return "crashed", f"{type(e).__name__}: {e}", time.perf_counter() - t0, None, False
    failed = any(not c.get("ok", True) for c in record.get("checks") or ())
    status = "ok_with_warnings" if record.get("warnings") or failed else "ok"
    return status, "", time.perf_counter() - t0, body, False


def _error_message(e: ReportParseError) -> str:
    """The error without its path (the status row has the path, and duplicates share the message)."""
    text = getattr(e, "message", None) or str(e)
    if getattr(e, "page", None) is not None:
        text += f" (page {e.page})"
    hint = getattr(e, "hint", "")
    return f"{text}. {hint}" if hint else text


def _preload() -> None:
    """Import the parser before forking, so every worker starts with it loaded."""
    try:
        import pdfplumber  # noqa: F401

        import reportparse.pipeline  # noqa: F401
        from reportparse.normalize import region_of

        region_of("北京市")  # loads the gazetteer and jieba's dictionary once, shared by every forked worker
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
