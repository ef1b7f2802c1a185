"""Run a server in its own process group and take all of it down on SIGINT, SIGTERM or SIGHUP.

Voila's kernels run in sessions of their own, so killing Voila's process group does not
reach them: every descendant seen while the server runs is remembered, and whatever of
them is still alive once Voila has exited (or been killed) is killed too.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
POLL_S = 0.5
GRACE_S = 15.0  # Voila shuts its kernels down in parallel, 5 s each at most before it kills them
PR_SET_PDEATHSIG = 1


def _start_time(pid: int) -> str | None:
    """The start time of `pid` (field 22 of /proc/PID/stat), to tell a process from a reused pid."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def descendants(pid: int) -> dict[int, str]:
    """Live descendants of `pid`, each with its start time (Linux /proc; empty elsewhere)."""
    children: dict[int, list[int]] = {}
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            start = _start_time(child)
            if start is not None:
                found[child] = start
                todo.append(child)
    return found


def _die_with_parent_hook():
    """A pre-exec function: the child gets SIGTERM if this process dies, even by SIGKILL (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def hook():
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the call
            os._exit(1)

    return hook


class Supervisor:
    """One server process group: start it, wait for it or for a stop signal, end all of it."""

    def __init__(self, command: list[str], env: dict, grace: float = GRACE_S):
        self.command, self.env, self.grace = command, env, grace
        self.proc: subprocess.Popen | None = None
        self.family: dict[int, str] = {}
        self.received: list[int] = []

    def _note(self, signum, frame) -> None:
        self.received.append(signum)

    def run(self, on_start=None) -> int:
        """Run until the server exits or a stop signal arrives; 0 after a stop by signal."""
        previous = {sig: signal.signal(sig, self._note) for sig in STOP_SIGNALS}
        try:
            self.proc = subprocess.Popen(
                self.command, env=self.env, start_new_session=True, preexec_fn=_die_with_parent_hook()
            )
            if on_start is not None:
                on_start(self.proc)
            while not self.received:
                try:
                    code = self.proc.wait(timeout=POLL_S)
                except subprocess.TimeoutExpired:
                    self.family.update(descendants(self.proc.pid))
                    continue
                self.stop()
                return code
            self.stop()
            return 0
        finally:
            if self.proc is not None and self.proc.poll() is None:
                self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def stop(self) -> None:
        """SIGTERM the group (Voila shuts its kernels down), SIGKILL it if it lingers, then kill leftovers."""
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            self.family.update(descendants(proc.pid))
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=self.grace)
            except subprocess.TimeoutExpired:
                self.family.update(descendants(proc.pid))
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything left in the group
        for pid, start in self.family.items():
            if _start_time(pid) == start:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
