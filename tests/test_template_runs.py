"""Every template trains a short epoch on the offline data, and the exported scripts of the
templates the recipe tests leave out train as standalone scripts, without nnbuilder."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from nnbuilder import Project, export_code, load_template, templates


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No keras.datasets set can be had, and generated data goes to a fresh cache folder."""
    from nnbuilder.verbatim import loaders_keras as _loaders_keras

    monkeypatch.setattr(_loaders_keras, "data_keras_fetch", lambda name, **kwargs: None)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))


def _small(name: str, samples: int) -> Project:
    """The template with its data capped: these runs prove the wiring, not the accuracy."""
    data = load_template(name).to_dict()
    data["data"]["options"]["samples"] = samples
    return Project.from_dict(data)


def _samples(name: str) -> int:
    return 24 if name in ("image_cnn", "transfer_mobilenet") else 128


@pytest.mark.parametrize("name", templates())
def test_every_template_trains_one_epoch_offline(offline, name):
    from nnbuilder.training import Trainer

    trainer = Trainer(_small(name, _samples(name)), epochs=1)
    history = trainer.run()
    assert history and all(len(values) == 1 and np.isfinite(values[0]) for values in history.values()), history
    data = trainer.dataset
    expected_notes = {"mnist": "MNIST could not be loaded", "imdb": "IMDB could not be loaded"}
    expected_notes["image_folder"] = "No image folder was given"
    if data.name in expected_notes:
        assert data.note.startswith(expected_notes[data.name]) and data.stand_in
    else:
        assert data.note is None
    if trainer.recipe == "gan":
        return
    metrics = trainer.evaluate(gallery_size=0)["metrics"]
    assert metrics and all(np.isfinite(value) for value in metrics.values()), metrics


RUNNER = r"""
import os, runpy, sys
sys.modules["nnbuilder"] = None  # the scripts must not need nnbuilder
for folder in sys.argv[1:]:
    os.chdir(folder)
    sys.argv = ["train.py", "--epochs", "1"]
    runpy.run_path("train.py", run_name="__main__")
    print("FINISHED", os.path.basename(folder), flush=True)
"""


def _run_scripts(tmp_path, names: list) -> str:
    folders = []
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "train.py").write_text(export_code(_small(name, _samples(name))), encoding="utf-8")
        folders.append(str(folder))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_HOME": str(tmp_path / "keras")}
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, *folders], capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env
    )
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    for name in names:
        assert f"FINISHED {name}" in proc.stdout and (tmp_path / name / "model.keras").exists(), name
    assert proc.stdout.count("test: ") == len(names)
    return proc.stdout


@pytest.mark.slow
def test_image_cnn_script_trains_on_the_generated_folder_without_nnbuilder(tmp_path):
    out = _run_scripts(tmp_path, ["image_cnn"])
    assert "No image folder was given, so a generated folder of circles and squares stands in" in out
    assert len(list((tmp_path / "keras" / "datasets").glob("circles_and_squares_seed0/*/*.png"))) == 120


@pytest.mark.slow
def test_transfer_script_trains_its_frozen_backbone_without_nnbuilder(tmp_path):
    """The script defines the MobileNetV2 backbone layer itself; with no cached ImageNet file it starts at random."""
    out = _run_scripts(tmp_path, ["transfer_mobilenet"])
    assert "No image folder was given, so a generated folder of circles and squares stands in" in out
    assert not (tmp_path / "keras" / "models").exists()  # nothing was downloaded


@pytest.mark.slow
def test_other_template_scripts_train_without_nnbuilder(tmp_path):
    _run_scripts(tmp_path, ["feedforward", "mnist_mlp", "mnist_cnn", "simple_rnn", "imdb_lstm"])


@pytest.mark.slow
@pytest.mark.parametrize(("name", "least"), [("mnist_mlp", 0.90), ("feedforward", 0.88)])
def test_configured_training_reaches_its_accuracy_offline(offline, name, least):
    """As configured (epochs, batch size, optimizer), on the offline data: the 8x8 digits stand in for MNIST."""
    from nnbuilder.training import Trainer

    project = load_template(name)
    project.training["seed"] = 0
    trainer = Trainer(project)
    trainer.run()
    assert trainer.epoch == load_template(name).training["epochs"]
    accuracy = trainer.evaluate(gallery_size=0)["metrics"]["accuracy"]
    assert accuracy >= least, accuracy
