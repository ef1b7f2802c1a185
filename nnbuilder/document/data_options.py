"""Dataset options: their kinds, defaults and help, and the checks that read them from a project file.

Options come from JSON (the project's `data.options`), so each kind says what JSON value it takes and
how it becomes the Python value a loader gets (e.g. `[64, 64]` becomes `(64, 64)`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

TASKS = ("classification", "binary", "regression")


@dataclass(frozen=True)
class Option:
    """One option of a dataset: its kind (see `check_value`), default, and a line of help."""

    kind: str
    default: object
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple[Any, ...] = ()
    required: bool = False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _range_text(option: Option) -> str:
    low, high = (v if v is None or isinstance(v, int) else f"{v:g}" for v in (option.low, option.high))
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"of at least {low}"
    return ""


def check_value(option: Option, value: Any) -> tuple[Any, str | None]:
    """Return (python_value, None) when `value` suits `option`, else (None, message)."""
    kind = option.kind
    got = f"got {value!r}"
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, f"expected true or false, {got}"
    if kind in ("int", "samples"):
        if value is None and kind == "samples":
            return None, None
        ok = _is_int(value) and (option.low is None or value >= option.low)
        ok = ok and (option.high is None or value <= option.high)
        if ok:
            return value, None
        tail = ", or null for all of it" if kind == "samples" else ""
        return None, f"expected a whole number {_range_text(option)}{tail}, {got}".replace("  ", " ")
    if kind == "float":
        ok = _is_number(value) and (option.low is None or value >= option.low)
        ok = ok and (option.high is None or value <= option.high)
        if ok:
            return float(value), None
        return None, f"expected a number {_range_text(option)}, {got}"
    if kind in ("text", "path"):
        if isinstance(value, str) and value.strip() and "\x00" not in value:
            return value, None
        return None, f"expected {'a file or folder path' if kind == 'path' else 'non-empty text'}, {got}"
    if kind == "size":
        if isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_int(v) and 1 <= v <= 4096 for v in value):
            return (int(value[0]), int(value[1])), None
        return None, f"expected [height, width], two whole numbers from 1 to 4096, {got}"
    if kind == "choice":
        if value in option.choices:
            return value, None
        return None, f"expected one of {', '.join(repr(c) for c in option.choices)}, {got}"
    raise AssertionError(f"unknown option kind {kind!r}")


def check_options(
    name: str, specs: dict[str, Option], options: Any, path: str = "data.options"
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
        if value is None and (specs[key].required or specs[key].default is None):
            continue  # null means the default; a required option is reported once, below
        _, message = check_value(specs[key], value)
        if message:
            problems.append((where, message))
    for key, spec in specs.items():
        if spec.required and options.get(key) is None:
            problems.append((f"{path}.{key}", f"{name} needs this option: {spec.help}"))
    return problems


def normalized(specs: dict[str, Option], options: dict[str, Any]) -> dict[str, Any]:
    """Defaults merged with `options`, each converted to its Python value (options must be valid)."""
    out: dict[str, Any] = {}
    for key, spec in specs.items():
        value = options.get(key, spec.default)
        out[key] = value if value is None else check_value(spec, value)[0]
    return out


# Options shared by several datasets.
FLATTEN = Option(
    "bool", False, "give each image as one flat vector (e.g. 784 numbers) instead of height x width x channels"
)
SEED = Option("int", 0, "random seed for the split, the subset and generated data", low=0, high=2**32 - 1)
TEST_FRACTION = Option("float", 0.2, "share of the examples held out for testing", low=0.0, high=0.9)
STANDARDIZE = Option(
    "bool", True, "rescale each feature to mean 0 and standard deviation 1 (using training statistics)"
)
NOISE = Option("float", 0.1, "standard deviation of the random noise added", low=0.0, high=10.0)


def samples_option(default: int | None = None) -> Option:
    """The `samples` option: a cap on the number of training examples (the test set shrinks in proportion)."""
    if default is None:
        return Option("samples", None, "at most this many training examples; the test set shrinks in proportion", low=1)
    text = "number of training examples to generate; a quarter as many more are made for testing"
    return Option("int", default, text, low=1, high=1_000_000)
