"""`activations`: every node's output on a sample, for every template and every model in it, with check's
shapes, the values a separate Keras model gives, the probe cached per model, and clear refusals."""

from __future__ import annotations

import gc
import types
import weakref

import numpy as np
import pytest

import nnbuilder
from nnbuilder.bridge.to_keras import build
from nnbuilder.checking.checker import check
from nnbuilder.document.project import Edge, Graph, Node, Project
from nnbuilder.errors import NNBuilderError
from nnbuilder.views import _activation_probe
from nnbuilder.views.activations import activations

TEMPLATE_MODELS = [(name, graph) for name in nnbuilder.templates() for graph in nnbuilder.load_template(name).models]


@pytest.fixture(scope="module")
def built():
    """One build per template (the MobileNetV2 backbone is the slow one): name -> (project, {graph: model})."""
    cache: dict = {}

    def get(name):
        if name not in cache:
            project = nnbuilder.load_template(name)
            models = build(project)
            cache[name] = (project, models if isinstance(models, dict) else {models.name: models})
        return cache[name]

    return get


def _sample(model, batch=None, seed=0):
    """Random values of the shape of the model's inputs: one example (no batch axis) or `batch` of them."""
    rng = np.random.default_rng(seed)
    arrays = []
    for tensor in model.inputs:
        shape = tuple(tensor.shape[1:]) if batch is None else (batch, *tensor.shape[1:])
        arrays.append(
            rng.random(shape).astype("float32") if "int" not in str(tensor.dtype) else rng.integers(0, 9, shape)
        )
    return arrays[0] if len(arrays) == 1 else arrays


def _expected_shapes(project, graph, batch):
    """Key -> check's shape of that output with the batch axis filled in."""
    out = {}
    for node_id, node in check(project).models[graph].items():
        for k, shape in enumerate(node.output_shapes):
            out[node_id if k == 0 else f"{node_id}:{k}"] = tuple(batch if d is None else d for d in shape)
    return out


@pytest.mark.parametrize("template, graph", TEMPLATE_MODELS)
def test_every_node_has_checks_shape(built, template, graph):
    project, models = built(template)
    model = models[graph]
    one = activations(model, _sample(model), project=project, model_name=graph)
    assert {key: value.shape for key, value in one.items()} == _expected_shapes(project, graph, 1)
    three = activations(model, _sample(model, batch=3), project=project, model_name=graph)
    assert {key: value.shape for key, value in three.items()} == _expected_shapes(project, graph, 3)
    assert all(np.isfinite(value).all() for value in three.values())


@pytest.mark.parametrize("template, graph", TEMPLATE_MODELS)
def test_values_match_a_keras_model_of_that_layer(built, template, graph):
    import keras

    project, models = built(template)
    model = models[graph]
    x = _sample(model, batch=2, seed=1)
    values = activations(model, x, project=project)
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    for layer in {layers[0].name: layers[0], layers[len(layers) // 2].name: layers[len(layers) // 2]}.values():
        separate = keras.Model(model.inputs, layer.output)
        expected = keras.ops.convert_to_numpy(separate(x if isinstance(x, list) else [x], training=False))
        np.testing.assert_allclose(values[layer.name], expected, rtol=1e-6, atol=1e-6, err_msg=layer.name)
    np.testing.assert_allclose(values[model.layers[0].name], np.asarray(x, dtype=values[model.layers[0].name].dtype))


def test_a_trainer_gives_its_models_values(built):
    project, models = built("gan")
    trainer = types.SimpleNamespace(model=models["generator"], models=models, project=project)
    noise = _sample(models["generator"], seed=2)
    by_trainer = activations(trainer, noise)
    by_model = activations(models["generator"], noise, project=project)
    assert by_trainer.keys() == by_model.keys()
    for key in by_model:
        np.testing.assert_array_equal(by_trainer[key], by_model[key])
    image = by_trainer["image"][0]
    judged = activations(trainer, image, model_name="discriminator")
    assert judged["real"].shape == (1, 1)
    np.testing.assert_array_equal(judged["image"][0], image)
    with pytest.raises(NNBuilderError, match="prepare"):
        activations(types.SimpleNamespace(model=None, project=project), noise)


def test_a_prepared_trainer_shows_its_model():
    from nnbuilder.training.trainer import Trainer

    rng = np.random.default_rng(5)
    x, y = rng.random((10, 784)).astype("float32"), np.arange(10)  # every digit once
    trainer = Trainer(nnbuilder.load_template("mnist_mlp"), data=(x, y), runs=False).prepare()
    values = activations(trainer, x[0])
    assert list(values) == ["image", "hidden", "dropout", "digit"]
    np.testing.assert_allclose(values["digit"], trainer.model.predict(x[:1], verbose=0), rtol=1e-6, atol=1e-6)


def test_the_probe_is_cached_per_model_and_goes_with_it():
    project = nnbuilder.load_template("mnist_mlp")
    model = build(project)
    x = np.zeros(784, dtype="float32")
    activations(model, x, project=project)
    (probe,) = _activation_probe.cached_probes(model)
    activations(model, x + 1, project=project)
    assert _activation_probe.cached_probes(model) == [probe]
    assert _activation_probe.cached_probes(model)[0] is probe
    project.models["model"].node("hidden").config["units"] = 7  # a setting: the same graph, the same probe
    activations(model, x, project=project)
    assert _activation_probe.cached_probes(model)[0] is probe
    gone_model, gone_probe = weakref.ref(model), weakref.ref(probe)
    del model, probe
    gc.collect()
    assert gone_model() is None and gone_probe() is None


def test_a_project_is_built_and_a_multi_model_project_needs_a_name():
    values = activations(nnbuilder.load_template("feedforward"), np.zeros(_input_shape("feedforward")))
    assert list(values) == ["features", "hidden1", "hidden2", "output"]
    gan = nnbuilder.load_template("gan")
    with pytest.raises(NNBuilderError, match=r"several models \('discriminator', 'generator'\)") as info:
        activations(gan, np.zeros(100))
    assert "model_name" in info.value.said_in["zh"]
    with pytest.raises(NNBuilderError, match="no model called 'critic'"):
        activations(gan, np.zeros(100), model_name="critic")
    assert activations(gan, np.zeros(100), model_name="generator")["image"].shape == (1, 28, 28, 1)


def _input_shape(template):
    return nnbuilder.load_template(template).models["model"].nodes[0].config["shape"]


def test_a_model_used_inside_another_is_found_by_name(built):
    project, _ = built("gan")
    project = project.copy()
    project.models["gan"] = Graph(
        [
            Node("z", "Input", {"shape": [100]}),
            Node("g", "Model", model="generator"),
            Node("d", "Model", model="discriminator"),
        ],
        [Edge("z", "g"), Edge("g", "d")],
    )
    gan = build(project)
    noise = np.random.default_rng(3).random(100).astype("float32")
    outer = activations(gan, noise, project=project)
    assert {k: v.shape for k, v in outer.items()} == {"z": (1, 100), "g": (1, 28, 28, 1), "d": (1, 1)}
    inner = activations(gan, outer["g"], project=project, model_name="discriminator")
    np.testing.assert_allclose(inner["real"], outer["d"], rtol=1e-6, atol=1e-6)


def _mixed_project():
    """Two inputs through one shared Dense, an Op adding them, a nested model with two outputs, and an LSTM
    whose states no one reads."""
    inner = {
        "nodes": [
            {"id": "i", "layer": "Input", "config": {"shape": [4]}},
            {"id": "a", "layer": "Dense", "config": {"units": 2}},
            {"id": "b", "layer": "Dense", "config": {"units": 3}},
        ],
        "edges": [{"source": "i", "target": "a"}, {"source": "i", "target": "b"}],
    }
    outer = {
        "nodes": [
            {"id": "x", "layer": "Input", "config": {"shape": [4]}},
            {"id": "y", "layer": "Input", "config": {"shape": [4]}},
            {"id": "seq", "layer": "Input", "config": {"shape": [5, 3]}},
            {"id": "shared", "layer": "Dense", "config": {"units": 4}},
            {"id": "shared_y", "layer": "Dense", "shares": "shared"},
            {"id": "sum", "layer": "Op", "op": "add", "config": {}},
            {"id": "sub", "layer": "Model", "model": "inner"},
            {"id": "joined", "layer": "Concatenate"},
            {"id": "rnn", "layer": "LSTM", "config": {"units": 2, "return_state": True}},
        ],
        "edges": [
            {"source": "x", "target": "shared"},
            {"source": "y", "target": "shared_y"},
            {"source": "shared", "target": "sum", "arg": "x1"},
            {"source": "shared_y", "target": "sum", "arg": "x2"},
            {"source": "sum", "target": "sub"},
            {"source": "sub", "target": "joined", "port": 0},
            {"source": "sub", "target": "joined", "port": 1, "output": 1},
            {"source": "seq", "target": "rnn"},
        ],
        "outputs": ["joined", "rnn"],
    }
    return Project.from_dict({"format": "nnbuilder", "version": 2, "models": {"model": outer, "inner": inner}})


def test_shared_layers_ops_nested_models_and_states():
    project = _mixed_project()
    assert check(project).ok, [str(p) for p in check(project).errors]
    model = build(project)
    rng = np.random.default_rng(4)
    sample = {"x": rng.random(4), "y": rng.random(4), "seq": rng.random((5, 3))}
    values = activations(model, sample, project=project)
    assert {k: v.shape for k, v in values.items()} == _expected_shapes(project, "model", 1)
    assert {"rnn:1", "rnn:2", "sub:1"} <= values.keys()
    kernel, bias = model.get_layer("shared").get_weights()
    np.testing.assert_allclose(values["shared_y"], sample["y"][None] @ kernel + bias, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values["sum"], values["shared"] + values["shared_y"], rtol=1e-6, atol=1e-6)
    a_kernel, a_bias = model.get_layer("inner").get_layer("a").get_weights()
    np.testing.assert_allclose(values["sub"], values["sum"] @ a_kernel + a_bias, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values["rnn"], values["rnn:1"])  # the last output is the last hidden state
    as_list = activations(model, [sample["x"], sample["y"], sample["seq"]], project=project)
    for key in values:
        np.testing.assert_array_equal(as_list[key], values[key])


def test_a_keras_model_without_its_project_is_read_back():
    import keras

    x = keras.Input((6,), name="features")
    hidden = keras.layers.Dense(5, activation="relu", name="hidden")(x)
    model = keras.Model(x, keras.layers.Dense(2, name="scores")(hidden), name="plain")
    values = activations(model, np.ones(6))
    assert {k: v.shape for k, v in values.items()} == {"features": (1, 6), "hidden": (1, 5), "scores": (1, 2)}
    np.testing.assert_allclose(values["scores"], model.predict(np.ones((1, 6)), verbose=0), rtol=1e-6, atol=1e-6)


def test_a_sample_of_the_wrong_shape_names_the_input(built):
    project, models = built("mnist_cnn")
    model = models["model"]
    with pytest.raises(NNBuilderError) as info:
        activations(model, np.zeros((28, 28)), project=project)
    assert str(info.value) == (
        "input 'image' expects one sample of shape (28, 28, 1) or a batch of shape (n, 28, 28, 1), "
        "got an array of shape (28, 28)"
    )
    assert "输入节点 'image'" in info.value.said_in["zh"] and "(28, 28, 1)" in info.value.said_in["zh"]
    with pytest.raises(NNBuilderError, match="expects an array of numbers, got str"):
        activations(model, "a picture", project=project)


def test_several_inputs_are_named_when_a_sample_misses_one():
    project = _mixed_project()
    model = build(project)
    with pytest.raises(NNBuilderError, match=r"3 inputs \('x', 'y', 'seq'\): give the sample as a dict"):
        activations(model, np.zeros(4), project=project)
    with pytest.raises(NNBuilderError, match="no sample for input 'seq'"):
        activations(model, {"x": np.zeros(4), "y": np.zeros(4)}, project=project)
    with pytest.raises(NNBuilderError, match="'z' is not an input of this model"):
        activations(model, {"x": 0, "y": 0, "seq": 0, "z": 0}, project=project)
    with pytest.raises(NNBuilderError, match=r"different numbers of samples: 'x': 2, 'y': 1, 'seq': 1"):
        activations(model, {"x": np.zeros((2, 4)), "y": np.zeros(4), "seq": np.zeros((5, 3))}, project=project)
    with pytest.raises(NNBuilderError, match=r"input 'seq' expects one sample of shape \(5, 3\)"):
        activations(model, {"x": np.zeros(4), "y": np.zeros(4), "seq": np.zeros(3)}, project=project)


def test_a_model_from_another_project_is_refused(built):
    _, models = built("mnist_mlp")
    with pytest.raises(NNBuilderError, match=r"node 'conv1' of model 'model' has no matching call of 'conv1'"):
        activations(models["model"], np.zeros((28, 28, 1)), project=nnbuilder.load_template("mnist_cnn"))
    with pytest.raises(NNBuilderError, match="expected a Keras model, a trainer or a nnbuilder.Project, got dict"):
        activations({}, np.zeros(3))
