"""nnbuilder's notebook widgets (imports anywidget; `import nnbuilder` alone does not)."""

from nnbuilder.ui.editor import Editor
from nnbuilder.ui.evaluation_view import EvaluationView
from nnbuilder.ui.training_panel import TrainingPanel

__all__ = ["Editor", "EvaluationView", "TrainingPanel"]
