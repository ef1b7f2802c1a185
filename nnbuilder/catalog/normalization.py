"""Normalization layers: BatchNormalization, LayerNormalization."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import fmt, prod
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param, describe

_CLIPPING_KEYS = ("rmax", "rmin", "dmax")


def _axis_out_of_range(layer: str, axis: int, shape: Shape) -> LayerProblem:
    rank = len(shape)
    return LayerProblem(
        "param",
        f"{layer}: axis {axis} does not exist in its input {fmt(shape)}, which has axes "
        f"{-rank}..{rank - 1} (counting the batch axis)",
        expected=f"an axis from 1 to {rank - 1} (or -1 for the last)",
        found=str(axis),
        param="axis",
    )


def _normalized_sizes(layer: str, shape: Shape, axes: Iterable[int]) -> tuple[int, ...]:
    """Sizes of the normalized `axes` of `shape`; they must exist, not be the batch axis, and be known."""
    rank = len(shape)
    sizes = []
    for axis in axes:
        if not -rank <= axis < rank:
            raise _axis_out_of_range(layer, axis, shape)
        if axis % rank == 0:
            raise LayerProblem(
                "param",
                f"{layer}: axis {axis} is the batch axis of {fmt(shape)}; normalize a feature axis instead "
                "(usually -1, the channels)",
                expected="a feature axis such as -1",
                found=str(axis),
                param="axis",
            )
        size = shape[axis]
        if size is None:
            raise LayerProblem(
                "unknown_size",
                f"{layer} needs the size of axis {axis} of its input to be known, got {fmt(shape)}",
                expected=f"a known size on axis {axis}",
                found=fmt(shape),
                port=0,
            )
        sizes.append(size)
    return tuple(sizes)


def _check_clipping(clipping: Any) -> None:
    if clipping is None:
        return
    ok = isinstance(clipping, dict) and set(clipping) <= set(_CLIPPING_KEYS)
    ok = ok and all(v is None or isinstance(v, (int, float)) for v in clipping.values())
    if not ok:
        raise LayerProblem(
            "param",
            "BatchNormalization: renorm_clipping must map rmax, rmin and/or dmax to numbers",
            expected="{'rmax': 3.0, 'rmin': 0.33, 'dmax': 5.0}",
            found=describe(clipping),
            param="renorm_clipping",
        )
    rmax, rmin = clipping.get("rmax"), clipping.get("rmin")
    if rmax is not None and rmin is not None and rmax < rmin:
        raise LayerProblem(
            "param",
            f"BatchNormalization: renorm_clipping has rmax={rmax} below rmin={rmin}",
            expected="rmax >= rmin",
            found=f"rmax={rmax}, rmin={rmin}",
            param="renorm_clipping",
        )


def _batch_norm(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    axis = cfg["axis"]
    if isinstance(axis, (list, tuple)):
        raise LayerProblem(
            "param",
            f"BatchNormalization normalizes over one axis (an integer), not {list(axis)}",
            expected="one axis, e.g. -1",
            found=describe(axis),
            param="axis",
        )
    _check_clipping(cfg["renorm_clipping"])
    (channels,) = _normalized_sizes("BatchNormalization", shape, (axis,))
    trainable = channels * (int(cfg["center"]) + int(cfg["scale"]))
    # moving mean and variance; renormalization adds moving stddev, renorm mean and renorm stddev
    frozen = channels * (5 if cfg["renorm"] else 2)
    return Inferred(tuple(shape), trainable, frozen)


def _layer_norm(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    axis = cfg["axis"]
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    rank = len(shape)
    seen = set()
    for a in axes:
        if -rank <= a < rank:
            if a % rank in seen:
                raise LayerProblem(
                    "param",
                    f"LayerNormalization: axis lists the same axis twice ({list(axes)} on {fmt(shape)})",
                    expected="distinct axes",
                    found=describe(axis),
                    param="axis",
                )
            seen.add(a % rank)
    sizes = _normalized_sizes("LayerNormalization", shape, sorted(axes))
    count = prod(sizes) * (int(cfg["center"]) + int(cfg["scale"]))
    return Inferred(tuple(shape), count, 0)


def _gamma_beta() -> list[Param]:
    return [
        Param("center", "bool", True, help="Learn an offset (beta) added after normalizing."),
        Param("scale", "bool", True, help="Learn a factor (gamma) applied after normalizing."),
        *c.weights("beta", "zeros"),
        *c.weights("gamma", "ones"),
    ]


_EPSILON = Param(
    "epsilon",
    "float",
    0.001,
    min=0,
    min_exclusive=True,
    advanced=True,
    help="Small number added to the variance to avoid dividing by zero.",
)

SPECS = [
    LayerSpec(
        "BatchNormalization",
        "normalization",
        "Batch Normalization",
        (1, 1),
        (
            Param("axis", "axes", -1, advanced=True, help="The feature (channel) axis; -1 is the last."),
            Param(
                "momentum",
                "float",
                0.99,
                min=0,
                max=1,
                key=True,
                help="How slowly the moving mean and variance follow each batch.",
            ),
            _EPSILON,
            *_gamma_beta(),
            Param(
                "moving_mean_initializer",
                "initializer",
                "zeros",
                advanced=True,
                help="Starting value of the moving mean.",
            ),
            Param(
                "moving_variance_initializer",
                "initializer",
                "ones",
                advanced=True,
                help="Starting value of the moving variance.",
            ),
            Param(
                "renorm",
                "bool",
                False,
                advanced=True,
                help="Batch renormalization: corrects for small or non-i.i.d. batches.",
            ),
            Param(
                "renorm_clipping",
                "any",
                None,
                nullable=True,
                advanced=True,
                help="Limits of the renormalization corrections: {'rmax': ..., 'rmin': ..., 'dmax': ...}.",
            ),
            Param(
                "renorm_momentum",
                "float",
                0.99,
                min=0,
                max=1,
                advanced=True,
                help="Momentum of the renormalization statistics.",
            ),
            Param(
                "synchronized",
                "bool",
                False,
                advanced=True,
                help="Share batch statistics across devices when training on several GPUs.",
            ),
        ),
        "Normalizes each channel with the batch mean and variance; speeds up and stabilizes training.",
        "用批次的均值和方差归一化每个通道，使训练更快、更稳定。",
        _batch_norm,
        starter={},
        sample_inputs=((None, 32, 32, 16),),
    ),
    LayerSpec(
        "LayerNormalization",
        "normalization",
        "Layer Normalization",
        (1, 1),
        (
            Param(
                "axis",
                "axes",
                -1,
                key=True,
                help="Axis or axes normalized within each sample; -1 is the last.",
            ),
            _EPSILON,
            *_gamma_beta(),
        ),
        "Normalizes each sample over its features; the usual choice in Transformers and RNNs.",
        "在每个样本内部对特征归一化；Transformer 和 RNN 中的常用选择。",
        _layer_norm,
        starter={},
        sample_inputs=((None, 10, 64),),
    ),
]
