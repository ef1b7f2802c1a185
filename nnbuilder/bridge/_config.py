"""Keras layer configs in project form: only what differs from Keras' defaults."""

from __future__ import annotations

import inspect
import math

from nnbuilder.bridge._layers import helper_class, keras_class, make_layer
from nnbuilder.catalog.helper_layers import HELPER_LAYERS, KERAS_ORIGINS
from nnbuilder.document.safe_layers import LAYER_KEYS
from nnbuilder.document.setting_choices import NEEDS_SETTINGS, OBJECT_TABLES
from nnbuilder.errors import UnsupportedModelError

SKIP = {"name"}
_NOT_COMPARED = {"name", "module", "registered_name", "build_config", "compile_config"}  # of a nested layer
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


class NotJson(ValueError):
    """A value a project's JSON cannot hold; `part` is the piece of it that JSON cannot hold."""

    def __init__(self, part):
        super().__init__(f"JSON cannot hold the {type(part).__name__} {part!r}")
        self.part = part


def json_form(value, *, objects: bool = True):
    """`value` as a project's JSON holds it: tuples as lists, NumPy scalars as Python numbers, and with
    `objects` dicts with text keys. Raises NotJson for anything else, a number that is not finite included."""
    import numpy as np

    if isinstance(value, (list, tuple)):
        return [json_form(v, objects=objects) for v in value]
    if objects and isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: json_form(v, objects=objects) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)) or (isinstance(value, float) and math.isfinite(value)):
        return value
    raise NotJson(value)


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
    """The project config of a Keras layer: arguments that differ from defaults.

    Nested layers (a wrapper's layer, an RNN's cells) become {"class_name", "config"} with their own
    compact configs, less what the outer layer sets on them anyway (Bidirectional's zero_output_for_mask).
    """
    full = layer.get_config()
    ref = reference_config(layer) or {}
    keep = set(required_args(type(layer)))
    nested = _nested_layers(layer, full)
    out = {}
    for key, value in full.items():
        if key in SKIP:
            continue
        if key in nested:
            out[key] = nested[key]
            continue
        if key not in keep and key in ref and plain(ref[key]) == plain(value):
            continue
        out[key] = _project_value(key, value)
    _restore_derived_defaults(layer, full, out)
    return out


def _project_value(key, value):
    if key == "dtype" and isinstance(value, dict):
        return value.get("config", {}).get("name", value)
    return compact_value(value)


def _nested_layers(layer, full: dict, complete: bool = False) -> dict:
    """The nested layers of `layer` by argument, as {"class_name", "config"} (a list for a list of layers).

    `complete` writes every argument of each nested layer rather than those that differ from defaults.
    """
    found = {}
    for key in sorted(LAYER_KEYS & full.keys()):
        live = _live_nested(layer, key, full[key])
        if live is None:
            continue
        if isinstance(live, list):
            found[key] = [_nested_value(layer, inner, complete) for inner in live]
        else:
            found[key] = _nested_value(layer, live, complete)
    return found


def _live_nested(layer, key: str, serialized):
    """The layer object (or list of them) behind the nested argument `key`, or None when there is none."""
    import keras

    value = getattr(layer, "forward_layer" if key == "layer" and hasattr(layer, "forward_layer") else key, None)
    if isinstance(value, keras.layers.Layer):
        return value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, keras.layers.Layer) for v in value):
        return list(value)
    try:
        if _is_serialized(serialized):
            return keras.layers.deserialize(serialized)
        if isinstance(serialized, list) and serialized and all(_is_serialized(v) for v in serialized):
            return [keras.layers.deserialize(v) for v in serialized]
    except Exception as exc:
        raise UnsupportedModelError(f"holds a layer in {key!r} that Keras cannot read back: {exc}", layer.name) from exc
    return None


def project_layer(cls) -> str | None:
    """The node layer that rebuilds instances of the Keras layer class `cls`: its keras.layers name, the
    helper layer that stands for it (ConvNeXt's LayerScale), or None. Known by module and class, never by
    name alone."""
    name = cls.__name__
    if keras_class(name) is cls:
        return name
    return KERAS_ORIGINS.get((cls.__module__, name))


def not_carried(cls) -> str:
    """Why instances of `cls` do not import, and what to do instead."""
    helpers = ", ".join(HELPER_LAYERS)
    return (
        f"{cls.__name__} from {cls.__module__} is not a built-in keras.layers class nor a helper layer nnbuilder "
        f"rebuilds ({helpers}); build the model from keras.layers layers to import it"
    )


def _nested_value(outer, inner, complete: bool) -> dict:
    """{"class_name", "config"} of one nested layer, its name left out (the outer layer names it)."""
    name = project_layer(type(inner))
    if name is None:
        raise UnsupportedModelError(f"wraps a layer it cannot carry: {not_carried(type(inner))}", outer.name)
    if not complete:
        return {"class_name": name, "config": compact_config(inner)}
    full = inner.get_config()
    config = {k: _project_value(k, v) for k, v in full.items() if k not in SKIP}
    config.update(_nested_layers(inner, full))
    return {"class_name": name, "config": config}


def _comparable(key, value):
    """`value` of argument `key` as plain data; nested layers without what differs by design (their names,
    how they were built) and without the module and registration Keras writes beside them."""
    value = plain(value)
    if key not in LAYER_KEYS:
        return value
    if isinstance(value, list):
        return [_comparable(key, v) for v in value]
    if not _is_serialized(value):
        return value
    config = value["config"] if isinstance(value["config"], dict) else {}
    inner = {k: _comparable(k, v) for k, v in config.items() if k not in _NOT_COMPARED}
    return {"class_name": value["class_name"], "config": inner}


def _differences(layer, full: dict, config: dict) -> list | None:
    """Keys of `full` that a layer rebuilt from `config` gets wrong (None: it cannot be rebuilt)."""
    try:
        rebuilt = make_layer(type(layer).__name__, config, None).get_config()
    except Exception:
        return None
    return [k for k, v in full.items() if k not in SKIP and _comparable(k, rebuilt.get(k)) != _comparable(k, v)]


def _restore_derived_defaults(layer, full: dict, out: dict) -> None:
    """Make `out` rebuild `layer` exactly and hold nothing it does not need.

    Some defaults follow another argument (a pool's strides follow its
    pool_size), so comparing with a default layer can both drop a needed value
    and keep a redundant one: rebuild from `out` to put back the first and
    prune the second. Inside nested layers it prunes what the outer layer sets
    anyway, and a nested layer the outer one would make by itself (Bidirectional's
    mirror of its forward layer) goes too.
    """
    for _ in range(3):
        differ = _differences(layer, full, out)
        if not differ:
            break
        complete = _nested_layers(layer, full, complete=True) if LAYER_KEYS & set(differ) else {}
        for key in differ:
            out[key] = complete[key] if key in complete else _project_value(key, full[key])
    else:
        differ = _differences(layer, full, out)
    if differ != []:
        return
    required = set(required_args(type(layer)))
    for key in [k for k in out if k not in required]:
        trial = {k: v for k, v in out.items() if k != key}
        if _differences(layer, full, trial) == []:
            del out[key]
    for key in sorted(LAYER_KEYS & out.keys()):
        for inner in _each(out[key]):
            _prune_nested(layer, full, out, inner)


def _prune_nested(layer, full: dict, out: dict, inner) -> None:
    """Drop each argument of the nested layer `inner` (a part of `out`) that `layer` rebuilds without."""
    if not _is_serialized(inner) or not isinstance(inner["config"], dict):
        return
    cls = keras_class(inner["class_name"]) or helper_class(inner["class_name"])
    required = set(required_args(cls)) if cls is not None else set(inner["config"])
    for key in [k for k in inner["config"] if k not in required]:
        kept = inner["config"]
        inner["config"] = {k: v for k, v in kept.items() if k != key}
        if _differences(layer, full, out) != []:
            inner["config"] = kept
    config = inner["config"]
    for key in sorted(LAYER_KEYS & config.keys()):
        for deeper in _each(config[key]):
            _prune_nested(layer, full, out, deeper)


def _each(value) -> list:
    """The layers of a nested-layer argument: a list of them (an RNN's cells), or the one (a wrapper's layer)."""
    return value if isinstance(value, list) else [value]


def compact_value(value):
    if _is_serialized(value) and value.get("module") != "keras.layers":
        return compact_object(value)
    if isinstance(value, dict):
        return {k: compact_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [compact_value(v) for v in value]
    return plain(value)
