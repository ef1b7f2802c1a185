"""`nnbuilder.train` in this process: history, output files, model formats, the progress bar."""

from __future__ import annotations

import csv
import io
import json

import keras
import numpy as np
import onnxruntime
import pytest

import nnbuilder
from nnbuilder.errors import NNBuilderError
from nnbuilder.training.progress_bar import TerminalProgress, format_seconds
from tests.training import _projects


def _data(n=48):
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, n)
    return rng.normal(size=(n, 4)).astype("float32") + y[:, None], y


def test_train_returns_history_and_writes_model_and_history(tmp_path):
    stream = io.StringIO()
    history = nnbuilder.train(_projects.classifier(), _data(), out=tmp_path / "run", stream=stream)
    assert sorted(history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(v) == 2 for v in history.values())
    run = tmp_path / "run"
    assert json.loads((run / "history.json").read_text()) == history
    rows = list(csv.reader((run / "history.csv").open()))
    assert rows[0] == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"] and [r[0] for r in rows[1:]] == [
        "1",
        "2",
    ]
    model = keras.saving.load_model(run / "model.keras")
    assert model.predict(np.zeros((1, 4), "float32"), verbose=0).shape == (1, 3)
    text = stream.getvalue()
    assert "epoch 1/2" in text and "epoch 2/2" in text and "finished 2 epochs" in text


def test_other_model_formats_are_written_and_the_onnx_file_runs(tmp_path):
    stream = io.StringIO()
    nnbuilder.train(
        _projects.classifier(epochs=1), _data(), out=tmp_path, formats=("keras", "tflite", "onnx"), stream=stream
    )
    assert (tmp_path / "model.keras").exists() and (tmp_path / "model.tflite").stat().st_size > 0
    assert (tmp_path / "model.onnx").stat().st_size > 0 and "model.onnx" not in stream.getvalue()
    x = np.random.default_rng(0).random((5, 4)).astype("float32")
    session = onnxruntime.InferenceSession(str(tmp_path / "model.onnx"), providers=["CPUExecutionProvider"])
    (answer,) = session.run(None, {session.get_inputs()[0].name: x})
    expected = keras.saving.load_model(tmp_path / "model.keras").predict(x, verbose=0)
    np.testing.assert_allclose(answer, expected, atol=1e-5)  # the trained weights, not fresh ones


def test_a_model_file_that_cannot_be_written_is_reported_in_one_line(tmp_path):
    stream = io.StringIO()
    layers = [("x", "Input", {"shape": [4]}), ("norm", "Normalization", {"mean": 0.5, "variance": 0.25})]
    layers.append(("out", "Dense", {"units": 3, "activation": "softmax"}))
    project = _projects._project("normalized", {"model": layers}, loss="sparse_categorical_crossentropy")
    nnbuilder.train(project, _data(), out=tmp_path, formats=("keras", "onnx"), stream=stream)
    assert (tmp_path / "model.keras").exists() and not (tmp_path / "model.onnx").exists()
    (line,) = [line for line in stream.getvalue().splitlines() if "model.onnx" in line]
    assert line.startswith("model.onnx not written: onnx export cannot convert layer 'norm' (Normalization): ")


def test_a_project_file_and_a_bad_format_name(tmp_path):
    path = tmp_path / "p.nnb.json"
    _projects.classifier(epochs=1).save(path)
    history = nnbuilder.train(path, _data(), progress=False)
    assert len(history["loss"]) == 1
    with pytest.raises(NNBuilderError, match="formats: unknown pdf"):
        nnbuilder.train(path, _data(), formats=("pdf",))


def test_the_command_line_refuses_bad_input_in_one_line(tmp_path, capsys):
    from nnbuilder.cli import main

    assert main(["train", str(tmp_path / "missing.nnb.json")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("nnbuilder: error: no such file") and "\n" not in err
    path = tmp_path / "arrays.nnb.json"
    _projects.classifier().save(path)  # its data are arrays, which only Python can pass
    assert main(["train", str(path), "--epochs", "1", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip()
    assert "arrays" in err and "\n" not in err and "Traceback" not in err


def test_progress_bar_on_a_terminal_redraws_one_line():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = TerminalProgress(stream, interval=0.0)
    bar({"kind": "start", "epochs": 2, "recipe": "supervised", "dataset": "digits", "device": "CPU", "note": None})
    bar({"kind": "batch", "epoch": 0, "step": 1, "steps": 4, "logs": {"loss": 1.5}})
    bar({"kind": "batch", "epoch": 0, "step": 2, "steps": 4, "logs": {"loss": 1.25}})
    bar({"kind": "epoch", "epoch": 0, "epochs": 2, "logs": {"loss": 1.0}, "seconds": 65})
    text = stream.getvalue()
    assert "\r\x1b[2K" in text and "2/4" in text and "ETA" in text and "epoch 1/2  1m05s  loss 1" in text
    assert format_seconds(3725) == "1h02m"


def test_a_history_that_cannot_be_written_keeps_the_model_and_fails_the_command(tmp_path, monkeypatch, capsys):
    import errno

    from nnbuilder.cli import main
    from nnbuilder.training import headless

    def full(history, out_dir):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(headless, "write_history", full)
    path = tmp_path / "p.nnb.json"
    data = _projects.classifier(features=2, epochs=1).to_dict()
    data["data"] = {"dataset": "gaussian_mixture", "options": {"samples": 64}}
    nnbuilder.Project.from_dict(data).save(path)
    assert main(["train", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "not written" in line] == [
        "history.json not written: No space left on device",
        "history.csv not written: No space left on device",
    ]
    assert err[-1].startswith("nnbuilder: error: 2 output files could not be written")
    # committed, nothing hidden left; the run is recorded beside the project
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p.nnb.json", "p.runs"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["model.keras"]
    assert keras.saving.load_model(tmp_path / "out" / "model.keras") is not None


def test_a_model_file_that_fails_is_reported_and_the_rest_is_written(tmp_path, monkeypatch):
    from nnbuilder.bridge import model_files

    def broken(model, path, fmt):
        path.write_bytes(b"half")
        raise ValueError("Keras could not save it")

    monkeypatch.setattr(model_files, "save_model", broken)
    stream = io.StringIO()
    nnbuilder.train(_projects.classifier(epochs=1), _data(), out=tmp_path / "out", stream=stream)
    lines = [line for line in stream.getvalue().splitlines() if "not written" in line]
    assert lines == ["model.keras not written: ValueError: Keras could not save it"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["history.csv", "history.json"]


def test_the_keep_best_checkpoint_is_named_in_the_output_folder(tmp_path):
    project = _projects.classifier(epochs=1)
    project.training["callbacks"] = [{"name": "model_checkpoint", "filepath": "best.keras", "monitor": "loss"}]
    stream = io.StringIO()
    nnbuilder.train(project, _data(), out=tmp_path / "out", stream=stream)
    assert f"the best model so far is kept in {tmp_path / 'out'}\n" in stream.getvalue()
    assert (tmp_path / "out" / "best.keras").exists()
