"""The training panel's compact, synced state: run facts, status and per-epoch history.

Pure functions folding training events into a JSON dict, so a view that opens late
(a new output view, a reloaded Voila page) can redraw everything but the
per-batch points, which it asks for separately.
"""

from __future__ import annotations

import copy

from nnbuilder.errors import first_line
from nnbuilder.locale.dataset_words import note_text
from nnbuilder.locale.error_words import said_error
from nnbuilder.training.end_reasons import END_REASONS
from nnbuilder.ui._chart_feed import number


def initial_state(attached: bool = False) -> dict:
    return {
        "attached": attached,
        "status": "idle" if attached else "detached",
        "running": False,
        "recipe": None,
        "device": None,
        "dataset": None,
        "note": None,
        "note_zh": None,
        "metrics": [],
        "epochs": None,
        "progress": None,
        "history": {"epochs": [], "series": {}},
        "earlier": None,  # the history of the trainer shown before this one, drawn dashed under the new curves
        "reason": None,
        "end_values": None,
        "message": None,
        "error": None,
        "error_zh": None,
    }


def history_from(per_name: dict | None) -> dict:
    """`{name: [per-epoch floats]}` (a trainer's history) as the state's history."""
    history = {"epochs": [], "series": {}}
    if not isinstance(per_name, dict):
        return history
    columns = {str(k): list(v) for k, v in per_name.items() if isinstance(v, (list, tuple))}
    length = max((len(v) for v in columns.values()), default=0)
    history["epochs"] = list(range(length))
    history["series"] = {k: [number(x) for x in v] + [None] * (length - len(v)) for k, v in columns.items()}
    return history


def _add_epoch(history: dict, epoch: int, logs: dict) -> None:
    epochs, series = history["epochs"], history["series"]
    if epoch in epochs:
        at = epochs.index(epoch)
    else:
        at = len(epochs)
        epochs.append(epoch)
        for values in series.values():
            values.append(None)
    for name, value in logs.items():
        values = series.setdefault(str(name), [None] * len(epochs))
        values[at] = number(value)


def _truncate(history: dict, first: int) -> None:
    keep = [i for i, e in enumerate(history["epochs"]) if e < first]
    history["epochs"] = [history["epochs"][i] for i in keep]
    history["series"] = {k: [v[i] for i in keep] for k, v in history["series"].items()}


def apply_event(state: dict, event: dict, progress: dict | None = None) -> dict:
    """A new state dict after one event (the old one is left untouched)."""
    kind = event.get("kind")
    if kind in ("batch", "samples", "weights"):
        return state
    state = copy.deepcopy(state)
    if progress is not None:
        state["progress"] = progress
    if kind == "start":
        first = int(event.get("epoch") or 0)
        _truncate(state["history"], first)
        state.update(
            status="running",
            running=True,
            recipe=event.get("recipe"),
            device=event.get("device"),
            dataset=event.get("dataset"),
            note=event.get("note"),
            note_zh=note_text(event["note"], "zh") if event.get("note") else None,
            metrics=[str(m) for m in event.get("metrics") or []],
            epochs=event.get("epochs"),
            reason=None,
            end_values=None,
            message=None,
            error=None,
            error_zh=None,
        )
    elif kind == "epoch":
        _add_epoch(state["history"], int(event.get("epoch", 0)), event.get("logs") or {})
        if event.get("epochs") is not None:
            state["epochs"] = event["epochs"]
    elif kind == "end":
        reason = event.get("reason")
        state.update(
            status=reason if reason in END_REASONS else "finished",
            running=False,
            reason=reason,
            end_values=event.get("values") if isinstance(event.get("values"), dict) else None,
            message=first_line(event.get("message")),
        )
        if isinstance(event.get("history"), dict) and event["history"]:
            state["history"] = history_from(event["history"])
    elif kind == "error":
        error = first_line(event.get("message")) or "training failed"
        state.update(status="error", running=False, error=error, error_zh=said_error(error, "zh"))
    return state


def with_status(state: dict, status: str, **changes) -> dict:
    """The state with a new status (the buttons' own steps: starting, stopping, error)."""
    return {**state, "status": status, **changes}  # a new dict: traitlets sees the change
