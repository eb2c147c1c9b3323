"""The typed commands the window sends the engine thread, which runs them on its Session in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Play:
    """Train until paused, a stop rule or a divergence."""


@dataclass(frozen=True)
class Pause:
    """Stop training after the current chunk."""


@dataclass(frozen=True)
class Step:
    """Train exactly this many epochs, then pause."""

    epochs: int = 1


@dataclass(frozen=True)
class Reset:
    """New initial weights, same data and settings."""


@dataclass(frozen=True)
class Apply:
    """Make the experiment's config this one; the session decides live, kept or rebuilt."""

    config: dict[str, Any]


@dataclass(frozen=True)
class Change:
    """Set one top-level config key (a control's value) on top of the config the session has."""

    key: str
    value: Any


@dataclass(frozen=True)
class Restore:
    """Replace the experiment by one from to_dict() (config and "state")."""

    experiment: dict[str, Any]


@dataclass(frozen=True)
class Checkpoint:
    """Keep the experiment as it is now under key (for undo)."""

    key: str


@dataclass(frozen=True)
class Revert:
    """Back to checkpoint key with today's live settings; a new network from fallback once it is gone."""

    key: str
    fallback: dict[str, Any]


@dataclass(frozen=True)
class SetData:
    """New data (painted points, an import); the weights stay where the network can take it."""

    data: dict[str, Any]


@dataclass(frozen=True)
class Regenerate:
    """New points from a new data seed (None: the next one)."""

    seed: int | None = None


@dataclass(frozen=True)
class SetWeight:
    """One weight of the running network, in place."""

    layer: int
    key: str
    index: tuple[int, ...]
    value: float


@dataclass(frozen=True)
class SetWeights:
    """Every weight (shapes as get_weights())."""

    weights: list[dict[str, Any]]


@dataclass(frozen=True)
class BackpropStep:
    """Exactly one optimizer step on one point (x1, x2) with its label: the update the backprop
    trace of that point shows."""

    point: tuple[float, ...]
    label: float


@dataclass(frozen=True)
class Rollback:
    """Back to the last finite weights."""


@dataclass(frozen=True)
class Save:
    """Write the experiment to a file."""

    path: str


@dataclass(frozen=True)
class Open:
    """Replace the experiment by a saved one."""

    path: str


@dataclass(frozen=True)
class SetResolution:
    """The heatmaps' grid size."""

    resolution: int


@dataclass(frozen=True)
class SetPace:
    """While playing, train at most this many epochs per frame and show each frame (None: as fast
    as it goes). A view setting: not part of the experiment's config."""

    epochs_per_frame: int | None = None


@dataclass(frozen=True)
class SetProbe:
    """Compute probe(experiment) into each frame's `extra[name]` (None: stop computing it)."""

    name: str
    probe: Callable[[Any], Any] | None


@dataclass(frozen=True)
class SetStopRule:
    """Stop playing at an epoch or a test target (StopRule's keywords), for this experiment."""

    rule: dict[str, Any] | None


@dataclass(frozen=True)
class CompareAdd:
    """Add runs to compare (on the first run's data); labels "" are named by the view."""

    configs: list[dict[str, Any]]
    labels: list[str]


@dataclass(frozen=True)
class CompareRemove:
    """Remove one compared run."""

    run_id: int


@dataclass(frozen=True)
class CompareClear:
    """Remove every compared run."""


@dataclass(frozen=True)
class CompareReset:
    """Every compared run back to its initial weights."""


@dataclass(frozen=True)
class CompareTarget:
    """The epoch the compared runs train to."""

    epochs: int


@dataclass(frozen=True)
class ComparePlay:
    """Train the compared runs round-robin (on / off)."""

    on: bool


# What a Query can ask for: copies of the state after every command sent before it.
QUERIES = ("config", "weights", "predict", "epoch", "history", "to_dict", "backends",
           "pytorch_source", "equations", "last_gradients", "landscape_grid", "landscape_race",
           "backprop_trace")


@dataclass(frozen=True)
class Query:
    """Ask for a copy of some state (one of QUERIES); the answer goes to the request's callback."""

    what: str
    arg: Any = None
    request: int = field(default=0, compare=False)


Command = (
    Play | Pause | Step | Reset | Apply | Change | Restore | Checkpoint | Revert | SetData | Regenerate | SetWeight
    | SetWeights | BackpropStep | Rollback | Save | Open | SetResolution | SetPace | SetProbe | SetStopRule | Query
    | CompareAdd | CompareRemove | CompareClear | CompareReset | CompareTarget | ComparePlay
)
COMPARE = (CompareAdd, CompareRemove, CompareClear, CompareReset, CompareTarget, ComparePlay)
# Commands that change nothing an autosave holds.
NOT_CHANGES = (Query, Save, SetResolution, SetPace, SetProbe, SetStopRule, Checkpoint, *COMPARE)
