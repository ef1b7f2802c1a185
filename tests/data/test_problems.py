"""data_problems(): checking a project's data section without loading anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnbuilder.data import data_problems

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.nnb.json")), ids=lambda p: p.name)
def test_templates_are_clean(path):
    assert data_problems(json.loads(path.read_text())["data"]) == []


def test_no_dataset_yet_is_fine():
    assert data_problems({"dataset": None, "options": {}}) == []
    assert data_problems(None) == []


def test_unknown_dataset_lists_the_known_ones():
    [(path, message)] = data_problems({"dataset": "mnsit", "options": {}})
    assert path == "data.dataset" and message.startswith("unknown dataset 'mnsit'; known datasets: mnist, ")
    assert "image_folder" in message


def test_unknown_options_and_keys():
    problems = data_problems({"dataset": "mnist", "options": {"flaten": True}, "extra": 1})
    assert ("data.extra", "unknown key; a data section has only 'dataset' and 'options'") in problems
    assert (
        "data.options.flaten",
        "mnist has no option 'flaten'; its options are: flatten, samples, seed, targets",
    ) in problems


@pytest.mark.parametrize(
    "name, options, path, message",
    [
        ("mnist", {"flatten": "yes"}, "data.options.flatten", "expected true or false, got 'yes'"),
        ("mnist", {"samples": -5}, "data.options.samples", "expected a positive integer, or null, got -5"),
        ("mnist", {"samples": 2.5}, "data.options.samples", "expected a positive integer, or null, got 2.5"),
        ("mnist", {"samples": True}, "data.options.samples", "expected a positive integer, or null, got True"),
        ("gaussian_mixture", {"classes": 1}, "data.options.classes", "expected an integer >= 2 and <= 20, got 1"),
        ("iris", {"test_fraction": 0.95}, "data.options.test_fraction", "expected a number >= 0 and <= 0.9, got 0.95"),
        ("iris", {"test_fraction": "a fifth"}, "data.options.test_fraction",
         "expected a number >= 0 and <= 0.9, got 'a fifth'"),
        ("image_folder", {"image_size": [64]}, "data.options.image_size",
         "expected a list of 2 integers >= 1 and <= 4096, got [64]"),
        ("image_folder", {"image_size": [64, 5000]}, "data.options.image_size",
         "expected a list of 2 integers >= 1 and <= 4096, got [64, 5000]"),
        ("image_folder", {"color_mode": "cmyk"}, "data.options.color_mode",
         "expected one of 'rgb', 'grayscale', 'rgba', got 'cmyk'"),
        ("image_folder", {"path": ""}, "data.options.path", "expected a file or folder path, or null, got ''"),
        ("csv", {"path": 3, "target": "y"}, "data.options.path", "expected a file or folder path, got 3"),
        ("csv", {"path": "a.csv", "target": " "}, "data.options.target", "expected text that is not blank, got ' '"),
        ("csv", {"path": "a.csv", "target": "y", "task": "guess"}, "data.options.task",
         "expected one of 'classification', 'binary', 'regression', or null, got 'guess'"),
    ],
)  # fmt: skip
def test_wrong_option_values(name, options, path, message):
    assert data_problems({"dataset": name, "options": options}) == [(path, message)]


def test_a_seed_outside_its_bounds_is_refused():
    [(where, message)] = data_problems({"dataset": "mnist", "options": {"seed": True}})
    assert where == "data.options.seed"
    assert message == "expected an integer >= 0 and <= 4294967295, got True"
    assert data_problems({"dataset": "mnist", "options": {"seed": 2**32 - 1}}) == []
    assert data_problems({"dataset": "mnist", "options": {"seed": 2**32}})[0][0] == "data.options.seed"


def test_user_sources_need_their_required_options():
    problems = data_problems({"dataset": "csv", "options": {"path": "a.csv"}})
    assert problems == [("data.options.target", "csv needs this option: the name of the column to predict")]
    problems = data_problems({"dataset": "image_folder", "options": {"path": "pics", "image_size": [64]}})
    assert problems[0][0] == "data.options.image_size"
    assert data_problems({"dataset": "csv", "options": {"path": "a.csv", "target": "y", "task": "regression"}}) == []
    assert data_problems({"dataset": "arrays", "options": {}}) == []
    [(where, message)] = data_problems({"dataset": "csv", "options": {"path": None, "target": "y"}})
    assert (where, message) == ("data.options.path", "csv needs this option: the CSV file's path")


def test_null_means_the_default_where_the_default_is_null():
    # An image folder without a path uses the generated stand-in; a null seed is still wrong.
    assert data_problems({"dataset": "image_folder", "options": {"path": None}}) == []
    assert data_problems({"dataset": "image_folder", "options": {}}) == []
    assert data_problems({"dataset": "mnist", "options": {"samples": None}}) == []
    [(where, message)] = data_problems({"dataset": "mnist", "options": {"seed": None}})
    assert where == "data.options.seed" and message.endswith(", got None") and ", or null" not in message
    [(where, message)] = data_problems({"dataset": "moons", "options": {"samples": None}})  # a count to make
    assert where == "data.options.samples" and message.endswith(", got None") and ", or null" not in message
    # A required option left null is reported once, as missing.
    problems = data_problems({"dataset": "csv", "options": {"path": None, "target": None}})
    assert [where for where, _ in problems] == ["data.options.path", "data.options.target"]


def test_malformed_sections():
    assert data_problems([]) == [("data", "expected an object like {'dataset': 'mnist', 'options': {}}, got list")]
    assert data_problems({"dataset": 3})[0][0] == "data.dataset"
    assert data_problems({"dataset": "iris", "options": []})[0][0] == "data.options"
