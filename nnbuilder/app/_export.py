"""Exporting from the app: the code, the (trained, when there is one) model in a file format, or the project's
hyperparameter search as a script of its own."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from nnbuilder.app._trainer_link import training_key
from nnbuilder.bridge import model_files
from nnbuilder.bridge.model_files import EXPORT_FORMATS as FORMATS
from nnbuilder.bridge.model_files import SUFFIXES, format_from_path
from nnbuilder.bridge.to_keras import build
from nnbuilder.checking.checker import check
from nnbuilder.codegen import export_code
from nnbuilder.codegen.search_script import search_script
from nnbuilder.document.files import write_atomic
from nnbuilder.document.models import top_level_models
from nnbuilder.document.project import Project
from nnbuilder.errors import NNBuilderError, bilingual_error

APP_FORMATS = (*FORMATS, "search")  # the toolbar's choices: the formats, then the search script
_SUFFIX = {"py": ".py", "keras": ".keras", "savedmodel": "_savedmodel.zip", "tflite": ".tflite", "onnx": ".onnx",
           "search": "_search.py"}  # fmt: skip
_MIME = {"py": "text/x-python", "search": "text/x-python", "savedmodel": "application/zip"}


def file_stem(project: Project) -> str:
    """A safe file name stem from the project's name ("MNIST CNN" → "mnist_cnn", "手写数字" stays):
    letters and digits of any script, everything else one underscore, at most 64 characters."""
    stem = re.sub(r"[\W_]+", "_", (project.name or "").lower()).strip("_")[:64].strip("_")
    return stem or "model"


def refuse_errors(project: Project) -> None:
    """Nothing is exported from a project that does not check clean: the problems are named instead."""
    errors = check(project).errors
    if errors:
        more = len(errors) > 3

        def listed(language: str, joint: str) -> str:
            return joint.join(problem.located(language) for problem in errors[:3]) + (joint + "…" if more else "")

        count = len(errors)
        raise bilingual_error(
            f"the project has {count} error(s) to fix before exporting: {listed('en', '; ')}",
            f"项目有 {count} 个错误，修正后才能导出：{listed('zh', '；')}",
        )


def model_to_export(project: Project, trainer=None):
    """(model, trained): the trainer's model when it has trained this very project, else a fresh build."""
    if trainer is not None and getattr(trainer, "models", None) and trainer.epoch > 0:
        if trainer.running:
            raise NNBuilderError("training is running: stop it (or let it finish) before exporting the model")
        if training_key(trainer.project) == training_key(project):
            return trainer.model, True
    models = build(project)
    if not isinstance(models, dict):
        return models, False
    if project.training.get("recipe") == "gan" and "generator" in models:
        return models["generator"], False
    names = top_level_models(project)
    if len(names) == 1:
        return models[names[0]], False
    raise NNBuilderError(
        f"this project has several models ({', '.join(names)}): train it first, then export the trained model"
    )


def export_to(project: Project, path, fmt: str | None = None, trainer=None) -> tuple[Path, bool]:
    """Write the code or a model file to `path`; returns (path, whether the weights are trained)."""
    path = Path(path)
    fmt = fmt or format_from_path(path, "use one of")
    if fmt not in FORMATS:
        raise NNBuilderError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    refuse_errors(project)
    if fmt == "py":
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, export_code(project))
        return path, False
    model, trained = model_to_export(project, trainer)
    path.parent.mkdir(parents=True, exist_ok=True)
    # written beside the target, then moved in: a failed export never spoils a good older file
    scratch = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        staged = scratch / path.name
        model_files.save_model(model, staged, fmt)
        if path.is_dir() and staged.is_dir():
            old = scratch / "previous"
            path.rename(old)
        os.replace(staged, path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return path, trained


def export_download(project: Project, fmt: str, trainer=None) -> tuple[str, bytes, str, bool]:
    """(file name, bytes, MIME type, trained) for the browser to save; a SavedModel folder is zipped."""
    if fmt not in APP_FORMATS:
        raise NNBuilderError(f"format: expected one of {', '.join(APP_FORMATS)}, got {fmt!r}")
    name = file_stem(project) + _SUFFIX[fmt]
    mime = _MIME.get(fmt, "application/octet-stream")
    if fmt in ("py", "search"):
        refuse_errors(project)  # model formats are refused by export_to below
        code = export_code(project) if fmt == "py" else search_script(project)  # no search section: said so
        return name, code.encode("utf-8"), mime, False
    folder = Path(tempfile.mkdtemp(prefix="nnbuilder-export-"))
    try:
        target = folder / (file_stem(project) + SUFFIXES[fmt])
        _, trained = export_to(project, target, fmt, trainer)
        if fmt == "savedmodel":
            return name, _zip_folder(target), mime, trained
        return name, target.read_bytes(), mime, trained
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(folder.rglob("*")):
            if item.is_file():
                archive.write(item, Path(folder.name) / item.relative_to(folder))
    return buffer.getvalue()
