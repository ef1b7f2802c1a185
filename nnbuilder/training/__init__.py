"""Training: a threaded Trainer with an event stream, recipes, evaluation and headless runs.

Importing this package imports neither Keras nor widgets; the Trainer imports Keras
when it prepares a run.
"""

from __future__ import annotations

from nnbuilder.training.events import EventHub, TrainingEvent
from nnbuilder.training.headless import train
from nnbuilder.training.trainer import Trainer

__all__ = ["EventHub", "Trainer", "TrainingEvent", "train"]
