"""Graph edits the browser repeats, as the document's own Python makes them: nodes deleted one after another
(a shared layer handed over to the next node that calls it) and fresh node ids. Written to
widgets/test/python-fixtures/delete-nodes.json and node-ids.json by `python -m tests.shared_fixtures`."""

from __future__ import annotations


def _graph(nodes, edges=(), **lists):
    from nnbuilder.document.project import Graph

    data = {"nodes": list(nodes), "edges": [{"source": s, "target": t, "port": p} for s, t, p in edges], **lists}
    return Graph.from_dict(data)


def node_doc(node_id, layer, config=None, pos=(0, 0), **more):
    """A node as the document writes it."""
    return {"id": node_id, "layer": layer, "config": dict(config or {}), "pos": list(pos), **more}


def delete_nodes() -> list:
    """Nodes deleted one after another by the fixes' `remove_node`, shared layers handed over."""
    from nnbuilder.checking.fixes import remove_node

    dense = {"units": 8, "activation": "relu", "use_bias": False}
    twins = [
        node_doc("a", "Input", {"shape": [4]}),
        node_doc("b", "Input", {"shape": [4]}, (200, 0)),
        node_doc("c", "Input", {"shape": [4]}, (400, 0)),
        node_doc("shared", "Dense", dense, (0, 90), label="the layer"),
        node_doc("again", "Dense", {}, (200, 90), shares="shared", label="second call"),
        node_doc("third", "Dense", {}, (400, 90), shares="shared"),
        node_doc("join", "Add", {}, (200, 180)),
    ]
    twin_edges = [
        ("a", "shared", 0),
        ("b", "again", 0),
        ("c", "third", 0),
        ("shared", "join", 0),
        ("again", "join", 1),
        ("third", "join", 2),
    ]
    chain = [
        node_doc("x", "Input", {"shape": [3]}),
        node_doc("h", "Dense", {"units": 2}),
        node_doc("y", "Dense", {"units": 1}),
    ]
    cases = [
        (
            "the owner of a layer another node shares",
            twins[:5] + twins[6:],
            twin_edges[:2] + twin_edges[3:5],
            ["shared"],
        ),
        ("the owner of a layer two nodes share", twins, twin_edges, ["shared"]),
        ("a node that shares a layer", twins, twin_edges, ["third"]),
        ("the owner and then its heir", twins, twin_edges, ["shared", "again"]),
        ("the heir and then the owner", twins, twin_edges, ["again", "shared"]),
        ("a node named in the input and output lists", chain, [("x", "h", 0), ("h", "y", 0)], ["h", "y"]),
        ("a node that is not there", chain, [("x", "h", 0)], ["missing"]),
    ]
    out = []
    for name, nodes, edges, gone in cases:
        lists = {"inputs": ["x"], "outputs": ["y", "h"]} if nodes is chain else {}
        graph = _graph(nodes, edges, **lists)
        before = graph.to_dict()
        for node_id in gone:
            node = graph.node(node_id)
            if node is not None:
                remove_node(graph, node)
        out.append({"case": name, "before": before, "delete": gone, "after": graph.to_dict()})
    return out


def node_ids() -> list:
    """Fresh node ids from `Graph.new_id`, for the ids already taken."""
    cases = [
        ("Dense", []),
        ("Dense", ["dense"]),
        ("Dense", ["dense", "dense_1"]),
        ("Dense", ["dense", "dense_2"]),
        ("Conv2D", ["conv2d", "dense"]),
        ("a-b c", []),
        ("conv1", ["conv1"]),
        ("", []),
        ("Dichte_Schicht_é", []),
        ("层", ["_"]),
        ("dense_", ["dense_"]),
    ]
    out = []
    for base, taken in cases:
        graph = _graph([node_doc(t, "Dense") for t in taken])
        out.append({"base": base, "taken": taken, "id": graph.new_id(base)})
    return out
