"""Small layers that keras.applications models use but keras.layers does not offer.

Keras defines them privately inside its ConvNeXt and InceptionResNetV2 models;
nnbuilder builds these
classes instead, with the same arguments and the same weights, so a model imported
from Keras rebuilds and takes its weights back. Self-contained on purpose: exported
scripts carry the source of the classes they use, registered under the package
"nnbuilder" so a saved model loads again where that source has run.
"""

import keras


@keras.saving.register_keras_serializable(package="nnbuilder")
class LayerScale(keras.layers.Layer):
    """Multiplies each channel (the last axis) by a learned factor, all of them
    starting at `init_values`: a residual branch starts nearly silent and learns how
    much to add (as in ConvNeXt and CaiT)."""

    def __init__(self, init_values, projection_dim, **kwargs):
        super().__init__(**kwargs)
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, input_shape):
        if len(input_shape) < 2 or input_shape[-1] != self.projection_dim:
            raise ValueError(
                f"LayerScale scales {self.projection_dim} channels (projection_dim), "
                f"but its input has the shape {tuple(input_shape)}"
            )
        self.gamma = self.add_weight(
            shape=(self.projection_dim,),
            initializer=keras.initializers.Constant(self.init_values),
            trainable=True,
            name="gamma",
        )

    def call(self, inputs):
        return inputs * keras.ops.cast(self.gamma, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["init_values"] = self.init_values
        config["projection_dim"] = self.projection_dim
        return config


@keras.saving.register_keras_serializable(package="nnbuilder")
class StochasticDepth(keras.layers.Layer):
    """While training, drops the whole input of a sample with probability
    `drop_path_rate` and scales the kept ones up to make up for it; at inference it
    passes its input through. Put on a residual branch, it skips that block for
    some samples (drop path)."""

    def __init__(self, drop_path_rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.drop_path_rate = drop_path_rate
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        if not training or self.drop_path_rate == 0:
            return inputs
        keep = 1.0 - self.drop_path_rate
        shape = (keras.ops.shape(inputs)[0],) + (1,) * (len(inputs.shape) - 1)
        noise = keras.random.uniform(shape, seed=self.seed_generator)
        kept = keras.ops.cast(keras.ops.floor(keep + noise), inputs.dtype)
        return inputs / keep * kept

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["drop_path_rate"] = self.drop_path_rate
        if self.seed is not None:
            config["seed"] = self.seed
        return config


@keras.saving.register_keras_serializable(package="nnbuilder")
class ScaledAdd(keras.layers.Layer):
    """Adds a branch scaled by a fixed number to its input: called on [x, r], it
    gives x + r * scale (InceptionResNetV2's residual blocks). No weights."""

    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, inputs):
        x, r = inputs
        return x + r * self.scale

    def compute_output_shape(self, input_shape):
        # x + r * scale broadcasts: a 1 beside an unknown size is unknown
        out = []
        for a, b in zip(*input_shape):
            if a == 1:
                out.append(b)
            elif a is None:
                out.append(None if b == 1 else b)
            else:
                out.append(a)
        return tuple(out)

    def get_config(self):
        config = super().get_config()
        config["scale"] = self.scale
        return config


@keras.saving.register_keras_serializable(package="nnbuilder")
class MobileNetV2(keras.layers.Layer):
    """keras.applications.MobileNetV2 without its classifier, as one layer. With
    weights="imagenet" it starts from the ImageNet weights when the Keras cache
    (~/.keras/models) holds them and from random weights otherwise: nothing is
    downloaded. trainable=False freezes it (its batch norms then run in inference
    mode), as transfer learning does."""

    def __init__(self, alpha=1.0, weights="imagenet", pooling=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.pretrained = weights
        self.pooling = pooling
        self.backbone = None

    def cached_weights(self, input_shape):
        """The cached ImageNet weights file for this width and image size, or None."""
        import os

        if self.pretrained != "imagenet" or input_shape[-1] != 3:
            return None
        rows = input_shape[1] if input_shape[1] in (96, 128, 160, 192, 224) else 224
        home = os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras")
        name = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels"
        file = f"{name}_{float(self.alpha)}_{rows}_no_top.h5"
        path = os.path.join(home, "models", file)
        return path if os.path.exists(path) else None

    def build(self, input_shape):
        self.backbone = keras.applications.MobileNetV2(
            input_shape=tuple(input_shape[1:]),
            alpha=self.alpha,
            include_top=False,
            weights=self.cached_weights(input_shape),
            pooling=self.pooling,
        )
        self.backbone.trainable = self.trainable

    def call(self, inputs, training=None):
        return self.backbone(inputs, training=training)

    def compute_output_shape(self, input_shape):
        return self.backbone.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(alpha=self.alpha, weights=self.pretrained, pooling=self.pooling)
        return config
