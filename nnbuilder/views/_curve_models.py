"""Reading a Keras model's one input and one output for the views that run a model on a grid or a sequence."""

from __future__ import annotations

from typing import Any

from nnbuilder.views._curve_grad import view_error


def one_input_output(model: Any, what: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The shapes (batch axis included) of the model's only input and only output; an error for any other
    model. `what` names the error said when the output is not one tensor ("class_output", "step_output")."""
    inputs = list(getattr(model, "inputs", None) or [])
    if len(inputs) != 1:
        raise view_error("one_input", count=len(inputs))
    outputs = list(getattr(model, "outputs", None) or [])
    if len(outputs) != 1:
        raise view_error(what, features="?", found=f"{len(outputs)} outputs")
    return tuple(inputs[0].shape), tuple(outputs[0].shape)


def shape_text(shape: tuple[Any, ...]) -> str:
    """A shape as people read it: (None, 28, 28, 1)."""
    return "(" + ", ".join(str(size) for size in shape) + ("," if len(shape) == 1 else "") + ")"
