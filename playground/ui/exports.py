"""Export from the window: the network as a PyTorch module or equations, plots as PNG, history as CSV.

The network's text is built on the engine thread (a query); only files are written here, when the
answer arrives. Each export calls done(error) with None when the file was written.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pyqtgraph as pg
import pyqtgraph.exporters  # registers pg.exporters

from playground.errors import ConfigError
from playground.files import write_problem
from playground.ui.gradient_panel import layer_names

HISTORY_COLUMNS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "lr")
Done = Callable[[Exception | None], None]


class Engine(Protocol):
    """What an export needs of the engine client: answers by callback."""

    def request(self, what: str, callback: Callable[[Any], None], arg: object = None) -> None: ...


def _written(done: Done, write: Callable[[], None]) -> None:
    try:
        write()
    except OSError as exc:  # a folder, no permission, a full disk: in plain words
        done(ConfigError(write_problem(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - the caller says it in a dialog
        done(exc)
        return
    done(None)


def _export_text(engine: Engine, what: str, path: str | Path, done: Done) -> None:
    def answered(text: object) -> None:
        if isinstance(text, Exception):
            done(text)
        else:
            _written(done, lambda: Path(path).write_text(str(text), encoding="utf-8"))

    engine.request(what, answered)


def export_pytorch(engine: Engine, path: str | Path, done: Done) -> None:
    """A standalone .py file whose Model() reproduces the network's predict()."""
    _export_text(engine, "pytorch_source", path, done)


def export_equations(engine: Engine, path: str | Path, done: Done) -> None:
    """Every layer as plain-text equations."""
    _export_text(engine, "equations", path, done)


def history_rows(history: dict[str, list], config: dict[str, Any]) -> tuple[list[str], list[list]]:
    """CSV header and rows: epoch, losses, accuracies, learning rate, then one gradient-norm column per layer."""
    cols = [k for k in HISTORY_COLUMNS if k in history]
    names = layer_names(config)
    grad_cols = [f"grad_norm {n}" for n in names]
    rows = []
    grads = history.get("grad_norms", [])
    for i in range(len(history.get("epoch", []))):
        g = list(grads[i]) if i < len(grads) else []
        rows.append([history[k][i] for k in cols] + g + [""] * (len(grad_cols) - len(g)))
    return cols + grad_cols, rows


def export_history_csv(engine: Engine, path: str | Path, done: Done) -> None:
    """The loss history (and accuracies, per-layer gradient norms), one row per recorded epoch."""
    got: dict[str, Any] = {}

    def write() -> None:
        header, rows = history_rows(got["history"], got["config"])
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)

    def answered(key: str, answer: object) -> None:
        if isinstance(answer, Exception):
            done(answer)
            return
        got[key] = answer
        if key == "config":  # asked second, so answered second
            _written(done, write)

    engine.request("history", lambda a: answered("history", a))
    engine.request("config", lambda a: answered("config", a))


def export_plot_png(plot: pg.PlotWidget, path: str | Path, done: Done, width: int = 1200) -> None:
    """A pyqtgraph plot (axes, curves, images, points) as a PNG through pyqtgraph's ImageExporter."""

    def write() -> None:
        exporter = pg.exporters.ImageExporter(plot.getPlotItem())
        exporter.parameters()["width"] = int(width)
        exporter.export(str(path))

    _written(done, write)
