"""The backend interface the engine calls, and its CPU implementation."""

from typing import Protocol

import numpy as np

from . import cpu, frame
from .net import Net


class Backend(Protocol):
    """What a compute backend offers; every array in and out is a NumPy float64 array."""

    name: str

    def warmup(self) -> None: ...  # the CPU's also takes wide, first and rest (see CPUBackend.warmup)
    def train(self, net: Net, x, y, x_test, y_test, epochs: int, batch: int, record: int = 1, order=None,
              lrs=None): ...
    def evaluate(self, net: Net, x, y) -> tuple[float, float]: ...
    def loss_and_grads(self, net: Net, x, y, dropout: bool = False) -> tuple[float, np.ndarray]: ...
    def apply_gradients(self, net: Net, grads) -> None: ...
    def outputs(self, net: Net, x) -> np.ndarray: ...


def _f(a):
    return np.ascontiguousarray(a, dtype=np.float64)


# No schedule: an empty array rather than None, so that one compiled train_epochs serves both.
_NO_RATES = np.empty(0)


class CPUBackend:
    """Numba kernels on the CPU, float64, one thread, GIL released while they run."""

    name = "cpu"
    _frame_later = False  # warmup(rest=False) or (frame=False) sets it: frames take the float64 pass till frame=True

    def warmup(self, wide: bool = False, *, first: bool = True, rest: bool = True, frame: bool = True) -> None:
        """Compile (or load from Numba's cache) the kernels by running each once on a tiny net.

        first: those a window's first frame needs (evaluate and maps: the forward pass and the losses);
        rest: those of train and loss_and_grads (the backward pass, the optimizers) and the float32 frame
        (maps(low=), kernels/frame.py; a frame before it takes the float64 pass), seconds more the first
        time. Both by default; warmup(rest=False), then warmup(first=False), shows a first frame sooner
        and compiles the same kernels (one Numba specialisation each, the one real calls use). frame=False
        leaves the float32 frame kernel out of rest (~0.7 s cold): a window compiles it once training can
        start, with warmup(first=False, rest=False), on its painter thread.
        wide: the variants for networks with a layer of cpu.TILE_MIN units or more instead (seconds more
        the first time; worth doing in the background before someone builds a wide network), and the
        kernels compiled on first use (cpu.lazy_kernels: maxout and dropout layers, every optimizer's rule,
        the multi-class losses, the activations other than tanh, ReLU and linear), which the default network
        does not need.
        """
        from .codes import DENSE, LOSS_CODES, OPT
        from .layout import LayerDesc, build_layout

        units = cpu.TILE_MIN if wide else 2
        hidden = [LayerDesc(DENSE, units, 2), LayerDesc(DENSE, units, 2)] if wide else [LayerDesc(DENSE, 2, 2)]
        lay = build_layout(2, hidden + [LayerDesc(DENSE, 1, 0)])
        net = Net(lay, n_out=1, loss=LOSS_CODES[("binary", "cross_entropy")])
        x, y = np.zeros((4, 2)), np.zeros(4)
        if first:
            self.evaluate(net, x, y)
            self.maps(net, x, [0])
            # the float32 frame kernel (kernels/frame.py) with the rest: until then a frame takes the
            # float64 pass, so that a first frame waits for no more compiling than before it (~1 s cold)
            self._frame_later = not (rest and frame)
        if rest:
            self.train(net, x, y, x, y, 1, 2, 1)
            self.loss_and_grads(net, x, y)
        if frame and (rest or not first):
            self._frame_later = False
            self.maps(net, x, [0, 1], low=1)  # the frame kernel (any columns do)
        elif rest:
            self._frame_later = True
        if wide:
            steps = tuple(cpu.step_kernel(code) for code in range(len(OPT) + 1))
            for kernel in cpu.LAYER_KERNELS + (cpu.MULTI_CLASS_KERNEL,) + cpu.ACTIVATION_KERNELS + steps:
                kernel.compile()

    def train(self, net: Net, x, y, x_test, y_test, epochs: int, batch: int, record: int = 1, order=None,
              lrs=None):
        """Train; return (history (epochs, 4) evaluated every `record` epochs, else NaN; grad norms (epochs, L)).

        `order` (int64, a permutation of the training rows) is reshuffled in place each epoch; keep it between
        calls so that training in chunks gives the same numbers as one call. `lrs`: each optimizer step's
        learning rate, in order (a schedule; None: net.hp's for every step).
        """
        lay = net.layout
        if order is None:
            order = np.arange(len(x))
        lrs = _NO_RATES if lrs is None else _f(lrs).reshape(-1)
        gnorms = np.zeros((epochs, lay.table.shape[0]))
        need = cpu.train_work_size(lay.table, lay.width, batch, len(x), record)
        if net.work is None or net.work.shape[0] < need:
            net.work = np.zeros(need)
        hist = cpu.train_epochs(
            _f(x), _f(y), _f(x_test), _f(y_test), int(epochs), int(batch), lay.table, lay.rates,
            net.params, net.grads, net.regmask, net.reg_kind, float(net.reg_rate), net.n_out, net.loss,
            lay.width, net.opt, net.hp, net.s1, net.s2, net.steps, net.rng, order, int(record), gnorms,
            cpu.wide_switch(lay.table), cpu.lazy_kernels(lay.table, net.opt, forward=False), net.work, lrs,
        )
        return hist, gnorms

    def evaluate(self, net: Net, x, y) -> tuple[float, float]:
        """Mean data loss and accuracy over (x, y), dropout off."""
        lay = net.layout
        loss, acc = cpu.evaluate(
            _f(x), _f(y), lay.table, lay.rates, net.params, net.n_out, net.loss, lay.width, cpu.wide_switch(lay.table),
            cpu.lazy_kernels(lay.table),
        )
        return float(loss), float(acc)

    def loss_and_grads(self, net: Net, x, y, dropout: bool = False) -> tuple[float, np.ndarray]:
        """Loss with penalty over (x, y) as one batch, gradients left in net.grads.

        With dropout, masks come from net.rng; returns (loss, Z) where Z holds each layer's dropout mask.
        """
        lay = net.layout
        x = _f(x)
        Z = np.zeros((lay.width, x.shape[0]))
        loss = cpu.loss_and_grads(
            x, _f(y), lay.table, lay.rates, net.params, net.grads, net.regmask, net.reg_kind,
            float(net.reg_rate), net.n_out, net.loss, lay.width, bool(dropout), net.rng, Z, cpu.wide_switch(lay.table),
            cpu.lazy_kernels(lay.table, backward=True),
        )
        return float(loss), np.ascontiguousarray(Z.T)

    def apply_gradients(self, net: Net, grads) -> None:
        """Exactly one optimizer step with the given flat gradients."""
        net.grads[:] = grads
        cpu.optimizer_step(net.layout.table, net.params, net.grads, net.opt, net.hp, net.s1, net.s2, net.steps)

    def outputs(self, net: Net, x, columns=None) -> np.ndarray:
        """The activation buffer for every row: features, then each layer's output, scores last.

        columns (as the CUDA backend has it): only these activation columns, an (n, len(columns)) array.
        """
        lay = net.layout
        if columns is not None:
            return self.maps(net, x, columns).T
        return cpu.all_outputs(_f(x), lay.table, lay.rates, net.params, lay.width, cpu.wide_switch(lay.table),
                               cpu.lazy_kernels(lay.table))

    def maps(self, net: Net, x, columns, low: int | None = None):
        """(len(columns), n): activation column columns[k] of every row of x, dropout off, in one pass.

        low: columns[low:] come back apart, as float32: (the float64 rows, the float32 rows). For a dense
        network with the common activations (frame.supports) the whole pass then runs in float32, out's rows
        too (float32 values in float64 arrays: a frame's pictures, within float32 rounding of the float64
        pass); otherwise the float64 pass, its rows rounded as astype rounds.
        """
        lay = net.layout
        x = _f(x)
        cols = np.ascontiguousarray(columns, dtype=np.int64).reshape(-1)
        hi = len(cols) if low is None else min(int(low), len(cols))
        out = np.empty((hi, x.shape[0]))
        # float32 rows even when none are asked for (then none): one compiled activation_rows for both
        rest = np.empty((len(cols) - hi, x.shape[0]), dtype=np.float32)
        if low is not None and not self._frame_later and frame.supports(lay.table):  # float32 (kernels/frame.py)
            frame.run(x, lay.table, net.params, lay.width, cols, out, rest)
            return out, rest
        cpu.activation_rows(x, lay.table, lay.rates, net.params, lay.width, cols, out, cpu.wide_switch(lay.table),
                            cpu.lazy_kernels(lay.table), rest)
        return out if low is None else (out, rest)


def _cuda_backend():
    from .cuda import CUDABackend  # imported on demand: numba.cuda is slow to load and may be missing

    return CUDABackend()


_BACKENDS = {"cpu": CPUBackend, "cuda": _cuda_backend}

# 'auto' takes the GPU from this much work per optimizer step (batch size x parameters, about the
# multiply-adds of one forward pass): below it the CPU kernels win over the GPU's per-launch overhead.
AUTO_CUDA_MIN_WORK = 1 << 24


def _cuda_unavailable() -> str:
    """Why the CUDA backend cannot run here ('' if it can)."""
    try:
        from . import cuda
    except Exception as e:  # kernels.cuda guards numba.cuda itself; this is a last resort
        return f"the CUDA backend cannot be loaded ({e.__class__.__name__}: {e})"
    return cuda.unavailable_reason()


def available_backends() -> dict[str, str]:
    """Backend name -> '' if usable here, else the reason it is not."""
    return {"cpu": "", "cuda": _cuda_unavailable()}


def get_backend(name: str, work: int = 0) -> Backend:
    """The backend called name; 'auto' takes CUDA only on a real GPU (not the simulator) and when `work`
    (batch size x parameter count) is at least AUTO_CUDA_MIN_WORK, else the CPU."""
    if name == "auto":
        name = "cpu"
        if work >= AUTO_CUDA_MIN_WORK:
            from . import cuda

            if cuda.gpu_usable():
                name = "cuda"
    return _BACKENDS[name]()
