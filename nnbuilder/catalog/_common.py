"""Parameter groups that many layer specs share."""

from __future__ import annotations

from nnbuilder.catalog._spec import Config
from nnbuilder.document.params import Param


def activation(default: str | None = None, key: bool = True) -> Param:
    return Param(
        "activation",
        "activation",
        default,
        nullable=True,
        key=key,
        help="Function applied to the output; none means linear.",
    )


def use_bias() -> Param:
    return Param("use_bias", "bool", True, help="Add a learned bias to each output.")


def weights(prefix: str, initializer: str, *, regularize: bool = True, constrain: bool = True) -> list[Param]:
    """Initializer, regularizer and constraint of one weight tensor."""
    out = [
        Param(
            f"{prefix}_initializer",
            "initializer",
            initializer,
            advanced=True,
            help=f"How the {prefix.replace('_', ' ')} weights start.",
        )
    ]
    if regularize:
        out.append(
            Param(
                f"{prefix}_regularizer",
                "regularizer",
                None,
                nullable=True,
                advanced=True,
                help=f"Penalty on the {prefix.replace('_', ' ')} weights (L1, L2 or both).",
            )
        )
    if constrain:
        out.append(
            Param(
                f"{prefix}_constraint",
                "constraint",
                None,
                nullable=True,
                advanced=True,
                help=f"Constraint applied to the {prefix.replace('_', ' ')} weights after each update.",
            )
        )
    return out


def activity_regularizer() -> Param:
    return Param(
        "activity_regularizer", "regularizer", None, nullable=True, advanced=True, help="Penalty on the layer's output."
    )


def data_format(choices: tuple[str, ...] = ("channels_last", "channels_first")) -> Param:
    return Param(
        "data_format",
        "choice",
        None,
        choices=choices,
        nullable=True,
        advanced=True,
        help="Where the channel axis is; none means channels_last.",
    )


def seed() -> Param:
    return Param("seed", "int", None, nullable=True, min=0, advanced=True, help="Random seed, for repeatable runs.")


def resolve_format(cfg: Config) -> str:
    return cfg.get("data_format") or "channels_last"
