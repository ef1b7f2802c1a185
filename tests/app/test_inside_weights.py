"""The Inside tab's weights-and-gradients view in a real Builder: before training it asks for training, after two
real epochs it draws the newest record's histograms (the same counts) and one norm point per epoch and layer,
and the node selected on the canvas is the one shown and highlighted."""

from __future__ import annotations

import re
import string
from types import SimpleNamespace

import pytest

from nnbuilder.app.inside.weights_view import WeightsView
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.locale.inside_weights_words import WORDS, word
from tests.app.builder_support import make, tiny_classifier


def two_epochs_project():
    project = tiny_classifier()
    project.training["epochs"] = 2
    return project


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A Builder whose trainer has run two epochs of iris (records on), and an Inside tab with the view."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("weights"))  # the run is recorded beside the working folder
        app = make(two_epochs_project(), autosave=False)
        app.panel.start()
        app.trainer.wait(120)
        assert app.trainer.epoch == 2, app.panel.state
        view = WeightsView()
        tab = InsideTab(app, [view])
        yield app, tab, view


def svgs(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<svg class="{css_class}"[^>]*>.*?</svg>', html, re.S)


def attribute(element: str, name: str) -> str:
    found = re.search(rf'\b{name}="([^"]*)"', element)
    assert found, (name, element[:200])
    return found.group(1)


def histograms_shown(html: str) -> dict[tuple[str, str, str], list[int]]:
    """(layer, weight, kind) -> the bars' counts, in order."""
    shown = {}
    for svg in svgs(html, "nnb-inside-hist"):
        key = (attribute(svg, "data-layer"), attribute(svg, "data-weight"), attribute(svg, "data-kind"))
        bars = re.findall(r'<rect class="nnb-inside-hist-bar"[^>]*data-count="(\d+)"', svg)
        shown[key] = [int(b) for b in bars]
    return shown


def norm_lines(html: str, series: str) -> dict[str, str]:
    lines = re.findall(r'<polyline class="nnb-inside-norm[^"]*"[^>]*>', html)
    return {attribute(line, "data-layer"): line for line in lines if attribute(line, "data-series") == series}


def test_before_training_it_asks_for_training_in_both_languages(app_dir):
    app = make(tiny_classifier(), autosave=False)
    view = WeightsView()
    tab = InsideTab(app, [view])
    tab.refresh("shown")
    assert word("en", "train_to_see") in view.html.value and "<svg" not in view.html.value
    tab.set_language("zh")
    assert word("zh", "train_to_see") in view.html.value
    assert tab.picker.options[0][0] == "权重与梯度"


def test_histograms_show_the_newest_records_counts(trained):
    app, tab, view = trained
    app.editor.selection = []
    tab.refresh("end")
    latest = app.trainer.weight_stats[-1]
    assert latest["at"] == "epoch_end" and latest["epoch"] == 1
    expected = {}
    for node, layer in latest["layers"].items():
        for name, histogram in layer["weights"].items():
            expected[(node, name, "weights")] = histogram["counts"]
        for name, histogram in (layer["gradients"] or {}).items():
            expected[(node, name, "gradients")] = histogram["counts"]
    assert set(latest["layers"]) == {"h", "y"} and len(expected) == 8  # kernels and biases, weights and gradients
    assert histograms_shown(view.html.value) == expected
    kernel = latest["layers"]["h"]["weights"]["kernel"]
    assert f"{kernel['size']} values" in view.html.value  # the count beside each histogram


def test_norms_over_two_epochs_have_one_point_per_epoch(trained):
    app, tab, view = trained
    app.editor.selection = []
    tab.refresh("end")
    norms = app.trainer.weight_norms
    assert norms["epochs"] == [0, 1]
    for series in ("weight_norm", "gradient_norm"):
        lines = norm_lines(view.html.value, series)
        assert set(lines) == {"h", "y"}
        for node, line in lines.items():
            assert len(attribute(line, "points").split()) == 2
            values = [float(v) for v in attribute(line, "data-values").split(",")]
            assert values == norms[series][node]
    assert 'class="nnb-inside-norms nnb-inside-norms-gradient_norm"' in view.html.value


def test_the_selected_layer_is_shown_and_highlighted(trained):
    app, tab, view = trained
    app.editor.selection = ["h"]  # the tab refreshes its view on a new selection
    html = view.html.value
    assert {key[0] for key in histograms_shown(html)} == {"h"}
    for series in ("weight_norm", "gradient_norm"):
        lines = norm_lines(html, series)
        assert "nnb-inside-norm-selected" in lines["h"] and 'data-selected="true"' in lines["h"]
        assert "nnb-inside-norm-selected" not in lines["y"] and 'stroke-opacity="0.35"' in lines["y"]
    app.editor.selection = ["x"]  # an Input has no weights: every layer, and a sentence saying why
    html = view.html.value
    assert word("en", "no_weights", node="x") in html
    assert {key[0] for key in histograms_shown(html)} == {"h", "y"}
    app.editor.selection = []


def test_ticked_the_selected_layers_histograms_are_in_the_inspector_whichever_view_is_open(trained):
    app, tab, view = trained
    assert view.in_inspector.description == word("en", "in_inspector")
    app.editor.selection = ["h"]
    assert app.editor.insight == {}  # not ticked
    view.in_inspector.value = True
    assert view.follows
    insight = app.editor.insight
    assert insight["node"] == "h" and {key[0] for key in histograms_shown(insight["html"])} == {"h"}
    assert histograms_shown(insight["html"]) == {k: v for k, v in histograms_shown(view.html.value).items()}
    assert "nnb-inside-norms" not in insight["html"]  # the norms over the epochs stay in the tab
    tab.picker.value = None  # no view shown: the view follows the selection all the same
    app.editor.selection = ["y"]
    assert app.editor.insight["node"] == "y" and {k[0] for k in histograms_shown(app.editor.insight["html"])} == {"y"}
    app.editor.selection = ["x"]  # an Input has no weights: nothing in the inspector
    assert app.editor.insight == {}
    app.editor.selection = ["h"]
    assert app.editor.insight["node"] == "h"
    view.in_inspector.value = False
    assert app.editor.insight == {} and not view.follows
    tab.picker.value = 0
    app.editor.selection = []


def test_a_refresh_with_nothing_new_leaves_the_page_alone(trained):
    app, tab, view = trained
    tab.refresh("end")
    before = view.html.value
    view.html.value = "moved"  # a node moved: nothing the view shows changed, so it draws nothing
    tab.refresh("project")
    assert view.html.value == "moved"
    tab.refresh("epoch")
    assert view.html.value == "moved"
    view.set_language("en")  # a language change redraws
    assert view.html.value == before


def test_both_languages_have_the_same_words_and_blanks():
    assert set(WORDS["en"]) == set(WORDS["zh"])
    blanks = string.Formatter()
    for key, english in WORDS["en"].items():
        assert {b[1] for b in blanks.parse(english) if b[1]} == {b[1] for b in blanks.parse(WORDS["zh"][key]) if b[1]}


def test_the_starting_weights_record_is_shown_before_the_first_epoch_ends(trained):
    app, _tab, _view = trained
    start = app.trainer.weight_stats[0]
    assert start["at"] == "start"
    trainer = SimpleNamespace(weight_stats=[start], epoch=0, weight_sampling=app.trainer.weight_sampling)
    context = SimpleNamespace(trainer=trainer, selected=None, project=app.project, language="zh")
    view = WeightsView("zh")
    view.refresh(context, "epoch")
    html = view.html.value
    assert word("zh", "record_start") in html and word("zh", "norms_later") in html
    assert histograms_shown(html)[("h", "kernel", "weights")] == start["layers"]["h"]["weights"]["kernel"]["counts"]
    assert "<polyline" not in html
