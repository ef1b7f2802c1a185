"""Property test: random graphs (cycles, port gaps, hostile ids, shared layers, nested models)
never crash check() or build(); build() raises only BuildError, and exactly when check() finds
an error; a built model has the shapes and parameter counts check() reported."""

from __future__ import annotations

import copy
import math

import keras  # imported up front: importing Keras inside a strategy upsets Hypothesis (it reseeds `random`)
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from nnbuilder import (
    BuildError,
    Checker,
    Edge,
    Graph,
    Node,
    Project,
    build,
    check,
)
from nnbuilder.catalog import specs
from nnbuilder.document.names import layer_names, model_names
from nnbuilder.document.setting_choices import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, NEEDS_SETTINGS, REGULARIZERS
from tests.fuzz_support import FUZZ, assert_problems_well_formed

GRAPH_EXAMPLES = 800  # each test run; the slow tier draws many more
GRAPH_EXAMPLES_LONG = 4000

LAYERS = {name: spec for name, spec in specs().items() if name != "Input"}
OTHER_LAYERS = ["Identity", "ZeroPadding1D", "Cropping1D", "Lambda", "NoSuchLayer"]  # read from keras / unknown
SIZE_KEYS = {"units", "filters", "output_dim", "input_dim", "height", "width", "key_dim", "n"}
NESTED = ("LSTM", "GRU", "SimpleRNN")
ODD_IDS = ["a b", "x/y", "名字", "Model", "dense", "_"]
SUB = "sub"  # a small second model that graphs may use as a layer


def _int_values(p, low_default=-2):
    low = low_default if p.min is None else int(p.min) + (1 if p.min_exclusive else 0)
    high = low + 6 if p.max is None else int(p.max) - (1 if p.max_exclusive else 0)
    return st.integers(low, max(low, high))


def param_values(p):
    """Values a parameter accepts (according to its spec)."""
    kind = p.kind
    if p.choices:
        values = st.sampled_from(p.choices)
    elif kind == "int":
        values = _int_values(p)
    elif kind == "float":
        low = -2.0 if p.min is None else float(p.min)
        high = 4.0 if p.max is None else float(p.max)
        values = st.floats(low, high, exclude_min=p.min_exclusive, exclude_max=p.max_exclusive, allow_nan=False)
    elif kind == "bool":
        values = st.booleans()
    elif kind == "ints":
        one = _int_values(p, 1).map(lambda v: min(v, 4))
        values = one | st.lists(one, min_size=p.size or 1, max_size=p.size or 3)
    elif kind == "shape":
        values = st.lists(st.sampled_from([None, -1, 1, 2, 3, 4, 6]), min_size=1, max_size=3)
    elif kind == "axes":
        values = st.integers(-3, 3) | st.lists(st.integers(-3, 3), min_size=1, max_size=3)
    elif kind == "activation":
        values = st.sampled_from(ACTIVATIONS)
    elif kind == "initializer":
        values = st.sampled_from(sorted(set(INITIALIZERS) - NEEDS_SETTINGS)) | st.just(
            {"class_name": "Constant", "config": {"value": 0.5}}
        )
    elif kind == "regularizer":
        values = st.sampled_from(sorted(REGULARIZERS)) | st.just({"class_name": "L2", "config": {"l2": 0.1}})
    elif kind == "constraint":
        values = st.sampled_from(sorted(CONSTRAINTS))
    elif kind == "layer":
        values = st.fixed_dictionaries(
            {
                "class_name": st.sampled_from(NESTED),
                "config": st.fixed_dictionaries(
                    {"units": st.integers(1, 4)},
                    optional={"go_backwards": st.booleans(), "return_sequences": st.booleans()},
                ),
            }
        )
    else:  # "any": Keras judges the value
        values = st.one_of(
            st.integers(0, 3),
            st.floats(0, 1),
            st.lists(st.integers(0, 3), min_size=1, max_size=3),
            st.lists(st.lists(st.integers(0, 2), min_size=2, max_size=2), min_size=1, max_size=3),
        )
        if not p.required:
            values = st.just(p.default) | values
    if p.nullable or (not p.required and p.default is None):
        values = values | st.none()
    return values


def bad_values(p):
    """Values outside a parameter's bounds, of the wrong type or unknown."""
    out = [None, "nope", [], {"class_name": "Nope"}, -1, 1.5, True]
    if p.min is not None:
        out.append(p.min - 1)
        out.append([p.min - 1] * (p.size or 2))
    if p.max is not None:
        out.append(p.max + 1)
    if p.size:
        out.append([1] * (p.size + 1))
    if p.kind == "float":
        out += [math.nan, math.inf]
    return st.sampled_from(out)


@st.composite
def layer_config(draw, layer):
    spec = LAYERS.get(layer)
    if spec is None:
        return draw(st.sampled_from([{}, {"padding": 1}, {"cropping": 1}, {"bogus": 3}, {"function": None}]))
    config = copy.deepcopy(spec.starter)
    for key, value in config.items():  # keep Keras builds cheap
        if key in SIZE_KEYS and isinstance(value, int) and value > 6 and draw(st.integers(0, 9)):
            config[key] = draw(st.integers(1, 6))
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3])) if spec.params else 0):
        param = draw(st.sampled_from(spec.params))
        source = bad_values(param) if draw(st.integers(0, 5)) == 0 else param_values(param)
        config[param.name] = draw(source)
    if config and draw(st.integers(0, 15)) == 0:
        del config[draw(st.sampled_from(sorted(config)))]  # a required argument goes missing
    if draw(st.integers(0, 30)) == 0:
        key = draw(st.sampled_from(["unknown_arg", "name", "trainable", "dtype", "a b"]))
        config[key] = draw(st.sampled_from([None, 3, "float64", "nope", True]))
    return config


@st.composite
def input_config(draw, hostile):
    config = {}
    if not hostile or draw(st.integers(0, 6)):
        dims = (st.integers(1, 12) | st.none()) if draw(st.integers(0, 8)) == 0 else st.integers(1, 12)
        config["shape"] = draw(st.lists(dims, min_size=1, max_size=3))
    if draw(st.integers(0, 20)) == 0:
        config["batch_size"] = draw(st.integers(1, 3))
    if draw(st.integers(0, 30)) == 0:
        config["dtype"] = draw(st.sampled_from(["float16", "float64", "int32"]))
    return config


def _sub_model() -> Graph:
    return Graph([Node("s_in", "Input", {"shape": [4]}), Node("s_out", "Dense", {"units": 3})], [Edge("s_in", "s_out")])


GENERATION_CHECKER = Checker()  # its own memo, so generating graphs leaves check()'s default memo alone


def _fits(nodes, edges, models, candidate) -> bool:
    """Whether check() accepts `candidate` (the newest node) in the graph built so far."""
    partial = Project(name="partial", models={**models, "model": Graph(list(nodes), list(edges))})
    entry = check(partial, GENERATION_CHECKER).models["model"][candidate.id]
    return entry.ok and entry.output_shape is not None


def _sources(draw, nodes, count, unread, hostile):
    """Ids feeding ports 0..count-1: inputs nothing reads yet first, then any earlier node."""
    out = []
    for _ in range(count):
        if unread and (not hostile or draw(st.booleans())):
            out.append(unread.pop(0))
        else:
            out.append(nodes[draw(st.integers(0, len(nodes) - 1))].id)
    return out


@st.composite
def layer_node(draw, node_id, layer_names, nodes):
    """A new node: a catalog (or other) layer, a Model node, or a node sharing an earlier layer."""
    shareable = [n for n in nodes if n.layer not in ("Input", "Model") and n.shares is None]
    if shareable and draw(st.integers(0, 12)) == 0:
        root = draw(st.sampled_from(shareable))
        return Node(node_id, root.layer, {}, shares=root.id)
    layer = draw(st.sampled_from(layer_names))
    if layer == "Model":
        return Node(node_id, "Model", {}, model=draw(st.sampled_from([SUB, SUB, SUB, SUB, "model", "ghost"])))
    return Node(node_id, layer, draw(layer_config(layer)))


def _arity(node):
    spec = LAYERS.get(node.layer)
    low, high = spec.inputs if spec else (1, 1)
    return low, min(high if high is not None else 3, 3)


@st.composite
def projects(draw):
    """A one- or two-model project. Three in four are "plausible": each new layer is redrawn (a few times)
    until check() accepts it, so that many graphs build; the rest are hostile: anything goes."""
    hostile = draw(st.integers(0, 3)) == 0
    n_inputs = draw(st.integers(0, 3)) if hostile else draw(st.sampled_from([1, 1, 1, 2, 2, 3]))
    fewest = (1 if n_inputs == 0 else 0) if hostile else n_inputs  # plausible graphs read every input
    n_layers = draw(st.integers(fewest, 8 - n_inputs))
    with_sub = draw(st.integers(0, 7)) == 0
    models = {SUB: _sub_model()} if with_sub else {}
    layer_names = sorted(LAYERS) + OTHER_LAYERS + (["Model"] * 3 if with_sub else [])
    nodes = [Node(f"in{i}", "Input", draw(input_config(hostile))) for i in range(n_inputs)]
    edges = []
    unread = [n.id for n in nodes]
    for i in range(n_layers):
        for attempt in range(1 if hostile or not nodes else 6):
            node = draw(layer_node(f"n{i}", layer_names, nodes))
            low, high = _arity(node)
            sources = _sources(draw, nodes, draw(st.integers(low, high)), list(unread), hostile) if nodes else []
            new_edges = [Edge(src, node.id, port) for port, src in enumerate(sources)]
            if hostile or attempt == 5 or _fits(nodes + [node], edges + new_edges, models, node):
                break
        nodes.append(node)
        edges += new_edges
        unread = [u for u in unread if u not in sources]
    renamed = {}
    for k, node in enumerate(nodes):
        if draw(st.integers(0, 40)) == 0:  # unusual but unique ids; Keras refuses some ("x/y")
            renamed[node.id] = draw(st.sampled_from([i for i in ODD_IDS if hostile or "/" not in i])) + str(k)
    for item in nodes + edges:
        for key in ("id", "shares", "source", "target"):
            if getattr(item, key, None) in renamed:
                setattr(item, key, renamed[getattr(item, key)])
    real = [n.id for n in nodes]
    ids = real + ["ghost"]
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3])) if hostile else 0):
        how = draw(st.sampled_from(["add", "add", "self", "drop", "port", "share"]))
        if how == "add":  # cycles, duplicate ports, port gaps, edges to missing nodes
            edges.append(Edge(draw(st.sampled_from(ids)), draw(st.sampled_from(ids)), draw(st.integers(0, 3))))
        elif how == "self":
            node_id = draw(st.sampled_from(ids))
            edges.append(Edge(node_id, node_id, draw(st.integers(0, 1))))
        elif how == "share" and len(nodes) > n_inputs:
            draw(st.sampled_from(nodes[n_inputs:])).shares = draw(st.sampled_from(real))
        elif edges:
            i = draw(st.integers(0, len(edges) - 1))
            if how == "drop":
                del edges[i]
            else:
                edges[i].port = draw(st.integers(0, 4))
    if draw(st.integers(0, 3)) == 0:
        nodes = draw(st.permutations(nodes))
    graph = Graph(nodes, edges)
    if hostile and draw(st.integers(0, 3)) == 0:
        graph.outputs = draw(st.lists(st.sampled_from(real), min_size=0, max_size=3))
    elif draw(st.integers(0, 7)) == 0:
        graph.outputs = graph.output_ids()[::-1]  # the natural outputs, in another order
    if hostile and draw(st.integers(0, 8)) == 0:
        graph.inputs = draw(st.lists(st.sampled_from(real), min_size=0, max_size=3))
    elif draw(st.integers(0, 7)) == 0:
        graph.inputs = graph.input_ids()[::-1]
    return Project(name="fuzz", models={"model": graph, **models})


def _weights(weights) -> int:
    return sum(math.prod(int(d) for d in w.shape) for w in weights)


def assert_matches_check(project, result, model):
    """The Keras model has the parameter counts and per-layer output shapes check() reported."""
    graph = project.models[model.name]
    nodes = result.models[model.name]
    trainable, frozen = result.totals(model.name)
    assert model.count_params() == trainable + frozen, (model.count_params(), trainable, frozen)
    assert (_weights(model.trainable_weights), _weights(model.non_trainable_weights)) == (trainable, frozen)
    node_of = {name: node_id for node_id, name in layer_names(graph, model_names(project.models)).items()}
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            ids = [n.id for n in graph.nodes if n.layer == "Model" and n.model == layer.name]
        else:
            owner = node_of[layer.name]
            ids = [owner] + [n.id for n in graph.nodes if n.shares == owner]
        # one call per node of `ids` (in some order): each call's output shape is one node's output_shape
        shapes = [tuple(call.output_tensors[0].shape) for call in layer._inbound_nodes]
        expected = [nodes[i].output_shape for i in ids]
        assert sorted(map(repr, shapes)) == sorted(map(repr, expected)), (layer.name, shapes, expected)
        counted = (sum(nodes[i].trainable for i in ids), sum(nodes[i].non_trainable for i in ids))
        keras_counts = (_weights(layer.trainable_weights), _weights(layer.non_trainable_weights))
        assert keras_counts == counted, (layer.name, keras_counts, counted)


_BUILT = [0]


def _graph_warnings(test):
    test = pytest.mark.filterwarnings("ignore:.*does not support masking:UserWarning")(test)  # Embedding(mask_zero)
    # checking a graph while drawing it can build a Keras layer, whose seed generator touches `random`
    return pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")(test)


@_graph_warnings
@settings(FUZZ, max_examples=GRAPH_EXAMPLES)
@given(projects())
def test_random_graphs_check_and_build(project):
    _check_and_build(project)


@pytest.mark.slow
@_graph_warnings
@settings(FUZZ, max_examples=GRAPH_EXAMPLES_LONG)
@given(projects())
def test_many_more_random_graphs_check_and_build(project):
    _check_and_build(project)


def _check_and_build(project):
    before = repr(project)
    result = check(project)
    assert_problems_well_formed(result)
    try:
        built = build(project)
    except BuildError as exc:
        assert str(exc).strip()
        assert repr(project) == before  # neither check nor build changes the project
        assert result.errors, f"check() found no error, but build() failed: {exc}"
        event("BuildError")
        return
    assert repr(project) == before
    assert result.ok
    event("built")
    models = list(built.values()) if isinstance(built, dict) else [built]
    used = {n.model for n in project.models["model"].nodes}
    assert sorted(m.name for m in models) == sorted(n for n in project.models if n not in used)  # top-level ones
    for model in models:
        assert_matches_check(project, result, model)
    _BUILT[0] += 1
    if _BUILT[0] % 100 == 0:
        keras.backend.clear_session()
