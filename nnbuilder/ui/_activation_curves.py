"""The activation curves the editor's inspector draws under an activation setting: asked for by the browser,
computed by `nnbuilder.views.course_curves.activation_curve` in a worker thread (the first one imports Keras,
which takes seconds), and handed back through a callback, a bounded number of them kept."""

from __future__ import annotations

import math
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from nnbuilder.errors import first_line
from nnbuilder.locale.error_words import said_error

CURVES_KEPT = 8  # curves kept for the browser, the latest ones
LATER = {"later": True}  # a curve not computed: Keras is not loaded and nobody asked to load it


def keras_loaded() -> bool:
    return "keras" in sys.modules


class ActivationCurves:
    """Curves by activation name: `ask(name)` queues a name not yet kept; a worker thread computes each in turn
    and calls `publish(curves)` with the kept curves (oldest first, at most `kept`), each the curve's dict or
    `{"error": {"en": ..., "zh": ...}}` when it could not be made."""

    def __init__(self, publish: Callable[[dict[str, Any]], None], kept: int = CURVES_KEPT) -> None:
        self._publish = publish
        self._kept = kept
        self._curves: dict[str, Any] = {}
        self._queue: list[str] = []
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None  # while names are queued

    def ask(self, name: object, load: bool = False) -> threading.Thread | None:
        """Queue `name` unless it is kept or queued already; returns the worker that will compute it.

        While Keras is not imported yet, a curve is computed only with `load` (the user asked for it): a served
        page that is only edited must not load a backend. Otherwise the name is published as `LATER`."""
        if not isinstance(name, str):
            return None
        with self._lock:
            kept = self._curves.get(name)
            if (kept is not None and kept != LATER) or name in self._queue:
                return self._worker
            if not load and not keras_loaded():
                self._keep(name, LATER)
                later = dict(self._curves)
            else:
                later = None
                while len(self._queue) >= self._kept:  # a browser asking for many at once: the latest ones win
                    self._queue.pop(1 if len(self._queue) > 1 else 0)
                self._queue.append(name)
                if self._worker is None:
                    self._worker = threading.Thread(target=self._work, name="nnbuilder-activation-curves", daemon=True)
                    self._worker.start()
            worker = self._worker
        if later is not None:
            self._publish(later)
        return worker

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the curves asked for so far are computed (or `timeout` seconds pass)."""
        thread = self._worker
        if thread is not None:
            thread.join(timeout)

    def _keep(self, name: str, entry: dict[str, Any]) -> None:
        """Keep `entry` as the latest, dropping the oldest beyond `kept` (the lock is held)."""
        self._curves.pop(name, None)
        self._curves[name] = entry
        while len(self._curves) > self._kept:
            self._curves.pop(next(iter(self._curves)))

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._worker = None  # the next name asked for starts another
                    return
                name = self._queue[0]
            entry = computed(name)
            with self._lock:
                if name in self._queue:
                    self._queue.remove(name)
                self._keep(name, entry)
                kept = dict(self._curves)
            try:
                self._publish(kept)
            except Exception:  # the worker goes on with the next name; the traceback is kept in the log
                traceback.print_exc(file=sys.stderr)


def computed(name: str) -> dict[str, Any]:
    """The curve of activation `name` for the browser (a value that is not finite becomes None), or its error in
    English and Chinese."""
    try:
        from nnbuilder.views.course_curves import activation_curve  # deferred: Keras loads on the first curve

        curve = activation_curve(name)
    except Exception as exc:
        line = first_line(exc)
        chinese = (getattr(exc, "said_in", None) or {}).get("zh") or said_error(line, "zh")
        return {"error": {"en": line, "zh": chinese}}
    return {key: _finite(value) for key, value in curve.items()}


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value
