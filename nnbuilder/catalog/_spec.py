"""Layer and parameter specifications: what a layer takes, its bounds, its help.

Pure data and validation; nothing here imports Keras.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nnbuilder.catalog._choices import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS, check_serialized
from nnbuilder.locale.param_help_zh import param_help_zh

REQUIRED = object()
"""Default marker for a parameter that has no default in Keras."""

# Parameter kinds understood by validation, the inspector and code export.
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
)


@dataclass(frozen=True)
class Param:
    """One constructor argument of a Keras layer."""

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

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r} for {self.name!r}")

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

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
            out["help_zh"] = param_help_zh(self.help)
        if self.min_exclusive:
            out["min_exclusive"] = True
        if self.max_exclusive:
            out["max_exclusive"] = True
        return out


Dim = int | None  # one axis of a tensor shape, None where unknown
Shape = tuple[Dim, ...]  # a tensor shape, batch axis first
Config = dict[str, Any]  # a node's layer config, as JSON holds it
Fix = dict[str, Any]  # a machine-readable suggestion (see nnbuilder.checking.fixes)


@dataclass(frozen=True)
class Inferred:
    """What shape inference found for one node."""

    shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    warnings: tuple[LayerProblem, ...] = ()  # LayerProblems of severity "warning": it builds, but is likely a mistake


class LayerProblem(Exception):
    """Raised by a shape function when a node cannot work as configured.

    `code` is a stable machine-readable identifier, `param` the offending
    parameter (if any), `port` the offending input (if any), and `fixes` a list of
    machine-readable suggestions (see nnbuilder.checking.fixes).
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        expected: str | None = None,
        found: str | None = None,
        param: str | None = None,
        port: int | None = None,
        fixes: list[Fix] | None = None,
        severity: str = "error",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.expected = expected
        self.found = found
        self.param = param
        self.port = port
        self.fixes = fixes or []
        self.severity = severity


InferFn = Callable[[Config, list[Shape]], Inferred]


@dataclass(frozen=True)
class LayerSpec:
    """Everything nnbuilder knows about one Keras layer class."""

    name: str  # the Keras class name, e.g. "Conv2D"
    category: str
    display: str
    inputs: tuple[int, int | None]  # (min, max) number of inputs; max None means unbounded
    params: tuple[Param, ...]
    help_en: str
    help_zh: str
    infer: InferFn | None = None
    starter: Config = field(default_factory=dict)  # config of a node fresh from the palette
    sample_inputs: tuple[Shape, ...] = ()  # input shapes that suit `starter`, for previews and tests
    palette: bool = True

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    def defaults(self) -> Config:
        """Keras defaults of every parameter that has one."""
        return {p.name: p.default for p in self.params if not p.required}

    def full_config(self, config: Config) -> Config:
        """`config` with every missing default filled in."""
        merged = self.defaults()
        merged.update(config)
        return merged

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "display": self.display,
            "inputs": list(self.inputs),
            "help": {"en": self.help_en, "zh": self.help_zh},
            "params": [p.to_dict() for p in self.params],
            "starter": dict(self.starter),
        }


# ---------------------------------------------------------------- validation


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bounds_phrase(p: Param, noun: str) -> str:
    if p.min == 0 and p.min_exclusive and p.max is None:
        return f"a positive {noun}"
    if p.min == 0 and not p.min_exclusive and p.max is None:
        return f"a non-negative {noun}"
    if p.min == 1 and not p.min_exclusive and p.max is None and noun == "integer":
        return "a positive integer"
    parts = []
    if p.min is not None:
        parts.append(f"{'>' if p.min_exclusive else '>='} {p.min:g}")
    if p.max is not None:
        parts.append(f"{'<' if p.max_exclusive else '<='} {p.max:g}")
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}" + (f" {' and '.join(parts)}" if parts else "")


def _in_bounds(p: Param, value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
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
    return "expected one of " + ", ".join(repr(c) for c in p.choices)


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


def validate_value(p: Param, value: Any) -> str | None:
    """Return why `value` is not acceptable for `p`, or None when it is."""
    if value is None and (p.nullable or (not p.required and p.default is None)):
        return None
    return _VALIDATORS[p.kind](p, value)
