"""`nnbuilder train --processes N --process-id I --coordinator HOST:PORT`: one process of a data-parallel run.

Each process prints its epochs (the same numbers in every process); process 0 writes the history, and the
model where every weight can be gathered onto it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TextIO

from nnbuilder.document.project import Project
from nnbuilder.locale.distributed_words import distributed_word
from nnbuilder.training import distributed
from nnbuilder.training.headless import write_history


def train_process(
    project: Project,
    *,
    processes: int,
    process_id: int,
    coordinator: str,
    local_devices: int | None = None,
    epochs: int | None = None,
    out: Path | None = None,
    language: str = "en",
    stream: TextIO | None = None,
) -> dict[str, list[float]]:
    """Join the run, train this process's part and return the history; process 0 writes `out`."""
    stream = stream or sys.stdout
    cluster = distributed.join(coordinator, processes, process_id, local_devices=local_devices)
    said = distributed_word(
        language, "joined", process_id=process_id, processes=processes, devices=cluster.devices, coordinator=coordinator
    )
    print(said, file=stream, flush=True)
    total = epochs or project.training.get("epochs", 1)

    def show(epoch: int, logs: dict[str, float]) -> None:
        values = ", ".join(f"{name} {value:.6f}" for name, value in sorted(logs.items()))
        print(
            distributed_word(language, "epoch", epoch=epoch + 1, epochs=total, values=values), file=stream, flush=True
        )

    trained = distributed.fit(project, cluster=cluster, epochs=epochs, on_epoch=show)
    # Saving reads every weight, which may need all processes: each saves (all but process 0 into a
    # folder that is then removed), and none leaves before all have saved.
    with tempfile.TemporaryDirectory(prefix="nnbuilder-process-") as scratch:
        folder = out if cluster.leader and out is not None else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        trained.model.save(folder / f"{next(iter(project.models))}.keras")
        if cluster.leader:
            write_history(trained.history, folder)
        distributed.wait_for_all("outputs written")
    if cluster.leader and out is not None:
        print(distributed_word(language, "wrote", folder=out), file=stream, flush=True)
    elif not cluster.leader:
        print(distributed_word(language, "left_to_leader", process_id=process_id), file=stream, flush=True)
    return trained.history
