"""What the course curves count from a project and its trainer: the classes of its data, and the batches in one
epoch (the trainer's own count, else an estimate from the data's size, else a guess), with the sentence that says
which. The Inside tab's Curves view and the Train settings' previews both use them."""

from __future__ import annotations

from typing import Any

from nnbuilder.app.inside._curve_chart import error_text
from nnbuilder.locale.inside_curve_words import word

GUESSED_STEPS = 100  # steps per epoch assumed when the data's size cannot be known


def class_count(context: Any) -> int:
    """The number of classes of the project's data: the loaded data's, else the dataset's own (10 if unknown)."""
    trainer = context.trainer
    dataset = getattr(trainer, "dataset", None) if trainer is not None else None
    if dataset is not None and dataset.num_classes:
        return int(dataset.num_classes)
    data = context.project.data or {}
    options = data.get("options") or {}
    if isinstance(options.get("classes"), int) and options["classes"] >= 2:
        return int(options["classes"])
    from nnbuilder.document.datasets import dataset_info, datasets

    name = data.get("dataset")
    info = dataset_info(name) if name in datasets() else None
    return int(info.num_classes) if info is not None and info.num_classes else 10


def steps_per_epoch(context: Any, lang: str) -> tuple[int, str]:
    """The batches per epoch the trainer counts, else an estimate from the data's size; and the sentence that
    says which, in `lang`."""
    trainer = context.trainer
    if trainer is not None and getattr(trainer, "steps", None):
        return int(trainer.steps), word(lang, "steps_known", steps=trainer.steps)
    from nnbuilder.app.inside._data import dataset_for
    from nnbuilder.document.training_settings import normalize_training
    from nnbuilder.training.recipes._common import batches_per_epoch

    settings = normalize_training(context.project.training)
    samples = samples_named(context.project.data or {})
    if samples is None:
        samples = len(dataset_for(context).x_train)
    steps = batches_per_epoch(samples, settings["batch_size"], settings["validation_split"])
    return steps, word(lang, "steps_estimated", steps=steps, samples=samples, batch=settings["batch_size"])


def samples_named(data: dict) -> int | None:
    """The training samples a generated dataset makes, when its section or its defaults say so."""
    from nnbuilder.document.datasets import dataset_info, datasets

    name = data.get("dataset")
    if name not in datasets() or dataset_info(name).source != "generated":
        return None
    samples = (data.get("options") or {}).get("samples")
    if samples is None:
        samples = getattr(dataset_info(name).options.get("samples"), "default", None)
    return int(samples) if isinstance(samples, int) and not isinstance(samples, bool) else None


def steps_or_guess(context: Any, lang: str) -> tuple[int, str]:
    """`steps_per_epoch`, or GUESSED_STEPS with the reason it could not be counted, in `lang`."""
    try:
        return steps_per_epoch(context, lang)
    except Exception as exc:
        return GUESSED_STEPS, word(lang, "steps_guessed", steps=GUESSED_STEPS) + " " + error_text(exc, lang)
