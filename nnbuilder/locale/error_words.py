"""The first lines of errors the app shows (data that does not fit the model, refused exports, failed
training), said in Chinese: each English sentence template beside its Chinese one.

A sentence no template matches is shown as it is, after the Chinese words saying what failed.
"""

from __future__ import annotations

from nnbuilder.locale.problem_patterns import compile_template

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
    ("data.options.targets is class_index but {loss} needs one-hot rows: set data.options.targets to auto or "
     "one_hot, or use sparse_categorical_crossentropy",
     "data.options.targets 是 class_index，但 {loss} 需要独热（one-hot）行：请把 data.options.targets 设为 auto "
     "或 one_hot，或使用 sparse_categorical_crossentropy"),
    ("data.options.targets is one_hot but {loss} needs class indices: set data.options.targets to auto or "
     "class_index, or use categorical_crossentropy",
     "data.options.targets 是 one_hot，但 {loss} 需要类别编号：请把 data.options.targets 设为 auto 或 "
     "class_index，或使用 categorical_crossentropy"),
    ("data.options.targets is {chosen} but {name} has {task} targets, not classes: set data.options.targets to "
     "auto",
     "data.options.targets 是 {chosen}，但 {name} 的目标是 {task} 目标，不是类别：请把 data.options.targets 设为 "
     "auto"),
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
    ("the CSV file {path} is not UTF-8 text", "CSV 文件 {path} 不是 UTF-8 文本"),
    ("every row of the CSV file {path} has a missing value", "CSV 文件 {path} 的每一行都有缺失值"),
    ("data.dataset: no dataset is chosen; pick one of {names}",
     "data.dataset：还没有选择数据集；请从 {names} 中选一个"),
    ("data.options.{option}: expected a file or folder path, got {text}",
     "data.options.{option}：应为文件或文件夹路径，得到的是 {text}"),
    ("data.options.{option}: the path {text} cannot be used ({why})",
     "data.options.{option}：路径 {text} 无法使用（{why}）"),
    ("data.options.{option}: {text} is outside the data folder {where}; use a file inside it, or, if you trust the "
     "project, open it with Project.load(path, trust=True)",
     "data.options.{option}：{text} 在数据文件夹 {where} 之外；请使用其中的文件，或者在信任该项目时用 "
     "Project.load(path, trust=True) 打开它"),
    ("data.options.{option}: {text} is inside {folder}, where the app keeps its own files",
     "data.options.{option}：{text} 位于 {folder} 中，那里存放的是应用自己的文件"),
    ("{name} could not be loaded from the Keras cache or downloaded, and its offline stand-in needs {package}, "
     "which is not installed",
     "{name} 无法从 Keras 缓存加载，也无法下载；它的离线替代数据需要 {package}，但尚未安装"),
    ("{name}: loading it needs {package}, which is not installed", "{name}：加载它需要 {package}，但尚未安装"),
    ("Fashion-MNIST is not installed in {folder}: install Debian's package dataset-fashion-mnist "
     "(apt-get install dataset-fashion-mnist)",
     "Fashion-MNIST 没有安装在 {folder}：请安装 Debian 软件包 dataset-fashion-mnist"
     "（apt-get install dataset-fashion-mnist）"),
    ("{path} could not be read ({why})", "{path} 无法读取（{why}）"),
    ("{path} is not an idx file of unsigned bytes", "{path} 不是无符号字节的 idx 文件"),
    ("{path} is cut short: its header says {size} bytes of data", "{path} 不完整：文件头写明数据有 {size} 字节"),
    # training and evaluation
    ("training is already running: stop it first", "训练正在进行：请先停止它"),
    ("training is running: stop it or wait for it before evaluating", "训练正在进行：请先停止或等它结束再评估"),
    ("{name}: there is no test data to evaluate on (x_test is empty)",
     "{name}：没有可用于评估的测试数据（x_test 为空）"),
    ("{name}: the test data has no targets (y_test), so the model cannot be scored",
     "{name}：测试数据没有目标（y_test），无法为模型打分"),
    ("the model predicts {n} values for {m} targets: their shapes differ",
     "模型为 {m} 个目标预测了 {n} 个值：二者形状不同"),
    ("epochs: expected a whole number of at least 1, got {value}", "epochs：应为至少为 1 的整数，得到的是 {value}"),
    # building and exporting models
    ("Keras refused {layer}: {why}", "Keras 拒绝了 {layer}：{why}"),
    ("Keras could not assemble the model: {why}", "Keras 无法组装这个模型：{why}"),
    ("{fmt} export needs the TensorFlow backend (this run uses {backend})",
     "导出 {fmt} 需要 TensorFlow 后端（当前使用 {backend}）"),
    ("{fmt} export needs the package {package}; install it first", "导出 {fmt} 需要 {package} 包；请先安装它"),
    ("onnx export cannot convert layer {layer}: {why}; export the model without it, "
     "or choose keras, savedmodel or tflite",
     "导出 onnx 时无法转换层 {layer}：{why}；请导出不含它的模型，或改选 keras、savedmodel 或 tflite"),
    ("onnx export failed: output {index} of the ONNX file differs from Keras ({found})",
     "导出 onnx 失败：ONNX 文件的第 {index} 个输出与 Keras 不同（{found}）"),
    ("{fmt} export failed: {why}", "导出 {fmt} 失败：{why}"),
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
