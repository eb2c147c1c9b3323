"""The layer builder's widgets: header cards over the columns, dropout chips, the strip, the drop bar.

They only show a layer and report what the user does to a LayerEditor (the NetworkBuilder in
builder.py), which edits the config; nothing here knows the worker.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.config import ACTIVATIONS, MAX_PIECES
from playground.session import config_edits
from playground.session import layer_edits as E
from playground.ui.layer_palette import DragSource, glyph_pixmap, layer_tip, layer_title
from playground.ui.network_view import MAX_DRAWN_UNITS
from playground.ui.number_fields import CheckedDoubleSpinBox, CheckedSpinBox


class LayerEditor(Protocol):
    """What the headers report to: the layer builder."""

    def select(self, index: int | None) -> None: ...
    def startLayerDrag(self, index: int, source: QWidget) -> Qt.DropAction: ...
    def removeLayer(self, index: int) -> None: ...
    def moveLayer(self, index: int, step: int) -> None: ...
    def setLayerValue(self, index: int, key: str, value: Any) -> None: ...
    def layerMenu(self, index: int, parent: QWidget) -> QMenu: ...
    def placeHeaders(self) -> None: ...
    def handleDrag(self, event: QEvent, strip: LayerStrip | None) -> bool: ...
    def statusMessage(self, text: str) -> None: ...


STYLE = """
QFrame#layerPalette { background: #f7f7f7; border-right: 1px solid #e2e2e2; }
QFrame#paletteItem { background: #ffffff; border: 1px solid #cfcfcf; border-radius: 6px; }
QFrame#paletteItem:hover { border-color: #777777; }
QFrame#paletteItem:focus { border: 2px dashed #5aa0ff; }
QLabel#parameterCount { font-weight: bold; color: #333333; }
QWidget#layerStrip { background: #ffffff; }
QFrame#layerCard, QFrame#dropoutChip {
    background: #fafafa; border: 1px solid #cfcfcf; border-radius: 5px;
}
QFrame#dropoutChip { background: #f2f2f2; }
QFrame#layerCard[frozen="true"] { background: #e4effb; border-color: #7fa9d9; }
QFrame#layerCard[selected="true"], QFrame#dropoutChip[selected="true"] {
    border: 2px solid #2a6edb;
}
QFrame#layerCard:focus, QFrame#dropoutChip:focus { border: 2px dashed #2a6edb; }
QFrame#layerCard QLabel, QFrame#dropoutChip QLabel { border: none; background: transparent; }
QLabel#layerTitle { font-weight: bold; font-size: 9pt; }
QLabel#grip { color: #999999; }
QLabel#stripHint { color: #888888; font-size: 11pt; }
"""


# What a header too narrow for an activation's name shows instead (the list shows the full names).
SHORT_NAMES = {
    "linear": "lin", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "lReLU",
    "prelu": "PReLU", "elu": "ELU", "selu": "SELU", "softplus": "s⁺", "gelu": "GELU",
    "silu": "SiLU", "sin": "sin",
}  # fmt: skip


TINY_COMBO = "QComboBox { padding: 1px 2px; } QComboBox::drop-down { width: 0px; border: none; }"


class ActivationCombo(QComboBox):
    """An activation list whose closed box shows the whole name, or a short one where the name
    does not fit ('σ', not 'sigmc'); the open list always has the full names."""

    def _room(self, opt: QStyleOptionComboBox):
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self
        )

    def shownText(self) -> str:
        """The text the closed box draws."""
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        room = self._room(opt).width()
        fm = self.fontMetrics()
        full = self.currentText()
        if fm.horizontalAdvance(full) <= room:
            return full
        short = SHORT_NAMES.get(self.currentData(), full)
        if fm.horizontalAdvance(short) <= room:
            return short
        return fm.elidedText(short, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        text = self.shownText()
        opt.currentText = ""
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self._room(opt), flags, text)


class DropIndicator(QWidget):
    """Where a drop will land: a vertical bar with a label (red with the reason when refused)."""

    WIDTH = 230

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("dropIndicator")
        self._text = ""
        self._refused = False
        self.hide()

    def text(self) -> str:
        """The label shown."""
        return self._text

    def isRefused(self) -> bool:
        """Whether the indicator says the drop is refused."""
        return self._refused

    def showAt(self, x: int, text: str, refused: bool) -> None:
        """Put the bar at x (parent coordinates) with this label."""
        self._text, self._refused = text, refused
        self.setGeometry(x - self.WIDTH // 2, 0, self.WIDTH, self.parentWidget().height())
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(200, 50, 40) if self._refused else QColor(42, 110, 219)
        cx = self.width() / 2
        pen = QPen(color, 4)
        if self._refused:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(cx, 2), QPointF(cx, self.height() - 2))
        if self._text:
            fm = p.fontMetrics()
            w = min(self.width() - 4, fm.horizontalAdvance(self._text) + 14)
            h = fm.height() * (2 if fm.horizontalAdvance(self._text) + 14 > self.width() else 1) + 8
            rect = QRectF(cx - w / 2, 6, w, h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(rect, 5, 5)
            p.setPen(QColor(255, 255, 255))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._text)
        p.end()


class LayerHandle(DragSource, QFrame):
    """A layer's header (card or dropout chip): select, drag, Delete, Alt+arrows, context menu."""

    def __init__(self, builder: LayerEditor, index: int, layer: dict) -> None:
        super().__init__()
        self.builder = builder
        self.index = index
        self.kind = E.kind_of(layer)
        self._pressPos: QPoint | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setProperty("selected", False)

    def focusChain(self) -> list[QWidget]:
        """The header and its controls, in Tab order."""
        return [self]

    def setCompact(self, on: bool) -> None:
        """Narrow columns: no grip, spin boxes without buttons (the view's + / − stay)."""
        if self.property("compact") == on:
            return
        self.setProperty("compact", on)
        for grip in self.findChildren(QLabel, "grip"):
            grip.setVisible(not on)
        symbols = QAbstractSpinBox.ButtonSymbols
        for spin in self.findChildren(QAbstractSpinBox):
            spin.setButtonSymbols(symbols.NoButtons if on else symbols.PlusMinus)

    def setTiny(self, on: bool) -> None:
        """Very narrow columns (a scaled-down view on a small screen): the glyph without the title,
        a list without its arrow showing a short name, no freeze button (the context menu has it)."""
        if self.property("tiny") == on:
            return
        self.setProperty("tiny", on)
        for name in self.findChildren(QLabel, "layerTitle"):
            name.setVisible(not on)
        for button in self.findChildren(QToolButton):
            button.setVisible(not on)
        for combo in self.findChildren(QComboBox):
            combo.setStyleSheet(TINY_COMBO if on else "")

    def setSelected(self, on: bool) -> None:
        """Highlight as the selected layer."""
        if bool(self.property("selected")) != on:
            self.setProperty("selected", on)
            self.style().unpolish(self)
            self.style().polish(self)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.builder.select(self.index)
        super().focusInEvent(event)

    def startDragging(self) -> None:
        self.builder.startLayerDrag(self.index, self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.builder.removeLayer(self.index)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and mods & Qt.KeyboardModifier.AltModifier:
            self.builder.moveLayer(self.index, -1 if key == Qt.Key.Key_Left else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.builder.layerMenu(self.index, self).exec(event.globalPos())


def _spin(builder: LayerEditor, lo: int, hi: int, tip: str, refusal: str) -> CheckedSpinBox:
    """A field that takes typing: one edit per Enter / arrow click, not per digit typed; a number
    out of range (999 units) is refused with refusal ({text}, {lo}, {hi}, {value}), not cut to 99."""
    s = CheckedSpinBox(lo, hi, refusal)
    s.setButtonSymbols(CheckedSpinBox.ButtonSymbols.PlusMinus)
    s.setAccelerated(True)
    s.setToolTip(tip)
    s.refused.connect(builder.statusMessage)
    return s


def _title_row(handle: LayerHandle, title: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(3)
    grip = QLabel("⠿")
    grip.setObjectName("grip")
    grip.setToolTip(
        QCoreApplication.translate("LayerCard", "Drag to move; drag out of the network to remove")
    )
    glyph = QLabel()
    glyph.setPixmap(glyph_pixmap(handle.kind, 14))
    name = QLabel(title)
    name.setObjectName("layerTitle")
    for w in (grip, glyph, name):
        row.addWidget(w)
    row.addStretch(1)
    return row


class LayerCard(LayerHandle):
    """The header of a dense or maxout layer: title, activation or pieces, units, freeze."""

    def __init__(self, builder: LayerEditor, index: int, layer: dict, number: int) -> None:
        super().__init__(builder, index, layer)
        self.setObjectName("layerCard")
        self.number = number  # 1-based hidden layer number, as the view names it
        box = QVBoxLayout(self)
        box.setContentsMargins(5, 3, 5, 5)
        box.setSpacing(3)
        row = _title_row(self, layer_title(self.kind))
        self.freezeButton = QToolButton()
        self.freezeButton.setText("❄")
        self.freezeButton.setCheckable(True)
        self.freezeButton.setAutoRaise(True)
        self.freezeButton.setToolTip(
            self.tr(
                "Freeze: keep this layer's weights fixed while the rest trains (keeps the weights)"
            )
        )
        self.freezeButton.setAccessibleName(
            self.tr("Freeze hidden layer {number}").format(number=number)
        )
        self.freezeButton.clicked.connect(
            lambda on: builder.setLayerValue(self.index, "frozen", bool(on))
        )
        box.addLayout(row)
        self.activationCombo: QComboBox | None = None
        self.piecesSpin: CheckedSpinBox | None = None
        if self.kind == "dense":
            combo = ActivationCombo()
            for a in ACTIVATIONS:
                combo.addItem(a, a)
            combo.setToolTip(
                self.tr("Activation of hidden layer {number} (resets the network)").format(
                    number=number
                )
            )
            combo.setMinimumContentsLength(1)  # a narrow header shows a short name
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.activated.connect(
                lambda _i: builder.setLayerValue(self.index, "activation", combo.currentData())
            )
            self.activationCombo = combo
            box.addWidget(combo)
        else:
            spin = _spin(
                builder,
                2,
                MAX_PIECES,
                self.tr("Linear pieces per maxout neuron (2–{most})").format(most=MAX_PIECES),
                self.tr(
                    "“{text}” is not a number of pieces a maxout neuron can have: pieces "
                    "{lo}–{hi}. The layer keeps {value}."
                ),
            )
            spin.setPrefix("×")
            spin.valueChanged.connect(lambda v: builder.setLayerValue(self.index, "pieces", v))
            self.piecesSpin = spin
            box.addWidget(spin)
        self.unitsSpin = _spin(
            builder,
            1,
            config_edits.MAX_UNITS,
            self.tr(
                "Neurons in this layer (1–{most}; more than {drawn} are drawn collapsed; resets "
                "the network)"
            ).format(most=config_edits.MAX_UNITS, drawn=MAX_DRAWN_UNITS),
            self.tr(
                "“{text}” is not a number of neurons a layer can have: units {lo}–{hi}. "
                "The layer keeps {value}."
            ),
        )
        self.unitsSpin.setAccessibleName(
            self.tr("Neurons in hidden layer {number}").format(number=number)
        )
        self.unitsSpin.valueChanged.connect(lambda v: builder.setLayerValue(self.index, "units", v))
        units = QHBoxLayout()
        units.setContentsMargins(0, 0, 0, 0)
        units.setSpacing(2)
        units.addWidget(self.unitsSpin, 1)
        units.addWidget(self.freezeButton)
        box.addLayout(units)
        self.setValues(layer)

    def focusChain(self) -> list[QWidget]:
        """The header and its controls, in Tab order."""
        kind_control = self.activationCombo or self.piecesSpin
        return [self, kind_control, self.unitsSpin, self.freezeButton]

    def setValues(self, layer: dict) -> None:
        """Show the layer's settings without sending edits."""
        frozen = bool(layer.get("frozen", False))
        name = E.describe(layer)
        if frozen:
            name = self.tr("{layer} (frozen)").format(layer=name)
        self.setToolTip(
            self.tr("Hidden layer {number}: {layer}").format(number=self.number, layer=name)
            + "\n"
            + layer_tip(self.kind)
            + "\n"
            + self.tr(
                "Drag to move it, drag it out of the view to remove it; Delete removes, "
                "Alt+←/→ moves, right-click for more."
            )
        )
        for w, value in (
            (self.unitsSpin, int(layer.get("units", E.NEW_UNITS))),
            (self.piecesSpin, int(layer.get("pieces", E.NEW_PIECES))),
        ):
            if w is not None and w.value() != value:
                w.blockSignals(True)
                w.setValue(value)
                w.blockSignals(False)
        if self.activationCombo is not None:
            i = self.activationCombo.findData(layer.get("activation", "tanh"))
            if i >= 0 and i != self.activationCombo.currentIndex():
                self.activationCombo.setCurrentIndex(i)
        self.freezeButton.setChecked(frozen)
        if bool(self.property("frozen")) != frozen:
            self.setProperty("frozen", frozen)
            self.style().unpolish(self)
            self.style().polish(self)


class DropoutChip(LayerHandle):
    """A dropout drawn in a column: its rate; drag, Delete and the context menu as for any layer."""

    def __init__(self, builder: LayerEditor, index: int, layer: dict) -> None:
        super().__init__(builder, index, layer)
        self.setObjectName("dropoutChip")
        box = QVBoxLayout(self)
        box.setContentsMargins(5, 2, 5, 3)
        box.setSpacing(2)
        box.addLayout(_title_row(self, layer_title("dropout")))
        self.rateSpin = CheckedDoubleSpinBox(
            0.0,
            E.MAX_RATE,
            2,
            self.tr(
                "“{text}” is not a dropout rate: rate {lo}–{hi} (the share of outputs silenced). "
                "The layer keeps {value}."
            ),
        )
        self.rateSpin.setSingleStep(0.05)
        self.rateSpin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.PlusMinus)
        self.rateSpin.refused.connect(builder.statusMessage)
        self.rateSpin.setToolTip(
            self.tr("Share of the outputs silenced while training (resets the network)")
        )
        self.rateSpin.valueChanged.connect(lambda v: builder.setLayerValue(self.index, "rate", v))
        box.addWidget(self.rateSpin)
        self.setValues(layer)

    def focusChain(self) -> list[QWidget]:
        """The chip and its rate, in Tab order."""
        return [self, self.rateSpin]

    def setValues(self, layer: dict) -> None:
        """Show the rate without sending an edit."""
        rate = float(layer.get("rate", 0.5))
        self.setToolTip(
            self.tr("Dropout {rate:g}: {tip}").format(rate=rate, tip=layer_tip("dropout"))
            + "\n"
            + QCoreApplication.translate(
                "LayerCard",
                "Drag to move it, drag it out of the view to remove it; Delete removes, "
                "Alt+←/→ moves, right-click for more.",
            )
        )
        if abs(self.rateSpin.value() - rate) > 1e-9:
            self.rateSpin.blockSignals(True)
            self.rateSpin.setValue(rate)
            self.rateSpin.blockSignals(False)


class LayerStrip(QWidget):
    """The row of layer headers above the network view; also a drop target."""

    def __init__(self, builder: LayerEditor) -> None:
        super().__init__()
        self.builder = builder
        self.setObjectName("layerStrip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAcceptDrops(True)
        self.setFixedHeight(96)
        self.hint = QLabel(
            self.tr("Drag Dense, Maxout or Dropout from the palette into the network"), self
        )
        self.hint.setObjectName("stripHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.hint.setGeometry(self.rect())
        self.builder.placeHeaders()

    def event(self, event: QEvent) -> bool:
        if self.builder.handleDrag(event, self):
            return True
        return super().event(event)
