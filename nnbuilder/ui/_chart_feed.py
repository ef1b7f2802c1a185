"""Per-batch chart points from the training thread to the browser, batched and throttled.

The training thread calls the feed on every batch; all it does there is append the
event to a deque and compare the clock with the next flush time. A flush (at most
every `interval` seconds, at once on epoch, samples, end and error events) turns
the new events into one compact message of columns. Everything sent is also kept
(thinned past `max_points`) so a newly opened view can ask for a snapshot.

Every message carries a sequence number (`seq`), so a view can pull what it missed:
where the training thread's messages never reach the browser (Google Colab,
ipykernel 7.0.0), the browser asks from time to time with the last number it holds
and `pull(since)`, run on the kernel's main thread, answers with the messages after
it, or with a snapshot when they are no longer kept. A points message also names the
number it follows (`after`): a view appends it only onto exactly that one, holds it
until then, and drops one it already has, so a message that arrives both ways (or
out of order) is drawn once.
"""

from __future__ import annotations

import math
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

Message = dict[str, Any]

FLUSH_AT_ONCE = frozenset({"epoch", "samples", "end", "error"})
KEEP_MESSAGES = 512  # points messages kept for pulls: two minutes of flushes at the default interval


class Sequence:
    """Numbers for chart messages, shared by the feeds one panel makes in turn: a new
    trainer's messages never reuse a number a view holds for the old one's."""

    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            self.value += 1
            return self.value


def number(value) -> float | None:
    """A JSON-safe float: NaN, infinities and non-numbers become None."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


class ChartFeed:
    """The training thread's side of the live charts.

    `send(message)` delivers one dict to the browser; `clock()` returns seconds
    (monotonic); `on_event(event)` receives every event that is not a batch, after
    the feed has flushed for it.
    """

    def __init__(
        self,
        send: Callable[[Message], Any],
        *,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.25,
        on_event: Callable[[dict], Any] | None = None,
        max_points: int = 20000,
        sequence: Sequence | None = None,
    ):
        self._send = send
        self._clock = clock
        self.interval = float(interval)
        self._on_event = on_event
        self.max_points = int(max_points)
        self._lock = threading.RLock()
        self._pending: deque = deque()
        self._due = 0.0
        self._x: list[float] = []
        self._series: dict[str, list] = {}
        self._last: dict | None = None
        self._marks: deque = deque(maxlen=16)
        self._epochs: int | None = None
        self._first = 0
        self._steps: int | None = None
        self.batch_size: int | None = None
        self._overhead = 0.0
        self._running = False
        self._sequence = sequence or Sequence()
        self._base = self._sequence.next()  # the kept points as of this number: none
        self._seq = self._base
        self._log: deque = deque(maxlen=KEEP_MESSAGES)  # the points messages sent since `_base`

    @property
    def seq(self) -> int:
        """The number of the last change to the kept points."""
        return self._seq

    # -- the training thread --------------------------------------------------------
    def __call__(self, event: dict) -> None:
        """The subscriber: cheap for batches, never raises into the training loop."""
        try:
            if event["kind"] == "batch":
                self._pending.append(event)
                if self._clock() >= self._due:
                    self.flush()
                return
            self._other(event)
        except Exception:  # the trainer drops a subscriber that raises: keep the charts alive, say why
            print(f"nnbuilder: the live charts could not show a {event.get('kind')!r} event:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)

    def _other(self, event: dict) -> None:
        kind = event.get("kind")
        if kind == "start":
            self._started(event)
        elif kind in FLUSH_AT_ONCE:
            if kind == "epoch":
                self._epoch_done(event)
            elif kind in ("end", "error"):
                self.stopped()
            self.flush()
        if self._on_event is not None:
            self._on_event(event)

    # -- flushing ------------------------------------------------------------------
    def flush(self) -> bool:
        """Send the points gathered since the last flush, if any; returns whether a message went out."""
        with self._lock:
            message = self._collect()
            if message is None:
                return False
            self._send(message)
            return True

    def _collect(self) -> Message | None:
        """The points gathered since the last flush as one numbered message, kept for pulls; None if none."""
        now = self._clock()
        self._due = now + self.interval
        count = len(self._pending)
        if not count:
            return None
        events = [self._pending.popleft() for _ in range(count)]
        x, series = self._columns(events)
        self._last = events[-1]
        self._mark(now)
        self._keep(x, series)
        after, self._seq = self._seq, self._sequence.next()
        message = {"type": "points", "seq": self._seq, "after": after, "x": x, "series": series,
                   "progress": self.progress(now)}  # fmt: skip
        self._log.append(message)
        return message

    def snapshot(self) -> None:
        """Send everything kept so far as one message (a view that opened late redraws from it)."""
        with self._lock:
            self._collect()
            self._send(self.snapshot_message())

    def pull(self, since) -> list[Message]:
        """What a view holding the messages up to number `since` lacks: the points messages after it,
        or a snapshot when they are no longer all kept (or `since` is not a number this feed knows)."""
        with self._lock:
            self._collect()
            known = isinstance(since, int) and not isinstance(since, bool)
            if known and since == self._seq:
                return []
            oldest = self._log[0]["seq"] - 1 if self._log else self._seq
            if not known or since < max(self._base, oldest) or since > self._seq:
                return [self.snapshot_message()]
            return [message for message in self._log if message["seq"] > since]

    def snapshot_message(self, now: float | None = None) -> Message:
        with self._lock:
            now = self._clock() if now is None else now
            return {
                "type": "snapshot",
                "seq": self._seq,
                "x": list(self._x),
                "series": {name: list(values) for name, values in self._series.items()},
                "progress": self.progress(now),
            }

    # -- progress --------------------------------------------------------------------
    def progress(self, now: float | None = None) -> dict | None:
        """Epoch, step, speed and time left, as of the last flushed batch."""
        with self._lock:
            last = self._last
            if last is None:
                if self._epochs is None:
                    return None
                return {
                    "epoch": self._first,
                    "epochs": self._epochs,
                    "step": 0,
                    "steps": self._steps,
                    "rate": None,
                    "samples_per_second": None,
                    "eta": None,
                    "running": self._running,
                }
            now = self._clock() if now is None else now
            epoch, step = int(last.get("epoch", 0)), int(last.get("step", 0))
            steps = last.get("steps") or self._steps
            epochs = self._epochs
            rate = self._rate()
            eta = None
            if self._running and rate and steps and epochs is not None:
                per_epoch = steps / rate + self._overhead
                eta = max(0.0, (steps - step) / rate + self._overhead + max(0, epochs - epoch - 1) * per_epoch)
            return {
                "epoch": epoch,
                "epochs": epochs,
                "step": step,
                "steps": steps,
                "rate": rate,
                "samples_per_second": rate * self.batch_size if rate and self.batch_size else None,
                "eta": eta,
                "running": self._running,
            }

    def _rate(self) -> float | None:
        """Batches per second over the last few seconds of flushes."""
        marks = self._marks
        if len(marks) < 2:
            return None
        (t0, g0), (t1, g1) = marks[0], marks[-1]
        if t1 - t0 <= 0 or g1 <= g0:
            return None
        return (g1 - g0) / (t1 - t0)

    def _mark(self, now: float) -> None:
        last = self._last
        steps = last.get("steps") or self._steps or 1
        done = int(last.get("epoch", 0)) * steps + int(last.get("step", 0))
        marks = self._marks
        if marks and done < marks[-1][1]:
            marks.clear()  # a continued run repeats the unfinished epoch
        marks.append((now, done))
        while len(marks) > 2 and now - marks[0][0] > 5.0:
            marks.popleft()

    def begin(self, first: int, epochs, steps, batch_size=None) -> None:
        """A run is under way from epoch `first` (also for a trainer attached mid-run)."""
        with self._lock:
            self._first = int(first or 0)
            self._epochs = epochs
            self._steps = steps
            if batch_size:
                self.batch_size = int(batch_size)
            self._running = True
            self._marks.clear()
            self._pending.clear()
            self._last = None
            self._due = 0.0

    def _started(self, event: dict) -> None:
        self.begin(event.get("epoch"), event.get("epochs"), event.get("steps"), event.get("batch_size"))
        with self._lock:
            first = self._first
            cut = next((i for i, x in enumerate(self._x) if x > first), None)
            if cut is not None:  # the unfinished epoch is trained again: views drop its old points
                del self._x[cut:]
                for values in self._series.values():
                    del values[cut:]
                self._base = self._seq = self._sequence.next()
                self._log.clear()
                self._send(self.snapshot_message())

    def _epoch_done(self, event: dict) -> None:
        with self._lock:
            rate, steps, seconds = self._rate(), self._steps, number(event.get("seconds"))
            if rate and steps and seconds is not None:
                self._overhead = max(0.0, seconds - steps / rate)

    def stopped(self) -> None:
        """The run is over (end or error): no more time left to estimate."""
        with self._lock:
            self._running = False

    # -- columns -----------------------------------------------------------------------
    def _columns(self, events: list) -> tuple[list, dict]:
        x: list[float] = []
        series: dict[str, list] = {}
        for i, event in enumerate(events):
            steps = event.get("steps") or self._steps or 1
            x.append(round(event.get("epoch", 0) + event.get("step", 0) / steps, 6))
            for name, value in (event.get("logs") or {}).items():
                column = series.get(name)
                if column is None:
                    column = series[name] = [None] * i
                column.append(number(value))
            for column in series.values():
                if len(column) <= i:
                    column.append(None)
        return x, series

    def _keep(self, x: list, series: dict) -> None:
        if not x:
            return
        size = len(self._x)
        for name in series:
            if name not in self._series:
                self._series[name] = [None] * size
        self._x.extend(x)
        for name, values in self._series.items():
            values.extend(series.get(name) or [None] * len(x))
        if len(self._x) > self.max_points:  # keep the shape of the curve, half the points
            self._x[:] = self._x[::2]
            for values in self._series.values():
                values[:] = values[::2]
