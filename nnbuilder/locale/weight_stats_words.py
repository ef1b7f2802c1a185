"""What a weights record says when it carries no gradients, in English and Chinese."""

from __future__ import annotations

NO_GRADIENTS_BACKEND = {
    "en": "weights only: gradients are computed on the TensorFlow and JAX backends, not on {backend}",
    "zh": "只记录权重：梯度只在 TensorFlow 和 JAX 后端上计算，{backend} 后端不支持",
}
NO_TARGETS = {
    "en": "weights only: the training data has no targets to compute a loss with",
    "zh": "只记录权重：训练数据没有目标值，无法计算损失",
}
GRADIENTS_FAILED = {
    "en": "weights only: the gradients could not be computed ({reason})",
    "zh": "只记录权重：无法计算梯度（{reason}）",
}


def said(words: dict[str, str], **values: str) -> tuple[str, str]:
    """(English, Chinese) of one entry, its `{names}` filled in."""
    return words["en"].format(**values), words["zh"].format(**values)
