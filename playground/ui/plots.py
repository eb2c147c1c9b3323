"""The one pyqtgraph plot widget every panel draws in: axes that repaint only when they change."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem


class PlotWidget(pg.PlotWidget):
    """A pg.PlotWidget whose axes are cached as pixmaps.

    A plot's scene repaints whenever any item in it changes (a curve each frame), and each repaint
    replays every axis' tick labels: with the lab's panels open that was a third of the window's
    drawing time per frame. Cached, an axis is drawn again only when its range or size changes.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for side in ("left", "bottom", "right", "top"):
            self.getPlotItem().getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
