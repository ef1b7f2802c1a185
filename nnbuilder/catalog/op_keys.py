"""The key of a get_item node (`x[:, 0]`) as a project file holds it, in JSON.

A slice is {"slice": [start, stop, step]}, Ellipsis is "...", newaxis is null, a tuple is a list; ints stay.
"""

from __future__ import annotations

from typing import Any


def is_int(value: Any) -> bool:
    """A whole number (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def holds_key(op: str, arg: str) -> bool:
    """Whether the argument `arg` of keras.ops.`op` is an index key, held in JSON as `encode_key` writes it."""
    return op == "get_item" and arg == "key"


def encode_key(key: Any) -> Any:
    """A Python index key as JSON; raises ValueError for anything but ints, slices of them, ... and None."""
    if isinstance(key, tuple):
        return [encode_key(k) for k in key]
    if isinstance(key, slice):
        parts = [key.start, key.stop, key.step]
        if not all(p is None or is_int(p) for p in parts):
            raise ValueError(f"a slice of {parts} holds something other than whole numbers")
        return {"slice": parts}
    if key is Ellipsis:
        return "..."
    if key is None or is_int(key):
        return key
    raise ValueError(f"{type(key).__name__} {key!r} is not an index, a slice, ... or None")


def decode_key(key: Any) -> Any:
    """The Python key of a JSON key (`encode_key` undone); a list becomes a tuple."""
    if isinstance(key, list):
        return tuple(decode_key(k) for k in key)
    if isinstance(key, dict) and set(key) == {"slice"} and isinstance(key["slice"], list) and len(key["slice"]) == 3:
        return slice(*key["slice"])
    if key == "...":
        return Ellipsis
    return key
