"""Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog._shapes import fmt, prod
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param, describe


def _axes(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _same(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    return Inferred(tuple(shape))


def _prelu(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    rank = len(shape)
    alpha = list(shape[1:])
    shared = cfg["shared_axes"]
    for axis in _axes(shared) if shared is not None else ():
        if not 1 <= axis < rank:
            raise LayerProblem(
                "param",
                f"PReLU: shared_axes {describe(shared)} does not fit the input {fmt(shape)}; "
                f"axes are counted from 1 (the first after the batch axis) to {rank - 1}",
                expected=f"axes from 1 to {rank - 1}",
                found=describe(shared),
                param="shared_axes",
            )
        alpha[axis - 1] = 1
    if None in alpha:
        free = [i + 1 for i, d in enumerate(alpha) if d is None]
        raise LayerProblem(
            "unknown_size",
            f"PReLU learns one slope per input value, so every axis of {fmt(shape)} must have a known size "
            f"or be shared; axis {free[0]} is free",
            expected=f"a known size or shared_axes including {free}",
            found=fmt(shape),
            port=0,
            fixes=[
                {
                    "action": "set",
                    "param": "shared_axes",
                    "value": free,
                    "label": f"Set shared_axes to {free}",
                }
            ],
        )
    return Inferred(tuple(shape), prod(alpha))  # type: ignore[arg-type]  # Keras needs these sizes known to build


def _softmax(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    rank = len(shape)
    for axis in _axes(cfg["axis"]):
        if not -rank <= axis < rank:
            raise LayerProblem(
                "param",
                f"Softmax: axis {axis} does not exist in its input {fmt(shape)}, which has axes {-rank}..{rank - 1}",
                expected="an axis of the input, usually -1",
                found=str(axis),
                param="axis",
            )
    return Inferred(tuple(shape))


def _float(
    name: str, default: Any, help: str, *, nullable: bool = False, minimum: float | None = None, key: bool = False
) -> Param:
    return Param(name, "float", default, nullable=nullable, min=minimum, key=key, help=help)


SPECS = [
    LayerSpec(
        "Activation",
        "activations",
        "Activation",
        (1, 1),
        (
            Param(
                "activation",
                "activation",
                nullable=True,
                key=True,
                help="The function applied to each value (relu, sigmoid, softmax, ...).",
            ),
        ),
        "Applies an activation function (relu, sigmoid, tanh, softmax...) to its input.",
        "对输入应用激活函数（relu、sigmoid、tanh、softmax 等）。",
        _same,
        starter={"activation": "relu"},
        sample_inputs=((None, 64),),
    ),
    LayerSpec(
        "ReLU",
        "activations",
        "ReLU",
        (1, 1),
        (
            _float(
                "max_value",
                None,
                "Upper limit of the output (6 gives ReLU6); none means no limit.",
                nullable=True,
                minimum=0,
                key=True,
            ),
            _float("negative_slope", 0.0, "Slope below the threshold (0 is the plain ReLU).", minimum=0),
            _float("threshold", 0.0, "Values below it are treated as negative.", minimum=0),
        ),
        "Rectified linear unit: keeps positive values and zeroes negative ones (optionally capped).",
        "线性整流单元：保留正值，把负值置零（可设上限）。",
        _same,
        starter={},
        sample_inputs=((None, 64),),
    ),
    LayerSpec(
        "LeakyReLU",
        "activations",
        "Leaky ReLU",
        (1, 1),
        (_float("negative_slope", 0.3, "Slope applied to negative values.", minimum=0, key=True),),
        "ReLU that lets a small fraction of negative values through instead of zeroing them.",
        "让一小部分负值通过而不是直接置零的 ReLU。",
        _same,
        starter={},
        sample_inputs=((None, 64),),
    ),
    LayerSpec(
        "PReLU",
        "activations",
        "PReLU",
        (1, 1),
        (
            Param(
                "alpha_initializer",
                "initializer",
                "Zeros",
                advanced=True,
                help="Starting value of the learned negative slopes.",
            ),
            Param(
                "alpha_regularizer",
                "regularizer",
                None,
                nullable=True,
                advanced=True,
                help="Penalty on the learned slopes.",
            ),
            Param(
                "alpha_constraint",
                "constraint",
                None,
                nullable=True,
                advanced=True,
                help="Constraint applied to the learned slopes after each update.",
            ),
            Param(
                "shared_axes",
                "axes",
                None,
                nullable=True,
                key=True,
                help="Axes sharing one slope, e.g. [1, 2] for one slope per image channel.",
            ),
        ),
        "Parametric ReLU: a leaky ReLU whose negative slope is learned for each value or channel.",
        "参数化 ReLU：负半轴斜率可学习的 Leaky ReLU（按元素或按通道）。",
        _prelu,
        starter={},
        sample_inputs=((None, 64),),
    ),
    LayerSpec(
        "ELU",
        "activations",
        "ELU",
        (1, 1),
        (_float("alpha", 1.0, "Scale of the negative part: outputs approach -alpha.", key=True),),
        "Exponential linear unit: like ReLU, but smooth and negative for negative inputs.",
        "指数线性单元：与 ReLU 类似，但对负输入平滑地取负值。",
        _same,
        starter={},
        sample_inputs=((None, 64),),
    ),
    LayerSpec(
        "Softmax",
        "activations",
        "Softmax",
        (1, 1),
        (Param("axis", "axes", -1, key=True, help="Axis along which the outputs sum to 1; -1 is the last."),),
        "Turns scores into probabilities that sum to 1 along an axis.",
        "把分数转换为沿某一轴和为 1 的概率。",
        _softmax,
        starter={},
        sample_inputs=((None, 10),),
    ),
]
