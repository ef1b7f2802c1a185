"""Whole runs in fresh processes: `nnbuilder train` per recipe, exported training scripts
(without nnbuilder importable), the JAX backend, and data-parallel training on two CPUs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnbuilder import Project, export_code, load_template

ROOT = Path(__file__).resolve().parents[2]
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}


def _run(args, cwd, env=None, timeout=600):
    proc = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **QUIET, **(env or {})}
    )
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _small(name: str, samples: int, **training) -> Project:
    """A template with a capped dataset (the runs prove the wiring, not the accuracy)."""
    data = load_template(name).to_dict()
    data["data"]["options"]["samples"] = samples
    data["training"].update(training)
    return Project.from_dict(data)


@pytest.mark.parametrize(
    ("template", "files"),
    [
        ("mnist_cnn", ["model.keras"]),
        ("autoencoder", ["autoencoder.keras"]),
        ("gan", ["generator.keras", "discriminator.keras"]),
    ],
)
def test_command_line_trains_one_epoch_of_each_recipe(tmp_path, template, files):
    path = tmp_path / f"{template}.nnb.json"
    _small(template, 512).save(path)
    proc = _run([sys.executable, "-m", "nnbuilder.cli", "train", str(path), "--epochs", "1", "--out", "run"], tmp_path)
    out = tmp_path / "run"
    for name in [*files, "history.json", "history.csv"]:
        assert (out / name).exists(), (name, sorted(p.name for p in out.iterdir()))
    history = json.loads((out / "history.json").read_text())
    assert all(len(values) == 1 for values in history.values()) and history
    assert (out / "history.csv").read_text().splitlines()[0].startswith("epoch,")
    assert "finished 1 epoch" in proc.stderr
    cached = (Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets" / "mnist.npz").exists()
    assert ("stand in" in proc.stderr) != cached  # offline, the note says which data stands in


def test_exported_scripts_train_like_nnbuilder(tmp_path):
    """Same settings and seed: the script (nnbuilder blocked) and `nnbuilder train` log the same losses."""
    project = _small("mnist_mlp", 600, seed=7, validation_split=0.2)
    project.save(tmp_path / "mlp.nnb.json")
    (tmp_path / "mlp.py").write_text(export_code(project), encoding="utf-8")
    runner = (
        "import json, runpy, sys; sys.modules['nnbuilder'] = None; "
        "ns = runpy.run_path('mlp.py', run_name='exported'); model, history = ns['train'](2); "
        "print('HISTORY' + json.dumps(history.history))"
    )
    script = _run([sys.executable, "-c", runner], tmp_path)
    ours = json.loads(script.stdout.split("HISTORY", 1)[1])
    assert "test:" in script.stdout and "confusion matrix" in script.stdout and (tmp_path / "model.keras").exists()
    _run([sys.executable, "-m", "nnbuilder.cli", "train", "mlp.nnb.json", "--out", "run", "--epochs", "2"], tmp_path)
    theirs = json.loads((tmp_path / "run" / "history.json").read_text())
    assert set(ours) == set(theirs)
    for name, values in ours.items():
        assert values == pytest.approx(theirs[name], rel=1e-3, abs=1e-4), name


@pytest.mark.parametrize("template", ["autoencoder", "gan", "lstm"])
def test_exported_scripts_run_as_scripts(tmp_path, template):
    (tmp_path / "train.py").write_text(export_code(_small(template, 256)), encoding="utf-8")
    runner = "import runpy, sys; sys.modules['nnbuilder'] = None; sys.argv = ['train.py', '--epochs', '1']; "
    runner += "runpy.run_path('train.py', run_name='__main__')"
    proc = _run([sys.executable, "-c", runner], tmp_path)
    saved = sorted(p.name for p in tmp_path.glob("*.keras"))
    expected = {"autoencoder": ["autoencoder.keras"], "gan": ["discriminator.keras", "generator.keras"]}
    assert saved == expected.get(template, ["model.keras"]), proc.stdout[-2000:]


JAX_RECIPES = r"""
import json, numpy as np, keras
from nnbuilder.training import Trainer
from tests.training import _projects
rng = np.random.default_rng(0)
report = {"backend": keras.backend.backend()}
x = rng.normal(size=(64, 4)).astype("float32"); y = rng.integers(0, 3, 64)
trainer = Trainer(_projects.classifier(), data=(x, y)); trainer.run()
report["supervised"] = sorted(trainer.history)
images = rng.random((32, 16)).astype("float32")
trainer = Trainer(_projects.autoencoder(), data=(images, None)); trainer.run()
report["autoencoder"] = sorted(trainer.history)
trainer = Trainer(_projects.gan(), data=(images.reshape(32, 4, 4, 1), None)); trainer.run()
report["gan"] = sorted(trainer.history)
print("REPORT" + json.dumps(report))
"""


def _report(proc):
    return json.loads(proc.stdout.split("REPORT", 1)[1])


def test_every_recipe_trains_on_jax(tmp_path):
    pytest.importorskip("jax")
    report = _report(_run([sys.executable, "-c", JAX_RECIPES], ROOT, env={"KERAS_BACKEND": "jax"}))
    assert report == {
        "backend": "jax",
        "supervised": ["accuracy", "loss", "val_accuracy", "val_loss"],
        "autoencoder": ["loss"],
        "gan": ["d_accuracy", "d_loss", "g_loss"],
    }


PARALLEL = r"""
import json, os, numpy as np, keras
backend = keras.backend.backend()
if backend == "tensorflow":
    import tensorflow as tf
    (cpu,) = tf.config.list_physical_devices("CPU")
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from nnbuilder.training import Trainer
from tests.training import _projects
rng = np.random.default_rng(0)
x = rng.normal(size=(131, 4)).astype("float32"); y = rng.integers(0, 3, 131)  # uneven on purpose
trainer = Trainer(_projects.classifier(batch_size=16, validation_split=0.3), data=(x, y), devices=2)
events = []
trainer.subscribe(events.append)
trainer.run()
print("REPORT" + json.dumps({"backend": backend, "engine": trainer.placement.engine, "device": trainer.device,
      "devices": len(trainer.placement.devices), "epochs": len(trainer.history["loss"]),
      "start_device": events[0]["device"]}))
"""


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_data_parallel_training_on_two_logical_cpus(backend):
    if backend == "jax":
        pytest.importorskip("jax")
    env = {"KERAS_BACKEND": backend, "XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    report = _report(_run([sys.executable, "-c", PARALLEL], ROOT, env=env))
    engine = {"tensorflow": "MirroredStrategy", "jax": "DataParallel"}[backend]
    assert report == {
        "backend": backend,
        "engine": engine,
        "device": "2 × CPU",
        "devices": 2,
        "epochs": 2,
        "start_device": "2 × CPU",
    }
