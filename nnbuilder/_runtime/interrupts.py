"""Ctrl+C during a command-line run: never lost, and never in the middle of writing the outputs.

Python raises KeyboardInterrupt wherever the main thread happens to be when the signal is handled. If
that is inside a garbage-collection callback or a C extension, the exception may be swallowed
("Exception ignored in ..."). The handler here also records the interrupt, so the run acts on it at its
next safe point, and it can be deferred while files are being written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

_active: list[Interrupts] = []


class Interrupts:
    """The Ctrl+C state of one run: `requested` once the user pressed it."""

    def __init__(self):
        self.requested = False
        self.acknowledged = False  # the run has caught the interrupt and is winding down
        self.stopping_softly = False  # while the backend trains: Ctrl+C asks the loop to stop at a batch's end
        self._deferred = 0

    def _handle(self, signum, frame):
        first = not self.requested
        self.requested = True
        # A second Ctrl+C is only recorded (the run is already stopping), and so is one while training: an
        # exception unwinding through the backend's native frames can crash the process.
        if first and not self._deferred and not self.stopping_softly:
            raise KeyboardInterrupt

    def check(self) -> None:
        """A safe point: raise KeyboardInterrupt if Ctrl+C was pressed and not yet acted on (even if the
        exception was swallowed where it landed)."""
        if self.requested and not self.acknowledged and not self._deferred:
            raise KeyboardInterrupt

    def acknowledge(self) -> None:
        """The interrupt has been caught: safe points stop raising it."""
        self.acknowledged = True

    @contextlib.contextmanager
    def deferred(self):
        """Ctrl+C inside the block is recorded, not raised: the block (writing files) always completes."""
        self._deferred += 1
        try:
            yield self
        finally:
            self._deferred -= 1


def current() -> Interrupts | None:
    """The innermost active `catching_interrupts`, if any."""
    return _active[-1] if _active else None


@contextlib.contextmanager
def catching_interrupts(*, keep: bool = False):
    """Install the recording SIGINT handler for the block (main thread only; nested blocks share one).

    With `keep`, the handler stays after the block (a command about to exit: a late Ctrl+C is recorded)."""
    outer = current()
    if outer is not None:
        yield outer
        return
    state = Interrupts()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, state._handle) if main else None
    _active.append(state)
    try:
        yield state
    finally:
        _active.remove(state)
        if main and not keep:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


TRACE_VAR = "NNBUILDER_TRACE_PHASES"  # "1": a command-line run says on stderr which phase it has reached


def trace_phase(name: str) -> None:
    """With NNBUILDER_TRACE_PHASES=1, one line `phase: <name>` on stderr (so a Ctrl+C can be aimed at a phase)."""
    if os.environ.get(TRACE_VAR) == "1":
        print(f"phase: {name}", file=sys.stderr, flush=True)
