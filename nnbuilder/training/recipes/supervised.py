"""Supervised learning: inputs to targets with `model.fit`."""

from __future__ import annotations

from typing import Any

from nnbuilder.bridge.to_keras import build
from nnbuilder.data import DataError
from nnbuilder.data.targets import fit_targets
from nnbuilder.training.compile import compile_model, make_callbacks
from nnbuilder.training.recipes._common import (
    adapt_preprocessing,
    batches_per_epoch,
    one_model,
    require_fit,
    shuffled,
    test_split,
)


def prepare(trainer):
    model, name = one_model(trainer, build(trainer.project))
    data = trainer.dataset
    if data.y_train is None:
        raise _no_targets(data)
    require_fit(trainer, model)
    settings = trainer.training
    targets = fit_targets(data, data.y_train, settings["loss"])  # one-hot rows where the loss wants them
    trainer.work["train_arrays"] = shuffled(trainer, data.x_train, targets)
    trainer.work["test_arrays"] = test_split(trainer, autoencoder=False)
    trainer.steps = batches_per_epoch(
        len(trainer.work["train_arrays"][0]), settings["batch_size"], settings["validation_split"]
    )
    adapt_preprocessing(trainer, model)
    compile_model(model, settings, steps_per_epoch=trainer.steps)
    return {name: model}, name


def fit(trainer, target=None):
    # deferred: the callbacks subclass Keras classes
    from nnbuilder.training._keras_callback import (
        CompleteEpochsOnly,
        CompleteEpochTestScores,
        EpochEventCallback,
        EventCallback,
    )
    from nnbuilder.verbatim.learning_rate_log import LearningRateLog

    settings = trainer.training
    x, y = trainer.work["train_arrays"]
    if "keras_callbacks" not in trainer.work:
        # made once, so a keep-best checkpoint remembers its best across continues
        trainer.work["keras_callbacks"] = make_callbacks(settings, checkpoint_dir=trainer.checkpoint_dir)
    events = (EventCallback if trainer.batch_events else EpochEventCallback)(trainer)
    callbacks = [CompleteEpochsOnly(c, events) for c in trainer.work["keras_callbacks"]]
    if trainer.work.get("test_arrays") is not None:  # after the project's callbacks: they never see test values
        callbacks.append(CompleteEpochTestScores(*trainer.work["test_arrays"], settings["batch_size"], events))
    if logs_learning_rate(settings):
        callbacks.append(LearningRateLog())  # ReduceLROnPlateau logs the rate itself
    y = y if target is None else target(x)
    if trainer.weight_sampling is not None:  # before `events`: a batch's weights record precedes its batch event
        from nnbuilder.views.weight_stats import weight_stats_callback

        sampling, split = trainer.weight_sampling, settings["validation_split"]
        callbacks.append(weight_stats_callback(trainer.weights_recorded, x, y, sampling, validation_split=split))
    callbacks.append(events)
    trainer.model.fit(
        x,
        y,
        batch_size=settings["batch_size"],
        epochs=trainer.target_epochs,
        initial_epoch=trainer.epoch,
        validation_split=settings["validation_split"],
        callbacks=callbacks,
        verbose=0,
    )


def logs_learning_rate(settings: dict[str, Any]) -> bool:
    """Whether fit records each epoch's learning rate with LearningRateLog: a schedule is in use, and the
    recipe trains with fit (the GAN loop does not). Exported scripts follow the same rule."""
    return bool(settings["recipe"] != "gan" and settings["schedule"]["name"] != "constant")


def samples(trainer, epoch):
    return None


def metric_names(trainer) -> list[str]:
    return ["loss", *trainer.training["metrics"]]


def _no_targets(data):
    return DataError(
        f"{data.name} has no targets: the supervised recipe needs them (use the autoencoder "
        "recipe to learn the inputs themselves)"
    )
