"""The whole app as one widget: toolbar, editor with model summary, and the Data, Train,
Evaluate and Code tabs, autosaved after every edit."""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path

import ipywidgets
import traitlets

from nnbuilder.app import autosave as _autosave
from nnbuilder.app._browser import readable_size
from nnbuilder.app._export import export_download, export_to, file_stem
from nnbuilder.app._keeping import Keeping
from nnbuilder.app._kernel_logs import quiet_backend
from nnbuilder.app._language_memory import LanguageMemory
from nnbuilder.app._layout import LAYOUT_CSS, TAB_KEYS, app_body
from nnbuilder.app._messages import MESSAGE_CSS, MessageArea
from nnbuilder.app._run_tabs import RunTabs
from nnbuilder.app._summary import SUMMARY_CSS, summary_html
from nnbuilder.app._toolbar import Toolbar
from nnbuilder.app._trainer_link import TrainerLink
from nnbuilder.app.data_tab import DataTab
from nnbuilder.app.evaluate_tab import EvaluateTab
from nnbuilder.app.gallery import GALLERY_CSS, Gallery
from nnbuilder.app.inside import inside_views
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.app.train_settings import TrainSettings
from nnbuilder.codegen import export_code
from nnbuilder.data import as_dataset
from nnbuilder.document import files as _files
from nnbuilder.document.project import Project
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.app_text import LANGUAGES, check_language, text
from nnbuilder.template_library.loading import load_template, template_gallery
from nnbuilder.ui import CodeView, Downloader, Editor, TrainingPanel


def preload_keras() -> threading.Thread | None:
    """Import Keras in the background so the first build or training starts without the wait."""
    if "keras" in sys.modules:
        return None

    def work():
        with contextlib.suppress(Exception):  # a failure shows when something needs Keras
            import keras  # noqa: F401

    thread = threading.Thread(target=work, name="nnbuilder-keras-import", daemon=True)
    thread.start()
    return thread


class Builder(Keeping, ipywidgets.VBox):
    """The nnbuilder app: `Builder()`, `Builder(project)`, `Builder("file.nnb.json")`.

    `data=` takes the notebook's own arrays, DataFrame or a nnbuilder Dataset;
    `language=` "en" or "zh"; left out, the language this browser last chose for the app (English at first);
    `autosave=` True (one file per notebook and kernel in `.nnbuilder/autosave/` beside the notebook),
    False, or a file (written only while it holds what this app last read or wrote there).
    """

    language = traitlets.Enum(LANGUAGES, "en", help="Language of the whole app: en or zh.")

    def __init__(self, project=None, *, language=None, data=None, autosave=True, preload=True, layout=None):
        quiet_backend()  # TensorFlow's start-up log would show as an error box under the app
        explicit = language is not None  # given in code: wins over the language the browser remembers
        language = check_language(language) if explicit else "en"
        self.path: Path | None = None
        if isinstance(project, (str, Path)):
            self.path = Path(project)
            project = Project.load(self.path)
        elif project is None:
            project = Project()
        elif not isinstance(project, Project):
            raise TypeError(f"project: expected a nnbuilder.Project or a file path, got {type(project).__name__}")
        self._dataset = None if data is None else as_dataset(data)
        if self._dataset is not None and project.data.get("dataset") != "arrays":
            project = _with_data(project, {"dataset": "arrays", "options": {}})  # train on what was given
        self._place = None  # where this session's own autosave goes (a notebook's kernel, a served tab)
        if autosave is True:
            self._place = _autosave.notebook_place()
            self.autosave = _autosave.Autosave(self._place.path, place=self._place)
        elif isinstance(autosave, _autosave.Autosave):
            self.autosave = autosave
        else:
            path = _autosave.resolve(autosave)
            self.autosave = _autosave.Autosave(path, guarded=True) if path is not None else None
        self.messages = MessageArea(language)
        self.toolbar = Toolbar(language)
        self.editor = Editor(project, language=language)
        self.summary = ipywidgets.HTML()
        self.summary.add_class("nnb-app-summary")
        self.gallery = Gallery(template_gallery(), self._open_template, language)
        self.downloader = Downloader()
        self.data_tab = DataTab(project, language=language, on_change=self._tab_changed, on_error=self._report)
        if self._dataset is not None:
            self.data_tab.set_user_data(self._dataset)
        self.train_settings = TrainSettings(project, language=language, on_change=self._tab_changed,
                                            on_error=self._report, previews_at_once=False)  # fmt: skip
        self.panel = TrainingPanel(language=language, layout=ipywidgets.Layout(flex="1 1 560px", min_width="420px"))
        self.trainer_link = TrainerLink(self.panel, self._data_for, self._report, self._training_ended)
        self.trainer_link.on_replace = lambda: (self.evaluate_tab.clear(), self.inside_tab.trainer_replaced())
        self.trainer_link.project_file = lambda: self.path
        self.panel.before_start = lambda: (self.run_tabs.refuse_training(), self._sync_trainer(self.editor.project))
        self.evaluate_tab = EvaluateTab(lambda: self.trainer_link.trainer, self._report, language)
        self.run_tabs = RunTabs(self, project, language)  # the Runs and Search tabs
        self.inside_tab = InsideTab(self, inside_views(language), language)
        self.code = CodeView(filename="model.py", language=language)
        settings = ipywidgets.Box([self.train_settings.widget], layout=ipywidgets.Layout(flex="0 1 520px"))
        training = ipywidgets.HBox(
            [self.panel, settings], layout=ipywidgets.Layout(flex_flow="row wrap", align_items="flex-start")
        )
        self.tabs = self.run_tabs.watch(ipywidgets.Tab([self.data_tab.widget, training, self.evaluate_tab.widget,
                                                        *self.run_tabs.widgets, self.inside_tab.widget,
                                                        self.code]))  # fmt: skip
        self.inside_tab.watch(self.tabs)
        self.train_settings.watch(self.tabs)
        self.tabs.add_class("nnb-app-tabs")
        self._restore_pending = None  # the autosaved work offered back; no autosave until answered
        self._restore_bar = ipywidgets.HBox(layout=ipywidgets.Layout(display="none", align_items="center"))
        self._restore_bar.add_class("nnb-app-restore")
        self._wire_toolbar()
        body = app_body(self.editor, self.tabs, self.summary)
        style = ipywidgets.HTML(LAYOUT_CSS + SUMMARY_CSS + MESSAGE_CSS + GALLERY_CSS,
                                layout=ipywidgets.Layout(display="none"))  # fmt: skip
        children = [style, self.toolbar.widget, self._restore_bar, self.messages.widget, self.gallery.widget,
                    body, self.downloader]  # fmt: skip
        super().__init__(children, layout=layout if layout is not None else ipywidgets.Layout(width="100%"))
        self.add_class("nnb-app")
        self.language = language
        self.language_memory = LanguageMemory(language, explicit)
        self.language_memory.observe(lambda change: setattr(self, "language", change["new"]), names="language")
        self.children = (*self.children, self.language_memory)
        self._relabel_tabs()
        self.editor.on_change(self._project_changed)
        self._refresh(project, save=False)
        if not self._offer_restore(project) and not any(g.nodes for g in project.models.values()):
            self.gallery.show()  # an empty canvas: start from a template, or drag layers in
        if preload:
            preload_keras()

    # ------------------------------------------------------------ public API
    @property
    def project(self) -> Project:
        """A copy of the project in the app; assign a Project to replace it (undoable)."""
        return self.editor.project

    @project.setter
    def project(self, project: Project) -> None:
        self.editor.project = project

    @property
    def trainer(self):
        """The Trainer of the current project (created on demand), or None."""
        return self.trainer_link.trainer

    def new(self) -> None:
        """An empty project (Undo brings the previous one back)."""
        self._replace(Project(), None, "new_project")

    def load_template(self, name: str) -> None:
        self._replace(load_template(name), None, "loaded_template", name=name)

    def open_file(self, path) -> None:
        """Open a project file; refused files leave the current project as it was."""
        project = Project.load(path)
        self._replace(project, Path(path), "opened", name=Path(path).name)

    def rename(self, name: str) -> None:
        """Give the project a new name (an edit: undoable and autosaved); exported files are named after it."""
        if not isinstance(name, str) or not name.strip():
            raise NNBuilderError(f"project name: expected some text, e.g. 'MNIST CNN', got {name!r}")
        project = self.project
        if project.name != name.strip():
            project.name = name.strip()
            self.project = project

    def save(self, path=None) -> Path:
        """Save to `path`, else to the project's file (the one it was opened from or last saved to), else
        to a new `<project name>.nnb.json` beside the notebook (never over another file); returns the path."""
        target = Path(path) if path is not None else self.path
        if target is None:
            target = self._save_new(self.project)
            self.path = target
            self.messages.info(text(self.language, "saved_new", name=target.name, folder=str(target.parent)))
            return target
        if self.autosave is not None and self.autosave.guarded and target == self.autosave.path:
            if not self._write_kept(self.project, quiet=False):  # changed by someone else: saved beside it
                return self.autosave.path
        else:
            self.project.save(target)
        self.path = target
        self.messages.info(text(self.language, "saved_to", path=str(target)))
        return target

    def export(self, path, format: str | None = None) -> Path:  # noqa: A002
        """Write the code (.py) or the model (.keras, SavedModel folder, .tflite, .onnx) to `path`."""
        written, trained = export_to(self.project, path, format, self.trainer_link.trainer)
        if not trained and Path(written).suffix != ".py":
            self.messages.warn(text(self.language, "untrained", name=Path(written).name))
        return written

    # ------------------------------------------------------------ toolbar
    def _wire_toolbar(self) -> None:
        bar = self.toolbar
        bar.on("new", self._guard(self.new, "new"))
        bar.on("templates", self._guard(self.gallery.toggle, "templates"))
        bar.on("save", self._guard(self._save_clicked, "save"))
        bar.on("download", self._guard(self._download_project, "download"))
        bar.on("undo", self._guard(self.editor.undo, "undo"))
        bar.on("redo", self._guard(self.editor.redo, "redo"))
        bar.on("export", self._guard(self._export_clicked, "export"))
        bar.on_rename(self._guard(self._renamed, "rename"))
        bar.upload.on_file(self._guard(self._uploaded, "open"))
        bar.upload.on_refused(self._guard(self._refused, "open"))
        bar.upload.on_unreadable(self._guard(self._unreadable, "open"))
        bar.language.observe(
            self._guard(lambda change: setattr(self, "language", change["new"]), "what_language"), names="value"
        )

    def _guard(self, action, key: str):
        """Run a UI action; an exception becomes a readable message (details on demand)."""

        def run(*args):
            try:
                return action(*args)
            except Exception as exc:
                self._report(exc, text(self.language, key))

        return run

    def _report(self, exc, what: str = "") -> None:
        self.messages.error(exc, what or None)

    def _save_clicked(self) -> None:
        if self.path is None and getattr(self, "visitor_ids", None) is not None:
            # a served page without a project file: the server's folder is not the visitor's to fill
            name = self._download_project()
            self.messages.info(text(self.language, "saved_download", name=name))
        else:
            self.save()

    def _download_project(self) -> str:
        project = self.project
        name = f"{file_stem(project)}.nnb.json"
        self.downloader.download(project.dumps(), name, "application/json")
        self.messages.info(text(self.language, "exported", name=name))
        return name

    def _save_new(self, project: Project) -> Path:
        """Write `project` to a file of its own beside the notebook: `<name>.nnb.json`, or `<name>-2.nnb.json`…
        when that is taken (an existing file is never overwritten)."""
        wanted = Path.cwd() / f"{file_stem(project)}.nnb.json"  # the kernel runs in the notebook's folder
        while True:
            target = _files.unused_name(wanted)
            if _files.write_if_unchanged(target, project.dumps(), None) is not None:
                return target.absolute()

    def _replace(self, project: Project, path: Path | None, said: str, **values) -> None:
        """Show another whole project (New, Open, a template): an edit like any other, so Undo brings the
        previous one back, and with it the message saying what happened goes."""
        before = self.editor.project.to_dict()
        self._leave_file()
        self.project = project
        self.path = path
        self.gallery.hide()
        after = self.editor.project.to_dict()
        self.messages.info(text(self.language, said, **values), undone_at=before if before != after else None)

    def _renamed(self, name: str) -> None:
        try:
            self.rename(name)
        finally:
            self.toolbar.show_name(self.editor.project.name)  # a refused name gives way to the project's

    def _data_for(self):
        """The notebook's own data, while the project trains on it."""
        if self._dataset is not None and self.editor.project.data.get("dataset") == "arrays":
            return self._dataset
        return None

    def _export_clicked(self) -> None:
        fmt = self.toolbar.export_format.value
        self.messages.info(text(self.language, "exporting", what=text(self.language, f"format_{fmt}")))
        name, data, mime, trained = export_download(self.project, fmt, self.trainer_link.trainer)
        self.downloader.download(data, name, mime)
        if fmt not in ("py", "search") and not trained:
            self.messages.warn(text(self.language, "untrained", name=name))
        else:
            self.messages.info(text(self.language, "exported", name=name))

    def _uploaded(self, name: str, data: bytes) -> None:
        self._replace(_parse_upload(name, data), None, "opened", name=name)

    def _refused(self, name: str, size: int) -> None:
        limit = readable_size(self.toolbar.upload.max_bytes)
        self.messages.error(text(self.language, "too_large", name=name, size=readable_size(size), limit=limit))

    def _unreadable(self, name: str, reason: str) -> None:
        self._report(text(self.language, "upload_failed", name=name, reason=reason), text(self.language, "open"))

    def _open_template(self, name: str) -> None:
        try:
            self.load_template(name)
            self.gallery.hide()
        except Exception as exc:
            self._report(exc, text(self.language, "templates"))

    # ------------------------------------------------------------ project changes
    def _tab_changed(self, project: Project) -> None:
        self.project = project

    def _project_changed(self, editor) -> None:
        project = editor.project
        self.messages.follow(project.to_dict())
        self._refresh(project, save=True)

    def _refresh(self, project: Project, save: bool) -> None:
        steps = (
            ("what_summary", lambda: self._show_summary(project)),
            ("what_data", lambda: self.data_tab.set_project(project)),
            ("what_train", lambda: self.train_settings.set_project(project)),
            ("what_code", lambda: self._show_code(project)),
            ("what_trainer", lambda: self._sync_trainer(project)),
            ("what_inside", self.inside_tab.project_changed),
        )
        if save:
            self._autosave_now(project)
        self.toolbar.show_name(project.name)
        for what, step in steps:
            try:
                step()
            except Exception as exc:  # one failing part never stops the others
                self._report(exc, text(self.language, what))

    def _show_summary(self, project: Project) -> None:
        self.summary.value = summary_html(project, self.editor.result, self.language)

    def _show_code(self, project: Project) -> None:
        result = self.editor.result
        if result.errors:
            problems = "\n".join(f"#   {problem.located(self.language)}" for problem in result.errors)
            self.code.code = text(self.language, "code_problems", problems=problems)
            return
        self.code.filename = f"{file_stem(project)}.py"
        self.code.code = export_code(project)

    def _sync_trainer(self, project: Project) -> None:
        """The trainer follows `project`: after each edit, and again on Start. A Start may be handled (on another
        of the kernel's threads) while an edit is still on its way through `_refresh`: the editor already holds
        the new project, the trainer not yet, and a run started then keeps the old settings to its end."""
        if self.trainer_link.follow(project):
            self.evaluate_tab.clear()
            self.run_tabs.trainer_replaced()
            self.inside_tab.trainer_replaced()

    def _training_ended(self, event: dict) -> None:
        trainer = self.trainer_link.trainer
        self.run_tabs.training_ended(trainer)
        if self.trainer_link.behind:
            return  # the model was edited during the run: these results would describe the old one
        if trainer is not None and trainer.epoch > 0 and event.get("kind") == "end":
            self.evaluate_tab.run(after_training=True)

    # ------------------------------------------------------------ language
    @traitlets.observe("language")
    def _language_changed(self, change) -> None:
        lang = change["new"]
        if not hasattr(self, "tabs"):
            return
        parts = (self.toolbar, self.messages, self.gallery, self.data_tab, self.train_settings, self.evaluate_tab)
        for part in (*parts, self.run_tabs, self.inside_tab):
            part.set_language(lang)
        self.editor.language = lang
        self.panel.language = lang
        if getattr(self, "language_memory", None) is not None:
            self.language_memory.language = lang  # the browser remembers it for the next visit
        self.code.language = lang
        if self.toolbar.language.value != lang:
            self.toolbar.language.value = lang
        self._relabel_tabs()
        self._label_restore_bar()
        project = self.editor.project
        self._show_summary(project)
        self._show_code(project)

    def _relabel_tabs(self) -> None:
        self.tabs.titles = tuple(text(self.language, key) for key in TAB_KEYS)


def _parse_upload(name: str, data: bytes) -> Project:
    """The project in an opened file; ProjectError naming the file otherwise."""
    return Project.loads(bytes(data), source=name)


def _with_data(project: Project, data: dict) -> Project:
    return project.with_section("data", data)
