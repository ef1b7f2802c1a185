"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, up-sampling, padding, cropping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import expect_rank, flatten_fixes, fmt, kind, prod, set_fix, with_spatial
from nnbuilder.catalog._spec import Config, Dim, Fix, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.catalog._windows import split_spatial, times
from nnbuilder.document.params import Param, describe
from nnbuilder.document.setting_choices import INTERPOLATIONS


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _flatten(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if len(shape) < 1:
        raise LayerProblem("rank", "Flatten needs an input with a batch axis", found=fmt(shape), port=0)
    dims = shape[1:]
    return Inferred((shape[0], prod(dims) if dims else 1))


def _size_fixes(dims: Sequence[int], target: list[int]) -> list[Fix]:
    """Set target_shape to the given one with one axis resized so the sizes match."""
    size = prod(dims)
    for i in reversed(range(len(target))):
        others = prod(d for j, d in enumerate(target) if j != i)
        if others and size % others == 0:
            fixed = [*target[:i], size // others, *target[i + 1 :]]
            return [set_fix("target_shape", fixed, f"Set target_shape to {fixed}")]
    return []


def _reshape(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    target = list(cfg["target_shape"])
    if any(d is not None and (not _is_int(d) or d < -1) for d in target) or target.count(-1) > 1:
        raise LayerProblem(
            "param",
            f"Reshape: target_shape {describe(target)} may hold sizes >= 0 and at most one -1 (a free size)",
            expected="sizes >= 0 with at most one -1",
            found=describe(target),
            param="target_shape",
        )
    dims = shape[1:]
    if None in dims or None in target:
        return Inferred((shape[0], *(None if d == -1 else d for d in target)))
    sizes = [d for d in dims if d is not None]  # no size is unknown past the check above
    size = prod(sizes)
    known = prod(d for d in target if d != -1)
    if -1 not in target and known != size:
        message = (
            f"Reshape: the input {fmt(shape)} holds {size} values per sample "
            f"but target_shape {fmt(tuple(target))} holds {known}"
        )
    elif -1 in target and (known == 0 or size % known):
        message = (
            f"Reshape: the input {fmt(shape)} holds {size} values per sample, "
            f"which cannot fill target_shape {fmt(tuple(target))}: {size} is not a multiple of {known}"
        )
    else:
        return Inferred((shape[0], *(size // known if d == -1 else d for d in target)))
    raise LayerProblem(
        "reshape_size",
        message,
        expected=f"a target_shape holding {size} values",
        found=fmt(tuple(target)),
        param="target_shape",
        port=0,
        fixes=[] if -1 in target else _size_fixes(sizes, target),
    )


def _permute(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    dims = cfg["dims"]
    axes = len(shape) - 1
    if not isinstance(dims, (list, tuple)):
        raise LayerProblem(
            "param",
            f"Permute: dims must be a list of axes, such as {list(range(axes, 0, -1))}, not a single number",
            expected="a list of axes",
            found=repr(dims),
            param="dims",
        )
    dims = list(dims)
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise LayerProblem(
            "param",
            f"Permute: dims {dims} must list each axis 1..{max(axes, 1)} exactly once "
            "(axis 0, the batch, stays in place)",
            expected=f"a permutation of {list(range(1, axes + 1))}",
            found=str(dims),
            param="dims",
        )
    if len(dims) != axes:
        raise LayerProblem(
            "rank",
            f"Permute: dims {dims} reorder {len(dims)} axes, but the input {fmt(shape)} has {axes} "
            "axes besides the batch",
            expected=f"an input of rank {len(dims) + 1}",
            found=fmt(shape),
            param="dims",
            port=0,
        )
    return Inferred((shape[0], *(shape[d] for d in dims)))


def _repeat_vector(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    fixes = flatten_fixes(shape) if len(shape) > 2 else []
    expect_rank("RepeatVector", shape, (2,), kind(2), fixes=fixes)
    return Inferred((shape[0], cfg["n"], shape[1]))


def _times(size: Dim, factor: int) -> Dim:
    return None if size is None else size * factor


def _upsampling1d(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    split_spatial("UpSampling1D", shape, 1, "channels_last")
    return Inferred((shape[0], _times(shape[1], cfg["size"]), shape[2]))


def _upsampling2d(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    fmt_ = c.resolve_format(cfg)
    spatial, channels = split_spatial("UpSampling2D", shape, 2, fmt_)
    size = cfg["size"]
    size = (size, size) if _is_int(size) else tuple(size)
    return Inferred(with_spatial(shape, fmt_, tuple(map(_times, spatial, size)), channels))


def _pairs(layer: str, param: str, value: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """((top, bottom), (left, right)) from an int, 2 ints or 2 pairs of ints, all >= 0."""

    def pair(v: Any) -> tuple[int, int] | None:
        if _is_int(v):
            return (v, v)
        if isinstance(v, (list, tuple)) and len(v) == 2 and all(map(_is_int, v)):
            return (v[0], v[1])
        return None

    if _is_int(value):
        pairs = (pair(value), pair(value))
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        pairs = (pair(value[0]), pair(value[1]))
    else:
        pairs = (None, None)
    first, second = pairs
    if first is None or second is None or min(first + second) < 0:
        raise LayerProblem(
            "param",
            f"{layer}: {param} must be an integer >= 0, two of them (height, width) "
            f"or two pairs ((top, bottom), (left, right)); got {describe(value)}",
            expected="an int, [h, w] or [[top, bottom], [left, right]], all >= 0",
            found=describe(value),
            param=param,
        )
    return first, second


def _zero_padding2d(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    pairs = _pairs("ZeroPadding2D", "padding", cfg["padding"])
    fmt_ = c.resolve_format(cfg)
    spatial, channels = split_spatial("ZeroPadding2D", shape, 2, fmt_)
    out = tuple(None if s is None else s + a + b for s, (a, b) in zip(spatial, pairs))
    return Inferred(with_spatial(shape, fmt_, out, channels))


def _cropping2d(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    pairs = _pairs("Cropping2D", "cropping", cfg["cropping"])
    fmt_ = c.resolve_format(cfg)
    spatial, channels = split_spatial("Cropping2D", shape, 2, fmt_)
    for axis, size, (a, b) in zip(("height", "width"), spatial, pairs):
        if size is not None and a + b >= size:
            raise LayerProblem(
                "too_small",
                f"Cropping2D: cropping {a}+{b} from the {axis} leaves nothing of its {times(spatial)} input",
                expected=f"cropping smaller than {times(spatial)} on each axis",
                found=fmt(shape),
                param="cropping",
                port=0,
            )
    out = tuple(None if s is None else s - a - b for s, (a, b) in zip(spatial, pairs))
    return Inferred(with_spatial(shape, fmt_, out, channels))


SPECS = [
    LayerSpec(
        "Flatten",
        "reshaping",
        "Flatten",
        (1, 1),
        (c.data_format(),),
        "Unrolls each sample into a single vector, e.g. before Dense layers.",
        "把每个样本展平成一个向量，常放在全连接层之前。",
        _flatten,
        starter={},
        sample_inputs=((None, 7, 7, 64),),
    ),
    LayerSpec(
        "Reshape",
        "reshaping",
        "Reshape",
        (1, 1),
        (
            Param(
                "target_shape",
                "shape",
                min=-1,
                key=True,
                help="New shape of one sample, without the batch axis; one size may be -1 (inferred).",
            ),
        ),
        "Gives each sample a new shape holding the same number of values.",
        "在元素总数不变的前提下，改变每个样本的形状。",
        _reshape,
        starter={"target_shape": [28, 28, 1]},
        sample_inputs=((None, 784),),
    ),
    LayerSpec(
        "Permute",
        "reshaping",
        "Permute",
        (1, 1),
        (
            Param(
                "dims",
                "axes",
                key=True,
                help="New order of the axes, counted from 1 (the batch axis is not listed), e.g. [2, 1].",
            ),
        ),
        "Reorders the axes of each sample, e.g. swaps steps and features.",
        "重新排列每个样本的各个轴，例如交换时间步和特征。",
        _permute,
        starter={"dims": [2, 1]},
        sample_inputs=((None, 10, 64),),
    ),
    LayerSpec(
        "RepeatVector",
        "reshaping",
        "RepeatVector",
        (1, 1),
        (Param("n", "int", min=1, key=True, help="How many times to repeat the vector."),),
        "Repeats a vector n times, making a sequence of n steps (e.g. to feed a decoder RNN).",
        "把向量重复 n 次，得到长度为 n 的序列（例如作为解码器 RNN 的输入）。",
        _repeat_vector,
        starter={"n": 3},
        sample_inputs=((None, 32),),
    ),
    LayerSpec(
        "UpSampling1D",
        "reshaping",
        "UpSampling1D",
        (1, 1),
        (Param("size", "int", 2, min=1, key=True, help="How many times each step is repeated."),),
        "Stretches a sequence by repeating each step `size` times.",
        "把序列的每个时间步重复 size 次，从而拉长序列。",
        _upsampling1d,
        starter={"size": 2},
        sample_inputs=((None, 50, 32),),
    ),
    LayerSpec(
        "UpSampling2D",
        "reshaping",
        "UpSampling2D",
        (1, 1),
        (
            Param(
                "size",
                "ints",
                (2, 2),
                size=2,
                min=1,
                key=True,
                help="Upsampling factors for height and width.",
            ),
            c.data_format(),
            Param(
                "interpolation",
                "choice",
                "nearest",
                choices=INTERPOLATIONS,
                help="How new pixels are filled: 'nearest' repeats them, 'bilinear' blends neighbours.",
            ),
        ),
        "Enlarges a feature map by repeating or interpolating its rows and columns.",
        "通过重复或插值行与列来放大特征图。",
        _upsampling2d,
        starter={"size": [2, 2]},
        sample_inputs=((None, 14, 14, 64),),
    ),
    LayerSpec(
        "ZeroPadding2D",
        "reshaping",
        "ZeroPadding2D",
        (1, 1),
        (
            Param(
                "padding",
                "any",
                (1, 1),
                key=True,
                help="Zeros added around the image: n, [height, width] or [[top, bottom], [left, right]].",
            ),
            c.data_format(),
        ),
        "Adds rows and columns of zeros around an image or feature map.",
        "在图像或特征图四周补零行和零列。",
        _zero_padding2d,
        starter={"padding": [1, 1]},
        sample_inputs=((None, 28, 28, 1),),
    ),
    LayerSpec(
        "Cropping2D",
        "reshaping",
        "Cropping2D",
        (1, 1),
        (
            Param(
                "cropping",
                "any",
                ((0, 0), (0, 0)),
                key=True,
                help="Rows/columns cut off the edges: n, [height, width] or [[top, bottom], [left, right]].",
            ),
            c.data_format(),
        ),
        "Cuts rows and columns off the edges of an image or feature map.",
        "裁掉图像或特征图边缘的行和列。",
        _cropping2d,
        starter={"cropping": [[2, 2], [2, 2]]},
        sample_inputs=((None, 32, 32, 3),),
    ),
]
