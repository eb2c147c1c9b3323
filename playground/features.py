"""The input features a network can see, computed from the raw (x1, x2) points."""

from functools import lru_cache

import numpy as np

from .errors import ConfigError
from .formula import Formula, parse_formula

FEATURES = {
    "x1": lambda p: p[:, 0],
    "x2": lambda p: p[:, 1],
    "x1^2": lambda p: p[:, 0] ** 2,
    "x2^2": lambda p: p[:, 1] ** 2,
    "x1*x2": lambda p: p[:, 0] * p[:, 1],
    "sin(x1)": lambda p: np.sin(p[:, 0]),
    "sin(x2)": lambda p: np.sin(p[:, 1]),
}
FORMULA_VARIABLES = ("x1", "x2")


@lru_cache(maxsize=256)
def feature_formula(text: str) -> Formula:
    """The parsed formula of a feature that is not built in; raises FormulaError."""
    return parse_formula(text, FORMULA_VARIABLES)


def _column(points: np.ndarray, name: str) -> np.ndarray:
    """One feature over (n, 2) points: built in, or else a formula over x1 and x2."""
    if name in FEATURES:
        return FEATURES[name](points)
    return feature_formula(name)(x1=points[:, 0], x2=points[:, 1])


def feature_matrix(points: np.ndarray, names: list[str], check: str = "") -> np.ndarray:
    """(n, len(names)) float64 features in the order given; with `check` ("training points") inf/NaN raise."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    m = np.ascontiguousarray(np.column_stack([_column(points, n) for n in names]), dtype=np.float64)
    if check:
        bad = ~np.isfinite(m)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            x, y = points[i]
            raise ConfigError(f"features: {names[j]!r} is {m[i, j]} at the point ({x:g}, {y:g}) of the "
                              f"{check}; a feature must be finite on every point")
    return m
