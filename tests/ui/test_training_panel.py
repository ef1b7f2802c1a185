"""The training panel's Python side: events in, trait state and throttled chart messages out (no browser)."""

from __future__ import annotations

import base64
import json
import struct
import threading
import time
import zlib

import numpy as np
import pytest
import traitlets

from nnbuilder.errors import NNBuilderError
from nnbuilder.training.end_reasons import end_message, end_values
from nnbuilder.ui._chart_feed import ChartFeed
from nnbuilder.ui._png import encode_png, image_grid
from nnbuilder.ui.training_panel import TrainingPanel


class FakeTrainer:
    """Emits contract events to its subscribers; records start/stop calls."""

    def __init__(self, history=None, fail=None):
        self.subscribers = []
        self.running = False
        self.history = history or {}
        self.training = {"batch_size": 32}
        self.calls = []
        self.fail = fail

    def subscribe(self, callback):
        self.subscribers.append(callback)
        return lambda: self.subscribers.remove(callback)

    def start(self):
        self.calls.append("start")
        if self.fail:
            raise self.fail
        self.running = True

    def stop(self):
        self.calls.append("stop")

    def emit(self, event):
        for callback in list(self.subscribers):
            callback(event)

    def start_event(self, epoch=0, epochs=3, steps=100):
        self.emit(
            {"kind": "start", "epoch": epoch, "epochs": epochs, "steps": steps, "recipe": "supervised",
             "device": "CPU", "metrics": ["loss", "accuracy"], "dataset": "digits",
             "note": "MNIST is not available offline: using scikit-learn's 8x8 digits instead."}
        )  # fmt: skip

    def batch(self, epoch, step, steps=100, loss=None):
        loss = 1.0 / step if loss is None else loss
        self.emit(
            {"kind": "batch", "epoch": epoch, "step": step, "steps": steps, "logs": {"loss": loss, "accuracy": 0.5}}
        )

    def epoch(self, epoch, epochs=3, loss=0.3):
        logs = {"loss": loss, "accuracy": 0.9, "val_loss": loss + 0.1, "val_accuracy": 0.85}
        self.emit({"kind": "epoch", "epoch": epoch, "epochs": epochs, "logs": logs, "seconds": 1.5})


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def make_panel(trainer=None, **kwargs):
    clock = Clock()
    panel = TrainingPanel(trainer, clock=clock, **kwargs)
    sent = []
    panel.send = lambda content, buffers=None: sent.append(json.loads(json.dumps(content, allow_nan=False)))
    return panel, sent, clock


def points(sent):
    return [m for m in sent if m["type"] == "points"]


def test_events_become_state_and_history():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer)
    assert panel.state["status"] == "idle" and panel.state["attached"] and not panel.state["running"]
    trainer.start_event()
    state = panel.state
    assert state["status"] == "running" and state["running"] and state["device"] == "CPU"
    assert state["dataset"] == "digits" and "offline" in state["note"] and state["epochs"] == 3
    for step in range(1, 101):
        clock.now += 0.01
        trainer.batch(0, step)
    trainer.epoch(0)
    history = panel.state["history"]
    assert history["epochs"] == [0]
    assert history["series"] == {"loss": [0.3], "accuracy": [0.9], "val_loss": [0.4], "val_accuracy": [0.85]}
    progress = panel.state["progress"]
    assert progress["epoch"] == 0 and progress["step"] == 100 and progress["rate"] == pytest.approx(100, rel=0.05)
    assert progress["samples_per_second"] == pytest.approx(3200, rel=0.05)
    trainer.emit({"kind": "end", "reason": "stopped", "epoch": 0, "message": "stopped after 1 epoch\nmore",
                  "history": {"loss": [0.3], "val_loss": [0.4]}})  # fmt: skip
    assert panel.state["status"] == "stopped" and not panel.state["running"]
    assert panel.state["message"] == "stopped after 1 epoch"
    assert panel.state["history"]["series"]["val_loss"] == [0.4]


def test_thousand_batches_in_100ms_make_at_most_two_messages_with_every_point():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer)
    trainer.start_event(steps=1000)
    sent.clear()
    for step in range(1, 1001):
        clock.now += 0.0001
        trainer.batch(0, step, steps=1000)
    clock.now += 0.3
    trainer.epoch(0)  # flushes what waits
    messages = points(sent)
    assert 1 <= len(messages) <= 2
    xs = [x for m in messages for x in m["x"]]
    assert xs == pytest.approx([s / 1000 for s in range(1, 1001)])
    losses = [v for m in messages for v in m["series"]["loss"]]
    assert losses == pytest.approx([1.0 / s for s in range(1, 1001)])
    assert not panel._feed._pending  # nothing left


def test_each_message_holds_only_new_points_and_epochs_flush_at_once():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer)
    trainer.start_event()
    sent.clear()
    trainer.batch(0, 1)  # the first batch goes out at once
    trainer.batch(0, 2)
    trainer.batch(0, 3)
    assert [m["x"] for m in points(sent)] == [[0.01]]
    trainer.epoch(0)  # no time passed: the epoch still flushes the waiting points
    assert [m["x"] for m in points(sent)] == [[0.01], [0.02, 0.03]]
    assert points(sent)[-1]["progress"]["step"] == 3


def test_snapshot_request_sends_every_kept_point_and_continue_drops_the_unfinished_epoch():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer)
    trainer.start_event(steps=4)
    for epoch in range(2):
        for step in range(1, 5):
            clock.now += 1
            trainer.batch(epoch, step, steps=4)
        if epoch == 0:
            trainer.epoch(0)
    sent.clear()
    panel._handle_custom_msg({"type": "snapshot"}, [])
    (snap,) = sent
    assert snap["type"] == "snapshot" and len(snap["x"]) == 8 and snap["x"][-1] == 2.0
    sent.clear()
    trainer.start_event(epoch=1, steps=4)  # continue: epoch 1 runs again
    assert sent[-1]["type"] == "snapshot" and sent[-1]["x"] == [0.25, 0.5, 0.75, 1.0]
    assert panel.state["history"]["epochs"] == [0]
    sent.clear()
    trainer.start_event(epoch=1, steps=4)  # nothing of epoch 1 is kept: the views already agree
    assert sent == []


def test_buttons_call_the_trainer_and_follow_running():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer)
    panel._handle_custom_msg({"type": "start"}, [])
    assert trainer.calls == ["start"] and panel.state["status"] == "starting" and panel.state["running"]
    trainer.start_event()
    panel._handle_custom_msg({"type": "stop"}, [])
    assert trainer.calls == ["start", "stop"] and panel.state["status"] == "stopping"
    trainer.running = False
    trainer.emit({"kind": "end", "reason": "stopped", "epoch": -1, "message": "stopped after 0 epochs", "history": {}})
    assert panel.state["status"] == "stopped" and not panel.state["running"]
    panel._handle_custom_msg({"type": "stop"}, [])  # not running: nothing to stop
    assert trainer.calls == ["start", "stop"]


def test_start_runs_before_start_first_and_starts_the_trainer_it_leaves_attached():
    old, new = FakeTrainer(), FakeTrainer()
    panel, sent, clock = make_panel(old)
    panel.before_start = lambda: panel.attach(new)  # an app replacing a trainer that no longer fits its project
    panel._handle_custom_msg({"type": "start"}, [])
    assert old.calls == [] and new.calls == ["start"] and panel.state["status"] == "starting"
    new.running = False

    def refuse():
        raise NNBuilderError("training.epochs: expected a whole number of at least 1, got 0")

    panel.before_start = refuse
    panel._handle_custom_msg({"type": "start"}, [])
    assert new.calls == ["start"] and panel.state["status"] == "error" and "training.epochs" in panel.state["error"]


def test_start_failures_and_error_events_show_one_sentence():
    trainer = FakeTrainer(fail=NNBuilderError("digits: targets are class indices: use sparse_categorical_crossentropy"))
    panel, sent, clock = make_panel(trainer)
    panel._handle_custom_msg({"type": "start"}, [])
    assert panel.state["status"] == "error" and "sparse_categorical_crossentropy" in panel.state["error"]
    with pytest.raises(NNBuilderError):
        panel.start()
    trainer.fail = None
    panel.start()
    trainer.start_event()
    assert panel.state["error"] is None
    trainer.emit({"kind": "error", "message": "training failed: out of memory\nTraceback ...", "traceback": "..."})
    assert panel.state["status"] == "error" and panel.state["error"] == "training failed: out of memory"
    assert not panel.state["running"]
    lonely, sent, clock = make_panel()
    lonely._handle_custom_msg({"type": "start"}, [])
    assert "no trainer attached" in lonely.state["error"]


def test_samples_become_a_png_grid():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer)
    images = np.random.default_rng(0).random((8, 6, 5, 1)).astype("float32")
    trainer.emit({"kind": "samples", "epoch": 2, "title": "Reconstructions", "images": images, "pairs": True})
    samples = panel.samples
    assert samples["title"] == "Reconstructions" and samples["pairs"] and samples["count"] == 8
    assert samples["src"].startswith("data:image/png;base64,")
    png = base64.b64decode(samples["src"].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (
        (width, height) == (samples["width"], samples["height"]) == (4 * 5 + 1 + 3 + 1, 2 * 6 + 1)
    )  # pairs sit 3 pixels apart


def decode_png(data):
    """Pixels of an 8-bit PNG with filter 0 rows (what encode_png writes)."""
    width, height, _, colour = struct.unpack(">IIBB", data[16:26])
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[colour]
    idat, at = b"", 8
    while at < len(data):
        size = struct.unpack(">I", data[at : at + 4])[0]
        if data[at + 4 : at + 8] == b"IDAT":
            idat += data[at + 8 : at + 8 + size]
        at += 12 + size
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, channels)


def test_png_encoder_round_trips_grey_and_colour():
    grey = np.linspace(0, 1, 12).reshape(3, 4)
    assert decode_png(encode_png(grey))[..., 0].tolist() == np.round(grey * 255).astype(int).tolist()
    colour = np.random.default_rng(0).random((5, 2, 3))
    assert np.array_equal(decode_png(encode_png(colour)), np.round(colour * 255).astype(np.uint8))
    grid = image_grid(np.ones((3, 2, 2, 1)), columns=2)
    assert grid.shape == (5, 5, 2) and grid[2, :, 1].tolist() == [0.0] * 5  # transparent gap
    with pytest.raises(NNBuilderError, match="expected an array of shape"):
        encode_png(np.zeros((2, 2, 5)))


def test_feed_never_raises_and_makes_json_safe_numbers(capsys):
    sent = []
    feed = ChartFeed(sent.append, clock=lambda: 0.0, interval=0)
    feed({"kind": "batch"})  # malformed: drawn at x = 0
    feed({"no kind": 1})  # reported, not raised into the training loop
    assert "the live charts could not show a None event" in capsys.readouterr().err
    feed({"kind": "batch", "epoch": 0, "step": 1, "steps": 2, "logs": {"loss": float("nan"), "acc": float("inf")}})
    json.dumps(sent, allow_nan=False)
    assert sent[-1]["series"]["loss"] == [None] and sent[-1]["series"]["acc"] == [None]


def test_feed_thins_kept_points_past_the_limit():
    sent = []
    feed = ChartFeed(sent.append, clock=lambda: 0.0, interval=0, max_points=100)
    for step in range(1, 251):
        feed({"kind": "batch", "epoch": 0, "step": step, "steps": 250, "logs": {"loss": step}})
    snap = feed.snapshot_message()
    assert 50 <= len(snap["x"]) <= 100 and snap["x"] == sorted(snap["x"])
    assert len(snap["series"]["loss"]) == len(snap["x"])


def test_events_from_a_background_thread_arrive_complete_and_throttled():
    trainer = FakeTrainer()
    panel = TrainingPanel(trainer, interval=0.05)
    sent, lock = [], threading.Lock()

    def record(content, buffers=None):
        with lock:
            sent.append(json.dumps(content, allow_nan=False))

    panel.send = record

    def train():
        trainer.start_event(epochs=2, steps=500)
        for epoch in range(2):
            for step in range(1, 501):
                trainer.batch(epoch, step, steps=500)
                if step % 50 == 0:
                    time.sleep(0.01)
            trainer.epoch(epoch, epochs=2)
        trainer.emit({"kind": "end", "reason": "finished", "epoch": 1, "message": "finished 2 epochs",
                      "history": {"loss": [0.3, 0.3]}})  # fmt: skip

    worker = threading.Thread(target=train)
    worker.start()
    panel._handle_custom_msg({"type": "snapshot"}, [])  # a view opening mid-run
    worker.join(10)
    messages = [json.loads(m) for m in sent]
    assert len(points(messages)) < 100  # 1000 batches, about 0.2 s: a few messages, not one per batch
    shown = []  # what a view does: a snapshot replaces its points, points are appended
    for message in messages:
        if message["type"] == "snapshot":
            shown = list(message["x"])
        elif message["type"] == "points":
            shown += message["x"]
    assert shown == pytest.approx([e + s / 500 for e in range(2) for s in range(1, 501)])
    assert panel.state["status"] == "finished" and panel.state["history"]["epochs"] == [0, 1]
    panel._handle_custom_msg({"type": "snapshot"}, [])
    snap = json.loads(sent[-1])
    assert len(snap["x"]) == 1000 and snap["progress"]["running"] is False


# ------------------------------------------------------------------ language
def test_panel_language_is_synced_and_checked():
    panel, sent, clock = make_panel(FakeTrainer(), language="zh")
    assert panel.get_state()["language"] == "zh"
    panel.language = "en"
    assert panel.get_state(["language"]) == {"language": "en"}
    assert make_panel()[0].language == "en"
    with pytest.raises(traitlets.TraitError, match="'language' trait.*'en', 'zh'"):
        TrainingPanel(language="de")
    with pytest.raises(traitlets.TraitError):
        panel.language = "fr"


def test_panel_state_carries_the_end_reason_and_values_for_the_browser_to_word():
    trainer = FakeTrainer()
    panel, sent, clock = make_panel(trainer, language="zh")
    trainer.start_event()
    values = end_values("stopped", epochs=1, cut_short=True)
    trainer.emit({"kind": "end", "reason": "stopped", "values": values, "epoch": 0,
                  "message": end_message("stopped", values), "history": {}})  # fmt: skip
    assert panel.state["reason"] == "stopped" and panel.state["end_values"] == {"epochs": 1, "cut_short": True}
    assert panel.state["message"] == "stopped after 1 epoch (the unfinished epoch runs again on continue)"
    trainer.start_event()
    assert panel.state["end_values"] is None and panel.state["reason"] is None


def test_end_values_and_sentences_refuse_an_unknown_reason():
    with pytest.raises(ValueError, match="end reason: expected one of finished, stopped, early_stopping, nan, got 'x'"):
        end_values("x", epochs=1)
    with pytest.raises(ValueError, match="got 'x'"):
        end_message("x", {"epochs": 1})
