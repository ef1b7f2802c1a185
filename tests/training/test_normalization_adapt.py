"""A Normalization node given no mean and variance learns them from the training rows before training: in the
app's trainer, in nnbuilder.train and in the exported script."""

from __future__ import annotations

import keras
import numpy as np

import nnbuilder
from nnbuilder.training import Trainer
from tests.training import _projects
from tests.training._scripts import run_training_script


def _project(layers, **training):
    settings = {"loss": "sparse_categorical_crossentropy", "epochs": 1, "validation_split": 0.25, **training}
    return _projects._project("normalized", {"model": layers}, recipe="supervised", **settings)


FIRST = [
    ("x", "Input", {"shape": [3]}),
    ("norm", "Normalization", {}),
    ("out", "Dense", {"units": 2, "activation": "softmax"}),
]
LATER = [
    ("x", "Input", {"shape": [3]}),
    ("scale", "Rescaling", {"scale": 10.0, "offset": 5.0}),
    ("norm", "Normalization", {}),
    ("out", "Dense", {"units": 2, "activation": "softmax"}),
]


def _data(n=200):
    rng = np.random.default_rng(0)
    x = rng.normal([100.0, -50.0, 3.0], [10.0, 2.0, 0.5], size=(n, 3)).astype("float32")
    return x, (x[:, 0] > 100).astype("int64")


def test_the_trainer_adapts_a_normalization_after_the_input_to_the_rows_fit_trains_on():
    x, y = _data()
    trainer = Trainer(_project(FIRST), data=(x, y))
    trainer.run()
    rows = trainer.work["train_arrays"][0][: int(len(trainer.work["train_arrays"][0]) * 0.75)]
    layer = trainer.model.get_layer("norm")
    np.testing.assert_allclose(np.asarray(layer.mean).reshape(-1), rows.mean(0), rtol=1e-4)
    np.testing.assert_allclose(np.asarray(layer.variance).reshape(-1), rows.var(0), rtol=1e-3)
    assert trainer.work["adapted"] == ["norm"]


def test_a_normalization_deeper_in_the_model_learns_what_reaches_it():
    x, y = _data()
    trainer = Trainer(_project(LATER), data=(x, y))
    trainer.prepare()
    rows = trainer.work["train_arrays"][0][: int(len(trainer.work["train_arrays"][0]) * 0.75)]
    reached = keras.Model(trainer.model.inputs, trainer.model.get_layer("norm").output).predict(rows, verbose=0)
    np.testing.assert_allclose(reached.mean(0), 0.0, atol=1e-3)
    np.testing.assert_allclose(reached.std(0), 1.0, atol=1e-3)


def test_given_statistics_are_kept():
    x, y = _data()
    layers = [FIRST[0], ("norm", "Normalization", {"mean": 1.0, "variance": 4.0}), FIRST[2]]
    trainer = Trainer(_project(layers), data=(x, y))
    trainer.prepare()
    assert float(np.asarray(trainer.model.get_layer("norm").mean).reshape(-1)[0]) == 1.0
    assert trainer.work["adapted"] == []


def test_nnbuilder_train_saves_the_adapted_statistics(tmp_path):
    x, y = _data()
    nnbuilder.train(_project(FIRST), (x, y), out=tmp_path / "run", progress=False)
    model = keras.saving.load_model(tmp_path / "run" / "model.keras")
    mean = np.asarray(model.get_layer("norm").mean).reshape(-1)
    assert abs(mean[0] - 100.0) < 3.0 and abs(mean[1] + 50.0) < 1.0


def test_the_exported_script_adapts_before_training(tmp_path):
    layers = [("x", "Input", {"shape": [4]}), FIRST[1], ("out", "Dense", {"units": 3, "activation": "softmax"})]
    project = _project(layers, batch_size=16, validation_split=0.2).with_section(
        "data", {"dataset": "iris", "options": {"standardize": False}}
    )
    code = nnbuilder.export_code(project)
    assert "adapt_normalization(model, x_train[:train_count])" in code
    found, _ = run_training_script(project, tmp_path)
    means = found["normalization"]["norm"]
    assert 5.0 < means[0] < 6.5 and 2.5 < means[1] < 3.5  # iris sepal length and width, in cm


def test_a_normalization_inside_a_nested_model_learns_what_reaches_it():
    from nnbuilder.verbatim.preprocessing import adapt_normalization

    inner_input = keras.Input((3,))
    normalized = keras.layers.Normalization(name="inner_norm")(inner_input)
    inner = keras.Model(inner_input, keras.layers.Dense(2)(normalized), name="inner")
    outer_input = keras.Input((3,))
    outer = keras.Model(outer_input, inner(keras.layers.Dense(3, name="pre")(outer_input)))
    x, _ = _data()
    assert adapt_normalization(outer, x) == ["inner_norm"]
    reached = keras.Model(outer.inputs, outer.get_layer("pre").output).predict(x, verbose=0)
    np.testing.assert_allclose(np.asarray(inner.get_layer("inner_norm").mean).reshape(-1), reached.mean(0), rtol=1e-4)
