"""The curves of the course, as plain numbers for charts: activation functions and their derivatives, losses
against the prediction, the learning-rate schedule of a run, optimizers' paths on a function of two weights,
and a sequence model's forecast. Every value comes from Keras itself: its activations, losses, schedules,
optimizers and the backend's automatic differentiation; nothing here re-implements their maths.

Each function returns a dict of lists of Python floats (JSON as it is). Keras is imported when one runs."""

from __future__ import annotations

from nnbuilder.views._curve_activations import activation_curve
from nnbuilder.views._curve_forecast import forecast
from nnbuilder.views._curve_losses import loss_curve
from nnbuilder.views._curve_optimizers import SURFACES, optimizer_paths
from nnbuilder.views._curve_schedule import schedule_curve

__all__ = ["SURFACES", "activation_curve", "forecast", "loss_curve", "optimizer_paths", "schedule_curve"]
