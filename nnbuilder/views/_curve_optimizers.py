"""Real Keras optimizers walking down a function of two weights: the optimizer playground's paths.

The functions are analytic, so their gradients are written out; each step hands that gradient to the Keras
optimizer, which updates a Keras variable of two elements exactly as it updates a layer's weights."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from nnbuilder.document.training_choices import OPTIMIZERS
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.views._curve_grad import Floats, finite, floats, view_error, whole


def _bowl(x: Floats, y: Floats) -> Floats:
    return np.asarray(x**2 + 10.0 * y**2, dtype=np.float64)


def _bowl_gradient(x: float, y: float) -> tuple[float, float]:
    return 2.0 * x, 20.0 * y


def _rosenbrock(x: Floats, y: Floats) -> Floats:
    return np.asarray((1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2, dtype=np.float64)


def _rosenbrock_gradient(x: float, y: float) -> tuple[float, float]:
    return -2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)


class Surface:
    """A function of two weights with its gradient, minimum, usual start, drawing box and default optimizers."""

    def __init__(
        self,
        formula: str,
        value: Callable[[Floats, Floats], Floats],
        gradient: Callable[[float, float], tuple[float, float]],
        minimum: tuple[float, float],
        start: tuple[float, float],
        box: tuple[float, float, float, float],
        optimizers: list[dict[str, Any]],
    ) -> None:
        self.formula, self.value, self.gradient = formula, value, gradient
        self.minimum, self.start, self.box, self.optimizers = minimum, start, box, optimizers


SURFACES: dict[str, Surface] = {
    "bowl": Surface(
        "x² + 10·y²", _bowl, _bowl_gradient, (0.0, 0.0), (-4.0, 1.5), (-5.0, 5.0, -2.5, 2.5),
        [{"name": "sgd", "learning_rate": 0.04}, {"name": "sgd", "learning_rate": 0.01, "momentum": 0.9},
         {"name": "rmsprop", "learning_rate": 0.1}, {"name": "adam", "learning_rate": 0.3}],
    ),
    "rosenbrock": Surface(
        "(1 − x)² + 100·(y − x²)²", _rosenbrock, _rosenbrock_gradient, (1.0, 1.0), (-1.2, 1.0), (-2.0, 2.0, -1.0, 3.0),
        [{"name": "sgd", "learning_rate": 0.001}, {"name": "sgd", "learning_rate": 0.001, "momentum": 0.9},
         {"name": "rmsprop", "learning_rate": 0.01}, {"name": "adam", "learning_rate": 0.05}],
    ),
}  # fmt: skip
# A path that leaves this far from the minimum has diverged; it ends there.
DIVERGED = 1e6


def optimizer_paths(
    function: str = "bowl",
    optimizers: list[dict[str, Any] | str] | None = None,
    start: tuple[float, float] | list[float] | None = None,
    steps: int = 200,
    resolution: int = 81,
) -> dict[str, Any]:
    """The path of each optimizer (settings as in a project's training.optimizer, or a bare name) over
    `steps` steps on the function "bowl" or "rosenbrock" from `start`, with the function's values along it,
    and the function on a `resolution` × `resolution` grid for the contours."""
    if not isinstance(function, str) or function not in SURFACES:
        raise view_error("function", known=", ".join(SURFACES), found=repr(function))
    surface = SURFACES[function]
    point = _start(surface.start if start is None else start)
    count = whole(steps, "steps", 1)
    entries = surface.optimizers if optimizers is None else optimizers
    if not isinstance(entries, list) or not entries:
        raise view_error("optimizers", found=repr(entries))
    settings = [normalize_training({"optimizer": entry})["optimizer"] for entry in entries]
    return {
        "function": function,
        "formula": surface.formula,
        "minimum": list(surface.minimum),
        "start": list(point),
        "grid": _grid(surface, point, whole(resolution, "resolution", 2)),
        "paths": [_path(surface, entry, point, count) for entry in settings],
    }


def _start(value: Any) -> tuple[float, float]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise view_error("start", found=repr(value))
    if not all(finite(v) for v in value):
        raise view_error("start", found=repr(value))
    return float(value[0]), float(value[1])


def _grid(surface: Surface, start: tuple[float, float], resolution: int) -> dict[str, Any]:
    """The function on a grid over its drawing box, widened to hold the start."""
    left, right, bottom, top = surface.box
    margin_x, margin_y = 0.1 * (right - left), 0.1 * (top - bottom)
    left, right = min(left, start[0] - margin_x), max(right, start[0] + margin_x)
    bottom, top = min(bottom, start[1] - margin_y), max(top, start[1] + margin_y)
    xs = np.linspace(left, right, resolution)
    ys = np.linspace(bottom, top, resolution)
    values = surface.value(*np.meshgrid(xs, ys))
    return {"x": floats(xs), "y": floats(ys), "z": [floats(row) for row in values]}


def label(settings: dict[str, Any]) -> str:
    """A short name of the optimizer and the settings that tell it apart, e.g. "SGD lr=0.01 momentum=0.9"."""
    entry = OPTIMIZERS[settings["name"]]
    parts = [entry["title"], f"lr={settings['learning_rate']:g}"]
    for key, param in entry["params"].items():
        if key != "learning_rate" and settings[key] != param.default:
            parts.append(f"{key}={settings[key]}")
    return " ".join(parts)


def _path(surface: Surface, settings: dict[str, Any], start: tuple[float, float], steps: int) -> dict[str, Any]:
    import keras  # type: ignore[import-untyped]

    args = {key: value for key, value in settings.items() if key != "name"}
    optimizer = getattr(keras.optimizers, OPTIMIZERS[settings["name"]]["keras"])(**args)
    weights = keras.Variable(np.array(start, dtype="float32"), name="weights")
    optimizer.build([weights])
    points, diverged = [start], False
    for _ in range(steps):
        gradient = np.array(surface.gradient(*points[-1]), dtype="float32")
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(gradient), weights)])
        x, y = (float(v) for v in keras.ops.convert_to_numpy(weights))
        if not (math.isfinite(x) and math.isfinite(y)) or math.hypot(x, y) > DIVERGED:
            diverged = True
            break
        points.append((x, y))
    xs, ys = (np.array(axis_values, dtype=np.float64) for axis_values in zip(*points))
    return {
        "optimizer": settings,
        "label": label(settings),
        "points": [[x, y] for x, y in points],
        "values": floats(surface.value(xs, ys)),
        "diverged": diverged,
    }
