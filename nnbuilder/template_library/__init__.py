"""Ready-made projects shipped with nnbuilder and what the template gallery shows of each."""

from __future__ import annotations

from nnbuilder.template_library.loading import (
    GALLERY_FILE,
    LANGUAGES,
    SUFFIX,
    gallery_file,
    load_template,
    template_dir,
    template_gallery,
    template_info,
    templates,
)

__all__ = [
    "GALLERY_FILE",
    "LANGUAGES",
    "SUFFIX",
    "gallery_file",
    "load_template",
    "template_dir",
    "template_gallery",
    "template_info",
    "templates",
]
