"""Helper layers of keras.applications models that import as operation nodes instead of layers.

InceptionResNetV2's `CustomScaleLayer(scale)` computes `x + r * scale` on `[x, r]` and has no weights,
so two Op nodes say exactly what it does: `{id}_scaled = r * scale`, then `{id} = x + {id}_scaled`.
Known by module and class name, never by name alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnbuilder.document.project import Edge, Node
from nnbuilder.document.trust import OP_LAYER
from nnbuilder.errors import UnsupportedModelError

SCALED_SUM = ("keras.src.applications.inception_resnet_v2", "CustomScaleLayer")

SourceOf = Callable[[Any], tuple[str, int]]  # a tensor -> (node id, output index) in the graph being built


def is_scaled_sum(op: Any) -> bool:
    """Whether `op` is InceptionResNetV2's CustomScaleLayer."""
    return (type(op).__module__, type(op).__name__) == SCALED_SUM


def scaled_sum_nodes(
    op: Any, call: Any, node_id: str, taken: set[str], source_of: SourceOf
) -> tuple[list[Node], list[Edge]]:
    """The two Op nodes and their edges for one call of a CustomScaleLayer; the sum keeps `node_id`, so
    what reads the layer reads the sum. `taken` holds the names in use (the new node's id joins it)."""
    import keras  # type: ignore[import-untyped]

    tensors = [t for t in keras.tree.flatten(list(call.arguments.args)) if isinstance(t, keras.KerasTensor)]
    scale = op.scale
    if len(tensors) != 2 or call.arguments.kwargs or isinstance(scale, bool) or not isinstance(scale, (int, float)):
        raise UnsupportedModelError("is a CustomScaleLayer called other than on [x, r] with a number as scale", op.name)
    scaled_id = f"{node_id}_scaled"
    i = 1
    while scaled_id in taken:
        i += 1
        scaled_id = f"{node_id}_scaled_{i}"
    taken.add(scaled_id)
    nodes = [
        Node(scaled_id, OP_LAYER, {"x2": scale}, op="multiply"),
        Node(node_id, OP_LAYER, {}, op="add"),
    ]
    x_source, x_output = source_of(tensors[0])
    r_source, r_output = source_of(tensors[1])
    edges = [
        Edge(r_source, scaled_id, 0, r_output, "x1"),
        Edge(x_source, node_id, 0, x_output, "x1"),
        Edge(scaled_id, node_id, 0, 0, "x2"),
    ]
    return nodes, edges
