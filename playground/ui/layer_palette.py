"""The layer palette: Dense, Maxout and Dropout items to drag into the network view.

A drag carries a QMimeData of our own type, LAYER_MIME, holding a small JSON payload:
``{"app": "neural-playground", "v": 1, "source": "palette", "kind": "dense"}`` from the palette, or
``{"source": "layer", "index": 2, "token": ...}`` when a layer header is dragged. `parse_payload`
reads it defensively: anything foreign, damaged or oversized gives None and is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMimeData,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMenu, QVBoxLayout, QWidget

from playground.ui.colors import BLUE, ORANGE

LAYER_MIME = "application/x-neural-playground-layer"
APP = "neural-playground"
MAX_PAYLOAD_BYTES = 2048

ITEMS = (
    (
        "dense",
        QT_TRANSLATE_NOOP("LayerPalette", "Dense"),
        QT_TRANSLATE_NOOP(
            "LayerPalette",
            "Every neuron sees every output of the layer before, then applies an activation.",
        ),
    ),
    (
        "maxout",
        QT_TRANSLATE_NOOP("LayerPalette", "Maxout"),
        QT_TRANSLATE_NOOP(
            "LayerPalette", "Each neuron outputs the largest of several linear pieces (no activation)."
        ),
    ),
    (
        "dropout",
        QT_TRANSLATE_NOOP("LayerPalette", "Dropout"),
        QT_TRANSLATE_NOOP(
            "LayerPalette", "While training, silences a random share of the layer before's outputs."
        ),
    ),
)
TITLES = {kind: title for kind, title, _tip in ITEMS}  # English; layer_title() translates
TIPS = {kind: tip for kind, _title, tip in ITEMS}


def layer_title(kind: str) -> str:
    """A layer kind's name in the interface language."""
    return QCoreApplication.translate("LayerPalette", TITLES[kind])


def layer_tip(kind: str) -> str:
    """What a layer kind does, in the interface language."""
    return QCoreApplication.translate("LayerPalette", TIPS[kind])

# Gap to insert at for "after the selected layer, or at the end" (the builder resolves it).
GAP_AFTER_SELECTION = -1
GAP_END = 1 << 30


def make_mime(payload: dict[str, Any]) -> QMimeData:
    """A QMimeData carrying payload as our layer type (plus a readable text form)."""
    mime = QMimeData()
    body = dict(payload, app=APP, v=1)
    mime.setData(LAYER_MIME, json.dumps(body).encode("utf-8"))
    mime.setText(f"{TITLES.get(str(body.get('kind')), 'Layer')} layer")
    return mime


def parse_payload(mime: QMimeData | None, token: str = "") -> dict[str, Any] | None:
    """The payload of one of our drags, or None for anything else (foreign, broken, another window's layer)."""
    if mime is None or not mime.hasFormat(LAYER_MIME):
        return None
    raw = bytes(mime.data(LAYER_MIME).data())
    if not raw or len(raw) > MAX_PAYLOAD_BYTES:
        return None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(body, dict) or body.get("app") != APP or body.get("v") != 1:
        return None
    source, kind = body.get("source"), body.get("kind")
    if source == "palette" and kind in TITLES:
        return {"source": "palette", "kind": kind}
    index = body.get("index")
    if (
        source == "layer"
        and kind in TITLES
        and isinstance(index, int)
        and not isinstance(index, bool)
        and index >= 0
        and token
        and body.get("token") == token  # a layer of this window, not of another one
    ):
        return {"source": "layer", "kind": kind, "index": index}
    return None


def paint_glyph(p: QPainter, kind: str, rect: QRectF, color: QColor | None = None) -> None:
    """Draw a layer kind's glyph in rect: dense links, maxout pieces under their max, dropped units."""
    ink = color or QColor(60, 60, 60)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    r = max(1.5, min(w, h) * 0.09)
    if kind == "dense":
        left = [QPointF(x + w * 0.18, y + h * f) for f in (0.25, 0.75)]
        right = [QPointF(x + w * 0.82, y + h * f) for f in (0.15, 0.5, 0.85)]
        p.setPen(QPen(QColor(*BLUE), max(1.0, w / 18)))
        for a in left:
            for b in right:
                p.drawLine(a, b)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ink)
        for c in left + right:
            p.drawEllipse(c, r, r)
    elif kind == "maxout":
        p.setPen(QPen(QColor(160, 160, 160), max(1.0, w / 20), Qt.PenStyle.DashLine))
        x0, x1, ym = x + w * 0.1, x + w * 0.9, y + h * 0.85
        p.drawLine(QPointF(x0, y + h * 0.2), QPointF(x1, ym))
        p.drawLine(QPointF(x0, ym), QPointF(x1, y + h * 0.2))
        pen = QPen(QColor(*ORANGE), max(1.5, w / 9))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        mid = QPointF(x + w * 0.5, y + h * 0.52)
        p.drawPolyline([QPointF(x0, y + h * 0.2), mid, QPointF(x1, y + h * 0.2)])
    else:
        cells = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]
        for k, (fx, fy) in enumerate(cells):
            c = QPointF(x + w * fx, y + h * fy)
            rr = r * 1.9
            if k in (1, 2):  # dropped
                p.setPen(QPen(QColor(150, 150, 150), max(1.0, w / 20), Qt.PenStyle.DotLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(c, rr, rr)
                p.drawLine(c + QPointF(-rr, -rr), c + QPointF(rr, rr))
            else:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(ink)
                p.drawEllipse(c, rr, rr)
    p.restore()


def glyph_pixmap(kind: str, size: int = 20) -> QPixmap:
    """The glyph alone, as a pixmap (for labels and drag images)."""
    ratio = 2.0
    pm = QPixmap(int(size * ratio), int(size * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    paint_glyph(p, kind, QRectF(1, 1, size - 2, size - 2))
    p.end()
    return pm


class DragSource:
    """Mixin for a widget that starts a drag once the left button moves past the drag distance.

    The widget defines startDragging(); a left press also focuses it.
    """

    _pressPos: QPoint | None = None

    def startDragging(self) -> None:
        raise NotImplementedError

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressPos = event.position().toPoint()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if (
            self._pressPos is not None
            and event.buttons() & Qt.MouseButton.LeftButton
            and (event.position().toPoint() - self._pressPos).manhattanLength()
            >= QApplication.startDragDistance()
        ):
            self._pressPos = None
            self.startDragging()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._pressPos = None
        super().mouseReleaseEvent(event)


class PaletteItem(DragSource, QFrame):
    """One layer kind: glyph and name; drag it out, or press Enter / Space to add it."""

    def __init__(self, kind: str, palette: LayerPalette) -> None:
        super().__init__()
        self.kind = kind
        self._palette = palette
        self._pressPos: QPoint | None = None
        self.setObjectName("paletteItem")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(
            self.tr("{kind}: {tip} Drag it into the network (or press Enter).").format(
                kind=layer_title(kind), tip=layer_tip(kind)
            )
        )
        self.setAccessibleName(self.tr("{kind} layer").format(kind=layer_title(kind)))
        self.setMinimumHeight(40)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        p = QPainter(self)
        paint_glyph(p, self.kind, QRectF(8, (self.height() - 24) / 2, 24, 24))
        p.setPen(QColor(40, 40, 40))
        font = p.font()
        font.setBold(True)
        p.setFont(font)
        p.drawText(
            QRectF(40, 0, self.width() - 44, self.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            layer_title(self.kind),
        )
        p.end()

    def startDragging(self) -> None:
        self._palette.startDrag(self.kind, self)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._palette.insertRequested.emit(self.kind, GAP_AFTER_SELECTION)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._palette.insertRequested.emit(self.kind, GAP_AFTER_SELECTION)
            event.accept()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        title = layer_title(self.kind)
        for text, gap in (
            (self.tr("Add {kind} after the selected layer"), GAP_AFTER_SELECTION),
            (self.tr("Add {kind} before the first hidden layer"), 0),
            (self.tr("Add {kind} after the last hidden layer"), GAP_END),
        ):
            menu.addAction(text.format(kind=title)).triggered.connect(
                lambda _c=False, g=gap: self._palette.insertRequested.emit(self.kind, g)
            )
        menu.exec(event.globalPos())


PALETTE_WIDTH = 118


class LayerPalette(QFrame):
    """The palette beside the network view; dropping a layer header back onto it removes that layer."""

    insertRequested = Signal(str, int)  # kind, gap (GAP_AFTER_SELECTION: after the selected layer)
    layerReturned = Signal(int)  # index of a layer dragged back onto the palette

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerPalette")
        self.token = ""  # set by the builder: only its own layer drags are taken
        self.execDrag: Callable[[QDrag], Qt.DropAction] = lambda drag: drag.exec(
            Qt.DropAction.CopyAction
        )
        self.setAcceptDrops(True)
        self.setFixedWidth(PALETTE_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 10)
        layout.setSpacing(6)
        title = QLabel(self.tr("LAYERS"))
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        hint = QLabel(self.tr("Drag into the network. Drag a layer back here to remove it."))
        hint.setObjectName("caption")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.items = {kind: PaletteItem(kind, self) for kind, _t, _tip in ITEMS}
        for item in self.items.values():
            layout.addWidget(item)
        layout.addStretch(1)
        self.parameterLabel = QLabel("")
        self.parameterLabel.setObjectName("parameterCount")
        self.parameterLabel.setWordWrap(True)
        self.parameterLabel.setToolTip(
            self.tr("Numbers the network learns: weights, biases, PReLU slopes")
        )
        layout.addWidget(self.parameterLabel)

    def setScale(self, scale: float) -> None:
        """As wide as larger type needs (presentation mode), or the desk's width (1)."""
        self.setFixedWidth(round(PALETTE_WIDTH * scale))

    def setParameterCount(self, count: int, frozen: int = 0) -> None:
        """Show '1,234 parameters', and how many of them are frozen."""
        text = (
            self.tr("{count:,} parameters").format(count=count)
            if count != 1
            else self.tr("1 parameter")
        )
        if frozen:
            text += "\n" + self.tr("({count:,} frozen)").format(count=frozen)
        self.parameterLabel.setText(text)

    def startDrag(self, kind: str, source: QWidget) -> Qt.DropAction:
        """Start dragging a new layer of this kind."""
        drag = QDrag(source)
        drag.setMimeData(make_mime({"source": "palette", "kind": kind}))
        drag.setPixmap(glyph_pixmap(kind, 32))
        drag.setHotSpot(QPoint(16, 16))
        return self.execDrag(drag)

    # ----- a layer dragged back onto the palette is removed -----

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._takeLayer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._takeLayer(event)

    def dropEvent(self, event: QDropEvent) -> None:
        payload = self._takeLayer(event)
        if payload is not None:
            self.layerReturned.emit(payload["index"])

    def _takeLayer(self, event: QDropEvent) -> dict[str, Any] | None:
        payload = parse_payload(event.mimeData(), self.token)
        if payload is None or payload["source"] != "layer":
            event.ignore()
            return None
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        return payload
