"""The project's `search` section: validated with paths that name the range and field, kept on save and load,
checked against the project's nodes and settings (in English and Chinese), and its searched nodes found."""

from __future__ import annotations

import copy

import pytest

import nnbuilder
from nnbuilder import Project, ProjectError
from nnbuilder.document.search_section import (
    grid_values,
    normalize_search,
    range_type,
    searched_nodes,
    with_values,
)

UNITS = {"model": "model", "node": "hidden", "param": "units"}
RATE = {"training": "optimizer.learning_rate"}


def _with_search(search):
    document = nnbuilder.load_template("mnist_mlp").to_dict()
    document["search"] = search
    return document


SECTION = {
    "sampler": "bayes",
    "trials": 12,
    "metric": "val_accuracy",
    "direction": "maximize",
    "pruning": "median",
    "folds": 3,
    "seed": 7,
    "ranges": [
        {"target": UNITS, "values": [32, 64, 128]},
        {"target": RATE, "low": 1e-4, "high": 1e-2, "log": True},
        {"target": {"training": "batch_size"}, "low": 32, "high": 128, "step": 32, "type": "int"},
        {"target": {"model": "model", "node": "dropout", "param": "rate"}, "low": 0.0, "high": 0.5},
        {"target": {"model": "model", "node": "hidden", "param": "activation"}, "values": ["relu", "tanh"]},
    ],
}


def test_the_section_round_trips_through_a_file(tmp_path):
    project = Project.from_dict(_with_search(SECTION))
    assert project.search == SECTION
    loaded = Project.load(project.save(tmp_path / "p.nnb.json"))
    assert loaded.search == SECTION and loaded.to_dict()["search"] == SECTION
    assert loaded.to_dict()["version"] == 2


def test_no_section_means_no_search():
    project = nnbuilder.load_template("mnist_mlp")
    assert project.search is None and "search" not in project.to_dict()
    assert searched_nodes(project) == {}


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda s: s.update(sampler="annealing"), "search.sampler", "expected one of grid, random, bayes"),
        (lambda s: s.update(trials=0), "search.trials", "at least 1, got 0"),
        (lambda s: s.update(folds=1.5), "search.folds", "got 1.5"),
        (lambda s: s.update(seed="x"), "search.seed", "whole number or null"),
        (lambda s: s.update(colour=1), "search.colour", "unknown key 'colour'"),
        (lambda s: s.update(ranges=[]), "search.ranges", "at least one range"),
        (lambda s: s["ranges"][1].update(low=0.1), "search.ranges[1].high", "expected low below high"),
        (lambda s: s["ranges"][1].update(low=-1.0), "search.ranges[1].low", "log range needs low above 0"),
        (lambda s: s["ranges"][2].update(step=0), "search.ranges[2].step", "expected a positive number, got 0"),
        (lambda s: s["ranges"][2].update(low=1.5), "search.ranges[2].low", "whole number for an int range"),
        (lambda s: s["ranges"][0].update(values=[]), "search.ranges[0].values", "at least one value"),
        (lambda s: s["ranges"][0].update(values=[32, 32]), "search.ranges[0].values[1]", "listed twice"),
        (lambda s: s["ranges"][0].update(values=[[3, 3]]), "search.ranges[0].values[0]", "numbers, text"),
        (lambda s: s["ranges"][0].update(low=1), "search.ranges[0].low", "either 'values'"),
        (lambda s: s["ranges"][3].pop("high"), "search.ranges[3]", "either 'values' (a list) or 'low' and 'high'"),
        (lambda s: s["ranges"][0].update(target={"node": "hidden"}), "search.ranges[0].target", "expected {'model'"),
        (lambda s: s["ranges"][0]["target"].update(param="a..b"), "search.ranges[0].target.param", "dotted path"),
        (lambda s: s["ranges"][4].update(target=UNITS), "search.ranges[4].target", "searched by ranges[0]"),
        (lambda s: s.update(sampler="grid"), "search.ranges[1]", "grid search needs a list"),
    ],
)
def test_a_bad_section_names_its_path(change, path, words):
    section = copy.deepcopy(SECTION)
    change(section)
    with pytest.raises(ProjectError) as caught:
        Project.from_dict(_with_search(section))
    assert caught.value.path == path
    assert words in str(caught.value)


def test_defaults_follow_the_metric():
    assert normalize_search({"ranges": []})["direction"] == "minimize"
    filled = normalize_search({"metric": "val_accuracy", "ranges": []})
    assert filled["direction"] == "maximize" and filled["sampler"] == "random" and filled["folds"] == 1


def test_grid_values_of_lists_and_stepped_ranges():
    assert grid_values({"target": UNITS, "values": [8, 16]}) == [8, 16]
    assert grid_values({"target": UNITS, "low": 16, "high": 64, "step": 16}) == [16, 32, 48, 64]
    assert grid_values({"target": UNITS, "low": 1, "high": 3}) == [1, 2, 3]
    assert grid_values({"target": RATE, "low": 0.1, "high": 0.3, "step": 0.1}) == [0.1, 0.2, 0.3]


def test_a_range_is_whole_when_both_ends_are_unless_its_type_says():
    assert range_type({"low": 1, "high": 3}) == "int"
    assert range_type({"low": 1, "high": 3.0}) == "float"
    assert range_type({"low": True, "high": 3}) == "float"  # a bool is not a whole number here
    assert range_type({"low": 1, "high": 3, "type": "float"}) == "float"


def test_check_reports_a_range_on_a_missing_node_and_refused_values():
    section = {
        "ranges": [
            {"target": {"model": "model", "node": "hiden", "param": "units"}, "values": [8]},
            {"target": UNITS, "values": [8, 0]},
            {"target": {"model": "model", "node": "dropout", "param": "rate"}, "low": 0.1, "high": 1.5},
            {"target": {"model": "model", "node": "hidden", "param": "colour"}, "values": [1]},
            {"target": {"training": "optimizer.momentum_of_doom"}, "values": [1]},
            {"target": {"training": "batch_size"}, "values": [32, -1]},
            {"target": {"model": "model", "node": "hidden", "param": "kernel_regularizer.config.l2"}, "values": [0.1]},
        ]
    }
    result = nnbuilder.check(Project.from_dict(_with_search(section)))
    found = {p.path: p for p in result.problems if p.code == "search_range"}
    assert set(found) == {f"search.ranges[{i}]" for i in range(7)}
    missing = found["search.ranges[0]"]
    assert (missing.model, missing.node) == ("model", None)
    assert "node 'hiden'" in str(missing) and "no such node" in str(missing)
    assert "没有这个节点" in missing.say("zh")
    zero = found["search.ranges[1]"]
    assert (zero.node, zero.param) == ("hidden", "units")
    assert "the value 0" in str(zero) and "expected a positive integer, got 0" in str(zero)
    assert "正整数" in zero.say("zh")
    assert "1.5" in str(found["search.ranges[2]"]) and found["search.ranges[2]"].node == "dropout"
    assert "does not have" in str(found["search.ranges[3]"])
    assert "not a training setting" in str(found["search.ranges[4]"])
    assert "training.batch_size the value -1" in str(found["search.ranges[5]"])
    assert "regularizer" in str(found["search.ranges[6]"])  # a bare config is not a regularizer
    assert not result.ok


def test_a_good_section_checks_clean():
    assert nnbuilder.check(Project.from_dict(_with_search(SECTION))).ok


def test_searched_nodes_and_written_values():
    project = Project.from_dict(_with_search(SECTION))
    assert searched_nodes(project) == {("model", "hidden"): ["units", "activation"], ("model", "dropout"): ["rate"]}
    assert nnbuilder.searched_nodes(project) == searched_nodes(project)
    values = {"model/hidden.units": 64, "training.optimizer.learning_rate": 0.003, "training.batch_size": 96}
    changed = with_values(project, values)
    assert changed.models["model"].node("hidden").config["units"] == 64
    assert changed.training["optimizer"]["learning_rate"] == 0.003
    assert changed.training["optimizer"]["name"] == "adam" and changed.training["batch_size"] == 96
    assert project.models["model"].node("hidden").config["units"] == 128  # the original is untouched
    assert nnbuilder.check(changed).ok


def test_every_search_sentence_has_both_languages_with_the_same_placeholders():
    import string

    from nnbuilder.locale.search_words import WORDS

    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    for key, (english, chinese) in WORDS.items():
        assert english and chinese and english != chinese, key
        assert fields(english) == fields(chinese), key


def test_the_study_a_search_continues_is_the_same_search_of_the_same_network():
    from nnbuilder.document.search_section import normalize_search, with_values
    from nnbuilder.training.search_study import default_study_name

    project = nnbuilder.load_template("mnist_mlp").with_section(
        "search",
        {
            "trials": 4,
            "ranges": [
                {"target": {"model": "model", "node": "hidden", "param": "units"}, "values": [32, 64]},
                {"target": {"training": "optimizer.learning_rate"}, "low": 1e-4, "high": 1e-2, "log": True},
            ],
        },
    )

    def name(p):
        return default_study_name(p, normalize_search(p.search))

    first = name(project)
    best = with_values(project, {"model/hidden.units": 64, "training.optimizer.learning_rate": 0.003})
    assert name(best) == first  # "apply best" wrote the searched values, and the optimizer out in full
    moved = project.copy()
    moved.models["model"].nodes[1].pos = [300, 300]
    assert name(moved) == first
    assert name(project.with_section("search", {**project.search, "trials": 9})) == first
    wider = project.copy()
    wider.models["model"].nodes[2].config["rate"] = 0.5  # the dropout, not searched
    assert name(wider) != first
    more = project.with_section("training", {**project.training, "epochs": project.training["epochs"] + 1})
    assert name(more) != first


def test_a_grid_typed_on_the_command_line_becomes_the_search_section():
    from nnbuilder.document.search_section import target_of, with_grid

    project = nnbuilder.load_template("mnist_mlp")
    assert target_of("hidden.units", project) == {"model": "model", "node": "hidden", "param": "units"}
    assert target_of("model/hidden.units", project) == target_of("hidden.units", project)
    assert target_of("optimizer.learning_rate", project) == {"training": "optimizer.learning_rate"}
    assert target_of("training.batch_size", project) == {"training": "batch_size"}
    searched = with_grid(project, ["hidden.units=64, 128", "optimizer.learning_rate=0.001,0.01"])
    assert searched.search == {
        "sampler": "grid",
        "trials": 4,
        "ranges": [
            {"target": {"model": "model", "node": "hidden", "param": "units"}, "values": [64, 128]},
            {"target": {"training": "optimizer.learning_rate"}, "values": [0.001, 0.01]},
        ],
    }
    again = with_grid(searched, ["hidden.units=32", "dropout.rate=0.1,0.3"])  # one range per setting, the last
    assert [r["values"] for r in again.search["ranges"]] == [[0.001, 0.01], [32], [0.1, 0.3]]
    assert again.search["trials"] == 4  # a section of the file keeps its trials
    assert project.search is None  # a new project each time


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("hidden.units", "expected NAME=VALUE,VALUE (such as hidden.units=64,128)"),
        ("hidden.units=", "expected NAME=VALUE,VALUE"),
        ("model/wide.units=4", "model 'model' has no node 'wide'"),
        ("hidden.units=0,8", "gives units of node 'hidden' the value 0"),
        ("epochs=1,x", "epochs"),
    ],
)
def test_a_wrong_grid_is_refused_naming_the_setting(setting, words):
    from nnbuilder.checking.search_check import search_diagnostics
    from nnbuilder.document.search_section import with_grid

    project = nnbuilder.load_template("mnist_mlp")
    try:
        searched = with_grid(project, [setting])
    except ProjectError as exc:
        message = str(exc)
    else:  # the shape is right: the settings' own rules judge the values, as for a section in the file
        message = " ".join(str(d.message) for d in search_diagnostics(searched) if d.severity == "error")
    assert words in message, message
