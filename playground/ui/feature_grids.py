"""Input features evaluated over the input square, for the feature nodes' heatmaps."""

from __future__ import annotations

import numpy as np

from playground.features import FEATURES, feature_matrix

EXTENT = 6.0

# Labels as a teacher would write them on the board; formula features show their formula.
FEATURE_LABELS = {
    "x1": "X₁",
    "x2": "X₂",
    "x1^2": "X₁²",
    "x2^2": "X₂²",
    "x1*x2": "X₁X₂",
    "sin(x1)": "sin(X₁)",
    "sin(x2)": "sin(X₂)",
}


def feature_grid(name: str, resolution: int = 48) -> np.ndarray:
    """(res, res) values of one feature scaled to -1..1 by its largest magnitude; row i = y, column j = x."""
    v = np.linspace(-EXTENT, EXTENT, resolution)
    x, y = np.meshgrid(v, v)
    with np.errstate(all="ignore"):
        values = feature_matrix(np.column_stack([x.ravel(), y.ravel()]), [name])[:, 0].reshape(
            x.shape
        )
    values = np.where(np.isfinite(values), values, 0.0)
    scale = np.max(np.abs(values)) or 1.0
    return values / scale


def feature_label(name: str) -> str:
    """Display label of a feature name."""
    return FEATURE_LABELS.get(name, name)


def feature_column(active: list[str]) -> list[str]:
    """The features drawn: the seven built-in ones, then any formula features the config uses."""
    return list(FEATURES) + [f for f in active if f not in FEATURES]
