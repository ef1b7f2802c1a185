"""The learning-rate schedule of a planned run, real Keras optimizers on a bowl and on Rosenbrock's valley, and
forecasts of sequence models whose outputs are known."""

from __future__ import annotations

import json
import math

import keras
import numpy as np
import pytest

from nnbuilder.document.project import Project
from nnbuilder.document.schedule_parts import auto_steps, schedule_parts
from nnbuilder.errors import NNBuilderError, ProjectError
from nnbuilder.training import compile as training_compile
from nnbuilder.views.course_curves import forecast, optimizer_paths, schedule_curve

SCHEDULE_SETTINGS = [
    {"name": "constant"},
    {"name": "step_decay", "decay_rate": 0.5},
    {"name": "step_decay", "decay_steps": 7},
    {"name": "exponential_decay", "decay_rate": 0.8, "staircase": True},
    {"name": "exponential_decay"},
    {"name": "cosine"},
    {"name": "cosine", "warmup_steps": 15, "alpha": 0.1},
    {"name": "cosine_restarts", "t_mul": 1.5, "m_mul": 0.8},
    {"name": "cyclic"},
    {"name": "cyclic", "maximal_learning_rate": 0.05, "step_size": 9, "mode": "triangular2"},
]


def _training(schedule, epochs=3, learning_rate=0.01):
    return {"optimizer": {"name": "sgd", "learning_rate": learning_rate}, "schedule": schedule, "epochs": epochs}


@pytest.mark.parametrize("schedule", SCHEDULE_SETTINGS, ids=lambda s: "-".join(map(str, s.values())))
def test_schedule_is_the_one_the_trainer_builds(schedule):
    training, steps_per_epoch = _training(schedule), 20
    curve = schedule_curve(training, steps_per_epoch=steps_per_epoch)
    settings = training_compile._settings(training)
    steps = auto_steps(settings, steps_per_epoch)
    assert (curve["keras"], curve["arguments"]) == schedule_parts(settings, steps)
    rate = training_compile.make_schedule(training, steps_per_epoch)
    assert len(curve["per_step"]) == 60 and curve["step"] == list(range(60))
    for step in (0, 1, 7, 14, 15, 19, 20, 33, 40, 59):
        expected = rate if isinstance(rate, float) else float(keras.ops.convert_to_numpy(rate(step)))
        assert curve["per_step"][step] == pytest.approx(expected, rel=1e-6, abs=1e-12), step
    assert curve["per_epoch"] == [curve["per_step"][19], curve["per_step"][39], curve["per_step"][59]]
    assert curve["epoch"] == [1, 2, 3]


def test_a_constant_rate_is_a_flat_line_and_the_run_length_comes_from_the_settings():
    curve = schedule_curve(Project(training=_training("constant", epochs=4, learning_rate=0.02)), None, 5)
    assert curve["per_step"] == [0.02] * 20 and curve["per_epoch"] == [0.02] * 4 and curve["keras"] is None


def test_step_decay_halves_the_rate_each_epoch_by_default():
    curve = schedule_curve(_training({"name": "step_decay"}, epochs=3), steps_per_epoch=10)
    assert curve["per_step"][:10] == pytest.approx([0.01] * 10)
    assert curve["per_step"][10:20] == pytest.approx([0.005] * 10)
    assert curve["per_epoch"] == pytest.approx([0.01, 0.005, 0.0025])
    assert json.loads(json.dumps(curve, allow_nan=False)) == curve


def test_schedule_refusals():
    with pytest.raises(NNBuilderError, match="steps_per_epoch: expected a whole number of at least 1, got 0"):
        schedule_curve(_training("constant"), steps_per_epoch=0)
    with pytest.raises(ProjectError, match="training.schedule.name"):
        schedule_curve(_training("linear"))


# ---------------------------------------------------------------------- optimizer paths
def _bowl_gradient(point):
    x, y = point
    return np.array([2 * x, 20 * y])


def _steps(function, optimizer, steps, start):
    return np.array(optimizer_paths(function, [optimizer], start, steps)["paths"][0]["points"])


def test_sgd_is_the_textbook_update():
    lr, points = 0.03, _steps("bowl", {"name": "sgd", "learning_rate": 0.03}, 3, (-4.0, 1.5))
    expected = [np.array([-4.0, 1.5])]
    for _ in range(3):
        expected.append(expected[-1] - lr * _bowl_gradient(expected[-1]))
    np.testing.assert_allclose(points, expected, rtol=1e-5)


def test_momentum_is_the_textbook_update():
    lr, momentum = 0.01, 0.9
    points = _steps("bowl", {"name": "sgd", "learning_rate": lr, "momentum": momentum}, 4, (3.0, -1.0))
    position, velocity, expected = np.array([3.0, -1.0]), np.zeros(2), []
    for _ in range(4):
        velocity = momentum * velocity - lr * _bowl_gradient(position)
        position = position + velocity
        expected.append(position)
    np.testing.assert_allclose(points[1:], expected, rtol=1e-5)


def test_adam_and_rmsprop_first_steps_do_not_depend_on_the_gradient_size():
    """Adam's first step moves each coordinate by about lr; RMSprop's by lr / sqrt(1 - rho)."""
    start = np.array([-4.0, 1.5])  # gradient (-8, 30): sizes differ almost fourfold
    adam = _steps("bowl", {"name": "adam", "learning_rate": 0.1}, 1, start)
    np.testing.assert_allclose(adam[1] - start, [0.1, -0.1], rtol=1e-5)
    rmsprop = _steps("bowl", {"name": "rmsprop", "learning_rate": 0.01}, 1, start)
    np.testing.assert_allclose(rmsprop[1] - start, [0.01 / math.sqrt(0.1), -0.01 / math.sqrt(0.1)], rtol=1e-4)
    sgd = _steps("bowl", {"name": "sgd", "learning_rate": 0.01}, 1, start)
    assert abs((sgd[1] - start)[1]) > 3 * abs((sgd[1] - start)[0])  # SGD's step follows the gradient's size


def test_adam_and_rmsprop_reach_the_bowls_minimum_region():
    optimizers = [{"name": "adam", "learning_rate": 0.3}, {"name": "rmsprop", "learning_rate": 0.1}]
    result = optimizer_paths("bowl", optimizers, steps=80)
    for path in result["paths"]:
        assert path["values"][0] == pytest.approx(16 + 22.5) and path["values"][-1] < 0.1, path["label"]
        assert not path["diverged"] and len(path["points"]) == 81
    assert [p["label"] for p in result["paths"]] == ["Adam lr=0.3", "RMSprop lr=0.1"]


def test_rosenbrock_paths_stay_finite_and_go_down():
    result = optimizer_paths("rosenbrock", steps=40)
    assert [p["label"] for p in result["paths"]] == [
        "SGD lr=0.001",
        "SGD lr=0.001 momentum=0.9",
        "RMSprop lr=0.01",
        "Adam lr=0.05",
    ]
    for path in result["paths"]:
        assert not path["diverged"] and len(path["points"]) == 41
        assert all(math.isfinite(v) for point in path["points"] for v in point)
        assert path["values"][-1] < path["values"][0] == pytest.approx(24.2), path["label"]
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_the_contour_grid_is_the_function_and_holds_the_start():
    grid = optimizer_paths("rosenbrock", [{"name": "sgd", "learning_rate": 1e-4}], (3.0, -2.0), 1, 11)["grid"]
    assert len(grid["x"]) == len(grid["y"]) == 11 and len(grid["z"]) == 11 and len(grid["z"][0]) == 11
    assert grid["x"][0] <= -2.0 and grid["x"][-1] >= 3.0 and grid["y"][0] <= -2.0
    x, y = grid["x"][4], grid["y"][7]
    assert grid["z"][7][4] == pytest.approx((1 - x) ** 2 + 100 * (y - x**2) ** 2)


def test_a_diverging_path_ends_where_it_leaves():
    path = optimizer_paths("bowl", [{"name": "sgd", "learning_rate": 0.2}], steps=100)["paths"][0]
    assert path["diverged"] and len(path["points"]) < 30
    assert all(math.isfinite(v) for v in path["values"])


def test_optimizer_refusals():
    with pytest.raises(NNBuilderError, match="function: expected one of bowl, rosenbrock, got 'saddle'") as error:
        optimizer_paths("saddle")
    assert error.value.said_in["zh"].startswith("function：")
    with pytest.raises(NNBuilderError, match=r"start: expected two finite numbers \(x, y\), got \[1.0\]"):
        optimizer_paths("bowl", start=[1.0])
    with pytest.raises(NNBuilderError, match="optimizers: expected a non-empty list"):
        optimizer_paths("bowl", [])
    with pytest.raises(ProjectError, match="training.optimizer.name"):
        optimizer_paths("bowl", ["lion"])
    with pytest.raises(NNBuilderError, match="steps: expected a whole number of at least 1, got 0"):
        optimizer_paths("bowl", steps=0)


# ---------------------------------------------------------------------- forecasts
def _adds_one_to_the_last_step():
    """Input (3, 1) -> the last value + 1."""
    inputs = keras.Input((3, 1))
    dense = keras.layers.Dense(1)
    model = keras.Model(inputs, dense(keras.layers.Flatten()(inputs)))
    dense.set_weights([np.array([[0.0], [0.0], [1.0]], dtype="float32"), np.array([1.0], dtype="float32")])
    return model


def test_forecast_feeds_each_prediction_back():
    result = forecast(_adds_one_to_the_last_step(), [1.0, 2.0, 3.0], 4)
    assert result["forecast"] == pytest.approx([4.0, 5.0, 6.0, 7.0])
    assert result["known"] == [1.0, 2.0, 3.0] and result["window"] == 3 and result["features"] == 1
    assert result["known_steps"] == [0, 1, 2] and result["forecast_steps"] == [3, 4, 5, 6]
    longer = forecast(_adds_one_to_the_last_step(), [[9.0], [0.0], [1.0], [5.0]], 2)
    assert longer["forecast"] == pytest.approx([6.0, 7.0])  # only the last 3 steps are read


def test_forecast_with_any_length_reads_the_whole_history():
    inputs = keras.Input((None, 1))
    dense = keras.layers.Dense(1)
    model = keras.Model(inputs, dense(keras.layers.GlobalMaxPooling1D()(inputs)))
    dense.set_weights([np.array([[1.0]], dtype="float32"), np.array([1.0], dtype="float32")])
    result = forecast(model, [0.0, 2.0, 1.0], 3)
    assert result["window"] is None and result["forecast"] == pytest.approx([3.0, 4.0, 5.0])


def test_forecast_of_several_features_from_a_sequence_output():
    """Input (2, 2) -> every step + (1, -1): the last step of the output is the next step."""
    inputs = keras.Input((2, 2))
    dense = keras.layers.Dense(2)
    model = keras.Model(inputs, dense(inputs))
    dense.set_weights([np.eye(2, dtype="float32"), np.array([1.0, -1.0], dtype="float32")])
    result = forecast(model, [[0.0, 0.0], [1.0, 1.0]], 2)
    assert result["forecast"] == [pytest.approx([2.0, 0.0]), pytest.approx([3.0, -1.0])]
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_forecast_refusals():
    flat = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)])
    with pytest.raises(NNBuilderError, match=r"input is \(None, steps, features\); this model's input is \(None, 4\)"):
        forecast(flat, [1.0, 2.0], 1)
    wrong_width = keras.Sequential([keras.Input((3, 2)), keras.layers.Flatten(), keras.layers.Dense(1)])
    with pytest.raises(NNBuilderError, match=r"one step of 2 feature\(s\).*output is \(None, 1\)") as error:
        forecast(wrong_width, np.zeros((3, 2)), 1)
    assert "送回模型" in error.value.said_in["zh"]
    model = _adds_one_to_the_last_step()
    with pytest.raises(NNBuilderError, match="at least 3 known steps are needed, got 2"):
        forecast(model, [1.0, 2.0], 1)
    with pytest.raises(NNBuilderError, match=r"shape \(steps, 1\) with finite values, got shape \(3, 2\)"):
        forecast(model, np.zeros((3, 2)), 1)
    with pytest.raises(NNBuilderError, match="got values that are not finite"):
        forecast(model, [1.0, math.nan, 2.0], 1)
    with pytest.raises(NNBuilderError, match="steps: expected a whole number of at least 1, got 0"):
        forecast(model, [1.0, 2.0, 3.0], 0)
