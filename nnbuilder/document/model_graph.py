"""One model of a project as the file holds it: its nodes (layer calls), the edges between them, and
the order of its inputs and outputs. Plain dataclasses with `to_dict`/`from_dict`; reading a model
validates every node and edge (`validation`) and names the node a problem is in.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from nnbuilder.document.validation import read_edge, read_graph_lists, read_node
from nnbuilder.errors import ProjectError


@dataclass
class Node:
    """One layer call on the canvas. `config` holds Keras constructor arguments
    that differ from Keras' defaults; `shares` names a node whose layer (and so
    weights) this one reuses; `model` names a project model used as a layer; `op` names the
    keras.ops function of an Op node; `call` holds the JSON arguments of the call itself
    (``{"use_causal_mask": true}``), besides the tensors its edges bring."""

    id: str
    layer: str
    config: dict[str, Any] = field(default_factory=dict)
    pos: list[float] = field(default_factory=lambda: [0, 0])
    label: str | None = None
    shares: str | None = None
    model: str | None = None
    op: str | None = None
    call: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "layer": self.layer,
            "config": copy.deepcopy(self.config),
            "pos": list(self.pos),
        }
        for key in ("label", "shares", "model", "op"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.call:
            out["call"] = copy.deepcopy(self.call)
        return out


@dataclass
class Edge:
    """A tensor flowing from output number `output` of `source` into `target`.

    Without `arg` it feeds input number `port` of the call's main inputs; with it, the call argument
    of that name (``initial_state``, ``mask``...), `port` then ordering the tensors inside it."""

    source: str
    target: str
    port: int = 0
    output: int = 0
    arg: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "target": self.target, "port": self.port}
        if self.output:
            out["output"] = self.output
        if self.arg is not None:
            out["arg"] = self.arg
        return out

    @property
    def slot(self) -> tuple[str, str | None, int]:
        """(target, arg, port): what the edge feeds; one edge per slot."""
        return (self.target, self.arg, self.port)


OutputEntry = str | dict[str, Any]  # a model output: a node id (its output 0) or {"node": id, "output": k}


def output_ref(entry: OutputEntry) -> tuple[str, int]:
    """(node id, output number) of one entry of a model's `outputs`."""
    if isinstance(entry, str):
        return entry, 0
    return str(entry["node"]), int(entry.get("output", 0))


@dataclass
class Graph:
    """One model: its nodes and edges. `inputs`/`outputs` fix their order when
    given; otherwise inputs are the Input nodes and outputs (output 0 of) the nodes
    nothing reads from, in node order."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    inputs: list[str] | None = None
    outputs: list[OutputEntry] | None = None

    def node(self, node_id: str) -> Node | None:
        for n in self.nodes:
            if n.id == node_id:
                return n
        return None

    def index(self, node_id: str) -> int:
        for i, n in enumerate(self.nodes):
            if n.id == node_id:
                return i
        raise KeyError(node_id)

    def input_edges(self, node_id: str, arg: str | None = None) -> list[Edge]:
        """Edges into `node_id` that feed its main inputs (or, given `arg`, that call argument), by port."""
        return sorted((e for e in self.edges if e.target == node_id and e.arg == arg), key=lambda e: e.port)

    def call_args(self, node_id: str) -> list[str]:
        """Names of the call arguments that edges feed into `node_id`, in order of first appearance."""
        return list(dict.fromkeys(e.arg for e in self.edges if e.target == node_id and e.arg is not None))

    def output_entries(self) -> list[OutputEntry]:
        """The model's outputs as the file writes them: the explicit list, or the nodes nothing reads."""
        if self.outputs is not None:
            return copy.deepcopy(self.outputs)
        read = {e.source for e in self.edges}
        return [n.id for n in self.nodes if n.id not in read]

    def output_refs(self) -> list[tuple[str, int]]:
        """The model's outputs as (node id, output number) pairs."""
        return [output_ref(entry) for entry in self.output_entries()]

    def output_ids(self) -> list[str]:
        """Ids of the nodes whose outputs are the model's outputs (once per output)."""
        return [node_id for node_id, _ in self.output_refs()]

    def input_ids(self) -> list[str]:
        if self.inputs is not None:
            return list(self.inputs)
        return [n.id for n in self.nodes if n.layer == "Input"]

    def new_id(self, base: str) -> str:
        """A node id based on `base` that no node has yet: `base` in lower case with each character outside
        a-z, 0-9 and _ made _, then _1, _2… as Keras names layers (the browser's node-ids.ts follows it)."""
        stem = re.sub(r"[^A-Za-z0-9_]", "_", base).lower() or "node"
        taken = {n.id for n in self.nodes}
        if stem not in taken:
            return stem
        i = 1
        while f"{stem}_{i}" in taken:
            i += 1
        return f"{stem}_{i}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"nodes": [n.to_dict() for n in self.nodes], "edges": [e.to_dict() for e in self.edges]}
        if self.inputs is not None:
            out["inputs"] = list(self.inputs)
        if self.outputs is not None:
            out["outputs"] = copy.deepcopy(self.outputs)
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "graph", trust: bool = False) -> Graph:
        """Validate and read one model; without `trust`, only layers safe to build from a file pass."""
        raw_nodes, raw_edges, inputs, outputs = read_graph_lists(data, path)
        nodes = [_read_node(raw, f"{path}.nodes[{i}]", path, trust) for i, raw in enumerate(raw_nodes)]
        seen: dict[str, int] = {}
        for i, node in enumerate(nodes):
            if node.id in seen:
                raise ProjectError(
                    f"duplicate node id {node.id!r} (also nodes[{seen[node.id]}])",
                    f"{path}.nodes[{i}].id",
                    f"{path}, node {node.id!r} ({node.layer}), id",
                )
            seen[node.id] = i
        edges = [Edge(**read_edge(raw, f"{path}.edges[{i}]", seen)) for i, raw in enumerate(raw_edges)]
        taken: dict[tuple[str, str | None, int], int] = {}
        for i, edge in enumerate(edges):
            if edge.slot in taken:
                what = f"input {edge.port}" if edge.arg is None else f"{edge.arg} {edge.port}"
                raise ProjectError(
                    f"{what} of {edge.target!r} is already fed by edges[{taken[edge.slot]}]", f"{path}.edges[{i}]"
                )
            taken[edge.slot] = i
        listed = (("inputs", list(inputs or [])), ("outputs", [output_ref(o)[0] for o in outputs or []]))
        for key, ids in listed:
            for i, node_id in enumerate(ids):
                if node_id not in seen:
                    raise ProjectError(
                        f"expected the id of a node of this model, got {node_id!r}", f"{path}.{key}[{i}]"
                    )
        for i, node in enumerate(nodes):
            if node.shares is not None and node.shares not in seen:
                raise ProjectError(
                    f"expected the id of a node of this model, got {node.shares!r}", f"{path}.nodes[{i}].shares"
                )
        return cls(nodes, edges, inputs, outputs)


def _read_node(raw: Any, where: str, model_path: str, trust: bool) -> Node:
    """One node; a problem inside it is said by the node's id and layer, which people know it by
    ("models.model, node 'dense_1' (Dense), config.units"), its `path` staying the index path."""
    try:
        return Node(**read_node(raw, where, trust))
    except ProjectError as exc:
        node_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(node_id, str) or not exc.path or not exc.path.startswith(where):
            raise
        layer = raw.get("layer")
        named = f"{model_path}, node {node_id!r}" + (f" ({layer})" if isinstance(layer, str) else "")
        rest = exc.path[len(where) :].lstrip(".")
        raise ProjectError(exc.detail, exc.path, f"{named}, {rest}" if rest else named) from None
