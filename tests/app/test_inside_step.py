"""The Inside tab's one-training-step view: its table holds `step()`'s numbers (from the trainer's weights after a
real run, or the starting weights), Next step continues with the optimizer's state, Export downloads a NumPy
script whose `run()` gives the same loss, and a network it cannot work through is named in both languages."""

from __future__ import annotations

import string
from html import escape
from html.parser import HTMLParser

import numpy as np
import pytest

from nnbuilder import Project
from nnbuilder.app.inside.step_view import StepView
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.locale.inside_step_words import WORDS, word
from nnbuilder.views._step_network import read_chain
from nnbuilder.views.one_step import StepRefused, step
from tests.app.builder_support import downloads, make, tiny_classifier
from tests.helpers import chain


class Rows(HTMLParser):
    """(layer, quantity) -> the full values (from the titles) of each row of the step table."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: dict[tuple[str | None, str], list[list[float]]] = {}
        self.selected: set[str] = set()
        self._row: list[list[float]] = []
        self._matrix = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "tr" and "nnb-step-row" in classes:
            self._row = self.rows.setdefault((found.get("data-layer"), found["data-quantity"]), [])
            if "nnb-step-selected" in classes:
                self.selected.add(found["data-layer"])
        elif tag == "tr" and self._matrix:
            self._row.append([])
        elif tag == "table":
            self._matrix = "nnb-step-matrix" in classes
        elif tag == "td" and "nnb-step-number" in classes:
            self._row[-1].append(float(found["title"]))

    def handle_endtag(self, tag):
        if tag == "table":
            self._matrix = False

    def values(self, layer, quantity) -> np.ndarray:
        return np.array(self.rows[(layer, quantity)])


class Context:
    """What the Inside tab hands a view, without an app: a project, no selection, a trainer or None."""

    def __init__(self, project, trainer=None, language="en"):
        self.project, self.trainer, self.language, self.selected = project, trainer, language, None
        self.downloaded: list = []

    def download(self, data, name, mime):
        self.downloaded.append((name, data, mime))


def assert_table_is(view: StepView, record) -> None:
    rows = Rows(view.table.value)
    for layer in record.layers:
        for quantity in ("a_prev" if layer is not record.layers[0] else "input", "z", "a", "dL_dz", "dL_dW"):
            expected = layer.a_prev if quantity == "input" else getattr(layer, quantity)
            np.testing.assert_array_equal(rows.values(layer.node, quantity), np.atleast_2d(expected))
        for quantity in ("dL_db", "delta_W", "delta_b", "new_W", "new_b"):
            np.testing.assert_array_equal(rows.values(layer.node, quantity), np.atleast_2d(getattr(layer, quantity)))
        for slot, (kernel, bias) in layer.state.items():
            np.testing.assert_array_equal(rows.values(layer.node, f"{slot}_W"), np.atleast_2d(kernel))
            np.testing.assert_array_equal(rows.values(layer.node, f"{slot}_b"), np.atleast_2d(bias))
    assert rows.values(None, "loss_value")[0, 0] == record.loss_value


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A Builder whose trainer ran one epoch of iris, and an Inside tab with the step view shown."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("step"))
        app = make(tiny_classifier(), autosave=False)
        app.panel.start()
        app.trainer.wait(120)
        assert app.trainer.epoch == 1, app.panel.state
        view = StepView()
        tab = InsideTab(app, [view])
        tab.refresh("shown")
        yield app, tab, view


def example(app, index=0):
    data = app.trainer.dataset
    return data.x_train[index : index + 1], data.y_train[index : index + 1]


def test_the_table_holds_the_step_from_the_trainers_weights(trained):
    app, tab, view = trained
    view.reset()
    x, y = example(app)
    record = step(app.project, x, y, model=app.trainer.model)
    assert len(view.steps) == 1
    assert_table_is(view, record)
    assert escape(word("en", "from_trainer", epochs=1)) in view.message.value
    assert record.formulas["m_hat"] in view.table.value and "z = a_prev · W + b" in view.table.value
    shown = f"{record.loss_value:.4g}"
    assert f'title="{record.loss_value!r}">{shown}</td>' in view.table.value  # rounded, full value in the title


def test_next_step_is_step_with_the_records_state_and_reset_goes_back(trained):
    app, tab, view = trained
    view.reset()
    x, y = example(app)
    first = step(app.project, x, y, model=app.trainer.model)
    view.next_button.click()
    second = step(app.project, x, y, state=first)
    assert second.iterations == 2 and len(view.steps) == 2
    assert_table_is(view, second)
    view.example.value = 3  # the step shown, again on another example, from the same weights and state
    x3, y3 = example(app, 3)
    assert_table_is(view, step(app.project, x3, y3, state=first))
    view.reset_button.click()
    assert len(view.steps) == 1
    assert_table_is(view, step(app.project, x3, y3, model=app.trainer.model))
    view.example.value = 0


def test_export_downloads_a_numpy_script_with_the_same_loss(trained):
    app, tab, view = trained
    seen = downloads(app)
    view.reset()
    view.next_button.click()
    view.export_button.click()
    ((name, data, mime),) = seen
    assert name == "test_step.py" and mime == "text/x-python"
    namespace: dict = {"__name__": "exported_step"}
    exec(compile(data.decode("utf-8"), name, "exec"), namespace)
    result = namespace["run"]()
    assert result["step"] == 2
    assert result["loss"] == pytest.approx(view.steps[-1].loss_value, rel=1e-12)


def test_the_selected_layer_is_marked(trained):
    app, tab, view = trained
    app.editor.selection = ["h"]
    assert Rows(view.table.value).selected == {"h"}
    app.editor.selection = []
    assert Rows(view.table.value).selected == set()


def test_before_training_the_starting_weights_are_kept_for_reset():
    project = tiny_classifier()
    context = Context(project)
    view = StepView()
    view.refresh(context, "shown")
    assert escape(word("en", "from_start")) in view.message.value
    first = view.steps[0]
    x = view.dataset.x_train[:1]
    y = view.dataset.y_train[:1]
    assert_table_is(view, step(project, x, y, weights=view.start))
    view.next_button.click()
    view.reset_button.click()
    assert_table_is(view, first)  # the same starting weights, not a fresh draw
    view.refresh(context, "project")  # nothing changed: the steps stay
    assert view.steps[0] is view.steps[-1] and len(view.steps) == 1


def conv_project() -> Project:
    project = chain(
        ("image", "Input", {"shape": [6, 6, 1]}),
        ("conv1", "Conv2D", {"filters": 2, "kernel_size": [3, 3]}),
        ("flat", "Flatten", {}),
        ("out", "Dense", {"units": 2, "activation": "softmax"}),
    )
    project.training = {"loss": "sparse_categorical_crossentropy", "optimizer": {"name": "adam"}}
    return project


def test_a_conv_network_is_refused_in_english_and_chinese():
    project = conv_project()
    with pytest.raises(StepRefused) as refused:
        read_chain(project)
    assert refused.value.node == "conv1"
    view = StepView()
    view.refresh(Context(project), "shown")
    assert not view.steps and view.table.value == "" and view.next_button.disabled and view.export_button.disabled
    html_en = view.message.value
    assert "nnb-inside-step-refusal" in html_en and "conv1" in html_en
    assert escape(word("en", "refused", reason=str(refused.value))) in html_en
    view.set_language("zh")
    chinese = refused.value.said_in["zh"]
    assert escape(word("zh", "refused", reason=chinese)) in view.message.value
    assert view.label("zh") == "一步训练的数字" and view.next_button.description == "下一步"


def test_both_languages_have_the_same_words_and_blanks():
    assert set(WORDS["en"]) == set(WORDS["zh"])
    blanks = string.Formatter()
    for key, english in WORDS["en"].items():
        assert {b[1] for b in blanks.parse(english) if b[1]} == {b[1] for b in blanks.parse(WORDS["zh"][key]) if b[1]}
