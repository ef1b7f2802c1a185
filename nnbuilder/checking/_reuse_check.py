"""Checks of nodes that reuse something: another node's layer (a shared layer) or another model (a Model node)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnbuilder.catalog._shapes import fmt
from nnbuilder.catalog._spec import Shape
from nnbuilder.checking.result import NodeCheck
from nnbuilder.document.project import Node
from nnbuilder.locale.problem_words import say

if TYPE_CHECKING:
    from nnbuilder.checking._model_check import ModelCheck


def shared_root(check: ModelCheck, node: Node) -> Node | None:
    """The node that owns the layer `node` calls (`node` itself unless it shares one); None (reported) when wrong."""
    if node.shares is None:
        return node
    root = check.by_id.get(node.shares)
    if root is None:
        check.problem(
            node,
            "shared",
            say("shared_missing", node=node.id, shares=node.shares),
            expected="the id of a node of this model",
            found=repr(node.shares),
        )
        return None
    if root.shares is not None or root.layer != node.layer:
        check.problem(
            node,
            "shared",
            say("shared_kind", node=node.id, root=root.id, layer=node.layer),
            expected=node.layer,
            found=root.layer,
        )
        return None
    return root


def check_shared_inputs(check: ModelCheck) -> None:
    """A shared layer is built for its first input: every call must feed the same sizes."""
    for node in check.graph.nodes:
        root = check.by_id.get(node.shares) if node.shares else None
        if root is None or check.nodes[node.id].output_shape is None or check.nodes[root.id].output_shape is None:
            continue
        mine, theirs = check.nodes[node.id].input_shapes, check.nodes[root.id].input_shapes
        if len(mine) != len(theirs) or not all(map(_compatible, mine, theirs)):
            shown = ", ".join(fmt(s) for s in mine)
            check.problem(
                node,
                "shared",
                say(
                    "shared_inputs",
                    node=node.id,
                    root=root.id,
                    mine=shown,
                    theirs=", ".join(fmt(s) for s in theirs),
                ),
                expected=", ".join(fmt(s) for s in theirs),
                found=shown,
            )


def check_model_node(check: ModelCheck, node: Node, inputs: list[Shape]) -> None:
    """A Model node calls another model of the project: its inputs must fit that model; its outputs are
    the model's outputs, in order (output ports 0, 1, ...)."""
    model = node.model
    sub = check.project.models.get(model) if model is not None else None
    sub_nodes = check.result.models.get(model) if model is not None else None
    if model is None or sub is None or sub_nodes is None or model == check.name:
        check.problem(node, "model_ref", say("model_ref_here", model=node.model), found=node.model)
        return
    for port, (given, input_id) in enumerate(zip(inputs, sub.input_ids())):
        wanted = sub_nodes[input_id].output_shape
        if wanted is None or not _compatible(given, wanted):
            check.problem(
                node,
                "input_mismatch",
                say("model_input_mismatch", model=node.model, wanted=fmt(wanted), port=port, given=fmt(given)),
                expected=fmt(wanted),
                found=fmt(given),
            )
            return
    outs = [_output_shape(sub_nodes.get(node_id), output) for node_id, output in sub.output_refs()]
    if not outs or any(out is None for out in outs):
        check.problem(node, "model_ref", say("model_ref_broken", model=node.model))
        return
    entry = check.nodes[node.id]
    entry.set_outputs([(inputs[0][0], *out[1:]) for out in outs if out is not None])  # the batch size is the caller's
    if node.model not in check.counted_models:
        entry.count_weights(
            sum(n.trainable for n in sub_nodes.values()),
            sum(n.non_trainable for n in sub_nodes.values()),
            node.config.get("trainable") is False,
        )
    check.counted_models.add(model)


def _output_shape(entry: NodeCheck | None, output: int) -> Shape | None:
    """Shape of output number `output` of a checked node, None when unknown."""
    if entry is None or output >= len(entry.output_shapes):
        return None
    return entry.output_shapes[output]


def _compatible(given: Shape | None, wanted: Shape | None) -> bool:
    assert given is not None and wanted is not None, "compared only once both nodes have their input shapes"
    if len(given) != len(wanted):
        return False
    return all(a is None or b is None or a == b for a, b in zip(given[1:], wanted[1:]))
