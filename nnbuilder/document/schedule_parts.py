"""Which Keras learning-rate schedule a training section asks for, and with which arguments: read by the
trainer (`nnbuilder.training.compile`), the exported script (`nnbuilder.codegen.training_code`) and the
schedule preview (`nnbuilder.views.course_curves`), so the three always agree. Names only: no Keras here."""

from __future__ import annotations

from typing import Any

from nnbuilder.document.training_choices import AUTO_STEPS
from nnbuilder.errors import ProjectError


def auto_steps(settings: dict[str, Any], steps_per_epoch: Any) -> dict[str, Any]:
    """The step counts a schedule leaves null, as {param: number of batches}.

    With `steps_per_epoch` None, ProjectError says which count needs it."""
    schedule, out = settings["schedule"], {}
    for key, value in schedule.items():
        epochs = AUTO_STEPS.get((schedule["name"], key))
        if epochs is None or value is not None:
            continue
        if steps_per_epoch is None:
            raise ProjectError(
                "null means a count of batches per epoch, which is not known yet; give a number of batches",
                f"training.schedule.{key}",
            )
        if epochs == "run":
            total = settings["epochs"] * int(steps_per_epoch) - schedule.get("warmup_steps", 0)
            out[key] = max(1, total)
        elif isinstance(epochs, int):  # a number of epochs of batches
            out[key] = max(1, epochs * int(steps_per_epoch))
    return out


def schedule_parts(settings: dict[str, Any], steps: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(class path, keyword arguments) of the learning-rate schedule; (None, {}) for a constant rate.

    `steps` gives values for the step counts left null (numbers, or expressions in generated code)."""
    schedule = {**settings["schedule"], **steps}
    name, rate = schedule["name"], settings["optimizer"]["learning_rate"]
    base = "keras.optimizers.schedules."
    if name == "step_decay":
        args = {"decay_steps": schedule["decay_steps"], "decay_rate": schedule["decay_rate"], "staircase": True}
        return base + "ExponentialDecay", {"initial_learning_rate": rate, **args}
    if name == "exponential_decay":
        args = {key: schedule[key] for key in ("decay_steps", "decay_rate", "staircase")}
        return base + "ExponentialDecay", {"initial_learning_rate": rate, **args}
    if name == "cosine":
        args = {"initial_learning_rate": rate, "decay_steps": schedule["decay_steps"], "alpha": schedule["alpha"]}
        if schedule["warmup_steps"]:
            args.update(initial_learning_rate=0.0, warmup_target=rate, warmup_steps=schedule["warmup_steps"])
        return base + "CosineDecay", args
    if name == "cosine_restarts":
        args = {key: schedule[key] for key in ("first_decay_steps", "t_mul", "m_mul", "alpha")}
        return base + "CosineDecayRestarts", {"initial_learning_rate": rate, **args}
    if name == "cyclic":
        args = {key: schedule[key] for key in ("maximal_learning_rate", "step_size", "mode")}
        if args["maximal_learning_rate"] is None:
            args["maximal_learning_rate"] = float(f"{rate * 10:.12g}")
        return "CyclicalLearningRate", {"initial_learning_rate": rate, **args}
    return None, {}
