"""Pooling layers: max and average pooling, local (1D/2D) and global."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import as_tuple, conv_length, with_spatial
from nnbuilder.catalog._spec import Config, InferFn, Inferred, LayerSpec, Shape
from nnbuilder.catalog._windows import check_window, split_spatial
from nnbuilder.document.params import REQUIRED, Param
from nnbuilder.document.setting_choices import PADDINGS


def _pool(layer: str, n: int) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        fmt_ = c.resolve_format(cfg)
        spatial, channels = split_spatial(layer, shape, n, fmt_)
        pool = as_tuple(cfg["pool_size"], n)
        strides = pool if cfg["strides"] is None else as_tuple(cfg["strides"], n)
        padding = cfg["padding"]
        check_window(layer, shape, spatial, pool, (1,) * n, padding, "pool", "pool_size")
        out = tuple(conv_length(s, p, padding, st) for s, p, st in zip(spatial, pool, strides))
        return Inferred(with_spatial(shape, fmt_, out, channels))

    return infer


def _global_pool(layer: str, n: int) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        fmt_ = c.resolve_format(cfg)
        _, channels = split_spatial(layer, shape, n, fmt_, fixes=[])
        if cfg["keepdims"]:
            return Inferred(with_spatial(shape, fmt_, (1,) * n, channels))
        return Inferred((shape[0], channels))

    return infer


_KIND = {"Max": ("maximum", "最大值"), "Average": ("average", "平均值")}
_DATA = {
    1: ("sequence", "steps", "序列", "时间步"),
    2: ("feature map", "height and width", "特征图", "高和宽"),
}


def _pool_spec(mode: str, n: int, default: Any, starter: Config, sample: Shape) -> LayerSpec:
    name = f"{mode}Pooling{n}D"
    word, word_zh = _KIND[mode]
    data, axes, data_zh, axes_zh = _DATA[n]
    unit = 2 if n == 1 else (2, 2)
    size = "window" if n == 1 else "window (height, width)"
    return LayerSpec(
        name,
        "pooling",
        name,
        (1, 1),
        (
            Param(
                "pool_size",
                "ints",
                default,
                size=n,
                min=1,
                key=True,
                help=f"Size of the pooling {size}, e.g. {unit}.",
            ),
            Param(
                "strides",
                "ints",
                None,
                size=n,
                min=1,
                nullable=True,
                key=True,
                help="Step of the window; empty means the same as pool_size.",
            ),
            Param(
                "padding",
                "choice",
                "valid",
                choices=PADDINGS,
                help="'valid': drop the edge that does not fill a window; 'same': pad so nothing is dropped.",
            ),
            c.data_format(),
        ),
        f"Downsamples a {data} along its {axes} by taking the {word} of each window.",
        f"对{data_zh}沿{axes_zh}下采样：取每个窗口内的{word_zh}。",
        _pool(name, n),
        starter=starter,
        sample_inputs=(sample,),
    )


def _global_spec(mode: str, n: int, sample: Shape) -> LayerSpec:
    name = f"Global{mode}Pooling{n}D"
    word, word_zh = _KIND[mode]
    data, axes, data_zh, axes_zh = _DATA[n]
    return LayerSpec(
        name,
        "pooling",
        name,
        (1, 1),
        (
            c.data_format(),
            Param(
                "keepdims",
                "bool",
                False,
                key=True,
                help="Keep the pooled axes with size 1 instead of removing them.",
            ),
        ),
        f"Reduces a {data} to one vector per sample: the {word} of each channel over all {axes}.",
        f"把{data_zh}压缩为每个样本一个向量：每个通道在所有{axes_zh}上的{word_zh}。",
        _global_pool(name, n),
        starter={},
        sample_inputs=(sample,),
    )


SPECS = [
    _pool_spec("Max", 1, 2, {"pool_size": 2}, (None, 100, 32)),
    _pool_spec("Max", 2, (2, 2), {"pool_size": [2, 2]}, (None, 26, 26, 32)),
    _pool_spec("Average", 1, REQUIRED, {"pool_size": 2}, (None, 100, 32)),
    _pool_spec("Average", 2, REQUIRED, {"pool_size": [2, 2]}, (None, 26, 26, 32)),
    _global_spec("Max", 1, (None, 100, 32)),
    _global_spec("Max", 2, (None, 7, 7, 64)),
    _global_spec("Average", 1, (None, 100, 32)),
    _global_spec("Average", 2, (None, 7, 7, 64)),
]
