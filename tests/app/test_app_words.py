"""The app's words: every label and message in English and in Chinese, with the same blanks to fill, and each
key in one table only."""

from __future__ import annotations

import string

import pytest

from nnbuilder.locale import app_text
from nnbuilder.locale.experiment_text import EXPERIMENT_TEXT
from nnbuilder.locale.inside_text import INSIDE_TEXT

TABLES = {"app": app_text._TEXT, "experiments": EXPERIMENT_TEXT, "inside": INSIDE_TEXT}


def _blanks(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_word_is_said_in_both_languages_with_the_same_blanks(table):
    words = TABLES[table]
    assert set(words) == set(app_text.LANGUAGES)
    assert set(words["en"]) == set(words["zh"])
    for key, english in words["en"].items():
        chinese = words["zh"][key]
        assert english.strip() and chinese.strip(), key
        assert _blanks(english) == _blanks(chinese), key
        if len(english) > 12:  # units ("{n} KB") and names read the same in both
            assert chinese != english, f"{key} is not translated"


def test_a_key_lives_in_one_table_and_text_finds_it_in_each():
    keys = [set(table["en"]) for table in TABLES.values()]
    assert sum(map(len, keys)) == len(set().union(*keys))
    assert app_text.text("zh", "tab_runs") == EXPERIMENT_TEXT["zh"]["tab_runs"]
    assert app_text.text("zh", "tab_inside") == INSIDE_TEXT["zh"]["tab_inside"]
    assert app_text.text("en", "new") == app_text._TEXT["en"]["new"]
    with pytest.raises(KeyError):
        app_text.text("en", "no_such_word")
