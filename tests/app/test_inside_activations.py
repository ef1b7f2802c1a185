"""The Inside tab's activations view: a sample of the data, the selected node's output on it (shape as check gives
it, numbers as `activations` gives them, changing as the network trains) and the digit pad's prediction."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

import nnbuilder
from nnbuilder.app.inside._activation_html import shape_text
from nnbuilder.app.inside.activations_view import ActivationsView
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.locale.inside_activation_words import WORDS
from nnbuilder.views.activations import activations
from tests.app.builder_support import make

SAMPLES = 120  # MNIST (or its offline stand-in) cut to a few examples: 30 of them in the test split


def small_mnist(template: str):
    project = nnbuilder.load_template(template)
    project.data["options"]["samples"] = SAMPLES
    project.training.update(epochs=1, batch_size=32, validation_split=0.0)
    return project


@pytest.fixture(scope="module")
def mlp_app():
    app = make(small_mnist("mnist_mlp"))
    view = ActivationsView()
    tab = InsideTab(app, [view])
    tab.trainer_replaced()  # listen to the app's trainer, as the Builder does
    return app, view, tab


def bar_values(html: str, css_class: str) -> list[float]:
    return [float(v) for v in re.findall(rf'class="{css_class}"[^>]*data-value="([^"]+)"', html)]


def caption(html: str, name: str) -> str:
    return re.search(rf'class="nnb-inside-caption"[^>]*data-{name}="([^"]*)"', html).group(1)


def test_both_languages_have_the_same_words_and_blanks():
    assert set(WORDS["en"]) == set(WORDS["zh"])
    for key, english in WORDS["en"].items():
        blanks = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        assert blanks == {name for _, name, _, _ in string.Formatter().parse(WORDS["zh"][key]) if name}, key


def test_no_node_selected_says_so(mlp_app):
    app, view, tab = mlp_app
    app.editor.selection = []
    tab.refresh("shown")
    assert "nnb-inside-no-node" in view.output.value and "Select a node" in view.output.value
    assert "nnb-inside-sample-image" in view.sample_picture.value  # the 784 pixels drawn as the 28x28 digit
    assert "class 0:" in view.sample_info.value or "class " in view.sample_info.value


def test_the_selected_node_shows_checks_shape_and_the_activations_values(mlp_app):
    app, view, tab = mlp_app
    app.editor.selection = ["hidden"]
    view.index_box.value = 3
    tab.refresh("selection")
    html = view.output.value
    expected = nnbuilder.check(app.editor.project).models["model"]["hidden"].output_shape
    assert caption(html, "shape") == shape_text(expected) == "(None, 128)"
    dataset = view._dataset(tab.context)
    model = view._built[1]
    values = activations(model, dataset.x_test[3], project=app.editor.project)["hidden"][0]
    assert np.allclose(bar_values(html, "nnb-inside-bar"), values, atol=1e-6)
    label = int(dataset.y_test[3])
    assert f"class {label}: {dataset.class_names[label]}" in view.sample_info.value


def test_a_sample_outside_the_data_says_which_range_is_allowed(mlp_app):
    app, view, tab = mlp_app
    app.editor.selection = ["hidden"]
    tab.refresh("selection")
    count = len(view._dataset(tab.context).x_test)
    view.index_box.value = count + 5
    assert f"choose a sample from 0 to {count - 1}" in view.problem.value
    assert view.output.value == ""
    view.index_box.value = 0
    assert view.problem.value == "" and "nnb-inside-bar" in view.output.value


def test_the_digit_pads_probabilities_are_the_models_prediction(mlp_app):
    app, view, tab = mlp_app
    app.editor.selection = ["hidden"]
    tab.refresh("shown")
    assert view.pad is not None and view.pad_box.layout.display != "none"
    assert "Draw a digit" in view.prediction.value
    drawing = np.zeros((28, 28), dtype=np.float32)
    drawing[4:24, 13:16] = 1.0  # a one
    drawing[4:24, 12] = 0.5
    view.pad.pixels = [round(float(v), 3) for v in drawing.reshape(-1)]  # what the browser sends
    model = view._model(tab.context)[0]
    expected = model.predict(view.pad.array.reshape(1, 784), verbose=0)[0]
    assert np.allclose(view.probabilities, expected, atol=1e-6)
    shown = bar_values(view.prediction.value, "nnb-inside-prob")
    assert np.allclose(shown, expected, atol=1e-6)
    assert re.findall(r'class="nnb-inside-prob"[^>]*data-name="([^"]*)"', view.prediction.value) == [
        str(name) for name in view._dataset(tab.context).class_names
    ]
    view.use_drawing.value = True  # the drawing becomes the sample
    drawn = activations(model, view.pad.array.reshape(784), project=app.editor.project)["hidden"][0]
    assert np.allclose(bar_values(view.output.value, "nnb-inside-bar"), drawn, atol=1e-6)
    view.use_drawing.value = False
    view.pad.clear()
    assert view.probabilities is None and "Draw a digit" in view.prediction.value


def test_in_chinese(mlp_app):
    app, view, tab = mlp_app
    app.editor.selection = []
    view.set_language("zh")
    try:
        assert tab.views[0].label("zh") == "激活值"
        assert "在画布上选择一个节点" in view.output.value
        assert view.pad.words["clear"] == "清除"
    finally:
        view.set_language("en")


def test_the_picture_changes_after_an_epoch_of_training(mlp_app):
    app, view, tab = mlp_app
    app.editor.selection = ["digit"]
    view.index_box.value = 1
    tab.refresh("selection")
    before = bar_values(view.output.value, "nnb-inside-bar")
    assert caption(view.output.value, "epochs") == "0"
    app.panel.start()
    app.trainer.wait(300)
    assert app.trainer.epoch == 1, app.panel.state
    html = view.output.value  # refreshed by the run's "end", on the training thread
    assert caption(html, "epochs") == "1" and "after 1 epoch" in html
    after = bar_values(html, "nnb-inside-bar")
    assert len(after) == len(before) == 10 and not np.allclose(after, before)
    sample = app.trainer.dataset.x_test[1]
    assert np.allclose(after, activations(app.trainer, sample)["digit"][0], atol=1e-6)


class FakeContext:
    """What the Inside tab gives a view, without the app."""

    def __init__(self, project, selected):
        self.project, self.selected, self.model_name = project, selected, "model"
        self.trainer, self.language = None, "en"


def test_a_conv_layer_shows_its_feature_maps_as_one_picture():
    project = small_mnist("mnist_cnn")
    view = ActivationsView()
    context = FakeContext(project, "conv1")
    view.refresh(context, "shown")
    html = view.output.value
    assert '<img class="nnb-inside-maps"' in html and 'data-channels="32"' in html
    assert caption(html, "shape") == shape_text(nnbuilder.check(project).models["model"]["conv1"].output_shape)
    assert view.pad_box.layout.display != "none"  # a (28, 28, 1) input: the pad can feed it
    drawn = view.output.value
    context.selected = "digit"
    view.refresh(context, "selection")
    assert caption(view.output.value, "shape") == "(None, 10)" and view.output.value != drawn
    computed, shown = view.values, view.output.value
    view.refresh(context, "project")  # nothing it shows changed: nothing is computed again
    assert view.values is computed and view.output.value == shown
