"""The Evaluate tab: test metrics, confusion matrix and prediction gallery of the trained model."""

from __future__ import annotations

import threading

import ipywidgets

from nnbuilder.app._confusion_cells import ConfusionCells, for_view
from nnbuilder.locale.app_text import text
from nnbuilder.ui.evaluation_view import EvaluationView


class EvaluateTab:
    """A button that evaluates the current trainer off the kernel's thread, and the result view."""

    def __init__(self, get_trainer, on_error, language: str = "en"):
        self._get_trainer = get_trainer
        self._on_error = on_error
        self.language = language
        self.busy = False
        self._evaluated_epochs: int | None = None
        self._thread: threading.Thread | None = None
        self.button = ipywidgets.Button(icon="check", button_style="primary", layout=ipywidgets.Layout(width="auto"))
        self.button.add_class("nnb-evaluate")
        self.button.on_click(lambda _b: self.run())
        self.status = ipywidgets.HTML()
        self.status.add_class("nnb-evaluate-status")
        self.view = EvaluationView(language=language)
        self.cells = ConfusionCells(language)  # the confusion matrix as buttons: a click shows a cell's samples
        self.widget = ipywidgets.VBox([ipywidgets.HBox([self.button, self.status]), self.view, self.cells.widget])
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        self.view.language = language
        self.cells.set_language(language)
        self.button.description = text(language, "evaluate")
        if self.busy:
            self.status.value = text(language, "evaluating")
        elif self.view.result is None:
            self.status.value = text(language, "evaluate_hint")
        elif self._evaluated_epochs is not None:
            self.status.value = text(language, "evaluate_done", epochs=self._evaluated_epochs)

    def clear(self) -> None:
        """A different model: the old results no longer apply."""
        if not self.busy:
            self.view.show(None)
            self.cells.show(None)
            self.status.value = text(self.language, "evaluate_hint")

    def run(self, after_training: bool = False) -> threading.Thread | None:
        """Evaluate in a worker thread (the test set may take seconds); returns the thread.

        `after_training`: called as a run ends, so wait for its thread to finish first."""
        trainer = self._get_trainer()
        if trainer is None or self.busy:
            return None
        if trainer.epoch == 0 and not after_training:
            self.status.value = text(self.language, "train_first")
            return None
        self.busy = True
        self.button.disabled = True
        self.status.value = text(self.language, "evaluating")

        def work():
            try:
                if after_training:
                    trainer.wait()
                result = trainer.evaluate()
                self.cells.show(result, trainer.dataset)
                self.view.show(for_view(result))
                self._evaluated_epochs = trainer.epoch
                self.status.value = text(self.language, "evaluate_done", epochs=trainer.epoch)
            except Exception as exc:
                self.status.value = ""
                self._on_error(exc, text(self.language, "evaluate"))
            finally:
                self.busy = False
                self.button.disabled = False

        self._thread = threading.Thread(target=work, name="nnbuilder-evaluate", daemon=True)
        self._thread.start()
        return self._thread

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
