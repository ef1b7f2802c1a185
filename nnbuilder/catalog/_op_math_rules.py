"""Shape rules of the keras.ops functions that compute: element by element, reductions and linear algebra."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog._op_rule_tools import (
    NeedsKeras,
    Operands,
    Rule,
    axis_index,
    axis_indices,
    broadcast,
    not_scalar,
    single,
    value_problem,
)
from nnbuilder.catalog._shapes import fmt
from nnbuilder.catalog._spec import Config, Dim, LayerProblem, Shape
from nnbuilder.locale.problem_words import say


def elementwise(config: Config, operands: Operands) -> tuple[Shape, ...]:
    return (single(operands, "x"),)


def along_axis(op: str) -> Rule:
    """An element-wise op that works along one axis (softmax)."""

    def infer(config: Config, operands: Operands) -> tuple[Shape, ...]:
        shape = single(operands, "x")
        if config.get("axis") is not None:
            axis_index(op, config["axis"], len(shape), shape)
        return (shape,)

    return infer


def binary(op: str) -> Rule:
    def infer(config: Config, operands: Operands) -> tuple[Shape, ...]:
        return (broadcast(op, operands["x1"], operands["x2"]),)

    return infer


def where(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = broadcast("where", operands["condition"], operands["x1"])
    return (broadcast("where", shape, operands["x2"]),)


def reduction(op: str) -> Rule:
    def infer(config: Config, operands: Operands) -> tuple[Shape, ...]:
        shape = single(operands, "x")
        axis, keepdims = config.get("axis"), bool(config.get("keepdims"))
        if axis is None:
            return (tuple(1 for _ in shape) if keepdims else (),)
        axes = axis_indices(op, axis, len(shape), shape)
        if keepdims:
            return (tuple(1 if i in axes else d for i, d in enumerate(shape)),)
        return (tuple(d for i, d in enumerate(shape) if i not in axes),)

    return infer


def matmul(config: Config, operands: Operands) -> tuple[Shape, ...]:
    a, b = operands["x1"], operands["x2"]
    for shape in (a, b):
        not_scalar("matmul", shape)
    left = (1, a[0]) if len(a) == 1 else a
    right = (b[0], 1) if len(b) == 1 else b
    if left[-1] is not None and right[-2] is not None and left[-1] != right[-2]:
        raise LayerProblem(
            "op_matmul",
            say("op_matmul", op="matmul", first=fmt(a), second=fmt(b)),
            expected=f"x2 with {left[-1]} on its second-last axis",
            found=fmt(b),
        )
    out = [*broadcast("matmul", left[:-2], right[:-2]), left[-2], right[-1]]
    if len(a) == 1:
        del out[-2]
    if len(b) == 1:
        del out[-1]
    return (tuple(out),)


def einsum(config: Config, operands: Operands) -> tuple[Shape, ...]:
    subscripts, shapes = config["subscripts"], operands["operands"]
    if not isinstance(subscripts, str):
        raise value_problem("einsum", "subscripts", "op_want_subscripts", subscripts)
    if "." in subscripts or subscripts.count("->") > 1:
        raise NeedsKeras(subscripts)
    inputs, _, output = subscripts.partition("->")
    specs = inputs.split(",")
    if not all(s.isalpha() or s == "" for s in [*specs, output]):
        raise NeedsKeras(subscripts)

    def bad(problem: Any) -> LayerProblem:
        found = ", ".join(fmt(s) for s in shapes)
        problem_words = say("op_einsum", op="einsum", subscripts=subscripts, shapes=found, problem=problem)
        return LayerProblem("op_einsum", problem_words, found=found, param="subscripts")

    if len(specs) != len(shapes):
        raise bad(say("op_einsum_count", named=len(specs)))
    sizes: dict[str, Dim] = {}
    for port, (letters, shape) in enumerate(zip(specs, shapes)):
        if len(letters) != len(shape):
            raise bad(say("op_einsum_rank", port=port, rank=len(shape), letters=letters))
        for letter, size in zip(letters, shape):
            if letter not in sizes or sizes[letter] == 1:
                sizes[letter] = size
            elif size not in (1, None, sizes[letter]) and sizes[letter] is not None:
                raise bad(say("op_einsum_size", letter=letter, a=sizes[letter], b=size))
            elif sizes[letter] is None and size != 1:
                sizes[letter] = size
    if "->" not in subscripts:
        output = "".join(sorted(k for k in sizes if inputs.count(k) == 1))
    for letter in output:
        if letter not in sizes:
            raise bad(say("op_einsum_letter", letter=letter))
    return (tuple(sizes[letter] for letter in output),)
