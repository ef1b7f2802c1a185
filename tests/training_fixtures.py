"""How a training run ended, as the trainer says it. Written to widgets/test/python-fixtures/end-reasons.json
by `python -m tests.shared_fixtures`."""

from __future__ import annotations

from types import SimpleNamespace


def end_reasons() -> list:
    """The trainer's end events (reason, values and English sentence) for each way a run ends."""
    from nnbuilder.training.trainer import Trainer

    cases = [
        ("stopped within an epoch", {"epoch": 1, "target_epochs": 3, "stop": True, "last_kind": "batch"}),
        ("stopped between epochs", {"epoch": 2, "target_epochs": 3, "stop": True, "last_kind": "epoch"}),
        ("stopped before any epoch", {"epoch": 0, "target_epochs": 3, "stop": True, "last_kind": "start"}),
        ("early stopping", {"epoch": 3, "target_epochs": 10, "stop": False, "last_kind": "epoch"}),
        ("finished", {"epoch": 5, "target_epochs": 5, "stop": False, "last_kind": "epoch"}),
        ("finished one epoch", {"epoch": 1, "target_epochs": 1, "stop": False, "last_kind": "epoch"}),
        (
            "finished with a checkpoint",
            {"epoch": 1, "target_epochs": 1, "stop": False, "last_kind": "epoch", "checkpoint_dir": "/tmp/nnb-ckpt"},
        ),
        (
            "the loss became NaN",
            {"epoch": 1, "target_epochs": 5, "stop": False, "last_kind": "batch", "nan": [0, 7, "nan"], "lr": 100.0},
        ),
        (
            "the loss became infinite, with a checkpoint",
            {
                "epoch": 2,
                "target_epochs": 5,
                "stop": False,
                "last_kind": "batch",
                "nan": [2, 3, "inf"],
                "lr": 1e-05,
                "checkpoint_dir": "/tmp/nnb-ckpt",
            },
        ),
    ]
    out = []
    for name, t in cases:
        nan = t.get("nan")
        stand_in = SimpleNamespace(
            epoch=t["epoch"],
            target_epochs=t["target_epochs"],
            stop_requested=lambda t=t: t["stop"],
            last_event={"kind": t["last_kind"]},
            nan_seen=nan is not None,
            _nan_where=(nan[0], nan[1], float(nan[2])) if nan else None,
            training={
                "optimizer": {"name": "adam", "learning_rate": t.get("lr", 0.001)},
                "callbacks": [{"name": "model_checkpoint"}] if t.get("checkpoint_dir") else [],
            },
            checkpoint_dir=t.get("checkpoint_dir"),
            kept_in=None,
            history={},
        )
        event = Trainer._end_event(stand_in)
        out.append({"case": name, "reason": event["reason"], "values": event["values"], "message": event["message"]})
    return out
