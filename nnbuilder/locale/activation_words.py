"""The activation view's words in English and Chinese: why a sample, a model or a project cannot be shown
node by node (`nnbuilder.views.activations` raises them, the inspector shows the same sentences)."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_in

WORDS = {  # key: (English, Chinese)
    "wrong_sample": (
        "input {node!r} expects one sample of shape {one} or a batch of shape {batch}, got an array of shape {found}",
        "输入节点 {node!r} 需要形状为 {one} 的单个样本或形状为 {batch} 的一批样本，实际得到形状为 {found} 的数组",
    ),
    "not_numbers": (
        "input {node!r} expects an array of numbers, got {found}",
        "输入节点 {node!r} 需要数值数组，实际得到 {found}",
    ),
    "several_inputs": (
        "this model has {count} inputs ({names}): give the sample as a dict by input node id or as a list in "
        "that order, got {found}",
        "该模型有 {count} 个输入（{names}）：请以按输入节点 id 为键的字典或按此顺序的列表给出样本，实际得到 {found}",
    ),
    "list_length": (
        "this model has {count} inputs ({names}), got a list of {found} arrays",
        "该模型有 {count} 个输入（{names}），实际得到含 {found} 个数组的列表",
    ),
    "missing_input": (
        "no sample for input {node!r}; this model's inputs are {names}",
        "输入节点 {node!r} 没有样本；该模型的输入为 {names}",
    ),
    "unknown_input": (
        "{key!r} is not an input of this model; its inputs are {names}",
        "{key!r} 不是该模型的输入；它的输入为 {names}",
    ),
    "batch_sizes": (
        "the inputs hold different numbers of samples: {counts}",
        "各输入的样本数不一致：{counts}",
    ),
    "pick_model": (
        "this project has several models ({names}): name one with model_name=",
        "该项目有多个模型（{names}）：请用 model_name= 指定其中一个",
    ),
    "no_model": (
        "no model called {name!r}; this project has {names}",
        "没有名为 {name!r} 的模型；该项目有 {names}",
    ),
    "not_inside": (
        "the Keras model {keras_name!r} holds no model {name!r} of this project",
        "Keras 模型 {keras_name!r} 中没有该项目的模型 {name!r}",
    ),
    "not_built": (
        "the trainer has no model yet: call its prepare() or start() first",
        "训练器还没有模型：请先调用它的 prepare() 或 start()",
    ),
    "not_a_model": (
        "expected a Keras model, a trainer or a nnbuilder.Project, got {found}",
        "需要 Keras 模型、训练器或 nnbuilder.Project，实际得到 {found}",
    ),
    "not_from_project": (
        "node {node!r} of model {model!r} has no matching call of {layer!r} in the Keras model {keras_name!r}: "
        "the model is not built from this project (pass the project it was built from)",
        "模型 {model!r} 的节点 {node!r} 在 Keras 模型 {keras_name!r} 中找不到对应的 {layer!r} 调用："
        "该模型不是由这个项目构建的（请传入构建它的项目）",
    ),
}


def activation_word(language: str, key: str, /, **values: object) -> str:
    """The activation view's sentence `key` in `language` ("zh" for Chinese, English otherwise)."""
    return word_in(WORDS, language, key, **values)
