"""Error lines the app shows, raised by the real code, read in Chinese with no English prose of their own."""

from __future__ import annotations

import re

import pytest

from nnbuilder.data._paths import confined
from nnbuilder.data.loading import run_loader
from nnbuilder.document.data_section import read_section
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.error_words import ERRORS, said_error
from tests.test_problem_words import ENGLISH, has_chinese


def _raised(action) -> str:
    with pytest.raises(NNBuilderError) as caught:
        action()
    return str(caught.value).splitlines()[0]


def _prose(chinese: str) -> str:
    """What the Chinese line says in its own words: quoted names, paths and code left out."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|\S*[/\\]\S*|\S*\(\S*\)", "", chinese)


def cases(tmp_path):
    outside = tmp_path / "elsewhere.csv"
    served = tmp_path / "served"
    served.mkdir()
    (served / ".nnbuilder").mkdir()
    return {
        "outside the data folder": lambda: confined(outside, served, option="path"),
        "inside the app's own folder": lambda: confined(served / ".nnbuilder" / "a.csv", served, option="path"),
        "no dataset chosen": lambda: read_section({"dataset": None, "options": {}}),
        "a CSV file that is missing": lambda: run_loader("csv", {"path": str(served / "none.csv"), "target": "y"}),
    }


@pytest.mark.parametrize(
    "name",
    [
        "outside the data folder",
        "inside the app's own folder",
        "no dataset chosen",
        "a CSV file that is missing",
    ],
)
def test_error_lines_from_the_code_read_in_chinese(tmp_path, name):
    line = _raised(cases(tmp_path)[name])
    chinese = said_error(line, "zh")
    assert has_chinese(chinese), f"{name}: {line!r} has no Chinese rendering"
    assert not ENGLISH.search(_prose(chinese)), f"{name}: English prose left in {chinese!r}"
    assert said_error(line, "en") == line


def test_every_template_fills_the_same_values_in_both_languages():
    fields = re.compile(r"\{(\w+)\}")
    for english, chinese in ERRORS:
        plural = {"s"}  # an English plural ending, which Chinese does not have
        assert set(fields.findall(english)) - plural == set(fields.findall(chinese)), english
