"""The runs of a runs folder as a text table (what `nnbuilder runs` prints), in English or Chinese."""

from __future__ import annotations

import unicodedata

from nnbuilder.locale.run_words import run_word
from nnbuilder.training.runs import STATUSES, Run

COLUMNS = ("col_id", "col_name", "col_star", "col_status", "col_epochs", "col_duration", "col_best", "col_test")


def duration_text(seconds: float) -> str:
    """12.3s, 4m 05s, 2h 03m."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def run_row(run: Run, language: str = "en") -> list[str]:
    """One run's cells, in the order of COLUMNS."""
    best = run.best_val()
    test = ", ".join(f"{k} {v:.4f}" for k, v in sorted(run.test_metrics.items()))
    status = run_word(language, run.status) if run.status in STATUSES else run.status
    return [
        run.id,
        run.name,
        "*" if run.starred else "",
        status,
        str(run.epochs),
        duration_text(run.duration),
        f"{best[0]} {best[1]:.4f}" if best else "",
        test,
    ]


def _width(text: str) -> int:
    """Columns a terminal gives `text` (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def runs_table(runs: list[Run], language: str = "en") -> list[str]:
    """The table's lines: a header, then one line per run, columns padded to line up."""
    rows = [[run_word(language, key) for key in COLUMNS], *[run_row(run, language) for run in runs]]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip() for row in rows]
