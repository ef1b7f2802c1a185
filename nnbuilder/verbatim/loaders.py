"""Dataset name -> the self-contained loader that makes it (also copied into exported
scripts)."""

from __future__ import annotations

from nnbuilder.verbatim import loaders_builtin as builtin
from nnbuilder.verbatim import loaders_files as files
from nnbuilder.verbatim import loaders_keras as keras_sets

LOADERS = {
    "mnist": keras_sets.load_mnist,
    "fashion_mnist": keras_sets.load_fashion_mnist,
    "fashion_mnist_installed": keras_sets.load_fashion_mnist_installed,
    "cifar10": keras_sets.load_cifar10,
    "imdb": keras_sets.load_imdb,
    "digits": builtin.load_digits,
    "iris": builtin.load_iris,
    "breast_cancer": builtin.load_breast_cancer,
    "wine": builtin.load_wine,
    "sine_windows": builtin.load_sine_windows,
    "two_spirals": builtin.load_two_spirals,
    "moons": builtin.load_moons,
    "gaussian_mixture": builtin.load_gaussian_mixture,
    "csv": files.load_csv,
    "image_folder": files.load_image_folder,
}
