"""The headless experiment: a config, its data, a network and its training history."""

import copy
import functools
import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from kernels import LayerDesc, Net, build_layout, get_backend
from kernels import codes as C
from kernels.backend import available_backends

from .config import (
    BACKENDS,
    normalize,
    normalize_batch_size,
    normalize_optimizer,
    normalize_regularization,
)
from .datasets import make_dataset
from .errors import ConfigError
from .features import feature_matrix
from .files import read_json, write_atomic
from .history import History
from .schedules import Schedule, normalize_schedule, per_batch

EXTENT = (-6.0, 6.0)


@functools.lru_cache(maxsize=4)
def _grid_features(res: int, lo: float, hi: float, features: tuple) -> np.ndarray:
    """The feature rows of predict_grid's res x res points, kept for the next frame: building them was
    about a twentieth of a small network's grid. Never handed out (predict_grid returns a copy), and not
    made read-only either: the kernels would take a read-only array as another type to compile for."""
    ticks = np.linspace(lo, hi, res)
    gx, gy = np.meshgrid(ticks, ticks)
    return feature_matrix(np.column_stack([gx.ravel(), gy.ravel()]), list(features))


def _hyper_parameters(opt: dict) -> np.ndarray:
    """The optimizer's hyper-parameters in the kernels' fixed slots."""
    hp = np.zeros(C.N_HP)
    hp[C.HP_LR] = opt["lr"]
    hp[C.HP_MOMENTUM] = opt.get("momentum", 0.0)
    hp[C.HP_BETA1], hp[C.HP_BETA2] = opt.get("betas", (0.9, 0.999))
    hp[C.HP_EPS] = opt.get("eps", 0.0)
    hp[C.HP_ALPHA] = opt.get("alpha", 0.0)
    hp[C.HP_RHO] = opt.get("rho", 0.0)
    hp[C.HP_MOMENTUM_DECAY] = opt.get("momentum_decay", 0.0)
    hp[C.HP_LR_DECAY] = opt.get("lr_decay", 0.0)
    hp[C.HP_INITIAL_ACC] = opt.get("initial_accumulator_value", 0.0)
    return hp


def initial_weights(init: str | dict, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """A layer's first weights, W of shape (fan_in, units[, pieces]), by the config's init."""
    fan_in, units = shape[0], shape[1]
    if init == "zeros":  # every neuron of a layer the same: they stay the same (the lesson's point)
        return np.zeros(shape)
    if isinstance(init, Mapping):  # {"name": "normal", "std": s}
        return rng.standard_normal(shape) * float(init["std"])
    if init == "orthogonal":
        return _orthogonal(shape, rng)
    a = {"xavier": np.sqrt(6.0 / (fan_in + units)), "he": np.sqrt(6.0 / fan_in), "uniform": 0.5}[init]
    return rng.uniform(-a, a, shape)


def _orthogonal(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Orthonormal rows or columns (whichever are fewer), as torch.nn.init.orthogonal_ gives: modified
    Gram-Schmidt with exactly rounded sums (math.fsum), so the bits are the same on every machine."""
    rows, cols = shape[0], int(np.prod(shape[1:]))
    flip = rows < cols
    m = rng.standard_normal((cols, rows) if flip else (rows, cols))  # orthonormal columns
    q = np.empty_like(m)
    for j in range(m.shape[1]):
        v = m[:, j].copy()
        for k in range(j):
            v -= math.fsum(q[:, k] * v) * q[:, k]
        norm = math.sqrt(math.fsum(v * v))
        q[:, j] = v / norm if norm > 0 else 0.0
    return (q.T if flip else q).reshape(shape)


def _check_backend(name: str, schedule=None) -> None:
    """Raise ConfigError unless backend `name` exists and can run here ('auto' always can), with the
    schedule if there is one (schedules run on the CPU backend only; 'auto' then takes the CPU)."""
    if name not in BACKENDS:
        raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}, got {name!r}")
    if name == "cuda" and schedule is not None:
        raise ConfigError("learning-rate schedules run on the CPU backend only: choose backend 'cpu' or "
                          "'auto', or no schedule, to train on the GPU")
    reason = available_backends()[name] if name not in ("cpu", "auto") else ""
    if reason:
        raise ConfigError(f"backend {name!r} cannot be used here: {reason}")


def _layer_descs(cfg: dict, n_out: int) -> list[LayerDesc]:
    descs = []
    for layer in cfg["layers"]:
        kind = C.LAYER_KINDS[layer["type"]]
        descs.append(LayerDesc(
            kind=kind, units=layer.get("units", 0), act=C.ACT.get(layer.get("activation"), 0),
            pieces=layer.get("pieces", 1), rate=layer.get("rate", 0.0), frozen=layer.get("frozen", False)))
    descs.append(LayerDesc(kind=C.DENSE, units=n_out, act=C.ACT["linear"]))
    return descs


class Experiment:
    """One experiment: build with from_dict(config), train, evaluate, predict, save."""

    def __init__(self, config: Mapping):
        cfg = normalize(config)
        _check_backend(cfg["backend"], cfg["schedule"])
        self.config = cfg
        self.dataset = make_dataset(cfg["data"], cfg["task"], cfg["seed"])
        ds = self.dataset
        if cfg["task"] == "regression":
            group, n_out = "regression", 1
        elif ds.n_classes == 2:
            group, n_out = "binary", 1
        else:
            group, n_out = "multi", ds.n_classes
        self.n_outputs = n_out
        self._features()
        layout = build_layout(self.n_inputs, _layer_descs(cfg, n_out))
        opt = cfg["optimizer"]
        self.net = Net(layout, n_out=n_out, loss=C.LOSS_CODES[(group, cfg["loss"])], opt=C.OPT[opt["name"]],
                       hp=_hyper_parameters(opt))
        self._set_regularization(cfg["regularization"])
        # 'auto' picks the GPU only for big problems; backend.name says which one it chose
        self.backend = get_backend(cfg["backend"], work=self._work())
        self._schedule: Schedule | None = None  # made when first asked for, again after a change
        self._init_round = 0
        self._initialise()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_dict(cls, d: Mapping) -> "Experiment":
        """Build from a config dict; a "state" entry (from to_dict) restores weights, optimizer and history."""
        if not isinstance(d, Mapping):
            raise ConfigError(f"an experiment must be a table of settings, got {type(d).__name__}")
        d = dict(d)
        state = d.pop("state", None)
        exp = cls(d)
        if state is not None:
            exp._restore(state)
        return exp

    @classmethod
    def load(cls, path) -> "Experiment":
        """Open an experiment saved by save(); a broken or foreign file raises ConfigError saying why."""
        path = Path(path)
        d = read_json(path, "experiment file")
        try:
            return cls.from_dict(d)
        except ConfigError as e:
            raise ConfigError(f"{path}: {e}") from None

    def save(self, path) -> None:
        """Write config, weights, optimizer state and history as JSON, atomically."""
        write_atomic(path, json.dumps(self.to_dict(), indent=1))

    def to_dict(self) -> dict:
        """The config plus a "state" entry; from_dict(to_dict()) gives the same experiment."""
        net = self.net
        d = copy.deepcopy(self.config)
        d["state"] = {
            "epoch": self.epoch,
            "init_round": self._init_round,
            "weights": [{k: v.tolist() for k, v in layer.items()} for layer in self.get_weights()],
            "optimizer": {"s1": net.s1.tolist(), "s2": net.s2.tolist(), "steps": net.steps.tolist()},
            "rng": int(net.rng[0]),
            "order": self._order.tolist(),
            "steps": self._steps,
            "schedule_start": list(self._schedule_start),
            "history": self.history.to_dict(),
            "history_thinning": self.history.thinning(),  # which saved rows are thinned (optional)
        }
        return d

    def _restore(self, state) -> None:
        if not isinstance(state, Mapping):
            raise ConfigError("state must be a table with epoch, weights, optimizer, rng and history")
        try:
            weights = [{k: np.asarray(v, dtype=np.float64) for k, v in layer.items()} for layer in state["weights"]]
            self.set_weights(weights)
            opt = state.get("optimizer")
            if opt is not None:
                n = self.net.layout.n_params
                s1, s2 = np.asarray(opt["s1"], dtype=float), np.asarray(opt["s2"], dtype=float)
                steps = np.asarray(opt["steps"], dtype=float)
                if s1.shape != (n,) or s2.shape != (n,) or steps.shape != self.net.steps.shape:
                    raise ConfigError("state.optimizer does not match the network's shape")
                self.net.s1[:], self.net.s2[:], self.net.steps[:] = s1, s2, steps
            self.net.rng[0] = np.uint64(int(state.get("rng", int(self.net.rng[0]))) % 2**64)
            if "order" in state:
                order = np.asarray(state["order"], dtype=np.int64)
                if not np.array_equal(np.sort(order), np.arange(len(self._order))):
                    raise ConfigError("state.order must be a permutation of the training points")
                self._order[:] = order
            self.epoch = int(state.get("epoch", 0))
            self._init_round = int(state.get("init_round", 0))
            self._steps = int(state.get("steps", 0))
            start = state.get("schedule_start", (0, 0))
            self._schedule_start = (int(start[0]), int(start[1]))
            hist = state.get("history")
            if isinstance(hist, Mapping) and "lr" not in hist and isinstance(hist.get("epoch"), list):
                # a file from before schedules: the rate was the optimizer's all along
                hist = {**hist, "lr": [self.config["optimizer"]["lr"]] * len(hist["epoch"])}
            if hist is not None:
                n_layers = int(np.count_nonzero(self.net.layout.table[:, C.COL_KIND] != C.DROPOUT))
                self.history = History.from_dict(hist, state.get("history_thinning"), keys=list(self.history),
                                                 n_layers=n_layers, what="state.history")
        except ConfigError:
            raise
        except KeyError as e:  # in plain words: no exception names for the user
            raise ConfigError(f"state is damaged or incomplete: it has no {e.args[0]!r}") from None
        except (TypeError, ValueError, AttributeError):
            raise ConfigError("state is damaged or incomplete: its weights, optimizer or history are "
                              "not the tables and lists of numbers a saved experiment holds") from None

    @property
    def image_shape(self) -> tuple[int, int] | None:
        """(height, width) of the data's images (the digits: (8, 8)), or None for 2-D points."""
        return self.dataset.image_shape

    @property
    def n_inputs(self) -> int:
        """The network's inputs: the features of a 2-D point, or an image's pixels (row-major)."""
        shape = self.image_shape
        return len(self.config["features"]) if shape is None else shape[0] * shape[1]

    def _features(self) -> None:
        ds = self.dataset
        if ds.image_shape is not None:  # the pixels are the inputs, as they are
            self._x_train = np.ascontiguousarray(ds.x_train, dtype=np.float64)
            self._x_test = np.ascontiguousarray(ds.x_test, dtype=np.float64)
        else:
            names = self.config["features"]
            self._x_train = feature_matrix(ds.x_train, names, check="training points")
            self._x_test = feature_matrix(ds.x_test, names, check="test points")
        self._y_train = np.ascontiguousarray(ds.y_train, dtype=np.float64)
        self._y_test = np.ascontiguousarray(ds.y_test, dtype=np.float64)
        self._order = np.arange(len(self._y_train))  # sample order, reshuffled in place every epoch

    def _initialise(self) -> None:
        """Fresh weights, optimizer state, training RNG and history from (seed, init round)."""
        seed, rnd = self.config["seed"], self._init_round
        rng = np.random.default_rng([seed, 1, rnd])
        init = self.config["init"]
        ws = []
        for shapes in self.net.layout.weight_shapes():
            layer = {"W": initial_weights(init, shapes["W"], rng),
                     "b": np.full(shapes["b"], 0.1 if init == "uniform" else 0.0)}
            if "alpha" in shapes:
                layer["alpha"] = np.full(shapes["alpha"], 0.25)
            ws.append(layer)
        self.set_weights(ws)
        self.net.reset_optimizer_state(self.net.hp[C.HP_INITIAL_ACC])
        self.net.rng[0] = np.uint64(np.random.default_rng([seed, 2, rnd]).integers(0, 2**63))
        self.net.grads[:] = 0.0
        self._order[:] = np.arange(len(self._order))
        self.epoch = 0
        self._steps = 0  # optimizer steps taken (a per-batch schedule's clock)
        self._schedule_start = (0, 0)  # (epoch, step) the schedule counts from
        keys = ["epoch", "train_loss", "test_loss"]
        if self.config["task"] == "classification":
            keys += ["train_accuracy", "test_accuracy"]
        # lr: the learning rate of the epoch's last step; bounded: older rows thinned, see playground.history
        self.history = History(keys + ["lr", "grad_norms"])

    # ------------------------------------------------------------------ live settings
    def _set_regularization(self, reg: dict) -> None:
        self.net.reg_kind = C.REGULARIZERS[reg["kind"]]
        self.net.reg_rate = reg["rate"] if reg["kind"] != "none" else 0.0

    def set_regularization(self, reg: Mapping) -> None:
        """Change the penalty without a reset."""
        reg = normalize_regularization(reg)
        self._set_regularization(reg)
        self.config["regularization"] = reg

    def set_optimizer(self, opt: Mapping) -> None:
        """Change optimizer or hyper-parameters without a reset; the same optimizer keeps its state."""
        opt = normalize_optimizer(opt)
        code = C.OPT[opt["name"]]
        self.net.hp[:] = _hyper_parameters(opt)
        if code != self.net.opt:
            self.net.opt = code
            self.net.reset_optimizer_state(self.net.hp[C.HP_INITIAL_ACC])
        self.config["optimizer"] = opt

    def set_schedule(self, schedule: Mapping | None) -> None:
        """Choose or change the learning-rate schedule (None: none) without a reset; it counts from now.

        Schedules run on the CPU backend: on 'auto' the experiment moves there, on 'cuda' it is refused.
        """
        schedule = normalize_schedule(schedule)
        name = self.config["backend"]
        if schedule is not None and self.backend.name == "cuda":
            _check_backend(name, schedule)  # 'cuda' asked for by name: refused
            self._move_backend("cpu")
        self.config["schedule"] = schedule
        self._schedule = None
        self._schedule_start = (self.epoch, self._steps)

    def _rates(self) -> Schedule | None:
        """The schedule's rates for the optimizer's lr now (None without a schedule)."""
        spec, lr = self.config["schedule"], self.config["optimizer"]["lr"]
        if spec is None:
            return None
        if self._schedule is None or self._schedule.spec != spec or self._schedule.base_lr != lr:
            self._schedule = Schedule(spec, lr)
        return self._schedule

    def _steps_per_epoch(self) -> int:
        n = len(self._y_train)
        return -(-n // self._batch()) if n else 0

    def _schedule_clock(self) -> int:
        """The schedule's step of the next optimizer step: epochs or batches since it started."""
        if per_batch(self.config["schedule"]):
            return self._steps - self._schedule_start[1]
        return self.epoch - self._schedule_start[0]

    def learning_rate(self) -> float:
        """The learning rate the next optimizer step uses: the schedule's, else optimizer.lr."""
        sched = self._rates()
        return self.config["optimizer"]["lr"] if sched is None else sched.lr(self._schedule_clock())

    def _step_rates(self, epochs: int) -> np.ndarray | None:
        """Each optimizer step's learning rate over the next `epochs` epochs (None without a schedule)."""
        sched = self._rates()
        if sched is None:
            return None
        spe = self._steps_per_epoch()
        t = self._schedule_clock()
        if per_batch(self.config["schedule"]):
            return sched.lrs(t, epochs * spe)
        return np.repeat(sched.lrs(t, epochs), spe)

    def set_learning_rate(self, lr: float) -> None:
        """Change only the learning rate, keeping optimizer state."""
        self.set_optimizer({**self.config["optimizer"], "lr": lr})

    def set_batch_size(self, batch) -> None:
        """Change the minibatch size (an int, or "full") without a reset."""
        self.config["batch_size"] = normalize_batch_size(batch)

    def set_backend(self, name: str) -> str:
        """Move the experiment to another backend ('cpu', 'cuda', 'auto') between steps; returns the one chosen.

        The weights, optimizer state and history stay; a backend that cannot run here raises ConfigError.
        """
        _check_backend(name, self.config["schedule"])
        self._move_backend(name)
        self.config["backend"] = name
        return self.backend.name

    def _work(self) -> int:
        """Multiply-adds of one optimizer step, for 'auto' (0 with a schedule: schedules run on the CPU)."""
        return 0 if self.config["schedule"] is not None else self._batch() * self.net.layout.n_params

    def _move_backend(self, name: str) -> None:
        release = getattr(self.backend, "release", None)
        if release is not None:
            release(self.net)  # the CUDA backend has already copied its state back into the host arrays
        self.backend = get_backend(name, work=self._work())

    def regenerate_data(self, seed: int | None = None) -> None:
        """New points from a new data seed; weights, optimizer state and history stay."""
        data = dict(self.config["data"])
        data["seed"] = int(seed) if seed is not None else data.get("seed", self.config["seed"]) + 1
        cfg = normalize({**self.config, "data": data})
        self.dataset = make_dataset(cfg["data"], cfg["task"], cfg["seed"])
        self.config = cfg
        self._features()

    def reset(self) -> None:
        """New initial weights (the next init round of this seed), epoch 0, history cleared; same data."""
        self._init_round += 1
        self._initialise()

    def has_wide_layer(self) -> bool:
        """Whether the CPU backend runs a layer of this network with its tiled kernels, which compile
        apart (seconds, the first time only: see warmup(wide=True))."""
        from kernels.cpu import wide_switch

        return self.backend.name == "cpu" and wide_switch(self.net.layout.table) is not None

    def warmup(self, wide: bool = False, *, first: bool = True, rest: bool = True, frame: bool = True) -> None:
        """Compile the kernels, or load them from Numba's cache (seconds the first time, then fast).

        first: the kernels a first frame needs (evaluate, predict, predict_grid); rest: those of train,
        loss_and_gradients and the landscape. Both by default. A window shows its first frame sooner
        with warmup(rest=False), then warmup(first=False) before (or while nothing needs) training:
        on the CPU the first part is less than half of a cold compile (3.5 of 8.4 s on a 2-core machine,
        measured). Another backend compiles everything with its first part and nothing with the rest.
        wide: instead the variants networks with a layer of 16 units or more use, and the CPU kernels that
        the default network does not need (maxout and dropout layers, the multi-class losses, the other
        activations and optimizers: otherwise each is compiled, in under a second, when a network first
        needs it). The CPU backend compiles them apart, so that the default network starts sooner.
        frame=False: the CPU's float32 frame kernel not with the rest (until it is compiled, with
        warmup(first=False, rest=False), predict_grid(dtype=np.float32) takes the float64 pass).
        """
        if self.backend.name == "cpu":
            self.backend.warmup(wide=wide, first=first, rest=rest, frame=frame)
        elif not wide and first:
            self.backend.warmup()

    # ------------------------------------------------------------------ weights
    @property
    def parameter_count(self) -> int:
        """Number of trainable numbers: weights, biases and PReLU slopes."""
        return int(self.net.layout.n_params)

    def _unflatten(self, flat: np.ndarray) -> list[dict]:
        return [{k: flat[s].reshape(shapes[k]).copy() for k, s in sl.items()}
                for sl, shapes in zip(self.net.layout.param_slices(), self.net.layout.weight_shapes())]

    def _flatten(self, layers, what: str) -> np.ndarray:
        shapes_all = self.net.layout.weight_shapes()
        if not isinstance(layers, (list, tuple)) or len(layers) != len(shapes_all):
            raise ConfigError(f"{what} must be a list of {len(shapes_all)} layer tables (one per layer with "
                              f"weights, output last)")
        flat = np.empty(self.net.layout.n_params)
        for i, (layer, sl, shapes) in enumerate(zip(layers, self.net.layout.param_slices(), shapes_all)):
            if not isinstance(layer, Mapping) or set(layer) != set(shapes):
                raise ConfigError(f"{what}[{i}] must have the keys {', '.join(shapes)}")
            for k, shape in shapes.items():
                a = np.asarray(layer[k], dtype=np.float64)
                if a.shape != shape:
                    raise ConfigError(f"{what}[{i}].{k} must have shape {shape}, got {a.shape}")
                flat[sl[k]] = a.ravel()
        return flat

    def get_weights(self) -> list[dict]:
        """Copies of each parametrised layer's arrays, output layer last (W rows follow `features`, or an
        image's pixels in row-major order)."""
        return self._unflatten(self.net.params)

    def set_weights(self, weights) -> None:
        """Replace every weight; shapes must match get_weights()."""
        self.net.params[:] = self._flatten(weights, "weights")

    def rewind(self, params: np.ndarray, epoch: int) -> None:
        """Back to the flat weights `params` as they were at `epoch` (a rollback after a divergence):
        fresh optimizer state (it may hold NaN), no gradients, the history after `epoch` dropped."""
        self.net.params[:] = params
        self.net.reset_optimizer_state(self.net.hp[C.HP_INITIAL_ACC])
        self.net.grads[:] = 0.0
        # the steps of the epochs undone, at today's batch size; a schedule started later starts there
        self._steps = max(0, self._steps - (self.epoch - int(epoch)) * self._steps_per_epoch())
        self.epoch = int(epoch)
        self._schedule_start = tuple(min(a, b) for a, b in zip(self._schedule_start, (self.epoch, self._steps)))
        self.history.truncate_after(self.epoch)

    # ------------------------------------------------------------------ compute
    def _batch(self) -> int:
        b = self.config["batch_size"]
        n = len(self._y_train)
        return n if b == "full" else min(int(b), n)

    def _points(self, x) -> np.ndarray:
        """The feature matrix of points x, an (n, 2) array; for an image set, images (n, h*w) or (n, h, w)."""
        x = np.asarray(x, dtype=np.float64)
        shape = self.image_shape
        if shape is not None:
            if x.ndim == 3 and x.shape[1:] == shape:
                x = x.reshape(len(x), -1)
            if x.ndim != 2 or x.shape[1] != shape[0] * shape[1]:
                raise ConfigError(f"x must be an (n, {shape[0] * shape[1]}) array of {shape[0]}×{shape[1]} "
                                  f"images (pixels in row-major order, scaled to [0, 1]), got shape {x.shape}")
            if not np.all(np.isfinite(x)):
                raise ConfigError("x holds a pixel that is not a finite number")
            return np.ascontiguousarray(x)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ConfigError(f"x must be an (n, 2) array of points, got shape {x.shape}")
        return feature_matrix(x, self.config["features"])

    def _xy(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        xf = self._points(x)
        y = np.ascontiguousarray(y, dtype=np.float64).reshape(-1)
        if len(y) != len(xf):
            raise ConfigError(f"y must have one label per point: {len(xf)} points, {len(y)} labels")
        return xf, y

    def loss_and_gradients(self, x, y) -> tuple[float, list[dict]]:
        """(loss incl. penalty, gradients shaped like get_weights()) of (x, y) as one batch, dropout off."""
        xf, yf = self._xy(x, y)
        loss, _ = self.backend.loss_and_grads(self.net, xf, yf)
        return loss, self._unflatten(self.net.grads)

    def apply_gradients(self, grads) -> None:
        """Exactly one optimizer step with the given gradients (frozen layers stay fixed)."""
        self.backend.apply_gradients(self.net, self._flatten(grads, "grads"))

    def backprop_trace(self, point, label, dropout: bool = False) -> dict:
        """One point's forward and backward pass as training runs it, layer by layer, and the update the
        optimizer would make (its state unchanged): see playground.backprop.trace. point: (x1, x2) before
        features; label: its class (or target). A bad point or label raises ConfigError."""
        from .backprop import trace

        return trace(self, point, label, dropout=dropout)

    def backprop_step(self, point, label) -> dict:
        """Exactly the update backprop_trace(point, label) shows: one optimizer step on that one point
        (the history gets a row, one epoch later). Returns the trace it applied."""
        from .backprop import apply_step

        return apply_step(self, point, label)

    def train(self, epochs: int = 1, record_every: int = 1) -> dict:
        """Train `epochs` minibatch epochs; the history gets a row every `record_every` epochs and at the end."""
        if not isinstance(epochs, (int, np.integer)) or epochs < 0:
            raise ConfigError(f"epochs must be a non-negative integer, got {epochs!r}")
        if epochs == 0:
            return self.evaluate()
        rates = self._step_rates(int(epochs))
        hist, gnorms = self.backend.train(self.net, self._x_train, self._y_train, self._x_test, self._y_test,
                                          int(epochs), self._batch(), max(1, int(record_every)), self._order,
                                          lrs=rates)
        param_rows = self.net.layout.table[:, C.COL_KIND] != C.DROPOUT
        # the epochs the kernels evaluated, every record_every-th and the last (a diverged one's NaN stays)
        n = np.arange(1, int(epochs) + 1)
        rec = np.flatnonzero((n % max(1, int(record_every)) == 0) | (n == epochs))
        spe = self._steps_per_epoch()
        if rates is None or not len(rates):
            lr = np.full(len(rec), self.config["optimizer"]["lr"])
        else:
            lr = rates[(rec + 1) * spe - 1]  # each recorded epoch's last step
        rows = {"epoch": self.epoch + rec + 1, "train_loss": hist[rec, 0], "test_loss": hist[rec, 1],
                "lr": lr, "grad_norms": gnorms[rec][:, param_rows]}
        if "train_accuracy" in self.history:
            rows.update(train_accuracy=hist[rec, 2], test_accuracy=hist[rec, 3])
        self.history.append(rows)
        self.epoch += int(epochs)
        self._steps += int(epochs) * spe
        return self.last()

    def last_loss(self) -> float | None:
        """The newest recorded training loss, or None before any is recorded."""
        row = self.history.last_row()
        return None if row is None else row["train_loss"]

    def last(self) -> dict:
        """The newest history row as an evaluate()-style dict (evaluate() when nothing is recorded yet)."""
        row = self.history.last_row()
        if row is None or row["epoch"] != self.epoch:
            return self.evaluate()
        return {k: v for k, v in row.items() if k not in ("grad_norms", "lr")}

    def evaluate(self) -> dict:
        """Mean data loss (no penalty) on train and test, and accuracy for classification."""
        tr_loss, tr_acc = self.backend.evaluate(self.net, self._x_train, self._y_train)
        te_loss, te_acc = self.backend.evaluate(self.net, self._x_test, self._y_test)
        out = {"epoch": self.epoch, "train_loss": tr_loss, "test_loss": te_loss}
        if self.config["task"] == "classification":
            out.update(train_accuracy=tr_acc, test_accuracy=te_acc)
        return out

    def _maps(self, xf: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """(len(columns), n) activation columns of feature rows xf in one forward pass, dropout off."""
        maps = getattr(self.backend, "maps", None)
        if maps is not None:
            return maps(self.net, xf, columns)
        return np.ascontiguousarray(self.backend.outputs(self.net, xf, columns=columns).T)

    def _output_columns(self) -> np.ndarray:
        out0 = int(self.net.layout.table[-1, C.COL_OUT])
        return np.arange(out0, out0 + self.n_outputs)

    def _scores(self, s: np.ndarray) -> np.ndarray:
        """Probabilities (sigmoid / softmax) or regression values from the raw scores (n_out, n)."""
        if self.config["task"] == "regression":
            return s[0].copy()
        if self.n_outputs == 1:
            with np.errstate(over="ignore"):  # exp(-s) = inf for s < -709: the probability is 0
                return 1.0 / (1.0 + np.exp(-s[0]))
        e = np.exp(s - s.max(axis=0, keepdims=True))
        return (e / e.sum(axis=0, keepdims=True)).T

    def predict(self, x) -> np.ndarray:
        """(n,) probability of class 1 or regression value; (n, K) class probabilities for K >= 3.

        x: (n, 2) points, or for an image set (n, h*w) pixels in [0, 1] (the digits: (n, 64) or (n, 8, 8)).
        """
        return self._scores(self._maps(self._points(x), self._output_columns()))

    def predict_grid(
        self, resolution: int = 100, extent: tuple[float, float] = EXTENT, *, neurons: int | None = None,
        dtype=np.float64,
    ) -> dict:
        """The output, every feature and the hidden neurons over a resolution² grid (row i = y, column j = x).

        One forward pass gives the output and the neuron maps. neurons: how many of each layer's units
        to map, the first ones (None: all); dtype: of the feature and neuron maps (float32 is enough for a
        picture), the output stays a float64 array. With float32 the CPU backend runs a dense network's
        pass in float32 (kernels/frame.py): maps and output within float32 rounding of the float64 ones,
        for pictures only (float64, the default, is the exact pass). Each layer's maps are a (res, res, units) view of a
        (units, res, res) block, so each neuron's picture is contiguous.
        """
        if self.image_shape is not None:
            raise ConfigError("predict_grid maps the plane of 2-D points (x1, x2); the digits are images "
                              f"with {self.n_inputs} inputs, which have no such plane: use predict on images")
        res = int(resolution)
        if not 2 <= res <= 4096:
            raise ConfigError(f"resolution must be between 2 and 4096, got {resolution!r}")
        xf = _grid_features(res, float(extent[0]), float(extent[1]), tuple(self.config["features"]))
        blocks = self._hidden_blocks(neurons)
        cols = np.concatenate([self._output_columns()] + [np.arange(a, a + k) for a, k in blocks])
        maps = getattr(self.backend, "maps", None)
        if np.dtype(dtype) == np.float32 and maps is not None:  # the kernel writes the neuron maps as float32
            scores, hidden = maps(self.net, xf, cols, low=self.n_outputs)
        else:
            both = self._maps(xf, cols)
            scores = both[: self.n_outputs]
            hidden = both[self.n_outputs :] if dtype == np.float64 else both[self.n_outputs :].astype(dtype)
        pred = self._scores(scores)
        layers, at = [], 0
        for _, k in blocks:
            layers.append(hidden[at : at + k].reshape(k, res, res).transpose(1, 2, 0))
            at += k
        n_feat = len(self.config["features"])
        return {
            "extent": tuple(extent),
            "output": pred.reshape((res, res) + pred.shape[1:]),
            "features": xf.reshape(res, res, n_feat).astype(dtype),  # a copy: xf is shared by later grids
            "neurons": layers,
        }

    def frozen(self) -> "Experiment":
        """A copy of the network as it is now, for drawing on another thread while this one trains on.

        Its weights and config are its own (copies); the data set and the layout are shared (nothing
        changes them in place). Only for predict_grid, predict and hidden_outputs: it trains nothing, and
        its history and optimizer state are not its own. The CPU kernels only: a GPU backend's arrays
        belong to the thread that made them (`can_freeze` says which).
        """
        if not self.can_freeze:
            raise ConfigError(f"the {self.backend.name} backend draws on its own thread only")
        twin = copy.copy(self)
        twin.net = copy.copy(self.net)
        twin.net.params = self.net.params.copy()
        twin.config = copy.deepcopy(self.config)
        return twin

    @property
    def can_freeze(self) -> bool:
        """Whether frozen() copies can draw on another thread (the CPU kernels, which are plain functions)."""
        return getattr(self.backend, "name", "") == "cpu"

    def _hidden_blocks(self, neurons: int | None = None) -> list[tuple[int, int]]:
        """(first activation column, count) of each hidden layer's mapped units (the first `neurons`)."""
        out = []
        for row in self.net.layout.table[:-1]:
            units = int(row[C.COL_UNITS])
            out.append((int(row[C.COL_OUT]), units if neurons is None else max(0, min(int(neurons), units))))
        return out

    def hidden_outputs(self, x) -> list[np.ndarray]:
        """Every hidden layer's outputs (n, units) for points x (n, 2) (or images, as predict takes),
        in `layers` order, dropout off."""
        blocks = self._hidden_blocks()
        if not blocks:
            return []
        cols = np.concatenate([np.arange(a, a + k) for a, k in blocks])
        maps = self._maps(self._points(x), cols)
        layers, at = [], 0
        for _, k in blocks:
            layers.append(maps[at : at + k].T)
            at += k
        return layers

    def last_gradients(self) -> list[dict]:
        """The gradients of the last training step (or loss_and_gradients call), shaped like get_weights()."""
        return self._unflatten(self.net.grads)

    def gradient_norms(self) -> list[float]:
        """Euclidean norm of each parametrised layer's gradient at the last step, output layer last."""
        return [float(np.sqrt(sum(np.sum(v**2) for v in layer.values()))) for layer in self.last_gradients()]
