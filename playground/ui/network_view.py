"""The network drawn as TensorFlow Playground does: features, hidden layers, output; live thumbnails."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from playground.datasets import IMAGE_SHAPES
from playground.session.config_edits import MAX_HIDDEN_LAYERS, MAX_UNITS
from playground.ui.colors import class_ramp_rgba, values_to_rgba
from playground.ui.feature_grids import feature_column, feature_grid, feature_label
from playground.ui.images import (
    digit_qimage,
    heatmap_qimage,
    heatmap_qimages,
    rgba_to_qimage,
    thumbnail_step,
)
from playground.ui.network_items import (
    BiasItem,
    FeatureNode,
    LinksItem,
    MoreItem,
    NodeItem,
    SceneButton,
)
from playground.ui.weight_editor import WeightEditor

MAX_DRAWN_UNITS = 32  # wider layers are drawn collapsed
COLLAPSED_SHOWN = 8
LINKS_PER_FRAME = 2000  # bigger networks refresh their link bundles in turns, a few per frame
NEURONS_PER_FRAME = 96  # and their hidden layers' thumbnails (8 x 32 of them: a quarter a frame)
HEADER = 92


@dataclass(frozen=True)
class Column:
    """One column of neurons as drawn."""

    kind: str  # "features", "image" (the input of an image set), "hidden" or "output"
    units: int
    param_layer: int | None  # index into the weights list
    layer_type: str = "dense"
    activation: str = ""
    pieces: int = 1
    dropout: float = 0.0
    limit: int = MAX_DRAWN_UNITS  # more neurons than this are drawn collapsed

    @property
    def drawn(self) -> int:
        """Neurons drawn as boxes."""
        if self.kind in ("features", "image") or self.units <= self.limit:
            return self.units
        return min(COLLAPSED_SHOWN, self.limit - 1)


def network_columns(cfg: dict[str, Any], output_units: int) -> list[Column]:
    """The columns to draw for a config: all seven features (or an image set's one input image), each
    hidden layer with weights, the output."""
    if image_shape(cfg) is not None:
        cols = [Column("image", 1, None)]
    else:
        cols = [Column("features", len(feature_column(list(cfg.get("features", [])))), None)]
    p = 0
    for layer in cfg.get("layers", []):
        kind = layer.get("type", "dense")
        if kind == "dropout":
            if len(cols) > 1:
                prev = cols[-1]
                cols[-1] = Column(
                    prev.kind,
                    prev.units,
                    prev.param_layer,
                    prev.layer_type,
                    prev.activation,
                    prev.pieces,
                    float(layer.get("rate", 0.0)),
                )
            continue
        cols.append(
            Column(
                "hidden",
                int(layer["units"]),
                p,
                kind,
                layer.get("activation", "maxout" if kind == "maxout" else ""),
                int(layer.get("pieces", 1)),
            )
        )
        p += 1
    cols.append(Column("output", output_units, p))
    return cols


def image_shape(cfg: dict[str, Any]) -> tuple[int, int] | None:
    """(h, w) of the config's images (the digits), or None for 2-D points."""
    return IMAGE_SHAPES.get(str(cfg.get("data", {}).get("name", "")))


def _fmt(w: Any) -> str:
    arr = np.atleast_1d(np.asarray(w, dtype=float))
    return ", ".join(f"{v:.4g}" for v in arr)


def _signed_peak(w: np.ndarray) -> np.ndarray:
    """Along the last axis (maxout pieces), the value of largest magnitude."""
    idx = np.argmax(np.abs(w), axis=-1)
    return np.take_along_axis(w, idx[..., None], axis=-1)[..., 0]


MIN_VIEW_WIDTH, MIN_VIEW_HEIGHT = 300, 160
MIN_SCALE = 0.55  # a view shorter than the drawing shows it smaller, down to this, before it scrolls


class NetworkView(QGraphicsView):
    """Draws any network the engine builds; edits go out as signals, nothing here trains."""

    featureToggled = Signal(str, bool)
    unitsChangeRequested = Signal(int, int)  # hidden layer (weights index), +1 / -1
    layerCountChangeRequested = Signal(int)  # +1 / -1
    weightEdited = Signal(int, str, tuple, object)  # layer, "W"/"b", index, value(s)
    layoutChanged = Signal()  # after each rebuild: columns may have moved (the layer builder follows)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setBackgroundBrush(QColor(255, 255, 255))
        # The view paints its whole background: no need to repaint the window beneath each frame.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumSize(MIN_VIEW_WIDTH, MIN_VIEW_HEIGHT)  # the drawing shrinks on small screens
        self._cfg: dict[str, Any] = {"features": ["x1", "x2"], "layers": []}
        self._output_units = 1
        self._task = "classification"
        self._columns: list[Column] = []
        self._weights: list[dict[str, np.ndarray]] = []
        self.features: dict[str, FeatureNode] = {}
        self.inputImage: NodeItem | None = None  # image mode: the current image, the one input
        self._image: dict[str, Any] | None = None  # image mode: the network on the current image
        self.nodes: list[list[NodeItem]] = []  # per column after the features
        self.biases: list[list[BiasItem]] = []
        self.links: list[LinksItem] = []  # links[p] ends at weights layer p
        self.unitButtons: list[tuple[SceneButton, SceneButton]] = []
        self.layerButtons: tuple[SceneButton, SceneButton] | None = None
        self._gradTexts: list[QGraphicsSimpleTextItem] = []
        self._editTarget: tuple[int, str, tuple] | None = None
        self.editor = WeightEditor(self.viewport())
        self.editor.committed.connect(self._onEditorCommitted)
        self._relayoutTimer = QTimer(self)
        self._relayoutTimer.setSingleShot(True)
        self._relayoutTimer.setInterval(30)
        self._relayoutTimer.timeout.connect(self._rebuild)
        self._lastSnapshot: tuple | None = None
        self._frame = 0
        self._columnCentres: list[float] = []

    # ----- public -----

    def setNetwork(self, cfg: dict[str, Any], output_units: int, task: str) -> None:
        """Draw the network of this config (rebuilds only when the structure changed)."""
        old = (
            network_columns(self._cfg, self._output_units),
            tuple(self._cfg.get("features", ())),
            self._task,
        )
        self._cfg = cfg
        self._output_units = output_units
        self._task = task
        new = (network_columns(cfg, output_units), tuple(cfg.get("features", ())), task)
        if new != old or not self._columns:
            self._lastSnapshot = None  # its arrays have the old shapes
            self._rebuild()

    def updateState(
        self,
        weights: list[dict[str, np.ndarray]],
        neurons: list[np.ndarray],
        output: np.ndarray,
        gradient_norms: list[float],
        complete: bool = True,
    ) -> None:
        """Show new weights, neuron thumbnails and output heatmaps. complete=False (while training
        plays): a big network's link bundles and hidden thumbnails in turns, a share each frame, so
        that the GUI thread keeps up with the boundary's frames; True (paused, a step): all of them."""
        self._weights = weights
        self._lastSnapshot = (weights, neurons, output, gradient_norms)
        self._frame += 1
        self._showWeights(every_bundle=complete)
        self._showNeurons(neurons, output, complete)
        for text, g in zip(self._gradTexts, gradient_norms):
            text.setText(f"|∇| {g:.2g}")

    def setCurrentImage(self, image: dict[str, Any] | None) -> None:
        """Image mode: the network on the current image (lab_extras.ImageProbe's answer): the input
        column shows it, deeper neurons their activation on it, the outputs its probabilities."""
        self._image = image
        if self._lastSnapshot is not None:
            _weights, neurons, output, _g = self._lastSnapshot
            self._showNeurons(neurons, output)
            self._showWeights(every_bundle=True)
        else:
            self._showImage()

    def isImageMode(self) -> bool:
        """Whether the network reads images (its input column is one image)."""
        return bool(self._columns) and self._columns[0].kind == "image"

    def linkScenePoint(self, layer: int, i: int, j: int) -> QPointF:
        """Scene point in the middle of the link from source i to unit j of weights layer `layer`."""
        item = self.links[layer]
        return item.linkPoint(item.linkIndex(i, j))

    def biasScenePoint(self, layer: int, j: int) -> QPointF:
        """Scene point at the centre of a bias marker."""
        b = self.biases[layer][j]
        return b.mapToScene(b.boundingRect().center())

    def config(self) -> dict[str, Any]:
        """The config drawn."""
        return self._cfg

    def columnCentres(self) -> list[float]:
        """Scene x of each column's centre: features, each hidden layer with weights, output."""
        return list(self._columnCentres)

    # ----- layout -----

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayoutTimer.start()

    def _rebuild(self) -> None:
        scene = self.scene()
        self.editor.hide()
        scene.clear()
        self.features, self.nodes, self.biases, self.links, self.unitButtons, self._gradTexts = (
            {},
            [],
            [],
            [],
            [],
            [],
        )
        self.layerButtons = None
        cols = network_columns(self._cfg, self._output_units)
        vw = max(self.viewport().width(), MIN_VIEW_WIDTH)
        vh = max(self.viewport().height(), MIN_VIEW_HEIGHT)
        # A short view draws fewer neurons (the rest collapsed into "+n more") rather than scroll.
        rows = int((vh / MIN_SCALE - HEADER - 62 + 6.3) // 20.3)  # that fit at the smallest boxes
        limit = max(5, min(MAX_DRAWN_UNITS, rows))
        cols = [replace(c, limit=limit) for c in cols]
        self._columns = cols
        tallest = max(c.drawn + (1 if c.drawn < c.units else 0) for c in cols)
        size = float(np.clip((vh - HEADER - 40) / (tallest * 1.45), 14, 46))
        gap = size * 0.45
        heights = [(c.drawn + (1 if c.drawn < c.units else 0)) * (size + gap) - gap for c in cols]
        content = max(max(heights), vh - HEADER - 62)
        height = HEADER + content + 60
        if height <= vh + 2:
            height = vh - 2  # fits: no scroll bar
        # On a small screen the whole network shows, smaller, rather than scrolled out of sight;
        # laid out for the viewport's width at that scale, so the columns still use all of it.
        shown = self.viewport().height()
        scale = 1.0 if height <= shown + 2 or shown <= 0 else max(MIN_SCALE, shown / height)
        vw = max(vw, self.viewport().width() / scale - 2)
        left = 96.0
        right_margin = 36.0
        spacing = max(size + 46, (vw - left - size - right_margin) / max(1, len(cols) - 1))
        width = left + spacing * (len(cols) - 1) + size + right_margin
        font = QFont(self.font())
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, self.font().pointSizeF() * 0.9))

        positions: list[list[QPointF]] = []  # top-left of each drawn node per column
        for k, (col, h) in enumerate(zip(cols, heights)):
            x = left + k * spacing
            top = HEADER + (content - h) / 2
            positions.append([QPointF(x, top + n * (size + gap)) for n in range(col.drawn)])

        # features (or the one input image)
        self.inputImage = None
        image = image_shape(self._cfg) is not None
        active = [] if image else list(self._cfg.get("features", []))
        column = feature_column(active) if not image else []
        if image:
            side = min(size * 4.0, 120.0)
            node = NodeItem(side, self.tr("The current digit: the 8×8 image going in, 64 pixels row by row"))
            node.setPos(left + size - side, HEADER + (content - side) / 2)
            scene.addItem(node)
            self.inputImage = node
            positions[0] = [QPointF(node.pos().x() + side - size, node.pos().y() + (side - size) / 2)]
            self._caption(self.tr("INPUT 8×8"), node.pos().x() + side / 2, HEADER - 26, font)
        for name, pos in zip(column, positions[0]):
            node = FeatureNode(
                name, feature_label(name), size, heatmap_qimage(feature_grid(name, 40))
            )
            node.setPos(pos)
            node.setOn(name in active)
            node.activated.connect(lambda n=name: self._onFeatureActivated(n))
            scene.addItem(node)
            self.features[name] = node
        if not image:
            self._caption(self.tr("FEATURES"), positions[0][0].x() + size / 2, HEADER - 26, font)

        # neurons, biases, wide-layer markers
        for k, col in enumerate(cols[1:], start=1):
            nodes, biases = [], []
            b = max(7.0, size * 0.26)
            for n, pos in enumerate(positions[k]):
                node = NodeItem(size, self._neuronTip(col, n))
                node.setPos(pos)
                scene.addItem(node)
                nodes.append(node)
                bias = BiasItem(b, self._onBiasClicked, self._neuronName(col, n))
                bias.setData(0, (col.param_layer, n))
                bias.setPos(pos.x() - b - 3, pos.y() + size - b)
                scene.addItem(bias)
                biases.append(bias)
            if col.drawn < col.units:
                more = MoreItem(size, col.units - col.drawn, col.units)
                last = positions[k][-1]
                more.setPos(last.x(), last.y() + size + gap)
                scene.addItem(more)
            self.nodes.append(nodes)
            self.biases.append(biases)

        # links between consecutive columns
        for k in range(1, len(cols)):
            src_col, dst_col = cols[k - 1], cols[k]
            if src_col.kind == "image":  # one bundle per neuron: the 64 pixels' links drawn as one
                starts = [positions[0][0] + QPointF(size, size / 2)]
                n_src = 1
            elif src_col.kind == "features":
                starts = [positions[0][column.index(f)] + QPointF(size, size / 2) for f in active]
                n_src = len(starts)
            else:
                starts = [p + QPointF(size, size / 2) for p in positions[k - 1]]
                n_src = src_col.drawn
            ends = [p + QPointF(0, size / 2) for p in positions[k]]
            pairs = [(i, j) for j in range(dst_col.drawn) for i in range(n_src)]
            item = LinksItem(
                starts,
                ends,
                pairs,
                lambda i, j, s=src_col, d=dst_col: (
                    f"{self._sourceName(s, i)} → {self._neuronName(d, j)}"
                ),
                lambda i, j, pos, layer=dst_col.param_layer: self._onLinkClicked(layer, i, j, pos),
            )
            scene.addItem(item)
            self.links.append(item)

        # headers: layer count, per-layer +/-, captions
        hidden = [c for c in cols if c.kind == "hidden"]
        first_x = left + spacing
        last_x = left + spacing * (len(cols) - 2) + size
        mid = (first_x + last_x) / 2 if hidden else left + spacing / 2 + size / 2
        minus = SceneButton("−", self.tr("Remove the last hidden layer (resets the network)"), 24)
        plus = SceneButton("+", self.tr("Add a hidden layer (resets the network)"), 24)
        minus.setEnabled(len(hidden) > 0)
        plus.setEnabled(len(hidden) < MAX_HIDDEN_LAYERS)
        minus.activated.connect(lambda: self.layerCountChangeRequested.emit(-1))
        plus.activated.connect(lambda: self.layerCountChangeRequested.emit(+1))
        title = QGraphicsSimpleTextItem(
            self.tr("{count} HIDDEN LAYERS").format(count=len(hidden))
            if len(hidden) != 1
            else self.tr("1 HIDDEN LAYER")
        )
        bold = QFont(font)
        bold.setBold(True)
        title.setFont(bold)
        tw = title.boundingRect().width()
        total = 24 + 6 + 24 + 12 + tw
        x0 = mid - total / 2
        minus.setPos(x0, 6)
        plus.setPos(x0 + 30, 6)
        title.setPos(x0 + 66, 6 + (24 - title.boundingRect().height()) / 2)
        for it in (minus, plus, title):
            scene.addItem(it)
        self.layerButtons = (minus, plus)
        for k, col in enumerate(cols):
            if col.kind != "hidden":
                continue
            x = left + k * spacing + size / 2
            m = SceneButton("−", self.tr("Remove a neuron from this layer (resets the network)"), 20)
            p = SceneButton("+", self.tr("Add a neuron to this layer (resets the network)"), 20)
            m.setEnabled(col.units > 1)
            p.setEnabled(col.units < MAX_UNITS)
            m.setPos(x - 23, 40)
            p.setPos(x + 3, 40)
            m.activated.connect(
                lambda layer=col.param_layer: self.unitsChangeRequested.emit(layer, -1)
            )
            p.activated.connect(
                lambda layer=col.param_layer: self.unitsChangeRequested.emit(layer, +1)
            )
            scene.addItem(m)
            scene.addItem(p)
            self.unitButtons.append((m, p))
            kind = "maxout" if col.layer_type == "maxout" else col.activation
            label = (
                self.tr("{count} neurons").format(count=col.units)
                if col.units != 1
                else self.tr("1 neuron")
            )
            self._caption(label, x, 66, small)
            extra = []
            if col.layer_type == "maxout":
                extra.append(f"maxout ×{col.pieces}")
            elif kind:
                extra.append(kind)
            if col.dropout:
                extra.append(f"dropout {col.dropout:.0%}")
            bottom = HEADER + (content + heights[k]) / 2
            self._caption(" · ".join(extra), x, bottom + 8, small, muted=True)
            grad = self._caption("", x, bottom + 26, small, muted=True)
            self._gradTexts.append(grad)
        out_x = left + (len(cols) - 1) * spacing + size / 2
        self._caption(self.tr("OUTPUT"), out_x, HEADER - 26, font)
        out_bottom = HEADER + (content + heights[-1]) / 2
        self._gradTexts.append(self._caption("", out_x, out_bottom + 8, small, muted=True))
        scene.setSceneRect(QRectF(0, 0, width, height))
        if self.transform().m11() != scale:
            self.setTransform(QTransform.fromScale(scale, scale))
        self._setTabOrder()
        self._columnCentres = [left + k * spacing + size / 2 for k in range(len(cols))]
        self.layoutChanged.emit()
        if self._lastSnapshot is not None:
            self.updateState(*self._lastSnapshot)

    def _setTabOrder(self) -> None:
        chain = []
        if self.layerButtons:
            chain += list(self.layerButtons)
        for m, p in self.unitButtons:
            chain += [m, p]
        chain += list(self.features.values())
        self._tabChain = chain

    def event(self, event: QEvent) -> bool:
        # QGraphicsView hands Tab to the scene, whose chain wraps around for ever; use ours instead.
        tab_keys = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        plain = Qt.KeyboardModifier.NoModifier
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in tab_keys
            and event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier == plain
        ):
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab walks the scene's buttons and feature nodes, then leaves the view (no keyboard trap)."""
        chain = [item for item in getattr(self, "_tabChain", []) if item.isEnabled()]
        current = self.scene().focusItem()
        if current in chain:
            i = chain.index(current) + (1 if next else -1)
        else:
            i = 0 if next else len(chain) - 1
        if chain and 0 <= i < len(chain) and self.hasFocus():
            self.scene().setFocusItem(chain[i], Qt.FocusReason.TabFocusReason)
            self.ensureVisible(chain[i])
            return True
        self.scene().clearFocus()
        return super().focusNextPrevChild(next)

    def _caption(
        self, text: str, cx: float, y: float, font: QFont, muted: bool = False
    ) -> QGraphicsSimpleTextItem:
        item = _CenteredText(text, cx)
        item.setFont(font)
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        item.setBrush(QColor(120, 120, 120) if muted else QColor(50, 50, 50))
        item.setPos(cx - item.boundingRect().width() / 2, y)
        self.scene().addItem(item)
        return item

    # ----- names for tooltips -----

    def _sourceName(self, col: Column, i: int) -> str:
        if col.kind == "image":
            return self.tr("the 64 pixels")
        if col.kind == "features":
            return self.tr("input {name}").format(name=feature_label(self._cfg["features"][i]))
        return self._neuronName(col, i)

    def _neuronName(self, col: Column, n: int) -> str:
        if col.kind == "output":
            if self._output_units == 1:
                return self.tr("the output neuron")
            return self.tr("output neuron {k} (class {c})").format(k=n + 1, c=n)
        return self.tr("neuron {k} of hidden layer {layer}").format(k=n + 1, layer=col.param_layer + 1)

    def _neuronTip(self, col: Column, n: int) -> str:
        name = self._neuronName(col, n)
        if image_shape(self._cfg) is not None:
            name = f"{name[0].upper()}{name[1:]}"
            if col.kind == "output":
                return self.tr("{name}: the probability that the current image is a {c}").format(name=name, c=n)
            if col.param_layer == 0:
                return self.tr(
                    "{name}: its 64 incoming weights as an 8×8 image (blue: ink there raises it, "
                    "orange: ink there lowers it)"
                ).format(name=name)
            return self.tr("{name}: its activation on the current image").format(name=name)
        if col.kind == "output":
            return self.tr("{name}: the network's prediction over the input square").format(
                name=f"{name[0].upper()}{name[1:]}"
            )
        kind = (
            self.tr("maxout of {pieces} pieces").format(pieces=col.pieces)
            if col.layer_type == "maxout"
            else col.activation
        )
        return self.tr("{name} ({kind}): its output over the input square").format(
            name=f"{name[0].upper()}{name[1:]}", kind=kind
        )

    # ----- drawing state -----

    def _showWeights(self, every_bundle: bool = False) -> None:
        if not self._weights:
            return
        total = sum(len(item.pairs) for item in self.links)
        turns = 1 if every_bundle else max(1, -(-total // LINKS_PER_FRAME))
        for p, item in enumerate(self.links):
            if p >= len(self._weights):
                break
            if turns > 1 and (p + self._frame) % turns:
                continue  # this bundle's turn comes in a later frame
            W = np.asarray(self._weights[p]["W"])
            peak = _signed_peak(W) if W.ndim == 3 else W
            src, dst = item.pairs[:, 0], item.pairs[:, 1]
            if p == 0 and self.isImageMode():
                self._showImageBundle(item, peak, dst)
                continue
            if len(src) and (src.max() >= peak.shape[0] or dst.max() >= peak.shape[1]):
                continue  # weights of another shape (a new network is on its way)
            item.setValues(peak[src, dst], lambda k, W=W, src=src, dst=dst: _fmt(W[src[k], dst[k]]))
        for p, biases in enumerate(self.biases):
            if p >= len(self._weights):
                break
            if turns > 1 and (p + self._frame) % turns:
                continue  # with its layer's links
            b = np.asarray(self._weights[p]["b"])[: len(biases)]
            shown = _signed_peak(b) if b.ndim == 2 else b
            colors = values_to_rgba(shown, -1.0, 1.0)
            for j, marker in enumerate(biases[: len(b)]):
                r, g, bl, _a = colors[j]
                marker.setValue(float(shown[j]), _fmt(b[j]), (int(r), int(g), int(bl)))

    def _showImageBundle(self, item: LinksItem, W: np.ndarray, dst: np.ndarray) -> None:
        """Image mode: the link into neuron j is the current image's pull on it (sum of pixel × weight),
        or, with no image, its mean weight; blue pulls it up, orange down."""
        pixels = None if self._image is None else self._image.get("pixels")
        if W.shape[0] != (64 if pixels is None else len(pixels)) or (len(dst) and dst.max() >= W.shape[1]):
            return
        pull = W.mean(axis=0) if pixels is None else np.asarray(pixels) @ W
        item.setValues(pull[dst], lambda k: f"{pull[dst[k]]:.4g}")

    def _showImage(self) -> None:
        """Image mode: the current image in the input column (empty: light grey)."""
        if self.inputImage is None:
            return
        pixels = None if self._image is None else self._image.get("pixels")
        shape = image_shape(self._cfg)
        if pixels is None or shape is None or len(pixels) != shape[0] * shape[1]:
            self.inputImage.setImage(digit_qimage(np.zeros(shape or (8, 8))))
        else:
            self.inputImage.setImage(digit_qimage(np.asarray(pixels).reshape(shape)))

    def _showImageNeurons(self) -> None:
        """Image mode: first-layer neurons show their weights as images, deeper ones their activation
        on the current image, the outputs its class probabilities."""
        self._showImage()
        shape = image_shape(self._cfg) or (8, 8)
        hidden = [] if self._image is None else self._image.get("hidden") or []
        probabilities = None if self._image is None else self._image.get("probabilities")
        for p, nodes in enumerate(self.nodes[:-1]):
            if p == 0 and self._weights:
                W = np.asarray(self._weights[0]["W"])
                W = _signed_peak(W) if W.ndim == 3 else W
                if W.shape[0] != shape[0] * shape[1]:
                    continue
                finite = np.abs(W[np.isfinite(W)])
                span = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
                for j, node in enumerate(nodes[: W.shape[1]]):
                    node.setImage(rgba_to_qimage(values_to_rgba(W[:, j].reshape(shape)[::-1], -span, span)))
            elif p < len(hidden):
                a = np.asarray(hidden[p])
                for j, node in enumerate(nodes[: len(a)]):
                    node.setImage(rgba_to_qimage(values_to_rgba(np.full((1, 1), a[j]), -1.0, 1.0)))
        out_nodes = self.nodes[-1] if self.nodes else []
        for k, node in enumerate(out_nodes):
            p = 0.0 if probabilities is None or k >= len(probabilities) else float(probabilities[k])
            node.setImage(rgba_to_qimage(class_ramp_rgba(np.full((1, 1), p), k)))

    def _showNeurons(self, neurons: list[np.ndarray], output: np.ndarray, complete: bool = True) -> None:
        if self.isImageMode():
            self._showImageNeurons()
            return
        total = sum(len(nodes) for nodes in self.nodes[:-1])
        turns = 1 if complete else max(1, -(-total // NEURONS_PER_FRAME))
        for p, grid in enumerate(neurons):
            if p >= len(self.nodes) - 1:
                break
            if turns > 1 and (p + self._frame) % turns:
                continue  # this layer's turn comes in a later frame
            nodes = self.nodes[p][: grid.shape[2]]
            step = thumbnail_step(grid.shape[0])
            # (units, rows, columns): each neuron's map contiguous (the snapshot keeps them so)
            maps = grid.transpose(2, 0, 1)[: len(nodes), ::step, ::step]
            for node, image in zip(nodes, heatmap_qimages(maps, -1.0, 1.0)):
                node.setImage(image)
        out_nodes = self.nodes[-1] if self.nodes else []
        step = thumbnail_step(output.shape[0])
        small = output[::step, ::step]
        if small.ndim == 2 and out_nodes:
            lo, hi = (0.0, 1.0) if self._task == "classification" else (-1.0, 1.0)
            out_nodes[0].setImage(heatmap_qimage(small, lo, hi))
        elif small.ndim == 3:
            for k, node in enumerate(out_nodes[: small.shape[2]]):
                node.setImage(rgba_to_qimage(class_ramp_rgba(small[:, :, k], k)))

    # ----- edits -----

    def _onFeatureActivated(self, name: str) -> None:
        node = self.features[name]
        on = not node.isOn()
        if not on and len(self._cfg.get("features", [])) <= 1:
            return  # the network needs at least one input
        self.featureToggled.emit(name, on)

    def _onLinkClicked(self, layer: int, i: int, j: int, pos: QPointF) -> None:
        if layer >= len(self._weights) or (layer == 0 and self.isImageMode()):
            return  # a bundle of 64 links: its weights show in the neuron's image, not one by one
        W = np.asarray(self._weights[layer]["W"])
        self._openEditor((layer, "W", (i, j)), W[i, j], pos)

    def _onBiasClicked(self, item: BiasItem, pos: QPointF) -> None:
        layer, j = item.data(0)
        if layer >= len(self._weights):
            return
        b = np.asarray(self._weights[layer]["b"])
        self._openEditor((layer, "b", (j,)), b[j], pos)

    def _openEditor(self, target: tuple[int, str, tuple], current: Any, pos: QPointF) -> None:
        self._editTarget = target
        count = int(np.size(current))
        view_pos = self.mapFromScene(pos)
        self.editor.open(_fmt(current), count, view_pos.x(), view_pos.y())

    def _onEditorCommitted(self, values: list[float]) -> None:
        if self._editTarget is None:
            return
        layer, key, index = self._editTarget
        self._editTarget = None
        value: object = values[0] if len(values) == 1 else values
        self.weightEdited.emit(layer, key, index, value)


class _CenteredText(QGraphicsSimpleTextItem):
    """Text that stays centred on x when it changes."""

    def __init__(self, text: str, cx: float) -> None:
        super().__init__(text)
        self._cx = cx

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setX(self._cx - self.boundingRect().width() / 2)
