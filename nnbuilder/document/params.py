"""One vocabulary for settings.

A `Param` is one setting: its kind, default, bounds or choices, size, whether null is taken, and a line
of help in English and Chinese. Layer arguments (the catalog), training settings and dataset options are
all Params, so one function judges a value for any of them (`validate_value`), one words the refusal with
the value found (`refusal`), one turns a document's JSON value into the value Python code is given
(`normalize`), and one JSON form (`Param.to_dict`) reaches the browser.

Pure data and checks: no Keras, NumPy or widgets.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from nnbuilder.document.setting_choices import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS, check_serialized
from nnbuilder.locale.param_help_zh import param_help_zh

REQUIRED = object()
"""Default marker for a parameter that has no default in Keras."""

# Setting kinds understood by validation, the inspector, the app's forms and code export.
KINDS = (
    "int",  # integer, with optional bounds
    "float",  # real number, with optional bounds
    "bool",
    "str",  # free text
    "choice",  # one of `choices`
    "ints",  # one integer or a tuple of `size` integers (kernel sizes, strides)
    "shape",  # tuple of positive integers or None (an input or target shape)
    "axes",  # one integer axis or a tuple of them
    "activation",
    "initializer",
    "regularizer",
    "constraint",
    "layer",  # a nested layer config {"class_name": ..., "config": {...}}
    "any",  # anything JSON can hold; validated by Keras at build time
    "text",  # text that is not blank
    "path",  # a file or folder path
    "size",  # exactly `size` integers within the bounds, as a list (an image size [height, width])
)


@dataclass(frozen=True)
class Param:
    """One setting: a constructor argument of a Keras layer, a training setting or a dataset option."""

    name: str
    kind: str
    default: Any = REQUIRED
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    nullable: bool = False
    size: int | None = None
    key: bool = False
    advanced: bool = False
    help: str = ""
    help_zh: str = ""  # empty: the Chinese of `help` from the locale's table

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r} for {self.name!r}")

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def takes_null(self) -> bool:
        """Whether null is a value of this setting (it is nullable, or null is its default)."""
        return self.nullable or (not self.required and self.default is None)

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the inspector."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "required": self.required,
            "default": None if self.required else self.default,
            "nullable": self.nullable,
            "key": self.key,
            "advanced": self.advanced,
        }
        for attr in ("choices", "min", "max", "size", "help"):
            value = getattr(self, attr)
            if value not in ((), None, ""):
                out[attr] = list(value) if attr == "choices" else value
        if self.help:
            out["help_zh"] = self.help_zh or param_help_zh(self.help)
        if self.min_exclusive:
            out["min_exclusive"] = True
        if self.max_exclusive:
            out["max_exclusive"] = True
        return out


# ---------------------------------------------------------------- validation


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_text(n: float) -> str:
    """A bound as messages write it: whole numbers in full (4294967295), others with six significant
    digits (0.001, 1e-07)."""
    if isinstance(n, int) or (math.isfinite(n) and n.is_integer() and abs(n) < 1e16):
        return str(int(n))
    return f"{n:g}"


def _bounds(p: Param) -> str:
    """The bounds of `p` as written after a noun: ">= 1 and <= 4096", or "" when it has none."""
    parts = []
    if p.min is not None:
        parts.append(f"{'>' if p.min_exclusive else '>='} {number_text(p.min)}")
    if p.max is not None:
        parts.append(f"{'<' if p.max_exclusive else '<='} {number_text(p.max)}")
    return " and ".join(parts)


def _bounds_phrase(p: Param, noun: str) -> str:
    if p.min == 0 and p.min_exclusive and p.max is None:
        return f"a positive {noun}"
    if p.min == 0 and not p.min_exclusive and p.max is None:
        return f"a non-negative {noun}"
    if p.min == 1 and not p.min_exclusive and p.max is None and noun == "integer":
        return "a positive integer"
    bounds = _bounds(p)
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}" + (f" {bounds}" if bounds else "")


def _in_bounds(p: Param, value: Any) -> bool:
    if isinstance(value, float) and not math.isfinite(value):  # NaN and infinity are never a setting's value
        return False
    if p.min is not None and (value < p.min or (p.min_exclusive and value == p.min)):
        return False
    return p.max is None or not (value > p.max or (p.max_exclusive and value == p.max))


def _check_ints(p: Param, value: Any) -> str | None:
    items = value if isinstance(value, (list, tuple)) else [value]
    ok_len = not isinstance(value, (list, tuple)) or p.size is None or len(value) == p.size
    if ok_len and items and all(_is_int(v) and _in_bounds(p, v) for v in items):
        return None
    each = _bounds_phrase(p, "integer")
    if p.size:
        return f"expected {each} or a list of {p.size} such integers"
    return f"expected {each} or a list of them"


Validator = Callable[[Param, Any], str | None]
_VALIDATORS: dict[str, Validator] = {}


def _validator(kind: str) -> Callable[[Validator], Validator]:
    def register(fn: Validator) -> Validator:
        _VALIDATORS[kind] = fn
        return fn

    return register


@_validator("int")
def _v_int(p: Param, value: Any) -> str | None:
    if _is_int(value) and _in_bounds(p, value):
        return None
    return f"expected {_bounds_phrase(p, 'integer')}"


@_validator("float")
def _v_float(p: Param, value: Any) -> str | None:
    if _is_number(value) and _in_bounds(p, value):
        return None
    return f"expected {_bounds_phrase(p, 'number')}"


@_validator("bool")
def _v_bool(p: Param, value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


@_validator("str")
def _v_str(p: Param, value: Any) -> str | None:
    return None if isinstance(value, str) else "expected text"


@_validator("choice")
def _v_choice(p: Param, value: Any) -> str | None:
    if value in p.choices:
        return None
    shown = [c for c in p.choices if c is not None or not p.takes_null]  # null is said once, by validate_value
    return "expected one of " + ", ".join(repr(c) for c in shown)


@_validator("ints")
def _v_ints(p: Param, value: Any) -> str | None:
    return _check_ints(p, value)


@_validator("axes")
def _v_axes(p: Param, value: Any) -> str | None:
    items = value if isinstance(value, (list, tuple)) else [value]
    if items and all(_is_int(v) for v in items):
        return None
    return "expected an axis (an integer) or a list of axes"


@_validator("shape")
def _v_shape(p: Param, value: Any) -> str | None:
    low = 1 if p.min is None else p.min
    if isinstance(value, (list, tuple)) and all(v is None or (_is_int(v) and v >= low) for v in value):
        return None
    if low == -1:
        return "expected a list of positive integers, one of which may be -1 (worked out from the input size)"
    return "expected a list of positive integers (or null for a free size)"


@_validator("activation")
def _v_activation(p: Param, value: Any) -> str | None:
    if isinstance(value, str) and value in ACTIVATIONS:
        return None
    return "expected an activation name such as 'relu', 'sigmoid' or 'softmax'"


@_validator("initializer")
def _v_initializer(p: Param, value: Any) -> str | None:
    return check_serialized(value, INITIALIZERS, "initializer", "'glorot_uniform'")


@_validator("regularizer")
def _v_regularizer(p: Param, value: Any) -> str | None:
    return check_serialized(value, REGULARIZERS, "regularizer", "{'class_name': 'L2', 'config': {'l2': 0.01}}")


@_validator("constraint")
def _v_constraint(p: Param, value: Any) -> str | None:
    return check_serialized(value, CONSTRAINTS, "constraint", "'non_neg'")


@_validator("layer")
def _v_layer(p: Param, value: Any) -> str | None:
    def name_ok(text: Any) -> bool:
        return isinstance(text, str) and text.isidentifier() and not keyword.iskeyword(text)

    if (
        isinstance(value, dict)
        and name_ok(value.get("class_name"))
        and isinstance(value.get("config", {}), dict)
        and all(name_ok(k) for k in value.get("config", {}))
    ):
        return None
    return "expected a layer such as {'class_name': 'LSTM', 'config': {'units': 32}}"


@_validator("any")
def _v_any(p: Param, value: Any) -> str | None:
    return None


def _text_of(p: Param, value: Any, what: str) -> str | None:
    if isinstance(value, str) and value.strip() and "\x00" not in value:
        return None
    return f"expected {what}"


@_validator("text")
def _v_text(p: Param, value: Any) -> str | None:
    return _text_of(p, value, "text that is not blank")


@_validator("path")
def _v_path(p: Param, value: Any) -> str | None:
    return _text_of(p, value, "a file or folder path")


@_validator("size")
def _v_size(p: Param, value: Any) -> str | None:
    count = p.size or 2
    if isinstance(value, (list, tuple)) and len(value) == count and all(_is_int(v) and _in_bounds(p, v) for v in value):
        return None
    bounds = _bounds(p)
    return f"expected a list of {count} integers" + (f" {bounds}" if bounds else "")


def validate_value(p: Param, value: Any) -> str | None:
    """Why `value` does not suit `p` ("expected ..."), or None when it does."""
    if value is None and p.takes_null:
        return None
    message = _VALIDATORS[p.kind](p, value)
    if message and p.takes_null and message.startswith("expected "):
        message += ", or null"
    return message


def describe(value: Any) -> str:
    """A found value as error messages show it (Python's spelling), shortened."""
    text = repr(value) if not isinstance(value, (list, tuple)) else str(list(value))
    return text if len(text) <= 60 else text[:57] + "..."


def refusal(p: Param, value: Any) -> str | None:
    """`validate_value`'s answer with the value found: "expected a positive integer, got 0"."""
    message = validate_value(p, value)
    return None if message is None else f"{message}, got {describe(value)}"


def normalize(p: Param, value: Any) -> Any:
    """A valid value as Python code is given it: a float for a number, a tuple for a size."""
    if value is None:
        return None
    if p.kind == "float":
        return float(value)
    if p.kind == "size":
        return tuple(value)
    return value


def named(params: dict[str, Param]) -> dict[str, Param]:
    """`params` with each Param carrying its key as its name (tables written as {name: Param(...)})."""
    return {key: replace(p, name=key) for key, p in params.items()}
