"""Metrics (confusion matrix, accuracy, RMSE, R²) against the engine, and train_until's stop rules."""

import json

import numpy as np
import pytest

from playground import ConfigError, Experiment
from playground.metrics import (
    confusion_matrix,
    metrics,
    predicted_classes,
    stop_reason,
    train_until,
)

XOR = {"seed": 1, "data": {"name": "xor", "n_samples": 200},
       "layers": [{"type": "dense", "units": 8, "activation": "relu"}], "optimizer": {"name": "adam", "lr": 0.01}}
BLOBS = {"seed": 0, "data": {"name": "blobs", "classes": 3, "n_samples": 150, "noise": 0.3},
         "layers": [{"type": "dense", "units": 6, "activation": "tanh"}], "optimizer": {"name": "adam", "lr": 0.01}}
PLANE = {"seed": 0, "task": "regression", "data": {"name": "plane", "n_samples": 200},
         "layers": [{"type": "dense", "units": 4, "activation": "tanh"}], "optimizer": {"name": "adam", "lr": 0.01}}


def test_confusion_matrix_rows_are_the_true_class():
    cm = confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 0, 2], 3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]] and cm.dtype == np.int64
    assert confusion_matrix([], [], 2).tolist() == [[0, 0], [0, 0]]
    with pytest.raises(ConfigError, match="0..1"):
        confusion_matrix([0, 2], [0, 1], 2)
    with pytest.raises(ConfigError, match="same length"):
        confusion_matrix([0, 1], [0], 2)


def test_predicted_classes_match_the_kernels_rule():
    assert predicted_classes(np.array([0.2, 0.5, 0.51])).tolist() == [0, 0, 1]
    assert predicted_classes(np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])).tolist() == [1, 0]


@pytest.mark.parametrize("cfg", [XOR, BLOBS], ids=["binary", "three classes"])
@pytest.mark.parametrize("split", ["train", "test"])
def test_classification_metrics_agree_with_evaluate(cfg, split):
    exp = Experiment.from_dict(cfg)
    exp.train(15)
    m = metrics(exp, split)
    ev = exp.evaluate()
    y = exp.dataset.y_train if split == "train" else exp.dataset.y_test
    k = exp.dataset.n_classes
    cm = np.array(m["confusion"])
    assert m["split"] == split and m["n"] == len(y) and m["classes"] == k and cm.shape == (k, k)
    assert cm.sum(axis=1).tolist() == np.bincount(np.asarray(y, dtype=int), minlength=k).tolist()
    assert m["accuracy"] == pytest.approx(ev[f"{split}_accuracy"], abs=1e-12)
    assert m["loss"] == ev[f"{split}_loss"] and m["epoch"] == 15
    json.dumps(m)  # plain numbers, ready for a file or the window


def test_regression_metrics():
    exp = Experiment.from_dict(PLANE)
    exp.train(30)
    m = metrics(exp)
    y, pred = exp.dataset.y_test, exp.predict(exp.dataset.x_test)
    assert m["rmse"] ** 2 == pytest.approx(exp.evaluate()["test_loss"], rel=1e-9)  # the loss is the MSE
    assert m["r2"] == pytest.approx(1 - np.sum((pred - y) ** 2) / np.sum((y - y.mean()) ** 2), rel=1e-12)
    assert m["r2"] > 0.9 and "accuracy" not in m and "confusion" not in m
    untrained = metrics(Experiment.from_dict(PLANE), "train")
    assert untrained["r2"] < m["r2"]


def test_metrics_refuses_an_unknown_split():
    with pytest.raises(ConfigError, match="split"):
        metrics(Experiment.from_dict(XOR), "validation")


def test_stop_reason():
    row = {"test_loss": 0.2, "test_accuracy": 0.9}
    assert stop_reason(row) is None
    assert stop_reason(row, test_loss_below=0.3) == "test_loss"
    assert stop_reason(row, test_loss_below=0.2) is None  # strictly below
    assert stop_reason(row, test_accuracy_at_least=0.9) == "test_accuracy"
    assert stop_reason({"test_loss": 0.2}, test_accuracy_at_least=0.0) is None


def test_train_until_stops_at_max_epochs_and_trims_the_last_chunk():
    exp = Experiment.from_dict(XOR)
    out = train_until(exp, 25, test_loss_below=0.0, chunk=10)
    assert out["stopped"] == "max_epochs" and out["epochs_trained"] == 25 and exp.epoch == 25
    assert exp.history["epoch"] == list(range(1, 26)), "every epoch is recorded for the curves"
    assert out["test_loss"] == exp.evaluate()["test_loss"]


def test_train_until_stops_at_the_first_chunk_that_reaches_the_target():
    exp = Experiment.from_dict(XOR)
    out = train_until(exp, 1000, test_accuracy_at_least=0.99, chunk=5)
    assert out["stopped"] == "test_accuracy" and out["epoch"] % 5 == 0 and out["epoch"] < 1000
    acc = dict(zip(exp.history["epoch"], exp.history["test_accuracy"]))
    assert acc[out["epoch"]] >= 0.99 and all(acc[e] < 0.99 for e in range(5, out["epoch"], 5))
    exp2 = Experiment.from_dict(XOR)
    out2 = train_until(exp2, 1000, test_loss_below=0.05, chunk=1)
    assert out2["stopped"] == "test_loss" and exp2.history["test_loss"][-1] < 0.05
    assert all(v >= 0.05 for v in exp2.history["test_loss"][:-1])


def test_chunked_training_gives_the_same_numbers_as_one_call():
    a, b = Experiment.from_dict(XOR), Experiment.from_dict(XOR)
    train_until(a, 30, chunk=7)
    b.train(30)
    assert a.history["train_loss"] == b.history["train_loss"]


def test_train_until_with_the_target_already_met_trains_nothing():
    exp = Experiment.from_dict(XOR)
    out = train_until(exp, 100, test_loss_below=100.0)
    assert out["stopped"] == "test_loss" and out["epochs_trained"] == 0 and exp.epoch == 0


@pytest.mark.parametrize("kwargs, msg", [
    ({"max_epochs": -1}, "max_epochs"),
    ({"max_epochs": 2.5}, "max_epochs"),
    ({"max_epochs": 10, "chunk": 0}, "chunk"),
])
def test_train_until_refuses_bad_arguments(kwargs, msg):
    with pytest.raises(ConfigError, match=msg):
        train_until(Experiment.from_dict(XOR), **kwargs)


def test_regression_has_no_accuracy_target():
    with pytest.raises(ConfigError, match="classification"):
        train_until(Experiment.from_dict(PLANE), 10, test_accuracy_at_least=0.9)
