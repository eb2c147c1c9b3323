"""Loss landscapes over two parameters, and optimizers racing across them (Lab → Optimizer landscape).

Each surface is a function f(x, y) with its gradient; `race` moves a point (x, y) down it with the
kernels' own optimizer step (the one training uses), so every trajectory equals torch.optim on the
same function step for step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kernels import codes as C
from kernels.backend import CPUBackend
from kernels.codes import DENSE
from kernels.layout import LayerDesc, build_layout
from kernels.net import Net

from .config import normalize_optimizer
from .errors import ConfigError
from .experiment import _hyper_parameters

MAX_STEPS = 100_000


@dataclass(frozen=True)
class Surface:
    """A function of two parameters to race across, drawn over `extent`."""

    name: str
    title: str
    formula: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]  # elementwise over arrays of x and y
    grad: Callable[[float, float], tuple[float, float]]
    extent: tuple[tuple[float, float], tuple[float, float]]  # (x range, y range)
    minima: tuple[tuple[float, float], ...]  # none for a saddle: it has no lowest point
    start: tuple[float, float]
    log_scale: bool  # levels on a log scale (the value spans many orders of magnitude)

    def value(self, x: float, y: float) -> float:
        return float(self.f(np.float64(x), np.float64(y)))


def _rosenbrock_grad(x: float, y: float) -> tuple[float, float]:
    return -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)


def _himmelblau_grad(x: float, y: float) -> tuple[float, float]:
    a, b = x * x + y - 11, x + y * y - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


def _beale_terms(x, y):
    return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y**3


def _beale_grad(x: float, y: float) -> tuple[float, float]:
    t1, t2, t3 = _beale_terms(x, y)
    dx = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y**3 - 1)
    dy = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y
    return dx, dy


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface(
            "rosenbrock",
            "Rosenbrock's valley",
            "(1 − x)² + 100 (y − x²)²",
            lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
            _rosenbrock_grad,
            ((-2.0, 2.0), (-1.0, 3.0)),
            ((1.0, 1.0),),
            (-1.5, 2.5),
            True,
        ),
        Surface(
            "himmelblau",
            "Himmelblau (four minima)",
            "(x² + y − 11)² + (x + y² − 7)²",
            lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
            _himmelblau_grad,
            ((-5.0, 5.0), (-5.0, 5.0)),
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            (-0.5, -0.5),
            True,
        ),
        Surface(
            "beale",
            "Beale",
            "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            lambda x, y: sum(t * t for t in _beale_terms(x, y)),
            _beale_grad,
            ((-4.5, 4.5), (-4.5, 4.5)),
            ((3.0, 0.5),),
            (1.0, 1.5),
            True,
        ),
        Surface(
            "saddle",
            "A saddle",
            "x² − y²",
            lambda x, y: x * x - y * y,
            lambda x, y: (2 * x, -2 * y),
            ((-2.0, 2.0), (-2.0, 2.0)),
            (),
            (1.8, 0.01),
            False,
        ),
        Surface(
            "bowl",
            "An ill-conditioned bowl",
            "x² + 25 y²",
            lambda x, y: x * x + 25 * y * y,
            lambda x, y: (2 * x, 50 * y),
            ((-3.0, 3.0), (-1.5, 1.5)),
            ((0.0, 0.0),),
            (-2.8, 1.0),
            False,
        ),
    )
}


def surfaces() -> dict[str, Surface]:
    """Every surface by name."""
    return dict(SURFACES)


def surface(name: str) -> Surface:
    """One surface by name; a ConfigError that lists the names for any other."""
    if name not in SURFACES:
        raise ConfigError(f"no surface called {name!r}; expected one of {', '.join(SURFACES)}")
    return SURFACES[name]


def grid(s: Surface, resolution: int = 200) -> np.ndarray:
    """f over the surface's extent, (resolution, resolution), row i = y, column j = x."""
    (x0, x1), (y0, y1) = s.extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return s.f(gx, gy)


def _point_net(optimizer: dict) -> Net:
    """A 'network' of exactly two parameters (one weight and one bias): the point (x, y)."""
    layout = build_layout(1, [LayerDesc(DENSE, 1, 0)])
    net = Net(layout, n_out=1, loss=C.LOSS_CODES[("regression", "mse")])
    net.opt = C.OPT[optimizer["name"]]
    net.hp[:] = _hyper_parameters(optimizer)
    net.reset_optimizer_state(net.hp[C.HP_INITIAL_ACC])
    return net


def race(
    s: Surface,
    optimizers: Sequence[Mapping],
    start: tuple[float, float],
    steps: int,
) -> list[np.ndarray]:
    """Each optimizer's path from start: (steps + 1, 2) points, start first. A path that leaves
    the finite numbers stops there (its remaining rows are NaN)."""
    if not isinstance(steps, int) or not 0 <= steps <= MAX_STEPS:
        raise ConfigError(f"steps must be a whole number from 0 to {MAX_STEPS:,}, got {steps!r}")
    x0, y0 = (float(v) for v in start)
    if not (np.isfinite(x0) and np.isfinite(y0)):
        raise ConfigError(f"the start point must be two finite numbers, got {start!r}")
    backend = CPUBackend()
    paths = []
    for opt in optimizers:
        net = _point_net(normalize_optimizer(dict(opt)))
        net.params[:] = (x0, y0)
        path = np.full((steps + 1, 2), np.nan)
        path[0] = x0, y0
        grads = np.empty(2)
        with np.errstate(all="ignore"):  # NumPy floats: a path that runs off gives inf, not an error
            for k in range(1, steps + 1):
                grads[:] = s.grad(net.params[0], net.params[1])
                if not np.all(np.isfinite(grads)):
                    break
                backend.apply_gradients(net, grads)
                if not np.all(np.isfinite(net.params)):
                    break
                path[k] = net.params
        paths.append(path)
    return paths


def steps_to_reach(s: Surface, path: np.ndarray, eps: float = 1e-2) -> int | None:
    """The first step whose point lies within eps of one of the surface's minima (None: never)."""
    if not s.minima:
        return None
    minima = np.asarray(s.minima)
    dist = np.min(np.linalg.norm(path[:, None, :] - minima[None, :, :], axis=2), axis=1)
    near = np.flatnonzero(dist <= eps)
    return int(near[0]) if len(near) else None


NETWORK = "network"  # the surface made from an experiment's own loss
NETWORK_EXTENT = ((-1.0, 1.0), (-1.0, 1.0))
NETWORK_START = (0.6, 0.6)


# What a window needs to draw the network surface before it exists (it is made on the engine thread).
NETWORK_SHAPE = Surface(
    NETWORK,
    "Your network",
    "L(w + a·d₁ + b·d₂)",
    None,
    None,
    NETWORK_EXTENT,
    (),
    NETWORK_START,
    True,
)


def affordable_resolution(s: Surface, budget_s: float = 1.0, most: int = 41) -> int:
    """A grid resolution whose evaluation takes about budget_s (a large network's loss is slow)."""
    import time

    started = time.perf_counter()
    s.value(*s.start)
    each = max(time.perf_counter() - started, 1e-7)
    return int(np.clip(np.sqrt(budget_s / each), 9, most))


def network_surface(exp, seed: int = 0) -> Surface:
    """The experiment's training loss (penalty included, dropout off) along two random directions
    through its weights now, L(w + a·d₁ + b·d₂) for a, b in [-1, 1]. Each direction is normal noise
    scaled layer by layer to the norm of that layer's weights (biases left out), as loss-landscape
    plots do, so a step of 1 moves a layer as far as its weights are long."""
    clone = type(exp).from_dict(exp.to_dict())  # its own copy: the live experiment trains on
    x, y = clone._xy(clone.dataset.x_train, clone.dataset.y_train)  # features, once
    net, backend = clone.net, clone.backend
    w0 = net.params.copy()
    rng = np.random.default_rng([int(seed), 16])
    d1, d2 = np.zeros_like(w0), np.zeros_like(w0)
    for d in (d1, d2):
        for sl in net.layout.param_slices():  # per layer: W scaled to |W|, biases and slopes 0
            w = w0[sl["W"]]
            noise = rng.standard_normal(w.shape)
            norm = np.linalg.norm(noise)
            with np.errstate(over="ignore", invalid="ignore"):  # a diverged network's |W| is inf
                d[sl["W"]] = noise * (np.linalg.norm(w) / norm if norm > 0 else 0.0)

    def loss_and_grad(a: float, b: float) -> tuple[float, tuple[float, float]]:
        np.copyto(net.params, w0 + a * d1 + b * d2)
        loss, _ = backend.loss_and_grads(net, x, y)
        return loss, (float(net.grads @ d1), float(net.grads @ d2))

    def f(a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        out = np.empty(a.shape)
        for i in np.ndindex(a.shape):
            out[i] = loss_and_grad(float(a[i]), float(b[i]))[0]
        return out if out.shape else out[()]

    return Surface(
        NETWORK,
        "Your network",
        "L(w + a·d₁ + b·d₂)",
        f,
        lambda a, b: loss_and_grad(a, b)[1],
        NETWORK_EXTENT,
        (),
        NETWORK_START,
        True,
    )
