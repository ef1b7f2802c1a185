"""The training event stream: plain dicts that UI panels and headless runners subscribe to.

Every event has a `"kind"`: start, batch, epoch, samples, weights (see docs/weights-and-gradients.md),
end or error. Subscribers
run on the training thread, so they must be quick; one that raises is reported on
stderr once and dropped, never allowed to end the training.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

TrainingEvent = dict[str, Any]
"""One event: `{"kind": "batch", "epoch": 0, "step": 3, "steps": 422, "logs": {...}}` and so on."""


class EventHub:
    """Fan-out of events to subscribers, safe to subscribe from any thread."""

    def __init__(self):
        self._subscribers: list[Callable[[TrainingEvent], Any]] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Callable[[TrainingEvent], Any]) -> Callable[[], None]:
        """Call `callback(event)` for each event; returns a function that unsubscribes."""
        if not callable(callback):
            raise TypeError(f"subscribe: expected a callable, got {type(callback).__name__}")
        with self._lock:
            self._subscribers = [*self._subscribers, callback]

        def unsubscribe():
            with self._lock:
                self._subscribers = [s for s in self._subscribers if s is not callback]

        return unsubscribe

    def emit(self, event: TrainingEvent) -> None:
        for callback in self._subscribers:  # a snapshot: the list is replaced, never mutated
            try:
                callback(event)
            except Exception:
                print(
                    f"nnbuilder: a training event subscriber failed on a {event.get('kind')!r} event and was removed:",
                    file=sys.stderr,
                )
                traceback.print_exc()
                with self._lock:
                    self._subscribers = [s for s in self._subscribers if s is not callback]
