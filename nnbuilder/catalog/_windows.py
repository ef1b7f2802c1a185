"""Sliding-window arithmetic shared by convolution, pooling and reshaping specs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nnbuilder.catalog._shapes import (
    as_tuple,
    conv_length,
    expect_rank,
    fmt,
    insert_fix,
    set_fix,
    to_image_fixes,
    to_sequence_fixes,
)
from nnbuilder.catalog._spec import Config, Dim, Fix, LayerProblem, Shape
from nnbuilder.locale.problem_words import Words, say

_KINDS = {1: "kind_steps", 2: "kind_4", 3: "kind_5"}


def _what(n: int, data_format: str) -> Words:
    """'an image (batch, height, width, channels)' for n spatial axes."""
    return say(_KINDS[n] + ("_first" if data_format == "channels_first" else ""))


def _reshape_fix(target: Sequence[Dim]) -> Fix:
    return insert_fix("Reshape", {"target_shape": target}, f"Insert Reshape to {fmt((None, *target))}")


def _rank_fixes(shape: Shape, n: int, data_format: str) -> list[Fix]:
    """Ways to give a rank-(n + 2) tensor to a layer that got `shape` instead."""
    rank = len(shape)
    first = data_format == "channels_first"
    if n == 1:
        if first:
            return [_reshape_fix([1, shape[1] or -1])] if rank == 2 else []
        return to_sequence_fixes(shape)
    if n == 2 and rank == 2:
        fixes = to_image_fixes(shape)
        if first:
            return [_reshape_fix([1, *f["config"]["target_shape"][:-1]]) for f in fixes]
        return fixes
    if rank == n + 1 and None not in shape[1:]:  # one axis short: add a channel axis of 1
        return [_reshape_fix([1, *shape[1:]] if first else [*shape[1:], 1])]
    return []


def split_spatial(
    layer: str, shape: Shape, n: int, data_format: str, fixes: list[Fix] | None = None
) -> tuple[Shape, Dim]:
    """(spatial sizes, channels) of an input that must have n spatial axes."""
    if fixes is None:
        fixes = _rank_fixes(shape, n, data_format)
    expect_rank(layer, shape, (n + 2,), _what(n, data_format), fixes=fixes)
    if data_format == "channels_first":
        return tuple(shape[2:]), shape[1]
    return tuple(shape[1:-1]), shape[-1]


def times(dims: Iterable[Dim]) -> str:
    """5×5, or ? for an unknown size."""
    return "×".join("?" if d is None else str(d) for d in dims)


def check_window(
    layer: str,
    shape: Shape,
    spatial: Sequence[Dim],
    window: Sequence[int],
    dilation: Sequence[int],
    padding: str,
    noun: str,
    param: str,
) -> None:
    """Raise 'too_small' when a window overhangs an input axis with padding='valid'."""
    if padding != "valid":
        return
    reach = tuple(d * (k - 1) + 1 for k, d in zip(window, dilation))
    if not any(size is not None and r > size for size, r in zip(spatial, reach)):
        return
    noun_words = say(f"noun_{noun}")
    if reach != tuple(window):
        what = say("window_dilated", noun=noun_words, size=times(window), reach=times(reach))
    else:
        what = say("window", noun=noun_words, size=times(window))
    longer = "window_longer" if len(spatial) == 1 else "window_larger"
    message = say(longer, layer=layer, what=what, size=times(spatial))
    raise LayerProblem(
        "too_small",
        message,
        expected=f"spatial sizes of at least {times(reach)}",
        found=fmt(shape),
        param=param,
        port=0,
        fixes=[set_fix("padding", "same")],
    )


def known_channels(layer: str, shape: Shape, channels: Dim) -> int:
    """`channels`, refused when unknown."""
    if channels is None:
        raise LayerProblem(
            "unknown_size",
            say("unknown_channels", layer=layer, shape=fmt(shape)),
            expected="a known number of input channels",
            found=fmt(shape),
            port=0,
        )
    return channels


def no_stride_with_dilation(layer: str, strides: Sequence[int], dilation: Sequence[int]) -> None:
    if max(strides) > 1 and max(dilation) > 1:
        raise LayerProblem(
            "param",
            say("strides_dilation", layer=layer, strides=times(strides), dilation=times(dilation)),
            expected="strides of 1 when dilation_rate > 1",
            found=f"strides={list(strides)}, dilation_rate={list(dilation)}",
            param="dilation_rate",
            fixes=[set_fix("dilation_rate", 1), set_fix("strides", 1)],
        )


def window_params(cfg: Config, n: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    return (
        as_tuple(cfg["kernel_size"], n),
        as_tuple(cfg["strides"], n),
        as_tuple(cfg["dilation_rate"], n),
    )


def out_sizes(
    spatial: Sequence[Dim], kernel: Sequence[int], strides: Sequence[int], dilation: Sequence[int], padding: str
) -> Shape:
    return tuple(map(conv_length, spatial, kernel, (padding,) * len(spatial), strides, dilation))


def bias_count(cfg: Config, size: int) -> int:
    return size if cfg["use_bias"] else 0


# ------------------------------------------------------------ shape functions
