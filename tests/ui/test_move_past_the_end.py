"""Moving a layer to a gap past the end of the network moves it last instead of raising (found by
tools/monkey.py: a layer header dropped while an earlier edit was on its way took its gap from the
headers drawn, one past the end of the layers the edit left, and `_new_index` raised IndexError).
"""

import sys

import pytest

DENSE_3 = {"type": "dense", "units": 3, "activation": "tanh"}
DENSE_2 = {"type": "dense", "units": 2, "activation": "tanh"}
DROPOUT = {"type": "dropout", "rate": 0.2}


@pytest.fixture
def excepthook():
    seen = []
    old = sys.excepthook
    sys.excepthook = lambda kind, value, tb: seen.append(value)
    yield seen
    sys.excepthook = old


@pytest.mark.parametrize("gap", [3, 4])
def test_a_gap_past_the_end_moves_the_layer_last(qtbot, make_window, settle, excepthook, gap):
    window = make_window({"layers": [DENSE_3, DROPOUT, DENSE_2]})
    window.builder.moveToGap(0, gap)  # the gaps of two weight layers are 0, 1 and 2
    settle(window)
    assert not excepthook, excepthook
    layers = window.worker_experiment_config()["layers"]
    assert [layer.get("units", layer.get("rate")) for layer in layers] == [2, 3, 0.2]
    assert window.builder.selectedIndex() == 1  # the moved layer, now last
