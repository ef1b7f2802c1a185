"""Recurrent layers: SimpleRNN, LSTM and GRU (the Bidirectional wrapper is in `bidirectional`)."""

from __future__ import annotations

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import expect_rank, fmt, kind, known_features, set_fix, to_sequence_fixes
from nnbuilder.catalog._spec import (
    ArgShapes,
    CallInferFn,
    Config,
    Dim,
    InferFn,
    Inferred,
    LayerProblem,
    LayerSpec,
    OutputNamesFn,
    Shape,
    TensorArg,
)
from nnbuilder.document.params import Param

_SEQUENCE = kind(3)
_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}  # weight sets of each layer


def run_rnn(layer: str, cfg: Config, shape: Shape, where: str | None = None) -> tuple[Shape, int]:
    """(output shape, trainable count) of an RNN layer `layer` on the (batch, steps, features) `shape`;
    `where` names the layer that holds it (Bidirectional) in problems."""
    owner = where or layer
    expect_rank(owner, shape, (3,), _SEQUENCE, fixes=to_sequence_fixes(shape))
    features = known_features(owner, shape)
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
    units = cfg["units"]
    gates = _GATES[layer]
    weights = gates * units * (features + units)
    if cfg["use_bias"]:
        bias = gates * units
        if layer == "GRU" and cfg["reset_after"]:
            bias *= 2  # separate input and recurrent biases
        weights += bias
    out = (shape[0], shape[1], units) if cfg["return_sequences"] else (shape[0], units)
    return out, weights


def _state_count(layer: str) -> int:
    """How many state tensors the layer keeps: an LSTM its h and c, the others one."""
    return 2 if layer == "LSTM" else 1


def states(layer: str, cfg: Config, batch: Dim) -> tuple[Shape, ...]:
    """Shapes of the state tensors returned after the output (none without return_state)."""
    return ((batch, cfg["units"]),) * _state_count(layer) if cfg["return_state"] else ()


def state_names(layer: str) -> tuple[str, ...]:
    return ("state_h", "state_c") if layer == "LSTM" else ("state",)


def _check_tensor_args(layer: str, cfg: Config, shape: Shape, tensors: ArgShapes) -> None:
    """An initial state must have the state's shape (batch, units); a mask is (batch, steps)."""
    units = cfg["units"]
    for port, state in enumerate(tensors.get("initial_state", [])):
        if len(state) != 2 or state[-1] not in (None, units):
            raise LayerProblem(
                "input_mismatch",
                f"{layer}: initial_state {port} must be a state {fmt((shape[0], units))}, got {fmt(state)}",
                expected=fmt((shape[0], units)),
                found=fmt(state),
            )
    for mask in tensors.get("mask", []):
        if len(mask) != 2 or None not in (mask[1], shape[1]) and mask[1] != shape[1]:
            raise LayerProblem(
                "input_mismatch",
                f"{layer}: the mask must be {fmt(shape[:2])} (one flag per step), got {fmt(mask)}",
                expected=fmt(shape[:2]),
                found=fmt(mask),
            )


def _rnn_infer_call(layer: str) -> CallInferFn:
    def infer(cfg: Config, inputs: list[Shape], call: Config, tensors: ArgShapes) -> Inferred:
        (shape,) = inputs
        out, weights = run_rnn(layer, cfg, shape)
        _check_tensor_args(layer, cfg, shape, tensors)
        return Inferred(out, weights, 0, more=states(layer, cfg, shape[0]))

    return infer


def _rnn_infer(layer: str) -> InferFn:
    with_call = _rnn_infer_call(layer)

    def infer(cfg: Config, inputs: list[Shape]) -> Inferred:
        return with_call(cfg, inputs, {}, {})

    return infer


def _rnn_output_names(layer: str) -> OutputNamesFn:
    def names(cfg: Config, call: Config) -> tuple[str, ...]:
        return ("", *state_names(layer)) if cfg.get("return_state") else ("",)

    return names


def _rnn_tensor_args(layer: str) -> tuple[TensorArg, ...]:
    count = _state_count(layer)
    return (
        TensorArg(
            "initial_state",
            count,
            count,
            f"The state to start from ({'h and c' if count == 2 else 'one tensor'}), e.g. an encoder's final state.",
            f"起始状态（{'h 和 c' if count == 2 else '一个张量'}），例如编码器的最终状态。",
        ),
        MASK_ARG,
    )


MASK_ARG = TensorArg("mask", 1, 1, "Which steps to read: (batch, steps) booleans.", "要读取的时间步：(批, 步) 布尔值。")

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
            "zero_output_for_mask",
            "bool",
            False,
            advanced=True,
            help="At masked steps of a returned sequence, output zeros instead of repeating the last output.",
            help_zh="在返回的序列中，被遮蔽的时间步输出零，而不是重复上一步的输出。",
        ),
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
        tensor_args=_rnn_tensor_args("SimpleRNN"),
        infer_call=_rnn_infer_call("SimpleRNN"),
        output_names=_rnn_output_names("SimpleRNN"),
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
        tensor_args=_rnn_tensor_args("LSTM"),
        infer_call=_rnn_infer_call("LSTM"),
        output_names=_rnn_output_names("LSTM"),
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
        tensor_args=_rnn_tensor_args("GRU"),
        infer_call=_rnn_infer_call("GRU"),
        output_names=_rnn_output_names("GRU"),
    ),
]
