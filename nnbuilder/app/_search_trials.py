"""What the Search tab says about a running search: trials done of all, the best so far, the time left (the
mean trial's time for each trial still to run) and the table of trials, one row per finished trial."""

from __future__ import annotations

from html import escape

from nnbuilder.app._run_chart import number_text
from nnbuilder.locale.app_text import text
from nnbuilder.training.run_table import duration_text
from nnbuilder.training.search_result import TrialRow

CELL = "padding:2px 8px;border-bottom:1px solid #eee;text-align:left"


def best_row(rows: list[TrialRow], direction: str) -> TrialRow | None:
    """The best complete trial of `rows` for `direction` (minimize or maximize), or None."""
    done = [row for row in rows if row.state == "complete" and row.score is not None]
    if not done:
        return None
    pick = min if direction == "minimize" else max
    return pick(done, key=lambda row: row.score)  # type: ignore[arg-type,return-value]


def eta_seconds(rows: list[TrialRow], total: int, elapsed: float) -> float | None:
    """Seconds left: the mean time of the trials done so far times the trials still to run (None before the first)."""
    if not rows:
        return None
    times = [row.duration for row in rows if row.duration is not None]
    mean = sum(times) / len(times) if times else elapsed / len(rows)
    return max(total - len(rows), 0) * mean


def progress_text(language: str, rows: list[TrialRow], section: dict, best: TrialRow | None, eta: float | None,
                  running: bool, stopping: bool) -> str:  # fmt: skip
    """One HTML line: state, trials done of all, the best so far and the time left."""
    done, total = len(rows), section.get("trials", 0)
    state = "search_stopping" if stopping else "search_running" if running else "search_finished"
    parts = [text(language, state), text(language, "search_done", done=done, total=total)]
    if best is not None and best.score is not None:
        values = ", ".join(f"{k}={v!r}" for k, v in best.values.items())
        parts.append(text(language, "search_best", metric=section.get("metric", ""), score=f"{best.score:.4f}",
                          number=best.number, values=values))  # fmt: skip
    if running and eta is not None:
        parts.append(text(language, "search_eta", time=duration_text(eta)))
    return " · ".join(escape(part) for part in parts)


def trials_html(rows: list[TrialRow], keys: list[str], metric: str, language: str) -> str:
    """The trials as an HTML table: number, each searched value, score, state, seconds and run."""
    if not rows:
        return ""
    head = [text(language, "search_col_trial"), *keys, metric, text(language, "search_col_state"),
            text(language, "search_col_seconds"), text(language, "search_col_run")]  # fmt: skip
    lines = ["<tr>" + "".join(f"<th style='{CELL}'>{escape(cell)}</th>" for cell in head) + "</tr>"]
    for row in rows:
        score = "" if row.score is None else f"{row.score:.4f}"
        values = [row.values.get(key) for key in keys]
        cells = [str(row.number)]
        cells += ["" if v is None else number_text(v) if isinstance(v, float) else str(v) for v in values]
        cells += [score, text(language, f"search_state_{row.state}") if row.state else "",
                  "" if row.duration is None else f"{row.duration:.1f}", row.run_id or ""]  # fmt: skip
        title = f' title="{escape(row.error)}"' if row.error else ""
        lines.append(
            f'<tr class="nnb-search-trial"{title}>'
            + "".join(f"<td style='{CELL}'>{escape(c)}</td>" for c in cells)
            + "</tr>"
        )
    style = "border-collapse:collapse;font-size:12px"
    return f"<table style='{style}' class='nnb-search-trials'>{''.join(lines)}</table>"
