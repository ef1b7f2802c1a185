"""The activation curves the editor's inspector draws under an activation setting: asked for by the browser,
computed by `nnbuilder.views.course_curves.activation_curve` in a worker thread (the first one imports Keras,
which takes seconds), and handed back through a callback, a bounded number of them kept."""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable
from typing import Any

from nnbuilder._runtime.latest_jobs import LatestJobs
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
        self._lock = threading.Lock()
        # A browser asking for many at once: the latest ones win.
        self._jobs = LatestJobs("nnbuilder-activation-curves", most=kept)

    def ask(self, name: object, load: bool = False) -> threading.Thread | None:
        """Queue `name` unless it is kept or queued already; returns the worker that will compute it, if
        this call queued it.

        While Keras is not imported yet, a curve is computed only with `load` (the user asked for it): a served
        page that is only edited must not load a backend. Otherwise the name is published as `LATER`."""
        if not isinstance(name, str):
            return None
        with self._lock:
            kept = self._curves.get(name)
            if (kept is not None and kept != LATER) or self._jobs.has(name, name):
                return None
            later = None
            if not load and not keras_loaded():
                self._keep(name, LATER)
                later = dict(self._curves)
        if later is not None:
            self._publish(later)
            return None
        return self._jobs.put(name, name, lambda: self._compute(name))

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the curves asked for so far are computed (or `timeout` seconds pass)."""
        self._jobs.wait(timeout)

    def _keep(self, name: str, entry: dict[str, Any]) -> None:
        """Keep `entry` as the latest, dropping the oldest beyond `kept` (the lock is held)."""
        self._curves.pop(name, None)
        self._curves[name] = entry
        while len(self._curves) > self._kept:
            self._curves.pop(next(iter(self._curves)))

    def _compute(self, name: str) -> None:
        entry = computed(name)
        with self._lock:
            self._keep(name, entry)
            kept = dict(self._curves)
        self._publish(kept)


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
