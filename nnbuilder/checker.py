"""`check(project)`: every node's output shape, parameter counts and problems.

Inference is pure Python for catalog layers and memoised per node on (layer,
config, input shapes), so after an edit only nodes whose inputs or settings
changed are recomputed. `check` never raises.
"""

from __future__ import annotations

import json
import threading

from nnbuilder import _graph
from nnbuilder._document import MODEL_LAYER, config_problems
from nnbuilder.catalog import LayerProblem, get_spec
from nnbuilder.catalog._shapes import fmt
from nnbuilder.check_result import CheckResult, Diagnostic, NodeCheck


class Checker:
    """A shape checker with a memo of per-node results (bounded)."""

    def __init__(self, max_entries: int = 50_000):
        self._memo: dict = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def check(self, project) -> CheckResult:
        result = CheckResult()
        try:
            for name in _model_order(project, result):
                _ModelCheck(self, project, name, result).run()
        except Exception as exc:  # a bug here must not take the editor down
            result.problems.append(Diagnostic("internal", f"checking stopped: {type(exc).__name__}: {exc}", ""))
        return result

    def infer(self, layer: str, config: dict, inputs: list):
        """Inferred or LayerProblem for one node, from the memo when possible."""
        key = (layer, json.dumps(config, sort_keys=True, default=repr), tuple(inputs))
        with self._lock:
            hit = self._memo.get(key)
        if hit is not None:
            return hit, False
        value = _infer(layer, config, inputs)
        with self._lock:
            if len(self._memo) >= self._max:
                self._memo.clear()
            self._memo[key] = value
        return value, True


def _infer(layer: str, config: dict, inputs: list):
    spec = get_spec(layer)
    try:
        if spec is None:
            from nnbuilder.catalog._introspect import introspect

            spec = introspect(layer)
        if spec is None:
            return LayerProblem(
                "unknown_layer",
                f"unknown layer type {layer!r}: neither the catalog nor keras.layers has it",
                expected="a Keras layer class name such as 'Dense'",
                found=layer,
            )
        return spec.infer(spec.full_config(config), inputs)
    except LayerProblem as problem:
        return problem
    except Exception as exc:  # a shape function met a case it does not handle
        return LayerProblem("keras", f"{layer} cannot take these inputs: {exc}")


def _model_order(project, result):
    """Model names, each after the models it uses as layers; cycles reported."""
    uses = {
        name: {n.model for n in g.nodes if n.layer == MODEL_LAYER and n.model in project.models}
        for name, g in project.models.items()
    }
    order, state = [], {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        if name in trail:
            result.problems.append(
                Diagnostic("cycle", f"models use each other in a loop: {' -> '.join(trail + [name])}", name)
            )
            return
        for used in sorted(uses[name]):
            visit(used, trail + [name])
        state[name] = "done"
        order.append(name)

    for name in project.models:
        visit(name, [])
    return order


class _ModelCheck:
    """Checks one model of a project, writing into a shared CheckResult."""

    def __init__(self, checker, project, name, result):
        self.checker = checker
        self.project = project
        self.name = name
        self.graph = project.models[name]
        self.result = result
        self.nodes = {}
        result.models[name] = self.nodes
        self.index = {n.id: i for i, n in enumerate(self.graph.nodes)}
        self.shared_done = set()

    def problem(self, node, code, message, **extra):
        path = f"models.{self.name}.nodes[{self.index[node.id]}]" if node is not None else f"models.{self.name}"
        if extra.get("param"):
            path += f".config.{extra['param']}"
        diag = Diagnostic(code, message, self.name, node.id if node is not None else None, path=path, **extra)
        self.result.problems.append(diag)
        if node is not None:
            self.nodes[node.id].problems.append(diag)
        return diag

    def run(self):
        graph = self.graph
        for node in graph.nodes:
            self.nodes[node.id] = NodeCheck(node.id, node.layer)
        if not graph.nodes:
            self.problem(None, "empty_model", f"model {self.name!r} has no layers: add an Input and a layer")
            return
        order, blocked = _graph.topological_order(graph)
        on_cycle = _graph.cycle_members(graph, blocked)
        for node_id in sorted(on_cycle, key=self.index.get):
            node = graph.node(node_id)
            edge = next(e for e in graph.edges if e.target == node_id and e.source in blocked)
            self.problem(
                node,
                "cycle",
                f"{node_id!r} is part of a loop (its input comes back from its own output); "
                "remove one edge of the loop",
                edge=edge.to_dict(),
                fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
            )
        for node_id in order:
            self.check_node(graph.node(node_id))
        self.check_reachability(on_cycle)

    # ------------------------------------------------------------ one node
    def check_node(self, node):
        entry = self.nodes[node.id]
        root = node
        if node.shares is not None:
            root = self.graph.node(node.shares)
            if root.shares is not None or root.layer != node.layer:
                self.problem(
                    node,
                    "shared",
                    f"{node.id!r} shares the layer of {root.id!r}, which must be a "
                    f"{node.layer} that shares nothing itself",
                    expected=node.layer,
                    found=root.layer,
                )
                return
        bad = config_problems(root.layer, root.config)
        for key, message in bad:
            self.problem(
                root if root is node else node,
                "param",
                f"{key}: {message}",
                param=key,
                expected=message.split(", got")[0],
                found=repr(root.config.get(key)),
            )
        inputs = self.collect_inputs(node)
        if inputs is None or bad:
            return
        if node.layer == MODEL_LAYER:
            self.check_model_node(node, inputs)
            return
        spec = get_spec(root.layer)
        for p in spec.params if spec else ():
            if p.required and p.name not in root.config:
                self.problem(
                    node,
                    "required",
                    f"{root.layer} needs {p.name!r}",
                    param=p.name,
                    expected=f"a value for {p.name}",
                    found="nothing",
                    fixes=[
                        {
                            "action": "set",
                            "param": p.name,
                            "value": spec.starter.get(p.name),
                            "label": f"Set {p.name} to {spec.starter.get(p.name)!r}",
                        }
                    ],
                )
                return
        value, fresh = self.checker.infer(root.layer, root.config, inputs)
        self.result.recomputed += fresh
        if isinstance(value, LayerProblem):
            self.report_layer_problem(node, value)
            return
        for warning in value.warnings:
            self.report_layer_problem(node, warning)
        entry.output_shape = tuple(value.shape)
        if root is node or root.id not in self.shared_done:
            entry.trainable, entry.non_trainable = value.trainable, value.non_trainable
        self.shared_done.add(root.id)

    def collect_inputs(self, node):
        """Input shapes by port, or None (problems reported) when they are not all known."""
        entry = self.nodes[node.id]
        edges = self.graph.input_edges(node.id)
        low, high = self.arity(node)
        ports = [e.port for e in edges]
        if ports != list(range(len(edges))):
            missing = sorted(set(range(max(ports) + 1)) - set(ports))
            self.problem(
                node,
                "port_gap",
                f"input {missing[0]} of {node.id!r} is not connected, but input {max(ports)} is",
                expected=f"inputs 0..{len(edges) - 1}",
                found=str(ports),
            )
            return None
        if len(edges) < low:
            if not edges:
                self.problem(
                    node,
                    "unconnected",
                    f"{node.layer} {node.id!r} has no input: connect a layer to it",
                    expected=_count(low),
                    found="no input",
                )
            else:
                self.problem(
                    node,
                    "arity",
                    f"{node.layer} needs {_count(low, 'at least ')} but has {len(edges)}",
                    expected=_count(low, "at least "),
                    found=str(len(edges)),
                )
            return None
        if high is not None and len(edges) > high:
            extra = edges[high]
            self.problem(
                node,
                "arity",
                f"{node.layer} takes {_count(high, 'at most ' if high != low else '')} but has {len(edges)}",
                expected=_count(high),
                found=str(len(edges)),
                edge=extra.to_dict(),
                fixes=[{"action": "remove_edge", "edge": extra.to_dict(), "label": "Remove the extra edge"}],
            )
            return None
        shapes = [self.nodes[e.source].output_shape if e.source in self.nodes else None for e in edges]
        entry.input_shapes = shapes
        if any(s is None for s in shapes):
            return None  # an upstream node has a problem of its own
        return shapes

    def arity(self, node):
        if node.layer == MODEL_LAYER:
            sub = self.project.models.get(node.model)
            count = len(sub.input_ids()) if sub is not None else 1
            return count, count
        spec = get_spec(node.layer)
        return spec.inputs if spec else (1, None)

    def report_layer_problem(self, node, problem):
        edge, fixes = None, list(problem.fixes)
        if problem.port is not None:
            feeding = [e for e in self.graph.input_edges(node.id) if e.port == problem.port]
            if feeding:
                edge = feeding[0].to_dict()
                fixes = [dict(f, edge=edge) if f.get("action") == "insert" else f for f in fixes]
        self.problem(
            node,
            problem.code,
            problem.message,
            severity=problem.severity,
            expected=problem.expected,
            found=problem.found,
            param=problem.param,
            edge=edge,
            fixes=fixes,
        )

    def check_model_node(self, node, inputs):
        sub = self.project.models.get(node.model)
        sub_nodes = self.result.models.get(node.model)
        if sub is None or sub_nodes is None or node.model == self.name:
            self.problem(node, "model_ref", f"model {node.model!r} cannot be used here", found=node.model)
            return
        outputs = sub.output_ids()
        if len(outputs) != 1:
            self.problem(
                node,
                "model_ref",
                f"model {node.model!r} has {len(outputs)} outputs; a model used as a layer must have exactly one",
                expected="1 output",
                found=str(len(outputs)),
            )
            return
        for port, (given, input_id) in enumerate(zip(inputs, sub.input_ids())):
            wanted = sub_nodes[input_id].output_shape
            if wanted is None or not _compatible(given, wanted):
                self.problem(
                    node,
                    "input_mismatch",
                    f"model {node.model!r} expects {fmt(wanted)} on input {port}, got {fmt(given)}",
                    expected=fmt(wanted),
                    found=fmt(given),
                    port=None,
                )
                return
        out = sub_nodes[outputs[0]].output_shape
        if out is None:
            self.problem(node, "model_ref", f"model {node.model!r} has problems of its own; fix them first")
            return
        entry = self.nodes[node.id]
        entry.output_shape = out
        if ("model", node.model) not in self.shared_done:
            entry.trainable = sum(n.trainable for n in sub_nodes.values())
            entry.non_trainable = sum(n.non_trainable for n in sub_nodes.values())
        self.shared_done.add(("model", node.model))

    # ------------------------------------------------------------ whole graph
    def check_reachability(self, on_cycle):
        graph = self.graph
        outputs = graph.output_ids()
        alive = _graph.reaches(graph, outputs)
        readers = {e.source for e in graph.edges}
        for node in graph.nodes:
            if node.id in on_cycle:
                continue
            if node.layer == "Input" and node.id not in readers:
                self.problem(
                    node,
                    "unconnected",
                    f"Input {node.id!r} is not connected to any layer",
                    expected="an edge to a layer",
                    found="none",
                    fixes=[{"action": "remove", "label": f"Delete {node.id}"}],
                )
            elif node.id not in alive:
                self.problem(
                    node,
                    "dead_end",
                    f"{node.id!r} does not lead to any output of model {self.name!r}",
                    expected="a path to an output",
                    found="a dead end",
                    fixes=[
                        {"action": "add_output", "label": f"Make {node.id} an output"},
                        {"action": "remove", "label": f"Delete {node.id}"},
                    ],
                )
        if not outputs:
            self.problem(None, "no_output", f"model {self.name!r} has no output")


def _count(n, prefix=""):
    return f"{prefix}{n} input" + ("" if n == 1 else "s")


def _compatible(given, wanted) -> bool:
    if len(given) != len(wanted):
        return False
    return all(a is None or b is None or a == b for a, b in zip(given[1:], wanted[1:]))


_DEFAULT = Checker()


def check(project, checker: Checker | None = None) -> CheckResult:
    """Check every node of every model; never raises. See CheckResult."""
    return (checker or _DEFAULT).check(project)
