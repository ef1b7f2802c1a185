"""nnbuilder's notebook widgets (imports anywidget; `import nnbuilder` alone does not)."""

from nnbuilder.ui.editor import Editor

__all__ = ["Editor"]
