"""The previews under the Train settings' fields: the chosen loss against the prediction for a fixed target, and the
learning rate over the planned epochs when a schedule is chosen (none without one: the rate is then the optimizer's
own, constant, and written in its field).

The numbers come from `nnbuilder.views.course_curves` (Keras itself), as the Inside tab's Curves view draws them; the
first one imports Keras and a schedule may load the data to count its batches, so they are computed in a worker
thread, one at a time, and kept by what they depend on."""

from __future__ import annotations

import contextlib
import copy
import json
import threading
from collections.abc import Callable
from html import escape
from types import SimpleNamespace
from typing import Any

import ipywidgets

from nnbuilder._runtime.latest_jobs import LatestJobs
from nnbuilder.app.inside._curve_chart import Line, error_text, line_chart
from nnbuilder.app.inside._run_counts import class_count, steps_or_guess
from nnbuilder.app.inside.curves_view import loss_kind
from nnbuilder.document.training_settings import DEFAULTS, loss_name
from nnbuilder.locale.inside_curve_words import word as curve_word
from nnbuilder.locale.setting_preview_words import word

WIDTH, HEIGHT = 360, 180
KEPT = 16  # previews kept, the latest ones
_kept: dict[Any, tuple[str, Any]] = {}  # by what a preview depends on: ("ok", result) or ("error", exception)
_kept_lock = threading.Lock()
Draw = Callable[[tuple[str, Any]], None]  # draws ("computing", None), ("ok", result) or ("error", exception)


class SettingPreviews:
    """Two HTML widgets, `loss` and `schedule`, redrawn by `show` from the form's draft."""

    def __init__(self, language: str = "en", awake: bool = True) -> None:
        self.language = language
        self.loss = ipywidgets.HTML()
        self.loss.add_class("nnb-train-loss-preview")
        self.schedule = ipywidgets.HTML()
        self.schedule.add_class("nnb-train-schedule-preview")
        self._lock = threading.RLock()
        self._wanted: dict[str, Any] = {}  # the key each part shows, or is waiting for
        self._jobs = LatestJobs("nnbuilder-setting-previews")  # by part, the latest only
        self.awake = awake  # False: `show` only notes what to draw, until `wake`
        self._asked: tuple[Any, dict, str] | None = None

    def wake(self) -> None:
        """Draw what `show` was last asked for while asleep."""
        if self.awake:
            return
        self.awake = True
        asked, self._asked = self._asked, None
        if asked is not None:
            self.show(*asked)

    def show(self, project: Any, training: dict, language: str) -> None:
        """Draw the previews of the training settings `training` (the form's draft) with `project`'s data."""
        if not self.awake:
            self._asked = (project, copy.deepcopy(training), language)
            return
        self.language = language
        context = SimpleNamespace(project=_with_training(project, training), trainer=None)
        raw = training.get("loss", DEFAULTS["loss"])
        loss = loss_name(raw) or str(raw)
        classes = class_count(context) if loss_kind(loss) == "categorical" else 2
        target: float = 0 if loss_kind(loss) == "categorical" else 1.0
        self._want("loss", ("loss", loss, target, classes), lambda: _loss_curve(loss, target, classes),
                   lambda found: self._draw_loss(loss, target, classes, found))  # fmt: skip
        schedule = training.get("schedule")
        name = schedule.get("name") if isinstance(schedule, dict) else schedule
        if name in (None, "constant"):
            with self._lock:
                self._wanted["schedule"] = None
                self._jobs.drop("schedule")
                self.schedule.value = ""
            return
        data = (json.dumps(project.data, sort_keys=True, default=str), str(getattr(project, "folder", None)))
        key = ("schedule", json.dumps(training, sort_keys=True, default=str), data)
        self._want("schedule", key, lambda: _schedule_preview(context),
                   lambda found: self._draw_schedule(str(name), found))  # fmt: skip

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the previews asked for so far are drawn (or `timeout` seconds pass)."""
        self._jobs.wait(timeout)

    # ------------------------------------------------------------ computing
    def _want(self, part: str, key: Any, compute: Callable[[], Any], draw: Draw) -> None:
        with self._lock:
            self._wanted[part] = key
            with _kept_lock:
                found = _kept.get(key)
            if found is not None:
                self._jobs.drop(part)
                draw(found)
                return
            if self._jobs.running() == (part, key):  # the worker is at it: what waits for this part is not wanted
                self._jobs.drop(part)
            elif not self._jobs.has(part, key):
                self._jobs.put(part, key, lambda: self._compute(part, key, compute, draw))
            draw(("computing", None))

    def _compute(self, part: str, key: Any, compute: Callable[[], Any], draw: Draw) -> None:
        try:
            found: tuple[str, Any] = ("ok", compute())
        except Exception as exc:  # said under the field, in the form's language
            found = ("error", exc)
        with _kept_lock:
            _kept.pop(key, None)
            _kept[key] = found
            while len(_kept) > KEPT:
                _kept.pop(next(iter(_kept)))
        with self._lock:  # drawn only if still wanted: a newer choice may have been drawn meanwhile
            if self._wanted.get(part) == key:
                try:
                    draw(found)
                except Exception as exc:  # a result that cannot be drawn is said like one that failed
                    with contextlib.suppress(Exception):
                        draw(("error", exc))

    # ------------------------------------------------------------ drawing
    def _draw_loss(self, loss: str, target: float, classes: int, found: tuple[str, Any]) -> None:
        lang = self.language
        if _said_instead(self.loss, found, lang, "loss", loss=loss):
            return
        curve = found[1]
        categorical = loss_kind(loss) == "categorical"
        caption = (word(lang, "loss_preview_class", loss=loss, target=target, classes=classes) if categorical
                   else word(lang, "loss_preview", loss=loss, target=target))  # fmt: skip
        axis = curve_word(lang, curve["x_axis"], classes=curve.get("classes", 2))
        chart = line_chart([Line("loss", loss, curve["x"], curve["loss"], 0)], axis, curve_word(lang, "loss"),
                           css_class="nnb-train-preview-chart nnb-train-loss-chart", title=caption, width=WIDTH,
                           height=HEIGHT, legend=False)  # fmt: skip
        self.loss.value = _line(caption, "nnb-train-preview-caption") + chart

    def _draw_schedule(self, name: str, found: tuple[str, Any]) -> None:
        lang = self.language
        if _said_instead(self.schedule, found, lang, "schedule", schedule=name):
            return
        result = found[1]
        curve, how = result["curve"], result["how"][lang if lang in result["how"] else "en"]
        caption = word(lang, "schedule_preview", epochs=curve["epochs"], schedule=curve["schedule"])
        per = curve["steps_per_epoch"]
        xs = [(step + 1) / per for step in curve["step"]]
        chart = line_chart([Line("rate", curve_word(lang, "rate"), xs, curve["per_step"], 0)],
                           curve_word(lang, "epoch"), curve_word(lang, "learning_rate"),
                           css_class="nnb-train-preview-chart nnb-train-schedule-chart", title=caption, width=WIDTH,
                           height=HEIGHT, legend=False)  # fmt: skip
        self.schedule.value = (_line(caption, "nnb-train-preview-caption") + chart
                               + _line(how, "nnb-train-preview-note"))  # fmt: skip


def _said_instead(widget: Any, found: tuple[str, Any], lang: str, part: str, **blanks: str) -> bool:
    """While `found` is being computed, or when it failed, say so in `widget` (words `computing_<part>` and
    `no_<part>_preview`) and return True; a result is left to the caller to draw."""
    state, value = found
    if state == "computing":
        widget.value = _line(word(lang, f"computing_{part}", **blanks), "nnb-train-preview-computing")
    elif state == "error":
        said = word(lang, f"no_{part}_preview", error=error_text(value, lang), **blanks)
        widget.value = _line(said, "nnb-train-preview-error")
    return state in ("computing", "error")


def _line(text: str, css_class: str) -> str:
    return f'<div class="{css_class}" style="font-size:12px;opacity:0.85">{escape(text)}</div>'


def _with_training(project: Any, training: dict) -> Any:
    """`project` with the training section `training`, unchecked (the draft being edited)."""
    shown = copy.copy(project)
    shown.training = training
    return shown


def _loss_curve(loss: str, target: float, classes: int) -> dict:
    from nnbuilder.views.course_curves import loss_curve  # deferred: Keras

    return loss_curve(loss, target, classes=classes)


def _schedule_preview(context: Any) -> dict:
    """The schedule's curve over the planned epochs, with the steps per epoch the trainer would count (else
    estimated, else guessed) and the sentence that says which, in both languages."""
    from nnbuilder.views.course_curves import schedule_curve  # deferred: Keras

    steps, how = 0, {}
    for lang in ("en", "zh"):
        steps, how[lang] = steps_or_guess(context, lang)
    return {"curve": schedule_curve(context.project.training, steps_per_epoch=steps), "how": how}
