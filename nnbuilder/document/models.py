"""How the models of one project relate: which uses which as a layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from nnbuilder.document.trust import MODEL_LAYER

if TYPE_CHECKING:
    from nnbuilder.document.project import Project


def used_as_layers(project: Project) -> set[str | None]:
    """Names of the models that some model of the project uses as a layer."""
    return {n.model for g in project.models.values() for n in g.nodes if n.layer == MODEL_LAYER}


def top_level_models(project: Project) -> list[str]:
    """Models that no other model of the project uses as a layer, in project order."""
    used = used_as_layers(project)
    return [name for name in project.models if name not in used]


def dependency_order(project: Project, on_loop: Callable[[list[str]], object] | None = None) -> list[str]:
    """Model names, each after the models it uses as layers. A loop of models
    using each other is cut, and `on_loop(names)` is told the loop's path."""
    order: list[str] = []
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in done:
            return
        if name in trail:
            if on_loop is not None:
                on_loop(trail[trail.index(name) :] + [name])
            return
        used = {n.model for n in project.models[name].nodes if n.layer == MODEL_LAYER and n.model in project.models}
        for other in sorted(u for u in used if u is not None):
            visit(other, trail + [name])
        done.add(name)
        order.append(name)

    for name in project.models:
        visit(name, [])
    return order
