"""Merging layers: Add, Subtract, Multiply, Average, Maximum, Concatenate, Dot."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog._shapes import broadcast_dims, flatten_fixes, fmt, insert_fix
from nnbuilder.catalog._spec import Config, Dim, Fix, InferFn, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param, describe


def _count(layer: str, inputs: list[Shape], low: int, high: int | None) -> None:
    n = len(inputs)
    if n < low or (high is not None and n > high):
        wanted = f"exactly {low}" if low == high else f"at least {low}"
        raise LayerProblem(
            "inputs",
            f"{layer} takes {wanted} inputs, got {n}",
            expected=f"{wanted} inputs",
            found=str(n),
        )


def _merge_problem(
    layer: str, inputs: list[Shape], port: int, why: str, fixes: list[Fix] | None = None
) -> LayerProblem:
    first, other = inputs[0], inputs[port]
    return LayerProblem(
        "merge_shape",
        f"{layer} cannot combine input 0 {fmt(first)} with input {port} {fmt(other)}: {why}",
        expected=fmt(first),
        found=fmt(other),
        port=port,
        fixes=fixes,
    )


def _batch(layer: str, inputs: list[Shape]) -> Dim:
    """The common known batch size (or None); differing fixed batch sizes are refused."""
    known: Dim = None
    for port, shape in enumerate(inputs):
        if shape and shape[0] is not None:
            if known is not None and shape[0] != known:
                raise _merge_problem(layer, inputs, port, "their batch sizes differ")
            known = shape[0]
    return known


def _broadcast(a: Shape, b: Shape) -> Shape:
    """Keras' element-wise merge shape of two shapes without the batch axis (raises ValueError)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return a
    lead = a[: len(a) - len(b)]
    return (*lead, *(broadcast_dims(x, y) for x, y in zip(a[len(a) - len(b) :], b)))


def _elementwise(layer: str, low: int = 1, high: int | None = None) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        _count(layer, inputs, low, high)
        batch = _batch(layer, inputs)
        out = tuple(inputs[0][1:])
        for port in range(1, len(inputs)):
            shape = tuple(inputs[port][1:])
            try:
                out = _broadcast(out, shape)
            except ValueError:
                fixes = []
                target = inputs[0][-1]
                same_but_last = len(inputs[0]) == len(inputs[port]) and all(
                    x == y or x is None or y is None for x, y in zip(inputs[0][1:-1], inputs[port][1:-1])
                )
                if target is not None and same_but_last:
                    fixes = [
                        insert_fix(
                            "Dense",
                            {"units": target, "activation": None},
                            f"Insert Dense({target}) to match input 0",
                        )
                    ]
                raise _merge_problem(
                    layer,
                    inputs,
                    port,
                    "element-wise merges need equal shapes (a size of 1 is stretched to fit)",
                    fixes,
                ) from None
        return Inferred((batch, *out))

    return infer


def _one_axis(layer: str, axis: Any, param: str = "axis") -> int:
    if isinstance(axis, (list, tuple)):
        raise LayerProblem(
            "param",
            f"{layer} takes one axis (an integer), not {describe(axis)}",
            expected="one axis, e.g. -1",
            found=describe(axis),
            param=param,
        )
    one: int = axis
    return one


def _check_axis(layer: str, axis: int, shape: Shape, port: int = 0, param: str = "axis") -> int:
    rank = len(shape)
    if not -rank <= axis < rank:
        where = f"input {port} " if port else "its input "
        raise LayerProblem(
            "param",
            f"{layer}: axis {axis} does not exist in {where}{fmt(shape)}, which has axes {-rank}..{rank - 1}",
            expected=f"an axis from {-rank} to {rank - 1}",
            found=str(axis),
            param=param,
        )
    return axis % rank


def _concatenate(cfg: Config, inputs: list[Shape]) -> Inferred:
    _count("Concatenate", inputs, 1, None)
    first = inputs[0]
    for port, shape in enumerate(inputs[1:], 1):
        if len(shape) != len(first):
            fixes = flatten_fixes(shape) if len(first) == 2 and len(shape) > 2 else []
            raise _merge_problem("Concatenate", inputs, port, "they have different ranks", fixes)
    axis = _check_axis("Concatenate", _one_axis("Concatenate", cfg["axis"]), first)
    for port, shape in enumerate(inputs[1:], 1):
        for i, (x, y) in enumerate(zip(first, shape)):
            if i != axis and x is not None and y is not None and x != y:
                raise _merge_problem(
                    "Concatenate",
                    inputs,
                    port,
                    f"all axes but the concatenation axis ({cfg['axis']}) must agree, and axis {i} differs "
                    f"({x} vs {y})",
                )
    out = list(first)  # like Keras, the other axes come from input 0
    sizes = [s[axis] for s in inputs]
    known = [s for s in sizes if s is not None]
    out[axis] = None if len(known) < len(sizes) else sum(known)
    return Inferred(tuple(out))


def _dot(cfg: Config, inputs: list[Shape]) -> Inferred:
    _count("Dot", inputs, 2, 2)
    first, second = inputs
    axes = cfg["axes"]
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise LayerProblem(
                "param",
                f"Dot: axes must be one axis or a pair (one axis per input), got {describe(axes)}",
                expected="an axis or a pair [axis of input 0, axis of input 1]",
                found=describe(axes),
                param="axes",
            )
        pair = list(axes)
    else:
        pair = [axes, axes]
    a = _check_axis("Dot", pair[0], first, 0, "axes")
    b = _check_axis("Dot", pair[1], second, 1, "axes")
    if a == 0 or b == 0:
        raise LayerProblem(
            "param",
            "Dot: axis 0 is the batch axis; the dot product must run over a feature axis",
            expected="axes >= 1 (or negative)",
            found=describe(axes),
            param="axes",
        )
    if first[a] != second[b]:
        unknown = " (an unknown size cannot be checked against a known one)" if None in (first[a], second[b]) else ""
        raise _merge_problem(
            "Dot",
            inputs,
            1,
            f"the dot-product axes must have the same size, but axis {a} of input 0 is {first[a]} "
            f"and axis {b} of input 1 is {second[b]}{unknown}",
        )
    out = [d for i, d in enumerate(first) if i != a] + [d for i, d in enumerate(second) if i not in (0, b)]
    if len(out) == 1:
        out.append(1)
    return Inferred(tuple(out))


def _merge_spec(
    name: str, display: str, en: str, zh: str, arity: tuple[int, int | None] = (2, None), low: int = 1
) -> LayerSpec:
    high = arity[1]
    return LayerSpec(
        name,
        "merging",
        display,
        arity,
        (),
        en,
        zh,
        _elementwise(name, low, high),
        starter={},
        sample_inputs=((None, 8), (None, 8)),
    )


SPECS = [
    _merge_spec(
        "Add",
        "Add",
        "Adds its inputs element by element (e.g. a residual connection).",
        "逐元素相加所有输入（例如残差连接）。",
    ),
    _merge_spec(
        "Subtract",
        "Subtract",
        "Subtracts the second input from the first, element by element.",
        "逐元素用第一个输入减去第二个输入。",
        arity=(2, 2),
        low=2,
    ),
    _merge_spec(
        "Multiply",
        "Multiply",
        "Multiplies its inputs element by element (e.g. gating).",
        "逐元素相乘所有输入（例如门控）。",
    ),
    _merge_spec(
        "Average",
        "Average",
        "Averages its inputs element by element (e.g. an ensemble).",
        "逐元素求所有输入的平均值（例如模型集成）。",
    ),
    _merge_spec("Maximum", "Maximum", "Takes the element-wise maximum of its inputs.", "逐元素取所有输入的最大值。"),
    LayerSpec(
        "Concatenate",
        "merging",
        "Concatenate",
        (2, None),
        (
            Param(
                "axis",
                "axes",
                -1,
                key=True,
                help="Axis along which the inputs are joined; -1 is the last (features or channels).",
            ),
        ),
        "Joins its inputs along one axis; all other axes must have the same sizes.",
        "沿某一轴拼接所有输入；其余各轴的大小必须一致。",
        _concatenate,
        starter={},
        sample_inputs=((None, 8), (None, 8)),
    ),
    LayerSpec(
        "Dot",
        "merging",
        "Dot",
        (2, 2),
        (
            Param(
                "axes",
                "axes",
                key=True,
                help="Axis (or pair of axes, one per input) summed over in the dot product.",
            ),
            Param(
                "normalize",
                "bool",
                False,
                help="L2-normalize both inputs first, giving the cosine similarity.",
            ),
        ),
        "Dot product of two inputs along the given axes (cosine similarity when normalized).",
        "沿指定轴计算两个输入的点积（归一化后即余弦相似度）。",
        _dot,
        starter={"axes": 1},
        sample_inputs=((None, 8), (None, 8)),
    ),
]
