"""Data-parallel training over several processes, on one machine or several, with Keras on JAX.

Every process runs the same project: `join()` connects it to the others through a coordinator
(`jax.distributed.initialize`) and spreads each batch over all processes' devices with
`keras.distribution.DataParallel`; `fit()` then feeds this process its part of every batch. The
losses are computed over the whole batch, so every process reports the same numbers, and they
are those of one process training the same data in the same order. TensorFlow's
`MultiWorkerMirroredStrategy` is not supported: Keras 3 does not drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nnbuilder.document.project import Project
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.errors import NNBuilderError, bilingual_error
from nnbuilder.locale.distributed_words import distributed_word


@dataclass(frozen=True)
class Cluster:
    """This process's place among the processes training together."""

    coordinator: str
    processes: int
    process_id: int
    devices: int  # devices over all processes

    @property
    def leader(self) -> bool:
        """Process 0 writes what the run leaves behind."""
        return self.process_id == 0


@dataclass(frozen=True)
class Trained:
    """What `fit` returns: the trained Keras model and its history (name -> one value per epoch)."""

    model: Any
    history: dict[str, list[float]]


def refusal(key: str, **values: object) -> NNBuilderError:
    """The error `key` of the distributed words, in English with its Chinese beside it."""
    return bilingual_error(distributed_word("en", key, **values), distributed_word("zh", key, **values))


def check_request(
    coordinator: str | None, processes: int, process_id: int | None, local_devices: int | None = None
) -> None:
    """Refuse, in one sentence, a coordinator address or process numbering that cannot work."""
    if coordinator is None or process_id is None:
        raise refusal("needs_coordinator")
    host, _, port = coordinator.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise refusal("bad_coordinator", got=coordinator)
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise refusal("bad_processes", got=processes)
    if isinstance(process_id, bool) or not isinstance(process_id, int) or not 0 <= process_id < processes:
        raise refusal("bad_process_id", got=process_id, last=processes - 1)
    if local_devices is not None and (
        isinstance(local_devices, bool) or not isinstance(local_devices, int) or local_devices < 1
    ):
        raise refusal("bad_local_devices", got=local_devices)


def join(coordinator: str, processes: int, process_id: int, *, local_devices: int | None = None) -> Cluster:
    """Join the run that `processes` processes train together; returns this process's place.

    `coordinator` is "HOST:PORT" of process 0, the same in every process; `process_id` runs from 0.
    `local_devices` gives this process that many CPU devices (for machines without accelerators);
    by default it uses its accelerators, or one CPU. Call it before anything runs on JAX. The
    processes also agree on a random seed, so that a model built in each starts with the same weights.
    """
    check_request(coordinator, processes, process_id, local_devices)
    import keras  # type: ignore[import-untyped]  # deferred: Keras loads when training starts

    if keras.backend.backend() != "jax":
        raise refusal("needs_jax", backend=keras.backend.backend())
    import jax

    if local_devices is not None:
        jax.config.update("jax_num_cpu_devices", local_devices)  # type: ignore[no-untyped-call]
    if processes > 1:
        try:
            # jax.distributed.initialize, then one seed for all: process 0's unless keras has one
            keras.distribution.initialize(coordinator, num_processes=processes, process_id=process_id)
        except RuntimeError as exc:  # a second call, or JAX already running on this process
            raise refusal("not_joined", reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    devices = keras.distribution.list_devices()
    distribution = keras.distribution.DataParallel(devices=devices)
    distribution.auto_shard_dataset = False  # `fit` gives each process its own rows
    keras.distribution.set_distribution(distribution)
    return Cluster(coordinator, processes, process_id, len(devices))


def wait_for_all(what: str) -> None:
    """Return once every process has got here (at once when this process trains alone)."""
    import jax

    if jax.process_count() > 1:
        from jax.experimental import multihost_utils

        multihost_utils.sync_global_devices(what)


def batch_rows(rows: int, batch_size: int, processes: int, process_id: int, devices: int) -> list[int]:
    """The rows (of `rows`, in order) this process trains on: its block of every batch of `batch_size`.

    Batch k is rows k*B .. k*B+B-1 for every process together; process p takes its p-th part. The
    last rows that cannot be split evenly over all `devices` are left out (none with one device)."""
    if batch_size % devices:
        raise refusal("bad_batch", batch_size=batch_size, devices=devices)
    usable = rows - rows % devices
    mine: list[int] = []
    for start in range(0, usable, batch_size):
        size = min(batch_size, usable - start)
        part = size // processes
        mine += range(start + process_id * part, start + (process_id + 1) * part)
    return mine


def fit(
    project: Project,
    data: Any = None,
    *,
    cluster: Cluster | None = None,
    epochs: int | None = None,
    on_epoch: Callable[[int, dict[str, float]], None] | None = None,
) -> Trained:
    """Train `project`'s model (supervised or autoencoder) as one process of `cluster`; returns it and its history.

    Every process gives the same project and the same data (`data` overrides the project's dataset, as
    for `nnbuilder.train`); each trains on its part of every batch. The rows are shuffled each epoch from
    the project's seed (0 when unset), the same way in every process; the first weights come from the
    project's seed, or else from the one the processes agreed on in `join`. Without `cluster`, this process
    trains alone, the same rows in the same order. `on_epoch(epoch, logs)` is called after each epoch.
    """
    import keras
    import numpy as np

    from nnbuilder.bridge.to_keras import build
    from nnbuilder.data import as_dataset, check_data_against_model, load_dataset
    from nnbuilder.data._paths import project_rule
    from nnbuilder.data.targets import fit_targets
    from nnbuilder.training.compile import compile_model
    from nnbuilder.training.recipes._common import batches_per_epoch, train_rows
    from nnbuilder.verbatim.preprocessing import adapt_normalization

    settings = normalize_training(project.training)
    if settings["recipe"] not in ("supervised", "autoencoder"):
        raise refusal("bad_recipe", recipe=settings["recipe"])
    extras = [c["name"] for c in settings["callbacks"]] + (
        ["test_each_epoch"] if settings.get("test_each_epoch") else []
    )
    if extras:
        raise refusal("bad_extras", names=", ".join(extras))
    total_epochs = settings["epochs"] if epochs is None else epochs
    if isinstance(total_epochs, bool) or not isinstance(total_epochs, int) or total_epochs < 1:
        raise NNBuilderError(f"epochs: expected a whole number of at least 1, got {total_epochs!r}")
    processes, process_id = (1, 0) if cluster is None else (cluster.processes, cluster.process_id)
    devices = 1 if cluster is None else cluster.devices
    batch_size = settings["batch_size"]
    dataset = load_dataset(project.data, paths=project_rule(project)) if data is None else as_dataset(data)
    seed = 0 if settings.get("seed") is None else int(settings["seed"])
    if settings.get("seed") is not None:  # else the seed the processes agreed on when they joined
        keras.utils.set_random_seed(seed)
    model = build(project)
    if isinstance(model, dict):
        raise refusal("bad_recipe", recipe=settings["recipe"])
    problems = check_data_against_model(dataset, model, settings)
    if problems:
        raise NNBuilderError("; ".join(problems))
    x = np.asarray(dataset.x_train)
    y = (
        x
        if settings["recipe"] == "autoencoder"
        else np.asarray(fit_targets(dataset, dataset.y_train, settings["loss"]))
    )
    train = train_rows(len(x), settings["validation_split"])
    steps = batches_per_epoch(len(x), batch_size, settings["validation_split"])
    adapt_normalization(model, x[:train])  # type: ignore[no-untyped-call]  # the same rows in every process
    compile_model(model, settings, steps_per_epoch=steps)  # type: ignore[no-untyped-call]
    val_rows = batch_rows(len(x) - train, batch_size, processes, process_id, devices)
    validation = (x[train:][val_rows], y[train:][val_rows]) if val_rows else None
    history: dict[str, list[float]] = {}
    shuffler = np.random.default_rng(seed)
    for epoch in range(total_epochs):
        order = shuffler.permutation(train)[batch_rows(train, batch_size, processes, process_id, devices)]
        result = model.fit(
            x[order],
            y[order],
            batch_size=batch_size // processes,
            epochs=epoch + 1,
            initial_epoch=epoch,
            shuffle=False,
            validation_data=validation,
            validation_batch_size=batch_size // processes,
            verbose=0,
        )
        logs = {name: float(values[-1]) for name, values in result.history.items()}
        for name, value in logs.items():
            history.setdefault(name, []).append(value)
        if on_epoch is not None:
            on_epoch(epoch, logs)
    return Trained(model, history)


__all__ = ["Cluster", "Trained", "batch_rows", "check_request", "fit", "join", "refusal", "wait_for_all"]
