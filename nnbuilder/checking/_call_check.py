"""Checking what a node's call takes besides its main inputs: JSON call arguments (`call`) and the
tensors of edges that name a call argument (`arg`, e.g. an RNN's `initial_state`)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from nnbuilder.catalog import get_spec
from nnbuilder.catalog._spec import COMMON_CALL_PARAMS, ArgShapes, LayerSpec
from nnbuilder.checking.keras_layers import introspect
from nnbuilder.document.params import Param, describe, validate_value
from nnbuilder.document.project import Node
from nnbuilder.document.trust import MODEL_LAYER
from nnbuilder.locale.problem_words import Phrase, say

if TYPE_CHECKING:
    from nnbuilder.checking._model_check import ModelCheck


def _call_spec(layer: str) -> LayerSpec | None:
    """The spec that lists the call arguments of `layer` (None for a Model node: only `training`)."""
    if layer == MODEL_LAYER:
        return None
    return get_spec(layer) or introspect(layer)


def check_call(check: ModelCheck, node: Node, layer: str, tensors: ArgShapes) -> bool:
    """True when every call argument of `node` (a call of a `layer`) is one the layer takes, with a
    fitting value or number of tensors; otherwise the first problem is reported."""
    if not node.call and not tensors:
        return True
    spec = _call_spec(layer)
    params: tuple[Param, ...] = COMMON_CALL_PARAMS if spec is None else (*spec.call_params, *COMMON_CALL_PARAMS)
    tensor_names = [t.name for t in spec.tensor_args] if spec is not None else []
    known = [p.name for p in params] + tensor_names
    for key, value in node.call.items():
        param = next((p for p in params if p.name == key), None)
        if param is None:
            _unknown(check, node, layer, key, known)
            return False
        why = validate_value(param, value)
        if why:
            check.problem(
                node,
                "call_arg",
                say("call_value", key=key, problem=Phrase(why)),
                expected=why.removeprefix("expected ").split(", got")[0],
                found=describe(value),
            )
            return False
        if key in tensors:
            check.problem(node, "call_arg", say("call_twice", key=key), expected="one of the two", found="both")
            return False
    for arg, shapes in tensors.items():
        taken = spec.tensor_arg(arg) if spec is not None else None
        if taken is None:
            _unknown(check, node, layer, arg, known)
            return False
        if len(shapes) < taken.min or (taken.max is not None and len(shapes) > taken.max):
            wanted = str(taken.min) if taken.max == taken.min else f"{taken.min} to {taken.max or 'any'}"
            check.problem(
                node,
                "call_arg",
                say("arg_count", layer=layer, arg=arg, wanted=wanted, count=len(shapes)),
                expected=f"{wanted} tensors",
                found=str(len(shapes)),
            )
            return False
    return True


def _unknown(check: ModelCheck, node: Node, layer: str, key: str, known: list[str]) -> None:
    close = difflib.get_close_matches(key, known, 1)
    listed = ", ".join(known) or "-"
    message = (
        say("call_unknown_close", layer=layer, key=key, close=close[0])
        if close
        else say("call_unknown", layer=layer, key=key, known=listed)
    )
    check.problem(node, "call_arg", message, expected=close[0] if close else listed, found=key)
