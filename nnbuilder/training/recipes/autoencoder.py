"""Autoencoders: the target is the input; reconstructions are shown beside inputs each epoch."""

from __future__ import annotations

import numpy as np

from nnbuilder.bridge.to_keras import build
from nnbuilder.training.compile import compile_model
from nnbuilder.training.recipes import supervised
from nnbuilder.training.recipes._common import (
    adapt_preprocessing,
    as_images,
    batches_per_epoch,
    require_fit,
    shuffled,
    test_split,
)
from nnbuilder.training.roles import trained_models

SHOWN = 8


def prepare(trainer):
    model, name = _stacked(trainer, build(trainer.project))
    data = trainer.dataset
    require_fit(trainer, model)
    settings = trainer.training
    trainer.work["train_arrays"] = shuffled(trainer, data.x_train, None)
    trainer.work["test_arrays"] = test_split(trainer, autoencoder=True)
    trainer.steps = batches_per_epoch(
        len(trainer.work["train_arrays"][0]), settings["batch_size"], settings["validation_split"]
    )
    adapt_preprocessing(trainer, model)
    compile_model(model, settings, steps_per_epoch=trainer.steps)
    pool = data.x_test if data.x_test is not None and len(data.x_test) else data.x_train
    trainer.work["sample_inputs"] = np.asarray(pool[:SHOWN])
    return {name: model}, name


def fit(trainer):
    supervised.fit(trainer, target=lambda x: x)


def samples(trainer, epoch):
    inputs = trainer.work["sample_inputs"]
    outputs = trainer.model.predict_on_batch(inputs)
    shown_in, shown_out = as_images(inputs), as_images(outputs)
    if shown_in is None or shown_out is None or shown_in.shape != shown_out.shape:
        return None
    pairs = np.stack([shown_in, shown_out], axis=1).reshape(-1, *shown_in.shape[1:])
    return {"title": "Reconstructions: each input beside its output", "images": pairs, "pairs": True}


def metric_names(trainer) -> list[str]:
    return supervised.metric_names(trainer)


def _stacked(trainer, built):
    """The whole autoencoder: the project's one model, or its encoder and decoder joined."""
    import keras

    names = trained_models(trainer.project, "autoencoder")
    if len(names) == 1:
        return built, names[0]
    encoder, decoder = built["encoder"], built["decoder"]
    return keras.Model(encoder.input, decoder(encoder.output), name="autoencoder"), "autoencoder"
