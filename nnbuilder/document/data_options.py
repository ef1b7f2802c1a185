"""Dataset options: each one a `Param` (kind, default, bounds, help in English and Chinese), and the checks
that read them from a project file.

Options come from JSON (the project's `data.options`): `params.refusal` judges each value and
`params.normalize` turns it into the Python value a loader gets (e.g. `[64, 64]` becomes `(64, 64)`).
Null means an option's default; a required option that is absent or null is reported once.
"""

from __future__ import annotations

from typing import Any

from nnbuilder.document.params import Param, normalize, refusal
from nnbuilder.locale.dataset_words import option_help_zh

TASKS = ("classification", "binary", "regression")
TARGET_ENCODINGS = ("auto", "class_index", "one_hot")
ENCODING_OPTIONS = ("targets",)  # options nnbuilder applies after a loader runs; loaders never see them


def option(kind: str, default: Any, help: str, *, name: str = "", **rest: Any) -> Param:
    """A dataset option with its Chinese help; tables written as {name: option(...)} get their names from
    `params.named`."""
    return Param(name, kind, default, help=help, help_zh=option_help_zh(help), **rest)


def default_of(spec: Param) -> Any:
    """The value an option takes when it is not given: its default, or None for a required option."""
    return None if spec.required else spec.default


def check_options(
    name: str, specs: dict[str, Param], options: Any, path: str = "data.options"
) -> list[tuple[str, str]]:
    """Problems with `options` for dataset `name`: (path, message) pairs, empty when all is well."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        return [(path, f"expected an object of option names and values, got {type(options).__name__}")]
    problems: list[tuple[str, str]] = []
    for key, value in options.items():
        where = f"{path}.{key}"
        if key not in specs:
            known = ", ".join(specs) if specs else "none"
            problems.append((where, f"{name} has no option {key!r}; its options are: {known}"))
            continue
        if value is None and specs[key].required:
            continue  # reported once, below
        message = refusal(specs[key], value)
        if message:
            problems.append((where, message))
    for key, spec in specs.items():
        if spec.required and options.get(key) is None:
            problems.append((f"{path}.{key}", f"{name} needs this option: {spec.help}"))
    return problems


def loader_values(values: dict[str, Any]) -> dict[str, Any]:
    """The option values a dataset's loader takes: all but the target encoding, which nnbuilder applies."""
    return {key: value for key, value in values.items() if key not in ENCODING_OPTIONS}


def normalized(specs: dict[str, Param], options: dict[str, Any]) -> dict[str, Any]:
    """Defaults merged with `options`, each converted to its Python value (options must be valid)."""
    return {key: normalize(spec, options.get(key, default_of(spec))) for key, spec in specs.items()}


# Options shared by several datasets.
FLATTEN = option(
    "bool",
    False,
    "give each image as one flat vector (e.g. 784 numbers) instead of height x width x channels",
    name="flatten",
)
SEED = option("int", 0, "random seed for the split, the subset and generated data", name="seed", min=0, max=2**32 - 1)
TEST_FRACTION = option(
    "float", 0.2, "share of the examples held out for testing", name="test_fraction", min=0.0, max=0.9
)
STANDARDIZE = option(
    "bool",
    True,
    "rescale each feature to mean 0 and standard deviation 1 (using training statistics)",
    name="standardize",
)
NOISE = option("float", 0.1, "standard deviation of the random noise added", name="noise", min=0.0, max=10.0)
TARGETS = option(
    "choice",
    "auto",
    "how class targets reach the loss: one_hot rows (a 1 in the class's column) or class_index numbers; "
    "auto gives one-hot rows exactly when the loss is categorical_crossentropy",
    name="targets",
    choices=TARGET_ENCODINGS,
)
"""Not a loader's argument: nnbuilder (and an exported script) encodes the loaded class indices with it."""


def samples_option(default: int | None = None) -> Param:
    """The `samples` option: a cap on the number of training examples (the test set shrinks in proportion),
    or, with a `default`, the number of examples a generated set makes."""
    if default is None:
        text = (
            "at most this many training examples, or empty (null) for all of them; the test set shrinks in proportion"
        )
        return option("int", None, text, name="samples", min=1, nullable=True)
    text = "number of training examples to generate; a quarter as many more are made for testing"
    return option("int", default, text, name="samples", min=1, max=1_000_000)
