"""The threaded Trainer: events, stop within a batch, continue, NaN, data checks, recipes."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from nnbuilder.errors import NNBuilderError
from nnbuilder.training import Trainer
from tests.training import _projects


def _blobs(n=64, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    x = rng.normal(size=(n, features)).astype("float32") + y[:, None].astype("float32") * 2.0
    return x, y


def _recorder(trainer):
    events = []
    trainer.subscribe(events.append)
    return events


def test_supervised_run_streams_events_in_order():
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(), data=(x, y))
    events = _recorder(trainer)
    trainer.start()
    history = trainer.wait(120)
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "end", kinds
    assert events[-1]["reason"] == "finished"
    start = events[0]
    n = len(trainer.dataset.x_train)  # arrays without a test set keep a fifth back for testing
    steps = math.ceil(math.floor(n * 0.75) / 8)  # Keras trains on floor(n * (1 - split)) rows
    assert start["steps"] == steps and start["epochs"] == 2 and start["device"]
    assert start["metrics"] == ["loss", "accuracy"]
    batches = [e for e in events if e["kind"] == "batch"]
    assert [b["step"] for b in batches if b["epoch"] == 0] == list(range(1, steps + 1))
    assert {"loss", "accuracy"} <= set(batches[0]["logs"])
    epochs = [e for e in events if e["kind"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [0, 1]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(epochs[0]["logs"])
    assert len(history["loss"]) == 2 and not trainer.running
    assert trainer.model.predict(x[:2], verbose=0).shape == (2, 3)


def test_stop_from_another_thread_ends_within_a_batch_and_continue_resumes():
    x, y = _blobs(n=4000)
    trainer = Trainer(_projects.classifier(batch_size=1, validation_split=0.0, epochs=1), data=(x, y))
    events = _recorder(trainer)
    stop_at = threading.Event()
    trainer.subscribe(lambda e: e["kind"] == "batch" and e["step"] == 20 and stop_at.set())

    def stopper():
        stop_at.wait(120)
        trainer.stop()

    helper = threading.Thread(target=stopper)
    helper.start()
    trainer.start()
    trainer.wait(120)
    helper.join()
    end = events[-1]
    assert end["kind"] == "end" and end["reason"] == "stopped", end
    last_step = max(e["step"] for e in events if e["kind"] == "batch")
    assert 20 <= last_step <= 22, last_step  # the batch running when stop() came, at most one more
    assert trainer.history == {} and trainer.epoch == 0  # the cut epoch is not recorded
    model, steps_done = trainer.model, int(trainer.model.optimizer.iterations.numpy())
    assert steps_done >= 20
    events.clear()
    trainer.subscribe(lambda e: e["kind"] == "batch" and e["step"] == 5 and trainer.stop())
    trainer.start()  # continue: the same model and optimizer, the cut epoch again
    trainer.wait(120)
    assert events[0]["kind"] == "start" and events[0]["epoch"] == 0
    assert events[-1]["reason"] == "stopped"
    assert trainer.model is model and int(model.optimizer.iterations.numpy()) > steps_done


def test_uneven_validation_splits_count_batches_as_keras_does():
    x, y = _blobs(n=17)  # 13 training rows after the test share: Keras trains on floor(13 * 0.75) = 9
    trainer = Trainer(_projects.classifier(batch_size=1, validation_split=0.25), data=(x, y))
    events = _recorder(trainer)
    trainer.run()
    assert events[-1]["reason"] == "finished" and len(trainer.history["loss"]) == 2
    assert max(e["step"] for e in events if e["kind"] == "batch") == events[0]["steps"]


def test_a_keep_best_checkpoint_never_judges_a_cut_epoch(tmp_path):
    x, y = _blobs(n=400)
    callbacks = [{"name": "model_checkpoint", "monitor": "val_loss"}]
    project = _projects.classifier(batch_size=1, epochs=1, callbacks=callbacks)
    trainer = Trainer(project, data=(x, y), checkpoint_dir=tmp_path)
    unsubscribe = trainer.subscribe(lambda e: e["kind"] == "batch" and e["step"] == 3 and trainer.stop())
    trainer.run()
    unsubscribe()
    assert trainer.last_event["reason"] == "stopped" and not (tmp_path / "best.keras").exists()
    assert "the unfinished epoch runs again" in trainer.last_event["message"]
    trainer.run()  # continue: the same epoch, now complete, is judged and kept
    assert (tmp_path / "best.keras").exists() and str(tmp_path) in trainer.last_event["message"]


def test_continue_after_finishing_trains_more_epochs():
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(epochs=1), data=(x, y))
    trainer.run()
    trainer.run(epochs=2)
    assert trainer.epoch == 3 and len(trainer.history["loss"]) == 3


def test_nan_loss_ends_with_a_clear_message():
    x, y = _blobs()
    x *= 1e3  # with a learning rate this large the weights blow up within a few batches
    project = _projects.classifier(activation="linear", optimizer={"name": "sgd", "learning_rate": 1e12})
    trainer = Trainer(project, data=(x, y))
    events = _recorder(trainer)
    trainer.start()
    trainer.wait(120)
    end = events[-1]
    assert end["kind"] == "end" and end["reason"] == "nan"
    assert "nan" in end["message"].lower() and "learning rate" in end["message"]
    assert trainer.epoch == 0


def test_shape_mismatch_is_caught_before_training():
    x, y = _blobs(features=3)
    trainer = Trainer(_projects.classifier(features=4), data=(x, y))
    with pytest.raises(NNBuilderError) as caught:
        trainer.prepare()
    assert "4" in str(caught.value) and "3" in str(caught.value)
    assert trainer.epoch == 0 and trainer.history == {}


def test_a_mismatch_in_the_worker_becomes_an_error_event():
    x, y = _blobs(classes=5)
    trainer = Trainer(_projects.classifier(classes=3), data=(x, y))
    events = _recorder(trainer)
    trainer.start()
    trainer.wait(60)
    assert [e["kind"] for e in events] == ["error"]
    assert "5" in events[0]["message"] and "\n" not in events[0]["message"]


def test_early_stopping_is_reported():
    x, y = _blobs()
    callbacks = [{"name": "early_stopping", "monitor": "loss", "patience": 1, "min_delta": 100.0}]
    trainer = Trainer(_projects.classifier(epochs=10, callbacks=callbacks), data=(x, y))
    events = _recorder(trainer)
    trainer.run()
    assert events[-1]["reason"] == "early_stopping" and trainer.epoch < 10


def test_autoencoder_shows_reconstructions_beside_inputs():
    rng = np.random.default_rng(1)
    x = rng.random((32, 16)).astype("float32")
    trainer = Trainer(_projects.autoencoder(), data=(x, None, x[:8], None))
    events = _recorder(trainer)
    trainer.run()
    samples = [e for e in events if e["kind"] == "samples"]
    assert len(samples) == 1 and samples[0]["pairs"] is True
    assert samples[0]["images"].shape == (16, 4, 4, 1)
    assert "loss" in trainer.history


def test_gan_trains_both_models_and_shows_fixed_noise_samples():
    rng = np.random.default_rng(2)
    x = rng.random((32, 4, 4, 1)).astype("float32")
    trainer = Trainer(_projects.gan(), data=(x, None))
    events = _recorder(trainer)
    before = [w.copy() for w in trainer.prepare().models["discriminator"].get_weights()]
    g_before = [w.copy() for w in trainer.models["generator"].get_weights()]
    trainer.run()
    assert set(trainer.history) == {"d_loss", "d_accuracy", "g_loss"}
    batches = [e["logs"]["g_loss"] for e in events if e["kind"] == "batch"]
    assert trainer.history["g_loss"] == [pytest.approx(batches[-1])]  # the epoch mean, as fit reports
    steps = len(trainer.dataset.x_train) // 8
    assert [e["step"] for e in events if e["kind"] == "batch"] == list(range(1, steps + 1))
    samples = [e for e in events if e["kind"] == "samples"]
    assert samples and samples[0]["images"].shape == (16, 4, 4, 1)
    assert any(not np.array_equal(a, b) for a, b in zip(before, trainer.models["discriminator"].get_weights()))
    assert any(not np.array_equal(a, b) for a, b in zip(g_before, trainer.models["generator"].get_weights()))


def test_a_failing_subscriber_does_not_end_training(capsys):
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(epochs=1), data=(x, y))
    trainer.subscribe(lambda e: 1 / 0)
    trainer.run()
    assert trainer.epoch == 1
    assert "subscriber failed" in capsys.readouterr().err


def test_bad_arguments_are_refused_with_the_field_named():
    with pytest.raises(NNBuilderError, match="epochs"):
        Trainer(_projects.classifier(), epochs=0)
    with pytest.raises(NNBuilderError, match="data"):
        Trainer(_projects.classifier(), data="nope").prepare()
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(), data=(x, y))
    trainer.start()
    with pytest.raises(NNBuilderError, match="already running"):
        trainer.start()
    trainer.stop()
    trainer.wait(60)


def test_the_worker_uses_the_callers_dtype_policy():
    import keras

    x, y = _blobs()
    before = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        trainer = Trainer(_projects.classifier(epochs=1), data=(x, y))
        trainer.start().wait(120)
    finally:
        keras.config.set_dtype_policy(before)
    assert trainer.last_event["reason"] == "finished"
    assert trainer.model.layers[1].dtype_policy.name == "mixed_bfloat16"
