"""The Builder's Data tab: choose a dataset, set its options, and preview the data beside the model.

The options form comes from the dataset registry (a field per option `Param`); each change is checked by
the project document's own rules, whose words are said in the tab's language, and written to the project's
`data` section. Preview loads the data in a worker thread (Keras sets may download), shows a few examples
and the shapes actually loaded, says plainly when an offline stand-in is in use, and checks the data
against the project's model.
"""

from __future__ import annotations

import copy
import threading
from html import escape

import ipywidgets

from nnbuilder.app import _data_preview_html as html
from nnbuilder.app._form_fields import FieldText, FormField
from nnbuilder.app._section_form import SectionForm
from nnbuilder.bridge.to_keras import build
from nnbuilder.checking.checker import check
from nnbuilder.data import DataError, as_dataset, check_data_against_model, data_problems, load_dataset, preview
from nnbuilder.data._paths import project_rule
from nnbuilder.document.data_options import default_of
from nnbuilder.document.datasets import OPTION_SPECS, dataset_info, datasets
from nnbuilder.document.params import Param
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.locale.dataset_words import dataset_description, dataset_title, section_problem_text
from nnbuilder.locale.error_words import said_error

PREVIEW_COUNT = 16

_LABELS = {
    "en": {
        "dataset": "Dataset", "dataset_help": "The data the model trains on. Built-in sets load offline; Keras "
        "sets download once.", "none": "— choose a dataset —", "arrays_label": "arrays (from the notebook)",
        "options": "Options", "no_options": "This dataset has no options.", "source": "Source",
        "source.keras": "Keras download (kept in the Keras cache)", "source.package": "ships with scikit-learn",
        "source.generated": "generated", "source.user": "your files", "source.notebook": "arrays from the notebook",
        "task": "Task", "task.classification": "classification", "task.binary": "binary classification",
        "task.regression": "regression", "task.forecasting": "forecasting", "input_shape": "Input shape",
        "target_shape": "Target shape", "classes": "Classes", "stand_in": "Offline stand-in",
        "depends": "depends on your data", "one_class": "one class index per example",
        "one_value": "one value per example", "no_targets": "none", "train": "Training examples",
        "test": "Test examples", "automatic": "automatic", "preview": "Preview",
        "preview_help": "Load the data and show a few examples, their shapes and whether they fit the model.",
        "loading": "Loading…", "loading_what": "Loading {name}… (a Keras set may take a while the first time)",
        "choose_first": "Choose a dataset first.",
        "no_arrays": "No arrays were passed from the notebook: give them with Builder(data=(x, y)).",
        "in_use": "In use: {title} ({name})", "in_use_stand_in": "In use: {stand_in}, standing in for {name}",
        "in_use_arrays": "In use: your arrays from the notebook", "next_value": "next: {value}",
        "default_shapes": "The shapes above are for the default options; press Preview for the shapes of "
        "the options set here.",
        "fits": "The data fits the model.", "misfit": "The data does not fit the model: {problems}",
        "fix_model": "Fix the model first ({count} errors); then the data can be checked against it.",
        "build_failed": "The model could not be built: {message}",
        "model_changed": "The model or the training settings changed since this preview: press Preview to "
        "check again.", "preview_failed": "The preview failed: {message}",
        "not_applied": "Not applied yet: fix the fields marked in red.", "previewing": "Previewing the data",
        "option.flatten": "Flatten images", "option.samples": "Training examples", "option.seed": "Random seed",
        "option.test_fraction": "Test fraction", "option.standardize": "Standardize features",
        "option.noise": "Noise", "option.num_words": "Vocabulary size", "option.maxlen": "Review length",
        "option.window": "Window length", "option.classes": "Classes", "option.path": "Path",
        "option.target": "Target column", "option.task": "Task", "option.image_size": "Image size",
        "option.color_mode": "Colour mode", "option.features": "Features per point",
        "option.targets": "Target encoding", "source.installed": "installed files (no download)",
    },
    "zh": {
        "dataset": "数据集", "dataset_help": "模型训练所用的数据。内置数据集可离线加载；Keras 数据集首次使用时下载。",
        "none": "— 选择数据集 —", "arrays_label": "arrays（来自笔记本）", "options": "选项",
        "no_options": "此数据集没有选项。", "source": "来源", "source.keras": "Keras 下载（保存在 Keras 缓存中）",
        "source.package": "随 scikit-learn 提供", "source.generated": "程序生成", "source.user": "你的文件",
        "source.notebook": "笔记本中的数组", "task": "任务", "task.classification": "分类",
        "task.binary": "二分类", "task.regression": "回归", "task.forecasting": "时间序列预测",
        "input_shape": "输入形状", "target_shape": "目标形状", "classes": "类别数", "stand_in": "离线替代数据",
        "depends": "取决于你的数据", "one_class": "每个样本一个类别编号", "one_value": "每个样本一个数值",
        "no_targets": "无", "train": "训练样本", "test": "测试样本", "automatic": "自动", "preview": "预览",
        "preview_help": "加载数据，显示几个样本、它们的形状，以及是否与模型匹配。", "loading": "加载中…",
        "loading_what": "正在加载 {name}…（Keras 数据集第一次加载可能较慢）", "choose_first": "请先选择一个数据集。",
        "no_arrays": "笔记本没有传入数组：请用 Builder(data=(x, y)) 传入。",
        "in_use": "正在使用：{title}（{name}）", "in_use_stand_in": "正在使用：{stand_in}，代替 {name}",
        "in_use_arrays": "正在使用：笔记本中的数组", "next_value": "下一个值：{value}",
        "default_shapes": "以上形状对应默认选项；点击“预览”查看当前选项下的形状。",
        "fits": "数据与模型匹配。", "misfit": "数据与模型不匹配：{problems}",
        "fix_model": "请先修正模型（{count} 个错误），然后才能用数据检查它。",
        "build_failed": "无法构建模型：{message}",
        "model_changed": "预览之后模型或训练设置已改变：请再次点击“预览”检查。",
        "preview_failed": "预览失败：{message}", "not_applied": "尚未应用：请先修正标红的字段。",
        "previewing": "预览数据",
        "option.flatten": "展平图像", "option.samples": "训练样本数", "option.seed": "随机种子",
        "option.test_fraction": "测试集比例", "option.standardize": "标准化特征", "option.noise": "噪声",
        "option.num_words": "词汇量", "option.maxlen": "评论长度", "option.window": "窗口长度",
        "option.classes": "类别数", "option.path": "路径", "option.target": "目标列", "option.task": "任务",
        "option.image_size": "图像尺寸", "option.color_mode": "颜色模式", "option.features": "每个点的特征数",
        "option.targets": "目标编码", "source.installed": "已安装的文件（无需下载）",
    },
}  # fmt: skip


def _choose_dataset(draft: dict, name: str) -> None:
    """A new dataset starts from its default options."""
    if (name or None) != draft.get("dataset"):
        draft.clear()
        draft.update(dataset=name or None, options={})


def _same(value, default) -> bool:
    if isinstance(value, (list, tuple)) and isinstance(default, (list, tuple)):
        return list(value) == list(default)
    return value == default and isinstance(value, bool) == isinstance(default, bool)


class DataTab(SectionForm):
    """The Data tab: `widget` is what the Builder shows; `on_change(project)` runs after each accepted
    edit with a project whose `data` section changed; `on_error(exc, what)` gets unexpected failures."""

    section = "data"
    LABELS = _LABELS

    def __init__(self, project, *, language="en", on_change=None, on_error=None):
        super().__init__(project, language=language, on_change=on_change, on_error=on_error)
        self._lock = threading.RLock()
        self._token = 0  # bumped whenever the data asked for changes, so a late preview is dropped
        self._user_data = None
        self._shown = None  # (preview, dataset, model check, project snapshot) on screen
        self.dataset_field = FormField(
            "data.dataset",
            "choice",
            self._dataset_texts,
            choices=self._dataset_choices(),
            on_edit=self.editor("the dataset", _choose_dataset),
        )
        self.facts = ipywidgets.HTML()
        self.options_title = ipywidgets.HTML()
        self.options_box = ipywidgets.VBox()
        self.preview_button = ipywidgets.Button(icon="eye")
        self.preview_button.on_click(self.guarded("previewing", lambda _button: self.preview()))
        self.preview_area = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [
                self.dataset_field.widget,
                self.facts,
                self.options_title,
                self.options_box,
                self.status,
                self.preview_button,
                self.preview_area,
            ]
        )
        self.widget.add_class("nnb-data-tab")
        self.rebuild()

    # ------------------------------------------------------------ public API
    def set_project(self, project) -> None:
        """Show `project` (changed elsewhere) without calling `on_change`. When its data section changed,
        the form is redrawn from it and edits not yet applied are dropped."""
        project = self._checked_project(project)
        with self._lock:
            changed = project.data != self._project.data
            self._project = project
            if changed:
                self._draft = copy.deepcopy(project.data)
                self._forget_preview()
            elif self._shown is not None and self._shown[3] != _snapshot(project):
                self._shown = (*self._shown[:2], ("model_changed",), self._shown[3])
                self._render_shown()
        if changed:
            self.rebuild()

    def relabel(self) -> None:
        super().relabel()
        self._show_static()
        with self._lock:
            if self._shown is not None:
                self._render_shown()
            elif self.preview_button.disabled:
                self.preview_area.value = html.message_html(self._loading_text(), "busy")

    def set_user_data(self, data) -> None:
        """Offer data from the notebook as the dataset "arrays": a Dataset, or what `as_dataset` takes
        (x, (x, y), ...); None takes it away."""
        dataset = None if data is None else as_dataset(data)
        with self._lock:
            self._user_data = dataset
            if self._draft.get("dataset") == "arrays":
                self._forget_preview()
        self.rebuild()

    @property
    def user_data(self):
        """The Dataset passed with `set_user_data`, or None."""
        return self._user_data

    def report(self, exc: BaseException, what: str) -> None:
        """Failures are reported with what was being done, in the tab's language."""
        super().report(exc, self.text(what) if what in _LABELS["en"] else what)

    def preview(self) -> threading.Thread | None:
        """Load the chosen data in a worker thread and show a few examples, the shapes loaded and whether
        they fit the model. Returns the thread (None when there is nothing to load)."""
        section = copy.deepcopy(self._draft)
        name = section.get("dataset")
        with self._lock:
            self._token += 1
            token, user, project = self._token, self._user_data, self._project
            self._shown = None
            if name is None or (name == "arrays" and user is None):
                self.preview_area.value = html.message_html(self.text("choose_first" if name is None else "no_arrays"))
                return None
            self.preview_button.disabled = True
            self.preview_button.description = self.text("loading")
            self.preview_area.value = html.message_html(self._loading_text(), "busy")
        worker = threading.Thread(
            target=self._load, args=(token, section, project, user), name="nnbuilder-data-preview", daemon=True
        )
        worker.start()
        return worker

    # ------------------------------------------------------------ the form
    def problems(self, draft) -> list:
        return [(path, section_problem_text(message, self.language)) for path, message in data_problems(draft)]

    def _dataset_choices(self) -> list:
        offered = self._user_data is not None or self._draft.get("dataset") == "arrays"
        return [""] + [name for name in datasets() if name != "arrays" or offered]

    def _dataset_texts(self, language: str) -> FieldText:
        def label(name):
            if name == "":
                return self.text("none")
            if name == "arrays":
                return self.text("arrays_label")
            return f"{dataset_title(dataset_info(name), language)} ({name})"

        def help_of(name):
            return dataset_description(dataset_info(name), language) if name else ""

        return FieldText(self.text("dataset"), self.text("dataset_help"), label, help_of)

    def _option_field(self, key: str, param: Param) -> FormField:
        def texts(language: str) -> FieldText:
            help_text = (param.help_zh or param.help) if language == "zh" else param.help
            auto = self.text("automatic")
            label = self.text(f"option.{key}") if f"option.{key}" in _LABELS["en"] else key.replace("_", " ")
            return FieldText(label, help_text, lambda c: auto if c is None else str(c))

        default = default_of(param)

        def change(draft, value):
            options = draft["options"] = dict(draft.get("options") or {})
            if _same(value, default):
                options.pop(key, None)
            else:
                options[key] = value

        field = FormField.for_param(f"data.options.{key}", param, texts, on_edit=self.editor(key, change))
        if field.kind == "choice" and param.takes_null:  # null ("automatic") is offered first
            field.set_choices([None, *param.choices])
        field.relabel(self._language)
        options = self._draft.get("options") or {}
        field.set_value(options.get(key, default))
        return field

    def rebuild(self) -> None:
        """Redraw the whole form from the draft."""
        name = self._draft.get("dataset")
        self.dataset_field.set_choices(self._dataset_choices())
        self.dataset_field.relabel(self._language)
        self.dataset_field.set_value(name or "")
        specs = OPTION_SPECS.get(name, {}) if isinstance(name, str) else {}
        option_fields = [self._option_field(key, param) for key, param in specs.items()]
        self.fields = [self.dataset_field, *option_fields]
        self.options_box.children = [field.widget for field in option_fields]
        self._show_static()
        self.show_problems(self.problems(self._draft))

    def _show_static(self) -> None:
        """The words that do not belong to a field: facts, headings, the button."""
        name = self._draft.get("dataset")
        if name is None or name == "arrays":
            self.options_title.value = ""
        elif len(self.fields) == 1:
            self.options_title.value = f"<i>{escape(self.text('no_options'))}</i>"
        else:
            self.options_title.value = f"<b>{escape(self.text('options'))}</b>"
        self.preview_button.tooltip = self.text("preview_help")
        if not self.preview_button.disabled:
            self.preview_button.description = self.text("preview")
        self.facts.value = self._facts()

    def _facts(self) -> str:
        name = self._draft.get("dataset")
        if name is None:
            return ""
        if name == "arrays":
            user = self._user_data
            if user is None:
                return html.message_html(self.text("no_arrays"), "misfit")
            sizes = (len(user.x_train), len(user.x_test))
            return html.facts_html(user.info, self.text, source_key="source.notebook", sizes=sizes,
                                   language=self.language)  # fmt: skip
        info = dataset_info(name)
        changed = bool(self._draft.get("options"))  # only values that differ from the defaults are kept
        return html.facts_html(info, self.text, source_key=f"source.{info.source}", options_changed=changed,
                               language=self.language)  # fmt: skip

    def after_edit(self, before) -> None:
        with self._lock:
            self._forget_preview()
        if before.get("dataset") != self._draft.get("dataset"):
            self.rebuild()

    # ------------------------------------------------------------ preview
    def _forget_preview(self) -> None:
        """The data asked for changed: drop what is shown and any preview still loading."""
        self._token += 1
        self._shown = None
        self.preview_area.value = ""
        self.preview_button.disabled = False
        self.preview_button.description = self.text("preview")

    def _loading_text(self) -> str:
        return self.text("loading_what", name=self._draft.get("dataset") or "")

    def _load(self, token: int, section: dict, project, user) -> None:
        failure, result = None, None
        try:
            if section["dataset"] == "arrays":
                dataset = user
            else:  # paths stay inside the project's folder (and the served folder) unless it is trusted
                dataset = load_dataset(section, paths=project_rule(project))
            shown = preview(dataset, PREVIEW_COUNT)
            result = (shown, dataset, _model_check(dataset, project), _snapshot(project))
        except DataError as exc:
            message = said_error(first_line(exc), self.language)
        except Exception as exc:
            failure, message = exc, self.text("preview_failed", message=first_line(exc))
        with self._lock:
            if token != self._token:
                return  # the data asked for changed while this loaded
            self.preview_button.disabled = False
            self.preview_button.description = self.text("preview")
            if result is None:
                self.preview_area.value = html.message_html(message, "misfit")
            else:
                if result[3] != _snapshot(self._project):
                    result = (*result[:2], ("model_changed",), _snapshot(self._project))
                self._shown = result
                self._render_shown()
        if failure is not None:
            self.report(failure, "previewing")

    def _render_shown(self) -> None:
        shown, dataset, check, _ = self._shown
        self.preview_area.value = html.preview_html(shown, dataset, self._check_line(check), self.text, self.language)

    def _check_line(self, check: tuple) -> tuple:
        kind = check[0]
        if kind == "fits":
            return "fits", self.text("fits")
        if kind == "misfit":
            said = (said_error(problem, self.language) for problem in check[1])
            return "misfit", self.text("misfit", problems="; ".join(said))
        if kind == "fix_model":
            return "misfit", self.text("fix_model", count=check[1])
        if kind == "build_failed":
            return "misfit", self.text("build_failed", message=check[1])
        return "muted", self.text("model_changed")


def _snapshot(project) -> dict:
    """What the data-against-model check depends on besides the data."""
    models = {name: graph.to_dict() for name, graph in project.models.items()}
    return {"models": models, "training": copy.deepcopy(project.training)}


def _model_check(dataset, project) -> tuple:
    """("fits",), ("misfit", problems), ("fix_model", error count) or ("build_failed", message)."""
    result = check(project)
    if not result.ok:
        return ("fix_model", len(result.errors))
    try:
        model = build(project)
    except (NNBuilderError, ValueError) as exc:
        return ("build_failed", first_line(exc))
    problems = check_data_against_model(dataset, model, project.training)
    return ("misfit", problems) if problems else ("fits",)
