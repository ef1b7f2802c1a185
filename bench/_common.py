"""Shared bits of the benchmarks: quiet Keras, timing, the ResNet50 graph."""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """(median seconds, last result) of `repeat` calls."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def keras_application(name: str):
    import keras

    return getattr(keras.applications, name)(weights=None)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"
