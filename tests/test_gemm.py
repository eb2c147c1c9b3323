"""The register-tiled product of wide layers (kernels/gemm.py): the same bits as the plain fused chains,
gradients equal to the NumPy reference and to finite differences, small and large batches."""

import sys
from pathlib import Path

import numpy as np
import pytest
from numba import njit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref

from kernels.exact import fma
from kernels.gemm import ADD, FROM_C, SHORT, STORE, TILE_BATCH, matmul, transpose
from playground import Experiment


@njit(cache=True)
def _chains(P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K, mode):
    """matmul's contract written as one plain fused chain per output (modes 0, 1, 2: FROM_C, ADD, STORE)."""
    for r in range(R):
        for t in range(T):
            c = c0 + r * cr + t
            acc = C[c] if mode == 0 else 0.0
            for k in range(K):
                acc = fma(P[p0 + k * pk + r * pr], Q[q0 + k * qk + t], acc)
            C[c] = C[c] + acc if mode == 1 else acc


def _start(rng, size, mode):
    """C before the product: random, or NaN where STORE must not read it."""
    return np.full(size, np.nan) if mode == STORE else rng.standard_normal(size)


def test_matmul_gives_the_bits_of_the_plain_chains():
    rng = np.random.default_rng(1)
    for _ in range(200):
        R, T, K = (int(v) for v in rng.integers(1, 40, 3))
        add = (FROM_C, ADD, STORE)[int(rng.integers(0, 3))]
        pk, pr = (R, 1) if rng.integers(0, 2) else (1, K)
        P = rng.standard_normal(K * R + 8)
        Q = rng.standard_normal(K * (T + 3) + 8)
        C = _start(rng, R * (T + 2) + 8, add)
        want = C.copy()
        matmul(P, 2, pk, pr, Q, 3, T + 3, C, 4, T + 2, R, T, K, add)
        _chains(P, 2, pk, pr, Q, 3, T + 3, want, 4, T + 2, R, T, K, add)
        assert np.array_equal(C, want, equal_nan=True), (R, T, K, add)


@pytest.mark.parametrize("K", [1, SHORT - 1, SHORT, 70, 256])
def test_matmul_tiles_and_their_edges_give_the_bits_of_the_plain_chains(K):
    """Every row split (14-row tiles, 4-row tiles, the last rows padded to 4 or to 14 on copies), whole
    and partial 16-wide panels, short products (tiled along C's rows) and long ones (Q's panels packed)."""
    rng = np.random.default_rng(K)
    for R in (1, 3, 4, 7, 13, 14, 16, 22, 23, 27, 31, 32, 37, 42, 130):
        for T in (1, 8, 15, 16, 17, 33, 48, 56):
            add = (FROM_C, ADD, STORE)[int(rng.integers(0, 3))]
            pk, pr = (R + 1, 1) if rng.integers(0, 2) else (1, K + 2)
            P = rng.standard_normal(K * (R + 1) + R * (K + 2) + 8)
            Q = rng.standard_normal(K * (T + 5) + 8)
            C = _start(rng, R * (T + 2) + 8, add)
            want = C.copy()
            matmul(P, 2, pk, pr, Q, 3, T + 5, C, 4, T + 2, R, T, K, add)
            _chains(P, 2, pk, pr, Q, 3, T + 5, want, 4, T + 2, R, T, K, add)
            assert np.array_equal(C, want, equal_nan=True), (R, T, K, add)


@pytest.mark.parametrize("mode", [FROM_C, STORE])
def test_matmul_into_the_array_it_reads(mode):
    """The input gradient reads D's rows of one layer and writes another layer's rows of the same D."""
    rng = np.random.default_rng(5)
    R, T, K, cap = 30, 40, 60, 48
    P = rng.standard_normal(R * K)
    D = rng.standard_normal((R + K) * cap)
    if mode == STORE:
        D[: R * cap] = np.nan  # the rows written: never read
    want = D.copy()
    matmul(P, 0, 1, K, D, R * cap, cap, D, 0, cap, R, T, K, mode)
    _chains(P, 0, 1, K, want, R * cap, cap, want, 0, cap, R, T, K, mode)
    assert np.array_equal(D, want, equal_nan=True) and np.isfinite(D[: R * cap].reshape(R, cap)[:, :T]).all()


def test_transpose_copies_every_entry():
    rng = np.random.default_rng(6)
    for R, N in ((1, 1), (8, 8), (7, 9), (16, 24), (13, 21), (256, 250)):
        S = rng.standard_normal(3 + R * (N + 5))
        T = rng.standard_normal(2 + N * (R + 3))
        want = T.copy()
        grid = want[2 : 2 + N * (R + 3)].reshape(N, R + 3)
        grid[:, :R] = S[3 : 3 + R * (N + 5)].reshape(R, N + 5)[:, :N].T
        transpose(S, 3, N + 5, T, 2, R + 3, R, N)
        assert np.array_equal(T, want), (R, N)


def _wide(units, activation="tanh", features=("x1", "x2", "x1^2", "x2^2", "x1*x2")):
    layers = [{"type": "dense", "units": u, "activation": activation} for u in units]
    cfg = {
        "seed": 2,
        "data": {"name": "spiral", "classes": 3},
        "features": list(features),
        "layers": layers,
    }
    return cfg, Experiment.from_dict(cfg)


@pytest.mark.parametrize("n", [1, 7, TILE_BATCH - 1, TILE_BATCH, 37])
@pytest.mark.parametrize("units", [[16, 16], [20, 33, 17], [64]])
def test_wide_layers_match_the_numpy_reference(units, n):
    cfg, exp = _wide(units, "relu" if len(units) == 3 else "tanh")
    x, y = exp.dataset.x_train[:n], exp.dataset.y_train[:n]
    loss, grads = exp.loss_and_gradients(x, y)
    want_loss, want = ref.loss_and_grads(
        cfg["layers"], exp.get_weights(), exp._points(x), y, "classification", 3, "cross_entropy"
    )
    assert loss == pytest.approx(want_loss, rel=1e-12)
    for g, w in zip(grads, want):
        for key in g:
            np.testing.assert_allclose(g[key], w[key], rtol=1e-9, atol=1e-12)
    scores = exp.backend.outputs(exp.net, exp._points(x))[:, -3:]
    np.testing.assert_allclose(
        scores, ref.forward(cfg["layers"], exp.get_weights(), exp._points(x))[0], rtol=1e-12
    )


@pytest.mark.parametrize("n", [5, 24])
def test_wide_layer_gradients_match_finite_differences(n):
    _, exp = _wide([16, 24], "tanh")
    x, y = exp.dataset.x_train[:n], exp.dataset.y_train[:n]
    _, grads = exp.loss_and_gradients(x, y)
    weights = exp.get_weights()
    rng = np.random.default_rng(0)
    h = 1e-6
    for layer in range(len(weights)):
        for key in ("W", "b"):
            arr = weights[layer][key]
            for flat in rng.choice(arr.size, size=min(6, arr.size), replace=False):
                idx = np.unravel_index(flat, arr.shape)
                losses = []
                for step in (h, -h):
                    trial = [{k: v.copy() for k, v in w.items()} for w in weights]
                    trial[layer][key][idx] += step
                    exp.set_weights(trial)
                    losses.append(exp.loss_and_gradients(x, y)[0])
                exp.set_weights(weights)
                fd = (losses[0] - losses[1]) / (2 * h)
                assert grads[layer][key][idx] == pytest.approx(fd, rel=1e-5, abs=1e-8), (
                    layer,
                    key,
                    idx,
                )


def _train_both(cfg, epochs):
    """Train copies of one experiment's state with the tiled kernels and with the plain loops only."""
    from kernels import cpu

    exp = Experiment.from_dict(cfg)
    net, lay = exp.net, exp.net.layout
    assert cpu.wide_switch(lay.table) is cpu.WIDE
    out = []
    for wide in (cpu.WIDE, None):
        params, s1, s2, steps, rng = (
            a.copy() for a in (net.params, net.s1, net.s2, net.steps, net.rng)
        )
        order, grads = exp._order.copy(), net.grads.copy()
        gnorms = np.zeros((epochs, lay.table.shape[0]))
        hist = cpu.train_epochs(
            exp._x_train,
            exp._y_train,
            exp._x_test,
            exp._y_test,
            epochs,
            exp._batch(),
            lay.table,
            lay.rates,
            params,
            grads,
            net.regmask,
            net.reg_kind,
            float(net.reg_rate),
            net.n_out,
            net.loss,
            lay.width,
            net.opt,
            net.hp,
            s1,
            s2,
            steps,
            rng,
            order,
            1,
            gnorms,
            wide,
            cpu.lazy_kernels(lay.table, net.opt, forward=False),
            np.zeros(0),  # no work buffers: the call makes its own
        )
        cols = np.arange(lay.width, dtype=np.int64)
        maps = np.empty((lay.width, len(exp._x_test)))
        cpu.activation_rows(exp._x_test, lay.table, lay.rates, params, lay.width, cols, maps, wide,
                            cpu.lazy_kernels(lay.table, plain=True))
        out.append((hist, params, gnorms, maps))
    return out


@pytest.mark.parametrize("batch", [7, 20, "full"])
def test_tiled_training_gives_the_bits_of_the_plain_loops(batch):
    features = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    cfg = {
        "seed": 4,
        "data": {"name": "xor", "n_samples": 246},
        "features": features,
        "batch_size": batch,
        "layers": [
            {"type": "dense", "units": 20, "activation": "tanh"},
            {"type": "dense", "units": 37, "activation": "relu"},
            {"type": "dense", "units": 16, "activation": "gelu"},
        ],
        "optimizer": {"name": "adam", "lr": 0.01},
    }
    (h1, p1, g1, m1), (h2, p2, g2, m2) = _train_both(cfg, 5)
    for a, b in ((h1, h2), (p1, p2), (g1, g2), (m1, m2)):
        assert np.array_equal(a, b, equal_nan=True)
