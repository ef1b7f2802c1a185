"""Word tables kept by key: each row an (English template, Chinese template) pair, said in a language and filled.

The run history, the search, training over several processes, the evaluation view and the checker's own
messages each keep such a table; `word_in` is how any of them says a row. The Inside tab's views keep theirs
by language (`{"en": {...}, "zh": {...}}`), said with `word_of`.
"""

from __future__ import annotations

from collections.abc import Mapping

WordTable = Mapping[str, tuple[str, str]]
LanguageTable = Mapping[str, Mapping[str, str]]  # {"en": {key: template}, "zh": {key: template}}


def word_in(table: WordTable, language: str, key: str, /, **values: object) -> str:
    """The row `key` of `table` in `language` ("zh" for Chinese, English otherwise), filled with `values`."""
    english, chinese = table[key]
    return (chinese if language == "zh" else english).format(**values)


def word_of(table: LanguageTable, language: str, key: str, /, **values: object) -> str:
    """The word `key` of a table kept by language, in `language` ("zh" for Chinese, English otherwise), filled
    with `values`."""
    return table["zh" if language == "zh" else "en"][key].format(**values)
