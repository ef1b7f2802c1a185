"""`nnbuilder.train` in this process: history, output files, model formats, the progress bar."""

from __future__ import annotations

import csv
import importlib.util
import io
import json

import numpy as np
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
    import keras

    model = keras.saving.load_model(run / "model.keras")
    assert model.predict(np.zeros((1, 4), "float32"), verbose=0).shape == (1, 3)
    text = stream.getvalue()
    assert "epoch 1/2" in text and "epoch 2/2" in text and "finished 2 epochs" in text


def test_other_model_formats_are_written_or_skipped_with_one_line(tmp_path):
    stream = io.StringIO()
    nnbuilder.train(
        _projects.classifier(epochs=1), _data(), out=tmp_path, formats=("keras", "tflite", "onnx"), stream=stream
    )
    assert (tmp_path / "model.keras").exists() and (tmp_path / "model.tflite").stat().st_size > 0
    onnx_lines = [line for line in stream.getvalue().splitlines() if "model.onnx" in line]
    if importlib.util.find_spec("onnx") and importlib.util.find_spec("tf2onnx"):
        assert (tmp_path / "model.onnx").exists() and onnx_lines == []
    else:
        assert not (tmp_path / "model.onnx").exists()
        assert len(onnx_lines) == 1 and "not written" in onnx_lines[0] and "install" in onnx_lines[0]


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
