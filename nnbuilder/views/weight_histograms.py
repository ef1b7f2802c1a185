"""One weights record: for every layer with weights, a histogram of each weight tensor and of its gradient,
and the L2 norms of the layer's trainable weights and of their gradients (see docs/weights-and-gradients.md).

The record is a plain JSON-able dict, so it goes out as a training event unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnbuilder.views._gradients import Gradients

Histogram = dict[str, Any]
"""`{"edges": [bins + 1 floats], "counts": [bins ints], "size": n, "nonfinite": k}`."""


def histogram(values: Any, bins: int) -> Histogram:
    """Counts of the finite values of `values` in `bins` equal bins from their minimum to their maximum
    (a single value v gets the range v - 0.5 .. v + 0.5); NaN and infinities are counted apart."""
    flat = np.asarray(values).reshape(-1)
    finite = np.isfinite(flat)
    kept = flat if finite.all() else flat[finite]
    if kept.size:
        low, high = float(kept.min()), float(kept.max())
    else:
        low = high = 0.0
    if low == high:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(kept, bins=bins, range=(low, high))
    return {
        "edges": [float(e) for e in edges],
        "counts": [int(c) for c in counts],
        "size": int(flat.size),
        "nonfinite": int(flat.size - kept.size),
    }


def l2_norm(arrays: Iterable[Any]) -> float | None:
    """The L2 norm of all the values of `arrays` together; None when there are none or it is not finite."""
    total, seen = 0.0, False
    for array in arrays:
        values = np.asarray(array, dtype=np.float64).reshape(-1)
        total += float(np.dot(values, values))
        seen = True
    norm = math.sqrt(total) if seen else math.nan
    return norm if math.isfinite(norm) else None


def weighted_layers(model: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(node id, layer) of every layer of `model` that has weights, in model order. A nested model's layers
    are named `model/layer` (the part before the slash is the node or model it sits in)."""
    found: list[tuple[str, Any]] = []
    for layer in model.layers:
        inner = getattr(layer, "layers", None)
        if inner and hasattr(layer, "inputs") and hasattr(layer, "outputs"):  # a nested functional model
            found.extend(weighted_layers(layer, f"{prefix}{layer.name}/"))
        elif layer.weights:
            found.append((f"{prefix}{layer.name}", layer))
    return found


def weight_names(layer: Any) -> list[tuple[str, Any]]:
    """(name, variable) of a layer's floating-point weights, named by their path inside the layer
    ("kernel", "forward_lstm/lstm_cell/kernel"), each name once."""
    named: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for variable in layer.weights:
        if not _is_floating(variable.dtype):
            continue
        path = str(getattr(variable, "path", "") or variable.name)
        own = f"{layer.name}/"
        name = path[len(own) :] if path.startswith(own) else str(variable.name)
        unique, n = name, 2
        while unique in seen:
            unique, n = f"{name}_{n}", n + 1
        seen.add(unique)
        named.append((unique, variable))
    return named


def weight_record(
    model: Any,
    *,
    epoch: int,
    batch: int,
    step: int | None,
    at: str,
    bins: int,
    gradients: Gradients | None,
) -> dict[str, Any]:
    """The record of `model`'s weights now; `gradients` in `model.trainable_variables` order, or None."""
    by_variable: dict[int, NDArray[np.float32] | None] = {}
    if gradients is not None:
        by_variable = {id(v): g for v, g in zip(model.trainable_variables, gradients)}
    layers: dict[str, Any] = {}
    for node, layer in weighted_layers(model):
        weights: dict[str, Histogram] = {}
        grads: dict[str, Histogram] = {}
        trained: list[NDArray[Any]] = []
        found: list[NDArray[np.float32]] = []
        for name, variable in weight_names(layer):
            values = np.asarray(variable.numpy())
            weights[name] = histogram(values, bins)
            if not variable.trainable:
                continue
            trained.append(values)
            gradient = by_variable.get(id(variable))
            if gradient is not None:
                grads[name] = histogram(gradient, bins)
                found.append(gradient)
        layers[node] = {
            "weights": weights,
            "gradients": grads if gradients is not None else None,
            "weight_norm": l2_norm(trained),
            "gradient_norm": l2_norm(found) if gradients is not None else None,
        }
    return {"kind": "weights", "epoch": epoch, "batch": batch, "step": step, "at": at, "bins": bins, "layers": layers}


def _is_floating(dtype: Any) -> bool:
    return str(dtype).startswith(("float", "bfloat"))
