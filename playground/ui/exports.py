"""Export from the window: the network as a PyTorch module or equations, plots as PNG, history as CSV.

The network's text is built on the training worker's thread (a "call" query); only files are written here.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
import pyqtgraph.exporters  # registers pg.exporters

from playground.export import to_equations, to_pytorch_source
from playground.ui.gradient_panel import layer_names

if TYPE_CHECKING:
    from playground.ui.main_window import MainWindow

HISTORY_COLUMNS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


def _write(path: str | Path, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


def export_pytorch(window: MainWindow, path: str | Path) -> None:
    """A standalone .py file whose Model() reproduces the network's predict()."""
    _write(path, window.worker_query("call", to_pytorch_source))


def export_equations(window: MainWindow, path: str | Path) -> None:
    """Every layer as plain-text equations."""
    _write(path, window.worker_query("call", to_equations))


def history_rows(history: dict[str, list], config: dict[str, Any]) -> tuple[list[str], list[list]]:
    """CSV header and rows: epoch, losses, accuracies, then one gradient-norm column per layer."""
    cols = [k for k in HISTORY_COLUMNS if k in history]
    names = layer_names(config)
    grad_cols = [f"grad_norm {n}" for n in names]
    rows = []
    grads = history.get("grad_norms", [])
    for i in range(len(history.get("epoch", []))):
        g = list(grads[i]) if i < len(grads) else []
        rows.append([history[k][i] for k in cols] + g + [""] * (len(grad_cols) - len(g)))
    return cols + grad_cols, rows


def export_history_csv(window: MainWindow, path: str | Path) -> None:
    """The loss history (and accuracies, per-layer gradient norms), one row per recorded epoch."""
    history = window.worker_query("history")
    config = window.worker_query("config")
    header, rows = history_rows(history, config)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def export_plot_png(plot: pg.PlotWidget, path: str | Path, width: int = 1200) -> None:
    """A pyqtgraph plot (axes, curves, images, points) as a PNG through pyqtgraph's ImageExporter."""
    exporter = pg.exporters.ImageExporter(plot.getPlotItem())
    exporter.parameters()["width"] = int(width)
    exporter.export(str(path))
