"""A terminal progress bar fed by training events (for `nnbuilder train` and scripts)."""

from __future__ import annotations

import sys
import time

WIDTH = 24


def format_seconds(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def format_logs(logs: dict, limit: int | None = 4) -> str:
    return "  ".join(f"{k} {v:.4g}" for k, v in list(logs.items())[:limit])


class TerminalProgress:
    """Redraws one line per epoch on a terminal (at most 10 times a second); elsewhere
    (logs, CI) it prints one line per finished epoch."""

    def __init__(self, stream=None, interval: float = 0.1, *, errors: bool = True):
        self.stream = stream or sys.stderr
        self.errors = errors  # off where the caller reports the failure itself
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.interval = interval
        self._last = 0.0
        self._epoch_start = time.perf_counter()
        self._epochs = 0

    def __call__(self, event: dict) -> None:
        kind = event["kind"]
        if kind == "start":
            self._epochs = event["epochs"]
            where = f" on {event['device']}" if event.get("device") else ""
            self._line(f"training {event['recipe']} on {event['dataset']}{where}", final=True)
            if event.get("note"):
                self._line(event["note"], final=True)
        elif kind == "batch":
            if event["step"] == 1:
                self._epoch_start = time.perf_counter()
            now = time.perf_counter()
            if self.live and now - self._last >= self.interval:
                self._last = now
                self._line(self._bar(event, now), final=False)
        elif kind == "epoch":
            seconds = event.get("seconds", 0.0)
            done = f"epoch {event['epoch'] + 1}/{event['epochs']}  {format_seconds(seconds)}"
            self._line(f"{done}  {format_logs(event['logs'], None)}", final=True)  # all: train, val_ and test_
        elif kind == "end":
            self._line(event["message"], final=True)
        elif kind == "error" and self.errors:
            self._line(f"error: {event['message']}", final=True)

    def _bar(self, event: dict, now: float) -> str:
        step, steps = event["step"], event.get("steps") or 0
        done = step / steps if steps else 0.0
        filled = int(WIDTH * done)
        elapsed = now - self._epoch_start
        eta = elapsed / step * (steps - step) if step and steps else 0.0
        return (
            f"epoch {event['epoch'] + 1}/{self._epochs} [{'#' * filled}{'.' * (WIDTH - filled)}] "
            f"{step}/{steps}  ETA {format_seconds(eta)}  {format_logs(event['logs'])}"
        )

    def _line(self, text: str, final: bool) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K" + text + ("\n" if final else ""))
        elif final:
            self.stream.write(text + "\n")
        self.stream.flush()
