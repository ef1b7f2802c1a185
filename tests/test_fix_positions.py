"""Where one-click fixes put things on the canvas: an inserted layer never lands on another node."""

from __future__ import annotations

import pytest

import nnbuilder
from nnbuilder import Project, apply_fix, check, load_template
from nnbuilder.checking.result import Diagnostic
from nnbuilder.document.graph import NODE_ROOM, ROW, overlap, overlapping
from nnbuilder.document.project import Edge, Graph, Node
from tests.helpers import chain

# Every layer a suggested fix inserts (see nnbuilder/catalog/_shapes.py), with a config it may carry.
INSERTED = (
    ("Flatten", {}),
    ("GlobalAveragePooling1D", {}),
    ("GlobalAveragePooling2D", {}),
    ("Reshape", {"target_shape": [-1, 1]}),
)


def insert(project: Project, model: str, edge: Edge, layer: str, config: dict) -> Project:
    """Apply the fix check() attaches to a shape problem on `edge`: insert `layer` there."""
    fix = {"action": "insert", "layer": layer, "config": config, "edge": edge.to_dict(), "label": f"Insert {layer}"}
    diagnostic = Diagnostic("shape", "a stand-in problem", model, edge.target, edge=edge.to_dict(), fixes=[fix])
    return apply_fix(project, diagnostic)


def new_node(before: Project, after: Project, model: str) -> Node:
    (added,) = [n for n in after.models[model].nodes if before.models[model].node(n.id) is None]
    return added


def assert_spread(graph: Graph, what: str) -> None:
    assert overlapping(graph) == [], f"{what}: nodes cover each other: {overlapping(graph)}"


@pytest.mark.parametrize("name", nnbuilder.templates())
def test_templates_have_no_covered_nodes(name):
    for model, graph in load_template(name).models.items():
        assert_spread(graph, f"{name}/{model}")


@pytest.mark.parametrize("name", nnbuilder.templates())
def test_inserting_on_any_edge_of_a_template_covers_no_node(name):
    template = load_template(name)
    for model, graph in template.models.items():
        for edge in graph.edges:
            for layer, config in INSERTED:
                fixed = insert(template, model, edge, layer, config)
                what = f"{layer} on {edge.source} -> {edge.target} in {name}/{model}"
                added = new_node(template, fixed, model)
                assert_spread(fixed.models[model], what)
                source, target = fixed.models[model].node(edge.source), fixed.models[model].node(edge.target)
                # the chain still reads downwards: source, the new layer, then the target
                assert source.pos[1] < added.pos[1] < target.pos[1], (what, source.pos, added.pos, target.pos)
                edges = {(e.source, e.target) for e in fixed.models[model].edges}
                assert {(edge.source, added.id), (added.id, edge.target)} <= edges, what
                assert (edge.source, edge.target) not in edges, what


def test_the_reshape_fix_of_a_real_problem_makes_room_below_the_source():
    project = chain(("x", "Input", {"shape": [12]}), ("d", "Dense", {"units": 8}), ("rnn", "LSTM", {"units": 4}),
                    ("y", "Dense", {"units": 1}))  # fmt: skip
    diagnostic = next(d for d in check(project).errors if any(f["action"] == "insert" for f in d.fixes))
    fix = next(f for f in diagnostic.fixes if f["layer"] == "Reshape")
    fixed = apply_fix(project, diagnostic, fix)
    graph = fixed.models["model"]
    added = new_node(project, fixed, "model")
    assert_spread(graph, "the Reshape fix")
    assert added.pos == [0, 2 * ROW], added.pos  # where the LSTM was
    assert graph.node("rnn").pos == [0, 3 * ROW] and graph.node("y").pos == [0, 4 * ROW]  # moved one row down
    assert graph.node("x").pos == [0, 0] and graph.node("d").pos == [0, ROW]  # upstream stays
    assert not check(fixed).errors


def test_every_suggested_fix_of_broken_models_leaves_no_node_covered():
    broken = [
        chain(("x", "Input", {"shape": [12]}), ("d", "Dense", {"units": 8}), ("rnn", "LSTM", {"units": 4})),
        chain(("x", "Input", {"shape": [28, 28, 1]}), ("c", "Conv2D", {"filters": 4, "kernel_size": 3}),
              ("y", "Dense", {"units": 2}), ("z", "Dense", {"units": 2})),
        chain(("x", "Input", {"shape": [16]}), ("c", "Conv2D", {"filters": 4, "kernel_size": 3})),
        chain(("x", "Input", {"shape": [10, 3]}), ("y", "Dense", {"units": 2}), ("z", "LSTM", {"units": 2})),
        chain(("x", "Input", {"shape": [2, 2, 1]}), ("c", "Conv2D", {"filters": 4, "kernel_size": 3}),
              ("f", "Flatten", {}), ("y", "Dense", {"units": 2})),
    ]  # fmt: skip
    kinds = set()
    for project in broken:
        result = check(project)
        for diagnostic in result.problems:
            for fix in diagnostic.fixes:
                kinds.add(fix["action"])
                fixed = apply_fix(project, diagnostic, fix)
                assert_spread(fixed.models[diagnostic.model], f"{fix['label']} for {diagnostic}")
                if fix["action"] != "insert":  # nothing added: nothing moves
                    before = {n.id: n.pos for n in project.models[diagnostic.model].nodes}
                    after = {n.id: n.pos for n in fixed.models[diagnostic.model].nodes}
                    assert all(after[i] == before[i] for i in after), (fix, before, after)
    assert {"insert", "set"} <= kinds, kinds


def test_fixes_that_add_no_layer_move_nothing():
    dead_end = chain(("x", "Input", {"shape": [4]}), ("h", "Dense", {"units": 3}), ("y", "Dense", {"units": 2}))
    graph = dead_end.models["model"]
    graph.nodes += [Node("loose", "Dense", {"units": 2}, [300, 90]), Node("spare", "Input", {"shape": [4]}, [300, 0])]
    graph.edges.append(Edge("h", "loose", 0))
    graph.outputs = ["y"]
    cycle = chain(("x", "Input", {"shape": [4]}), ("a", "Dense", {"units": 4}), ("b", "Dense", {"units": 4}))
    cycle.models["model"].edges.append(Edge("b", "a", 1))
    seen = set()
    for project in (dead_end, cycle):
        for diagnostic in check(project).problems:
            for fix in diagnostic.fixes:
                seen.add(fix["action"])
                fixed = apply_fix(project, diagnostic, fix)
                kept = {n.id: n.pos for n in fixed.models["model"].nodes}
                assert all(kept[i] == project.models["model"].node(i).pos for i in kept), fix
                assert_spread(fixed.models["model"], fix["label"])
    assert {"remove", "add_output", "remove_edge"} <= seen, seen


def test_the_same_edge_takes_many_inserts_in_a_row():
    project = load_template("mnist_cnn")
    for _ in range(6):
        graph = project.models["model"]
        edge = next(e for e in graph.edges if e.target == "flatten")
        project = insert(project, "model", edge, "Reshape", {"target_shape": [-1, 1]})
        assert_spread(project.models["model"], "repeated inserts")
    assert len(project.models["model"].nodes) == len(load_template("mnist_cnn").models["model"].nodes) + 6


def test_a_neighbour_in_the_way_of_moving_down_sends_the_new_layer_to_a_free_spot():
    # a -> b -> c, and a side node s that sits just right of where c would move to: c cannot move down
    graph = Graph(
        [Node("a", "Input", {"shape": [4]}, [0, 0]), Node("b", "Dense", {"units": 2}, [0, 90]),
         Node("c", "Dense", {"units": 2}, [0, 180]), Node("s", "Dense", {"units": 2}, [100, 270]),
         Node("t", "Dense", {"units": 2}, [100, 360])],
        [Edge("a", "b", 0), Edge("b", "c", 0), Edge("a", "s", 0), Edge("s", "t", 0)],
    )  # fmt: skip
    project = Project(name="side", models={"model": graph})
    assert overlapping(graph) == []
    fixed = insert(project, "model", Edge("b", "c", 0), "Dense", {"units": 2})
    added = new_node(project, fixed, "model")
    after = fixed.models["model"]
    assert_spread(after, "insert beside a neighbour")
    assert {n.id: n.pos for n in after.nodes if n.id != added.id} == {n.id: n.pos for n in graph.nodes}
    assert not any(overlap(added.pos, n.pos) for n in graph.nodes)


def test_a_sideways_edge_makes_room_sideways_and_a_long_edge_takes_the_middle():
    graph = Graph(
        [Node("a", "Input", {"shape": [4]}, [0, 0]), Node("b", "Dense", {"units": 2}, [200, 0]),
         Node("c", "Dense", {"units": 2}, [400, 0])],
        [Edge("a", "b", 0), Edge("b", "c", 0)],
    )  # fmt: skip
    project = Project(name="across", models={"model": graph})
    fixed = insert(project, "model", Edge("a", "b", 0), "Dense", {"units": 2})
    added = new_node(project, fixed, "model")
    moved = fixed.models["model"]
    assert_spread(moved, "sideways insert")
    assert added.pos[1] == 0 and 0 < added.pos[0] < moved.node("b").pos[0] < moved.node("c").pos[0]
    roomy = chain(("x", "Input", {"shape": [4]}), ("y", "Dense", {"units": 2}))
    roomy.models["model"].node("y").pos = [0, 4 * ROW]
    fixed = insert(roomy, "model", Edge("x", "y", 0), "Dense", {"units": 2})
    assert new_node(roomy, fixed, "model").pos == [0, 2 * ROW]  # room enough: nothing moves
    assert fixed.models["model"].node("y").pos == [0, 4 * ROW]


def test_node_room_matches_the_templates_spacing():
    assert NODE_ROOM[1] < ROW  # a layer a row below another does not cover it


@pytest.mark.parametrize("seed", range(40))
def test_inserts_on_random_graphs_never_cover_a_node(seed):
    import random

    rng = random.Random(seed)
    cells = rng.sample([(c, r) for c in range(5) for r in range(8)], rng.randint(3, 14))
    nodes = [
        Node(f"n{i}", "Dense", {"units": 2}, [c * 220 + rng.choice((0, 30)), r * 90]) for i, (c, r) in enumerate(cells)
    ]
    order = sorted(nodes, key=lambda n: (n.pos[1], n.pos[0]))
    edges = [Edge(a.id, b.id, 0) for i, a in enumerate(order) for b in order[i + 1 :] if rng.random() < 0.3]
    project = Project(name="random", models={"model": Graph(nodes, edges or [Edge(order[0].id, order[1].id, 0)])})
    covered = set(overlapping(project.models["model"]))
    for _ in range(4):
        graph = project.models["model"]
        edge = rng.choice(graph.edges)
        fixed = insert(project, "model", edge, "Dense", {"units": 2})
        added = new_node(project, fixed, "model")
        after = fixed.models["model"]
        assert not [n.id for n in after.nodes if n.id != added.id and overlap(added.pos, n.pos)], (seed, edge)
        assert set(overlapping(after)) <= covered, (seed, edge, set(overlapping(after)) - covered)
        project = fixed
