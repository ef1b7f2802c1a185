"""The loaded data: train and test arrays plus what they mean (task, class names, why this data)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nnbuilder.document.datasets import DatasetInfo


@dataclass(eq=False)
class Dataset:
    """Train/test arrays ready for Keras. Images are float32 in [0, 1], channels last; class targets are
    integer class indices. `note` says, in one sentence, when the data in use is not what was asked for
    (e.g. the offline stand-in for MNIST), and `stand_in` names that stand-in."""

    name: str
    info: DatasetInfo
    x_train: np.ndarray
    y_train: np.ndarray | None
    x_test: np.ndarray
    y_test: np.ndarray | None
    class_names: list | None = None
    note: str | None = None
    task: str | None = None
    stand_in: str | None = None
    feature_names: list | None = None
    target_name: str | None = None
    options: dict = field(default_factory=dict)

    @property
    def input_shape(self) -> tuple:
        """Shape of one example, without the batch axis."""
        return tuple(self.x_train.shape[1:])

    @property
    def num_classes(self) -> int | None:
        return len(self.class_names) if self.class_names else self.info.num_classes

    def __repr__(self) -> str:
        def shape(a):
            return "None" if a is None else f"{tuple(a.shape)} {a.dtype}"

        parts = [f"x_train={shape(self.x_train)}", f"y_train={shape(self.y_train)}"]
        parts += [f"x_test={shape(self.x_test)}", f"y_test={shape(self.y_test)}", f"task={self.task!r}"]
        if self.stand_in:
            parts.append(f"stand_in={self.stand_in!r}")
        return f"Dataset({self.name!r}, {', '.join(parts)})"
