"""What the editor's browser side needs to know about layers, as one JSON payload."""

from __future__ import annotations

from functools import lru_cache

from nnbuilder.catalog import LayerProblem, get_spec, palette
from nnbuilder.catalog.operations import get_op_spec, op_specs
from nnbuilder.document.search_section import DEFAULTS as SEARCH_DEFAULTS
from nnbuilder.document.setting_choices import (
    ACTIVATIONS,
    INITIALIZER_LABELS,
    NEEDS_SETTINGS,
    OBJECT_TABLES,
)
from nnbuilder.locale.search_words import WORDS as SEARCH_WORDS

PROBE_RANKS = range(2, 7)  # input ranks tried, batch axis included
PROBE_SIZE = 6  # every non-batch axis of a probe input
RANK_FOLLOWS_CONFIG = {"Permute"}  # takes len(dims) + 1 axes: only check() can judge it

# The palette's "Operations" category: the keras.ops functions most networks call, in the order shown.
PALETTE_OPS = (
    "add",
    "subtract",
    "multiply",
    "divide",
    "maximum",
    "minimum",
    "mean",
    "sum",
    "max",
    "concatenate",
    "stack",
    "reshape",
    "transpose",
    "expand_dims",
    "squeeze",
    "get_item",
    "matmul",
    "where",
)
OPERATIONS_LABEL = {"en": "Operations", "zh": "运算"}
# The search section's refusals the inspector's range editor says before Python judges the section.
SEARCH_REFUSALS = (
    "low_high",
    "log_positive",
    "log_step",
    "bad_step",
    "empty_values",
    "repeated_value",
    "bad_int_bound",
    "bad_number",
)


def accepted_ranks(layer: str) -> list[int] | None:
    """The input ranks (batch axis included) a layer can take, or None for any.

    Found by running the layer's shape rule on a probe input of each rank: only a
    `rank` problem rules a rank out (a too-small axis or a bad setting does not).
    """
    spec = get_spec(layer)
    if spec is None or spec.infer is None or spec.inputs[1] == 0 or layer in RANK_FOLLOWS_CONFIG:
        return None
    config = spec.full_config(spec.starter)
    ranks = []
    for rank in PROBE_RANKS:
        shape = (None,) + (PROBE_SIZE,) * (rank - 1)
        try:
            spec.infer(config, [shape] * max(1, spec.inputs[0]))
        except LayerProblem as problem:
            if problem.code == "rank":
                continue
        except Exception:  # a shape rule that cannot judge this probe rules nothing out
            pass
        ranks.append(rank)
    return None if ranks == list(PROBE_RANKS) else ranks


def _object_table(table: dict) -> dict[str, list]:
    """Each name of `table` with its Keras class, the names of the settings that class takes and their defaults."""
    return {name: [cls, list(factors), dict(factors)] for name, (cls, factors) in table.items()}


def _bare_names(table: dict) -> list[str]:
    return [name for name in table if name not in NEEDS_SETTINGS]


def operations_payload() -> dict:
    """The palette's operations (names, in order) and every op of the table with its arguments and help."""
    missing = [name for name in PALETTE_OPS if get_op_spec(name) is None]
    if missing:
        raise RuntimeError(f"the palette names operations the op table lacks: {missing}")
    return {
        "category": "operations",
        "label": dict(OPERATIONS_LABEL),
        "palette": list(PALETTE_OPS),
        "specs": {name: spec.to_dict() for name, spec in op_specs().items()},
    }


def search_payload() -> dict:
    """A new search section's defaults and the words of the refusals the range editor repeats."""
    words = {key: dict(zip(("en", "zh"), SEARCH_WORDS[key], strict=True)) for key in SEARCH_REFUSALS}
    return {"defaults": dict(SEARCH_DEFAULTS), "words": words}


@lru_cache(maxsize=1)
def catalog_payload() -> dict:
    """Palette categories (each layer with its accepted `ranks`), the operations and the choice lists."""
    categories = palette()
    for category in categories:
        for layer in category["layers"]:
            layer["ranks"] = accepted_ranks(layer["name"])
    return {
        "categories": categories,
        "operations": operations_payload(),
        "choices": {
            "activation": list(ACTIVATIONS),
            **{role: _bare_names(table) for role, table in OBJECT_TABLES.items()},
        },
        "choice_labels": dict(INITIALIZER_LABELS),
        "objects": {role: _object_table(table) for role, table in OBJECT_TABLES.items()},
        "needs_settings": sorted(NEEDS_SETTINGS),
        "search": search_payload(),
    }
