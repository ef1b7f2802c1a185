"""What `nnbuilder.step` refuses, and how it says so: the node named, in English and in Chinese."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnbuilder.errors import NNBuilderError
from nnbuilder.template_library import load_template
from nnbuilder.views.one_step import WEIGHT_LIMIT, StepRefused, step
from tests.views.test_one_step import chain_project, classifier


def refusal(project, x=None, y=None):
    with pytest.raises(StepRefused) as caught:
        step(project, np.zeros(4) if x is None else x, 0 if y is None else y)
    error = caught.value
    assert isinstance(error, NNBuilderError) and error.said_in and error.said_in["zh"] != str(error)
    return error


def test_a_conv_network_is_refused_naming_the_node():
    error = refusal(load_template("mnist_cnn"))
    conv = next(n for n in load_template("mnist_cnn").graph.nodes if n.layer == "Conv2D")
    assert error.node == conv.id and f"'{conv.id}' (Conv2D)" in str(error) and conv.id in error.said_in["zh"]
    assert "Input → Dense" in str(error) and "Dense" in error.said_in["zh"]


def test_too_many_weights_is_refused_naming_the_node():
    error = refusal(load_template("mnist_mlp"))
    assert error.node == "hidden" and "'hidden' (Dense)" in str(error) and f"at most {WEIGHT_LIMIT}" in str(error)
    assert "hidden" in error.said_in["zh"]


def test_branches_settings_and_arrays_are_refused_clearly():
    nodes = [("x", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2, "kernel_regularizer": "l2"})]
    assert "kernel_regularizer" in str(refusal(chain_project(nodes)))
    nodes = [("x", "Input", {"shape": [4]}), ("a", "Activation", {"activation": "relu"}), ("d", "Dense", {"units": 2})]
    assert refusal(chain_project(nodes)).node == "a"
    nodes = [("x", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2, "activation": "gelu"})]
    assert "'gelu'" in str(refusal(chain_project(nodes)))
    project = classifier({"name": "adamw"})
    assert "training.optimizer.name" in str(refusal(project))
    project = classifier()
    assert "x: expected 4 numbers" in str(refusal(project, x=np.zeros((2, 5))))
    assert "class indices from 0 to 2" in str(refusal(project, x=np.zeros((1, 4)), y=[3]))
    with pytest.raises(StepRefused, match="node 'hidden'"):
        step(project, np.zeros(4), 0, weights={"hidden": [np.zeros((4, 5)), np.zeros(5)], "classes": []})


def test_every_sentence_is_in_english_and_chinese_with_the_same_blanks():
    from nnbuilder.locale.step_words import WORDS

    for key, (english, chinese) in WORDS.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), key
        blanks = set(re.findall(r"{(\w+)", english)) | {"why_zh"}  # the reason, said in Chinese
        assert set(re.findall(r"{(\w+)", chinese)) <= blanks, key
