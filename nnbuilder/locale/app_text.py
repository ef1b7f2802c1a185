"""The Builder's own labels and messages in English and Chinese."""

from __future__ import annotations

from nnbuilder.locale.experiment_text import EXPERIMENT_TEXT
from nnbuilder.locale.inside_text import INSIDE_TEXT

LANGUAGES = ("en", "zh")
_TABS_TEXT = (EXPERIMENT_TEXT, INSIDE_TEXT)  # the words of the tabs that keep their own tables

_TEXT = {
    "en": {
        "page_title": "nnbuilder: build a neural network",
        "new": "New",
        "new_tip": "Start an empty project",
        "templates": "Templates",
        "templates_tip": "Open a ready-made network",
        "open": "Open…",
        "open_tip": "Open a project file (.nnb.json) from your computer",
        "save": "Save",
        "save_tip": "Save to the project's file (the first time: <name>.nnb.json beside the notebook)",
        "download": "Download",
        "download_tip": "Download the project file to your computer",
        "undo": "Undo",
        "redo": "Redo",
        "export": "Export",
        "export_tip": "Download the code or the model in the chosen format",
        "format_py": "Python code (.py)",
        "format_keras": "Keras model (.keras)",
        "format_savedmodel": "SavedModel (.zip)",
        "format_tflite": "TensorFlow Lite (.tflite)",
        "format_onnx": "ONNX (.onnx)",
        "language_tip": "Language of the app",
        "name_tip": "The project's name: saved and exported files are named after it",
        "name_placeholder": "Project name",
        "rename": "Renaming the project",
        "tab_data": "Data",
        "tab_train": "Train",
        "tab_evaluate": "Evaluate",
        "tab_code": "Code",
        "summary": "Model summary",
        "col_layer": "Layer",
        "col_type": "Type",
        "col_shape": "Output shape",
        "col_params": "Params",
        "total": "Total params: {total}",
        "trainable": "Trainable: {trainable} · non-trainable: {frozen}",
        "no_layers": "No layers yet: drag one from the palette.",
        "open_template": "Open",
        "close": "Close",
        "gallery_title": "Templates: click Open to load one (Undo brings your work back)",
        "restore_found": "Unsaved work was found from {when}: “{name}”, {layers} layers.",
        "restore": "Restore it",
        "discard": "Start fresh",
        "restored": "Restored the project saved at {when}.",
        "details": "Details",
        "hide_details": "Hide details",
        "dismiss": "Dismiss",
        "saved_to": "Saved to {path}.",
        "saved_new": "Saved as {name} in {folder}, beside the notebook; Save updates this file from now on.",
        "saved_download": "This app has no project file on the server, so Save downloaded {name} to your computer.",
        "new_project": "Started an empty project (Undo brings the previous one back).",
        "opened": "Opened {name}.",
        "loaded_template": "Loaded the template {name}.",
        "exporting": "Preparing {what}…",
        "exported": "Downloaded {name}.",
        "untrained": "{name} holds untrained weights: train the model first to export what it learned.",
        "evaluate": "Evaluate on the test set",
        "train_first": "Train the model first: evaluating random weights says nothing.",
        "what_summary": "Model summary",
        "what_data": "Data tab",
        "what_train": "Train tab",
        "what_code": "Code tab",
        "what_trainer": "Training",
        "what_language": "Language",
        "evaluating": "Evaluating…",
        "evaluate_hint": "Train the model, then evaluate it here (this runs by itself when training ends).",
        "evaluate_done": "Evaluated after {epochs} epoch(s).",
        "code_problems": "# The project cannot be exported yet:\n{problems}\n",
        "autosave": "Autosave",
        "error_in": "{what} failed: {message}",
        "autosave_failing": "Autosave failed: {message}. Your latest edits are not saved; this stays here until "
        "a save works (Download keeps a copy meanwhile).",
        "autosave_moved": "The autosave {file} could not be read ({reason}). It was kept as {moved} and will not "
        "be overwritten.",
        "conflict": "{file} was changed by someone else (another visitor, tab or program) while you were editing, "
        "so it was not overwritten. Your work is saved beside it in {copy}, and further edits go there.",
        "autosave_left": "{file} could not be read ({reason}), so it was left as it is; your edits will not "
        "overwrite it.",
        "project_unreadable": "The project file {file} could not be read ({reason}), so it was left as it is. This "
        "page starts without it, and your edits are autosaved for this browser tab.",
        "too_large": "{name} is {size}, too large to open here (at most {limit}); choose an nnbuilder project "
        "file (.nnb.json).",
        "upload_failed": "{name} could not be read in the browser: {reason}.",
        "size_bytes": "{n} bytes",
        "size_kb": "{n} KB",
        "size_mb": "{n} MB",
        "read_unknown": "an unknown error",
        "read_other": "{message}",
        "read_NotFoundError": "the file was moved or deleted after it was chosen",
        "read_NotReadableError": "the file could not be read (another program may hold it, or permission to "
        "read it was lost)",
        "read_SecurityError": "the browser did not allow reading it",
        "read_AbortError": "reading it was stopped",
    },
    "zh": {
        "page_title": "nnbuilder：搭建神经网络",
        "new": "新建",
        "new_tip": "新建一个空项目",
        "templates": "模板",
        "templates_tip": "打开一个现成的网络",
        "open": "打开…",
        "open_tip": "从电脑打开项目文件（.nnb.json）",
        "save": "保存",
        "save_tip": "保存到项目文件（第一次保存时：笔记本旁边的 <名称>.nnb.json）",
        "download": "下载",
        "download_tip": "把项目文件下载到你的电脑",
        "undo": "撤销",
        "redo": "重做",
        "export": "导出",
        "export_tip": "以所选格式下载代码或模型",
        "format_py": "Python 代码（.py）",
        "format_keras": "Keras 模型（.keras）",
        "format_savedmodel": "SavedModel（.zip）",
        "format_tflite": "TensorFlow Lite（.tflite）",
        "format_onnx": "ONNX（.onnx）",
        "language_tip": "界面语言",
        "name_tip": "项目名称：保存和导出的文件以它命名",
        "name_placeholder": "项目名称",
        "rename": "重命名项目",
        "tab_data": "数据",
        "tab_train": "训练",
        "tab_evaluate": "评估",
        "tab_code": "代码",
        "summary": "模型概要",
        "col_layer": "层",
        "col_type": "类型",
        "col_shape": "输出形状",
        "col_params": "参数",
        "total": "参数总数：{total}",
        "trainable": "可训练：{trainable} · 不可训练：{frozen}",
        "no_layers": "还没有层：从左侧拖一个进来。",
        "open_template": "打开",
        "close": "关闭",
        "gallery_title": "模板：点击“打开”载入（撤销可以找回原来的工作）",
        "restore_found": "发现 {when} 未保存的工作：“{name}”，共 {layers} 层。",
        "restore": "恢复",
        "discard": "重新开始",
        "restored": "已恢复 {when} 保存的项目。",
        "details": "详情",
        "hide_details": "收起详情",
        "dismiss": "关闭",
        "saved_to": "已保存到 {path}。",
        "saved_new": "已保存为 {folder} 中的 {name}（笔记本旁边）；之后“保存”会更新这个文件。",
        "saved_download": "这个应用在服务器上没有项目文件，所以“保存”把 {name} 下载到了你的电脑。",
        "new_project": "已新建空项目（“撤销”可找回之前的项目）。",
        "opened": "已打开 {name}。",
        "loaded_template": "已载入模板 {name}。",
        "exporting": "正在准备 {what}…",
        "exported": "已下载 {name}。",
        "untrained": "{name} 中是未训练的权重：先训练模型，才能导出学到的东西。",
        "evaluate": "在测试集上评估",
        "train_first": "请先训练模型：评估随机权重没有意义。",
        "what_summary": "模型概要",
        "what_data": "数据页",
        "what_train": "训练页",
        "what_code": "代码页",
        "what_trainer": "训练",
        "what_language": "语言",
        "evaluating": "正在评估…",
        "evaluate_hint": "先训练模型，再在这里评估（训练结束时会自动评估）。",
        "evaluate_done": "训练 {epochs} 轮后的评估结果。",
        "code_problems": "# 项目还不能导出：\n{problems}\n",
        "autosave": "自动保存",
        "error_in": "{what}失败：{message}",
        "autosave_failing": "自动保存失败：{message}。最近的修改还没有保存；在保存成功之前这条提示会一直显示"
        "（可以先用“下载”留一份副本）。",
        "autosave_moved": "无法读取自动保存文件 {file}（{reason}）。它已另存为 {moved}，不会被覆盖。",
        "conflict": "在你编辑期间，{file} 被其他人（另一位访问者、另一个标签页或其他程序）修改了，所以没有覆盖它。"
        "你的工作已保存在旁边的 {copy} 中，之后的修改也会保存到那里。",
        "autosave_left": "无法读取 {file}（{reason}），所以没有改动它；你的修改不会覆盖它。",
        "project_unreadable": "无法读取项目文件 {file}（{reason}），所以没有改动它。本页面不打开它，"
        "你的修改会自动保存到这个浏览器标签页自己的文件中。",
        "too_large": "{name} 有 {size}，太大，无法在这里打开（最多 {limit}）；请选择 nnbuilder 项目文件（.nnb.json）。",
        "upload_failed": "浏览器无法读取 {name}：{reason}。",
        "size_bytes": "{n} 字节",
        "size_kb": "{n} KB",
        "size_mb": "{n} MB",
        "read_unknown": "未知错误",
        "read_other": "浏览器报告的错误：{message}",
        "read_NotFoundError": "选择文件之后，它被移动或删除了",
        "read_NotReadableError": "无法读取该文件（可能被其他程序占用，或失去了读取权限）",
        "read_SecurityError": "浏览器不允许读取它",
        "read_AbortError": "读取被中止了",
    },
}


class Said(str):
    """A value inside a sentence that is said in the sentence's language (a size, a browser's reason);
    as a plain string it reads in English."""

    def say(self, language: str) -> str:
        return str(self)


def _english(key: str) -> str:
    for table in (_TEXT, *_TABS_TEXT):
        if key in table["en"]:
            return table["en"][key]
    raise KeyError(key)


def text(language: str, key: str, **values: object) -> str:
    """The label `key` in `language` (English when a translation is missing), filled with `values`."""
    table = _TEXT.get(language, _TEXT["en"])
    template = table.get(key) or next((t[language][key] for t in _TABS_TEXT if key in t.get(language, {})), None)
    template = template or _english(key)
    shown = {name: value.say(language) if isinstance(value, Said) else value for name, value in values.items()}
    return template.format(**shown) if shown else template


def check_language(language: str) -> str:
    """`language` when it is one the app speaks; a ValueError naming the choices otherwise."""
    if language not in LANGUAGES:
        raise ValueError(f"language: expected one of {', '.join(LANGUAGES)}, got {language!r}")
    return language
