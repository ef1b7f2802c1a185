"""The training part of generated scripts: data, compile, fit with callbacks, evaluation.

It mirrors what nnbuilder's Trainer does: the same data loaders and GAN loop are
copied in (from the modules the Trainer runs), the same settings become the same
Keras objects, and the data is put in the same fixed random order before `fit`.
"""

from __future__ import annotations

from typing import Any

from nnbuilder.codegen._format import Expr, Kw, lines
from nnbuilder.codegen._literals import string
from nnbuilder.codegen._source import definitions
from nnbuilder.codegen.data_code import data_source_code
from nnbuilder.codegen.training_code import (
    callbacks_code,
    compile_code,
    optimizer_code,
    schedule_support_code,
    uses_steps_per_epoch,
)
from nnbuilder.data.targets import encoding_for
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.training.adapting import adapted_nodes
from nnbuilder.training.recipes.supervised import logs_learning_rate
from nnbuilder.training.roles import discriminator_gives_logits, trained_models
from nnbuilder.verbatim import FOLDER as VERBATIM

GAN_LOOP = VERBATIM / "gan_loop.py"
TEST_SCORES = VERBATIM / "test_scores.py"
PREPROCESSING = VERBATIM / "preprocessing.py"
LEARNING_RATE_LOG = VERBATIM / "learning_rate_log.py"
TRAIN_COUNT = [  # the rows fit trains on: Keras keeps the last VALIDATION_SPLIT of them for validation
    "train_count = (",
    "    int(len(x_train) * (1.0 - VALIDATION_SPLIT))",
    "    if VALIDATION_SPLIT",
    "    else len(x_train)",
    ")",
]


def one_hot_targets(project: Any) -> bool:
    """Whether the script turns the class indices `load_data()` gives into one-hot rows, as the supervised
    recipe does under the data option `targets` (nnbuilder.data.targets)."""
    settings = normalize_training(project.training)
    chosen = (project.data.get("options") or {}).get("targets") or "auto"
    return settings["recipe"] == "supervised" and encoding_for(chosen, settings["loss"]) == "one_hot"


def has_training(project) -> bool:
    """Scripts train only projects that name their data."""
    return bool(project.data.get("dataset"))


def support_code(project) -> list[str]:
    """Module-level code the training function needs: schedule class, GAN loop, data loaders."""
    settings = normalize_training(project.training)
    pieces = [schedule_support_code(settings)]
    if settings["recipe"] == "gan":
        pieces.append(definitions(GAN_LOOP))
    elif settings["test_each_epoch"]:
        pieces.append(definitions(TEST_SCORES))
    if logs_learning_rate(settings):
        pieces.append(definitions(LEARNING_RATE_LOG))
    if adapted_nodes(project):
        pieces.append(definitions(PREPROCESSING))
    pieces.append(data_source_code(project.data))
    out = [line for code in pieces if code for line in code.rstrip("\n").splitlines() + ["", ""]]
    out += [
        f"EPOCHS = {settings['epochs']}",
        f"BATCH_SIZE = {settings['batch_size']}",
        f"VALIDATION_SPLIT = {settings['validation_split']!r}",
        f"SEED = {settings['seed']!r}",
        "",
        "",
    ]
    return out


def train_function(project, functions: dict) -> list[str]:
    """`def train(epochs=EPOCHS)`: load the data, train and evaluate, save the model(s)."""
    settings = normalize_training(project.training)
    recipe = settings["recipe"]
    body = _inside(
        [
            "if SEED is not None:",
            "    keras.utils.set_random_seed(SEED)",
            {
                "gan": "(x_train, _), _ = load_data()",
                "autoencoder": "(x_train, _), (x_test, _) = load_data()",
            }.get(recipe, "(x_train, y_train), (x_test, y_test) = load_data()"),
        ]
    )
    if recipe == "gan":
        body += _gan_body(project, settings, functions)
    else:
        body += _fit_body(project, settings, functions, recipe)
    out = [
        "def train(epochs=EPOCHS):",
        '    """Load the data, train with the project\'s settings, evaluate and save."""',
    ]
    return out + body + ["", ""]


def _inside(code: list[str]) -> list[str]:
    """Hand-written lines moved into the body of `train`."""
    return ["    " + line if line else "" for line in code]


def main_block(project) -> list[str]:
    description = string(f"Train {project.name} and evaluate it on the test set.")
    parser = Expr("argparse.ArgumentParser", [Kw("description=", description)])
    return [
        'if __name__ == "__main__":',
        *lines(parser, 1, "parser = "),
        '    parser.add_argument("--epochs", type=int, default=EPOCHS, help="number of epochs")',
        "    train(parser.parse_args().epochs)",
    ]


def _model_expr(project, functions, recipe) -> tuple[list[str], str]:
    names = trained_models(project, recipe)
    if len(names) == 2:
        return [
            f"encoder = {functions['encoder']}()",
            f"decoder = {functions['decoder']}()",
            'model = keras.Model(encoder.input, decoder(encoder.output), name="autoencoder")',
        ], "autoencoder"
    return [f"model = {functions[names[0]]}()"], names[0]


def _fit_body(project, settings, functions, recipe) -> list[str]:
    build, name = _model_expr(project, functions, recipe)
    target, test_target = ("x_train", "x_test") if recipe == "autoencoder" else ("y_train", "y_test")
    body = [
        "# a fixed random order, as in nnbuilder: the validation split holds every class",
        "order = np.random.default_rng(0 if SEED is None else SEED).permutation(len(x_train))",
        "x_train = x_train[order]" if recipe == "autoencoder" else "x_train, y_train = x_train[order], y_train[order]",
    ]
    adapts = bool(adapted_nodes(project))
    if uses_steps_per_epoch(settings) or adapts:
        body += TRAIN_COUNT
    if uses_steps_per_epoch(settings):
        body.append("steps_per_epoch = -(-train_count // BATCH_SIZE)")
    body += build
    if one_hot_targets(project):
        body += [
            "# class indices as one-hot rows, as the loss compares them (the data option targets)",
            "num_classes = model.output_shape[-1]",
            "y_train = keras.utils.to_categorical(y_train, num_classes)",
            "y_test = keras.utils.to_categorical(y_test, num_classes)",
        ]
    if adapts:
        body += [
            "# Normalization layers given no mean and variance learn them from the rows fit trains on",
            "adapt_normalization(model, x_train[:train_count])",
        ]
    body = _inside(body) + compile_code(settings, "model", indent=1, epochs_var="epochs").rstrip("\n").splitlines()
    if settings["callbacks"]:
        body += callbacks_code(settings, 1).rstrip("\n").splitlines()
    else:
        body += _inside(["callbacks = []"])
    if settings["test_each_epoch"]:
        body += _inside(
            [
                "# the test split scored after each epoch, last: the callbacks above never see its values",
                f"callbacks.append(EpochTestScores(x_test, {test_target}, BATCH_SIZE))",
            ]
        )
    if logs_learning_rate(settings):
        body += _inside(
            [
                '# each epoch\'s learning rate, in history.history["learning_rate"]',
                "callbacks.append(LearningRateLog())",
            ]
        )
    tail = [
        "history = model.fit(",
        "    x_train,",
        f"    {target},",
        "    batch_size=BATCH_SIZE,",
        "    epochs=epochs,",
        "    validation_split=VALIDATION_SPLIT,",
        "    callbacks=callbacks,",
        ")",
        f"results = model.evaluate(x_test, {test_target}, return_dict=True, verbose=0)",
        'print("test:", ", ".join(f"{name} {value:.4f}" for name, value in results.items()))',
    ]
    if settings["loss"] in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
        tail += _confusion_lines(settings)
    tail += [f"model.save({string(name + '.keras')})", "return model, history"]
    return body + _inside(tail)


def _confusion_lines(settings) -> list[str]:
    truth = "y_test" if settings["loss"] == "sparse_categorical_crossentropy" else "y_test.argmax(axis=-1)"
    return [
        "predicted = model.predict(x_test, verbose=0).argmax(axis=-1)",
        f"truth = np.asarray({truth}).reshape(-1).astype(int)",
        "classes = int(max(truth.max(), predicted.max())) + 1",
        "confusion = np.zeros((classes, classes), dtype=int)",
        "np.add.at(confusion, (truth, predicted), 1)",
        'print("confusion matrix (rows: true class, columns: predicted):")',
        "print(confusion)",
    ]


def _gan_body(project, settings, functions) -> list[str]:
    trained_models(project, "gan")  # refuses a project without both roles
    from_logits = discriminator_gives_logits(project)
    optimizer = optimizer_code(settings, indent=2, epochs_var="epochs").rstrip("\n").splitlines()
    steps = ["steps_per_epoch = len(x_train) // BATCH_SIZE"] if uses_steps_per_epoch(settings) else []
    head = _inside([*steps, "", "def make_optimizer():"]) + optimizer + _inside(["    return optimizer", ""])
    adapt = ["adapt_normalization(discriminator, x_train)  # it judges the real images"]
    return head + _inside(
        [
            f"generator = {functions['generator']}()",
            f"discriminator = {functions['discriminator']}()",
            *(adapt if adapted_nodes(project) else []),
            f"gan = compile_gan(generator, discriminator, make_optimizer, from_logits={from_logits})",
            "history = train_gan(",
            "    generator,",
            "    discriminator,",
            "    gan,",
            "    x_train,",
            "    epochs=epochs,",
            "    batch_size=BATCH_SIZE,",
            "    seed=0 if SEED is None else SEED,",
            ")",
            'generator.save("generator.keras")',
            'discriminator.save("discriminator.keras")',
            "return generator, history",
        ]
    )
