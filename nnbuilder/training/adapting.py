"""Which layers learn from the data before training: one rule for the Trainer and for exported scripts.

Works on the project document alone (no Keras), so code export can apply it too.
"""

from __future__ import annotations

from typing import Any

ADAPTED_LAYERS = ("Normalization",)  # layers whose statistics `adapt()` learns when none are given


def adapted_nodes(project: Any) -> list[tuple[str, str]]:
    """(model, node id) of every Normalization node given no mean and variance: training adapts it."""
    found: list[tuple[str, str]] = []
    for model, graph in project.models.items():
        for node in graph.nodes:
            if node.layer in ADAPTED_LAYERS and node.config.get("mean") is None:
                found.append((model, node.id))
    return found
