"""Frozen layers (`trainable: false`): check, the summary, the command line, the editor and export count
their weights as non-trainable, exactly as Keras does on the built model."""

from __future__ import annotations

import pytest

from nnbuilder import Edge, Graph, Node, Project, build, check, export_code
from nnbuilder.app._summary import summary_html
from nnbuilder.cli import main
from nnbuilder.ui.editor import Editor
from tests.helpers import chain

FROZEN_CHAIN = (
    ("x", "Input", {"shape": [6, 6, 3]}),
    ("conv", "Conv2D", {"filters": 4, "kernel_size": 3, "trainable": False}),
    ("bn", "BatchNormalization", {"trainable": False}),
    ("noise", "GaussianNoise", {"stddev": 0.1}),  # no weights: nothing to count
    ("flat", "Flatten", {}),
    ("dense", "Dense", {"units": 5}),
    ("head", "EinsumDense", {"equation": "ab,bc->ac", "output_shape": [2], "trainable": False}),  # outside the catalog
)


def _keras_counts(layer) -> tuple[int, int]:
    return (
        sum(int(w.numpy().size) for w in layer.trainable_weights),
        sum(int(w.numpy().size) for w in layer.non_trainable_weights),
    )


def test_frozen_nodes_count_as_keras_counts_them():
    project = chain(*FROZEN_CHAIN)
    result = check(project)
    assert result.ok, [str(p) for p in result.problems]
    model = build(project)
    for node_id, entry in result.models["model"].items():
        if node_id == "x":
            continue
        assert (entry.trainable, entry.non_trainable) == _keras_counts(model.get_layer(node_id)), node_id
    assert result.node("conv").trainable == 0 and result.node("conv").non_trainable == 3 * 3 * 3 * 4 + 4
    assert (result.node("dense").trainable, result.node("dense").non_trainable) == (4 * 4 * 4 * 5 + 5, 0)
    assert result.totals("model") == _keras_counts(model)


def test_a_trainable_layer_that_is_switched_off_and_on_again_counts_again():
    project = chain(("x", "Input", {"shape": [3]}), ("d", "Dense", {"units": 2, "trainable": True}))
    config = project.models["model"].node("d").config
    for trainable, counts in ((True, (8, 0)), (False, (0, 8)), (True, (8, 0))):
        config["trainable"] = trainable
        dense = check(project).node("d")
        assert (dense.trainable, dense.non_trainable) == counts, trainable


def _frozen_model_node_project(frozen: bool) -> Project:
    inner = Graph(
        [Node("i", "Input", {"shape": [4]}), Node("d", "Dense", {"units": 3}), Node("bn", "BatchNormalization")],
        [Edge("i", "d"), Edge("d", "bn")],
    )
    outer = Graph(
        [
            Node("x", "Input", {"shape": [4]}),
            Node("backbone", "Model", {"trainable": False} if frozen else {}, model="inner"),
            Node("out", "Dense", {"units": 2}),
        ],
        [Edge("x", "backbone"), Edge("backbone", "out")],
    )
    return Project(name="nested", models={"inner": inner, "outer": outer})


@pytest.mark.parametrize("frozen", [True, False])
def test_a_frozen_model_node_freezes_the_whole_model_it_calls(frozen):
    project = _frozen_model_node_project(frozen)
    result = check(project)
    assert result.ok, [str(p) for p in result.problems]
    model = build(project, "outer")
    backbone = result.models["outer"]["backbone"]
    assert (backbone.trainable, backbone.non_trainable) == _keras_counts(model.get_layer("inner"))
    assert backbone.trainable == (0 if frozen else 4 * 3 + 3 + 6)
    assert result.totals("outer") == _keras_counts(model)


def test_export_freezes_a_frozen_model_node():
    code = export_code(_frozen_model_node_project(True))
    assert "inner.trainable = False" in code
    assert "trainable = False" not in export_code(_frozen_model_node_project(False))


def test_summary_and_editor_show_frozen_weights_as_non_trainable():
    project = chain(*FROZEN_CHAIN)
    trainable, frozen = check(project).totals("model")
    assert trainable == 4 * 4 * 4 * 5 + 5
    html = summary_html(project, check(project))
    assert f"Trainable: {trainable:,} · non-trainable: {frozen:,}" in html
    assert f"可训练：{trainable:,} · 不可训练：{frozen:,}" in summary_html(project, check(project), "zh")
    info = Editor(project).node_info["models"]["model"]["conv"]
    assert (info["trainable"], info["non_trainable"]) == (0, 112)


def test_cli_check_counts_frozen_weights(tmp_path, capsys):
    path = chain(*FROZEN_CHAIN).save(tmp_path / "frozen.nnb.json")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    trainable, frozen = check(chain(*FROZEN_CHAIN)).totals("model")
    assert f"({trainable:,} trainable, {frozen:,} non-trainable)" in out
    assert frozen == 112 + 4 * 4 + 5 * 2  # conv, all four BatchNormalization weights, the EinsumDense kernel
