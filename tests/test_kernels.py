"""The training engine (kernels/ through playground.Experiment) against the oracle.

Checks the Numba kernels' loss, gradients, predictions, dropout masks, penalties, SGD step,
gradient norms and frozen layers against PyTorch's frozen numbers (tests/data/torch_reference.json),
the NumPy reference (tests/reference.py) and central finite differences of the engine's own loss.
Only NumPy is needed; torch is not.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from kernels import codes as C
from playground.experiment import Experiment

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref

DATA = json.loads((Path(__file__).resolve().parent / "data" / "torch_reference.json").read_text())
TOL = {"rtol": 1e-9, "atol": 1e-12}
H = 1e-6
FD_TOL = {"rtol": 1e-5, "atol": 1e-7}
NONE = {"kind": "none", "rate": 0.0}


# ----------------------------------------------------------------------------- helpers


def close(actual, expected, what="", tol=TOL):
    """Assert actual equals expected to the given tolerance (torch's by default)."""
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), err_msg=what, **tol
    )


def grads_close(actual, expected, what="", tol=TOL):
    """Assert two lists of per-layer dicts (W, b, alpha) match key by key."""
    assert len(actual) == len(expected), f"{what}: {len(actual)} layers, expected {len(expected)}"
    for i, (a, e) in enumerate(zip(actual, expected)):
        assert set(a) == set(e), f"{what}: layer {i} keys {sorted(a)} != {sorted(e)}"
        for key in e:
            close(a[key], e[key], f"{what}: layer {i} d{key}", tol)


def arrays(weights):
    """Return a JSON weights (or grads) entry as dicts of float arrays."""
    return [{key: np.array(v, dtype=float) for key, v in w.items()} for w in weights]


def n_out(k):
    """Output width: K for K >= 3 classes, else 1."""
    return k if k >= 3 else 1


def data_points(task, k, n=12, seed=99):
    """Inline [x, y, label] rows with every class 0..K-1 present (float targets for regression)."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-3.0, 3.0, (n, 2))
    labels = rng.normal(size=n) if task == "regression" else np.arange(n) % k
    return [[float(a), float(b), float(c)] for (a, b), c in zip(xy, labels)]


def make_exp(layers, task="classification", k=2, loss=None, reg=None, n_points=12, **cfg):
    """An Experiment on inline points whose network input is the raw (x1, x2)."""
    config = {
        "data": {"name": "points", "points": data_points(task, k, n_points)},
        "task": task,
        "features": ["x1", "x2"],
        "layers": layers,
        "loss": loss or ("mse" if task == "regression" else "cross_entropy"),
        "regularization": reg or NONE,
        **cfg,
    }
    exp = Experiment.from_dict(config)
    assert exp.n_outputs == (1 if task == "regression" else n_out(k))
    return exp


def random_weights(exp, rng, scale=0.9):
    """Random weights shaped like get_weights(): W ~ N(0, scale), b ~ N(0, 0.3), alpha ~ 0.25."""
    out = []
    for layer in exp.get_weights():
        w = {
            "W": rng.normal(scale=scale, size=layer["W"].shape),
            "b": rng.normal(scale=0.3, size=layer["b"].shape),
        }
        if "alpha" in layer:
            w["alpha"] = ref.PRELU_INIT + rng.normal(scale=0.1, size=layer["alpha"].shape)
        out.append(w)
    return out


def batch(rng, task, k, n=8):
    """Random inputs (n, 2) and labels (every class present) or regression targets."""
    x = rng.normal(scale=1.5, size=(n, 2))
    y = rng.normal(size=n) if task == "regression" else rng.permutation(np.arange(n) % k)
    return x, y


def unflatten(exp, flat):
    """Split a flat vector in the engine's order (per layer W, b, alpha; output last)."""
    out, p = [], 0
    for layer in exp.get_weights():
        d = {}
        for key in ("W", "b", "alpha"):
            if key in layer:
                size = layer[key].size
                d[key] = np.array(flat[p : p + size]).reshape(layer[key].shape)
                p += size
        out.append(d)
    assert p == len(flat) == exp.parameter_count
    return out


def dropout_masks(exp, Z):
    """Each dropout layer's mask, in layer order, from the Z buffer of backend.loss_and_grads."""
    table = exp.net.layout.table
    return [
        Z[:, row[C.COL_Z] : row[C.COL_Z] + row[C.COL_UNITS]].copy()
        for row in table
        if row[C.COL_KIND] == C.DROPOUT
    ]


def kernel_with_dropout(exp, x, y):
    """(loss, grads, masks) of one batch through the backend, dropout on (masks from net.rng)."""
    loss, Z = exp.backend.loss_and_grads(exp.net, np.asarray(x, dtype=float), np.asarray(y, float),
                                         dropout=True)
    return loss, unflatten(exp, exp.net.grads), dropout_masks(exp, Z)


def finite_differences(exp, loss_fn):
    """Central differences of loss_fn() w.r.t. every weight, perturbed through set_weights."""
    weights = exp.get_weights()
    fd = [{key: np.zeros_like(v) for key, v in layer.items()} for layer in weights]
    for li, layer in enumerate(weights):
        for key, arr in layer.items():
            for idx in np.ndindex(arr.shape):
                old = arr[idx]
                arr[idx] = old + H
                exp.set_weights(weights)
                plus = loss_fn()
                arr[idx] = old - H
                exp.set_weights(weights)
                minus = loss_fn()
                arr[idx] = old
                fd[li][key][idx] = (plus - minus) / (2 * H)
    exp.set_weights(weights)
    return fd


def task_k(task, k):
    """The reference's n_classes: k for classification, 0 for regression."""
    return 0 if task == "regression" else k


def check_against_reference_and_fd(exp, layers, task, k, loss, reg=None, seed=0):
    """Random weights and batch: engine == reference (torch tolerance) and == its own central FD."""
    rng = np.random.default_rng(seed)
    weights = random_weights(exp, rng)
    exp.set_weights(weights)
    x, y = batch(rng, task, k)
    value, grads = exp.loss_and_gradients(x, y)
    ref_value, ref_grads = ref.loss_and_grads(layers, weights, x, y, task, task_k(task, k), loss,
                                              reg=reg)
    close(value, ref_value, "loss vs reference")
    grads_close(grads, ref_grads, "grads vs reference")
    fd = finite_differences(exp, lambda: exp.loss_and_gradients(x, y)[0])
    grads_close(grads, fd, "grads vs finite differences", FD_TOL)


# ----------------------------------------------------------------------------- torch's networks

NETWORKS = DATA["networks"]
MASKED = [net for net in NETWORKS if net["masks"] is not None]


def exp_for(net):
    """The Experiment matching a JSON network, with its weights set."""
    exp = make_exp(net["layers"], net["task"], net["n_classes"], net["loss"], net["reg"])
    exp.set_weights(arrays(net["weights"]))
    return exp


def test_json_has_what_these_tests_rely_on():
    assert len(NETWORKS) >= 8 and len(MASKED) >= 1
    assert len(DATA["optimizers"]) == 27
    assert set(DATA["activations"]) == set(C.ACTIVATIONS)


@pytest.mark.parametrize("net", NETWORKS, ids=lambda n: n["name"])
def test_network_weights_round_trip(net):
    exp = exp_for(net)
    grads_close(exp.get_weights(), arrays(net["weights"]), "get_weights after set_weights",
                {"rtol": 0, "atol": 0})


UNMASKED = [net for net in NETWORKS if net["masks"] is None]


@pytest.mark.parametrize("net", UNMASKED, ids=lambda n: n["name"])
def test_network_loss_and_gradients_match_torch(net):
    exp = exp_for(net)
    value, grads = exp.loss_and_gradients(np.array(net["X"]), np.array(net["y"]))
    close(value, net["expected_loss"], "loss")
    grads_close(grads, arrays(net["expected_grads"]), net["name"])


@pytest.mark.parametrize("net", NETWORKS, ids=lambda n: n["name"])
def test_network_predict_matches_torch(net):
    exp = exp_for(net)
    pred = exp.predict(np.array(net["X"]))
    expected = np.array(net["expected_predict"])
    assert pred.shape == expected.shape
    close(pred, expected, "predict")


@pytest.mark.parametrize("net", MASKED, ids=lambda n: n["name"])
def test_network_with_dropout_masks_matches_reference(net):
    exp = exp_for(net)
    X, y = np.array(net["X"]), np.array(net["y"])
    weights = arrays(net["weights"])
    args = (net["layers"], weights, X, y, net["task"], net["n_classes"], net["loss"])
    value, grads, masks = kernel_with_dropout(exp, X, y)
    assert [m.shape for m in masks] == [np.shape(m) for m in net["masks"]]
    ref_value, ref_grads = ref.loss_and_grads(*args, reg=net["reg"], masks=masks)
    close(value, ref_value, "loss with the kernel's masks")
    grads_close(grads, ref_grads, "grads with the kernel's masks")
    # dropout off through the public API: no masks at all
    value, grads = exp.loss_and_gradients(X, y)
    ref_value, ref_grads = ref.loss_and_grads(*args, reg=net["reg"], masks=None)
    close(value, ref_value, "loss, dropout off")
    grads_close(grads, ref_grads, "grads, dropout off")


@pytest.mark.parametrize("net", MASKED, ids=lambda n: n["name"])
def test_dropout_masks_values_and_proportion(net):
    exp = exp_for(net)
    rng = np.random.default_rng(11)
    x, y = batch(rng, net["task"], net["n_classes"], n=3000)
    _, _, masks = kernel_with_dropout(exp, x, y)
    rates = [layer["rate"] for layer in net["layers"] if layer["type"] == "dropout"]
    assert len(masks) == len(rates)
    for m, rate in zip(masks, rates):
        keep = 1.0 / (1.0 - rate)
        assert np.all((m == 0.0) | (m == keep)), f"rate {rate}: mask values {np.unique(m)}"
        dropped = np.mean(m == 0.0)
        assert abs(dropped - rate) < 0.02, f"rate {rate}: {dropped:.3f} of the units dropped"
        # not the same mask for every row, nor for every unit
        assert len({tuple(r) for r in m[:50]}) > 1
        assert 0 < np.mean(m[:, 0] == 0.0) < 1
    _, _, again = kernel_with_dropout(exp, x, y)
    assert any(not np.array_equal(a, b) for a, b in zip(masks, again)), "net.rng did not advance"


# ------------------------------------------------------------------------ torch's activation grid


@pytest.mark.parametrize("act", C.ACTIVATIONS)
def test_activation_values_and_derivatives_match_torch(act):
    """One hidden unit per grid point z (kinks, 0, +-1e-8, softplus' threshold, +-30 included).

    Input (1, 0) and W[0] = z, b = 0 make the pre-activations exactly z; with output weights 1 and
    a regression target 0.5 below the score, dL/ds = 1, so the output layer's dW is act(z), the
    hidden layer's db is act'(z) and d alpha is d prelu / d alpha.
    """
    case = DATA["activations"][act]
    z = np.array(case["x"])
    n = len(z)
    exp = make_exp([{"type": "dense", "units": n, "activation": act}], "regression", 0)
    hidden = {"W": np.vstack([z, np.zeros(n)]), "b": np.zeros(n)}
    if act == "prelu":
        hidden["alpha"] = np.array(case["alpha"])
    exp.set_weights([hidden, {"W": np.ones((n, 1)), "b": np.zeros(1)}])
    x = np.array([[1.0, 0.0]])
    s = exp.predict(x)[0]
    _, grads = exp.loss_and_gradients(x, np.array([s - 0.5]))
    scale = 2.0 * (s - (s - 0.5))  # 1 up to the rounding of s - 0.5
    close(grads[1]["W"][:, 0] / scale, case["value"], f"{act}(z)")
    close(grads[0]["b"] / scale, case["grad"], f"{act}'(z)")
    close(grads[0]["W"][0] / scale, case["grad"], f"{act}'(z) via dW")
    np.testing.assert_array_equal(grads[0]["W"][1], 0.0)
    if act == "prelu":
        close(grads[0]["alpha"] / scale, case["grad_alpha"], "d prelu / d alpha")


# ----------------------------------------------------------------------------- activation x loss

LOSS_COMBOS = [
    ("classification", 2, "cross_entropy"),
    ("classification", 2, "mse"),
    ("classification", 2, "hinge"),
    ("classification", 3, "cross_entropy"),
    ("classification", 3, "mse"),
    ("classification", 3, "hinge"),
    ("regression", 0, "mse"),
]


def combo_id(c):
    task, k, loss = c
    return "regression-mse" if task == "regression" else f"k{k}-{loss}"


@pytest.mark.parametrize("task,k,loss", LOSS_COMBOS, ids=[combo_id(c) for c in LOSS_COMBOS])
@pytest.mark.parametrize("act", C.ACTIVATIONS)
def test_activation_and_loss_against_reference_and_fd(act, task, k, loss):
    layers = [
        {"type": "dense", "units": 3, "activation": act},
        {"type": "dense", "units": 2, "activation": act},
    ]
    exp = make_exp(layers, task, k, loss)
    seed = C.ACT[act] * 10 + LOSS_COMBOS.index((task, k, loss))
    check_against_reference_and_fd(exp, layers, task, k, loss, seed=seed)


MAXOUT_NETS = {
    "maxout2": [{"type": "maxout", "units": 3, "pieces": 2}],
    "maxout3": [{"type": "maxout", "units": 2, "pieces": 3}],
    "maxout3-tanh-maxout2": [
        {"type": "maxout", "units": 3, "pieces": 3},
        {"type": "dense", "units": 3, "activation": "tanh"},
        {"type": "maxout", "units": 2, "pieces": 2},
    ],
}


@pytest.mark.parametrize("task,k,loss", LOSS_COMBOS, ids=[combo_id(c) for c in LOSS_COMBOS])
@pytest.mark.parametrize("name", sorted(MAXOUT_NETS))
def test_maxout_against_reference_and_fd(name, task, k, loss):
    layers = MAXOUT_NETS[name]
    exp = make_exp(layers, task, k, loss)
    check_against_reference_and_fd(exp, layers, task, k, loss, seed=100 + len(name))


def test_maxout_tie_goes_to_first_piece():
    layers = [{"type": "maxout", "units": 1, "pieces": 3}]
    exp = make_exp(layers, "regression", 0)
    exp.set_weights([{"W": np.ones((2, 1, 3)), "b": np.zeros((1, 3))},
                     {"W": np.ones((1, 1)), "b": np.zeros(1)}])
    _, grads = exp.loss_and_gradients(np.array([[1.0, 2.0]]), np.array([1.0]))
    assert grads[0]["b"][0, 0] != 0.0
    assert grads[0]["b"][0, 1] == 0.0 and grads[0]["b"][0, 2] == 0.0


DROPOUT_NETS = {
    "dense-dropout-dense-dropout": [
        {"type": "dense", "units": 4, "activation": "relu"},
        {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 3, "activation": "tanh"},
        {"type": "dropout", "rate": 0.25},
    ],
    "maxout-dropout-prelu": [
        {"type": "maxout", "units": 3, "pieces": 3},
        {"type": "dropout", "rate": 0.4},
        {"type": "dense", "units": 4, "activation": "prelu"},
    ],
    "dropout-first": [
        {"type": "dropout", "rate": 0.3},
        {"type": "dense", "units": 4, "activation": "silu"},
        {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 2, "activation": "sigmoid"},
    ],
}
DROPOUT_CASES = [
    ("classification", 2, "cross_entropy"),
    ("classification", 3, "hinge"),
    ("regression", 0, "mse"),
]


@pytest.mark.parametrize("task,k,loss", DROPOUT_CASES, ids=[combo_id(c) for c in DROPOUT_CASES])
@pytest.mark.parametrize("name", sorted(DROPOUT_NETS))
def test_dropout_net_against_reference_and_fd(name, task, k, loss):
    layers = DROPOUT_NETS[name]
    reg = {"kind": "l2", "rate": 0.05}
    exp = make_exp(layers, task, k, loss, reg)
    # dropout off (the public API): dropout layers are the identity
    check_against_reference_and_fd(exp, layers, task, k, loss, reg=reg, seed=200 + len(name))
    # dropout on: the kernel's own masks, drawn again identically by rewinding net.rng
    rng = np.random.default_rng(300 + len(name))
    weights = random_weights(exp, rng)
    exp.set_weights(weights)
    x, y = batch(rng, task, k, n=10)
    state = int(exp.net.rng[0])

    def with_masks():
        exp.net.rng[0] = np.uint64(state)
        return kernel_with_dropout(exp, x, y)

    value, grads, masks = with_masks()
    assert any(np.any(m == 0.0) for m in masks), "no unit was dropped"
    ref_value, ref_grads = ref.loss_and_grads(layers, weights, x, y, task, task_k(task, k), loss,
                                              reg=reg, masks=masks)
    close(value, ref_value, "loss with masks")
    grads_close(grads, ref_grads, "grads with masks")
    fd = finite_differences(exp, lambda: with_masks()[0])
    grads_close(grads, fd, "grads with masks vs finite differences", FD_TOL)


# ----------------------------------------------------------------------------- penalties

PENALTY_LAYERS = [
    {"type": "maxout", "units": 3, "pieces": 2},
    {"type": "dense", "units": 3, "activation": "prelu"},
]


@pytest.mark.parametrize("kind,rate", [("l1", 0.07), ("l2", 0.3)], ids=["l1", "l2"])
def test_penalty_on_weights_only(kind, rate):
    reg = {"kind": kind, "rate": rate}
    plain = make_exp(PENALTY_LAYERS, "classification", 3, "cross_entropy")
    exp = make_exp(PENALTY_LAYERS, "classification", 3, "cross_entropy", reg)
    rng = np.random.default_rng(21)
    weights = random_weights(exp, rng)
    weights[0]["W"].flat[0] = 0.0  # sign(0) = 0 for l1
    weights[-1]["W"].flat[1] = 0.0
    for e in (plain, exp):
        e.set_weights(weights)
    x, y = batch(rng, "classification", 3)
    value0, grads0 = plain.loss_and_gradients(x, y)
    value, grads = exp.loss_and_gradients(x, y)
    Ws = [w["W"] for w in weights]
    if kind == "l1":
        penalty = rate * sum(np.abs(W).sum() for W in Ws)
        d_pen = [rate * np.sign(W) for W in Ws]
    else:
        penalty = 0.5 * rate * sum((W**2).sum() for W in Ws)
        d_pen = [rate * W for W in Ws]
    assert penalty > 0.01
    close(value - value0, penalty, "penalty in the loss", {"rtol": 1e-9, "atol": 1e-12})
    for i, (g0, g, dp) in enumerate(zip(grads0, grads, d_pen)):
        close(g["W"] - g0["W"], dp, f"layer {i} penalty gradient", {"rtol": 1e-9, "atol": 1e-12})
        for key in set(g) - {"W"}:
            np.testing.assert_array_equal(g[key], g0[key], err_msg=f"layer {i}: penalty on {key}")
    assert "alpha" in grads[1]
    if kind == "l1":
        assert grads[0]["W"].flat[0] == grads0[0]["W"].flat[0], "sign(0) must be 0"
    # the same through set_regularization on the plain experiment
    plain.set_regularization(reg)
    value2, grads2 = plain.loss_and_gradients(x, y)
    close(value2, value, "set_regularization loss")
    grads_close(grads2, grads, "set_regularization grads")
    # and against the reference and finite differences (no weight at 0 here)
    exp2 = make_exp(PENALTY_LAYERS, "classification", 3, "cross_entropy", reg)
    check_against_reference_and_fd(exp2, PENALTY_LAYERS, "classification", 3, "cross_entropy",
                                   reg=reg, seed=22)


EVAL_CASES = [("classification", 2, "hinge"), ("classification", 3, "cross_entropy"),
              ("regression", 0, "mse")]


@pytest.mark.parametrize("task,k,loss", EVAL_CASES, ids=[combo_id(c) for c in EVAL_CASES])
def test_evaluate_and_predict_on_many_points(task, k, loss):
    """evaluate(): mean data loss without the penalty, and accuracy; predict() past 256 rows."""
    layers = [{"type": "dense", "units": 4, "activation": "tanh"},
              {"type": "dropout", "rate": 0.5}]
    reg = {"kind": "l2", "rate": 0.5}
    exp = make_exp(layers, task, k, loss, reg, n_points=700)
    weights = random_weights(exp, np.random.default_rng(23))
    exp.set_weights(weights)
    ds = exp.dataset
    assert len(ds.x_train) > 256 and len(ds.x_test) > 256
    result = exp.evaluate()
    n_classes = task_k(task, k)
    for split, x, y in (("train", ds.x_train, ds.y_train), ("test", ds.x_test, ds.y_test)):
        value, _ = ref.loss_and_grads(layers, weights, x, y, task, n_classes, loss)
        close(result[f"{split}_loss"], value, f"{split} loss")
        pred = ref.predict(layers, weights, x, task, n_classes)
        close(exp.predict(x), pred, f"{split} predict")
        if task == "regression":
            assert f"{split}_accuracy" not in result
        else:
            hit = pred.argmax(axis=1) == y if k >= 3 else (pred > 0.5) == (y == 1)
            assert 0.0 < np.mean(hit) < 1.0
            assert result[f"{split}_accuracy"] == pytest.approx(np.mean(hit), abs=1e-15)


# ----------------------------------------------------------------------------- training steps


def test_full_batch_sgd_epoch_is_minus_lr_times_gradient():
    layers = [{"type": "dense", "units": 4, "activation": "tanh"},
              {"type": "maxout", "units": 2, "pieces": 2},
              {"type": "dense", "units": 3, "activation": "prelu"}]
    exp = make_exp(layers, "classification", 2, "cross_entropy", {"kind": "l2", "rate": 0.01},
                   n_points=30, optimizer={"name": "sgd", "lr": 0.1}, batch_size="full")
    exp.set_weights(random_weights(exp, np.random.default_rng(31)))
    before = exp.get_weights()
    _, grads = exp.loss_and_gradients(exp.dataset.x_train, exp.dataset.y_train)
    exp.train(1)
    expected = [{k: b[k] - 0.1 * g[k] for k in b} for b, g in zip(before, grads)]
    grads_close(exp.get_weights(), expected, "weights after one epoch", {"rtol": 0, "atol": 1e-12})
    assert exp.epoch == 1
    # the epoch's recorded gradient norms are those of that full batch
    close(exp.history["grad_norms"][-1], [np.sqrt(sum((v**2).sum() for v in g.values()))
                                          for g in grads], "history grad_norms", {"rtol": 1e-9,
                                                                                  "atol": 1e-12})


def test_history_grad_norms_of_layers_with_many_parameters():
    """Layers of 39 and 154 parameters: the recorded norm's sum of squares runs in blocks of 32
    (kernels/cpu.py's sum_squares) with a tail; it is still the norm of the epoch's gradient."""
    layers = [{"type": "dense", "units": 13, "activation": "tanh"},
              {"type": "dense", "units": 11, "activation": "relu"}]
    exp = make_exp(layers, n_points=30, optimizer={"name": "sgd", "lr": 0.1}, batch_size="full")
    exp.set_weights(random_weights(exp, np.random.default_rng(5)))
    _, grads = exp.loss_and_gradients(exp.dataset.x_train, exp.dataset.y_train)
    exp.train(1)
    expected = [np.sqrt(sum((v**2).sum() for v in g.values())) for g in grads]
    assert [sum(v.size for v in g.values()) for g in grads][:2] == [39, 154]
    close(exp.history["grad_norms"][-1], expected, "history grad_norms", {"rtol": 1e-13, "atol": 0})


@pytest.mark.parametrize("batch_size,steps_per_epoch", [(4, 3), (5, 2), (1, 10), (64, 1)],
                         ids=["b4-partial-last", "b5", "b1", "b64-capped"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_minibatch_epoch_is_ceil_n_over_b_mean_steps(optimizer, batch_size, steps_per_epoch):
    """All 20 points are the same (x, y), so every minibatch mean gradient, the partial last batch
    included, is that point's gradient whatever the shuffle: an epoch is ceil(10 / b) steps
    of it."""
    layers = [{"type": "dense", "units": 3, "activation": "tanh"},
              {"type": "dense", "units": 2, "activation": "prelu"}]
    opt = {"name": optimizer, "lr": 0.05}
    cfg = {"data": {"name": "points", "points": [[0.7, -1.2, 0.4]] * 20}, "task": "regression",
           "features": ["x1", "x2"], "layers": layers, "optimizer": opt,
           "regularization": {"kind": "l2", "rate": 0.1}}
    exp = Experiment.from_dict({**cfg, "batch_size": batch_size})
    twin = Experiment.from_dict(cfg)
    assert len(exp.dataset.y_train) == 10
    x, y = np.array([[0.7, -1.2]]), np.array([0.4])
    for _ in range(2 * steps_per_epoch):
        _, grads = twin.loss_and_gradients(x, y)
        twin.apply_gradients(grads)
    exp.train(2)
    grads_close(exp.get_weights(), twin.get_weights(), "after 2 epochs",
                {"rtol": 1e-10, "atol": 1e-12})


def test_gradient_norms_after_loss_and_gradients():
    layers = [{"type": "maxout", "units": 3, "pieces": 2},
              {"type": "dropout", "rate": 0.5},
              {"type": "dense", "units": 3, "activation": "prelu"}]
    exp = make_exp(layers, "classification", 3, "mse", {"kind": "l1", "rate": 0.01})
    rng = np.random.default_rng(41)
    exp.set_weights(random_weights(exp, rng))
    x, y = batch(rng, "classification", 3)
    _, grads = exp.loss_and_gradients(x, y)
    norms = exp.gradient_norms()
    expected = [np.sqrt(sum((v**2).sum() for v in g.values())) for g in grads]
    assert len(norms) == len(grads) == 3
    close(norms, expected, "gradient_norms")
    assert all(n > 0 for n in norms)


def test_history_grad_norms_skip_dropout_and_match_gradient_norms():
    layers = [{"type": "dense", "units": 3, "activation": "tanh"},
              {"type": "dropout", "rate": 0.3},
              {"type": "dense", "units": 2, "activation": "relu"}]
    exp = make_exp(layers, n_points=20, batch_size=4)
    exp.train(2)
    assert len(exp.history["grad_norms"]) == 2
    close(exp.history["grad_norms"][-1], exp.gradient_norms(), "last row == gradient_norms()")


FROZEN_NETS = {
    "frozen-dense": [
        {"type": "dense", "units": 3, "activation": "tanh", "frozen": True},
        {"type": "dense", "units": 3, "activation": "relu"},
    ],
    "frozen-prelu-and-maxout": [
        {"type": "dense", "units": 3, "activation": "prelu", "frozen": True},
        {"type": "dropout", "rate": 0.2},
        {"type": "dense", "units": 3, "activation": "elu"},
        {"type": "maxout", "units": 2, "pieces": 2, "frozen": True},
    ],
}


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("name", sorted(FROZEN_NETS))
def test_frozen_layers_do_not_move(name, optimizer):
    layers = FROZEN_NETS[name]
    frozen = [bool(layer.get("frozen")) for layer in layers if layer["type"] != "dropout"] + [False]
    exp = make_exp(layers, n_points=20, batch_size=5, optimizer={"name": optimizer, "lr": 0.05})
    before = exp.get_weights()
    _, grads = exp.loss_and_gradients(exp.dataset.x_train, exp.dataset.y_train)
    for i, g in enumerate(grads):
        assert all(np.any(v != 0.0) for v in g.values()), f"layer {i}: no gradient reported"
    exp.train(5)
    after = exp.get_weights()
    for i, (b, a) in enumerate(zip(before, after)):
        for key in b:
            if frozen[i]:
                np.testing.assert_array_equal(a[key], b[key], err_msg=f"frozen layer {i} {key}")
            else:
                assert np.any(a[key] != b[key]), f"trainable layer {i} {key} did not change"
    assert all(n > 0 for n in exp.gradient_norms()), "frozen layers still report gradients"
    # one explicit step moves only the trainable layers too
    exp.apply_gradients([{k: np.ones_like(v) for k, v in layer.items()} for layer in after])
    for i, (a, c) in enumerate(zip(after, exp.get_weights())):
        for key in a:
            assert np.array_equal(a[key], c[key]) == frozen[i], f"layer {i} {key} after a step"


@pytest.mark.parametrize("units", [5, 32])  # the plain loops, the tiled products
@pytest.mark.parametrize("batch", [1, 7, 10, 16, "full"])
def test_what_the_kept_training_buffers_hold_never_reaches_a_result(units, batch):
    """The CPU backend keeps train_epochs' buffers in net.work between calls: filled with NaN before
    every call, they give the same bits as zeros (every spare column stays apart)."""
    cfg = {"seed": 3, "data": {"name": "xor", "n_samples": 200}, "batch_size": batch,
           "layers": [{"units": units, "activation": "tanh"}, {"units": units, "activation": "relu"}]}
    poisoned, clean = Experiment.from_dict(cfg), Experiment.from_dict(cfg)
    for _ in range(3):
        poisoned.train(1)
        clean.train(1)
        poisoned.net.work[:] = np.nan
        clean.net.work[:] = 0.0
    assert poisoned.net.params.tobytes() == clean.net.params.tobytes()
    assert np.isfinite(poisoned.net.params).all()
    assert list(poisoned.history["test_loss"]) == list(clean.history["test_loss"])
