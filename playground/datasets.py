"""Toy 2-D data sets in TensorFlow Playground style, user points and CSV files, and the handwritten
digits (8×8 images), split train/test."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from playground.errors import ConfigError
from playground.files import write_atomic
from playground.formula import FormulaError, parse_formula

CLASSIFICATION_SETS = ("circle", "xor", "gauss", "spiral", "moons", "checkerboard", "blobs")
REGRESSION_SETS = ("plane", "multi_gauss")
USER_SETS = ("points", "csv", "formula")
# Image sets: each sample is a picture whose pixels (row-major, scaled to [0, 1]) are the inputs.
IMAGE_SETS = ("digits",)
IMAGE_SHAPES = {"digits": (8, 8)}
DIGIT_CLASSES = 10
MAX_DRAWN = 1000  # digits a student may add to the training set (data.drawn), kept inline in the config
DATASET_NAMES = CLASSIFICATION_SETS + REGRESSION_SETS + USER_SETS + IMAGE_SETS
MAX_POINTS = 1_000_000
MAX_CSV_BYTES = 100 * 1024 * 1024
TASKS = ("classification", "regression")

_KEYS = ("name", "n_samples", "noise", "test_ratio", "classes", "seed", "points", "path", "formula", "drawn")
_ROLES = ("x", "y", "label")
SPLITS = ("train", "test")
_LABEL_HEADERS = ("label", "class", "target")
_MAX_CLASSES = 6
_FORMULA_VARIABLES = ("x", "y")


@dataclass(frozen=True)
class Dataset:
    """Train and test points (n, 2) with int64 class labels or float64 regression targets; for an
    image set, (n, h*w) pixels in [0, 1] in row-major order and `image_shape` (h, w)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str
    n_classes: int
    image_shape: tuple[int, int] | None = None


class PointRows(list):
    """Validated data.points rows, shared instead of copied: deepcopy returns the same object.

    A config with a million points is copied for every snapshot; sharing the rows keeps that cheap.
    Treat it as read-only: build a new list to change the points.
    """

    def __deepcopy__(self, memo: dict) -> PointRows:
        return self

    def arrays(self) -> tuple[np.ndarray, np.ndarray | None]:
        """(n, 3) float rows x, y, label and the (n,) is-test mask (None when rows carry no split)."""
        cached = self.__dict__.get("_arrays")
        if cached is None:
            split = len(self[0]) == 4 if self else False
            table = np.array([r[:3] for r in self] if split else self, dtype=np.float64).reshape(-1, 3)
            test = np.array([r[3] == "test" for r in self], dtype=bool) if split else None
            cached = self.__dict__["_arrays"] = (table, test)
        return cached


def _show(value: object) -> str:
    """Format a user-given value for an error message."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _is_int(value: object) -> bool:
    """Return True for an integer that is not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_real(value: object) -> bool:
    """Return True for an int or float that is not a bool."""
    return _is_int(value) or isinstance(value, (float, np.floating))


def _int_key(data: Mapping, key: str, lo: int, hi: int, default: int) -> int:
    """Read data[key] as an int in lo..hi."""
    value = data.get(key, default)
    if not _is_int(value) or not lo <= value <= hi:
        raise ConfigError(
            f"data.{key} must be an integer between {lo} and {hi}, got {_show(value)}")
    return int(value)


def _real_key(data: Mapping, key: str, lo: float, hi: float, default: float) -> float:
    """Read data[key] as a float in lo..hi."""
    value = data.get(key, default)
    if not _is_real(value) or not lo <= value <= hi:  # NaN fails the range test
        raise ConfigError(
            f"data.{key} must be a number between {lo:g} and {hi:g}, got {_show(value)}")
    return float(value)


def _check_task(task: object) -> None:
    """Reject a task other than classification or regression."""
    if task not in TASKS:
        raise ConfigError(f"task must be 'classification' or 'regression', got {_show(task)}")


def is_image_data(data: Mapping) -> bool:
    """Whether a data section names an image set (its inputs are pixels, not the points x1, x2)."""
    return isinstance(data, Mapping) and data.get("name") in IMAGE_SETS


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 1,797 digits (read from its wheel, no download): (n, 64) pixels 0..16, labels."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    x = np.ascontiguousarray(bunch.images.reshape(len(bunch.images), -1), dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.int64)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def _normalize_image_data(data: Mapping, name: str, task: str) -> dict:
    """The data section of an image set: only its name, test_ratio and seed apply."""
    if task != "classification":
        raise ConfigError(f"data.name {name!r} is a classification data set (ten digits); "
                          f"it does not fit task {task!r}")
    for key in data:
        if key not in ("name", "test_ratio", "seed", "drawn"):
            raise ConfigError(f"data.{key} does not apply to the digits: they are 1,797 fixed "
                              f"images, so only data.test_ratio, data.seed and data.drawn can be set")
    out = {"name": name, "test_ratio": _real_key(data, "test_ratio", 0.1, 0.9, 0.5)}
    seed = data.get("seed")
    if seed is not None:
        if not _is_int(seed) or seed < 0:
            raise ConfigError(f"data.seed must be a non-negative integer, got {_show(seed)}")
        out["seed"] = int(seed)
    if "drawn" in data:
        out["drawn"] = _drawn_rows(data["drawn"])
    return out


def _drawn_rows(rows: object) -> list[list[int]]:
    """Validate data.drawn: [label, 64 pixels 0..16] rows of digits a student drew (added to training)."""
    shape = "[label 0-9, then 64 pixel values 0-16 row by row]"
    if not isinstance(rows, (list, tuple)) or len(rows) > MAX_DRAWN:
        raise ConfigError(f"data.drawn must be a list of at most {MAX_DRAWN} drawn digits, each {shape}")
    out = []
    for i, row in enumerate(rows):
        ok = isinstance(row, (list, tuple)) and len(row) == 65 and all(_is_int(v) for v in row)
        if not ok or not 0 <= row[0] < DIGIT_CLASSES or not all(0 <= v <= 16 for v in row[1:]):
            raise ConfigError(f"data.drawn[{i}] must be {shape}, got {_show(row)[:80]}")
        out.append([int(v) for v in row])
    return out


def default_data(task: str) -> dict:
    """Return the fully defaulted data section for a task."""
    return normalize_data({}, task)


def normalize_data(data: Mapping, task: str) -> dict:
    """Validate the config's data section and return a new dict with every default filled in."""
    _check_task(task)
    if not isinstance(data, Mapping):
        raise ConfigError(f"data must be a table of settings, got {type(data).__name__}")
    for key in data:
        if key not in _KEYS:
            raise ConfigError(
                f"data.{key} is not a known setting; expected one of {', '.join(_KEYS)}")
    regression = task == "regression"
    name = data.get("name", "plane" if regression else "circle")
    if not isinstance(name, str) or name not in DATASET_NAMES:
        raise ConfigError(f"data.name must be one of {', '.join(DATASET_NAMES)}, got {_show(name)}")
    if name in IMAGE_SETS:
        return _normalize_image_data(data, name, task)
    if name in (CLASSIFICATION_SETS if regression else REGRESSION_SETS):
        allowed = (REGRESSION_SETS if regression else CLASSIFICATION_SETS) + USER_SETS
        raise ConfigError(f"data.name {name!r} does not fit task {task!r}; "
                          f"expected one of {', '.join(allowed)}")
    out = {
        "name": name,
        "n_samples": _int_key(data, "n_samples", 10, MAX_POINTS, 1200 if regression else 500),
        "noise": _real_key(data, "noise", 0.0, 0.5, 0.0),
        "test_ratio": _real_key(data, "test_ratio", 0.1, 0.9, 0.5),
        "classes": _int_key(data, "classes", 2, _MAX_CLASSES, 3 if name == "blobs" else 2),
    }
    seed = data.get("seed")
    if seed is not None:
        if not _is_int(seed) or seed < 0:
            raise ConfigError(f"data.seed must be a non-negative integer, got {_show(seed)}")
        out["seed"] = int(seed)
    for key, owner in (("points", "points"), ("path", "csv"), ("formula", "formula"), ("drawn", "digits")):
        if key in data and name != owner:
            raise ConfigError(f"data.{key} is only used when data.name is {owner!r}, "
                              f"got data.name {name!r}")
    if name == "points":
        if "points" not in data:
            raise ConfigError("data.points is required when data.name is 'points': "
                              "a list of [x, y, label] rows")
        points = data["points"]
        out["points"] = points if type(points) is PointRows else _points_list(points)
        table, test = out["points"].arrays()
        _check_rows(table, task, "data.points", _point_row)
        _check_split(test, "data.points")
    elif name == "csv":
        path = data.get("path")
        path = os.fspath(path) if isinstance(path, os.PathLike) else path
        if not isinstance(path, str) or not path.strip():
            raise ConfigError(f"data.path must be the path of a CSV file, got {_show(path)}")
        out["path"] = path
    elif name == "formula":
        if "formula" not in data:
            raise ConfigError("data.formula is required when data.name is 'formula': the label as a "
                              "formula over x and y, e.g. 'y > x**3 - x'")
        text = data["formula"]
        if not isinstance(text, str):
            raise ConfigError(f"data.formula must be a formula over x and y as text, got {_show(text)}")
        try:
            parse_formula(text, _FORMULA_VARIABLES)
        except FormulaError as e:
            raise FormulaError(f"data.formula {text!r} is not valid: {e}", e.offset) from None
        out["formula"] = text
    return out


def _point_row(i: int) -> str:
    """Name row i of data.points for an error message."""
    return f"data.points[{i}]"


def _points_list(points: object) -> PointRows:
    """Copy data.points into [x, y, label] rows of plain numbers (or [x, y, label, "train"/"test"])."""
    if isinstance(points, np.ndarray):
        points = points.tolist()
    if not isinstance(points, (list, tuple)):
        raise ConfigError(
            f"data.points must be a list of [x, y, label] rows, got {type(points).__name__}")
    if not 4 <= len(points) <= MAX_POINTS:
        raise ConfigError(
            f"data.points must have between 4 and {MAX_POINTS} rows, got {len(points)}")
    rows = PointRows()
    width = len(points[0]) if isinstance(points[0], (list, tuple)) and len(points[0]) == 4 else 3
    for i, row in enumerate(points):
        ok = isinstance(row, (list, tuple)) and len(row) == width and all(map(_is_real, row[:3]))
        if not ok or (width == 4 and row[3] not in SPLITS):
            shape = ('[x, y, label, "train" or "test"] (every row with its split, as the first row)'
                     if width == 4 else "[x, y, label] with three numbers")
            raise ConfigError(f"{_point_row(i)} must be {shape}, got {_show(row)}")
        rows.append([int(v) if _is_int(v) else float(v) for v in row[:3]] + list(row[3:]))
    return rows


def _check_split(test: np.ndarray | None, source: str) -> None:
    """Rows that carry their own split need at least one training and one test point."""
    if test is not None and (test.all() or not test.any()):
        raise ConfigError(f"{source} marks {'every' if test.all() else 'no'} point as test; "
                          f"at least one training point and one test point are needed")


def _check_rows(rows: np.ndarray, task: str, source: str,
                row_name: Callable[[int], str]) -> tuple[np.ndarray, np.ndarray, int]:
    """Validate (n, 3) rows x, y, label; return points, labels and class count (0: regression)."""
    if not 4 <= len(rows) <= MAX_POINTS:
        raise ConfigError(f"{source} must have between 4 and {MAX_POINTS} points, got {len(rows)}")
    bad = ~np.isfinite(rows)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ConfigError(f"{row_name(i)}: {_ROLES[j]} is {rows[i, j]}")
    labels = rows[:, 2].copy()
    if task == "regression":
        return rows[:, :2], labels, 0
    if (labels == -1).any() and np.isin(labels, (-1.0, 1.0)).all():
        labels = (labels > 0).astype(np.float64)  # TensorFlow Playground's -1/+1 binary labels
    bad = (labels != np.round(labels)) | (labels < 0) | (labels >= _MAX_CLASSES)
    if bad.any():
        i = int(np.argmax(bad))
        raise ConfigError(f"{row_name(i)}: label {rows[i, 2]:g} is not a class number "
                          f"0..{_MAX_CLASSES - 1} (or -1/+1 for two classes); real-valued "
                          f"targets need the regression task")
    labels = labels.astype(np.int64)
    counts = np.bincount(labels)
    if len(counts) < 2 or (counts == 0).any():
        raise ConfigError(f"{source} labels must be 0..K-1 with 2 to {_MAX_CLASSES} classes and "
                          f"every class present; found classes {np.flatnonzero(counts).tolist()}")
    return rows[:, :2], labels, len(counts)


def _split_counts(n: int, k: int) -> list[int]:
    """Split n points into k nearly equal class sizes, the remainder going to the first classes."""
    return [n // k + (c < n % k) for c in range(k)]


def _circle(n, noise, k, rng):
    """Inner disc (label 1) inside an outer ring (label 0), radius 5."""
    radius = 5.0
    n_in = n // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in),
                        rng.uniform(radius * 0.7, radius, n - n_in)])
    angle = rng.uniform(0, 2 * np.pi, n)
    x, y = r * np.sin(angle), r * np.cos(angle)
    nx, ny = rng.uniform(-radius, radius, (2, n)) * noise
    # As in TF Playground, noise moves where the label is read, not the point itself.
    return np.column_stack([x, y]), (np.hypot(x + nx, y + ny) < radius * 0.5).astype(np.int64)


def _xor(n, noise, k, rng):
    """Quadrants: label 1 where x and y have the same sign."""
    x, y = rng.uniform(-5, 5, (2, n))
    x += np.where(x > 0, 0.3, -0.3)
    y += np.where(y > 0, 0.3, -0.3)
    nx, ny = rng.uniform(-5, 5, (2, n)) * noise
    return np.column_stack([x, y]), ((x + nx) * (y + ny) >= 0).astype(np.int64)


def _gauss(n, noise, k, rng):
    """Two Gaussian clusters at (2, 2) (label 1) and (-2, -2) (label 0)."""
    std = np.sqrt(0.5 + 7.0 * noise)  # TF Playground maps noise 0..0.5 linearly to variance 0.5..4
    labels = np.repeat([1, 0], [n // 2, n - n // 2])
    centres = np.where(labels[:, None] == 1, 2.0, -2.0)
    return centres + rng.normal(0, std, (n, 2)), labels


def _spiral(n, noise, k, rng):
    """K interleaved spiral arms, one per class."""
    arms, labels = [], []
    for c, m in enumerate(_split_counts(n, k)):
        i = np.arange(m) / m
        t = 1.75 * i * 2 * np.pi + c * 2 * np.pi / k
        arms.append(np.column_stack([5 * i * np.sin(t), 5 * i * np.cos(t)]))
        labels.append(np.full(m, c))
    return np.concatenate(arms) + rng.uniform(-1, 1, (n, 2)) * noise, np.concatenate(labels)


def _moons(n, noise, k, rng):
    """Two interleaving half circles (sklearn's make_moons) scaled to about [-5.25, 5.25]."""
    labels = np.repeat([0, 1], [n - n // 2, n // 2])
    t = rng.uniform(0, np.pi, n)
    outer = labels == 0
    x = np.where(outer, np.cos(t), 1 - np.cos(t))
    y = np.where(outer, np.sin(t), 0.5 - np.sin(t))
    xy = (np.column_stack([x, y]) - [0.5, 0.25]) * 3.5
    # std 1 at noise 0.5 fills the gap between the moons yet keeps most points inside the square.
    return xy + rng.normal(0, 2.0 * noise, (n, 2)), labels


def _checkerboard(n, noise, k, rng):
    """4 x 4 board of 3-unit cells with alternating labels."""
    x, y = rng.uniform(-6, 6, (2, n))
    # At noise 0.5 the label is read up to half a cell away.
    nx, ny = rng.uniform(-3, 3, (2, n)) * noise
    labels = (np.floor((x + nx) / 3) + np.floor((y + ny) / 3)) % 2
    return np.column_stack([x, y]), labels.astype(np.int64)


def _blobs(n, noise, k, rng):
    """K Gaussian clusters evenly spaced on a circle of radius 3.5."""
    labels = np.repeat(np.arange(k), _split_counts(n, k))
    angle = 2 * np.pi * labels / k + np.pi / 2
    centres = 3.5 * np.column_stack([np.cos(angle), np.sin(angle)])
    return centres + rng.normal(0, 0.6 + 2.0 * noise, (n, 2)), labels


def _plane(n, noise, k, rng):
    """Target (x + y) / 10 read at the noised position."""
    x, y = rng.uniform(-6, 6, (2, n))
    nx, ny = rng.uniform(-6, 6, (2, n)) * noise
    return np.column_stack([x, y]), (x + nx + y + ny) / 10


_BUMPS = np.array([(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1),
                   (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)])


def _multi_gauss(n, noise, k, rng):
    """Six signed bumps of radius 2; the target is the bump value of largest magnitude."""
    x, y = rng.uniform(-6, 6, (2, n))
    nx, ny = rng.uniform(-6, 6, (2, n)) * noise
    dist = np.hypot(x + nx - _BUMPS[:, :1], y + ny - _BUMPS[:, 1:2])
    values = _BUMPS[:, 2:] * np.clip(1 - dist / 2, 0, 1)
    return np.column_stack([x, y]), values[np.argmax(np.abs(values), axis=0), np.arange(n)]


def _formula_data(text: str, n: int, noise: float, task: str, rng) -> tuple[np.ndarray, np.ndarray, int]:
    """Points U(-6, 6)² labelled by a formula: a 0/1 class, or the regression target."""
    x, y = rng.uniform(-6, 6, (2, n))
    rx, ry = x, y
    if task == "classification":
        nx, ny = rng.uniform(-6, 6, (2, n)) * noise  # as in xor: noise moves where the label is read
        rx, ry = x + nx, y + ny
    values = parse_formula(text, _FORMULA_VARIABLES)(x=rx, y=ry)
    bad = ~np.isfinite(values) if task == "regression" else (values != 0) & (values != 1)
    if bad.any():
        i = int(np.argmax(bad))
        need = ("a finite target at every point" if task == "regression" else "class 0 or 1 at every "
                "point (write a condition such as 'sin(x) * cos(y) > 0')")
        raise ConfigError(f"data.formula {text!r} gives {values[i]:g} at the point ({rx[i]:g}, {ry[i]:g}); "
                          f"it must give {need}")
    if task == "regression":
        return np.column_stack([x, y]), values, 0
    labels = values.astype(np.int64)
    if labels.min() == labels.max():
        raise ConfigError(f"data.formula {text!r} gives only class {labels[0]} on all {n} sampled points; "
                          f"a classification formula must give both classes 0 and 1")
    return np.column_stack([x, y]), labels, 2


_GENERATORS = {"circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral, "moons": _moons,
               "checkerboard": _checkerboard, "blobs": _blobs, "plane": _plane,
               "multi_gauss": _multi_gauss}


def make_dataset(data: Mapping, task: str, seed: int) -> Dataset:
    """Build the data set described by the data section, shuffled and split into train and test."""
    d = normalize_data(data, task)
    if not _is_int(seed) or seed < 0:
        raise ConfigError(f"seed must be a non-negative integer, got {_show(seed)}")
    rng = np.random.default_rng([int(d.get("seed", seed)), 7])
    name = d["name"]
    test = None  # rows that carry their own split keep it
    shape = IMAGE_SHAPES.get(name)
    if name == "digits":
        pixels, y = _digits()
        xy, k = pixels / 16.0, DIGIT_CLASSES
        drawn = np.array(d.get("drawn", []), dtype=np.int64).reshape(-1, 65)
    elif name == "points":
        rows, test = d["points"].arrays()
        xy, y, k = _check_rows(rows, task, "data.points", _point_row)
    elif name == "csv":
        where = f"data.path: {d['path']}"
        try:
            rows, line_numbers, test = _read_csv(d["path"])
        except ConfigError as e:
            raise ConfigError(f"data.path: {e}") from None
        xy, y, k = _check_rows(rows, task, where, lambda i: f"{where}: line {line_numbers[i]}")
        _check_split(test, where)
    elif name == "formula":
        xy, y, k = _formula_data(d["formula"], d["n_samples"], d["noise"], task, rng)
    else:
        xy, y = _GENERATORS[name](d["n_samples"], d["noise"], d["classes"], rng)
        np.clip(xy, -6, 6, out=xy)
        k = 0 if task == "regression" else d["classes"] if name in ("spiral", "blobs") else 2
    n = len(y)
    if test is not None:
        train, test = np.flatnonzero(~test), np.flatnonzero(test)
    else:
        order = rng.permutation(n)
        n_train = min(max(n - round(n * d["test_ratio"]), 1), n - 1)
        train, test = order[:n_train], order[n_train:]
    label_type = np.float64 if task == "regression" else np.int64
    if name == "digits" and len(drawn):  # the student's own digits: training only, after the split
        xy = np.concatenate([xy, drawn[:, 1:] / 16.0])
        y = np.concatenate([y, drawn[:, 0]])
        train = np.concatenate([train, np.arange(n, n + len(drawn))])
    return Dataset(
        x_train=np.ascontiguousarray(xy[train], dtype=np.float64),
        y_train=np.ascontiguousarray(y[train], dtype=label_type),
        x_test=np.ascontiguousarray(xy[test], dtype=np.float64),
        y_test=np.ascontiguousarray(y[test], dtype=label_type),
        task=task,
        n_classes=k,
        image_shape=shape,
    )


def _is_number(text: str) -> bool:
    """Return True if text parses as a float."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _lines(text: str):
    """The file's lines one at a time (a file of ten million lines is never split all at once)."""
    sep = "\n" if "\n" in text else "\r"
    start, n = 0, len(text)
    while start < n:
        end = text.find(sep, start)
        end = n if end < 0 else end
        yield text[start:end].rstrip("\r")
        start = end + 1


def _read_csv(path: str | os.PathLike) -> tuple[np.ndarray, list[int], np.ndarray | None]:
    """Read a CSV of x, y, label rows; return the (n, 3) rows, each row's line number and the
    is-test mask from a "split" column (None without one)."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_CSV_BYTES:
            raise ConfigError(f"{name}: file is {size / 2**20:.1f} MB, "
                              f"over the {MAX_CSV_BYTES / 2**20:g} MB limit")
        with open(name, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{name}: is a folder, not a CSV file") from None
    except OSError as e:
        raise ConfigError(f"{name}: cannot read the file ({e.strerror})") from None
    if b"\0" in raw:
        raise ConfigError(f"{name}: this file is not text (it holds binary data), so it cannot be a CSV file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise ConfigError(f"{name}: line {line}: this file is not UTF-8 text (a byte at offset {e.start} "
                          f"is not a character); save it as UTF-8 text and try again") from None
    del raw
    head = next((line for line in _lines(text) if line.strip()), None)
    if head is None:
        raise ConfigError(f"{name}: file is empty")
    delimiter = "\t" if "\t" in head else ";" if ";" in head else ","
    cols, width, expected = (0, 1, 2), 3, "x, y, label"
    split_col = None
    rows, line_numbers, splits, header_pending = [], [], [], True
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        for fields in reader:
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if header_pending:
                header_pending = False
                if not any(map(_is_number, fields)):
                    keys = [f.strip().lower() for f in fields]
                    label = next((h for h in _LABEL_HEADERS if h in keys), None)
                    if "x" in keys and "y" in keys and label:
                        cols = (keys.index("x"), keys.index("y"), keys.index(label))
                        width, expected = len(keys), ", ".join(f.strip() for f in fields)
                        split_col = keys.index("split") if "split" in keys else None
                    continue  # a header that names no columns is skipped; columns stay x, y, label
            if len(fields) != width:
                raise ConfigError(f"{name}: line {reader.line_num}: expected {width} fields "
                                  f"({expected}), found {len(fields)}")
            try:
                rows.append([float(fields[c]) for c in cols])
            except ValueError:
                role, c = next((r, c) for r, c in zip(_ROLES, cols) if not _is_number(fields[c]))
                raise ConfigError(f"{name}: line {reader.line_num}: {fields[c].strip()!r} "
                                  f"in column {role} is not a number") from None
            if split_col is not None:
                split = fields[split_col].strip().lower()
                if split not in SPLITS:
                    raise ConfigError(f"{name}: line {reader.line_num}: split must be train or test, "
                                      f"got {fields[split_col].strip()!r}")
                splits.append(split == "test")
            line_numbers.append(reader.line_num)
            if len(rows) > MAX_POINTS:
                raise ConfigError(f"{name}: more than {MAX_POINTS:,} data rows (stopped reading "
                                  f"at line {reader.line_num}); the limit is {MAX_POINTS:,} points")
    except csv.Error as e:
        raise ConfigError(f"{name}: line {reader.line_num}: {e}") from None
    if not rows:
        raise ConfigError(f"{name}: no data rows, only a header")
    table = np.array(rows, dtype=np.float64)
    bad = ~np.isfinite(table)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ConfigError(f"{name}: line {line_numbers[i]}: column {_ROLES[j]} is {table[i, j]}")
    return table, line_numbers, (np.array(splits, dtype=bool) if split_col is not None else None)


def load_csv(path: str | os.PathLike) -> np.ndarray:
    """Read a CSV file of x, y, label rows into a float64 (n, 3) array."""
    return _read_csv(path)[0]


def load_points_csv(path: str | os.PathLike, task: str) -> PointRows:
    """Read a CSV file into data.points rows checked for the task; errors name the line.

    Classification labels become class numbers 0..K-1 (-1/+1 become 0/1); a "split" column
    (train/test, as save_csv writes it) is kept as each row's fourth entry.
    """
    _check_task(task)
    name = os.fspath(path)
    table, line_numbers, test = _read_csv(name)
    xy, labels, _k = _check_rows(table, task, name, lambda i: f"{name}: line {line_numbers[i]}")
    _check_split(test, name)
    rows = PointRows(
        [x, y, label] for (x, y), label in zip(xy.tolist(), labels.tolist()))
    if test is not None:
        for row, t in zip(rows, test.tolist()):
            row.append("test" if t else "train")
    return rows


def view_extent(xy: np.ndarray, base: float = 6.0) -> tuple[float, float]:
    """(lo, hi) of a square view that holds every point: (-base, base) when they fit in it,
    otherwise the points' range with a margin, rounded out to a round step."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    if len(xy) == 0 or (np.abs(xy) <= base).all():
        return (-base, base)
    lo, hi = float(xy.min()), float(xy.max())
    span = max(hi - lo, 1e-9)
    lo, hi = lo - 0.05 * span, hi + 0.05 * span
    raw = (hi - lo) / 6
    step = 10 ** np.floor(np.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if m * step >= raw)
    return (float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step))


def save_csv(path: str | os.PathLike, dataset: Dataset) -> None:
    """Write the data set as CSV with columns x, y, label, split, replacing the file atomically."""
    if dataset.image_shape is not None:
        raise ConfigError("the digits are images, not x, y points, so they cannot be written as an "
                          "x, y, label CSV file; save the experiment instead (it names the data set)")
    path = os.fspath(path)
    lines = ["x,y,label,split"]
    for split, xy, labels in (("train", dataset.x_train, dataset.y_train),
                              ("test", dataset.x_test, dataset.y_test)):
        # repr of a Python float round-trips exactly.
        lines += [f"{x!r},{y!r},{label!r},{split}"
                  for (x, y), label in zip(xy.tolist(), labels.tolist())]
    write_atomic(path, "\n".join(lines) + "\n")
