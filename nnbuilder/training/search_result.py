"""What a search found: one row per trial of the study, the best of them, and a cross-validation's scores."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnbuilder.document.project import Project
from nnbuilder.document.search_section import with_values
from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.search_words import search_word

STATES = {"COMPLETE": "complete", "PRUNED": "pruned", "FAIL": "fail", "RUNNING": "running", "WAITING": "waiting"}


@dataclass(frozen=True)
class TrialRow:
    """One trial: its number, the values it tried, its score (the mean over folds) and spread, its state
    (complete, pruned, fail), its runs, how long it took, and with the cluster engine where it ran (`node`:
    host, node_id, pid)."""

    number: int
    values: dict[str, Any]
    score: float | None
    spread: float | None
    state: str
    run_ids: tuple[str, ...]
    duration: float | None
    error: str | None = None
    node: dict[str, Any] | None = None

    @property
    def run_id(self) -> str | None:
        """The trial's run (its first fold's with cross-validation)."""
        return self.run_ids[0] if self.run_ids else None

    def line(self, metric: str, language: str = "en") -> str:
        """One line for the command line: values, score, state, seconds and run."""
        score = "-" if self.score is None else f"{self.score:.4f}"
        if self.spread is not None and self.score is not None and len(self.run_ids) > 1:
            score += f" ± {self.spread:.4f}"
        state = search_word(language, f"state_{self.state}")
        seconds = "-" if self.duration is None else f"{self.duration:.1f}"
        return (
            search_word(
                language,
                "trial",
                number=self.number,
                values=_values_text(self.values),
                metric=metric,
                score=score,
                state=state,
                seconds=seconds,
                run=self.run_id or "-",
            )
            + (f": {self.error}" if self.error else "")
            + self._where(language)
        )

    def _where(self, language: str) -> str:
        if not self.node:
            return ""
        node = str(self.node.get("node_id", "-"))[:12]
        return "; " + search_word(language, "ran_on", host=self.node.get("host", "-"), node=node)


def trial_row(frozen: Any) -> TrialRow:
    """The row of one of the study's trials (an Optuna FrozenTrial), from what the trial recorded."""
    attrs = frozen.user_attrs
    state = STATES.get(frozen.state.name, frozen.state.name.lower())
    score = frozen.value if frozen.value is not None else attrs.get("score")
    duration = frozen.duration.total_seconds() if frozen.duration is not None else None
    return TrialRow(
        frozen.number,
        dict(attrs.get("values", frozen.params)),
        None if score is None or not math.isfinite(score) else float(score),
        attrs.get("spread"),
        state,
        tuple(attrs.get("run_ids", ())),
        duration,
        attrs.get("error"),
        attrs.get("node"),
    )


def _values_text(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


@dataclass
class SearchResult:
    """What a search found: every trial of the study (this call's and earlier ones'), and the best."""

    study_name: str
    storage: Path
    runs_folder: Path
    metric: str
    direction: str
    trials: list[TrialRow] = field(default_factory=list)
    search: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> TrialRow | None:
        done = [t for t in self.trials if t.state == "complete" and t.score is not None]
        if not done:
            return None
        return (min if self.direction == "minimize" else max)(done, key=lambda t: t.score)  # type: ignore[arg-type,return-value]

    @property
    def best_params(self) -> dict[str, Any]:
        best = self.best
        return dict(best.values) if best is not None else {}

    @property
    def best_value(self) -> float | None:
        best = self.best
        return best.score if best is not None else None

    def table(self) -> list[dict[str, Any]]:
        """The trials as rows of plain values (number, values, score, spread, state, run_id, duration, node)."""
        return [
            {
                "number": t.number,
                "values": dict(t.values),
                "score": t.score,
                "spread": t.spread,
                "state": t.state,
                "run_id": t.run_id,
                "duration": t.duration,
                "node": None if t.node is None else dict(t.node),
            }
            for t in self.trials
        ]

    def best_line(self, language: str = "en") -> str:
        best = self.best
        if best is None:
            return search_word(language, "no_best")
        score = f"{best.score:.4f}" if best.score is not None else "-"
        values = _values_text(best.values)
        return search_word(language, "best", number=best.number, metric=self.metric, score=score, values=values)

    def apply_best(self, project: Project) -> Project:
        """A new project with the best trial's values written in (its search section kept)."""
        if self.best is None:
            raise NNBuilderError(search_word("en", "no_best"))
        searched = project if project.search is not None else project.with_section("search", self.search)
        out = with_values(searched, self.best_params)
        out.search = project.search
        return out


@dataclass(frozen=True)
class CrossValidation:
    """A k-fold cross-validation of one project: the fold scores, their mean and spread, the runs."""

    metric: str
    scores: list[float]
    mean: float
    spread: float
    run_ids: list[str]
