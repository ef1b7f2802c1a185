"""The `train(params, ...)` function of the exported search (`search_script.py`): one model built, compiled and
fitted with a trial's values. Searched training settings become locals (`learning_rate = params[...]`) written
where the compile code has their values, or an `if` per value where they change the code itself (the
optimizer's class for `optimizer.name`); a setting that changes neither is refused."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from nnbuilder.codegen import training_script
from nnbuilder.codegen._format import Expr, Kw, lines
from nnbuilder.codegen._literals import atom, string
from nnbuilder.codegen.training_code import callbacks_code, compile_code, uses_steps_per_epoch
from nnbuilder.document.names import PYTHON_RESERVED, python_name
from nnbuilder.document.search_section import target_key, training_value_problem, with_values
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.errors import NNBuilderError, bilingual_error
from nnbuilder.locale.search_words import search_word
from nnbuilder.training.adapting import adapted_nodes
from nnbuilder.training.recipes.supervised import logs_learning_rate

# settings `train` reads itself rather than through the compile code
OWN_SETTINGS = {"epochs": "EPOCHS", "batch_size": "BATCH_SIZE", "validation_split": "VALIDATION_SPLIT", "seed": "SEED"}
SCRIPT_NAMES = {
    "params", "HERE", "STUDY_NAME", "STUDY_FILE", "METRIC", "DIRECTION", "TRIALS", "FOLDS", "SEARCH_SEED", "GRID",
    "suggest_params", "ReportToTrial", "train", "last_score", "fold_parts", "objective", "make_sampler",
    "finished_trials", "run_search", "parser",
}  # fmt: skip
LOCALS = {
    "x_train",
    "y_train",
    "x_held",
    "y_held",
    "x_test",
    "y_test",
    "callbacks",
    "validation_data",
    "test_data",
    "order",
    "model",
    "optimizer",
    "lr_schedule",
    "epochs",
    "batch_size",
    "history",
    "train_count",
    "steps_per_epoch",
    "num_classes",
}  # fmt: skip  (names `train` binds, kept from the searched settings' locals)


def _searched_training(section) -> list[tuple[int, dict[str, Any]]]:
    return [(i, e) for i, e in enumerate(section["ranges"]) if "training" in e["target"]]


def train_function(project, section, functions) -> list[str]:
    """`def train(params, ...)`: one model built, compiled and fitted with a trial's values; the history."""
    settings = normalize_training(project.training)
    autoencoder = settings["recipe"] == "autoencoder"
    folds = section["folds"] > 1
    taken = set(PYTHON_RESERVED) | SCRIPT_NAMES | LOCALS | set(functions.values())
    head = ["params", "x_train"] + ([] if autoencoder else ["y_train"]) + ["trial_callbacks=()"]
    head += ["validation_data=None"] if folds else []
    head += ["test_data=None"] if settings["test_each_epoch"] else []
    body = ['"""Build, compile and fit the model with one trial\'s values, as nnbuilder trains; the history."""']
    body += ["keras.backend.clear_session()  # each trial starts from a fresh Keras state"]
    own = {
        e["target"]["training"]: e for _, e in _searched_training(section) if e["target"]["training"] in OWN_SETTINGS
    }
    for setting, constant in OWN_SETTINGS.items():
        if folds and setting == "validation_split":  # each fold is held out instead
            continue
        value = f"params[{string(target_key({'training': setting}))}]" if setting in own else constant
        body.append(f"{setting} = {value}")
    body += [
        "if seed is not None:",
        "    keras.utils.set_random_seed(seed)",
        "# the training rows in a fixed random order, as in nnbuilder"
        if folds
        else "# a fixed random order, as in nnbuilder: the validation split holds every class",
        "order = np.random.default_rng(0 if seed is None else seed).permutation(len(x_train))",
        "x_train = x_train[order]" if autoencoder else "x_train, y_train = x_train[order], y_train[order]",
    ]
    adapts = bool(adapted_nodes(project))
    if uses_steps_per_epoch(settings) or adapts:
        split = "0.0" if folds else "validation_split"
        body.append(f"train_count = int(len(x_train) * (1.0 - {split}))")
    if uses_steps_per_epoch(settings):
        body.append("steps_per_epoch = -(-train_count // batch_size)")
    model_lines, _ = training_script._model_expr(project, functions, settings["recipe"])
    body += model_lines
    if training_script.one_hot_targets(project):
        body += [
            "# class indices as one-hot rows, as the loss compares them (the data option targets)",
            "num_classes = model.output_shape[-1]",
            "y_train = keras.utils.to_categorical(y_train, num_classes)",
        ]
        if folds:
            body += [
                "x_held, y_held = validation_data",
                "validation_data = (x_held, keras.utils.to_categorical(y_held, num_classes))",
            ]
        if settings["test_each_epoch"]:
            body += [
                "x_test, y_test = test_data",
                "test_data = (x_test, keras.utils.to_categorical(y_test, num_classes))",
            ]
    if adapts:
        body.append("adapt_normalization(model, x_train[:train_count])")
    body = ["    " + line if line else "" for line in body]
    body += _compile_lines(project, section, taken)
    body += callbacks_code(settings, 1).rstrip("\n").splitlines() if settings["callbacks"] else ["    callbacks = []"]
    if settings["test_each_epoch"]:
        body.append("    callbacks.append(EpochTestScores(*test_data, batch_size))")
    if logs_learning_rate(settings):
        body.append("    callbacks.append(LearningRateLog())")
    fit = ["x_train", "x_train" if autoencoder else "y_train", Kw("batch_size=", "batch_size")]
    fit += [Kw("epochs=", "epochs")]
    fit += [Kw("validation_data=", "validation_data")] if folds else [Kw("validation_split=", "validation_split")]
    fit += [Kw("callbacks=", "callbacks + list(trial_callbacks)"), Kw("verbose=", "2")]
    body += lines(Expr("model.fit", fit), 1, "return ")
    return [f"def train({', '.join(head)}):"] + body + ["", ""]


def _compile_lines(project, section, taken: set) -> list[str]:
    """The compile code of `train`, with the searched training settings as locals (`learning_rate = params[...]`)
    and an `if` per value of a searched setting that changes the code itself (`optimizer.name`)."""
    searched = [(i, e) for i, e in _searched_training(section) if e["target"]["training"] not in OWN_SETTINGS]
    marks: dict[str, tuple[Any, str]] = {}  # key -> (marker value, local name)
    head: list[str] = []
    branched: list[tuple[int, dict[str, Any]]] = []
    for index, entry in searched:
        path = entry["target"]["training"]
        key = target_key(entry["target"])
        parts = path.split(".")
        local = python_name("_".join(parts[-2:]) if parts[-1] == "name" else parts[-1], taken, "value")
        head.append(f"    {local} = params[{string(key)}]")
        numbers = "values" not in entry or all(_is_number(v) for v in entry["values"])
        marker = _number_marker(project.training, path, index, len(local)) if numbers else None
        if marker is None:
            branched.append((index, entry))
        else:
            marks[key] = (marker, local)
    marked = with_values(project, {key: marker for key, (marker, _) in marks.items()})
    for index, entry in searched:  # a number that the code does not write as it is is searched by branches
        key = target_key(entry["target"])
        if key in marks and _rendered(marked.training, entry["target"]["training"]) not in _compile(marked, 1):
            if "values" not in entry:
                raise _cannot_vary(index, entry)
            del marks[key]
            branched.append((index, entry))
    marked = with_values(project, {key: marker for key, (marker, _) in marks.items()})
    locals_by_key = {target_key(e["target"]): head[n].split(" = ")[0].strip() for n, (_, e) in enumerate(searched)}
    return head + _variants(marked, marks, sorted(branched, key=lambda b: b[0]), locals_by_key, 1)


def _variants(project, marks, branched, locals_by_key, indent) -> list[str]:
    if not branched:
        text = _compile(project, indent)
        for key, (_, local) in marks.items():
            path = key.removeprefix("training.")
            text = text.replace(_rendered(project.training, path), local)
        return text.rstrip("\n").split("\n")
    (index, entry), rest = branched[0], branched[1:]
    key = target_key(entry["target"])
    bodies = [
        (v, _variants(with_values(project, {key: v}), marks, rest, locals_by_key, indent + 1)) for v in entry["values"]
    ]
    if all(body == bodies[0][1] for _, body in bodies):
        raise _cannot_vary(index, entry)
    ahead, behind = _shared_ends([body for _, body in bodies])
    first = bodies[0][1]
    out = [line[4:] for line in first[:ahead]]  # the statements every branch has, written once
    pad = "    " * indent
    for n, (value, body) in enumerate(bodies):
        out.append(f"{pad}{'if' if n == 0 else 'elif'} {locals_by_key[key]} == {atom(value)}:")
        out += body[ahead : len(body) - behind]
    return out + [line[4:] for line in first[len(first) - behind :]]


def _shared_ends(bodies: list[list[str]]) -> tuple[int, int]:
    """How many first and last lines all branches share as whole statements (each keeps at least one line)."""
    shortest = min(len(body) for body in bodies)

    def whole(part: list[str]) -> bool:
        try:
            ast.parse(textwrap.dedent("\n".join(part)))
        except SyntaxError:
            return False
        return True

    ahead = 0
    for n in range(shortest - 1, 0, -1):
        if all(body[:n] == bodies[0][:n] for body in bodies) and whole(bodies[0][:n]):
            ahead = n
            break
    behind = 0
    for n in range(shortest - 1 - ahead, 0, -1):
        if all(body[-n:] == bodies[0][-n:] for body in bodies) and whole(bodies[0][-n:]):
            behind = n
            break
    return ahead, behind


def _compile(project, indent: int) -> str:
    return compile_code(project.training, "model", indent=indent, epochs_var="epochs")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_marker(training: dict[str, Any], path: str, index: int, length: int) -> Any:
    """A number the setting accepts and no project writes, as long as `length` when it can be, else None."""
    tag = f"9{index}"
    candidates: list[Any] = [int((tag + "7" * length)[: max(length, len(tag))])]
    candidates.append(int((tag + "7" * length)[: max(length - 2, len(tag))]))
    candidates.append(float("0." + (tag + "7" * length)[: max(length - 2, len(tag))]))
    for value in candidates:
        if training_value_problem(training, path, value) is None:
            return value
    return None


def _rendered(training: dict[str, Any], path: str) -> str:
    """The setting's value at `path` as the compile code writes it."""
    holder: Any = normalize_training(training)
    for part in path.split("."):
        holder = holder[part]
    return str(atom(holder))


def _cannot_vary(index: int, entry: dict[str, Any]) -> NNBuilderError:
    setting = entry["target"]["training"]
    return bilingual_error(
        search_word("en", "export_setting", index=index, setting=setting),
        search_word("zh", "export_setting", index=index, setting=setting),
    )
