"""Reading and writing model files: .keras/.h5 in, .keras/SavedModel/TFLite/ONNX out."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from nnbuilder._runtime.quiet import silenced_output
from nnbuilder.bridge.onnx_file import sample_inputs, verify_onnx
from nnbuilder.errors import NNBuilderError, first_line

MODEL_FORMATS = ("keras", "savedmodel", "tflite", "onnx")
SUFFIXES = {"keras": ".keras", "savedmodel": "_savedmodel", "tflite": ".tflite", "onnx": ".onnx"}
EXPORT_FORMATS = ("py", *MODEL_FORMATS)  # what an export writes: the code, or a model file


def format_from_path(path, how: str = "name the format") -> str:
    """The export format a path asks for by its suffix (a suffix-less path is a SavedModel folder)."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in EXPORT_FORMATS:
        return suffix
    if not suffix:
        return "savedmodel"
    raise NNBuilderError(f"cannot tell the format of {path.name}: {how} ({', '.join(EXPORT_FORMATS)})")


def load_model(path):
    """Load a Keras model file with safe_mode on (no code from files runs)."""
    import keras

    path = Path(path)
    if not path.exists():
        raise NNBuilderError(f"no such file: {path}")
    if path.suffix.lower() not in (".keras", ".h5", ".hdf5"):
        raise NNBuilderError(f"{path.name}: expected a Keras model file (.keras or .h5)")
    try:
        return keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:
        custom = _custom_classes(path) or _named_in_message(str(exc))
        if custom:
            which = f"the custom class {custom[0]}" if len(custom) == 1 else f"custom classes ({', '.join(custom)})"
            raise NNBuilderError(
                f"cannot load {path.name}: it uses {which}, code outside Keras that is never imported; "
                "projects hold only built-in Keras layers"
            ) from None
        raise NNBuilderError(f"cannot load {path.name}: {first_line(exc)}") from None


def _custom_classes(path: Path) -> list[str]:
    """Names of the objects in a .keras file's config that Keras itself does not define (read as JSON only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            config = json.loads(archive.read("config.json"))
    except Exception:
        return []
    found, stack = [], [config]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            module = item.get("module", "keras")
            if "class_name" in item and not (isinstance(module, str) and module.split(".")[0] == "keras"):
                name = item.get("config") if item["class_name"] == "function" else item["class_name"]
                if isinstance(name, str) and not name.startswith("__") and name not in found:
                    found.append(name)
            stack.extend(reversed(list(item.values())))
    return found


def _named_in_message(message: str) -> list[str]:
    """The class a Keras 'unknown object' message names (the .h5 path), if any."""
    match = re.search(r"(?:Unknown \w+|Could not locate \w+):? '([^']+)'", message)
    return [match.group(1)] if match else []


def save_model(model, path, fmt: str):
    """Write `model` as `fmt` (keras, savedmodel, tflite or onnx); one-line reasons on failure."""
    import keras

    path = Path(path)
    backend = keras.backend.backend()
    if fmt == "keras":
        if path.suffix != ".keras":
            raise NNBuilderError(f"{path.name}: a Keras model file must end in .keras")
        model.save(path)
        return
    if fmt in ("savedmodel", "tflite") and backend != "tensorflow":
        raise NNBuilderError(f"{fmt} export needs the TensorFlow backend (this run uses {backend})")
    if fmt not in MODEL_FORMATS:
        raise NNBuilderError(f"unknown model format {fmt!r}")
    try:
        with silenced_output():
            _export(model, path, fmt)
    except NNBuilderError:
        raise
    except ImportError as exc:
        # Keras' lazy imports name the module only in their message ("This requires the jax2onnx module.")
        named = re.search(r"requires the ([\w.]+) module", str(exc))
        package = exc.name or (named.group(1) if named else "that Keras asks for")
        raise NNBuilderError(f"{fmt} export needs the package {package}; install it first") from None
    except Exception as exc:
        raise NNBuilderError(f"{fmt} export failed: {first_line(exc)}") from None


def _export(model, path: Path, fmt: str):
    if fmt == "savedmodel":
        model.export(str(path), format="tf_saved_model", verbose=False)
    elif fmt == "tflite":
        import tensorflow as tf

        path.write_bytes(tf.lite.TFLiteConverter.from_keras_model(model).convert())
    else:
        # Keras' ONNX exporter traces a model that has been called once
        samples = sample_inputs(model)
        model(samples[0] if len(samples) == 1 else samples)
        model.export(str(path), format="onnx", verbose=False)
        verify_onnx(model, path, samples)
