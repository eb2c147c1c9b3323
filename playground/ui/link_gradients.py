"""Draw the network view's links by |dL/dw| of the last step instead of by the weights.

An overlay item per bundle of links sits on the network view's scene while the mode is on, and the
view's own link items are hidden. The overlay finds each link from the view's public geometry (the
middle of each link and its target neuron), so the view itself needs no change.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from playground.ui.network_view import NetworkView

DECADES = 4.0  # gradients this many powers of ten below the largest are drawn faintest
LEVELS = 16
# Pale grey -> orange -> dark red: the hotter, the bigger the gradient.
_RAMP = np.array([(225, 225, 225), (253, 174, 97), (215, 48, 39), (103, 0, 13)], dtype=float)


def gradient_levels(grads: list[np.ndarray]) -> tuple[list[np.ndarray], float]:
    """Per layer, 0..1 per weight: log10 |g| relative to the largest |g| in the whole network."""
    mags = [np.abs(np.nan_to_num(np.asarray(g, dtype=float))) for g in grads]
    peak = max((float(m.max()) for m in mags if m.size), default=0.0)
    if peak <= 0:
        return [np.zeros_like(m) for m in mags], 0.0
    with np.errstate(divide="ignore"):
        levels = [np.clip(1.0 + np.log10(m / peak) / DECADES, 0.0, 1.0) for m in mags]
    return levels, peak


def level_color(t: float) -> QColor:
    """Colour of a 0..1 level on the ramp."""
    x = float(np.clip(t, 0.0, 1.0)) * (len(_RAMP) - 1)
    k = min(int(x), len(_RAMP) - 2)
    rgb = _RAMP[k] + (_RAMP[k + 1] - _RAMP[k]) * (x - k)
    return QColor(*(round(float(c)) for c in rgb))


class GradientLinks(QGraphicsItem):
    """The links of one weights layer, width and colour by their gradient level."""

    def __init__(self, lines: list[QLineF], pairs: np.ndarray) -> None:
        super().__init__()
        self._lines = lines
        self.pairs = pairs
        self.levels = np.zeros(len(lines))
        self._groups: dict[int, list[QLineF]] = {}
        xs = [c for ln in lines for c in (ln.x1(), ln.x2())] or [0.0]
        ys = [c for ln in lines for c in (ln.y1(), ln.y2())] or [0.0]
        self._bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
            -6, -6, 6, 6
        )
        self.setZValue(-0.5)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def setLevels(self, levels: np.ndarray) -> None:
        """0..1 per link, in pairs order."""
        self.levels = np.asarray(levels, dtype=float)
        buckets = np.round(self.levels * (LEVELS - 1)).astype(int)
        groups: dict[int, list[QLineF]] = {}
        for ln, b in zip(self._lines, buckets):
            groups.setdefault(int(b), []).append(ln)
        self._groups = groups
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(self._lines) <= 300)
        for b, lines in sorted(self._groups.items()):
            t = b / (LEVELS - 1)
            pen = QPen(level_color(t), 0.6 + 4.4 * t)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLines(lines)


class LinkGradientOverlay(QObject):
    """Switches a NetworkView between weight links and gradient links."""

    def __init__(self, view: NetworkView) -> None:
        super().__init__(view)
        self.view = view
        self.enabled = False
        self.items: list[GradientLinks] = []
        self.peak = 0.0
        self._built_for: list = []  # the view's link items the overlay was built for
        self._grads: list[np.ndarray] | None = None
        # The view rebuilds its scene on its own (resize, new network): look for that now and then.
        self._watch = QTimer(self)
        self._watch.setInterval(250)
        self._watch.timeout.connect(self._refresh)
        # A rebuild clears the scene, the overlay's items with it: build them again at once.
        view.layoutChanged.connect(self._refresh)

    def setEnabled(self, on: bool) -> None:
        """Gradient links on (the weight links hidden) or off."""
        self.enabled = on
        if on:
            self._watch.start()
            self._refresh()
        else:
            self._watch.stop()
            self._remove()
            for item in self.view.links:
                item.setVisible(True)

    def setGradients(self, grads: list[np.ndarray]) -> None:
        """New dL/dW per weights layer (output last)."""
        self._grads = grads
        if self.enabled:
            self._refresh()

    def _stale(self) -> bool:
        links = self.view.links
        return len(links) != len(self._built_for) or any(
            a is not b for a, b in zip(links, self._built_for)
        )

    def _remove(self) -> None:
        scene = self.view.scene()
        for item in self.items:
            try:
                if item.scene() is scene:
                    scene.removeItem(item)
            except RuntimeError:  # already deleted with the view's scene
                pass
        self.items = []
        self._built_for = []

    def _build(self) -> None:
        """One overlay per bundle of the view's links, from each link's middle and its target neuron."""
        self._remove()
        scene = self.view.scene()
        for p, links in enumerate(self.view.links):
            pairs = np.asarray(getattr(links, "pairs", []), dtype=np.intp).reshape(-1, 2)
            targets = self.view.nodes[p] if p < len(self.view.nodes) else []
            lines = []
            for k, (_i, j) in enumerate(pairs):
                node = targets[j]
                end = node.mapToScene(QPointF(0.0, node.boundingRect().center().y()))
                mid = links.linkPoint(k)
                lines.append(QLineF(2 * mid - end, end))
            item = GradientLinks(lines, pairs)
            scene.addItem(item)
            self.items.append(item)
        self._built_for = list(self.view.links)

    def _refresh(self) -> None:
        if not self.enabled:
            return
        if self._stale():
            try:
                self._build()
            except (IndexError, RuntimeError):  # the view is halfway through a rebuild
                self._remove()
                return
        for item in self.view.links:
            item.setVisible(False)
        if self._grads is None:
            return
        levels, self.peak = gradient_levels(self._grads)
        for item, lv in zip(self.items, levels):
            g = lv if lv.ndim == 2 else lv.max(axis=-1)  # maxout: the largest piece
            i, j = item.pairs[:, 0], item.pairs[:, 1]
            ok = (i < g.shape[0]) & (j < g.shape[1])
            values = np.zeros(len(item.pairs))
            if item is self.items[0] and self.view.isImageMode() and g.shape[0] > 1:
                g = g.max(axis=0, keepdims=True)  # one bundle per neuron: its 64 pixels' largest
                ok = j < g.shape[1]
            values[ok] = g[i[ok], j[ok]]
            item.setLevels(values)
