"""Fixtures of rules the browser repeats, written by running the Python that owns each rule.

`python -m tests.shared_fixtures` writes widgets/test/python-fixtures/*.json; the vitest suites
assert that the TypeScript gives the same answers, and tests/test_shared_fixtures.py that the
committed files equal a fresh run, so neither side can drift from the other unnoticed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import nnbuilder  # noqa: F401  (hands the document its layer rules)
from tests.edge_fixtures import edge_identity

FOLDER = Path(__file__).resolve().parents[1] / "widgets" / "test" / "python-fixtures"


def _graph(nodes, edges=(), **lists):
    from nnbuilder.document.project import Graph

    data = {"nodes": list(nodes), "edges": [{"source": s, "target": t, "port": p} for s, t, p in edges], **lists}
    return Graph.from_dict(data)


def _node(node_id, layer, config=None, pos=(0, 0), **more):
    return {"id": node_id, "layer": layer, "config": dict(config or {}), "pos": list(pos), **more}


def delete_nodes() -> list:
    """Nodes deleted one after another by the fixes' `remove_node`, shared layers handed over."""
    from nnbuilder.checking.fixes import remove_node

    dense = {"units": 8, "activation": "relu", "use_bias": False}
    twins = [
        _node("a", "Input", {"shape": [4]}),
        _node("b", "Input", {"shape": [4]}, (200, 0)),
        _node("c", "Input", {"shape": [4]}, (400, 0)),
        _node("shared", "Dense", dense, (0, 90), label="the layer"),
        _node("again", "Dense", {}, (200, 90), shares="shared", label="second call"),
        _node("third", "Dense", {}, (400, 90), shares="shared"),
        _node("join", "Add", {}, (200, 180)),
    ]
    twin_edges = [
        ("a", "shared", 0),
        ("b", "again", 0),
        ("c", "third", 0),
        ("shared", "join", 0),
        ("again", "join", 1),
        ("third", "join", 2),
    ]
    chain = [_node("x", "Input", {"shape": [3]}), _node("h", "Dense", {"units": 2}), _node("y", "Dense", {"units": 1})]
    cases = [
        (
            "the owner of a layer another node shares",
            twins[:5] + twins[6:],
            twin_edges[:2] + twin_edges[3:5],
            ["shared"],
        ),
        ("the owner of a layer two nodes share", twins, twin_edges, ["shared"]),
        ("a node that shares a layer", twins, twin_edges, ["third"]),
        ("the owner and then its heir", twins, twin_edges, ["shared", "again"]),
        ("the heir and then the owner", twins, twin_edges, ["again", "shared"]),
        ("a node named in the input and output lists", chain, [("x", "h", 0), ("h", "y", 0)], ["h", "y"]),
        ("a node that is not there", chain, [("x", "h", 0)], ["missing"]),
    ]
    out = []
    for name, nodes, edges, gone in cases:
        lists = {"inputs": ["x"], "outputs": ["y", "h"]} if nodes is chain else {}
        graph = _graph(nodes, edges, **lists)
        before = graph.to_dict()
        for node_id in gone:
            node = graph.node(node_id)
            if node is not None:
                remove_node(graph, node)
        out.append({"case": name, "before": before, "delete": gone, "after": graph.to_dict()})
    return out


def node_ids() -> list:
    """Fresh node ids from `Graph.new_id`, for the ids already taken."""
    cases = [
        ("Dense", []),
        ("Dense", ["dense"]),
        ("Dense", ["dense", "dense_1"]),
        ("Dense", ["dense", "dense_2"]),
        ("Conv2D", ["conv2d", "dense"]),
        ("a-b c", []),
        ("conv1", ["conv1"]),
        ("", []),
        ("Dichte_Schicht_é", []),
        ("层", ["_"]),
        ("dense_", ["dense_"]),
    ]
    out = []
    for base, taken in cases:
        graph = _graph([_node(t, "Dense") for t in taken])
        out.append({"base": base, "taken": taken, "id": graph.new_id(base)})
    return out


def shape_text() -> list:
    """Shapes as every text of nnbuilder writes them (Keras' form), from `catalog._shapes.fmt`."""
    from nnbuilder.catalog._shapes import fmt

    shapes = [[None, 28, 28, 1], [None, 5], [5], [None], [], [None, None, 3], [2, 3]]
    return [{"shape": shape, "text": fmt(shape)} for shape in shapes]


def category_colors() -> dict:
    """The colour of each catalog category, as the template pictures draw them."""
    from nnbuilder.template_library.picture import CATEGORY_COLORS

    return dict(CATEGORY_COLORS)


def operations() -> dict:
    """The palette's operations as the catalog payload sends them (names in order, each op's arguments and help)."""
    from nnbuilder.ui._catalog import operations_payload

    payload = operations_payload()
    return {**payload, "specs": {name: payload["specs"][name] for name in payload["palette"]}}


def end_reasons() -> list:
    """The trainer's end events (reason, values and English sentence) for each way a run ends."""
    from nnbuilder.training.trainer import Trainer

    cases = [
        ("stopped within an epoch", {"epoch": 1, "target_epochs": 3, "stop": True, "last_kind": "batch"}),
        ("stopped between epochs", {"epoch": 2, "target_epochs": 3, "stop": True, "last_kind": "epoch"}),
        ("stopped before any epoch", {"epoch": 0, "target_epochs": 3, "stop": True, "last_kind": "start"}),
        ("early stopping", {"epoch": 3, "target_epochs": 10, "stop": False, "last_kind": "epoch"}),
        ("finished", {"epoch": 5, "target_epochs": 5, "stop": False, "last_kind": "epoch"}),
        ("finished one epoch", {"epoch": 1, "target_epochs": 1, "stop": False, "last_kind": "epoch"}),
        (
            "finished with a checkpoint",
            {"epoch": 1, "target_epochs": 1, "stop": False, "last_kind": "epoch", "checkpoint_dir": "/tmp/nnb-ckpt"},
        ),
        (
            "the loss became NaN",
            {"epoch": 1, "target_epochs": 5, "stop": False, "last_kind": "batch", "nan": [0, 7, "nan"], "lr": 100.0},
        ),
        (
            "the loss became infinite, with a checkpoint",
            {
                "epoch": 2,
                "target_epochs": 5,
                "stop": False,
                "last_kind": "batch",
                "nan": [2, 3, "inf"],
                "lr": 1e-05,
                "checkpoint_dir": "/tmp/nnb-ckpt",
            },
        ),
    ]
    out = []
    for name, t in cases:
        nan = t.get("nan")
        stand_in = SimpleNamespace(
            epoch=t["epoch"],
            target_epochs=t["target_epochs"],
            stop_requested=lambda t=t: t["stop"],
            last_event={"kind": t["last_kind"]},
            nan_seen=nan is not None,
            _nan_where=(nan[0], nan[1], float(nan[2])) if nan else None,
            training={
                "optimizer": {"name": "adam", "learning_rate": t.get("lr", 0.001)},
                "callbacks": [{"name": "model_checkpoint"}] if t.get("checkpoint_dir") else [],
            },
            checkpoint_dir=t.get("checkpoint_dir"),
            kept_in=None,
            history={},
        )
        event = Trainer._end_event(stand_in)
        out.append({"case": name, "reason": event["reason"], "values": event["values"], "message": event["message"]})
    return out


_OBJECT = {"class_name": "Constant", "config": {"value": 2.0}}
PARAM_VALUE_CASES = [  # (layer, argument, values tried)
    ("Dense", "units", [3, 0, -1, 2.5, "abc", "", "NaN", True, None, [3]]),
    ("Conv2D", "groups", [1, 0]),
    ("LSTM", "seed", [0, -1, None, 1.5]),
    ("Input", "batch_size", [None, 0, 32]),
    ("Dropout", "rate", [0.5, 0, 1, -0.1, "abc", "NaN", "Infinity", True, None]),
    ("BatchNormalization", "momentum", [1, 1.5, 0.99]),
    ("BatchNormalization", "epsilon", [0, 1e-05, -1]),
    ("ReLU", "negative_slope", [-1, 0]),
    ("ReLU", "max_value", [None, -0.5, 6]),
    ("ELU", "alpha", [-3.5, "x", None]),
    ("Rescaling", "scale", [3, 0.00392156862745098, "1/255"]),
    ("Dense", "use_bias", [True, False, "yes", 1, None]),
    ("MultiHeadAttention", "flash_attention", [None, "no"]),
    ("Conv2D", "padding", ["same", "full", "", None, "SAME"]),
    ("LSTM", "use_cudnn", ["auto", True, "true", 1, 2]),
    ("Conv2D", "data_format", [None, "channels_last", "channels_middle"]),
    ("Bidirectional", "merge_mode", [None, "concat", "max"]),
    ("Conv2D", "kernel_size", [[3, 3], 3, [3, 3, 3], [0, 3], [], "3", [3, 2.5], [True, 1], None]),
    ("Conv1D", "strides", [[2], 2, [1, 1], -2]),
    ("Conv2DTranspose", "output_padding", [None, [0, 1], [-1, 0], 0]),
    ("MultiHeadAttention", "output_shape", [[8, 4], 8, [], [0]]),
    ("Softmax", "axis", [-1, [1, 2], [], "a", 1.5, None]),
    ("PReLU", "shared_axes", [None, [1, 2], [1, "2"]]),
    ("Dot", "axes", [[1, 1], 1]),
    ("Input", "shape", [[28, 28, 1], [None, 3], [], [0], [-1], 5, "28", [2.5], None]),
    ("Reshape", "target_shape", [[-1, 4], [-2], [7, 4], None, [4, "x"]]),
    ("Dropout", "noise_shape", [None, [None, 1], [0, 1]]),
    ("Dense", "activation", ["relu", "relux", "", 3, None, "RELU"]),
    ("Activation", "activation", ["softmax", None]),
    (
        "Dense",
        "kernel_initializer",
        [
            "glorot_uniform",
            "GlorotUniform",
            "constant",
            _OBJECT,
            {"class_name": "Constant", "config": {"values": 2.0}},
            {"class_name": "Zeros"},
            {"class_name": "Zeros", "config": {"a": 1}},
            {"class_name": "Constant", "config": {"value": True}},
            {"class_name": "Constant", "config": {"value": -3.5}},
            {"class_name": "RandomNormal", "config": {"seed": 1.5}},
            {"class_name": "RandomNormal", "config": {"seed": None, "stddev": 0.25}},
            {"class_name": "Nope", "config": {}},
            {"class_name": "Zeros", "config": [], "module": "keras.initializers"},
            {"class_name": "Zeros", "extra": 1},
            "nope",
            3,
            None,
        ],
    ),
    (
        "Dense",
        "kernel_regularizer",
        [
            "l2",
            "L2",
            "l1_l2",
            {"class_name": "L1L2", "config": {"l1": 0.1}},
            {"class_name": "L2", "config": {"l3": 1}},
            {"class_name": "L2", "config": {"l2": -0.5}},
            {"class_name": "L1L2", "config": {"l1": 0, "l2": "0.1"}},
            {"class_name": "OrthogonalRegularizer", "config": {"mode": 1}},
            {"class_name": "OrthogonalRegularizer", "config": {"factor": 0.5, "mode": "columns"}},
            "l3",
            None,
        ],
    ),
    (
        "Dense",
        "kernel_constraint",
        [
            "non_neg",
            "max_norm",
            "nonneg",
            {"class_name": "MaxNorm", "config": {"max_value": 3}},
            {"class_name": "MaxNorm", "config": {"axis": [0, 1]}},
            {"class_name": "MaxNorm", "config": {"axis": "0"}},
            None,
            ["non_neg"],
        ],
    ),
    (
        "Bidirectional",
        "layer",
        [
            {"class_name": "LSTM", "config": {"units": 32}},
            {"class_name": "LSTM"},
            {"class_name": "not valid"},
            {"class_name": "class"},
            {"class_name": "LSTM", "config": None},
            {"class_name": "LSTM", "config": {"for": 1}},
            {"class_name": "LSTM", "config": {"2x": 1}},
            [1],
            "LSTM",
            None,
        ],
    ),
    ("Bidirectional", "backward_layer", [None, {"class_name": "GRU", "config": {"units": 4, "go_backwards": True}}]),
    ("RandomRotation", "factor", [0.2, [0.1, 0.2], "x", None]),
]


# Real training settings (nnbuilder.document.training_choices): a FIELDS name, or "optimizer.<name>.<param>",
# "schedule.<name>.<param>", "callbacks.<name>.<param>" for the parameters of one choice.
TRAINING_VALUE_CASES = [
    ("epochs", [5, 1, 0, -3, 2.5, "10", True, None]),
    ("batch_size", [128, 0, "32", None]),
    ("validation_split", [0.1, 0, 0.99, 1, -0.1, "0.2", None]),
    ("seed", [None, 0, 4294967295, 4294967296, -1, 1.5, "7"]),
    ("test_each_epoch", [True, False, "yes", 0, None]),
    ("optimizer.adam.learning_rate", [0.001, 1e-05, 0, -0.01, "fast", None]),
    ("optimizer.adam.beta_1", [0.9, 0, 1, -0.5]),
    ("optimizer.adamw.weight_decay", [0.004, 0, None, -0.1, "x"]),
    ("optimizer.sgd.nesterov", [False, "true"]),
    ("optimizer.sgd.clipnorm", [None, 1.5, 0, -1]),
    ("schedule.step_decay.decay_steps", [None, 100, 0, 2.5]),
    ("schedule.cosine.alpha", [0, 1, 1.5]),
    ("schedule.cyclic.mode", ["triangular", "triangular2", "exp_range", None]),
    ("callbacks.early_stopping.monitor", ["val_loss", "accuracy", "", "  ", 3, None]),
    ("callbacks.early_stopping.patience", [3, 0, -1]),
    ("callbacks.reduce_lr_on_plateau.factor", [0.5, 0, 1]),
    ("callbacks.model_checkpoint.filepath", ["best.keras", "", None]),
]

# Real dataset options (nnbuilder.document.datasets.OPTION_SPECS), as "<dataset>.<option>".
DATA_VALUE_CASES = [
    ("mnist.samples", [1000, None, 0, -5, 2.5, "all"]),
    ("mnist.flatten", [True, "no", None]),
    ("mnist.seed", [0, -1, 4294967296, None]),
    ("imdb.num_words", [10000, 100, 99, 100000, 100001]),
    ("imdb.maxlen", [200, 0]),
    ("digits.test_fraction", [0.2, 0, 0.9, 0.95, None]),
    ("sine_windows.window", [100, 1, 10000, 10001]),
    ("sine_windows.noise", [0.03, 0, 1, 1.5, -0.01]),
    ("gaussian_mixture.classes", [3, 1, 21]),
    ("csv.path", ["data/train.csv", "C:\\data\\train.csv", "数据.csv", "", "   ", "\u3000", "a\x00b", 3, None]),
    ("csv.target", ["label", "\ufeff", "", " \t", "\x85", "\x1f", 0, ["label"], None]),
    ("csv.task", [None, "classification", "clustering"]),
    ("image_folder.path", [None, "pictures/", "", "\n"]),
    (
        "image_folder.image_size",
        [[64, 64], [28, 28], [4096, 1], 64, [64], [64, 64, 3], [0, 64], [64, 4097], [64.5, 64], ["64", "64"], []]
        + [[True, 64], None],
    ),
    ("image_folder.color_mode", ["rgb", "grayscale", "RGB", None]),
]


def _training_param(path: str):
    from nnbuilder.document import training_choices

    parts = path.split(".")
    if len(parts) == 1:
        return training_choices.FIELDS[path]
    table = {
        "optimizer": training_choices.OPTIMIZERS,
        "schedule": training_choices.SCHEDULES,
        "callbacks": training_choices.CALLBACKS,
    }[parts[0]]
    return table[parts[1]]["params"][parts[2]]


def _data_param(path: str):
    from nnbuilder.document.datasets import OPTION_SPECS

    dataset, option = path.split(".")
    return OPTION_SPECS[dataset][option]


def param_values() -> dict:
    """What the one check of a setting (`document.params.validate_value`) says of each value tried on a real
    setting (`params`): a catalog argument ("Layer.argument"), a training setting ("training.epochs",
    "training.optimizer.adam.learning_rate") or a dataset option ("data.csv.path"); taken or not, and the refusal
    in English and in Chinese (`locale.problem_patterns.translate`). `catalog` is the part of the editor's catalog
    payload the check reads."""
    from nnbuilder.catalog import get_spec
    from nnbuilder.document.params import Param, number_text, validate_value
    from nnbuilder.locale.problem_patterns import translate
    from nnbuilder.ui._catalog import catalog_payload

    payload = catalog_payload()
    settings = [(f"{layer}.{name}", get_spec(layer).param(name), values) for layer, name, values in PARAM_VALUE_CASES]
    settings += [(f"training.{path}", _training_param(path), values) for path, values in TRAINING_VALUE_CASES]
    settings += [(f"data.{path}", _data_param(path), values) for path, values in DATA_VALUE_CASES]
    params, cases = {}, []
    for key, param, values in settings:
        assert isinstance(param, Param), f"{key} is not a Param: {param!r}"
        params[key] = param.to_dict()
        for value in values:
            # the browser's numbers cannot tell 2.0 from 2, so a case must not hang on that difference
            assert not (isinstance(value, float) and value.is_integer()), value
            message = validate_value(param, value)
            refusal = None if message is None else {"en": message, "zh": translate(message, "zh")}
            cases.append({"param": key, "value": value, "accepted": message is None, "refusal": refusal})
    catalog = {key: payload[key] for key in ("choices", "objects", "needs_settings")}
    # bounds are written by number_text: whole numbers in full, others as format(n, "g") does
    bounds = [0, 1, -1, 0.5, 1e-05, 0.0001, 123456, 1234567, 4294967295, 0.1 + 0.2, 2.5e-07, -3.25, 999999.5]
    bounds += [-2.0, 1e15, 1e16, 1e100, -0.0]
    numbers = [{"n": n, "text": number_text(n)} for n in bounds]
    return {"catalog": catalog, "params": params, "cases": cases, "bound_text": numbers}


FIXTURES = {
    "delete-nodes.json": delete_nodes,
    "node-ids.json": node_ids,
    "shape-text.json": shape_text,
    "category-colors.json": category_colors,
    "end-reasons.json": end_reasons,
    "param-values.json": param_values,
    "edge-identity.json": edge_identity,
    "operations.json": operations,
}


def render(name: str) -> str:
    """The text of fixture `name`, as written to disk."""
    return json.dumps(FIXTURES[name](), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in FIXTURES:
        (FOLDER / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {FOLDER / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
