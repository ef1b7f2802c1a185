import json

import pytest

from nnbuilder import Edge, Graph, Project, ProjectError, load_template
from nnbuilder.document.wiring import dropped_wiring
from tests.helpers import MLP, chain


def doc(**over):
    base = {
        "format": "nnbuilder",
        "version": 1,
        "name": "t",
        "models": {
            "model": {
                "nodes": [
                    {"id": "a", "layer": "Input", "config": {"shape": [4]}, "pos": [0, 0]},
                    {"id": "b", "layer": "Dense", "config": {"units": 3}, "pos": [0, 90]},
                    {"id": "c", "layer": "Dense", "config": {"units": 2}, "pos": [0, 180]},
                    {"id": "d", "layer": "Dense", "config": {"units": 1}, "pos": [0, 270]},
                ],
                "edges": [{"source": "a", "target": "b", "port": 0}, {"source": "b", "target": "c", "port": 0}],
            }
        },
    }
    base.update(over)
    return base


def test_round_trip_dict_and_file(tmp_path):
    project = chain(*MLP)
    again = Project.from_dict(project.to_dict())
    assert again.to_dict() == project.to_dict()
    path = project.save(tmp_path / "p.nnb.json")
    loaded = Project.load(path)
    assert loaded.to_dict() == project.to_dict()
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert text == loaded.dumps()  # stable: saving again gives the same bytes


def test_save_is_atomic_and_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "p.nnb.json"
    chain(*MLP).save(path)
    before = path.read_text()
    broken = chain(*MLP)
    broken.models["model"].nodes[1].config["units"] = object()  # neither a number of units nor JSON
    with pytest.raises(ProjectError, match=r"nodes\[1\]\.config\.units: expected JSON data"):
        broken.save(path)  # refused before anything is written
    assert path.read_text() == before

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("nnbuilder.document.files.os.replace", full_disk)  # fails after the text is written
    with pytest.raises(OSError, match="No space left"):
        chain(*MLP, name="other").save(path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.nnb.json"]  # no temp file left behind


@pytest.mark.parametrize(
    "mutate, path, words",
    [
        (
            lambda d: d["models"]["model"]["nodes"][3]["config"].update(units=-4),
            "models.model.nodes[3].config.units",
            "expected a positive integer, got -4",
        ),
        (
            lambda d: d["models"]["model"]["nodes"][1]["config"].update(unit=3),
            "models.model.nodes[1].config.unit",
            "did you mean 'units'",
        ),
        (
            lambda d: d["models"]["model"]["nodes"][1].update(layer="Dense(1); import os"),
            "models.model.nodes[1].layer",
            "Keras layer class name",
        ),
        (lambda d: d["models"]["model"]["nodes"][2].update(id="b"), "models.model.nodes[2].id", "duplicate"),
        (
            lambda d: d["models"]["model"]["edges"].append({"source": "a", "target": "zz"}),
            "models.model.edges[2].target",
            "'zz'",
        ),
        (
            lambda d: d["models"]["model"]["edges"].append({"source": "a", "target": "c", "port": 0}),
            "models.model.edges[2]",
            "already fed",
        ),
        (lambda d: d["models"]["model"]["edges"][0].update(port=-1), "models.model.edges[0].port", "non-negative"),
        (lambda d: d["models"]["model"]["nodes"][0].update(pos=[0]), "models.model.nodes[0].pos", "[x, y]"),
        (lambda d: d["models"]["model"]["nodes"][0].update(colour="red"), "models.model.nodes[0]", "'colour'"),
        (
            lambda d: d["models"]["model"]["nodes"][1]["config"].update(activation="relux"),
            "models.model.nodes[1].config.activation",
            "activation name",
        ),
        (
            lambda d: d["models"]["model"]["nodes"][1]["config"].update(kernel_initializer="xavier_magic"),
            "models.model.nodes[1].config.kernel_initializer",
            "glorot_uniform",
        ),
        (lambda d: d["models"]["model"]["nodes"][1].update(op="add"), "models.model.nodes[1].op", "only an Op node"),
        (lambda d: d["models"]["model"]["nodes"][1].update(layer="Op"), "models.model.nodes[1].op", "keras.ops"),
        (
            lambda d: d["models"]["model"]["nodes"][1].update(layer="Op", op="import os"),
            "models.model.nodes[1].op",
            "'import os'",
        ),
        (lambda d: d["models"]["model"]["nodes"][1].update(op=3), "models.model.nodes[1].op", "expected text"),
        (lambda d: d["models"]["model"]["nodes"][1].update(call=[1]), "models.model.nodes[1].call", "call arguments"),
        (
            lambda d: d["models"]["model"]["nodes"][1].update(call={"2x": True}),
            "models.model.nodes[1].call.2x",
            "call argument name",
        ),
        (
            lambda d: d["models"]["model"]["nodes"][1].update(call={"mode": {"class_name": "X"}}),
            "models.model.nodes[1].call.mode",
            "plain JSON value",
        ),
        (lambda d: d["models"]["model"]["edges"][0].update(output=-1), "models.model.edges[0].output", "non-negative"),
        (lambda d: d["models"]["model"]["edges"][0].update(output="1"), "models.model.edges[0].output", "'1'"),
        (lambda d: d["models"]["model"]["edges"][0].update(arg="a b"), "models.model.edges[0].arg", "call argument"),
        (lambda d: d["models"]["model"]["edges"][0].update(colour=1), "models.model.edges[0]", "output and arg"),
        (
            lambda d: (
                d["models"]["model"]["edges"].append({"source": "a", "target": "c", "port": 0, "arg": "x"})
                or d["models"]["model"]["edges"].append({"source": "b", "target": "c", "port": 0, "arg": "x"})
            ),
            "models.model.edges[3]",
            "x 0 of 'c' is already fed by edges[2]",
        ),
        (
            lambda d: d["models"]["model"].update(outputs=[{"node": "b", "output": -1}]),
            "models.model.outputs[0].output",
            "non-negative",
        ),
        (
            lambda d: d["models"]["model"].update(outputs=[{"node": "b", "port": 1}]),
            "models.model.outputs[0]",
            "{'node': id",
        ),
        (
            lambda d: d["models"]["model"].update(outputs=[{"node": "zz", "output": 1}]),
            "models.model.outputs[0]",
            "'zz'",
        ),
        (lambda d: d.update(models={}), "models", "at least one model"),
        (lambda d: d.update(models={"bad name": {"nodes": [], "edges": []}}), "models", "letters, digits"),
        (lambda d: d.update(training=[]), "training", "expected an object"),
    ],
)
def test_validation_names_the_path(mutate, path, words):
    data = doc()
    mutate(data)
    with pytest.raises(ProjectError) as info:
        Project.from_dict(data)
    assert info.value.path == path
    assert words in str(info.value)
    model = (data.get("models") or {}).get("model") if isinstance(data.get("models"), dict) else None
    nodes = (model.get("nodes") if isinstance(model, dict) else None) or []
    index = int(path.split(".nodes[")[1].split("]")[0]) if ".nodes[" in path else None
    node = nodes[index] if index is not None else None
    if isinstance(node, dict) and isinstance(node.get("id"), str):  # said by the node's id and layer
        rest = path.split("]", 1)[1].lstrip(".")
        named = f"models.model, node {node['id']!r}" + (
            f" ({node['layer']})" if isinstance(node.get("layer"), str) else ""
        )
        assert str(info.value).startswith(f"{named}, {rest}: " if rest else f"{named}: ")
    else:
        assert str(info.value).startswith(path + ": ")


def test_unknown_format_and_newer_version_are_refused():
    with pytest.raises(ProjectError, match="not an nnbuilder project"):
        Project.from_dict(doc(format="other"))
    with pytest.raises(ProjectError, match="newer nnbuilder .*version 3.*reads version 2.*upgrade"):
        Project.from_dict(doc(version=3))
    with pytest.raises(ProjectError, match="top level"):
        Project.from_dict([1, 2])


def test_a_version_1_file_loads_and_saves_as_version_2_unchanged_otherwise(tmp_path):
    old = doc()
    path = tmp_path / "old.nnb.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    saved = json.loads(Project.load(path).dumps())
    assert saved["version"] == 2
    assert saved["models"] == old["models"]  # v1 edges and nodes are v2 ones: nothing else changes
    assert Project.from_dict(doc(version=2)).to_dict() == Project.from_dict(old).to_dict()


def test_call_arguments_output_ports_and_operations_round_trip():
    data = doc(version=2)
    model = data["models"]["model"]
    model["nodes"][1]["call"] = {"training": True}
    model["nodes"].append({"id": "sum", "layer": "Op", "op": "add", "config": {"x2": 0.5}, "pos": [0, 360]})
    model["edges"] += [
        {"source": "c", "target": "d", "port": 0, "output": 1},
        {"source": "b", "target": "d", "port": 0, "arg": "mask"},
        {"source": "d", "target": "sum", "port": 0, "arg": "x1"},
    ]
    model["outputs"] = ["sum", {"node": "c", "output": 2}, {"node": "b", "output": 0}]
    project = Project.from_dict(data)
    graph = project.graph
    assert graph.node("b").call == {"training": True} and graph.node("sum").op == "add"
    assert graph.output_refs() == [("sum", 0), ("c", 2), ("b", 0)]
    assert [e.slot for e in graph.edges[2:]] == [("d", None, 0), ("d", "mask", 0), ("sum", "x1", 0)]
    assert graph.input_edges("d") == [graph.edges[2]] and graph.input_edges("d", "mask") == [graph.edges[3]]
    assert graph.call_args("d") == ["mask"]
    written = project.to_dict()["models"]["model"]
    assert written["outputs"] == ["sum", {"node": "c", "output": 2}, "b"]  # output 0 is written as the id
    assert written["edges"][2:] == model["edges"][2:]
    assert "call" not in written["nodes"][0] and "op" not in written["nodes"][0]  # written only when set
    assert Project.from_dict(project.to_dict()).to_dict() == project.to_dict()


def test_an_edit_that_drops_how_a_node_is_called_is_refused():
    data = doc(version=2)
    model = data["models"]["model"]
    model["nodes"][1]["call"] = {"training": True}
    model["edges"].append({"source": "c", "target": "d", "port": 0, "output": 1})
    model["outputs"] = [{"node": "c", "output": 1}]
    before = Project.from_dict(data)
    assert dropped_wiring(before, before.copy()) is None

    plain_edge = before.copy()
    plain_edge.graph.edges[2] = Edge("c", "d", 0)  # the same edge, reading output 0
    lost = dropped_wiring(before, plain_edge)
    assert lost is not None and lost.key == "wiring_edge"
    assert "'c' -> 'd'" in lost and "output 1" in lost and "连线" in lost.say("zh")

    no_call = before.copy()
    no_call.graph.node("b").call = {}
    lost = dropped_wiring(before, no_call)
    assert lost is not None and lost.key == "wiring_call" and "'b' (training)" in lost

    first_output = before.copy()
    first_output.graph.outputs = ["c"]
    lost = dropped_wiring(before, first_output)
    assert lost is not None and lost.key == "wiring_output" and "'c' (output 1)" in lost

    removed = before.copy()  # taking an edge or a call away on purpose is an ordinary edit
    del removed.graph.edges[2]
    removed.graph.node("b").layer = "Dropout"
    removed.graph.node("b").call = {}
    assert dropped_wiring(before, removed) is None


def test_load_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.nnb.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProjectError, match="bad.nnb.json is not valid JSON"):
        Project.load(bad)
    with pytest.raises(ProjectError, match="cannot read"):
        Project.load(tmp_path / "missing.nnb.json")
    bad.write_text(json.dumps(doc(version=9)), encoding="utf-8")
    with pytest.raises(ProjectError, match="bad.nnb.json: version"):
        Project.load(bad)


def test_multi_model_project_keeps_both_models():
    gan = load_template("gan")
    assert set(gan.models) == {"generator", "discriminator"}
    again = Project.from_dict(gan.to_dict())
    assert again.to_dict() == gan.to_dict()


def test_unknown_layers_load_and_keep_their_config():
    data = doc()
    data["models"]["model"]["nodes"][1] = {"id": "b", "layer": "GaussianDropout", "config": {"rate": 0.1}}
    project = Project.from_dict(data)
    assert project.models["model"].node("b").config == {"rate": 0.1}


def test_graph_helpers():
    graph = Graph.from_dict(doc()["models"]["model"])
    assert graph.output_ids() == ["c", "d"]
    assert graph.input_ids() == ["a"]
    assert graph.new_id("Dense") == "dense"
    assert graph.new_id("b") == "b_1"
