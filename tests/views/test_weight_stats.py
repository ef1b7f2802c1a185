"""Weights and gradients during training: histograms, gradients against Keras's own, norms, the records a
real training run emits, and the vanishing gradients of a deep sigmoid stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnbuilder.errors import NNBuilderError
from nnbuilder.training import Trainer
from nnbuilder.ui._run_state import apply_event, initial_state
from nnbuilder.views._gradients import batch_gradients
from nnbuilder.views.weight_histograms import histogram, weight_record
from nnbuilder.views.weight_stats import Sampling, keep_record, norm_series, sampling_from
from tests.training import _projects

ROOT = Path(__file__).resolve().parents[2]


def _blobs(n=64, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    x = rng.normal(size=(n, features)).astype("float32") + y[:, None].astype("float32") * 2.0
    return x, y


def _classifier(features=4, classes=3):
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dropout(0.5, name="dropout"),
            keras.layers.BatchNormalization(name="norm"),
            keras.layers.Dense(classes, activation="softmax", name="out"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _covers(hist, values):
    values = np.asarray(values).reshape(-1)
    return hist["edges"][0] <= values.min() and hist["edges"][-1] >= values.max()


@pytest.mark.parametrize(
    "values",
    [
        np.random.default_rng(0).normal(size=(7, 5)),
        np.zeros(6, "float32"),
        np.linspace(-3, 9, 1001, dtype="float32"),
    ],
)
def test_histogram_counts_every_value_between_the_minimum_and_the_maximum(values):
    hist = histogram(values, 30)
    assert len(hist["counts"]) == 30 and len(hist["edges"]) == 31
    assert sum(hist["counts"]) == values.size == hist["size"] and hist["nonfinite"] == 0
    assert _covers(hist, values) and hist["edges"] == sorted(hist["edges"])


def test_histogram_counts_nan_and_infinity_apart():
    values = np.array([1.0, np.nan, 2.0, np.inf, 3.0])
    hist = histogram(values, 4)
    assert sum(hist["counts"]) == 3 and hist["nonfinite"] == 2 and hist["size"] == 5
    assert hist["edges"][0] == 1.0 and hist["edges"][-1] == 3.0
    json.dumps(hist, allow_nan=False)


def test_record_has_a_histogram_of_every_weight_and_gradient():
    model = _classifier()
    x, y = _blobs()
    record = weight_record(model, epoch=0, batch=0, step=0, at="start", bins=30, gradients=batch_gradients(model, x, y))
    json.dumps(record, allow_nan=False)
    assert list(record["layers"]) == ["hidden", "norm", "out"]  # dropout has no weights
    norm = record["layers"]["norm"]
    assert set(norm["weights"]) == {"gamma", "beta", "moving_mean", "moving_variance"}
    assert set(norm["gradients"]) == {"gamma", "beta"}  # moving statistics are not trained
    layers = {layer.name: layer for layer in model.layers}
    for node, entry in record["layers"].items():
        for variable in layers[node].weights:
            values = variable.numpy()
            hist = entry["weights"][variable.name]
            assert sum(hist["counts"]) == values.size and _covers(hist, values), (node, variable.name)
        sizes = {v.name: v.numpy().size for v in layers[node].trainable_weights}
        assert set(entry["gradients"]) == set(sizes)
        for name, hist in entry["gradients"].items():
            assert sum(hist["counts"]) == hist["size"] == sizes[name], (node, name)


def test_gradients_equal_keras_gradients_on_the_same_batch():
    model = _classifier()
    x, y = _blobs(n=16)
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)  # moving statistics and weights away from their start
    found = batch_gradients(model, x, y)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=False))
    expected = tape.gradient(loss, model.trainable_variables)
    assert len(found) == len(expected) == 6
    for variable, mine, theirs in zip(model.trainable_variables, found, expected):
        np.testing.assert_allclose(mine, theirs.numpy(), atol=1e-5, rtol=1e-5, err_msg=variable.path)
    record = weight_record(model, epoch=0, batch=0, step=None, at="start", bins=30, gradients=found)
    out = record["layers"]["out"]
    assert out["gradients"]["kernel"]["counts"] == histogram(expected[4].numpy(), 30)["counts"]
    assert out["gradients"]["kernel"]["edges"] == pytest.approx(histogram(expected[4].numpy(), 30)["edges"], abs=1e-6)


def test_norms_are_the_l2_norms_of_the_trainable_weights_and_their_gradients():
    model = _classifier()
    x, y = _blobs()
    gradients = batch_gradients(model, x, y)
    record = weight_record(model, epoch=0, batch=0, step=None, at="start", bins=10, gradients=gradients)
    by_id = {id(v): g for v, g in zip(model.trainable_variables, gradients)}
    for layer in model.layers:
        if not layer.weights:
            continue
        entry = record["layers"][layer.name]
        weights = np.concatenate([v.numpy().ravel() for v in layer.trainable_weights])
        grads = np.concatenate([by_id[id(v)].ravel() for v in layer.trainable_weights])
        assert entry["weight_norm"] == pytest.approx(float(np.sqrt(np.sum(weights.astype("float64") ** 2))), rel=1e-9)
        assert entry["gradient_norm"] == pytest.approx(float(np.linalg.norm(grads.astype("float64"))), rel=1e-9)


def test_weights_only_when_gradients_are_not_asked_for():
    model = _classifier()
    record = weight_record(model, epoch=0, batch=0, step=None, at="start", bins=30, gradients=None)
    assert all(e["gradients"] is None and e["gradient_norm"] is None for e in record["layers"].values())
    assert record["layers"]["hidden"]["weight_norm"] > 0


def test_a_training_run_emits_records_at_the_planned_rate():
    x, y = _blobs(n=80)  # a fifth kept for testing, a quarter of the rest for validation: 48 rows, 6 batches
    trainer = Trainer(_projects.classifier(), data=(x, y), runs=False, weight_stats={"every": 2})
    events = []
    trainer.subscribe(events.append)
    trainer.run()
    steps = trainer.steps
    assert steps == 6
    records = [e for e in events if e["kind"] == "weights"]
    planned = [(0, 0, "start")]
    for epoch in range(2):
        planned += [(epoch, b, "batch") for b in range(2, steps, 2)] + [(epoch, steps, "epoch_end")]
    assert [(r["epoch"], r["batch"], r["at"]) for r in records] == planned
    assert [r["step"] for r in records if r["at"] == "epoch_end"] == [steps, 2 * steps]
    for i, event in enumerate(events):  # each epoch's end record comes just before its epoch event
        if event["kind"] == "epoch":
            before = events[i - 1]
            assert (before["kind"], before["at"], before["epoch"]) == ("weights", "epoch_end", event["epoch"])
    assert all(r["gradients_on"] == {"backend": "tensorflow", "rows": 32} and r["note"] is None for r in records)
    assert set(records[-1]["layers"]) == {"hidden", "out"}
    json.dumps(records, allow_nan=False)
    norms = trainer.weight_norms
    assert norms["epochs"] == [0, 1] and set(norms["gradient_norm"]) == {"hidden", "out"}
    assert all(len(v) == 2 and all(n > 0 for n in v) for v in norms["weight_norm"].values())
    kept = [(r["epoch"], r["at"]) for r in trainer.weight_stats]
    assert kept == [(0, "start"), (0, "epoch_end"), (1, "batch"), (1, "batch"), (1, "epoch_end")]
    assert trainer.last_event["kind"] == "end"


def test_the_default_sampling_records_each_epoch_and_off_records_nothing():
    x, y = _blobs()
    trainer = Trainer(_projects.classifier(), data=(x, y), runs=False)
    trainer.run()
    ends = [r for r in trainer.weight_stats if r["at"] == "epoch_end"]
    assert [r["epoch"] for r in ends] == [0, 1] and trainer.weight_stats[0]["at"] == "start"
    trainer.run(1)  # a continued run: its starting weights are the last epoch's, recorded already
    assert [r["at"] for r in trainer.weight_stats if r["at"] != "batch"] == ["start", *["epoch_end"] * 3]
    assert trainer.weight_norms["epochs"] == [0, 1, 2]
    quiet = Trainer(_projects.classifier(), data=(x, y), runs=False, weight_stats=False)
    events = []
    quiet.subscribe(events.append)
    quiet.run()
    assert quiet.weight_stats == [] and not any(e["kind"] == "weights" for e in events)


def test_deep_sigmoid_stack_shows_vanishing_gradients():
    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [keras.Input((10,))]
        + [keras.layers.Dense(16, activation="sigmoid", name=f"sigmoid{i}") for i in range(8)]
        + [keras.layers.Dense(3, activation="softmax", name="out")]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = _blobs(n=64, features=10)
    record = weight_record(model, epoch=0, batch=0, step=0, at="start", bins=30, gradients=batch_gradients(model, x, y))
    norms = [record["layers"][f"sigmoid{i}"]["gradient_norm"] for i in range(8)]
    assert norms[0] < norms[-1] / 100, norms


def test_sampling_settings_are_checked_by_name():
    assert sampling_from(True) == Sampling() and sampling_from(False) is None
    assert sampling_from({"every": 5, "bins": 10}) == Sampling(every=5, bins=10)
    with pytest.raises(NNBuilderError, match="unknown setting 'evry'"):
        sampling_from({"evry": 5})
    with pytest.raises(NNBuilderError, match=r"weight_stats\.every: expected a whole number"):
        sampling_from({"every": 0})
    with pytest.raises(NNBuilderError, match=r"weight_stats\.share"):
        sampling_from({"share": 1.5})
    with pytest.raises(NNBuilderError, match="weight_stats: expected True, False"):
        sampling_from("often")


def test_a_run_keeps_epoch_records_and_only_the_newest_epochs_batch_records():
    kept: list[dict] = []
    for epoch, at in [(0, "start"), (0, "batch"), (0, "epoch_end"), (1, "batch"), (1, "batch")]:
        keep_record(kept, {"epoch": epoch, "at": at, "layers": {"a": {"weight_norm": epoch, "gradient_norm": None}}})
    assert [(r["epoch"], r["at"]) for r in kept] == [(0, "start"), (0, "epoch_end"), (1, "batch"), (1, "batch")]
    assert norm_series(kept) == {"epochs": [0], "weight_norm": {"a": [0.0]}, "gradient_norm": {"a": [None]}}


def test_the_training_panel_passes_weights_records_by():
    state = initial_state(attached=True)
    assert apply_event(state, {"kind": "weights", "epoch": 0, "layers": {}}) is state


JAX_CHECK = r"""
import json, numpy as np, keras, jax, jax.numpy as jnp
from nnbuilder.views._gradients import batch_gradients
keras.utils.set_random_seed(1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(3)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
rng = np.random.default_rng(0)
x, y = rng.normal(size=(16, 4)).astype("float32"), rng.integers(0, 3, 16)
found = batch_gradients(model, x, y)
def loss(params):
    k1, b1, k2, b2 = params
    logits = jnp.tanh(x @ k1 + b1) @ k2 + b2
    return -jnp.mean(jax.nn.log_softmax(logits)[jnp.arange(16), y])
expected = jax.grad(loss)([v.value for v in model.trainable_variables])
print("GAP", max(float(np.max(np.abs(a - np.asarray(b)))) for a, b in zip(found, expected)), len(found))
"""


def test_gradients_on_the_jax_backend_equal_jax_grad_of_the_loss():
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run(
        [sys.executable, "-c", JAX_CHECK], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env
    )
    line = next((s for s in proc.stdout.splitlines() if s.startswith("GAP")), None)
    assert line is not None, proc.stderr[-3000:]
    gap, count = float(line.split()[1]), int(line.split()[2])
    assert count == 4 and gap < 1e-5, line
