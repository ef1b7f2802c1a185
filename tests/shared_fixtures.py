"""Fixtures of rules the browser repeats, written by running the Python that owns each rule.

`python -m tests.shared_fixtures` writes widgets/test/python-fixtures/*.json; the vitest suites
assert that the TypeScript gives the same answers, and tests/test_shared_fixtures.py that the
committed files equal a fresh run, so neither side can drift from the other unnoticed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import nnbuilder  # noqa: F401  (hands the document its layer rules)

FOLDER = Path(__file__).resolve().parents[1] / "widgets" / "test" / "python-fixtures"


def _graph(nodes, edges=(), **lists):
    from nnbuilder.document.project import Graph

    data = {"nodes": list(nodes), "edges": [{"source": s, "target": t, "port": p} for s, t, p in edges], **lists}
    return Graph.from_dict(data)


def _node(node_id, layer, config=None, pos=(0, 0), **more):
    return {"id": node_id, "layer": layer, "config": dict(config or {}), "pos": list(pos), **more}


def delete_nodes() -> list:
    """Nodes deleted one after another by the fixes' `remove_node`, shared layers handed over."""
    from nnbuilder.checking.fixes import remove_node

    dense = {"units": 8, "activation": "relu", "use_bias": False}
    twins = [
        _node("a", "Input", {"shape": [4]}),
        _node("b", "Input", {"shape": [4]}, (200, 0)),
        _node("c", "Input", {"shape": [4]}, (400, 0)),
        _node("shared", "Dense", dense, (0, 90), label="the layer"),
        _node("again", "Dense", {}, (200, 90), shares="shared", label="second call"),
        _node("third", "Dense", {}, (400, 90), shares="shared"),
        _node("join", "Add", {}, (200, 180)),
    ]
    twin_edges = [
        ("a", "shared", 0),
        ("b", "again", 0),
        ("c", "third", 0),
        ("shared", "join", 0),
        ("again", "join", 1),
        ("third", "join", 2),
    ]
    chain = [_node("x", "Input", {"shape": [3]}), _node("h", "Dense", {"units": 2}), _node("y", "Dense", {"units": 1})]
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
        graph = _graph([_node(t, "Dense") for t in taken])
        out.append({"base": base, "taken": taken, "id": graph.new_id(base)})
    return out


def shape_text() -> list:
    """Shapes as every text of nnbuilder writes them (Keras' form), from `catalog._shapes.fmt`."""
    from nnbuilder.catalog._shapes import fmt

    shapes = [[None, 28, 28, 1], [None, 5], [5], [None], [], [None, None, 3], [2, 3]]
    return [{"shape": shape, "text": fmt(shape)} for shape in shapes]


def category_colors() -> dict:
    """The colour of each catalog category, as the template pictures draw them."""
    from nnbuilder.template_library.picture import CATEGORY_COLORS

    return dict(CATEGORY_COLORS)


def end_reasons() -> list:
    """The trainer's end events (reason, values and English sentence) for each way a run ends."""
    from nnbuilder.training.trainer import Trainer

    cases = [
        ("stopped within an epoch", {"epoch": 1, "target_epochs": 3, "stop": True, "last_kind": "batch"}),
        ("stopped between epochs", {"epoch": 2, "target_epochs": 3, "stop": True, "last_kind": "epoch"}),
        ("stopped before any epoch", {"epoch": 0, "target_epochs": 3, "stop": True, "last_kind": "start"}),
        ("early stopping", {"epoch": 3, "target_epochs": 10, "stop": False, "last_kind": "epoch"}),
        ("finished", {"epoch": 5, "target_epochs": 5, "stop": False, "last_kind": "epoch"}),
        ("finished one epoch", {"epoch": 1, "target_epochs": 1, "stop": False, "last_kind": "epoch"}),
        (
            "finished with a checkpoint",
            {"epoch": 1, "target_epochs": 1, "stop": False, "last_kind": "epoch", "checkpoint_dir": "/tmp/nnb-ckpt"},
        ),
        (
            "the loss became NaN",
            {"epoch": 1, "target_epochs": 5, "stop": False, "last_kind": "batch", "nan": [0, 7, "nan"], "lr": 100.0},
        ),
        (
            "the loss became infinite, with a checkpoint",
            {
                "epoch": 2,
                "target_epochs": 5,
                "stop": False,
                "last_kind": "batch",
                "nan": [2, 3, "inf"],
                "lr": 1e-05,
                "checkpoint_dir": "/tmp/nnb-ckpt",
            },
        ),
    ]
    out = []
    for name, t in cases:
        nan = t.get("nan")
        stand_in = SimpleNamespace(
            epoch=t["epoch"],
            target_epochs=t["target_epochs"],
            stop_requested=lambda t=t: t["stop"],
            last_event={"kind": t["last_kind"]},
            nan_seen=nan is not None,
            _nan_where=(nan[0], nan[1], float(nan[2])) if nan else None,
            training={
                "optimizer": {"name": "adam", "learning_rate": t.get("lr", 0.001)},
                "callbacks": [{"name": "model_checkpoint"}] if t.get("checkpoint_dir") else [],
            },
            checkpoint_dir=t.get("checkpoint_dir"),
            kept_in=None,
            history={},
        )
        event = Trainer._end_event(stand_in)
        out.append({"case": name, "reason": event["reason"], "values": event["values"], "message": event["message"]})
    return out


FIXTURES = {
    "delete-nodes.json": delete_nodes,
    "node-ids.json": node_ids,
    "shape-text.json": shape_text,
    "category-colors.json": category_colors,
    "end-reasons.json": end_reasons,
}


def render(name: str) -> str:
    """The text of fixture `name`, as written to disk."""
    return json.dumps(FIXTURES[name](), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in FIXTURES:
        (FOLDER / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {FOLDER / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
