"""What reportparse builds once per machine and keeps for later processes, in one folder (``cache_dir``).

- ``read_cached`` / ``write_cached``: the tokenizer's prefix dictionary (``identity``) and the IDF table's
  trie (``export.search``), each under a key of what it was built from.
- ``keep_bytecode``: this package's compiled modules, where Python is told not to write them.  Where
  ``PYTHONDONTWRITEBYTECODE`` (or ``-B``) is set and no ``__pycache__`` holds them (an editable install: pip
  compiles an installed wheel's modules, not an editable one's), every process compiles every module of
  the package it imports: 0.13 s of a batch's start (before its workers can be forked) and 0.1 s of a
  cold ``reportparse parse``.  Their code is kept in ``cache_dir()/bytecode`` instead, checked against the
  source's size and modification time as ``__pycache__`` is; nothing is written beside the sources, and
  nothing at all where the cache folder cannot be written.

This module imports only what the interpreter has loaded before it (it runs before the package's others).
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
from importlib.machinery import PathFinder, SourceFileLoader
from importlib.util import MAGIC_NUMBER, cache_from_source
from pathlib import Path

PACKAGE = __name__.rpartition(".")[0]
# no cache folder to be had: it cannot be read or written (OSError), or there is no home folder to find it in
# (Path.home(): RuntimeError, or KeyError where HOME is unset and the user has no passwd entry)
_NO_CACHE = (OSError, RuntimeError, KeyError)


def cache_dir() -> Path:
    """Where reportparse keeps what it builds once per machine: $REPORTPARSE_CACHE_DIR, else the user's
    cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``; ``%LOCALAPPDATA%`` on Windows) + ``reportparse``.
    Created on first use; deleting it only costs the next run the time to build again."""
    if os.environ.get("REPORTPARSE_CACHE_DIR"):
        return Path(os.environ["REPORTPARSE_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reportparse" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportparse"


def read_cached(name: str, key: str) -> bytes | None:
    """What ``write_cached(name, key, ...)`` kept in ``cache_dir()``; None if nothing (or it cannot be read)."""
    try:
        return (cache_dir() / f"{name}-{key}.marshal").read_bytes()
    except _NO_CACHE:
        return None


def write_cached(name: str, key: str, data: bytes) -> None:
    """Keep ``data`` for later processes as ``NAME-KEY.marshal`` in ``cache_dir()``: written whole (a
    temporary file renamed), older builds of ``name`` removed; a cache folder that cannot be written is
    left alone (the next process builds again)."""
    try:
        folder = cache_dir()
        _write_whole(folder, f"{name}-{key}.marshal", data)
        for old in folder.glob(f"{name}-*.marshal"):
            if old.name != f"{name}-{key}.marshal":
                old.unlink(missing_ok=True)
    except _NO_CACHE:  # a read-only home: build again next time
        pass


def _write_whole(folder: Path, name: str, data: bytes) -> None:
    """``folder/name`` holding ``data``, or as it was: written under a name of this process's, then renamed
    (another process writing the same file at once renames a whole file too).  Raises OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the package's compiled modules


def keep_bytecode() -> None:
    """Where Python writes no bytecode, load this package's modules through ``_BytecodeFinder`` (once)."""
    if sys.dont_write_bytecode and not any(isinstance(f, _BytecodeFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _BytecodeFinder())


class _BytecodeFinder:
    """Finds this package's modules as Python's own path finder does; a module compiled nowhere Python looks
    (no ``__pycache__`` file) gets a loader that keeps its code in the cache folder."""

    def find_spec(self, name, path=None, target=None):
        if not name.startswith(PACKAGE + "."):
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or type(spec.loader) is not SourceFileLoader or not spec.origin:
            return spec
        try:
            if os.path.exists(cache_from_source(spec.origin)):
                return spec  # Python reads its own
        except (NotImplementedError, ValueError):
            return spec
        spec.loader = _CachingLoader(spec.loader.name, spec.loader.path)
        return spec


class _CachingLoader(SourceFileLoader):
    """A source file's loader whose compiled code is kept in ``cache_dir()/bytecode``."""

    def get_code(self, fullname):
        source = self.get_filename(fullname)
        try:
            st = os.stat(source)
            folder = cache_dir() / "bytecode"
        except _NO_CACHE:
            return super().get_code(fullname)
        # the interpreter's magic number, then the source's modification time and size, as a pyc is checked
        header = MAGIC_NUMBER + struct.pack("<qq", st.st_mtime_ns, st.st_size)
        name = _cached_name(fullname, source)
        try:
            data = (folder / name).read_bytes()
            if data[: len(header)] == header:
                return marshal.loads(memoryview(data)[len(header) :])
        except (OSError, ValueError, EOFError, TypeError):  # none yet, or unreadable: compiled again
            pass
        code = super().get_code(fullname)  # compiled from the source (Python writes nothing)
        try:
            _write_whole(folder, name, header + marshal.dumps(code))
        except (OSError, ValueError):
            pass
        return code


def _cached_name(fullname: str, source: str) -> str:
    """The cache file of module ``fullname`` from ``source``: one per checkout, interpreter and optimization
    level (a module's next build replaces its last)."""
    import zlib

    where = zlib.crc32(os.path.abspath(source).encode("utf-8", "surrogatepass"))
    opt = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""
    return f"{fullname}.{where:08x}.{sys.implementation.cache_tag}{opt}.pyc"
