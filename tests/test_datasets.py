"""Behaviour tests for playground.datasets: generators, validation, points and CSV files."""

import os

import numpy as np
import pytest

import playground.datasets as datasets
from playground.datasets import (
    CLASSIFICATION_SETS,
    DATASET_NAMES,
    MAX_POINTS,
    REGRESSION_SETS,
    Dataset,
    default_data,
    load_csv,
    make_dataset,
    normalize_data,
    save_csv,
)
from playground.errors import ConfigError

GENERATED = [(name, "classification") for name in CLASSIFICATION_SETS] + [
    (name, "regression") for name in REGRESSION_SETS
]
SQUARE = [[0, 0, 0], [1, 0, 1], [0, 1, 0], [1, 1, 1]]


def all_points(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Return train and test points and labels joined."""
    return np.concatenate([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test])


def generate(name: str, seed: int = 3, task: str = "classification", **data):
    """Make the named data set and return all its points and labels."""
    return all_points(make_dataset({"name": name, **data}, task, seed))


def test_names_and_defaults():
    assert DATASET_NAMES == CLASSIFICATION_SETS + REGRESSION_SETS + ("points", "csv", "formula", "digits")
    assert MAX_POINTS == 1_000_000
    assert default_data("classification") == {
        "name": "circle", "n_samples": 500, "noise": 0.0, "test_ratio": 0.5, "classes": 2}
    assert default_data("regression") == {
        "name": "plane", "n_samples": 1200, "noise": 0.0, "test_ratio": 0.5, "classes": 2}
    assert normalize_data({"name": "blobs"}, "classification")["classes"] == 3
    assert normalize_data({"name": "spiral"}, "classification")["classes"] == 2


def test_normalize_returns_new_dict_and_is_idempotent():
    data = {"name": "spiral", "noise": 0, "seed": 4, "classes": 3}
    before = dict(data)
    out = normalize_data(data, "classification")
    assert data == before and out is not data
    assert out == {"name": "spiral", "n_samples": 500, "noise": 0.0, "test_ratio": 0.5,
                   "classes": 3, "seed": 4}
    assert isinstance(out["noise"], float)
    assert normalize_data(out, "classification") == out
    points = [list(row) for row in SQUARE]
    out = normalize_data({"name": "points", "points": points}, "classification")
    out["points"][0][0] = 99
    assert points[0][0] == 0


@pytest.mark.parametrize("name,task", GENERATED)
def test_generated_shapes_dtypes_and_bounds(name, task):
    classes = 4 if name in ("spiral", "blobs") else 2
    data = {"name": name, "n_samples": 301, "noise": 0.5, "test_ratio": 0.3, "classes": classes}
    ds = make_dataset(data, task, 1)
    assert ds.task == task
    assert ds.x_train.shape == (211, 2) and ds.x_test.shape == (90, 2)  # 301 - round(90.3)
    assert ds.y_train.shape == (211,) and ds.y_test.shape == (90,)
    for a in (ds.x_train, ds.x_test, ds.y_train, ds.y_test):
        assert a.flags.c_contiguous and a.flags.owndata
    x, y = all_points(ds)
    assert x.dtype == np.float64 and np.isfinite(x).all() and np.abs(x).max() <= 6
    if task == "classification":
        assert y.dtype == np.int64 and ds.n_classes == classes
        assert set(np.unique(y)) == set(range(classes))
    else:
        assert y.dtype == np.float64 and ds.n_classes == 0 and np.isfinite(y).all()


@pytest.mark.parametrize("name,task", GENERATED + [("points", "classification")])
def test_deterministic_per_seed(name, task):
    data = {"name": name, "n_samples": 200, "noise": 0.2}
    if name == "points":
        data = {"name": "points", "points": [[i, -i, i % 2] for i in range(40)]}
    a, b, c = make_dataset(data, task, 5), make_dataset(data, task, 5), make_dataset(data, task, 6)
    for field in ("x_train", "y_train", "x_test", "y_test"):
        assert getattr(a, field).tobytes() == getattr(b, field).tobytes()
    assert not np.array_equal(a.x_train, c.x_train)


def test_data_seed_overrides_experiment_seed():
    data = {"name": "moons", "n_samples": 100, "seed": 11}
    a, b = make_dataset(data, "classification", 1), make_dataset(data, "classification", 2)
    assert np.array_equal(a.x_train, b.x_train)
    c = make_dataset({"name": "moons", "n_samples": 100}, "classification", 11)
    assert np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("n,ratio,n_train",
                         [(10, 0.5, 5), (11, 0.1, 10), (100, 0.9, 10), (4, 0.9, 1), (4, 0.1, 3)])
def test_split_counts_keep_both_sides(n, ratio, n_train):
    data = {"name": "xor", "n_samples": n} if n >= 10 else {"name": "points", "points": SQUARE}
    ds = make_dataset({**data, "test_ratio": ratio}, "classification", 0)
    assert len(ds.x_train) == n_train and len(ds.x_test) == n - n_train


def test_circle_labels_follow_radius():
    x, y = generate("circle", n_samples=1000)
    r = np.hypot(x[:, 0], x[:, 1])
    assert (r[y == 1] <= 2.5).all() and (r[y == 0] >= 3.5).all() and (r <= 5).all()
    assert (y == 1).sum() == 500
    x, y = generate("circle", n_samples=1000, noise=0.5)
    r = np.hypot(x[:, 0], x[:, 1])
    assert (r[y == 1] > 2.5).any()  # noise moves where the label is read


def test_xor_labels_and_padding():
    x, y = generate("xor", n_samples=1000)
    assert np.array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(np.int64))
    assert (np.abs(x) >= 0.3).all() and (np.abs(x) <= 5.3).all()
    x, y = generate("xor", n_samples=1000, noise=0.5)
    assert not np.array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(np.int64))


def test_gauss_clusters_by_diagonal():
    x, y = generate("gauss", n_samples=1000)
    assert ((x.sum(axis=1) > 0) == (y == 1)).mean() > 0.97
    assert np.allclose(x[y == 1].mean(axis=0), 2, atol=0.2)
    assert np.allclose(x[y == 0].mean(axis=0), -2, atol=0.2)


@pytest.mark.parametrize("k", [2, 3, 6])
def test_spiral_has_k_arms(k):
    x, y = generate("spiral", n_samples=600, classes=k)
    assert np.array_equal(np.bincount(y), [600 // k] * k)
    assert (np.hypot(x[:, 0], x[:, 1]) < 5).all()


def test_blobs_clusters_on_circle():
    x, y = generate("blobs", n_samples=1000, classes=5)
    assert np.array_equal(np.bincount(y), [200] * 5)
    centres = np.array([x[y == c].mean(axis=0) for c in range(5)])
    assert np.allclose(np.hypot(centres[:, 0], centres[:, 1]), 3.5, atol=0.2)
    assert np.allclose(centres[0], [0, 3.5], atol=0.2)


def test_moons_interleave_and_checkerboard_cells():
    x, y = generate("moons", n_samples=1000)
    assert x[y == 0, 1].mean() > x[y == 1, 1].mean() and x[y == 0, 0].mean() < x[y == 1, 0].mean()
    x, y = generate("checkerboard", n_samples=1000)
    cells = (np.floor(x[:, 0] / 3) + np.floor(x[:, 1] / 3)) % 2
    assert np.array_equal(y, cells.astype(np.int64))


def test_regression_targets():
    x, y = generate("plane", task="regression")
    assert len(y) == 1200 and np.allclose(y, x.sum(axis=1) / 10)
    x, y = generate("plane", task="regression", noise=0.5)
    assert not np.allclose(y, x.sum(axis=1) / 10)
    x, y = generate("multi_gauss", task="regression", n_samples=3000)
    assert (np.abs(y) <= 1).all() and y.min() < -0.5 and y.max() > 0.5
    near_positive = np.hypot(x[:, 0] + 4, x[:, 1] - 2.5) < 1
    near_negative = np.hypot(x[:, 0], x[:, 1] - 2.5) < 1
    assert (y[near_positive] > 0).all() and (y[near_negative] < 0).all()


@pytest.mark.parametrize("data,task,key", [
    ({"colour": "red"}, "classification", "colour"),
    ({"name": "spirals"}, "classification", "name"),
    ({"name": 3}, "classification", "name"),
    ({"name": "plane"}, "classification", "name"),
    ({"name": "circle"}, "regression", "name"),
    ({"n_samples": 9}, "classification", "n_samples"),
    ({"n_samples": MAX_POINTS + 1}, "classification", "n_samples"),
    ({"n_samples": 100.0}, "classification", "n_samples"),
    ({"n_samples": True}, "classification", "n_samples"),
    ({"noise": -0.1}, "classification", "noise"),
    ({"noise": "0.1"}, "classification", "noise"),
    ({"noise": float("nan")}, "classification", "noise"),
    ({"noise": False}, "classification", "noise"),
    ({"test_ratio": 0.05}, "classification", "test_ratio"),
    ({"test_ratio": 0.95}, "regression", "test_ratio"),
    ({"name": "blobs", "classes": 1}, "classification", "classes"),
    ({"name": "spiral", "classes": 7}, "classification", "classes"),
    ({"classes": 2.0}, "classification", "classes"),
    ({"seed": -1}, "classification", "seed"),
    ({"seed": 1.5}, "classification", "seed"),
    ({"name": "points"}, "classification", "points"),
    ({"name": "points", "points": "0,0,1"}, "classification", "points"),
    ({"name": "points", "points": SQUARE[:3]}, "classification", "points"),
    ({"name": "points", "points": SQUARE + [[1, 2]]}, "classification", r"points\[4\]"),
    ({"name": "points", "points": SQUARE + [[1, "2", 0]]}, "classification", r"points\[4\]"),
    ({"name": "circle", "points": SQUARE}, "classification", "points"),
    ({"name": "csv"}, "classification", "path"),
    ({"name": "csv", "path": ""}, "classification", "path"),
    ({"name": "csv", "path": 5}, "classification", "path"),
    ({"name": "circle", "path": "a.csv"}, "classification", "path"),
])
def test_config_errors_name_the_key(data, task, key):
    with pytest.raises(ConfigError, match=rf"data\.{key}"):
        normalize_data(data, task)
    with pytest.raises(ConfigError, match=rf"data\.{key}"):
        make_dataset(data, task, 0)


def test_error_message_says_expected_and_given():
    message = r"^data\.noise must be a number between 0 and 0\.5, got 0\.9$"
    with pytest.raises(ConfigError, match=message):
        normalize_data({"noise": 0.9}, "classification")
    message = r"data\.n_samples must be an integer between 10 and 1000000, got 5"
    with pytest.raises(ConfigError, match=message):
        normalize_data({"n_samples": 5}, "classification")
    with pytest.raises(ConfigError, match="data.name 'multi_gauss'.*classification"):
        normalize_data({"name": "multi_gauss"}, "classification")


def test_bad_task_data_and_seed():
    with pytest.raises(ConfigError, match="task"):
        normalize_data({}, "clustering")
    with pytest.raises(ConfigError, match="data must be"):
        normalize_data(["circle"], "classification")
    with pytest.raises(ConfigError, match="seed"):
        make_dataset({}, "classification", -3)


def test_points_dataset_and_tf_style_labels():
    pts = [[1.5, -2, -1], [0, 0, 1], [3, 3, -1], [-1, 4, 1], [2, 2, 1]]
    ds = make_dataset({"name": "points", "points": pts, "noise": 0.5}, "classification", 0)
    x, y = all_points(ds)
    assert ds.n_classes == 2 and y.dtype == np.int64
    order = np.lexsort(x.T)
    expected = np.array(pts, dtype=float)
    expected_order = np.lexsort(expected[:, :2].T)
    assert np.array_equal(x[order], expected[expected_order, :2])  # noise is ignored
    assert np.array_equal(y[order], (expected[expected_order, 2] > 0).astype(np.int64))
    three = SQUARE + [[5, 5, 2]]
    assert make_dataset({"name": "points", "points": three}, "classification", 0).n_classes == 3
    targets = [[0, 0, 0.25], [1, 1, -7.5], [2, 2, 3], [3, 3, 0]]
    reg = make_dataset({"name": "points", "points": targets}, "regression", 0)
    assert reg.n_classes == 0 and sorted(all_points(reg)[1]) == [-7.5, 0, 0.25, 3]


@pytest.mark.parametrize("labels,message", [
    ([1, 1, 1, 1], "classes"),           # single class
    ([-1, -1, -1, -1], "classes"),       # single class after the -1/+1 mapping
    ([0, 2, 0, 2], "classes"),           # class 1 missing
    ([0, 1, 0.5, 1], r"points\[2\]: label 0.5"),
    ([0, 1, -1, 2], r"points\[2\]: label -1"),
    ([0, 1, 6, 1], r"points\[2\]: label 6"),
])
def test_points_label_errors(labels, message):
    pts = [[i, i, label] for i, label in enumerate(labels)]
    with pytest.raises(ConfigError, match=message):
        make_dataset({"name": "points", "points": pts}, "classification", 0)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_points_non_finite_names_row(bad):
    pts = SQUARE + [[0.5, bad, 1]]
    with pytest.raises(ConfigError, match=r"data\.points\[4\]: y is"):
        make_dataset({"name": "points", "points": pts}, "regression", 0)


def test_csv_round_trip(tmp_path):
    for name, task in (("blobs", "classification"), ("multi_gauss", "regression")):
        ds = make_dataset({"name": name, "n_samples": 50, "noise": 0.3}, task, 2)
        path = tmp_path / f"{name}.csv"
        path.write_text("old contents")
        save_csv(path, ds)
        text = path.read_text().splitlines()
        assert text[0] == "x,y,label,split"
        assert text[1].endswith(",train") and text[-1].endswith(",test")
        rows = load_csv(path)
        assert rows.dtype == np.float64 and rows.shape == (50, 3)
        x, y = all_points(ds)
        assert np.array_equal(rows, np.column_stack([x, y]))
    assert sorted(os.listdir(tmp_path)) == ["blobs.csv", "multi_gauss.csv"]  # no temp files left


@pytest.mark.parametrize("text", [
    "1,2,0\n3,4,1\n",
    "X, Y, Label\n1, 2, 0\n\n  3 ,4 ,1  \n",
    "label;y;x\n0;2;1\n1;4;3\n",
    "name\tvalue\tkind\n1\t2\t0\n3\t4\t1\n",
    '\ufeff"x","y","class"\r\n"1","2","0"\r\n3,4,1\r\n',
])
def test_load_csv_formats(tmp_path, text):
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    assert np.array_equal(load_csv(path), [[1, 2, 0], [3, 4, 1]])


def test_make_dataset_from_csv(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y,label\n" + "".join(f"{i},{-i},{i % 3}\n" for i in range(30)))
    ds = make_dataset({"name": "csv", "path": str(path), "test_ratio": 0.2}, "classification", 0)
    assert ds.n_classes == 3 and len(ds.x_train) == 24 and len(ds.x_test) == 6
    path.write_text("x,y,label\n0,0,0\n1,1,0\n2,2,7\n3,3,1\n")
    with pytest.raises(ConfigError, match=r"data\.path.*line 4: label 7"):
        make_dataset({"name": "csv", "path": str(path)}, "classification", 0)
    with pytest.raises(ConfigError, match=r"data\.path.*no such file"):
        make_dataset({"name": "csv", "path": str(tmp_path / "missing.csv")}, "classification", 0)


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\n  \n", "empty"),
    (b"x,y,label\n", "no data rows"),
    (b"1,2,0\x00\n", "not text"),
    (b"1,2,0\n\xff\xfe,1,1\n", "not UTF-8 text"),
    (b"x,y,label\n1,2,0\n\n3,4,1\n5,6,1\n\n7,8\n",
     "line 7: expected 3 fields \\(x, y, label\\), found 2"),
    (b"x,y,label,split\n1,2,0,train\n3,4\n", "line 3: expected 4 fields"),
    (b"1,2,0\n3,4,1\n5,abc,0\n", "line 3: 'abc' in column y is not a number"),
    (b"1,2,0\n3,4,\n", "line 2: '' in column label is not a number"),
    (b"1,2,0\n3,4,1\n5,6,0\n6,7,1\n0,0,0\n0,0,0\n0,0,0\n0,0,0\nnan,1,0\n",
     "line 9: column x is nan"),
    (b"1,2,0\n3,-inf,1\n", "line 2: column y is -inf"),
])
def test_load_csv_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=message) as info:
        load_csv(path)
    assert "bad.csv" in str(info.value)


def test_load_csv_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="nope.csv: no such file"):
        load_csv(tmp_path / "nope.csv")


def test_load_csv_limits(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("".join(f"{i},{i},{i % 2}\n" for i in range(8)))
    monkeypatch.setattr(datasets, "MAX_POINTS", 8)
    assert load_csv(path).shape == (8, 3)
    monkeypatch.setattr(datasets, "MAX_POINTS", 5)
    with pytest.raises(ConfigError, match="more than 5 data rows.*line 6"):
        load_csv(path)
    monkeypatch.setattr(datasets, "MAX_CSV_BYTES", path.stat().st_size - 1)
    with pytest.raises(ConfigError, match="big.csv: file is .* MB"):
        load_csv(path)
