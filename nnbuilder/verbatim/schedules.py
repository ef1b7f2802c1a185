"""The cyclical learning-rate schedule, written with keras.ops for every backend.

Self-contained on purpose: exported scripts carry a copy of this class's source.
"""

import keras


@keras.saving.register_keras_serializable(package="nnbuilder")
class CyclicalLearningRate(keras.optimizers.schedules.LearningRateSchedule):
    """Rises linearly from `initial_learning_rate` to `maximal_learning_rate` over
    `step_size` steps, falls back over as many, and repeats; mode "triangular2"
    halves the rise every cycle."""

    def __init__(
        self,
        initial_learning_rate,
        maximal_learning_rate,
        step_size,
        mode="triangular",
        name="CyclicalLearningRate",
    ):
        super().__init__()
        if mode not in ("triangular", "triangular2"):
            raise ValueError(f"mode must be triangular or triangular2, got {mode!r}")
        if step_size < 1:
            raise ValueError(f"step_size must be at least 1, got {step_size!r}")
        self.initial_learning_rate = initial_learning_rate
        self.maximal_learning_rate = maximal_learning_rate
        self.step_size = step_size
        self.mode = mode
        self.name = name

    def __call__(self, step):
        step = keras.ops.cast(step, "float32")
        half = keras.ops.cast(self.step_size, "float32")
        cycle = keras.ops.floor(1.0 + step / (2.0 * half))
        distance = keras.ops.abs(step / half - 2.0 * cycle + 1.0)
        rise = keras.ops.maximum(0.0, 1.0 - distance)
        if self.mode == "triangular2":
            rise = rise / keras.ops.power(2.0, cycle - 1.0)
        low = keras.ops.cast(self.initial_learning_rate, "float32")
        high = keras.ops.cast(self.maximal_learning_rate, "float32")
        return low + (high - low) * rise

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "maximal_learning_rate": self.maximal_learning_rate,
            "step_size": self.step_size,
            "mode": self.mode,
            "name": self.name,
        }
