"""Pure edits of a config's hidden `layers` list for the layer builder; no Qt, each returns a new list.

The network view draws one column per layer with weights (dense, maxout) and folds each dropout into
the column on its left. The builder follows that: a weight layer and the dropouts after it form one
*group* (one header card), dropouts before the first weight layer act on the inputs. Positions are
*gaps*: gap g is just before weight layer g (gap n: after the last), so a layer dropped at gap g lands
after the dropouts of the column on its left.
"""

from __future__ import annotations

import copy
from typing import Any

from playground.config import MAX_LAYERS, MAX_PIECES
from playground.errors import Refusal
from playground.session.config_edits import MAX_HIDDEN_LAYERS, MAX_UNITS

Layer = dict[str, Any]
KINDS = ("dense", "maxout", "dropout")
NEW_UNITS = 4
NEW_PIECES = 2
NEW_RATE = 0.2
MAX_RATE = 0.95


def kind_of(layer: Layer) -> str:
    """The layer's type ("dense" when absent)."""
    return str(layer.get("type", "dense"))


def has_weights(layer: Layer) -> bool:
    """Whether the layer holds weights (dense, maxout), i.e. gets its own column."""
    return kind_of(layer) != "dropout"


def weight_count(layers: list[Layer]) -> int:
    """Number of hidden layers with weights."""
    return sum(1 for layer in layers if has_weights(layer))


def new_layer(kind: str, activation: str = "tanh") -> Layer:
    """A layer of this kind with the builder's defaults (Dense: 4 units and the given activation)."""
    if kind == "dense":
        return {"type": "dense", "units": NEW_UNITS, "activation": activation}
    if kind == "maxout":
        return {"type": "maxout", "units": NEW_UNITS, "pieces": NEW_PIECES}
    if kind == "dropout":
        return {"type": "dropout", "rate": NEW_RATE}
    raise ValueError(f"unknown layer kind {kind!r}")


def describe(layer: Layer) -> str:
    """A short name for messages and undo entries: 'Dense 8 relu', 'Maxout 4 ×2', 'Dropout 0.2'."""
    kind = kind_of(layer)
    if kind == "dropout":
        return f"Dropout {float(layer.get('rate', 0.5)):g}"
    if kind == "maxout":
        return f"Maxout {layer.get('units', NEW_UNITS)} ×{layer.get('pieces', NEW_PIECES)}"
    return f"Dense {layer.get('units', NEW_UNITS)} {layer.get('activation', 'tanh')}"


def split(layers: list[Layer]) -> tuple[list[Layer], list[list[Layer]]]:
    """(dropouts on the inputs, one group per weight layer: [layer, its dropouts...])."""
    leading: list[Layer] = []
    groups: list[list[Layer]] = []
    for layer in copy.deepcopy(list(layers)):
        if has_weights(layer):
            groups.append([layer])
        elif groups:
            groups[-1].append(layer)
        else:
            leading.append(layer)
    return leading, groups


def join(leading: list[Layer], groups: list[list[Layer]]) -> list[Layer]:
    """The flat layers list of split()'s parts."""
    return leading + [layer for group in groups for layer in group]


def column_of(layers: list[Layer], index: int) -> int:
    """The drawn column a layer belongs to: 0 the inputs, p + 1 weight layer p (dropouts: the one before)."""
    return weight_count(layers[: index + 1])


def weight_index(layers: list[Layer], index: int) -> int | None:
    """Which weight layer layers[index] is (0-based), or None for a dropout."""
    if not has_weights(layers[index]):
        return None
    return weight_count(layers[:index])


def insert_refusal(layers: list[Layer], kind: str) -> Refusal | None:
    """Why a layer of this kind cannot be added (a code the window translates), or None when it can."""
    if kind not in KINDS:
        return Refusal("layer_kind", f"unknown layer kind {kind!r}", kind=kind)
    if kind != "dropout" and weight_count(layers) >= MAX_HIDDEN_LAYERS:
        return Refusal(
            "most_hidden_layers",
            f"the network already has the most hidden layers allowed ({MAX_HIDDEN_LAYERS})",
            count=MAX_HIDDEN_LAYERS,
        )
    if len(layers) >= MAX_LAYERS:
        return Refusal(
            "most_layers",
            f"the engine takes at most {MAX_LAYERS} layers, dropout included",
            count=MAX_LAYERS,
        )
    return None


def insert(layers: list[Layer], gap: int, layer: Layer) -> list[Layer]:
    """Insert a layer at a gap (0..number of weight layers); a dropout joins the column on the left."""
    leading, groups = split(layers)
    gap = max(0, min(len(groups), gap))
    layer = copy.deepcopy(layer)
    if not has_weights(layer):
        (leading if gap == 0 else groups[gap - 1]).append(layer)
    else:
        groups.insert(gap, [layer])
    return join(leading, groups)


def unit_span(layers: list[Layer], index: int) -> tuple[int, int]:
    """The slice [start, stop) that moves or goes with layers[index]: a weight layer takes its dropouts."""
    stop = index + 1
    if has_weights(layers[index]):
        while stop < len(layers) and not has_weights(layers[stop]):
            stop += 1
    return index, stop


def remove(layers: list[Layer], index: int) -> list[Layer]:
    """Remove layers[index]; a weight layer goes with the dropouts drawn in its column."""
    start, stop = unit_span(layers, index)
    return copy.deepcopy(layers[:start] + layers[stop:])


def move(layers: list[Layer], index: int, gap: int) -> list[Layer]:
    """Move layers[index] (with its dropouts, for a weight layer) to a gap of the list as it is now."""
    start, stop = unit_span(layers, index)
    unit = copy.deepcopy(layers[start:stop])
    rest = copy.deepcopy(layers[:start] + layers[stop:])
    p = weight_index(layers, index)
    if p is not None and gap > p:
        gap -= 1  # the gaps after the moved layer shift left once it is out
    leading, groups = split(rest)
    gap = max(0, min(len(groups), gap))
    if p is None:
        (leading if gap == 0 else groups[gap - 1]).extend(unit)
    else:
        groups.insert(gap, unit)
    return join(leading, groups)


def neighbour_gap(layers: list[Layer], index: int, step: int) -> int | None:
    """The gap that moves layers[index] one column left (step -1) or right (+1), or None at an end."""
    n = weight_count(layers)
    p = weight_index(layers, index)
    if p is None:
        c = column_of(layers, index)
        target = c + step
        return target if 0 <= target <= n else None
    if step < 0:
        return p - 1 if p > 0 else None
    return p + 2 if p + 1 < n else None


def set_value(layers: list[Layer], index: int, key: str, value: Any) -> list[Layer]:
    """Set one key of one layer, clamped to the builder's limits; frozen False removes the key."""
    out = copy.deepcopy(layers)
    layer = out[index]
    if key == "units":
        value = int(min(MAX_UNITS, max(1, int(value))))
    elif key == "pieces":
        value = int(min(MAX_PIECES, max(2, int(value))))
    elif key == "rate":
        value = round(float(min(MAX_RATE, max(0.0, float(value)))), 4)
    if key == "frozen" and not value:
        layer.pop("frozen", None)
    else:
        layer[key] = value
    return out
