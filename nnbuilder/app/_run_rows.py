"""The Runs tab's table: one row of cells per run, what each column sorts by, and the tab's style."""

from __future__ import annotations

import math

from nnbuilder.locale.run_words import run_word
from nnbuilder.training.run_table import duration_text
from nnbuilder.training.runs import STATUSES, Run

COLUMNS = ("name", "star", "when", "duration", "epochs", "best", "test", "device")
CSV_NAME, PNG_NAME = "runs-comparison.csv", "runs-comparison.png"

RUNS_CSS = """
<style>
.nnb-runs-table { display: grid; grid-template-columns: auto repeat(8, minmax(0, auto)); gap: 2px 10px;
  align-items: center; font-size: 13px; overflow-x: auto; }
.nnb-runs-table .widget-checkbox { width: 28px; }
.nnb-runs-compare table { border-collapse: collapse; font-size: 12px; }
.nnb-runs-compare td, .nnb-runs-compare th { border-bottom: 1px solid #eee; padding: 2px 8px; text-align: left; }
.nnb-runs-compare tr.nnb-runs-differs { background: #fff3c4; font-weight: 600; }
.nnb-runs-confirm { background: #fdecea; padding: 4px; }
</style>
"""


def _started(run: Run) -> str:
    return str(run.record.get("started") or "")


def _when(run: Run) -> str:
    started = _started(run)
    return started[:16].replace("T", " ") if started else run.id[:15]


def number_cell(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def sort_value(run: Run, column: str):
    """What a column sorts by (numbers as numbers; a missing value sorts as the least)."""
    best = run.best_val()
    values = {
        "name": run.name.lower(),
        "star": int(run.starred),
        "when": _started(run) or run.id,
        "duration": run.duration,
        "epochs": run.epochs,
        "best": best[1] if best else -math.inf,
        "test": next(iter(sorted(run.test_metrics.items())), ("", -math.inf))[1],
        "device": str(run.record.get("device") or ""),
    }
    return values[column]


def run_cells(run: Run, language: str) -> list[str]:
    """One run's cells, in the order of COLUMNS."""
    best = run.best_val()
    test = ", ".join(f"{k} {v:.4f}" for k, v in sorted(run.test_metrics.items()))
    status = run_word(language, run.status) if run.status in STATUSES else run.status
    name = run.name or run.id
    return [
        f"{name} ({status})" if run.status != "finished" else name,
        "★" if run.starred else "",
        _when(run),
        duration_text(run.duration),
        str(run.epochs),
        f"{best[0]} {best[1]:.4f}" if best else "",
        test,
        str(run.record.get("device") or ""),
    ]


def run_labels(runs: list[Run]) -> list[str]:
    """What the chart's legend and the comparison's columns call each run: its name, with the time it started
    when another run of the list has the same name (and its place in the list when that is the same too)."""
    names = [run.name or run.id for run in runs]
    labels = [
        f"{name} {_started(run)[11:19]}".strip() if names.count(name) > 1 else name for name, run in zip(names, runs)
    ]
    return [f"{label} #{i + 1}" if labels.count(label) > 1 else label for i, label in enumerate(labels)]
