"""Checking a freshly written ONNX file: it must run in ONNX Runtime and answer as the Keras model does.

The converter (tf2onnx under Keras' `model.export`) writes a file even for layers it cannot translate:
an operation ONNX does not know, or constants turned into extra inputs. Such a file is removed and the
refusal names the layer behind it.
"""

from __future__ import annotations

import re
from pathlib import Path

from nnbuilder.errors import NNBuilderError, first_line

ATOL, RTOL = 1e-4, 1e-3  # float32 arithmetic in another order: a little apart, never more


def sample_inputs(model, batch: int = 2) -> list:
    """A fixed input for each of the model's inputs: values in [0, 1), whole numbers for integer inputs."""
    import numpy as np

    rng = np.random.default_rng(0)
    samples = []
    for tensor in model.inputs:
        shape = [batch if d is None else d for d in tensor.shape]
        dtype = np.dtype(tensor.dtype)
        values = rng.integers(0, 2, shape) if dtype.kind in "iub" else rng.random(shape)
        samples.append(values.astype(dtype))
    return samples


def verify_onnx(model, path, samples) -> None:
    """Run the ONNX file at `path` on `samples` and compare with `model`; remove the file and refuse if it
    cannot run or answers differently."""
    path = Path(path)
    try:
        _verify(model, path, samples)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _verify(model, path: Path, samples) -> None:
    import numpy as np
    import onnx
    import onnxruntime

    graph = onnx.load(str(path)).graph
    given = {item.name for item in graph.initializer}
    inputs = [item.name for item in graph.input if item.name not in given]
    extra = inputs[len(model.inputs) :]
    if extra:
        _refuse(model, extra, "the converter turned its constants into extra inputs of the ONNX graph")
    unknown = [node for node in graph.node if node.domain in ("", "ai.onnx") and not onnx.defs.has(node.op_type)]
    if unknown:
        ops = ", ".join(sorted({node.op_type for node in unknown}))
        _refuse(model, [node.name for node in unknown], f"ONNX has no operation for its {ops}")
    try:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        answers = session.run(None, {item.name: value for item, value in zip(session.get_inputs(), samples)})
    except Exception as exc:
        message = first_line(exc)
        _refuse(model, re.findall(r"[\w.]+(?:/[\w.:]+)+", message), f"ONNX Runtime cannot run it ({message})")
    expected = model(samples[0] if len(samples) == 1 else samples, training=False)
    expected = [np.asarray(t) for t in (expected if isinstance(expected, (list, tuple)) else [expected])]
    for index, (want, got) in enumerate(zip(expected, answers)):
        if want.shape != got.shape or not np.allclose(got, want, atol=ATOL, rtol=RTOL):
            gap = float(np.max(np.abs(got - want))) if want.shape == got.shape else None
            found = f"largest difference {gap:.3g}" if gap is not None else f"shape {got.shape}, not {want.shape}"
            raise NNBuilderError(f"onnx export failed: output {index} of the ONNX file differs from Keras ({found})")


def _refuse(model, onnx_names, why: str):
    layers = _layers_named(model, onnx_names)
    if not layers:
        raise NNBuilderError(f"onnx export failed: {why}")
    which = ", ".join(f"{name!r} ({kind})" for name, kind in layers)
    raise NNBuilderError(
        f"onnx export cannot convert layer {which}: {why}; export the model without it, "
        "or choose keras, savedmodel or tflite"
    )


def _layers_named(model, onnx_names) -> list[tuple[str, str]]:
    """(layer name, class) of the layers whose scopes appear in ONNX node or input names, innermost first found.

    tf2onnx keeps TensorFlow's scopes: "model_1/flip_1/stateless_random_uniform/…" lies inside layer "flip".
    """
    found = []
    for onnx_name in onnx_names:
        level, hit = model, None
        for part in re.split(r"[/:]", onnx_name):
            children = {layer.name: layer for layer in getattr(level, "layers", [])}
            layer = children.get(part) or children.get(re.sub(r"_\d+$", "", part))
            if layer is not None:
                level, hit = layer, layer
        if hit is not None and (hit.name, type(hit).__name__) not in found:
            found.append((hit.name, type(hit).__name__))
    return found
