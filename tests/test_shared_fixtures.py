"""The fixtures the browser's tests assert are what Python gives now (see tests/shared_fixtures.py)."""

from __future__ import annotations

import pytest

from tests.shared_fixtures import FIXTURES, FOLDER, render


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
