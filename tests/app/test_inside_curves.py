"""The Inside tab's course curves and optimizer playground, driven as the app drives them."""

from __future__ import annotations

import html
import re
import string
import threading

import pytest

from nnbuilder.app._run_chart import Frame
from nnbuilder.app.inside.curves_view import CurvesView, node_activation
from nnbuilder.app.inside.optimizer_view import OptimizerView
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.data import load_dataset
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.inside_curve_words import WORDS, word
from nnbuilder.training.recipes._common import batches_per_epoch
from nnbuilder.views import course_curves
from tests.app.builder_support import make, tiny_classifier
from tests.helpers import chain


def polyline(html: str, series: str) -> tuple[list[tuple[float, float]], Frame]:
    """The points of the polyline of `series` and the frame that placed them, read from its data- attributes."""
    tag = re.search(rf'<polyline class="nnb-inside-curve" data-series="{series}"[^>]*>', html)
    assert tag, f"no {series} curve in {html[:300]}"
    read = dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0)))
    xs = tuple(float(v) for v in read["data-x-span"].split())
    ys = tuple(float(v) for v in read["data-y-span"].split())
    frame = Frame(int(read["data-width"]), int(read["data-height"]), xs, ys)
    points = [tuple(float(v) for v in pair.split(",")) for pair in read["points"].split()]
    return points, frame  # type: ignore[return-value]


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_words_with_the_same_blanks():
    assert WORDS["en"].keys() == WORDS["zh"].keys()
    for key, english in WORDS["en"].items():
        assert blanks(english) == blanks(WORDS["zh"][key]), key
    assert word("zh", "diverged", steps=3) == "3 步后发散" and word("en", "run") == "Run"


@pytest.fixture
def curves(app_dir):
    app = make(tiny_classifier())
    view = CurvesView()
    tab = InsideTab(app, [view])
    return app, tab, view


def test_the_activation_curve_draws_what_keras_computes_and_marks_the_kink(curves):
    app, tab, view = curves
    app.editor.selection = ["h"]  # a Dense node with relu
    tab.refresh("shown")
    assert view.activation.value == "relu"
    expected = course_curves.activation_curve("relu")
    for series, values in (("f", expected["y"]), ("df", expected["dy"])):
        points, frame = polyline(view.activation_chart.value, series)
        assert len(points) == len(expected["x"])
        for i in (0, 37, 100, 150, 200):
            assert points[i][0] == pytest.approx(frame.x(expected["x"][i]), abs=0.01)
            assert points[i][1] == pytest.approx(frame.y(values[i]), abs=0.01)
    assert view.activation_chart.value.count('class="nnb-inside-kink" data-x="0.0"') == 2
    assert "0 from the left, 1 from the right; training uses 0" in view.activation_notes.value


def test_the_picker_follows_the_selected_nodes_activation(curves):
    app, tab, view = curves
    tab.refresh("shown")
    app.editor.selection = ["y"]  # the tab refreshes the view on a selection
    assert view.activation.value == "softmax"
    assert "the two logits [x, 0]" in view.activation_notes.value
    view.activation.value = "tanh"  # the learner picks another one
    tab.refresh("epoch")
    assert view.activation.value == "tanh"
    points, frame = polyline(view.activation_chart.value, "f")
    assert points[-1][1] == pytest.approx(frame.y(course_curves.activation_curve("tanh")["y"][-1]), abs=0.01)
    app.editor.selection = ["x"]  # an Input applies no activation: the picker keeps its value and says so
    assert view.activation.value == "tanh"
    assert word("en", "no_activation") in view.activation_notes.value
    app.editor.selection = ["h"]
    assert view.activation.value == "relu"


def test_node_activation_reads_settings_defaults_and_activation_layers():
    project = chain(("i", "Input", {"shape": [3, 2]}), ("l", "LSTM", {"units": 2}), ("d", "Dense", {"units": 2}),
                    ("r", "LeakyReLU", {}))  # fmt: skip
    found = {node: node_activation(project, "model", node) for node in ("i", "l", "d", "r", None)}
    assert found == {"i": None, "l": "tanh", "d": "linear", "r": "leaky_relu", None: None}


def test_the_loss_curve_is_the_projects_loss_for_the_target_in_the_box(curves):
    _app, tab, view = curves
    tab.refresh("shown")
    assert view.target.value == 0  # sparse categorical cross-entropy: a class index
    points, frame = polyline(view.loss_chart.value, "loss")
    expected = course_curves.loss_curve("sparse_categorical_crossentropy", 0, classes=3)
    assert points[10][1] == pytest.approx(frame.y(expected["loss"][10]), abs=0.01)
    assert "probability of the target class (of 3)" in view.loss_chart.value
    view.target.value = 2
    points, frame = polyline(view.loss_chart.value, "dloss")
    expected = course_curves.loss_curve("sparse_categorical_crossentropy", 2, classes=3)
    assert points[50][1] == pytest.approx(frame.y(expected["dloss"][50]), abs=0.01)
    view.target.value = 5  # no such class: the part says so, the others stay
    assert "target: expected a class index from 0 to 2, got 5" in view.loss_chart.value
    assert 'data-series="f"' in view.activation_chart.value


def test_the_schedule_chart_is_the_planned_exponential_decay_and_then_the_recorded_rate(app_dir):
    project = tiny_classifier()
    training = {**project.training, "epochs": 2,
                "schedule": {"name": "exponential_decay", "decay_steps": 3, "decay_rate": 0.5}}  # fmt: skip
    project = project.with_section("training", training)
    app = make(project)
    view = CurvesView()
    tab = InsideTab(app, [view])
    tab.refresh("shown")
    steps = batches_per_epoch(len(load_dataset("iris").x_train), 16, 0.1)  # an estimate before training
    expected = course_curves.schedule_curve(training, steps_per_epoch=steps)
    points, frame = polyline(view.schedule_chart.value, "rate")
    assert len(points) == len(expected["per_step"]) == 2 * steps
    for i, rate in enumerate(expected["per_step"]):
        assert points[i][1] == pytest.approx(frame.y(rate), abs=0.01)
        assert points[i][0] == pytest.approx(frame.x((i + 1) / steps), abs=0.01)
    assert f"About {steps} steps (batches) per epoch" in view.schedule_note.value
    tab.trainer_replaced()
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 2, app.panel.state
    tab.refresh("end")
    assert f"{app.trainer.steps} steps (batches) per epoch, as the trainer counts them" in view.schedule_note.value
    recorded = app.trainer.history["learning_rate"]  # a run with a schedule logs the rate each epoch ends with
    points, frame = polyline(view.schedule_chart.value, "recorded")
    assert [p[1] for p in points] == pytest.approx([frame.y(r) for r in recorded], abs=0.01)
    assert [p[0] for p in points] == pytest.approx([frame.x(1), frame.x(2)], abs=0.01)
    planned = course_curves.schedule_curve(training, steps_per_epoch=app.trainer.steps)["per_epoch"]
    assert recorded == pytest.approx(planned, rel=1e-5)


class FakeContext:
    def __init__(self, project):
        self.project, self.model_name, self.selected, self.trainer, self.language = project, "model", None, None, "en"


def test_the_playground_runs_in_a_thread_with_run_disabled_and_draws_one_path_per_ticked_optimizer(monkeypatch):
    view = OptimizerView()
    view.refresh(FakeContext(tiny_classifier()), "project")  # the project's Adam at lr 0.01
    assert view.ticks["adam"].description == "Adam (this project's settings)"
    view.ticks["rmsprop"].value = False
    view.steps.value = 15
    gate, real = threading.Event(), course_curves.optimizer_paths
    monkeypatch.setattr(course_curves, "optimizer_paths", lambda *a, **k: gate.wait(60) and real(*a, **k))
    thread = view.run()
    assert thread is not None and thread.name != threading.current_thread().name
    assert view.run_button.disabled and view.running and "computing…" in view.state.value
    assert view.run() is None  # a second click while it computes does nothing
    gate.set()
    view.wait(120)
    assert not view.run_button.disabled and not view.running and view.state.value == ""
    drawn = re.findall(r'<polyline class="nnb-inside-path" data-optimizer="(\w+)" data-label="([^"]*)" '
                       r'data-steps="(\d+)"', view.chart.value)  # fmt: skip
    assert [(name, int(steps)) for name, _, steps in drawn] == [("sgd", 15), ("sgd", 15), ("adam", 15)]
    assert html.unescape(drawn[2][1]) == "Adam lr=0.01 (this project's settings)"
    assert 'class="nnb-inside-contours"' in view.chart.value and view.chart.value.count("nnb-inside-final") == 0
    assert view.table.value.count('class="nnb-inside-final"') == 3
    final = view.result["paths"][2]["values"][-1]
    assert f'data-final="{final!r}"' in view.chart.value


def test_the_playground_takes_one_rate_for_all_and_refuses_a_bad_one():
    view = OptimizerView(language="zh")
    view.function.value = "rosenbrock"
    for kind in ("sgd", "momentum", "adam"):
        view.ticks[kind].value = False
    view.rate.value = "abc"
    with pytest.raises(NNBuilderError) as raised:
        view.run()
    assert "learning rate: expected a positive number" in str(raised.value)
    assert raised.value.said_in["zh"].startswith("学习率：应为正数")
    view.rate.value = "0.002"
    view.steps.value = 5
    view.run()
    view.wait(120)
    assert [p["optimizer"]["learning_rate"] for p in view.result["paths"]] == [0.002]
    assert view.result["function"] == "rosenbrock" and "优化器" in view.table.value
    view.ticks["rmsprop"].value = False
    with pytest.raises(NNBuilderError, match="tick at least one optimizer"):
        view.run()
