"""The words of the Evaluate tab's clickable confusion matrix and the samples of a cell, in English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_of

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Confusion matrix",
        "hint": "Click a cell to see its test samples.",
        "picker_hint": "Too many classes for one button per cell: choose a cell of the matrix above.",
        "axis": "true ↓<br>predicted →",
        "accuracy": "accuracy",
        "cell_tip": "true {true}, predicted {pred}: {count} — click to see them",
        "head_empty": "true {true}, predicted {pred}: no samples",
        "shown": " (the first {shown} shown)",
        "in_order": "Each image's test index and the model's probability for {pred}, in reading order:",
        "sample": "test index",
        "probability": "probability of {pred}",
        "true_class": "true class",
        "predicted_class": "predicted class",
        "show": "Show samples",
    },
    "zh": {
        "title": "混淆矩阵",
        "hint": "点击一个格子，查看其中的测试样本。",
        "picker_hint": "类别太多，无法为每个格子放一个按钮：请在上面的矩阵中选一个格子。",
        "axis": "真实 ↓<br>预测 →",
        "accuracy": "准确率",
        "cell_tip": "真实 {true}，预测 {pred}：{count} 个，点击查看",
        "head_empty": "真实 {true}，预测 {pred}：没有样本",
        "shown": "（显示前 {shown} 个）",
        "in_order": "按阅读顺序列出每张图片的测试序号，以及模型预测为 {pred} 的概率：",
        "sample": "测试序号",
        "probability": "预测为 {pred} 的概率",
        "true_class": "真实类别",
        "predicted_class": "预测类别",
        "show": "显示样本",
    },
}


def word(language: str, key: str, /, **values: object) -> str:
    """The word `key` in `language` ("zh" for Chinese, English otherwise), filled with `values`."""
    return word_of(WORDS, language, key, **values)
