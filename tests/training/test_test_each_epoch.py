"""The test_each_epoch setting: the test split scored after every epoch, without touching the training."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest

import nnbuilder
from nnbuilder import Project, export_code, load_template
from nnbuilder.document.training_settings import normalize_training, training_problems
from nnbuilder.errors import NNBuilderError, ProjectError
from nnbuilder.training import Trainer
from tests.training import _projects


def _arrays(seed=0):
    """(x, y, x_test, y_test): separable blobs, 48 training and 20 test rows."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 68)
    x = (rng.normal(size=(68, 4)) + y[:, None] * 1.5).astype("float32")
    return x[:48], y[:48], x[48:], y[48:]


def _weights_each_epoch(trainer) -> list:
    """The model's weights as each epoch event arrives (the weights that epoch's test values were taken with)."""
    kept = []
    trainer.subscribe(lambda e: e["kind"] == "epoch" and kept.append(trainer.model.get_weights()))
    return kept


def test_test_values_each_epoch_equal_evaluate_on_the_test_split_with_that_epochs_weights():
    x, y, x_test, y_test = _arrays()
    project = _projects.classifier(epochs=3, seed=1, test_each_epoch=True)
    trainer = Trainer(project, data=(x, y, x_test, y_test))
    weights = _weights_each_epoch(trainer)
    history = trainer.run()
    assert len(history["test_loss"]) == len(history["test_accuracy"]) == 3 == len(weights)
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history)
    fresh = keras.models.clone_model(trainer.model)
    fresh.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    for epoch, epoch_weights in enumerate(weights):
        fresh.set_weights(epoch_weights)
        scores = fresh.evaluate(x_test, y_test, batch_size=len(x_test), verbose=0, return_dict=True)
        assert history["test_loss"][epoch] == pytest.approx(scores["loss"], rel=1e-5)
        assert history["test_accuracy"][epoch] == pytest.approx(scores["accuracy"], abs=1e-6)
    assert len(set(history["test_loss"])) == 3  # the weights changed between epochs, and so did the scores


def test_scoring_the_test_split_changes_nothing_in_the_training():
    x, y, x_test, y_test = _arrays()
    runs = {}
    for on in (False, True):
        trainer = Trainer(_projects.classifier(epochs=3, seed=4, test_each_epoch=on), data=(x, y, x_test, y_test))
        runs[on] = (trainer.run(), trainer.model.get_weights())
    (plain, plain_weights), (tested, tested_weights) = runs[False], runs[True]
    assert not any(name.startswith("test_") for name in plain)
    assert {name: tested[name] for name in plain} == plain
    for a, b in zip(plain_weights, tested_weights):
        np.testing.assert_array_equal(a, b)


def test_the_projects_callbacks_never_see_test_values():
    seen = []

    class Spy(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(sorted(logs))

    x, y, x_test, y_test = _arrays()
    trainer = Trainer(_projects.classifier(epochs=2, test_each_epoch=True), data=(x, y, x_test, y_test)).prepare()
    trainer.work["keras_callbacks"] = [Spy()]  # where the project's early stopping and checkpoints go
    history = trainer.run()
    assert seen == [["accuracy", "loss", "val_accuracy", "val_loss"]] * 2
    assert len(history["test_loss"]) == 2


def test_the_autoencoder_scores_its_reconstruction_of_the_test_split():
    rng = np.random.default_rng(3)
    x = rng.random((40, 16)).astype("float32")
    x_test = rng.random((12, 16)).astype("float32")
    project = _projects.autoencoder()
    project.training["test_each_epoch"] = True
    project.training["epochs"] = 2
    trainer = Trainer(project, data=(x, None, x_test, None))
    weights = _weights_each_epoch(trainer)
    history = trainer.run()
    model = keras.models.clone_model(trainer.model)
    model.compile(loss="mse")
    for epoch, epoch_weights in enumerate(weights):
        model.set_weights(epoch_weights)
        expected = model.evaluate(x_test, x_test, batch_size=len(x_test), verbose=0)
        assert history["test_loss"][epoch] == pytest.approx(expected, rel=1e-5)


def test_a_run_without_a_test_split_is_refused_naming_the_setting():
    x, y, _, _ = _arrays()
    empty = np.zeros((0, 4), "float32")
    trainer = Trainer(_projects.classifier(test_each_epoch=True), data=(x, y, empty, np.zeros(0, "int64")))
    with pytest.raises(ProjectError) as caught:
        trainer.run()
    assert str(caught.value).startswith("training.test_each_epoch: ")
    assert "no test split" in str(caught.value) and "turn the setting off" in str(caught.value)


def test_the_setting_is_off_by_default_and_checked():
    assert normalize_training({})["test_each_epoch"] is False
    assert training_problems({"test_each_epoch": "yes"}) == [
        ("training.test_each_epoch", "expected true or false, got 'yes'")
    ]
    gan = training_problems({"recipe": "gan", "loss": "binary_crossentropy", "test_each_epoch": True})
    assert [path for path, _ in gan] == ["training.test_each_epoch"] and "gan recipe" in gan[0][1]
    watched = training_problems(
        {"test_each_epoch": True, "callbacks": [{"name": "early_stopping", "monitor": "test_loss"}]}
    )
    assert watched == [
        (
            "training.callbacks[0].monitor",
            "test values are shown, never watched: a callback that watches the test split tunes the run to it; "
            "watch val_loss (the validation split) instead",
        )
    ]
    with pytest.raises(NNBuilderError):
        normalize_training({"test_each_epoch": 1})


SCRIPT_RUNNER = r"""
import json, os, runpy, sys
sys.modules["nnbuilder"] = None  # the script must not need nnbuilder
namespace = runpy.run_path("train.py", run_name="exported")
model, history = namespace["train"](2)
(x_train, y_train), (x_test, y_test) = namespace["load_data"]()
final = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
print("RESULT" + json.dumps({"history": history.history, "final": final}))
"""


def test_the_exported_script_scores_the_test_split_each_epoch(tmp_path):
    document = load_template("feedforward").to_dict()
    document["data"]["options"]["samples"] = 200
    document["training"]["test_each_epoch"] = True
    document["training"]["callbacks"] = [{"name": "early_stopping", "monitor": "val_loss", "patience": 5}]
    code = export_code(Project.from_dict(document))
    assert "class EpochTestScores(keras.callbacks.Callback):" in code
    assert code.index("callbacks = [") < code.index("callbacks.append(EpochTestScores(x_test, y_test, BATCH_SIZE))")
    (tmp_path / "train.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_HOME": str(tmp_path / "keras")}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT_RUNNER], capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.split("RESULT", 1)[1])
    history = result["history"]
    assert len(history["test_loss"]) == len(history["test_accuracy"]) == len(history["val_loss"]) == 2
    assert history["test_loss"][-1] == pytest.approx(result["final"]["loss"], rel=1e-5)
    assert history["test_accuracy"][-1] == pytest.approx(result["final"]["accuracy"], abs=1e-6)


def test_scripts_without_the_setting_or_with_an_autoencoder():
    assert "EpochTestScores" not in export_code(load_template("feedforward"))
    document = load_template("autoencoder").to_dict()
    document["training"]["test_each_epoch"] = True
    code = export_code(Project.from_dict(document))
    assert "callbacks.append(EpochTestScores(x_test, x_test, BATCH_SIZE))" in code
    compile(code, "autoencoder.py", "exec")


def test_headless_training_prints_and_writes_the_test_values(tmp_path):
    x, y, x_test, y_test = _arrays()
    stream = io.StringIO()
    project = _projects.classifier(epochs=2, test_each_epoch=True)
    history = nnbuilder.train(project, (x, y, x_test, y_test), out=tmp_path / "run", stream=stream)
    lines = [line for line in stream.getvalue().splitlines() if line.startswith("epoch ")]
    assert len(lines) == 2 and all("test_loss" in line and "test_accuracy" in line for line in lines)
    rows = list(csv.reader((tmp_path / "run" / "history.csv").open()))
    assert {"test_loss", "test_accuracy", "val_loss"} <= set(rows[0]) and len(rows) == 3
    assert json.loads((tmp_path / "run" / "history.json").read_text())["test_loss"] == history["test_loss"]


def test_the_training_panel_carries_the_test_series_beside_train_and_validation():
    from nnbuilder.ui.training_panel import TrainingPanel

    x, y, x_test, y_test = _arrays()
    trainer = Trainer(_projects.classifier(epochs=2, test_each_epoch=True), data=(x, y, x_test, y_test))
    panel = TrainingPanel(trainer)
    try:
        trainer.run()
        series = panel.state["history"]["series"]
        assert panel.state["history"]["epochs"] == [0, 1]
        for metric in ("loss", "accuracy"):  # one chart each, with three lines: train, val_ and test_
            for name in (metric, f"val_{metric}", f"test_{metric}"):
                assert series[name] == pytest.approx(trainer.history[name]) and len(series[name]) == 2
    finally:
        panel.close()
