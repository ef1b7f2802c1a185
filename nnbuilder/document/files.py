"""Writing files so that a crash mid-write never leaves a half-written one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: an exclusively created lock file instead
    fcntl = None  # type: ignore[assignment]

PathArg = str | os.PathLike[str]  # a file's path, as a string or a Path


def write_atomic(path: PathArg, text: str) -> Path:
    """Write `text` (UTF-8, its newlines as they are) to a temporary file beside `path`, then rename it into place."""
    return write_atomic_with(path, lambda fh: fh.write(text.encode("utf-8")))


def write_atomic_with(path: PathArg, write: Callable[[BinaryIO], object]) -> Path:
    """Let `write` fill a temporary binary file beside `path`, then rename it into place; on any failure the
    temporary file is removed and the file at `path` stays as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def revision(path: PathArg) -> str | None:
    """A content hash of the file at `path` (None when there is no file): what a writer last saw."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    return revision_of(data)


def revision_of(data: bytes | str) -> str:
    """The content hash `revision` gives for a file holding `data`."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def write_if_unchanged(path: PathArg, text: str, expected: str | None) -> str | None:
    """Write `text` atomically unless the file's revision is no longer `expected` (None: no file).

    Returns the new revision, or None when the file changed underneath and was left alone.
    A lock file beside `path` keeps two writers from both passing the check at once.
    """
    path = Path(path)
    with locked(path):
        if revision(path) != expected:
            return None
        write_atomic(path, text)
    return revision_of(text)


def stamp() -> str:
    """The local time for file names that must not collide or sort wrongly: 20261206-142501-123."""
    now = time.time()
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + f"-{int(now * 1000) % 1000:03d}"


def unused_name(path: PathArg) -> Path:
    """`path`, or the same name with -2, -3, … before its suffixes when that is taken."""
    path = Path(path)
    stem, suffix = _split_suffix(path.name)
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{stem}-{n}{suffix}")
    return candidate


def _split_suffix(name: str) -> tuple[str, str]:
    for suffix in (".nnb.json", ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


_LOCK_WAIT_S = 5.0
_LOCK_STALE_S = 30.0  # without fcntl: a lock file older than this was left by a writer that died


@contextlib.contextmanager
def locked(path: PathArg) -> Iterator[None]:
    """Hold `.<name>.lock` beside `path` while the block runs: one writer at a time, across processes.

    With fcntl (Linux, macOS) the lock is the kernel's `flock`, which ends with its holder, so a
    writer that died never leaves a lock behind. OSError after waiting 5 seconds for another writer."""
    path = Path(path)
    lock = path.with_name(f".{path.name}.lock")
    if fcntl is None:
        with _locked_by_file(path, lock):
            yield
        return
    fd = _flock(path, lock)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()  # before unlocking: a waiter then finds the file gone and opens a new one
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _flock(path: Path, lock: Path) -> int:
    deadline = time.monotonic() + _LOCK_WAIT_S
    while True:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise OSError(f"{path} is locked by another writer ({lock} is held)") from None
            time.sleep(0.02)
            continue
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder before removed this file as it finished: lock the current one


@contextlib.contextmanager
def _locked_by_file(path: Path, lock: Path) -> Iterator[None]:
    deadline = time.monotonic() + _LOCK_WAIT_S
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > _LOCK_STALE_S:
                    lock.unlink()
                    continue
            if time.monotonic() > deadline:
                raise OSError(f"{path} is locked by another writer ({lock} exists)") from None
            time.sleep(0.02)
    try:
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)
