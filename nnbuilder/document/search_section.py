"""The project's `search` section: which settings a hyperparameter search tries, and how.

```json
"search": {"sampler": "bayes", "trials": 20, "metric": "val_loss", "direction": "minimize",
           "pruning": "median", "folds": 1, "seed": 0,
           "ranges": [{"target": {"model": "model", "node": "hidden", "param": "units"}, "values": [32, 64, 128]},
                      {"target": {"training": "optimizer.learning_rate"}, "low": 1e-4, "high": 1e-2, "log": true}]}
```

Validating the section's own shape (`search_problems`), the training values it tries (`training_range_problems`),
writing a trial's values into a project (`with_values`) and finding the searched nodes (`searched_nodes`). No
Keras, no NumPy: the node settings are judged by the catalog's own checks in `nnbuilder.checking.search_check`.
"""

from __future__ import annotations

import copy
import json
import math
from typing import TYPE_CHECKING, Any

from nnbuilder.document.params import describe
from nnbuilder.document.training_settings import normalize_training, training_problems
from nnbuilder.document.validation import refuse_first
from nnbuilder.errors import ProjectError
from nnbuilder.locale.search_words import SearchSentence

if TYPE_CHECKING:
    from nnbuilder.document.project import Project

SAMPLERS = ("grid", "random", "bayes")
DIRECTIONS = ("minimize", "maximize")
PRUNING = ("none", "median")
RANGE_TYPES = ("int", "float")
SECTION_KEYS = ("sampler", "trials", "metric", "direction", "pruning", "folds", "seed", "ranges")
RANGE_KEYS = ("target", "values", "low", "high", "log", "type", "step")
DEFAULTS: dict[str, Any] = {
    "sampler": "random",
    "trials": 10,
    "metric": "val_loss",
    "pruning": "none",
    "folds": 1,
    "seed": None,
}
Problems = list[tuple[str, str]]


def lower_is_better(metric: str) -> bool:
    """Whether a smaller `metric` is better (losses and errors), so the default direction is to minimize it."""
    return any(word in metric for word in ("loss", "error", "mse", "mae", "mape", "msle", "crossentropy"))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bool)) or _number(value)


def range_type(entry: dict[str, Any]) -> Any:
    """A low..high range's `type` as written, else "int" when both ends are whole numbers, else "float"."""
    return entry.get("type", "int" if _whole(entry["low"]) and _whole(entry["high"]) else "float")


# ---------------------------------------------------------------- the section's shape


def search_problems(section: Any) -> Problems:
    """Every problem in a search section as (path, message); empty when it is fine."""
    problems: Problems = []
    if not isinstance(section, dict):
        return [("search", SearchSentence("not_object", found=type(section).__name__))]
    for key in section:
        if key not in SECTION_KEYS:
            problems.append((f"search.{key}", SearchSentence("unknown_key", key=key, known=", ".join(SECTION_KEYS))))
    for key, choices in (("sampler", SAMPLERS), ("direction", DIRECTIONS), ("pruning", PRUNING)):
        if key in section and section[key] not in choices:
            found = describe(section[key])
            problems.append((f"search.{key}", SearchSentence("bad_choice", choices=", ".join(choices), found=found)))
    for key in ("trials", "folds"):
        if key in section and (not _whole(section[key]) or section[key] < 1):
            problems.append((f"search.{key}", SearchSentence("bad_count", least=1, found=describe(section[key]))))
    if "metric" in section and (not isinstance(section["metric"], str) or not section["metric"].strip()):
        problems.append(
            ("search.metric", SearchSentence("bad_path", example="val_loss", found=describe(section["metric"])))
        )
    if section.get("seed") is not None and not _whole(section["seed"]):
        problems.append(("search.seed", SearchSentence("bad_seed", found=describe(section["seed"]))))
    ranges = section.get("ranges")
    if not isinstance(ranges, list) or not ranges:
        problems.append(("search.ranges", SearchSentence("no_ranges")))
        return problems
    grid = section.get("sampler", DEFAULTS["sampler"]) == "grid"
    seen: dict[str, int] = {}
    for i, entry in enumerate(ranges):
        where = f"search.ranges[{i}]"
        before = len(problems)
        _range_problems(entry, where, grid, problems)
        if len(problems) == before:
            key = target_key(entry["target"])
            if key in seen:
                problems.append((f"{where}.target", SearchSentence("twice_searched", target=key, first=seen[key])))
            seen.setdefault(key, i)
    return problems


def _range_problems(entry: Any, where: str, grid: bool, problems: Problems) -> None:
    if not isinstance(entry, dict):
        problems.append((where, SearchSentence("not_object", found=type(entry).__name__)))
        return
    for key in entry:
        if key not in RANGE_KEYS:
            problems.append((f"{where}.{key}", SearchSentence("unknown_key", key=key, known=", ".join(RANGE_KEYS))))
    _target_problems(entry.get("target"), f"{where}.target", problems)
    if "values" in entry:
        extra = [k for k in ("low", "high", "log", "type", "step") if k in entry]
        if extra:
            problems.append((f"{where}.{extra[0]}", SearchSentence("values_or_bounds", found=", ".join(extra))))
        _values_problems(entry["values"], f"{where}.values", problems)
        return
    if "low" not in entry or "high" not in entry:
        problems.append((where, SearchSentence("values_or_bounds", found=", ".join(sorted(entry)) or "nothing")))
        return
    kind = range_type(entry)
    if kind not in RANGE_TYPES:
        problems.append(
            (f"{where}.type", SearchSentence("bad_choice", choices=", ".join(RANGE_TYPES), found=describe(kind)))
        )
        return
    low, high = entry["low"], entry["high"]
    for key in ("low", "high"):
        value = entry[key]
        if not _number(value):
            problems.append((f"{where}.{key}", SearchSentence("bad_number", found=describe(value))))
        elif kind == "int" and not _whole(value):
            problems.append((f"{where}.{key}", SearchSentence("bad_int_bound", found=describe(value))))
    if not (_number(low) and _number(high)):
        return
    if low >= high:
        problems.append((f"{where}.high", SearchSentence("low_high", low=describe(low), high=describe(high))))
    log = entry.get("log", False)
    if not isinstance(log, bool):
        problems.append((f"{where}.log", SearchSentence("bad_bool", found=describe(log))))
    elif log and low <= 0:
        problems.append((f"{where}.low", SearchSentence("log_positive", low=describe(low))))
    step = entry.get("step")
    if step is not None:
        if not _number(step) or step <= 0 or (kind == "int" and not _whole(step)):
            problems.append((f"{where}.step", SearchSentence("bad_step", found=describe(step))))
        elif log is True:
            problems.append((f"{where}.step", SearchSentence("log_step")))
    elif grid and (kind == "float" or log is True):
        problems.append((where, SearchSentence("grid_needs_list")))


def _target_problems(target: Any, where: str, problems: Problems) -> None:
    node_form = isinstance(target, dict) and set(target) == {"model", "node", "param"}
    training_form = isinstance(target, dict) and set(target) == {"training"}
    if not (node_form or training_form):
        problems.append((where, SearchSentence("bad_target", found=describe(target))))
        return
    assert isinstance(target, dict)
    if node_form:
        for key in ("model", "node"):
            if not isinstance(target[key], str) or not target[key]:
                problems.append(
                    (f"{where}.{key}", SearchSentence("bad_path", example="'hidden'", found=describe(target[key])))
                )
        _path_problem(target["param"], f"{where}.param", "kernel_regularizer.config.l2", problems)
    else:
        _path_problem(target["training"], f"{where}.training", "optimizer.learning_rate", problems)


def _path_problem(path: Any, where: str, example: str, problems: Problems) -> None:
    if not isinstance(path, str) or not all(part.isidentifier() for part in path.split(".")):
        problems.append((where, SearchSentence("bad_path", example=example, found=describe(path))))


def _values_problems(values: Any, where: str, problems: Problems) -> None:
    if not isinstance(values, list) or not values:
        problems.append((where, SearchSentence("empty_values", found=describe(values))))
        return
    seen: list[Any] = []
    for j, value in enumerate(values):
        if not _scalar(value):
            problems.append(
                (
                    f"{where}[{j}]",
                    SearchSentence("bad_choice", choices="numbers, text, true, false, null", found=describe(value)),
                )
            )
        elif any(value == s and type(value) is type(s) for s in seen):
            problems.append((f"{where}[{j}]", SearchSentence("repeated_value", value=describe(value))))
        seen.append(value)


def read_search(section: Any) -> dict[str, Any] | None:
    """A copy of a valid section (None stays None); ProjectError names the first problem's path."""
    if section is None:
        return None
    refuse_first(search_problems(section))
    return dict(copy.deepcopy(section))


def normalize_search(section: dict[str, Any]) -> dict[str, Any]:
    """The section with every default filled in (the direction follows the metric: a loss is minimized)."""
    out = {**DEFAULTS, **copy.deepcopy(section)}
    out.setdefault("direction", "minimize" if lower_is_better(out["metric"]) else "maximize")
    return out


# ---------------------------------------------------------------- targets and values


def target_key(target: dict[str, Any]) -> str:
    """A range's name, used as the search's parameter name: `model/hidden.units` or `training.batch_size`."""
    if "training" in target:
        return f"training.{target['training']}"
    return f"{target['model']}/{target['node']}.{target['param']}"


def target_of(key: str, project: Project) -> dict[str, Any]:
    """The target a range's name stands for, the inverse of `target_key`: `model/hidden.units` or, in a project
    with one model, `hidden.units` (a node's setting); `training.batch_size` or `optimizer.learning_rate` (a
    training setting). ProjectError when the name is neither."""
    if key.startswith("training."):
        return {"training": key[len("training.") :]}
    model, slash, rest = key.partition("/")
    if not slash:
        model, rest = next(iter(project.models), ""), key
    node, dot, param = rest.partition(".")
    graph = project.models.get(model)
    if dot and param and graph is not None and graph.node(node) is not None:
        return {"model": model, "node": node, "param": param}
    if slash:
        raise ProjectError(f"{key!r}: model {model!r} has no node {node!r}", "search")
    return {"training": key}


def typed_value(text: str) -> Any:
    """A value typed on a command line: a number, true, false or null as JSON reads them, else the text."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if value is None or isinstance(value, (bool, int, float)) else text


def with_grid(project: Project, settings: list[str]) -> Project:
    """`project` searching each `NAME=VALUE,VALUE,…` (`hidden.units=64,128`) over its values: the range replaces
    one on the same setting, and a section made here is a grid with a trial for each combination."""
    section: dict[str, Any] = copy.deepcopy(project.search) if project.search else {"sampler": "grid"}
    ranges: list[dict[str, Any]] = section.setdefault("ranges", [])
    for setting in settings:
        key, equals, values = setting.partition("=")
        typed = [typed_value(v.strip()) for v in values.split(",") if v.strip()]
        if not equals or not key.strip() or not typed:
            raise ProjectError(f"{setting!r}: expected NAME=VALUE,VALUE (such as hidden.units=64,128)", "search")
        target = target_of(key.strip(), project)
        ranges[:] = [r for r in ranges if r.get("target") != target] + [{"target": target, "values": typed}]
    if project.search is None:
        section["trials"] = math.prod(len(r["values"]) for r in ranges)
    return project.with_section("search", section)  # checked as the file's own section is


def grid_values(entry: dict[str, Any]) -> list[Any]:
    """The values a grid search tries for one range: its list, or low to high by step (1 for whole numbers)."""
    if "values" in entry:
        return list(entry["values"])
    low, high = entry["low"], entry["high"]
    step = entry.get("step", 1)
    count = int(math.floor((high - low) / step + 1e-9)) + 1
    if range_type(entry) == "int":
        return [int(low + k * step) for k in range(count)]
    return [round(low + k * step, 12) for k in range(count)]


def range_ends(entry: dict[str, Any]) -> list[Any]:
    """The values that show whether a setting takes a range: its list, or both ends of low..high."""
    return list(entry["values"]) if "values" in entry else [entry["low"], entry["high"]]


def set_path(holder: dict[str, Any], path: str, value: Any) -> None:
    """Write `value` at the dotted `path` of `holder`, making the dicts on the way."""
    *parents, last = path.split(".")
    for part in parents:
        child = holder.get(part)
        if not isinstance(child, dict):
            child = {}
            holder[part] = child
        holder = child
    holder[last] = value


def _set_training(training: dict[str, Any], path: str, value: Any) -> None:
    """Write `value` at `path` of a training section; a missing parent (an optimizer not written out) is first
    filled in with its defaults, so `optimizer.learning_rate` keeps the optimizer's name."""
    try:
        full: Any = normalize_training(training)
    except ProjectError:
        full = {}
    holder, *parents = training, *path.split(".")[:-1]
    for part in parents:
        full = full.get(part) if isinstance(full, dict) else None
        if not isinstance(holder.get(part), dict):
            holder[part] = copy.deepcopy(full) if isinstance(full, dict) else {}
        holder = holder[part]
    holder[path.split(".")[-1]] = value


def training_has(training: dict[str, Any], path: str) -> bool:
    """Whether `path` (e.g. `optimizer.learning_rate`) names a setting of the training section."""
    try:
        holder: Any = normalize_training(training)
    except ProjectError:
        holder = copy.deepcopy(training)
    for part in path.split("."):
        if not isinstance(holder, dict) or part not in holder:
            return False
        holder = holder[part]
    return not isinstance(holder, (dict, list))


def training_value_problem(training: dict[str, Any], path: str, value: Any) -> str | None:
    """Why the training section refuses `value` at `path` (the section's own check), or None."""
    changed = copy.deepcopy(training)
    _set_training(changed, path, value)
    for where, message in training_problems(changed):
        if where == f"training.{path}" or where.startswith(f"training.{path}."):
            return str(message)
    return None


def with_values(project: Project, values: dict[str, Any]) -> Project:
    """A copy of `project` with each searched setting (by `target_key`) set to its value."""
    out = project.copy()
    section = project.search or {}
    for entry in section.get("ranges", []):
        key = target_key(entry["target"])
        if key not in values:
            continue
        target = entry["target"]
        if "training" in target:
            _set_training(out.training, target["training"], values[key])
            continue
        graph = out.models.get(target["model"])
        node = graph.node(target["node"]) if graph is not None else None
        if node is None:
            raise ProjectError(f"no node {target['node']!r} in model {target['model']!r}", "search")
        set_path(node.config, target["param"], values[key])
    return out


def searched_nodes(project: Project) -> dict[tuple[str, str], list[str]]:
    """The nodes whose settings the project's search tries: (model, node id) -> the searched param paths."""
    found: dict[tuple[str, str], list[str]] = {}
    for entry in (project.search or {}).get("ranges", []):
        target = entry["target"]
        if "node" in target:
            found.setdefault((target["model"], target["node"]), []).append(target["param"])
    return found


__all__ = [
    "normalize_search",
    "read_search",
    "search_problems",
    "searched_nodes",
    "target_key",
    "target_of",
    "with_grid",
    "with_values",
]
