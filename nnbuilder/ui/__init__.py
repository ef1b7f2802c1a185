"""nnbuilder's notebook widgets (imports anywidget; `import nnbuilder` alone does not).

Each widget's module is imported on first use, so `from nnbuilder.ui import CodeView`
loads neither the editor nor the training panel.
"""

from __future__ import annotations

import importlib

_MODULES = {
    "CodeView": "nnbuilder.ui.code_view",
    "Downloader": "nnbuilder.ui.downloader",
    "Editor": "nnbuilder.ui.editor",
    "EvaluationView": "nnbuilder.ui.evaluation_view",
    "TrainingPanel": "nnbuilder.ui.training_panel",
}

__all__ = sorted(_MODULES)


def __getattr__(name):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'nnbuilder.ui' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted({*globals(), *__all__})
