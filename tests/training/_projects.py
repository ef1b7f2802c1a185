"""Tiny projects for training tests (built from dicts, so they stay readable)."""

from __future__ import annotations

from nnbuilder import Project


def _chain(nodes):
    edges = [{"source": a["id"], "target": b["id"], "port": 0} for a, b in zip(nodes, nodes[1:])]
    return {"nodes": [{**n, "pos": [0, 90 * i]} for i, n in enumerate(nodes)], "edges": edges}


def classifier(features=4, classes=3, hidden=8, activation="relu", **training) -> Project:
    """features → Dense(hidden, activation) → softmax(classes)."""
    nodes = [
        {"id": "x", "layer": "Input", "config": {"shape": [features]}},
        {"id": "hidden", "layer": "Dense", "config": {"units": hidden, "activation": activation}},
        {"id": "out", "layer": "Dense", "config": {"units": classes, "activation": "softmax"}},
    ]
    settings = {
        "recipe": "supervised",
        "optimizer": {"name": "adam", "learning_rate": 0.01},
        "loss": "sparse_categorical_crossentropy",
        "metrics": ["accuracy"],
        "epochs": 2,
        "batch_size": 8,
        "validation_split": 0.25,
        "callbacks": [],
        **training,
    }
    return Project.from_dict(
        {
            "format": "nnbuilder",
            "version": 1,
            "name": "tiny classifier",
            "models": {"model": _chain(nodes)},
            "data": {"dataset": "arrays", "options": {}},
            "training": settings,
        }
    )


def autoencoder(side=4, code=3) -> Project:
    nodes = [
        {"id": "x", "layer": "Input", "config": {"shape": [side * side]}},
        {"id": "code", "layer": "Dense", "config": {"units": code, "activation": "relu"}},
        {"id": "out", "layer": "Dense", "config": {"units": side * side, "activation": "sigmoid"}},
    ]
    settings = {
        "recipe": "autoencoder",
        "optimizer": {"name": "adam", "learning_rate": 0.01},
        "loss": "mse",
        "metrics": [],
        "epochs": 1,
        "batch_size": 8,
        "validation_split": 0.0,
        "callbacks": [],
    }
    return Project.from_dict(
        {
            "format": "nnbuilder",
            "version": 1,
            "name": "tiny autoencoder",
            "models": {"autoencoder": _chain(nodes)},
            "data": {"dataset": "arrays", "options": {}},
            "training": settings,
        }
    )


def gan(side=4, latent=2) -> Project:
    generator = [
        {"id": "noise", "layer": "Input", "config": {"shape": [latent]}},
        {"id": "hidden", "layer": "Dense", "config": {"units": 8, "activation": "relu"}},
        {"id": "pixels", "layer": "Dense", "config": {"units": side * side, "activation": "sigmoid"}},
        {"id": "image", "layer": "Reshape", "config": {"target_shape": [side, side, 1]}},
    ]
    discriminator = [
        {"id": "image", "layer": "Input", "config": {"shape": [side, side, 1]}},
        {"id": "flat", "layer": "Flatten", "config": {}},
        {"id": "hidden", "layer": "Dense", "config": {"units": 8, "activation": "relu"}},
        {"id": "real", "layer": "Dense", "config": {"units": 1}},
    ]
    settings = {
        "recipe": "gan",
        "optimizer": {"name": "adam", "learning_rate": 0.001},
        "loss": "binary_crossentropy",
        "metrics": [],
        "epochs": 1,
        "batch_size": 8,
        "validation_split": 0.0,
        "callbacks": [],
    }
    return Project.from_dict(
        {
            "format": "nnbuilder",
            "version": 1,
            "name": "tiny gan",
            "models": {"generator": _chain(generator), "discriminator": _chain(discriminator)},
            "data": {"dataset": "arrays", "options": {}},
            "training": settings,
        }
    )
