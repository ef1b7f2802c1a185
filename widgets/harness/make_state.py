"""Write a harness state file: {graph, node_info, catalog, active_model}.

    python make_state.py mnist_cnn state.json       # a template
    python make_state.py 5000 state-5000.json       # a synthetic graph of N nodes
    python make_state.py dense_after_conv state-warn.json

Run with the project's Python (nnbuilder importable). `ranks` and `choices`
are fabricated when the catalog does not provide them yet.
"""

import json
import sys

import nnbuilder
from nnbuilder.catalog import palette
from nnbuilder.document import setting_choices as _choices
from nnbuilder.document.project import Project

RANKS = {
    "Conv1D": [3],
    "Conv2D": [4],
    "Conv3D": [5],
    "Conv2DTranspose": [4],
    "SeparableConv2D": [4],
    "DepthwiseConv2D": [4],
    "MaxPooling1D": [3],
    "MaxPooling2D": [4],
    "AveragePooling1D": [3],
    "AveragePooling2D": [4],
    "GlobalMaxPooling1D": [3],
    "GlobalMaxPooling2D": [4],
    "GlobalAveragePooling1D": [3],
    "GlobalAveragePooling2D": [4],
    "SimpleRNN": [3],
    "LSTM": [3],
    "GRU": [3],
    "Bidirectional": [3],
    "UpSampling1D": [3],
    "UpSampling2D": [4],
    "ZeroPadding2D": [4],
    "Cropping2D": [4],
    "SpatialDropout2D": [4],
    "Embedding": [2],
}


def catalog():
    cats = palette()
    for cat in cats:
        for layer in cat["layers"]:
            layer.setdefault("ranks", RANKS.get(layer["name"]))
    return {
        "categories": cats,
        "choices": {
            "activation": list(_choices.ACTIVATIONS),
            "initializer": list(_choices.INITIALIZERS),
            "regularizer": list(_choices.REGULARIZERS),
            "constraint": list(_choices.CONSTRAINTS),
        },
    }


def synthetic(n):
    nodes = [{"id": "input", "layer": "Input", "config": {"shape": [32]}, "pos": [0, 0]}]
    edges = []
    per_column = 60
    prev = "input"
    for i in range(1, n):
        col, row = divmod(i, per_column)
        kind = ("Dense", {"units": 32, "activation": "relu"}) if i % 3 else ("Dropout", {"rate": 0.1})
        nid = f"n{i}"
        nodes.append({"id": nid, "layer": kind[0], "config": kind[1], "pos": [col * 260, row * 90]})
        edges.append({"source": prev, "target": nid, "port": 0})
        prev = nid
    return {
        "format": "nnbuilder",
        "version": 1,
        "name": f"synthetic {n}",
        "models": {"model": {"nodes": nodes, "edges": edges}},
    }


def dense_after_conv():
    d = nnbuilder.load_template("mnist_cnn").to_dict()
    m = d["models"]["model"]
    m["nodes"] = [x for x in m["nodes"] if x["id"] not in ("pool2", "flatten")]
    m["edges"] = [
        {"source": a, "target": b, "port": 0}
        for a, b in [
            ("image", "conv1"),
            ("conv1", "pool1"),
            ("pool1", "conv2"),
            ("conv2", "dropout"),
            ("dropout", "digit"),
        ]
    ]
    return d


def main(what, out):
    if what.isdigit():
        doc = synthetic(int(what))
    elif what == "dense_after_conv":
        doc = dense_after_conv()
    else:
        doc = nnbuilder.load_template(what).to_dict()
    project = Project.from_dict(doc)
    info = nnbuilder.check(project).to_dict()
    state = {
        "graph": project.to_dict(),
        "node_info": info,
        "catalog": catalog(),
        "active_model": next(iter(project.to_dict()["models"])),
    }
    with open(out, "w") as fh:
        json.dump(state, fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
