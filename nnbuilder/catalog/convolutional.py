"""Convolution layers: Conv1D/2D/3D, Conv2DTranspose, SeparableConv2D, DepthwiseConv2D."""

from __future__ import annotations

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import (
    as_tuple,
    conv_transpose_length,
    fmt,
    positive_dim,
    prod,
    set_fix,
    with_spatial,
)
from nnbuilder.catalog._spec import Config, InferFn, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.catalog._windows import (
    bias_count,
    check_window,
    known_channels,
    no_stride_with_dilation,
    out_sizes,
    split_spatial,
    times,
    window_params,
)
from nnbuilder.document.params import Param
from nnbuilder.document.setting_choices import CONV1D_PADDINGS, PADDINGS


def _conv(layer: str, n: int) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        fmt_ = c.resolve_format(cfg)
        spatial, channels = split_spatial(layer, shape, n, fmt_)
        kernel, strides, dilation = window_params(cfg, n)
        filters, groups = cfg["filters"], cfg["groups"]
        no_stride_with_dilation(layer, strides, dilation)
        if filters % groups:
            raise LayerProblem(
                "param",
                f"{layer}: filters ({filters}) must be divisible by groups ({groups})",
                expected=f"a number of filters divisible by {groups}",
                found=f"filters={filters}",
                param="groups",
            )
        channels = known_channels(layer, shape, channels)
        if channels % groups:
            raise LayerProblem(
                "param",
                f"{layer}: the input's {channels} channels cannot be split into {groups} groups",
                expected=f"a number of input channels divisible by {groups}",
                found=fmt(shape),
                param="groups",
                port=0,
            )
        padding = cfg["padding"]
        check_window(layer, shape, spatial, kernel, dilation, padding, "kernel", "kernel_size")
        out = out_sizes(spatial, kernel, strides, dilation, padding)
        weights = prod(kernel) * (channels // groups) * filters + bias_count(cfg, filters)
        return Inferred(with_spatial(shape, fmt_, out, filters), weights)

    return infer


def _conv_transpose(layer: str, n: int) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        fmt_ = c.resolve_format(cfg)
        spatial, channels = split_spatial(layer, shape, n, fmt_)
        kernel, strides, dilation = window_params(cfg, n)
        filters = cfg["filters"]
        extra = cfg["output_padding"]
        extra = None if extra is None else as_tuple(extra, n)
        if extra is not None and any(e >= s for e, s in zip(extra, strides)):
            rule = f"must be smaller than strides {times(strides)} on every axis"
            raise LayerProblem(
                "param",
                f"{layer}: output_padding {times(extra)} {rule}",
                expected=f"output_padding below {times(strides)}",
                found=f"output_padding={list(extra)}",
                param="output_padding",
                fixes=[set_fix("output_padding", None)],
            )
        no_stride_with_dilation(layer, strides, dilation)
        channels = known_channels(layer, shape, channels)
        padding = cfg["padding"]
        out = tuple(
            conv_transpose_length(s, k, padding, st, d, None if extra is None else e)
            for s, k, st, d, e in zip(spatial, kernel, strides, dilation, extra or (None,) * n)
        )
        what = f"kernel {times(kernel)} with output_padding {times(extra or ())}"
        for size in out:
            positive_dim(layer, size, what, "output_padding")
        weights = prod(kernel) * channels * filters + bias_count(cfg, filters)
        return Inferred(with_spatial(shape, fmt_, out, filters), weights)

    return infer


def _depthwise(layer: str, n: int, separable: bool) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        fmt_ = c.resolve_format(cfg)
        spatial, channels = split_spatial(layer, shape, n, fmt_)
        kernel, strides, dilation = window_params(cfg, n)
        channels = known_channels(layer, shape, channels)
        padding = cfg["padding"]
        check_window(layer, shape, spatial, kernel, dilation, padding, "kernel", "kernel_size")
        out = out_sizes(spatial, kernel, strides, dilation, padding)
        mid = channels * cfg["depth_multiplier"]
        weights = prod(kernel) * mid
        if separable:
            filters = cfg["filters"]
            weights += mid * filters + bias_count(cfg, filters)
        else:
            filters = mid
            weights += bias_count(cfg, mid)
        return Inferred(with_spatial(shape, fmt_, out, filters), weights)

    return infer


# ------------------------------------------------------------ parameters


def _unit(n: int) -> int | tuple[int, ...]:
    return 1 if n == 1 else (1,) * n


def _filters() -> Param:
    return Param("filters", "int", min=1, key=True, help="Number of output channels (feature maps).")


def _kernel(n: int) -> Param:
    return Param("kernel_size", "ints", size=n, min=1, key=True, help="Size of the sliding window.")


def _strides(n: int, key: bool = False) -> Param:
    return Param("strides", "ints", _unit(n), size=n, min=1, key=key, help="Step of the window on each axis.")


def _padding(choices: tuple[str, ...] = PADDINGS) -> Param:
    return Param(
        "padding",
        "choice",
        "valid",
        choices=choices,
        help="'valid': no padding, the output shrinks; 'same': pad so the output keeps the input size"
        + ("; 'causal': pad on the left only (for time series)." if "causal" in choices else "."),
    )


def _dilation(n: int, strict: bool = True) -> Param:
    note = "; > 1 needs strides of 1." if strict else "."
    return Param(
        "dilation_rate",
        "ints",
        _unit(n),
        size=n,
        min=1,
        advanced=True,
        help="Spacing between kernel taps (atrous convolution)" + note,
    )


def _groups() -> Param:
    return Param(
        "groups",
        "int",
        1,
        min=1,
        advanced=True,
        help="Split the channels into this many independent groups; must divide filters and channels.",
    )


def _depth_multiplier(key: bool = False) -> Param:
    return Param(
        "depth_multiplier",
        "int",
        1,
        min=1,
        key=key,
        help="Channels made from each input channel in the depthwise step.",
    )


def _conv_params(n: int, padding: tuple[str, ...] = PADDINGS) -> tuple[Param, ...]:
    return (
        _filters(),
        _kernel(n),
        _strides(n),
        _padding(padding),
        c.data_format(),
        _dilation(n),
        _groups(),
        c.activation(),
        c.use_bias(),
        *c.weights("kernel", "glorot_uniform"),
        *c.weights("bias", "zeros"),
        c.activity_regularizer(),
    )


def _conv_spec(n: int, help_en: str, help_zh: str, starter: Config, sample: Shape) -> LayerSpec:
    name = f"Conv{n}D"
    return LayerSpec(
        name,
        "convolutional",
        name,
        (1, 1),
        _conv_params(n, CONV1D_PADDINGS if n == 1 else PADDINGS),
        help_en,
        help_zh,
        _conv(name, n),
        starter=starter,
        sample_inputs=(sample,),
    )


SPECS = [
    _conv_spec(
        1,
        "1D convolution: slides learned filters along a sequence (time series, text, audio).",
        "一维卷积：沿序列（时间序列、文本、音频）滑动可学习的卷积核。",
        {"filters": 32, "kernel_size": 3, "activation": "relu"},
        (None, 100, 16),
    ),
    _conv_spec(
        2,
        "2D convolution: slides learned filters over an image to detect local patterns.",
        "二维卷积：在图像上滑动可学习的卷积核，提取局部特征。",
        {"filters": 32, "kernel_size": [3, 3], "activation": "relu"},
        (None, 28, 28, 1),
    ),
    _conv_spec(
        3,
        "3D convolution: slides learned filters through a volume (video, medical scans).",
        "三维卷积：在体数据（视频、医学影像）中滑动可学习的卷积核。",
        {"filters": 16, "kernel_size": [3, 3, 3], "activation": "relu"},
        (None, 16, 32, 32, 1),
    ),
    LayerSpec(
        "Conv2DTranspose",
        "convolutional",
        "Conv2DTranspose",
        (1, 1),
        (
            _filters(),
            _kernel(2),
            _strides(2, key=True),
            _padding(),
            Param(
                "output_padding",
                "ints",
                None,
                size=2,
                min=0,
                nullable=True,
                advanced=True,
                help="Extra rows/columns added to one side of the output; each must be below strides.",
            ),
            c.data_format(),
            _dilation(2),
            c.activation(key=False),
            c.use_bias(),
            *c.weights("kernel", "glorot_uniform"),
            *c.weights("bias", "zeros"),
            c.activity_regularizer(),
        ),
        "Transposed 2D convolution: learns to upsample a feature map (decoders, generators).",
        "二维转置卷积：可学习的上采样，常用于解码器和生成器。",
        _conv_transpose("Conv2DTranspose", 2),
        starter={
            "filters": 32,
            "kernel_size": [3, 3],
            "strides": [2, 2],
            "padding": "same",
            "activation": "relu",
        },
        sample_inputs=((None, 14, 14, 64),),
    ),
    LayerSpec(
        "SeparableConv2D",
        "convolutional",
        "SeparableConv2D",
        (1, 1),
        (
            _filters(),
            _kernel(2),
            _strides(2),
            _padding(),
            c.data_format(),
            _dilation(2, strict=False),
            _depth_multiplier(),
            c.activation(),
            c.use_bias(),
            *c.weights("depthwise", "glorot_uniform"),
            *c.weights("pointwise", "glorot_uniform"),
            *c.weights("bias", "zeros"),
            c.activity_regularizer(),
        ),
        "Depthwise-separable 2D convolution: a per-channel filter, then a 1×1 mix; lighter than Conv2D.",
        "深度可分离二维卷积：先逐通道卷积再 1×1 混合，参数比 Conv2D 少。",
        _depthwise("SeparableConv2D", 2, separable=True),
        starter={"filters": 64, "kernel_size": [3, 3], "activation": "relu"},
        sample_inputs=((None, 32, 32, 32),),
    ),
    LayerSpec(
        "DepthwiseConv2D",
        "convolutional",
        "DepthwiseConv2D",
        (1, 1),
        (
            _kernel(2),
            _strides(2),
            _padding(),
            _depth_multiplier(key=True),
            c.data_format(),
            _dilation(2, strict=False),
            c.activation(),
            c.use_bias(),
            *c.weights("depthwise", "glorot_uniform"),
            *c.weights("bias", "zeros"),
            c.activity_regularizer(),
        ),
        "Depthwise 2D convolution: filters each input channel separately, without mixing channels.",
        "深度二维卷积：对每个输入通道单独卷积，不混合通道。",
        _depthwise("DepthwiseConv2D", 2, separable=False),
        starter={"kernel_size": [3, 3], "activation": "relu"},
        sample_inputs=((None, 32, 32, 32),),
    ),
]
