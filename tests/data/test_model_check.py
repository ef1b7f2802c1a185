"""check_data_against_model(): shape, target and loss mismatches, each with its fix."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nnbuilder import templates
from nnbuilder.data import check_data_against_model, from_arrays, load_dataset

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SPARSE = {"recipe": "supervised", "loss": "sparse_categorical_crossentropy"}


def mlp(input_shape, units, *, flatten=False, activation=None):
    import keras

    inputs = keras.Input(input_shape)
    x = keras.layers.Flatten()(inputs) if flatten else inputs
    return keras.Model(inputs, keras.layers.Dense(units, activation=activation)(x))


@pytest.fixture(scope="module")
def mnist():
    from nnbuilder.verbatim import loaders_keras as _loaders_keras

    # The offline stand-in, whatever the Keras cache holds: shapes are what matter here.
    result = _loaders_keras.data_digits_28x28(200, 0)
    return from_arrays(result["x_train"], result["y_train"], result["x_test"], result["y_test"], name="mnist")


@pytest.mark.parametrize("name", templates())
def test_templates_fit_their_data(offline, name, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))  # where a template's generated image folder goes
    import nnbuilder

    project = nnbuilder.load_template(name)
    assert json.loads((TEMPLATES / f"{name}.nnb.json").read_text())["data"] == project.data
    data = load_dataset(project.data, {"samples": 64})
    assert check_data_against_model(data, nnbuilder.build(project), project.training) == []


def test_image_data_into_a_flat_input_names_the_flatten_option(offline):
    data = load_dataset("mnist", {"samples": 20})
    problems = check_data_against_model(data, mlp((784,), 10), SPARSE)
    assert problems == [
        "the model expects input (784,) but mnist gives (28, 28, 1): set the data option flatten or add a Flatten layer"
    ]
    flat = load_dataset("mnist", {"samples": 20, "flatten": True})
    problems = check_data_against_model(flat, mlp((28, 28, 1), 10, flatten=True), SPARSE)
    assert problems == [
        "the model expects input (28, 28, 1) but mnist gives (784,): "
        "turn off the data option flatten or change the Input shape to (784,)"
    ]


def test_other_input_mismatch_names_the_shape_to_use():
    data = load_dataset("iris")
    assert check_data_against_model(data, mlp((5,), 3), SPARSE) == [
        "the model expects input (5,) but iris gives (4,): set the Input shape to [4]"
    ]


def test_class_targets_and_losses(mnist):
    model = mlp((28, 28, 1), 10, flatten=True, activation="softmax")
    assert check_data_against_model(mnist, model, SPARSE) == []
    categorical = {"loss": "categorical_crossentropy"}
    assert check_data_against_model(mnist, model, categorical) == []  # the indices become one-hot rows
    assert check_data_against_model(mnist, mlp((28, 28, 1), 9, flatten=True), categorical) == [
        "the model's output has 9 units but the data has 10 classes: set the last Dense units to 10"
    ]
    assert check_data_against_model(mnist, model, {"loss": "mse"}) == [
        "targets are class indices: use sparse_categorical_crossentropy"
    ]
    one = mlp((28, 28, 1), 1, flatten=True)
    assert check_data_against_model(mnist, one, {"loss": "sparse_categorical_crossentropy"}) == [
        "the model's output has 1 unit but the data has 10 classes: set the last Dense units to 10"
    ]
    assert (
        "binary_crossentropy is for 2 classes but the data has 10"
        in check_data_against_model(mnist, one, {"loss": "binary_crossentropy"})[0]
    )


def test_binary_targets():
    data = load_dataset("moons", {"samples": 20})
    assert check_data_against_model(data, mlp((2,), 1, activation="sigmoid"), {"loss": "binary_crossentropy"}) == []
    assert check_data_against_model(data, mlp((2,), 2), SPARSE) == []
    [message] = check_data_against_model(data, mlp((2,), 2), {"loss": "binary_crossentropy"})
    assert message.startswith("with binary_crossentropy the output needs 1 unit but has 2")


def test_regression_targets():
    data = from_arrays(np.ones((20, 3)), np.linspace(-5, 5, 20))
    assert check_data_against_model(data, mlp((3,), 1), {"loss": "mse"}) == []
    assert check_data_against_model(data, mlp((3,), 4), {"loss": "mean_squared_error"}) == [
        "the model's output is (4,) but each target is (): set the last Dense units to 1"
    ]
    assert check_data_against_model(data, mlp((3,), 1), SPARSE) == [
        "the targets are real numbers, not class indices: use mean_squared_error"
    ]
    assert check_data_against_model(data, mlp((3,), 1), {"loss": "binary_crossentropy"}) == [
        "the targets go outside [0, 1], so binary_crossentropy cannot fit them: use mean_squared_error"
    ]


def test_autoencoder_compares_the_output_with_the_input(offline):
    data = load_dataset("mnist", {"samples": 20, "flatten": True})
    training = {"recipe": "autoencoder", "loss": "binary_crossentropy"}
    assert check_data_against_model(data, mlp((784,), 784, activation="sigmoid"), training) == []
    assert check_data_against_model(data, mlp((784,), 32), training) == [
        "the model's output is (32,) but an autoencoder must rebuild its input, (784,): set the last Dense units to 784"
    ]
    unflat = load_dataset("mnist", {"samples": 20})
    [problem] = check_data_against_model(unflat, mlp((28, 28, 1), 784, flatten=True), training)
    assert problem.endswith("add a Reshape layer to [28, 28, 1] at the end")
    unlabelled = from_arrays(np.ones((10, 4)))
    assert check_data_against_model(unlabelled, mlp((4,), 4), {"recipe": "supervised"}) == [
        "arrays has no targets: use the autoencoder or gan recipe, or give targets"
    ]


def test_gan_checks_both_models(mnist):
    import keras

    noise = keras.Input((8,))
    good = keras.Model(noise, keras.layers.Reshape((28, 28, 1))(keras.layers.Dense(784)(noise)))
    bad = keras.Model(noise, keras.layers.Reshape((14, 14, 1))(keras.layers.Dense(196)(noise)))
    critic = mlp((28, 28, 1), 1, flatten=True)
    training = {"recipe": "gan", "loss": "binary_crossentropy"}
    assert check_data_against_model(mnist, {"generator": good, "discriminator": critic}, training) == []
    problems = check_data_against_model(mnist, {"generator": bad, "discriminator": mlp((784,), 3)}, training)
    assert problems == [
        "the discriminator expects input (784,) but mnist gives (28, 28, 1): add a Flatten layer after the Input",
        "the discriminator's output is (3,): set its last Dense units to 1",
        "the generator makes (14, 14, 1) but mnist examples are (28, 28, 1): make its last layer give (28, 28, 1)",
    ]
    assert check_data_against_model(mnist, good, training) == [
        "a GAN needs two models named generator and discriminator"
    ]
