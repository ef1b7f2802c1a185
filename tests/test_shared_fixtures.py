"""The fixtures the browser's tests assert are what Python gives now (see tests/shared_fixtures.py)."""

from __future__ import annotations

import json
import re

import pytest

from tests.shared_fixtures import FIXTURES, FOLDER, param_values, render


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_committed_fixture_equals_a_fresh_run(name):
    path = FOLDER / name
    assert path.exists(), f"{path} is missing: run python -m tests.shared_fixtures"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"{path} differs from what Python gives now: run python -m tests.shared_fixtures and let the browser's "
        "tests (cd widgets && npm test) say whether the TypeScript still agrees"
    )


def test_no_fixture_is_left_without_its_generator():
    assert sorted(p.name for p in FOLDER.glob("*.json")) == sorted(FIXTURES)


def test_every_refusal_of_a_setting_is_said_in_chinese():
    """No English prose is left in a Chinese refusal: only quoted text, null/true/false, and the names of the value
    found or of Keras classes and their settings."""
    fixture = param_values()
    names = {"null", "true", "false", "True", "False"}
    for table in fixture["catalog"]["objects"].values():
        for name, (cls, factors, _defaults) in table.items():
            names.update([name, cls, *factors])
    refused = [case for case in fixture["cases"] if case["refusal"]]
    assert refused
    for case in refused:
        zh = case["refusal"]["zh"]
        found = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]+", json.dumps(case["value"])))
        words = re.findall(r"[A-Za-z_][A-Za-z_0-9]+", re.sub(r"'[^']*'", "", zh))
        assert re.search(r"[\u4e00-\u9fff]", zh), (case["param"], zh)
        assert [w for w in words if w not in names | found] == [], (case["param"], case["value"], zh)
