"""Field-by-field validation of project documents, naming the path of each bad field."""

from __future__ import annotations

import keyword
import math
from collections.abc import Container
from typing import Any, TypeGuard

from nnbuilder.document.layer_rules import rules
from nnbuilder.document.params import describe
from nnbuilder.document.trust import MODEL_LAYER, refusal_sentence, untrusted_problems
from nnbuilder.errors import ProjectError

FORMAT = "nnbuilder"
VERSION = 1

NODE_KEYS = {"id", "layer", "config", "pos", "label", "shares", "model"}
META_KEYS = {"trainable", "dtype"}  # base-layer arguments every layer takes
DTYPE_POLICIES = ("float32", "float16", "bfloat16", "float64", "mixed_float16", "mixed_bfloat16")


def check_header(data: Any) -> None:
    if not isinstance(data, dict):
        raise ProjectError(f"expected a JSON object at the top level, got {type(data).__name__}")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise ProjectError(f"not an nnbuilder project: expected format 'nnbuilder', got {fmt!r}", "format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError(f"expected a format version number, got {version!r}", "version")
    if version > VERSION:
        raise ProjectError(
            f"this project was saved by a newer nnbuilder (format version {version}); "
            f"this one reads version {VERSION}: upgrade nnbuilder to open it",
            "version",
        )


def _is_identifier(text: object) -> TypeGuard[str]:
    return isinstance(text, str) and text.isidentifier() and not keyword.iskeyword(text)


def read_graph_lists(data: Any, path: str) -> tuple[list[Any], list[Any], list[str] | None, list[str] | None]:
    if not isinstance(data, dict):
        raise ProjectError(f"expected an object with nodes and edges, got {type(data).__name__}", path)
    unknown = sorted(set(data) - {"nodes", "edges", "inputs", "outputs"}, key=str)
    if unknown:
        raise ProjectError(f"unknown field {unknown[0]!r}; a model has nodes, edges, inputs and outputs", path)
    nodes = data.get("nodes", [])
    edges = data.get("edges", [])
    for key, value in (("nodes", nodes), ("edges", edges)):
        if not isinstance(value, list):
            raise ProjectError(f"expected a list, got {type(value).__name__}", f"{path}.{key}")
    lists: list[list[str] | None] = []
    for key in ("inputs", "outputs"):
        value = data.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise ProjectError("expected a list of node ids", f"{path}.{key}")
        lists.append(value)
    return nodes, edges, lists[0], lists[1]


def read_node(raw: Any, path: str, trust: bool = False) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProjectError(f"expected a node object, got {type(raw).__name__}", path)
    unknown = sorted(set(raw) - NODE_KEYS, key=str)
    if unknown:
        raise ProjectError(f"unknown field {unknown[0]!r}; a node has {', '.join(sorted(NODE_KEYS))}", path)
    node_id = raw.get("id")
    if not isinstance(node_id, str) or not node_id or "/" in node_id:
        raise ProjectError(f"expected a non-empty id without '/', got {describe(node_id)}", f"{path}.id")
    layer = raw.get("layer")
    if not _is_identifier(layer):
        raise ProjectError(f"expected a Keras layer class name such as 'Dense', got {describe(layer)}", f"{path}.layer")
    config = raw.get("config", {})
    if not isinstance(config, dict):
        raise ProjectError(f"expected an object of layer arguments, got {type(config).__name__}", f"{path}.config")
    for where, reason in [] if trust else untrusted_problems(layer, config):
        raise ProjectError(refusal_sentence(node_id, reason), f"{path}.{where}")
    for key, problem in config_problems(layer, config):
        raise ProjectError(problem, f"{path}.config.{key}")
    pos = raw.get("pos", [0, 0])
    if (
        not isinstance(pos, list)
        or len(pos) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in pos)
    ):
        raise ProjectError(f"expected [x, y] numbers, got {describe(pos)}", f"{path}.pos")
    out = {"id": node_id, "layer": layer, "config": config, "pos": list(pos)}
    for key in ("label", "shares", "model"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise ProjectError(f"expected text, got {type(value).__name__}", f"{path}.{key}")
        if value is not None:
            out[key] = value
    if layer == MODEL_LAYER and "model" not in out:
        raise ProjectError("a Model node names the project model it uses in 'model'", f"{path}.model")
    return out


def read_edge(raw: Any, path: str, ids: Container[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProjectError(f"expected an edge object, got {type(raw).__name__}", path)
    unknown = sorted(set(raw) - {"source", "target", "port"}, key=str)
    if unknown:
        raise ProjectError(f"unknown field {unknown[0]!r}; an edge has source, target and port", path)
    for key in ("source", "target"):
        if not isinstance(raw.get(key), str) or raw[key] not in ids:
            raise ProjectError(
                f"expected the id of a node of this model, got {describe(raw.get(key))}", f"{path}.{key}"
            )
    port = raw.get("port", 0)
    if not isinstance(port, int) or isinstance(port, bool) or port < 0:
        raise ProjectError(f"expected a non-negative integer, got {describe(port)}", f"{path}.port")
    return {"source": raw["source"], "target": raw["target"], "port": port}


def config_problems(layer: str, config: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for each argument the catalog knows to be wrong.

    Layers outside the catalog are only checked for well-formed argument names;
    Keras judges their values.
    """
    problems: list[tuple[str, str]] = []
    known = rules()
    for key, value in config.items():
        if not _is_identifier(key):
            problems.append((key, f"expected a Keras argument name, got {describe(key)}"))
            continue
        if key == "name":
            problems.append((key, "a layer's name is its node id; set the id instead"))
            continue
        if key == "trainable" and not isinstance(value, bool):
            problems.append((key, f"expected true or false, got {describe(value)}"))
            continue
        if key == "dtype" and layer != "Input" and value is not None and value not in DTYPE_POLICIES:
            # an Input's dtype is a tensor type (int32 for token ids), checked by its spec below
            names = ", ".join(DTYPE_POLICIES)
            problems.append((key, f"expected a dtype policy ({names}), got {describe(value)}"))
            continue
        if key in META_KEYS and not (layer == "Input" and key == "dtype"):
            continue
        problem = known.argument_problem(layer, key, value)
        if problem:
            problems.append((key, problem))
    return problems
