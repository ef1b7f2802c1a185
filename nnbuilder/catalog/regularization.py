"""Regularization layers: Dropout, SpatialDropout2D, GaussianNoise."""

from __future__ import annotations

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import expect_rank, fmt, insert_fix, kind, to_image_fixes
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param

# Seeds live in a SeedGenerator whose state Keras does not count as a weight,
# so none of these layers has parameters.


def _dropout(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    noise = cfg["noise_shape"]
    if noise is not None:
        fits = len(noise) == len(shape) and all(
            n is None or n == 1 or d is None or n == d for n, d in zip(noise, shape)
        )
        if not fits:
            raise LayerProblem(
                "param",
                f"Dropout: noise_shape {fmt(tuple(noise))} does not fit the input {fmt(shape)}; it needs "
                f"one entry per axis ({len(shape)}), each 1 (shared), null or the input's size",
                expected=f"{len(shape)} entries matching {fmt(shape)}",
                found=fmt(tuple(noise)),
                param="noise_shape",
            )
    return Inferred(tuple(shape))


def _spatial_dropout_2d(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    first = c.resolve_format(cfg) == "channels_first"
    fixes = to_image_fixes(shape)
    if len(shape) == 3 and None not in shape[1:]:
        target = [1, *shape[1:]] if first else [*shape[1:], 1]
        fixes = [insert_fix("Reshape", {"target_shape": target}, f"Insert Reshape to {fmt((None, *target))}")]
    expect_rank("SpatialDropout2D", shape, (4,), kind(4, first), fixes=fixes)
    return Inferred(tuple(shape))


def _same(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    return Inferred(tuple(shape))


_RATE_HELP = "Fraction of the inputs set to zero during training."

SPECS = [
    LayerSpec(
        "Dropout",
        "regularization",
        "Dropout",
        (1, 1),
        (
            Param("rate", "float", min=0, max=1, max_exclusive=True, key=True, help=_RATE_HELP),
            Param(
                "noise_shape",
                "shape",
                None,
                nullable=True,
                advanced=True,
                help="Shape of the drop mask, batch axis included; 1 on an axis drops whole slices.",
            ),
            c.seed(),
        ),
        "Randomly sets a fraction of the inputs to zero during training to reduce overfitting.",
        "训练时随机把一部分输入置零，以减少过拟合。",
        _dropout,
        starter={"rate": 0.5},
        sample_inputs=((None, 128),),
    ),
    LayerSpec(
        "SpatialDropout2D",
        "regularization",
        "Spatial Dropout 2D",
        (1, 1),
        (
            Param(
                "rate",
                "float",
                min=0,
                max=1,
                max_exclusive=True,
                key=True,
                help="Fraction of the channels (whole feature maps) set to zero during training.",
            ),
            c.data_format(),
            c.seed(),
        ),
        "Dropout for images: drops whole feature maps (channels) instead of single pixels.",
        "用于图像的 Dropout：整张特征图（通道）一起丢弃，而不是单个像素。",
        _spatial_dropout_2d,
        starter={"rate": 0.2},
        sample_inputs=((None, 32, 32, 16),),
    ),
    LayerSpec(
        "GaussianNoise",
        "regularization",
        "Gaussian Noise",
        (1, 1),
        (
            Param(
                "stddev",
                "float",
                min=0,
                max=1,
                key=True,
                help="Standard deviation of the noise added during training.",
            ),
            c.seed(),
        ),
        "Adds zero-centered Gaussian noise to the inputs during training (a form of data augmentation).",
        "训练时向输入加入零均值高斯噪声（一种数据增强）。",
        _same,
        starter={"stddev": 0.1},
        sample_inputs=((None, 128),),
    ),
]
