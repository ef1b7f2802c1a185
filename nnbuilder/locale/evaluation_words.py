"""The evaluation view's words in English and Chinese, and Chinese names of the usual Keras metrics."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_in

WORDS = {  # key: (English, Chinese)
    "no_metrics": ("No test metrics (the model was not compiled).", "没有测试指标（模型没有编译）。"),
    "cell": ("true {true}, predicted {pred}: {count} sample{s}", "真实 {true}，预测 {pred}：{count} 个样本"),
    "axis": ("true ↓<br>predicted →", "真实 ↓<br>预测 →"),
    "accuracy": ("accuracy", "准确率"),
    "input": ("input", "输入"),
    "output": ("output", "输出"),
    "test_sample": ("test sample", "测试样本"),
    "pairs": ("Inputs and their reconstructions", "输入及其重建结果"),
    "generated": ("Generated samples", "生成的样本"),
    "test_samples": ("Test samples", "测试样本"),
    "right_wrong": (" (green: right, red: wrong)", "（绿色：正确，红色：错误）"),
    "caption": ("true {true} · <b>predicted {pred}</b>{sure}", "真实 {true} · <b>预测 {pred}</b>{sure}"),
    "no_finite": ("No finite predictions to plot.", "没有可以绘制的有限预测值。"),
    "true": ("true", "真实值"),
    "predicted": ("predicted", "预测值"),
    "scatter_label": ("predicted against true values", "预测值与真实值的对比"),
    "empty": (
        "No evaluation yet: train the model, then show evaluate(...) here.",
        "还没有评估结果：先训练模型，再在这里显示 evaluate(...) 的结果。",
    ),
    "head": ("Test results", "测试结果"),
    "count_generated": ("{count} generated samples", "{count} 个生成样本"),
    "count_test": ("{count} test samples", "{count} 个测试样本"),
    "confusion": ("Confusion matrix", "混淆矩阵"),
    "regression": ("Predicted against true (dashed: perfect predictions)", "预测值与真实值（虚线：完全准确的预测）"),
    "mse": ("MSE {value}", "均方误差 {value}"),
}

METRICS_ZH = {  # Keras metric names as the results name them
    "loss": "损失",
    "accuracy": "准确率",
    "acc": "准确率",
    "binary_accuracy": "二分类准确率",
    "categorical_accuracy": "分类准确率",
    "sparse_categorical_accuracy": "分类准确率",
    "top_k_categorical_accuracy": "Top-k 准确率",
    "sparse_top_k_categorical_accuracy": "Top-k 准确率",
    "mae": "平均绝对误差",
    "mean_absolute_error": "平均绝对误差",
    "mse": "均方误差",
    "mean_squared_error": "均方误差",
    "rmse": "均方根误差",
    "root_mean_squared_error": "均方根误差",
    "mape": "平均绝对百分比误差",
    "mean_absolute_percentage_error": "平均绝对百分比误差",
    "auc": "AUC",
    "precision": "精确率",
    "recall": "召回率",
    "r2_score": "R² 决定系数",
    "crossentropy": "交叉熵",
    "binary_crossentropy": "二元交叉熵",
    "categorical_crossentropy": "分类交叉熵",
    "sparse_categorical_crossentropy": "分类交叉熵",
    "d_loss": "判别器损失",
    "g_loss": "生成器损失",
}


def word(language: str, key: str, /, **values: object) -> str:
    """The words `key` in `language` ("en" or "zh") filled with `values`."""
    return word_in(WORDS, language, key, **values)


def metric_name(name: str, language: str) -> str:
    """A metric's name in `language` (its Keras name where no translation is known)."""
    if language != "zh" or name not in METRICS_ZH:
        return name
    return METRICS_ZH[name]
