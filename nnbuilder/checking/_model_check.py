"""Checking one model of a project: node by node in dependency order, then the whole graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nnbuilder.catalog import LayerProblem, get_spec
from nnbuilder.catalog._spec import Shape
from nnbuilder.checking._call_check import check_call
from nnbuilder.checking._guards import report_too_large, report_untrusted
from nnbuilder.checking._op_check import check_op_node
from nnbuilder.checking._reuse_check import check_model_node, check_shared_inputs, shared_root
from nnbuilder.checking.result import CheckResult, Diagnostic, NodeCheck
from nnbuilder.document import graph as _graph
from nnbuilder.document.project import Edge, Node, Project
from nnbuilder.document.trust import MODEL_LAYER, OP_LAYER, is_trusted
from nnbuilder.document.validation import config_problems
from nnbuilder.locale.problem_words import Phrase, Words, say

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
        if not self.ids_usable():
            return
        for node in graph.nodes:
            self.nodes[node.id] = NodeCheck(node.id, node.layer)
            self.by_id[node.id] = node
            self.edges_into[node.id] = []
        if not self.edges_usable():
            return
        for edge in graph.edges:
            self.edges_into.setdefault(edge.target, []).append(edge)
        for edges in self.edges_into.values():
            edges.sort(key=lambda e: e.port)
        order, blocked = _graph.topological_order(graph)
        on_cycle = _graph.cycle_members(graph, blocked)
        for node_id in sorted(on_cycle, key=self.index.__getitem__):
            node = self.by_id[node_id]
            edge = next(e for e in graph.edges if e.target == node_id and e.source in blocked)
            self.problem(
                node,
                "cycle",
                say("cycle_node", node=node_id),
                edge=edge.to_dict(),
                fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
            )
        for node_id in order:
            self.check_node(self.by_id[node_id])
        report_too_large(self, None, sum(n.params for n in self.nodes.values()))
        check_shared_inputs(self)
        if self.check_model_io():
            self.check_reachability(on_cycle)

    def edges_usable(self) -> bool:
        """Every edge runs between nodes of this model (a project made in Python can hold any edge)."""
        for edge in self.graph.edges:
            missing = next((end for end in (edge.source, edge.target) if end not in self.by_id), None)
            if missing is not None:
                self.problem(
                    None,
                    "edge_unknown_node",
                    say("edge_unknown_node", source=edge.source, target=edge.target, model=self.name, missing=missing),
                    edge=edge.to_dict(),
                    fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
                )
                return False
        return True

    def ids_usable(self) -> bool:
        """Node ids become Keras layer names: unique, non-empty text without '/'."""
        seen: set[str] = set()
        for node in self.graph.nodes:
            if not isinstance(node.id, str) or not node.id or "/" in node.id or node.id in seen:
                twice = isinstance(node.id, str) and node.id in seen
                self.problem(
                    None,
                    "node_id",
                    say("node_id_twice" if twice else "node_id_bad", id=node.id),
                    expected="a unique id without '/'",
                    found=repr(node.id),
                )
                return False
            seen.add(node.id)
        return True

    # ------------------------------------------------------------ one node
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
        inputs = self.collect_inputs(node)
        tensors = self.collect_tensor_args(node) if inputs is not None else None
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

    def collect_inputs(self, node: Node) -> list[Shape] | None:
        """Input shapes by port, or None (problems reported) when they are not all known."""
        entry = self.nodes[node.id]
        edges = [e for e in self.edges_into.get(node.id, []) if e.arg is None]
        low, high = self.arity(node)
        ports = [e.port for e in edges]
        doubled = sorted({p for p in ports if ports.count(p) > 1})
        if doubled:
            extra = [e for e in edges if e.port == doubled[0]][1]
            self.problem(
                node,
                "port_conflict",
                say("port_conflict", port=doubled[0], node=node.id, count=ports.count(doubled[0])),
                expected="one edge per input",
                found=f"{ports.count(doubled[0])} edges",
                edge=extra.to_dict(),
                fixes=[{"action": "remove_edge", "edge": extra.to_dict(), "label": "Remove the extra edge"}],
            )
            return None
        if ports != list(range(len(edges))):
            held = set(ports)  # the first free input, found without counting up to the largest port
            missing = next(i for i in range(len(ports) + 1) if i not in held)
            self.problem(
                node,
                "port_gap",
                say("port_gap", missing=missing, node=node.id, last=max(ports)),
                expected=f"inputs 0..{len(edges) - 1}",
                found=str(ports),
            )
            return None
        if len(edges) < low:
            if not edges:
                self.problem(
                    node,
                    "unconnected",
                    say("no_input", layer=node.layer, node=node.id),
                    expected=_count(low),
                    found="no input",
                )
            else:
                self.problem(
                    node,
                    "arity",
                    say("needs_inputs", layer=node.layer, count=_count(low, "at_least"), have=len(edges)),
                    expected=_count(low, "at_least"),
                    found=str(len(edges)),
                )
            return None
        if high is not None and len(edges) > high:
            extra = edges[high]
            self.problem(
                node,
                "arity",
                say(
                    "takes_inputs",
                    layer=node.layer,
                    count=_count(high, "at_most" if high != low else "exactly"),
                    have=len(edges),
                ),
                expected=_count(high),
                found=str(len(edges)),
                edge=extra.to_dict(),
                fixes=[{"action": "remove_edge", "edge": extra.to_dict(), "label": "Remove the extra edge"}],
            )
            return None
        shapes = self.edge_shapes(node, edges)
        if shapes is None:
            return None
        entry.input_shapes = shapes
        known = [s for s in shapes if s is not None]
        if len(known) < len(shapes):
            return None  # an upstream node has a problem of its own
        return known

    def collect_tensor_args(self, node: Node) -> dict[str, list[Shape]] | None:
        """Shapes of the tensors that edges naming a call argument bring, by argument and port; None
        (problems reported, or an upstream node with problems of its own) when they are not all known."""
        by_arg: dict[str, list[Edge]] = {}
        for edge in self.edges_into.get(node.id, []):
            if edge.arg is not None:
                by_arg.setdefault(edge.arg, []).append(edge)
        out: dict[str, list[Shape]] = {}
        for arg, edges in by_arg.items():
            ports = [e.port for e in edges]
            if ports != list(range(len(edges))):
                self.problem(
                    node,
                    "port_gap",
                    say("arg_gap", node=node.id, arg=arg, ports=", ".join(map(str, ports))),
                    expected=f"{arg} 0..{len(edges) - 1}",
                    found=str(ports),
                )
                return None
            shapes = self.edge_shapes(node, edges)
            if shapes is None:
                return None
            known = [s for s in shapes if s is not None]
            if len(known) < len(shapes):
                return None
            out[arg] = known
        return out

    def edge_shapes(self, node: Node, edges: list[Edge]) -> list[Shape | None] | None:
        """The shape each edge brings: the output of its source that it names (None where the source has
        problems of its own). None, reported, when an edge names an output its source does not have."""
        shapes: list[Shape | None] = []
        for edge in edges:
            source = self.nodes.get(edge.source)
            outputs = source.output_shapes if source is not None else []
            if outputs and edge.output >= len(outputs):
                self.problem(
                    node,
                    "no_such_output",
                    say("no_such_output", node=node.id, source=edge.source, output=edge.output, count=len(outputs)),
                    expected=f"an output from 0 to {len(outputs) - 1}",
                    found=str(edge.output),
                    edge=edge.to_dict(),
                    fixes=[{"action": "remove_edge", "edge": edge.to_dict(), "label": "Remove this edge"}],
                )
                return None
            shapes.append(outputs[edge.output] if outputs else None)
        return shapes

    def arity(self, node: Node) -> tuple[int, int | None]:
        if node.layer == MODEL_LAYER:
            sub = self.project.models.get(node.model) if node.model is not None else None
            count = len(sub.input_ids()) if sub is not None else 1
            return count, count
        spec = get_spec(node.layer)
        return spec.inputs if spec else (1, None)

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

    # ------------------------------------------------------------ whole graph
    def check_model_io(self) -> bool:
        """Explicit inputs/outputs lists name nodes of the model; False when they do not."""
        graph, ok = self.graph, True
        for key in ("inputs", "outputs"):
            if getattr(graph, key) is None:
                continue
            refs = [(i, 0) for i in graph.input_ids()] if key == "inputs" else graph.output_refs()
            ids = [i for i, _ in refs]
            wrong = [i for i in ids if (n := graph.node(i)) is None or (key == "inputs" and n.layer != "Input")]
            if not ids or wrong or len(set(refs)) != len(refs):
                what = "Input nodes" if key == "inputs" else "nodes"
                found = ", ".join(map(repr, wrong)) if wrong else say("found_nothing" if not ids else "found_repeated")
                self.problem(
                    None,
                    "model_io",
                    say(f"model_{key}_list", model=self.name, found=found),
                    expected=f"ids of {what}",
                    found=str(found),
                )
                ok = False
        for node_id, output in graph.output_refs() if ok else []:
            count = len(self.nodes[node_id].output_shapes)
            if count and output >= count:
                self.problem(
                    None,
                    "no_such_output",
                    say("model_output_missing", model=self.name, node=node_id, output=output, count=count),
                    expected=f"an output from 0 to {count - 1}",
                    found=str(output),
                )
                ok = False
        if ok and graph.inputs is not None:
            needed = _graph.reaches(graph, graph.output_ids())
            missing = [n.id for n in graph.nodes if n.layer == "Input" and n.id in needed and n.id not in graph.inputs]
            if missing:
                self.problem(
                    None,
                    "model_io",
                    say("input_not_listed", input=missing[0], model=self.name),
                    expected="every Input that feeds an output",
                    found=missing[0],
                )
        return ok

    def check_reachability(self, on_cycle: set[str]) -> None:
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
                    say("input_unconnected", node=node.id),
                    expected="an edge to a layer",
                    found="none",
                    fixes=[{"action": "remove", "label": f"Delete {node.id}"}],
                )
            elif node.id not in alive:
                self.problem(
                    node,
                    "dead_end",
                    say("dead_end", node=node.id, model=self.name),
                    expected="a path to an output",
                    found="a dead end",
                    fixes=[
                        {"action": "add_output", "label": f"Make {node.id} an output"},
                        {"action": "remove", "label": f"Delete {node.id}"},
                    ],
                )
        if not outputs:
            self.problem(None, "no_output", say("no_output", model=self.name))


def _missing_required(node: Node) -> tuple[str, Any] | None:
    """(name, starter value) of the first required catalog parameter the node leaves out, or None."""
    spec = get_spec(node.layer)
    if spec is None:
        return None
    for param in spec.params:
        if param.required and param.name not in node.config:
            return param.name, spec.starter.get(param.name)
    return None


def _count(n: int, how: str = "exactly") -> Words:
    return say(f"inputs_{how}", n=n, s="" if n == 1 else "s")
