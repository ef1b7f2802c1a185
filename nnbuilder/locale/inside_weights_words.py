"""The words of the Inside tab's weights-and-gradients view, in English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_of

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "label": "Weights & gradients",
        "in_inspector": "Show the selected layer's histograms in the inspector",
        "train_to_see": "Train to see the weights and gradients of each layer: their histograms appear when training "
        "starts, their norms after each epoch.",
        "no_records": "This training records no weights: weight_stats is off, or its recipe (GAN) makes none.",
        "no_weights": "Node {node} has no weights; all layers with weights are shown.",
        "record_start": "Starting weights, before the first training step.",
        "record_batch": "Epoch {epoch}, after {batch} batch(es) (step {step}).",
        "record_epoch_end": "End of epoch {epoch} (step {step}).",
        "weights": "weights",
        "gradients": "gradients",
        "no_gradients": "no gradient (not trained)",
        "range": "range {low} to {high}",
        "count": "{count} values",
        "nonfinite": "{count} NaN or infinite",
        "layer": "Layer {node}",
        "norms_title": "Norms per layer over the epochs",
        "weight_norm": "weight norm ‖W‖",
        "gradient_norm": "gradient norm ‖∂L/∂W‖ (log scale)",
        "epoch": "epoch",
        "norms_later": "The norms per layer are drawn at the end of each epoch.",
        "no_gradient_norms": "No gradient norms were recorded.",
        "gradients_on": "Gradients on {rows} training rows ({backend}).",
    },
    "zh": {
        "label": "权重与梯度",
        "in_inspector": "在属性面板中显示所选层的直方图",
        "train_to_see": "开始训练即可查看每一层的权重和梯度：训练开始时显示它们的直方图，每轮结束后显示它们的范数。",
        "no_records": "这次训练不记录权重：weight_stats 已关闭，或者它的训练方式（GAN）不做记录。",
        "no_weights": "节点 {node} 没有权重；下面显示所有带权重的层。",
        "record_start": "初始权重，第一步训练之前。",
        "record_batch": "第 {epoch} 轮，已训练 {batch} 个批次（第 {step} 步）。",
        "record_epoch_end": "第 {epoch} 轮结束（第 {step} 步）。",
        "weights": "权重",
        "gradients": "梯度",
        "no_gradients": "没有梯度（不参与训练）",
        "range": "范围 {low} 到 {high}",
        "count": "共 {count} 个值",
        "nonfinite": "{count} 个 NaN 或无穷大",
        "layer": "层 {node}",
        "norms_title": "各层范数随轮次的变化",
        "weight_norm": "权重范数 ‖W‖",
        "gradient_norm": "梯度范数 ‖∂L/∂W‖（对数刻度）",
        "epoch": "轮次",
        "norms_later": "每轮结束时绘制各层的范数。",
        "no_gradient_norms": "没有记录梯度范数。",
        "gradients_on": "梯度在 {rows} 行训练数据上计算（{backend}）。",
    },
}


def word(language: str, key: str, /, **values: object) -> str:
    """The view's word `key` in `language` ("zh" for Chinese, English otherwise), its blanks filled."""
    return word_of(WORDS, language, key, **values)
