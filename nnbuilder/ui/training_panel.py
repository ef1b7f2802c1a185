"""The live training panel: progress, loss and metric charts, samples, Start/Stop.

It subscribes to a Trainer's event stream. Per-batch points travel as small
throttled messages (see `_chart_feed`), never through a trait, so training runs
at full speed; the compact state (status, per-epoch history) is a synced trait so
that any view can redraw it, and a view asks for the per-batch points it missed.

Some front ends never show what the training thread sends (Google Colab drops
widget messages sent from a background thread; ipykernel 7.0.0 did too). So the
browser also pulls: while a run is active and nothing arrived for a while it sends
a "poll" with the number of the last chart message it holds, and the answer, made
by the kernel's own message handling (its main thread, or a subshell's thread in
JupyterLab 4.4+), carries the messages after it and the traits the training thread
changed since. Setting the environment variable `NNBUILDER_THREAD_PUSHES=0` makes
the panel send nothing from the training thread, as those front ends do, so that
the pulling path can be seen at work.
"""

from __future__ import annotations

import contextlib
import copy
import os
import sys
import threading
import time
import traceback

import anywidget
import traitlets

from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.locale.error_words import said_error
from nnbuilder.ui._chart_feed import ChartFeed, Sequence
from nnbuilder.ui._png import image_grid, png_data_url
from nnbuilder.ui._run_state import apply_event, history_from, initial_state, with_status
from nnbuilder.ui._static import bundle_text


def samples_payload(event: dict) -> dict:
    """A samples event as one PNG grid (autoencoder pairs side by side) for the browser."""
    pairs = bool(event.get("pairs"))
    grid = image_grid(event["images"], pairs=pairs)
    return {
        "epoch": event.get("epoch"),
        "title": str(event.get("title") or ""),
        "pairs": pairs,
        "count": int(len(event["images"])),
        "width": int(grid.shape[1]),
        "height": int(grid.shape[0]),
        "src": png_data_url(grid),
    }


def thread_pushes_enabled() -> bool:
    """False when `NNBUILDER_THREAD_PUSHES` is 0, off, no or false: nothing is sent from the training thread."""
    return os.environ.get("NNBUILDER_THREAD_PUSHES", "1").strip().lower() not in ("0", "off", "no", "false")


_delivering = threading.local()  # how deep this thread is in delivering trainer events


def _on_training_thread() -> bool:
    """True while a thread other than the main one delivers a trainer's event (the trainer's worker)."""
    return getattr(_delivering, "depth", 0) > 0 and threading.current_thread() is not threading.main_thread()


def _batch_size(trainer) -> int | None:
    training = getattr(trainer, "training", None)
    size = training.get("batch_size") if isinstance(training, dict) else None
    return size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else None


class TrainingPanel(anywidget.AnyWidget):
    """Watch and steer a `nnbuilder.training.Trainer`.

    `panel = TrainingPanel(trainer)` shows its progress live; the Start, Stop and
    Continue buttons call `trainer.start()` / `trainer.stop()`; `panel.attach(other)`
    switches to another trainer. `interval` is the least time between chart updates
    (seconds); `clock` replaces `time.monotonic` (tests). `language` ("en" or "zh")
    is the language of everything the panel writes; sentences from Python (errors,
    the dataset note) are shown as they are. `before_start`, when set, runs first on
    each Start (an app brings its trainer up to date with the project there).
    """

    state = traitlets.Dict(help="Run facts, status, progress at the last event and the per-epoch history.").tag(
        sync=True
    )
    samples = traitlets.Dict(help="The latest samples as one PNG grid (data URL), or empty.").tag(sync=True)
    language = traitlets.Enum(["en", "zh"], "en", help="Language of the panel's buttons, lines and charts.").tag(
        sync=True
    )

    def __init__(self, trainer=None, *, interval: float = 0.25, clock=None, language: str = "en", layout=None):
        if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval < 0:
            raise TypeError(f"interval: expected a number of seconds (0 or more), got {interval!r}")
        self._esm = bundle_text("training.js")
        self._css = bundle_text("training.css")
        self._interval = float(interval)
        self._clock = clock or time.monotonic
        self._lock = threading.RLock()
        self._trainer = None
        self._unsubscribe = None
        self._sequence = Sequence()
        self._thread_pushes = thread_pushes_enabled()
        self._changed_off_main: set[str] = set()  # traits a pull sends again: their first send may be lost
        self._feed = self._new_feed()
        self.before_start = None  # called by start() before it reads which trainer to start
        kwargs = {"layout": layout} if layout is not None else {}
        super().__init__(state=initial_state(), samples={}, language=language, **kwargs)
        self.observe(self._note_change, names=["state", "samples"])
        self.on_msg(self._on_message)
        if trainer is not None:
            self.attach(trainer)

    # ------------------------------------------------------------ public API
    @property
    def trainer(self):
        """The trainer shown, or None."""
        return self._trainer

    def attach(self, trainer) -> None:
        """Show `trainer` (its history so far, then its events) instead of the current one."""
        for method in ("subscribe", "start", "stop"):
            if not callable(getattr(trainer, method, None)):
                raise TypeError(
                    f"trainer: expected a nnbuilder Trainer (with {method}()), got {type(trainer).__name__}"
                )
        with self._lock:
            earlier = self._earlier()
            self._drop_trainer()
            self._feed = self._new_feed()
            self._feed.batch_size = _batch_size(trainer)
            self._trainer = trainer
            state = initial_state(attached=True)
            state["history"] = history_from(getattr(trainer, "history", None))
            state["earlier"] = earlier
            state["device"] = getattr(trainer, "device", None)
            if getattr(trainer, "running", False):  # attached mid-run: progress from where it is
                epochs = getattr(trainer, "target_epochs", None)
                state.update(status="running", running=True, epochs=epochs)
                self._feed.begin(getattr(trainer, "epoch", 0), epochs, getattr(trainer, "steps", None))
            self.state = state
            self.samples = {}
            self._unsubscribe = trainer.subscribe(self._subscriber(self._feed))  # before the snapshot: none is missed
            self._feed.snapshot()

    def detach(self) -> None:
        """Stop listening to the trainer (it keeps training if it is running)."""
        with self._lock:
            self._drop_trainer()
            self._feed = self._new_feed()
            self.state = initial_state()
            self.samples = {}
            self._feed.snapshot()

    def start(self) -> None:
        """Start training, or continue after a stop or finish (trains the set number of epochs more)."""
        if self.before_start is not None:
            self._call(self.before_start, "could not start training")
        trainer = self._need_trainer()
        if getattr(trainer, "running", False):
            return
        with self._lock:
            self.state = with_status(
                self.state, "starting", running=True, error=None, message=None, reason=None, end_values=None
            )
        self._call(trainer.start, "could not start training")

    def stop(self) -> None:
        """Ask the trainer to stop within one batch; the end event sets the final status."""
        trainer = self._need_trainer()
        with self._lock:
            # a stop racing the end event must not turn "finished" back into "stopping"
            if self.state.get("status") not in ("running", "starting"):
                return
            self.state = with_status(self.state, "stopping")
        self._call(trainer.stop, "could not stop training")

    def show_note(self, note: str | None, note_zh: str | None = None) -> None:
        """A line under the status, in English and Chinese (the next run's own note replaces it)."""
        with self._lock:
            self.state = {**self.state, "note": note, "note_zh": note_zh}

    def close(self) -> None:
        if hasattr(self, "_lock"):  # also called from __del__ after a failed __init__
            with self._lock:
                self._drop_trainer()
        super().close()

    # ------------------------------------------------------------ internals
    def _new_feed(self) -> ChartFeed:
        feed = None

        def send(message):
            if self._feed is feed:  # an old trainer's late event must not reach the new charts
                self.send(message)

        def on_event(event):
            if self._feed is feed:
                self._on_event(event)

        feed = ChartFeed(send, clock=self._clock, interval=self._interval, on_event=on_event, sequence=self._sequence)
        return feed

    @staticmethod
    def _subscriber(feed: ChartFeed):
        def deliver(event):
            _delivering.depth = getattr(_delivering, "depth", 0) + 1
            try:
                feed(event)
            finally:
                _delivering.depth -= 1

        return deliver

    def _send(self, msg, buffers=None):
        """Every widget message (trait updates and chart messages); those of the training thread are
        dropped when thread pushes are off, as the front ends that drop them would."""
        if self._thread_pushes or not _on_training_thread():
            super()._send(msg, buffers)

    def _note_change(self, change) -> None:
        if threading.current_thread() is not threading.main_thread():  # the trainer's, a timer's, a subshell's
            with self._lock:
                self._changed_off_main.add(change["name"])

    def _send_changed_traits(self) -> None:
        """Send again, from the kernel's message handling, the traits changed off the main thread since."""
        with self._lock:
            changed = sorted(self._changed_off_main)
            self._changed_off_main.clear()
            if changed:
                self.send_state(changed)

    def _pull(self, since) -> None:
        """Answer a view's poll (never on the training thread): the traits changed off the main thread, then
        the chart messages the view lacks."""
        with self._lock:
            self._send_changed_traits()
            feed = self._feed
            messages = feed.pull(since)
        if messages:
            self.send({"type": "pulled", "seq": feed.seq, "messages": messages})

    def _earlier(self) -> dict | None:
        """The curves to keep under a newly attached trainer's: the shown trainer's when it trained, else
        the ones kept already (a trainer replaced before it trained keeps the run before it)."""
        shown = self.state.get("history") or {}
        if self._trainer is not None and shown.get("epochs"):
            return copy.deepcopy(shown)
        return copy.deepcopy(self.state.get("earlier"))

    def _drop_trainer(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = None
        self._trainer = None

    def _need_trainer(self):
        if self._trainer is None:
            exc = NNBuilderError("no trainer attached: create one with Trainer(project) and call panel.attach(trainer)")
            self._failed(exc, "")
            raise exc
        return self._trainer

    def _on_event(self, event: dict) -> None:
        """Every event but batches, on the training thread, after the charts were flushed."""
        try:
            with self._lock:
                if event.get("kind") == "samples":
                    self.samples = samples_payload(event)
                else:
                    self.state = apply_event(self.state, event, self._feed.progress())
        except Exception as exc:  # shown in the panel; the traceback goes to the log
            traceback.print_exc(file=sys.stderr)
            with self._lock:
                kind = event.get("kind")
                self.state = with_status(
                    self.state, self.state.get("status"), error=f"the panel could not show a {kind!r} event: {exc}"
                )

    def _call(self, action, what: str) -> None:
        """Run a trainer action; a failure is shown in the status line, then raised."""
        try:
            action()
        except Exception as exc:
            self._failed(exc, what)
            raise

    def _failed(self, exc: Exception, what: str) -> None:
        if not isinstance(exc, NNBuilderError):
            traceback.print_exc(file=sys.stderr)
        message = first_line(exc) if isinstance(exc, NNBuilderError) else f"{what}: {first_line(exc)}"
        with self._lock:
            said = (exc.said_in or {}).get("zh") if isinstance(exc, NNBuilderError) else None
            self.state = with_status(self.state, "error", running=False, error=message,
                                     error_zh=said or said_error(message, "zh"))  # fmt: skip

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "snapshot":
            self._send_changed_traits()
            self._feed.snapshot()
        elif kind == "poll":
            self._pull(content.get("since"))
        elif kind in ("start", "stop"):
            with contextlib.suppress(Exception):  # start() and stop() show their failures in the status line
                self.start() if kind == "start" else self.stop()
