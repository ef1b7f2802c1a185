"""Recording the learning rate of each epoch, as a Keras callback.

Self-contained on purpose: exported scripts carry a copy of this class's source.
"""

import keras


class LearningRateLog(keras.callbacks.Callback):
    """Adds `learning_rate` to each epoch's logs (and so to the history): the rate the
    epoch's last batch trained with, as a schedule gives it. ReduceLROnPlateau and
    LearningRateScheduler log it themselves; this is for schedules, which do not."""

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or "learning_rate" in logs:
            return
        optimizer = self.model.optimizer
        rate = optimizer._learning_rate
        if isinstance(rate, keras.optimizers.schedules.LearningRateSchedule):
            step = max(int(keras.ops.convert_to_numpy(optimizer.iterations)) - 1, 0)
            rate = rate(step)
        logs["learning_rate"] = float(keras.ops.convert_to_numpy(rate))
