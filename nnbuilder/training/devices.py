"""Which device a run uses, and spreading a batch over several local devices.

TensorFlow spreads with `tf.distribute.MirroredStrategy`, JAX with
`keras.distribution.DataParallel`; PyTorch runs on one device. Training over several
processes is `nnbuilder.training.distributed` (JAX only): Keras 3 does not drive
TensorFlow's `MultiWorkerMirroredStrategy`, so a `TF_CONFIG` cluster is refused.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

from nnbuilder.errors import NNBuilderError
from nnbuilder.training.distributed import refusal


@dataclass
class Placement:
    """Where a run trains: a description for people and the context that builds and fits in it."""

    description: str
    devices: list[str] = field(default_factory=list)
    engine: str | None = None  # "MirroredStrategy", "DataParallel" (local devices) or None
    strategy: Any = None  # a tf.distribute strategy or a keras.distribution.Distribution

    def scope(self) -> Any:
        """Build, compile and fit inside this context."""
        if self.strategy is not None:
            return self.strategy.scope()
        return contextlib.nullcontext()


def _accelerator_names(backend: str) -> tuple[list[str], list[str]]:
    """(device ids, human names) of the local accelerators, or of the CPUs when none."""
    if backend == "tensorflow":
        import tensorflow as tf  # type: ignore[import-untyped]

        gpus = tf.config.list_logical_devices("GPU")
        if gpus:
            names = []
            for physical in tf.config.list_physical_devices("GPU"):
                details = tf.config.experimental.get_device_details(physical)
                names.append(details.get("device_name", "GPU"))
            names += [names[-1] if names else "GPU"] * (len(gpus) - len(names))
            return [d.name for d in gpus], names
        cpus = tf.config.list_logical_devices("CPU")
        return [d.name for d in cpus], ["CPU"] * len(cpus)
    if backend == "jax":
        import jax

        devices = jax.devices()
        return [str(d) for d in devices], [("CPU" if d.platform == "cpu" else d.device_kind) for d in devices]
    if backend == "torch":
        import torch  # type: ignore[import-not-found]

        if torch.cuda.is_available():
            count = torch.cuda.device_count()
            return [f"cuda:{i}" for i in range(count)], [torch.cuda.get_device_name(i) for i in range(count)]
        return ["cpu"], ["CPU"]
    return ["cpu"], ["CPU"]


def _describe(names: list[str]) -> str:
    if not names:
        return "CPU"
    if all(n == names[0] for n in names) and len(names) > 1:
        return f"{len(names)} × {names[0]}"
    return ", ".join(names)


def choose_placement(devices: Any = None) -> Placement:
    """Pick the devices for a run.

    `devices=None`: every local GPU (spread over them when there are several), else
    the CPU. An int takes the first n local devices; a list names them (e.g.
    `["/cpu:0", "/cpu:1"]` on TensorFlow after configuring two logical CPUs).
    """
    import keras  # type: ignore[import-untyped]

    backend = keras.backend.backend()
    if devices is None:
        cluster = _multi_worker(backend)
        if cluster is not None:
            return cluster
    ids, names = _accelerator_names(backend)
    accelerated = any(n != "CPU" for n in names)
    if devices is None:
        chosen = list(range(len(ids))) if accelerated else [0]
    elif isinstance(devices, int) and not isinstance(devices, bool):
        if not 1 <= devices <= len(ids):
            raise NNBuilderError(f"devices: asked for {devices} but this machine has {len(ids)} ({_describe(names)})")
        chosen = list(range(devices))
    elif isinstance(devices, (list, tuple)) and devices:
        chosen = [_find(ids, d) for d in devices]
    else:
        raise NNBuilderError(f"devices: expected None, a count or a list of device names, got {devices!r}")
    picked_ids = [ids[i] for i in chosen]
    description = _describe([names[i] for i in chosen])
    if len(chosen) == 1:
        return Placement(description, picked_ids)
    if backend == "tensorflow":
        import tensorflow as tf

        strategy = tf.distribute.MirroredStrategy(devices=picked_ids)
        return Placement(description, picked_ids, "MirroredStrategy", strategy)
    if backend == "jax":
        import jax

        by_name = {str(d): d for d in jax.devices()}
        distribution = keras.distribution.DataParallel(devices=[by_name[i] for i in picked_ids])
        return Placement(description, picked_ids, "DataParallel", distribution)
    raise NNBuilderError(f"training on several devices needs the TensorFlow or JAX backend (this run uses {backend})")


def _multi_worker(backend: str) -> Placement | None:
    """Refuse a run set up as one process of several: a Trainer feeds every process all the rows.

    `nnbuilder.training.distributed` gives each process its part of every batch instead."""
    if backend == "tensorflow" and os.environ.get("TF_CONFIG"):
        try:
            workers = len(json.loads(os.environ["TF_CONFIG"])["cluster"]["worker"])
        except (ValueError, KeyError, TypeError):
            raise NNBuilderError("TF_CONFIG: expected JSON with cluster.worker, the list of workers") from None
        raise refusal("no_tf_workers", workers=workers)
    if backend == "jax":
        import jax

        if jax.process_count() > 1:
            raise refusal("use_distributed_fit", processes=jax.process_count())
    return None


def _find(ids: list[str], wanted: Any) -> int:
    text = str(wanted).lower()
    for i, device_id in enumerate(ids):
        low = device_id.lower()
        if low == text or low.endswith(text.lstrip("/")) or low.replace("/device:", "/") == text:
            return i
    raise NNBuilderError(f"devices: no local device {wanted!r}; this machine has {', '.join(ids)}")
