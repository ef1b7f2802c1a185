"""A training panel switching trainers: the old one's late events ignored, the curves of a replaced trainer kept
as the run before, and a trainer attached mid-run showing where it is."""

from __future__ import annotations

import pytest

from tests.ui.test_training_panel import FakeTrainer, make_panel, points


def test_attach_switches_trainers_and_ignores_the_old_one():
    first, second = FakeTrainer(), FakeTrainer(history={"loss": [0.5, 0.4]})
    panel, sent, clock = make_panel(first)
    first.start_event()
    first.batch(0, 1)
    old, first_seq = first.subscribers[0], panel._feed.seq
    panel.attach(second)
    assert first.subscribers == [] and len(second.subscribers) == 1
    assert panel.state["history"]["epochs"] == [0, 1] and panel.state["status"] == "idle"
    snap = sent[-1]
    assert snap == {"type": "snapshot", "seq": snap["seq"], "x": [], "series": {}, "progress": None}
    assert snap["seq"] > first_seq  # a view holding the old trainer's points takes the new snapshot
    sent.clear()
    old({"kind": "error", "message": "late", "traceback": ""})  # an event already on its way
    old({"kind": "batch", "epoch": 0, "step": 1, "steps": 100, "logs": {"loss": 1.0}})
    assert panel.state["error"] is None and sent == []
    panel.detach()
    assert second.subscribers == [] and panel.state["status"] == "detached"
    with pytest.raises(TypeError, match="expected a nnbuilder Trainer"):
        panel.attach(object())


def test_the_curves_of_a_replaced_trainer_stay_as_the_earlier_run():
    trained = FakeTrainer(history={"loss": [0.5, 0.4], "val_loss": [0.6, 0.5]})
    panel, _sent, _clock = make_panel(trained)
    assert panel.state["earlier"] is None
    fresh = FakeTrainer()
    panel.attach(fresh)  # a setting changed: the new trainer has trained nothing yet
    earlier = {"epochs": [0, 1], "series": {"loss": [0.5, 0.4], "val_loss": [0.6, 0.5]}}
    assert panel.state["earlier"] == earlier and panel.state["history"]["epochs"] == []
    panel.attach(FakeTrainer())  # replaced again before it trained: the run before is still the one shown
    assert panel.state["earlier"] == earlier
    later = FakeTrainer()
    panel.attach(later)
    later.start_event()
    later.emit({"kind": "epoch", "epoch": 0, "logs": {"loss": 0.3}})
    panel.attach(FakeTrainer())  # the newest trained run replaces it
    assert panel.state["earlier"] == {"epochs": [0], "series": {"loss": [0.3]}}
    panel.detach()
    assert panel.state["earlier"] is None


def test_a_trainer_attached_mid_run_shows_its_progress():
    trainer = FakeTrainer()
    trainer.running, trainer.epoch, trainer.target_epochs, trainer.steps = True, 1, 3, 4
    panel, sent, clock = make_panel()
    panel.attach(trainer)
    assert panel.state["status"] == "running" and panel.state["epochs"] == 3
    clock.now += 1
    trainer.batch(1, 2, steps=4)
    progress = points(sent)[-1]["progress"]
    assert progress["epochs"] == 3 and progress["running"] and progress["step"] == 2
