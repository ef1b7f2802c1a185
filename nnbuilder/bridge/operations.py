"""Op nodes and Keras: calling `keras.ops.<op>` for a node, checking an op outside the table with Keras,
and reading a Keras model's operations (`x + y`, `ops.mean(x, axis=1)`, `x[:, 0]`) back as Op nodes.

A Keras operation becomes an Op node only when calling `keras.ops.<function>` with the arguments the node
keeps gives the same operation again: the same class, the same config and the same call, on tensors of
the same shapes. Anything else is refused with a sentence that names the operation.
"""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any

from nnbuilder.bridge._config import NotJson, json_form, plain
from nnbuilder.catalog._spec import LayerProblem, Shape
from nnbuilder.catalog.op_keys import decode_key, encode_key, holds_key
from nnbuilder.catalog.operations import LIST_PARAMS, get_op_spec
from nnbuilder.document.project import Node
from nnbuilder.document.safe_layers import UNSAFE_OPS
from nnbuilder.document.validation import OP_LAYER
from nnbuilder.errors import UnsupportedModelError, first_line
from nnbuilder.locale.problem_words import say

TensorsByArg = dict[str, list[Any]]  # argument name -> its tensors, ordered by port


def function_name(class_name: str) -> str:
    """The keras.ops function of an operation class: Add -> add, GetItem -> get_item, Relu6 -> relu6."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", class_name).lower()


@functools.lru_cache(maxsize=512)
def op_function(name: str):
    """`keras.ops.<name>` when it is a public function there, else None."""
    import keras

    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        return None
    fn = getattr(keras.ops, name, None)
    return fn if inspect.isfunction(fn) or inspect.isbuiltin(fn) else None


def takes_list(op: str, arg: str) -> bool:
    """Whether the argument `arg` of `keras.ops.<op>` takes a list of tensors."""
    spec = get_op_spec(op)
    if spec is not None:
        tensor = spec.tensor_param(arg)
        return tensor is not None and tensor.many
    fn = op_function(op)
    if fn is not None:
        param = inspect.signature(fn).parameters.get(arg)
        if param is not None and param.kind == param.VAR_POSITIONAL:
            return True
    return arg in LIST_PARAMS


def _arguments(op: str, config: dict, tensors_by_arg: TensorsByArg) -> tuple[list, dict]:
    """Positional and keyword arguments of `keras.ops.<op>` for a node's config and tensors."""
    fn = op_function(op)
    values: dict[str, Any] = {}
    for key, value in config.items():
        values[key] = decode_key(value) if holds_key(op, key) else value
    for arg, tensors in tensors_by_arg.items():
        values[arg] = list(tensors) if takes_list(op, arg) else tensors[0]
    parameters = list(inspect.signature(fn).parameters.values())
    var = next((p for p in parameters if p.kind == p.VAR_POSITIONAL and p.name in values), None)
    args: list = []
    for param in parameters:
        if param is var:
            args.extend(values.pop(param.name))
            break
        if param.name in values and (var is not None or param.kind == param.POSITIONAL_ONLY):
            args.append(values.pop(param.name))  # before *operands, arguments go by position (einsum's subscripts)
    return args, values


def call_op(op: str, config: dict, tensors_by_arg: TensorsByArg, name: str | None = None) -> list:
    """Call `keras.ops.<op>` on symbolic tensors; returns its outputs as a list. The operation made is
    named `name` (a node id), so it never clashes with a layer Keras named alike ("add")."""
    import keras

    fn = op_function(op)
    if fn is None:
        raise ValueError(f"keras.ops has no function {op!r}")
    if not any(tensors_by_arg.values()):  # it would compute (and allocate) right away, not symbolically
        raise ValueError(f"ops.{op} gets no tensor; an operation computes on the tensors its edges bring")
    args, kwargs = _arguments(op, config, tensors_by_arg)
    result = fn(*args, **kwargs)
    outputs = list(result) if isinstance(result, (list, tuple)) else [result]
    given = {id(t) for tensors in tensors_by_arg.values() for t in tensors}
    if name is not None:
        for tensor in outputs:
            if isinstance(tensor, keras.KerasTensor) and id(tensor) not in given:
                tensor._keras_history[0].name = name
    return outputs


def infer_op_with_keras(op: str, config: dict, shapes_by_arg: dict[str, list[Shape]]) -> tuple[Shape, ...]:
    """Output shapes of `keras.ops.<op>` on symbolic inputs of these shapes; raises LayerProblem."""
    import keras

    if op_function(op) is None:
        raise LayerProblem("op_unknown", say("op_unknown", op=op), found=op)
    tensors = {arg: [keras.KerasTensor(tuple(s)) for s in shapes] for arg, shapes in shapes_by_arg.items()}
    try:
        outputs = call_op(op, config, tensors)
    except Exception as exc:
        raise LayerProblem("keras", say("keras_refused", layer=f"ops.{op}", reason=first_line(exc))) from None
    if not all(isinstance(t, keras.KerasTensor) for t in outputs):
        raise LayerProblem("keras", say("keras_refused", layer=f"ops.{op}", reason="it gives no tensor"))
    return tuple(tuple(t.shape) for t in outputs)


# ---------------------------------------------------------------- reading a Keras model's operations


def op_node(operation, node, node_id: str) -> tuple[Node, list[tuple[str, int, Any]]]:
    """The Op node of one call of a Keras operation that is not a layer, and its feeds: (argument, port,
    tensor) each; raises UnsupportedModelError with one sentence naming the operation when it cannot be carried."""
    import keras

    cls = type(operation)
    fn_name = function_name(cls.__name__)
    shown = f"{cls.__name__} ({operation.name})"
    if fn_name in UNSAFE_OPS:
        raise UnsupportedModelError(f"ops.{fn_name} {UNSAFE_OPS[fn_name]}, which projects never carry", operation.name)
    fn = op_function(fn_name)
    if fn is None or not cls.__module__.startswith("keras.src.ops."):
        raise UnsupportedModelError(
            f"{cls.__name__} is not a keras.layers class, and no function of keras.ops itself makes it, so projects "
            "cannot carry it",
            operation.name,
        )
    cannot = f"the keras.ops call {fn_name}(...) of {shown} cannot be written as a project op"
    try:
        config = _no_name(operation.get_config())
        bound = _bound(operation, node)
    except Exception:
        raise UnsupportedModelError(cannot, operation.name) from None
    call_parameters = inspect.signature(cls.call).parameters
    for key, value in list(bound.items()):
        if call_parameters[key].kind == inspect.Parameter.VAR_KEYWORD:
            bound.pop(key)
            bound.update(value)
    values = {**config, **bound}
    parameters = inspect.signature(fn).parameters
    kept: dict = {}
    tensors: list[tuple[str, int, Any]] = []
    for key, value in values.items():
        param = parameters.get(key)
        if param is None or param.kind == param.VAR_KEYWORD:
            raise UnsupportedModelError(f"{cannot}: ops.{fn_name} has no argument {key!r}", operation.name)
        found = _tensors_in(value)
        if found is not None:
            tensors += [(key, port, t) for port, t in enumerate(found)]
            continue
        if any(isinstance(leaf, keras.KerasTensor) for leaf in keras.tree.flatten(value)):
            raise UnsupportedModelError(f"{cannot}: its {key!r} mixes tensors and values", operation.name)
        json_value = _json_value(fn_name, key, value, shown, operation.name)
        if param.default is not inspect.Parameter.empty and _same(json_value, plain(param.default)):
            continue
        kept[key] = json_value
    _verify(operation, node, fn_name, kept, tensors, cannot)
    return Node(node_id, OP_LAYER, kept, op=fn_name), tensors


def _tensors_in(value) -> list | None:
    """The tensors of a tensor argument (one, or a non-empty list of them), or None for a value."""
    import keras

    if isinstance(value, keras.KerasTensor):
        return [value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, keras.KerasTensor) for v in value):
        return list(value)
    return None


def _json_value(fn_name: str, key: str, value, shown: str, layer_name: str):
    import numpy as np

    if isinstance(value, np.ndarray):
        raise UnsupportedModelError(
            f"{shown} holds a NumPy array constant as {key!r}, which projects do not carry", layer_name
        )
    if holds_key(fn_name, key):
        try:
            return encode_key(value)
        except ValueError as exc:
            raise UnsupportedModelError(
                f"{shown} indexes with a key projects cannot carry: {exc}", layer_name
            ) from None
    try:
        return json_form(value)
    except NotJson:
        raise UnsupportedModelError(
            f"{shown} holds a {type(value).__name__} as {key!r}, which projects do not carry", layer_name
        ) from None


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def _skeleton(value):
    """A call's arguments with each tensor replaced by its shape and dtype, sequences as lists."""
    import keras

    if isinstance(value, keras.KerasTensor):
        return ("tensor", tuple(value.shape), str(value.dtype))
    if isinstance(value, (list, tuple)):
        return [_skeleton(v) for v in value]
    if isinstance(value, dict):
        return {k: _skeleton(v) for k, v in value.items()}
    if isinstance(value, slice):
        return ("slice", value.start, value.stop, value.step)
    value = plain(value)  # a NumPy scalar as the number it holds: the outputs' dtypes are compared too
    return (type(value).__name__, value) if value is not None else None


def _verify(operation, node, fn_name: str, config: dict, tensors: list, cannot: str) -> None:
    """Call keras.ops.<fn_name> again on fresh tensors of the same specs: the same operation must result."""
    import keras

    fresh: dict[str, list] = {}
    for arg, _, tensor in tensors:
        fresh.setdefault(arg, []).append(keras.KerasTensor(tensor.shape, dtype=tensor.dtype))
    try:
        outputs = call_op(fn_name, config, fresh)
    except Exception as exc:
        raise UnsupportedModelError(f"{cannot}: calling it again fails ({first_line(exc)})", operation.name) from None
    made = {id(t._keras_history[0]) for t in outputs if isinstance(t, keras.KerasTensor)}
    if len(made) != 1:
        raise UnsupportedModelError(f"{cannot}: calling it again gives no single operation", operation.name)
    again = outputs[0]._keras_history[0]
    original = keras.tree.flatten(node.outputs)
    same = (
        type(again) is type(operation)
        and plain(_no_name(again.get_config())) == plain(_no_name(operation.get_config()))
        and _skeleton(_bound(again, again._inbound_nodes[-1])) == _skeleton(_bound(operation, node))
        and [(tuple(t.shape), str(t.dtype)) for t in outputs] == [(tuple(t.shape), str(t.dtype)) for t in original]
    )
    if not same:
        raise UnsupportedModelError(f"{cannot}: calling it again gives a different operation", operation.name)


def _no_name(config: dict) -> dict:
    return {k: v for k, v in config.items() if k != "name"}


def _bound(operation, node) -> dict:
    """The arguments of one call of an operation by name, `self` left out."""
    call = inspect.signature(type(operation).call)
    out = dict(call.bind(None, *node.arguments.args, **node.arguments.kwargs).arguments)
    out.pop(next(iter(call.parameters)))  # self
    return out


def is_operation(obj) -> bool:
    """Whether a model's operation is a keras.ops call (`x + y`) rather than a layer."""
    import keras

    return not isinstance(obj, keras.layers.Layer)


def operation_tensors(node) -> list:
    """The input tensors of one call of an operation, in argument order."""
    import keras

    leaves = keras.tree.flatten((list(node.arguments.args), dict(node.arguments.kwargs)))
    return [t for t in leaves if isinstance(t, keras.KerasTensor)]
