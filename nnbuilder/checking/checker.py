"""`check(project)`: every node's output shape, parameter counts and problems.

Inference is pure Python for catalog layers and memoised per node on (layer,
config, input shapes), so after an edit only nodes whose inputs or settings
changed are recomputed. `check` never raises.
"""

from __future__ import annotations

import json
import threading

from nnbuilder.catalog import Inferred, LayerProblem, get_spec
from nnbuilder.catalog._spec import ArgShapes, Config, Shape
from nnbuilder.checking._model_check import ModelCheck
from nnbuilder.checking.keras_layers import infer_with_keras, introspect
from nnbuilder.checking.result import CheckResult, Diagnostic
from nnbuilder.checking.search_check import search_diagnostics
from nnbuilder.document.models import dependency_order
from nnbuilder.document.project import Project
from nnbuilder.locale.problem_words import say


class Checker:
    """A shape checker with a memo of per-node results (bounded)."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self._memo: dict[tuple[str, str, tuple[Shape, ...], bool, str], Inferred | LayerProblem] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def check(self, project: Project) -> CheckResult:
        result = CheckResult()
        try:
            for name in dependency_order(project, lambda loop: _report_model_loop(result, loop)):
                ModelCheck(self, project, name, result).run()
            result.problems.extend(search_diagnostics(project))
        except Exception as exc:  # a bug here must not take the editor down
            result.problems.append(Diagnostic("internal", say("internal", error=f"{type(exc).__name__}: {exc}"), ""))
        return result

    def infer(
        self, layer: str, config: Config, inputs: list[Shape], trust: bool, call: Config, tensors: ArgShapes
    ) -> tuple[Inferred | LayerProblem, bool]:
        """Inferred or LayerProblem for one node, from the memo when possible. `call` holds the node's
        call arguments, `tensors` the shapes its call-argument edges bring (by argument)."""
        called = json.dumps([call, tensors], sort_keys=True, default=repr) if call or tensors else ""
        key = (layer, json.dumps(config, sort_keys=True, default=repr), tuple(inputs), bool(trust), called)
        with self._lock:
            hit = self._memo.get(key)
        if hit is not None:
            return hit, False
        value = _infer(layer, config, inputs, trust, call, tensors)
        with self._lock:
            if len(self._memo) >= self._max:
                self._memo.clear()
            self._memo[key] = value
        return value, True


def _infer(
    layer: str, config: Config, inputs: list[Shape], trust: bool, call: Config, tensors: ArgShapes
) -> Inferred | LayerProblem:
    spec = get_spec(layer)
    try:
        if spec is None:
            if introspect(layer) is None:
                return LayerProblem(
                    "unknown_layer",
                    say("unknown_layer", layer=layer),
                    expected="a Keras layer class name such as 'Dense'",
                    found=layer,
                )
            return infer_with_keras(layer, config, inputs, trust, call, tensors)  # symbolic: no weight is allocated
        assert spec.infer is not None, "every catalog spec infers its shapes"
        if spec.infer_call is not None:
            result = spec.infer_call(spec.full_config(config), inputs, call, tensors)
        else:
            result = spec.infer(spec.full_config(config), inputs)
        if _needs_weight_shapes(config):
            infer_with_keras(layer, config, inputs, trust)  # raises when an initializer does not fit its weight
        return result
    except LayerProblem as problem:
        return problem
    except Exception as exc:  # a shape function met a case it does not handle
        return LayerProblem("keras", say("keras_cannot", layer=layer, error=exc))


MATRIX_INITIALIZERS = {
    "orthogonal",
    "Orthogonal",
    "OrthogonalInitializer",
    "identity",
    "Identity",
    "IdentityInitializer",
}


def _needs_weight_shapes(config: Config) -> bool:
    """True when an initializer fits only some weight shapes (identity needs a matrix,
    orthogonal two axes or more), which only tracing it on the weights' shapes can tell."""
    for key, value in config.items():
        name = value.get("class_name") if isinstance(value, dict) else value
        if key.endswith("_initializer") and isinstance(name, str) and name in MATRIX_INITIALIZERS:
            return True
    return False


def _report_model_loop(result: CheckResult, loop: list[str]) -> None:
    result.problems.append(Diagnostic("cycle", say("model_loop", loop=" -> ".join(loop)), loop[0]))


_DEFAULT = Checker()


def check(project: Project, checker: Checker | None = None) -> CheckResult:
    """Check every node of every model; never raises. See CheckResult."""
    return (checker or _DEFAULT).check(project)
