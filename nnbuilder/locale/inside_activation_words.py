"""The words of the Inside tab's activations view (a sample, what the selected node outputs on it, the digit pad)
in English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_of

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "label": "Activations",
        "sample": "Sample",
        "sample_of_test": "from the {count} test examples",
        "sample_of_train": "from the {count} training examples (this data has no test split)",
        "sample_range": "sample {index} does not exist: choose a sample from 0 to {last}",
        "no_samples": "the data has no examples to show",
        "label_is": "label: {label}",
        "class_is": "class {index}: {name}",
        "no_label": "no label",
        "loading": "Loading the data…",
        "no_node": "Select a node on the canvas to see what it outputs on this sample.",
        "not_computed": "node {node!r} is not computed by model {model!r}: select one of its nodes",
        "output_of": "output of {node}",
        "shape_is": "shape {shape}",
        "range_is": "values from {low} to {high}",
        "maps_shown": "{maps} of {channels} channels shown",
        "bars_shown": "{shown} of {total} values shown",
        "lines_shown": "{shown} of {total} channels shown",
        "untrained": "starting weights (not trained yet)",
        "trained": "after {epochs} epoch(s) of training",
        "draw": "Draw a digit",
        "draw_hint": "Draw with the mouse in the box; the network guesses as you draw.",
        "clear": "Clear",
        "use_drawing": "Use the drawing as the sample",
        "prediction": "What the network predicts for the drawing",
        "blank": "Draw a digit to see what the network predicts.",
        "probability": "probability",
        "value": "value",
        "class": "class",
        "on_canvas": "Show on the canvas and in the inspector",
    },
    "zh": {
        "label": "激活值",
        "sample": "样本",
        "sample_of_test": "取自 {count} 个测试样本",
        "sample_of_train": "取自 {count} 个训练样本（这份数据没有测试集）",
        "sample_range": "样本 {index} 不存在：请选择 0 到 {last} 之间的样本",
        "no_samples": "数据中没有可显示的样本",
        "label_is": "标签：{label}",
        "class_is": "类别 {index}：{name}",
        "no_label": "无标签",
        "loading": "正在加载数据…",
        "no_node": "在画布上选择一个节点，查看它对这个样本的输出。",
        "not_computed": "模型 {model!r} 不计算节点 {node!r}：请选择该模型中的节点",
        "output_of": "{node} 的输出",
        "shape_is": "形状 {shape}",
        "range_is": "数值范围 {low} 到 {high}",
        "maps_shown": "显示了 {channels} 个通道中的 {maps} 个",
        "bars_shown": "显示了 {total} 个数值中的 {shown} 个",
        "lines_shown": "显示了 {total} 个通道中的 {shown} 个",
        "untrained": "初始权重（尚未训练）",
        "trained": "已训练 {epochs} 轮",
        "draw": "手写数字",
        "draw_hint": "在方框里用鼠标书写；网络会边看边猜。",
        "clear": "清除",
        "use_drawing": "把手写的数字作为样本",
        "prediction": "网络对手写数字的预测",
        "blank": "写一个数字，看看网络的预测。",
        "probability": "概率",
        "value": "数值",
        "class": "类别",
        "on_canvas": "在画布和属性面板中显示",
    },
}


def word(language: str, key: str, /, **values: object) -> str:
    """The view's word `key` in `language` ("zh" for Chinese, English otherwise), its blanks filled."""
    return word_of(WORDS, language, key, **values)
