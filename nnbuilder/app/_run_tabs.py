"""The Builder's Runs and Search tabs and what ties them to it: the runs folder its trainer records in, opening
a run's project as an undoable edit, a refresh when a run (and its evaluation) is over, and the panel's note
when a changed setting gives a fresh trainer after a finished run."""

from __future__ import annotations

from pathlib import Path

from nnbuilder.app.runs_tab import RunsTab
from nnbuilder.app.search_tab import SearchTab
from nnbuilder.errors import bilingual_error
from nnbuilder.locale.app_text import text
from nnbuilder.training.runs import default_runs_folder


class RunTabs:
    """`widgets` go into the Builder's tabs; `watch(tabs)` refreshes the runs when their tab is opened."""

    def __init__(self, builder, project, language: str = "en"):
        self.builder = builder
        self.runs = RunsTab(self.runs_folder, on_open=self._open, on_error=builder._report,
                            download=lambda *args: builder.downloader.download(*args), language=language)  # fmt: skip
        self.search = SearchTab(project, on_change=builder._tab_changed, on_error=builder._report,
                                data_for=builder._data_for, project_file=lambda: builder.path, training=self._training,
                                language=language)  # fmt: skip
        self.widgets = [self.runs.widget, self.search.widget]
        self._tabs = None
        self._trainer = None  # the trainer the app had after its last replacement
        replaced = builder.trainer_link.on_replace  # a trainer replaced once the run edited meanwhile ended

        def on_replace():
            if replaced is not None:
                replaced()
            self.trainer_replaced()

        builder.trainer_link.on_replace = on_replace
        builder.editor.on_change(lambda editor: self.search._guarded(lambda: self.set_project(editor.project),
                                                                      "what_search"))  # fmt: skip

    def _training(self) -> bool:
        trainer = self.builder.trainer_link.trainer
        return bool(trainer is not None and trainer.running)

    def refuse_training(self) -> None:
        """Refuse the Train tab's Start while a search trains its trials (two trainings would share the kernel)."""
        if self.search.running:
            raise bilingual_error(text("en", "train_while_searching"), text("zh", "train_while_searching"))

    def runs_folder(self) -> Path:
        """Where the app's trainer records its runs (and a search its trials): see `default_runs_folder`."""
        return default_runs_folder(self.builder.path, self.builder.editor.project.folder)

    def watch(self, tabs):
        """`tabs`, whose Runs tab now reads the runs folder again each time it is opened."""
        self._tabs = tabs
        tabs.observe(self._selected, names="selected_index")
        return tabs

    def _selected(self, change) -> None:
        index = change["new"]
        if self._tabs is not None and index is not None and self._tabs.children[index] is self.runs.widget:
            self.runs._guarded(self.runs.refresh, "runs_refresh")

    def _open(self, project, run) -> None:
        builder = self.builder
        before = builder.editor.project.to_dict()
        project.folder = builder.editor.project.folder  # the same place: its runs stay the ones listed
        builder.project = project
        after = builder.editor.project.to_dict()
        message = text(builder.language, "run_opened", run=run.id)
        builder.messages.info(message, undone_at=before if before != after else None)

    def training_ended(self, trainer) -> None:
        """List the run once it is recorded, and again once Evaluate has written its test scores."""
        if trainer is not None:
            self.runs.refresh_when_done(trainer.wait, self.builder.evaluate_tab.wait)

    def trainer_replaced(self) -> None:
        """A changed setting replaced a trainer that had trained: its curves now live in the Runs tab."""
        before, self._trainer = self._trainer, self.builder.trainer_link.trainer
        if before is not None and getattr(before, "epoch", 0) > 0 and getattr(before, "run_record", None):
            self.builder.panel.show_note(text("en", "runs_kept_note"), text("zh", "runs_kept_note"))
            self.runs._guarded(self.runs.refresh, "runs_refresh")

    def set_project(self, project) -> None:
        self.search.set_project(project)

    def set_language(self, language: str) -> None:
        self.runs.set_language(language)
        self.search.set_language(language)
