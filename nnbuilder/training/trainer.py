"""The Trainer: trains a project in a worker thread so the notebook stays responsive.

`start()` returns at once; `stop()` ends the run within one batch and keeps the
model and its history; `start()` again continues from the last finished epoch.
Progress goes out as events (see `events.py`) to every subscriber.
"""

from __future__ import annotations

import sys
import threading
import traceback

from nnbuilder.document.project import Project
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.errors import NNBuilderError, ProjectError, first_line
from nnbuilder.training import recipes
from nnbuilder.training.devices import choose_placement
from nnbuilder.training.end_reasons import end_message, end_values
from nnbuilder.training.events import EventHub, TrainingEvent
from nnbuilder.training.run_record import record_for
from nnbuilder.views.weight_stats import keep_record, norm_series, sampling_from


class Trainer:
    """Trains one project with its data and training settings.

    `data` overrides the project's dataset: a `nnbuilder.data.Dataset`, or arrays
    as `(x, y)` / `(x, y, x_test, y_test)`. `epochs` overrides the setting;
    `devices` picks the devices (see `devices.choose_placement`); `checkpoint_dir`
    is where a keep-best checkpoint is written, and `kept_in` where it ends up (named in
    the end message; by default `checkpoint_dir`). Each run is recorded in the runs folder `runs` (see
    `runs.default_runs_folder` for the default; False records nothing), `project_file` naming the project's file.
    `weight_stats` samples the weights and gradients during supervised and autoencoder runs (see
    `nnbuilder.views.weight_stats`): True (the default sampling), False, or a dict of sampling settings.
    """

    def __init__(
        self,
        project: Project,
        data=None,
        *,
        epochs: int | None = None,
        devices=None,
        checkpoint_dir=None,
        kept_in=None,
        runs=None,
        project_file=None,
        weight_stats=True,
    ):
        if not isinstance(project, Project):
            raise TypeError(f"project: expected a nnbuilder.Project, got {type(project).__name__}")
        self.project = project.copy()
        self.training = normalize_training(self.project.training)
        if epochs is not None:
            self.training["epochs"] = _checked_epochs(epochs)
        self.devices = devices
        self.checkpoint_dir = checkpoint_dir
        self.kept_in = kept_in
        self._data_arg = data
        self._hub = EventHub()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.models: dict = {}
        self.work: dict = {}  # the recipe's own working data (shuffled arrays, fixed noise, ...)
        self.main_model: str | None = None
        self.history: dict[str, list[float]] = {}
        self.batch_events = True  # False: epoch events only, for runs nobody watches batch by batch
        self.epoch = 0
        self.target_epochs = 0
        self.steps: int | None = None
        self.dataset = None
        self.placement = None
        self.last_event: TrainingEvent | None = None
        self.nan_seen = False
        self._nan_where = None
        self._recipe = None
        self.run_record = record_for(self, runs, project_file)  # None when runs is False
        self.weight_sampling = sampling_from(weight_stats)
        self.weight_stats: list[dict] = []  # the weights records kept (see `views.weight_stats.keep_record`)

    # -- public API -------------------------------------------------------------

    @property
    def recipe(self) -> str:
        return self.training["recipe"]

    @property
    def model(self):
        """The main trained model (the generator for a GAN), or None before `prepare`."""
        return self.models.get(self.main_model)

    @property
    def device(self) -> str | None:
        """The devices a run uses, for people ("CPU", a GPU's name, "2 × ..."); None before `prepare`."""
        return self.placement.description if self.placement is not None else None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def subscribe(self, callback):
        """Call `callback(event)` for each training event; returns an unsubscribe function."""
        return self._hub.subscribe(callback)

    def prepare(self):
        """Load the data, build and compile the models and check that they fit each other.

        Raises a one-sentence `NNBuilderError` when they don't. `start` and `run` call it.
        """
        if self.models:
            return self
        import keras  # deferred: Keras loads when training starts

        self._recipe = recipes.get(self.recipe)
        self.dataset = self._load_data()
        if self.training.get("seed") is not None:
            keras.utils.set_random_seed(int(self.training["seed"]))
        if self.checkpoint_dir is None and any(c["name"] == "model_checkpoint" for c in self.training["callbacks"]):
            import tempfile

            self.checkpoint_dir = tempfile.mkdtemp(prefix="nnbuilder-checkpoints-")  # named in the end event
        self.placement = choose_placement(self.devices)
        spread = len(self.placement.devices)
        if self.placement.engine == "DataParallel" and self.training["batch_size"] % spread:
            raise ProjectError(
                f"expected a multiple of {spread}, the number of devices each batch is spread over, "
                f"got {self.training['batch_size']}",
                "training.batch_size",
            )
        with self.placement.scope():
            self.models, self.main_model = self._recipe.prepare(self)
        return self

    def start(self, epochs: int | None = None):
        """Train `epochs` more epochs (the setting by default) in a worker thread; returns at once."""
        with self._lock:
            if self.running:
                raise NNBuilderError("training is already running: stop it first")
            self._begin(epochs)
            # Keras keeps its dtype policy per thread: the worker uses the caller's (e.g. mixed precision)
            policy = _callers_dtype_policy()
            self._thread = threading.Thread(
                target=self._work, kwargs={"policy": policy}, name="nnbuilder-trainer", daemon=True
            )
            self._thread.start()
        return self

    def run(self, epochs: int | None = None) -> dict:
        """Train in the calling thread (scripts, the command line); raises on failure."""
        with self._lock:
            if self.running:
                raise NNBuilderError("training is already running: stop it first")
            self._begin(epochs)
        self._work(raise_errors=True)
        return self.history

    def stop(self):
        """End the run within one batch; the model and its history are kept."""
        self._stop.set()
        for model in self.models.values():
            model.stop_training = True

    def evaluate(self, *, gallery_size: int = 16) -> dict:
        """Test metrics, confusion matrix, gallery or predicted-vs-true pairs (see `evaluation.evaluate`)."""
        from nnbuilder.training.evaluation import evaluate  # deferred: NumPy

        if self.running:
            raise NNBuilderError("training is running: stop it or wait for it before evaluating")
        self.prepare()
        model = self.models if self.recipe == "gan" else self.model
        result = evaluate(model, self.dataset, self.training, gallery_size=gallery_size)
        if self.run_record is not None and result.get("metrics"):
            self.run_record.set_test(result["metrics"])
        return result

    def wait(self, timeout: float | None = None) -> dict:
        """Wait for the worker to finish (or `timeout` seconds); returns the history."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.history

    # -- what recipes and the Keras callback call ------------------------------------

    def emit(self, event: TrainingEvent):
        self.last_event = event
        self._hub.emit(event)

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def epoch_finished(self, epoch: int, logs: dict, seconds: float):
        """Record a complete epoch, tell subscribers and let the recipe show samples."""
        logs = {k: float(v) for k, v in logs.items() if _is_number(v)}
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)
        self.epoch = epoch + 1
        self.emit({"kind": "epoch", "epoch": epoch, "epochs": self.target_epochs, "logs": logs, "seconds": seconds})
        samples = self._recipe.samples(self, epoch)
        if samples is not None:
            self.emit({"kind": "samples", "epoch": epoch, **samples})

    @property
    def weight_norms(self) -> dict:
        """Per epoch, each layer's weight and gradient L2 norms (see `views.weight_stats.norm_series`)."""
        return norm_series(self.weight_stats)

    def weights_recorded(self, record: TrainingEvent):
        """Keep a weights record and send it out; it is no progress event, so `last_event` stays."""
        keep_record(self.weight_stats, record)
        self._hub.emit(record)

    def found_nan(self, epoch: int, step: int, value):
        self.nan_seen = True
        self._nan_where = (epoch, step, value)

    # -- internals ---------------------------------------------------------------

    def _begin(self, epochs):
        if epochs is not None:
            _checked_epochs(epochs)
        resume = epochs is None and self.epoch < self.target_epochs and not self.nan_seen
        self._stop.clear()
        self.nan_seen = False
        if not resume:  # after a stop, go on to the epochs asked for; else train `epochs` more
            self.target_epochs = self.epoch + (epochs or self.training["epochs"])

    @property
    def given_data(self):
        """The data handed to this trainer (arrays or a Dataset), or None: it loads the project's data section."""
        return self._data_arg

    def _load_data(self):
        from nnbuilder.data import project_dataset  # deferred: the data package loads NumPy

        return project_dataset(self.project, self._data_arg)

    def _work(self, raise_errors: bool = False, policy=None):
        recording = None
        try:
            if policy is not None:
                import keras

                keras.config.set_dtype_policy(policy)
            self.prepare()
            for model in self.models.values():
                model.stop_training = False
            recording = self.run_record  # a run is recorded from here: its settings and data are good
            if recording is not None:
                recording.begin()
            self.emit(
                {
                    "kind": "start",
                    "epoch": self.epoch,
                    "epochs": self.target_epochs,
                    "steps": self.steps,
                    "recipe": self.recipe,
                    "device": self.device,
                    "metrics": self._recipe.metric_names(self),
                    "batch_size": self.training["batch_size"],
                    "dataset": self.dataset.name,
                    "note": self.dataset.note,
                }
            )
            if not self.stop_requested():
                with self.placement.scope():
                    self._recipe.fit(self)
            self.emit(self._end_event())
        except Exception as exc:
            known = isinstance(exc, NNBuilderError)
            message = str(exc) if known else f"training failed: {first_line(exc)}"
            self.emit({"kind": "error", "message": message, "traceback": traceback.format_exc()})
            if raise_errors:
                if known:
                    raise
                raise NNBuilderError(message) from exc
        finally:
            if recording is not None:
                recording.close()

    def _end_event(self) -> TrainingEvent:
        done = self.epoch
        if self.nan_seen:
            reason = "nan"
        elif self.stop_requested():
            reason = "stopped"
        elif done < self.target_epochs:
            reason = "early_stopping"
        else:
            reason = "finished"
        keeps = self.checkpoint_dir is not None and any(
            c["name"] == "model_checkpoint" for c in self.training["callbacks"]
        )
        values = end_values(
            reason,
            epochs=done,
            cut_short=self.last_event is not None and self.last_event["kind"] == "batch",
            nan_at=self._nan_where if reason == "nan" else None,
            learning_rate=self.training["optimizer"].get("learning_rate"),
            kept_in=(self.kept_in or self.checkpoint_dir) if keeps else None,
        )
        return {
            "kind": "end",
            "reason": reason,
            "values": values,
            "epoch": done - 1,
            "message": end_message(reason, values),
            "history": {k: list(v) for k, v in self.history.items()},
        }


def _callers_dtype_policy():
    """The calling thread's Keras dtype policy; None when Keras is not (yet fully) imported, as while
    another thread is still importing it: nobody can have set a policy then."""
    module = sys.modules.get("keras")
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return None
    config = getattr(module, "config", None)
    return config.dtype_policy() if config is not None else None


def _is_number(value) -> bool:
    try:
        return isinstance(float(value), float) and not isinstance(value, (str, bytes))
    except (TypeError, ValueError):
        return False


__all__ = ["Trainer"]


def _checked_epochs(epochs) -> int:
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise NNBuilderError(f"epochs: expected a whole number of at least 1, got {epochs!r}")
    return epochs
