"""Work done off the kernel's main thread, where only the latest request for each thing matters: a preview
redrawn as the user types, a curve asked for as they pick. One daemon thread runs the jobs in turn; it starts
with the first job and ends when none is left."""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable, Hashable


class LatestJobs:
    """Jobs by name, run one at a time in the order queued.

    A job queued under a name that is already waiting replaces the waiting one. With `most`, at most that many
    wait: queuing another drops the oldest. A job that raises has its traceback written to stderr (the kernel's
    log) and the next one runs."""

    def __init__(self, thread_name: str, most: int | None = None) -> None:
        self.thread_name = thread_name
        self.most = most
        self._lock = threading.Lock()
        self._waiting: dict[Hashable, tuple[Hashable, Callable[[], None]]] = {}  # name -> (key, job)
        self._running: tuple[Hashable, Hashable] | None = None  # (name, key) of the job being run
        self._thread: threading.Thread | None = None  # while there are jobs

    def put(self, name: Hashable, key: Hashable, job: Callable[[], None]) -> threading.Thread:
        """Queue `job` under `name`; `key` says what it computes (see `has`). Returns the thread that runs it."""
        with self._lock:
            self._waiting.pop(name, None)
            while self.most is not None and len(self._waiting) >= self.most:
                self._waiting.pop(next(iter(self._waiting)))
            self._waiting[name] = (key, job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name=self.thread_name, daemon=True)
                self._thread.start()
            return self._thread

    def running(self) -> tuple[Hashable, Hashable] | None:
        """The (name, key) of the job being run, or None."""
        with self._lock:
            return self._running

    def has(self, name: Hashable, key: Hashable) -> bool:
        """Whether a job under `name` computing `key` is waiting or running."""
        with self._lock:
            waiting = self._waiting.get(name)
            return (waiting is not None and waiting[0] == key) or self._running == (name, key)

    def drop(self, name: Hashable) -> None:
        """Forget the job waiting under `name`, if any (one already running finishes)."""
        with self._lock:
            self._waiting.pop(name, None)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no job is left, or `timeout` seconds pass; whether none is left."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                return True
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            thread.join(remaining)

    def _work(self) -> None:
        try:
            while True:
                with self._lock:
                    if not self._waiting:
                        self._thread = None  # the next job starts another
                        return
                    name = next(iter(self._waiting))
                    key, job = self._waiting.pop(name)
                    self._running = (name, key)
                try:
                    job()
                except Exception:  # the next job still runs; the traceback is kept in the log
                    traceback.print_exc(file=sys.stderr)
                finally:
                    with self._lock:
                        self._running = None
        finally:  # a job that ended the thread itself (SystemExit): the next `put` starts another
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread = None
