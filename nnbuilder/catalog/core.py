"""Core layers: Input, Dense, Embedding."""

from __future__ import annotations

from nnbuilder.catalog import _common as c
from nnbuilder.catalog._shapes import expect_min_rank, flatten_fixes, fmt
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, LayerSpec, Shape
from nnbuilder.document.params import Param

DTYPES = (
    "float32",
    "float16",
    "bfloat16",
    "float64",
    "int32",
    "int64",
    "uint8",
    "bool",
    "string",
)


def _input(cfg: Config, inputs: list[Shape]) -> Inferred:
    shape = cfg.get("shape")
    if shape is None:
        raise LayerProblem(
            "missing_shape",
            "Input has no shape: set the shape of one sample, e.g. [28, 28, 1] for MNIST images",
            expected="a shape such as [784] or [28, 28, 1]",
            found="no shape",
            param="shape",
        )
    return Inferred((cfg.get("batch_size"), *shape))


def _dense(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    expect_min_rank("Dense", shape, 2)
    warnings: tuple[LayerProblem, ...] = ()
    if len(shape) > 3:
        warnings = (
            LayerProblem(
                "rank",
                f"Dense expects a vector (batch, features) but gets a feature map {fmt(shape)}; "
                "it would be applied to each position separately",
                expected="a vector (batch, features)",
                found=fmt(shape),
                port=0,
                fixes=flatten_fixes(shape),
                severity="warning",
            ),
        )
    units = cfg["units"]
    fan_in = shape[-1]
    if fan_in is None:
        raise LayerProblem(
            "unknown_size",
            f"Dense needs the last axis of its input to be known, got {fmt(shape)}",
            expected="a known number of input features",
            found=fmt(shape),
            port=0,
        )
    params = fan_in * units + (units if cfg["use_bias"] else 0)
    return Inferred((*shape[:-1], units), params, warnings=warnings)


def _embedding(cfg: Config, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if len(shape) < 1:
        raise LayerProblem("rank", "Embedding needs a batch of token indices", port=0)
    return Inferred((*shape, cfg["output_dim"]), cfg["input_dim"] * cfg["output_dim"])


SPECS = [
    LayerSpec(
        "Input",
        "core",
        "Input",
        (0, 0),
        (
            Param(
                "shape",
                "shape",
                None,
                nullable=True,
                key=True,
                help="Shape of one sample, without the batch axis (null for a free size).",
            ),
            Param(
                "batch_size",
                "int",
                None,
                nullable=True,
                min=1,
                advanced=True,
                help="Fixed batch size; usually left empty.",
            ),
            Param(
                "dtype",
                "choice",
                None,
                choices=DTYPES,
                nullable=True,
                advanced=True,
                help="Data type of the input; empty means float32.",
            ),
        ),
        "Entry point of the network: declares the shape of one sample.",
        "网络的入口：声明单个样本的形状。",
        _input,
        starter={"shape": [784]},
    ),
    LayerSpec(
        "Dense",
        "core",
        "Dense",
        (1, 1),
        (
            Param("units", "int", min=1, key=True, help="Number of output neurons."),
            c.activation(),
            c.use_bias(),
            *c.weights("kernel", "glorot_uniform"),
            *c.weights("bias", "zeros"),
            c.activity_regularizer(),
        ),
        "Fully connected layer: every output is a weighted sum of all inputs.",
        "全连接层：每个输出都是所有输入的加权和。",
        _dense,
        starter={"units": 64, "activation": "relu"},
        sample_inputs=((None, 32),),
    ),
    LayerSpec(
        "Embedding",
        "core",
        "Embedding",
        (1, 1),
        (
            Param(
                "input_dim",
                "int",
                min=1,
                key=True,
                help="Vocabulary size: largest index + 1.",
            ),
            Param(
                "output_dim",
                "int",
                min=1,
                key=True,
                help="Length of each embedding vector.",
            ),
            *c.weights("embeddings", "uniform"),
            c.activity_regularizer(),
            Param(
                "mask_zero",
                "bool",
                False,
                help="Treat index 0 as padding to be masked.",
            ),
        ),
        "Maps integer token indices to learned dense vectors.",
        "把整数词索引映射为可学习的稠密向量。",
        _embedding,
        starter={"input_dim": 10000, "output_dim": 64},
        sample_inputs=((None, 100),),
    ),
]
