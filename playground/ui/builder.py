"""The layer builder around the network view: palette, layer headers, drops, and undo / redo.

Layout: the palette on the left; above the network view a strip of header cards, one over each
hidden column (activation or pieces, units, freeze), with the column's dropouts as chips under it
(layer_headers.py). Every edit changes the `layers` of the config the worker will have (the single
source of truth), asks the worker for its experiment as it is now (Experiment.to_dict(): weights,
optimizer state, history), then sends the new config: a reset, as in TensorFlow Playground, except
freezing, which keeps the weights. The edit goes on a QUndoStack; undo sends the saved experiment back.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCursor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from playground.errors import Refusal
from playground.session import config_edits
from playground.session import layer_edits as E
from playground.session.session import LIVE_KEYS
from playground.session.snapshot import Snapshot
from playground.ui.host import MenuId, WindowHost
from playground.ui.layer_headers import (
    STYLE,
    DropIndicator,
    DropoutChip,
    LayerCard,
    LayerHandle,
    LayerStrip,
)
from playground.ui.layer_palette import (
    GAP_AFTER_SELECTION,
    TITLES,
    LayerPalette,
    layer_title,
    make_mime,
    parse_payload,
)
from playground.ui.network_view import NetworkView

MESSAGE_MS = 8000
CARD_MAX_WIDTH = 132
CARD_MIN_WIDTH = 24  # the columns of a scaled-down view on a 1280×720 screen can be ~37 px apart
COMPACT_WIDTH = 100  # narrower cards drop the grip and the spin buttons
TINY_WIDTH = 64  # narrower still: the glyph alone, short activation names, no freeze button


# Undo entries for a changed setting of a layer ("Units of Dense 4 tanh: 8").
_VALUE_TEXTS = {
    "units": QT_TRANSLATE_NOOP("NetworkBuilder", "Units of {name}: {value}"),
    "activation": QT_TRANSLATE_NOOP("NetworkBuilder", "Activation of {name}: {value}"),
    "pieces": QT_TRANSLATE_NOOP("NetworkBuilder", "Pieces of {name}: {value}"),
    "rate": QT_TRANSLATE_NOOP("NetworkBuilder", "Rate of {name}: {value}"),
}


_REFUSALS = {
    "most_hidden_layers": QT_TRANSLATE_NOOP(
        "NetworkBuilder", "the network already has the most hidden layers allowed ({count})"
    ),
    "most_layers": QT_TRANSLATE_NOOP(
        "NetworkBuilder", "the engine takes at most {count} layers, dropout included"
    ),
}


def _reason(refusal: Refusal) -> str:
    """layer_edits' refusal (a code and its arguments) in the interface language."""
    template = _REFUSALS.get(refusal.code)
    if template is None:
        return str(refusal)
    return QCoreApplication.translate("NetworkBuilder", template).format(**refusal.args_)


class Refused(Exception):
    """An edit that would break a limit; the message says why, in plain words."""


class EditCommand(QUndoCommand):
    """One edit of the layers. The engine keeps the experiment from just before it (a checkpoint),
    so undo gives back the network exactly, trained weights and optimizer state included; every
    step is a command in the engine's queue, so nothing waits for an answer."""

    def __init__(
        self, builder: NetworkBuilder, text: str, before: dict, after: dict, structural: bool
    ) -> None:
        super().__init__(text)
        self._builder = builder
        self._structural = structural  # layers added, removed or moved: the headers go stale
        key = uuid.uuid4().hex
        self._beforeKey, self._redoKey = key + "-before", key + "-redo"
        self._beforeConfig = before  # the config before the edit (if the checkpoint is forgotten)
        self._after = after  # the edited config
        self._undone = False

    def redo(self) -> None:
        b = self._builder
        if self._undone:
            b._revert(self._redoKey, self._after)
        else:
            b._checkpoint(self._beforeKey)
            b._apply(self._after)
        if self._structural:
            b._structuralSeq = b._lastSeq

    def undo(self) -> None:
        b = self._builder
        self._undone = True
        b._checkpoint(self._redoKey)
        b._revert(self._beforeKey, self._beforeConfig)
        if self._structural:
            b._structuralSeq = b._lastSeq


def _structure_key(cfg: dict) -> dict:
    """What an undo entry depends on: everything but the settings that change live."""
    return {k: v for k, v in cfg.items() if k not in LIVE_KEYS}


def _new_index(layers: list[dict], column: int, weight: bool) -> int:
    """Index of the weight layer in column `column`, or of the last dropout drawn in it."""
    idx = [i for i, layer in enumerate(layers) if E.has_weights(layer)]
    if weight:
        return idx[column - 1]
    return (idx[column] if column < len(idx) else len(layers)) - 1


class NetworkBuilder(QWidget):
    """Palette and layer headers around a NetworkView; `attach(host)` connects it to the engine."""

    def __init__(self, view: NetworkView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkBuilder")
        self.setStyleSheet(STYLE)
        self.view = view
        self.layerPalette = LayerPalette()
        self.strip = LayerStrip(self)
        self.undoStack = QUndoStack(self)
        self.execDrag: Callable[[QDrag], Qt.DropAction] = lambda drag: drag.exec(
            Qt.DropAction.MoveAction
        )
        self._token = uuid.uuid4().hex
        self.layerPalette.token = self._token
        self._host: WindowHost | None = None
        self._layers: list[dict] = []
        self._signature: tuple | None = None
        self._handles: list[LayerHandle] = []  # by config index
        self._slots: dict[int, QWidget] = {}  # column -> container of its card and chips
        self._selected: int | None = None
        self._refocus = False
        self._lastSeq = 0
        self._structuralSeq = -1  # the newest layer add, remove or move sent
        self._drawnSeq = -1  # the newest snapshot the headers follow
        self._baseline: dict | None = None
        self._countKey: tuple | None = None
        self._inside: set[str] = set()  # hosts a drag is over now
        self._layerDrag: int | None = None

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.strip)
        right.addWidget(view, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.layerPalette)
        row.addLayout(right, 1)

        self.viewIndicator = DropIndicator(view.viewport())
        self.stripIndicator = DropIndicator(self.strip)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)
        view.layoutChanged.connect(self._onLayoutChanged)
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self.placeHeaders())
        self.layerPalette.insertRequested.connect(self.insertLayer)
        self.layerPalette.layerReturned.connect(self.removeLayer)
        self._buildActions()
        self._onLayoutChanged()

    # ----- wiring -----

    def attach(self, host: WindowHost) -> None:
        """Take edits to the host's engine client, follow the frames drawn, fill the Edit menu."""
        self._host = host
        host.frameDrawn.connect(self._onSnapshot)
        menu = host.menu(MenuId.EDIT)
        self.editMenu = menu
        menu.addAction(self.undoAction)
        menu.addAction(self.redoAction)
        menu.addSeparator()
        add = menu.addMenu(self.tr("&Add layer"))
        for kind in TITLES:
            add.addAction(self.addActions_[kind])
        for a in (self.removeAction, self.moveLeftAction, self.moveRightAction, self.freezeAction):
            menu.addAction(a)
        host.addShortcuts(self.undoAction, self.redoAction)

    def _buildActions(self) -> None:
        def action(text: str, slot: Callable, keys: tuple = (), tip: str = "") -> QAction:
            a = QAction(text, self)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            return a

        self.undoAction = action(
            self.tr("&Undo"),
            self.undo,
            (QKeySequence.StandardKey.Undo,),
            self.tr("Undo the last layer edit"),
        )
        self.redoAction = action(
            self.tr("&Redo"),
            self.redo,
            ("Ctrl+Shift+Z", "Ctrl+Y"),
            self.tr("Redo the layer edit undone"),
        )
        self.undoAction.setEnabled(False)
        self.redoAction.setEnabled(False)
        self.undoStack.canUndoChanged.connect(self.undoAction.setEnabled)
        self.undoStack.canRedoChanged.connect(self.redoAction.setEnabled)
        self.undoStack.undoTextChanged.connect(
            lambda t: self.undoAction.setText(
                self.tr("&Undo {what}").format(what=t) if t else self.tr("&Undo")
            )
        )
        self.undoStack.redoTextChanged.connect(
            lambda t: self.redoAction.setText(
                self.tr("&Redo {what}").format(what=t) if t else self.tr("&Redo")
            )
        )
        self.addActions_ = {
            kind: action(
                layer_title(kind),
                lambda _c=False, k=kind: self.insertLayer(k, GAP_AFTER_SELECTION),
                tip=self.tr("Add a {kind} layer after the selected one (or at the end)").format(
                    kind=layer_title(kind)
                ),
            )
            for kind in TITLES
        }
        self.removeAction = action(
            self.tr("&Remove selected layer"),
            lambda: self._onSelected(self.removeLayer),
            ("Delete",),
        )
        self.moveLeftAction = action(
            self.tr("Move selected layer &left"),
            lambda: self._onSelected(self.moveLayer, -1),
            ("Alt+Left",),
        )
        self.moveRightAction = action(
            self.tr("Move selected layer ri&ght"),
            lambda: self._onSelected(self.moveLayer, 1),
            ("Alt+Right",),
        )
        self.freezeAction = action(
            self.tr("&Freeze / unfreeze selected layer"),
            lambda: self._onSelected(self.toggleFreeze),
        )
        # Delete and Alt+arrows act where the builder has focus, not in the rest of the window.
        for a in (self.removeAction, self.moveLeftAction, self.moveRightAction):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(a)
        self._syncSelectionActions()

    # ----- public edits (each is queued, then runs on the engine's current layers) -----

    def insertLayer(self, kind: str, gap: int = GAP_AFTER_SELECTION) -> None:
        """Add a layer of this kind at a gap (GAP_AFTER_SELECTION: after the selected layer)."""
        selected = self._selected

        def change(layers: list[dict]) -> tuple[list[dict], str, int]:
            reason = E.insert_refusal(layers, kind)
            if reason:
                raise Refused(
                    self.tr("Cannot add {kind}: {reason}.").format(
                        kind=layer_title(kind) if kind in TITLES else kind, reason=_reason(reason)
                    )
                )
            g = gap
            if g == GAP_AFTER_SELECTION:
                g = (
                    E.column_of(layers, selected)
                    if selected is not None and selected < len(layers)
                    else E.weight_count(layers)
                )
            g = max(0, min(E.weight_count(layers), g))
            layer = E.new_layer(kind, self._defaultActivation(layers))
            new = E.insert(layers, g, layer)
            weight = E.has_weights(layer)
            text = self.tr("Add {layer}").format(layer=E.describe(layer))
            return new, text, _new_index(new, g + 1 if weight else g, weight)

        self._edit(change, structural=True)

    def removeLayer(self, index: int) -> None:
        """Remove a layer (a dense or maxout layer goes with the dropouts drawn in its column)."""

        def change(layers: list[dict]) -> tuple[list[dict], str, int | None]:
            self._check(layers, index)
            text = self.tr("Remove {layer}").format(layer=E.describe(layers[index]))
            return E.remove(layers, index), text, None

        self._edit(change, structural=True)

    def moveLayer(self, index: int, step: int) -> None:
        """Move a layer one column left (-1) or right (+1)."""

        def change(layers: list[dict]) -> tuple[list[dict], str, int]:
            self._check(layers, index)
            gap = E.neighbour_gap(layers, index, step)
            if gap is None:
                raise Refused(
                    self.tr("{layer} is already at that end.").format(
                        layer=E.describe(layers[index])
                    )
                )
            return self._moved(layers, index, gap)

        self._refocus = self._focusInStrip()
        self._edit(change, structural=True)

    def moveToGap(self, index: int, gap: int) -> None:
        """Move a layer (with its column's dropouts, for a dense or maxout layer) to a gap."""

        def change(layers: list[dict]) -> tuple[list[dict], str, int]:
            self._check(layers, index)
            return self._moved(layers, index, gap)

        self._edit(change, structural=True)

    def setLayerValue(self, index: int, key: str, value: Any) -> None:
        """Change units, activation, pieces, rate or frozen of one layer."""
        keep = key == "frozen"  # freezing keeps the weights: that is its point

        def change(layers: list[dict]) -> tuple[list[dict], str, int]:
            self._check(layers, index)
            if self._headersStale(layers):
                # The header was drawn before an add, remove or move the engine has not shown yet:
                # its index may name another layer now. Nothing changes; the header shows the truth.
                self._showShownValues(index)
                raise Refused(
                    self.tr(
                        "The layers changed just before this edit, so it was not made; the "
                        "headers show the network now. Try again."
                    )
                )
            new = E.set_value(layers, index, key, value)
            name = E.describe(layers[index])
            if key == "frozen":
                text = (self.tr("Freeze {layer}") if value else self.tr("Unfreeze {layer}")).format(
                    layer=name
                )
            else:
                template = self.tr(_VALUE_TEXTS.get(key, key.capitalize() + " of {name}: {value}"))
                text = template.format(name=name, value=f"{new[index][key]!s}")
            return new, text, index

        self._edit(change, keep_state=keep)

    def toggleFreeze(self, index: int) -> None:
        """Freeze a weight layer, or unfreeze it."""
        if 0 <= index < len(self._layers) and E.has_weights(self._layers[index]):
            self.setLayerValue(index, "frozen", not self._layers[index].get("frozen", False))

    def changeUnits(self, weight_layer: int, delta: int) -> None:
        """Add delta neurons to a hidden layer with weights (the view's + / − buttons)."""
        idx = [i for i, layer in enumerate(self._layers) if E.has_weights(layer)]
        if 0 <= weight_layer < len(idx):
            i = idx[weight_layer]
            self.setLayerValue(i, "units", int(self._layers[i].get("units", 1)) + delta)

    def changeLayerCount(self, delta: int) -> None:
        """Add a small dense layer at the end, or remove the last one (the view's + / − buttons)."""

        def change(layers: list[dict]) -> tuple[list[dict], str, int | None]:
            if delta > 0:
                reason = E.insert_refusal(layers, "dense")
                if reason:
                    raise Refused(
                        self.tr("Cannot add a layer: {reason}.").format(reason=_reason(reason))
                    )
                return (
                    config_edits.add_layer({"layers": layers})["layers"],
                    self.tr("Add a hidden layer"),
                    None,
                )
            return (
                config_edits.remove_layer({"layers": layers})["layers"],
                self.tr("Remove the last hidden layer"),
                None,
            )

        self._edit(change, structural=True)

    def setAllActivations(self, activation: str) -> None:
        """Every dense layer gets this activation (the top bar's combo)."""

        def change(layers: list[dict]) -> tuple[list[dict], str, None]:
            new = config_edits.set_activation({"layers": layers}, activation)["layers"]
            return new, self.tr("Activation of every layer: {name}").format(name=activation), None

        self._edit(change)

    def undo(self) -> None:
        """Undo the last layer edit (Ctrl+Z): the network as it was, weights included."""
        if self.undoStack.canUndo():
            self.undoStack.undo()

    def redo(self) -> None:
        """Redo the layer edit undone last (Ctrl+Shift+Z)."""
        if self.undoStack.canRedo():
            self.undoStack.redo()

    def selectedIndex(self) -> int | None:
        """Index in the config's layers of the selected layer, or None."""
        return self._selected

    def select(self, index: int | None) -> None:
        """Select a layer (what Delete, Alt+arrows and the Edit menu act on)."""
        self._selected = index if index is not None and 0 <= index < len(self._layers) else None
        for i, h in enumerate(self._handles):
            h.setSelected(i == self._selected)
        self._syncSelectionActions()

    def handle(self, index: int) -> LayerHandle:
        """The header card or chip of layers[index]."""
        return self._handles[index]

    def gapPoint(self, gap: int) -> QPoint:
        """A viewport point where a drop lands at this gap (0: before the first hidden layer)."""
        xs = self._gapSceneX()
        x = xs[max(0, min(len(xs) - 1, gap))] if xs else 0.0
        p = self.view.mapFromScene(QPointF(x, 0))
        return QPoint(p.x(), self.view.viewport().height() // 2)

    def layerMenu(self, index: int, parent: QWidget) -> QMenu:
        """The context menu of a layer header."""
        menu = QMenu(parent)
        layer = self._layers[index]
        left = menu.addAction(self.tr("Move &left") + "\tAlt+←", lambda: self.moveLayer(index, -1))
        right = menu.addAction(self.tr("Move &right") + "\tAlt+→", lambda: self.moveLayer(index, 1))
        left.setEnabled(E.neighbour_gap(self._layers, index, -1) is not None)
        right.setEnabled(E.neighbour_gap(self._layers, index, 1) is not None)
        menu.addAction(self.tr("Re&move") + "\tDelete", lambda: self.removeLayer(index))
        if E.has_weights(layer):
            freeze = menu.addAction(self.tr("&Freeze weights"), lambda: self.toggleFreeze(index))
            freeze.setCheckable(True)
            freeze.setChecked(bool(layer.get("frozen", False)))
            menu.addSeparator()
            p = E.weight_index(self._layers, index)
            for title, gap in ((self.tr("Insert &before"), p), (self.tr("Insert &after"), p + 1)):
                sub = menu.addMenu(title)
                for kind in TITLES:
                    a = sub.addAction(layer_title(kind), lambda k=kind, g=gap: self.insertLayer(k, g))
                    a.setEnabled(E.insert_refusal(self._layers, kind) is None)
        return menu

    # ----- running edits -----

    def _headersStale(self, layers: list[dict]) -> bool:
        """Whether the headers show other layers than the edit would change."""
        kinds = [E.kind_of(layer) for layer in layers]
        shown = [E.kind_of(layer) for layer in self._layers]
        return kinds != shown or self._structuralSeq > self._drawnSeq

    def _showShownValues(self, index: int) -> None:
        if 0 <= index < len(self._handles) and index < len(self._layers):
            QTimer.singleShot(0, self, lambda: self._restoreHandle(index))

    def _restoreHandle(self, index: int) -> None:
        if 0 <= index < len(self._handles) and index < len(self._layers):
            self._handles[index].setValues(self._layers[index])

    def _check(self, layers: list[dict], index: int) -> None:
        if not 0 <= index < len(layers):
            raise Refused(self.tr("That layer is no longer there."))

    def _moved(self, layers: list[dict], index: int, gap: int) -> tuple[list[dict], str, int]:
        new = E.move(layers, index, gap)
        p = E.weight_index(layers, index)
        if p is None:
            column = max(0, min(E.weight_count(layers), gap))
            text = self.tr("Move {layer}").format(layer=E.describe(layers[index]))
            return new, text, _new_index(new, column, False)
        # Clamped as E.move clamps: a gap taken from the headers drawn can lie past the end of
        # layers that an edit still on its way has changed.
        target = max(0, min(E.weight_count(layers) - 1, gap - 1 if gap > p else gap))
        text = self.tr("Move {layer}").format(layer=E.describe(layers[index]))
        return new, text, _new_index(new, target + 1, True)

    def _defaultActivation(self, layers: list[dict]) -> str:
        # The one the dense layers share (what the top bar's Activation shows), the first dense
        # layer's when they differ, else TF Playground's tanh.
        return config_edits.first_activation({"layers": layers}) or "tanh"

    def _onSelected(self, fn: Callable, *args: Any) -> None:
        if self._selected is not None:
            fn(self._selected, *args)

    def _edit(self, change: Callable, keep_state: bool = False, structural: bool = False) -> bool:
        """Apply change(layers) -> (layers, undo text, index to select) to the config; True if sent."""
        try:
            cfg = self._pendingConfig()
            if not cfg or self._host is None or not self._host.client.isReady():
                raise Refused(
                    self.tr("The training engine is still starting; try again in a moment.")
                )
            layers = cfg.get("layers", [])
            new, text, select = change(copy.deepcopy(layers))
        except Refused as exc:
            self._refocus = False
            self.statusMessage(str(exc))
            return False
        if new == layers:
            self._refocus = False
            return False
        after = copy.deepcopy(cfg)
        after["layers"] = new
        command = EditCommand(self, text, cfg, after, structural)
        self._selected = select
        self.undoStack.push(command)  # sends the edit
        self.statusMessage(
            text if keep_state else self.tr("{what} (the network is reset)").format(what=text)
        )
        return True

    def _pendingConfig(self) -> dict:
        return self._host.client.wantedConfig() if self._host is not None else {}

    def _checkpoint(self, key: str) -> None:
        self._host.client.checkpoint(key)

    def _revert(self, key: str, fallback: dict) -> None:
        self._host.setPlaying(False)
        self._lastSeq = self._host.client.revert(key, fallback)
        self._baseline = None  # the next caught-up snapshot sets it

    def _apply(self, config: dict) -> None:
        # A config (no weights): the session keeps the weights when only frozen flags change.
        self._lastSeq = self._host.client.apply(config)
        self._baseline = None  # the next caught-up snapshot sets it

    # ----- messages -----

    def statusMessage(self, text: str) -> None:
        """Say something in the window's status bar for a few seconds."""
        if self._host is not None:
            self._host.showStatus(text, MESSAGE_MS)

    # ----- following the engine -----

    def _onSnapshot(self, snap: Snapshot) -> None:
        cfg = self.view.config()
        layers = cfg.get("layers", [])
        if layers != self._layers:
            self._showLayers(layers)
        key = (snap.parameter_count, snap.generation, len(snap.weights))
        if key != self._countKey:
            self._countKey = key
            idx = [i for i, layer in enumerate(layers) if E.has_weights(layer)]
            frozen = sum(
                int(v.size)
                for p, i in enumerate(idx)
                if layers[i].get("frozen") and p < len(snap.weights)
                for v in snap.weights[p].values()
            )
            self.layerPalette.setParameterCount(snap.parameter_count, frozen)
        if snap.seq >= self._lastSeq:
            # Another control changed the experiment (data, features, task, a lesson, a file):
            # the saved states on the stack belong to a different problem.
            key = _structure_key(snap.config)
            if self._baseline is None:
                self._baseline = key
            elif key != self._baseline:
                self._baseline = key
                if self.undoStack.count():
                    self.undoStack.clear()
        self._drawnSeq = max(self._drawnSeq, snap.seq)

    def _onLayoutChanged(self) -> None:
        layers = self.view.config().get("layers", [])
        if layers != self._layers or not self._slots:
            self._showLayers(layers)
        else:
            self.placeHeaders()

    def _showLayers(self, layers: list[dict]) -> None:
        had_focus = self._focusInStrip()
        self._layers = copy.deepcopy(layers)
        signature = tuple(E.kind_of(layer) for layer in layers)
        rebuilt = signature != self._signature
        if rebuilt:
            self._signature = signature
            self._rebuildHandles()
        else:
            for h, layer in zip(self._handles, self._layers):
                h.setValues(layer)
        if self._selected is not None and self._selected >= len(self._layers):
            self._selected = None
        self.select(self._selected)
        # A moved layer keeps the keyboard focus; so does the selection when its header was rebuilt.
        if (self._refocus or (rebuilt and had_focus)) and self._selected is not None:
            self._handles[self._selected].setFocus(Qt.FocusReason.OtherFocusReason)
        self._refocus = False
        self.placeHeaders()

    def _rebuildHandles(self) -> None:
        for slot in self._slots.values():
            slot.hide()
            slot.deleteLater()  # maybe inside one of its own signals: deleted later, safely
        self._slots, self._handles = {}, []
        boxes: dict[int, QVBoxLayout] = {}
        number = 0
        for i, layer in enumerate(self._layers):
            column = E.column_of(self._layers, i)
            if column not in self._slots:
                slot = QWidget(self.strip)
                box = QVBoxLayout(slot)
                box.setContentsMargins(0, 0, 0, 0)
                box.setSpacing(3)
                self._slots[column], boxes[column] = slot, box
            if E.has_weights(layer):
                number += 1
                handle: LayerHandle = LayerCard(self, i, layer, number)
            else:
                handle = DropoutChip(self, i, layer)
            boxes[column].addWidget(handle)
            self._handles.append(handle)
        for box in boxes.values():
            box.addStretch(1)
        for slot in self._slots.values():
            slot.show()
        self.strip.hint.setVisible(not self._layers)
        # Tab: the palette, then each header and its controls left to right, then the view.
        prev: QWidget = list(self.layerPalette.items.values())[-1]
        for handle in self._handles:
            for w in handle.focusChain():
                QWidget.setTabOrder(prev, w)
                prev = w
        QWidget.setTabOrder(prev, self.view)

    def _focusInStrip(self) -> bool:
        w = QApplication.focusWidget()
        return w is not None and self.strip.isAncestorOf(w)

    # ----- geometry -----

    def _viewportX(self, scene_x: float) -> int:
        return self.view.mapFromScene(QPointF(scene_x, 0)).x()

    def _toStrip(self, viewport_x: int) -> int:
        p = self.view.viewport().mapTo(self, QPoint(viewport_x, 0))
        return self.strip.mapFrom(self, p).x()

    def placeHeaders(self) -> None:
        """Put each column's header over its column."""
        centres = self.view.columnCentres()
        n = E.weight_count(self._layers)
        if len(centres) != n + 2:
            for slot in self._slots.values():
                slot.hide()
            return  # the view has not drawn these layers yet
        # On screen: a view scaled down on a small screen draws its columns closer than the scene's.
        spacing = self._viewportX(centres[1]) - self._viewportX(centres[0])
        width = int(max(CARD_MIN_WIDTH, min(CARD_MAX_WIDTH, spacing - 4)))
        for handle in self._handles:
            handle.setCompact(width < COMPACT_WIDTH)
            handle.setTiny(width < TINY_WIDTH)
        tallest = 0
        for column, slot in self._slots.items():
            x = self._toStrip(self._viewportX(centres[column]))
            h = slot.sizeHint().height()
            slot.setGeometry(x - width // 2, 4, width, h)
            slot.show()
            tallest = max(tallest, h)
        height = max(72, tallest + 8)
        if self.strip.height() != height:
            self.strip.setFixedHeight(height)

    def _gapSceneX(self) -> list[float]:
        c = self.view.columnCentres()
        return [(a + b) / 2 for a, b in itertools.pairwise(c)]

    def _gapAt(self, viewport_x: float) -> int:
        x = self.view.mapToScene(QPoint(int(viewport_x), 0)).x()
        xs = self._gapSceneX()
        if not xs:
            return 0
        return min(range(len(xs)), key=lambda g: abs(xs[g] - x))

    # ----- drag and drop -----

    def startLayerDrag(self, index: int, source: QWidget) -> Qt.DropAction:
        """Drag a layer header: drop it on the network to move it, anywhere else to remove it."""
        if not 0 <= index < len(self._layers):
            return Qt.DropAction.IgnoreAction
        kind = E.kind_of(self._layers[index])
        drag = QDrag(source)
        drag.setMimeData(
            make_mime({"source": "layer", "kind": kind, "index": index, "token": self._token})
        )
        drag.setPixmap(source.grab())
        drag.setHotSpot(QPoint(source.width() // 2, 10))
        self._inside = {"strip"}
        self._layerDrag = index
        try:
            action = self.execDrag(drag)
        finally:
            self._layerDrag = None
            self._hideIndicators()
        if action == Qt.DropAction.IgnoreAction and (not self._inside or not self._underCursor()):
            self.removeLayer(index)  # released outside the network: the layer is taken out
        return action

    def _underCursor(self) -> bool:
        """Whether the mouse is over the strip or the network view (a drag may end without a leave)."""
        w = QApplication.widgetAt(QCursor.pos())
        return w is not None and any(
            w is host or host.isAncestorOf(w) for host in (self.strip, self.view)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport():
            return self.handleDrag(event, None)
        return super().eventFilter(watched, event)

    def handleDrag(self, event: QEvent, strip: LayerStrip | None) -> bool:
        """Drag events on the view's viewport (strip None) or on the strip; True when handled."""
        t = event.type()
        host = "strip" if strip is not None else "view"
        if t == QEvent.Type.DragLeave:
            self._inside.discard(host)
            if not self._inside:
                self._hideIndicators()
                if self._layerDrag is not None and self._layerDrag < len(self._layers):
                    name = E.describe(self._layers[self._layerDrag])
                    self.statusMessage(
                        self.tr("Release outside the network to remove {layer}").format(layer=name)
                    )
            return True
        if t not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        payload = parse_payload(event.mimeData(), self._token)
        if payload is None:
            # Foreign or damaged: refused here, so a parent that takes such drops (files) may.
            event.ignore()
            return True
        pos = event.position().toPoint()
        if strip is not None:
            pos = self.view.viewport().mapFrom(self, strip.mapTo(self, pos))
        gap = self._gapAt(pos.x())
        ok, text = self._verdict(payload, gap)
        action = (
            Qt.DropAction.CopyAction if payload["source"] == "palette" else Qt.DropAction.MoveAction
        )
        if t == QEvent.Type.Drop:
            self._inside.discard(host)
            self._hideIndicators()
            if not ok:
                self.statusMessage(text)
                event.ignore()
                return True
            event.setDropAction(action)
            event.accept()
            if payload["source"] == "palette":
                self.insertLayer(payload["kind"], gap)
            else:
                self.moveToGap(payload["index"], gap)
            return True
        self._inside.add(host)
        x = self._viewportX(self._gapSceneX()[gap]) if self._gapSceneX() else pos.x()
        self.viewIndicator.showAt(x, text, not ok)
        self.stripIndicator.showAt(self._toStrip(x), "", not ok)
        if t == QEvent.Type.DragEnter or ok:
            event.setDropAction(action)
            event.accept()  # an entered drag keeps sending moves, so a refusal can be shown
        else:
            event.ignore()
        if not ok:
            self.statusMessage(text)
        return True

    def _verdict(self, payload: dict, gap: int) -> tuple[bool, str]:
        """(allowed, what the indicator says) for a drop of payload at gap."""
        kind = payload["kind"]
        if payload["source"] == "palette":
            reason = E.insert_refusal(self._layers, kind)
            if reason:
                return False, self.tr("Cannot add {kind}: {reason}.").format(
                    kind=layer_title(kind), reason=_reason(reason)
                )
            return True, self.tr("{kind} goes here").format(kind=layer_title(kind))
        index = payload["index"]
        if index >= len(self._layers) or E.kind_of(self._layers[index]) != kind:
            return False, self.tr("That layer is no longer there.")
        return True, self.tr("{layer} goes here").format(layer=E.describe(self._layers[index]))

    def _hideIndicators(self) -> None:
        self.viewIndicator.hide()
        self.stripIndicator.hide()

    def _syncSelectionActions(self) -> None:
        sel = self._selected
        for a in (self.removeAction, self.moveLeftAction, self.moveRightAction):
            a.setEnabled(sel is not None)
        self.freezeAction.setEnabled(sel is not None and E.has_weights(self._layers[sel]))


def drop_event(
    event_type: QEvent.Type,
    pos: QPoint,
    mime: Any,
    action: Qt.DropAction = Qt.DropAction.CopyAction,
) -> QDropEvent:
    """A drag or drop event as Qt delivers it (tests and scripts cannot start a real QDrag)."""
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    if event_type == QEvent.Type.DragEnter:
        return QDragEnterEvent(pos, actions, mime, buttons, mods)
    if event_type == QEvent.Type.DragMove:
        return QDragMoveEvent(pos, actions, mime, buttons, mods)
    return QDropEvent(QPointF(pos), actions, mime, buttons, mods)
