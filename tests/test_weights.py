"""Weights kept with a project: from_keras(weights=True) -> save -> load -> build predicts as the original."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from nnbuilder import Project, build, from_keras
from nnbuilder.bridge.weights import WeightsSkipped
from nnbuilder.document.weights_file import read_weights, weights_path, write_weights
from nnbuilder.errors import ProjectError
from nnbuilder.ui.editor import Editor


def _conv_model():
    import keras

    inputs = keras.Input(shape=(8, 8, 3), name="image")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    x = keras.layers.BatchNormalization(name="bn")(x)
    x = keras.layers.Flatten(name="flat")(x)
    x = keras.layers.Dropout(0.2, name="drop")(x)
    outputs = keras.layers.Dense(3, name="dense")(x)
    model = keras.Model(inputs, outputs, name="small")
    for variable in model.weights:  # every weight away from its initial value, so a fresh layer would differ
        variable.assign(np.random.default_rng(len(variable.path)).normal(size=variable.shape).astype("float32"))
    return model


def _nested_model():
    """A Sequential body used twice (one set of weights) inside a Functional model."""
    import keras

    body = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(4, name="inner")], name="body")
    a, b = keras.Input(shape=(5,), name="a"), keras.Input(shape=(5,), name="b")
    joined = keras.layers.Concatenate(name="cat")([body(a), body(b)])
    return keras.Model([a, b], keras.layers.Dense(2, name="out")(joined), name="twin")


def test_conv_model_round_trips_its_weights_through_the_files(tmp_path):
    model = _conv_model()
    x = np.random.default_rng(0).normal(size=(4, 8, 8, 3)).astype("float32")
    expected = model.predict(x, verbose=0)
    project = from_keras(model, weights=True)
    path = project.save(tmp_path / "small.nnb.json")
    assert weights_path(path) == tmp_path / "small.weights.npz" and weights_path(path).exists()
    assert "weights" not in json.loads(path.read_text())
    loaded = Project.load(path)
    assert sorted(loaded.weights["small"]) == ["bn", "conv", "dense"]
    assert [a.shape for a in loaded.weights["small"]["bn"]] == [(4,)] * 4  # gamma, beta, moving mean and variance
    rebuilt = build(loaded)
    np.testing.assert_allclose(rebuilt.predict(x, verbose=0), expected, atol=1e-6)


def test_nested_and_shared_weights_round_trip(tmp_path):
    model = _nested_model()
    rng = np.random.default_rng(1)
    x = [rng.normal(size=(3, 5)).astype("float32"), rng.normal(size=(3, 5)).astype("float32")]
    project = from_keras(model, weights=True)
    assert set(project.weights) == {"twin", "body"}
    assert list(project.weights["body"]) == ["inner"]
    loaded = Project.load(project.save(tmp_path / "twin.nnb.json"))
    np.testing.assert_allclose(build(loaded).predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)


def test_without_weights_the_import_keeps_none_and_the_build_starts_fresh(tmp_path):
    model = _conv_model()
    project = from_keras(model)
    assert not project.weights
    project.save(tmp_path / "plain.nnb.json")
    assert not weights_path(tmp_path / "plain.nnb.json").exists()
    x = np.ones((1, 8, 8, 3), "float32")
    assert not np.allclose(build(project).predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-3)


def test_a_changed_layer_keeps_fresh_weights_with_a_warning_naming_it():
    model = _conv_model()
    project = from_keras(model, weights=True)
    project.models["small"].node("dense").config["units"] = 5  # the kernel no longer fits
    with pytest.warns(WeightsSkipped, match=r"node 'dense' \(Dense\) of model 'small'.*\(144, 3\).*\(144, 5\)"):
        rebuilt = build(project)
    np.testing.assert_array_equal(rebuilt.get_layer("conv").get_weights()[0], model.get_layer("conv").get_weights()[0])
    assert rebuilt.get_layer("dense").get_weights()[0].shape == (144, 5)


def test_an_unchanged_project_builds_without_warnings():
    project = from_keras(_conv_model(), weights=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WeightsSkipped)
        build(project)


def test_removed_nodes_weights_are_dropped_on_save(tmp_path):
    project = from_keras(_conv_model(), weights=True)
    graph = project.models["small"]
    graph.nodes = [n for n in graph.nodes if n.id != "bn"]
    graph.edges = [e for e in graph.edges if "bn" not in (e.source, e.target)]
    from nnbuilder import Edge

    graph.edges.append(Edge("conv", "flat"))
    loaded = Project.load(project.save(tmp_path / "cut.nnb.json"))
    assert sorted(loaded.weights["small"]) == ["conv", "dense"]
    build(loaded)


def test_saving_without_weights_removes_an_old_weights_file(tmp_path):
    path = tmp_path / "p.nnb.json"
    from_keras(_conv_model(), weights=True).save(path)
    assert weights_path(path).exists()
    from_keras(_conv_model()).save(path)
    assert not weights_path(path).exists()
    assert not Project.load(path).weights


def test_editor_edits_keep_the_weights():
    editor = Editor(from_keras(_conv_model(), weights=True))
    editor.set_param("dense", "activation", "relu")
    assert sorted(editor.project.weights["small"]) == ["bn", "conv", "dense"]


def test_copies_share_the_arrays_but_not_the_tables():
    project = from_keras(_conv_model(), weights=True)
    copied = project.copy()
    assert copied.weights["small"]["conv"][0] is project.weights["small"]["conv"][0]
    del copied.weights["small"]["conv"]
    assert "conv" in project.weights["small"]


def test_weights_file_names_and_refusals(tmp_path):
    assert weights_path("a/cnn.nnb.json").name == "cnn.weights.npz"
    assert weights_path("a/cnn.json").name == "cnn.weights.npz"
    assert weights_path("a/cnn").name == "cnn.weights.npz"
    project_path = tmp_path / "w.nnb.json"
    write_weights(project_path, {"m": {"d": [np.zeros((2, 2)), np.ones(2)]}}, {"m": {"d"}})
    back = read_weights(project_path)
    assert [a.tolist() for a in back["m"]["d"]] == [[[0, 0], [0, 0]], [1, 1]]
    np.savez(weights_path(project_path), **{"m/d/0": np.zeros(1), "stray": np.zeros(1)})
    with pytest.raises(ProjectError, match="unexpected entry 'stray'"):
        read_weights(project_path)
    np.savez(weights_path(project_path), **{"m/d/1": np.zeros(1)})
    with pytest.raises(ProjectError, match="node 'd' of model 'm' misses weights"):
        read_weights(project_path)
    np.savez(weights_path(project_path), **{"m/d/0": np.array([object()], dtype=object)})
    with pytest.raises(ProjectError, match="not a weights file nnbuilder can read"):
        read_weights(project_path)  # no pickle: an object array is refused, never unpickled
    weights_path(project_path).write_bytes(b"not a zip")
    with pytest.raises(ProjectError, match="not a weights file"):
        read_weights(project_path)


def test_a_failed_weights_write_keeps_the_old_file(tmp_path, monkeypatch):
    project_path = tmp_path / "w.nnb.json"
    write_weights(project_path, {"m": {"d": [np.ones(2)]}}, {"m": {"d"}})

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("nnbuilder.document.files.os.replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_weights(project_path, {"m": {"d": [np.zeros(3)]}}, {"m": {"d"}})
    assert read_weights(project_path)["m"]["d"][0].tolist() == [1, 1]
    assert [p.name for p in tmp_path.iterdir()] == ["w.weights.npz"]  # no temporary file left behind
