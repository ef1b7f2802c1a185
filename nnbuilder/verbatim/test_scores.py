"""Scoring the test split after each epoch, as a Keras callback.

Self-contained on purpose: exported scripts carry a copy of this class's source.
"""

import keras


class EpochTestScores(keras.callbacks.Callback):
    """After each epoch, scores `x` against `y` with that epoch's weights and adds
    `test_loss` and `test_<metric>` to the epoch's logs.

    Put it after the callbacks that watch the logs (early stopping, checkpoints): they
    never see the test values. `evaluate` changes no weight, so the run trains exactly
    as it would without it.
    """

    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or not self.scores_epoch(epoch):
            return
        options = {"batch_size": self.batch_size, "verbose": 0, "return_dict": True}
        scores = self.model.evaluate(self.x, self.y, **options)
        logs.update({f"test_{name}": value for name, value in scores.items()})

    def scores_epoch(self, epoch):
        """Whether to score this epoch: every one."""
        return True
