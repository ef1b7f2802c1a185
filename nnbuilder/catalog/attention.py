"""Attention layers: MultiHeadAttention."""

from __future__ import annotations

import dataclasses

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import fmt, prod, to_sequence_fixes
from nnbuilder.catalog._spec import ArgShapes, Config, Dim, Inferred, LayerProblem, LayerSpec, Shape, TensorArg
from nnbuilder.document.params import Param, describe

_PORTS = ("query", "value", "key")


def _check_input(shape: Shape, port: int) -> None:
    name = _PORTS[port]
    if len(shape) < 3:
        raise LayerProblem(
            "rank",
            f"MultiHeadAttention expects a sequence (batch, steps, features) as {name}, "
            f"but input {port} is {fmt(shape)}",
            expected="a sequence (batch, steps, features)",
            found=fmt(shape),
            port=port,
            fixes=to_sequence_fixes(shape),
        )
    if shape[-1] is None:
        raise LayerProblem(
            "unknown_size",
            f"MultiHeadAttention needs the number of features (last axis) of its {name} to be known, got {fmt(shape)}",
            expected="a known number of features",
            found=fmt(shape),
            port=port,
        )


def _attention_axes(cfg: Config, rank: int) -> tuple[int, ...]:
    """Attended axes of a rank-`rank` input (batch and feature axes excluded)."""
    value = cfg["attention_axes"]
    if value is None:
        return tuple(range(1, rank - 1))
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    axes = tuple(a if a >= 0 else rank + a for a in items)
    if not items or any(not 1 <= a <= rank - 2 for a in axes):
        raise LayerProblem(
            "param",
            f"MultiHeadAttention: attention_axes {describe(value)} must be axes between the batch and the "
            f"feature axis, i.e. from 1 to {rank - 2} for rank-{rank} inputs",
            expected=f"axes from 1 to {rank - 2}",
            found=describe(value),
            param="attention_axes",
        )
    return axes


def _multi_head_attention(cfg: Config, inputs: list[Shape]) -> Inferred:
    if not 2 <= len(inputs) <= 3:
        raise LayerProblem(
            "inputs",
            f"MultiHeadAttention takes a query, a value and optionally a key (2 or 3 inputs), got {len(inputs)}",
            expected="2 or 3 inputs",
            found=str(len(inputs)),
        )
    if cfg["flash_attention"] and cfg["dropout"] > 0:
        raise LayerProblem(
            "param",
            "MultiHeadAttention: flash attention does not support dropout; set dropout to 0 or turn "
            "flash_attention off",
            expected="dropout=0 with flash_attention",
            found=f"dropout={cfg['dropout']}",
            param="dropout",
            fixes=[{"action": "set", "param": "dropout", "value": 0.0, "label": "Set dropout to 0.0"}],
        )
    query, value = inputs[0], inputs[1]
    key = inputs[2] if len(inputs) == 3 else value
    for port, shape in enumerate(inputs):
        _check_input(shape, port)
    for port, shape in enumerate(inputs[1:], 1):
        if len(shape) != len(query):
            raise LayerProblem(
                "rank",
                f"MultiHeadAttention: the {_PORTS[port]} {fmt(shape)} must have the rank of the query {fmt(query)}",
                expected=f"rank {len(query)}",
                found=fmt(shape),
                port=port,
            )
    if len(inputs) == 3 and tuple(value[1:-1]) != tuple(key[1:-1]):
        raise LayerProblem(
            "merge_shape",
            f"MultiHeadAttention: key {fmt(key)} and value {fmt(value)} must have the same sizes on every "
            "axis but the last (an unknown size only matches an unknown size)",
            expected=fmt((*value[:-1], key[-1])),
            found=fmt(key),
            port=2,
        )
    rank = len(query)
    attended = _attention_axes(cfg, rank)
    for i in range(1, rank - 1):
        q, v = query[i], value[i]
        if i not in attended and q is not None and v is not None and q != v:
            raise LayerProblem(
                "merge_shape",
                f"MultiHeadAttention: axis {i} is not attended, so query {fmt(query)} and value {fmt(value)} "
                f"must agree on it ({q} vs {v})",
                expected=f"size {q} on axis {i}",
                found=fmt(value),
                port=1,
            )
    heads: int = cfg["num_heads"]
    key_dim: int = cfg["key_dim"]
    value_dim: int = cfg["value_dim"] or key_dim
    out = cfg["output_shape"]
    out = () if not out else (out,) if isinstance(out, int) else tuple(out)
    out = out or (query[-1],)
    bias = cfg["use_bias"]

    def projection(fan_in: Dim, per_head: int) -> int:
        assert fan_in is not None  # _check_input refused unknown features
        return fan_in * heads * per_head + (heads * per_head if bias else 0)

    count = projection(query[-1], key_dim) + projection(key[-1], key_dim) + projection(value[-1], value_dim)
    if cfg["use_gate"]:
        count += projection(query[-1], value_dim)
    count += heads * value_dim * prod(out) + (prod(out) if bias else 0)
    return Inferred((*query[:-1], *out), count)


def _multi_head_attention_call(cfg: Config, inputs: list[Shape], call: Config, tensors: ArgShapes) -> Inferred:
    """The output, and with return_attention_scores the scores: (batch, <axes not attended>, heads,
    <the query's attended axes>, <the key's attended axes>), i.e. (batch, heads, Tq, Tv) for sequences."""
    result = _multi_head_attention(cfg, inputs)
    if not call.get("return_attention_scores"):
        return result
    query, key = inputs[0], inputs[-1]  # the last input is the key, or the value when no key is given
    attended = _attention_axes(cfg, len(query))
    kept = tuple(query[i] for i in range(1, len(query) - 1) if i not in attended)
    scores = (query[0], *kept, cfg["num_heads"], *(query[i] for i in attended), *(key[i] for i in attended))
    return dataclasses.replace(result, more=(scores,))


def _attention_output_names(cfg: Config, call: Config) -> tuple[str, ...]:
    return ("", "scores") if call.get("return_attention_scores") else ("",)


def _mask(name: str, what: str, what_zh: str) -> TensorArg:
    return TensorArg(name, 1, 1, f"Booleans: which {what} to attend to.", f"布尔值：要关注哪些{what_zh}。")


SPECS = [
    LayerSpec(
        "MultiHeadAttention",
        "attention",
        "Multi-Head Attention",
        (2, 3),
        (
            Param("num_heads", "int", min=1, key=True, help="Number of attention heads."),
            Param("key_dim", "int", min=1, key=True, help="Size of each head for query and key."),
            Param(
                "value_dim",
                "int",
                None,
                nullable=True,
                min=1,
                advanced=True,
                help="Size of each head for value; none means key_dim.",
            ),
            Param(
                "dropout",
                "float",
                0.0,
                min=0,
                max=1,
                max_exclusive=True,
                help="Fraction of the attention weights dropped during training.",
            ),
            c.use_bias(),
            Param(
                "output_shape",
                "ints",
                None,
                nullable=True,
                min=1,
                advanced=True,
                help="Size of the output features; none means the query's feature size.",
            ),
            Param(
                "attention_axes",
                "axes",
                None,
                nullable=True,
                advanced=True,
                help="Axes attended over; none means all axes between batch and features.",
            ),
            Param(
                "sliding_window",
                "int",
                None,
                nullable=True,
                min=1,
                advanced=True,
                help="Attend only to positions closer than this (a local band); none attends everywhere.",
            ),
            Param(
                "flash_attention",
                "bool",
                None,
                nullable=True,
                advanced=True,
                help="Use flash attention when possible; none follows Keras' global setting.",
            ),
            *c.weights("kernel", "glorot_uniform"),
            *c.weights("bias", "zeros"),
            c.activity_regularizer(),
            Param(
                "use_gate",
                "bool",
                False,
                advanced=True,
                help="Gate the attention output with a sigmoid projection of the query.",
            ),
            c.seed(),
        ),
        "Multi-head attention: each query position gathers information from the value sequence "
        "(port 0 query, port 1 value, optional port 2 key; connect one tensor to both for self-attention).",
        "多头注意力：查询的每个位置从值序列中汇集信息（端口 0 为查询，端口 1 为值，可选端口 2 为键；"
        "同一张量接到两个端口即为自注意力）。",
        _multi_head_attention,
        starter={"num_heads": 2, "key_dim": 16},
        sample_inputs=((None, 10, 32), (None, 10, 32)),
        call_params=(
            Param(
                "use_causal_mask",
                "bool",
                False,
                help="Let each position attend only to itself and earlier positions (a decoder's mask).",
                help_zh="每个位置只关注自身和之前的位置（解码器的掩码）。",
            ),
            Param(
                "return_attention_scores",
                "bool",
                False,
                help="Also return the attention scores (batch, heads, query steps, value steps) as a second output.",
                help_zh="同时把注意力分数（批, 头, 查询步, 值步）作为第二个输出返回。",
            ),
        ),
        tensor_args=(
            TensorArg(
                "attention_mask",
                1,
                1,
                "Booleans (batch, query steps, value steps): which pairs of positions may attend.",
                "布尔值（批, 查询步, 值步）：哪些位置对之间可以关注。",
            ),
            _mask("query_mask", "query positions", "查询位置"),
            _mask("value_mask", "value positions", "值的位置"),
            _mask("key_mask", "key positions", "键的位置"),
        ),
        infer_call=_multi_head_attention_call,
        output_names=_attention_output_names,
    ),
]
