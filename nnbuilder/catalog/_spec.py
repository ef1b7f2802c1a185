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
ArgShapes = dict[str, list[Shape]]  # by call argument, the shapes of the tensors edges naming it bring


@dataclass(frozen=True)
class Inferred:
    """What shape inference found for one node."""

    shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    warnings: tuple[LayerProblem, ...] = ()  # LayerProblems of severity "warning": it builds, but is likely a mistake
    more: tuple[Shape, ...] = ()  # the shapes of the outputs after the first (an LSTM's states)

    @property
    def shapes(self) -> tuple[Shape, ...]:
        """Every output's shape, the first one first."""
        return (self.shape, *self.more)


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
# a layer whose outputs depend on its call: (config, main input shapes, call arguments, tensor arguments' shapes)
CallInferFn = Callable[[Config, list[Shape], Config, ArgShapes], Inferred]
OutputNamesFn = Callable[[Config, Config], tuple[str, ...]]  # (config, call) -> a name per output, "" for the first


@dataclass(frozen=True)
class TensorArg:
    """A call argument that takes tensors from edges (`arg` on the edge): `initial_state`, `mask`..."""

    name: str
    min: int = 1  # how many tensors it takes when given
    max: int | None = 1
    help: str = ""
    help_zh: str = ""


# call arguments that take a list of tensors even when given one (an RNN's single state)
LIST_CALL_ARGS = frozenset({"initial_state"})

# Call arguments every Keras layer takes (its __call__ handles them)
COMMON_CALL_PARAMS = (
    Param(
        "training",
        "bool",
        None,
        nullable=True,
        help="Run the layer as in training (dropout on) or not, whatever the model is doing.",
        help_zh="无论模型处于何种状态，都按训练（开启 dropout）或推理方式运行这个层。",
    ),
)


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
    call_params: tuple[Param, ...] = ()  # JSON arguments of the call (a node's `call`) besides `training`
    tensor_args: tuple[TensorArg, ...] = ()  # call arguments fed by edges that name them (`arg`)
    infer_call: CallInferFn | None = None  # used instead of `infer` when the call matters to the outputs
    output_names: OutputNamesFn | None = None  # names of the outputs, for code: `enc, enc_state_h, ...`

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None

    def names_of_outputs(self, config: Config, call: Config) -> tuple[str, ...]:
        """A name per output of a node with this layer and `config` called with `call` ("" for the first)."""
        return self.output_names(self.full_config(config), call) if self.output_names is not None else ("",)

    def tensor_arg(self, name: str) -> TensorArg | None:
        for t in self.tensor_args:
            if t.name == name:
                return t
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
            "call_params": [p.to_dict() for p in self.call_params],
            "tensor_args": [
                {"name": t.name, "min": t.min, "max": t.max, "help": {"en": t.help, "zh": t.help_zh}}
                for t in self.tensor_args
            ],
        }
