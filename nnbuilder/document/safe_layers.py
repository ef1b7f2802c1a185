"""Which Keras layers a project file may build: pure data, read without importing Keras.

Catalog layers are always allowed. Beyond them, only the `keras.layers` classes
named here are built from a file; any other class needs the caller's trust.
"""

from __future__ import annotations

SAFE_LAYERS = frozenset(
    {
        # core, attention and dense variants
        "ActivityRegularization",
        "AdditiveAttention",
        "Attention",
        "EinsumDense",
        "GroupQueryAttention",
        "Identity",
        "Masking",
        "ReversibleEmbedding",
        # convolution
        "Conv1DTranspose",
        "Conv3DTranspose",
        "Convolution1D",
        "Convolution1DTranspose",
        "Convolution2D",
        "Convolution2DTranspose",
        "Convolution3D",
        "Convolution3DTranspose",
        "DepthwiseConv1D",
        "SeparableConv1D",
        "SeparableConvolution1D",
        "SeparableConvolution2D",
        # pooling
        "AdaptiveAveragePooling1D",
        "AdaptiveAveragePooling2D",
        "AdaptiveAveragePooling3D",
        "AdaptiveMaxPooling1D",
        "AdaptiveMaxPooling2D",
        "AdaptiveMaxPooling3D",
        "AveragePooling3D",
        "AvgPool1D",
        "AvgPool2D",
        "AvgPool3D",
        "GlobalAveragePooling3D",
        "GlobalAvgPool1D",
        "GlobalAvgPool2D",
        "GlobalAvgPool3D",
        "GlobalMaxPool1D",
        "GlobalMaxPool2D",
        "GlobalMaxPool3D",
        "GlobalMaxPooling3D",
        "MaxPool1D",
        "MaxPool2D",
        "MaxPool3D",
        "MaxPooling3D",
        # reshaping
        "Cropping1D",
        "Cropping3D",
        "UpSampling3D",
        "ZeroPadding1D",
        "ZeroPadding3D",
        # recurrent (cells and wrappers: their nested layers are checked too)
        "ConvLSTM1D",
        "ConvLSTM2D",
        "ConvLSTM3D",
        "GRUCell",
        "LSTMCell",
        "RNN",
        "SimpleRNNCell",
        "StackedRNNCells",
        "TimeDistributed",
        # normalization and regularization
        "AlphaDropout",
        "GaussianDropout",
        "GroupNormalization",
        "RMSNormalization",
        "SpatialDropout1D",
        "SpatialDropout3D",
        "SpectralNormalization",
        "UnitNormalization",
        # merging
        "Minimum",
        # preprocessing (lookups only with an inline vocabulary, see FILE_ARGUMENTS)
        "AugMix",
        "AutoContrast",
        "CategoryEncoding",
        "CenterCrop",
        "ContrastLimitedAdaptiveHistogramEqualization",
        "CutMix",
        "Discretization",
        "Equalization",
        "HashedCrossing",
        "Hashing",
        "IntegerLookup",
        "MaxNumBoundingBoxes",
        "MelSpectrogram",
        "MixUp",
        "RandAugment",
        "RandomBrightness",
        "RandomColorDegeneration",
        "RandomColorJitter",
        "RandomCrop",
        "RandomElasticTransform",
        "RandomErasing",
        "RandomGaussianBlur",
        "RandomGrayscale",
        "RandomHue",
        "RandomInvert",
        "RandomPerspective",
        "RandomPosterization",
        "RandomSaturation",
        "RandomSharpness",
        "RandomShear",
        "STFTSpectrogram",
        "Solarization",
        "StringLookup",
        "TextVectorization",
    }
)
"""keras.layers classes outside the catalog that compute only from their arguments."""

UNSAFE_REASONS = {
    "TFSMLayer": "loads a SavedModel from disk and runs its code",
    "Lambda": "runs Python code",
    "JaxLayer": "wraps a Python function",
    "FlaxLayer": "wraps a Flax module, which is Python code",
    "TorchModuleWrapper": "wraps a PyTorch module, which is Python code",
    "Layer": "is the base class of custom layers",
    "Wrapper": "is the base class of custom wrappers",
    "InputLayer": "is made by an Input node",
    "Pipeline": "takes Python layer objects",
}
"""Why some well-known classes are refused."""

FILE_ARGUMENTS = frozenset({"vocabulary", "idf_weights"})
"""Arguments Keras reads from a file when they are given as text (a path)."""

LAYER_KEYS = frozenset({"layer", "backward_layer", "cell", "cells", "layers"})
"""Arguments that hold nested layers, as {"class_name": ..., "config": {...}}."""

UNSAFE_OPS = {
    "cond": "runs Python functions given to it",
    "while_loop": "runs Python functions given to it",
    "fori_loop": "runs a Python function given to it",
    "scan": "runs a Python function given to it",
    "map": "runs a Python function given to it",
    "associative_scan": "runs a Python function given to it",
    "switch": "runs Python functions given to it",
    "vectorized_map": "runs a Python function given to it",
    "custom_gradient": "wraps a Python function",
}
"""keras.ops functions that take Python callables: an Op node never calls them without trust."""
