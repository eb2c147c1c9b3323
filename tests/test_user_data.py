"""User data in the engine: points that keep their split, CSV read for a task, the view's extent."""

import copy

import numpy as np
import pytest

from playground import ConfigError, Experiment
from playground.datasets import (
    PointRows,
    load_points_csv,
    make_dataset,
    normalize_data,
    save_csv,
    view_extent,
)

SQUARE = [[0, 0, 0], [1, 0, 1], [0, 1, 0], [1, 1, 1]]


def test_points_with_split_keep_it_in_row_order():
    rows = [[0, 0, 0, "train"], [1, 0, 1, "test"], [0, 1, 0, "train"], [1, 1, 1, "train"],
            [2, 2, 0, "test"]]
    ds = make_dataset({"name": "points", "points": rows, "test_ratio": 0.9}, "classification", 0)
    assert ds.x_train.tolist() == [[0, 0], [0, 1], [1, 1]] and ds.y_train.tolist() == [0, 0, 1]
    assert ds.x_test.tolist() == [[1, 0], [2, 2]] and ds.y_test.tolist() == [1, 0]


@pytest.mark.parametrize("rows,message", [
    (SQUARE[:3] + [[1, 1, 1, "test"]], r"points\[3\] must be \[x, y, label\]"),
    ([row + ["train"] for row in SQUARE[:3]] + [[1, 1, 1, "valid"]], r"points\[3\] must be .*train"),
    ([row + ["train"] for row in SQUARE], "marks no point as test"),
    ([row + ["test"] for row in SQUARE], "marks every point as test"),
])
def test_points_split_errors(rows, message):
    with pytest.raises(ConfigError, match=message):
        normalize_data({"name": "points", "points": rows}, "classification")


def test_point_rows_are_shared_not_copied():
    exp = Experiment.from_dict({"data": {"name": "points", "points": SQUARE * 3}})
    points = exp.config["data"]["points"]
    assert isinstance(points, PointRows) and points == SQUARE * 3
    assert copy.deepcopy(exp.config)["data"]["points"] is points
    again = Experiment.from_dict(exp.to_dict())
    assert again.config["data"]["points"] is points
    np.testing.assert_array_equal(again.dataset.x_train, exp.dataset.x_train)


def test_load_points_csv_round_trips_the_split(tmp_path):
    ds = make_dataset({"name": "blobs", "classes": 4, "n_samples": 60}, "classification", 2)
    path = tmp_path / "blobs.csv"
    save_csv(path, ds)
    rows = load_points_csv(path, "classification")
    back = make_dataset({"name": "points", "points": rows}, "classification", 9)
    for a, b in ((ds.x_train, back.x_train), (ds.y_train, back.y_train), (ds.x_test, back.x_test),
                 (ds.y_test, back.y_test)):
        np.testing.assert_array_equal(a, b)
    assert back.n_classes == 4


def test_load_points_csv_checks_labels_with_line_numbers(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y,label\n1,2,0\n3,4,1\n5,6,0.5\n7,8,1\n")
    with pytest.raises(ConfigError, match=r"d.csv: line 4: label 0.5 .* regression task"):
        load_points_csv(path, "classification")
    assert load_points_csv(path, "regression")[2] == [5.0, 6.0, 0.5]
    path.write_text("1;2;-1\n3;4;1\n5;6;1\n7;8;-1\n")
    assert [r[2] for r in load_points_csv(path, "classification")] == [0, 1, 1, 0]
    path.write_text("x\ty\tlabel\tsplit\n1\t2\t0\ttrain\n3\t4\t1\ttest\n5\t6\t1\tpredict\n")
    with pytest.raises(ConfigError, match="line 4: split must be train or test, got 'predict'"):
        load_points_csv(path, "classification")


def test_csv_reading_stops_early_on_a_huge_file(tmp_path, monkeypatch):
    from playground import datasets

    monkeypatch.setattr(datasets, "MAX_POINTS", 1000)
    path = tmp_path / "huge.csv"
    path.write_bytes(b"1,2,0\n3,4,1\n" * 100_000)
    with pytest.raises(ConfigError, match="more than 1,000 data rows .*line 1001"):
        load_points_csv(path, "classification")


def test_view_extent():
    assert view_extent(np.array([[-6, 6], [0, 0]])) == (-6.0, 6.0)
    lo, hi = view_extent(np.array([[-7, 0], [3, 2]]))
    assert lo <= -7 and hi >= 3 and (lo, hi) != (-6, 6)
    lo, hi = view_extent(np.array([[100, 200], [250, 120]]))
    assert lo <= 100 and 250 <= hi <= 300


def test_predict_grid_over_a_wider_extent():
    rows = [[-50, -40, 0], [60, 50, 1], [-30, 20, 0], [40, -20, 1], [0, 0, 0], [10, 10, 1]]
    exp = Experiment.from_dict({"data": {"name": "points", "points": rows}})
    extent = view_extent(np.concatenate([exp.dataset.x_train, exp.dataset.x_test]))
    grid = exp.predict_grid(8, extent=extent)
    assert grid["extent"] == extent and grid["output"].shape == (8, 8)
