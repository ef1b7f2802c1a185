"""The first lines of errors the app shows (data that does not fit the model, refused exports, failed
training), said in Chinese: each English sentence template beside its Chinese one.

A sentence no template matches is shown as it is, after the Chinese words saying what failed.
"""

from __future__ import annotations

from nnbuilder._problem_patterns import compile_template

ERRORS = [  # (English template, Chinese template); {name} matches any text
    # the data against the model (nnbuilder/data/model_check.py)
    ("{who} expects input {want} but {name} gives {have}: {fix}",
     "{who}需要输入 {want}，但 {name} 提供的是 {have}：{fix}"),
    ("set the data option flatten or add a Flatten layer", "请打开数据选项“展平图像”，或添加一个 Flatten 层"),
    ("add a Flatten layer after the Input", "请在 Input 之后添加一个 Flatten 层"),
    ("turn off the data option flatten or change the Input shape to {have}",
     "请关闭数据选项“展平图像”，或把 Input 的形状改为 {have}"),
    ("change the Input shape to {have} or add a Reshape layer", "请把 Input 的形状改为 {have}，或添加一个 Reshape 层"),
    ("set the Input shape to {have}", "请把 Input 的形状设为 {have}"),
    ("add a Reshape layer to {want} at the end", "请在最后添加一个变形为 {want} 的 Reshape 层"),
    ("set the last Dense units to {n}", "请把最后一个 Dense 层的 units 设为 {n}"),
    ("make the last layer give {want}", "请让最后一层输出 {want}"),
    ("the model's output has shape {out} but the data has one class per example: end with a Dense layer",
     "模型输出的形状是 {out}，但数据每个样本只有一个类别：请以一个 Dense 层结尾"),
    ("targets are class indices: use {loss}", "目标是类别编号：请使用 {loss}"),
    ("binary_crossentropy is for 2 classes but the data has {n}: use sparse_categorical_crossentropy",
     "binary_crossentropy 只适用于 2 个类别，但数据有 {n} 个：请使用 sparse_categorical_crossentropy"),
    ("with binary_crossentropy the output needs 1 unit but has {n}: set the last Dense units to 1, or use "
     "sparse_categorical_crossentropy",
     "使用 binary_crossentropy 时输出应为 1 个单元，但现在有 {n} 个：请把最后一个 Dense 层的 units 设为 1，"
     "或使用 sparse_categorical_crossentropy"),
    ("the model's output has {units} unit{s} but the data has {n} classes: {fix}",
     "模型的输出有 {units} 个单元，但数据有 {n} 个类别：{fix}"),
    ("set the last Dense units to 2, or use binary_crossentropy with a sigmoid",
     "请把最后一个 Dense 层的 units 设为 2，或配合 sigmoid 使用 binary_crossentropy"),
    ("the model's output is {out} but an autoencoder must rebuild its input, {want}: {fix}",
     "模型的输出是 {out}，但自编码器必须重建它的输入 {want}：{fix}"),
    ("the model's output is {out} but each target is {want}: {fix}", "模型的输出是 {out}，但每个目标是 {want}：{fix}"),
    ("the targets are real numbers, not class indices: use mean_squared_error",
     "目标是实数，不是类别编号：请使用 mean_squared_error"),
    ("the {what} go outside [0, 1], so binary_crossentropy cannot fit them: use mean_squared_error",
     "{what}超出了 [0, 1]，binary_crossentropy 无法拟合：请使用 mean_squared_error"),
    ("a GAN needs two models named generator and discriminator", "GAN 需要名为 generator 和 discriminator 的两个模型"),
    ("the discriminator has {n} inputs but the data gives one kind of example",
     "判别器有 {n} 个输入，但数据只提供一种样本"),
    ("the discriminator's output is {out}: set its last Dense units to 1",
     "判别器的输出是 {out}：请把它最后一个 Dense 层的 units 设为 1"),
    ("the generator makes {out} but {name} examples are {have}: make its last layer give {have2}",
     "生成器输出 {out}，但 {name} 的样本是 {have}：请让它的最后一层输出 {have2}"),
    # exports and training refused while the project is not ready
    ("the project has {n} error(s) to fix before exporting: {listed}", "项目有 {n} 个错误，修正后才能导出：{listed}"),
    ("training is running: stop it (or let it finish) before exporting the model",
     "正在训练：请先停止训练（或等它结束）再导出模型"),
    ("training failed", "训练失败"),
    # data that cannot be read
    ("unknown dataset {name}; known datasets: {names}", "未知的数据集 {name}；已知的数据集：{names}"),
    ("the image folder {path} does not exist", "图片文件夹 {path} 不存在"),
    ("the CSV file {path} does not exist", "CSV 文件 {path} 不存在"),
]  # fmt: skip

PHRASES = {
    "the model": "模型",
    "the discriminator": "判别器",
    "inputs": "输入",
    "targets": "目标",
}

_COMPILED = [(compile_template(english), chinese) for english, chinese in ERRORS]


def said_error(line: str, language: str) -> str:
    """An error's first line in `language`; as it is when no template knows it."""
    if language != "zh" or not line:
        return line
    return _translate(line, 0)


def _translate(text: str, depth: int) -> str:
    if text in PHRASES:
        return PHRASES[text]
    if depth > 3:
        return text
    for pattern, chinese in _COMPILED:
        match = pattern.match(text)
        if match:
            return chinese.format(**{k: _translate(v, depth + 1) for k, v in match.groupdict().items()})
    return text
