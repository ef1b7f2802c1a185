"""What the shape rules of keras.ops functions share: reading axes and integer arguments, broadcasting,
and the problems they raise (pure Python, Keras' own rules)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nnbuilder.catalog._shapes import fmt
from nnbuilder.catalog._spec import Config, Dim, LayerProblem, Shape
from nnbuilder.catalog.op_keys import is_int
from nnbuilder.locale.problem_words import say

Operands = dict[str, Any]  # tensor argument -> its Shape, or a list of Shapes for a list argument
Rule = Callable[[Config, Operands], tuple[Shape, ...]]  # the output shapes of a call


class NeedsKeras(Exception):
    """A case the pure-Python rule leaves to Keras (einsum with "...")."""


def single(operands: Operands, name: str) -> Shape:
    """The shape of the one-tensor argument `name`."""
    shape: Shape = operands[name]
    return shape


def value_problem(op: str, arg: str, problem: str, value: Any) -> LayerProblem:
    """A refused argument value; `problem` is the key of what it must be (op_want_...)."""
    words = say("op_value", op=op, arg=arg, problem=say(problem))
    return LayerProblem("op_value", words, found=repr(value), param=arg)


def not_scalar(op: str, shape: Shape) -> None:
    """Raise unless the tensor has at least one axis."""
    if not shape:
        raise LayerProblem("op_scalar", say("op_scalar", op=op, shape=fmt(shape)))


def axis_index(op: str, value: Any, rank: int, shape: Shape) -> int:
    """The axis that the argument `axis` names in a tensor of `rank` axes, counted from 0."""
    if not is_int(value):
        raise value_problem(op, "axis", "op_want_int", value)
    if not -rank <= value < rank:
        raise LayerProblem(
            "op_axis",
            say("op_axis", op=op, axis=value, shape=fmt(shape)),
            expected=f"an axis from {-rank} to {rank - 1}",
            found=str(value),
            param="axis",
        )
    return int(value) % rank


def axis_indices(op: str, value: Any, rank: int, shape: Shape) -> list[int]:
    """The axes one axis or a list of them names, each once."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    found = [axis_index(op, a, rank, shape) for a in items]
    for i, a in enumerate(found):
        if a in found[:i]:
            raise LayerProblem("op_axis_twice", say("op_axis_twice", op=op, axis=items[i]), param="axis")
    return found


def ints(op: str, arg: str, value: Any) -> list[int]:
    """A whole number or a non-empty list of them, as a list."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not items or not all(is_int(v) for v in items):
        raise value_problem(op, arg, "op_want_ints", value)
    return items


def broadcast(op: str, first: Shape, second: Shape) -> Shape:
    """Keras' broadcasting of two shapes (operation_utils.broadcast_shapes), None standing for unknown."""
    a = [1] * (len(second) - len(first)) + list(first)
    b = [1] * (len(first) - len(second)) + list(second)
    out: list[Dim] = []
    for x, y in zip(a, b):
        if x == 1:
            out.append(y)
        elif x is None:
            out.append(None if y == 1 else y)
        elif y == 1 or y is None or y == x:
            out.append(x)
        else:
            raise LayerProblem(
                "op_broadcast",
                say("op_broadcast", op=op, first=fmt(first), second=fmt(second), a=x, b=y),
                expected="sizes that are equal or 1",
                found=f"{fmt(first)} and {fmt(second)}",
            )
    return tuple(out)


def same_except(op: str, arg: str, shapes: Sequence[Shape], skip: int | None) -> None:
    """Raise unless the tensors of a list argument have one shape, but for axis `skip`."""
    first = shapes[0]
    for port, shape in enumerate(shapes[1:], start=1):
        fits = len(shape) == len(first) and all(
            i == skip or a is None or b is None or a == b for i, (a, b) in enumerate(zip(shape, first))
        )
        if not fits:
            outside = say("op_join_axis", axis=skip) if skip is not None else ""
            raise LayerProblem(
                "op_join",
                say("op_join", op=op, arg=arg, port=port, found=fmt(shape), first=fmt(first), outside=outside),
                expected=fmt(first),
                found=fmt(shape),
            )
