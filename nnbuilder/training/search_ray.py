"""The cluster engine of a search: the project's `search` section run through Ray Tune on a Ray cluster.

The study is the same Optuna study as the local engine's (`search.db` in the driver's runs folder): Tune's
`OptunaSearch` draws each trial's values from it with the section's sampler (grid, random, bayes/TPE), and the
section's pruning becomes Tune's `ASHAScheduler`. Each trial is a Tune trainable on some node of the cluster; it
trains with the local engine's `TrialRunner` into a private folder there, reports the metric after every epoch,
and ships its recorded runs, what it found and the node it ran on to a small collector actor. The driver takes
them from there, writes the runs into its runs folder and records the trial in the study. See `docs/cluster.md`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nnbuilder.document.project import Project
from nnbuilder.document.search_section import grid_values
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.locale.search_words import search_word
from nnbuilder.training.search_result import TrialRow, trial_row
from nnbuilder.training.search_study import STUDY_FILE, sampler_for, suggest
from nnbuilder.training.search_trial import TrialRunner, load_data

TRIAL_KEY = "nnb_trial"  # the Optuna trial number, handed to the trainable beside the values
FINAL_KEY = "nnb_final"  # marks a trial's last result (a complete or failed trial; a pruned one has none)
CONNECT_WAIT_S = 10.0  # how long the cluster's address may take to answer
RETURN_WAIT_S = 600.0  # how long the driver waits for a stopped trial's runs to come back


def require_ray() -> None:
    """Refuse in one sentence when Ray Tune is not installed."""
    try:
        import ray  # noqa: F401
        from ray import tune  # noqa: F401
    except ImportError as exc:
        raise NNBuilderError(search_word("en", "no_ray")) from exc


def search_on_cluster(
    project: Project,
    project_file: Path | None,
    section: dict[str, Any],
    runs: Path,
    data: Any,
    name: str,
    *,
    address: str | None,
    remaining: int,
    done: int,
    on_trial: Callable[[TrialRow], object] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run up to `remaining` trials of the study `name` (with `done` finished already) on the Ray cluster at
    `address` (None: `RAY_ADDRESS` or a Ray started for this search); every trial ends up in the study and its
    runs in `runs`, as with the local engine."""
    require_ray()
    import ray
    from ray import tune

    samples = _samples(section, remaining, done)
    if samples == 0:
        return
    os.environ.setdefault("TUNE_DISABLE_STRICT_METRIC_CHECKING", "1")  # a failed trial's last result has no metric
    os.environ.setdefault("RAY_AIR_NEW_OUTPUT", "0")  # with verbose=0: no tables on stdout, where the rows go
    started = not ray.is_initialized()
    if started:
        _check_reachable(address)
        try:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
        except (ConnectionError, RuntimeError) as exc:
            where = address or os.environ.get("RAY_ADDRESS") or "auto"
            raise NNBuilderError(search_word("en", "no_cluster", address=where, why=first_line(exc))) from exc
    scratch = Path(tempfile.mkdtemp(prefix="nnbuilder-tune-"))
    try:
        collector = _collector_class().remote()
        searcher = _searcher(section, runs, name, done, collector, on_trial=on_trial, stop=stop)
        payload = {
            "project": project,
            "project_file": None if project_file is None else str(project_file),
            "section": section,
            "dataset": load_data(project, data),
            "study": name,
            "collector": collector,
        }
        trainable = tune.with_resources(tune.with_parameters(_trainable_class(), payload=payload), {"cpu": 1})
        tuner = tune.Tuner(
            trainable,
            tune_config=tune.TuneConfig(
                search_alg=searcher,
                scheduler=_scheduler(project, section),
                num_samples=samples,
            ),
            run_config=tune.RunConfig(
                name="search",
                storage_path=str(scratch),
                verbose=0,
                log_to_file=False,
                checkpoint_config=tune.CheckpointConfig(checkpoint_frequency=0, checkpoint_at_end=False),
            ),
        )
        tuner.fit()
        searcher.finish_waiting()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if started:
            ray.shutdown()


def _check_reachable(address: str | None) -> None:
    """Refuse a HOST:PORT that nothing answers on (Ray itself would keep trying to reach it for minutes)."""
    text = address or ""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or "://" in text:
        return  # "auto", a ray:// address or none: Ray's own rules
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_WAIT_S).close()
    except OSError as exc:
        why = first_line(exc) or type(exc).__name__
        raise NNBuilderError(search_word("en", "no_cluster", address=address, why=why)) from exc


def _samples(section: dict[str, Any], remaining: int, done: int) -> int:
    """Tune's number of trials: the remaining ones, and with a grid no more than its untried combinations."""
    if section["sampler"] != "grid":
        return remaining
    combinations = 1
    for entry in section["ranges"]:
        combinations *= len(grid_values(entry))
    return max(0, min(remaining, combinations - done))


def _scheduler(project: Project, section: dict[str, Any]) -> Any:
    """ASHA for a section that prunes: after 1, 2, 4, … epochs a trial goes on only if it is in the best half
    of the trials that reached that epoch; FIFO (no early stop) otherwise."""
    from ray.tune.schedulers import ASHAScheduler, FIFOScheduler

    if section["pruning"] == "none":
        return FIFOScheduler()
    epochs = [int(project.training.get("epochs") or 1)]
    for entry in section["ranges"]:
        if entry["target"].get("training") == "epochs":
            epochs += [int(v) for v in entry["values"]] if "values" in entry else [int(entry["high"])]
    return ASHAScheduler(
        time_attr="training_iteration",
        metric=section["metric"],
        mode="min" if section["direction"] == "minimize" else "max",
        max_t=max(epochs) + 1,  # the last epoch's result is not a rung: a trial that trains to the end completes
        grace_period=1,
        reduction_factor=2,
    )


def _searcher(
    section: dict[str, Any],
    runs: Path,
    name: str,
    done: int,
    collector: Any,
    *,
    on_trial: Callable[[TrialRow], object] | None,
    stop: threading.Event | None,
) -> Any:
    """Tune's OptunaSearch on the study in `search.db`, which records each trial when its runs are back."""
    import optuna
    from ray.tune.search import Searcher
    from ray.tune.search.optuna import OptunaSearch

    grid = section["sampler"] == "grid"
    ranges = section["ranges"]

    def space(trial: Any) -> dict[str, Any]:
        for entry in ranges:
            suggest(trial, entry, grid)
        return {TRIAL_KEY: trial.number}

    class StudySearch(OptunaSearch):  # type: ignore[misc]  # Ray is typed as Any
        """Records a trial in the study once its runs are written here: at once for a finished trial, which
        ships them before its last result, after its actor has stopped for one that ASHA ends."""

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.waiting: set[str] = set()

        def suggest(self, trial_id: str) -> Any:
            if stop is not None and stop.is_set():
                return Searcher.FINISHED
            return super().suggest(trial_id)

        def on_trial_complete(self, trial_id: str, result: dict[str, Any] | None = None, error: bool = False) -> None:
            if trial_id in self._completed_trials:
                return
            self._completed_trials.add(trial_id)
            self.waiting.add(trial_id)
            self._take_returned(wait=False)
            if error and trial_id in self.waiting:  # its actor died: nothing will come back
                self.waiting.discard(trial_id)
                self._record(
                    self._ot_trials[trial_id], {"state": "fail", "attrs": {"error": search_word("en", "lost")}}
                )

        def save(self, checkpoint_path: str) -> None:
            """Nothing: the study in `search.db` is what a search resumes from."""

        def restore(self, checkpoint_path: str) -> None:
            """Nothing (see `save`)."""

        def finish_waiting(self) -> None:
            self._take_returned(wait=True)

        def _take_returned(self, wait: bool) -> None:
            import ray

            for trial_id in list(self.waiting):
                ot_trial = self._ot_trials[trial_id]
                ref = collector.take.remote(ot_trial.number, wait)
                try:
                    returned = ray.get(ref, timeout=RETURN_WAIT_S if wait else None)
                except ray.exceptions.GetTimeoutError:
                    returned = {
                        "state": "fail",
                        "attrs": {"error": search_word("en", "not_back", seconds=RETURN_WAIT_S)},
                    }
                if returned is None:
                    continue
                self.waiting.discard(trial_id)
                self._record(ot_trial, returned)

        def _record(self, ot_trial: Any, returned: dict[str, Any]) -> None:
            for run_name, files in returned.get("runs", {}).items():
                _write_run(runs / run_name, files)
            for key, value in returned.get("attrs", {}).items():
                ot_trial.set_user_attr(key, value)
            state = {"complete": optuna.trial.TrialState.COMPLETE, "pruned": optuna.trial.TrialState.PRUNED}.get(
                returned["state"], optuna.trial.TrialState.FAIL
            )
            value = returned.get("value") if state == optuna.trial.TrialState.COMPLETE else None
            study: Any = self._ot_study
            # a grid that is done stops the study, which only an optimize loop can do: the trial is told all the same
            with contextlib.suppress(RuntimeError):
                study.tell(ot_trial, value, state=state)
            if on_trial is not None:
                on_trial(trial_row(study.trials[ot_trial.number]))

    storage = optuna.storages.RDBStorage(f"sqlite:///{(runs / STUDY_FILE).absolute()}")
    return StudySearch(
        space=space,
        metric=section["metric"],
        mode="min" if section["direction"] == "minimize" else "max",
        sampler=sampler_for(section, done),
        storage=storage,
        study_name=name,
    )


def _write_run(place: Path, files: dict[str, bytes]) -> None:
    """Write a run folder that came back from a node, all at once (as the run record itself does)."""
    if place.exists():
        return  # the same run written here already (a shared runs folder)
    work = place.parent / f".{place.name}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    for relative, content in files.items():
        target = work / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    work.mkdir(parents=True, exist_ok=True)
    os.replace(work, place)


def _collector_class() -> Any:
    """An actor that keeps what each trial ships back until the driver takes it."""
    import asyncio

    import ray

    @ray.remote(num_cpus=0)
    class RunCollector:
        def __init__(self) -> None:
            self.kept: dict[int, dict[str, Any]] = {}
            self.arrived: dict[int, asyncio.Event] = {}

        def _event(self, number: int) -> asyncio.Event:
            return self.arrived.setdefault(number, asyncio.Event())

        async def keep(self, number: int, returned: dict[str, Any]) -> None:
            self.kept[number] = returned
            self._event(number).set()

        async def take(self, number: int, wait: bool) -> dict[str, Any] | None:
            if wait:
                await self._event(number).wait()
            self.arrived.pop(number, None)
            return self.kept.pop(number, None)

    return RunCollector


def _trainable_class() -> Any:
    """The Tune trainable of one trial: trains in a thread, one Tune step per epoch, the last step its score."""
    import optuna
    from ray import tune

    class EpochTrial(optuna.trial.FixedTrial):
        """The trial handed to `TrialRunner`: its values fixed by Tune, its epochs reported to Tune's steps,
        and pruned when Tune stops it."""

        def __init__(self, params: dict[str, Any], number: int, trainable: Any) -> None:
            super().__init__(params, number)
            self.trainable = trainable

        def report(self, value: float, step: int) -> None:
            self.trainable.results.put({self.trainable.metric: value, "epoch": step + 1})
            self.trainable.go.acquire()  # the next epoch waits for Tune to ask for it (or to stop the trial)

        def should_prune(self) -> bool:
            return bool(self.trainable.stopping)

    class SearchTrial(tune.Trainable):  # type: ignore[misc]  # Ray is typed as Any
        def setup(self, config: dict[str, Any], payload: dict[str, Any]) -> None:
            from ray.tune.utils import flatten_dict

            values = flatten_dict({k: v for k, v in config.items() if k != TRIAL_KEY}, delimiter="/")
            self.number = int(config[TRIAL_KEY])
            self.metric = payload["section"]["metric"]
            self.results: queue.Queue[dict[str, Any]] = queue.Queue()
            self.go = threading.Semaphore(0)
            self.stopping = False
            self.steps = 0
            self.trial = EpochTrial(values, self.number, self)
            self.thread = threading.Thread(target=self._train, args=(payload,), daemon=True)
            self.thread.start()

        def _train(self, payload: dict[str, Any]) -> None:
            import ray

            folder = Path(tempfile.mkdtemp(prefix="nnbuilder-trial-"))
            context = ray.get_runtime_context()
            host = ray.util.get_node_ip_address()
            node = {"host": host, "node_id": context.get_node_id(), "pid": os.getpid()}
            returned: dict[str, Any] = {"state": "fail", "value": None}
            runner = None
            try:
                project_file = payload["project_file"]
                runner = TrialRunner(
                    payload["project"],
                    None if project_file is None else Path(project_file),
                    payload["section"],
                    folder,
                    payload["dataset"],
                    payload["study"],
                )
                runner.extra = dict(node)
                returned.update(state="complete", value=runner(self.trial))
            except optuna.TrialPruned:
                returned["state"] = "pruned"
            except Exception as exc:  # the trial fails; its row says why, the search goes on
                self.trial.set_user_attr("error", self.trial.user_attrs.get("error") or first_line(exc))
            self.trial.set_user_attr("node", node)
            returned["attrs"] = dict(self.trial.user_attrs)
            places = [] if runner is None else runner.folds.last_places
            returned["runs"] = {place.name: _folder_files(place) for place in places if place.is_dir()}
            ray.get(payload["collector"].keep.remote(self.number, returned))
            shutil.rmtree(folder, ignore_errors=True)
            final = {FINAL_KEY: returned["state"], "done": True}
            if returned["value"] is not None:
                final[self.metric] = returned["value"]
            self.results.put(final)

        def step(self) -> dict[str, Any]:
            if self.steps:
                self.go.release()  # let the epoch after the one last reported run
            self.steps += 1
            return self.results.get()

        def cleanup(self) -> None:
            self.stopping = True  # stopped by the scheduler: the run ends after its current epoch
            self.go.release()
            self.thread.join()

    return SearchTrial


def _folder_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
