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
    assert ("data.options.flaten", "mnist has no option 'flaten'; its options are: flatten, samples, seed") in problems


@pytest.mark.parametrize(
    "options, path, text",
    [
        ({"flatten": "yes"}, "data.options.flatten", "expected true or false, got 'yes'"),
        ({"samples": -5}, "data.options.samples", "expected a whole number of at least 1, or null for all of it"),
        ({"samples": 2.5}, "data.options.samples", "got 2.5"),
        ({"seed": True}, "data.options.seed", "expected a whole number from 0"),
    ],
)
def test_wrong_option_types(options, path, text):
    [(where, message)] = data_problems({"dataset": "mnist", "options": options})
    assert where == path and text in message


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
    assert where == "data.options.seed" and "got None" in message


def test_malformed_sections():
    assert data_problems([]) == [("data", "expected an object like {'dataset': 'mnist', 'options': {}}, got list")]
    assert data_problems({"dataset": 3})[0][0] == "data.dataset"
    assert data_problems({"dataset": "iris", "options": []})[0][0] == "data.options"
