"""Checks that keep a project from loading code or allocating too much: trust and weight size."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnbuilder.checking.keras_layers import introspect
from nnbuilder.document.project import Node
from nnbuilder.document.trust import MODEL_LAYER, OPT_IN, is_trusted, refusal_sentence, untrusted_problems
from nnbuilder.locale.problem_words import Phrase, Words, say

if TYPE_CHECKING:
    from nnbuilder.checking._model_check import ModelCheck

BYTES_PER_WEIGHT = 4
MAX_WEIGHT_BYTES = 2 * 1024**3
"""The most weight memory (at float32) one layer or one model may need: larger ones are errors."""


def report_untrusted(check: ModelCheck, node: Node, root: Node) -> bool:
    """True when the layer of `node` may be built; otherwise reported on the owning node."""
    if is_trusted(check.project) or node.layer == MODEL_LAYER:
        return True
    refused = untrusted_problems(root.layer, root.config)
    if refused and refused[0][0] == "layer" and not _known_to_keras(root.layer):
        return True  # not a layer at all: inference reports it as unknown
    if refused and root is node:
        where, reason = refused[0]
        check.problem(
            node,
            "unsafe",
            _refusal(node, reason),
            expected="a layer that builds from its arguments alone",
            found=where,
        )
    return not refused


def report_too_large(check: ModelCheck, node: Node | None, params: int) -> bool:
    """True (reported) when the weights of `node` (or, for None, the whole model) exceed MAX_WEIGHT_BYTES."""
    size = params * BYTES_PER_WEIGHT
    if size <= MAX_WEIGHT_BYTES:
        return False
    limit = _gigabytes(MAX_WEIGHT_BYTES)
    check.problem(
        node,
        "too_large",
        say("too_large_node", node=node.id, count=params, size=_gigabytes(size), limit=limit)
        if node is not None
        else say("too_large_model", model=check.name, count=params, size=_gigabytes(size), limit=limit),
        expected=f"at most {_gigabytes(MAX_WEIGHT_BYTES)} of weights",
        found=_gigabytes(size),
    )
    return True


def _refusal(node: Node, reason: str) -> Words:
    """The refusal sentence of `document.trust`, with its parts kept so that it can be said in Chinese."""
    why: Phrase | Words = Phrase(reason)
    if reason.startswith(f"{node.layer} "):  # the layer itself: "<Layer> <why>"
        why = Words("layer_reason", {"layer": node.layer, "why": Phrase(reason[len(node.layer) + 1 :])}, reason)
    values = {"node": node.id, "reason": why, "opt_in": Phrase(OPT_IN)}
    return Words("unsafe", values, english=refusal_sentence(node.id, reason))


def _known_to_keras(layer: str) -> bool:
    return introspect(layer) is not None


def _gigabytes(size: int) -> str:
    return f"{size / 1024**3:,.1f} GB"
