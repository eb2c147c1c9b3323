"""The seven input features evaluated over the input square, for the feature nodes' heatmaps."""

from __future__ import annotations

import numpy as np

EXTENT = 6.0

_FORMULAS = {
    "x1": lambda x, y: x,
    "x2": lambda x, y: y,
    "x1^2": lambda x, y: x * x,
    "x2^2": lambda x, y: y * y,
    "x1*x2": lambda x, y: x * y,
    "sin(x1)": lambda x, y: np.sin(x),
    "sin(x2)": lambda x, y: np.sin(y),
}

# Labels as a teacher would write them on the board.
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
    """(res, res) values of one feature scaled to about -1..1; row i = y, column j = x."""
    v = np.linspace(-EXTENT, EXTENT, resolution)
    x, y = np.meshgrid(v, v)
    values = _FORMULAS[name](x, y)
    scale = np.max(np.abs(values)) or 1.0
    return values / scale


def feature_label(name: str) -> str:
    """Display label of a feature name."""
    return FEATURE_LABELS.get(name, name)
