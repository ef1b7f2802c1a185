"""Nested layers (a wrapper's layer, an RNN's cells) in the short form projects write.

Older files hold them as Keras serialized them: beside `class_name` and `config` come the module, the
registered name and the build shape, the inner layer's own name, and a dtype policy object. Reading such
a file turns each into `{"class_name", "config"}` with plain values, so it checks, builds and exports like
a project written today. Only what Keras itself would have written is taken out: a module other than
Keras's layers, or a registered name that is not the class's own, stays for the trust rules to refuse.
"""

from __future__ import annotations

from typing import Any

from nnbuilder.document.safe_layers import LAYER_KEYS

_LAYER_MODULES = ("keras.layers", "keras")
_BUILD_KEYS = ("build_config", "compile_config")
_POLICY_CLASSES = ("DTypePolicy", "FloatDTypePolicy")
_KEPT_APART = ("class_name", "config", "module", "registered_name", *_BUILD_KEYS)  # not carried over as they are


def clean_nested_layers(config: dict[str, Any]) -> dict[str, Any]:
    """`config` with each nested layer under a LAYER_KEYS argument in its short form (a new dict when
    something changed; the same one otherwise)."""
    changed = False
    out = dict(config)
    for key in LAYER_KEYS & out.keys():
        value = out[key]
        if isinstance(value, list):
            cleaned: Any = [_clean_layer(item) for item in value]
            changed = changed or any(a is not b for a, b in zip(cleaned, value))
        else:
            cleaned = _clean_layer(value)
            changed = changed or cleaned is not value
        out[key] = cleaned
    return out if changed else config


def _clean_layer(value: Any) -> Any:
    """One serialized layer in its short form; anything else as it is."""
    if not isinstance(value, dict) or not isinstance(value.get("class_name"), str):
        return value
    cls = value["class_name"]
    module = value.get("module")
    registered = value.get("registered_name")
    if module is not None and module not in _LAYER_MODULES:
        return value  # not Keras's own: the trust rules judge it as written
    if registered is not None and registered != cls:
        return value
    inner = value.get("config")
    if not isinstance(inner, dict):
        return value
    config = {k: v for k, v in inner.items() if k != "name" and k not in _BUILD_KEYS}
    if "dtype" in config:
        config["dtype"] = _policy_name(config["dtype"])
    config = clean_nested_layers(config)
    extra = {k: v for k, v in value.items() if k not in _KEPT_APART}
    cleaned = {"class_name": cls, "config": config, **extra}
    return value if cleaned == value else cleaned


def _policy_name(dtype: Any) -> Any:
    """A serialized dtype policy as its name ("float32"); anything else as it is."""
    if isinstance(dtype, dict) and dtype.get("class_name") in _POLICY_CLASSES:
        policy = dtype.get("config")
        if isinstance(policy, dict) and isinstance(policy.get("name"), str) and dtype.get("module") in (None, "keras"):
            return policy["name"]
    return dtype
