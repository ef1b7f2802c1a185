"""The words of the Inside tab's forecast view (a sequence model continuing a window of its data step by step) in
English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_of

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "label": "Forecast",
        "window": "Window",
        "window_help": "which window of the data the forecast starts from",
        "steps": "Steps ahead",
        "steps_help": "how many steps the model predicts, each fed back as the newest input",
        "from_test": "Window {index} of {count} in the test data.",
        "from_train": "Window {index} of {count} in the training data (the data has no test split).",
        "no_windows": "The data has no windows to start a forecast from.",
        "untrained": "Not trained yet: the forecast comes from the network's starting weights.",
        "trained": "Forecast after {epochs} epoch(s) of training.",
        "running": "Training is running: the forecast is redrawn after each epoch.",
        "truth_steps": "The dashed line is the data's own continuation for {count} step(s).",
        "truth_next": (
            "The data holds only the value that follows each window (its windows are separate series), so the true "
            "value is drawn for the first forecast step only."
        ),
        "truth_none": "The data holds no true continuation of this window: only the forecast is drawn.",
        "first_feature": "The chart shows the first of the {features} features of each step.",
        "known": "known (the window)",
        "forecast": "forecast",
        "truth": "true values",
        "step": "step",
        "value": "value",
        "chart_title": "{steps} step(s) forecast after a window of {known} step(s)",
    },
    "zh": {
        "label": "预测未来",
        "window": "窗口",
        "window_help": "从数据中的哪一个窗口开始预测",
        "steps": "预测步数",
        "steps_help": "模型要预测多少步，每一步的预测都作为最新的输入送回模型",
        "from_test": "测试数据中 {count} 个窗口里的第 {index} 个。",
        "from_train": "训练数据中 {count} 个窗口里的第 {index} 个（这份数据没有测试集）。",
        "no_windows": "这份数据中没有可以作为预测起点的窗口。",
        "untrained": "尚未训练：预测来自网络的初始权重。",
        "trained": "训练 {epochs} 轮后的预测。",
        "running": "正在训练：每轮结束后预测随之更新。",
        "truth_steps": "虚线是数据中真实的后续值，共 {count} 步。",
        "truth_next": (
            "这份数据只给出每个窗口之后紧接着的一个值（各窗口是互不相连的序列），所以只在预测的第一步画出真实值。"
        ),
        "truth_none": "这份数据没有这个窗口真实的后续值：只画出预测。",
        "first_feature": "图中显示的是每个时间步 {features} 个特征中的第一个。",
        "known": "已知部分（窗口）",
        "forecast": "预测",
        "truth": "真实值",
        "step": "时间步",
        "value": "数值",
        "chart_title": "在 {known} 步的窗口之后预测 {steps} 步",
    },
}


def word(language: str, key: str, /, **values: object) -> str:
    """The view's word `key` in `language` ("zh" for Chinese, English otherwise), its blanks filled."""
    return word_of(WORDS, language, key, **values)
