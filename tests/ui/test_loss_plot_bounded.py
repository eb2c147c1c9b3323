"""The loss plot and the gradient panel hold a bounded number of rows, and a spike long ago stays."""

from types import SimpleNamespace

import numpy as np
from PySide6.QtCore import QPointF

from playground.ui.gradient_panel import GradientPanel
from playground.ui.loss_plot import PLOT_MAX_ROWS, PLOT_RECENT_ROWS, LossPlot

N = 200_000


def losses(n=N):
    e = np.arange(1, n + 1, dtype=float)
    train = np.exp(-e / 2e4) + 0.001 * np.sin(e)
    test = train * 1.2
    train[1233] = 9.0  # a spike early in the run, in the training loss only
    test[4566] = 7.0  # and another in the test loss
    return e, train, test


def test_loss_plot_stays_bounded_and_keeps_an_old_spike(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 200)
    e, train, test = losses()
    for i in range(0, N, 1_000):  # as the frames bring them
        plot.append(e[i : i + 1_000], train[i : i + 1_000], test[i : i + 1_000])
    plot._redraw()
    assert plot.count() == N, "count() is rows appended, what the window skips by"
    x, y = plot.trainCurve.getOriginalDataset()
    _, y_test = plot.testCurve.getOriginalDataset()
    assert len(x) <= PLOT_MAX_ROWS < N // 20
    assert np.all(np.diff(x) > 0) and x[-1] == N
    assert np.array_equal(x[-PLOT_RECENT_ROWS:], e[-PLOT_RECENT_ROWS:]), "the newest rows in full"
    assert 1234 in x and y[list(x).index(1234)] == 9.0 and y.max() == 9.0
    assert 4567 in x and y_test.max() == 7.0
    held = {int(a): (b, c) for a, b, c in zip(x, y, y_test)}
    assert all(held[k] == (train[k - 1], test[k - 1]) for k in held), "real rows, not averages"
    # the hover read-out at the spike names its real numbers
    texts = []
    plot.hovered.connect(texts.append)
    vb = plot.getPlotItem().vb
    plot._onMouseMoved(vb.mapViewToScene(QPointF(1234.0, 1.0)))
    assert texts and texts[-1].startswith("Epoch 1,234: training loss 9.0000")
    # frames that overlap the rows held add nothing twice; a reset forgets everything
    plot.append(e[-10:], train[-10:], test[-10:])
    assert len(plot.epochs.view()) == len(x)
    plot.resetCurves()
    assert plot.count() == 0 and plot.epochs.size == 0
    plot.append(e[:3], train[:3], test[:3])
    assert plot.count() == 3 and plot.train.view().tolist() == train[:3].tolist()
    plot.append([3, 4, 4, np.nan, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])  # a repeat, a NaN: left out
    assert plot.count() == 8 and plot.epochs.view().tolist() == [1, 2, 3, 4, 5]
    assert plot.train.view()[3:].tolist() == [2, 5]


def test_gradient_panel_stays_bounded_and_follows_snapshots(qtbot):
    panel = GradientPanel()
    qtbot.addWidget(panel)
    panel.setLayers(["1: 4 tanh", "output"])
    e = np.arange(1, N + 1, dtype=float)
    norms = np.column_stack([np.full(N, 1e-3), np.full(N, 1.0)])
    norms[999, 0] = 5.0  # the first layer's gradient exploded once, early
    for i in range(0, N, 2_500):
        panel.append(e[i : i + 2_500], norms[i : i + 2_500])
    panel.redraw()
    assert panel.count() == N
    held = panel.epochs.view()
    assert len(held) <= PLOT_MAX_ROWS and 1000 in held
    first = panel.norms[0].view()
    assert first[list(held).index(1000)] == 5.0
    assert np.array_equal(panel.latest, norms[-1]) and panel.ratio() == 1e-3
    x, _ = panel.curves[0].getOriginalDataset()
    assert len(x) == len(held)

    # snapshots: a reset brings the whole history, later ones only new rows (or overlapping ones)
    def snap(lo, hi, reset, generation=1):
        history = {"epoch": e[lo:hi], "grad_norms": norms[lo:hi]}
        return SimpleNamespace(config={"layers": [{"type": "dense", "units": 4, "activation": "tanh"}]},
                               generation=generation, history_reset=reset, history=history)

    panel.onSnapshot(snap(0, 50, True))
    assert panel.count() == 50 and panel.epochs.view().tolist() == e[:50].tolist()
    panel.onSnapshot(snap(40, 70, False))
    assert panel.count() == 70 and panel.epochs.view().tolist() == e[:70].tolist()
    panel.onSnapshot(snap(0, 5, False, generation=2))  # a new experiment
    assert panel.count() == 5
