"""Helper layers of keras.applications models that keras.layers lacks: LayerScale, StochasticDepth, ScaledAdd.

nnbuilder builds them from its own classes (`nnbuilder.verbatim.helper_layers`), which exported scripts
carry; importing a Keras model recognises Keras's private classes by module and class name.
"""

from __future__ import annotations

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._op_rule_tools import broadcast
from nnbuilder.catalog._shapes import expect_min_rank, fmt, known_features, set_fix
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.catalog.applications import APPLICATION_LAYERS
from nnbuilder.document.params import Param

HELPER_LAYERS = ("LayerScale", "StochasticDepth", "ScaledAdd", *APPLICATION_LAYERS)
"""Node layers built from nnbuilder's own classes rather than from keras.layers (pretrained backbones too)."""

KERAS_ORIGINS = {
    ("keras.src.applications.convnext", "LayerScale"): "LayerScale",
    ("keras.src.applications.convnext", "StochasticDepth"): "StochasticDepth",
    ("nnbuilder.verbatim.helper_layers", "LayerScale"): "LayerScale",
    ("nnbuilder.verbatim.helper_layers", "StochasticDepth"): "StochasticDepth",
    ("keras.src.applications.inception_resnet_v2", "CustomScaleLayer"): "ScaledAdd",
    ("nnbuilder.verbatim.helper_layers", "ScaledAdd"): "ScaledAdd",
    ("nnbuilder.verbatim.helper_layers", "MobileNetV2"): "MobileNetV2",
}
"""(module, class name) of each class a Keras model may hold -> the helper layer it imports as."""


def _layer_scale(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    expect_min_rank("LayerScale", shape, 2)
    channels, dim = known_features("LayerScale", shape), cfg["projection_dim"]
    if channels != dim:
        raise LayerProblem(
            "param",
            f"LayerScale scales {dim} channels (projection_dim), but its input {fmt(shape)} has {channels}; "
            f"set projection_dim to {channels}",
            expected=f"projection_dim={channels}",
            found=f"projection_dim={dim}",
            param="projection_dim",
            fixes=[set_fix("projection_dim", channels)],
        )
    return Inferred(tuple(shape), dim, 0)


def _scaled_add(cfg: Config, inputs: list[Shape]) -> Inferred:
    x, r = inputs
    if len(x) != len(r) or any(a is not None and b is not None and a != b for a, b in zip(x, r)):
        raise LayerProblem(
            "shape",
            f"ScaledAdd adds its second input to its first, so both need the same shape; got {fmt(x)} and {fmt(r)}",
            expected=fmt(x),
            found=fmt(r),
            port=1,
        )
    return Inferred(broadcast("ScaledAdd", x, r))  # what Keras gives x + r * scale: a 1 beside None stays unknown


def _stochastic_depth(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    expect_min_rank("StochasticDepth", shape, 1)
    return Inferred(tuple(shape))


SPECS = [
    LayerSpec(
        "LayerScale",
        "core",
        "Layer Scale",
        (1, 1),
        (
            Param(
                "init_values",
                "float",
                key=True,
                help="Starting value of every channel's factor; small (1e-6) keeps a residual branch quiet at first.",
                help_zh="每个通道缩放因子的初始值；取很小的值（1e-6）可让残差分支一开始几乎不起作用。",
            ),
            Param(
                "projection_dim",
                "int",
                min=1,
                key=True,
                help="Number of channels (the input's last axis), one learned factor each.",
                help_zh="通道数（输入的最后一维），每个通道一个可学习的因子。",
            ),
        ),
        "Multiplies each channel by a learned factor, as ConvNeXt does at the end of each block.",
        "把每个通道乘以一个可学习的因子，就像 ConvNeXt 在每个块末尾所做的那样。",
        _layer_scale,
        starter={"init_values": 1e-6, "projection_dim": 16},
        sample_inputs=((None, 8, 8, 16),),
    ),
    LayerSpec(
        "StochasticDepth",
        "regularization",
        "Stochastic Depth",
        (1, 1),
        (
            Param(
                "drop_path_rate",
                "float",
                min=0,
                max=1,
                max_exclusive=True,
                key=True,
                help="Chance that a sample's whole input is dropped during training (drop path).",
                help_zh="训练时整条样本输入被丢弃的概率（drop path）。",
            ),
            c.seed(),
        ),
        "During training, drops a residual branch for some samples and scales up the rest; passes its input at "
        "inference.",
        "训练时对部分样本整体丢弃残差分支，并放大其余样本；推理时原样输出。",
        _stochastic_depth,
        starter={"drop_path_rate": 0.1},
        sample_inputs=((None, 8, 8, 16),),
    ),
    LayerSpec(
        "ScaledAdd",
        "merging",
        "Scaled Add",
        (2, 2),
        (
            Param(
                "scale",
                "float",
                key=True,
                help="The fixed factor of the second input: the output is x + r * scale.",
                help_zh="第二个输入的固定倍数：输出为 x + r * scale。",
            ),
        ),
        "Adds its second input, scaled by a fixed number, to its first (x + r * scale), as InceptionResNetV2's "
        "residual blocks do.",
        "把第二个输入乘以一个固定倍数后加到第一个输入上（x + r * scale），就像 InceptionResNetV2 的残差块那样。",
        _scaled_add,
        starter={"scale": 0.2},
        sample_inputs=((None, 8, 8, 16), (None, 8, 8, 16)),
    ),
]
