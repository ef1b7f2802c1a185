"""Preprocessing layers: Rescaling, Normalization, Resizing and image augmentation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._normalization_stats import infer_normalization
from nnbuilder.catalog._shapes import expect_rank, fmt, insert_fix, to_image_fixes
from nnbuilder.catalog._spec import Config, InferFn, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param, describe
from nnbuilder.document.setting_choices import INTERPOLATIONS
from nnbuilder.locale.problem_words import say

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")
FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


def _image(layer: str, cfg: Config, shape: Shape) -> tuple[int, int]:
    """Check for a batch of images; return (height axis, width axis)."""
    first = c.resolve_format(cfg) == "channels_first"
    fixes = to_image_fixes(shape)
    if first:
        fixes = [
            insert_fix("Reshape", {"target_shape": t}, f"Insert Reshape to {fmt((None, *t))}")
            for t in ([1, *f["config"]["target_shape"][:-1]] for f in fixes)
        ]
    if len(shape) == 3 and None not in shape[1:]:  # a grey image without its channel axis
        target = [1, *shape[1:]] if first else [*shape[1:], 1]
        fixes = [insert_fix("Reshape", {"target_shape": target}, f"Insert Reshape to {fmt((None, *target))}")]
    what = say("kind_images_first" if first else "kind_images")
    expect_rank(layer, shape, (4,), what, fixes=fixes)
    return (2, 3) if first else (1, 2)


def _numbers(value: Any) -> list[float] | None:
    """[x] for a number, [a, b] for a pair of numbers, else None."""

    def number(x: Any) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    if number(value):
        return [value]
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(number(x) for x in value):
        return list(value)
    return None


def _check_factor(
    layer: str, cfg: Config, param: str, low: float, high: float, *, low_open: bool = False, optional: bool = False
) -> None:
    value = cfg[param]
    if value is None and optional:  # an optional factor left out (RandomZoom's width keeps the aspect ratio)
        return
    items = _numbers(value)
    ok = items is not None and all((x > low if low_open else x >= low) and x <= high for x in items)
    if not ok:
        span = f"{'(' if low_open else '['}{low:g}, {high:g}]"
        raise LayerProblem(
            "param",
            f"{layer}: {param} must be a number or a pair [low, high] of numbers in {span}, got {describe(value)}",
            expected=f"a number or a pair of numbers in {span}",
            found=describe(value),
            param=param,
        )


def _augmentation(
    layer: str,
    factors: tuple[str, ...] = (),
    low: float = -1.0,
    high: float = 1.0,
    low_open: bool = False,
    optional: tuple[str, ...] = (),
) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        for param in factors:
            _check_factor(layer, cfg, param, low, high, low_open=low_open, optional=param in optional)
        _image(layer, cfg, shape)
        return Inferred(tuple(shape))

    return infer


def _contrast(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    _check_factor("RandomContrast", cfg, "factor", 0.0, 1.0)
    value_range = _numbers(cfg["value_range"])
    if value_range is None or len(value_range) != 2 or value_range[0] >= value_range[1]:
        raise LayerProblem(
            "param",
            f"RandomContrast: value_range must be [low, high] with low < high, got {describe(cfg['value_range'])}",
            expected="[low, high], e.g. [0, 255] or [0, 1]",
            found=describe(cfg["value_range"]),
            param="value_range",
        )
    _image("RandomContrast", cfg, shape)
    return Inferred(tuple(shape))


def _resizing(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if cfg["crop_to_aspect_ratio"] and cfg["pad_to_aspect_ratio"]:
        raise LayerProblem(
            "param",
            "Resizing can either crop or pad to keep the aspect ratio, not both",
            expected="at most one of crop_to_aspect_ratio and pad_to_aspect_ratio",
            found="both true",
            param="pad_to_aspect_ratio",
            fixes=[
                {
                    "action": "set",
                    "param": "pad_to_aspect_ratio",
                    "value": False,
                    "label": "Set pad_to_aspect_ratio to False",
                }
            ],
        )
    h_axis, w_axis = _image("Resizing", cfg, shape)
    out = list(shape)
    out[h_axis], out[w_axis] = cfg["height"], cfg["width"]
    return Inferred(tuple(out))


def _rescaling(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    return Inferred(tuple(shape))


_FILL_VALUE = Param(
    "fill_value", "float", 0.0, advanced=True, help="Value of the new pixels when fill_mode is constant."
)


def _affine_params() -> list[Param]:
    return [
        Param(
            "fill_mode",
            "choice",
            "reflect",
            choices=FILL_MODES,
            advanced=True,
            help="How the pixels uncovered by the transform are filled.",
        ),
        Param(
            "interpolation",
            "choice",
            "bilinear",
            choices=AFFINE_INTERPOLATIONS,
            advanced=True,
            help="How pixel values are interpolated.",
        ),
        c.seed(),
        _FILL_VALUE,
        c.data_format(),
    ]


def _factor(name: str, help: str, default: Any = None, required: bool = True) -> Param:
    if required:
        return Param(name, "any", key=True, help=help)
    return Param(name, "any", default, nullable=True, key=True, help=help)


def _spec(
    name: str, display: str, params: Iterable[Param], en: str, zh: str, infer: InferFn, starter: Config
) -> LayerSpec:
    return LayerSpec(
        name,
        "preprocessing",
        display,
        (1, 1),
        tuple(params),
        en,
        zh,
        infer,
        starter=starter,
        sample_inputs=((None, 32, 32, 3),),
    )


SPECS = [
    _spec(
        "Rescaling",
        "Rescaling",
        [
            Param("scale", "float", key=True, help="Factor each value is multiplied by, e.g. 1/255 for pixels."),
            Param("offset", "float", 0.0, help="Value added after scaling, e.g. -1 with scale 1/127.5."),
        ],
        "Multiplies the inputs by a scale and adds an offset, e.g. pixels from [0, 255] to [0, 1].",
        "把输入乘以比例再加上偏移，例如把像素从 [0, 255] 缩放到 [0, 1]。",
        _rescaling,
        {"scale": 1 / 255},
    ),
    _spec(
        "Normalization",
        "Normalization",
        [
            Param(
                "axis",
                "axes",
                -1,
                nullable=True,
                key=True,
                help="Axis or axes with separate statistics (-1: per feature or channel; none: one for all).",
            ),
            Param(
                "mean",
                "any",
                None,
                nullable=True,
                key=True,
                help="Mean to subtract: a number or a list; none means learn it with adapt().",
            ),
            Param(
                "variance",
                "any",
                None,
                nullable=True,
                help="Variance to divide by (as a standard deviation); none means learn it with adapt().",
            ),
            Param("invert", "bool", False, advanced=True, help="Undo a normalization instead of applying it."),
        ],
        "Shifts and scales inputs to zero mean and unit variance, with given or adapted statistics.",
        "按给定或由数据统计得到的均值和方差，把输入平移缩放到零均值、单位方差。",
        infer_normalization,
        {"mean": 0.5, "variance": 0.25},
    ),
    _spec(
        "Resizing",
        "Resizing",
        [
            Param("height", "int", min=1, key=True, help="Height of the output images."),
            Param("width", "int", min=1, key=True, help="Width of the output images."),
            Param(
                "interpolation",
                "choice",
                "bilinear",
                choices=INTERPOLATIONS,
                help="How pixels are resampled.",
            ),
            Param(
                "crop_to_aspect_ratio",
                "bool",
                False,
                advanced=True,
                help="Crop to the target aspect ratio first, so the image is not distorted.",
            ),
            Param(
                "pad_to_aspect_ratio",
                "bool",
                False,
                advanced=True,
                help="Pad to the target aspect ratio first, so the image is not distorted.",
            ),
            Param(
                "fill_mode",
                "choice",
                "constant",
                choices=("constant",),
                advanced=True,
                help="How the padding is filled (Keras supports only constant).",
            ),
            Param("fill_value", "float", 0.0, advanced=True, help="Value of the padding pixels."),
            Param("antialias", "bool", False, advanced=True, help="Smooth the image when shrinking it."),
            c.data_format(),
        ],
        "Resizes images to a fixed height and width.",
        "把图像缩放到固定的高度和宽度。",
        _resizing,
        {"height": 64, "width": 64},
    ),
    _spec(
        "RandomFlip",
        "Random Flip",
        [
            Param(
                "mode",
                "choice",
                "horizontal_and_vertical",
                choices=FLIP_MODES,
                key=True,
                help="Which flips may be applied.",
            ),
            c.seed(),
            c.data_format(),
        ],
        "Randomly flips images horizontally and/or vertically during training (data augmentation).",
        "训练时随机水平和/或垂直翻转图像（数据增强）。",
        _augmentation("RandomFlip"),
        {"mode": "horizontal"},
    ),
    _spec(
        "RandomRotation",
        "Random Rotation",
        [
            _factor("factor", "Rotation range as a fraction of a full turn: 0.1 means up to ±36°, or [low, high]."),
            *_affine_params(),
        ],
        "Randomly rotates images during training (data augmentation).",
        "训练时随机旋转图像（数据增强）。",
        _augmentation("RandomRotation", ("factor",)),
        {"factor": 0.1},
    ),
    _spec(
        "RandomZoom",
        "Random Zoom",
        [
            _factor("height_factor", "Zoom range in height: 0.2 means ±20%, or [low, high]; negative zooms in."),
            _factor("width_factor", "Zoom range in width; none keeps the aspect ratio.", required=False),
            *_affine_params(),
        ],
        "Randomly zooms images in or out during training (data augmentation).",
        "训练时随机放大或缩小图像（数据增强）。",
        _augmentation("RandomZoom", ("height_factor", "width_factor"), low_open=True, optional=("width_factor",)),
        {"height_factor": 0.1},
    ),
    _spec(
        "RandomTranslation",
        "Random Translation",
        [
            _factor("height_factor", "Vertical shift range as a fraction of the height: 0.1 or [low, high]."),
            _factor("width_factor", "Horizontal shift range as a fraction of the width: 0.1 or [low, high]."),
            *_affine_params(),
        ],
        "Randomly shifts images during training (data augmentation).",
        "训练时随机平移图像（数据增强）。",
        _augmentation("RandomTranslation", ("height_factor", "width_factor")),
        {"height_factor": 0.1, "width_factor": 0.1},
    ),
    _spec(
        "RandomContrast",
        "Random Contrast",
        [
            _factor("factor", "Contrast range: 0.2 means a factor between 0.8 and 1.2, or [low, high] in [0, 1]."),
            Param(
                "value_range",
                "any",
                (0, 255),
                advanced=True,
                help="Range [low, high] of the input values, e.g. [0, 255] or [0, 1].",
            ),
            c.seed(),
        ],
        "Randomly changes image contrast during training (data augmentation).",
        "训练时随机调整图像对比度（数据增强）。",
        _contrast,
        {"factor": 0.2},
    ),
]
