"""GANs: the project's generator and discriminator trained adversarially.

The loop itself is `nnbuilder.verbatim.gan_loop`, the same code exported scripts carry.
Each epoch shows a grid generated from one fixed noise batch, so progress is comparable.
"""

from __future__ import annotations

import math
import time

import numpy as np

from nnbuilder.bridge.to_keras import build
from nnbuilder.document.training_choices import GAN_LOGS
from nnbuilder.errors import NNBuilderError
from nnbuilder.training.compile import make_optimizer
from nnbuilder.training.recipes._common import as_images, require_fit
from nnbuilder.training.roles import discriminator_gives_logits, trained_models

SHOWN = 16


def prepare(trainer):
    from nnbuilder.verbatim.gan_loop import compile_gan  # deferred: imports Keras
    from nnbuilder.verbatim.preprocessing import adapt_normalization

    trained_models(trainer.project, "gan")  # refuses a project without both roles
    built = build(trainer.project)
    generator, discriminator = built["generator"], built["discriminator"]
    require_fit(trainer, {"generator": generator, "discriminator": discriminator})
    settings = trainer.training
    trainer.steps = len(trainer.dataset.x_train) // settings["batch_size"]
    if trainer.steps == 0:
        raise NNBuilderError(
            f"training.batch_size: {settings['batch_size']} is more than the {len(trainer.dataset.x_train)} "
            "training images; a GAN needs at least one full batch"
        )
    adapt_normalization(discriminator, trainer.dataset.x_train)  # it judges the real images
    trainer.work["gan"] = compile_gan(
        generator,
        discriminator,
        lambda: make_optimizer(settings, steps_per_epoch=trainer.steps),
        from_logits=discriminator_gives_logits(trainer.project),
    )
    seed = settings.get("seed")
    trainer.work["fixed_noise"] = (
        np.random.default_rng(0 if seed is None else seed)
        .normal(size=(SHOWN, *generator.input_shape[1:]))
        .astype("float32")
    )
    return {"generator": generator, "discriminator": discriminator}, "generator"


def fit(trainer):
    from nnbuilder.verbatim.gan_loop import train_gan  # deferred: imports Keras

    settings = trainer.training
    clock = {"start": time.perf_counter()}

    def on_batch(epoch, step, steps, logs):
        if step == 1:
            clock["start"] = time.perf_counter()
        bad = next((v for v in logs.values() if not math.isfinite(v)), None)
        if bad is not None:
            trainer.found_nan(epoch, step, bad)
            return True
        trainer.emit({"kind": "batch", "epoch": epoch, "step": step, "steps": steps, "logs": logs})
        return trainer.stop_requested()

    def on_epoch(epoch, logs):
        trainer.epoch_finished(epoch, logs, time.perf_counter() - clock["start"])
        return trainer.stop_requested()

    seed = settings.get("seed")
    train_gan(
        trainer.models["generator"],
        trainer.models["discriminator"],
        trainer.work["gan"],
        trainer.dataset.x_train,
        epochs=trainer.target_epochs,
        batch_size=settings["batch_size"],
        initial_epoch=trainer.epoch,
        seed=(0 if seed is None else seed) + trainer.epoch,
        on_batch=on_batch,
        on_epoch=on_epoch,
    )


def samples(trainer, epoch):
    images = as_images(trainer.models["generator"].predict_on_batch(trainer.work["fixed_noise"]))
    if images is None:
        return None
    return {"title": "Generated from a fixed noise batch", "images": images, "pairs": False}


def metric_names(trainer) -> list[str]:
    return list(GAN_LOGS)
