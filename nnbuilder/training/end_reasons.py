"""How a training run ended: a reason code with its values, and the English sentence made from them.

The trainer's end event carries `reason` (one of `END_REASONS`) and `values`; the sentence
(`end_message`) is for logs and the command line. The browser's panel words the same code and
values in its own language (widgets/src/training/words.ts), never by reading the sentence.
"""

from __future__ import annotations

END_REASONS = ("finished", "stopped", "early_stopping", "nan")
"""finished: every epoch asked for; stopped: Stop was pressed; early_stopping: a callback ended the
run; nan: the loss became NaN or infinite."""


def _epochs(n: int) -> str:
    return f"{n} epoch{'s' if n != 1 else ''}"


def end_values(reason: str, *, epochs: int, cut_short=False, nan_at=None, learning_rate=None, kept_in=None) -> dict:
    """The values the end event carries for `reason`, every one a JSON number, boolean or text.

    `nan_at` is (epoch counted from 0, batch, loss value) for "nan"; `kept_in` the folder of the
    best model when a checkpoint is kept."""
    if reason not in END_REASONS:
        raise ValueError(f"end reason: expected one of {', '.join(END_REASONS)}, got {reason!r}")
    values: dict = {"epochs": int(epochs)}
    if reason == "stopped":
        values["cut_short"] = bool(cut_short)
    if reason == "nan":
        epoch, batch, value = nan_at
        values.update(value=f"{value}", epoch=int(epoch) + 1, batch=int(batch), learning_rate=f"{learning_rate}")
    if kept_in is not None:
        values["kept_in"] = str(kept_in)
    return values


def end_message(reason: str, values: dict) -> str:
    """The English sentence for an end `reason` and its `values` (no capital, no full stop)."""
    done = values["epochs"]
    if reason == "nan":
        message = (
            f"the loss became {values['value']} at epoch {values['epoch']}, batch {values['batch']}: training ended; "
            f"lower the learning rate (now {values['learning_rate']}) or look for NaN or infinite values in the data"
        )
    elif reason == "stopped":
        cut = " (the unfinished epoch runs again on continue)" if values.get("cut_short") else ""
        message = f"stopped after {_epochs(done)}{cut}"
    elif reason == "early_stopping":
        message = f"early stopping after {_epochs(done)}: the monitored value stopped improving"
    elif reason == "finished":
        message = f"finished {_epochs(done)}"
    else:
        raise ValueError(f"end reason: expected one of {', '.join(END_REASONS)}, got {reason!r}")
    if values.get("kept_in"):
        message += f"; the best model so far is kept in {values['kept_in']}"
    return message
