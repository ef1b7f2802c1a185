"""Fixtures of the app tests."""

import pytest


@pytest.fixture
def notebook_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "lesson.ipynb"))
    return tmp_path
