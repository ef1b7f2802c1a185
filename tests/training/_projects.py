"""Tiny projects for training tests: layer chains on user arrays, with readable settings."""

from __future__ import annotations

from nnbuilder import Project
from tests.helpers import chain

BASE = {
    "optimizer": {"name": "adam", "learning_rate": 0.01},
    "metrics": [],
    "epochs": 1,
    "batch_size": 8,
    "validation_split": 0.0,
    "callbacks": [],
}


ARRAYS = {"dataset": "arrays", "options": {}}
DIGITS = {"dataset": "digits", "options": {"flatten": True}}  # scikit-learn's 8x8 digits, offline


def _project(name: str, models: dict, data=ARRAYS, search=None, **training) -> Project:
    """`models`: {model name: (id, layer, config) triples of a chain}; validated like a file."""
    graphs = {model: chain(*layers).graph.to_dict() for model, layers in models.items()}
    document = {
        "format": "nnbuilder",
        "version": 1,
        "name": name,
        "models": graphs,
        "data": data,
        "training": {**BASE, **training},
    }
    if search is not None:
        document["search"] = search
    return Project.from_dict(document)


def classifier(
    features=4, classes=3, hidden=8, activation="relu", *, name="tiny classifier", data=ARRAYS, search=None, **training
) -> Project:
    """features → Dense(hidden, activation) → softmax(classes)."""
    layers = [
        ("x", "Input", {"shape": [features]}),
        ("hidden", "Dense", {"units": hidden, "activation": activation}),
        ("out", "Dense", {"units": classes, "activation": "softmax"}),
    ]
    settings = {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "epochs": 2}
    settings = {**settings, "validation_split": 0.25, **training}
    return _project(name, {"model": layers}, data, search, recipe="supervised", **settings)


def digits_mlp(name="Digits MLP", hidden=16, search=None, **training) -> Project:
    """64 pixels → Dense(hidden, relu) → softmax(10) on the offline digits: batches of 64, a fifth held out."""
    settings = {"batch_size": 64, "validation_split": 0.2, **training}
    return classifier(64, 10, hidden, name=name, data=DIGITS, search=search, **settings)


def autoencoder(side=4, code=3) -> Project:
    layers = [
        ("x", "Input", {"shape": [side * side]}),
        ("code", "Dense", {"units": code, "activation": "relu"}),
        ("out", "Dense", {"units": side * side, "activation": "sigmoid"}),
    ]
    return _project("tiny autoencoder", {"autoencoder": layers}, recipe="autoencoder", loss="mse")


def gan(side=4, latent=2) -> Project:
    generator = [
        ("noise", "Input", {"shape": [latent]}),
        ("hidden", "Dense", {"units": 8, "activation": "relu"}),
        ("pixels", "Dense", {"units": side * side, "activation": "sigmoid"}),
        ("image", "Reshape", {"target_shape": [side, side, 1]}),
    ]
    discriminator = [
        ("image", "Input", {"shape": [side, side, 1]}),
        ("flat", "Flatten", {}),
        ("hidden", "Dense", {"units": 8, "activation": "relu"}),
        ("real", "Dense", {"units": 1}),
    ]
    models = {"generator": generator, "discriminator": discriminator}
    optimizer = {"name": "adam", "learning_rate": 0.001}
    return _project("tiny gan", models, recipe="gan", loss="binary_crossentropy", optimizer=optimizer)
