"""Decision regions of two-feature classifiers: hand-weighted ones whose boundary is known, a tiny trained one,
outputs read as probabilities or as logits, and clear refusals of other models and data."""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest

from nnbuilder.errors import NNBuilderError
from nnbuilder.views.decision_regions import decision_regions

SQUARE = np.array([[-1.0, -1.0], [1.0, 1.0], [0.5, -0.2]])


def _classifier(units, activation, kernel, bias):
    inputs = keras.Input((2,))
    dense = keras.layers.Dense(units, activation=activation)
    model = keras.Model(inputs, dense(inputs))
    dense.set_weights([np.array(kernel, dtype="float32"), np.array(bias, dtype="float32")])
    return model


def test_a_hand_weighted_softmax_splits_the_plane_at_x_zero():
    model = _classifier(2, "softmax", [[1.0, -1.0], [0.0, 0.0]], [0.0, 0.0])  # class 0 where x > 0
    result = decision_regions(model, SQUARE, resolution=10, padding=0.1)
    assert result["bounds"] == pytest.approx([-1.2, 1.2, -1.2, 1.2])
    assert result["x"] == pytest.approx(list(np.linspace(-1.2, 1.2, 10))) and len(result["y"]) == 10
    expected_row = [1 if x < 0 else 0 for x in result["x"]]
    assert result["classes"] == [expected_row] * 10
    assert result["class_count"] == 2 and result["read_as"] == "probabilities"
    x = np.array(result["x"])
    sure = np.maximum(1 / (1 + np.exp(-2 * x)), 1 / (1 + np.exp(2 * x)))  # softmax of (x, -x)
    np.testing.assert_allclose(result["confidence"][3], sure, rtol=1e-5)
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_one_sigmoid_unit_is_the_probability_of_class_one():
    model = _classifier(1, "sigmoid", [[0.0], [3.0]], [0.0])  # class 1 where y > 0
    result = decision_regions(model, SQUARE, resolution=6, padding=0.0)
    y = np.array(result["y"])
    assert result["classes"] == [[int(v > 0)] * 6 for v in y]
    np.testing.assert_allclose([row[0] for row in result["confidence"]], 1 / (1 + np.exp(-3 * np.abs(y))), rtol=1e-5)


def test_linear_outputs_are_read_as_logits():
    model = _classifier(3, None, [[2.0, 0.0, -2.0], [0.0, 0.0, 0.0]], [0.0, 1.5, 0.0])
    result = decision_regions(model, SQUARE, resolution=5, padding=0.0)
    assert result["read_as"] == "logits" and result["class_count"] == 3
    assert result["classes"][0] == [2, 1, 1, 1, 0]  # x = -1, -0.5, 0, 0.5, 1
    logits = np.array([-2.0, 1.5, 2.0])  # at x = -1
    assert result["confidence"][0][0] == pytest.approx(np.exp(logits).max() / np.exp(logits).sum(), rel=1e-5)


def test_a_tiny_trained_classifier_puts_its_training_points_in_their_own_region():
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal((-1.5, 1.0), 0.4, (40, 2)), rng.normal((1.5, -1.0), 0.4, (40, 2))])
    y = np.array([0] * 40 + [1] * 40)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=30, batch_size=80, verbose=0)
    result = decision_regions(model, x, resolution=40)
    columns = np.abs(np.array(result["x"])[None, :] - x[:, :1]).argmin(axis=1)
    rows = np.abs(np.array(result["y"])[None, :] - x[:, 1:]).argmin(axis=1)
    found = np.array([result["classes"][r][c] for r, c in zip(rows, columns)])
    assert (found == y).mean() >= 0.95
    assert result["confidence"][0][0] > 0.9  # far into class 0's corner


def _inputs_model(*shapes):
    inputs = [keras.Input(shape) for shape in shapes]
    merged = keras.layers.Concatenate()(inputs) if len(inputs) > 1 else keras.layers.Flatten()(inputs[0])
    return keras.Model(inputs if len(inputs) > 1 else inputs[0], keras.layers.Dense(2)(merged))


def test_refusals_say_what_was_expected_in_both_languages():
    with pytest.raises(NNBuilderError, match=r"2 features, shape \(None, 2\); this model's input is \(None, 3\)") as e:
        decision_regions(_inputs_model((3,)), SQUARE)
    assert (
        e.value.said_in["zh"] == "决策区域需要输入为 2 个特征的模型，即形状 (None, 2)；这个模型的输入形状是 (None, 3)"
    )
    with pytest.raises(NNBuilderError, match=r"input is \(None, 28, 28, 1\)"):
        decision_regions(_inputs_model((28, 28, 1)), SQUARE)
    with pytest.raises(NNBuilderError, match="the model has 2 inputs; this view needs a model with exactly one input"):
        decision_regions(_inputs_model((1,), (1,)), SQUARE)
    sequence_out = keras.Sequential([keras.Input((2,)), keras.layers.Reshape((2, 1)), keras.layers.Dense(3)])
    with pytest.raises(NNBuilderError, match=r"output is \(None, classes\); this model's output is \(None, 2, 3\)"):
        decision_regions(sequence_out, SQUARE)
    model = _classifier(2, "softmax", np.eye(2), [0.0, 0.0])
    with pytest.raises(NNBuilderError, match=r"shape \(samples, 2\) with finite values, got shape \(3,\)"):
        decision_regions(model, [1.0, 2.0, 3.0])
    with pytest.raises(NNBuilderError, match="got values that are not finite"):
        decision_regions(model, [[0.0, np.inf]])
    with pytest.raises(NNBuilderError, match="padding: expected a finite number of at least 0, got -0.1"):
        decision_regions(model, SQUARE, padding=-0.1)
    with pytest.raises(NNBuilderError, match="resolution: expected a whole number of at least 2, got 1"):
        decision_regions(model, SQUARE, resolution=1)


def test_one_point_still_gets_a_region_around_it():
    model = _classifier(2, "softmax", np.eye(2), [0.0, 0.0])
    result = decision_regions(model, [[2.0, 3.0]], resolution=3, padding=0.5)
    assert result["bounds"] == pytest.approx([1.5, 2.5, 2.5, 3.5])
