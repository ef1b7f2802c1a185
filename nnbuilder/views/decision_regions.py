"""Decision regions of a two-feature classifier: the class it predicts at every point of a grid over the data."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.views._curve_grad import Floats, finite, floats, view_error, whole
from nnbuilder.views._curve_models import one_input_output, shape_text


def decision_regions(model: Any, x: Any, resolution: int = 60, padding: float = 0.1) -> dict[str, Any]:
    """The predicted class and how sure the model is of it (the largest class probability) on a
    `resolution` × `resolution` grid over the bounding box of the data `x` (samples, 2), widened on each side by
    `padding` times its width. Rows of `classes` and `confidence` follow `y`, their columns follow `x`.

    One output unit is read as the probability of class 1 (a sigmoid), several as one score per class; scores
    that are not probabilities already (outside [0, 1], or several not summing to 1) are read as logits."""
    input_shape, output_shape = one_input_output(model, "class_output")
    if len(input_shape) != 2 or input_shape[1] != 2:
        raise view_error("two_features", found=shape_text(input_shape))
    if len(output_shape) != 2 or not isinstance(output_shape[1], int):
        raise view_error("class_output", found=shape_text(output_shape))
    data = _data(x)
    size = whole(resolution, "resolution", 2)
    if not (finite(padding) and padding >= 0):
        raise view_error("padding", found=repr(padding))
    low, high = data.min(axis=0), data.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    low, high = low - padding * span, high + padding * span
    xs, ys = np.linspace(low[0], high[0], size), np.linspace(low[1], high[1], size)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.stack([grid_x.reshape(-1), grid_y.reshape(-1)], axis=1).astype("float32")
    scores = np.asarray(model.predict(points, batch_size=4096, verbose=0), dtype=np.float64)
    probabilities, read_as = class_probabilities(scores)
    classes = probabilities.argmax(axis=1).reshape(size, size)
    confidence = probabilities.max(axis=1).reshape(size, size)
    return {
        "x": floats(xs),
        "y": floats(ys),
        "bounds": [float(low[0]), float(high[0]), float(low[1]), float(high[1])],
        "class_count": probabilities.shape[1],
        "read_as": read_as,
        "classes": [[int(c) for c in row] for row in classes],
        "confidence": [floats(row) for row in confidence],
    }


def class_probabilities(scores: Floats) -> tuple[Floats, str]:
    """(samples, classes) probabilities from a classifier's outputs, and whether they were "probabilities"
    already or "logits" (passed through a sigmoid or a softmax)."""
    if scores.shape[1] == 1:
        single = scores[:, 0]
        read_as = "probabilities" if bool(np.all((single >= 0) & (single <= 1))) else "logits"
        if read_as == "logits":
            single = 1.0 / (1.0 + np.exp(-single))
        return np.stack([1.0 - single, single], axis=1), read_as
    in_range = bool(np.all((scores >= 0) & (scores <= 1)))
    if in_range and bool(np.allclose(scores.sum(axis=1), 1.0, atol=1e-3)):
        return scores, "probabilities"
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True), "logits"


def _data(x: Any) -> Floats:
    try:
        data = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise view_error("two_feature_data", found=type(x).__name__) from None
    if data.ndim != 2 or data.shape[1] != 2 or data.shape[0] < 1 or not np.all(np.isfinite(data)):
        found = f"shape {shape_text(data.shape)}" if np.all(np.isfinite(data)) else "values that are not finite"
        raise view_error("two_feature_data", found=found)
    return data
