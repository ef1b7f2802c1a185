"""Checking one model of a project: node by node in dependency order (what reaches a node is collected by
`_node_inputs`), then the whole graph (`_graph_check`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nnbuilder.catalog import LayerProblem, get_spec
from nnbuilder.checking._call_check import check_call
from nnbuilder.checking._graph_check import check_model_io, check_reachability, edges_usable, ids_usable, report_cycles
from nnbuilder.checking._guards import report_too_large, report_untrusted
from nnbuilder.checking._node_inputs import collect_inputs, collect_tensor_args
from nnbuilder.checking._op_check import check_op_node
from nnbuilder.checking._reuse_check import check_model_node, check_shared_inputs, shared_root
from nnbuilder.checking.result import CheckResult, Diagnostic, NodeCheck
from nnbuilder.document import graph as _graph
from nnbuilder.document.project import Edge, Node, Project
from nnbuilder.document.trust import MODEL_LAYER, OP_LAYER, is_trusted
from nnbuilder.document.validation import config_problems
from nnbuilder.locale.problem_words import Phrase, say

if TYPE_CHECKING:
    from nnbuilder.checking.checker import Checker


class ModelCheck:
    """Checks one model of a project, writing into a shared CheckResult."""

    def __init__(self, checker: Checker, project: Project, name: str, result: CheckResult) -> None:
        self.checker = checker
        self.project = project
        self.name = name
        self.graph = project.models[name]
        self.result = result
        self.nodes: dict[str, NodeCheck] = {}
        result.models[name] = self.nodes
        self.index = {n.id: i for i, n in enumerate(self.graph.nodes)}
        # id -> node and target id -> input edges, built once: lookups stay O(1) on big graphs
        self.by_id: dict[str, Node] = {}
        self.edges_into: dict[str, list[Edge]] = {}
        self.counted_models: set[str] = set()

    def problem(self, node: Node | None, code: str, message: str, **extra: Any) -> Diagnostic:
        path = f"models.{self.name}.nodes[{self.index[node.id]}]" if node is not None else f"models.{self.name}"
        if extra.get("param"):
            path += f".config.{extra['param']}"
        diag = Diagnostic(code, message, self.name, node.id if node is not None else None, path=path, **extra)
        self.result.problems.append(diag)
        if node is not None:
            self.nodes[node.id].problems.append(diag)
        return diag

    def run(self) -> None:
        graph = self.graph
        if not graph.nodes:
            self.problem(None, "empty_model", say("empty_model", model=self.name))
            return
        if not ids_usable(self):
            return
        for node in graph.nodes:
            self.nodes[node.id] = NodeCheck(node.id, node.layer)
            self.by_id[node.id] = node
            self.edges_into[node.id] = []
        if not edges_usable(self):
            return
        for edge in graph.edges:
            self.edges_into[edge.target].append(edge)
        for edges in self.edges_into.values():
            edges.sort(key=lambda e: e.port)
        order, blocked = _graph.topological_order(graph)
        on_cycle = report_cycles(self, blocked)
        for node_id in order:
            self.check_node(self.by_id[node_id])
        report_too_large(self, None, sum(n.params for n in self.nodes.values()))
        check_shared_inputs(self)
        if check_model_io(self):
            check_reachability(self, on_cycle)

    def check_node(self, node: Node) -> None:
        entry = self.nodes[node.id]
        root = shared_root(self, node)
        if root is None:
            return
        if node.layer == OP_LAYER:  # a keras.ops call, checked on its own terms
            check_op_node(self, node)
            return
        safe = report_untrusted(self, node, root)
        bad = config_problems(root.layer, root.config)
        if root is node:  # a shared layer's settings are reported once, on the node that owns it
            for key, message in bad:
                self.problem(
                    node,
                    "param",
                    say("param", key=key, problem=Phrase(message)),
                    param=key,
                    expected=message.split(", got")[0],
                    found=repr(node.config.get(key)),
                )
        inputs = collect_inputs(self, node)
        tensors = collect_tensor_args(self, node) if inputs is not None else None
        if inputs is None or tensors is None or bad or not safe:
            return
        if not check_call(self, node, root.layer, tensors):
            return
        if node.layer == MODEL_LAYER:
            check_model_node(self, node, inputs)
            return
        missing = _missing_required(root)
        if missing:
            if root is node:
                name, value = missing
                fix = {"action": "set", "param": name, "value": value, "label": f"Set {name} to {value!r}"}
                self.problem(
                    node,
                    "required",
                    say("required", layer=node.layer, name=name),
                    param=name,
                    expected=f"a value for {name}",
                    found="nothing",
                    fixes=[fix],
                )
            return
        trust = is_trusted(self.project)
        value, fresh = self.checker.infer(root.layer, root.config, inputs, trust, node.call, tensors)
        self.result.recomputed += fresh
        if isinstance(value, LayerProblem):
            self.report_layer_problem(node, value)
            return
        if root is node and report_too_large(self, node, value.trainable + value.non_trainable):
            return
        for warning in value.warnings:
            self.report_layer_problem(node, warning)
        spec = get_spec(root.layer)
        entry.set_outputs(value.shapes, spec.names_of_outputs(root.config, node.call) if spec is not None else ())
        if root is node:  # a shared layer's weights are counted on the node that owns it
            entry.count_weights(value.trainable, value.non_trainable, root.config.get("trainable") is False)

    def report_layer_problem(self, node: Node, problem: LayerProblem) -> None:
        edge, fixes = None, list(problem.fixes)
        if problem.port is not None:
            feeding = [e for e in self.edges_into.get(node.id, []) if e.port == problem.port and e.arg is None]
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


def _missing_required(node: Node) -> tuple[str, Any] | None:
    """(name, starter value) of the first required catalog parameter the node leaves out, or None."""
    spec = get_spec(node.layer)
    if spec is None:
        return None
    for param in spec.params:
        if param.required and param.name not in node.config:
            return param.name, spec.starter.get(param.name)
    return None
