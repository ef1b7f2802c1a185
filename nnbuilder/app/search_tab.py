"""The Search tab: the project's search section as a form (every accepted edit a new project: undoable and
autosaved), its ranges, and the search itself run off the kernel's thread with live progress, a table of the
trials, a chart of the score against each searched setting and "apply best"."""

from __future__ import annotations

import copy
import json
import threading
import time
from html import escape

import ipywidgets

from nnbuilder.app._messages import reported
from nnbuilder.app._run_chart import number_text, scatter_svg
from nnbuilder.app._search_trials import best_row, eta_seconds, progress_text, trials_html
from nnbuilder.checking.search_check import search_diagnostics
from nnbuilder.document.project import Project
from nnbuilder.document.search_section import (
    DEFAULTS,
    DIRECTIONS,
    PRUNING,
    SAMPLERS,
    normalize_search,
    search_problems,
    target_key,
)
from nnbuilder.errors import bilingual_error
from nnbuilder.locale.app_text import text
from nnbuilder.locale.problem_words import said
from nnbuilder.training.search_result import SearchResult, TrialRow

TRAINING_TARGETS = ("optimizer.learning_rate", "batch_size", "epochs", "optimizer.name")
METRICS = ("val_loss", "val_accuracy", "loss", "accuracy")


def parse_value(word: str):
    """A value as typed: a JSON number, true/false/null, else the text itself ("relu")."""
    word = word.strip()
    try:
        return json.loads(word)
    except ValueError:
        return word


def range_text(entry: dict) -> str:
    if "values" in entry:
        return ", ".join(json.dumps(v) for v in entry["values"])
    out = f"{number_text(entry['low'])} … {number_text(entry['high'])}"
    return out + (" (log)" if entry.get("log") else "") + (f" step {entry['step']}" if "step" in entry else "")


class SearchTab:
    """`on_change(project)` gets each project with an edited search section (or one best values applied);
    `data_for()` the notebook's own data or None; `project_file()` the project's file or None; `training()` whether
    the Train tab is training now (a search waits for it to end)."""

    def __init__(self, project: Project, *, on_change, on_error, data_for=lambda: None, project_file=lambda: None,
                 training=lambda: False, language: str = "en"):  # fmt: skip
        self._project = project
        self._on_change, self._on_error = on_change, on_error
        self._data_for, self._project_file, self._training = data_for, project_file, training
        self.language = language
        self._draft = copy.deepcopy(project.search or {})
        self._loading = False
        self.rows: list[TrialRow] = []
        self.result: SearchResult | None = None
        self.running = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._section: dict = {}
        box = ipywidgets.Layout(width="300px")
        self.fields = {
            "sampler": ipywidgets.Dropdown(options=SAMPLERS, layout=box),
            "trials": ipywidgets.BoundedIntText(min=1, max=100000, layout=box),
            "metric": ipywidgets.Combobox(options=METRICS, continuous_update=False, layout=box),
            "direction": ipywidgets.Dropdown(layout=box),
            "pruning": ipywidgets.Dropdown(options=PRUNING, layout=box),
            "folds": ipywidgets.BoundedIntText(min=1, max=100, layout=box),
            "seed": ipywidgets.Text(continuous_update=False, layout=box),
        }
        for key, field in self.fields.items():
            field.add_class(f"nnb-search-{key}")
            field.style.description_width = "90px"
            field.observe(lambda c, key=key: self._field_edited(key, c["new"]), names="value")
        self.cluster = ipywidgets.Text(continuous_update=False, layout=box)  # a Ray cluster's HOST:PORT, or empty
        self.cluster.add_class("nnb-search-cluster")
        self.cluster.style.description_width = "90px"
        self.error = ipywidgets.HTML()
        self.error.add_class("nnb-search-error")
        self.ranges = ipywidgets.VBox()
        self.ranges.add_class("nnb-search-ranges")
        self.add_target = ipywidgets.Dropdown(options=TRAINING_TARGETS, layout=ipywidgets.Layout(width="210px"))
        self.add_kind = ipywidgets.ToggleButtons(style={"button_width": "70px"})
        self.add_values = ipywidgets.Text(layout=ipywidgets.Layout(width="160px"))
        self.add_low = ipywidgets.Text(layout=ipywidgets.Layout(width="90px"))
        self.add_high = ipywidgets.Text(layout=ipywidgets.Layout(width="90px"))
        self.add_log = ipywidgets.Checkbox(indent=False, layout=ipywidgets.Layout(width="auto"))
        self.add_button = ipywidgets.Button(icon="plus", layout=ipywidgets.Layout(width="auto"))
        self.add_button.on_click(lambda _b: self._guarded(self.add_range, "search_add"))
        self.add_kind.observe(lambda _c: self._show_add_kind(), names="value")
        for name in ("target", "kind", "values", "low", "high", "log", "button"):
            getattr(self, f"add_{name}").add_class(f"nnb-search-add-{name}")
        self.add_row = ipywidgets.HBox(
            [self.add_target, self.add_kind, self.add_values, self.add_low, self.add_high, self.add_log,
             self.add_button], layout=ipywidgets.Layout(flex_flow="row wrap", align_items="center"),
        )  # fmt: skip
        self.start_button = ipywidgets.Button(
            icon="play", button_style="primary", layout=ipywidgets.Layout(width="auto")
        )
        self.stop_button = ipywidgets.Button(icon="stop", disabled=True, layout=ipywidgets.Layout(width="auto"))
        self.apply_button = ipywidgets.Button(icon="check", disabled=True, layout=ipywidgets.Layout(width="auto"))
        self.start_button.on_click(lambda _b: self._guarded(self.start, "search_start"))
        self.stop_button.on_click(lambda _b: self.stop())
        self.apply_button.on_click(lambda _b: self._guarded(self.apply_best, "search_apply"))
        for key in ("start", "stop", "apply"):
            getattr(self, f"{key}_button").add_class(f"nnb-search-{key}")
        self.progress = ipywidgets.HTML()
        self.progress.add_class("nnb-search-progress")
        self.table = ipywidgets.HTML()
        self.table.add_class("nnb-search-table")
        self.charts = ipywidgets.HTML()
        self.charts.add_class("nnb-search-charts")
        self.headings = {key: ipywidgets.HTML() for key in ("settings", "ranges", "run")}
        self.widget = ipywidgets.VBox(
            [self.headings["settings"], *self.fields.values(), self.error, self.headings["ranges"], self.ranges,
             self.add_row, self.headings["run"],
             self.cluster, ipywidgets.HBox([self.start_button, self.stop_button, self.apply_button]), self.progress,
             self.table,
             self.charts]
        )  # fmt: skip
        self.widget.add_class("nnb-search-tab")
        self.set_language(language)

    # ------------------------------------------------------------ the section
    @property
    def project(self) -> Project:
        return self._project

    def set_project(self, project: Project) -> None:
        """Show `project` (changed elsewhere); a changed search section redraws the form from it."""
        changed = project.search != self._project.search
        self._project = project
        if changed:
            self._draft = copy.deepcopy(project.search or {})
            self._show_section()
            self.error.value = ""

    def _show_section(self) -> None:
        shown = {**DEFAULTS, **self._draft}
        self._loading = True
        try:
            for key in ("sampler", "trials", "metric", "pruning", "folds"):
                self.fields[key].value = shown[key]
            self.fields["direction"].value = self._draft.get("direction", "")
            self.fields["seed"].value = "" if shown["seed"] is None else str(shown["seed"])
        finally:
            self._loading = False
        rows = []
        for index, entry in enumerate(self._draft.get("ranges", [])):
            remove = ipywidgets.Button(icon="times", layout=ipywidgets.Layout(width="auto"))
            remove.description = text(self.language, "search_remove")
            remove.add_class("nnb-search-remove")
            remove.on_click(lambda _b, index=index: self._guarded(lambda: self.remove_range(index), "search_remove"))
            label = ipywidgets.HTML(f"<b>{escape(target_key(entry['target']))}</b>: {escape(range_text(entry))}")
            label.add_class("nnb-search-range")
            rows.append(ipywidgets.HBox([label, remove], layout=ipywidgets.Layout(align_items="center")))
        old = self.ranges.children
        self.ranges.children = rows
        for row in old:
            for child in row.children:
                child.close()
            row.close()

    def _field_edited(self, key: str, value) -> None:
        if self._loading:
            return
        draft = copy.deepcopy(self._draft)
        if key == "seed":
            value = parse_value(value) if str(value).strip() else None
        if key == "direction" and not value:
            draft.pop("direction", None)
        else:
            draft[key] = value
        self._draft = draft
        self._guarded(lambda: self._propose(draft), "search_edit")

    def _problems(self, draft: dict) -> list[tuple[str, str]]:
        """(path, message in the tab's language) of everything wrong with a draft section."""
        found = [(path, said(message, self.language)) for path, message in search_problems(draft)]
        if found:
            return found
        candidate = self._project.with_section("search", draft)
        return [(d.path or "search", d.say(self.language)) for d in search_diagnostics(candidate)
                if d.severity == "error"]  # fmt: skip

    def _propose(self, draft: dict) -> bool:
        """Apply `draft` when it checks clean (the Builder's project changes: undoable); else say why."""
        problems = self._problems(draft)
        if problems:
            path, message = problems[0]
            self.error.value = f"<span style='color:#b00020'>{escape(f'{path}: {message}')}</span>"
            return False
        self.error.value = ""
        if draft != (self._project.search or {}):
            self._project = self._project.with_section("search", draft)
            self._on_change(self._project)
        return True

    def add_range(self) -> None:
        """Add the range the "add" row describes (a refused one is not added: the error names its field)."""
        entry: dict = {"target": {"training": self.add_target.value}}
        if self.add_kind.value == "values":
            entry["values"] = [parse_value(w) for w in self.add_values.value.split(",") if w.strip()]
        else:
            entry.update(low=parse_value(self.add_low.value), high=parse_value(self.add_high.value))
            if self.add_log.value:
                entry["log"] = True
        draft = copy.deepcopy(self._draft)
        draft["ranges"] = [*draft.get("ranges", []), entry]
        if self._propose(draft):
            self._draft = draft
            self._show_section()
            self.add_values.value = self.add_low.value = self.add_high.value = ""

    def remove_range(self, index: int) -> None:
        """Remove a range; without ranges the project has no search section (its other settings stay here)."""
        draft = copy.deepcopy(self._draft)
        del draft["ranges"][index]
        self._draft = draft
        if draft["ranges"]:
            self._propose(draft)
        elif self._project.search is not None:
            self._project = self._project.with_section("search", None)
            self._on_change(self._project)
        self._show_section()

    # ------------------------------------------------------------ running
    def start(self) -> threading.Thread | None:
        """Run the project's search in a worker thread (never the kernel's own); returns the thread."""
        if self.running:
            return None
        project = self._project
        if project.search is None:
            raise _error("search_none")
        if self._training():
            raise _error("search_training")
        from nnbuilder.training.search import search  # deferred: Optuna and the trainer load on the first search

        self._section = normalize_search(project.search)
        self.rows, self.result, self.running = [], None, True
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._show_running()
        data, project_file = self._data_for(), self._project_file()
        address = self.cluster.value.strip()  # on a Ray cluster when one is named
        where = {"engine": "ray", "address": address} if address else {}

        def work():
            try:
                self.rows = _earlier_trials(project, data, project_file)  # counted, listed and charted as well
                self._show_running()
                self.result = search(project, on_trial=self._trial, stop=self._stop, data=data,
                                     project_file=project_file, **where)  # fmt: skip
                self.rows = list(self.result.trials)
            except Exception as exc:
                self._on_error(exc, text(self.language, "search_start"))
            finally:
                self.running = False
                self._show_running()

        self._thread = threading.Thread(target=work, name="nnbuilder-search", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        """The running trial finishes, then the search returns."""
        self._stop.set()
        self._show_running()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _trial(self, row: TrialRow) -> None:
        self.rows = [*self.rows, row]
        self._show_running()

    def best(self) -> TrialRow | None:
        return best_row(self.rows, self._section.get("direction", "minimize"))

    def apply_best(self) -> None:
        """The project with the best trial's values written in (undoable, as every edit)."""
        if self.result is not None and self.result.best is not None:
            project = self.result.apply_best(self._project)
        else:
            from nnbuilder.document.search_section import with_values

            best = self.best()
            if best is None:
                raise _error("search_no_best")
            project = with_values(self._project, best.values)
        self._project = project
        self._on_change(project)
        self.progress.value = escape(text(self.language, "search_applied"))

    def _show_running(self) -> None:
        stopping = self.running and self._stop.is_set()
        self.start_button.disabled = self.running
        self.stop_button.disabled = not self.running or stopping
        self.apply_button.disabled = self.running or self.best() is None
        if not self._section:
            self.progress.value = ""
            return
        eta = eta_seconds(self.rows, self._section.get("trials", 0), time.monotonic() - self._started)
        self.progress.value = progress_text(self.language, self.rows, self._section, self.best(), eta,
                                            self.running, stopping)  # fmt: skip
        keys = [target_key(entry["target"]) for entry in self._section.get("ranges", [])]
        self.table.value = trials_html(self.rows, keys, self._section.get("metric", ""), self.language)
        charts = []
        for entry, key in zip(self._section.get("ranges", []), keys):
            points = [(r.values[key], r.score) for r in self.rows if r.score is not None and key in r.values]
            if points:
                charts.append(scatter_svg(points, key, self._section["metric"], bool(entry.get("log"))))
        self.charts.value = "<div style='display:flex;flex-wrap:wrap;gap:8px'>" + "".join(charts) + "</div>"

    # ------------------------------------------------------------ words
    def _show_add_kind(self) -> None:
        values = self.add_kind.value == "values"
        self.add_values.layout.display = "" if values else "none"
        for widget in (self.add_low, self.add_high, self.add_log):
            widget.layout.display = "none" if values else ""

    def _guarded(self, action, key: str):
        return reported(action, self._on_error, text(self.language, key))

    def set_language(self, language: str) -> None:
        self.language = language
        self._loading = True
        try:
            for key, field in self.fields.items():
                field.description = text(language, f"search_{key}")
                field.description_tooltip = text(language, f"search_{key}_tip")
            direction = self._draft.get("direction", "")
            auto = [(text(language, "search_direction_auto"), "")]
            self.fields["direction"].options = auto + [(text(language, f"search_{d}"), d) for d in DIRECTIONS]
            self.fields["direction"].value = direction
            for key, choices in (("sampler", SAMPLERS), ("pruning", PRUNING)):
                value = self.fields[key].value
                self.fields[key].options = [(text(language, f"search_{key}_{c}"), c) for c in choices]
                self.fields[key].value = value
            kind = self.add_kind.value or "values"
            self.add_kind.options = [(text(language, "search_kind_values"), "values"),
                                     (text(language, "search_kind_range"), "range")]  # fmt: skip
            self.add_kind.value = kind
        finally:
            self._loading = False
        self.fields["seed"].placeholder = text(language, "search_seed_none")
        self.cluster.description, self.cluster.placeholder = text(language, "search_cluster"), "HOST:PORT"
        self.cluster.description_tooltip = text(language, "search_cluster_tip")
        self.add_values.placeholder = text(language, "search_values_hint")
        self.add_low.placeholder, self.add_high.placeholder = (
            text(language, "search_low"),
            text(language, "search_high"),
        )
        self.add_log.description = text(language, "search_log")
        self.add_button.description = text(language, "search_add")
        for key in ("start", "stop", "apply"):
            getattr(self, f"{key}_button").description = text(language, f"search_{key}")
        for key, heading in self.headings.items():
            heading.value = f"<b>{escape(text(language, f'search_heading_{key}'))}</b>"
        self._show_section()
        self._show_add_kind()
        if self.error.value:
            self._propose(self._draft)
        self._show_running()


def _earlier_trials(project: Project, data, project_file) -> list[TrialRow]:
    """The trials an earlier run of the same search left in its study (started again, a search continues it):
    the search stopped before its first trial reads them, training nothing."""
    from nnbuilder.training.search import search

    stopped = threading.Event()
    stopped.set()
    return list(search(project, stop=stopped, data=data, project_file=project_file).trials)


def _error(key: str, **values) -> Exception:
    """The app's words `key` as an error, in English with the Chinese beside it."""
    return bilingual_error(text("en", key, **values), text("zh", key, **values))
