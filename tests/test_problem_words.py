"""Every problem check() reports reads in Chinese too: the checker's own messages from their table, and
sentences made elsewhere in English through the patterns, over many broken projects."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings

from nnbuilder import Graph, check
from nnbuilder.catalog import specs
from nnbuilder.checking.result import Diagnostic
from nnbuilder.locale.problem_patterns import PATTERNS, PHRASES, has_chinese, translate
from nnbuilder.locale.problem_words import MESSAGES, say
from tests.fuzz_support import FUZZ
from tests.helpers import chain, graph
from tests.test_fuzz_graphs import projects

SHAPES = [[8], [None], [6, 5], [6, None], [4, 4, 3], [4, 4, None], [3, 3, 3, 2], [1, 1], [1, 1, 1]]
BAD = [None, "nope", [], -1, 0, 1.5, True, [0, 0], [1, 2, 3, 4], {"class_name": "Nope"}, 99999]


ENGLISH = re.compile(r"\b(the|of|is|are|must|and|to|but|has|have|with|not|needs|into|from|cannot|exactly|least|most)\b")
KERAS_WORDS = ("keras", "internal")  # Keras' own reason (and a crash's) stays as Keras wrote it, after Chinese


def untranslated(result) -> list[str]:
    """The problems of `result` whose Chinese holds no Chinese, or English prose outside quoted values."""
    missing = []
    for problem in result.problems:
        english, chinese = problem.say("en"), problem.say("zh")
        prose = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}", "", chinese)  # quoted names and values stay as they are
        if english != str(problem.message) or not has_chinese(chinese):
            missing.append(f"{problem.code}: {english}")
        elif problem.code not in KERAS_WORDS and ENGLISH.search(prose):
            missing.append(f"{problem.code}: {english} -> {chinese}")
        assert problem.to_dict()["messages"] == {"en": english, "zh": chinese}
    return missing


def _fields(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_message_has_both_languages_with_the_same_values(key):
    english, chinese = MESSAGES[key]
    assert english and chinese
    assert _fields(chinese) == _fields(english) - {"s"}, key


def test_patterns_and_phrases_are_translated():
    for english, chinese in PATTERNS:
        assert has_chinese(chinese) or set(_fields(chinese)) == set(_fields(english)), english
    for english, chinese in PHRASES.items():
        assert chinese and (has_chinese(chinese) or chinese == english), english


def test_a_message_keeps_its_values_in_both_languages():
    message = say("port_gap", missing=1, node="conv1", last=2)
    assert message == "input 1 of 'conv1' is not connected, but input 2 is"
    assert message.say("zh") == "“conv1”的输入 1 没有连接，但输入 2 已经连接"


def test_argument_messages_read_in_chinese():
    assert translate("expected a positive integer, got -4") == "应为正整数，实际为 -4"
    assert translate("expected an integer >= 1 and <= 10, got 0") == "应为大于等于 1 且小于等于 10 的整数，实际为 0"
    assert translate("an unknown sentence") == "an unknown sentence"  # left as it is, never garbled


def test_every_broken_layer_setting_reads_in_chinese():
    """Each catalog layer on inputs of many ranks, and with each argument set to values it refuses."""
    missing = set()
    for layer, spec in sorted(specs().items()):
        if layer == "Input":
            continue
        for shape in SHAPES:
            missing.update(
                untranslated(check(chain(("x", "Input", {"shape": shape}), ("n", layer, dict(spec.starter)))))
            )
        for param in spec.params:
            for value in BAD:
                config = {**spec.starter, param.name: value}
                missing.update(untranslated(check(chain(("x", "Input", {"shape": [6, 5]}), ("n", layer, config)))))
        missing.update(untranslated(check(chain(("x", "Input", {"shape": [6]}), ("n", layer, {"nosuch": 1})))))
    assert not missing, "\n".join(sorted(missing))


def test_graph_problems_read_in_chinese():
    nodes = [
        ("x", "Input", {"shape": [4]}),
        ("lonely", "Input", {"shape": [4]}),
        ("a", "Dense", {"units": 3}),
        ("b", "Dense", {"units": 3}),
        ("c", "Add", {}),
        ("big", "Dense", {"units": 10**6}),
        ("wide", "Dense", {"units": 10**6}),
        ("odd", "Lambda", {}),
        ("none", "NoSuchLayer", {}),
        ("free", "Dense", {}),
    ]
    edges = [("x", "a"), ("a", "b"), ("b", "a", 1), ("x", "c", 2), ("x", "big"), ("big", "wide"), ("x", "odd"),
             ("x", "none"), ("x", "free")]  # fmt: skip
    project = graph(nodes, edges, outputs=["c", "c"])
    project.models["empty"] = Graph([], [])
    result = check(project)
    codes = {p.code for p in result.problems}
    assert {"cycle", "port_gap", "too_large", "model_io", "unknown_layer", "unsafe", "required", "empty_model"} <= codes
    assert not untranslated(result)
    zh = " ".join(p.say("zh") for p in result.problems)
    assert not re.search(r"\b(is|has|the|of|must)\b", zh), zh


@settings(FUZZ, max_examples=400)
@given(projects())
def test_random_broken_projects_read_in_chinese(project):
    assert not untranslated(check(project))


def test_every_setting_has_chinese_help():
    missing = [f"{layer}.{p.name}" for layer, spec in specs().items() for p in spec.params if p.help and not
               has_chinese(p.to_dict()["help_zh"])]  # fmt: skip
    assert not missing, missing


def _values(param) -> list:
    """Values of each kind a setting may take, valid or not for this layer's inputs."""
    if param.choices:
        return list(param.choices)
    low = int(param.min) if param.min is not None else -1
    return {
        "int": [low, low + 1, low + 2, 9],
        "float": [0.0, 0.5, 2.0],
        "bool": [True, False],
        "ints": [1, 2, 3, [2, 2], [9, 9], [1, 2, 3]],
        "shape": [[-1], [2, 3], [5, -1], [7], [-1, -1]],
        "axes": [-1, 0, 1, 3, [1, 2], [0], [1, 1]],
        "layer": [
            {"class_name": "LSTM", "config": {"units": 2}},
            {"class_name": "GRU", "config": {"go_backwards": True}},
        ],
    }.get(param.kind, [None, 0, [0, 1], [[0, 1], [2, 3]], {"rmax": 1, "rmin": 3}])


def test_every_shape_rule_reads_in_chinese():
    """Each layer's own shape rule, called on settings one at a time and on inputs that do not all fit."""
    from nnbuilder.catalog import LayerProblem

    shapes = [(None, *s) for s in SHAPES] + [(2, 5, 3), (None, 4, None, 3)]
    said, missing = 0, set()
    for layer, spec in sorted(specs().items()):
        if spec.infer is None:
            continue
        trials = [dict(spec.starter)] + [{**spec.starter, p.name: v} for p in spec.params for v in _values(p)]
        for config in trials:
            for inputs in [[s] for s in shapes] + [[a, b] for a in shapes[:6] for b in shapes[:6]]:
                try:
                    spec.infer(spec.full_config(config), inputs)
                except LayerProblem as problem:
                    said += 1
                    chinese = Diagnostic(problem.code, problem.message, "m").say("zh")
                    if not has_chinese(chinese) or ENGLISH.search(re.sub(r"'[^']*'|\{[^}]*\}", "", chinese)):
                        missing.add(f"{layer}: {problem.message} -> {chinese}")
                except Exception:  # a setting the rule does not expect: check() reports it through Keras
                    continue
    assert said > 500, said  # the grid reaches the rules' problems
    assert not missing, "\n".join(sorted(missing))
