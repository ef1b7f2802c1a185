"""Recipes say how a project's models are trained: supervised, autoencoder or gan.

Each recipe module provides `prepare(trainer) -> (models, main name)`,
`fit(trainer)`, `samples(trainer, epoch) -> dict | None` and
`metric_names(trainer)`.
"""

from __future__ import annotations

import importlib

from nnbuilder.errors import NNBuilderError

NAMES = ("supervised", "autoencoder", "gan")


def get(name: str):
    if name not in NAMES:
        raise NNBuilderError(f"training.recipe: expected one of {', '.join(NAMES)}, got {name!r}")
    return importlib.import_module(f"nnbuilder.training.recipes.{name}")
