"""from_keras(), export_code() and build() times on keras.applications models.

Prints figures; asserts nothing. Keras' own model construction time is printed
beside them as the yardstick.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ms, timed  # noqa: E402

from nnbuilder import build, export_code, from_keras  # noqa: E402

MODELS = ("MobileNetV2", "ResNet50", "DenseNet121")


def main():
    import keras

    print(f"{'model':<12} {'layers':>6} {'keras build':>12} {'from_keras':>12} {'export_code':>12} {'build()':>12}")
    for name in MODELS:
        factory = getattr(keras.applications, name)
        start = time.perf_counter()
        model = factory(weights=None)
        keras_seconds = time.perf_counter() - start
        convert, project = timed(lambda m=model: from_keras(m), repeat=3)
        export, code = timed(lambda p=project: export_code(p), repeat=3)
        start = time.perf_counter()
        rebuilt = build(project)
        build_seconds = time.perf_counter() - start
        assert rebuilt.count_params() == model.count_params()
        print(
            f"{name:<12} {len(model.layers):>6} {ms(keras_seconds):>12} {ms(convert):>12} "
            f"{ms(export):>12} {ms(build_seconds):>12}   ({len(code.splitlines())} lines of code)"
        )
        keras.backend.clear_session()


if __name__ == "__main__":
    main()
