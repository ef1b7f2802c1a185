"""How the models of one project relate: which uses which as a layer."""

from __future__ import annotations

from nnbuilder.document.validation import MODEL_LAYER


def used_as_layers(project) -> set:
    """Names of the models that some model of the project uses as a layer."""
    return {n.model for g in project.models.values() for n in g.nodes if n.layer == MODEL_LAYER}


def top_level_models(project) -> list:
    """Models that no other model of the project uses as a layer, in project order."""
    used = used_as_layers(project)
    return [name for name in project.models if name not in used]


def dependency_order(project, on_loop=None) -> list:
    """Model names, each after the models it uses as layers. A loop of models
    using each other is cut, and `on_loop(names)` is told the loop's path."""
    order, done = [], set()

    def visit(name, trail):
        if name in done:
            return
        if name in trail:
            if on_loop is not None:
                on_loop(trail[trail.index(name) :] + [name])
            return
        used = {n.model for n in project.models[name].nodes if n.layer == MODEL_LAYER and n.model in project.models}
        for other in sorted(used):
            visit(other, trail + [name])
        done.add(name)
        order.append(name)

    for name in project.models:
        visit(name, [])
    return order
