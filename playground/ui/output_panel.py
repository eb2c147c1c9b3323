"""The OUTPUT column: loss and accuracy numbers, loss curves, decision boundary and its options."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from playground.ui.boundary_plot import BoundaryPlot
from playground.ui.color_legend import ColorLegend
from playground.ui.loss_plot import LossPlot
from playground.ui.number_label import NumberLabel

if TYPE_CHECKING:
    from playground.ui.engine_thread import EngineClient

RESOLUTIONS = (50, 100, 150, 200, 256)
LOSSES = (
    (QT_TRANSLATE_NOOP("OutputPanel", "Cross-entropy"), "cross_entropy"),
    ("MSE", "mse"),
    (QT_TRANSLATE_NOOP("OutputPanel", "Hinge"), "hinge"),
)


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    if percent:
        return f"{100 * value:.1f} %"
    return f"{value:.1e}" if 0 < abs(value) < 0.001 else f"{value:.3f}"


class OutputPanel(QWidget):
    """Everything about how well the network does; emits the user's view options."""

    showTestToggled = Signal(bool)
    discretizeToggled = Signal(bool)
    logScaleToggled = Signal(bool)
    resolutionChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outputPanel")
        self._client: EngineClient | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        title = QLabel(self.tr("OUTPUT"))
        title.setObjectName("panelTitle")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        self.lossCombo = QComboBox()
        for text, loss in LOSSES:
            self.lossCombo.addItem(self.tr(text), loss)
        self.lossCombo.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lossCombo.setToolTip(
            self.tr(
                "The loss training minimises: cross-entropy, mean squared error or hinge "
                "(regression: MSE only). Changing it resets the network."
            )
        )
        loss_label = QLabel(self.tr("Lo&ss"))
        loss_label.setBuddy(self.lossCombo)
        self.lossLabel = loss_label
        head.addWidget(loss_label)
        head.addWidget(self.lossCombo)
        layout.addLayout(head)
        self.lossCombo.activated.connect(self._onLoss)

        numbers = QGridLayout()
        self._accuracyWidgets: list[QWidget] = []
        numbers.setHorizontalSpacing(14)
        self.testLossLabel = NumberLabel("–")
        self.trainLossLabel = NumberLabel("–")
        self.testAccuracyLabel = NumberLabel("–")
        self.trainAccuracyLabel = NumberLabel("–")
        self.parameterLabel = QLabel("")
        for row, (text, a, b) in enumerate(
            (
                (self.tr("Test loss"), self.testLossLabel, self.testAccuracyLabel),
                (self.tr("Training loss"), self.trainLossLabel, self.trainAccuracyLabel),
            )
        ):
            numbers.addWidget(QLabel(text), row, 0)
            for label in (a, b):
                label.setObjectName("number")
            numbers.addWidget(a, row, 1)
            caption = QLabel(self.tr("accuracy"))
            self._accuracyWidgets += [caption, b]
            numbers.addWidget(caption, row, 2)
            numbers.addWidget(b, row, 3)
        numbers.setColumnStretch(4, 1)
        layout.addLayout(numbers)

        self.lossPlot = LossPlot()
        self.lossPlot.setMinimumHeight(90)
        self.lossPlot.setMaximumHeight(190)
        layout.addWidget(self.lossPlot)
        layout.addWidget(
            self.lossPlot.ratePlot
        )  # under the loss curve, shown while a schedule runs
        self.logCheck = QCheckBox(self.tr("&Log-scale loss"))
        self.hoverLabel = QLabel("")
        self.hoverLabel.setObjectName("hoverLabel")
        row = QHBoxLayout()
        row.addWidget(self.logCheck)
        row.addWidget(self.hoverLabel, 1)
        layout.addLayout(row)

        self.boundary = BoundaryPlot()
        self.boundary.setMinimumSize(180, 180)
        layout.addWidget(self.boundary, 1)
        self.legend = ColorLegend()
        layout.addWidget(self.legend)

        options = QHBoxLayout()
        self._planeWidgets: list[QWidget] = [self.boundary, self.legend]  # hidden for images
        self.showTestCheck = QCheckBox(self.tr("Show &test data"))
        self.discretizeCheck = QCheckBox(self.tr("&Discretize output"))
        self.resolutionCombo = QComboBox()
        for r in RESOLUTIONS:
            self.resolutionCombo.addItem(f"{r} × {r}", r)
        self.resolutionCombo.setCurrentIndex(RESOLUTIONS.index(100))
        self.resolutionCombo.setToolTip(self.tr("Resolution of the boundary and neuron heatmaps"))
        res_label = QLabel(self.tr("&Resolution"))
        res_label.setBuddy(self.resolutionCombo)
        options.addWidget(self.showTestCheck)
        options.addWidget(self.discretizeCheck)
        self._planeWidgets += [self.showTestCheck, self.discretizeCheck, res_label, self.resolutionCombo]
        options.addStretch(1)
        layout.addLayout(options)
        # The resolution shares the parameter count's row, so the column stays narrow.
        params = QHBoxLayout()
        params.addWidget(self.parameterLabel, 1)
        params.addWidget(res_label)
        params.addWidget(self.resolutionCombo)
        layout.addLayout(params)
        # A large network draws a coarser boundary while it trains, so training keeps its speed.
        self.coarseNote = QLabel("")
        self.coarseNote.setObjectName("caption")
        self.coarseNote.setWordWrap(True)
        self.coarseNote.hide()
        layout.addWidget(self.coarseNote)

        for w in (self.logCheck, self.showTestCheck, self.discretizeCheck, self.resolutionCombo):
            w.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.logCheck.toggled.connect(self.lossPlot.setLogScale)
        self.logCheck.toggled.connect(self.logScaleToggled)
        self.showTestCheck.toggled.connect(self.boundary.setShowTest)
        self.showTestCheck.toggled.connect(self.showTestToggled)
        self.discretizeCheck.toggled.connect(self.boundary.setDiscretize)
        self.discretizeCheck.toggled.connect(self.discretizeToggled)
        self.resolutionCombo.currentIndexChanged.connect(
            lambda _i: self.resolutionChanged.emit(int(self.resolutionCombo.currentData()))
        )
        self.lossPlot.hovered.connect(self.hoverLabel.setText)

    def bind(self, client: EngineClient) -> None:
        """The loss control writes loss through client; it shows what setLoss says."""
        self._client = client

    def insertAboveLoss(self, widget: QWidget) -> None:
        """Put a widget under the loss and accuracy numbers, above the loss plot."""
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.lossPlot), widget)

    def insertNextToBoundary(self, widget: QWidget, below: bool = False) -> None:
        """Put a widget right above (or below) the decision boundary plot."""
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.boundary) + int(below), widget)

    def _onLoss(self, _index: int) -> None:
        if self._client is not None:
            self._client.change("loss", self.lossCombo.currentData())

    def showDrawnResolution(self, drawn: int, asked: int) -> None:
        """Say so when the boundary is drawn coarser than asked (a large network, training)."""
        coarse = 0 < drawn < asked
        if coarse:
            text = self.tr(
                "Drawn at {drawn} × {drawn} while this network trains, so training keeps its "
                "speed; {asked} × {asked} when paused."
            ).format(drawn=drawn, asked=asked)
            if self.coarseNote.text() != text:
                self.coarseNote.setText(text)
        if self.coarseNote.isVisible() != coarse:
            self.coarseNote.setVisible(coarse)

    def setPlaneShown(self, shown: bool) -> None:
        """Show the decision boundary over the plane and its options, or (for images, which have
        no plane) hide them."""
        for w in self._planeWidgets:
            if w.isVisibleTo(self) != shown:
                w.setVisible(shown)

    def setResolution(self, resolution: int) -> None:
        """Select a resolution without emitting."""
        i = self.resolutionCombo.findData(resolution)
        if i >= 0:
            self.resolutionCombo.blockSignals(True)
            self.resolutionCombo.setCurrentIndex(i)
            self.resolutionCombo.blockSignals(False)

    def setLoss(self, cfg: dict) -> None:
        """Show a config's loss without emitting (regression has only MSE)."""
        i = self.lossCombo.findData(cfg.get("loss", "cross_entropy"))
        if i >= 0 and i != self.lossCombo.currentIndex():
            self.lossCombo.setCurrentIndex(i)
        self.lossCombo.setEnabled(cfg.get("task", "classification") == "classification")

    def setNumbers(self, evaluation: dict, parameter_count: int) -> None:
        """Show train/test loss and accuracy."""
        texts = (
            (self.testLossLabel, _fmt(evaluation.get("test_loss"))),
            (self.trainLossLabel, _fmt(evaluation.get("train_loss"))),
            (self.testAccuracyLabel, _fmt(evaluation.get("test_accuracy"), percent=True)),
            (self.trainAccuracyLabel, _fmt(evaluation.get("train_accuracy"), percent=True)),
            (
                self.parameterLabel,
                self.tr("{count:,} trainable parameters").format(count=parameter_count),
            ),
        )
        for label, text in texts:
            if label.text() != text:  # an unchanged label must not repaint
                label.setText(text)

    def setTask(self, task: str, n_classes: int) -> None:
        """Pick the legend that fits the task; regression has no accuracy."""
        if getattr(self, "_task", None) == (task, n_classes):
            return
        self._task = (task, n_classes)
        for w in self._accuracyWidgets:
            w.setVisible(task == "classification")
        if task == "regression":
            self.legend.showGradient("−1", self.tr("predicted value"), "+1")
        elif n_classes >= 3:
            self.legend.showClasses(n_classes)
        else:
            self.legend.showGradient(
                self.tr("class 0"), self.tr("probability of class 1"), self.tr("class 1")
            )
