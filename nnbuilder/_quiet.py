"""Silencing the chatter that TensorFlow's C++ side prints straight to the terminal."""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def silenced_output():
    """Send file descriptors 1 and 2 to /dev/null for the duration (Python's own exceptions still rise)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)
