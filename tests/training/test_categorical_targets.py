"""categorical_crossentropy trains: one-hot targets as given, class indices turned into one-hot rows by the data
option `targets`, in the app's trainer, nnbuilder.train, evaluation and the exported script; refusals name it."""

from __future__ import annotations

import numpy as np
import pytest

import nnbuilder
from nnbuilder import Project
from nnbuilder.data import DataError, from_arrays, load_dataset
from nnbuilder.data.targets import fit_targets, target_encoding
from nnbuilder.locale.error_words import said_error
from nnbuilder.training import Trainer
from tests.training import _projects
from tests.training._scripts import run_training_script


def _blobs(n=96, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    return (rng.normal(size=(n, 4)) + 2.0 * y[:, None]).astype("float32"), y


def _iris(loss="categorical_crossentropy", targets=None, epochs=2) -> Project:
    """The tiny classifier on scikit-learn's iris, named in the project (so its script loads it too)."""
    project = _projects.classifier(loss=loss, epochs=epochs, batch_size=16, validation_split=0.2)
    options = {} if targets is None else {"targets": targets}
    return project.with_section("data", {"dataset": "iris", "options": options})


def test_one_hot_targets_as_given_train_with_categorical_crossentropy():
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(loss="categorical_crossentropy", epochs=3), data=(x, np.eye(3)[y]))
    history = trainer.run()
    assert len(history["loss"]) == 3 and history["loss"][-1] < history["loss"][0]
    assert trainer.work["train_arrays"][1].shape[1:] == (3,)  # fit saw one-hot rows
    result = trainer.evaluate(gallery_size=0)
    assert set(result["metrics"]) == {"loss", "accuracy"} and result["confusion"] is not None


def test_class_indices_become_one_hot_rows_for_categorical_crossentropy():
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(loss="categorical_crossentropy", epochs=2), data=(x, y))
    trainer.run()
    targets = trainer.work["train_arrays"][1]
    assert targets.shape == (len(trainer.dataset.x_train), 3) and targets.dtype == np.float32
    assert np.array_equal(targets.argmax(1), trainer.work["train_arrays"][1].argmax(1))
    assert set(np.unique(targets)) == {0.0, 1.0} and np.all(targets.sum(1) == 1)
    assert trainer.evaluate(gallery_size=0)["metrics"]["accuracy"] >= 0.0


def test_one_hot_rows_keep_their_width_when_a_class_is_missing():
    x, y = _blobs()
    y = np.where(y == 2, 0, y)  # class 2 of 3 never occurs
    data = from_arrays(x, np.eye(3)[y])
    assert data.num_classes == 3 and fit_targets(data, data.y_train, "categorical_crossentropy").shape[1] == 3


def test_the_sparse_loss_keeps_class_indices():
    x, y = _blobs()
    data = from_arrays(x, np.eye(3)[y])
    assert target_encoding(data, "sparse_categorical_crossentropy") == "class_index"
    assert fit_targets(data, data.y_train, "sparse_categorical_crossentropy") is data.y_train


def test_a_registry_dataset_trains_with_categorical_crossentropy_and_nnbuilder_train(tmp_path):
    history = nnbuilder.train(_iris(), out=tmp_path / "run", progress=False)
    assert len(history["loss"]) == 2 and all(np.isfinite(history["loss"]))


@pytest.mark.parametrize(
    ("loss", "targets", "words"),
    [
        ("categorical_crossentropy", "class_index", "data.options.targets is class_index but categorical_crossentropy"),
        ("sparse_categorical_crossentropy", "one_hot", "data.options.targets is one_hot but sparse_categorical"),
    ],
)
def test_targets_that_cannot_reach_the_loss_are_refused_naming_the_option(loss, targets, words):
    trainer = Trainer(_iris(loss=loss, targets=targets))
    with pytest.raises(DataError, match=words) as err:
        trainer.prepare()
    assert "set data.options.targets to auto" in str(err.value)
    assert "data.options.targets" in said_error(str(err.value), "zh") and "请" in said_error(str(err.value), "zh")


def test_one_hot_targets_fit_a_squared_error_loss():
    trainer = Trainer(_iris(loss="mse", targets="one_hot"))
    history = trainer.run()
    assert trainer.work["train_arrays"][1].shape[1:] == (3,) and np.isfinite(history["loss"][-1])


def test_the_option_is_listed_checked_and_not_passed_to_the_loader():
    assert load_dataset({"dataset": "iris", "options": {"targets": "one_hot"}}).options["targets"] == "one_hot"
    project = _iris(targets="one_hot")
    assert project.data["options"] == {"targets": "one_hot"}
    with pytest.raises(Exception, match="targets"):
        Project.from_dict({**project.to_dict(), "data": {"dataset": "iris", "options": {"targets": "onehot"}}})


def test_the_exported_script_encodes_the_targets_and_trains(tmp_path):
    project = _iris()
    code = nnbuilder.export_code(project)
    assert "y_train = keras.utils.to_categorical(y_train, num_classes)" in code
    assert "targets=" not in code  # an option of nnbuilder's, not of the loader
    found, out = run_training_script(project, tmp_path, epochs=2)
    assert len(found["history"]["loss"]) == 2 and "test: " in out and "confusion matrix" in out
    assert "to_categorical" not in nnbuilder.export_code(_iris(loss="sparse_categorical_crossentropy"))


def test_the_script_parts_for_targets_adapting_and_rates_are_formatted(tmp_path):
    from tests.standalone import ruff_format_changes

    layers = [
        ("x", "Input", {"shape": [4]}),
        ("norm", "Normalization", {}),
        ("out", "Dense", {"units": 3, "activation": "softmax"}),
    ]
    project = _projects._project(
        "all three", {"model": layers}, loss="categorical_crossentropy", schedule={"name": "cosine"}
    ).with_section("data", {"dataset": "iris", "options": {}})
    script = tmp_path / "script.py"
    script.write_text(nnbuilder.export_code(project), encoding="utf-8")
    text = script.read_text(encoding="utf-8")
    assert "to_categorical" in text and "adapt_normalization(" in text and "LearningRateLog()" in text
    assert not ruff_format_changes(script)
