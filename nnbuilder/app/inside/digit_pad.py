"""A drawing pad for one handwritten digit: a 28x28 grid the learner draws on with the mouse, synced to Python as
784 values in 0..1 (row by row), so a network trained on MNIST can say what it sees."""

from __future__ import annotations

import math

import anywidget
import numpy as np
import traitlets

from nnbuilder.ui._static import bundle_text

SIZE = 28


class DigitPad(anywidget.AnyWidget):
    """`pixels` is the drawing (empty when the pad is blank); `array` gives it as a (28, 28) float32 array.
    `words` holds the Clear button's word and the hint above the pad."""

    pixels = traitlets.List(help="The drawing, row by row: 784 values in 0..1, or empty for a blank pad.").tag(
        sync=True
    )
    size = traitlets.Int(SIZE, read_only=True, help="Cells per side of the grid.").tag(sync=True)
    words = traitlets.Dict(help="The pad's words: 'clear' (the button) and 'hint' (above the pad).").tag(sync=True)

    def __init__(self, *, words: dict[str, str] | None = None, **kwargs):
        self._esm = bundle_text("digit-pad.js")
        self._css = bundle_text("digit-pad.css")
        super().__init__(words=dict(words or {}), **kwargs)
        self.add_class("nnb-inside-pad")

    @traitlets.validate("pixels")
    def _valid_pixels(self, proposal):
        values = list(proposal["value"])
        if values and len(values) != SIZE * SIZE:
            raise traitlets.TraitError(
                f"pixels: expected {SIZE * SIZE} values ({SIZE}x{SIZE}, row by row) or none, got {len(values)}"
            )
        cleaned = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise traitlets.TraitError(f"pixels: expected numbers from 0 to 1, got {value!r}")
            cleaned.append(min(max(float(value), 0.0), 1.0) if math.isfinite(value) else 0.0)
        return cleaned

    @property
    def blank(self) -> bool:
        return not any(self.pixels)

    @property
    def array(self) -> np.ndarray:
        """The drawing as a (28, 28) float32 array in 0..1 (zeros when blank)."""
        if not self.pixels:
            return np.zeros((SIZE, SIZE), dtype=np.float32)
        return np.asarray(self.pixels, dtype=np.float32).reshape(SIZE, SIZE)

    def clear(self) -> None:
        self.pixels = []
