"""The evaluation view's HTML for classification, regression, autoencoder and GAN results (no browser)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnbuilder.ui._evaluation_html import fmt, nice_ticks
from nnbuilder.ui.evaluation_view import EvaluationView


def base(task, **changes):
    result = {
        "task": task,
        "recipe": "supervised",
        "dataset": "digits",
        "note": None,
        "count": 4,
        "metrics": {"loss": 0.25, "accuracy": 0.75},
        "confusion": None,
        "class_names": None,
        "per_class_accuracy": None,
        "gallery": {"images": None, "true": [], "predicted": [], "correct": []},
        "regression": None,
    }
    result.update(changes)
    return result


def classification():
    return base(
        "classification",
        note="MNIST is not available offline: using <digits>.",
        confusion=[[2, 0, 0], [1, 0, 0], [0, 0, 1]],
        class_names=["<b>cat</b>", "dog", "fox"],
        per_class_accuracy=[1.0, 0.0, 1.0],
        gallery={
            "images": np.random.default_rng(0).random((3, 8, 8, 1)).astype("float32"),
            "true": ["<b>cat</b>", "dog", "fox"],
            "predicted": ["<b>cat</b>", "<b>cat</b>", "fox"],
            "correct": [True, False, True],
            "confidence": [0.9, 0.6, 0.8],
        },
    )


def test_empty_view_says_what_to_do():
    view = EvaluationView()
    assert view.result is None and "No evaluation yet" in view.value and 'class="nnb-eval"' in view.value


def test_classification_shows_metrics_confusion_accuracy_and_marked_gallery():
    result = classification()
    view = EvaluationView(result)
    html = view.value
    assert view.result is result
    assert "<th>loss</th><td>0.25</td>" in html and "<th>accuracy</th><td>0.75</td>" in html
    assert len(re.findall(r'<td class="nnb-cell', html)) == 9
    assert 'data-true="1" data-pred="0"' in html and "true dog, predicted &lt;b&gt;cat&lt;/b&gt;: 1 sample" in html
    assert "<b>cat</b>" not in html.replace("<b>predicted", "")  # names are escaped everywhere
    assert "&lt;digits&gt;" in html
    assert re.findall(r"(\d+\.\d)%</td>", html) == ["100.0", "0.0", "100.0"]
    assert html.count('class="nnb-right"') == 2 and html.count('class="nnb-wrong"') == 1
    assert html.count("data:image/png;base64,") == 3 and "(60%)" in html
    assert 'class="nnb-scatter"' not in html


def test_regression_draws_a_scatter_with_the_ideal_line():
    true = list(np.linspace(0, 10, 50))
    result = base("regression", metrics={"loss": 0.1, "mae": 0.2}, regression={"true": true, "predicted": true})
    html = EvaluationView(result).value
    assert html.count("<circle") == 50 and 'class="nnb-ideal"' in html and 'class="nnb-confusion"' not in html
    assert "<th>mae</th>" in html


def test_autoencoder_pairs_and_gan_samples():
    images = np.random.default_rng(1).random((4, 6, 6, 1)).astype("float32")
    ae = base("reconstruction", metrics={"loss": 0.01}, gallery={"images": images, "pairs": True, "true": [],
              "predicted": [], "correct": [], "error": [0.01, 0.02]})  # fmt: skip
    html = EvaluationView(ae).value
    assert html.count('class="nnb-pair"') == 2 and "MSE 0.01" in html and html.count("<img") == 4
    gan = base("generation", metrics={}, count=3, gallery={"images": images[:3], "true": [], "predicted": [],
               "correct": []})  # fmt: skip
    html = EvaluationView(gan).value
    assert "Generated samples" in html and html.count("<img") == 3 and 'class="nnb-eval-metrics"' not in html


def test_show_replaces_and_refuses_other_things():
    view = EvaluationView(classification())
    view.show(base("regression", regression={"true": [1.0], "predicted": [1.5]}))
    assert view.result["task"] == "regression" and 'class="nnb-confusion"' not in view.value
    view.show(None)
    assert "No evaluation yet" in view.value
    with pytest.raises(TypeError, match="expected the dict that evaluate"):
        view.show([1, 2])


def test_numbers_and_ticks():
    assert fmt(0.123456) == "0.1235" and fmt(1e-5) == "1.00e-05" and fmt(float("nan")) == "—" and fmt(None) == "—"
    assert nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-3.3, 7.9) == [-2, 0, 2, 4, 6]
    assert nice_ticks(5, 5) == [5]
