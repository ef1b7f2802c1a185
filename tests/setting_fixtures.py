"""Values tried on real settings (catalog arguments, training settings, dataset options) and what the one
check of a setting says of each, in English and Chinese. Written to widgets/test/python-fixtures/param-values.json
by `python -m tests.shared_fixtures`."""

from __future__ import annotations

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
