"""Recurrent layers: SimpleRNN, LSTM, GRU and the Bidirectional wrapper."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import expect_rank, fmt, kind, set_fix, to_sequence_fixes
from nnbuilder.catalog._spec import Config, InferFn, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param, describe, validate_value
from nnbuilder.document.setting_choices import MERGE_MODES

_SEQUENCE = kind(3)
_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}
_WRAPPABLE = tuple(_GATES)
_NESTED_EXTRA = {"name", "trainable", "dtype"}  # accepted in a nested config besides the spec's params


def _sequence_in(layer: str, shape: Shape) -> None:
    """Check that `shape` is a (batch, steps, features) sequence with known features."""
    expect_rank(layer, shape, (3,), _SEQUENCE, fixes=to_sequence_fixes(shape))
    if shape[-1] is None:
        raise LayerProblem(
            "unknown_size",
            f"{layer} needs the number of features (last axis) of its input to be known, got {fmt(shape)}",
            expected="a known number of features",
            found=fmt(shape),
            port=0,
        )


def _run_rnn(layer: str, cfg: Config, shape: Shape, where: str | None = None) -> tuple[Shape, int]:
    """(output shape, trainable count) of an RNN layer `layer` on `shape`."""
    owner = where or layer
    _sequence_in(owner, shape)
    if cfg["stateful"] and shape[0] is None:
        raise LayerProblem(
            "param",
            f"{owner}: stateful=True needs a fixed batch size, but the input {fmt(shape)} has a free batch "
            "axis; set batch_size on the Input or turn stateful off",
            expected="a known batch size",
            found=fmt(shape),
            param="stateful" if where is None else "layer",
            fixes=[set_fix("stateful", False)] if where is None else [],
        )
    units, features = cfg["units"], shape[-1]
    gates = _GATES[layer]
    weights = gates * units * (features + units)
    if cfg["use_bias"]:
        bias = gates * units
        if layer == "GRU" and cfg["reset_after"]:
            bias *= 2  # separate input and recurrent biases
        weights += bias
    out = (shape[0], shape[1], units) if cfg["return_sequences"] else (shape[0], units)
    return out, weights


def _refuse_states(layer: str, cfg: Config, count: int, param: str = "return_state") -> None:
    """Raise when the layer would return its states too: a node carries one tensor."""
    if not cfg["return_state"]:
        return
    fix = set_fix("return_state", False) if param == "return_state" else None
    raise LayerProblem(
        "multi_output",
        f"{layer} with return_state=True returns {count} state tensor(s) besides its output; "
        "a node carries one tensor, so turn return_state off",
        expected="return_state=False",
        found="return_state=True",
        param=param,
        fixes=[fix] if fix else [],
    )


def _rnn_infer(layer: str) -> InferFn:
    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        (shape,) = inputs
        out, weights = _run_rnn(layer, cfg, shape)
        _refuse_states(layer, cfg, 2 if layer == "LSTM" else 1)
        return Inferred(out, weights, 0)

    return infer


# ------------------------------------------------------------ Bidirectional


def _nested(value: Any, param: str) -> tuple[str, Config]:
    """(class name, full config) of a nested layer, checked against its spec."""
    if not isinstance(value, dict) or not isinstance(value.get("class_name"), str):
        raise LayerProblem(
            "param",
            f"Bidirectional: {param} must be a recurrent layer such as "
            "{'class_name': 'LSTM', 'config': {'units': 32}}",
            expected="a SimpleRNN, LSTM or GRU layer",
            found=describe(value),
            param=param,
        )
    name, config = value["class_name"], value.get("config") or {}
    if name not in _WRAPPABLE:
        raise LayerProblem(
            "param",
            f"Bidirectional can only wrap a recurrent layer (SimpleRNN, LSTM or GRU), not {name}",
            expected="SimpleRNN, LSTM or GRU",
            found=name,
            param=param,
        )
    spec = _BY_NAME[name]
    for p in spec.params:
        if p.required and p.name not in config:
            raise LayerProblem(
                "param",
                f"Bidirectional: the {name} in {param} needs {p.name}",
                expected=f"a value for {p.name}",
                found="nothing",
                param=param,
            )
    for key, item in config.items():
        setting = spec.param(key)
        if setting is None:
            if key in _NESTED_EXTRA:
                continue
            raise LayerProblem(
                "param",
                f"Bidirectional: {name} has no setting {key!r}",
                expected=f"settings of {name}",
                found=key,
                param=param,
            )
        why = validate_value(setting, item)
        if why:
            raise LayerProblem(
                "param",
                f"Bidirectional: {name}.{key} in {param}: {why}",
                expected=why.removeprefix("expected "),
                found=describe(item),
                param=param,
            )
    return name, spec.full_config(config)


def _bidirectional(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    fwd_name, fwd = _nested(cfg["layer"], "layer")
    if cfg["backward_layer"] is None:
        bwd_name, bwd = fwd_name, dict(fwd, go_backwards=True)
    else:
        bwd_name, bwd = _nested(cfg["backward_layer"], "backward_layer")
    if fwd["go_backwards"] == bwd["go_backwards"]:
        param = "layer" if cfg["backward_layer"] is None else "backward_layer"
        raise LayerProblem(
            "param",
            "Bidirectional needs one layer reading forwards and one backwards, but both have "
            f"go_backwards={fwd['go_backwards']}",
            expected="go_backwards=False on layer and True on backward_layer",
            found=f"go_backwards={fwd['go_backwards']} on both",
            param=param,
        )
    for attr in ("stateful", "return_sequences", "return_state", "units"):
        if fwd[attr] != bwd[attr]:
            raise LayerProblem(
                "param",
                f"Bidirectional: layer and backward_layer must have the same {attr}, "
                f"got {fwd[attr]!r} and {bwd[attr]!r}",
                expected=f"{attr}={fwd[attr]!r}",
                found=f"{attr}={bwd[attr]!r}",
                param="backward_layer",
            )
    out, fwd_weights = _run_rnn(fwd_name, fwd, shape, where="Bidirectional")
    _, bwd_weights = _run_rnn(bwd_name, bwd, shape, where="Bidirectional")
    _refuse_states("Bidirectional", fwd, 4 if fwd_name == "LSTM" else 2, "layer")
    mode = cfg["merge_mode"]
    if mode == "concat":
        units = out[-1]  # known: it is the layer's units
        assert units is not None
        out = (*out[:-1], 2 * units)
    elif mode is None:
        raise LayerProblem(
            "multi_output",
            "Bidirectional with merge_mode=None returns the forward and backward outputs as two tensors; "
            "a node carries one, so choose a merge mode",
            expected="a merge mode (concat, sum, mul or ave)",
            found="None",
            param="merge_mode",
            fixes=[set_fix("merge_mode", "concat")],
        )
    return Inferred(out, fwd_weights + bwd_weights, 0)


# ------------------------------------------------------------ specs


def _rnn_params(layer: str) -> tuple[Param, ...]:
    gated = layer != "SimpleRNN"
    out = [
        Param("units", "int", min=1, key=True, help="Size of the hidden state and of each output."),
        c.activation("tanh", key=False),
    ]
    if gated:
        out.append(
            Param(
                "recurrent_activation",
                "activation",
                "sigmoid",
                nullable=True,
                advanced=True,
                help="Function used by the gates.",
            )
        )
    out += [
        c.use_bias(),
        *c.weights("kernel", "glorot_uniform"),
        *c.weights("recurrent", "orthogonal"),
        *c.weights("bias", "zeros"),
        c.activity_regularizer(),
    ]
    if layer == "LSTM":
        out.append(
            Param(
                "unit_forget_bias",
                "bool",
                True,
                advanced=True,
                help="Start the forget gate bias at 1, so the cell remembers early in training.",
            )
        )
    if layer == "GRU":
        out.append(
            Param(
                "reset_after",
                "bool",
                True,
                advanced=True,
                help="Apply the reset gate after the matrix product (cuDNN style, two bias sets).",
            )
        )
    out += [
        Param(
            "dropout",
            "float",
            0.0,
            min=0,
            max=1,
            max_exclusive=True,
            help="Fraction of the inputs dropped at each step during training.",
        ),
        Param(
            "recurrent_dropout",
            "float",
            0.0,
            min=0,
            max=1,
            max_exclusive=True,
            advanced=True,
            help="Fraction of the recurrent state dropped at each step during training.",
        ),
        Param(
            "return_sequences",
            "bool",
            False,
            key=True,
            help="Return the output of every step (for stacking RNNs), not only the last.",
        ),
        Param("return_state", "bool", False, advanced=True, help="Also return the final state tensors."),
        Param("go_backwards", "bool", False, advanced=True, help="Read the sequence from the end."),
        Param(
            "stateful",
            "bool",
            False,
            advanced=True,
            help="Carry the state from one batch to the next (needs a fixed batch size).",
        ),
        Param(
            "unroll",
            "bool",
            False,
            advanced=True,
            help="Unroll the loop: faster for short sequences, uses more memory.",
        ),
        c.seed(),
    ]
    if gated:
        out.append(
            Param(
                "use_cudnn",
                "choice",
                "auto",
                choices=("auto", True, False),
                advanced=True,
                help="Use the fast cuDNN kernel on a GPU when the settings allow it.",
            )
        )
    return tuple(out)


SPECS = [
    LayerSpec(
        "SimpleRNN",
        "recurrent",
        "Simple RNN",
        (1, 1),
        _rnn_params("SimpleRNN"),
        "Fully connected recurrent layer: the output of each step is fed back into the next.",
        "全连接循环层：每一步的输出都会反馈到下一步。",
        _rnn_infer("SimpleRNN"),
        starter={"units": 32},
        sample_inputs=((None, 20, 16),),
    ),
    LayerSpec(
        "LSTM",
        "recurrent",
        "LSTM",
        (1, 1),
        _rnn_params("LSTM"),
        "Long short-term memory: a recurrent layer with gates that keep information over long sequences.",
        "长短期记忆网络：带门控的循环层，能在长序列中保留信息。",
        _rnn_infer("LSTM"),
        starter={"units": 64},
        sample_inputs=((None, 20, 16),),
    ),
    LayerSpec(
        "GRU",
        "recurrent",
        "GRU",
        (1, 1),
        _rnn_params("GRU"),
        "Gated recurrent unit: a lighter gated recurrent layer than LSTM.",
        "门控循环单元：比 LSTM 更轻量的门控循环层。",
        _rnn_infer("GRU"),
        starter={"units": 64},
        sample_inputs=((None, 20, 16),),
    ),
    LayerSpec(
        "Bidirectional",
        "recurrent",
        "Bidirectional",
        (1, 1),
        (
            Param(
                "layer",
                "layer",
                key=True,
                help="The recurrent layer (SimpleRNN, LSTM or GRU) run in both directions.",
            ),
            Param(
                "merge_mode",
                "choice",
                "concat",
                choices=MERGE_MODES,
                nullable=True,
                key=True,
                help="How the forward and backward outputs are combined; none keeps both.",
            ),
            Param(
                "backward_layer",
                "layer",
                None,
                nullable=True,
                advanced=True,
                help="A separate layer for the backward pass (go_backwards=True); none copies layer.",
            ),
        ),
        "Runs a recurrent layer forwards and backwards over the sequence and combines both outputs.",
        "让循环层分别正向和反向读取序列，并合并两个方向的输出。",
        _bidirectional,
        starter={"layer": {"class_name": "LSTM", "config": {"units": 32}}},
        sample_inputs=((None, 20, 16),),
    ),
]

_BY_NAME = {s.name: s for s in SPECS if s.name in _WRAPPABLE}
