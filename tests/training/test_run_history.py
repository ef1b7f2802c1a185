"""The run history: every run of `nnbuilder.train` and of the app's Trainer recorded in a runs folder,
read back, compared, renamed, starred and deleted; its TensorBoard logs read with TensorBoard's reader."""

from __future__ import annotations

import csv
import io
import json

import keras
import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

import nnbuilder
from nnbuilder.errors import NNBuilderError
from nnbuilder.training import Trainer, recipes
from nnbuilder.training.runs import default_runs_folder, run_settings
from tests.training import _logs, _projects


def _arrays(n=68, seed=3):
    """(x, y, x_test, y_test): separable blobs, 48 rows to train on and 20 to test."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    x = rng.normal(size=(n, 4)).astype("float32") + y[:, None]
    return x[:48], y[:48], x[48:], y[48:]


def _only_run(folder):
    runs = nnbuilder.runs.list_runs(folder)
    assert len(runs) == 1, [r.id for r in runs]
    return runs[0]


def test_a_run_of_train_is_recorded_with_every_field(tmp_path):
    path = tmp_path / "digits.nnb.json"
    _projects.digits_mlp(schedule={"name": "step_decay", "decay_rate": 0.5}).save(path)
    history = nnbuilder.train(path, progress=False)
    run = _only_run(tmp_path / "digits.runs")  # the default: <project stem>.runs beside the file
    record = run.record
    assert run.id.endswith("-digits-mlp") and run.id[:8].isdigit() and run.folder.parent == tmp_path / "digits.runs"
    assert run.name == "Digits MLP" and run.starred is False and run.status == "finished" and run.epochs == 2
    assert record["project"] == nnbuilder.Project.load(path).to_dict()
    assert record["project_file"] == str(path.absolute())
    assert record["data"]["section"] == {"dataset": "digits", "options": {"flatten": True}}
    assert record["data"]["dataset"]
    assert record["training"]["batch_size"] == 64 and record["training"]["optimizer"]["learning_rate"] == 0.01
    assert record["device"] and record["backend"] == keras.backend.backend()
    assert record["started"] <= record["ended"] and record["duration"] > 0
    assert record["end_reason"] == "finished" and record["message"] == "finished 2 epochs"
    assert run.history == history and len(history["learning_rate"]) == 2  # the schedule's rate, logged
    assert set(run.test_metrics) == {"loss", "accuracy"} and record["test"]["missing"] is None
    assert run.model_path == run.folder / "model.keras" and record["models"]["model"]["params"] == 64 * 16 + 16 + 170
    model = keras.saving.load_model(run.model_path)
    assert model.predict(np.zeros((1, 64), "float32"), verbose=0).shape == (1, 10)
    best = run.best_val()
    assert best[0] == "val_accuracy" and best[1] == max(history["val_accuracy"])
    assert not [p.name for p in (tmp_path / "digits.runs").iterdir() if p.name.startswith(".")]  # nothing half made


def test_the_tensorboard_logs_hold_each_epochs_scalars_and_the_settings(tmp_path):
    nnbuilder.train(_projects.classifier(epochs=3), _arrays(), runs=tmp_path, progress=False)
    run = _only_run(tmp_path)
    logs = run.folder / "logs"
    for group, names in (("train", ("loss", "accuracy")), ("validation", ("val_loss", "val_accuracy"))):
        events = EventAccumulator(str(logs / group), size_guidance={"tensors": 0})
        events.Reload()
        for name in names:
            tag = f"epoch_{name.removeprefix('val_')}"
            points = events.Tensors(tag)
            assert [p.step for p in points] == [1, 2, 3]
            values = [float(tensor_util.make_ndarray(p.tensor_proto)) for p in points]
            assert values == pytest.approx(run.history[name], rel=1e-6)
    hparams = _logs.session_hparams(logs)
    assert hparams["training.batch_size"].number_value == 8
    assert hparams["training.optimizer.name"].string_value == "adam"
    assert hparams["training.optimizer.learning_rate"].number_value == pytest.approx(0.01)
    assert hparams["training.validation_split"].number_value == 0.25


def test_a_stopped_run_keeps_its_finished_epochs_and_a_continue_finishes_it(tmp_path):
    trainer = Trainer(_projects.classifier(epochs=3), data=_arrays()[:2], runs=tmp_path)
    unsubscribe = trainer.subscribe(lambda e: e["kind"] == "epoch" and trainer.stop())
    trainer.start()
    trainer.wait(120)
    run = _only_run(tmp_path)
    assert run.status == "stopped" and run.epochs == 1 and run.record["end_reason"] == "stopped"
    assert all(len(v) == 1 for v in run.history.values()) and run.history["loss"] == trainer.history["loss"]
    assert run.model_path.is_file()
    nnbuilder.runs.rename_run(tmp_path, run.id, "first try")  # while it waits for Continue
    unsubscribe()
    trainer.start()  # Continue: the same run goes on
    trainer.wait(120)
    again = _only_run(tmp_path)
    assert again.id == run.id and again.status == "finished" and again.epochs == 3
    assert again.name == "first try" and len(again.history["loss"]) == 3
    assert again.duration >= run.duration


def test_a_run_that_fails_midway_is_recorded_as_failed_with_its_finished_epochs(tmp_path, monkeypatch):
    trainer = Trainer(_projects.classifier(epochs=3), data=_arrays()[:2], runs=tmp_path)
    recipe = recipes.get("supervised")
    shown = recipe.samples

    def samples(run, epoch):
        if epoch == 1:
            raise OSError(28, "No space left on device")
        return shown(run, epoch)

    monkeypatch.setattr(recipe, "samples", samples)
    with pytest.raises(NNBuilderError, match="No space left"):
        trainer.run()
    run = _only_run(tmp_path)
    assert run.status == "failed" and run.record["end_reason"] == "error"
    assert "No space left on device" in run.record["message"]
    assert run.epochs == 2 and len(run.history["loss"]) == 2  # the failing epoch's values were in


def test_a_nan_loss_fails_the_run(tmp_path):
    x, y = _arrays()[:2]
    project = _projects.classifier(activation="linear", optimizer={"name": "sgd", "learning_rate": 1e12})
    trainer = Trainer(project, data=(x * 1e3, y), runs=tmp_path)
    trainer.run()
    run = _only_run(tmp_path)
    assert run.status == "failed" and run.record["end_reason"] == "nan" and run.epochs == 0
    assert run.model_path is None  # nothing learned, no model file


def test_two_runs_compared_show_the_settings_that_differ(tmp_path):
    data = _arrays()
    nnbuilder.train(_projects.classifier(batch_size=8), data, runs=tmp_path, progress=False)
    nnbuilder.train(_projects.classifier(batch_size=16, hidden=12), data, runs=tmp_path, progress=False)
    first, second = nnbuilder.runs.list_runs(tmp_path)
    assert first.id != second.id
    table = nnbuilder.runs.compare([first, second])
    assert table.run_ids == [first.id, second.id]
    assert table.row("training.batch_size") == ([8, 16], True)
    assert table.row("models.model.params")[1] and table.row("models.digest")[1]
    assert table.row("training.optimizer.learning_rate") == ([0.01, 0.01], False)
    assert "training.batch_size" in table.differing and "training.loss" not in table.differing
    assert table.row("result.status") == (["finished", "finished"], False)
    text = nnbuilder.runs.to_csv(table, tmp_path / "compare.csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["key", "differs", first.id, second.id]
    assert ["training.batch_size", "yes", "8", "16"] in rows
    assert ["training.loss", "", "sparse_categorical_crossentropy", "sparse_categorical_crossentropy"] in rows
    assert (tmp_path / "compare.csv").read_text() == text


def test_rename_star_and_delete_a_run(tmp_path):
    nnbuilder.train(_projects.classifier(epochs=1), _arrays(), runs=tmp_path, progress=False)
    run = _only_run(tmp_path)
    assert nnbuilder.runs.rename_run(tmp_path, run.id, "  baseline ").name == "baseline"
    assert nnbuilder.runs.star_run(tmp_path, run.id).starred is True
    loaded = nnbuilder.runs.load_run(tmp_path, run.id)
    assert (loaded.name, loaded.starred, loaded.id) == ("baseline", True, run.id)
    assert json.loads((run.folder / "run.json").read_text())["history"] == run.history  # the rest untouched
    assert nnbuilder.runs.star_run(tmp_path, run.id, False).starred is False
    with pytest.raises(NNBuilderError, match="one line"):
        nnbuilder.runs.rename_run(tmp_path, run.id, "two\nlines")
    nnbuilder.runs.delete_run(tmp_path, run.id)
    assert nnbuilder.runs.list_runs(tmp_path) == [] and not any(tmp_path.iterdir())
    with pytest.raises(NNBuilderError) as missing:
        nnbuilder.runs.load_run(tmp_path, run.id)
    assert run.id in str(missing.value) and str(tmp_path) in str(missing.value)
    assert run.id in missing.value.said_in["zh"]
    with pytest.raises(NNBuilderError, match="expected a run id"):
        nnbuilder.runs.delete_run(tmp_path, "../elsewhere")
    with pytest.raises(NNBuilderError, match="no such runs folder"):
        nnbuilder.runs.list_runs(tmp_path / "nowhere")


def test_the_default_runs_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBUILDER_RUNS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_runs_folder(tmp_path / "a" / "cnn.nnb.json") == tmp_path / "a" / "cnn.runs"
    assert default_runs_folder() == tmp_path / "nnbuilder-runs"
    assert default_runs_folder(project_folder=tmp_path / "b") == tmp_path / "b" / "nnbuilder-runs"
    monkeypatch.setenv("NNBUILDER_RUNS", str(tmp_path / "class"))
    assert default_runs_folder() == default_runs_folder(project_folder=tmp_path / "b") == tmp_path / "class"
    assert default_runs_folder(tmp_path / "cnn.nnb.json") == tmp_path / "cnn.runs"  # a file keeps its own


def test_runs_false_records_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NNBUILDER_RUNS", str(tmp_path))
    nnbuilder.train(_projects.classifier(epochs=1), _arrays(), runs=False, progress=False)
    assert not any(tmp_path.iterdir())


def test_the_settings_of_a_record_are_flat():
    settings = run_settings({"training": {"optimizer": {"name": "adam"}, "metrics": ["accuracy"]}, "recipe": "x"})
    assert settings["training.optimizer.name"] == "adam" and settings["training.metrics"] == '["accuracy"]'
    assert not [key for key in settings if key.startswith("search.")]
    search = {"study": "s", "trial": 3, "fold": 2, "values": {"model/hidden.units": 8}, "state": "complete"}
    trial = run_settings({"search": search})  # a search trial's run: the trial and the values it tried
    assert trial["search.trial"] == 3 and trial["search.fold"] == 2 and trial["search.model/hidden.units"] == 8
    assert "search.state" not in trial and "search.study" not in trial


def test_a_runs_folder_that_cannot_be_made_costs_the_record_not_the_training(tmp_path, capsys):
    blocked = tmp_path / "runs"
    blocked.write_text("a file where the runs folder should be")
    history = nnbuilder.train(_projects.classifier(epochs=1), _arrays(), runs=blocked, progress=False)
    assert len(history["loss"]) == 1
    err = capsys.readouterr().err
    assert f"nnbuilder: the run could not be recorded in {blocked}: " in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"]
