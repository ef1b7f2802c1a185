"""A trainer with `batch_events = False` (a search's trials): epoch events only, and still a stop within a
batch, a cut epoch not recorded, and a NaN loss ending the run with its reason."""

from __future__ import annotations

import threading

from nnbuilder.training import Trainer
from tests.training import _projects
from tests.training.test_trainer import _blobs, _recorder


def _epochs_only(project, data) -> Trainer:
    trainer = Trainer(project, data=data)
    trainer.batch_events = False
    return trainer


def test_epoch_events_only_and_the_same_history():
    x, y = _blobs()
    trainer = _epochs_only(_projects.classifier(), (x, y))
    events = _recorder(trainer)
    trainer.run()
    kinds = [e["kind"] for e in events]
    assert "batch" not in kinds and kinds[0] == "start" and kinds[-1] == "end", kinds
    assert [e["epoch"] for e in events if e["kind"] == "epoch"] == [0, 1]
    assert events[-1]["reason"] == "finished" and len(trainer.history["val_loss"]) == 2


def test_a_stop_takes_effect_within_a_batch_and_the_cut_epoch_is_not_kept():
    x, y = _blobs(n=4000)
    trainer = _epochs_only(_projects.classifier(batch_size=1, validation_split=0.0, epochs=1), (x, y))
    events = _recorder(trainer)
    asked_at = []

    def stopper():  # waits on the model's own step count, then stops
        while trainer.model is None or int(trainer.model.optimizer.iterations.numpy()) < 20:
            if not trainer.running and trainer.last_event is not None and trainer.last_event["kind"] == "end":
                return
            threading.Event().wait(0.001)
        asked_at.append(int(trainer.model.optimizer.iterations.numpy()))
        trainer.stop()

    trainer.start()
    helper = threading.Thread(target=stopper)
    helper.start()
    trainer.wait(120)
    helper.join()
    assert events[-1]["kind"] == "end" and events[-1]["reason"] == "stopped", events[-1]
    done = int(trainer.model.optimizer.iterations.numpy())
    assert asked_at and asked_at[0] <= done <= asked_at[0] + 2, (asked_at, done)  # the batch under way, one more
    assert trainer.history == {} and trainer.epoch == 0


def test_a_nan_loss_ends_the_run_at_its_epoch_with_the_reason():
    x, y = _blobs()
    x *= 1e3
    project = _projects.classifier(activation="linear", optimizer={"name": "sgd", "learning_rate": 1e12})
    trainer = _epochs_only(project, (x, y))
    events = _recorder(trainer)
    trainer.run()
    end = events[-1]
    assert end["kind"] == "end" and end["reason"] == "nan", end
    assert "learning rate" in end["message"] and trainer.epoch == 0 and trainer.history == {}
