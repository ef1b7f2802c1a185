"""The Data tab driven as a user would: pick a dataset, type options, preview (no browser)."""

from __future__ import annotations

import html
import re
import threading

import numpy as np
import pytest

from nnbuilder import Project, load_template
from nnbuilder.app import data_tab as data_tab_module
from nnbuilder.app.data_tab import DataTab
from nnbuilder.data import DataError
from nnbuilder.verbatim import loaders_keras as _loaders_keras
from tests.training._projects import classifier


def with_data(project: Project, dataset, options=None) -> Project:
    return Project.from_dict({**project.to_dict(), "data": {"dataset": dataset, "options": options or {}}})


class Recorder:
    """Collects on_change projects and on_error reports."""

    def __init__(self):
        self.projects, self.errors = [], []

    def tab(self, project=None, **kwargs) -> DataTab:
        return DataTab(project or Project(), on_change=self.projects.append, on_error=self._error, **kwargs)

    def _error(self, exc, what):
        self.errors.append((exc, what))


def choose(tab: DataTab, name: str) -> None:
    field = tab.dataset_field
    field.control.value = field.choices.index(name)


def option(tab: DataTab, key: str):
    return next(f for f in tab.fields if f.path == f"data.options.{key}")


def run_preview(tab: DataTab) -> str:
    worker = tab.preview()
    assert worker is not None
    worker.join(60)
    assert not worker.is_alive()
    return tab.preview_area.value


def test_choosing_a_dataset_writes_the_data_section():
    seen = Recorder()
    tab = seen.tab()
    choose(tab, "digits")
    assert seen.projects[-1].data == {"dataset": "digits", "options": {}}
    assert tab.project is seen.projects[-1]
    assert "ships with scikit-learn" in tab.facts.value and "(8, 8, 1)" in tab.facts.value
    assert [f.path for f in tab.fields[1:]] == [
        f"data.options.{k}" for k in ("flatten", "samples", "seed", "test_fraction", "targets")
    ]
    assert option(tab, "flatten").control.tooltip.startswith("give each image as one flat vector")


def test_options_are_checked_and_only_changed_values_written():
    seen = Recorder()
    tab = seen.tab(with_data(Project(), "digits"))
    option(tab, "samples").control.value = "lots"
    error = option(tab, "samples").error.value
    assert "Training examples: expected a positive integer, or null, got &#x27;lots&#x27;</span>" in error
    assert seen.projects == [] and tab.project.data["options"] == {}
    option(tab, "samples").control.value = "100"
    assert seen.projects[-1].data["options"] == {"samples": 100} and option(tab, "samples").error.value == ""
    option(tab, "flatten").control.value = True
    option(tab, "test_fraction").control.value = "0.95"
    assert "expected a number &gt;= 0 and &lt;= 0.9, got 0.95</span>" in option(tab, "test_fraction").error.value
    option(tab, "seed").control.value = "0"  # the default: nothing to write
    assert seen.projects[-1].data["options"] == {"samples": 100, "flatten": True}
    option(tab, "flatten").control.value = False
    option(tab, "samples").control.value = ""
    assert seen.projects[-1].data["options"] == {}


def test_required_options_wait_until_they_are_given():
    seen = Recorder()
    tab = seen.tab()
    choose(tab, "csv")
    assert seen.projects == []
    assert "csv needs this option" in option(tab, "path").error.value
    assert "Not applied yet" in tab.status.value
    option(tab, "path").control.value = "/data/houses.csv"
    assert seen.projects == [] and "csv needs this option" in option(tab, "target").error.value
    option(tab, "target").control.value = "price"
    task = option(tab, "task")
    assert [label for label, _ in task.control.options][0] == "automatic"
    task.control.value = task.choices.index("regression")
    assert seen.projects[-1].data == {
        "dataset": "csv",
        "options": {"path": "/data/houses.csv", "target": "price", "task": "regression"},
    }
    assert tab.status.value == ""


def test_image_size_is_typed_as_two_numbers():
    seen = Recorder()
    tab = seen.tab(with_data(Project(), "image_folder", {"path": "pictures"}))
    size = option(tab, "image_size")
    assert size.control.value == "64, 64"
    size.control.value = "150 x 150"
    assert seen.projects[-1].data["options"]["image_size"] == [150, 150]
    size.control.value = "150"
    assert "expected a list of 2 integers &gt;= 1 and &lt;= 4096, got [150]</span>" in size.error.value
    assert seen.projects[-1].data["options"]["image_size"] == [150, 150]


def test_language_switch_relabels_everything():
    tab = DataTab(with_data(Project(), "digits"))
    tab.set_language("zh")
    assert "数据集" in tab.dataset_field.label.value and tab.dataset_field.control.options[0][0] == "— 选择数据集 —"
    assert "展平图像" in option(tab, "flatten").label.value and "随 scikit-learn 提供" in tab.facts.value
    assert tab.preview_button.description == "预览" and "选项" in tab.options_title.value
    tab.set_language("en")
    assert "Dataset" in tab.dataset_field.label.value and tab.preview_button.description == "Preview"
    with pytest.raises(ValueError, match="language: expected one of 'en', 'zh', got 'fr'"):
        tab.set_language("fr")


def test_follows_set_project_without_calling_on_change():
    seen = Recorder()
    tab = seen.tab(with_data(Project(), "digits"))
    option(tab, "samples").control.value = "-3"  # refused, still shown
    tab.set_project(load_template("lstm"))
    assert seen.projects == []
    assert tab.dataset_field.value() == "sine_windows"
    assert option(tab, "window").control.value == "100" and option(tab, "window").error.value == ""
    with pytest.raises(TypeError, match="project: expected an nnbuilder Project, got dict"):
        tab.set_project({"data": {}})


@pytest.mark.parametrize(
    ("name", "marker"),
    [("digits", '<img src="data:image/png;base64,'), ("sine_windows", "<polyline"), ("iris", "petal length")],
)
def test_preview_shows_examples_shapes_and_the_model_state(name, marker):
    tab = DataTab(with_data(Project(), name, {"samples": 40}))
    shown = run_preview(tab)
    assert marker in shown
    assert "Training examples" in shown and "Input shape" in shown
    assert "Fix the model first (1 errors)" in shown  # an empty model cannot be checked against
    assert tab.preview_button.disabled is False and tab.preview_button.description == "Preview"


def test_preview_names_the_offline_stand_in(monkeypatch):
    monkeypatch.setattr(_loaders_keras, "data_keras_fetch", lambda name, **kwargs: None)
    tab = DataTab(with_data(Project(), "mnist", {"samples": 20}))
    shown = run_preview(tab)
    assert "In use: scikit-learn&#x27;s 8x8 digits, upscaled to 28x28, standing in for mnist" in shown
    assert "could not be loaded from the Keras cache or downloaded" in shown


def test_a_stale_preview_is_dropped(monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = data_tab_module.load_dataset

    def slow(section, options=None, **rules):
        started.set()
        release.wait(30)
        return real(section, options, **rules)

    monkeypatch.setattr(data_tab_module, "load_dataset", slow)
    tab = DataTab(with_data(Project(), "digits"))
    worker = tab.preview()
    assert started.wait(30)
    assert "Loading digits" in tab.preview_area.value and tab.preview_button.disabled
    choose(tab, "iris")  # the user moves on while digits load
    assert tab.preview_area.value == "" and not tab.preview_button.disabled
    release.set()
    worker.join(30)
    assert tab.preview_area.value == "" and tab.preview_button.description == "Preview"


def test_data_errors_are_one_line_and_surprises_go_to_on_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the project's folder: its paths stay inside it
    seen = Recorder()
    tab = seen.tab(with_data(Project(), "csv", {"path": str(tmp_path / "missing.csv"), "target": "y"}))
    shown = run_preview(tab)
    assert "missing.csv" in shown and "does not exist" in shown and seen.errors == []

    def broken(section, options=None, **rules):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(data_tab_module, "load_dataset", broken)
    shown = run_preview(tab)
    assert "The preview failed: disk on fire" in shown
    assert [(str(exc), what) for exc, what in seen.errors] == [("disk on fire", "Previewing the data")]


def test_arrays_from_the_notebook():
    seen = Recorder()
    tab = seen.tab()
    assert "arrays" not in tab.dataset_field.choices
    rng = np.random.default_rng(0)
    tab.set_user_data((rng.random((30, 3)), np.arange(30) % 2))
    labels = dict((value, label) for label, value in tab.dataset_field.control.options)
    assert labels[tab.dataset_field.choices.index("arrays")] == "arrays (from the notebook)"
    choose(tab, "arrays")
    assert seen.projects[-1].data == {"dataset": "arrays", "options": {}}
    assert "arrays from the notebook" in tab.facts.value and "24" in tab.facts.value
    shown = run_preview(tab)
    assert "In use: your arrays from the notebook" in shown and "<table class='nnb-facts'>" in shown
    tab.set_user_data(None)
    assert "No arrays were passed" in tab.facts.value and tab.preview() is None
    with pytest.raises(DataError, match="data: expected a Dataset"):
        tab.set_user_data("x.csv")


def test_preview_checks_the_data_against_the_model():
    tab = DataTab(with_data(classifier(features=4, classes=3), "iris"))
    assert "The data fits the model." in run_preview(tab)
    tab.set_project(with_data(classifier(features=4, classes=2), "iris"))
    assert "press Preview to check again" in tab.preview_area.value and "petal length" in tab.preview_area.value
    assert "set the last Dense units to 3" in run_preview(tab)


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="project: expected an nnbuilder Project"):
        DataTab("mnist")
    with pytest.raises(ValueError, match="language: expected one of"):
        DataTab(Project(), language="de")
    with pytest.raises(TypeError, match="on_change: expected a function or None, got int"):
        DataTab(Project(), on_change=3)


def test_a_failing_on_change_is_reported():
    reports = []

    def fail(project):
        raise RuntimeError("cannot save")

    tab = DataTab(Project(), on_change=fail, on_error=lambda exc, what: reports.append((str(exc), what)))
    choose(tab, "iris")
    assert reports == [("cannot save", "setting the dataset")]


def test_every_dataset_option_has_words_in_both_languages():
    from nnbuilder.app.data_tab import _LABELS
    from nnbuilder.document.datasets import OPTION_SPECS

    keys = {key for specs in OPTION_SPECS.values() for key in specs}
    assert [key for key in sorted(keys) for lang in ("en", "zh") if f"option.{key}" not in _LABELS[lang]] == []


def test_option_help_follows_the_language():
    tab = DataTab(with_data(Project(), "moons"))
    samples = option(tab, "samples")
    assert samples.control.tooltip.startswith("number of training examples to generate")
    tab.set_language("zh")
    assert samples.control.tooltip == "生成的训练样本数；另外再生成四分之一用于测试"
    assert option(tab, "noise").control.tooltip == "加入的随机噪声的标准差"


def chinese_prose(text: str) -> bool:
    """Whether `text` is Chinese with no English words outside quoted values and names (of datasets and options;
    null, true and false are JSON)."""
    from nnbuilder.document.datasets import OPTION_SPECS

    names = {"null", "true", "false", *OPTION_SPECS, *(key for specs in OPTION_SPECS.values() for key in specs)}
    words = re.sub(r"'[^']*'", "", text)
    english = set(re.findall(r"[A-Za-z_]{3,}", words)) - names
    return any("\u4e00" <= ch <= "\u9fff" for ch in words) and not english


def said_in_chinese(field, label: str) -> bool:
    """Whether `field`'s error is its label and then a Chinese sentence."""
    shown = html.unescape(re.sub(r"<[^>]+>", "", field.error.value))
    return shown.startswith(f"{label}: ") and chinese_prose(shown[len(label) + 2 :])


def test_errors_are_said_in_chinese():
    seen = Recorder()
    tab = seen.tab(with_data(Project(), "digits"), language="zh")
    option(tab, "samples").control.value = "lots"
    assert said_in_chinese(option(tab, "samples"), "训练样本数") and "lots" in option(tab, "samples").error.value
    option(tab, "test_fraction").control.value = "0.95"
    assert said_in_chinese(option(tab, "test_fraction"), "测试集比例")
    tab.set_language("en")  # a value still refused says why in the new language
    assert "Training examples: expected a positive integer, or null, got" in option(tab, "samples").error.value
    assert "Test fraction: expected a number" in option(tab, "test_fraction").error.value
    tab.set_language("zh")
    assert said_in_chinese(option(tab, "samples"), "训练样本数")
    assert seen.projects == []
    choose(tab, "csv")
    assert "路径: csv 需要这个选项：CSV 文件的路径</span>" in option(tab, "path").error.value
    assert "目标列: csv 需要这个选项：要预测的那一列的列名</span>" in option(tab, "target").error.value
    assert "尚未应用" in tab.status.value
    option(tab, "path").control.value = "houses.csv"
    option(tab, "target").control.value = "price"
    assert seen.projects[-1].data == {"dataset": "csv", "options": {"path": "houses.csv", "target": "price"}}


@pytest.mark.parametrize(
    ("name", "key", "typed", "label"),
    [
        ("image_folder", "image_size", "150", "图像尺寸"),
        ("digits", "seed", "x", "随机种子"),
        ("gaussian_mixture", "classes", "1", "类别数"),
        ("moons", "samples", "0", "训练样本数"),
    ],
)
def test_every_kind_of_refusal_is_said_in_chinese(name, key, typed, label):
    tab = DataTab(with_data(Project(), name), language="zh")
    option(tab, key).control.value = typed
    assert said_in_chinese(option(tab, key), label), option(tab, key).error.value


def test_problems_a_form_cannot_make_are_said_in_chinese_too():
    tab = DataTab(Project(), language="zh")
    csv = {"path": "a.csv", "target": "y"}
    for name, options in [
        ("iris", {"standardize": "yes"}),
        ("csv", {**csv, "task": "guess"}),
        ("csv", {**csv, "x": 1}),
        ("csv", {"path": " ", "target": "y"}),
        ("csv", {"path": "a.csv", "target": 3}),
        ("image_folder", {"path": ""}),
    ]:
        [(_, message)] = tab.problems({"dataset": name, "options": options})
        assert chinese_prose(message), message
    assert tab.problems({"dataset": "iris", "options": [1]}) == [
        ("data.options", "应为由选项名和值组成的对象，实际为 list")
    ]


def test_facts_say_when_the_options_change_the_shapes():
    assert "default options" in DataTab(load_template("feedforward")).facts.value  # 10 features, not 2
    assert "default options" not in DataTab(load_template("mnist_cnn")).facts.value
    assert "默认选项" in DataTab(load_template("feedforward"), language="zh").facts.value
