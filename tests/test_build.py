"""build(): Keras models from projects; counts agree with check()."""

import numpy as np
import pytest

from nnbuilder import BuildError, Edge, Graph, Node, build, check, load_template, templates
from tests.helpers import MLP, chain, graph, shared_dense


@pytest.mark.parametrize("name", templates())
def test_templates_build_with_the_counts_check_reports(name):
    project = load_template(name)
    result = check(project)
    built = build(project)
    models = built if isinstance(built, dict) else {next(iter(project.models)): built}
    for model_name, model in models.items():
        assert model.count_params() == sum(result.totals(model_name))
        for layer in model.layers:
            node = result.models[model_name][layer.name]  # node ids are layer names
            assert tuple(layer.output.shape) == node.output_shape


def test_multi_model_project_gives_a_dict():
    built = build(load_template("gan"))
    assert set(built) == {"generator", "discriminator"}
    assert built["generator"].output_shape == (None, 28, 28, 1)
    assert build(load_template("gan"), "discriminator").output_shape == (None, 1)
    with pytest.raises(BuildError, match="no model called 'nope'"):
        build(load_template("gan"), "nope")


def test_several_outputs_in_declared_order():
    project = graph(
        [
            ("x", "Input", {"shape": [6]}),
            ("h", "Dense", {"units": 4}),
            ("a", "Dense", {"units": 1}),
            ("b", "Dense", {"units": 3, "activation": "softmax"}),
        ],
        [("x", "h"), ("h", "a"), ("h", "b")],
        outputs=["b", "a"],
    )
    model = build(project)
    assert [tuple(t.shape) for t in model.outputs] == [(None, 3), (None, 1)]
    preds = model.predict(np.zeros((2, 6), "float32"), verbose=0)
    assert preds[0].shape == (2, 3)


def test_merge_and_shared_layers_build():
    project = shared_dense()
    model = build(project)
    assert model.count_params() == 15 == sum(check(project).totals("model"))
    assert len(model.inputs) == 2


def test_nested_model_is_shared_not_copied():
    project = load_template("gan")
    project.models["gan"] = Graph(
        [
            Node("z", "Input", {"shape": [100]}),
            Node("g", "Model", model="generator"),
            Node("d", "Model", model="discriminator"),
        ],
        [Edge("z", "g"), Edge("g", "d")],
    )
    gan = build(project)  # the only top-level model: generator and discriminator live inside it
    assert gan.name == "gan"
    assert [layer.name for layer in gan.layers] == ["z", "generator", "discriminator"]
    assert gan.count_params() == sum(check(project).totals("gan"))


def test_errors_raise_build_error_naming_the_node():
    project = chain(("a", "Input", {"shape": [4]}), ("c", "Conv2D", {"filters": 2, "kernel_size": 3}))
    with pytest.raises(BuildError) as info:
        build(project)
    assert info.value.node == "c" and info.value.model == "model"
    assert str(info.value).startswith("node 'model.c': Conv2D expects an image")


def test_build_matches_plain_keras_outputs():
    import keras

    project = chain(*MLP)
    ours = build(project)
    x = keras.Input((8,))
    plain = keras.Model(x, keras.layers.Dense(2)(keras.layers.Dense(4, activation="relu")(x)))
    plain.set_weights(ours.get_weights())
    data = np.random.default_rng(0).normal(size=(5, 8)).astype("float32")
    np.testing.assert_allclose(ours.predict(data, verbose=0), plain.predict(data, verbose=0), atol=1e-6)
