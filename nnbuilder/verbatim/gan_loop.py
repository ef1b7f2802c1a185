"""Adversarial training of a generator and a discriminator with plain Keras calls.

Self-contained on purpose: exported scripts carry these functions verbatim, so a
script trains exactly as nnbuilder does. `train_on_batch` keeps it portable across
the TensorFlow, JAX and PyTorch backends.
"""

import keras
import numpy as np


def compile_gan(generator, discriminator, make_optimizer, from_logits):
    """Compile the discriminator, and the generator stacked on a frozen discriminator."""
    loss = keras.losses.BinaryCrossentropy(from_logits=from_logits)
    discriminator.trainable = True
    discriminator.compile(optimizer=make_optimizer(), loss=loss, metrics=["accuracy"])
    discriminator.trainable = False
    noise = keras.Input(generator.input_shape[1:], name="noise")
    gan = keras.Model(noise, discriminator(generator(noise)), name="gan")
    gan.compile(optimizer=make_optimizer(), loss=loss)
    return gan


def train_gan(
    generator,
    discriminator,
    gan,
    images,
    epochs,
    batch_size,
    initial_epoch=0,
    seed=0,
    on_batch=None,
    on_epoch=None,
):
    """Each batch trains the discriminator on real and generated images, then the
    generator through the frozen discriminator. `on_batch(epoch, step, steps, logs)`
    and `on_epoch(epoch, logs)` may return True to stop. Returns the history."""
    rng = np.random.default_rng(seed)
    latent_shape = tuple(generator.input_shape[1:])
    steps = len(images) // batch_size
    if steps == 0:
        raise ValueError(
            f"a GAN needs at least one full batch: {len(images)} images, batch size {batch_size}"
        )
    real_labels = np.ones((batch_size, 1), "float32")
    labels = np.concatenate([real_labels, np.zeros((batch_size, 1), "float32")])
    history = {"d_loss": [], "d_accuracy": [], "g_loss": []}
    for epoch in range(initial_epoch, epochs):
        order = rng.permutation(len(images))
        totals = dict.fromkeys(history, 0.0)
        for step in range(steps):
            real = images[order[step * batch_size : (step + 1) * batch_size]]
            noise = rng.normal(size=(batch_size, *latent_shape)).astype("float32")
            fake = generator.predict_on_batch(noise)
            discriminator.trainable = True
            both = np.concatenate([real, fake])
            d_logs = discriminator.train_on_batch(both, labels, return_dict=True)
            discriminator.trainable = False
            noise = rng.normal(size=(batch_size, *latent_shape)).astype("float32")
            g_logs = gan.train_on_batch(noise, real_labels, return_dict=True)
            totals["d_loss"] += float(d_logs["loss"])
            totals["d_accuracy"] += float(d_logs["accuracy"])
            totals["g_loss"] += float(g_logs["loss"])
            # the epoch means so far
            logs = {name: total / (step + 1) for name, total in totals.items()}
            if on_batch is not None and on_batch(epoch, step + 1, steps, logs):
                return history
        for name, value in logs.items():
            history[name].append(value)
        if on_epoch is None:
            values = ", ".join(f"{k} {v:.4f}" for k, v in logs.items())
            print(f"epoch {epoch + 1}/{epochs}: {values}")
        elif on_epoch(epoch, logs):
            break
    return history
