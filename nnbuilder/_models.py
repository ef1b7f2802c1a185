"""How the models of one project relate: which uses which as a layer."""

from __future__ import annotations

from nnbuilder._document import MODEL_LAYER


def used_as_layers(project) -> set:
    """Names of the models that some model of the project uses as a layer."""
    return {n.model for g in project.models.values() for n in g.nodes if n.layer == MODEL_LAYER}


def top_level_models(project) -> list:
    """Models that no other model of the project uses as a layer, in project order."""
    used = used_as_layers(project)
    return [name for name in project.models if name not in used]


def dependency_order(project) -> list:
    """Model names, each after the models it uses as layers (loops are cut; check() reports them)."""
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        for node in project.models[name].nodes:
            if node.layer == MODEL_LAYER and node.model in project.models:
                visit(node.model)
        order.append(name)

    for name in project.models:
        visit(name)
    return order
