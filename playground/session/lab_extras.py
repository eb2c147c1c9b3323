"""What the lab panels ask the engine thread to compute at each frame (probes).

Every function here runs on the engine thread (sent with a SetProbe command, or as a query), takes
the Experiment and returns copies, so the window's thread only draws. No Qt in this file.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from playground.experiment import EXTENT, Experiment
from playground.metrics import metrics, predicted_classes
from playground.session.config_edits import param_layer_indices

GRID_LINES = 13  # input-grid lines each way, at x (or y) = -6, -5, ..., 6
GRID_SAMPLES = 61  # points along each line


def hidden_outputs(exp: Experiment, x: np.ndarray, layer: int) -> np.ndarray:
    """(n, units) outputs of hidden layer `layer` (0 = the first with weights) for points x (n, 2),
    or images (n, pixels) when the data are images."""
    with_weights = [i for i, spec in enumerate(exp.config["layers"]) if spec["type"] != "dropout"]
    width = 2 if exp.image_shape is None else exp.n_inputs
    return exp.hidden_outputs(np.asarray(x, dtype=np.float64).reshape(-1, width))[with_weights[layer]]


def last_gradients(exp: Experiment) -> list[np.ndarray]:
    """dL/dW of the last optimizer step, one array per layer with weights (output last), like get_weights()."""
    return [layer["W"] for layer in exp.last_gradients()]


def metrics_extra(exp: Experiment) -> dict[str, Any]:
    """playground.metrics on the test and the training points."""
    with np.errstate(all="ignore"):
        return {"epoch": exp.epoch, "test": metrics(exp, "test"), "train": metrics(exp, "train")}


HISTOGRAM_BINS = 40
SATURATED = 0.99  # a tanh (or, from its middle, sigmoid) output this close to its bound is flat
BOUNDS = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}


def activation_histograms(exp: Experiment) -> dict[str, Any]:
    """Per hidden layer with weights, over the training points (dropout off): a histogram of its
    outputs, the share of outputs in tanh's or sigmoid's flat ends, the share of dead ReLU-like
    neurons (0 on every point), and a histogram of its weights' last gradients."""
    x = exp.dataset.x_train
    with np.errstate(all="ignore"):
        outputs = exp.hidden_outputs(x)
        grads = exp.last_gradients()
    layers = []
    for p, i in enumerate(param_layer_indices(exp.config)):
        layer = exp.config["layers"][i]
        h = np.asarray(outputs[i], dtype=np.float64)
        act = layer.get("activation", "maxout") if layer.get("type", "dense") == "dense" else "maxout"
        finite = h[np.isfinite(h)]
        lo, hi = BOUNDS.get(act, (float(finite.min()), float(finite.max())) if finite.size else (0, 1))
        if not hi - lo > 1e-9 * max(1.0, abs(lo), abs(hi)):  # one value (or a sub-normal spread)
            lo, hi = lo - 0.5, hi + 0.5
        counts, edges = np.histogram(finite, bins=HISTOGRAM_BINS, range=(lo, hi))
        entry = {"activation": act, "units": int(h.shape[1]), "counts": counts, "edges": edges}
        if act == "tanh":
            entry["saturated"] = float(np.mean(np.abs(h) > SATURATED))
        elif act == "sigmoid":
            entry["saturated"] = float(np.mean(np.abs(h - 0.5) > SATURATED / 2))
        if act in ("relu", "prelu", "leaky_relu"):
            entry["dead"] = float(np.mean(np.all(h <= 0.0, axis=0)))
        g = np.asarray(grads[p]["W"], dtype=np.float64).ravel() if p < len(grads) else np.zeros(1)
        g = g[np.isfinite(g)]
        span = float(np.max(np.abs(g))) if g.size else 0.0
        # Below 1e-30 a gradient is zero for any purpose, and a plot cannot draw a sub-normal range.
        span = span if span > 1e-30 else 1.0
        entry["grad_counts"], entry["grad_edges"] = np.histogram(g, bins=HISTOGRAM_BINS, range=(-span, span))
        layers.append(entry)
    return {"epoch": exp.epoch, "layers": layers}


def grid_lines(extent: tuple[float, float] = EXTENT) -> np.ndarray:
    """(2 * GRID_LINES, GRID_SAMPLES, 2) points: vertical lines first, then horizontal ones."""
    ticks = np.linspace(extent[0], extent[1], GRID_LINES)
    along = np.linspace(extent[0], extent[1], GRID_SAMPLES)
    vertical = np.stack(np.broadcast_arrays(ticks[:, None], along[None, :]), axis=-1)
    horizontal = vertical[..., ::-1]
    return np.concatenate([vertical, horizontal])


class HiddenSpace:
    """Maps the data and the input grid into one hidden layer's space: two units, or the first two PCs.

    Calling the object with an Experiment returns a dict of copies; it remembers the last principal
    axes so they do not flip sign from one frame to the next.
    """

    def __init__(self, layer: int, mode: str = "pca", units: tuple[int, int] = (0, 1)) -> None:
        self.layer = int(layer)  # -1: the input space itself
        self.mode = mode  # "pca" or "units"
        self.units = (int(units[0]), int(units[1]))
        self._axes: np.ndarray | None = None
        self._pixels: tuple[Any, np.ndarray] | None = None  # images: (dataset, its pixels' first two PCs)

    def __call__(self, exp: Experiment) -> dict[str, Any]:
        ds = exp.dataset
        # the input plane's grid lines, bent by the layers; images have no such plane
        lines = grid_lines() if ds.image_shape is None else np.zeros((0, GRID_SAMPLES, ds.x_train.shape[1]))
        n_train, n_test = len(ds.x_train), len(ds.x_test)
        points = np.concatenate([ds.x_train, ds.x_test, lines.reshape(-1, ds.x_train.shape[1])])
        n_hidden = sum(spec["type"] != "dropout" for spec in exp.config["layers"])
        layer = min(self.layer, n_hidden - 1)
        with np.errstate(all="ignore"):
            if layer < 0:
                acts = np.array(points, dtype=np.float64)
                names = ["x1", "x2"] if ds.image_shape is None else [f"pixel {j + 1}" for j in range(acts.shape[1])]
            else:
                acts = hidden_outputs(exp, points, layer)
                names = [f"neuron {j + 1}" for j in range(acts.shape[1])]
            xy, labels, explained = self._project(acts[: n_train + n_test], acts, names)
        xy = xy.astype(np.float32)
        return {
            "layer": layer,
            "units": acts.shape[1],
            "mode": self.mode,
            "axes": labels,
            "explained": explained,
            "train": xy[:n_train].copy(),
            "test": xy[n_train : n_train + n_test].copy(),
            **self._inputs(ds, n_train),
            "y_train": np.array(ds.y_train, copy=True),
            "y_test": np.array(ds.y_test, copy=True),
            "lines": xy[n_train + n_test :].reshape(lines.shape[:2] + (2,)).copy(),
        }

    def _inputs(self, ds: Any, n_train: int) -> dict[str, Any]:
        """The input space as the left plot draws it: the points, or for images the pixels' first two
        principal components (computed once per data set)."""
        if ds.image_shape is None:
            return {"x_train": np.array(ds.x_train, dtype=np.float32, copy=True),
                    "x_test": np.array(ds.x_test, dtype=np.float32, copy=True), "input_axes": ("x1", "x2")}
        if self._pixels is None or self._pixels[0] is not ds:
            raw = np.concatenate([ds.x_train, ds.x_test])
            centred = raw - raw.mean(axis=0)
            _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
            self._pixels = (ds, (centred @ vt[:2].T).astype(np.float32))
        pcs = self._pixels[1]
        return {"x_train": pcs[:n_train].copy(), "x_test": pcs[n_train:].copy(),
                "input_axes": ("pixels: PC 1", "pixels: PC 2")}

    def _project(self, data: np.ndarray, acts: np.ndarray, names: list[str]):
        units = acts.shape[1]
        if self.mode == "units" or units <= 2:
            i = min(self.units[0], units - 1)
            j = min(self.units[1], units - 1)
            if units == 1:
                xy = np.column_stack([acts[:, 0], np.zeros(len(acts))])
                return xy, (names[0], "(the layer has one neuron)"), None
            return acts[:, [i, j]], (names[i], names[j]), None
        finite = np.all(np.isfinite(data), axis=1)
        mean = data[finite].mean(axis=0) if finite.any() else np.zeros(units)
        centred = data[finite] - mean
        if len(centred) < 2:
            return np.zeros((len(acts), 2)), ("PC 1", "PC 2"), None
        _u, s, vt = np.linalg.svd(centred, full_matrices=False)
        axes = vt[:2]
        if self._axes is not None and self._axes.shape == axes.shape:
            axes = axes * np.where(np.sum(axes * self._axes, axis=1) < 0, -1.0, 1.0)[:, None]
        else:
            # First frame: the entry of largest size is positive in each axis.
            big = np.argmax(np.abs(axes), axis=1)
            axes = axes * np.sign(axes[np.arange(2), big])[:, None]
        self._axes = axes
        var = s**2
        share = var[:2] / var.sum() if var.sum() > 0 else np.zeros(2)
        labels = tuple(f"PC {k + 1} ({100 * share[k]:.0f} % of the variance)" for k in range(2))
        return (acts - mean) @ axes.T, labels, [float(v) for v in share]


class ImageProbe:
    """The network on one image (the current digit: a test image or the pad's drawing), for image mode.

    pixels: the image's inputs (h*w values in [0, 1], row-major), or None for an empty pad. Calling it
    with an Experiment returns copies: the class probabilities and each hidden layer's activations
    (layers with weights), or None when the data are not images of that size.
    """

    def __init__(self, pixels: np.ndarray | None, source: str = "test", index: int = 0) -> None:
        self.pixels = None if pixels is None else np.asarray(pixels, dtype=np.float64).reshape(1, -1).copy()
        self.source = source  # "test" (index into the test set) or "pad"
        self.index = int(index)

    def __call__(self, exp: Experiment) -> dict[str, Any] | None:
        if exp.image_shape is None:
            return None
        out: dict[str, Any] = {"source": self.source, "index": self.index, "pixels": None,
                               "probabilities": None, "hidden": []}
        if self.pixels is None or self.pixels.shape[1] != exp.n_inputs:
            return out
        with np.errstate(all="ignore"):
            p = np.asarray(exp.predict(self.pixels), dtype=np.float64).reshape(-1)
            hidden = exp.hidden_outputs(self.pixels)
        out["pixels"] = self.pixels[0].copy()
        out["probabilities"] = p
        out["hidden"] = [np.array(hidden[i][0], copy=True) for i in param_layer_indices(exp.config)]
        return out


def predictions_on_test(exp: Experiment) -> dict[str, Any]:
    """The predicted class of every test point (for the confusion matrix and the misclassified
    gallery), with the true labels: {"epoch", "predicted", "true", "classes"}."""
    ds = exp.dataset
    with np.errstate(all="ignore"):
        pred = predicted_classes(exp.predict(ds.x_test)) if len(ds.y_test) else np.zeros(0, np.int64)
    return {"epoch": exp.epoch, "predicted": np.array(pred, copy=True), "true": np.array(ds.y_test, copy=True),
            "classes": int(ds.n_classes)}
