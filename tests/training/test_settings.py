"""Training settings tables and their validation (no Keras needed)."""

import copy
import inspect
import json
import sys
from pathlib import Path

import pytest

from nnbuilder.document.project import default_training
from nnbuilder.document.training_settings import (
    CALLBACKS,
    DEFAULTS,
    FIELDS,
    LOSSES,
    METRICS,
    OPTIMIZERS,
    RECIPES,
    SCHEDULES,
    check_value,
    loss_name,
    monitor_choices,
    normalize_training,
    training_problems,
)
from nnbuilder.errors import ProjectError

TEMPLATES = sorted((Path(__file__).parents[2] / "templates").glob("*.nnb.json"))
TABLES = {"optimizer": OPTIMIZERS, "schedule": SCHEDULES, "callbacks": CALLBACKS}


def paths(training):
    return [path for path, _ in training_problems(training)]


def message(training, path):
    return dict(training_problems(training))[path]


def test_tables_are_complete_and_json_ready():
    assert set(RECIPES) == {"supervised", "autoencoder", "gan"}
    assert set(OPTIMIZERS) == {"sgd", "adam", "adamw", "rmsprop", "adagrad", "nadam"}
    want = {"constant", "step_decay", "exponential_decay", "cosine", "cosine_restarts", "cyclic"}
    assert set(SCHEDULES) == want
    assert set(LOSSES) >= {"mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy"}
    assert "sparse_categorical_crossentropy" in LOSSES
    assert set(METRICS) == {"accuracy", "mae", "mse", "auc", "precision", "recall", "top_k_categorical_accuracy"}
    assert set(CALLBACKS) == {"early_stopping", "reduce_lr_on_plateau", "model_checkpoint", "terminate_on_nan"}
    for table in (RECIPES, OPTIMIZERS, SCHEDULES, LOSSES, METRICS, CALLBACKS, FIELDS):
        json.dumps(table)
        for entry in table.values():
            assert entry["help"].endswith(".") or entry["help"].endswith(")")
    assert "integer class indices" in LOSSES["sparse_categorical_crossentropy"]["help"]
    for metric in METRICS.values():
        assert set(metric["losses"]) <= set(LOSSES)


def test_every_parameter_default_is_valid_and_documented():
    for table in (OPTIMIZERS, SCHEDULES, CALLBACKS):
        for entry in table.values():
            for key, spec in entry["params"].items():
                assert spec["type"] in {"float", "int", "bool", "str", "choice"}, key
                assert spec["help"], key
                problems = []
                check_value(spec, spec["default"], key, problems)
                assert problems == [], (key, problems)


def test_defaults_agree_with_new_projects():
    normalized = normalize_training(default_training())
    for key, value in default_training().items():  # normalizing adds defaults, changes nothing given
        shown = {k: normalized[key][k] for k in value} if isinstance(value, dict) else normalized[key]
        assert shown == value, key
    assert {key: DEFAULTS[key] for key in default_training()} == default_training()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_template_validates(path):
    training = json.loads(path.read_text())["training"]
    assert training_problems(training) == []
    normalized = normalize_training(training)
    assert normalize_training(normalized) == normalized


@pytest.mark.parametrize(("kind", "name"), [(k, n) for k, t in TABLES.items() for n in t])
def test_every_entry_validates_by_name_and_with_all_parameters(kind, name):
    entry = {"name": name}
    settings = {kind: [entry] if kind == "callbacks" else entry}
    if kind == "callbacks" and "monitor" in TABLES[kind][name]["params"]:
        settings["callbacks"][0]["monitor"] = "val_accuracy"
    assert training_problems(settings) == []
    full = normalize_training(settings)
    filled = full[kind][0] if kind == "callbacks" else full[kind]
    assert set(filled) == {"name", *TABLES[kind][name]["params"]}
    assert normalize_training(full) == full


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_every_loss_validates(name):
    assert training_problems({"loss": name, "metrics": []}) == []


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_metric_validates_with_a_loss_it_fits(name):
    for loss in METRICS[name]["losses"]:
        assert training_problems({"loss": loss, "metrics": [name]}) == []


def test_bare_names_and_aliases_are_normalized():
    full = normalize_training({"optimizer": "sgd", "schedule": "cosine", "loss": "mean_squared_error", "metrics": []})
    assert full["optimizer"]["name"] == "sgd" and full["optimizer"]["learning_rate"] == 0.01
    assert full["schedule"] == {"name": "cosine", "decay_steps": None, "alpha": 0.0, "warmup_steps": 0}
    assert full["loss"] == "mse" and loss_name("huber_loss") == "huber" and loss_name(3) is None
    assert normalize_training(None)["schedule"] == {"name": "constant"}
    assert normalize_training({"epochs": 3.0, "optimizer": {"name": "adam", "learning_rate": 1}})["epochs"] == 3


def test_normalize_returns_a_copy():
    training = {"optimizer": {"name": "adam", "learning_rate": 0.01}, "callbacks": ["terminate_on_nan"]}
    before = copy.deepcopy(training)
    full = normalize_training(training)
    full["optimizer"]["learning_rate"] = 5.0
    assert training == before


BAD = [
    ({"optimizer": {"name": "adam", "momentum": 0.9}}, "training.optimizer.momentum", "learning_rate, beta_1"),
    ({"optimizer": {"name": "sgd", "momentum": 1.5}}, "training.optimizer.momentum", "below 1, got 1.5"),
    ({"optimizer": {"name": "sgd", "nesterov": "yes"}}, "training.optimizer.nesterov", 'true or false, got "yes"'),
    ({"optimizer": {"name": "adamx"}}, "training.optimizer.name", "sgd, adam, adamw"),
    ({"optimizer": 3}, "training.optimizer", 'object with a "name"'),
    ({"optimizer": {"name": "adam", "learning_rate": 0}}, "training.optimizer.learning_rate", "above 0, got 0"),
    ({"optimizer": {"name": "adam", "learning_rate": float("nan")}}, "training.optimizer.learning_rate", "NaN"),
    ({"optimizer": {"name": "adam", "epsilon": -1}}, "training.optimizer.epsilon", "above 0"),
    ({"optimizer": {"name": "adam", "clipnorm": 1.0, "clipvalue": 1.0}}, "training.optimizer.clipvalue", "got both"),
    ({"optimizer": {"name": "adagrad", "initial_accumulator_value": -0.1}}, "training.optimizer."
     "initial_accumulator_value", "at least 0"),
    ({"schedule": {"name": "warp"}}, "training.schedule.name", "constant, step_decay"),
    ({"schedule": {"name": "step_decay", "decay_steps": 0}}, "training.schedule.decay_steps", "at least 1, or null"),
    ({"schedule": {"name": "step_decay", "decay_steps": 2.5}}, "training.schedule.decay_steps", "whole number"),
    ({"schedule": {"name": "exponential_decay", "decay_rate": 0}}, "training.schedule.decay_rate", "above 0"),
    ({"schedule": {"name": "cosine", "alpha": 2}}, "training.schedule.alpha", "at most 1"),
    ({"schedule": {"name": "cosine_restarts", "t_mul": 0}}, "training.schedule.t_mul", "above 0"),
    ({"schedule": {"name": "cyclic", "mode": "sine"}}, "training.schedule.mode", '"triangular", "triangular2"'),
    ({"schedule": {"name": "cyclic", "maximal_learning_rate": 1e-5}}, "training.schedule.maximal_learning_rate",
     "at least the optimizer's learning_rate"),
    ({"schedule": {"name": "constant", "decay_steps": 3}}, "training.schedule.decay_steps", "none"),
    ({"loss": "crossentropy"}, "training.loss", "sparse_categorical_crossentropy"),
    ({"metrics": "accuracy"}, "training.metrics", "list of metric names"),
    ({"metrics": ["accuracy", "f1"]}, "training.metrics[1]", "top_k_categorical_accuracy"),
    ({"metrics": ["accuracy", "accuracy"]}, "training.metrics[1]", "once"),
    ({"metrics": ["auc"]}, "training.metrics[0]", "got sparse_categorical_crossentropy"),
    ({"loss": "mse", "metrics": ["top_k_categorical_accuracy"]}, "training.metrics[0]", "got mse"),
    ({"metrics": ["accuracy", "mae"]}, "training.metrics[1]", "got sparse_categorical_crossentropy"),
    ({"epochs": 0}, "training.epochs", "at least 1, got 0"),
    ({"epochs": True}, "training.epochs", "got true"),
    ({"batch_size": "64"}, "training.batch_size", 'got "64"'),
    ({"validation_split": 1}, "training.validation_split", "below 1"),
    ({"seed": -3}, "training.seed", "or null, got -3"),
    ({"recipe": "rl"}, "training.recipe", "supervised, autoencoder, gan"),
    ({"learning_rate": 0.1}, "training.learning_rate", "unknown setting"),
    ({"callbacks": {}}, "training.callbacks", "list of callbacks"),
    ({"callbacks": ["stop"]}, "training.callbacks[0].name", "early_stopping, reduce_lr_on_plateau"),
    ({"callbacks": [{"name": "early_stopping", "patience": -1}]}, "training.callbacks[0].patience", "at least 0"),
    ({"callbacks": [{"name": "early_stopping", "monitor": "val_acc"}]}, "training.callbacks[0].monitor",
     "val_accuracy"),
    ({"callbacks": ["early_stopping"], "validation_split": 0}, "training.callbacks[0].monitor", "watch loss"),
    ({"callbacks": [{"name": "reduce_lr_on_plateau", "factor": 1}]}, "training.callbacks[0].factor", "below 1"),
    ({"callbacks": ["reduce_lr_on_plateau"], "schedule": "cosine"}, "training.callbacks[0].name", "constant"),
    ({"callbacks": [{"name": "model_checkpoint", "filepath": "../x.keras"}]}, "training.callbacks[0].filepath",
     "plain file name"),
    ({"callbacks": [{"name": "model_checkpoint", "filepath": "best.h5"}]}, "training.callbacks[0].filepath", ".keras"),
    ({"callbacks": [{"name": "terminate_on_nan", "patience": 2}]}, "training.callbacks[0].patience", "none"),
]  # fmt: skip


@pytest.mark.parametrize(("training", "path", "text"), BAD, ids=[b[1] + ":" + b[2][:12] for b in BAD])
def test_bad_values_name_their_path(training, path, text):
    assert path in paths(training)
    assert text in message(training, path)
    with pytest.raises(ProjectError) as info:
        normalize_training(training)
    assert info.value.path == training_problems(training)[0][0]
    assert str(info.value).startswith("training")


def test_not_an_object():
    assert training_problems([1]) == [("training", "expected an object of settings, got [1]")]


def test_all_problems_are_reported_at_once():
    bad = {"epochs": 0, "batch_size": 0, "optimizer": {"name": "sgd", "momentum": -1}, "loss": "x"}
    assert set(paths(bad)) == {"training.epochs", "training.batch_size", "training.optimizer.momentum", "training.loss"}


def test_monitor_choices():
    assert monitor_choices({"metrics": ["accuracy"]}) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert monitor_choices({"recipe": "gan"}) == ["d_loss", "g_loss", "d_accuracy"]
    ((path, message),) = training_problems({"recipe": "gan", "callbacks": [{"name": "terminate_on_nan"}]})
    assert path == "training.callbacks" and "own loop" in message


def test_settings_module_imports_no_keras():
    source = inspect.getsource(sys.modules[normalize_training.__module__])
    assert "import keras" not in source and "tensorflow" not in source
