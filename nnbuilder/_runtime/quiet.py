"""Silencing the chatter that TensorFlow's C++ side prints straight to the terminal."""

from __future__ import annotations

import contextlib
import os
import sys

from nnbuilder._runtime.interrupts import current


class _Swallowed:
    """A hook for exceptions Python can only ignore (e.g. raised in a garbage-collection callback).

    A Ctrl+C that lands there would be lost, its "Exception ignored" line hidden: it is noted here and
    raised again when the silencing ends. Anything else goes to the previous hook."""

    def __init__(self, previous):
        self.previous = previous
        self.interrupted = False

    def __call__(self, unraisable):
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            self.interrupted = True
            guard = current()
            if guard is not None:
                guard.requested = True
        else:
            self.previous(unraisable)


@contextlib.contextmanager
def silenced_output():
    """Send file descriptors 1 and 2 to /dev/null for the duration (Python's own exceptions still rise)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    hook = sys.unraisablehook = _Swallowed(sys.unraisablehook)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        guard = current()  # a Ctrl+C now must not leave the terminal silenced
        with guard.deferred() if guard is not None else contextlib.nullcontext():
            sys.unraisablehook = hook.previous
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
    if hook.interrupted:
        raise KeyboardInterrupt
