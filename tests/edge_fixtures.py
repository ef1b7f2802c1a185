"""What identifies an edge (format v2), as the document's own Python says it: the form an edge is written in,
which edge lists fill a slot twice, which edge a remove_edge fix takes out, and what deleting a node leaves of
the edges and of the model's outputs. Written to widgets/test/python-fixtures/edge-identity.json by
`python -m tests.shared_fixtures`; widgets/test/edge-identity.test.ts holds the browser to it."""

from __future__ import annotations

import re

from nnbuilder.errors import ProjectError
from tests.graph_fixtures import node_doc

NODES = [
    node_doc("src", "Input", {"shape": [5, 3]}),
    node_doc("tgt", "Input", {"shape": [5, 3]}),
    node_doc("enc", "LSTM", {"units": 4, "return_state": True}),
    node_doc("dec", "LSTM", {"units": 4, "return_sequences": True}),
    node_doc("mha", "MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, call={"return_attention_scores": True}),
    node_doc("add", "Op", op="add"),
    node_doc("scale", "Op", {"x2": 0.5}, op="multiply"),
]

EDGES = [
    {"source": "src", "target": "enc", "port": 0},
    {"source": "tgt", "target": "dec", "port": 0},
    {"source": "enc", "target": "dec", "port": 0, "output": 1, "arg": "initial_state"},
    {"source": "enc", "target": "dec", "port": 1, "output": 2, "arg": "initial_state"},
    {"source": "dec", "target": "mha", "port": 0},
    {"source": "dec", "target": "mha", "port": 1},
    {"source": "mha", "target": "add", "port": 0, "arg": "x1"},
    {"source": "dec", "target": "add", "port": 0, "arg": "x2"},
    {"source": "add", "target": "scale", "port": 0, "arg": "x1"},
]

OUTPUTS = ["scale", {"node": "mha", "output": 1}]


def _graph(edges, outputs=None):
    from nnbuilder.document.project import Graph

    data = {"nodes": NODES, "edges": edges}
    if outputs is not None:
        data["outputs"] = outputs
    return Graph.from_dict(data, trust=True)  # the edges are the point here, not which layers a file may name


def written_forms() -> list:
    """Each edge as given and as Python writes it back (Edge.to_dict): `output` only when not 0."""
    given = [
        {"source": "src", "target": "enc"},
        {"source": "tgt", "target": "dec", "port": 0, "output": 0},
        {"source": "enc", "target": "dec", "port": 1, "output": 2, "arg": "initial_state"},
        {"source": "mha", "target": "add", "arg": "x1"},
        {"source": "mha", "target": "add", "port": 0, "output": 1, "arg": "x2"},
    ]
    out = []
    for edge in given:
        graph = _graph([edge])
        written = graph.to_dict()["edges"][0]
        out.append({"given": edge, "written": written, "slot": list(graph.edges[0].slot)})
    return out


SLOT_CASES = [
    ("an initial state pair into ports 0 and 1", [EDGES[2], EDGES[3]]),
    ("the main input and a keyword at the same port", [EDGES[1], EDGES[2]]),
    ("two keywords at the same port", [EDGES[2], {"source": "src", "target": "dec", "port": 0, "arg": "mask"}]),
    ("two edges into one keyword port", [EDGES[2], {**EDGES[3], "port": 0}]),
    ("two outputs of one node into one main port", [EDGES[1], {"source": "enc", "target": "dec", "port": 0}]),
    ("one output into two keywords of one node", [EDGES[6], {**EDGES[6], "arg": "x2"}]),
    ("the same edge twice", [EDGES[7], dict(EDGES[7])]),
    ("a keyword edge, then a main edge, then the keyword again", [EDGES[6], EDGES[4], {**EDGES[7], "arg": "x1"}]),
]


def slot_clashes() -> list:
    """Edge lists Graph.from_dict takes, or refuses because a later edge fills a slot an earlier one fills."""
    out = []
    for name, edges in SLOT_CASES:
        try:
            _graph(edges)
        except ProjectError as exc:
            later = int(re.search(r"edges\[(\d+)\]$", exc.path or "")[1])
            earlier = int(re.search(r"already fed by edges\[(\d+)\]", exc.detail)[1])
            out.append({"case": name, "edges": edges, "accepted": False, "clash": [earlier, later]})
        else:
            out.append({"case": name, "edges": edges, "accepted": True, "clash": None})
    return out


def removed_edges() -> list:
    """What a remove_edge fix leaves: only the edge equal in source, output, target, arg and port goes."""
    from nnbuilder.checking.fixes import apply_fix
    from nnbuilder.checking.result import Diagnostic
    from nnbuilder.document.project import Project

    cases = [
        ("the second state", EDGES[3]),
        ("the main input that shares its port with a state", EDGES[1]),
        ("an edge given without its output", {k: v for k, v in EDGES[3].items() if k != "output"}),
        ("an edge given without its arg", {k: v for k, v in EDGES[6].items() if k != "arg"}),
    ]
    out = []
    for name, edge in cases:
        before = _graph(EDGES, OUTPUTS).to_dict()
        project = Project.from_dict({"format": "nnbuilder", "version": 2, "models": {"model": before}}, trust=True)
        diagnostic = Diagnostic(code="edge", message="", model="model", severity="error", node=edge["target"])
        fix = {"action": "remove_edge", "edge": edge, "label": "Remove this edge"}
        after = apply_fix(project, diagnostic, fix).models["model"].to_dict()
        out.append({"case": name, "remove": edge, "before": before["edges"], "after": after["edges"]})
    return out


def deleted_nodes() -> list:
    """Nodes deleted one after another by the fixes' `remove_node`: their edges and output entries go."""
    from nnbuilder.checking.fixes import remove_node

    cases = [
        ("the node whose second output is a model output", ["mha"]),
        ("the node whose states feed another", ["enc"]),
        ("an operation node and the one it feeds", ["add", "scale"]),
    ]
    out = []
    for name, gone in cases:
        graph = _graph(EDGES, OUTPUTS)
        before = graph.to_dict()
        for node_id in gone:
            remove_node(graph, graph.node(node_id))
        out.append({"case": name, "before": before, "delete": gone, "after": graph.to_dict()})
    return out


def edge_identity() -> dict:
    return {
        "written": written_forms(),
        "slots": slot_clashes(),
        "remove_edge": removed_edges(),
        "delete_nodes": deleted_nodes(),
    }
