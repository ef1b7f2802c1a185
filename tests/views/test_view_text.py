"""The views' teaching paragraphs and error sentences: every one in English and Chinese, none empty, the
same placeholders in both languages."""

from __future__ import annotations

import re
import string

import pytest

from nnbuilder.locale.view_text import VIEW_ERRORS, VIEW_TEXT, view_error_words, view_text

CHINESE = re.compile(r"[\u4e00-\u9fff]")
VIEWS = (
    "activations",
    "histograms",
    "training_step",
    "activation_curve",
    "loss_curve",
    "schedule",
    "optimizer_paths",
    "decision_regions",
    "confusion_samples",
    "digit_probabilities",
    "forecast",
)


def test_every_view_has_its_paragraph():
    assert set(VIEW_TEXT) == set(VIEWS)


@pytest.mark.parametrize("key", VIEWS)
def test_each_paragraph_is_in_both_languages(key):
    english, chinese = view_text(key, "en"), view_text(key, "zh")
    assert len(english.split()) >= 30 and not CHINESE.search(english)
    assert len(CHINESE.findall(chinese)) >= 50 and chinese.endswith("。")
    assert english.endswith(".") and english != chinese


def test_the_paragraphs_name_what_to_look_for():
    said = {key: view_text(key, "en") for key in VIEWS}
    assert "dead ReLU" in said["activations"] and "saturated" in said["activation_curve"]
    assert "exploding gradients" in said["histograms"] and "vanishing" in said["histograms"]
    assert "overfitting" in said["decision_regions"] and "overfitting" in said["confusion_samples"]
    assert "Adam" in said["optimizer_paths"] and "SGD" in said["optimizer_paths"]
    zh = {key: view_text(key, "zh") for key in VIEWS}
    assert "梯度爆炸" in zh["histograms"] and "过拟合" in zh["decision_regions"] and "饱和" in zh["activation_curve"]


def test_other_languages_get_english_and_unknown_views_are_refused():
    assert view_text("forecast", "fr") == view_text("forecast", "en")
    with pytest.raises(KeyError, match="view: expected one of activations, histograms"):
        view_text("saliency", "en")


def _fields(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


@pytest.mark.parametrize("key", sorted(VIEW_ERRORS))
def test_each_error_sentence_has_both_languages_and_the_same_blanks(key):
    english, chinese = VIEW_ERRORS[key]
    assert english.strip() and CHINESE.search(chinese) and not CHINESE.search(english)
    assert _fields(english) == _fields(chinese)
    values = {name: f"<{name}>" for name in _fields(english)}
    for language in ("en", "zh"):
        said = view_error_words(language, key, **values)
        assert all(value in said for value in values.values())
