"""Layer specifications: what a layer takes, how its output shape is worked out, its help.

Pure data; nothing here imports Keras. A layer's arguments are `nnbuilder.document.params.Param`s, the
one vocabulary of settings that training settings and dataset options use too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nnbuilder.document.params import Param

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
