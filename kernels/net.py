"""The trainable state of one network in flat arrays: parameters, optimizer state, RNG state."""

from dataclasses import dataclass, field

import numpy as np

from . import codes as C
from .layout import Layout


@dataclass
class Net:
    """Everything a backend needs to train one network; plain arrays, no knowledge of configs."""

    layout: Layout
    n_out: int
    loss: int  # a codes.LOSS_CODES value
    opt: int = 0
    hp: np.ndarray = field(default_factory=lambda: np.zeros(C.N_HP))
    reg_kind: int = C.REG_NONE
    reg_rate: float = 0.0
    params: np.ndarray = None
    s1: np.ndarray = None  # first optimizer moment / momentum buffer / accumulator
    s2: np.ndarray = None  # second moment / infinity norm / delta accumulator
    steps: np.ndarray = None  # (L, 2): per-layer step count and NAdam's running mu product
    rng: np.ndarray = None  # (1,) uint64 splitmix64 state for shuffles and dropout masks
    grads: np.ndarray = None  # gradients of the last step
    work: np.ndarray = None  # the CPU's training buffers, kept from one call to the next (its backend's)

    def __post_init__(self):
        n = self.layout.n_params
        if self.params is None:
            self.params = np.zeros(n)
        if self.grads is None:
            self.grads = np.zeros(n)
        if self.rng is None:
            self.rng = np.zeros(1, dtype=np.uint64)
        _, self.regmask = self.layout.masks()
        self.reset_optimizer_state(self.hp[C.HP_INITIAL_ACC])

    def reset_optimizer_state(self, initial_accumulator: float = 0.0) -> None:
        """Fresh optimizer state, as a newly built torch.optim optimizer has."""
        n, L = self.layout.n_params, self.layout.table.shape[0]
        self.s1 = np.full(n, float(initial_accumulator)) if self.opt == C.OPT["adagrad"] else np.zeros(n)
        self.s2 = np.zeros(n)
        self.steps = np.zeros((L, 2))
        self.steps[:, 1] = 1.0
