"""The backprop walk drawn on the network view: numbers in the neuron boxes, the current layer
highlighted, links by weight or by |∂L/∂w|, each neuron and link clickable.

Like the gradient-link overlay it finds every neuron and link from the view's public geometry and puts
its own items on the view's scene (the view's weight links are hidden while the walk shows).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from playground.ui.link_gradients import level_color
from playground.ui.network_view import NetworkView

HIGHLIGHT = QColor(255, 170, 0)
POSITIVE, NEGATIVE = QColor(245, 147, 34), QColor(8, 119, 189)  # the view's weight colours
LABELLED_LINKS = 6  # bundles with at most this many links show a number on each (more overlap)


class ValueLabel(QGraphicsItem):
    """A few lines of small text on a pale box; a click calls back."""

    def __init__(
        self, lines: list[str], on_click: Callable[[], None] | None, tip: str = ""
    ) -> None:
        super().__init__()
        self.lines = list(lines)
        self._click = on_click
        self._font = QFont()
        self._font.setPointSizeF(7.5)
        fm = QFontMetricsF(self._font)
        self._lh = fm.height()
        w = max((fm.horizontalAdvance(t) for t in self.lines), default=0.0) + 6
        h = self._lh * len(self.lines) + 2
        self._rect = QRectF(-w / 2, -h / 2, w, h)  # centred on its position
        self.setZValue(5)
        # the same size in pixels however small the view draws the network: the numbers stay legible
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setToolTip(tip)
        if on_click is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptedMouseButtons(
            Qt.MouseButton.LeftButton if on_click else Qt.MouseButton.NoButton
        )

    def text(self) -> str:
        return "\n".join(self.lines)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(QPen(QColor(150, 150, 150), 0.8))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(self._font)
        painter.setPen(QColor(30, 30, 30))
        for k, line in enumerate(self.lines):
            r = QRectF(
                self._rect.left(), self._rect.top() + 1 + k * self._lh, self._rect.width(), self._lh
            )
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, line)

    def mousePressEvent(self, event) -> None:
        if self._click is not None:
            self._click()
            event.accept()


class WalkLinks(QGraphicsItem):
    """One weights layer's links, each with its own colour and width; a click names the link."""

    def __init__(
        self, lines: list[QLineF], pairs: np.ndarray, on_click: Callable[[int], None]
    ) -> None:
        super().__init__()
        self.lines = lines
        self.pairs = pairs
        self.pens: list[QPen] = [QPen(QColor(200, 200, 200), 1.0) for _ in lines]
        self._click = on_click
        xs = [c for ln in lines for c in (ln.x1(), ln.x2())] or [0.0]
        ys = [c for ln in lines for c in (ln.y1(), ln.y2())] or [0.0]
        self._bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
            -8, -8, 8, 8
        )
        path = QPainterPath()
        for ln in lines:
            path.moveTo(ln.p1())
            path.lineTo(ln.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(7.0)
        self._shape = stroker.createStroke(path)
        self.setZValue(-0.4)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Drawn again only when its pens change, not whenever a neighbour in the scene repaints.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def setPens(self, pens: list[QPen]) -> None:
        self.pens = pens
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(self.lines) <= 300)
        for ln, pen in zip(self.lines, self.pens):
            painter.setPen(pen)
            painter.drawLine(ln)

    def nearest(self, pos: QPointF) -> int:
        """The link closest to a point (item coordinates)."""
        best, arg = float("inf"), 0
        for k, ln in enumerate(self.lines):
            d = ln.p2() - ln.p1()
            n2 = d.x() ** 2 + d.y() ** 2 or 1.0
            t = min(1.0, max(0.0, QPointF.dotProduct(pos - ln.p1(), d) / n2))
            q = ln.p1() + d * t
            dist = (pos.x() - q.x()) ** 2 + (pos.y() - q.y()) ** 2
            if dist < best:
                best, arg = dist, k
        return arg

    def mousePressEvent(self, event) -> None:
        self._click(self.nearest(event.pos()))
        event.accept()


class BackpropOverlay(QObject):
    """Puts a walk's state on a NetworkView: setState(labels, highlight, links), clear()."""

    neuronClicked = Signal(int, int)  # param layer (-1: a feature), unit
    linkClicked = Signal(int, int, int)  # param layer, source, unit

    def __init__(self, view: NetworkView) -> None:
        super().__init__(view)
        self.view = view
        self.active = False
        self.labels: dict[tuple[int, int], ValueLabel] = {}
        self.linkLabels: dict[tuple[int, int, int], ValueLabel] = {}
        self.links: list[WalkLinks] = []
        self._highlight: QGraphicsRectItem | None = None
        self._state: tuple | None = None
        view.layoutChanged.connect(self._redraw)

    # ----- what the panel sets -----

    def setState(
        self,
        neurons: dict[tuple[int, int], list[str]],
        highlight: int | None,
        links: list[list[tuple[float, float, str]]],
    ) -> None:
        """neurons: (param layer or -1 for features, unit) -> text lines; highlight: the param layer
        whose column is lit (-1: the features); links: per weights layer, per link of the view's
        pairs, (signed value for the colour, level 0..1 for the width, text or "")."""
        self._state = (neurons, highlight, links)
        self.active = True
        self._redraw()

    def clear(self) -> None:
        """Take everything away and show the view's own links again."""
        self.active = False
        self._state = None
        self._remove()
        for item in self.view.links:
            item.setVisible(True)

    def nodePixels(self) -> float:
        """How big a neuron box is drawn on screen now, in pixels."""
        nodes = self.view.nodes[0] if self.view.nodes else []
        if not nodes:
            return 0.0
        return (nodes[0].boundingRect().width() - 2) * self.view.transform().m11()

    # ----- drawing -----

    def _remove(self) -> None:
        scene = self.view.scene()
        items = [*self.labels.values(), *self.linkLabels.values(), *self.links]
        if self._highlight is not None:
            items.append(self._highlight)
        for item in items:
            try:
                if item.scene() is scene:
                    scene.removeItem(item)
            except RuntimeError:  # deleted with the view's scene
                pass
        self.labels, self.linkLabels, self.links, self._highlight = {}, {}, [], None

    def _nodeRect(self, layer: int, unit: int) -> QRectF | None:
        view = self.view
        if (
            layer < 0
        ):  # a feature's box (its item includes the name on the left): as big as a neuron's
            names = list(view.config().get("features", []))
            node = view.features.get(names[unit]) if unit < len(names) else None
            if node is None or not view.nodes or not view.nodes[0]:
                return None
            size = view.nodes[0][0].boundingRect().width() - 2
            return QRectF(node.scenePos(), QSizeF(size, size))
        else:
            nodes = view.nodes[layer] if layer < len(view.nodes) else []
            node = nodes[unit] if unit < len(nodes) else None
        if node is None:
            return None
        return node.mapRectToScene(node.boundingRect().adjusted(1, 1, -1, -1))

    def _redraw(self) -> None:
        self._remove()
        if not self.active or self._state is None:
            return
        neurons, highlight, links = self._state
        scene = self.view.scene()
        try:
            for (layer, unit), lines in neurons.items():
                rect = self._nodeRect(layer, unit)
                if rect is None:
                    continue
                label = ValueLabel(lines, lambda p=layer, j=unit: self.neuronClicked.emit(p, j))
                label.setPos(rect.center())
                scene.addItem(label)
                self.labels[(layer, unit)] = label
            if highlight is not None:
                rects = [
                    r
                    for j in range(
                        len(self.view.nodes[highlight])
                        if highlight >= 0
                        else len(self.view.config().get("features", []))
                    )
                    if (r := self._nodeRect(highlight, j)) is not None
                ]
                if rects:
                    box = rects[0]
                    for r in rects[1:]:
                        box = box.united(r)
                    self._highlight = QGraphicsRectItem(box.adjusted(-9, -9, 9, 9))
                    self._highlight.setPen(QPen(HIGHLIGHT, 2.5))
                    self._highlight.setBrush(QColor(255, 230, 150, 90))
                    self._highlight.setZValue(-2)
                    scene.addItem(self._highlight)
            for p, bundle in enumerate(self.view.links):
                values = links[p] if p < len(links) else []
                self._addLinks(p, bundle, values)
        except (IndexError, RuntimeError, KeyError):  # the view is halfway through a rebuild
            self._remove()
            return
        for item in self.view.links:
            item.setVisible(False)

    def _addLinks(self, p: int, bundle, values: list[tuple[float, float, str]]) -> None:
        pairs = np.asarray(getattr(bundle, "pairs", []), dtype=np.intp).reshape(-1, 2)
        targets = self.view.nodes[p]
        lines = []
        for k, (_i, j) in enumerate(pairs):
            node = targets[j]
            end = node.mapToScene(QPointF(0.0, node.boundingRect().center().y()))
            mid = bundle.linkPoint(k)
            lines.append(QLineF(2 * mid - end, end))
        item = WalkLinks(
            lines,
            pairs,
            lambda k, p=p, pr=pairs: self.linkClicked.emit(p, int(pr[k][0]), int(pr[k][1])),
        )
        pens = []
        for k in range(len(lines)):
            value, level, _text = values[k] if k < len(values) else (0.0, 0.0, "")
            if value is None:  # a gradient: the hot ramp
                color = level_color(level)
            else:
                color = QColor(POSITIVE if value >= 0 else NEGATIVE)
                color.setAlpha(int(80 + 175 * level))
            pen = QPen(color, 0.8 + 5.2 * level)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pens.append(pen)
        item.setPens(pens)
        self.view.scene().addItem(item)
        self.links.append(item)
        if len(lines) > LABELLED_LINKS:
            return
        n_src = int(pairs[:, 0].max()) + 1 if len(pairs) else 1
        for k, (i, j) in enumerate(pairs):
            text = values[k][2] if k < len(values) else ""
            if not text:
                continue
            # each source's labels at their own distance along the links, so that they do not overlap
            t = 0.5 if n_src == 1 else 0.3 + 0.45 * i / (n_src - 1)
            label = ValueLabel(
                [text], lambda p=p, i=int(i), j=int(j): self.linkClicked.emit(p, i, j)
            )
            label.setPos(lines[k].pointAt(t))
            label.setZValue(4)
            self.view.scene().addItem(label)
            self.linkLabels[(p, int(i), int(j))] = label
