"""Check tests/reference.py against PyTorch's frozen numbers and against finite differences.

tests/data/torch_reference.json is made by tests/tools/make_torch_reference.py (needs torch);
these tests only need NumPy.
"""

import copy
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref

DATA = json.loads((Path(__file__).resolve().parent / "data" / "torch_reference.json").read_text())
TOL = {"rtol": 1e-9, "atol": 1e-12}


def close(actual, expected, what=""):
    """Assert actual equals expected to the torch tolerance."""
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), err_msg=what, **TOL
    )


def arrays(weights):
    """Return the weights (or grads) of a JSON entry as dicts of float arrays."""
    return [{key: np.array(v, dtype=float) for key, v in w.items()} for w in weights]


# ----------------------------------------------------------------------------- against torch


def test_json_covers_everything():
    assert set(DATA["activations"]) == set(ref.ACTIVATIONS)
    assert len(ref.ACTIVATIONS) == 12
    combos = {(c["task"], c["n_classes"], c["loss"]) for c in DATA["losses"]}
    assert len(combos) == 10
    assert {c["name"] for c in DATA["optimizers"]} == set(ref.OPTIMIZER_DEFAULTS)
    assert len(ref.OPTIMIZER_DEFAULTS) == 9
    kinds = {layer["type"] for net in DATA["networks"] for layer in net["layers"]}
    assert kinds == {"dense", "maxout", "dropout"}
    assert {net["reg"]["kind"] for net in DATA["networks"]} == {"none", "l1", "l2"}


@pytest.mark.parametrize("name", sorted(DATA["activations"]))
def test_activation_matches_torch(name):
    case = DATA["activations"][name]
    x = np.array(case["x"])
    alpha = np.array(case["alpha"]) if "alpha" in case else None
    f, df = ref.ACTIVATIONS[name]
    close(f(x, alpha), case["value"], f"{name} value")
    close(df(x, alpha), case["grad"], f"{name} derivative")
    if name == "prelu":
        close(ref.prelu_dalpha(x), case["grad_alpha"], "prelu d/dalpha")


def test_prelu_initial_slope_matches_torch():
    assert ref.PRELU_INIT == DATA["meta"]["prelu_init"]


@pytest.mark.parametrize(
    "case", DATA["losses"], ids=lambda c: f"{c['task']}-{c['n_classes']}-{c['loss']}"
)
def test_loss_matches_torch(case):
    value, d = ref.loss_from_scores(
        np.array(case["scores"]), case["y"], case["task"], case["n_classes"], case["loss"]
    )
    close(value, case["expected_loss"], "loss")
    close(d, case["expected_dscores"], "d loss / d scores")


@pytest.mark.parametrize("net", DATA["networks"], ids=lambda n: n["name"])
def test_network_matches_torch(net):
    weights = arrays(net["weights"])
    masks = None if net["masks"] is None else [np.array(m) for m in net["masks"]]
    args = (net["layers"], weights, np.array(net["X"]))
    scores, acts = ref.forward(*args, masks=masks)
    close(scores, net["expected_scores"], "scores")
    assert len(acts) == len(net["layers"]) + 1 and acts[-1] is scores
    value, grads = ref.loss_and_grads(
        *args, net["y"], net["task"], net["n_classes"], net["loss"], reg=net["reg"], masks=masks
    )
    close(value, net["expected_loss"], "loss")
    expected = arrays(net["expected_grads"])
    assert [set(g) for g in grads] == [set(g) for g in expected]
    for i, (g, e) in enumerate(zip(grads, expected)):
        for key in e:
            close(g[key], e[key], f"layer {i} d{key}")
    close(ref.predict(*args, net["task"], net["n_classes"]), net["expected_predict"], "predict")


def test_optimizer_defaults_match_torch():
    for name, defaults in DATA["optimizer_defaults"].items():
        ours = {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in ref.OPTIMIZER_DEFAULTS[name].items()
        }
        assert ours == defaults, name


@pytest.mark.parametrize("case", DATA["optimizers"], ids=lambda c: f"{c['name']}-{sorted(c['hp'])}")
def test_optimizer_matches_torch(case):
    params = [np.array(p) for p in case["init"]]
    state = ref.init_optimizer(case["name"], case["hp"])
    for step, (grads, expected) in enumerate(zip(case["grads"], case["expected"]), start=1):
        ref.optimizer_step(case["name"], case["hp"], params, [np.array(g) for g in grads], state)
        for i, (p, e) in enumerate(zip(params, expected)):
            close(p, e, f"param {i} after step {step}")


# ----------------------------------------------------------------------------- finite differences

H = 1e-6
FD_TOL = {"rtol": 1e-5, "atol": 1e-6}


def numeric_derivative(fun, x):
    """Return the central-difference gradient of scalar fun() w.r.t. array x (restored)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + H
        plus = fun()
        x[i] = old - H
        minus = fun()
        x[i] = old
        grad[i] = (plus - minus) / (2 * H)
    return grad


def random_net(rng, layers, n_out):
    """Return random weights for hidden layers then an output layer with n_out units."""
    weights, width = [], 2
    for layer in layers + [{"type": "dense", "units": n_out, "activation": "linear"}]:
        if layer["type"] == "dropout":
            continue
        if layer["type"] == "maxout":
            shape = (layer["units"], layer["pieces"])
            w = {"W": rng.normal(size=(width,) + shape), "b": rng.normal(scale=0.3, size=shape)}
        else:
            w = {
                "W": rng.normal(size=(width, layer["units"])),
                "b": rng.normal(scale=0.3, size=layer["units"]),
            }
            if layer["activation"] == "prelu":
                w["alpha"] = ref.PRELU_INIT + rng.normal(scale=0.1, size=layer["units"])
        weights.append(w)
        width = layer["units"]
    return weights


def check_gradients(layers, task, k, loss, reg=None, masks=None, seed=0):
    """Assert loss_and_grads matches central differences of its own loss for every weight."""
    rng = np.random.default_rng(seed)
    weights = random_net(rng, layers, k if k >= 3 else 1)
    X = rng.normal(size=(6, 2))
    y = rng.normal(size=6) if task == "regression" else np.arange(6) % k
    args = (layers, weights, X, y, task, k, loss)
    _, grads = ref.loss_and_grads(*args, reg=reg, masks=masks)
    for w, g in zip(weights, grads):
        assert set(g) == set(w)
        for key in w:
            fd = numeric_derivative(
                lambda: ref.loss_and_grads(*args, reg=reg, masks=masks)[0], w[key]
            )
            np.testing.assert_allclose(g[key], fd, err_msg=key, **FD_TOL)


@pytest.mark.parametrize("name", sorted(ref.ACTIVATIONS))
def test_activation_derivative_finite_differences(name):
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3.0, size=40)
    z = np.concatenate([z, [-25.0, 19.0, 21.0, 25.0]])  # both sides of softplus' threshold
    alpha = rng.uniform(0.0, 0.5, size=z.shape)
    f, df = ref.ACTIVATIONS[name]
    fd = (f(z + H, alpha) - f(z - H, alpha)) / (2 * H)
    np.testing.assert_allclose(df(z, alpha), fd, **FD_TOL)
    if name == "prelu":
        fd_alpha = (f(z, alpha + H) - f(z, alpha - H)) / (2 * H)
        np.testing.assert_allclose(ref.prelu_dalpha(z), fd_alpha, **FD_TOL)


@pytest.mark.parametrize("name", sorted(ref.ACTIVATIONS))
def test_network_gradient_every_activation(name):
    layers = [
        {"type": "dense", "units": 3, "activation": name},
        {"type": "dense", "units": 2, "activation": name},
    ]
    check_gradients(layers, "classification", 2, "cross_entropy", seed=2)


LOSSES = [
    ("classification", 2, "cross_entropy"),
    ("classification", 2, "mse"),
    ("classification", 2, "hinge"),
    ("classification", 3, "cross_entropy"),
    ("classification", 3, "mse"),
    ("classification", 3, "hinge"),
    ("classification", 5, "cross_entropy"),
    ("classification", 5, "mse"),
    ("classification", 5, "hinge"),
    ("regression", 0, "mse"),
]


@pytest.mark.parametrize("task,k,loss", LOSSES)
def test_loss_gradient_finite_differences(task, k, loss):
    rng = np.random.default_rng(3)
    scores = rng.normal(scale=2.0, size=(7, k if k >= 3 else 1))
    y = rng.normal(size=7) if task == "regression" else np.arange(7) % k
    _, d = ref.loss_from_scores(scores, y, task, k, loss)
    fd = numeric_derivative(lambda: ref.loss_from_scores(scores, y, task, k, loss)[0], scores)
    np.testing.assert_allclose(d, fd, **FD_TOL)
    layers = [{"type": "dense", "units": 3, "activation": "tanh"}]
    check_gradients(layers, task, k, loss, seed=4)


@pytest.mark.parametrize("reg", [{"kind": "l1", "rate": 0.07}, {"kind": "l2", "rate": 0.3}])
def test_maxout_dropout_regularization_finite_differences(reg):
    layers = [
        {"type": "maxout", "units": 3, "pieces": 3},
        {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 4, "activation": "prelu"},
        {"type": "dropout", "rate": 0.25},
    ]
    mask_rng = np.random.default_rng(5)
    masks = [
        np.where(mask_rng.random((6, 3)) < 0.5, 0.0, 2.0),
        np.where(mask_rng.random((6, 4)) < 0.25, 0.0, 1.0 / 0.75),
    ]
    check_gradients(layers, "classification", 3, "cross_entropy", reg=reg, masks=masks, seed=6)
    check_gradients(layers, "regression", 0, "mse", reg=reg, masks=None, seed=7)


# ----------------------------------------------------------------------------- conventions


def test_dropout_off_is_identity_and_mask_is_applied():
    rng = np.random.default_rng(8)
    layers = [{"type": "dense", "units": 3, "activation": "relu"}, {"type": "dropout", "rate": 0.5}]
    weights = random_net(rng, layers, 1)
    X = rng.normal(size=(4, 2))
    _, acts = ref.forward(layers, weights, X)
    np.testing.assert_array_equal(acts[1], acts[0])
    mask = np.where(rng.random((4, 3)) < 0.5, 0.0, 2.0)
    _, acts = ref.forward(layers, weights, X, masks=[mask])
    np.testing.assert_array_equal(acts[1], acts[0] * mask)


def test_maxout_tie_sends_gradient_to_first_piece():
    layers = [{"type": "maxout", "units": 1, "pieces": 3}]
    weights = [
        {"W": np.ones((2, 1, 3)), "b": np.zeros((1, 3))},
        {"W": np.ones((1, 1)), "b": np.zeros(1)},
    ]
    _, grads = ref.loss_and_grads(
        layers, weights, np.array([[1.0, 2.0]]), [1.0], "regression", 0, "mse"
    )
    assert grads[0]["b"][0, 0] != 0 and grads[0]["b"][0, 1] == 0 and grads[0]["b"][0, 2] == 0


def test_predict_shapes():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(5, 2))
    layers = [{"type": "dense", "units": 3, "activation": "tanh"}]
    assert ref.predict(layers, random_net(rng, layers, 1), X, "classification", 2).shape == (5,)
    p = ref.predict(layers, random_net(rng, layers, 4), X, "classification", 4)
    assert p.shape == (5, 4)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert ref.predict(layers, random_net(rng, layers, 1), X, "regression", 0).shape == (5,)


def test_unknown_names_raise():
    with pytest.raises(ValueError):
        ref.loss_from_scores(np.zeros((2, 1)), [0.0, 1.0], "regression", 0, "hinge")
    with pytest.raises(ValueError):
        ref.init_optimizer("lbfgs", {})
    with pytest.raises(ValueError):
        ref.regularization([{"W": np.ones(2)}], {"kind": "l3", "rate": 1.0})


def test_optimizer_step_changes_params_in_place():
    params = [np.ones(3)]
    before = params[0]
    state = ref.init_optimizer("adam", {})
    ref.optimizer_step("adam", {}, params, [np.ones(3)], state)
    assert params[0] is before
    np.testing.assert_allclose(before, 1.0 - 1e-3)  # first Adam step moves by lr
    copy.deepcopy(state)  # state is plain data
