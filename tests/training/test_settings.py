"""Training settings tables and their validation (no Keras needed)."""

import copy
import inspect
import json
import sys
from pathlib import Path

import pytest

from nnbuilder.document.params import Param, validate_value
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
    loss_name,
    monitor_choices,
    normalize_training,
    training_problems,
)
from nnbuilder.errors import ProjectError
from nnbuilder.locale.problem_patterns import has_chinese

TEMPLATES = sorted((Path(__file__).parents[2] / "templates").glob("*.nnb.json"))
TABLES = {"optimizer": OPTIMIZERS, "schedule": SCHEDULES, "callbacks": CALLBACKS}


def settings():
    """Every training setting as (where, Param): the run settings and each entry's parameters."""
    yield from ((f"training.{key}", param) for key, param in FIELDS.items())
    for kind, table in TABLES.items():
        for name, entry in table.items():
            yield from ((f"{kind} {name}.{key}", param) for key, param in entry["params"].items())


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
    for table in (RECIPES, OPTIMIZERS, SCHEDULES, LOSSES, METRICS, CALLBACKS):
        json.dumps({name: {**entry, "params": [p.to_dict() for p in entry.get("params", {}).values()]}
                    for name, entry in table.items()})  # fmt: skip
        for entry in table.values():
            assert entry["help"].endswith(".") or entry["help"].endswith(")")
    for _, param in settings():
        json.dumps(param.to_dict())
        assert param.help.endswith(".") or param.help.endswith(")")
    assert "integer class indices" in LOSSES["sparse_categorical_crossentropy"]["help"]
    for metric in METRICS.values():
        assert set(metric["losses"]) <= set(LOSSES)


def test_every_parameter_default_is_valid_and_documented():
    for where, param in settings():
        assert isinstance(param, Param) and where.endswith("." + param.name), where
        assert param.kind in {"float", "int", "bool", "text", "choice"}, where
        assert param.help, where
        assert validate_value(param, param.default) is None, where


def test_every_setting_has_chinese_help():
    missing = [where for where, param in settings() if not has_chinese(param.help_zh)]
    assert missing == []
    assert param_zh("schedule", "cosine", "decay_steps") != param_zh("schedule", "step_decay", "decay_steps")
    assert FIELDS["epochs"].to_dict()["help_zh"] == "遍历训练数据的次数。"


def param_zh(kind, name, key):
    return TABLES["callbacks" if kind == "callback" else kind][name]["params"][key].help_zh


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
    full = normalize_training({"epochs": 3, "optimizer": {"name": "adam", "learning_rate": 1}})
    assert full["epochs"] == 3 and full["optimizer"]["learning_rate"] == 1.0
    assert isinstance(full["optimizer"]["learning_rate"], float) and isinstance(full["validation_split"], float)


def test_an_integer_setting_takes_only_integers():
    assert training_problems({"epochs": 3.0}) == [("training.epochs", "expected a positive integer, got 3.0")]
    assert training_problems({"batch_size": 1e3}) == [
        ("training.batch_size", "expected a positive integer, got 1000.0")
    ]


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan")])
def test_a_number_setting_refuses_infinity_and_nan(number):
    """Python's json reads Infinity and NaN; neither is a learning rate."""
    training = {"optimizer": {"name": "adam", "learning_rate": number}}
    assert training_problems(training) == [
        ("training.optimizer.learning_rate", f"expected a positive number, got {number!r}")
    ]


def test_normalize_returns_a_copy():
    training = {"optimizer": {"name": "adam", "learning_rate": 0.01}, "callbacks": ["terminate_on_nan"]}
    before = copy.deepcopy(training)
    full = normalize_training(training)
    full["optimizer"]["learning_rate"] = 5.0
    assert training == before


BAD = [
    ({"optimizer": {"name": "adam", "momentum": 0.9}}, "training.optimizer.momentum",
     "optimizer adam has no parameter 'momentum'; its parameters: learning_rate, beta_1, beta_2, epsilon, amsgrad, "
     "weight_decay, clipnorm, clipvalue"),
    ({"optimizer": {"name": "sgd", "momentum": 1.5}}, "training.optimizer.momentum",
     "expected a number >= 0 and < 1, got 1.5"),
    ({"optimizer": {"name": "sgd", "nesterov": "yes"}}, "training.optimizer.nesterov",
     "expected true or false, got 'yes'"),
    ({"optimizer": {"name": "adamx"}}, "training.optimizer.name",
     "expected a known optimizer (sgd, adam, adamw, rmsprop, adagrad, nadam), got 'adamx'"),
    ({"optimizer": 3}, "training.optimizer", 'expected an object with a "name", got 3'),
    ({"optimizer": {"name": "adam", "learning_rate": 0}}, "training.optimizer.learning_rate",
     "expected a positive number, got 0"),
    ({"optimizer": {"name": "adam", "learning_rate": float("nan")}}, "training.optimizer.learning_rate",
     "expected a positive number, got nan"),
    ({"optimizer": {"name": "adam", "epsilon": -1}}, "training.optimizer.epsilon",
     "expected a positive number, got -1"),
    ({"optimizer": {"name": "adam", "clipnorm": 1.0, "clipvalue": 1.0}}, "training.optimizer.clipvalue",
     "expected clipnorm or clipvalue, got both"),
    ({"optimizer": {"name": "adam", "clipnorm": -1}}, "training.optimizer.clipnorm",
     "expected a positive number, or null, got -1"),
    ({"optimizer": {"name": "adagrad", "initial_accumulator_value": -0.1}},
     "training.optimizer.initial_accumulator_value", "expected a non-negative number, got -0.1"),
    ({"schedule": {"name": "warp"}}, "training.schedule.name",
     "expected a known schedule (constant, step_decay, exponential_decay, cosine, cosine_restarts, cyclic), "
     "got 'warp'"),
    ({"schedule": {"name": "step_decay", "decay_steps": 0}}, "training.schedule.decay_steps",
     "expected a positive integer, or null, got 0"),
    ({"schedule": {"name": "step_decay", "decay_steps": 2.5}}, "training.schedule.decay_steps",
     "expected a positive integer, or null, got 2.5"),
    ({"schedule": {"name": "exponential_decay", "decay_rate": 0}}, "training.schedule.decay_rate",
     "expected a number > 0 and <= 1, got 0"),
    ({"schedule": {"name": "cosine", "alpha": 2}}, "training.schedule.alpha", "expected a number >= 0 and <= 1, got 2"),
    ({"schedule": {"name": "cosine_restarts", "t_mul": 0}}, "training.schedule.t_mul",
     "expected a positive number, got 0"),
    ({"schedule": {"name": "cyclic", "mode": "sine"}}, "training.schedule.mode",
     "expected one of 'triangular', 'triangular2', got 'sine'"),
    ({"schedule": {"name": "cyclic", "maximal_learning_rate": 1e-5}}, "training.schedule.maximal_learning_rate",
     "expected at least the optimizer's learning_rate (0.001), got 1e-05"),
    ({"schedule": {"name": "constant", "decay_steps": 3}}, "training.schedule.decay_steps",
     "schedule constant has no parameter 'decay_steps'; its parameters: none"),
    ({"loss": "crossentropy"}, "training.loss",
     "expected a known loss (mse, mae, huber, binary_crossentropy, categorical_crossentropy, "
     "sparse_categorical_crossentropy), got 'crossentropy'"),
    ({"metrics": "accuracy"}, "training.metrics", "expected a list of metric names, got 'accuracy'"),
    ({"metrics": ["accuracy", "f1"]}, "training.metrics[1]",
     "expected a known metric (accuracy, mae, mse, auc, precision, recall, top_k_categorical_accuracy), got 'f1'"),
    ({"metrics": ["accuracy", "accuracy"]}, "training.metrics[1]", "expected each metric once, got 'accuracy' again"),
    ({"metrics": ["auc"]}, "training.metrics[0]",
     "metric auc needs one of the losses binary_crossentropy, categorical_crossentropy, "
     "got 'sparse_categorical_crossentropy'"),
    ({"loss": "mse", "metrics": ["top_k_categorical_accuracy"]}, "training.metrics[0]",
     "metric top_k_categorical_accuracy needs one of the losses categorical_crossentropy, "
     "sparse_categorical_crossentropy, got 'mse'"),
    ({"metrics": ["accuracy", "mae"]}, "training.metrics[1]",
     "metric mae needs one of the losses mse, mae, huber, binary_crossentropy, categorical_crossentropy, "
     "got 'sparse_categorical_crossentropy'"),
    ({"epochs": 0}, "training.epochs", "expected a positive integer, got 0"),
    ({"epochs": True}, "training.epochs", "expected a positive integer, got True"),
    ({"batch_size": "64"}, "training.batch_size", "expected a positive integer, got '64'"),
    ({"validation_split": 1}, "training.validation_split", "expected a number >= 0 and < 1, got 1"),
    ({"validation_split": None}, "training.validation_split", "expected a number >= 0 and < 1, got None"),
    ({"test_each_epoch": 1}, "training.test_each_epoch", "expected true or false, got 1"),
    ({"recipe": "rl"}, "training.recipe", "expected a known recipe (supervised, autoencoder, gan), got 'rl'"),
    ({"learning_rate": 0.1}, "training.learning_rate",
     "unknown setting; known: recipe, optimizer, schedule, loss, metrics, epochs, batch_size, validation_split, "
     "seed, test_each_epoch, callbacks"),
    ({"callbacks": {}}, "training.callbacks", "expected a list of callbacks, got {}"),
    ({"callbacks": ["stop"]}, "training.callbacks[0].name",
     "expected a known callback (early_stopping, reduce_lr_on_plateau, model_checkpoint, terminate_on_nan), "
     "got 'stop'"),
    ({"callbacks": [{"name": "early_stopping", "patience": -1}]}, "training.callbacks[0].patience",
     "expected a non-negative integer, got -1"),
    ({"callbacks": [{"name": "early_stopping", "monitor": "val_acc"}]}, "training.callbacks[0].monitor",
     "expected a logged value (loss, accuracy, val_loss, val_accuracy), got 'val_acc'"),
    ({"callbacks": [{"name": "early_stopping", "monitor": " "}]}, "training.callbacks[0].monitor",
     "expected text that is not blank, got ' '"),
    ({"callbacks": ["early_stopping"], "validation_split": 0}, "training.callbacks[0].monitor",
     "val_loss is logged only when validation_split is above 0; watch loss instead"),
    ({"callbacks": [{"name": "reduce_lr_on_plateau", "factor": 1}]}, "training.callbacks[0].factor",
     "expected a number > 0 and < 1, got 1"),
    ({"callbacks": ["reduce_lr_on_plateau"], "schedule": "cosine"}, "training.callbacks[0].name",
     "reduce_lr_on_plateau needs the constant schedule, got 'cosine'"),
    ({"callbacks": [{"name": "model_checkpoint", "filepath": "../x.keras"}]}, "training.callbacks[0].filepath",
     "expected a plain file name ending in .keras such as best.keras, got '../x.keras'"),
    ({"callbacks": [{"name": "model_checkpoint", "filepath": "best.h5"}]}, "training.callbacks[0].filepath",
     "expected a plain file name ending in .keras such as best.keras, got 'best.h5'"),
    ({"callbacks": [{"name": "terminate_on_nan", "patience": 2}]}, "training.callbacks[0].patience",
     "callback terminate_on_nan has no parameter 'patience'; its parameters: none"),
]  # fmt: skip


@pytest.mark.parametrize(("training", "path", "text"), BAD, ids=[b[1] + ":" + b[2][-16:] for b in BAD])
def test_bad_values_name_their_path(training, path, text):
    assert path in paths(training)
    assert message(training, path) == text
    with pytest.raises(ProjectError) as info:
        normalize_training(training)
    assert info.value.path == training_problems(training)[0][0]
    assert str(info.value).startswith("training")


def test_not_an_object():
    assert training_problems([1]) == [("training", "expected an object of settings, got [1]")]
    assert training_problems("fast") == [("training", "expected an object of settings, got 'fast'")]


def test_the_seed_is_a_non_negative_integer_or_null():
    assert training_problems({"seed": None}) == [] and normalize_training({"seed": 2**32 - 1})["seed"] == 2**32 - 1
    for bad in (-3, 2**32, 1.5, "7"):
        ((path, said),) = training_problems({"seed": bad})
        assert said == f"expected an integer >= 0 and <= 4294967295, or null, got {bad!r}", path


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
