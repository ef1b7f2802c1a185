"""One training step as a standalone NumPy script: the course's from-scratch classes (a `Dense` layer,
activations, a loss, an optimizer, each with `forward`/`backward` or `update`), the starting weights and
the batch as literals, and `run()`, which does the forward pass, the backward pass and one update.

The classes are copied from `nnbuilder.verbatim.numpy_step`, the code `nnbuilder.step` computes with, so
the script's numbers are the step view's. The script needs only NumPy; it is `ruff format`-stable at 88
columns, and every name and number from the project is written as a literal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nnbuilder.codegen._format import Expr, Kw, lines, value_expr
from nnbuilder.codegen._literals import number, string
from nnbuilder.codegen._source import definitions
from nnbuilder.document.project import Project
from nnbuilder.verbatim import numpy_step as _step_layers
from nnbuilder.views.one_step import (
    LOGITS_LOSS_CLASSES,
    LOSS_CLASSES,
    OPTIMIZER_ARGS,
    OPTIMIZER_CLASSES,
    StepRecord,
    StepSetup,
    logits_pair,
    step_setup,
)

SOURCE = Path(_step_layers.__file__)
ACTIVATION_CLASSES = {
    "linear": "Linear",
    "relu": "ReLU",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "softmax": "Softmax",
    "leaky_relu": "LeakyReLU",
    "elu": "ELU",
}

HEADER = '''"""One training step of a small dense network, from scratch in NumPy.

Written by nnbuilder from the project named in NETWORK: the forward pass, the loss, the
backward pass and one optimizer update, with the project's starting weights and batch.
Run it to print the loss and the size of each gradient; `run()` returns every number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

EPSILON = 1e-07  # Keras' fuzz factor (keras.config.epsilon())
'''

MAIN = """


if __name__ == "__main__":
    result = run()
    print(f"{NETWORK}: loss {result['loss']:.6f} after step {result['step']}")
    for values in result["layers"]:
        kernel_norm = np.linalg.norm(values["dL_dW"])
        bias_norm = np.linalg.norm(values["dL_db"])
        print(f"{values['node']}: |dL/dW| {kernel_norm:.6g}, |dL/db| {bias_norm:.6g}")
"""


def numpy_step_code(
    project: Project, x: Any, y: Any, weights: Any = None, *, model: Any = None, state: StepRecord | None = None
) -> str:
    """The standalone NumPy script of `nnbuilder.step(project, x, y, ...)`: the same starting weights (from
    `weights`, `model`, `state` or the project built afresh) and batch, the same arithmetic."""
    setup = step_setup(project, x, y, model=model, weights=weights, state=state)
    pair = logits_pair(setup)
    out = [HEADER, "", definitions(SOURCE, _class_names(setup, pair)), ""]
    out.append("NETWORK = " + string(project.name))
    out += _array("X", setup.x)
    y_values = setup.y.astype(int) if setup.loss == "sparse_categorical_crossentropy" else setup.y
    out += _array("Y", y_values)
    out += lines(
        value_expr({node: [w.tolist() for w in pair_] for node, pair_ in setup.weights.items()}), 0, "WEIGHTS = "
    )
    out.append(f"STEP = {setup.iterations}  # the optimizer's steps before this one")
    state = {key: {slot: value.tolist() for slot, value in slots.items()} for key, slots in setup.state.items()}
    out += lines(value_expr(state), 0, "STATE = ")
    out += ["", ""] + _run(setup, pair)
    return "\n".join(out) + MAIN


def _class_names(setup: StepSetup, pair: tuple[str, str] | None) -> tuple[str, ...]:
    """The classes and functions the script needs, as `_step_layers` names them."""
    used = {"Dense", "Activation", "Loss", "Optimizer", "train_step", LOSS_CLASSES[setup.loss]}
    used.add(OPTIMIZER_CLASSES[setup.optimizer["name"]])
    used.update(ACTIVATION_CLASSES[name] for layer in setup.chain.layers for _, name in layer.activations)
    if pair is not None:
        used.update({LOGITS_LOSS_CLASSES[pair], "Softmax" if pair[0] == "softmax" else "Sigmoid"})
    names = [name for name in vars(_step_layers) if name in used]  # in the module's order
    return tuple(names)


def _array(name: str, values: np.ndarray[Any, Any]) -> list[str]:
    return lines(Expr("np.array", [value_expr(values.tolist())]), 0, f"{name} = ")


def _run(setup: StepSetup, pair: tuple[str, str] | None) -> list[str]:
    activations = Expr(
        "",
        [
            Expr("", [ACTIVATION_CLASSES[name] + "()" for _, name in layer.activations], "[", "]")
            for layer in setup.chain.layers
        ],
        "[",
        "]",
    )
    kind = setup.optimizer["name"]
    args = [Kw(f"{key}=", number(setup.optimizer[key])) for key in OPTIMIZER_ARGS[kind]]
    optimizer = Expr(OPTIMIZER_CLASSES[kind], args)
    call_args = ["layers", "activations", "loss", "optimizer", "X", "Y"]
    if pair is not None:
        call_args.append(LOGITS_LOSS_CLASSES[pair] + "()")
    body = [
        "def run() -> dict[str, Any]:",
        '    """One step from WEIGHTS on the batch X, Y: the loss and every layer\'s numbers."""',
        "    layers = [Dense(node, kernel, bias) for node, (kernel, bias) in WEIGHTS.items()]",
        *lines(activations, 1, "activations = "),
        f"    loss = {LOSS_CLASSES[setup.loss]}()",
        *lines(optimizer, 1, "optimizer = "),
        "    optimizer.iterations = STEP",
        "    for key, slots in STATE.items():",
        "        optimizer.state[key] = {name: np.array(v) for name, v in slots.items()}",
        *lines(Expr("train_step", call_args), 1, "return "),
    ]
    return body
