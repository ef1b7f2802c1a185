"""Shape arithmetic shared by the layer specs (pure Python, Keras' formulas)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, overload

from nnbuilder.catalog._spec import Config, Dim, Fix, LayerProblem, Shape
from nnbuilder.locale.problem_words import Words, say


def fmt(shape: Sequence[Dim] | None) -> str:
    """Render a shape the way Keras prints it: (None, 28, 28, 1), (5,). Every shape nnbuilder writes for people
    goes through here; the browser's formatShape is held to it (widgets/test/python-fixtures/shape-text.json)."""
    if shape is None:
        return "unknown"
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


@overload
def prod(dims: Iterable[int]) -> int: ...
@overload
def prod(dims: Iterable[Dim]) -> int | None: ...
def prod(dims: Iterable[Dim]) -> int | None:
    """Product of dims, or None if any is unknown."""
    total = 1
    for d in dims:
        if d is None:
            return None
        total *= d
    return total


def as_tuple(value: Any, n: int) -> tuple[Any, ...]:
    """An int or sequence as an n-tuple (Keras' standardize_tuple)."""
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,) * n


def insert_fix(layer: str, config: Config | None = None, label: str | None = None) -> Fix:
    """A suggestion to insert `layer` on the offending input edge."""
    return {
        "action": "insert",
        "layer": layer,
        "config": dict(config or {}),
        "label": label or f"Insert {layer}",
    }


def set_fix(param: str, value: Any, label: str | None = None) -> Fix:
    """A suggestion to set one parameter of the node."""
    return {"action": "set", "param": param, "value": value, "label": label or f"Set {param} to {value!r}"}


def flatten_fixes(shape: Shape) -> list[Fix]:
    """Ways to turn a feature map or sequence into a vector."""
    rank = len(shape)
    fixes = [insert_fix("Flatten")]
    if rank == 3:
        fixes.append(insert_fix("GlobalAveragePooling1D"))
    elif rank == 4:
        fixes.append(insert_fix("GlobalAveragePooling2D"))
    return fixes


def to_sequence_fixes(shape: Shape) -> list[Fix]:
    """Ways to turn a tensor into a (batch, steps, features) sequence."""
    rank = len(shape)
    if rank == 2:
        n = shape[1]
        target = [n, 1] if n is not None else [-1, 1]
        return [insert_fix("Reshape", {"target_shape": target}, f"Insert Reshape to {fmt((None, *target))}")]
    if rank == 4:
        h, w, c = shape[1], shape[2], shape[3]
        steps = h if h is not None else -1
        feats = prod([w, c])
        if feats is not None:
            target = [steps, feats]
            return [insert_fix("Reshape", {"target_shape": target}, f"Insert Reshape to {fmt((None, *target))}")]
    return []


def to_image_fixes(shape: Shape) -> list[Fix]:
    """Ways to turn a vector into an image-like (batch, h, w, c) tensor."""
    if len(shape) == 2 and shape[1] is not None:
        n = shape[1]
        side = math.isqrt(n)
        if side * side == n:
            target = [side, side, 1]
        else:
            target = [n, 1, 1]
        return [insert_fix("Reshape", {"target_shape": target}, f"Insert Reshape to {fmt((None, *target))}")]
    return []


def kind(rank: int, first: bool = False) -> Words:
    """What a tensor of `rank` (batch axis included) holds: "a vector (batch, features)", ...;
    `first` for the channels_first layout of images and volumes."""
    if 2 <= rank <= 5:
        return say(f"kind_{rank}_first" if first and rank >= 4 else f"kind_{rank}")
    return say("kind_rank", rank=rank)


def expect_rank(
    layer: str,
    shape: Shape,
    ranks: Iterable[int],
    what: Words,
    fixes: Iterable[Fix] | None = None,
    port: int = 0,
    severity: str = "error",
) -> None:
    """Raise a located rank problem unless len(shape) is in `ranks`; `what` says what is expected (see `kind`)."""
    if len(shape) in ranks:
        return
    raise LayerProblem(
        "rank",
        say("rank_expects", layer=layer, what=what, kind=kind(len(shape)), shape=fmt(shape)),
        expected=str(what),
        found=fmt(shape),
        port=port,
        fixes=list(fixes or []),
        severity=severity,
    )


def expect_min_rank(layer: str, shape: Shape, min_rank: int, port: int = 0) -> None:
    if len(shape) < min_rank:
        raise LayerProblem(
            "rank",
            say("min_rank", layer=layer, rank=min_rank, shape=fmt(shape)),
            expected=f"rank >= {min_rank}",
            found=fmt(shape),
            port=port,
        )


def known_features(layer: str, shape: Shape) -> int:
    """The number of features (last axis) of the input `shape`, refused when unknown."""
    features = shape[-1]
    if features is None:
        raise LayerProblem(
            "unknown_size",
            f"{layer} needs the number of features (last axis) of its input to be known, got {fmt(shape)}",
            expected="a known number of features",
            found=fmt(shape),
            port=0,
        )
    return features


def positive_dim(layer: str, value: Dim, what: str, param: str | None = None) -> None:
    """Raise when a computed size would be empty or negative."""
    if value is not None and value <= 0:
        raise LayerProblem(
            "too_small",
            say("too_small_dim", layer=layer, what=what, value=value),
            expected="an output size of at least 1",
            found=str(value),
            param=param,
        )


def conv_length(length: Dim, kernel: int, padding: str, stride: int, dilation: int = 1) -> Dim:
    """Output length of a convolution or pooling window along one axis."""
    if length is None:
        return None
    if padding == "valid":
        return (length - dilation * (kernel - 1) - 1) // stride + 1
    return (length - 1) // stride + 1  # "same" and "causal"


def conv_transpose_length(
    length: Dim, kernel: int, padding: str, stride: int, dilation: int = 1, output_padding: int | None = None
) -> Dim:
    """Output length of a transposed convolution along one axis."""
    if length is None:
        return None
    effective = dilation * (kernel - 1) + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(effective - stride, 0)
        return length * stride
    pad = effective // 2 if padding == "same" else 0
    return (length - 1) * stride + effective - 2 * pad + output_padding


def with_spatial(shape: Shape, data_format: str, spatial: Iterable[Dim], channels: Dim) -> Shape:
    """Rebuild a shape from new spatial sizes and channel count."""
    if data_format == "channels_first":
        return (shape[0], channels, *spatial)
    return (shape[0], *spatial, channels)


def broadcast_dims(a: Dim, b: Dim) -> Dim:
    """Broadcast two sizes the way element-wise merges do, or raise ValueError."""
    if a is None or b is None:
        return None
    if a == b or b == 1:
        return a
    if a == 1:
        return b
    raise ValueError(f"{a} vs {b}")
