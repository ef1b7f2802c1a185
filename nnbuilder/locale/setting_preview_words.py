"""The words of the previews under the Train settings' loss and schedule fields, in English and Chinese (their
axes and the steps-per-epoch sentence are the Inside tab's curve words, `inside_curve_words`)."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_of

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "loss_preview": "{loss} against the prediction, for the target {target}",
        "loss_preview_class": "{loss} against the probability of the target class {target}, of {classes} classes",
        "schedule_preview": "The learning rate over the {epochs} planned epoch(s), schedule {schedule}",
        "computing_loss": "computing the curve of {loss}…",
        "computing_schedule": "computing the learning rate of {schedule}…",
        "no_loss_preview": "No curve of the loss {loss}: {error}",
        "no_schedule_preview": "No preview of the schedule {schedule}: {error}",
    },
    "zh": {
        "loss_preview": "目标值为 {target} 时，{loss} 随预测值的变化",
        "loss_preview_class": "目标类别为 {target}（共 {classes} 类）时，{loss} 随该类别预测概率的变化",
        "schedule_preview": "计划的 {epochs} 轮中的学习率，调度方式 {schedule}",
        "computing_loss": "正在计算 {loss} 的曲线…",
        "computing_schedule": "正在计算 {schedule} 的学习率…",
        "no_loss_preview": "无法画出损失 {loss} 的曲线：{error}",
        "no_schedule_preview": "无法预览调度方式 {schedule}：{error}",
    },
}


def word(language: str, key: str, /, **values: object) -> str:
    """The preview's word `key` in `language` ("zh" for Chinese, English otherwise), its blanks filled."""
    return word_of(WORDS, language, key, **values)
