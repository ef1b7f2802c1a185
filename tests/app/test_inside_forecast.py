"""The Inside tab's forecast, driven as the app drives it: the Simple RNN template on a few dozen noisy sine windows
before and after one epoch, windows cut from one long series (the true continuation drawn), and networks that do not
predict the next step."""

from __future__ import annotations

import html
import re
import string
from types import SimpleNamespace

import numpy as np

from nnbuilder import Project, load_template
from nnbuilder.app.inside.forecast_view import ForecastView, continuation
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.data import load_dataset
from nnbuilder.locale.inside_forecast_words import WORDS
from nnbuilder.views.course_curves import forecast
from tests.app.builder_support import make
from tests.helpers import chain

WINDOW = 20


def small_rnn() -> Project:
    """The Simple RNN template on 40 windows of 20 steps, one epoch."""
    document = load_template("simple_rnn").to_dict()
    document["data"] = {"dataset": "sine_windows", "options": {"samples": 40, "window": WINDOW, "seed": 1}}
    for node in document["models"]["model"]["nodes"]:
        if node["layer"] == "Input":
            node["config"]["shape"] = [WINDOW, 1]
    optimizer = {"name": "adam", "learning_rate": 0.05}
    document["training"].update(epochs=1, batch_size=16, validation_split=0.0, optimizer=optimizer)
    return Project.from_dict(document)


def drawn(svg: str) -> dict[str, tuple[int, list[float]]]:
    """Each polyline's series: its first step and its values."""
    found = re.findall(r'<polyline class="nnb-inside-forecast" data-series="(\w+)" data-first-step="(\d+)" '
                       r'data-values="([^"]*)"', svg)  # fmt: skip
    return {series: (int(first), [float(v) for v in values.split()]) for series, first, values in found}


class Context:
    """What a view reads of the app, with a trainer that has loaded `data` and not yet trained."""

    def __init__(self, project: Project, data) -> None:
        self.project, self.model_name, self.selected, self.language = project, "model", None, "en"
        self.trainer = SimpleNamespace(dataset=data, model=None, main_model="model", running=False, epoch=0)


def test_the_simple_rnn_forecasts_a_test_window_before_and_after_one_epoch(app_dir):
    app = make(small_rnn())
    view = ForecastView()
    view.steps.value = 15
    tab = InsideTab(app, [view])
    tab.refresh("shown")
    data = load_dataset(app.editor.project.data)
    assert len(data.x_test) == 10 and view.window.max == 9
    assert "starting weights" in view.status.value and "Window 0 of 10 in the test data." in view.status.value
    lines = drawn(view.chart.value)
    assert lines["known"] == (0, data.x_test[0, :, 0].astype(float).tolist())
    assert lines["forecast"] == (WINDOW, forecast(view.model, data.x_test[0], 15)["forecast"])
    # each sine window is its own wave: the data knows only the value that follows it
    assert lines["truth"] == (WINDOW, [float(data.y_test[0, 0])])
    assert "only the value that follows each window" in view.status.value

    view.window.value = 4  # the box redraws at once
    lines = drawn(view.chart.value)
    assert lines["known"][1] == data.x_test[4, :, 0].astype(float).tolist()
    assert lines["forecast"][1] == forecast(view.model, data.x_test[4], 15)["forecast"]
    assert lines["truth"][1] == [float(data.y_test[4, 0])]
    before, shown = lines["forecast"][1], view.chart.value
    tab.refresh("project")  # nothing it shows changed: nothing is redrawn
    assert view.chart.value is shown

    tab.trainer_replaced()  # the tab listens to the trainer: its "end" redraws the forecast
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 1, app.panel.state
    assert "after 1 epoch(s)" in view.status.value and "Training is running" not in view.status.value
    assert view.model is app.trainer.model
    after = drawn(view.chart.value)["forecast"][1]
    assert after == forecast(app.trainer.model, data.x_test[4], 15)["forecast"] and after != before


def test_windows_cut_from_one_series_draw_their_true_continuation():
    series = np.sin(np.arange(60) / 3.0)
    x = np.stack([series[i : i + 6] for i in range(40)])[..., None]
    y = series[6:46, None]
    assert continuation(x, y, 5, 8)[:, 0].tolist() == series[11:19].tolist()
    assert continuation(x, y, 36, 8)[:, 0].tolist() == series[42:46].tolist()  # the data ends after 4 steps
    x[9, 0, 0] += 1.0  # window 9 is no longer window 8 moved on: the truth stops there
    assert len(continuation(x, y, 5, 8)) == 4
    assert len(continuation(x, np.zeros((40, 3)), 5, 8)) == 0  # targets that are not next steps

    project = chain(("sequence", "Input", {"shape": [6, 1]}), ("rnn", "SimpleRNN", {"units": 4}),
                    ("next", "Dense", {"units": 1}))  # fmt: skip
    data = SimpleNamespace(x_train=x[:30], y_train=y[:30], x_test=x[30:], y_test=y[30:])
    view = ForecastView()
    view.steps.value = 12
    view.refresh(Context(project, data), "shown")
    lines = drawn(view.chart.value)
    assert lines["known"] == (0, series[30:36].tolist())  # the test split's first window
    assert lines["truth"] == (6, series[36:46].tolist())  # the data ends 10 steps after it
    assert lines["forecast"][1] == forecast(view.model, x[30], 12)["forecast"]
    assert "continuation for 10 step(s)" in view.status.value
    assert len(re.findall('class="nnb-inside-forecast-truth"', view.chart.value)) == 10


def test_a_dense_network_gets_one_sentence_in_english_and_chinese(app_dir):
    project = chain(("x", "Input", {"shape": [4]}), ("h", "Dense", {"units": 8}), ("y", "Dense", {"units": 3}))
    app = make(project)
    view = ForecastView()
    tab = InsideTab(app, [view])
    tab.refresh("shown")
    said = html.unescape(view.status.value)
    assert "Forecast needs a sequence model whose input is (None, steps, features)" in said
    assert "this model's input is (None, 4)." in said and view.chart.value == "" and said.count("<p") == 1
    tab.set_language("zh")
    said = html.unescape(view.status.value)
    assert "预测需要输入形状为 (None, 时间步数, 特征数) 的序列模型" in said and "(None, 4)" in said
    assert view.label("zh") == "预测未来" and view.label("en") == "Forecast"


def test_a_sequence_classifier_gets_the_forecasts_own_sentence():
    project = chain(("sequence", "Input", {"shape": [6, 1]}), ("rnn", "SimpleRNN", {"units": 4}),
                    ("classes", "Dense", {"units": 3, "activation": "softmax"}))  # fmt: skip
    data = SimpleNamespace(x_train=np.zeros((8, 6, 1)), y_train=np.zeros(8), x_test=np.zeros((0, 6, 1)), y_test=None)
    view = ForecastView("zh")
    view.refresh(Context(project, data), "shown")
    assert "所以模型的输出必须是一个含 1 个特征的时间步" in view.status.value and view.chart.value == ""
    view.set_language("en")
    said = html.unescape(view.status.value)
    assert "Forecast feeds each prediction back as the next step" in said and "output is (None, 3)." in said


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_words_and_blanks():
    assert set(WORDS["en"]) == set(WORDS["zh"])
    for key, english in WORDS["en"].items():
        assert blanks(english) == blanks(WORDS["zh"][key]), key
