"""The previews under the Train settings' loss and schedule fields: Keras's own curves, computed off the kernel's
thread, redrawn when a setting changes, in English and in Chinese."""

from __future__ import annotations

import html
import re
import threading

import pytest

from nnbuilder import load_template
from nnbuilder.app import _setting_previews
from nnbuilder.app.train_settings import TrainSettings
from nnbuilder.data import load_dataset
from nnbuilder.errors import bilingual_error
from nnbuilder.locale.problem_patterns import has_chinese
from nnbuilder.locale.setting_preview_words import WORDS
from nnbuilder.training.recipes._common import batches_per_epoch
from nnbuilder.views import course_curves
from tests.app.builder_support import make, tiny_classifier
from tests.app.test_inside_curves import blanks, polyline
from tests.app.test_train_settings import pick

WAIT = 300  # seconds: the first curve imports Keras


def shown(form: TrainSettings) -> tuple[str, str]:
    """The loss and schedule previews once computed."""
    form.previews.wait(WAIT)
    return form.previews.loss.value, form.previews.schedule.value


def words(value: str) -> str:
    return html.unescape(re.sub("<[^>]+>", " ", value))


def assert_drawn(value: str, series: str, xs: list, ys: list) -> None:
    points, frame = polyline(value, series)
    assert len(points) == len(xs)
    for i in (0, len(xs) // 3, len(xs) // 2, len(xs) - 1):
        assert points[i][0] == pytest.approx(frame.x(xs[i]), abs=0.01)
        assert points[i][1] == pytest.approx(frame.y(ys[i]), abs=0.01)


def test_both_languages_have_the_same_words_with_the_same_blanks():
    assert WORDS["en"].keys() == WORDS["zh"].keys()
    for key, english in WORDS["en"].items():
        assert blanks(english) == blanks(WORDS["zh"][key]), key
        assert has_chinese(WORDS["zh"][key]), key


def test_the_loss_preview_is_keras_curve_and_follows_the_chosen_loss():
    form = TrainSettings(tiny_classifier())
    loss, schedule = shown(form)
    expected = course_curves.loss_curve("sparse_categorical_crossentropy", 0, classes=3)
    assert_drawn(loss, "loss", expected["x"], expected["loss"])
    assert "the probability of the target class 0, of 3 classes" in words(loss)
    assert schedule == ""  # no schedule: the rate is the optimizer's own, constant, and no preview is drawn
    pick(form.loss, "mse")
    assert form.project.training["loss"] == "mse"
    loss, _ = shown(form)
    expected = course_curves.loss_curve("mse", 1.0)
    assert_drawn(loss, "loss", expected["x"], expected["loss"])
    assert "mse against the prediction, for the target 1.0" in words(loss)
    pick(form.loss, "binary_crossentropy")
    loss, _ = shown(form)
    expected = course_curves.loss_curve("binary_crossentropy", 1.0)
    assert_drawn(loss, "loss", expected["x"], expected["loss"])


def test_the_schedule_preview_is_the_planned_rate_and_follows_its_settings(app_dir):
    form = TrainSettings(tiny_classifier())
    pick(form.schedule, "exponential_decay")
    form.schedule_fields["decay_steps"].control.value = "3"
    form.schedule_fields["decay_steps"].on_edit(form.schedule_fields["decay_steps"])
    training = form.project.training
    assert training["schedule"] == {"name": "exponential_decay", "decay_steps": 3}
    _, schedule = shown(form)
    steps = batches_per_epoch(len(load_dataset("iris").x_train), 16, 0.1)  # as the trainer will count them
    expected = course_curves.schedule_curve(training, steps_per_epoch=steps)
    assert_drawn(schedule, "rate", [(s + 1) / steps for s in expected["step"]], expected["per_step"])
    assert "The learning rate over the 1 planned epoch(s), schedule exponential_decay" in words(schedule)
    assert f"About {steps} steps (batches) per epoch" in words(schedule)
    form.run_fields["epochs"].control.value = "3"
    form.run_fields["epochs"].on_edit(form.run_fields["epochs"])
    _, schedule = shown(form)
    expected = course_curves.schedule_curve(form.project.training, steps_per_epoch=steps)
    assert len(expected["per_step"]) == 3 * steps
    assert_drawn(schedule, "rate", [(s + 1) / steps for s in expected["step"]], expected["per_step"])
    assert "over the 3 planned epoch(s)" in words(schedule)
    pick(form.schedule, "constant")
    assert form.previews.schedule.value == ""


def test_the_previews_are_computed_off_the_kernels_thread_and_say_so_meanwhile(monkeypatch):
    monkeypatch.setattr(_setting_previews, "_kept", {})
    release, threads = threading.Event(), []

    def slow(name, target, classes=2):
        threads.append(threading.current_thread())
        release.wait(WAIT)
        return {"name": name, "target": target, "x_axis": "prediction", "x": [0.0, 1.0], "loss": [1.0, 0.0]}

    monkeypatch.setattr(course_curves, "loss_curve", slow)
    form = TrainSettings(tiny_classifier())
    assert words(form.previews.loss.value).strip() == "computing the curve of sparse_categorical_crossentropy…"
    release.set()
    loss, _ = shown(form)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert '<polyline class="nnb-inside-curve" data-series="loss"' in loss
    TrainSettings(tiny_classifier())  # the same loss again: the kept curve, not computed again
    assert len(threads) == 1


def test_a_preview_that_fails_says_why_in_one_line(monkeypatch):
    monkeypatch.setattr(_setting_previews, "_kept", {})

    def refused(*_args, **_kwargs):
        raise bilingual_error("the curve could not be made", "无法生成曲线")

    monkeypatch.setattr(course_curves, "loss_curve", refused)
    form = TrainSettings(tiny_classifier())
    loss, _ = shown(form)
    assert words(loss).strip() == "No curve of the loss sparse_categorical_crossentropy: the curve could not be made"
    form.set_language("zh")
    said = words(form.previews.loss.value).strip()
    assert said == "无法画出损失 sparse_categorical_crossentropy 的曲线：无法生成曲线"


def test_the_previews_in_chinese_and_after_a_language_switch(app_dir):
    form = TrainSettings(load_template("mnist_mlp"), language="zh")
    loss, _ = shown(form)
    assert "目标类别为 0（共 10 类）时，sparse_categorical_crossentropy 随该类别预测概率的变化" in words(loss)
    assert "目标类别的概率（共 10 类）" in words(loss)  # the x axis, in the Inside tab's words
    form.set_language("en")
    assert "the probability of the target class 0, of 10 classes" in words(form.previews.loss.value)


def test_the_builders_train_tab_shows_them_and_redraws_them_in_chinese(app_dir):
    project = tiny_classifier()
    project = project.with_section("training", {**project.training, "schedule": {"name": "cosine", "decay_steps": 4}})
    app = make(project)
    settings = app.train_settings
    assert app.tabs.selected_index != 1 and not settings.previews.awake
    assert settings.previews.loss.value == settings.previews.schedule.value == "", "drawn before the tab was opened"
    app.tabs.selected_index = 1  # the Train tab: the previews are drawn once it is opened
    loss, schedule = shown(settings)
    assert settings.previews.awake
    assert settings.previews.loss in settings.widget.children and settings.previews.schedule in settings.widget.children
    assert '<polyline class="nnb-inside-curve" data-series="loss"' in loss
    assert '<polyline class="nnb-inside-curve" data-series="rate"' in schedule
    app.language = "zh"
    loss, schedule = shown(settings)
    assert "计划的 1 轮中的学习率，调度方式 cosine" in words(schedule) and "学习率" in words(schedule)
    assert "每轮约" in words(schedule)  # the steps per epoch, estimated from the data's size
    assert "目标类别为 0（共 3 类）" in words(loss)
    pick(settings.loss, "mae")  # a change made in Chinese is drawn in Chinese
    loss, _ = shown(settings)
    assert "目标值为 1.0 时，mae 随预测值的变化" in words(loss)
    assert app.project.training["loss"] == "mae"
