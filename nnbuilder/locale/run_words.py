"""The run history's words in English and Chinese: the `nnbuilder runs` table, its messages and errors."""

from __future__ import annotations

from nnbuilder.locale.word_tables import word_in

WORDS = {  # key: (English, Chinese)
    # the table's columns
    "col_id": ("id", "编号"),
    "col_name": ("name", "名称"),
    "col_star": ("star", "星标"),
    "col_status": ("status", "状态"),
    "col_epochs": ("epochs", "轮数"),
    "col_duration": ("duration", "用时"),
    "col_best": ("best val", "最佳验证值"),
    "col_test": ("test", "测试"),
    # statuses
    "finished": ("finished", "已完成"),
    "stopped": ("stopped", "已停止"),
    "failed": ("failed", "失败"),
    # messages
    "no_runs": ("no runs recorded in {folder}", "{folder} 中没有记录的训练"),
    "deleted": ("deleted the run {run}", "已删除训练 {run}"),
    "renamed": ("renamed the run {run} to {name}", "已把训练 {run} 改名为 {name}"),
    "starred": ("starred the run {run}", "已给训练 {run} 加星标"),
    "unstarred": ("removed the star of the run {run}", "已去掉训练 {run} 的星标"),
    "wrote_csv": (
        "wrote the settings and results of {count} run(s) to {file}",
        "已把 {count} 次训练的设置和结果写入 {file}",
    ),
    "recorded": ("recorded the run {run} in {folder}", "训练 {run} 已记录在 {folder}"),
    "not_recorded": (
        "the run {run} could not be recorded in {folder}: {reason}",
        "训练 {run} 无法记录在 {folder}：{reason}",
    ),
    "not_opened": ("the run could not be recorded in {folder}: {reason}", "训练无法记录在 {folder}：{reason}"),
    # errors
    "no_folder": ("{folder}: no such runs folder", "{folder}：没有这个训练记录文件夹"),
    "not_folder": ("{folder}: expected a runs folder, found a file", "{folder}：需要训练记录文件夹，但这是一个文件"),
    "no_run": (
        "no run {run} in {folder}; the runs there are listed by `nnbuilder runs {folder}`",
        "{folder} 中没有训练 {run}；用 `nnbuilder runs {folder}` 列出那里的训练",
    ),
    "bad_id": (
        "{run}: expected a run id (the name of a run's folder, such as 20261206-204512-mnist-cnn)",
        "{run}：需要训练编号（训练文件夹的名字，例如 20261206-204512-mnist-cnn）",
    ),
    "bad_record": (
        "the run {run} in {folder} has an unreadable run.json: {reason}",
        "{folder} 中训练 {run} 的 run.json 无法读取：{reason}",
    ),
    "bad_name": (
        "the run {run}: expected a name of one line of text, got {name!r}",
        "训练 {run}：名称应为一行文字，实际得到 {name!r}",
    ),
    "compare_none": ("compare: expected at least one run", "compare：至少需要一次训练"),
}


def run_word(language: str, key: str, /, **values: object) -> str:
    """The words `key` in `language` ("en" or "zh") filled with `values`."""
    return word_in(WORDS, language, key, **values)
