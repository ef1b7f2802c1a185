"""The search section's problems that need the catalog: a range on a node or setting that does not exist, or a
value the setting refuses, each judged by the setting's own check (the catalog's Param, the training rules)."""

from __future__ import annotations

import copy
from typing import Any

from nnbuilder.catalog import get_spec
from nnbuilder.checking.result import Diagnostic
from nnbuilder.document.params import describe, refusal
from nnbuilder.document.project import Project
from nnbuilder.document.search_section import range_ends, training_has, training_value_problem
from nnbuilder.locale.problem_words import Phrase
from nnbuilder.locale.search_words import SearchSentence

CODE = "search_range"


def search_diagnostics(project: Project) -> list[Diagnostic]:
    """One error per searched range that cannot be tried: a missing target, or its first refused value."""
    out: list[Diagnostic] = []
    for index, entry in enumerate((project.search or {}).get("ranges", [])):
        target = entry["target"]
        path = f"search.ranges[{index}]"
        if "training" in target:
            out += _training_range(project, index, target["training"], entry, path)
        else:
            out += _node_range(project, index, target, entry, path)
    return out


def _training_range(project: Project, index: int, setting: str, entry: dict[str, Any], path: str) -> list[Diagnostic]:
    if not training_has(project.training, setting):
        return [Diagnostic(CODE, SearchSentence("no_setting", index=index, setting=setting), "search", path=path)]
    for value in range_ends(entry):
        why = training_value_problem(project.training, setting, value)
        if why is not None:
            words = SearchSentence(
                "refused_setting", index=index, setting=setting, value=describe(value), why=Phrase(why)
            )
            return [Diagnostic(CODE, words, "search", path=path, param=setting, found=describe(value))]
    return []


def _node_range(
    project: Project, index: int, target: dict[str, str], entry: dict[str, Any], path: str
) -> list[Diagnostic]:
    model, node_id, param = target["model"], target["node"], target["param"]
    graph = project.models.get(model)
    if graph is None:
        return [Diagnostic(CODE, SearchSentence("no_model", index=index, model=model), model, path=path)]
    node = graph.node(node_id)
    if node is None:
        words = SearchSentence("no_node", index=index, model=model, node=node_id, param=param)
        return [Diagnostic(CODE, words, model, path=path, param=param)]
    spec = get_spec(node.layer)
    if spec is None:  # a layer outside the catalog: its arguments are judged when it is built
        return []
    head, _, rest = param.partition(".")
    setting = spec.param(head)
    if setting is None:
        words = SearchSentence("no_param", index=index, param=param, layer=node.layer, node=node_id)
        return [Diagnostic(CODE, words, model, node_id, path=path, param=param)]
    for value in range_ends(entry):
        whole = value if not rest else _nested(node.config.get(head), rest, value)
        why = refusal(setting, whole)
        if why is not None:
            words = SearchSentence(
                "refused_value", index=index, param=param, node=node_id, value=describe(value), why=Phrase(why)
            )
            return [Diagnostic(CODE, words, model, node_id, path=path, param=param, found=describe(value))]
    return []


def _nested(current: Any, path: str, value: Any) -> Any:
    """The setting's object with `value` written at `path` inside it (e.g. `config.l2` of a regularizer)."""
    whole = copy.deepcopy(current) if isinstance(current, dict) else {}
    holder = whole
    *parents, last = path.split(".")
    for part in parents:
        if not isinstance(holder.get(part), dict):
            holder[part] = {}
        holder = holder[part]
    holder[last] = value
    return whole
