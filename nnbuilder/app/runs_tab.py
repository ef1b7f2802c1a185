"""The Runs tab: the runs recorded in the app's runs folder as a table to sort and select; the settings that
differ between the selected runs, their curves overlaid, and rename, star, delete, open and export."""

from __future__ import annotations

import threading
from html import escape
from pathlib import Path

import ipywidgets

from nnbuilder.app._messages import reported
from nnbuilder.app._run_chart import curves_svg
from nnbuilder.app._run_chart_png import curves_png, draws
from nnbuilder.app._run_rows import (
    COLUMNS,
    CSV_NAME,
    PNG_NAME,
    RUNS_CSS,
    number_cell,
    run_cells,
    run_labels,
    sort_value,
)
from nnbuilder.document.files import write_atomic, write_atomic_with
from nnbuilder.document.project import Project
from nnbuilder.errors import bilingual_error
from nnbuilder.locale.app_text import text
from nnbuilder.locale.run_words import run_word
from nnbuilder.training.runs import Run, compare, delete_run, list_runs, rename_run, star_run, to_csv


class RunsTab:
    """`runs_folder()` says where the app's runs are; `on_open(project, run)` opens a run's project;
    `download(data, name, mime)` offers a file to the browser; `on_error(exc, what)` shows failures."""

    def __init__(self, runs_folder, *, on_open, on_error, download, language: str = "en"):
        self.runs_folder = runs_folder
        self._on_open, self._on_error, self._download = on_open, on_error, download
        self.language = language
        self.runs: list[Run] = []
        self.selected: list[str] = []  # run ids in the order they were ticked
        self.sort_column, self.descending = "when", True
        self._lock = threading.RLock()
        self._quiet = False
        self.refreshing: threading.Thread | None = None  # the refresh waiting for a run to be recorded
        self._row_widgets: list = []
        self.headers = {}
        for column in COLUMNS:
            button = ipywidgets.Button(layout=ipywidgets.Layout(width="auto"))
            button.add_class("nnb-runs-header")
            button.add_class(f"nnb-runs-sort-{column}")
            button.on_click(lambda _b, column=column: self._guarded(lambda: self.sort_by(column), "runs_sort"))
            self.headers[column] = button
        self.sort = ipywidgets.Dropdown(layout=ipywidgets.Layout(width="170px"))
        self.sort.add_class("nnb-runs-sort")
        self.reverse = ipywidgets.Checkbox(value=True, indent=False, layout=ipywidgets.Layout(width="auto"))
        self.refresh_button = ipywidgets.Button(icon="refresh", layout=ipywidgets.Layout(width="auto"))
        self.refresh_button.add_class("nnb-runs-refresh")
        self.refresh_button.on_click(lambda _b: self._guarded(self.refresh, "runs_refresh"))
        self.folder_line = ipywidgets.HTML()
        self.folder_line.add_class("nnb-runs-folder")
        self.table = ipywidgets.GridBox()
        self.table.add_class("nnb-runs-table")
        self.name_field = ipywidgets.Text(layout=ipywidgets.Layout(width="200px"))
        self.name_field.add_class("nnb-runs-name")
        self.buttons = {}
        for key, icon in (("rename", "pencil"), ("star", "star"), ("delete", "trash"), ("open", "folder-open"),
                          ("csv", "download"), ("png", "image")):  # fmt: skip
            button = ipywidgets.Button(icon=icon, layout=ipywidgets.Layout(width="auto"))
            button.add_class(f"nnb-runs-{key}")
            self.buttons[key] = button
        self.buttons["rename"].on_click(lambda _b: self._guarded(self.rename, "runs_rename"))
        self.buttons["star"].on_click(lambda _b: self._guarded(self.toggle_star, "runs_star"))
        self.buttons["delete"].on_click(lambda _b: self._guarded(self.ask_delete, "runs_delete"))
        self.buttons["open"].on_click(lambda _b: self._guarded(self.open_selected, "runs_open"))
        self.buttons["csv"].on_click(lambda _b: self._guarded(self.export_csv, "runs_csv"))
        self.buttons["png"].on_click(lambda _b: self._guarded(self.export_png, "runs_png"))
        self.confirm_line = ipywidgets.HTML()
        self.confirm_yes = ipywidgets.Button(button_style="danger", layout=ipywidgets.Layout(width="auto"))
        self.confirm_yes.add_class("nnb-runs-confirm-yes")
        self.confirm_no = ipywidgets.Button(layout=ipywidgets.Layout(width="auto"))
        self.confirm_yes.on_click(lambda _b: self._guarded(self.delete_selected, "runs_delete"))
        self.confirm_no.on_click(lambda _b: self._hide_confirm())
        self.confirm = ipywidgets.HBox([self.confirm_line, self.confirm_yes, self.confirm_no],
                                       layout=ipywidgets.Layout(display="none"))  # fmt: skip
        self.confirm.add_class("nnb-runs-confirm")
        self.status = ipywidgets.HTML()
        self.status.add_class("nnb-runs-status")
        self.metric = ipywidgets.Dropdown(layout=ipywidgets.Layout(width="200px"))
        self.metric.add_class("nnb-runs-metric")
        self.chart = ipywidgets.HTML()
        self.chart.add_class("nnb-runs-chart-box")
        self.only_differing = ipywidgets.Checkbox(value=False, indent=False, layout=ipywidgets.Layout(width="auto"))
        self.comparison = ipywidgets.HTML()
        self.comparison.add_class("nnb-runs-compare")
        self._relabel_controls()
        self.sort.value = self.sort_column
        self.sort.observe(lambda _c: self._sort_controls_changed(), names="value")
        self.reverse.observe(lambda _c: self._sort_controls_changed(), names="value")
        self.metric.observe(lambda _c: self._guarded(self._show_chart, "runs_chart"), names="value")
        self.only_differing.observe(lambda _c: self._guarded(self._show_comparison, "runs_compare"), names="value")
        style = ipywidgets.HTML(RUNS_CSS, layout=ipywidgets.Layout(display="none"))
        row = ipywidgets.HBox
        self.widget = ipywidgets.VBox(
            [style, row([self.refresh_button, self.sort, self.reverse]), self.folder_line, self.table,
             row([self.name_field, *self.buttons.values()], layout=ipywidgets.Layout(flex_flow="row wrap")),
             self.confirm, self.status, row([self.metric]), self.chart, self.only_differing, self.comparison]
        )  # fmt: skip
        self.widget.add_class("nnb-runs-tab")

    # ------------------------------------------------------------ reading
    def folder(self) -> Path:
        return Path(self.runs_folder())

    def refresh(self) -> None:
        """Read the runs folder again (a missing folder is no runs yet); the selection keeps the runs still there."""
        folder = self.folder()
        runs = list_runs(folder) if folder.is_dir() else []
        with self._lock:
            self.runs = runs
            ids = {run.id for run in runs}
            self.selected = [run_id for run_id in self.selected if run_id in ids]
            self._show_all()

    def refresh_when_done(self, *waits) -> threading.Thread:
        """Refresh once each of `waits` (a trainer's wait, an evaluation's) has returned, off the calling thread."""

        def work():
            for wait in waits:
                wait()
                self._guarded(self.refresh, "runs_refresh")

        thread = threading.Thread(target=work, name="nnbuilder-runs-refresh", daemon=True)
        self.refreshing = thread
        thread.start()
        return thread

    def chosen(self) -> list[Run]:
        by_id = {run.id: run for run in self.runs}
        return [by_id[run_id] for run_id in self.selected if run_id in by_id]

    # ------------------------------------------------------------ table
    def sort_by(self, column: str, descending: bool | None = None) -> None:
        """Sort by `column`; the same column again turns the order round."""
        if column not in COLUMNS:
            raise ValueError(f"column: expected one of {', '.join(COLUMNS)}, got {column!r}")
        if descending is None:
            descending = not self.descending if column == self.sort_column else column != "name"
        with self._lock:
            self.sort_column, self.descending = column, bool(descending)
            self._show_all()

    def _sort_controls_changed(self) -> None:
        if not self._quiet and self.sort.value in COLUMNS:
            self._guarded(lambda: self.sort_by(self.sort.value, self.reverse.value), "runs_sort")

    def ordered(self) -> list[Run]:
        runs = sorted(self.runs, key=lambda run: run.id, reverse=self.descending)
        return sorted(runs, key=lambda run: sort_value(run, self.sort_column), reverse=self.descending)

    def select(self, run_ids) -> None:
        """Tick exactly the runs `run_ids` (as a click on their boxes would)."""
        known = {run.id for run in self.runs}
        missing = [run_id for run_id in run_ids if run_id not in known]
        if missing:
            raise ValueError(f"run ids: no run {missing[0]!r} in {self.folder()}")
        with self._lock:
            self.selected = list(dict.fromkeys(run_ids))
            self._show_all()

    def _ticked(self, run_id: str, on: bool) -> None:
        with self._lock:
            if on and run_id not in self.selected:
                self.selected.append(run_id)
            elif not on and run_id in self.selected:
                self.selected.remove(run_id)
            self._show_selection()

    def _show_all(self) -> None:
        self._show_table()
        self._show_selection()

    def _show_table(self) -> None:
        old = self._row_widgets
        arrow = " ▼" if self.descending else " ▲"
        for column, button in self.headers.items():
            button.description = text(self.language, f"runs_col_{column}") + (
                arrow if column == self.sort_column else ""
            )
        self._quiet = True  # the sort controls follow a header click without sorting again
        try:
            self.sort.value, self.reverse.value = self.sort_column, self.descending
        finally:
            self._quiet = False
        cells: list = [ipywidgets.HTML("")]
        cells += list(self.headers.values())
        rows = []
        for run in self.ordered():
            box = ipywidgets.Checkbox(value=run.id in self.selected, indent=False,
                                      layout=ipywidgets.Layout(width="28px"))  # fmt: skip
            box.add_class("nnb-runs-select")
            box.add_class(f"nnb-run-{run.id}")
            box.observe(lambda c, run_id=run.id: self._guarded(lambda: self._ticked(run_id, c["new"]), "runs_select"),
                        names="value")  # fmt: skip
            row = [box, *(ipywidgets.HTML(escape(cell)) for cell in run_cells(run, self.language))]
            row[1].add_class("nnb-runs-run-name")
            rows += row
        self._row_widgets = rows
        self.table.children = tuple(cells + rows)
        for widget in old:
            widget.close()
        count = len(self.runs)
        self.folder_line.value = escape(text(self.language, "runs_folder", count=count, folder=str(self.folder())))

    def _show_selection(self) -> None:
        chosen = self.chosen()
        one, some = len(chosen) == 1, bool(chosen)
        for key in ("rename", "open"):
            self.buttons[key].disabled = not one
        for key in ("star", "delete", "csv", "png"):
            self.buttons[key].disabled = not some
        if one and not self.name_field.value:
            self.name_field.value = chosen[0].name
        names = sorted({name for run in chosen for name in run.history})
        preferred = next((best[0] for run in chosen if (best := run.best_val())), None)
        current = self.metric.value if self.metric.value in names else preferred or (names[0] if names else None)
        self.metric.options = names
        self.metric.value = current
        self._show_chart()
        self._show_comparison()

    def _series(self) -> list[tuple[str, list[float | None]]]:
        metric = self.metric.value
        chosen = self.chosen()
        return [(label, list(run.history.get(metric) or [])) for run, label in zip(chosen, run_labels(chosen))]

    def _show_chart(self) -> None:
        chosen = self.chosen()
        if not chosen or not self.metric.value:
            self.chart.value = f"<i>{escape(text(self.language, 'runs_pick'))}</i>"
            return
        self.chart.value = curves_svg(self._series(), self.metric.value, text(self.language, "runs_epoch"))

    def _show_comparison(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.comparison.value = ""
            return
        table = compare(chosen)
        head = "".join(f"<th>{escape(label)}</th>" for label in run_labels(chosen))
        lines = [f"<tr><th>{escape(text(self.language, 'runs_setting'))}</th>{head}</tr>"]
        for key, values, differs in sorted(table.rows, key=lambda row: not row[2]):  # what differs comes first
            if self.only_differing.value and not differs:
                continue
            css = ' class="nnb-runs-differs"' if differs else ""
            cells = "".join(f"<td>{escape('' if v is None else number_cell(v))}</td>" for v in values)
            lines.append(f'<tr{css} data-key="{escape(key)}"><td>{escape(key)}</td>{cells}</tr>')
        if len(chosen) > 1:
            said = text(self.language, "runs_differing", count=len(table.differing))
            lines.insert(0, f"<caption>{escape(said)}</caption>")
        self.comparison.value = f"<table>{''.join(lines)}</table>"

    # ------------------------------------------------------------ actions
    def rename(self, name: str | None = None) -> None:
        (run,) = self._exactly_one()
        name = self.name_field.value if name is None else name
        rename_run(run.folder.parent, run.id, name)
        self._said(run_word(self.language, "renamed", run=run.id, name=name.strip()))
        self.refresh()

    def toggle_star(self) -> None:
        chosen = self.chosen()
        starred = not all(run.starred for run in chosen)
        for run in chosen:
            star_run(run.folder.parent, run.id, starred)
        key = "starred" if starred else "unstarred"
        self._said("; ".join(run_word(self.language, key, run=run.id) for run in chosen))
        self.refresh()

    def ask_delete(self) -> None:
        count = len(self.chosen())
        if count:
            self.confirm_line.value = escape(text(self.language, "runs_confirm_delete", count=count))
            self.confirm.layout.display = "flex"

    def _hide_confirm(self) -> None:
        self.confirm.layout.display = "none"

    def delete_selected(self) -> None:
        self._hide_confirm()
        chosen = self.chosen()
        for run in chosen:
            delete_run(run.folder.parent, run.id)
        self._said("; ".join(run_word(self.language, "deleted", run=run.id) for run in chosen))
        self.refresh()

    def open_selected(self) -> None:
        (run,) = self._exactly_one()
        document = run.record.get("project")
        if not isinstance(document, dict):
            raise _error("runs_no_project", run=run.id)
        self._on_open(Project.from_dict(document), run)

    def export_csv(self) -> Path:
        data = to_csv(compare(self.chosen()))
        target = self.folder() / CSV_NAME
        write_atomic(target, data)
        self._download(data.encode("utf-8"), CSV_NAME, "text/csv")
        self._said(text(self.language, "runs_exported", name=CSV_NAME, folder=str(self.folder())))
        return target

    def export_png(self) -> Path:
        epoch_word = text(self.language, "runs_epoch")
        if not draws(epoch_word):  # no font with Chinese on this machine: the English word, not empty boxes
            epoch_word = text("en", "runs_epoch")
        data = curves_png(self._series(), self.metric.value or "", epoch_word)
        target = self.folder() / PNG_NAME
        write_atomic_with(target, lambda fh: fh.write(data))
        self._download(data, PNG_NAME, "image/png")
        self._said(text(self.language, "runs_exported", name=PNG_NAME, folder=str(self.folder())))
        return target

    def _exactly_one(self) -> list[Run]:
        chosen = self.chosen()
        if len(chosen) != 1:
            raise _error("runs_pick_one", count=len(chosen))
        return chosen

    def _said(self, message: str) -> None:
        self.status.value = escape(message)

    def _guarded(self, action, key: str):
        return reported(action, self._on_error, text(self.language, key))

    # ------------------------------------------------------------ language
    def _relabel_controls(self) -> None:
        lang = self.language
        labels = [(text(lang, f"runs_col_{column}"), column) for column in COLUMNS]
        self._quiet = True
        try:
            self.sort.options = labels
            self.sort.value = self.sort_column
        finally:
            self._quiet = False
        self.sort.description = text(lang, "runs_sort_by")
        self.reverse.description = text(lang, "runs_descending")
        self.refresh_button.description = text(lang, "runs_refresh")
        self.name_field.placeholder = text(lang, "runs_new_name")
        for key, button in self.buttons.items():
            button.description = text(lang, f"runs_{key}")
            button.tooltip = text(lang, f"runs_{key}_tip")
        self.confirm_yes.description = text(lang, "runs_delete_yes")
        self.confirm_no.description = text(lang, "runs_delete_no")
        self.metric.description = text(lang, "runs_metric")
        self.only_differing.description = text(lang, "runs_only_differing")

    def set_language(self, language: str) -> None:
        with self._lock:
            self.language = language
            self._relabel_controls()
            if self.confirm.layout.display != "none":
                self.ask_delete()
            self._show_all()


def _error(key: str, **values) -> Exception:
    """The app's words `key` as an error, in English with the Chinese beside it."""
    return bilingual_error(text("en", key, **values), text("zh", key, **values))
