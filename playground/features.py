"""The input features a network can see, computed from the raw (x1, x2) points."""

import numpy as np

FEATURES = {
    "x1": lambda p: p[:, 0],
    "x2": lambda p: p[:, 1],
    "x1^2": lambda p: p[:, 0] ** 2,
    "x2^2": lambda p: p[:, 1] ** 2,
    "x1*x2": lambda p: p[:, 0] * p[:, 1],
    "sin(x1)": lambda p: np.sin(p[:, 0]),
    "sin(x2)": lambda p: np.sin(p[:, 1]),
}


def feature_matrix(points: np.ndarray, names: list[str]) -> np.ndarray:
    """(n, len(names)) float64 matrix of the named features, columns in the order given."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return np.ascontiguousarray(np.column_stack([FEATURES[n](points) for n in names]), dtype=np.float64)
