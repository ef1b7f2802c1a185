"""The Bidirectional wrapper: a recurrent layer run forwards and backwards over a sequence."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape, TensorArg
from nnbuilder.catalog.recurrent import MASK_ARG, run_rnn, state_names, states
from nnbuilder.catalog.recurrent import SPECS as RNN_SPECS
from nnbuilder.document.params import Param, describe, validate_value
from nnbuilder.document.setting_choices import MERGE_MODES

_WRAPPABLE = {s.name: s for s in RNN_SPECS}  # the recurrent layers it can wrap, by name
_NESTED_EXTRA = {"name", "trainable", "dtype"}  # accepted in a nested config besides the spec's params


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
    spec = _WRAPPABLE[name]
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
    out, fwd_weights = run_rnn(fwd_name, fwd, shape, where="Bidirectional")
    _, bwd_weights = run_rnn(bwd_name, bwd, shape, where="Bidirectional")
    both_states = states(fwd_name, fwd, shape[0]) + states(bwd_name, bwd, shape[0])
    mode = cfg["merge_mode"]
    if mode == "concat":
        units = out[-1]  # known: it is the layer's units
        assert units is not None
        out = (*out[:-1], 2 * units)
    elif mode is None:  # the forward and the backward outputs, as two tensors
        return Inferred(out, fwd_weights + bwd_weights, 0, more=(out, *both_states))
    return Inferred(out, fwd_weights + bwd_weights, 0, more=both_states)


def _bidirectional_output_names(cfg: Config, call: Config) -> tuple[str, ...]:
    inner = cfg.get("layer")
    name = inner.get("class_name") if isinstance(inner, dict) else None
    config = (inner.get("config") or {}) if isinstance(inner, dict) else {}
    outputs = ("", "backward") if cfg.get("merge_mode", "concat") is None else ("",)
    if not config.get("return_state") or name not in _WRAPPABLE:
        return outputs
    names = state_names(name)
    return (*outputs, *(f"forward_{s}" for s in names), *(f"backward_{s}" for s in names))


SPECS = [
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
        tensor_args=(
            TensorArg(
                "initial_state",
                2,
                4,
                "The forward states, then the backward states, to start from.",
                "起始状态：先是正向的状态，再是反向的状态。",
            ),
            MASK_ARG,
        ),
        output_names=_bidirectional_output_names,
    ),
]
