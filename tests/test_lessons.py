"""Every lesson preset's claim, checked by training it headless through the engine."""

import numpy as np
import pytest

from playground import Experiment
from playground.config import normalize
from playground.metrics import metrics
from playground.presets import load_preset, preset_names

LESSONS = [n for n in preset_names() if n.startswith("lesson_")]


def trained(cfg: dict, epochs: int, record_every: int = 1) -> Experiment:
    exp = Experiment.from_dict(cfg)
    exp.train(epochs, record_every=record_every)
    return exp


def lesson(name: str, record_every: int = 1) -> Experiment:
    p = load_preset(name)
    return trained(p["config"], p["epochs"], record_every)


def first_to_output_ratios(exp: Experiment) -> np.ndarray:
    g = np.array(exp.history["grad_norms"])
    return g[:, 0] / g[:, -1]


def test_the_lessons_are_shipped_with_the_standard_keys():
    assert set(LESSONS) >= {
        "lesson_xor_linear", "lesson_xor_hidden", "lesson_vanishing_sigmoid", "lesson_vanishing_relu",
        "lesson_overfit", "lesson_overfit_l2", "lesson_overfit_dropout", "lesson_deep_vs_fat",
        "lesson_optimizer_race", "lesson_maxout", "lesson_softmax"}
    for name in LESSONS:
        p = load_preset(name)
        assert p["title"] and p["summary"] and p["explanation"], name
        assert isinstance(p["epochs"], int) and p["epochs"] > 0, name
        normalize(p["config"])
        if "compare" in p:
            assert 2 <= len(p["compare"]) <= 4 and len(p["labels"]) == len(p["compare"]), name
            assert p["config"] == p["compare"][0], f"{name}: 'config' is the first run of 'compare'"
            for c in p["compare"]:
                normalize(c)


def test_xor_without_a_hidden_layer_never_passes_75_percent():
    exp = lesson("lesson_xor_linear")
    assert max(exp.history["train_accuracy"]) <= 0.75 and max(exp.history["test_accuracy"]) <= 0.75
    assert exp.evaluate()["train_loss"] > 0.68  # log 2 = 0.693: no better than guessing 0.5


def test_xor_with_one_hidden_layer_is_solved():
    ev = lesson("lesson_xor_hidden").evaluate()
    assert ev["train_accuracy"] == 1.0 and ev["test_accuracy"] == 1.0
    assert ev["train_loss"] < 1e-3


def test_sigmoid_and_relu_lessons_differ_only_in_the_activation():
    s, r = load_preset("lesson_vanishing_sigmoid"), load_preset("lesson_vanishing_relu")
    assert len(s["config"]["layers"]) == 6 and s["epochs"] == r["epochs"]
    assert {l["activation"] for l in s["config"]["layers"]} == {"sigmoid"}
    assert {l["activation"] for l in r["config"]["layers"]} == {"relu"}
    assert {**s["config"], "layers": None} == {**r["config"], "layers": None}


def test_sigmoid_gradients_vanish_in_every_epoch():
    exp = lesson("lesson_vanishing_sigmoid")
    ratios = first_to_output_ratios(exp)
    assert len(ratios) == exp.epoch and ratios.max() < 0.01  # measured: median 0.0005, max 0.0053
    g = exp.gradient_norms()
    assert g == pytest.approx(exp.history["grad_norms"][-1], rel=1e-12) and g[0] / g[-1] < 0.01
    cm = np.array(metrics(exp, "train")["confusion"])
    assert (cm.sum(axis=0) == 0).any(), "the first layers barely move: one class is predicted everywhere"


def test_relu_gradients_reach_the_first_layer():
    exp = lesson("lesson_vanishing_relu")
    ratios = first_to_output_ratios(exp)
    assert ratios.min() > 0.1  # measured: median 2, min 0.21
    assert exp.evaluate()["test_accuracy"] == 1.0


def test_overfitting_then_l2_and_dropout_close_the_gap():
    names = ["lesson_overfit", "lesson_overfit_l2", "lesson_overfit_dropout"]
    base, l2, drop = (load_preset(n)["config"] for n in names)
    assert l2 == {**base, "regularization": l2["regularization"]} and l2["regularization"]["kind"] == "l2"
    assert [l for l in drop["layers"] if l["type"] != "dropout"] == base["layers"]
    assert {**drop, "layers": None} == {**base, "layers": None}
    gaps, test_losses = {}, {}
    for n in names:
        ev = lesson(n, record_every=load_preset(n)["epochs"]).evaluate()
        gaps[n], test_losses[n] = ev["test_loss"] - ev["train_loss"], ev["test_loss"]
    assert gaps["lesson_overfit"] > 1.0  # measured 1.52, train loss 0.000
    for n in names[1:]:  # measured gaps: L2 0.34, dropout 0.27
        assert gaps[n] < 0.5 * gaps["lesson_overfit"], n
        assert test_losses[n] < 0.5 * test_losses["lesson_overfit"], n


def test_deep_beats_fat_with_the_same_parameter_count():
    p = load_preset("lesson_deep_vs_fat")
    deep, fat = (trained(c, p["epochs"], p["epochs"]) for c in p["compare"])
    assert deep.parameter_count == fat.parameter_count == 177  # exactly equal, as the explanation says
    assert len(deep.config["layers"]) > len(fat.config["layers"])
    d, f = deep.evaluate(), fat.evaluate()
    assert d["train_loss"] < f["train_loss"]  # measured 0.09 vs 0.35
    assert d["test_accuracy"] >= 0.85 and d["test_accuracy"] > f["test_accuracy"] + 0.1  # measured 94 vs 74 %


def test_optimizer_race_adam_beats_sgd_from_the_same_start():
    p = load_preset("lesson_optimizer_race")
    runs = {c["optimizer"]["name"]: c for c in p["compare"]}
    assert set(runs) == {"adam", "rmsprop", "momentum", "sgd"}
    for c in p["compare"]:
        assert {**c, "optimizer": None} == {**p["config"], "optimizer": None}, "only the optimizer differs"
    starts = [Experiment.from_dict(c).get_weights() for c in p["compare"]]
    for w in starts[1:]:
        assert all(np.array_equal(a["W"], b["W"]) for a, b in zip(w, starts[0])), "same initial weights"
    ev = {k: trained(c, p["epochs"], p["epochs"]).evaluate() for k, c in runs.items()}
    assert ev["adam"]["train_loss"] < 0.1 * ev["sgd"]["train_loss"]  # measured 0.001 vs 0.55
    assert ev["adam"]["test_accuracy"] > ev["sgd"]["test_accuracy"] + 0.2  # measured 99.6 vs 61 %


def test_one_maxout_neuron_learns_the_circle():
    p = load_preset("lesson_maxout")
    assert p["config"]["layers"] == [{"type": "maxout", "units": 1, "pieces": 8}]
    exp = lesson("lesson_maxout", record_every=p["epochs"])
    assert exp.evaluate()["test_accuracy"] >= 0.99


def test_softmax_separates_three_spiral_arms():
    exp = lesson("lesson_softmax", record_every=load_preset("lesson_softmax")["epochs"])
    assert exp.dataset.n_classes == 3
    p = exp.predict(exp.dataset.x_test)
    assert p.shape == (len(exp.dataset.x_test), 3) and np.allclose(p.sum(axis=1), 1.0)
    assert exp.evaluate()["test_accuracy"] >= 0.9  # measured 98.4 %; guessing gives 33 %


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_is_deterministic(name):
    cfg = load_preset(name)["config"]
    a, b = trained(cfg, 3), trained(cfg, 3)
    assert a.history["train_loss"] == b.history["train_loss"]
