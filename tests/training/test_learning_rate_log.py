"""Each epoch's learning rate is recorded as "learning_rate" in the history and the epoch events when a schedule
or ReduceLROnPlateau changes it: in the trainer, nnbuilder.train and the exported script."""

from __future__ import annotations

import numpy as np
import pytest

import nnbuilder
from nnbuilder.training import Trainer
from tests.training import _projects
from tests.training._scripts import run_training_script


def _blobs(n=96):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, n)
    return (rng.normal(size=(n, 4)) + 2.0 * y[:, None]).astype("float32"), y


def _run(**training):
    trainer = Trainer(_projects.classifier(epochs=3, validation_split=0.0, **training), data=_blobs())
    epochs = []
    trainer.subscribe(lambda event: event["kind"] == "epoch" and epochs.append(event["logs"]))
    return trainer.run(), epochs


def test_a_step_schedule_records_the_rate_each_epoch_trained_with():
    history, epochs = _run(schedule={"name": "step_decay", "decay_rate": 0.5})  # one step a epoch
    assert history["learning_rate"] == pytest.approx([0.01, 0.005, 0.0025])
    assert [e["learning_rate"] for e in epochs] == history["learning_rate"]


def test_a_cosine_schedule_records_a_falling_rate():
    history, _ = _run(schedule={"name": "cosine", "alpha": 0.0})
    rates = history["learning_rate"]
    assert len(rates) == 3 and rates[0] < 0.01 and rates[0] > rates[1] > rates[2] >= 0.0


def test_reduce_on_plateau_records_the_rate_before_each_cut():
    plateau = {"name": "reduce_lr_on_plateau", "monitor": "loss", "patience": 0, "factor": 0.5}
    crawl = {"name": "adam", "learning_rate": 1e-9}  # the loss moves less than Keras' min_delta: a plateau
    history, epochs = _run(callbacks=[plateau], optimizer=crawl)
    assert history["learning_rate"] == pytest.approx([1e-9, 1e-9, 5e-10])
    assert "learning_rate" in epochs[0]


def test_a_constant_rate_adds_nothing():
    history, _ = _run()
    assert "learning_rate" not in history


def test_nnbuilder_train_writes_the_rate_into_the_history_files(tmp_path):
    project = _projects.classifier(epochs=2, validation_split=0.0, schedule={"name": "exponential_decay"})
    history = nnbuilder.train(project, _blobs(), out=tmp_path / "run", progress=False)
    assert len(history["learning_rate"]) == 2
    assert "learning_rate" in (tmp_path / "run" / "history.csv").read_text().splitlines()[0]


def test_the_exported_script_records_the_rate_too(tmp_path):
    project = _projects.classifier(epochs=2, batch_size=16, schedule={"name": "step_decay", "decay_rate": 0.5})
    project = project.with_section("data", {"dataset": "iris", "options": {}})
    assert "callbacks.append(LearningRateLog())" in nnbuilder.export_code(project)
    found, _ = run_training_script(project, tmp_path, epochs=2)
    assert found["history"]["learning_rate"] == pytest.approx([0.01, 0.005])
