"""The helper layers an exported script defines itself (ConvNeXt's LayerScale, ScaledAdd, a backbone...).

Their classes are copied from `nnbuilder.verbatim.helper_layers`, the code nnbuilder builds them with, so
the script needs Keras alone and builds the same layers.
"""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog.helper_layers import HELPER_LAYERS
from nnbuilder.codegen._source import definitions
from nnbuilder.document.safe_layers import LAYER_KEYS
from nnbuilder.verbatim import FOLDER as VERBATIM

HELPER_SOURCE = VERBATIM / "helper_layers.py"


def used_helpers(project: Any) -> tuple[str, ...]:
    """The helper layers the project's nodes use, their own or nested in a wrapper, in table order."""
    found: set[str] = set()
    for graph in project.models.values():
        for node in graph.nodes:
            found.add(node.layer)
            _nested_classes(node.config, found)
    return tuple(name for name in HELPER_LAYERS if name in found)


def _nested_classes(config: dict[str, Any], found: set[str]) -> None:
    for key in LAYER_KEYS & config.keys():
        value = config[key]
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict) and isinstance(inner.get("class_name"), str):
                found.add(inner["class_name"])
                if isinstance(inner.get("config"), dict):
                    _nested_classes(inner["config"], found)


def helper_code(project: Any) -> list[str]:
    """Source lines of the helper layer classes the project uses (none: an empty list), each class as it
    stands in nnbuilder, followed by two blank lines."""
    used = used_helpers(project)
    if not used:
        return []
    return definitions(HELPER_SOURCE, used).rstrip("\n").splitlines() + ["", ""]


def layer_callee(layer: str) -> str | None:
    """The name code calls to make a helper layer (its class, defined in the script), or None for the layers
    that come from `keras.layers`."""
    return layer if layer in HELPER_LAYERS else None
