"""The hyperparameter search's words in English and Chinese: the section's refusals, check problems and the
lines `nnbuilder search` prints (the app's Search tab reads the same table)."""

from __future__ import annotations

from typing import Any

from nnbuilder.locale.problem_words import Words
from nnbuilder.locale.word_tables import word_in

WORDS = {  # key: (English, Chinese)
    # the section's refusals
    "not_object": ("expected an object, got {found}", "应为对象，实际得到 {found}"),
    "unknown_key": ("unknown key {key!r}; expected one of {known}", "未知的键 {key!r}；应为 {known} 之一"),
    "bad_choice": ("expected one of {choices}, got {found}", "应为 {choices} 之一，实际得到 {found}"),
    "bad_count": (
        "expected a whole number of at least {least}, got {found}",
        "应为不小于 {least} 的整数，实际得到 {found}",
    ),
    "bad_seed": ("expected a whole number or null, got {found}", "应为整数或 null，实际得到 {found}"),
    "no_ranges": ("expected at least one range to search", "至少需要一个搜索范围"),
    "bad_target": (
        "expected {{'model': M, 'node': N, 'param': P}} or {{'training': 'optimizer.learning_rate'}}, got {found}",
        "应为 {{'model': M, 'node': N, 'param': P}} 或 {{'training': 'optimizer.learning_rate'}}，实际得到 {found}",
    ),
    "bad_path": (
        "expected a setting's name or dotted path such as {example}, got {found}",
        "应为设置名或以点分隔的路径，例如 {example}，实际得到 {found}",
    ),
    "values_or_bounds": (
        "expected either 'values' (a list) or 'low' and 'high', got {found}",
        "应给出 'values'（列表）或 'low' 与 'high'，实际得到 {found}",
    ),
    "empty_values": ("expected a list of at least one value, got {found}", "应为至少含一个值的列表，实际得到 {found}"),
    "repeated_value": ("the value {value} is listed twice", "值 {value} 重复出现"),
    "bad_number": ("expected a number, got {found}", "应为数字，实际得到 {found}"),
    "bad_int_bound": ("expected a whole number for an int range, got {found}", "整数范围应为整数，实际得到 {found}"),
    "low_high": (
        "expected low below high, got low {low} and high {high}",
        "low 应小于 high，实际 low 为 {low}，high 为 {high}",
    ),
    "log_positive": ("a log range needs low above 0, got {low}", "对数范围要求 low 大于 0，实际为 {low}"),
    "log_step": ("a log range takes no step", "对数范围不能设置 step"),
    "bad_step": ("expected a positive number, got {found}", "应为正数，实际得到 {found}"),
    "bad_bool": ("expected true or false, got {found}", "应为 true 或 false，实际得到 {found}"),
    "grid_needs_list": (
        "a grid search needs a list of values or an int range with a step, or a float range with a step",
        "网格搜索需要值列表，或带 step 的整数范围或浮点范围",
    ),
    "twice_searched": ("{target} is searched by ranges[{first}] already", "{target} 已由 ranges[{first}] 搜索"),
    # check problems
    "no_node": (
        "ranges[{index}] searches {param} of node {node!r} in model {model!r}, which has no such node",
        "ranges[{index}] 搜索模型 {model!r} 中节点 {node!r} 的 {param}，但没有这个节点",
    ),
    "no_model": (
        "ranges[{index}] searches model {model!r}, which this project lacks",
        "ranges[{index}] 搜索模型 {model!r}，但项目中没有它",
    ),
    "no_param": (
        "ranges[{index}] searches {param}, which the {layer} node {node!r} does not have",
        "ranges[{index}] 搜索 {param}，但 {layer} 节点 {node!r} 没有这个设置",
    ),
    "no_setting": (
        "ranges[{index}] searches training.{setting}, which is not a training setting",
        "ranges[{index}] 搜索 training.{setting}，但这不是训练设置",
    ),
    "refused_value": (
        "ranges[{index}] gives {param} of node {node!r} the value {value}, which it refuses: {why}",
        "ranges[{index}] 给节点 {node!r} 的 {param} 设值 {value}，该设置不接受：{why}",
    ),
    "refused_setting": (
        "ranges[{index}] gives training.{setting} the value {value}, which it refuses: {why}",
        "ranges[{index}] 给 training.{setting} 设值 {value}，该设置不接受：{why}",
    ),
    # the command line and the engine
    "trial": (
        "trial {number}: {values} -> {metric} {score} ({state}, {seconds} s, run {run})",
        "试验 {number}：{values} -> {metric} {score}（{state}，{seconds} 秒，训练 {run}）",
    ),
    "best": ("best: trial {number}, {metric} {score}, {values}", "最佳：试验 {number}，{metric} {score}，{values}"),
    "no_best": ("no trial finished, so there is no best", "没有完成的试验，因此没有最佳结果"),
    "no_search": (
        "the project has no search section: add one (see docs/search.md) to search its settings",
        "项目没有 search 部分：添加后才能搜索设置（见 docs/search.md）",
    ),
    "export_no_search": (
        "the project has no search section, so there is no search to export: add one (see docs/search.md)",
        "项目没有 search 部分，因此没有可导出的搜索：请先添加（见 docs/search.md）",
    ),
    "export_no_data": (
        "the project names no data set, so an exported search would have nothing to train on: choose one first",
        "项目没有指定数据集，导出的搜索无数据可训练：请先选择数据集",
    ),
    "export_gan": (
        "a GAN's search cannot be exported: its training has no validation score to compare trials by",
        "无法导出 GAN 的搜索：它的训练没有可用于比较试验的验证分数",
    ),
    "export_setting": (
        "ranges[{index}] searches training.{setting}, which an exported search cannot vary; "
        "run this search with nnbuilder, or remove the range",
        "ranges[{index}] 搜索 training.{setting}，导出的搜索无法改变它；请用 nnbuilder 运行此搜索，或删去该范围",
    ),
    "no_ray": (
        "--engine ray needs Ray Tune, which is not installed: pip install nnbuilder[cluster] (or use --engine local)",
        "--engine ray 需要 Ray Tune，但尚未安装：pip install nnbuilder[cluster]（或使用 --engine local）",
    ),
    "bad_engine": ("engine: expected 'local' or 'ray', got {found}", "engine：应为 'local' 或 'ray'，实际得到 {found}"),
    "no_cluster": (
        "--engine ray: could not reach the Ray cluster at {address}: {why}",
        "--engine ray：无法连接位于 {address} 的 Ray 集群：{why}",
    ),
    "ran_on": ("on {host}, node {node}", "运行于 {host}，节点 {node}"),
    "not_back": (
        "the trial's runs did not come back from its node within {seconds:.0f} s",
        "试验的训练记录在 {seconds:.0f} 秒内没有从其节点传回",
    ),
    "lost": (
        "the trial's worker process ended before its runs came back (was its node lost?)",
        "试验的工作进程在训练记录传回之前结束（节点是否已丢失？）",
    ),
    "address_local": (
        "--address names a cluster, which the local engine does not use",
        "--address 指定集群，本地引擎不使用它",
    ),
    "no_metric": (
        "trial {number} gave no {metric}; the epochs gave {found}",
        "试验 {number} 没有得到 {metric}；各轮得到的是 {found}",
    ),
    "bad_folds": (
        "folds: expected a whole number of at least 1, got {found}",
        "folds：应为不小于 1 的整数，实际得到 {found}",
    ),
    "folds_data": (
        "folds: {folds} folds need at least {folds} training samples, got {found}",
        "folds：{folds} 折需要至少 {folds} 个训练样本，实际只有 {found}",
    ),
    "recorded_in": (
        "the trials are recorded in {folder} (`nnbuilder runs {folder}` lists them), the study in {file}",
        "试验记录在 {folder}（用 `nnbuilder runs {folder}` 列出），搜索研究保存在 {file}",
    ),
    "state_complete": ("finished", "已完成"),
    "state_pruned": ("pruned", "已剪枝"),
    "state_fail": ("failed", "失败"),
    "state_running": ("running", "运行中"),
    "state_waiting": ("waiting", "等待中"),
}


def search_word(language: str, key: str, /, **values: object) -> str:
    """The words `key` in `language` ("en" or "zh") filled with `values`."""
    return word_in(WORDS, language, key, **values)


class SearchSentence(Words):
    """An English sentence of this table that can say itself in Chinese (`say("zh")`), as check's messages do."""

    table = WORDS

    def __new__(cls, key: str, /, **values: Any) -> SearchSentence:
        return super().__new__(cls, key, values)
