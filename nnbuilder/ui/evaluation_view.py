"""The evaluation view: test metrics, confusion matrix, gallery and predicted-vs-true scatter.

An HTML widget (no browser code of its own) that draws one `evaluate()` result;
`view.show(result)` replaces it.
"""

from __future__ import annotations

import ipywidgets

from nnbuilder.ui._evaluation_html import render


class EvaluationView(ipywidgets.HTML):
    """Shows the result of `nnbuilder.training.evaluation.evaluate()`.

    `EvaluationView(result)` or `view.show(result)`; `view.result` is the result shown;
    `view.language` ("en" or "zh") the language it is drawn in.
    """

    def __init__(self, result: dict | None = None, *, language: str = "en", layout=None):
        super().__init__(layout=layout if layout is not None else ipywidgets.Layout(width="100%"))
        self._result = None
        self._language = _checked_language(language)
        self.show(result)

    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, language: str) -> None:
        self._language = _checked_language(language)
        self.value = render(self._result, self._language)

    @property
    def result(self) -> dict | None:
        return self._result

    def show(self, result: dict | None) -> None:
        """Draw `result` (None clears the view)."""
        if result is not None and (not isinstance(result, dict) or "task" not in result):
            raise TypeError(f"result: expected the dict that evaluate() returns, got {type(result).__name__}")
        self.value = render(result, self._language)
        self._result = result


def _checked_language(language) -> str:
    if language not in ("en", "zh"):
        raise ValueError(f"language: expected 'en' or 'zh', got {language!r}")
    return language
