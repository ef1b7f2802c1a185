"""Datasets for nnbuilder: built-in sets (with offline stand-ins), the user's own data, previews,
and checks that the data fits a model. Keras is imported only when a loader needs it."""

from __future__ import annotations

from nnbuilder.data.dataset import Dataset
from nnbuilder.data.loading import load_dataset
from nnbuilder.data.model_check import check_data_against_model
from nnbuilder.data.preview import preview
from nnbuilder.data.user import as_dataset, from_arrays, from_csv, from_image_folder, project_dataset, save_arrays
from nnbuilder.document.data_errors import DataError, DatasetUnavailable
from nnbuilder.document.data_section import data_problems
from nnbuilder.document.datasets import DatasetInfo, dataset_info, datasets

__all__ = [
    "DataError",
    "Dataset",
    "DatasetInfo",
    "DatasetUnavailable",
    "as_dataset",
    "check_data_against_model",
    "data_problems",
    "dataset_info",
    "datasets",
    "from_arrays",
    "from_csv",
    "from_image_folder",
    "load_dataset",
    "preview",
    "project_dataset",
    "save_arrays",
]
