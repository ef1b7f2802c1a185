"""Forecasting with a sequence model: each prediction fed back as the newest step, as a course generates
sequences step by step."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.views._curve_grad import Floats, floats, view_error, whole
from nnbuilder.views._curve_models import one_input_output, shape_text


def forecast(model: Any, known: Any, steps: int) -> dict[str, Any]:
    """`steps` steps after the `known` ones (an array (time, features); a flat one when there is one feature),
    each predicted from the last `window` steps (the model's input length; all of them when it has none) and
    appended to them. The model's input is (None, window, features); its output is the next step, (None,
    features), or a sequence whose last step is the next one, (None, time, features).

    With one feature, `known` and `forecast` are flat lists of numbers; otherwise lists of steps."""
    input_shape, output_shape = one_input_output(model, "step_output")
    if len(input_shape) != 3 or not isinstance(input_shape[2], int):
        raise view_error("sequence_input", found=shape_text(input_shape))
    window, features = input_shape[1], input_shape[2]
    if len(output_shape) not in (2, 3) or output_shape[-1] != features:
        raise view_error("step_output", features=features, found=shape_text(output_shape))
    history = _known(known, features)
    if window is not None and len(history) < window:
        raise view_error("known_short", window=window, found=len(history))
    count = whole(steps, "steps", 1)
    for _ in range(count):
        recent = history if window is None else history[-window:]
        out = np.asarray(model.predict_on_batch(recent[None].astype("float32")), dtype=np.float64)
        following = out[0] if out.ndim == 2 else out[0, -1]
        history = np.concatenate([history, following.reshape(1, features)])
    known_part, predicted = history[: len(history) - count], history[len(history) - count :]
    return {
        "window": window,
        "features": features,
        "known_steps": list(range(len(known_part))),
        "forecast_steps": list(range(len(known_part), len(history))),
        "known": _said(known_part),
        "forecast": _said(predicted),
    }


def _known(known: Any, features: int) -> Floats:
    try:
        data = np.asarray(known, dtype=np.float64)
    except (TypeError, ValueError):
        raise view_error("known_shape", features=features, found=type(known).__name__) from None
    if data.ndim == 1 and features == 1:
        data = data.reshape(-1, 1)
    if data.ndim != 2 or data.shape[1] != features or len(data) < 1 or not np.all(np.isfinite(data)):
        found = f"shape {shape_text(data.shape)}" if np.all(np.isfinite(data)) else "values that are not finite"
        raise view_error("known_shape", features=features, found=found)
    return data


def _said(steps: Floats) -> list[Any]:
    return floats(steps) if steps.shape[1] == 1 else [floats(step) for step in steps]
