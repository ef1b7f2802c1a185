"""Checking an operation node: a call of a keras.ops function (`layer: "Op"`, the function in `op`).

Its tensors come from edges that name the argument they feed (`arg: "x1"`; `port` orders a list
argument's tensors), its other arguments sit in `config`. Shapes come from the op table's pure-Python
rules; an op outside the table (or a case its rule leaves open) is worked out by Keras, symbolically.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from nnbuilder.catalog._op_rule_tools import NeedsKeras
from nnbuilder.catalog._spec import LayerProblem, Shape
from nnbuilder.catalog.operations import OpSpec, get_op_spec, operand_shapes
from nnbuilder.checking._node_inputs import collect_tensor_args
from nnbuilder.checking.keras_layers import infer_op_with_keras
from nnbuilder.document.params import refusal
from nnbuilder.document.project import Node
from nnbuilder.document.safe_layers import UNSAFE_OPS
from nnbuilder.document.trust import OPT_IN, is_trusted, op_refusal
from nnbuilder.locale.problem_words import Phrase, Words, say

if TYPE_CHECKING:
    from nnbuilder.checking._model_check import ModelCheck


def check_op_node(check: ModelCheck, node: Node) -> None:
    """Check one Op node and record its outputs' shapes (problems named by node and argument)."""
    op = node.op or ""
    reason = op_refusal(op)
    if reason is not None and not is_trusted(check.project):
        why = Words("op_unsafe", {"op": op, "why": Phrase(UNSAFE_OPS[op])}, reason)
        message = Words("unsafe", {"node": node.id, "reason": why, "opt_in": Phrase(OPT_IN)})
        check.problem(node, "unsafe", message, expected="a keras.ops function that takes no Python code", found=op)
        return
    spec = get_op_spec(op)
    example = spec.tensor_params[0].name if spec is not None else "x"
    for edge in check.edges_into.get(node.id, []):
        if edge.arg is None:
            check.problem(
                node,
                "op_edge_arg",
                say("op_edge_arg", source=edge.source, op=op, example=example),
                expected="an edge with 'arg'",
                found="no arg",
                edge=edge.to_dict(),
            )
            return
    tensors = collect_tensor_args(check, node)
    if tensors is None:
        return
    check.nodes[node.id].input_shapes = [shape for shapes in tensors.values() for shape in shapes]
    if spec is not None and not _arguments_fit(check, node, spec, tensors):
        return
    if not tensors:  # nothing symbolic to call it on: Keras would compute (and allocate) it right away
        check.problem(node, "unconnected", say("op_no_tensor", op=op), expected="an edge with 'arg'", found="none")
        return
    try:
        shapes = _infer(spec, op, node.config, tensors)
    except LayerProblem as problem:
        check.report_layer_problem(node, problem)
        return
    check.nodes[node.id].set_outputs(shapes, spec.output_names(len(shapes)) if spec is not None else ())


def _arguments_fit(check: ModelCheck, node: Node, spec: OpSpec, tensors: dict[str, list[Shape]]) -> bool:
    """Every argument is one the function takes, given once, in the form it takes; False when reported."""
    op, config = spec.name, node.config
    takes = ", ".join(spec.argument_names())
    tensor_names = ", ".join(t.name for t in spec.tensor_params)
    for key, value in config.items():
        tensor, param = spec.tensor_param(key), spec.param(key)
        if tensor is None and param is None:
            check.problem(node, "param", say("op_no_param", op=op, key=key, known=takes), param=key, found=key)
            return False
        if tensor is not None and not tensor.constant:
            check.problem(node, "op_tensor_only", say("op_tensor_only", op=op, arg=key), param=key, found=repr(value))
            return False
        if tensor is not None and key in tensors:
            check.problem(node, "op_twice", say("op_twice", op=op, arg=key), param=key)
            return False
        if tensor is not None and not isinstance(value, (bool, int, float)):
            found = json.dumps(value)
            check.problem(node, "op_constant", say("op_constant", op=op, arg=key, found=found), param=key, found=found)
            return False
        message = refusal(param, value) if param is not None else None
        if message:
            check.problem(node, "param", say("param", key=key, problem=Phrase(message)), param=key, found=repr(value))
            return False
    for arg, shapes in tensors.items():
        tensor = spec.tensor_param(arg)
        if tensor is None:
            check.problem(node, "op_not_tensor", say("op_not_tensor", op=op, arg=arg, known=tensor_names), found=arg)
            return False
        if not tensor.many and len(shapes) > 1:
            check.problem(node, "op_one_tensor", say("op_one_tensor", op=op, arg=arg, count=len(shapes)))
            return False
    for tensor in spec.tensor_params:
        if tensor.name not in tensors and tensor.name not in config:
            check.problem(node, "op_missing", say("op_missing", op=op, arg=tensor.name), expected=tensor.name)
            return False
    for param in spec.params:
        if param.required and param.name not in config:
            check.problem(node, "required", say("required", layer=f"ops.{op}", name=param.name), param=param.name)
            return False
    return True


def _infer(spec: OpSpec | None, op: str, config: dict[str, Any], tensors: dict[str, list[Shape]]) -> tuple[Shape, ...]:
    if spec is not None:
        operands: dict[str, Any] = {
            arg: shapes if (t := spec.tensor_param(arg)) is not None and t.many else shapes[0]
            for arg, shapes in tensors.items()
        }
        try:
            return spec.infer(spec.full_config(config), operand_shapes(spec, config, operands))
        except NeedsKeras:
            pass
    found = _keras_shapes(op, json.dumps(config, sort_keys=True), json.dumps(tensors, sort_keys=True))
    if isinstance(found, LayerProblem):
        raise found
    return found


@functools.lru_cache(maxsize=4096)
def _keras_shapes(op: str, config: str, tensors: str) -> tuple[Shape, ...] | LayerProblem:
    """Keras' answer for one call (memoised: an unchanged node is not traced again)."""
    shapes = {arg: [tuple(s) for s in lists] for arg, lists in json.loads(tensors).items()}
    try:
        return infer_op_with_keras(op, json.loads(config), shapes)
    except LayerProblem as problem:
        return problem
