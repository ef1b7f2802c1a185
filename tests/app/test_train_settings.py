"""The training settings form driven as a user would (no browser)."""

from __future__ import annotations

import html
import re

from nnbuilder import Project, load_template
from nnbuilder.app._form_fields import parse_text
from nnbuilder.app.train_settings import TrainSettings
from nnbuilder.document.training_settings import normalize_training, training_problems
from nnbuilder.locale.problem_patterns import has_chinese
from nnbuilder.locale.train_words import said_problem


class Recorder:
    def __init__(self):
        self.projects, self.errors = [], []

    def form(self, project=None, **kwargs) -> TrainSettings:
        project = project or load_template("mnist_mlp")
        return TrainSettings(project, on_change=self.projects.append, on_error=self._error, **kwargs)

    def _error(self, exc, what):
        self.errors.append((exc, what))

    @property
    def training(self) -> dict:
        return self.projects[-1].training


def said(field) -> str:
    """The text of a field's inline error, as the user reads it."""
    return html.unescape(re.sub("<[^>]+>", "", field.error.value))


def pick(field, value) -> None:
    field.control.value = field.choices.index(value)


def tick(field, choice, on=True) -> None:
    field.control.children[field.choices.index(choice)].value = on


def test_the_form_shows_the_project_settings():
    form = TrainSettings(load_template("mnist_mlp"))
    assert form.recipe.value() == "supervised" and form.optimizer.value() == "adam"
    assert form.optimizer_params["learning_rate"].control.value == "0.001"
    assert form.loss.value() == "sparse_categorical_crossentropy" and form.metrics.value() == ["accuracy"]
    assert form.run_fields["epochs"].control.value == "5" and form.run_fields["seed"].control.value == ""
    assert form.callback_fields["early_stopping"].value() is False
    main = [f for f in form.optimizer_params.values() if f.widget in form.optimizer_main.children]
    assert [f.path for f in main] == [f"training.optimizer.{k}" for k in ("learning_rate", "beta_1", "beta_2")]
    advanced = {
        f.path.rsplit(".", 1)[1] for f in form.optimizer_params.values() if f.widget in form.optimizer_advanced.children
    }
    assert advanced == {"epsilon", "amsgrad", "weight_decay", "clipnorm", "clipvalue"}
    assert form.optimizer_params["learning_rate"].control.tooltip == "Size of each update step; matters most."


def test_optimizer_changes_write_only_what_differs_from_the_defaults():
    seen = Recorder()
    form = seen.form()
    pick(form.optimizer, "sgd")
    assert seen.training["optimizer"] == {"name": "sgd", "learning_rate": 0.01}
    main = [f.path for f in form.optimizer_params.values() if f.widget in form.optimizer_main.children]
    assert main == ["training.optimizer.learning_rate", "training.optimizer.momentum", "training.optimizer.nesterov"]
    form.optimizer_params["momentum"].control.value = "0.9"
    form.optimizer_params["nesterov"].control.value = True
    assert seen.training["optimizer"] == {"name": "sgd", "learning_rate": 0.01, "momentum": 0.9, "nesterov": True}
    form.optimizer_params["momentum"].control.value = "0"
    assert seen.training["optimizer"] == {"name": "sgd", "learning_rate": 0.01, "nesterov": True}
    assert normalize_training(seen.training)["optimizer"]["momentum"] == 0.0


def test_a_bad_value_is_refused_beside_its_field():
    seen = Recorder()
    form = seen.form()
    rate = form.optimizer_params["learning_rate"]
    for typed, expected in (
        ("-1", "expected a positive number, got -1.0"),
        ("fast", "expected a positive number, got 'fast'"),
    ):
        rate.control.value = typed
        assert said(rate) == f"Learning rate: {expected}"
    assert seen.projects == []
    form.optimizer_params["beta_1"].control.value = "1"
    assert said(form.optimizer_params["beta_1"]) == "Beta 1: expected a number >= 0 and < 1, got 1.0"
    rate.control.value = "0.01"
    assert seen.training["optimizer"] == {"name": "adam", "learning_rate": 0.01} and said(rate) == ""
    form.optimizer_params["clipnorm"].control.value = "1"
    form.optimizer_params["clipvalue"].control.value = "0.5"
    assert said(form.optimizer_params["clipvalue"]) == "Clip value: expected clipnorm or clipvalue, got both"
    assert seen.training["optimizer"] == {"name": "adam", "learning_rate": 0.01, "clipnorm": 1.0}


def test_schedule_and_its_parameters():
    seen = Recorder()
    form = seen.form()
    assert form.schedule.value() == "constant" and form.schedule_params.children == ()
    pick(form.schedule, "cosine")
    assert seen.training["schedule"] == {"name": "cosine"} and len(form.schedule_params.children) == 3
    form.schedule_fields["warmup_steps"].control.value = "10"
    form.schedule_fields["decay_steps"].control.value = "0"
    assert said(form.schedule_fields["decay_steps"]) == "Decay steps: expected a positive integer, or null, got 0"
    assert seen.training["schedule"] == {"name": "cosine", "warmup_steps": 10}
    pick(form.schedule, "constant")
    assert "schedule" not in seen.training


def test_metrics_follow_the_loss_rules():
    seen = Recorder()
    form = seen.form()
    tick(form.metrics, "auc")
    assert "metric auc needs one of the losses binary_crossentropy, categorical_crossentropy" in said(form.metrics)
    assert seen.projects == []
    pick(form.loss, "binary_crossentropy")  # now auc fits: the ticked box is taken
    assert seen.training["loss"] == "binary_crossentropy" and seen.training["metrics"] == ["accuracy", "auc"]
    count = len(seen.projects)
    pick(form.loss, "mse")  # auc does not fit mse: shown at the metrics, nothing applied
    assert len(seen.projects) == count and said(form.metrics) == (
        "Metrics: metric auc needs one of the losses binary_crossentropy, categorical_crossentropy, got 'mse'"
    )
    assert "Not applied yet" in form.status.value
    tick(form.metrics, "auc", False)
    assert seen.training["loss"] == "mse" and seen.training["metrics"] == ["accuracy"] and form.status.value == ""


def test_run_length_fields():
    seen = Recorder()
    form = seen.form()
    form.run_fields["epochs"].control.value = "12"
    form.run_fields["seed"].control.value = "7"
    assert seen.training["epochs"] == 12 and seen.training["seed"] == 7
    form.run_fields["validation_split"].control.value = "1"
    assert said(form.run_fields["validation_split"]) == "Validation split: expected a number >= 0 and < 1, got 1.0"
    form.run_fields["batch_size"].control.value = "2.5"
    assert said(form.run_fields["batch_size"]) == "Batch size: expected a positive integer, got 2.5"
    form.run_fields["seed"].control.value = ""
    assert "seed" not in seen.training and seen.training["validation_split"] == 0.1


def test_test_each_epoch_is_a_checkbox_written_only_when_on():
    seen = Recorder()
    form = seen.form()
    field = form.run_fields["test_each_epoch"]
    assert field.value() is False and "test_each_epoch" not in form.project.training
    assert "Test each epoch" in field.label.value and field.control.tooltip.startswith("Also measure the loss")
    field.control.value = True
    assert seen.training["test_each_epoch"] is True
    field.control.value = False
    assert "test_each_epoch" not in seen.training
    form.set_language("zh")
    assert "每轮测试" in field.label.value and field.control.tooltip.startswith("每轮结束后也在测试集上")


def test_callbacks_and_the_values_they_watch():
    seen = Recorder()
    form = seen.form()
    params = form.callback_params["early_stopping"]
    assert form._callback_boxes["early_stopping"].layout.display == "none"
    form.callback_fields["early_stopping"].control.value = True
    assert seen.training["callbacks"] == [{"name": "early_stopping"}]
    assert form._callback_boxes["early_stopping"].layout.display == ""
    assert params["monitor"].choices == ["loss", "accuracy", "val_loss", "val_accuracy"]
    params["patience"].control.value = "5"
    assert seen.training["callbacks"] == [{"name": "early_stopping", "patience": 5}]
    form.run_fields["validation_split"].control.value = "0"
    assert "val_loss is logged only when validation_split is above 0" in said(params["monitor"])
    assert seen.training["validation_split"] == 0.1
    pick(params["monitor"], "loss")
    assert seen.training["validation_split"] == 0.0
    assert seen.training["callbacks"] == [{"name": "early_stopping", "patience": 5, "monitor": "loss"}]
    form.callback_fields["model_checkpoint"].control.value = True
    form.callback_params["model_checkpoint"]["filepath"].control.value = "../best.keras"
    assert "expected a plain file name ending in .keras" in said(form.callback_params["model_checkpoint"]["filepath"])
    form.callback_fields["early_stopping"].control.value = False
    form.callback_fields["model_checkpoint"].control.value = False
    assert seen.training["callbacks"] == []


def test_the_gan_recipe_refuses_callbacks():
    seen = Recorder()
    form = seen.form(load_template("gan"))
    form.callback_fields["terminate_on_nan"].control.value = True
    assert "the gan recipe trains in its own loop" in said(form.callback_fields["terminate_on_nan"])
    assert seen.projects == []


def test_language_switch_relabels_everything():
    form = TrainSettings(load_template("mnist_mlp"), language="zh")
    assert "训练方式" in form.recipe.label.value and form.recipe.control.options[0][0] == "监督学习"
    assert form.advanced.titles == ("高级",) and "学习率" in form.optimizer_params["learning_rate"].label.value
    assert form.optimizer_params["learning_rate"].control.tooltip == "每次更新的步长；最重要的参数。"
    assert form.metrics.control.children[0].description == "准确率"
    assert form.callback_fields["early_stopping"].label.value.endswith("提前停止</span>")
    form.set_language("en")
    assert "Recipe" in form.recipe.label.value and form.advanced.titles == ("Advanced",)
    assert form.loss.control.options[-1][0] == "Sparse categorical cross-entropy"


def test_follows_set_project_without_calling_on_change():
    seen = Recorder()
    form = seen.form()
    form.run_fields["epochs"].control.value = "0"  # refused, then replaced by the new project
    form.set_project(load_template("gan"))
    assert seen.projects == [] and form.recipe.value() == "gan"
    assert form.optimizer_params["beta_1"].control.value == "0.5" and said(form.run_fields["epochs"]) == ""
    form.set_project(Project())
    assert form.optimizer_params["beta_1"].control.value == "0.9" and form.metrics.value() == ["accuracy"]


def test_a_failing_on_change_is_reported():
    reports = []

    def fail(project):
        raise RuntimeError("cannot save")

    form = TrainSettings(Project(), on_change=fail, on_error=lambda exc, what: reports.append((str(exc), what)))
    form.run_fields["epochs"].control.value = "3"
    assert reports == [("cannot save", "setting epochs")]


def test_typed_text_becomes_document_values():
    assert parse_text("float", " 1e-3 ") == 0.001 and parse_text("float", "2") == 2.0
    assert parse_text("int", "3.0") == 3 and parse_text("int", "") is None
    assert parse_text("size", "[150, 150]") == [150, 150] and parse_text("size", "wide") == "wide"


def test_every_choice_and_parameter_has_words_in_both_languages():
    from nnbuilder.app.train_settings import _HELP_ZH, _LABELS, _TABLES, MAIN_PARAMS
    from nnbuilder.document.training_settings import FIELDS, OPTIMIZERS

    params = [p for table in _TABLES.values() for entry in table.values() for p in entry.get("params", {}).values()]
    assert [p.name for p in params for lang in ("en", "zh") if f"param.{p.name}" not in _LABELS[lang]] == []
    assert [p.name for p in [*params, *FIELDS.values()] if not has_chinese(p.help_zh)] == []
    assert [key for key in FIELDS for lang in ("en", "zh") if key not in _LABELS[lang]] == []
    entries = [f"{table}.{name}" for table, entries in _TABLES.items() for name in entries]
    assert [key for key in entries if key not in _HELP_ZH] == [] and set(MAIN_PARAMS) == set(OPTIMIZERS)


def test_every_parameter_field_shows_its_chinese_help():
    form = TrainSettings(load_template("mnist_mlp"), language="zh")
    pick(form.schedule, "cosine")
    form.callback_fields["early_stopping"].control.value = True
    shown = {**form.optimizer_params, **form.schedule_fields, **form.callback_params["early_stopping"]}
    for field in [*shown.values(), *form.run_fields.values()]:
        assert has_chinese(field.control.tooltip), field.path
    assert form.schedule_fields["decay_steps"].control.tooltip == "衰减所用的批次数（留空 = 剩余的全部训练）。"


def test_refusals_are_said_in_chinese():
    seen = Recorder()
    form = seen.form(language="zh")
    epochs = form.run_fields["epochs"]
    epochs.control.value = "0"
    assert said(epochs) == "轮数: 应为正整数，实际为 0"
    form.optimizer_params["learning_rate"].control.value = "fast"
    assert said(form.optimizer_params["learning_rate"]) == "学习率: 应为正数，实际为 'fast'"
    tick(form.metrics, "auc")
    assert said(form.metrics) == (
        "评估指标: 评估指标 auc 需要以下损失函数之一：binary_crossentropy, categorical_crossentropy，"
        "实际为 'sparse_categorical_crossentropy'"
    )
    form.set_language("en")  # what was refused is said again in the new language
    assert said(epochs) == "Epochs: expected a positive integer, got 0"
    assert "metric auc needs one of the losses" in said(form.metrics)
    form.set_language("zh")
    assert said(epochs) == "轮数: 应为正整数，实际为 0" and seen.projects == []
    tick(form.metrics, "auc", False)
    form.callback_fields["early_stopping"].control.value = True
    form.run_fields["validation_split"].control.value = "0"
    monitor = form.callback_params["early_stopping"]["monitor"]
    assert said(monitor) == "监控值: 只有 validation_split 大于 0 时才会记录 val_loss；请改为监控 loss"


ENGLISH = re.compile(r"\b(expected|got|needs|watch|known|instead|number|integer|text|or null)\b")


def test_every_training_problem_is_said_in_chinese():
    drafts = [
        [1], {"colour": 1}, {"recipe": "rl"}, {"optimizer": 3}, {"optimizer": {"name": "adam", "momentum": 0.9}},
        {"schedule": {"name": "constant", "decay_steps": 3}}, {"metrics": "accuracy"}, {"metrics": ["f1"]},
        {"metrics": ["accuracy", "accuracy"]}, {"metrics": ["auc"]}, {"callbacks": {}},
        {"optimizer": {"name": "adam", "clipnorm": 1.0, "clipvalue": 1.0}},
        {"schedule": {"name": "cyclic", "maximal_learning_rate": 1e-5}},
        {"recipe": "gan", "test_each_epoch": True, "callbacks": ["terminate_on_nan"]},
        {"test_each_epoch": True, "callbacks": [{"name": "early_stopping", "monitor": "test_loss"}]},
        {"callbacks": [{"name": "early_stopping", "monitor": "val_acc"}]},
        {"callbacks": ["early_stopping"], "validation_split": 0}, {"callbacks": ["reduce_lr_on_plateau"],
        "schedule": "cosine"}, {"callbacks": [{"name": "model_checkpoint", "filepath": "../x.keras"}]},
        {"epochs": 0, "optimizer": {"name": "sgd", "learning_rate": -1, "nesterov": "yes"}},
    ]  # fmt: skip
    found = [message for draft in drafts for _, message in training_problems(draft)]
    assert len(found) >= len(drafts)
    english = [m for m in found if not has_chinese(said_problem(m, "zh")) or ENGLISH.search(said_problem(m, "zh"))]
    assert english == []
    assert said_problem("expected clipnorm or clipvalue, got both", "en") == "expected clipnorm or clipvalue, got both"
