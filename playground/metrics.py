"""Metrics of a trained experiment (confusion matrix, accuracy, RMSE, R²) and training with stop rules."""

import numpy as np

from .errors import ConfigError
from .experiment import Experiment

SPLITS = ("train", "test")
STOP_REASONS = ("max_epochs", "test_loss", "test_accuracy")


def _split(exp: Experiment, split: str) -> tuple[np.ndarray, np.ndarray]:
    if split not in SPLITS:
        raise ConfigError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    ds = exp.dataset
    return (ds.x_train, ds.y_train) if split == "train" else (ds.x_test, ds.y_test)


def predicted_classes(probabilities: np.ndarray) -> np.ndarray:
    """Class index per point from predict()'s output: p > 0.5 for two classes, the arg-max for K >= 3."""
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim == 1:
        return (p > 0.5).astype(np.int64)
    return np.argmax(p, axis=1).astype(np.int64)


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """(K, K) int64 counts: entry [i, j] is the number of points of true class i predicted as class j."""
    t = np.asarray(y_true).astype(np.int64).ravel()
    p = np.asarray(y_pred).astype(np.int64).ravel()
    if t.shape != p.shape:
        raise ConfigError(f"y_true and y_pred must have the same length, got {t.size} and {p.size}")
    if t.size and (min(t.min(), p.min()) < 0 or max(t.max(), p.max()) >= n_classes):
        raise ConfigError(f"class labels must lie in 0..{n_classes - 1}")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (t, p), 1)
    return cm


def metrics(exp: Experiment, split: str = "test") -> dict:
    """Metrics of exp.predict on the train or test points: accuracy and confusion matrix, or RMSE and R²."""
    x, y = _split(exp, split)
    out = {"split": split, "epoch": exp.epoch, "n": len(y), "loss": exp.evaluate()[f"{split}_loss"]}
    if len(y) == 0:
        return out
    pred = exp.predict(x)
    if exp.config["task"] == "regression":
        y = np.asarray(y, dtype=np.float64)
        ss_res = float(np.sum((pred - y) ** 2))
        ss_tot = float(np.sum((y - y.mean()) ** 2))
        out["rmse"] = float(np.sqrt(ss_res / len(y)))
        # R² is undefined for constant targets; report 1 for a perfect fit and 0 otherwise, as scikit-learn does.
        out["r2"] = 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)
        return out
    k = exp.dataset.n_classes
    cm = confusion_matrix(y, predicted_classes(pred), k)
    out["classes"] = k
    out["accuracy"] = float(np.trace(cm) / cm.sum())
    out["confusion"] = cm.tolist()
    return out


def stop_reason(row: dict, test_loss_below: float | None = None,
                test_accuracy_at_least: float | None = None) -> str | None:
    """The target an evaluate()-style row meets ("test_loss" or "test_accuracy"), else None."""
    if test_loss_below is not None and row["test_loss"] < test_loss_below:
        return "test_loss"
    if test_accuracy_at_least is not None and row.get("test_accuracy", -1.0) >= test_accuracy_at_least:
        return "test_accuracy"
    return None


def train_until(exp: Experiment, max_epochs: int, test_loss_below: float | None = None,
                test_accuracy_at_least: float | None = None, chunk: int = 10) -> dict:
    """Train up to max_epochs more epochs, checking the targets every `chunk` epochs; say why it stopped."""
    if not isinstance(max_epochs, (int, np.integer)) or isinstance(max_epochs, bool) or max_epochs < 0:
        raise ConfigError(f"max_epochs must be a non-negative integer, got {max_epochs!r}")
    if not isinstance(chunk, (int, np.integer)) or isinstance(chunk, bool) or chunk < 1:
        raise ConfigError(f"chunk must be a positive integer, got {chunk!r}")
    if test_accuracy_at_least is not None and exp.config["task"] != "classification":
        raise ConfigError("test_accuracy_at_least needs a classification task; regression has no accuracy")
    start = exp.epoch
    row = exp.last()
    reason = stop_reason(row, test_loss_below, test_accuracy_at_least)
    while reason is None and exp.epoch - start < max_epochs:
        row = exp.train(min(int(chunk), max_epochs - (exp.epoch - start)))
        reason = stop_reason(row, test_loss_below, test_accuracy_at_least)
    return {**row, "stopped": reason or "max_epochs", "epochs_trained": exp.epoch - start}
