"""One training step worked through in numbers: its notes and refusals in English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_in

SUPPORTED = (
    "one model whose nodes form a chain Input → Dense (one or more), with optional Activation and Dropout "
    "nodes; activations linear, relu, sigmoid, tanh, softmax, leaky_relu, elu; losses mse, mae, "
    "binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy; optimizers sgd "
    "(with momentum and nesterov), adam and rmsprop (with momentum and centered) at a constant learning rate, "
    "without weight decay or clipping; at most {limit} weights",
    "一个模型，节点连成一条链：Input → Dense（一个或多个），可以夹着 Activation 和 Dropout 节点；"
    "激活函数 linear、relu、sigmoid、tanh、softmax、leaky_relu、elu；损失 mse、mae、binary_crossentropy、"
    "categorical_crossentropy、sparse_categorical_crossentropy；优化器 sgd（含 momentum 和 nesterov）、"
    "adam 和 rmsprop（含 momentum 和 centered），学习率固定，不带权重衰减和梯度裁剪；权重至多 {limit} 个",
)

WORDS = {  # key: (English, Chinese)
    "supported": SUPPORTED,
    "one_model": (
        "the step view works on one model; this project has {count}: {names}. It shows: " + SUPPORTED[0],
        "单步视图只处理一个模型；这个项目有 {count} 个：{names}。它支持：" + SUPPORTED[1],
    ),
    "not_a_chain": (
        "node {node!r} ({layer}): {why}; the step view shows " + SUPPORTED[0],
        "节点 {node!r}（{layer}）：{why_zh}；单步视图支持" + SUPPORTED[1],
    ),
    "why_branch": ("the network branches or joins here", "网络在这里分叉或汇合"),
    "why_layer": ("this layer is not worked out by hand here", "这里不能手算这种层"),
    "why_input_shape": ("the input must be a flat vector, got shape {shape}", "输入必须是一维向量，实际形状为 {shape}"),
    "why_activation": ("activation {activation!r} is not supported", "不支持激活函数 {activation!r}"),
    "why_setting": (
        "setting {setting}={value!r} changes the step's arithmetic and is not shown here",
        "设置 {setting}={value!r} 会改变这一步的计算，这里不能展示",
    ),
    "why_before_dense": (
        "an Activation or Dropout node must come after a Dense node",
        "Activation 或 Dropout 节点必须位于 Dense 节点之后",
    ),
    "why_no_input": ("the model has no Input node", "模型没有 Input 节点"),
    "why_no_dense": ("the chain has no Dense node", "这条链上没有 Dense 节点"),
    "too_many_weights": (
        "node {node!r} ({layer}) brings the network to {count} weights; the step view works through at most "
        "{limit} by hand. It shows: " + SUPPORTED[0],
        "节点 {node!r}（{layer}）使网络的权重达到 {count} 个；单步视图最多手算 {limit} 个。它支持：" + SUPPORTED[1],
    ),
    "training_setting": (
        "training.{setting}: {value!r} is not worked out by the step view; it shows " + SUPPORTED[0],
        "training.{setting}：单步视图不计算 {value!r}；它支持" + SUPPORTED[1],
    ),
    "bad_x": (
        "x: expected {width} numbers per example (a 2-D array of shape (batch, {width}), or 1-D for one "
        "example), got shape {shape}",
        "x：每个样本需要 {width} 个数（形状为 (batch, {width}) 的二维数组，单个样本可为一维），实际形状为 {shape}",
    ),
    "bad_y": (
        "y: expected targets of shape {expected} for loss {loss}, got shape {shape}",
        "y：损失 {loss} 需要形状为 {expected} 的目标，实际形状为 {shape}",
    ),
    "bad_class": (
        "y: expected class indices from 0 to {last}, got {value!r}",
        "y：类别编号需要在 0 到 {last} 之间，实际得到 {value!r}",
    ),
    "bad_weights": (
        "weights for node {node!r}: expected [kernel of shape {kernel}, bias of shape {bias}], got {got}",
        "节点 {node!r} 的权重：需要 [形状为 {kernel} 的 kernel, 形状为 {bias} 的 bias]，实际得到 {got}",
    ),
    "missing_weights": (
        "weights: no weights for node {node!r}; give [kernel, bias] for every Dense node",
        "weights：缺少节点 {node!r} 的权重；请为每个 Dense 节点给出 [kernel, bias]",
    ),
    "bad_state": (
        "state: expected the StepRecord of an earlier step of the same network and optimizer ({optimizer}), got {got}",
        "state：需要同一网络、同一优化器（{optimizer}）上一步的 StepRecord，实际得到 {got}",
    ),
    "note_dropout": (
        "Dropout node {node!r} (rate {rate}) is treated as the identity here: the step shows the network "
        "without dropping units, as at inference, so the numbers can be checked by hand",
        "Dropout 节点 {node!r}（丢弃率 {rate}）在这里按恒等映射处理：这一步展示不丢弃单元的网络（与推理时相同），"
        "以便手工核对数字",
    ),
    "note_logits": (
        "the loss is computed from the logits z of the last {activation}, as Keras does for a {activation} "
        "output: the same value, without rounding near 0 and 1, and {formula}",
        "损失由最后一个 {activation} 之前的 logits z 计算，与 Keras 对 {activation} 输出的做法相同："
        "数值一样，但在 0 和 1 附近不会丢失精度，且 {formula}",
    ),
    "note_clip": (
        "the loss clips the outputs to [ε, 1 − ε] with ε = {epsilon} as Keras does; where an output is "
        "clipped its gradient is 0",
        "与 Keras 一样，损失把输出截断到 [ε, 1 − ε]（ε = {epsilon}）；被截断的输出梯度为 0",
    ),
    "note_adam_epsilon": (
        "Keras adds ε to √v, not to √v̂: the update is −lr·√(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε), which equals "
        "−lr·m̂/(√v̂ + ε/√(1−β2ᵗ))",
        "Keras 把 ε 加在 √v 上，而不是 √v̂ 上：更新量为 −lr·√(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε)，等于 −lr·m̂/(√v̂ + ε/√(1−β2ᵗ))",
    ),
    "note_mean": (
        "the loss is the mean over the batch of {batch} examples (Keras' default reduction), so each gradient "
        "carries a factor 1/{batch}",
        "损失是这一批 {batch} 个样本的平均值（Keras 的默认归约方式），所以每个梯度都带有因子 1/{batch}",
    ),
}


def step_word(language: str, key: str, /, **values: object) -> str:
    """The words `key` in `language` ("en" or "zh") filled with `values`."""
    return word_in(WORDS, language, key, **values)
