"""Word tables kept by key: each row an (English template, Chinese template) pair, said in a language and filled.

The run history, the search, training over several processes, the evaluation view and the checker's own
messages each keep such a table; `word_in` is how any of them says a row.
"""

from __future__ import annotations

from collections.abc import Mapping

WordTable = Mapping[str, tuple[str, str]]


def word_in(table: WordTable, language: str, key: str, /, **values: object) -> str:
    """The row `key` of `table` in `language` ("zh" for Chinese, English otherwise), filled with `values`."""
    english, chinese = table[key]
    return (chinese if language == "zh" else english).format(**values)
