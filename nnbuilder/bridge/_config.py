"""Keras layer configs in project form: only what differs from Keras' defaults."""

from __future__ import annotations

import inspect

from nnbuilder.bridge._layers import make_layer
from nnbuilder.document.setting_choices import NEEDS_SETTINGS, OBJECT_TABLES

SKIP = {"name"}
WRAPPED = {"layer", "backward_layer"}  # nested layers: names inside differ by design
_SHORT_NAMES = {}
for _table in OBJECT_TABLES.values():
    for _short, (_cls, _) in _table.items():
        _SHORT_NAMES.setdefault(_cls, _short)


def plain(value):
    """JSON-friendly copy: tuples become lists, recursively."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "item") and callable(value.item):  # NumPy scalar
        return value.item()
    return value


def _is_serialized(value) -> bool:
    return isinstance(value, dict) and "class_name" in value and "config" in value


def _object_defaults(module: str, class_name: str) -> dict | None:
    import keras

    getter = {
        "keras.initializers": keras.initializers,
        "keras.regularizers": keras.regularizers,
        "keras.constraints": keras.constraints,
    }.get(module)
    cls = getattr(getter, class_name, None) if getter else None
    if cls is None:
        return None
    try:
        return plain(cls().get_config())
    except Exception:
        return None


def compact_object(value):
    """A serialized initializer/regularizer/constraint in its shortest form."""
    config = plain(value.get("config") or {})
    defaults = _object_defaults(value.get("module", ""), value["class_name"])
    if defaults is not None:
        config = {k: v for k, v in config.items() if defaults.get(k, object()) != v}
    short = _SHORT_NAMES.get(value["class_name"])
    if short in NEEDS_SETTINGS:  # Keras cannot rebuild these without their settings, defaults included
        return {"class_name": value["class_name"], "config": plain(value.get("config") or {})}
    if not config and short:
        return short
    return {"class_name": value["class_name"], "config": config}


def required_args(cls) -> list[str]:
    """Constructor arguments of `cls` that have no default."""
    return [
        p.name
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.default is p.empty
    ]


def reference_config(layer) -> dict | None:
    """get_config() of the same class built with only its required arguments."""
    import keras

    cls = type(layer)
    full = layer.get_config()
    try:
        required = {}
        for name in required_args(cls):
            value = full[name]
            if _is_serialized(value) and value.get("module") == "keras.layers":
                value = keras.layers.deserialize(value)
            required[name] = value
        return cls(**required).get_config()
    except Exception:
        return None


def compact_config(layer) -> dict:
    """The project config of a Keras layer: arguments that differ from defaults."""
    full = layer.get_config()
    ref = reference_config(layer) or {}
    keep = set(required_args(type(layer)))
    out = {}
    for key, value in full.items():
        if key in SKIP:
            continue
        if key not in keep and key in ref and plain(ref[key]) == plain(value):
            continue
        out[key] = _project_value(key, value)
    if type(layer).__name__ == "Bidirectional":
        out.update(_bidirectional(layer, out))
    _restore_derived_defaults(layer, full, out)
    return out


def _project_value(key, value):
    if key == "dtype" and isinstance(value, dict):
        return value.get("config", {}).get("name", value)
    return compact_value(value)


def _differences(layer, full: dict, config: dict) -> list | None:
    """Keys of `full` that a layer rebuilt from `config` gets wrong (None: it cannot be rebuilt)."""
    try:
        rebuilt = make_layer(type(layer).__name__, config, None).get_config()
    except Exception:
        return None
    return [k for k, v in full.items() if k not in SKIP and k not in WRAPPED and plain(rebuilt.get(k)) != plain(v)]


def _restore_derived_defaults(layer, full: dict, out: dict) -> None:
    """Make `out` rebuild `layer` exactly and hold nothing it does not need.

    Some defaults follow another argument (a pool's strides follow its
    pool_size), so comparing with a default layer can both drop a needed value
    and keep a redundant one: rebuild from `out` to put back the first and
    prune the second.
    """
    for _ in range(3):
        differ = _differences(layer, full, out)
        if not differ:
            break
        for key in differ:
            out[key] = _project_value(key, full[key])
    else:
        differ = _differences(layer, full, out)
    if differ != []:
        return
    required = set(required_args(type(layer)))
    for key in [k for k in out if k not in required and k not in WRAPPED]:
        trial = {k: v for k, v in out.items() if k != key}
        if _differences(layer, full, trial) == []:
            del out[key]


def compact_value(value):
    if _is_serialized(value) and value.get("module") != "keras.layers":
        return compact_object(value)
    if isinstance(value, dict):
        return {k: compact_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [compact_value(v) for v in value]
    return plain(value)


def _bidirectional(layer, out) -> dict:
    """Nested layers of a Bidirectional as {"class_name", "config"}, the
    backward layer only when it is not the automatic mirror of the forward one."""
    forward = layer.forward_layer
    result = {"layer": {"class_name": type(forward).__name__, "config": compact_config(forward)}}
    result["layer"]["config"].pop("go_backwards", None)
    backward = layer.backward_layer
    mirror = compact_config(backward)
    mirror.pop("go_backwards", None)
    if type(backward) is type(forward) and mirror == result["layer"]["config"]:
        out.pop("backward_layer", None)
    else:
        result["backward_layer"] = {"class_name": type(backward).__name__, "config": compact_config(backward)}
    return result
