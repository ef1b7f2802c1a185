"""What `check()` returns: per-node shapes, parameter counts and diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nnbuilder.catalog._spec import Fix, Shape
from nnbuilder.locale.problem_words import LANGUAGES, said


@dataclass
class Diagnostic:
    """One problem, located at a node (and an edge or a field where it applies).

    `code` is stable and machine-readable; `fixes` are suggestions that
    `nnbuilder.apply_fix` can carry out, e.g. {"action": "insert", "layer": "Flatten", ...}.
    `message` reads in English; `say(language)` gives it in another language ("zh").
    """

    code: str
    message: str
    model: str
    node: str | None = None
    severity: str = "error"
    expected: str | None = None
    found: str | None = None
    path: str | None = None
    param: str | None = None
    edge: dict[str, Any] | None = None
    fixes: list[Fix] = field(default_factory=list)

    def __str__(self) -> str:
        return self.located("en")

    def say(self, language: str) -> str:
        """The message in `language` ("en" or "zh")."""
        return said(self.message, language)

    def located(self, language: str) -> str:
        """The message in `language`, after the model and node it is about: "model/node: message"."""
        where = f"{self.model}/{self.node}" if self.node else self.model
        return f"{where}: {self.say(language)}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "message": str(self.message),
            "model": self.model,
            "severity": self.severity,
        }
        out["messages"] = {language: self.say(language) for language in LANGUAGES}
        for key in ("node", "expected", "found", "path", "param", "edge"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["fixes"] = [dict(f) for f in self.fixes]
        return out


@dataclass
class NodeCheck:
    """Shapes and parameter counts of one node; shapes have the batch axis first."""

    id: str
    layer: str
    input_shapes: list[Shape | None] = field(default_factory=list)
    output_shape: Shape | None = None  # the first output's shape (the one most layers have)
    output_shapes: list[Shape] = field(default_factory=list)  # every output's shape: an LSTM's states follow
    output_names: list[str] = field(default_factory=list)  # a name per output ("" for the first), when known
    trainable: int = 0
    non_trainable: int = 0
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    def set_outputs(self, shapes: Sequence[Shape], names: Sequence[str] = ()) -> None:
        """Record the shapes of the node's outputs (the first one is also `output_shape`) and, when known,
        their names (`names`: "" for the first, then state_h, state_c, ...: as the exported code names them)."""
        self.output_shapes = [tuple(s) for s in shapes]
        self.output_shape = self.output_shapes[0] if self.output_shapes else None
        self.output_names = list(names) if len(names) == len(self.output_shapes) else []

    def count_weights(self, trainable: int, non_trainable: int, frozen: bool) -> None:
        """Record the node's weights; a frozen node (config `trainable: false`) trains none of them, as in Keras."""
        self.trainable, self.non_trainable = (0, trainable + non_trainable) if frozen else (trainable, non_trainable)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "input_shapes": [list(s) if s is not None else None for s in self.input_shapes],
            "output_shape": list(self.output_shape) if self.output_shape is not None else None,
            "output_shapes": [list(s) for s in self.output_shapes],
            **({"output_names": list(self.output_names)} if len(self.output_shapes) > 1 and self.output_names else {}),
            "trainable": self.trainable,
            "non_trainable": self.non_trainable,
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass
class CheckResult:
    """Results for every model of a project: `models[name][node_id]` is a NodeCheck."""

    models: dict[str, dict[str, NodeCheck]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    recomputed: int = 0  # nodes whose inference ran (not served from the cache)

    @property
    def errors(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def node(self, node_id: str, model: str | None = None) -> NodeCheck:
        if model is None:
            if len(self.models) != 1:
                raise KeyError("several models: name the model")
            model = next(iter(self.models))
        return self.models[model][node_id]

    def totals(self, model: str) -> tuple[int, int]:
        """(trainable, non-trainable) parameters of one model."""
        nodes = self.models[model].values()
        return sum(n.trainable for n in nodes), sum(n.non_trainable for n in nodes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "models": {m: {i: n.to_dict() for i, n in nodes.items()} for m, nodes in self.models.items()},
            "problems": [p.to_dict() for p in self.problems],
        }
