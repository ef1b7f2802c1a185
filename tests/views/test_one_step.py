"""One training step in numbers: gradients against Keras' own (GradientTape, float64) and central finite
differences, updates against Keras' optimizers, the record's shape, and the refusals."""

import json

import numpy as np
import pytest

from nnbuilder.document.project import Project
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.template_library import load_template
from nnbuilder.verbatim import numpy_step as layers_
from nnbuilder.views.one_step import StepRecord, step, step_setup

GRADIENTS = ("dL_dW", "dL_db")


def chain_project(nodes, loss="mse", optimizer=None, name="step"):
    """A one-model project whose nodes (id, layer, config) form a chain, in order."""
    edges = [{"source": a[0], "target": b[0], "port": 0} for a, b in zip(nodes, nodes[1:])]
    model = {"nodes": [{"id": i, "layer": layer, "config": config, "pos": [0, 90 * k]}
                       for k, (i, layer, config) in enumerate(nodes)], "edges": edges}  # fmt: skip
    training = {"loss": loss, "optimizer": optimizer or {"name": "sgd", "learning_rate": 0.1}, "metrics": []}
    return Project.from_dict(
        {"format": "nnbuilder", "version": 2, "name": name, "models": {"model": model}, "training": training}
    )


def classifier(optimizer=None, loss="sparse_categorical_crossentropy"):
    """A softmax classifier: 4 inputs, a tanh hidden layer of 6, 3 classes."""
    nodes = [
        ("x", "Input", {"shape": [4]}),
        ("hidden", "Dense", {"units": 6, "activation": "tanh"}),
        ("classes", "Dense", {"units": 3, "activation": "softmax"}),
    ]
    return chain_project(nodes, loss, optimizer)


def random_weights(project, seed=0):
    setup_chain = step_setup(project, np.zeros(_width(project)), _dummy_y(project)).chain
    rng = np.random.default_rng(seed)
    return {
        layer.node: [rng.normal(0, 0.6, (layer.inputs, layer.units)), rng.normal(0, 0.3, layer.units)]
        for layer in setup_chain.layers
    }


def _width(project):
    return project.graph.nodes[0].config["shape"][0]


def _dummy_y(project):
    last = [n.config["units"] for n in project.graph.nodes if "units" in n.config][-1]
    if project.training["loss"] == "sparse_categorical_crossentropy":
        return 0
    return np.zeros(last)


def batch(project, size=5, seed=1):
    """A batch x, y of the right shapes for the project's last layer and loss."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(size, _width(project)))
    units = step_setup(project, x[0], _dummy_y(project)).chain.layers[-1].units
    loss = project.training["loss"]
    if loss == "sparse_categorical_crossentropy":
        return x, rng.integers(0, units, size)
    if loss == "categorical_crossentropy":
        return x, np.eye(units)[rng.integers(0, units, size)]
    if loss == "binary_crossentropy":
        return x, rng.integers(0, 2, (size, units)).astype(float)
    return x, rng.normal(size=(size, units))


def relative(a, b):
    """Relative error of `a` against the reference `b`, over the whole tensor."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(np.linalg.norm(b), 1e-12)
    return float(np.linalg.norm(a - b) / scale)


# ---------------------------------------------------------------------- Keras, in float64
@pytest.fixture(scope="module")
def keras64():
    """Keras with float64 as its default float type and dtype policy (a policy set earlier in the process
    would win over floatx), both restored afterwards."""
    import keras

    before, policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield keras
    keras.config.set_dtype_policy(policy)
    keras.config.set_floatx(before)


def keras_steps(keras, project, weights, batches):
    """Keras' loss, gradients and weights after each step of `batches`, from `weights`, all in float64.

    The model is the project built by nnbuilder; the loss and optimizer are the project's, made as a
    training run makes them; each step is GradientTape + `optimizer.apply_gradients`."""
    import tensorflow as tf

    from nnbuilder.bridge.to_keras import build
    from nnbuilder.training.compile import make_loss, make_optimizer

    model = build(project)
    dense = [layer for layer in model.layers if layer.trainable_weights]
    for layer in dense:
        assert layer.kernel.dtype == "float64"
        layer.set_weights(weights[layer.name])
    variables = [v for layer in dense for v in layer.trainable_weights]
    loss_fn, optimizer = make_loss(project), make_optimizer(project)
    out = []
    for x, y in batches:
        start = {layer.name: [np.asarray(w) for w in layer.get_weights()] for layer in dense}
        setup = step_setup(project, x, y, weights=weights)
        target = setup.y.astype(int) if project.training["loss"] == "sparse_categorical_crossentropy" else setup.y
        with tf.GradientTape() as tape:
            loss = loss_fn(target, model(setup.x, training=False))
        gradients = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(gradients, variables))
        by_node = {layer.name: [np.asarray(g) for g in gradients[2 * i : 2 * i + 2]] for i, layer in enumerate(dense)}
        after = {layer.name: [np.asarray(w) for w in layer.get_weights()] for layer in dense}
        out.append({"loss": float(loss), "gradients": by_node, "start": start, "weights": after})
    return out


def finite_differences(project, weights, x, y, h=1e-6):
    """Central differences of the loss (computed forward only) with respect to every weight."""
    setup = step_setup(project, x, y, weights=weights)
    from nnbuilder.views.one_step import LOGITS_LOSS_CLASSES, LOSS_CLASSES, _activation, logits_pair

    pair = logits_pair(setup)
    loss = getattr(layers_, LOGITS_LOSS_CLASSES[pair] if pair else LOSS_CLASSES[setup.loss])()

    def value(current):
        a = setup.x
        for layer in setup.chain.layers:
            a = layers_.Dense(layer.node, *current[layer.node]).forward(a)
            functions = [_activation(name) for _, name in layer.activations]
            if pair and layer is setup.chain.layers[-1]:
                functions = functions[:-1]  # the loss takes the logits
            for function in functions:
                a = function.forward(a)
        return float(np.mean(loss.forward(a, setup.y)))

    out = {}
    for node, pair_ in weights.items():
        out[node] = []
        for index, array in enumerate(pair_):
            grad = np.zeros_like(array)
            for position in np.ndindex(array.shape):
                plus = {k: [w.copy() for w in v] for k, v in weights.items()}
                minus = {k: [w.copy() for w in v] for k, v in weights.items()}
                plus[node][index][position] += h
                minus[node][index][position] -= h
                grad[position] = (value(plus) - value(minus)) / (2 * h)
            out[node].append(grad)
    return out


def assert_gradients_match(record, reference, limit=1e-4):
    worst = 0.0
    for layer in record.layers:
        for name, ref in zip(GRADIENTS, reference[layer.node]):
            error = relative(getattr(layer, name), ref)
            assert error < limit, f"{layer.node} {name}: relative error {error:.2e}"
            worst = max(worst, error)
    return worst


# ---------------------------------------------------------------------- gradients
def test_course_network_matches_keras_and_finite_differences(keras64):
    project = load_template("feedforward")
    widths = [(n.config.get("shape") or [n.config.get("units")])[0] for n in project.graph.nodes]
    assert widths == [10, 20, 15, 1]  # the course's [10, 20, 15, 1] network
    weights = random_weights(project)
    x, y = batch(project, size=8)
    record = step(project, x, y, weights=weights)
    assert record.loss == "binary_crossentropy" and record.from_logits
    keras = keras_steps(keras64, project, weights, [(x, y)])[0]
    assert relative(record.loss_value, keras["loss"]) < 1e-10
    worst_keras = assert_gradients_match(record, keras["gradients"])
    worst_fd = assert_gradients_match(record, finite_differences(project, weights, x, y))
    print(f"feedforward: worst relative error vs Keras {worst_keras:.1e}, vs finite differences {worst_fd:.1e}")


@pytest.mark.parametrize(
    "hidden, last, loss",
    [
        ("tanh", "softmax", "sparse_categorical_crossentropy"),
        ("relu", "softmax", "categorical_crossentropy"),
        ("leaky_relu", "linear", "mse"),
        ("elu", "linear", "mae"),
        ("sigmoid", "sigmoid", "binary_crossentropy"),
        ("relu", "relu", "binary_crossentropy"),  # probabilities that are not a sigmoid's: clipped, as Keras does
        ("tanh", "sigmoid", "mse"),
    ],
)
def test_losses_and_activations_match_keras_and_finite_differences(keras64, hidden, last, loss):
    units = 1 if loss == "binary_crossentropy" and last == "relu" else 3
    nodes = [
        ("x", "Input", {"shape": [4]}),
        ("hidden", "Dense", {"units": 5, "activation": hidden}),
        ("drop", "Dropout", {"rate": 0.5}),
        ("out", "Dense", {"units": units}),
        ("act", "Activation", {"activation": last}),
    ]
    project = chain_project(nodes, loss)
    weights = random_weights(project, seed=3)
    x, y = batch(project)
    if last == "relu":
        weights["out"][1][:] = 0.3  # keep the output inside (0, 1) for the first examples
        y = y * 0 + 1
    record = step(project, x, y, weights=weights)
    keras = keras_steps(keras64, project, weights, [(x, y)])[0]
    assert relative(record.loss_value, keras["loss"]) < 1e-6
    worst_keras = assert_gradients_match(record, keras["gradients"])
    worst_fd = assert_gradients_match(record, finite_differences(project, weights, x, y))
    print(
        f"{hidden}/{last}/{loss}: worst relative error vs Keras {worst_keras:.1e}, vs finite differences {worst_fd:.1e}"
    )
    assert [node for node, _ in record.layers[0].dropouts] == ["drop"]
    assert any("drop" in note["en"] and "drop" in note["zh"] for note in record.notes)


def test_backward_pass_is_consistent_layer_by_layer():
    project = classifier()
    x, y = batch(project)
    record = step(project, x, y, weights=random_weights(project))
    first, last = record.layers
    np.testing.assert_allclose(last.a_prev, first.a)
    np.testing.assert_allclose(first.z, first.a_prev @ first.W + first.b)
    np.testing.assert_allclose(last.dL_dW, last.a_prev.T @ last.dL_dz)
    np.testing.assert_allclose(first.dL_da, last.dL_dz @ last.W.T)
    np.testing.assert_allclose(first.dL_dz, first.dL_da * (1 - first.a**2))  # tanh
    onehot = np.eye(3)[y]
    np.testing.assert_allclose(last.dL_dz, (last.a - onehot) / len(x))
    np.testing.assert_allclose(record.per_example_loss, -np.log(last.a[np.arange(len(y)), y]))


@pytest.mark.parametrize("loss", ["categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_the_cross_entropy_slope_formula_is_the_one_computed(loss):
    """Keras divides probabilities by their sum: the formula shown says so, and its numbers are the record's
    (a sigmoid output, whose values do not sum to one, is where the term shows)."""
    nodes = [("x", "Input", {"shape": [4]}), ("out", "Dense", {"units": 3, "activation": "sigmoid"})]
    project = chain_project(nodes, loss)
    x, y = batch(project)
    record = step(project, x, y, weights=random_weights(project, seed=5))
    last = record.layers[-1]
    onehot = np.eye(3)[y] if loss.startswith("sparse") else y
    total = last.a.sum(axis=1, keepdims=True)
    expected = (onehot.sum(axis=1, keepdims=True) / total - onehot / last.a) / len(x)
    np.testing.assert_allclose(last.dL_da, expected, rtol=1e-9)
    assert "Σ_j a_j" in record.formulas["dL_da"], record.formulas


# ---------------------------------------------------------------------- updates
OPTIMIZERS = [
    {"name": "sgd", "learning_rate": 0.1},
    {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9},
    {"name": "sgd", "learning_rate": 0.05, "momentum": 0.875, "nesterov": True},
    {"name": "adam", "learning_rate": 0.01},
    {"name": "adam", "learning_rate": 0.02, "beta_1": 0.75, "beta_2": 0.9990234375, "epsilon": 1e-5},
    {"name": "rmsprop", "learning_rate": 0.01},
    {"name": "rmsprop", "learning_rate": 0.01, "momentum": 0.5, "centered": True},
]


def keras_precision(project):
    """(limit for the updates, limit for the new weights): Keras' TensorFlow backend turns a Python-float
    momentum, beta_1 and beta_2 into float32 before casting them to the weights' float64 (0.999 is
    0.99900001 there, which moves Adam's first update by 6.4e-6), so only settings that float32 holds
    exactly give the same numbers to the last digits."""
    optimizer = normalize_training(project.training)["optimizer"]
    factors = [v for k, v in optimizer.items() if k in ("momentum", "beta_1", "beta_2")]
    return (1e-10, 1e-12) if all(float(np.float32(v)) == v for v in factors) else (1e-4, 1e-6)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: "-".join(f"{v}" for v in o.values()))
def test_two_updates_match_keras_optimizers(keras64, optimizer):
    project = classifier(optimizer)
    weights = random_weights(project, seed=5)
    batches = [batch(project, seed=11), batch(project, seed=12)]
    keras = keras_steps(keras64, project, weights, batches)
    first = step(project, *batches[0], weights=weights)
    second = step(project, *batches[1], state=first)
    assert (first.iterations, second.iterations) == (1, 2)
    update_limit, limit = keras_precision(project)
    for record, reference in zip((first, second), keras):
        assert relative(record.loss_value, reference["loss"]) < (1e-10 if record is first else 100 * limit)
        assert_gradients_match(record, reference["gradients"])
        for layer in record.layers:
            kernel, bias = reference["weights"][layer.node]
            assert relative(layer.new_W, kernel) < limit and relative(layer.new_b, bias) < limit
            # the update itself, which is small beside the weights, matches too
            start_kernel, start_bias = reference["start"][layer.node]
            update_error = relative(layer.delta_W, kernel - start_kernel)
            assert update_error < update_limit and relative(layer.delta_b, bias - start_bias) < update_limit
            print(f"{optimizer}: {layer.node} update relative error vs Keras {update_error:.1e}")
            np.testing.assert_allclose(layer.new_W, layer.W + layer.delta_W)
    if optimizer["name"] == "adam":
        layer = second.layers[0]
        m, v = layer.state["m"][0], layer.state["v"][0]
        beta_1, beta_2 = optimizer.get("beta_1", 0.9), optimizer.get("beta_2", 0.999)
        np.testing.assert_allclose(layer.state["m_hat"][0], m / (1 - beta_1**2))
        np.testing.assert_allclose(layer.state["v_hat"][0], v / (1 - beta_2**2))
        assert set(layer.state) == {"m", "v", "m_hat", "v_hat"} and v.shape == layer.W.shape
    if optimizer.get("momentum") and optimizer["name"] == "sgd":
        assert set(second.layers[0].state) == {"velocity"}


def test_adam_first_step_by_hand():
    project = classifier({"name": "adam", "learning_rate": 0.01})
    x, y = batch(project)
    record = step(project, x, y, weights=random_weights(project))
    layer = record.layers[1]
    g = layer.dL_dW
    np.testing.assert_allclose(layer.state["m"][0], 0.1 * g)
    np.testing.assert_allclose(layer.state["v"][0], 0.001 * g**2)
    np.testing.assert_allclose(layer.state["m_hat"][0], g)
    np.testing.assert_allclose(layer.state["v_hat"][0], g**2)
    np.testing.assert_allclose(
        layer.delta_W, -0.01 * np.sqrt(0.001) / 0.1 * 0.1 * g / (np.sqrt(0.001) * np.abs(g) + 1e-7)
    )
    assert record.formulas["m"] == "m = β1·m + (1−β1)·g"


# ---------------------------------------------------------------------- starting weights, record
def test_starting_weights_from_a_built_model_or_the_project(keras64):
    from nnbuilder.bridge.to_keras import build

    project = classifier()
    model = build(project)
    x, y = batch(project)
    record = step(project, x, y, model=model)
    for layer in record.layers:
        kernel, bias = model.get_layer(layer.node).get_weights()
        np.testing.assert_array_equal(layer.W, kernel)
        np.testing.assert_array_equal(layer.b, bias)
    fresh = step(project, x, y)  # built afresh: Keras' initial weights, of the right shapes
    assert [layer.W.shape for layer in fresh.layers] == [(4, 6), (6, 3)]
    assert not np.array_equal(fresh.layers[0].W, 0) and np.array_equal(fresh.layers[0].b, np.zeros(6))


def test_record_is_plain_json_with_formulas_and_notes_in_both_languages():
    project = classifier({"name": "adam"})
    x, y = batch(project)
    record = step(project, x[0], y[0], weights=random_weights(project))  # one example, 1-D
    data = json.loads(json.dumps(record.to_dict()))
    assert data["loss"]["name"] == "sparse_categorical_crossentropy" and len(data["loss"]["per_example"]) == 1
    layer = data["layers"][1]
    assert layer["node"] == "classes" and np.shape(layer["dL_dW"]) == (6, 3) and np.shape(layer["z"]) == (1, 3)
    assert layer["formulas"]["z"] == "z = a_prev · W + b" and layer["formulas"]["dL_dW"] == "∂L/∂W = a_prevᵀ · δ"
    assert set(layer["state"]) == {"m", "v", "m_hat", "v_hat"}
    assert data["optimizer"] == {"name": "adam", "settings": data["optimizer"]["settings"], "iterations": 1}
    assert data["optimizer"]["settings"]["beta_1"] == 0.9
    for note in data["notes"]:
        assert set(note) == {"en", "zh"} and note["en"] != note["zh"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in note["zh"])
    assert isinstance(record, StepRecord)
