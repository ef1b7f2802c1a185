"""Views of the Inside tab: what happens inside a network, each in its own module."""

from __future__ import annotations


def inside_views(language: str = "en") -> list:
    """One of each view, in the order the Inside tab offers them."""
    from nnbuilder.app.inside.activations_view import ActivationsView
    from nnbuilder.app.inside.boundary_view import BoundaryView
    from nnbuilder.app.inside.curves_view import CurvesView
    from nnbuilder.app.inside.forecast_view import ForecastView
    from nnbuilder.app.inside.optimizer_view import OptimizerView
    from nnbuilder.app.inside.step_view import StepView
    from nnbuilder.app.inside.weights_view import WeightsView

    views = (ActivationsView, WeightsView, StepView, CurvesView, OptimizerView, BoundaryView, ForecastView)
    return [view(language) for view in views]
