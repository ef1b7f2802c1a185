"""The datasets nnbuilder knows by name: what each one is, its shapes, task and options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nnbuilder.document.data_errors import DataError
from nnbuilder.document.data_options import (
    FLATTEN,
    NOISE,
    SEED,
    STANDARDIZE,
    TARGETS,
    TASKS,
    TEST_FRACTION,
    default_of,
    option,
    samples_option,
)
from nnbuilder.document.params import REQUIRED, Param, named


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is before loading it. Shapes exclude the batch axis and assume default options;
    an empty tuple means the shape depends on the user's data. `task` is None when it does too."""

    name: str
    title: str
    description: str
    task: str | None
    input_shape: tuple[int, ...]
    target_shape: tuple[int, ...]
    num_classes: int | None
    source: str
    stand_in: str | None
    preview_kind: str
    options: dict[str, Any] = field(default_factory=dict)


_SAMPLES = samples_option()
_IMAGE_OPTIONS = {"flatten": FLATTEN, "samples": _SAMPLES, "seed": SEED, "targets": TARGETS}
_TABLE_OPTIONS = {
    "samples": _SAMPLES,
    "test_fraction": TEST_FRACTION,
    "standardize": STANDARDIZE,
    "seed": SEED,
    "targets": TARGETS,
}
_TASK = option("choice", None, "classification, binary or regression; null guesses from the target", choices=TASKS)

_ENTRIES = [
    (
        "mnist",
        "MNIST handwritten digits",
        "70,000 grey 28x28 pictures of handwritten digits 0 to 9 (60,000 to train, 10,000 to test), the classic "
        "first image classifier. Keras downloads it once into its cache; offline, scikit-learn's 8x8 digits, "
        "upscaled to 28x28, stand in for it.",
        ("classification", (28, 28, 1), (), 10, "keras", "digits_28x28", "images", _IMAGE_OPTIONS),
    ),
    (
        "fashion_mnist",
        "Fashion-MNIST clothing",
        "70,000 grey 28x28 pictures of clothing in 10 kinds (shirts, trousers, shoes, bags, ...), the same shapes "
        "as MNIST but harder to tell apart. Keras downloads it once into its cache; offline, scikit-learn's 8x8 "
        "digits, upscaled to 28x28, stand in for it.",
        ("classification", (28, 28, 1), (), 10, "keras", "digits_28x28", "images", _IMAGE_OPTIONS),
    ),
    (
        "fashion_mnist_installed",
        "Fashion-MNIST (installed files)",
        "The complete Fashion-MNIST (60,000 training and 10,000 test pictures of clothing in 10 kinds), read from "
        "/usr/share/datasets/fashion-mnist, where Debian's package dataset-fashion-mnist installs it: real data "
        "with no download and no stand-in, so offline runs give the published results.",
        ("classification", (28, 28, 1), (), 10, "installed", None, "images", _IMAGE_OPTIONS),
    ),
    (
        "cifar10",
        "CIFAR-10 colour photos",
        "60,000 small 32x32 colour photos in 10 classes (aeroplanes, cars, birds, cats, ...), a step up from "
        "MNIST that rewards convolutional networks. Keras downloads it once into its cache; offline, generated "
        "32x32 colour pictures of 10 kinds of shapes stand in for it.",
        ("classification", (32, 32, 3), (), 10, "keras", "shapes_32x32", "images", _IMAGE_OPTIONS),
    ),
    (
        "imdb",
        "IMDB movie reviews",
        "50,000 movie reviews labelled positive or negative, given as sequences of word numbers (the most common "
        "words only), padded or cut to a fixed length for an Embedding layer. Keras downloads it once into its "
        "cache; offline, generated word sequences with positive and negative words stand in for it.",
        (
            "binary",
            (200,),
            (),
            2,
            "keras",
            "synthetic_reviews",
            "table",
            {
                "num_words": option("int", 10000, "keep only this many most common words", min=100, max=100000),
                "maxlen": option("int", 200, "pad or cut every review to this many words", min=1, max=5000),
                "samples": _SAMPLES,
                "seed": SEED,
                "targets": TARGETS,
            },
        ),
    ),
    (
        "digits",
        "Digits (8x8, scikit-learn)",
        "1,797 tiny 8x8 grey pictures of handwritten digits that ship with scikit-learn, so they load instantly "
        "and offline; a quick stand-in for MNIST when trying out a network.",
        (
            "classification",
            (8, 8, 1),
            (),
            10,
            "package",
            None,
            "images",
            {"flatten": FLATTEN, "samples": _SAMPLES, "seed": SEED, "test_fraction": TEST_FRACTION, "targets": TARGETS},
        ),
    ),
    (
        "iris",
        "Iris flowers",
        "150 iris flowers described by 4 measurements (sepal and petal length and width), in 3 species; the "
        "smallest classic table for a first classifier. Ships with scikit-learn.",
        ("classification", (4,), (), 3, "package", None, "table", _TABLE_OPTIONS),
    ),
    (
        "breast_cancer",
        "Breast cancer (Wisconsin)",
        "569 breast tumour samples described by 30 measurements of cell nuclei, labelled malignant or benign; "
        "a two-class table where standardizing the features matters. Ships with scikit-learn.",
        ("binary", (30,), (), 2, "package", None, "table", _TABLE_OPTIONS),
    ),
    (
        "wine",
        "Wine cultivars",
        "178 Italian wines described by 13 chemical measurements, from 3 cultivars; a small table for "
        "classification. Ships with scikit-learn.",
        ("classification", (13,), (), 3, "package", None, "table", _TABLE_OPTIONS),
    ),
    (
        "sine_windows",
        "Noisy sine waves (forecasting)",
        "Windows of 100 steps of noisy sine waves with random period, phase and height, each with the value "
        "that comes next as the target; all values lie in [0, 1]. Generated, so always available; a first "
        "task for recurrent networks.",
        (
            "forecasting",
            (100, 1),
            (1,),
            None,
            "generated",
            None,
            "sequence",
            {
                "samples": samples_option(1000),
                "window": option("int", 100, "number of steps in each input window", min=2, max=10000),
                "noise": option("float", 0.03, NOISE.help, min=0.0, max=1.0),
                "seed": SEED,
            },
        ),
    ),
    (
        "two_spirals",
        "Two spirals",
        "Points on two interleaved spirals in the plane, one class each; a line cannot separate them, so it "
        "shows what hidden layers add. Generated, so always available.",
        (
            "binary",
            (2,),
            (),
            2,
            "generated",
            None,
            "table",
            {
                "samples": samples_option(1000),
                "noise": option("float", 0.05, NOISE.help, min=0.0, max=10.0),
                "seed": SEED,
                "targets": TARGETS,
            },
        ),
    ),
    (
        "moons",
        "Two moons",
        "Points on two interlocking half circles in the plane, one class each; an easy non-linear problem for "
        "a small network. Generated, so always available.",
        (
            "binary",
            (2,),
            (),
            2,
            "generated",
            None,
            "table",
            {"samples": samples_option(1000), "noise": NOISE, "seed": SEED, "targets": TARGETS},
        ),
    ),
    (
        "gaussian_mixture",
        "Gaussian blobs",
        "Points drawn around a few centres in the plane, one class per centre; more noise makes the blobs "
        "overlap, and more features add coordinates that are noise only. Generated, so always available.",
        (
            "classification",
            (2,),
            (),
            3,
            "generated",
            None,
            "table",
            {
                "samples": samples_option(1000),
                "classes": option("int", 3, "number of blobs (classes)", min=2, max=20),
                "features": option(
                    "int",
                    2,
                    "numbers per point; blobs differ only in the first two, the rest is noise",
                    min=2,
                    max=1000,
                ),
                "noise": option("float", 0.8, "spread of each blob", min=0.0, max=10.0),
                "seed": SEED,
                "targets": TARGETS,
            },
        ),
    ),
    (
        "arrays",
        "Your arrays",
        "NumPy arrays or pandas DataFrames from the notebook, passed in Python with from_arrays or data=; "
        "they cannot be named in a project file.",
        (None, (), (), None, "user", None, "table", {}),
    ),
    (
        "csv",
        "CSV file",
        "A table in a CSV file with a header row: one column is the target, the numeric columns are the "
        "features. Text targets become classes; whole-number targets with few values too.",
        (
            None,
            (),
            (),
            None,
            "user",
            None,
            "table",
            {
                "path": option("path", REQUIRED, "the CSV file's path"),
                "target": option("text", REQUIRED, "the name of the column to predict"),
                "task": _TASK,
                "test_fraction": TEST_FRACTION,
                "seed": SEED,
                "targets": TARGETS,
            },
        ),
    ),
    (
        "image_folder",
        "Image folder",
        "A folder with one subfolder of pictures per class (cats/, dogs/, ...); the subfolder names become the "
        "class names and every picture is resized to the same size. Without a path, a generated folder of "
        "circles and squares stands in, so the image-folder templates run offline.",
        (
            "classification",
            (64, 64, 3),
            (),
            None,
            "user",
            None,
            "images",
            {
                "path": option(
                    "path", None, "the folder with one subfolder per class; null uses generated circles and squares"
                ),
                "image_size": option(
                    "size", (64, 64), "[height, width] every picture is resized to", size=2, min=1, max=4096
                ),
                "color_mode": option("choice", "rgb", "rgb, grayscale or rgba", choices=("rgb", "grayscale", "rgba")),
                "samples": _SAMPLES,
                "test_fraction": TEST_FRACTION,
                "seed": SEED,
                "targets": TARGETS,
            },
        ),
    ),
]


def _make(name: str, title: str, description: str, rest: tuple[Any, ...]) -> tuple[DatasetInfo, dict[str, Param]]:
    task, input_shape, target_shape, classes, source, stand_in, kind, options = rest
    specs = named(options)
    info = DatasetInfo(
        name,
        title,
        description,
        task,
        input_shape,
        target_shape,
        classes,
        source,
        stand_in,
        kind,
        {key: default_of(spec) for key, spec in specs.items()},
    )
    return info, specs


_REGISTRY: dict[str, DatasetInfo] = {}
OPTION_SPECS: dict[str, dict[str, Param]] = {}
"""Each dataset's options, by name: a `Param` each (nnbuilder.document.params)."""
for _name, _title, _description, _rest in _ENTRIES:
    _REGISTRY[_name], OPTION_SPECS[_name] = _make(_name, _title, _description, _rest)


def datasets() -> list[str]:
    """Names of every dataset, built-in ones first, then the user sources (arrays, csv, image_folder)."""
    return list(_REGISTRY)


def dataset_info(name: str) -> DatasetInfo:
    """The description of dataset `name`; DataError listing the known names when there is none."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise DataError(f"unknown dataset {name!r}; known datasets: {', '.join(_REGISTRY)}")
    return _REGISTRY[name]
