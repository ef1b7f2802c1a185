"""The phrase and sentence table that `nnbuilder.locale.problem_patterns` says English messages in Chinese with.

PATTERNS are tried in order and the first match wins, so longer, more specific templates come first.
"""

from __future__ import annotations

PHRASES = {  # English phrases inside pattern-matched sentences: (English, Chinese)
    "the batch axis": "批次维",
    "query": "query",
    "value": "value",
    "key": "key",
    "height": "高度方向",
    "width": "宽度方向",
    "their batch sizes differ": "它们的批次大小不同",
    "they have different ranks": "它们的秩不同",
    "element-wise merges need equal shapes (a size of 1 is stretched to fit)": (
        "逐元素合并要求形状相同（大小为 1 的维会被扩展）"
    ),
    "runs Python code": "会运行 Python 代码",
    "loads a SavedModel from disk and runs its code": "会从磁盘加载 SavedModel 并运行其中的代码",
    "wraps a Python function": "封装了一个 Python 函数",
    "runs a Python function given to it": "会运行传给它的 Python 函数",
    "runs Python functions given to it": "会运行传给它的多个 Python 函数",
    "wraps a Flax module, which is Python code": "封装了一个 Flax 模块（即 Python 代码）",
    "wraps a PyTorch module, which is Python code": "封装了一个 PyTorch 模块（即 Python 代码）",
    "is the base class of custom layers": "是自定义层的基类",
    "is the base class of custom wrappers": "是自定义包装层的基类",
    "is made by an Input node": "由 Input 节点生成",
    "takes Python layer objects": "需要 Python 层对象",
    "is not among the Keras layers known to be safe to build from a file": "不在可以安全地从文件构建的 Keras 层之列",
    "is not among the layers known to be safe to build from a file": "不在可以安全地从文件构建的层之列",
    "initializer": "初始化器",
    "regularizer": "正则化器",
    "constraint": "约束",
    "true or false": "布尔值（true 或 false）",
    "text": "文本",
    "text that is not blank": "非空白的文本",
    "a file or folder path": "文件或文件夹路径",
    "a positive integer": "正整数",
    "a positive number": "正数",
    "a non-negative integer": "非负整数",
    "a non-negative number": "非负数",
    "an integer": "整数",
    "a number": "数",
    "an axis (an integer) or a list of axes": "一个轴（整数）或轴的列表",
    "a list of positive integers (or null for a free size)": "正整数列表（null 表示尺寸不定）",
    "a list of positive integers, one of which may be -1 (worked out from the input size)": (
        "正整数列表，其中最多一个可以是 -1（由输入尺寸推算）"
    ),
    "an activation name such as 'relu', 'sigmoid' or 'softmax'": "激活函数名称，如 'relu'、'sigmoid' 或 'softmax'",
    "a layer such as {'class_name': 'LSTM', 'config': {'units': 32}}": (
        "一个层，如 {'class_name': 'LSTM', 'config': {'units': 32}}"
    ),
    "a layer's name is its node id; set the id instead": "层的名称就是节点 ID；请改节点 ID",
    "if you trust it, open it from Python with Project.load(path, trust=True) or Project.from_dict(data, trust=True)": (
        "如果你信任这个文件，请在 Python 中用 Project.load(path, trust=True) 或 "
        "Project.from_dict(data, trust=True) 打开"
    ),
}

PATTERNS = [  # (English template, Chinese template); {name} matches any text, translated when it is a phrase
    # argument validation (the one Param vocabulary)
    ("expected {what}, or null, got {value}", "应为{what}，或 null，实际为 {value}"),
    ("expected {what}, or null", "应为{what}，或 null"),
    ("expected {what}, got {value}", "应为{what}，实际为 {value}"),
    ("expected {what}", "应为{what}"),
    # trust refusals
    ("its argument {key} names a file, which building would read", "它的参数 {key} 指向一个文件，构建时会读取它"),
    (
        "its {key} is a file path, which building would read; give the values inline",
        "它的 {key} 是文件路径，构建时会读取它；请直接写出这些值",
    ),
    ("{path} points to the Python module {module}, not {where}", "{path} 指向 Python 模块 {module}，而不是 {where}"),
    ("{path} names the custom object {name}", "{path} 指定了自定义对象 {name}"),
    (
        "{path} holds a {cls} object; only layers, initializers, regularizers and constraints nest",
        "{path} 中是 {cls} 对象；只有层、初始化器、正则化器和约束可以嵌套",
    ),
    ("{path} wraps {cls}, which {reason}", "{path} 封装了 {cls}，它{reason}"),
    (
        "{path} names {cls}, which is not a Keras {role} nnbuilder knows",
        "{path} 指定的 {cls} 不是 nnbuilder 认识的 Keras {role}",
    ),
    # per-layer shape rules (nnbuilder/catalog/*.py)
    (
        "Input has no shape: set the shape of one sample, e.g. [28, 28, 1] for MNIST images",
        "Input 没有形状：请设置单个样本的形状，例如 MNIST 图像为 [28, 28, 1]",
    ),
    (
        "Dense expects a vector (batch, features) but gets a feature map {shape}; it would be applied to each position "
        "separately",
        "Dense 需要输入向量（批次, 特征），但得到的是特征图 {shape}；它会被分别作用在每个位置上",
    ),
    (
        "Dense needs the last axis of its input to be known, got {shape}",
        "Dense 需要知道输入最后一维的大小，实际得到 {shape}",
    ),
    ("Embedding needs a batch of token indices", "Embedding 需要一批词元索引作为输入"),
    ("Flatten needs an input with a batch axis", "Flatten 的输入必须带有批次维"),
    ("{layer} takes {wanted} inputs, got {n}", "{layer} 需要{wanted} 个输入，实际有 {n} 个"),
    (
        "{layer} cannot combine input 0 {first} with input {port} {other}: {why}",
        "{layer} 无法把输入 0 {first} 与输入 {port} {other} 合并：{why}",
    ),
    ("{layer} takes one axis (an integer), not {axis}", "{layer} 只接受一个轴（整数），而不是 {axis}"),
    (
        "{layer}: axis {axis} does not exist in its input {shape}, which has axes {low}..{high} "
        "(counting the batch axis)",
        "{layer}：输入 {shape} 中没有轴 {axis}，它的轴为 {low}..{high}（含批次维）",
    ),
    (
        "{layer}: axis {axis} does not exist in its input {shape}, which has axes {low}..{high}",
        "{layer}：输入 {shape} 中没有轴 {axis}，它的轴为 {low}..{high}",
    ),
    (
        "{layer}: axis {axis} does not exist in input {port} {shape}, which has axes {low}..{high}",
        "{layer}：输入 {port} {shape} 中没有轴 {axis}，它的轴为 {low}..{high}",
    ),
    (
        "all axes but the concatenation axis ({axis}) must agree, and axis {i} differs ({x} vs {y})",
        "除拼接轴（{axis}）外其他轴的大小必须一致，但轴 {i} 不同（{x} 与 {y}）",
    ),
    (
        "Dot: axes must be one axis or a pair (one axis per input), got {axes}",
        "Dot：axes 必须是一个轴或一对轴（每个输入一个），实际为 {axes}",
    ),
    (
        "Dot: axis 0 is the batch axis; the dot product must run over a feature axis",
        "Dot：轴 0 是批次维；点积必须沿特征轴计算",
    ),
    (
        "the dot-product axes must have the same size, but axis {a} of input 0 is {x} and axis {b} of input 1 is {y} "
        "(an unknown size cannot be checked against a known one)",
        "点积的两个轴大小必须相同，但输入 0 的轴 {a} 为 {x}，输入 1 的轴 {b} 为 {y}（未知尺寸无法与已知尺寸比较）",
    ),
    (
        "the dot-product axes must have the same size, but axis {a} of input 0 is {x} and axis {b} of input 1 is {y}",
        "点积的两个轴大小必须相同，但输入 0 的轴 {a} 为 {x}，输入 1 的轴 {b} 为 {y}",
    ),
    (
        "{layer} needs the number of features (last axis) of its input to be known, got {shape}",
        "{layer} 需要知道输入的特征数（最后一维），实际得到 {shape}",
    ),
    (
        "ScaledAdd adds its second input to its first, so both need the same shape; got {first} and {second}",
        "ScaledAdd 把第二个输入加到第一个输入上，所以两者的形状必须相同；现在是 {first} 和 {second}",
    ),
    (
        "LayerScale scales {dim} channels (projection_dim), but its input {shape} has {channels}; set projection_dim "
        "to {wanted}",
        "LayerScale 缩放 {dim} 个通道（projection_dim），但它的输入 {shape} 有 {channels} 个；请把 projection_dim "
        "设为 {wanted}",
    ),
    (
        "{owner}: stateful=True needs a fixed batch size, but the input {shape} has a free batch axis; set "
        "batch_size on the Input or turn stateful off",
        "{owner}：stateful=True 需要固定的批次大小，但输入 {shape} 的批次维不定；请在 Input 上设置 batch_size，"
        "或关闭 stateful",
    ),
    (
        "Bidirectional: {param} must be a recurrent layer such as {example}",
        "Bidirectional：{param} 必须是循环层，例如 {example}",
    ),
    (
        "Bidirectional can only wrap a recurrent layer (SimpleRNN, LSTM or GRU), not {name}",
        "Bidirectional 只能包装循环层（SimpleRNN、LSTM 或 GRU），不能包装 {name}",
    ),
    ("Bidirectional: the {name} in {param} needs {what}", "Bidirectional：{param} 中的 {name} 必须设置 {what}"),
    ("Bidirectional: {name} has no setting {key}", "Bidirectional：{name} 没有设置项 {key}"),
    ("Bidirectional: {name}.{key} in {param}: {why}", "Bidirectional：{param} 中的 {name}.{key}：{why}"),
    (
        "Bidirectional needs one layer reading forwards and one backwards, but both have go_backwards={value}",
        "Bidirectional 需要一个正向读取的层和一个反向读取的层，但两者的 go_backwards 都是 {value}",
    ),
    (
        "Bidirectional: layer and backward_layer must have the same {attr}, got {a} and {b}",
        "Bidirectional：layer 与 backward_layer 的 {attr} 必须相同，实际为 {a} 和 {b}",
    ),
    (
        "MultiHeadAttention expects a sequence (batch, steps, features) as {name}, but input {port} is {shape}",
        "MultiHeadAttention 的 {name} 需要序列（批次, 时间步, 特征），但输入 {port} 是 {shape}",
    ),
    (
        "MultiHeadAttention needs the number of features (last axis) of its {name} to be known, got {shape}",
        "MultiHeadAttention 需要知道 {name} 的特征数（最后一维），实际得到 {shape}",
    ),
    (
        "MultiHeadAttention: attention_axes {axes} must be axes between the batch and the feature axis, i.e. from 1 to "
        "{high} for rank-{rank} inputs",
        "MultiHeadAttention：attention_axes {axes} 必须位于批次维和特征维之间，对 {rank} 阶输入即 1 到 {high}",
    ),
    (
        "MultiHeadAttention takes a query, a value and optionally a key (2 or 3 inputs), got {n}",
        "MultiHeadAttention 接受 query、value 和可选的 key（2 或 3 个输入），实际有 {n} 个",
    ),
    (
        "MultiHeadAttention: flash attention does not support dropout; set dropout to 0 or turn flash_attention off",
        "MultiHeadAttention：flash attention 不支持 dropout；请把 dropout 设为 0 或关闭 flash_attention",
    ),
    (
        "MultiHeadAttention: the {name} {shape} must have the rank of the query {query}",
        "MultiHeadAttention：{name} {shape} 的秩必须与 query {query} 相同",
    ),
    (
        "MultiHeadAttention: key {key} and value {value} must have the same sizes on every axis but the last (an "
        "unknown size only matches an unknown size)",
        "MultiHeadAttention：key {key} 与 value {value} 除最后一维外各维大小必须相同（未知尺寸只与未知尺寸匹配）",
    ),
    (
        "MultiHeadAttention: axis {axis} is not attended, so query {query} and value {value} must agree on it ({q} vs "
        "{v})",
        "MultiHeadAttention：轴 {axis} 不参与注意力，"
        "所以 query {query} 与 value {value} 在这个轴上必须一致（{q} 与 {v}）",
    ),
    (
        "{layer}: axis {axis} is the batch axis of {shape}; normalize a feature axis instead "
        "(usually -1, the channels)",
        "{layer}：轴 {axis} 是 {shape} 的批次维；请改为对特征轴做归一化（通常是 -1，即通道）",
    ),
    (
        "{layer} needs the size of axis {axis} of its input to be known, got {shape}",
        "{layer} 需要知道输入中轴 {axis} 的大小，实际得到 {shape}",
    ),
    (
        "BatchNormalization: renorm_clipping must map rmax, rmin and/or dmax to numbers",
        "BatchNormalization：renorm_clipping 必须把 rmax、rmin 和/或 dmax 映射到数值",
    ),
    (
        "BatchNormalization: renorm_clipping has rmax={rmax} below rmin={rmin}",
        "BatchNormalization：renorm_clipping 中 rmax={rmax} 小于 rmin={rmin}",
    ),
    (
        "BatchNormalization normalizes over one axis (an integer), not {axes}",
        "BatchNormalization 只沿一个轴（整数）归一化，而不是 {axes}",
    ),
    (
        "LayerNormalization: axis lists the same axis twice ({axes} on {shape})",
        "LayerNormalization：axis 中同一个轴出现了两次（{shape} 上的 {axes}）",
    ),
    (
        "Normalization: {param} must be a number or a (nested) list of numbers, got {value}",
        "Normalization：{param} 必须是数或（嵌套的）数列表，实际为 {value}",
    ),
    (
        "Normalization: axis {axis} does not exist in its input {shape}, which has axes {low}..{high}",
        "Normalization：输入 {shape} 中没有轴 {axis}，它的轴为 {low}..{high}",
    ),
    (
        "Normalization keeps separate statistics along {what}, so its size must be known, but the input is {shape}",
        "Normalization 沿 {what} 分别统计，所以它的大小必须已知，但输入是 {shape}",
    ),
    # a settings object's factor (a regularizer's strength): before "axis {n}", which would take "axis of MaxNorm: ..."
    ("{factor} of {cls}: expected {what}", "{cls} 的 {factor}：应为{what}"),
    ("axis {n}", "轴 {n}"),
    (
        "Normalization: set both mean and variance, or neither (then adapt the layer to data)",
        "Normalization：mean 和 variance 要么都设置，要么都不设置（此时用数据 adapt 这个层）",
    ),
    (
        "Normalization: mean has shape {a} but variance has shape {b}",
        "Normalization：mean 的形状是 {a}，但 variance 的形状是 {b}",
    ),
    (
        "Normalization: mean and variance of shape {shape} do not fit the kept axes {keep} of {input} (sizes {sizes})",
        "Normalization：形状为 {shape} 的 mean 和 variance 与 {input} 中保留的轴 {keep}（大小 {sizes}）不匹配",
    ),
    (
        "{layer}: filters ({filters}) must be divisible by groups ({groups})",
        "{layer}：filters（{filters}）必须能被 groups（{groups}）整除",
    ),
    (
        "{layer}: the input's {channels} channels cannot be split into {groups} groups",
        "{layer}：输入的 {channels} 个通道无法分成 {groups} 组",
    ),
    (
        "{layer}: output_padding {extra} must be smaller than strides {strides} on every axis",
        "{layer}：output_padding {extra} 在每个轴上都必须小于 strides {strides}",
    ),
    ("kernel {kernel} with output_padding {extra}", "卷积核 {kernel} 加上 output_padding {extra}"),
    (
        "Reshape: target_shape {target} may hold sizes >= 0 and at most one -1 (a free size)",
        "Reshape：target_shape {target} 只能包含 ≥ 0 的尺寸，且最多一个 -1（自动推算的尺寸）",
    ),
    (
        "Reshape: the input {shape} holds {n} values per sample, which cannot fill target_shape {target}: {n2} is not "
        "a multiple of {m}",
        "Reshape：输入 {shape} 每个样本有 {n} 个值，无法填满 target_shape {target}：{n2} 不是 {m} 的倍数",
    ),
    (
        "Reshape: the input {shape} holds {n} values per sample but target_shape {target} holds {m}",
        "Reshape：输入 {shape} 每个样本有 {n} 个值，但 target_shape {target} 需要 {m} 个",
    ),
    (
        "Permute: dims must be a list of axes, such as {example}, not a single number",
        "Permute：dims 必须是轴的列表，例如 {example}，而不是单个数",
    ),
    (
        "Permute: dims {dims} must list each axis 1..{n} exactly once (axis 0, the batch, stays in place)",
        "Permute：dims {dims} 必须把轴 1..{n} 各列出一次（轴 0 即批次维保持不动）",
    ),
    (
        "Permute: dims {dims} reorder {n} axes, but the input {shape} has {m} axes besides the batch",
        "Permute：dims {dims} 重排 {n} 个轴，但输入 {shape} 除批次维外有 {m} 个轴",
    ),
    (
        "{layer}: {param} must be an integer >= 0, two of them (height, width) or two pairs ((top, bottom), (left, "
        "right)); got {value}",
        "{layer}：{param} 必须是 ≥ 0 的整数、两个这样的整数（高, 宽）或两对整数（(上, 下), (左, 右)）；实际为 {value}",
    ),
    (
        "Cropping2D: cropping {a}+{b} from the {axis} leaves nothing of its {size} input",
        "Cropping2D：在 {axis} 裁掉 {a}+{b} 后，{size} 的输入什么也不剩了",
    ),
    (
        "{layer}: {param} must be a number or a pair [low, high] of numbers in {span}, got {value}",
        "{layer}：{param} 必须是 {span} 中的一个数或一对数 [low, high]，实际为 {value}",
    ),
    (
        "RandomContrast: value_range must be [low, high] with low < high, got {value}",
        "RandomContrast：value_range 必须是 low < high 的 [low, high]，实际为 {value}",
    ),
    (
        "Resizing can either crop or pad to keep the aspect ratio, not both",
        "Resizing 为保持宽高比只能裁剪或填充，不能两者都选",
    ),
    (
        "PReLU: shared_axes {axes} does not fit the input {shape}; axes are counted from 1 (the first after the batch "
        "axis) to {n}",
        "PReLU：shared_axes {axes} 与输入 {shape} 不匹配；轴从 1（批次维之后的第一个）数到 {n}",
    ),
    (
        "PReLU learns one slope per input value, so every axis of {shape} must have a known size or be shared; axis "
        "{axis} is free",
        "PReLU 为每个输入值学习一个斜率，所以 {shape} 的每个轴都必须大小已知或被共享；轴 {axis} 的大小不定",
    ),
    (
        "Dropout: noise_shape {noise} does not fit the input {shape}; it needs one entry per axis ({n}), each 1 "
        "(shared), null or the input's size",
        "Dropout：noise_shape {noise} 与输入 {shape} 不匹配；它需要每个轴一项（共 {n} 项），"
        "每项为 1（共享）、null 或输入的大小",
    ),
    # phrases inside the sentences above: checked last, as they match widely
    ("exactly {n}", "恰好 {n}"),
    ("at least {n}", "至少 {n}"),
    ("{what} or a list of {n} such integers", "{what}，或 {n} 个这样的整数组成的列表"),
    ("{what} or a list of them", "{what}，或它们组成的列表"),
    ("a list of {n} integers {bounds}", "由 {n} 个{bounds} 的整数组成的列表"),
    ("a list of {n} integers", "由 {n} 个整数组成的列表"),
    ("one of {choices}", "以下之一：{choices}"),
    ("a dtype policy ({names})", "dtype 策略（{names}）"),
    ("a Keras argument name", "Keras 参数名"),
    ("an integer {bounds}", "{bounds} 的整数"),
    ("a number {bounds}", "{bounds} 的数"),
    ("{a} and {b}", "{a} 且{b}"),
    (">= {n}", "大于等于 {n}"),
    ("> {n}", "大于 {n}"),
    ("<= {n}", "小于等于 {n}"),
    ("< {n}", "小于 {n}"),
    ("{layer} has no argument {key}; did you mean {close}?", "{layer} 没有参数 {key}；你是想用 {close} 吗？"),
    ("{layer} has no argument {key}", "{layer} 没有参数 {key}"),
    ("{value} needs its settings: use {example}", "{value} 需要设置：请写成 {example}"),
    ("{cls} takes no settings, not {unknown}", "{cls} 没有可设置的项，不能设置 {unknown}"),
    ("{cls} takes {names}, not {unknown}", "{cls} 接受的设置是 {names}，没有 {unknown}"),
    ("a {noun} ({names}) or {example}", "{noun}（{names}）或 {example}"),
    ("an {noun} ({names}) or {example}", "{noun}（{names}）或 {example}"),
]
