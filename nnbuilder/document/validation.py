"""Field-by-field validation of project documents, naming the path of each bad field."""

from __future__ import annotations

import keyword
import math
from collections.abc import Container, Sequence
from typing import Any, TypeGuard

from nnbuilder.document.layer_rules import rules
from nnbuilder.document.nested_layers import clean_nested_layers
from nnbuilder.document.params import describe
from nnbuilder.document.trust import MODEL_LAYER, OP_LAYER, op_refusal, refusal_sentence, untrusted_problems
from nnbuilder.errors import ProjectError

FORMAT = "nnbuilder"
VERSION = 2

NODE_KEYS = {"id", "layer", "config", "pos", "label", "shares", "model", "op", "call"}
EDGE_KEYS = {"source", "target", "port", "output", "arg"}
META_KEYS = {"trainable", "dtype"}  # base-layer arguments every layer takes
DTYPE_POLICIES = ("float32", "float16", "bfloat16", "float64", "mixed_float16", "mixed_bfloat16")


def check_header(data: Any) -> None:
    """Refuse what is not a project of a format version this nnbuilder reads.

    Version 1 needs no conversion: version 2 only adds fields (`op`/`call` on nodes, `output`/`arg` on
    edges, the object form of model outputs), so a version 1 document reads as it is and saves as version 2."""
    if not isinstance(data, dict):
        raise ProjectError(f"expected a JSON object at the top level, got {type(data).__name__}")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise ProjectError(f"not an nnbuilder project: expected format 'nnbuilder', got {fmt!r}", "format")
    version = data.get("version")
    if not _is_count(version) or version < 1:
        raise ProjectError(f"expected a format version number, got {version!r}", "version")
    if version > VERSION:
        raise ProjectError(
            f"this project was saved by a newer nnbuilder (format version {version}); "
            f"this one reads version {VERSION}: upgrade nnbuilder to open it",
            "version",
        )


def _is_identifier(text: object) -> TypeGuard[str]:
    return isinstance(text, str) and text.isidentifier() and not keyword.iskeyword(text)


def _is_count(value: object) -> TypeGuard[int]:
    """A non-negative integer (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def refuse_first(problems: Sequence[tuple[str, str]]) -> None:
    """Raise ProjectError for the first of `problems` (path, message), saying how many more there are."""
    if problems:
        path, message = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ProjectError(message + more, path)


def read_graph_lists(
    data: Any, path: str
) -> tuple[list[Any], list[Any], list[str] | None, list[str | dict[str, Any]] | None]:
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
    inputs = data.get("inputs")
    if inputs is not None and (not isinstance(inputs, list) or not all(isinstance(v, str) for v in inputs)):
        raise ProjectError("expected a list of node ids", f"{path}.inputs")
    outputs = data.get("outputs")
    if outputs is not None:
        if not isinstance(outputs, list):
            raise ProjectError("expected a list of node ids", f"{path}.outputs")
        outputs = [read_output_entry(item, f"{path}.outputs[{i}]") for i, item in enumerate(outputs)]
    return nodes, edges, inputs, outputs


def read_output_entry(item: Any, path: str) -> str | dict[str, Any]:
    """One entry of a model's `outputs`: a node id (its output 0) or {"node": id, "output": k}; the object
    form naming output 0 reads as the plain id, the one way the file writes it."""
    if isinstance(item, str):
        return item
    if not isinstance(item, dict) or set(item) - {"node", "output"} or not isinstance(item.get("node"), str):
        raise ProjectError(f"expected a node id or {{'node': id, 'output': number}}, got {describe(item)}", path)
    output = item.get("output", 0)
    if not _is_count(output):
        raise ProjectError(f"expected a non-negative integer, got {describe(output)}", f"{path}.output")
    return item["node"] if output == 0 else {"node": item["node"], "output": output}


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
    config = clean_nested_layers(config)  # nested layers as Keras serialized them, in older files
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
    for key in ("label", "shares", "model", "op"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise ProjectError(f"expected text, got {type(value).__name__}", f"{path}.{key}")
        if value is not None:
            out[key] = value
    if layer == MODEL_LAYER and "model" not in out:
        raise ProjectError("a Model node names the project model it uses in 'model'", f"{path}.model")
    if layer == OP_LAYER:
        op = out.get("op")
        if not _is_identifier(op):
            found = describe(op)
            raise ProjectError(
                f"an Op node names a keras.ops function such as 'add' in 'op', got {found}", f"{path}.op"
            )
        if not trust and (unsafe := op_refusal(op)):
            raise ProjectError(refusal_sentence(node_id, unsafe), f"{path}.op")
    elif "op" in out:
        raise ProjectError(f"only an Op node names a keras.ops function; this node is a {layer}", f"{path}.op")
    call = raw.get("call", {})
    for key, problem in call_problems(call):
        raise ProjectError(problem, f"{path}.call" + (f".{key}" if key else ""))
    if call:
        out["call"] = call
    return out


def call_problems(call: Any) -> list[tuple[str, str]]:
    """(key, message) for each malformed call argument of a node: `call` maps argument names to JSON
    values, none of them a serialized object (those are constructor settings, never call arguments)."""
    if not isinstance(call, dict):
        return [("", f"expected an object of call arguments such as {{'training': true}}, got {describe(call)}")]
    problems = []
    for key, value in call.items():
        if not _is_identifier(key):
            problems.append((str(key), f"expected a call argument name, got {describe(key)}"))
        elif _holds_object(value):
            problems.append(
                (key, f"expected a plain JSON value (number, text, true/false, list), got {describe(value)}")
            )
    return problems


def _holds_object(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and any(_holds_object(item) for item in value)


def read_edge(raw: Any, path: str, ids: Container[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProjectError(f"expected an edge object, got {type(raw).__name__}", path)
    unknown = sorted(set(raw) - EDGE_KEYS, key=str)
    if unknown:
        raise ProjectError(f"unknown field {unknown[0]!r}; an edge has source, target, port, output and arg", path)
    for key in ("source", "target"):
        if not isinstance(raw.get(key), str) or raw[key] not in ids:
            raise ProjectError(
                f"expected the id of a node of this model, got {describe(raw.get(key))}", f"{path}.{key}"
            )
    port = raw.get("port", 0)
    if not _is_count(port):
        raise ProjectError(f"expected a non-negative integer, got {describe(port)}", f"{path}.port")
    out = {"source": raw["source"], "target": raw["target"], "port": port}
    output = raw.get("output", 0)
    if not _is_count(output):
        raise ProjectError(
            f"expected a non-negative integer (which output of the source), got {describe(output)}", f"{path}.output"
        )
    if output:
        out["output"] = output
    arg = raw.get("arg")
    if arg is not None and not _is_identifier(arg):
        raise ProjectError(
            f"expected the name of a call argument such as 'initial_state', got {describe(arg)}", f"{path}.arg"
        )
    if arg is not None:
        out["arg"] = arg
    return out


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
