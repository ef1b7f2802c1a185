"""Generated training code builds the same Keras objects as compile.py, and is clean code."""

import os
import shutil
import subprocess
import sys

import keras
import pytest

from nnbuilder.codegen.training_code import (
    callbacks_code,
    compile_code,
    schedule_support_code,
    uses_steps_per_epoch,
)
from nnbuilder.errors import ProjectError
from nnbuilder.training.compile import make_callbacks, make_loss, make_metrics, make_optimizer, make_schedule
from nnbuilder.verbatim import schedules as _schedules

STEPS = 5

CASES = [
    {},
    {"optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": True, "clipnorm": 1.0}},
    {"optimizer": {"name": "adam", "beta_1": 0.5, "learning_rate": 0.0002, "amsgrad": True}},
    {"optimizer": {"name": "adamw", "weight_decay": 0.01, "epsilon": 1e-6}},
    {"optimizer": {"name": "rmsprop", "rho": 0.8, "momentum": 0.1, "centered": True}},
    {"optimizer": {"name": "adagrad", "initial_accumulator_value": 0.2, "clipvalue": 0.5}},
    {"optimizer": {"name": "nadam", "weight_decay": 1e-4}},
    {"schedule": "step_decay"},
    {"schedule": {"name": "step_decay", "decay_steps": 3, "decay_rate": 0.25}},
    {"schedule": {"name": "exponential_decay", "staircase": True}},
    {"schedule": "cosine", "epochs": 4},
    {"schedule": {"name": "cosine", "warmup_steps": 3, "alpha": 0.1}},
    {"schedule": {"name": "cosine", "decay_steps": 40, "warmup_steps": 3}},
    {"schedule": {"name": "cosine_restarts", "t_mul": 1.5, "m_mul": 0.8}},
    {"schedule": "cyclic", "optimizer": "sgd"},
    {"schedule": {"name": "cyclic", "maximal_learning_rate": 0.02, "step_size": 6, "mode": "triangular2"}},
    {"loss": "binary_crossentropy", "metrics": ["accuracy", "auc", "precision", "recall", "mae", "mse"]},
    {"loss": "categorical_crossentropy", "metrics": ["top_k_categorical_accuracy", "accuracy"]},
    {"metrics": ["top_k_categorical_accuracy"]},
    {"loss": "huber", "metrics": ["mae"]},
    {
        "metrics": ["accuracy"],
        "callbacks": [
            {"name": "early_stopping", "monitor": "val_accuracy", "patience": 1, "restore_best_weights": False},
            {"name": "reduce_lr_on_plateau", "factor": 0.5, "min_lr": 1e-6, "monitor": "loss"},
            {"name": "model_checkpoint", "filepath": "keep-me.keras", "save_best_only": False},
            "terminate_on_nan",
        ],
    },
]


class Recorder:
    """Stands in for a model: keeps what `compile` was given."""

    def compile(self, **kwargs):
        self.kwargs = kwargs


def run_generated(training, steps_per_epoch=None):
    code = schedule_support_code(training) + compile_code(training, "net", steps_per_epoch=steps_per_epoch)
    namespace = {"keras": keras, "net": Recorder(), "steps_per_epoch": STEPS}
    try:
        exec(compile(code, "<generated>", "exec"), namespace)
    finally:
        keras.saving.register_keras_serializable(package="nnbuilder")(_schedules.CyclicalLearningRate)
    return namespace


def config(obj):
    out = dict(obj.get_config())
    out.pop("name", None)
    out.pop("learning_rate", None)
    return out


def same_object(made, built):
    assert type(made).__name__ == type(built).__name__
    assert config(made) == config(built)


@pytest.mark.parametrize("steps", [None, STEPS], ids=["variable", "number"])
@pytest.mark.parametrize("training", CASES, ids=range(len(CASES)))
def test_generated_compile_code_builds_the_same_objects(training, steps):
    namespace = run_generated(training, steps)
    kwargs = namespace["net"].kwargs
    same_object(kwargs["optimizer"], make_optimizer(training, STEPS))
    schedule = make_schedule(training, STEPS)
    if isinstance(schedule, float):
        assert "lr_schedule" not in namespace
        assert kwargs["optimizer"].get_config()["learning_rate"] == pytest.approx(schedule)
    else:
        same_object(namespace["lr_schedule"], schedule)
        assert kwargs["optimizer"]._learning_rate is namespace["lr_schedule"]
    same_object(kwargs["loss"], make_loss(training))
    made = make_metrics(training)
    assert len(kwargs["metrics"]) == len(made)
    for generated, built in zip(kwargs["metrics"], made):
        assert generated == built if isinstance(built, str) else same_object(generated, built) is None


def simple_attributes(callback):
    kinds = (int, float, str, bool, type(None))
    return {key: value for key, value in vars(callback).items() if isinstance(value, kinds) and key != "filepath"}


def test_generated_callbacks_match(tmp_path):
    training = CASES[-1]
    namespace = {"keras": keras}
    exec(compile(callbacks_code(training), "<generated>", "exec"), namespace)
    built = make_callbacks(training, checkpoint_dir=tmp_path)
    assert [type(c) for c in namespace["callbacks"]] == [type(c) for c in built]
    for generated, made in zip(namespace["callbacks"], built):
        assert simple_attributes(generated) == simple_attributes(made)
    assert namespace["callbacks"][2].filepath == "keep-me.keras"
    assert built[2].filepath == os.path.join(tmp_path, "keep-me.keras")
    assert callbacks_code({}) == "callbacks = []\n"


def test_code_reads_like_keras_io():
    code = compile_code({"optimizer": {"name": "adam", "beta_1": 0.5}, "schedule": "cosine", "epochs": 3})
    assert "optimizer = keras.optimizers.Adam(learning_rate=lr_schedule, beta_1=0.5)" in code
    assert "decay_steps=3 * steps_per_epoch" in code
    assert "lr_schedule = keras.optimizers.schedules.CosineDecay(" in code
    assert "loss=keras.losses.SparseCategoricalCrossentropy()" in code and 'metrics=["accuracy"]' in code
    assert compile_code({}) == (
        "optimizer = keras.optimizers.Adam(learning_rate=0.001)\n"
        "model.compile(\n"
        "    optimizer=optimizer,\n"
        "    loss=keras.losses.SparseCategoricalCrossentropy(),\n"
        '    metrics=["accuracy"],\n'
        ")\n"
    )
    assert uses_steps_per_epoch({"schedule": "cosine"}) and not uses_steps_per_epoch({"schedule": "constant"})
    assert not uses_steps_per_epoch({"schedule": {"name": "cyclic", "step_size": 4}})
    assert schedule_support_code({}) == ""
    assert schedule_support_code({"schedule": "cyclic"}).endswith("\n\n\n")
    assert schedule_support_code({"schedule": "cyclic"}).startswith("@keras.saving.register_keras_serializable(")


def test_bad_settings_and_names_are_refused():
    with pytest.raises(ProjectError):
        compile_code({"metrics": ["accuracy\n__import__('os')"]})
    with pytest.raises(ProjectError):
        callbacks_code({"callbacks": [{"name": "model_checkpoint", "filepath": "x.keras'); import os; ('"}]})
    with pytest.raises(ValueError):
        compile_code({}, model_var="model; import os")


def test_generated_code_is_clean_for_ruff(tmp_path):
    ruff = shutil.which("ruff") or os.path.join(os.path.dirname(sys.executable), "ruff")
    for i, training in enumerate(CASES):
        support = schedule_support_code(training)
        body = "steps_per_epoch = 5\nmodel = keras.Sequential()\n" + compile_code(training) + callbacks_code(training)
        source = "import keras\n\n" + ("\n" + support if support else "") + body
        compile(source, f"case_{i}.py", "exec")
        (tmp_path / f"case_{i}.py").write_text(source)
    for command in (["check", "--select", "E,F,W,I,B,UP"], ["format", "--diff"]):
        done = subprocess.run([ruff, *command, "--isolated", str(tmp_path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_training_code_imports_no_keras():
    code = (
        "import sys\n"
        "from nnbuilder.codegen.training_code import compile_code, schedule_support_code\n"
        "schedule_support_code({'schedule': 'cyclic'}); compile_code({'schedule': 'cyclic'})\n"
        "print(any(m.split('.')[0] in ('keras', 'tensorflow', 'jax') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
