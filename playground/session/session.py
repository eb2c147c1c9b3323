"""The Session: the one owner of an experiment and of the config the user wants (no Qt).

The window never edits an experiment: it asks the session for a config, and the session decides,
from one table, what the change means. Live keys change on the running network; a change of frozen
flags keeps the weights (same shapes); anything else builds a new experiment. A change the engine
refuses raises `Refusal` and leaves the session exactly as it was.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.config import normalize, with_data
from playground.datasets import view_extent
from playground.errors import ConfigError, Refusal
from playground.experiment import Experiment
from playground.session.advice import LossWatch
from playground.session.config_edits import param_layer_indices
from playground.session.snapshot import DataPoints, Snapshot
from playground.session.stop_rule import StopRule

# What a change of each top-level key means. Live: the running network takes it (the setter's name
# on Experiment). Every other key rebuilds, except a change of only the layers' frozen flags, which
# keeps the weights, optimizer state and history.
LIVE_KEYS: dict[str, str] = {
    "optimizer": "set_optimizer",
    "schedule": "set_schedule",
    "regularization": "set_regularization",
    "batch_size": "set_batch_size",
    "backend": "set_backend",
}
NONE, LIVE, KEPT, REBUILT = "none", "live", "kept", "rebuilt"
# A frame's grids while training: the neuron thumbnails are drawn ~48 px wide and a view draws at
# most 32 neurons of a layer, so more is never looked at; and the boundary gets coarser when a large
# network would spend more than GRID_BUDGET_S per frame on it (full resolution again when paused).
NEURON_RESOLUTION = 48
NEURON_MAPS = 32
GRID_BUDGET_S = 0.005  # ~15 % of a frame at 30 frames/s: training keeps the rest (issue 13: >= 80 %)
MIN_TRAINING_RESOLUTION = 16
MAX_CHECKPOINTS = 64  # saved experiments for undo; older ones fall back to their config


@dataclass
class TrainResult:
    """What one `Session.train` call did."""

    epochs: int
    stop: str | None = None  # the stop rule's reason when it ended the run
    diverged: bool = False
    advice: str | None = None  # "lr_too_high": the loss stays well above its best (said once a run)


def _without_frozen(layers: list[dict]) -> list[dict]:
    return [{k: v for k, v in layer.items() if k != "frozen"} for layer in layers]


def with_live_settings(before: Mapping, now: Mapping | None) -> dict:
    """`before` (a config, or a to_dict() with "state") with the live settings as they are in `now`:
    undoing a layer edit gives back the network, not the learning rate the user has since chosen."""
    out = copy.deepcopy(dict(before))
    for key in LIVE_KEYS:
        if now is not None and key in now and now[key] != out.get(key):
            if key == "optimizer" and now[key].get("name") != (out.get(key) or {}).get("name"):
                (out.get("state") or {}).pop("optimizer", None)  # another optimizer's state
            out[key] = copy.deepcopy(now[key])
    return out


def change_kind(current: Mapping, wanted: Mapping) -> str:
    """NONE, LIVE, KEPT or REBUILT: what turning normalised config `current` into `wanted` takes."""
    if current == wanted:
        return NONE
    differ = {k for k in set(current) | set(wanted) if current.get(k) != wanted.get(k)}
    if differ <= set(LIVE_KEYS):
        return LIVE
    if differ - set(LIVE_KEYS) == {"layers"} and _without_frozen(current["layers"]) == _without_frozen(
        wanted["layers"]
    ):
        return KEPT
    return REBUILT


class GridCost:
    """Seconds per grid point of this network's grids (a running average of the last few). The
    first grid of a network is not counted (it may include compiling), nor a call's fixed cost."""

    OVERHEAD_S = 0.0005

    def __init__(self) -> None:
        self.per_point = 0.0
        self._seen = 0

    def add(self, seconds: float, points: int) -> None:
        self._seen += 1
        if self._seen == 1:
            return
        cost = max(seconds - self.OVERHEAD_S, 0.0) / max(1, points)
        self.per_point = cost if self.per_point <= 0 else 0.5 * self.per_point + 0.5 * cost


class Session:
    """Owns one Experiment: applies configs, trains with stop rules, rolls back, builds frames."""

    def __init__(self, config: Mapping | None = None) -> None:
        """Build the experiment from config (a to_dict() with "state" restores it); a config the
        engine refuses starts from the defaults and leaves the reason in `start_error`."""
        self.start_error: str | None = None
        try:
            exp = Experiment.from_dict(dict(config or {}))
        except ConfigError as exc:
            self.start_error = str(exc)
            exp = Experiment.from_dict({})
        self.exp = exp
        self.serial = 0  # bumps when the experiment is replaced: stop rules end with theirs
        self.generation = 0  # bumps when the history starts over (replace, reset, rollback)
        self.data_revision = 0  # bumps when the points change
        self._stop_rule: StopRule | None = None
        self._stop_serial = -1
        self._extent: tuple[object, tuple[float, float]] = (None, (-6.0, 6.0))
        self._checkpoints: dict[str, dict] = {}
        self._watch = LossWatch()
        self._grid_cost = GridCost()
        self._network_landscape = None  # the experiment's loss along two directions (Lab)
        self._adopt(exp)

    # ----- the experiment -----

    @property
    def config(self) -> dict[str, Any]:
        """The experiment's config (normalised; a copy)."""
        return copy.deepcopy(self.exp.config)

    def _adopt(self, exp: Experiment, *, replaced: bool = True, data: bool = True) -> None:
        self.exp = exp
        self.generation += 1
        self._grid_cost = GridCost()  # another network: its own cost per grid point
        if replaced:
            self.serial += 1
        if data:
            self.data_revision += 1
        self._good = np.array(exp.net.params, copy=True)  # the last finite weights
        self._good_epoch = exp.epoch
        self._has_good = bool(np.all(np.isfinite(self._good)))
        self.diverged = False
        self._watch.restart()

    def apply(self, config: Mapping) -> str:
        """Make the experiment's config `config` (no "state"); returns NONE, LIVE, KEPT or REBUILT."""
        if not isinstance(config, Mapping):
            raise Refusal("config", f"a config must be a table of settings, got {type(config).__name__}")
        try:
            wanted = normalize({k: v for k, v in config.items() if k != "state"})
        except ConfigError as exc:
            raise Refusal("config", str(exc), error=str(exc)) from None
        current = self.exp.config
        kind = change_kind(current, wanted)
        if kind == LIVE:
            self._apply_live(wanted)
        elif kind == KEPT:
            d = self.exp.to_dict()
            d.update(copy.deepcopy(wanted))
            self._replace(Experiment.from_dict(d), replaced=False, data=False)
        elif kind == REBUILT:
            self._replace(self._build(wanted))
        return kind

    def _apply_live(self, wanted: dict) -> None:
        """Set each live key that differs; on a refusal the keys set so far are put back."""
        exp = self.exp
        before = {k: copy.deepcopy(exp.config[k]) for k in LIVE_KEYS}
        if wanted["optimizer"] != before["optimizer"] or wanted["schedule"] != before["schedule"]:
            self._watch.restart()  # another step size: judge it afresh
        try:
            for key, setter in LIVE_KEYS.items():
                if exp.config[key] != wanted[key]:
                    getattr(exp, setter)(wanted[key])
        except ConfigError as exc:
            for key, setter in LIVE_KEYS.items():
                if exp.config[key] != before[key]:
                    getattr(exp, setter)(before[key])
            raise Refusal("config", str(exc), error=str(exc)) from None

    def _build(self, d: Mapping) -> Experiment:
        try:
            return Experiment.from_dict(d)
        except ConfigError as exc:
            raise Refusal("config", str(exc), error=str(exc)) from None

    def _replace(self, exp: Experiment, *, replaced: bool = True, data: bool = True) -> None:
        """Swap in exp, handing the old backend's resources back first."""
        if exp is not self.exp:
            release = getattr(self.exp.backend, "release", None)
            if release is not None and exp.backend is not self.exp.backend:
                release(self.exp.net)
        self._adopt(exp, replaced=replaced, data=data)

    def restore(self, experiment: Mapping) -> None:
        """Replace the experiment by one from a to_dict() (undo, a language switch, a restore)."""
        self._replace(self._build(experiment))

    def checkpoint(self, key: str) -> None:
        """Keep the experiment as it is now (weights and all) under key, for `revert` (undo)."""
        self._checkpoints.pop(key, None)
        self._checkpoints[key] = self.exp.to_dict()
        while len(self._checkpoints) > MAX_CHECKPOINTS:
            del self._checkpoints[next(iter(self._checkpoints))]

    def revert(self, key: str, fallback: Mapping) -> None:
        """Back to checkpoint `key` (or, once it is forgotten, a new network from config `fallback`),
        with today's live settings."""
        before = self._checkpoints.get(key, fallback)
        self.restore(with_live_settings(before, self.exp.config))

    def open(self, path: str) -> None:
        """Replace the experiment by a saved one; a bad file is a Refusal and changes nothing."""
        try:
            exp = Experiment.load(path)
        except ConfigError as exc:
            raise Refusal("open", str(exc), path=str(path), error=str(exc)) from None
        except OSError as exc:
            raise Refusal("open", str(exc), path=str(path), error=exc.strerror or str(exc)) from None
        self._replace(exp)

    def save(self, path: str) -> None:
        """Write config, weights, optimizer state and history (atomically)."""
        self.exp.save(path)

    def reset(self) -> None:
        """New initial weights, epoch 0: the same experiment (a lesson's stop rule stays)."""
        self.exp.reset()
        self._adopt(self.exp, replaced=False, data=False)

    def regenerate(self, seed: int | None = None) -> None:
        """New points from a new data seed; weights, optimizer state and history stay."""
        self.exp.regenerate_data(seed=seed)
        self.data_revision += 1

    def set_data(self, data: Mapping) -> str:
        """New data (painted points, an import): the weights, optimizer state and history stay when
        the network can take the data (same classes); otherwise a new network. KEPT or REBUILT."""
        d = self.exp.to_dict()
        state = d.pop("state")
        state.pop("order", None)  # a permutation of the old training points
        d = with_data(d, data)
        try:
            wanted = normalize(d)
        except ConfigError as exc:
            raise Refusal("data", str(exc), error=str(exc)) from None
        try:
            exp = Experiment.from_dict({**wanted, "state": state})
            kind = KEPT
        except ConfigError:
            exp = self._build(wanted)  # another class count: a new output layer, new weights
            kind = REBUILT
        self._replace(exp)
        return kind

    # ----- weights -----

    def set_weight(self, layer: int, key: str, index: tuple[int, ...], value: float) -> None:
        """Set one weight of the running network in place (a click on a link)."""
        exp = self.exp
        slices = exp.net.layout.param_slices()
        shapes = exp.net.layout.weight_shapes()
        if not (isinstance(layer, int) and 0 <= layer < len(slices)) or key not in slices[layer]:
            raise Refusal("weight_index", f"there is no weight {key} in layer {layer}", layer=layer, key=key)
        shape = shapes[layer][key]
        index = tuple(int(i) for i in index)
        if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape)):
            raise Refusal("weight_index", f"index {index} is outside {key}'s shape {shape}", layer=layer, key=key)
        try:
            value = float(value)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value):
            raise Refusal("weight_value", "a weight must be a finite number", value=str(value))
        flat = slices[layer][key].start + int(np.ravel_multi_index(index, shape))
        exp.net.params[flat] = value
        self._after_weight_edit()

    def set_weights(self, weights: list[dict]) -> None:
        """Replace every weight (shapes as get_weights())."""
        try:
            self.exp.set_weights(weights)
        except ConfigError as exc:
            raise Refusal("weights", str(exc), error=str(exc)) from None
        self._after_weight_edit()

    def backprop_step(self, point, label) -> dict:
        """One optimizer step on one point (Experiment.backprop_step); a bad point is a Refusal."""
        try:
            trace = self.exp.backprop_step(point, label)
        except ConfigError as exc:
            raise Refusal("backprop", str(exc), error=str(exc)) from None
        self._check_finite()
        return trace

    def _after_weight_edit(self) -> None:
        if np.all(np.isfinite(self.exp.net.params)):
            np.copyto(self._good, self.exp.net.params)
            self._good_epoch, self._has_good, self.diverged = self.exp.epoch, True, False

    # ----- training -----

    def set_stop_rule(self, rule: Mapping | None) -> None:
        """Stop playing at an epoch or a test target, until the experiment is replaced (None: never)."""
        self._stop_rule = StopRule(**rule) if rule else None
        self._stop_serial = self.serial

    @property
    def stop_rule(self) -> StopRule | None:
        """The stop rule in force: one set for an experiment that has since been replaced is over."""
        return self._stop_rule if self._stop_serial == self.serial else None

    def stop_reason(self) -> str | None:
        """Why playing should stop now, or None."""
        rule = self.stop_rule
        return rule.reason(self.exp) if rule is not None else None

    def train(self, epochs: int, *, stop_rule: bool = True) -> TrainResult:
        """Train up to `epochs` (fewer when a stop point comes first), then check for divergence."""
        rule = self.stop_rule if stop_rule else None
        if self.diverged:
            return TrainResult(0, diverged=True)
        n = rule.limit(epochs, self.exp.epoch) if rule is not None else epochs
        self.exp.train(epochs=n)
        if not self._check_finite():
            return TrainResult(n, diverged=True)
        advice = "lr_too_high" if self._watch.check(self.exp.history) else None
        return TrainResult(n, stop=rule.reason(self.exp) if rule is not None else None, advice=advice)

    def _check_finite(self) -> bool:
        """Remember the weights when they and the loss are finite; otherwise the session has diverged."""
        params = self.exp.net.params
        last = self.exp.last_loss()
        if np.all(np.isfinite(params)) and (last is None or math.isfinite(last)):
            np.copyto(self._good, params)
            self._good_epoch, self._has_good = self.exp.epoch, True
            return True
        self.diverged = True
        return False

    def rollback(self) -> None:
        """Back to the last finite weights and their epoch, with fresh optimizer state (it may hold
        NaN); the history after that epoch goes. A Refusal when there are none."""
        if not self._has_good:
            raise Refusal("no_finite_weights", "there are no finite weights to roll back to")
        self.exp.rewind(self._good, self._good_epoch)
        self._adopt(self.exp, replaced=False, data=False)

    # ----- what the window draws -----

    def view_extent(self) -> tuple[float, float]:
        """The square the grids cover: [-6, 6] unless the points lie beyond it."""
        ds = self.exp.dataset
        if ds.image_shape is not None:
            return (-6.0, 6.0)  # images have no plane; the grids are not drawn
        if self._extent[0] is not ds:
            self._extent = (ds, view_extent(np.concatenate([ds.x_train, ds.x_test])))
        return self._extent[1]

    def network_landscape(self, refresh: bool):
        """The experiment's loss along two random directions through its weights (a
        playground.landscape Surface): made anew on refresh, else the one made last."""
        from playground.landscape import network_surface

        if refresh or self._network_landscape is None:
            self._network_landscape = network_surface(self.exp)
        return self._network_landscape

    def grid_resolution(self, resolution: int, playing: bool) -> int:
        """The boundary's resolution for the next frame: as asked, or coarser while a network too
        large to draw it within GRID_BUDGET_S trains (full again when paused)."""
        seconds = self._grid_cost.per_point
        thumbs = NEURON_RESOLUTION**2 if resolution > NEURON_RESOLUTION else 0
        if not playing or seconds <= 0 or (resolution**2 + thumbs) * seconds <= GRID_BUDGET_S:
            return int(resolution)
        fits = int(math.sqrt(GRID_BUDGET_S / seconds))
        if fits > NEURON_RESOLUTION:  # finer than the thumbnails: their pass counts too
            fits = int(math.sqrt(max(GRID_BUDGET_S / seconds - NEURON_RESOLUTION**2, 0)))
            fits = max(fits, NEURON_RESOLUTION)
        return int(max(MIN_TRAINING_RESOLUTION, min(resolution, fits - fits % 4)))

    def _grids(self, exp: Experiment, snap: Snapshot, cost: GridCost) -> None:
        """The boundary (res, res[, K]) and the neuron thumbnails over the plane, into snap."""
        started = time.perf_counter()
        used, extent = snap.resolution, snap.extent
        with np.errstate(all="ignore"):  # a diverged network draws as what it is
            thumbs = min(used, NEURON_RESOLUTION)
            grid = exp.predict_grid(thumbs, extent=extent, neurons=NEURON_MAPS, dtype=np.float32)
            if used == thumbs:  # one forward pass gives both
                output = np.array(grid["output"], dtype=np.float32, copy=True)
            else:  # the boundary finer than the thumbnails: its own output-only pass
                fine = exp.predict_grid(used, extent=extent, neurons=0, dtype=np.float32)  # a picture: float32
                output = fine["output"].astype(np.float32)
            points = used * used + (thumbs * thumbs if used != thumbs else 0)
            cost.add(time.perf_counter() - started, points)
            # predict_grid has a block per config layer, dropout included; the view draws layers with weights.
            # Copies (rows, columns, units) whose memory is (units, rows, columns), as predict_grid's:
            # each neuron's picture contiguous for the window.
            neurons = [np.array(grid["neurons"][i][:, :, :NEURON_MAPS].transpose(2, 0, 1),
                                dtype=np.float32, order="C", copy=True).transpose(1, 2, 0)
                       for i in param_layer_indices(exp.config) if i < len(grid["neurons"])]
        snap.output, snap.neurons = output, neurons

    def frame(self, **kwargs) -> Snapshot:
        """One frame for the window (copies): history rows after epoch `history_after` (None: all).
        Takes frame_parts' arguments, and draws the grids here."""
        snap, draw = self.frame_parts(**kwargs)
        if draw is not None:
            draw()
        return snap

    def frame_parts(
        self,
        *,
        resolution: int,
        history_after: int | None,
        with_data: bool,
        seq: int = 0,
        playing: bool = False,
        epochs_per_second: float = 0.0,
        probes: Mapping[str, Callable[[Experiment], Any]] | None = None,
        on_probe_error: Callable[[str, Exception], None] | None = None,
        elsewhere: bool = False,
    ) -> tuple[Snapshot, Callable[[], None] | None]:
        """A frame without its grids, and the function that draws them into it (None: nothing to draw).

        elsewhere: the function may run on another thread while this one trains on: it then draws
        from a frozen copy of the network as it is now (Experiment.frozen) and touches nothing else of
        the session's. A backend that cannot (the GPU's) draws here, before this returns (then None).
        """
        exp = self.exp
        used = self.grid_resolution(resolution, playing)
        extent = self.view_extent()
        with np.errstate(all="ignore"):
            evaluation = dict(exp.last())
        ds = exp.dataset
        data = DataPoints.copy_of(ds) if with_data else None
        rule = self.stop_rule
        images = exp.image_shape is not None
        snap = Snapshot(
            generation=self.generation,
            seq=seq,
            epoch=int(exp.epoch),
            playing=playing,
            config=copy.deepcopy(exp.config),
            task=ds.task,
            n_classes=int(ds.n_classes or 0),
            parameter_count=int(exp.parameter_count),
            weights=exp.get_weights(),
            history_reset=history_after is None,
            history=exp.history.rows_after(-1 if history_after is None else history_after),
            evaluation=evaluation,
            gradient_norms=[float(g) for g in exp.gradient_norms()],
            resolution=used,
            # images: no plane to map (the window asks for its digit); else drawn by the function
            output=np.zeros((0, 0, exp.n_outputs), dtype=np.float32),
            neurons=[],
            epochs_per_second=epochs_per_second if playing else 0.0,
            data_revision=self.data_revision,
            data=data,
            extent=tuple(extent),
            stop_rule=None if rule is None else rule.as_dict(),
            diverged=self.diverged,
            full_resolution=int(resolution),
            learning_rate=float(exp.learning_rate()),
            image_shape=exp.image_shape,
        )
        for name, fn in (probes or {}).items():  # what the open lab panels asked for
            try:
                snap.extra[name] = fn(exp)
            except Exception as exc:  # noqa: BLE001 - a panel's bad request must not stop training
                if on_probe_error is not None:
                    on_probe_error(name, exc)
        if images:
            return snap, None
        cost = self._grid_cost
        if elsewhere and exp.can_freeze:
            twin = exp.frozen()
            return snap, lambda: self._grids(twin, snap, cost)
        if elsewhere:
            self._grids(exp, snap, cost)
            return snap, None
        return snap, lambda: self._grids(exp, snap, cost)
