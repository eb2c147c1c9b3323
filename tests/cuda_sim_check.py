"""The CUDA kernels against the CPU kernels, section by section; run as a script in its own process.

    NUMBA_ENABLE_CUDASIM=1 NEURAL_PLAYGROUND_CUDA_TILES=4,8,2,2,2,8 python tests/cuda_sim_check.py layers
    python tests/cuda_sim_check.py all --big          # on a real GPU: the same checks, plus larger sizes

Under Numba's CUDA simulator (which must be switched on before numba is imported, hence a separate
process: tests/test_cuda_sim.py starts it) every kernel runs as Python, one thread per CUDA thread, so the
sizes here are tiny. Sections: layers, losses, optimizers, misc, tiles (see each function). Each check
prints one line; any mismatch raises, and the script exits non-zero.

Tolerance (float32 on the device, float64 on the CPU): |cuda - cpu| <= 1e-4 |cpu| + 1e-5 max|cpu| + 1e-7.
"""

import copy
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _patch_simulator():
    """Make the simulator's cuda.shared.array thread-safe (and cheaper).

    The simulator gives every thread of a block the same shared array by looking its call site up in a
    dict and inserting a new array when absent; two threads can both miss and get different arrays.
    A switched-out thread between that look-up and insert gives wrong sums that look like kernel races.
    """
    from numba.core import types
    from numba.cuda.simulator import kernelapi
    from numba.np import numpy_support

    original = kernelapi.FakeCUDAShared.array

    def array(self, shape, dtype):
        if shape == 0:
            return original(self, shape, dtype)
        if isinstance(dtype, types.Type):
            dtype = numpy_support.as_dtype(dtype)
        f = sys._getframe(1)
        site = (f.f_code.co_filename, f.f_lineno)
        res = self._allocations.get(site)
        if res is None:  # dict.setdefault is atomic under the GIL: one array per site
            res = self._allocations.setdefault(site, np.empty(shape, dtype))
        return res

    kernelapi.FakeCUDAShared.array = array


if os.environ.get("NUMBA_ENABLE_CUDASIM") == "1":
    import numpy as np

    _patch_simulator()
    # The simulator's block manager polls its threads; a short GIL switch interval makes it much faster.
    sys.setswitchinterval(2e-5)
# splitmix64 and the Feistel shuffle wrap uint64 products on purpose; NumPy scalars warn about it.
warnings.filterwarnings("ignore", "overflow encountered", RuntimeWarning)

import numpy as np  # noqa: E402

from kernels import codes as C  # noqa: E402
from kernels import cuda as kc  # noqa: E402
from kernels.backend import CPUBackend  # noqa: E402
from kernels.layout import LayerDesc, build_layout  # noqa: E402
from kernels.net import Net  # noqa: E402

RTOL, ATOL_REL, ATOL = 1e-4, 1e-5, 1e-7
CPU = CPUBackend()
BIG = "--big" in sys.argv


def close(actual, expected, what):
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    assert a.shape == e.shape, f"{what}: shape {a.shape} != {e.shape}"
    finite = np.isfinite(e)
    assert np.array_equal(finite, np.isfinite(a)), f"{what}: NaN/inf pattern differs"
    if not finite.any():
        return
    scale = float(np.max(np.abs(e[finite])))
    tol = RTOL * np.abs(e[finite]) + ATOL_REL * scale + ATOL
    err = np.abs(a[finite] - e[finite])
    if np.any(err > tol):
        i = int(np.argmax(err - tol))
        raise AssertionError(f"{what}: max excess at {i}: cuda {a[finite][i]!r} cpu {e[finite][i]!r} "
                             f"(|diff| {err[i]:.3g} > tol {tol[i]:.3g})")


def dense(units, act="tanh", frozen=False):
    return LayerDesc(C.DENSE, units, C.ACT[act], frozen=frozen)


def make_net(hidden, n_in=2, n_out=1, loss=C.BCE, opt="sgd", hp=None, reg=("none", 0.0), seed=0, scale=0.8):
    """A Net with random weights (PReLU slopes random around 0.25) and fresh optimizer state."""
    lay = build_layout(n_in, list(hidden) + [LayerDesc(C.DENSE, n_out, C.ACT["linear"])])
    h = np.zeros(C.N_HP)
    h[C.HP_LR], h[C.HP_MOMENTUM], h[C.HP_BETA1], h[C.HP_BETA2], h[C.HP_EPS] = 0.05, 0.9, 0.9, 0.999, 1e-8
    h[C.HP_ALPHA], h[C.HP_RHO], h[C.HP_MOMENTUM_DECAY] = 0.99, 0.9, 4e-3
    for k, v in (hp or {}).items():
        h[k] = v
    net = Net(lay, n_out=n_out, loss=loss, opt=C.OPT[opt], hp=h, reg_kind=C.REGULARIZERS[reg[0]], reg_rate=reg[1])
    rng = np.random.default_rng(seed)
    net.params[:] = rng.uniform(-scale, scale, lay.n_params)
    for row in lay.table:
        if row[C.COL_ALPHA] >= 0:
            net.params[row[C.COL_ALPHA] : row[C.COL_ALPHA] + row[C.COL_UNITS]] = rng.uniform(0.1, 0.4, row[C.COL_UNITS])
    net.reset_optimizer_state(h[C.HP_INITIAL_ACC])
    net.rng[0] = np.uint64(0x1234_5678_9ABC_DEF0 + seed)
    return net


def data(n, n_in=2, kind="binary", k=3, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, (n, n_in))
    if kind == "binary":
        y = (np.arange(n) % 2).astype(float)
    elif kind == "multi":
        y = (np.arange(n) % k).astype(float)
    else:
        y = rng.normal(size=n)
    return x, y


def pair(net):
    return net, copy.deepcopy(net)


def check_grads(gpu, net, x, y, what, dropout=False):
    """loss_and_grads on both backends: loss, gradients and the Z buffer (pre-activations, argmax, masks)."""
    ng, nc = pair(net)
    lg, zg = gpu.loss_and_grads(ng, x, y, dropout=dropout)
    lc, zc = CPU.loss_and_grads(nc, x, y, dropout=dropout)
    close(lg, lc, f"{what}: loss")
    close(ng.grads, nc.grads, f"{what}: grads")
    close(zg, zc, f"{what}: Z")
    return ng


def check_outputs(gpu, net, x, what):
    close(gpu.outputs(net, x), CPU.outputs(net, x), f"{what}: outputs")
    out0 = int(net.layout.table[-1, C.COL_OUT])
    cols = list(range(out0, out0 + net.n_out))
    close(gpu.outputs(net, x, columns=cols), CPU.outputs(net, x)[:, cols], f"{what}: outputs(columns)")


def check_evaluate(gpu, net, x, y, what):
    lg, ag = gpu.evaluate(net, x, y)
    lc, ac = CPU.evaluate(net, x, y)
    close(lg, lc, f"{what}: evaluate loss")
    assert abs(ag - ac) < 1e-12, f"{what}: accuracy {ag} != {ac}"


def check_train(gpu, net, x, y, xt, yt, epochs, what, batch=None, record=1):
    """Full-batch training on both backends: history, gradient norms, params, optimizer state, grads."""
    ng, nc = pair(net)
    batch = batch or len(x)
    hg, gg = gpu.train(ng, x, y, xt, yt, epochs, batch, record)
    hc, gc = CPU.train(nc, x, y, xt, yt, epochs, batch, record)
    close(hg, hc, f"{what}: history")
    close(gg, gc, f"{what}: gradient norms")
    for name in ("params", "grads", "s1", "s2", "steps"):
        close(getattr(ng, name), getattr(nc, name), f"{what}: {name}")
    return ng, nc


# ------------------------------------------------------------------------------------ sections
def section_layers(gpu):
    """Every activation, maxout, dropout (masks off), PReLU slopes: loss, grads, Z, outputs, evaluate, 2 steps."""
    x, y = data(9)
    xt, yt = data(5, seed=2)
    acts = list(C.ACTIVATIONS)
    for g in range(3):
        names = acts[4 * g : 4 * g + 4]
        net = make_net([dense(u, a) for u, a in zip((5, 4, 3, 4), names)], seed=g)
        what = "dense " + "/".join(names)
        check_grads(gpu, net, x, y, what)
        if g == 0:
            check_outputs(gpu, net, x, what)
            check_evaluate(gpu, net, x, y, what)
        check_train(gpu, net, x, y, xt, yt, 1, what)
        yield what
    hidden = [LayerDesc(C.MAXOUT, 3, pieces=3), LayerDesc(C.DROPOUT, rate=0.4), dense(4, "prelu"),
              LayerDesc(C.MAXOUT, 2, pieces=2)]
    net = make_net(hidden, n_in=3, seed=7)
    x3, y3 = data(9, n_in=3)
    check_grads(gpu, net, x3, y3, "maxout/dropout(off)/prelu/maxout")
    check_outputs(gpu, net, x3, "maxout/dropout/prelu/maxout")
    hidden[1] = LayerDesc(C.DROPOUT, rate=0.0)  # training draws masks: rate 0 keeps both sides equal
    net = make_net(hidden, n_in=3, seed=7)
    check_train(gpu, net, x3, y3, x3[:4], y3[:4], 2, "maxout/dropout(0)/prelu/maxout")
    yield "maxout, dropout, prelu"
    net = make_net([LayerDesc(C.DROPOUT, rate=0.3), dense(3, "relu")], seed=3)  # dropout first
    check_grads(gpu, net, x, y, "dropout first")
    yield "dropout as the first layer"


def section_losses(gpu):
    """Every loss (two classes, three classes, regression): loss, grads, evaluate, one step with history."""
    for (group, name), code in C.LOSS_CODES.items():
        kind = {"binary": "binary", "multi": "multi", "regression": "reg"}[group]
        n_out = 3 if group == "multi" else 1
        x, y = data(10, kind=kind)
        xt, yt = data(6, kind=kind, seed=5)
        net = make_net([dense(4, "tanh")], n_out=n_out, loss=code, seed=code)
        what = f"{group} {name}"
        check_grads(gpu, net, x, y, what)
        check_evaluate(gpu, net, xt, yt, what)
        check_train(gpu, net, x, y, xt, yt, 1, what)
        yield what


OPT_CASES = [
    ("sgd", {}, ("none", 0.0), False),
    ("momentum", {}, ("l2", 0.01), False),
    ("nesterov", {}, ("l1", 0.01), False),
    ("adagrad", {C.HP_LR_DECAY: 0.1, C.HP_INITIAL_ACC: 0.1, C.HP_EPS: 1e-10}, ("l2", 0.01), False),
    ("rmsprop", {}, ("none", 0.0), False),
    ("adadelta", {C.HP_LR: 1.0, C.HP_EPS: 1e-6}, ("l1", 0.01), False),
    ("adam", {}, ("l2", 0.01), True),
    ("adamax", {}, ("none", 0.0), False),
    ("nadam", {}, ("l1", 0.01), True),
]


def section_optimizers(gpu):
    """Every optimizer, with L1 / L2 penalties and frozen layers: 3 full-batch steps, then apply_gradients."""
    x, y = data(8)
    for name, hp, reg, frozen in OPT_CASES:
        net = make_net([dense(4, "tanh", frozen=frozen), dense(3, "relu")], opt=name, hp=hp, reg=reg, seed=11)
        what = f"{name} {reg[0]}" + (" frozen" if frozen else "")
        ng, nc = check_train(gpu, net, x, y, x[:0], y[:0], 3, what, record=3)
        g = np.random.default_rng(4).normal(size=net.layout.n_params) * 0.1
        gpu.apply_gradients(ng, g)
        CPU.apply_gradients(nc, g)
        for s in ("params", "s1", "s2", "steps"):
            close(getattr(ng, s), getattr(nc, s), f"{what}: apply_gradients {s}")
        yield what


def section_misc(gpu):
    """Chunked batches, exact minibatch emulation, the shuffle, dropout statistics, host edits, the engine."""
    # a full batch bigger than the buffers: gradients add up over chunks before the one step
    small = kc.CUDABackend(max_columns=4)
    x, y = data(11)
    net = make_net([dense(5, "gelu"), LayerDesc(C.MAXOUT, 3, pieces=2)], opt="adam", seed=5)
    check_grads(small, net, x, y, "chunked loss_and_grads")
    check_train(small, net, x, y, x[:5], y[:5], 2, "chunked train")
    yield "batches in chunks"

    # the device shuffle is a permutation, and a new key gives another one
    for n in (1, 2, 3, 5, 17, 64, 100):
        p = gpu.permutation(n, 99 + n)
        assert np.array_equal(np.sort(p), np.arange(n)), f"permutation({n}) is not one: {p}"
    assert not np.array_equal(gpu.permutation(100, 1), gpu.permutation(100, 2))
    yield "shuffle permutations"

    # minibatches: replay the device's epoch orders on the CPU, one loss_and_grads + step per batch
    net = make_net([dense(4, "tanh")], opt="momentum", reg=("l2", 0.01), seed=6)
    ng, nc = pair(net)
    n, bs, epochs = 10, 4, 2
    x, y = data(n)
    keys = kc.epoch_keys(int(net.rng[0]), epochs)
    order_g = np.arange(n)
    gpu.train(ng, x, y, x[:0], y[:0], epochs, bs, 0, order_g)
    order = np.arange(n)
    for e in range(epochs):
        order = order[gpu.permutation(n, kc.shuffle_key(keys[e]))]
        for s in range(0, n, bs):
            rows = order[s : s + bs]
            CPU.loss_and_grads(nc, x[rows], y[rows])
            CPU.apply_gradients(nc, nc.grads.copy())
    assert np.array_equal(order_g, order), "the order written back is not the one trained on"
    for name in ("params", "grads", "s1", "steps"):
        close(getattr(ng, name), getattr(nc, name), f"minibatch replay: {name}")
    yield "minibatch training (replayed on the CPU)"

    # training in chunks of epochs equals one call (shuffles and dropout masks follow net.rng per epoch)
    net = make_net([dense(3, "relu"), LayerDesc(C.DROPOUT, rate=0.3)], opt="adam", seed=13)
    one, parts = pair(net)
    x, y = data(7)
    o1, o2 = np.arange(7), np.arange(7)
    h1, _ = gpu.train(one, x, y, x[:2], y[:2], 2, 4, 2, o1)
    ha, _ = gpu.train(parts, x, y, x[:2], y[:2], 1, 4, 0, o2)
    hb, _ = gpu.train(parts, x, y, x[:2], y[:2], 1, 4, 1, o2)
    close(np.vstack([ha, hb]), h1, "chunked calls: history")
    close(parts.params, one.params, "chunked calls: params")
    assert np.array_equal(o1, o2) and one.rng[0] == parts.rng[0]
    yield "training in chunks of epochs equals one call"

    # dropout: mask statistics, determinism from net.rng, gradients through the masks
    import reference as ref

    rate, n = 0.3, 48
    net = make_net([dense(6, "relu"), LayerDesc(C.DROPOUT, rate=rate), dense(5, "tanh")], seed=8)
    x, y = data(n)
    twin = copy.deepcopy(net)
    loss, Z = gpu.loss_and_grads(net, x, y, dropout=True)
    _, Z2 = gpu.loss_and_grads(twin, x, y, dropout=True)
    assert np.array_equal(Z, Z2), "same net.rng, different dropout masks"
    _, Z3 = gpu.loss_and_grads(twin, x, y, dropout=True)
    row = net.layout.table[1]
    masks = Z[:, row[C.COL_Z] : row[C.COL_Z] + row[C.COL_UNITS]]
    assert not np.array_equal(masks, Z3[:, row[C.COL_Z] : row[C.COL_Z] + row[C.COL_UNITS]]), "rng not advanced"
    keep = np.float32(1.0 / (1.0 - rate))
    assert np.all((masks == 0.0) | (masks == keep)), "masks other than 0 and 1/(1-rate)"
    frac = float(np.mean(masks == 0.0))
    sd = np.sqrt(rate * (1 - rate) / masks.size)
    assert abs(frac - rate) < 4.5 * sd, f"dropped fraction {frac:.3f}, expected {rate} +- {4.5 * sd:.3f}"
    layers = [{"type": "dense", "units": 6, "activation": "relu"}, {"type": "dropout", "rate": rate},
              {"type": "dense", "units": 5, "activation": "tanh"}]
    weights = [{k: net.params[s].reshape(sh[k]) for k, s in sl.items()}
               for sl, sh in zip(net.layout.param_slices(), net.layout.weight_shapes())]
    lr_, gr = ref.loss_and_grads(layers, weights, x, y, "classification", 2, "cross_entropy",
                                 masks=[masks.astype(float)])
    close(loss, lr_, "dropout loss vs reference")
    flat = np.concatenate([np.concatenate([g[k].ravel() for k in sh]) for g, sh in
                           zip(gr, net.layout.weight_shapes())])
    close(net.grads, flat, "dropout grads vs reference")
    # statistics over more elements: mean mask near 1 (inverted dropout keeps expectations)
    big = make_net([LayerDesc(C.DROPOUT, rate=0.5), dense(1)], seed=9)
    xb, yb = data(200)
    _, Zb = gpu.loss_and_grads(big, xb, yb, dropout=True)
    mb = Zb[:, 0:2]
    assert abs(float(mb.mean()) - 1.0) < 4.5 * np.sqrt(1.0 / mb.size), f"mean mask {mb.mean():.3f}"
    yield "dropout masks: statistics, determinism, gradients"

    # the host arrays are the truth between calls: set_weights / reset / a restored file are picked up
    x, y = data(9)
    net = make_net([dense(4, "sigmoid")], opt="adam", seed=12)
    ng, nc = pair(net)
    gpu.train(ng, x, y, x, y, 1, len(x), 1)
    CPU.train(nc, x, y, x, y, 1, len(x), 1)
    w = np.random.default_rng(3).uniform(-1, 1, net.layout.n_params)
    ng.params[:] = w
    nc.params[:] = w
    check_outputs(gpu, ng, x, "after set_weights")
    ng.reset_optimizer_state()
    nc.reset_optimizer_state()
    check_train(gpu, ng, x, y, x, y, 1, "after reset_optimizer_state")
    ng.steps[:] = 5.0
    ng.s1[:] = 0.01
    check_train(gpu, ng, x, y, x, y, 1, "after restoring optimizer state")
    gpu.release(ng)
    check_train(gpu, ng, x, y, x, y, 1, "after release")
    yield "host edits between calls"

    # the engine on top: the same experiment on both backends
    from playground import Experiment
    from kernels.backend import available_backends, get_backend

    assert available_backends()["cuda"] == "", available_backends()
    assert get_backend("auto").name == "cpu", "auto must not pick the simulator"
    cfg = {"data": {"name": "xor", "n_samples": 16}, "features": ["x1", "x2", "x1*x2"], "batch_size": "full",
           "layers": [{"type": "dense", "units": 3, "activation": "tanh"}],
           "optimizer": {"name": "adam", "lr": 0.01}, "seed": 3}
    ec = Experiment.from_dict({**cfg, "backend": "cpu"})
    eg = Experiment.from_dict({**cfg, "backend": "cuda"})
    assert eg.backend.name == "cuda"
    for e in (ec, eg):
        e.train(2)
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        close(eg.history[key], ec.history[key], f"engine history {key}")
    for wg, wc in zip(eg.get_weights(), ec.get_weights()):
        for k in wc:
            close(wg[k], wc[k], f"engine weights {k}")
    close(eg.predict_grid(3)["output"], ec.predict_grid(3)["output"], "engine predict_grid")
    lg, gg = eg.loss_and_gradients([[0.5, -1.0], [1.0, 2.0]], [0, 1])
    lc, gc = ec.loss_and_gradients([[0.5, -1.0], [1.0, 2.0]], [0, 1])
    close(lg, lc, "engine loss_and_gradients")
    eg.save("/dev/null") if os.name != "nt" else None
    d = eg.to_dict()
    back = Experiment.from_dict(d)
    for wg, wc in zip(back.get_weights(), eg.get_weights()):
        for k in wc:
            close(wg[k], wc[k], "engine round trip")
    yield "engine: Experiment(backend='cuda')"


def section_tiles(gpu):
    """The production GEMM tiles (64 x 64 x 8, 4 x 4 per thread): widths across a tile edge."""
    units = 130 if BIG else 65
    net = make_net([dense(units, "tanh"), dense(3, "relu")], seed=21, scale=0.3)
    x, y = data(9)
    check_grads(gpu, net, x, y, f"tiles: 2-{units}-3-1")
    yield f"production tiles {kc.BM}x{kc.BN}x{kc.BK}/{kc.TM}x{kc.TN}"


def section_big(gpu):
    """Real GPU only: sizes where many blocks, split batches and chunking all happen."""
    rng = np.random.default_rng(0)
    net = make_net([dense(300, "tanh"), dense(257, "relu"), LayerDesc(C.MAXOUT, 20, pieces=3),
                    LayerDesc(C.DROPOUT, rate=0.0), dense(70, "gelu")], n_out=3, loss=C.CE, opt="adam",
                   seed=30, scale=0.1)
    x = rng.uniform(-2, 2, (5000, 2))
    y = (np.arange(5000) % 3).astype(float)
    check_grads(gpu, net, x, y, "big: loss_and_grads")
    check_outputs(gpu, net, x[:1000], "big: outputs")
    check_train(gpu, net, x, y, x[:700], y[:700], 3, "big: full-batch train")
    check_train(kc.CUDABackend(max_columns=1536), net, x, y, x[:700], y[:700], 2, "big: chunked train")
    yield "large sizes"


def kernel_signatures():
    """Every kernel with the argument types CUDABackend launches it with."""
    from numba import boolean, float32, float64, int32, int64, uint64

    f1, f2, d1, d2 = float32[::1], float32[:, ::1], float64[::1], float64[:, ::1]
    i1, i2 = int64[::1], int64[:, ::1]
    i = int64
    return {
        "k_fill": (f1, i, float32),
        "k_gather": (f2, i1, boolean, i, i, i, f2),
        "k_pack": (f2, i1, i, i, f2),
        "k_perm": (i1, i1, i, uint64, uint64),
        "k_dense_fwd": (f1, f2, f2) + (i,) * 10,
        "k_dense_bwd_x": (f1, f2) + (i,) * 6,
        "k_dense_bwd_w": (f1, f2, f2) + (i,) * 7,
        "k_dense_act_bwd": (f1, f1, f2, f2, f2) + (i,) * 7,
        "k_maxout_fwd": (f1, f2, f2) + (i,) * 9,
        "k_maxout_bwd_w": (f1, f2, f2, f2) + (i,) * 10,
        "k_maxout_bwd_x": (f1, f2, f2) + (i,) * 8,
        "k_dropout_fwd": (f2, f2) + (i,) * 5 + (float32, float32, boolean, uint64),
        "k_dropout_bwd": (f2, f2) + (i,) * 5,
        "k_loss": (f2, f2, f1, i1, boolean, i, i, i, i, i, boolean, float64, d1, i, i),
        "k_penalty": (f1, f1, f1, i, i, float64, d1, i),
        "k_sqnorm": (i2, f1, d1, i),
        "k_opt_prepare": (i2, d2, d2, i, d1),
        "k_opt_apply": (int32[::1], f1, f1, f1, f1, d2, i, d1, i),
    }


def section_ptx(gpu=None):
    """Compile every kernel to PTX for sm_90 (needs numba-cuda and NVVM, not a GPU); with ptxas, also
    assemble it and report registers and spills. The backward GEMMs must be free of float64 arithmetic."""
    import re
    import shutil
    import subprocess
    import tempfile

    from numba import cuda

    ptxas = os.environ.get("PTXAS") or shutil.which("ptxas")
    if not ptxas:
        try:
            import nvidia.cuda_nvcc as nv

            cand = Path(list(nv.__path__)[0]) / "bin" / "ptxas"
            ptxas = str(cand) if cand.exists() else None
        except Exception:
            ptxas = None
    # device functions compile for the current device's compute capability; there is none here
    disp = sys.modules[type(kc.mix64).__module__]
    if hasattr(disp, "get_current_device"):
        class _SM90:
            compute_capability = (9, 0)

        disp.get_current_device = lambda: _SM90()
    for name, sig in kernel_signatures().items():
        fn = getattr(kc, name)
        ptx, _ = cuda.compile_ptx(getattr(fn, "py_func", fn), sig, cc=(9, 0))
        f64 = len(re.findall(r"\.f64\b", ptx))
        if name in ("k_dense_bwd_x", "k_dense_bwd_w"):  # (k_dense_fwd has a few: libdevice's sinf slow path)
            assert f64 == 0, f"{name}: {f64} float64 instructions in a float32 GEMM"
        info = f"{f64} f64 ops"
        if ptxas:
            with tempfile.TemporaryDirectory() as d:
                src = Path(d) / f"{name}.ptx"
                src.write_text(ptx)
                r = subprocess.run([ptxas, "-arch=sm_90", "-v", str(src), "-o", str(Path(d) / "o.cubin")],
                                   capture_output=True, text=True)
                assert r.returncode == 0, f"{name}: ptxas failed: {r.stderr[-2000:]}"
                regs = re.findall(r"Used (\d+) registers", r.stderr)
                spill = re.findall(r"(\d+) bytes spill stores", r.stderr)
                info += f", {regs[0] if regs else '?'} registers, {spill[0] if spill else '?'} B spilled"
        yield f"{name}: {info}"


SECTIONS = {"layers": section_layers, "losses": section_losses, "optimizers": section_optimizers,
            "misc": section_misc, "tiles": section_tiles, "big": section_big, "ptx": section_ptx}


def main(argv) -> int:
    names = [a for a in argv if not a.startswith("--")] or ["all"]
    if names == ["all"]:
        names = [s for s in SECTIONS if s not in ("tiles", "ptx") and (s != "big" or BIG)]
    if names == ["ptx"]:  # compiles only: no GPU, no simulator
        for what in section_ptx():
            print(f"  ok  ptx: {what}", flush=True)
        return 0
    reason = kc.unavailable_reason()
    if reason:
        print(f"no CUDA here: {reason}")
        return 3
    mode = "simulator" if kc.simulated() else "GPU"
    print(f"CUDA backend on the {mode}; tiles BM,BN,BK,TM,TN,THREADS = "
          f"{kc.BM},{kc.BN},{kc.BK},{kc.TM},{kc.TN},{kc.THREADS}", flush=True)
    gpu = kc.CUDABackend()
    t_all = time.perf_counter()
    for name in names:
        t = time.perf_counter()
        for what in SECTIONS[name](gpu):
            print(f"  ok  {name}: {what}  ({time.perf_counter() - t:.1f} s)", flush=True)
            t = time.perf_counter()
    print(f"all passed in {time.perf_counter() - t_all:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
