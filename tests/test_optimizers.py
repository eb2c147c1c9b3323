"""The engine's nine optimizers against PyTorch's frozen numbers, their config defaults, and
switching optimizers on a live experiment. Only NumPy is needed; torch is not.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.experiment import Experiment

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref

DATA = json.loads((Path(__file__).resolve().parent / "data" / "torch_reference.json").read_text())
TOL = {"rtol": 1e-9, "atol": 1e-12}
NAMES = list(ref.OPTIMIZER_DEFAULTS)

# 2 features -> dense 3 -> output 1: W (2, 3) = 6, b 3, W (3, 1) 3, b 1 -> 13 flat parameters.
LAYERS = [{"type": "dense", "units": 3, "activation": "tanh"}]
POINTS = [[-1.0, 0.5, 0], [0.3, -2.0, 1], [1.5, 1.0, 0], [-0.7, -0.4, 1], [2.0, -1.0, 1],
          [-2.0, 2.0, 0]]


def close(actual, expected, what=""):
    """Assert actual equals expected to the torch tolerance."""
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), err_msg=what, **TOL
    )


def make_exp(optimizer=None, layers=LAYERS, **cfg):
    """A small experiment on inline binary points with the given optimizer config."""
    config = {"data": {"name": "points", "points": POINTS}, "features": ["x1", "x2"],
              "layers": layers, **cfg}
    if optimizer is not None:
        config["optimizer"] = optimizer
    return Experiment.from_dict(config)


def flat(weights):
    """The engine's flat order: per layer W, b, alpha, output layer last."""
    return np.concatenate([layer[k].ravel() for layer in weights for k in ("W", "b", "alpha")
                           if k in layer])


def unflat(exp, vector):
    """Split a flat vector into get_weights()-shaped layer dicts."""
    out, p = [], 0
    for layer in exp.get_weights():
        d = {}
        for key in ("W", "b", "alpha"):
            if key in layer:
                d[key] = np.array(vector[p : p + layer[key].size]).reshape(layer[key].shape)
                p += layer[key].size
        out.append(d)
    assert p == len(vector) == exp.parameter_count
    return out


def case_id(case):
    """readable id: name-default / name-custom / name-lr0.05."""
    hp = case["hp"]
    if not hp:
        return f"{case['name']}-defaults"
    if set(hp) == {"lr"}:
        return f"{case['name']}-lr{hp['lr']}"
    return f"{case['name']}-" + "-".join(sorted(hp))


# ----------------------------------------------------------------------------- against torch


def test_json_has_27_optimizer_runs():
    assert len(DATA["optimizers"]) == 27
    assert {c["name"] for c in DATA["optimizers"]} == set(NAMES)


@pytest.mark.parametrize("case", DATA["optimizers"], ids=case_id)
def test_apply_gradients_matches_torch(case):
    exp = make_exp({"name": case["name"], **case["hp"]})
    n = exp.parameter_count
    assert n >= 10
    p1, p2 = (np.array(p, dtype=float) for p in case["init"])
    assert p1.size == 6 and p2.size == 4
    start = np.zeros(n)
    start[:6], start[6:10] = p1.ravel(), p2
    exp.set_weights(unflat(exp, start))
    for step, (grads, expected) in enumerate(zip(case["grads"], case["expected"]), start=1):
        g = np.zeros(n)
        g[:6], g[6:10] = np.ravel(grads[0]), grads[1]
        exp.apply_gradients(unflat(exp, g))
        now = flat(exp.get_weights())
        close(now[:6], np.ravel(expected[0]), f"{case_id(case)}: p1 after step {step}")
        close(now[6:10], expected[1], f"{case_id(case)}: p2 after step {step}")
        # zero gradients from a zero start never move a parameter
        np.testing.assert_array_equal(now[10:], 0.0, err_msg=f"unused slots after step {step}")


@pytest.mark.parametrize("name", NAMES)
def test_train_epoch_steps_like_apply_gradients(name):
    """Full-batch train() takes the same optimizer steps as loss_and_gradients + apply_gradients."""
    opt = {"name": name, "lr": 0.05}
    a = make_exp(opt, batch_size="full")
    b = make_exp(opt, batch_size="full")
    x, y = a.dataset.x_train, a.dataset.y_train
    for _ in range(3):
        _, grads = b.loss_and_gradients(x, y)
        b.apply_gradients(grads)
    a.train(3)
    np.testing.assert_allclose(flat(a.get_weights()), flat(b.get_weights()), rtol=1e-10,
                               atol=1e-12)
    assert not np.allclose(flat(a.get_weights()), flat(make_exp(opt).get_weights()))


# ----------------------------------------------------------------------------- config defaults


@pytest.mark.parametrize("name", NAMES)
def test_config_defaults_are_torchs(name):
    cfg = Experiment.from_dict({"optimizer": {"name": name}}).config["optimizer"]
    assert cfg == {"name": name, **DATA["optimizer_defaults"][name]}


def test_no_optimizer_is_sgd_lr_003():
    assert Experiment.from_dict({}).config["optimizer"] == {"name": "sgd", "lr": 0.03}


@pytest.mark.parametrize("name", NAMES)
def test_default_hyper_parameters_are_used(name):
    """{"name": n} steps exactly like the reference with torch's defaults."""
    exp = make_exp({"name": name})
    rng = np.random.default_rng(1)
    start = rng.normal(size=exp.parameter_count)
    exp.set_weights(unflat(exp, start))
    params, state = [start.copy()], ref.init_optimizer(name, {})
    for _ in range(3):
        g = rng.normal(size=exp.parameter_count)
        exp.apply_gradients(unflat(exp, g))
        ref.optimizer_step(name, {}, params, [g], state)
    close(flat(exp.get_weights()), params[0], f"{name} with defaults")


# ----------------------------------------------------------------------------- set_optimizer


def steps(exp, grads):
    """Apply each flat gradient in turn; return the flat weights after the last."""
    for g in grads:
        exp.apply_gradients(unflat(exp, g))
    return flat(exp.get_weights())


def gradients(n, count, seed=2):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=n) for _ in range(count)]


@pytest.mark.parametrize("name", NAMES)
def test_set_optimizer_same_name_keeps_state(name):
    opt = {"name": name, "lr": 0.05}
    a, b = make_exp(opt), make_exp(opt)
    g = gradients(a.parameter_count, 4)
    steps(a, g[:2])
    steps(b, g[:2])
    b.set_optimizer(dict(opt))
    close(steps(b, g[2:]), steps(a, g[2:]), "same optimizer re-set: state continues")


@pytest.mark.parametrize("name", ["momentum", "nesterov", "adam", "adagrad", "nadam"])
def test_set_optimizer_new_hyper_parameters_keep_state(name):
    """Changing lr mid-run continues the moments and step count (torch: editing param_groups)."""
    exp = make_exp({"name": name, "lr": 0.05})
    g = gradients(exp.parameter_count, 4, seed=3)
    params, state = [flat(exp.get_weights())], ref.init_optimizer(name, {})
    for gk in g[:2]:
        ref.optimizer_step(name, {"lr": 0.05}, params, [gk], state)
    steps(exp, g[:2])
    exp.set_optimizer({"name": name, "lr": 0.2})
    for gk in g[2:3]:
        ref.optimizer_step(name, {"lr": 0.2}, params, [gk], state)
    steps(exp, g[2:3])
    exp.set_learning_rate(0.01)
    ref.optimizer_step(name, {"lr": 0.01}, params, [g[3]], state)
    close(steps(exp, g[3:]), params[0], f"{name} after lr changes")
    assert exp.config["optimizer"]["lr"] == 0.01


def test_momentum_continues_after_resetting_the_same_optimizer():
    """The behaviour the UI relies on, spelled out: the second step uses the first's buffer."""
    exp = make_exp({"name": "momentum", "lr": 0.1, "momentum": 0.9})
    n = exp.parameter_count
    w0 = flat(exp.get_weights())
    g = np.ones(n)
    steps(exp, [g])
    exp.set_optimizer({"name": "momentum", "lr": 0.1, "momentum": 0.9})
    close(steps(exp, [g]), w0 - 0.1 * g - 0.1 * (0.9 * g + g), "momentum kept")


SWITCHES = [
    ("momentum", "sgd"),
    ("momentum", "nesterov"),
    ("adam", "nadam"),
    ("adam", "adamax"),
    ("rmsprop", "adagrad"),
    ("adagrad", "adadelta"),
    ("adadelta", "rmsprop"),
    ("nadam", "adam"),
]


@pytest.mark.parametrize("first,second", SWITCHES, ids=[f"{a}-to-{b}" for a, b in SWITCHES])
def test_set_optimizer_other_name_resets_state(first, second):
    """After a switch, steps equal a fresh experiment's with the new optimizer from the same
    weights; switching back starts the first optimizer afresh too."""
    exp = make_exp({"name": first, "lr": 0.05})
    g = gradients(exp.parameter_count, 7, seed=4)
    steps(exp, g[:3])
    second_opt = {"name": second, "lr": 0.05}
    if second == "adagrad":
        second_opt["initial_accumulator_value"] = 0.3
    exp.set_optimizer(second_opt)
    fresh = make_exp(second_opt)
    fresh.set_weights(exp.get_weights())
    close(steps(exp, g[3:5]), steps(fresh, g[3:5]), f"{first} -> {second}")
    exp.set_optimizer({"name": first, "lr": 0.05})
    fresh = make_exp({"name": first, "lr": 0.05})
    fresh.set_weights(exp.get_weights())
    close(steps(exp, g[5:]), steps(fresh, g[5:]), f"{second} -> back to {first}")


def test_switch_back_differs_from_keeping_state():
    """The reset is observable: momentum -> sgd -> momentum forgets the buffer."""
    kept = make_exp({"name": "momentum", "lr": 0.1})
    switched = make_exp({"name": "momentum", "lr": 0.1})
    g = np.ones(kept.parameter_count)
    steps(kept, [g])
    w = steps(switched, [g])
    switched.set_optimizer({"name": "sgd", "lr": 0.1})
    switched.set_optimizer({"name": "momentum", "lr": 0.1})
    close(steps(switched, [g]), w - 0.1 * g, "fresh momentum: the first step is lr * g")
    close(steps(kept, [g]), w - 0.1 * 1.9 * g, "kept momentum")
