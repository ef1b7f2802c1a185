"""Which of a project's models a recipe trains: one rule for the Trainer and for exported scripts.

Works on the project document alone (no Keras), so code export can apply it too.
"""

from __future__ import annotations

from nnbuilder.document.models import top_level_models
from nnbuilder.errors import NNBuilderError

GAN_ROLES = ("generator", "discriminator")
AUTOENCODER_PARTS = ("encoder", "decoder")


def trained_models(project, recipe: str) -> list[str]:
    """The top-level models the recipe trains: one model; an encoder and a decoder joined
    (autoencoder); or the generator and the discriminator (gan)."""
    names = top_level_models(project)
    if recipe == "gan":
        if not set(GAN_ROLES) <= set(names):
            have = ", ".join(names)
            raise NNBuilderError(
                f"the gan recipe needs models called 'generator' and 'discriminator'; this project has {have}"
            )
        return list(GAN_ROLES)
    if recipe == "autoencoder" and set(names) == set(AUTOENCODER_PARTS):
        return list(AUTOENCODER_PARTS)
    if len(names) != 1:
        joined = " or an 'encoder' and a 'decoder'" if recipe == "autoencoder" else ""
        raise NNBuilderError(
            f"the {recipe} recipe trains one model{joined}, but this project has {len(names)} unconnected ones "
            f"({', '.join(names)}): use one model (other models may be used inside it as layers)"
        )
    return names


def discriminator_gives_logits(project) -> bool:
    """True unless the discriminator's output node ends in a sigmoid (then it gives probabilities)."""
    graph = project.models["discriminator"]
    outputs = graph.output_ids()
    node = graph.node(outputs[0]) if outputs else None
    return node is None or node.config.get("activation") != "sigmoid"
