"""Which layers and nested objects a project may build without the caller's trust.

A file is data: it builds catalog layers and the Keras layers known to be safe,
never one that loads files, models or code. Trust is given only from Python.
"""

from __future__ import annotations

from typing import Any

from nnbuilder.document.layer_rules import rules
from nnbuilder.document.safe_layers import FILE_ARGUMENTS, LAYER_KEYS, SAFE_LAYERS, UNSAFE_OPS, UNSAFE_REASONS

MODEL_LAYER = "Model"
OP_LAYER = "Op"  # a node that calls a keras.ops function, named in its `op` (see `op_refusal`)
OPT_IN = (
    "if you trust it, open it from Python with Project.load(path, trust=True) or Project.from_dict(data, trust=True)"
)

Problems = list[tuple[str, str]]  # (field path below the node, reason)

_OBJECT_ROLES = ("initializer", "regularizer", "constraint")


def is_trusted(project: object) -> bool:
    """True only when `project` was given trust from Python (a file never grants it)."""
    return getattr(project, "trust", False) is True


def is_safe_layer(layer: Any) -> bool:
    """True for catalog layers, project models, operation nodes and the allow-listed Keras layers."""
    return layer in (MODEL_LAYER, OP_LAYER) or rules().knows(layer) or layer in SAFE_LAYERS


def op_refusal(op: Any) -> str | None:
    """Why an Op node calling `keras.ops.<op>` is not built without trust (it runs Python functions), or None."""
    return f"ops.{op} {UNSAFE_OPS[op]}" if op in UNSAFE_OPS else None


def layer_refusal(layer: Any) -> str | None:
    """Why `layer` is not built without trust, or None when it is safe."""
    if is_safe_layer(layer):
        return None
    reason = UNSAFE_REASONS.get(layer, "is not among the Keras layers known to be safe to build from a file")
    return f"{layer} {reason}"


def untrusted_problems(layer: Any, config: Any) -> Problems:
    """(field path below the node, reason) for each thing a file may not build without trust."""
    problems: Problems = []
    refusal = layer_refusal(layer)
    if refusal:
        problems.append(("layer", refusal))
    if isinstance(config, dict):
        _walk_config(config, "config", problems)
    return problems


def refusal_sentence(node_id: Any, reason: str) -> str:
    """One sentence naming the node, saying why it is refused and how to opt in."""
    return f"node {node_id!r} is refused because {reason}; {OPT_IN}"


def _walk_config(config: dict[Any, Any], path: str, problems: Problems) -> None:
    for key, value in config.items():
        where = f"{path}.{key}"
        # a number never names a file (ConvNeXt's drop_path_rate)
        if isinstance(key, str) and _names_a_file(key) and value not in (None, "", [], {}) and not _number(value):
            problems.append((where, f"its argument {key!r} names a file, which building would read"))
            continue
        if key in FILE_ARGUMENTS and isinstance(value, str):
            problems.append((where, f"its {key} is a file path, which building would read; give the values inline"))
            continue
        _walk_value(value, key, where, problems)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float))


def _names_a_file(key: str) -> bool:
    lowered = key.lower()
    return "path" in lowered or lowered in ("filepath", "filename")


def _walk_value(value: Any, key: Any, path: str, problems: Problems) -> None:
    if isinstance(value, dict):
        if "class_name" in value:
            _check_object(value, key, path, problems)
        else:
            _walk_config(value, path, problems)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk_value(item, key, f"{path}[{i}]", problems)


def _role(key: Any) -> str | None:
    if not isinstance(key, str):
        return None
    if key in LAYER_KEYS:
        return "layer"
    for role in _OBJECT_ROLES:
        if key == role or key.endswith(f"_{role}"):
            return role
    return None


_NOT_SAFE = "is not among the layers known to be safe to build from a file"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_object(value: dict[str, Any], key: Any, path: str, problems: Problems) -> None:
    """A nested serialized object: a class allowed for its role, from Keras itself."""
    cls = value.get("class_name")
    module = value.get("module")
    role = _role(key)
    if module is not None and module not in ("keras", f"keras.{role}s"):
        where = f"keras.{role}s" if role else "Keras"
        problems.append((f"{path}.module", f"{path} points to the Python module {_short(module)}, not {where}"))
        return
    registered = value.get("registered_name")
    if registered is not None and registered != cls:
        problems.append((f"{path}.registered_name", f"{path} names the custom object {_short(registered)}"))
        return
    if role is None:
        problems.append(
            (
                path,
                f"{path} holds a {_short(cls)} object; only layers, initializers, regularizers and constraints nest",
            )
        )
        return
    if role == "layer":
        if not isinstance(cls, str) or cls in ("Input", MODEL_LAYER) or not is_safe_layer(cls):
            reason = UNSAFE_REASONS.get(cls, _NOT_SAFE) if isinstance(cls, str) else _NOT_SAFE
            problems.append((f"{path}.class_name", f"{path} wraps {_short(cls)}, which {reason}"))
            return
    else:
        if not isinstance(cls, str) or cls not in rules().object_names(role):
            problems.append(
                (f"{path}.class_name", f"{path} names {_short(cls)}, which is not a Keras {role} nnbuilder knows")
            )
            return
    config = value.get("config")
    if isinstance(config, dict):
        _walk_config(config, f"{path}.config", problems)
