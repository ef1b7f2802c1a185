"""Keras objects from training settings: configs, one training step each, the cyclical schedule."""

import inspect
import os
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from nnbuilder.document.training_settings import OPTIMIZERS, SCHEDULES
from nnbuilder.errors import ProjectError
from nnbuilder.training.compile import (
    checkpoint_name,
    compile_model,
    make_callbacks,
    make_loss,
    make_metrics,
    make_optimizer,
    make_schedule,
)
from nnbuilder.verbatim import schedules as _schedules

X = np.linspace(-1, 1, 32, dtype="float32").reshape(8, 4)
Y = np.array([0, 1, 2, 0, 1, 2, 0, 1])


@pytest.fixture(scope="module")
def model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])


def one_step(model, training, eager=True):
    compile_model(model, training, steps_per_epoch=1)
    model.run_eagerly = eager
    logs = model.train_on_batch(X, Y, return_dict=True)
    assert np.isfinite(logs["loss"])
    return logs


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_table_defaults_are_the_keras_defaults(name):
    signature = inspect.signature(getattr(keras.optimizers, OPTIMIZERS[name]["keras"]))
    for key, param in OPTIMIZERS[name]["params"].items():
        assert signature.parameters[key].default == param.default, (name, key)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_each_optimizer_trains_one_step(model, name):
    one_step(model, {"optimizer": {"name": name}, "metrics": ["accuracy"]})
    assert model.optimizer.__class__.__name__ == OPTIMIZERS[name]["keras"]


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_each_schedule_trains_one_step(model, name):
    one_step(model, {"optimizer": "sgd", "schedule": name, "metrics": []})


def test_one_step_in_graph_mode_with_the_cyclical_schedule(model):
    logs = one_step(model, {"optimizer": "adam", "schedule": "cyclic", "metrics": ["accuracy"]}, eager=False)
    assert set(logs) == {"loss", "accuracy"}


def test_optimizer_config_has_the_requested_values():
    training = {"optimizer": {"name": "sgd", "learning_rate": 0.05, "momentum": 0.9, "nesterov": True, "clipnorm": 2}}
    config = make_optimizer(training).get_config()
    assert config["learning_rate"] == pytest.approx(0.05)
    assert (config["momentum"], config["nesterov"], config["clipnorm"]) == (0.9, True, 2.0)
    config = make_optimizer({"optimizer": {"name": "adamw", "beta_1": 0.5, "weight_decay": 0.01}}).get_config()
    assert (config["beta_1"], config["weight_decay"]) == (0.5, 0.01)
    config = make_optimizer({"optimizer": {"name": "rmsprop", "rho": 0.8, "centered": True}}).get_config()
    assert (config["rho"], config["centered"]) == (0.8, True)


def test_schedules_have_the_requested_configs():
    opt = {"name": "adam", "learning_rate": 0.01}
    assert make_schedule({"optimizer": opt}) == 0.01
    step = make_schedule({"optimizer": opt, "schedule": {"name": "step_decay", "decay_steps": 3}})
    expected = {"initial_learning_rate": 0.01, "decay_steps": 3, "decay_rate": 0.5, "staircase": True}
    assert step.get_config() | {"name": None} == expected | {"name": None}
    assert float(step(5)) == pytest.approx(0.005) and float(step(6)) == pytest.approx(0.0025)
    smooth = make_schedule({"optimizer": opt, "schedule": "exponential_decay"}, steps_per_epoch=10)
    assert (smooth.decay_steps, smooth.decay_rate, smooth.staircase) == (10, 0.96, False)
    cosine = make_schedule({"optimizer": opt, "epochs": 3, "schedule": "cosine"}, steps_per_epoch=10)
    assert (cosine.decay_steps, cosine.initial_learning_rate, cosine.warmup_steps) == (30, 0.01, 0)
    warm = make_schedule({"optimizer": opt, "epochs": 3, "schedule": {"name": "cosine", "warmup_steps": 5}}, 10)
    assert (warm.decay_steps, warm.initial_learning_rate, warm.warmup_target) == (25, 0.0, 0.01)
    assert float(warm(5)) == pytest.approx(0.01)
    restarts = make_schedule({"optimizer": opt, "schedule": {"name": "cosine_restarts", "m_mul": 0.5}}, 4)
    config = restarts.get_config()
    assert (config["first_decay_steps"], config["m_mul"], config["t_mul"]) == (4, 0.5, 2.0)
    cyclic = make_schedule({"optimizer": opt, "schedule": "cyclic"}, steps_per_epoch=3)
    assert cyclic.get_config() == {
        "initial_learning_rate": 0.01, "maximal_learning_rate": 0.1, "step_size": 6, "mode": "triangular",
        "name": "CyclicalLearningRate"}  # fmt: skip


def test_step_counts_left_to_the_epoch_need_steps_per_epoch():
    with pytest.raises(ProjectError) as info:
        make_schedule({"schedule": "step_decay"})
    assert info.value.path == "training.schedule.decay_steps"
    assert make_schedule({"schedule": {"name": "step_decay", "decay_steps": 7}}).decay_steps == 7


def test_cyclical_schedule_values():
    triangular = _schedules.CyclicalLearningRate(0.001, 0.006, 4)
    values = [float(triangular(step)) for step in (0, 2, 4, 6, 8, 10)]
    assert values == pytest.approx([0.001, 0.0035, 0.006, 0.0035, 0.001, 0.0035])
    halving = _schedules.CyclicalLearningRate(0.001, 0.006, 4, mode="triangular2")
    assert [float(halving(step)) for step in (4, 12, 20)] == pytest.approx([0.006, 0.0035, 0.00225])
    with pytest.raises(ValueError):
        _schedules.CyclicalLearningRate(0.001, 0.006, 4, mode="sine")


def test_cyclical_schedule_round_trips_through_keras_serialization(model, tmp_path):
    schedule = _schedules.CyclicalLearningRate(0.001, 0.01, 5, mode="triangular2")
    again = keras.optimizers.schedules.deserialize(keras.optimizers.schedules.serialize(schedule))
    assert isinstance(again, _schedules.CyclicalLearningRate) and again.get_config() == schedule.get_config()
    one_step(model, {"optimizer": "adam", "schedule": {"name": "cyclic", "step_size": 2}, "metrics": []})
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    restored = loaded.optimizer._learning_rate
    assert isinstance(restored, _schedules.CyclicalLearningRate) and restored.step_size == 2


def test_schedule_source_is_self_contained():
    source = Path(_schedules.__file__).read_text()
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["import keras"]


def test_loss_and_metrics():
    assert isinstance(make_loss({"loss": "mean_squared_error", "metrics": []}), keras.losses.MeanSquaredError)
    assert isinstance(make_loss({}), keras.losses.SparseCategoricalCrossentropy)
    metrics = make_metrics({"loss": "binary_crossentropy", "metrics": ["accuracy", "auc", "precision", "recall"]})
    assert metrics[0] == "accuracy" and [m.name for m in metrics[1:]] == ["auc", "precision", "recall"]
    assert [m.name for m in make_metrics({"loss": "binary_crossentropy", "metrics": ["auc"]})] == ["auc"]
    sparse = make_metrics({"metrics": ["top_k_categorical_accuracy"]})[0]
    assert isinstance(sparse, keras.metrics.SparseTopKCategoricalAccuracy) and sparse.name.startswith("top_k")
    dense = make_metrics({"loss": "categorical_crossentropy", "metrics": ["top_k_categorical_accuracy"]})[0]
    assert isinstance(dense, keras.metrics.TopKCategoricalAccuracy)


def test_callbacks_have_the_requested_settings(tmp_path):
    training = {
        "metrics": ["accuracy"],
        "callbacks": [
            {"name": "early_stopping", "monitor": "val_accuracy", "patience": 4, "min_delta": 0.01},
            {"name": "reduce_lr_on_plateau", "factor": 0.5, "min_lr": 1e-5},
            {"name": "model_checkpoint", "filepath": "top.keras", "monitor": "loss"},
            "terminate_on_nan",
        ],
    }
    stop, reduce, keep, nan = make_callbacks(training, checkpoint_dir=tmp_path / "run")
    assert (stop.monitor, stop.patience, stop.min_delta, stop.restore_best_weights) == ("val_accuracy", 4, 0.01, True)
    assert (reduce.monitor, reduce.factor, reduce.patience, reduce.min_lr) == ("val_loss", 0.5, 2, 1e-5)
    assert keep.filepath == os.path.join(tmp_path / "run", "top.keras")
    assert (keep.monitor, keep.save_best_only) == ("loss", True)
    assert isinstance(nan, keras.callbacks.TerminateOnNaN)
    default = make_callbacks({"callbacks": ["model_checkpoint"]})[0]
    assert os.path.basename(default.filepath) == "best.keras" and os.path.isdir(os.path.dirname(default.filepath))


def test_checkpoint_names_never_leave_the_folder():
    assert checkpoint_name("../../etc/evil.keras") == "evil.keras"
    assert checkpoint_name("C:\\x\\y.keras") == "y.keras"
    assert checkpoint_name("..") == "best.keras"


def test_checkpoint_saves_the_best_model(model, tmp_path):
    compile_model(model, {"metrics": []})
    training = {"callbacks": [{"name": "model_checkpoint", "monitor": "loss"}], "metrics": []}
    model.fit(X, Y, epochs=1, verbose=0, callbacks=make_callbacks(training, checkpoint_dir=tmp_path))
    assert (tmp_path / "best.keras").exists()


def test_compile_model_accepts_a_project_like_object(model):
    class Holder:
        training = {"optimizer": {"name": "nadam", "learning_rate": 0.002}, "metrics": []}

    assert compile_model(model, Holder()) is model
    assert model.optimizer.__class__.__name__ == "Nadam"


@pytest.mark.slow
def test_cyclical_schedule_on_jax():
    code = (
        "from nnbuilder.verbatim.schedules import CyclicalLearningRate as C\n"
        "print(round(float(C(0.001, 0.006, 4, 'triangular2')(12)), 6))\n"
    )
    env = dict(os.environ, KERAS_BACKEND="jax")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "0.0035"
