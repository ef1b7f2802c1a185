"""The project document (format v2): graphs of layers, data and training settings.

Plain dataclasses with `to_dict`/`from_dict`; loading validates every field and
names the exact path of a bad one. Nothing here imports Keras or widgets.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnbuilder.document.data_section import data_problems
from nnbuilder.document.files import PathArg, write_atomic
from nnbuilder.document.json_data import data_problem, parse
from nnbuilder.document.search_section import read_search
from nnbuilder.document.training_choices import DEFAULTS as TRAINING_DEFAULTS
from nnbuilder.document.training_settings import training_problems
from nnbuilder.document.trust import is_trusted
from nnbuilder.document.validation import (
    FORMAT,
    VERSION,
    check_header,
    migrate,
    read_edge,
    read_graph_lists,
    read_node,
)
from nnbuilder.document.weights_file import Weights, read_weights, write_weights
from nnbuilder.errors import ProjectError
from nnbuilder.locale.problem_words import Words, say

# The settings a new project writes: the rest of the training section is filled in from the same
# defaults when it is read (training_settings.normalize_training).
NEW_PROJECT_TRAINING = (
    "recipe",
    "optimizer",
    "loss",
    "metrics",
    "epochs",
    "batch_size",
    "validation_split",
    "callbacks",
)


def default_training() -> dict[str, Any]:
    """Training settings a new project starts with."""
    return {key: copy.deepcopy(TRAINING_DEFAULTS[key]) for key in NEW_PROJECT_TRAINING}


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


@dataclass
class Project:
    """A whole nnbuilder project: one or more models plus data and training.

    `trust` (never read from or written to a file) lets check and build make
    layers that load files or code; `folder` is where the project was loaded from; `weights`
    (never in the JSON: in a weights file beside it) are trained weights by model and node id.
    """

    name: str = "Untitled"
    description: str | dict[str, str] = ""
    models: dict[str, Graph] = field(default_factory=lambda: {"model": Graph()})
    data: dict[str, Any] = field(default_factory=lambda: {"dataset": None, "options": {}})
    training: dict[str, Any] = field(default_factory=default_training)
    trust: bool = field(default=False, compare=False, repr=False)
    folder: Path | None = field(default=None, compare=False, repr=False)
    weights: Weights = field(default_factory=Weights, compare=False, repr=False)
    search: dict[str, Any] | None = None  # the hyperparameter search (docs/search.md); None: no search

    # ------------------------------------------------------------ dict form
    def to_dict(self) -> dict[str, Any]:
        out = {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "description": copy.deepcopy(self.description),
            "models": {name: graph.to_dict() for name, graph in self.models.items()},
            "data": copy.deepcopy(self.data),
            "training": copy.deepcopy(self.training),
        }
        if self.search is not None:
            out["search"] = copy.deepcopy(self.search)
        return out

    @classmethod
    def from_dict(cls, data: Any, *, trust: bool = False) -> Project:
        """Validate and read a project dict; raises ProjectError naming the bad field.

        Without `trust`, layers that would load files, models or code are refused.
        """
        problem = data_problem(data)
        if problem is not None:
            raise ProjectError(problem[1], problem[0])
        check_header(data)
        data = migrate(data)
        name = data.get("name", "Untitled")
        if not isinstance(name, str):
            raise ProjectError(f"expected text, got {type(name).__name__}", "name")
        description = data.get("description", "")
        if not isinstance(description, (str, dict)) or (
            isinstance(description, dict) and not all(isinstance(v, str) for v in description.values())
        ):
            raise ProjectError("expected text, or texts by language such as {'en': ..., 'zh': ...}", "description")
        models = data.get("models")
        if not isinstance(models, dict) or not models:
            raise ProjectError("expected at least one model, e.g. {'model': {'nodes': [], 'edges': []}}", "models")
        graphs: dict[str, Graph] = {}
        for model_name, graph in models.items():
            if not isinstance(model_name, str) or not model_name.isidentifier():
                raise ProjectError(f"model names are letters, digits and underscores, got {model_name!r}", "models")
            graphs[model_name] = Graph.from_dict(graph, f"models.{model_name}", trust=trust)
        for model_name, graph in graphs.items():
            for i, node in enumerate(graph.nodes):
                if node.model is not None and node.model not in graphs:
                    raise ProjectError(
                        f"expected the name of a model of this project ({', '.join(graphs)}), got {node.model!r}",
                        f"models.{model_name}.nodes[{i}].model",
                    )
        sections: dict[str, dict[str, Any]] = {}
        for key, default in (("data", {"dataset": None, "options": {}}), ("training", default_training())):
            value = data.get(key, default)
            if not isinstance(value, dict):
                raise ProjectError(f"expected an object, got {type(value).__name__}", key)
            sections[key] = copy.deepcopy(value)
        _check_sections(sections["data"], sections["training"])
        search = read_search(data.get("search"))
        sections_read = (sections["data"], sections["training"])
        return cls(name, copy.deepcopy(description), graphs, *sections_read, trust=bool(trust), search=search)

    # ------------------------------------------------------------ files
    @classmethod
    def load(cls, path: PathArg, trust: bool = False) -> Project:
        """Read a .nnb.json file. Raises ProjectError with the file named; see `loads` for `trust`."""
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProjectError(f"cannot read {file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ProjectError(f"{file} is not UTF-8 text, so not an nnbuilder project") from None
        project = cls.loads(text, source=str(file), trust=trust)
        project.folder = file.absolute().parent
        project.weights = read_weights(file)
        return project

    @classmethod
    def loads(cls, text: str | bytes, *, source: str | None = None, trust: bool = False) -> Project:
        """Read the text of a project file; errors name `source` (the file) and the bad field.

        Without `trust`, layers that would load files, models or code are refused.
        """
        source = source or "the project text"
        if isinstance(text, (bytes, bytearray)):
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError:
                raise ProjectError(f"{source} is not UTF-8 text, so not an nnbuilder project") from None
        data = parse(text, source)
        try:
            return cls.from_dict(data, trust=trust)
        except ProjectError as exc:
            raise ProjectError(f"{source}: {exc}") from None

    def with_section(self, key: str, value: Any) -> Project:
        """A new project with top-level field `key` (e.g. "data") set to `value`, validated like
        `from_dict` with this project's trust; it keeps this project's folder."""
        project = type(self).from_dict({**self.to_dict(), key: copy.deepcopy(value)}, trust=is_trusted(self))
        project.folder = self.folder
        project.weights = copy.deepcopy(self.weights)  # new tables, the same arrays
        return project

    def dumps(self) -> str:
        """The file text: JSON, keys sorted, two-space indent, trailing newline. A project that loading
        would refuse as malformed raises ProjectError instead, so no file is written that cannot be read
        back (which layers a file may build is decided when it is loaded, so every layer passes here)."""
        data = self.to_dict()
        type(self).from_dict(data, trust=True)
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"

    def save(self, path: PathArg) -> Path:
        """Write atomically: a temporary file beside the target, then a rename; the weights the project
        holds go to `<stem>.weights.npz` beside it (see `weights_file`)."""
        written = write_atomic(path, self.dumps())
        write_weights(written, self.weights, {name: {n.id for n in g.nodes} for name, g in self.models.items()})
        return written

    def copy(self) -> Project:
        """An independent deep copy (no validation, so a half-edited project copies too)."""
        return copy.deepcopy(self)

    # ------------------------------------------------------------ helpers
    @property
    def graph(self) -> Graph:
        """The only model of a single-model project."""
        if len(self.models) != 1:
            raise ProjectError(f"this project has several models ({', '.join(self.models)}): use project.models[name]")
        return next(iter(self.models.values()))


def dropped_wiring(before: Project, after: Project) -> Words | None:
    """Why `after` (an edit of `before`) is refused for losing how a node is called, or None.

    An edit that keeps an edge but loses its `output` or `arg`, keeps a node but loses its `call`, or
    keeps a model output but loses its output number would silently rewire the model: an editor that
    does not carry those fields yet must not pass it on."""
    for name, graph in before.models.items():
        other = after.models.get(name)
        if other is None:
            continue
        plain_before, plain_after = _plain_edges(graph), _plain_edges(other)
        for edge in graph.edges:
            where = (edge.source, edge.target, edge.port)
            if (edge.output or edge.arg) and edge not in other.edges and plain_after[where] > plain_before[where]:
                return say(
                    "wiring_edge", source=edge.source, target=edge.target, output=edge.output, arg=edge.arg or "-"
                )
        for node in graph.nodes:
            kept = other.node(node.id)
            if node.call and kept is not None and kept.layer == node.layer and not kept.call:
                return say("wiring_call", node=node.id, call=", ".join(node.call))
        refs = other.output_refs()
        for node_id, output in graph.output_refs():
            if output and (node_id, output) not in refs and (node_id, 0) in refs:
                return say("wiring_output", node=node_id, output=output)
    return None


def _plain_edges(graph: Graph) -> Counter[tuple[str, str, int]]:
    """How many edges go from each source to each port of a target reading output 0 into a main input."""
    return Counter((e.source, e.target, e.port) for e in graph.edges if e.output == 0 and e.arg is None)


def _check_sections(data: dict[str, Any], training: dict[str, Any]) -> None:
    """Refuse data and training settings that could not run, naming the first bad field."""
    problems = data_problems(data) + training_problems(training)
    if problems:
        path, message = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ProjectError(message + more, path)
