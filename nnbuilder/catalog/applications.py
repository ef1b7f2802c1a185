"""Pretrained backbones: a keras.applications network without its classifier, as one node.

A backbone node (layer "MobileNetV2") is built from nnbuilder's own layer class
(`nnbuilder.verbatim.applications`), which exported scripts carry: it wraps
`keras.applications.MobileNetV2(include_top=False)`, with the ImageNet weights when the
Keras cache holds them and random weights otherwise (nothing is downloaded). Its shapes and
parameter counts are worked out here from the architecture, as Keras lays it out.
"""

from __future__ import annotations

import math

from nnbuilder.catalog._shapes import expect_rank, fmt, kind
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param
from nnbuilder.locale.problem_words import say

APPLICATION_LAYERS = ("MobileNetV2",)
"""Node layers that are whole keras.applications backbones."""

ALPHAS = (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)  # the widths Keras has ImageNet weights for
MIN_SIZE = 32  # Keras refuses smaller images

# (expansion, output channels before alpha, stride) of each inverted residual block, in order
_BLOCKS = (
    (1, 16, 1),
    (6, 24, 2),
    (6, 24, 1),
    (6, 32, 2),
    (6, 32, 1),
    (6, 32, 1),
    (6, 64, 2),
    (6, 64, 1),
    (6, 64, 1),
    (6, 64, 1),
    (6, 96, 1),
    (6, 96, 1),
    (6, 96, 1),
    (6, 160, 2),
    (6, 160, 1),
    (6, 160, 1),
    (6, 320, 1),
)


def _divisible(value: float, divisor: int = 8) -> int:
    """Channels rounded to a multiple of 8, never down by more than 10% (Keras' _make_divisible)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def _halve(size: int | None) -> int | None:
    return None if size is None else math.ceil(size / 2)


def mobilenet_v2_counts(alpha: float, channels: int) -> tuple[int, int, int]:
    """(output channels, trainable, non-trainable) weights of MobileNetV2 without its top on `channels` inputs."""
    first = _divisible(32 * alpha)
    convs = [(3 * 3 * channels * first, first)]  # (kernel weights, output channels) of each convolution
    width = first
    for block_id, (expansion, filters, _stride) in enumerate(_BLOCKS):
        out = _divisible(int(filters * alpha))
        inner = expansion * width if block_id else width
        if block_id:
            convs.append((width * inner, inner))  # 1x1 expansion (the first block has none)
        convs.append((9 * inner, inner))  # 3x3 depthwise
        convs.append((inner * out, out))  # 1x1 projection
        width = out
    last = _divisible(1280 * alpha) if alpha > 1.0 else 1280
    convs.append((width * last, last))
    normalized = sum(c for _, c in convs)  # each convolution is batch-normalized, without a bias
    # a batch norm's gamma and beta train; its moving mean and variance do not
    return last, sum(k for k, _ in convs) + 2 * normalized, 2 * normalized


def _mobilenet_v2(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    expect_rank("MobileNetV2", shape, (4,), kind(4))
    _, height, width, channels = shape
    if channels is None:
        raise LayerProblem(
            "unknown_size",
            say("backbone_channels", layer="MobileNetV2", shape=fmt(shape)),
            expected="a known number of channels",
            found=fmt(shape),
            port=0,
        )
    if cfg["weights"] == "imagenet" and channels != 3:
        raise LayerProblem(
            "input_mismatch",
            say("backbone_rgb", layer="MobileNetV2", shape=fmt(shape)),
            expected="3 channels",
            found=str(channels),
            param="weights",
            port=0,
        )
    if any(size is not None and size < MIN_SIZE for size in (height, width)):
        raise LayerProblem(
            "too_small",
            say("backbone_small", layer="MobileNetV2", size=MIN_SIZE, shape=fmt(shape)),
            expected=f"at least {MIN_SIZE}x{MIN_SIZE}",
            found=fmt(shape),
            port=0,
        )
    out, trainable, frozen = mobilenet_v2_counts(cfg["alpha"], channels)
    for _ in range(1 + sum(stride == 2 for _, _, stride in _BLOCKS)):  # the first convolution, each stride-2 block
        height, width = _halve(height), _halve(width)
    if cfg["pooling"] in ("avg", "max"):
        return Inferred((shape[0], out), trainable, frozen)
    return Inferred((shape[0], height, width, out), trainable, frozen)


SPECS = [
    LayerSpec(
        "MobileNetV2",
        "applications",
        "MobileNetV2 backbone",
        (1, 1),
        (
            Param(
                "alpha",
                "choice",
                1.0,
                choices=ALPHAS,
                key=True,
                help="Width of the network: every layer's channels times alpha (ImageNet weights exist for each).",
                help_zh="网络宽度：每层通道数乘以 alpha（每种宽度都有 ImageNet 权重）。",
            ),
            Param(
                "weights",
                "choice",
                "imagenet",
                choices=("imagenet",),
                nullable=True,
                key=True,
                help="'imagenet': start from the ImageNet weights when the Keras cache (~/.keras/models) has them, "
                "else from random ones; none: random weights.",
                help_zh="'imagenet'：Keras 缓存（~/.keras/models）中有 ImageNet 权重时从它开始，否则用随机权重；"
                "无：随机权重。",
            ),
            Param(
                "pooling",
                "choice",
                None,
                choices=("avg", "max"),
                nullable=True,
                help="none: the feature map (batch, h, w, channels); 'avg' or 'max': one vector per image.",
                help_zh="无：输出特征图（批次, 高, 宽, 通道）；'avg' 或 'max'：每张图像一个向量。",
            ),
        ),
        "A MobileNetV2 trained on ImageNet, without its classifier: turns an image into features for a head of "
        "your own. Untick Trainable to keep its weights as they are (transfer learning).",
        "在 ImageNet 上训练好的 MobileNetV2（去掉分类器）：把图像变成特征，供你自己的输出头使用。"
        "取消勾选“可训练”即保持其权重不变（迁移学习）。",
        _mobilenet_v2,
        sample_inputs=((None, 96, 96, 3),),
    ),
]
