"""Lab → Backprop step by step: one point's forward pass, loss, backward pass and update, on the
network view, with every number and formula filled in.

The trace is computed on the engine thread (the backprop_trace query, playground/backprop.py) and
*Apply this update* is a BackpropStep command; this panel only steps through what the engine sent,
writes it on the network view (playground.ui.backprop_overlay) and formats the formulas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.session.commands import BackpropStep, Pause
from playground.session.snapshot import DataPoints, Snapshot
from playground.ui.backprop_overlay import BackpropOverlay
from playground.ui.host import PlotId, WindowHost
from playground.ui.image_mode import IMAGE_PROBE
from playground.ui.link_gradients import gradient_levels
from playground.ui.network_view import NetworkView

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MAX_TERMS = 4  # a sum shows this many terms, then "+ …"
MAX_LISTED = 8  # a layer's values listed in the panel: this many, then "…"
# Neuron boxes drawn smaller than this (a small screen): numbers only on the layer of the step, so
# that they do not cover each other; the panel lists every value of that layer too.
ROOMY_PIXELS = 28
FUNCTIONS = {
    "linear": "z", "sigmoid": "σ(z)", "tanh": "tanh(z)", "relu": "max(0, z)", "leaky_relu": "leaky_relu(z)",
    "prelu": "prelu(z)", "elu": "elu(z)", "selu": "selu(z)", "softplus": "softplus(z)", "gelu": "gelu(z)",
    "silu": "silu(z)", "sin": "sin(z)",
}  # fmt: skip


def fmt(v: float) -> str:
    """A number as the walk shows it: three significant digits."""
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    return "0" if v == 0 else f"{v:.3g}"


def _p(v: float) -> str:
    """A number in a product: negative ones in brackets."""
    s = fmt(v)
    return f"({s})" if s.startswith("-") else s


def sub(*indices: int) -> str:
    """Subscript indices: sub(2, 1) is '₂,₁'."""
    return ",".join(str(i).translate(_SUB) for i in indices)


@dataclass(frozen=True)
class WalkStep:
    """One stop of the walk: "input", "forward", "loss", "backward" or "update", at a weights layer."""

    kind: str
    layer: int  # the weights layer (0 = the first hidden, last = the output); -1 for the input


def walk_steps(n_layers: int) -> list[WalkStep]:
    """The stops for a network of n_layers weights layers (output included)."""
    steps = [WalkStep("input", -1)]
    steps += [WalkStep("forward", p) for p in range(n_layers)]
    steps.append(WalkStep("loss", n_layers - 1))
    steps += [WalkStep("backward", p) for p in reversed(range(n_layers))]
    steps.append(WalkStep("update", -1))
    return steps


def param_layers(trace: dict[str, Any]) -> list[dict[str, Any]]:
    """The trace's layers with weights (the columns the network view draws), output last."""
    return [layer for layer in trace["layers"] if "W" in layer]


def layer_inputs(trace: dict[str, Any]) -> list[np.ndarray]:
    """What each weights layer reads: the features, or the output of the layer before it."""
    out, prev = [], trace["features"]["values"]
    for layer in trace["layers"]:
        if "W" in layer:
            out.append(prev)
        prev = layer["a"]
    return out


def weight_matrix(layer: dict[str, Any], key: str = "W") -> np.ndarray:
    """(fan_in, units): a maxout layer's weights of each unit's winning piece."""
    w = np.asarray(layer[key])
    if w.ndim == 3:
        return w[:, np.arange(w.shape[1]), layer["piece"]]
    return w


def _won(k: int) -> str:
    return QCoreApplication.translate("BackpropPanel", "piece {k} wins").format(k=k)


def vector(values) -> str:
    """A layer's values as '(0.5, -0.2, …)'."""
    v = [fmt(x) for x in np.asarray(values).ravel()]
    return "(" + ", ".join(v[:MAX_LISTED]) + (", …" if len(v) > MAX_LISTED else "") + ")"


def _sum(terms: list[str]) -> str:
    shown = terms[:MAX_TERMS]
    text = " + ".join(shown)
    return text + (" + …" if len(terms) > MAX_TERMS else "")


def loss_formula(trace: dict[str, Any], task: str, loss: str, n_out: int) -> str:
    """L in symbols with the numbers put in."""
    y, value = trace["label"], fmt(trace["data_loss"])
    if task == "regression":
        s = trace["layers"][-1]["a"][0]
        return f"L = (s − y)² = ({fmt(s)} − {fmt(y)})² = {value}"
    if n_out == 1 and loss == "cross_entropy":
        p = trace["output"][0]
        term = f"−log σ(s) = −log {fmt(p)}" if y == 1 else f"−log(1 − σ(s)) = −log(1 − {fmt(p)})"
        return f"L = −[y log σ(s) + (1 − y) log(1 − σ(s))] = {term} = {value}"
    if loss == "cross_entropy":
        c = int(y)
        return f"L = −log softmax(s){sub(c + 1)} = −log {fmt(trace['output'][c])} = {value}"
    return f"L = L(s, y) = {value}"


def output_delta_formula(trace: dict[str, Any], j: int, task: str, loss: str, n_out: int) -> str:
    out = trace["layers"][-1]
    d, y = out["delta"][j], trace["label"]
    n = len(param_layers(trace)) + 1
    if task == "regression" and loss == "mse":
        return f"δ{sub(n, j + 1)} = ∂L/∂s = 2(s − y) = 2·({fmt(out['a'][j])} − {fmt(y)}) = {fmt(d)}"
    if n_out == 1 and loss == "cross_entropy":
        return (
            f"δ{sub(n, j + 1)} = ∂L/∂s = σ(s) − y = {fmt(trace['output'][0])} − {fmt(y)} = {fmt(d)}"
        )
    if loss == "cross_entropy":
        hot = 1 if j == int(y) else 0
        return (
            f"δ{sub(n, j + 1)} = ∂L/∂s{sub(j + 1)} = p{sub(j + 1)} − [y = {j + 1}] = "
            f"{fmt(trace['output'][j])} − {hot} = {fmt(d)}"
        )
    return f"δ{sub(n, j + 1)} = ∂L/∂s{sub(j + 1)} = {fmt(d)}"


def neuron_formula(
    trace: dict[str, Any], step: WalkStep, p: int, j: int, cfg: dict[str, Any]
) -> str:
    """The clicked neuron's formula with the numbers of the trace, for the walk's stop."""
    layers = param_layers(trace)
    task, loss = cfg.get("task", "classification"), cfg.get("loss", "cross_entropy")
    n_out = len(layers[-1]["a"])
    if p < 0:
        names = trace["features"]["names"]
        if len(trace["point"]) != 2:  # an image's pixel
            return f"a{sub(1, j + 1)} = {fmt(trace['features']['values'][j])}"
        x1, x2 = (fmt(v) for v in trace["point"][:2])
        return f"a{sub(1, j + 1)} = {names[j]} = {fmt(trace['features']['values'][j])}   (x₁ = {x1}, x₂ = {x2})"
    layer, a_in = layers[p], layer_inputs(trace)[p]
    n = p + 2
    if step.kind == "input" or (step.kind == "forward" and p > step.layer):
        return QCoreApplication.translate(
            "BackpropPanel", "Not computed yet: step forward to layer {layer}."
        ).format(layer=n)
    backward = step.kind in ("backward", "update") and (step.kind == "update" or p >= step.layer)
    if backward:
        if p == len(layers) - 1:
            return output_delta_formula(trace, j, task, loss, n_out)
        nxt = layers[p + 1]
        w = weight_matrix(nxt)
        terms = [f"{_p(w[j, k])}·{_p(nxt['delta'][k])}" for k in range(w.shape[1])]
        total = layer["grad_a"][j]
        if layer["activation"] == "maxout":
            return (
                f"δ{sub(n, j + 1)} = Σₖ w{sub(j + 1)}ₖ δ{sub(n + 1)}ₖ ({_won(int(layer['piece'][j]) + 1)}) "
                f"= {_sum(terms)} = {fmt(layer['delta'][j])}"
            )
        return (
            f"δ{sub(n, j + 1)} = f′(z{sub(n, j + 1)}) · Σₖ w{sub(j + 1)}ₖ δ{sub(n + 1)}ₖ = "
            f"{fmt(layer['fprime'][j])} · ({_sum(terms)}) = {fmt(layer['fprime'][j])} · {_p(total)} = "
            f"{fmt(layer['delta'][j])}"
        )
    w = weight_matrix(layer)
    b = np.asarray(layer["b"])
    bias = b[j, int(layer["piece"][j])] if b.ndim == 2 else b[j]
    terms = [f"{_p(w[i, j])}·{_p(a_in[i])}" for i in range(w.shape[0])]
    z = f"z{sub(n, j + 1)} = Σᵢ wᵢ{sub(j + 1)} a{sub(n - 1)}ᵢ + b{sub(j + 1)} = {_sum(terms)} + {_p(bias)} = {fmt(layer['z'][j])}"
    if layer["kind"] == "output":
        text = z.replace(f"z{sub(n, j + 1)}", f"s{sub(j + 1)}", 1)
        if task == "classification" and n_out == 1:
            text += f"\np = σ(s) = {fmt(trace['output'][0])}"
        elif task == "classification":
            text += f"\np{sub(j + 1)} = softmax(s){sub(j + 1)} = {fmt(trace['output'][j])}"
        return text
    if layer["activation"] == "maxout":
        k = int(layer["piece"][j]) + 1
        return (
            f"a{sub(n, j + 1)} = maxₖ (Σᵢ wᵢ{sub(j + 1)}ₖ a{sub(n - 1)}ᵢ + b{sub(j + 1)}ₖ): {_won(k)}, "
            f"{_sum(terms)} + {_p(bias)} = {fmt(layer['a'][j])}"
        )
    f = FUNCTIONS.get(layer["activation"], "f(z)")
    return f"{z}\na{sub(n, j + 1)} = {f} = {fmt(layer['a'][j])}"


def link_formula(
    trace: dict[str, Any], step: WalkStep, p: int, i: int, j: int, cfg: dict[str, Any]
) -> str:
    """The clicked link's weight, gradient or update with the numbers filled in."""
    layers = param_layers(trace)
    layer, a_in = layers[p], layer_inputs(trace)[p]
    n = p + 2
    w, g = weight_matrix(layer)[i, j], weight_matrix(layer, "grad_W")[i, j]
    name = f"w{sub(i + 1, j + 1)}"
    if step.kind == "update":
        new = weight_matrix(layer, "new_W")[i, j]
        if trace["optimizer"] == "sgd":
            return f"{name} ← {name} − η·∂L/∂{name} = {fmt(w)} − {fmt(trace['lr'])}·{_p(g)} = {fmt(new)}"
        step_value = weight_matrix(layer, "step_W")[i, j]
        return (
            f"{name} ← {name} + Δ{name} ({trace['optimizer']}) = {fmt(w)} + {_p(step_value)} = {fmt(new)}"
            f"   (∂L/∂{name} = {fmt(g)})"
        )
    if step.kind == "backward" and p >= step.layer:
        reg = cfg.get("regularization", {}) or {}
        text = f"∂L/∂{name} = a{sub(n - 1, i + 1)} · δ{sub(n, j + 1)} = {_p(a_in[i])}·{_p(layer['delta'][j])}"
        if reg.get("kind") == "l2" and reg.get("rate", 0):
            text += f" + λ·{name} = … + {fmt(reg['rate'])}·{_p(w)}"
        elif reg.get("kind") == "l1" and reg.get("rate", 0):
            text += f" + λ·sign({name}) = … + {fmt(reg['rate'])}·{'+1' if w > 0 else '-1' if w < 0 else '0'}"
        return f"{text} = {fmt(g)}"
    return f"{name} = {fmt(w)}: " + QCoreApplication.translate(
        "BackpropPanel", "it carries {source} into {target}"
    ).format(source=f"a{sub(n - 1, i + 1)} = {fmt(a_in[i])}", target=f"z{sub(n, j + 1)}")


class BackpropPanel(QWidget):
    """Pick a point, step the walk with ← / → or the buttons, click neurons and links, apply."""

    traceShown = Signal()  # a new trace is drawn (tests wait for it)

    def __init__(self, host: WindowHost, view: NetworkView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backpropPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.host = host
        self.view = view
        self.overlay = BackpropOverlay(view)
        self.overlay.neuronClicked.connect(self.selectNeuron)
        self.overlay.linkClicked.connect(self.selectLink)
        self.point: tuple[float, ...] | None = None  # raw inputs: (x1, x2) on the plane, an image's pixels
        self.label: float | None = None
        self.trace: dict[str, Any] | None = None
        self.steps: list[WalkStep] = []
        self.index = 0
        self.selected: tuple | None = None  # ("neuron", p, j) or ("link", p, i, j)
        self._data: DataPoints | None = None
        self._digit: int | None = None  # with images: the test digit followed (image mode's current one)
        self._ticket = 0
        self._active = False
        self._applied: float | None = None  # the loss before Apply, until the new trace comes
        self._note = ""  # what the last Apply did, shown until another point is picked
        self._restart = False

        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        left = QVBoxLayout()
        self.pointLabel = QLabel(
            self.tr("Click a point on the output plot to follow it through the network.")
        )
        self.pointLabel.setWordWrap(True)
        left.addWidget(self.pointLabel)
        buttons = QHBoxLayout()
        self.backButton = QPushButton(self.tr("← Back"))
        self.nextButton = QPushButton(self.tr("Next →"))
        self.startButton = QPushButton(self.tr("Start over"))
        self.applyButton = QPushButton(self.tr("Apply this update"))
        self.applyButton.setToolTip(
            self.tr(
                "Take exactly this step on this one point: the weights move to the new values shown"
            )
        )
        for b in (self.backButton, self.nextButton, self.startButton, self.applyButton):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left.addLayout(buttons)
        self.stepLabel = QLabel("")
        self.stepLabel.setObjectName("backpropStep")
        self.stepLabel.setWordWrap(True)
        self.stepLabel.setStyleSheet("font-weight: bold;")
        left.addWidget(self.stepLabel)
        self.valuesLabel = QLabel("")
        self.valuesLabel.setObjectName("backpropValues")
        self.valuesLabel.setWordWrap(True)
        self.valuesLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.valuesLabel)
        self.detailLabel = QLabel("")
        self.detailLabel.setWordWrap(True)
        self.detailLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.detailLabel)
        left.addStretch(1)
        outer.addLayout(left, 3)
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        right = QVBoxLayout(box)
        caption = QLabel(self.tr("Formula (click a neuron or a link)"))
        caption.setObjectName("caption")
        right.addWidget(caption)
        self.formulaLabel = QLabel("")
        self.formulaLabel.setObjectName("backpropFormula")
        self.formulaLabel.setWordWrap(True)
        self.formulaLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formulaLabel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.formulaLabel.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.formulaLabel, 1)
        outer.addWidget(box, 2)

        self.backButton.clicked.connect(self.back)
        self.nextButton.clicked.connect(self.forward)
        self.startButton.clicked.connect(lambda: self.goTo(0))
        self.applyButton.clicked.connect(self.applyUpdate)

        plot = host.plot(PlotId.BOUNDARY)
        self._plot = plot
        self.marker = pg.ScatterPlotItem(
            size=18, pen=pg.mkPen("k", width=2.5), brush=pg.mkBrush(None)
        )
        self.marker.setZValue(20)
        self.marker.setVisible(False)
        plot.getPlotItem().addItem(self.marker, ignoreBounds=True)
        plot.viewport().installEventFilter(self)
        self._showControls()

    # ----- the point -----

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._active
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            p = self._plot.getPlotItem().vb.mapSceneToView(
                self._plot.mapToScene(event.position().toPoint())
            )
            self.pickNear(p.x(), p.y())
        return False  # the plot (and the paint tool) still see the click

    def dataPoints(self) -> DataPoints | None:
        """The points a click picks from (the newest the engine sent)."""
        return self._data

    def toViewport(self, x: float, y: float) -> QPointF:
        """Where data point (x, y) is on the output plot's viewport (for tests)."""
        scene = self._plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        return QPointF(self._plot.mapFromScene(scene))

    def pickNear(self, x: float, y: float) -> bool:
        """Follow the data point nearest to (x, y); False when there are no points."""
        d = self._data
        if d is None:
            return False
        xs = np.concatenate([d.x_train, d.x_test])
        ys = np.concatenate([d.y_train, d.y_test])
        if not len(xs):
            return False
        if xs.shape[1] != 2:
            return False  # images: no plane to click on
        k = int(np.argmin((xs[:, 0] - x) ** 2 + (xs[:, 1] - y) ** 2))
        self.setPoint((float(xs[k, 0]), float(xs[k, 1])), float(ys[k]))
        return True

    def setPoint(self, point, label: float) -> None:
        """Walk this point (its raw inputs: (x1, x2), or an image's pixels) with its label from the start."""
        self.point, self.label = tuple(float(v) for v in np.ravel(point)), float(label)
        plane = len(self.point) == 2
        if plane:
            self.marker.setData([self.point[0]], [self.point[1]])
        self.marker.setVisible(self._active and plane)
        self._pause()
        self._restart = True
        self._note = ""
        self.requestTrace()

    def requestTrace(self) -> None:
        if self.point is None or not self.host.client.isReady():
            return
        self._ticket += 1
        ticket = self._ticket
        self.host.client.request(
            "backprop_trace", lambda tr: self._onTrace(ticket, tr), (self.point, self.label)
        )

    def _onTrace(self, ticket: int, trace: object) -> None:
        if ticket != self._ticket:
            return  # a newer one was asked for
        if isinstance(trace, Exception) or trace is None:
            self.trace = None
            self.stepLabel.setText(
                self.tr("This point cannot be followed: {error}").format(error=trace)
            )
            self.overlay.clear()
            self._showControls()
            return
        old = self.trace
        self.trace = trace
        steps = walk_steps(len(param_layers(trace)))
        if self._restart or old is None or steps != self.steps:
            self.index = 0
            self.selected = None
        self._restart = False
        self.steps = steps
        self.index = min(self.index, len(steps) - 1)
        if self._applied is not None:
            self._note = self.tr(
                "Applied one step: the loss on this point went from {before} to {after}."
            ).format(before=fmt(self._applied), after=fmt(trace["loss"]))
            self._applied = None
        self._render()
        self.traceShown.emit()

    # ----- stepping -----

    def _pause(self) -> None:
        """Training stays paused while a student steps."""
        snap = self.host.lastSnapshot()
        if snap is not None and snap.playing:
            self.host.client.send(Pause())
            self.host.setPlaying(False)

    def goTo(self, index: int) -> None:
        if not self.steps:
            return
        self._pause()
        self.index = max(0, min(len(self.steps) - 1, int(index)))
        self._render()

    def forward(self) -> None:
        """The next stop of the walk."""
        self.goTo(self.index + 1)

    def back(self) -> None:
        """The stop before."""
        self.goTo(self.index - 1)

    def step(self) -> WalkStep | None:
        return self.steps[self.index] if self.steps else None

    def event(self, event: QEvent) -> bool:
        # ← and → step the walk while the panel has focus (elsewhere → steps an epoch)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Right:
            self.forward()
        elif event.key() == Qt.Key.Key_Left:
            self.back()
        else:
            super().keyPressEvent(event)

    def applyUpdate(self) -> None:
        """Exactly the update shown, on this one point (the engine takes the step)."""
        if self.trace is None or self.point is None:
            return
        self._pause()
        self._applied = float(self.trace["loss"])
        self._restart = True
        self.host.client.send(BackpropStep(self.point, self.label))
        self.requestTrace()

    # ----- the window -----

    def setActive(self, on: bool) -> None:
        """The panel is shown (draw on the network view) or hidden (take it all away)."""
        self._active = on
        if not on:
            self.overlay.clear()
            self.marker.setVisible(False)
            return
        if self.point is None and self._data is not None and len(self._data.x_train):
            d = self._data
            if not self._followDigit(self.host.lastSnapshot()):
                self.setPoint(d.x_train[0], float(d.y_train[0]))  # the first training point
            return
        self.marker.setVisible(self.point is not None and len(self.point) == 2)
        self._render()

    def onSnapshot(self, snap: Snapshot) -> None:
        if snap.data is not None:
            self._data = snap.data
            self._digit = None  # a new split: the digit shown is looked up again
            if self.point is not None and len(self.point) != snap.data.x_train.shape[1]:
                # new data of another shape (the digits after the plane, or back): the old point
                # has no place in the new network; walk the new data's first point instead
                self.point = self.trace = None
                self.steps = []
                self.marker.setVisible(False)
                self.overlay.clear()
                self._showControls()
            if self.point is None and self._active:
                self.setActive(True)
        if self._active and self._followDigit(snap):
            return
        if self.trace is None or snap.playing or not self._active:
            return
        shown = [np.asarray(layer["W"]) for layer in param_layers(self.trace)]
        now = [np.asarray(w["W"]) for w in snap.weights]
        if len(shown) != len(now) or any(
            a.shape != b.shape or not np.array_equal(a, b) for a, b in zip(shown, now)
        ):
            self.requestTrace()  # the weights moved (training, an edit, a new network): follow them

    def _followDigit(self, snap: Snapshot | None) -> bool:
        """With images: walk the test digit image mode shows (beside the pad), once it is another one
        than the walk's. True when a new walk was asked for. A drawing on the pad has no label to
        follow: the last test digit stays."""
        d = self._data
        shown = None if snap is None else snap.extra.get(IMAGE_PROBE)
        if d is None or d.image_shape is None or not shown or shown.get("source") != "test":
            return False
        i = int(shown.get("index", -1))
        if i == self._digit or not 0 <= i < len(d.y_test):
            return False
        self._digit = i
        self.setPoint(d.x_test[i], float(d.y_test[i]))
        return True

    def _showControls(self) -> None:
        has = self.trace is not None
        self.backButton.setEnabled(has and self.index > 0)
        self.nextButton.setEnabled(has and self.index < len(self.steps) - 1)
        self.startButton.setEnabled(has and self.index > 0)
        self.applyButton.setEnabled(has)

    # ----- what is shown -----

    def stepTitle(self, step: WalkStep) -> str:
        """The stop named in words, with its formula."""
        tr = self.trace
        layers = param_layers(tr)
        last = len(layers) - 1
        n = step.layer + 2
        if step.kind == "input":
            if len(tr["point"]) != 2:
                return self.tr(
                    "Input: the image of a {label}, its {count} pixels, becomes the inputs a₁"
                ).format(label=fmt(tr["label"]), count=len(tr["point"]))
            x1, x2 = (fmt(v) for v in tr["point"][:2])
            return self.tr(
                "Input: the point ({x1}, {x2}) with label {label} becomes the features a₁"
            ).format(x1=x1, x2=x2, label=fmt(tr["label"]))
        if step.kind == "forward":
            if step.layer == last:
                return self.tr("Output layer {layer}, forward: s = W{n}ᵀ a{m} + b{n}").format(
                    layer=n, n=sub(n), m=sub(n - 1)
                )
            if layers[step.layer]["activation"] == "maxout":
                return self.tr(
                    "Layer {layer}, forward: a{n} = the largest of each neuron's pieces Wᵀ a{m} + b"
                ).format(layer=n, n=sub(n), m=sub(n - 1))
            return self.tr(
                "Layer {layer}, forward: z{n} = W{n}ᵀ a{m} + b{n},  a{n} = f(z{n})"
            ).format(layer=n, n=sub(n), m=sub(n - 1))
        if step.kind == "loss":
            return self.tr("Loss: {formula}").format(formula=self._lossFormula())
        if step.kind == "backward":
            if step.layer == last:
                return self.tr(
                    "Output layer {layer}, backward: δ{n} = ∂L/∂s;  ∂L/∂W{n} = a{m} δ{n}ᵀ"
                ).format(layer=n, n=sub(n), m=sub(n - 1))
            if layers[step.layer]["activation"] == "maxout":
                return self.tr(
                    "Layer {layer}, backward: δ{n} = W{k} δ{k}, through each neuron's winning piece only"
                ).format(layer=n, n=sub(n), k=sub(n + 1))
            return self.tr(
                "Layer {layer}, backward: δ{n} = (W{k} δ{k}) ⊙ f′(z{n});  ∂L/∂W{n} = a{m} δ{n}ᵀ"
            ).format(layer=n, n=sub(n), k=sub(n + 1), m=sub(n - 1))
        if tr["optimizer"] == "sgd":
            return self.tr("Update: w ← w − η ∂L/∂w with η = {lr}").format(lr=fmt(tr["lr"]))
        return self.tr(
            "Update: each weight takes the {optimizer} step shown (its state changes only when applied)"
        ).format(optimizer=tr["optimizer"])

    def stepValues(self, step: WalkStep) -> str:
        """The numbers of the step's layer, listed (the boxes may be too small to read)."""
        tr = self.trace
        layers = param_layers(tr)
        n = step.layer + 2
        if step.kind == "input":
            return f"a{sub(1)} = {vector(tr['features']['values'])}"
        if step.kind == "update":
            return ""
        layer = layers[step.layer]
        if step.kind == "backward":
            return f"δ{sub(n)} = {vector(layer['delta'])}"
        if layer["kind"] == "output":
            text = f"s = {vector(layer['a'])}"
            if self._task() == "classification":
                text += f",  p = {vector(tr['output'])},  y = {fmt(tr['label'])}"
            return text
        return f"z{sub(n)} = {vector(layer['z'])},  a{sub(n)} = {vector(layer['a'])}"

    def _lossFormula(self) -> str:
        snap = self.host.lastSnapshot()
        cfg = snap.config if snap is not None else {}
        n_out = len(param_layers(self.trace)[-1]["a"])
        return loss_formula(
            self.trace, cfg.get("task", "classification"), cfg.get("loss", "cross_entropy"), n_out
        )

    def neuronText(self, p: int, j: int) -> list[str]:
        """What neuron j of weights layer p (-1: feature j) shows at the current stop."""
        tr, step = self.trace, self.step()
        if p < 0:
            return [fmt(tr["features"]["values"][j])]
        layer = param_layers(tr)[p]
        if step.kind == "update" or (step.kind == "backward" and p >= step.layer):
            return [f"δ {fmt(layer['delta'][j])}"]
        if step.kind in ("forward", "loss") and p <= step.layer:
            if layer["kind"] == "output":
                lines = [f"s {fmt(layer['a'][j])}"]
                out = tr["output"]
                if len(out) == len(layer["a"]) and self._task() == "classification":
                    lines.append(f"p {fmt(out[j])}")
                return lines
            return [f"z {fmt(layer['z'][j])}", f"a {fmt(layer['a'][j])}"]
        if step.kind == "backward":  # below the layer being computed: its forward values stay
            return [f"z {fmt(layer['z'][j])}", f"a {fmt(layer['a'][j])}"]
        return []

    def _task(self) -> str:
        snap = self.host.lastSnapshot()
        return snap.task if snap is not None else "classification"

    def _linkState(self) -> list[list[tuple[float | None, float, str]]]:
        tr, step = self.trace, self.step()
        layers = param_layers(tr)
        out = []
        ws = [weight_matrix(layer) for layer in layers]
        gs = [weight_matrix(layer, "grad_W") for layer in layers]
        peak = max((float(np.max(np.abs(w))) for w in ws if w.size), default=1.0) or 1.0
        levels, _ = gradient_levels(gs)
        for p, bundle in enumerate(self.view.links):
            pairs = np.asarray(getattr(bundle, "pairs", []), dtype=np.intp).reshape(-1, 2)
            if p >= len(layers):
                out.append([])
                continue
            grad = step.kind == "update" or (step.kind == "backward" and p >= step.layer)
            entries = []
            for i, j in pairs:
                if i >= ws[p].shape[0] or j >= ws[p].shape[1]:
                    entries.append((0.0, 0.0, ""))
                elif grad and step.kind == "update":
                    new = weight_matrix(layers[p], "new_W")[i, j]
                    entries.append((None, float(levels[p][i, j]), f"{fmt(ws[p][i, j])}→{fmt(new)}"))
                elif grad:
                    entries.append((None, float(levels[p][i, j]), fmt(gs[p][i, j])))
                else:  # the weights: written on the links of the layer being computed
                    text = fmt(ws[p][i, j]) if step.kind == "forward" and p == step.layer else ""
                    entries.append((float(ws[p][i, j]), min(1.0, abs(ws[p][i, j]) / peak), text))
            out.append(entries)
        return out

    def _render(self) -> None:
        self._showControls()
        if self.trace is None or not self._active or not self.steps:
            if not self._active:
                self.overlay.clear()
            return
        tr, step = self.trace, self.step()
        layers = param_layers(tr)
        if len(tr["point"]) != 2 and self._digit is None:
            self.pointLabel.setText(
                self.tr("The first training image, a {label}: step {k} of {count}.").format(
                    label=fmt(tr["label"]), k=self.index + 1, count=len(self.steps)
                )
            )
        elif len(tr["point"]) != 2:
            self.pointLabel.setText(
                self.tr(
                    "Test digit {n}, a {label}, the one shown under the pad: step {k} of {count}. Its arrows ◀ ▶ pick another."
                ).format(
                    n=(self._digit or 0) + 1, label=fmt(tr["label"]), k=self.index + 1, count=len(self.steps)
                )
            )
        else:
            x1, x2 = (fmt(v) for v in tr["point"][:2])
            self.pointLabel.setText(
                self.tr(
                    "Point ({x1}, {x2}), label {label}: step {k} of {count}. Click another point on the output plot to follow it."
                ).format(x1=x1, x2=x2, label=fmt(tr["label"]), k=self.index + 1, count=len(self.steps))
            )
        self.stepLabel.setText(self.stepTitle(step))
        loss = self.tr("Loss on this point: {loss}").format(loss=fmt(tr["loss"]))
        self.detailLabel.setText(f"{loss}\n{self._note}" if self._note else loss)
        values = self.stepValues(step)
        self.valuesLabel.setText(values)
        self.valuesLabel.setVisible(bool(values))
        roomy = self.overlay.nodePixels() >= ROOMY_PIXELS
        neurons: dict[tuple[int, int], list[str]] = {}
        if roomy or step.kind == "input":
            for j in range(len(tr["features"]["values"])):
                neurons[(-1, j)] = self.neuronText(-1, j)
        for p, layer in enumerate(layers):
            if not roomy and p != step.layer:
                continue
            for j in range(
                min(len(layer["a"]), len(self.view.nodes[p]) if p < len(self.view.nodes) else 0)
            ):
                lines = self.neuronText(p, j)
                if lines:
                    neurons[(p, j)] = lines
        highlight = step.layer if step.kind in ("input", "forward", "loss", "backward") else None
        if step.kind == "input":
            highlight = -1
        links = self._linkState()
        if not roomy:  # no numbers on the links: they would cover each other (a click shows them)
            links = [[(v, lv, "") for v, lv, _text in bundle] for bundle in links]
        self.overlay.setState(neurons, highlight, links)
        self._showFormula()

    def selectNeuron(self, p: int, j: int) -> None:
        """Show neuron j of weights layer p's formula (p = -1: feature j)."""
        self.selected = ("neuron", p, j)
        self._showFormula()

    def selectLink(self, p: int, i: int, j: int) -> None:
        """Show the formula of the link from source i to unit j of weights layer p."""
        self.selected = ("link", p, i, j)
        self._showFormula()

    def _showFormula(self) -> None:
        if self.trace is None or self.selected is None or not self.steps:
            self.formulaLabel.setText("")
            return
        snap = self.host.lastSnapshot()
        cfg = snap.config if snap is not None else {}
        try:
            if self.selected[0] == "neuron":
                _kind, p, j = self.selected
                text = neuron_formula(self.trace, self.step(), p, j, cfg)
            else:
                _kind, p, i, j = self.selected
                text = link_formula(self.trace, self.step(), p, i, j, cfg)
        except (IndexError, KeyError):  # the network changed under the selection
            self.selected = None
            text = ""
        self.formulaLabel.setText(text)
