"""English sentences made outside the checker's own table, said in Chinese through patterns.

Argument validation, trust refusals and the per-layer shape rules write their messages in English.
`translate` finds the English template a message was made from (each {name} matches any text, which
is itself translated when it is a known phrase) and fills in the Chinese template beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from nnbuilder.locale.problem_pattern_table import PATTERNS, PHRASES

_FIELD = re.compile(r"\{(\w+)\}")


def compile_template(english: str) -> re.Pattern[str]:
    """A regular expression matching the sentences `english` (with {names}) makes, one group per name."""
    parts: list[str] = []
    names: list[str] = []
    at = 0
    for match in _FIELD.finditer(english):
        parts.append(re.escape(english[at : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.append(name)
        at = match.end()
    parts.append(re.escape(english[at:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


_COMPILED = [(compile_template(english), chinese) for english, chinese in PATTERNS]


def translate(text: str, language: str = "zh", depth: int = 0) -> str:
    """English `text` in `language` through PHRASES and PATTERNS; unchanged when nothing matches."""
    if language == "en" or depth > 6:
        return text
    if text in PHRASES:
        return PHRASES[text]
    for pattern, chinese in _COMPILED:
        match = pattern.match(text)
        if match:
            values = {name: translate(value, language, depth + 1) for name, value in match.groupdict().items()}
            return chinese.format(**values)
    return text


class SentenceTable:
    """Sentences a module of nnbuilder makes, as (English template, Chinese template) rows: `say` finds the
    row a message was made from and fills the Chinese, each {name} through `fill(name, value)` when given;
    a message no row made is said through `translate`."""

    def __init__(self, rows: Iterable[tuple[str, str]], fill: Callable[[str, str], str] | None = None) -> None:
        self._rows = [(compile_template(english), chinese) for english, chinese in rows]
        self._fill = fill

    def say(self, message: str, language: str) -> str:
        if language == "en":
            return message
        for pattern, chinese in self._rows:
            match = pattern.match(message)
            if match:
                fill = self._fill
                values = {k: fill(k, v) if fill else v for k, v in match.groupdict().items()}
                return chinese.format(**values)
        return translate(message, language)


def has_chinese(text: str) -> bool:
    """True when `text` holds at least one CJK character."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
