"""Helper layers of keras.applications models import faithfully: ConvNeXt's LayerScale and StochasticDepth
as nnbuilder's own classes (same settings, same weights, same outputs; exported scripts carry the classes so
they run with Keras alone), InceptionResNetV2's CustomScaleLayer as nnbuilder's ScaledAdd. Classes
are recognised by module and name, never by name alone."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder import Project, UnsupportedModelError, build, check, export_code, from_keras
from nnbuilder.catalog import get_spec
from nnbuilder.checking.fixes import apply_fix
from tests.roundtrip import assert_round_trip, layer_signature, sample_inputs
from tests.standalone import run_exported


def _keras():
    import keras

    return keras, keras.layers


def _convnext_block(drop_path_rate=0.0):
    """Conv2D, LayerScale (and StochasticDepth) on a residual branch, with Keras's own private classes."""
    keras, layers = _keras()
    from keras.src.applications.convnext import LayerScale, StochasticDepth

    image = keras.Input((8, 8, 6), name="image")
    branch = layers.Conv2D(6, 3, padding="same", name="conv")(image)
    branch = LayerScale(0.5, 6, name="scale")(branch)
    if drop_path_rate:
        branch = StochasticDepth(drop_path_rate, name="drop_path")(branch)
    out = layers.Add(name="residual")([image, branch])
    return keras.Model(image, layers.GlobalAveragePooling2D(name="pool")(out))


def test_layer_scale_round_trips_with_its_weights():
    model = _convnext_block()
    gamma = model.get_layer("scale").weights[0]
    gamma.assign(np.linspace(-1.0, 2.0, 6).astype("float32"))  # not the starting values: set_weights carries them
    project = assert_round_trip(model)
    node = project.graph.node("scale")
    assert (node.layer, node.config) == ("LayerScale", {"init_values": 0.5, "projection_dim": 6})
    result = check(project)
    (checked,) = result.models.values()
    assert checked["scale"].params == 6
    rebuilt = build(project)
    assert type(rebuilt.get_layer("scale")).__module__ == "nnbuilder.verbatim.helper_layers"


def test_stochastic_depth_round_trips_and_drops_whole_samples_in_training():
    model = _convnext_block(drop_path_rate=0.5)
    project = assert_round_trip(model)  # inference: the branch passes through
    assert project.graph.node("drop_path").config == {"drop_path_rate": 0.5}
    layer = build(project).get_layer("drop_path")
    x = np.ones((64, 3, 2), dtype="float32")
    out = np.asarray(layer(x, training=True))
    per_sample = out.reshape(64, -1)
    assert set(np.unique(per_sample)) <= {0.0, 2.0}  # dropped, or kept and scaled by 1 / (1 - rate)
    assert all(len(set(row)) == 1 for row in per_sample)  # a sample goes or stays whole
    assert 0 < (per_sample[:, 0] == 0).sum() < 64
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)


def _scaled_sum_block(scale=0.17):
    """InceptionResNetV2's CustomScaleLayer adding a scaled branch to its input."""
    keras, layers = _keras()
    from keras.src.applications.inception_resnet_v2 import CustomScaleLayer

    x = keras.Input((4, 4, 3), name="x")
    branch = layers.Conv2D(3, 1, name="branch")(x)
    summed = CustomScaleLayer(scale, name="block_ac")([x, branch])
    return keras.Model(x, layers.Activation("relu", name="block_ac_relu")(summed))


def _same_predictions(model, rebuilt):
    rebuilt.set_weights(model.get_weights())
    data = sample_inputs(model)[0]
    np.testing.assert_allclose(rebuilt.predict(data, verbose=0), model.predict(data, verbose=0), atol=1e-5)


def test_exported_helper_layers_run_without_nnbuilder(tmp_path):
    models = {"block": _convnext_block(drop_path_rate=0.1), "scaled_sum": _scaled_sum_block()}
    codes = {name: export_code(from_keras(model)) for name, model in models.items()}
    for code in codes.values():
        assert "keras.src" not in code and "nnbuilder import" not in code
    assert "class LayerScale(keras.layers.Layer):" in codes["block"] and "class StochasticDepth(" in codes["block"]
    assert "scale = LayerScale(0.5, projection_dim=6" in codes["block"]
    assert "class ScaledAdd(keras.layers.Layer):" in codes["scaled_sum"]
    assert 'block_ac = ScaledAdd(0.17, name="block_ac")([x, branch])' in codes["scaled_sum"]
    for name, loaded in run_exported(codes, tmp_path).items():
        model = models[name]
        assert len(loaded.layers) == len(model.layers)
        if name == "block":
            assert layer_signature(loaded) == layer_signature(model)
        assert loaded.count_params() == model.count_params()
        _same_predictions(model, loaded)


def test_a_custom_scale_layer_becomes_a_scaled_add():
    """InceptionResNetV2's CustomScaleLayer (x + r * scale) is nnbuilder's ScaledAdd: one layer for one, so
    the rebuilt model has the same layers, and the same outputs."""
    model = _scaled_sum_block(0.17)
    project = Project.from_dict(from_keras(model).to_dict())
    node = project.graph.node("block_ac")
    assert (node.layer, node.config) == ("ScaledAdd", {"scale": 0.17})
    into = sorted((e.port, e.source) for e in project.graph.edges if e.target == "block_ac")
    assert into == [(0, "x"), (1, "branch")]
    result = check(project)
    assert result.ok and result.node("block_ac").output_shape == (None, 4, 4, 3)
    rebuilt = build(project)
    assert len(rebuilt.layers) == len(model.layers) and rebuilt.count_params() == model.count_params()
    _same_predictions(model, rebuilt)


def test_a_scaled_add_needs_two_inputs_of_one_shape():
    from nnbuilder.document.project import Edge, Graph, Node

    nodes = [Node("x", "Input", {"shape": [4, 3]}), Node("wide", "Dense", {"units": 5})]
    nodes.append(Node("sum", "ScaledAdd", {"scale": 0.5}))
    graph = Graph(nodes=nodes, edges=[Edge("x", "wide"), Edge("x", "sum", 0), Edge("wide", "sum", 1)])
    [problem] = check(Project(name="p", models={"model": graph})).errors
    assert problem.node == "sum" and "same shape" in problem.message


@pytest.mark.parametrize(
    ("first", "second"),
    [([1], [None]), ([None], [1]), ([None], [4]), ([4], [None]), ([None, 3], [5, 3]), ([None], [None])],
)
def test_a_scaled_add_with_unknown_sizes_has_the_shape_keras_gives_it(first, second):
    """x + r * scale broadcasts: a size beside an unknown one stays, but a 1 beside an unknown one is unknown."""
    from nnbuilder.document.project import Edge, Graph, Node

    nodes = [Node("x", "Input", {"shape": first}), Node("r", "Input", {"shape": second})]
    nodes.append(Node("sum", "ScaledAdd", {"scale": 0.5}))
    graph = Graph(nodes=nodes, edges=[Edge("x", "sum", 0), Edge("r", "sum", 1)], inputs=["x", "r"], outputs=["sum"])
    project = Project(name="p", models={"model": graph})
    result = check(project)
    assert result.ok, result.errors
    assert result.node("sum").output_shape == tuple(build(project).outputs[0].shape)


SHAPES_ON_JAX = """
import json, sys
from nnbuilder import Project, build, check
from nnbuilder.document.project import Edge, Graph, Node
out = []
for first, second in json.loads(sys.argv[1]):
    nodes = [Node("x", "Input", {"shape": first}), Node("r", "Input", {"shape": second}),
             Node("sum", "ScaledAdd", {"scale": 0.5})]
    edges = [Edge("x", "sum", 0), Edge("r", "sum", 1)]
    project = Project(name="p", models={"model": Graph(nodes=nodes, edges=edges, inputs=["x", "r"],
                                                       outputs=["sum"])})
    out.append([list(check(project).node("sum").output_shape), list(build(project).outputs[0].shape)])
print(json.dumps(out))
"""


def test_a_scaled_add_with_unknown_sizes_builds_on_jax_too():
    """JAX cannot trace x + r * scale with unknown sizes: the layer says its shape, the one check gives."""
    import json
    import os
    import subprocess
    import sys

    cases = [[[1], [None]], [[None], [1]], [[None], [4]], [[4], [None]], [[None, 3], [5, 3]]]
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", SHAPES_ON_JAX, json.dumps(cases)], env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    for checked, built in json.loads(done.stdout.strip().splitlines()[-1]):
        assert checked == built


def test_an_export_without_helper_layers_defines_none():
    keras, layers = _keras()
    x = keras.Input((3,), name="x")
    code = export_code(from_keras(keras.Model(x, layers.Dense(2, name="out")(x))))
    assert "class " not in code and "register_keras_serializable" not in code


def test_a_built_model_saves_and_loads_back(tmp_path):
    keras, _ = _keras()
    rebuilt = build(from_keras(_convnext_block(drop_path_rate=0.2)))
    rebuilt.save(tmp_path / "block.keras")
    loaded = keras.saving.load_model(tmp_path / "block.keras")
    assert layer_signature(loaded) == layer_signature(rebuilt)


def test_a_class_of_the_same_name_from_elsewhere_is_refused():
    keras, layers = _keras()

    class LayerScale(layers.Layer):  # noqa: N801 - the name alone must not be trusted
        def call(self, inputs):
            return inputs * 2.0

    x = keras.Input((4,), name="x")
    model = keras.Model(x, LayerScale(name="impostor")(x))
    with pytest.raises(UnsupportedModelError) as info:
        from_keras(model)
    message = str(info.value)
    assert message.startswith("layer 'impostor': LayerScale from tests.test_helper_layers is not a built-in")
    assert "build the model from keras.layers layers" in message

    class CustomScaleLayer(layers.Layer):
        def call(self, inputs):
            return inputs[0] - inputs[1]

    y = keras.Input((4,), name="y")
    with pytest.raises(UnsupportedModelError, match="layer 'lookalike': CustomScaleLayer from tests.test_helper"):
        from_keras(keras.Model([x, y], CustomScaleLayer(name="lookalike")([x, y])))


def test_a_helper_layer_inside_a_wrapper_imports():
    keras, layers = _keras()
    from nnbuilder.verbatim.helper_layers import LayerScale  # Keras's own cannot say its output shape

    x = keras.Input((5, 4), name="x")
    model = keras.Model(x, layers.TimeDistributed(LayerScale(0.1, 4), name="each_step")(x))
    project = assert_round_trip(model)
    inner = project.graph.node("each_step").config["layer"]
    assert inner == {"class_name": "LayerScale", "config": {"init_values": 0.1, "projection_dim": 4}}
    assert "class LayerScale(" in export_code(project)


def _one_node(layer, config, shape):
    nodes = [{"id": "x", "layer": "Input", "config": {"shape": shape}}, {"id": "n", "layer": layer, "config": config}]
    model = {"nodes": nodes, "edges": [{"source": "x", "target": "n"}]}
    return Project.from_dict({"format": "nnbuilder", "version": 1, "models": {"model": model}})


def test_layer_scale_names_the_channel_count_it_needs():
    project = _one_node("LayerScale", {"init_values": 1e-6, "projection_dim": 8}, [4, 4, 3])
    (problem,) = check(project).errors
    assert problem.node == "n" and problem.param == "projection_dim"
    assert "set projection_dim to 3" in problem.message
    assert "请把 projection_dim 设为 3" in problem.say("zh")
    assert len(problem.fixes) == 1
    fixed = apply_fix(project, problem)
    assert check(fixed).ok


def test_helper_layer_specs_speak_both_languages():
    for name in ("LayerScale", "StochasticDepth"):
        spec = get_spec(name)
        assert spec.help_en and spec.help_zh
        for param in spec.params:
            assert param.help and param.to_dict()["help_zh"] != param.help


@pytest.mark.parametrize("shape", [[16], [1], [None], [4, 16], [4, 1], [4, None], [8, 8, 16], [8, 8, 3]])
@pytest.mark.parametrize("layer", ["LayerScale", "StochasticDepth"])
def test_check_accepts_exactly_what_keras_builds(layer, shape):
    project = _one_node(layer, dict(get_spec(layer).starter), shape)
    result = check(project)
    try:
        model = build(project)
    except Exception:
        assert not result.ok
        return
    assert result.ok, [str(p) for p in result.errors]
    (checked,) = result.models.values()
    assert model.count_params() == checked["n"].params
    assert tuple(model.output_shape) == checked["n"].output_shape
