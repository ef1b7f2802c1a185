"""When a view's drawing is out of date: the network as it computes, without where its nodes sit on the canvas,
so moving a node redraws nothing and any other edit does."""

from __future__ import annotations

import json
from typing import Any


def network_key(project: Any, model_name: str) -> str:
    """What a model built for `model_name` depends on: every network (a model may use another), without node
    positions, and which of them is shown."""
    models = project.to_dict().get("models", {})
    for graph in models.values():
        for node in graph.get("nodes", []):
            node.pop("pos", None)
    return json.dumps([model_name, models], sort_keys=True, default=str)
