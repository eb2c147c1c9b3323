"""Experiment.backprop_trace: one point's forward and backward pass, layer by layer, and its update.

Checked against PyTorch autograd's frozen numbers (tests/data/backprop_torch.json, made by
tests/tools/make_backprop_reference.py), central finite differences of the engine's own loss, and the
optimizer step a real training step takes. Only NumPy is needed; torch is not.
"""

import copy
import json
import re
from pathlib import Path

import numpy as np
import pytest

from playground.errors import ConfigError
from playground.experiment import Experiment

DATA = json.loads((Path(__file__).resolve().parent / "data" / "backprop_torch.json").read_text())
CASES = {c["name"]: c for c in DATA["cases"]}
TOL = {"rtol": 1e-9, "atol": 1e-12}


def close(actual, expected, what=""):
    np.testing.assert_allclose(
        np.asarray(actual, float), np.asarray(expected, float), err_msg=what, **TOL
    )


def build(case, **changes):
    """The case's experiment with its frozen weights (config keys replaced by changes)."""
    exp = Experiment.from_dict({**copy.deepcopy(case["config"]), **changes})
    exp.set_weights([{k: np.array(v) for k, v in w.items()} for w in case["weights"]])
    return exp


def param_layers(trace):
    return [layer for layer in trace["layers"] if "W" in layer]


@pytest.mark.parametrize("name", list(CASES))
def test_every_layer_equals_torch_autograd(name):
    case = CASES[name]
    exp = build(case)
    tr = exp.backprop_trace(case["point"], case["label"])
    close(tr["loss"], case["loss"], f"{name}: loss")
    assert len(param_layers(tr)) == len(case["layers"])
    for i, (got, want) in enumerate(zip(param_layers(tr), case["layers"])):
        for key in ("z", "a", "delta"):
            close(got[key], want[key], f"{name}: layer {i} {key}")
        for key in ("W", "b", "alpha"):
            if f"grad_{key}" in want:
                close(got[f"grad_{key}"], want[f"grad_{key}"], f"{name}: layer {i} grad_{key}")
            else:
                assert f"grad_{key}" not in got


def test_prelu_slope_gradient_is_not_trivial():
    tr = build(CASES["dense_prelu"]).backprop_trace(
        CASES["dense_prelu"]["point"], CASES["dense_prelu"]["label"]
    )
    assert np.any(param_layers(tr)[0]["grad_alpha"] != 0.0)


def test_maxout_reports_the_winning_piece():
    case = CASES["maxout"]
    exp = build(case)
    tr = exp.backprop_trace(case["point"], case["label"])
    layer = tr["layers"][0]
    W, b = np.array(case["weights"][0]["W"]), np.array(case["weights"][0]["b"])
    pieces = np.einsum("i,ijk->jk", tr["features"]["values"], W) + b
    assert layer["piece"].tolist() == np.argmax(pieces, axis=1).tolist()
    # only the winning piece's weights get a gradient
    g = layer["grad_W"]
    for j, k in enumerate(layer["piece"]):
        assert np.all(np.delete(g[:, j, :], k, axis=1) == 0.0)


@pytest.mark.parametrize("opt", list(DATA["optimizers"]))
@pytest.mark.parametrize(
    "name", ["dense_tanh", "dense_prelu", "maxout", "softmax_k3", "regression"]
)
def test_update_equals_torch_optimizer_first_step(name, opt):
    case = CASES[name]
    exp = build(case, optimizer=DATA["optimizers"][opt])
    tr = exp.backprop_trace(case["point"], case["label"])
    assert tr["optimizer"] == opt
    for i, (got, want) in enumerate(zip(param_layers(tr), case["new_weights"][opt])):
        for key, value in want.items():
            close(got[f"new_{key}"], value, f"{name} {opt}: layer {i} new {key}")
            close(
                got[f"step_{key}"],
                np.array(value) - got[key],
                f"{name} {opt}: layer {i} step {key}",
            )


@pytest.mark.parametrize(
    "name, reg",
    [("dense_sigmoid", None), ("maxout", None), ("softmax_k3", None), ("regression", None),
     ("features", {"kind": "l2", "rate": 0.05})],
)  # fmt: skip
def test_gradients_equal_finite_differences(name, reg):
    case = CASES[name]
    exp = build(case, **({"regularization": reg} if reg else {}))
    point, label = case["point"], case["label"]
    tr = exp.backprop_trace(point, label)
    h = 1e-6
    base = exp.net.params.copy()
    flat = np.concatenate([layer[f"grad_{k}"].ravel() for layer in param_layers(tr)
                           for k in ("W", "b", "alpha") if k in layer])  # fmt: skip
    numeric = np.empty_like(base)
    for p in range(len(base)):
        exp.net.params[p] = base[p] + h
        up = exp.backprop_trace(point, label)["loss"]
        exp.net.params[p] = base[p] - h
        down = exp.backprop_trace(point, label)["loss"]
        exp.net.params[p] = base[p]
        numeric[p] = (up - down) / (2 * h)
    np.testing.assert_allclose(flat, numeric, rtol=1e-5, atol=1e-7)
    if reg:
        assert tr["penalty"] > 0 and tr["loss"] == pytest.approx(tr["data_loss"] + tr["penalty"])


def _state(exp):
    n = exp.net
    return [a.copy() for a in (n.params, n.s1, n.s2, n.steps, n.rng)] + [
        exp._order.copy(),
        exp.epoch,
    ]


@pytest.mark.parametrize("opt", [{"name": "sgd", "lr": 0.1}, {"name": "momentum", "lr": 0.05, "momentum": 0.9},
                                 {"name": "adam", "lr": 0.01}, {"name": "nadam", "lr": 0.01}])  # fmt: skip
def test_update_is_one_real_training_step_and_leaves_the_optimizer_alone(opt):
    exp = Experiment.from_dict({"seed": 5, "optimizer": opt, "batch_size": 4,
                                "layers": [{"type": "dense", "units": 3, "activation": "tanh"}]})  # fmt: skip
    exp.train(3)  # the optimizer has state now
    before = _state(exp)
    point, label = (0.3, -2.2), 1
    tr = exp.backprop_trace(point, label)
    for a, b in zip(_state(exp), before):
        np.testing.assert_array_equal(
            a, b
        )  # nothing moved: weights, moments, step counts, RNG, order

    twin = Experiment.from_dict(exp.to_dict())
    _loss, grads = twin.loss_and_gradients(np.array([point]), np.array([float(label)]))
    twin.apply_gradients(grads)  # the optimizer's real step on that one point
    for layer, want in zip(param_layers(tr), twin.get_weights()):
        for key, value in want.items():
            np.testing.assert_array_equal(layer[f"new_{key}"], value)
    if opt["name"] == "sgd":
        for layer in param_layers(tr):
            np.testing.assert_array_equal(layer["new_W"], layer["W"] - 0.1 * layer["grad_W"])

    rows = len(exp.history["epoch"])
    exp.backprop_step(point, label)
    for layer, got in zip(param_layers(tr), exp.get_weights()):
        np.testing.assert_array_equal(got["W"], layer["new_W"])
        np.testing.assert_array_equal(got["b"], layer["new_b"])
    assert exp.epoch == before[-1] + 1
    assert len(exp.history["epoch"]) == rows + 1 and exp.history["epoch"][-1] == exp.epoch


def test_frozen_layer_gets_no_update():
    exp = Experiment.from_dict({"seed": 1, "layers": [{"type": "dense", "units": 3, "activation": "tanh",
                                                       "frozen": True}]})  # fmt: skip
    tr = exp.backprop_trace((1.0, 1.0), 0)
    hidden = tr["layers"][0]
    assert hidden["frozen"] and np.any(hidden["grad_W"] != 0)
    assert np.all(hidden["step_W"] == 0) and np.all(hidden["new_W"] == hidden["W"])


def test_dropout_mask_is_off_unless_asked_and_never_moves_the_rng():
    exp = Experiment.from_dict({"seed": 2, "layers": [
        {"type": "dense", "units": 8, "activation": "relu"}, {"type": "dropout", "rate": 0.5}]})  # fmt: skip
    rng = exp.net.rng.copy()
    off = exp.backprop_trace((0.5, 0.5), 1)
    assert off["layers"][1]["kind"] == "dropout" and np.all(off["layers"][1]["mask"] == 1.0)
    on = exp.backprop_trace((0.5, 0.5), 1, dropout=True)
    mask = on["layers"][1]["mask"]
    assert set(mask.tolist()) <= {0.0, 2.0} and 0.0 in mask
    np.testing.assert_array_equal(on["layers"][1]["a"], on["layers"][0]["a"] * mask)
    np.testing.assert_array_equal(exp.net.rng, rng)


@pytest.mark.parametrize(
    "point, label, words",
    [((1.0,), 0, "the point must be (x1, x2)"), ((1.0, 2.0, 3.0), 0, "the point must be (x1, x2)"),
     ([[1.0, 2.0]], 0, "the point must be (x1, x2)"), ((float("nan"), 0.0), 0, "finite"),
     ((0.0, float("inf")), 1, "finite"), (("a", 0.0), 0, "must be a number"), ((0.0, 0.0), 2, "class from 0 to 1"),
     ((0.0, 0.0), 0.5, "class from 0 to 1"), ((0.0, 0.0), -1, "class from 0 to 1"), ((0.0, 0.0), None, "label"),
     ((0.0, 0.0), float("nan"), "label")],
)  # fmt: skip
def test_bad_points_and_labels_are_refused_in_plain_words(point, label, words):
    exp = Experiment.from_dict({"seed": 1})
    with pytest.raises(ConfigError, match=re.escape(words)):
        exp.backprop_trace(point, label)


def test_multi_class_and_regression_labels():
    k3 = build(CASES["softmax_k3"])
    assert k3.backprop_trace((0.0, 0.0), 2)["output"].shape == (3,)
    with pytest.raises(ConfigError, match="class from 0 to 2"):
        k3.backprop_trace((0.0, 0.0), 3)
    reg = build(CASES["regression"])
    assert reg.backprop_trace((0.0, 0.0), -12.5)["label"] == -12.5
    with pytest.raises(ConfigError, match="target"):
        reg.backprop_trace((0.0, 0.0), float("inf"))


def test_the_lessons_claim_one_step_lowers_that_points_loss():
    """lesson_backprop_xor: "Apply this update takes exactly that step: watch the loss on this point go
    down" — for every training point of every checked seed."""
    from playground.presets import load_preset

    cfg = load_preset("lesson_backprop_xor")["config"]
    for seed in range(5):
        exp = Experiment.from_dict({**cfg, "seed": seed})
        start = exp.to_dict()
        for point, label in zip(exp.dataset.x_train[::10], exp.dataset.y_train[::10]):
            e = Experiment.from_dict(start)
            before = e.backprop_step(point, label)["loss"]
            assert e.backprop_trace(point, label)["loss"] < before, (seed, point)


def test_the_session_refuses_a_bad_point_and_changes_nothing():
    from playground.errors import Refusal
    from playground.session.session import Session

    s = Session({"seed": 1})
    before = s.exp.to_dict()
    with pytest.raises(Refusal, match="the label must be a class"):
        s.backprop_step((0.0, 0.0), 7)
    assert s.exp.to_dict() == before
    s.backprop_step((1.0, -1.0), 1)
    assert s.exp.epoch == 1 and not s.diverged


def test_a_digit_is_traced_through_its_64_pixels_to_ten_outputs():
    """The digits have no features: the trace's inputs are the image's pixels; its gradients agree with
    central differences of its loss (a sample of the parameters), and a point of the plane is refused."""
    exp = Experiment.from_dict({"seed": 3, "data": {"name": "digits"},
                                "layers": [{"type": "dense", "units": 6, "activation": "tanh"}]})  # fmt: skip
    x, y = exp.dataset.x_train[5], exp.dataset.y_train[5]
    tr = exp.backprop_trace(x, y)
    assert tr["features"]["names"][:2] == ["pixel 1", "pixel 2"] and len(tr["features"]["values"]) == 64
    np.testing.assert_array_equal(tr["features"]["values"], x)
    layers = param_layers(tr)
    assert layers[0]["W"].shape == (64, 6) and len(layers[-1]["a"]) == 10
    flat = np.concatenate([layer[f"grad_{k}"].ravel() for layer in layers for k in ("W", "b")])
    base = exp.net.params.copy()
    picks = np.random.default_rng(0).choice(len(base), 12, replace=False)
    for p in picks:
        exp.net.params[p] = base[p] + 1e-6
        up = exp.backprop_trace(x, y)["loss"]
        exp.net.params[p] = base[p] - 1e-6
        down = exp.backprop_trace(x, y)["loss"]
        exp.net.params[p] = base[p]
        assert flat[p] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-7), p
    with pytest.raises(ConfigError, match="the point must be 64 numbers"):
        exp.backprop_trace((0.5, -0.5), 1)
