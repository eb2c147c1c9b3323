"""The DATA column: dataset thumbnails, test ratio, noise, batch size, classes and Regenerate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from playground.datasets import CLASSIFICATION_SETS, IMAGE_SETS, REGRESSION_SETS
from playground.ui.dataset_button import DatasetButton
from playground.ui.number_fields import CheckedSpinBox

if TYPE_CHECKING:
    from playground.ui.engine_thread import EngineClient

FULL_BATCH = 31  # slider position meaning "the whole training set"
MULTICLASS_SETS = ("spiral", "blobs")
MIN_CLASSES, MAX_CLASSES = 2, 6
MESSAGE_MS = 8000  # how long a refused number of classes' reason stays under the field


def _slider(lo: int, hi: int, page: int) -> QSlider:
    s = QSlider(Qt.Orientation.Horizontal)
    s.setRange(lo, hi)
    s.setPageStep(page)
    s.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return s


class DataPanel(QWidget):
    """Which data, how noisy, how it is split and fed; changes other than batch size reset the network."""

    datasetChosen = Signal(str)
    testRatioChanged = Signal(float)
    noiseChanged = Signal(float)
    classesChanged = Signal(int)
    regenerateRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataPanel")
        self._client: EngineClient | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        title = QLabel(self.tr("DATA"))
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        # The question and both tasks' grids in one box, which the classroom setting can hide.
        self.datasetsBox = QWidget()
        sets = QVBoxLayout(self.datasetsBox)
        sets.setContentsMargins(0, 0, 0, 0)
        sets.addWidget(QLabel(self.tr("Which data set do you want to use?")))
        layout.addWidget(self.datasetsBox)
        self.buttons: dict[str, DatasetButton] = {}
        grids = {}
        for task, names in (
            ("classification", CLASSIFICATION_SETS + IMAGE_SETS),
            ("regression", REGRESSION_SETS),
        ):
            host = QWidget()
            grid = QGridLayout(host)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(4)
            for i, name in enumerate(names):
                b = DatasetButton(name, task)
                b.clicked.connect(lambda _checked=False, n=name: self._onDataset(n))
                grid.addWidget(b, i // 3, i % 3)
                self.buttons[name] = b
            sets.addWidget(host)
            grids[task] = host
        self._grids = grids

        self.testRatioLabel = QLabel()
        self.testRatioSlider = _slider(10, 90, 10)
        self.testRatioSlider.setSingleStep(5)
        self.noiseLabel = QLabel()
        self.noiseSlider = _slider(0, 50, 5)
        self.batchLabel = QLabel()
        self.batchSlider = _slider(1, FULL_BATCH, 5)
        for label, slider in (
            (self.testRatioLabel, self.testRatioSlider),
            (self.noiseLabel, self.noiseSlider),
            (self.batchLabel, self.batchSlider),
        ):
            label.setBuddy(slider)
            layout.addSpacing(6)
            layout.addWidget(label)
            layout.addWidget(slider)
        # A click gives it the keyboard (with Tab only, typed digits, Backspace and Up went to
        # whatever had the focus); the value is applied on Enter or when the field is left, not
        # once per digit, and a number out of range is refused with the range.
        self.classesSpin = CheckedSpinBox(
            MIN_CLASSES,
            MAX_CLASSES,
            self.tr(
                "“{text}” classes cannot be used: spiral and blobs have {lo} to {hi} classes. "
                "The data keeps {value}."
            ),
        )
        self.classesSpin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.classesSpin.setToolTip(
            self.tr("Number of classes of spiral and blobs ({lo}–{hi}; resets the network)").format(
                lo=MIN_CLASSES, hi=MAX_CLASSES
            )
        )
        self.classesLabel = QLabel(self.tr("&Classes (spiral, blobs):"))
        self.classesLabel.setBuddy(self.classesSpin)
        self.classesMessage = QLabel()  # why a typed number of classes was refused
        self.classesMessage.setObjectName("fieldMessage")
        self.classesMessage.setWordWrap(True)
        self.classesMessage.setStyleSheet("color: #b3261e;")
        self.classesMessage.hide()
        self._messageTimer = QTimer(self)
        self._messageTimer.setSingleShot(True)
        self._messageTimer.setInterval(MESSAGE_MS)
        self._messageTimer.timeout.connect(self._clearClassesMessage)
        layout.addSpacing(6)
        layout.addWidget(self.classesLabel)
        layout.addWidget(self.classesSpin)
        layout.addWidget(self.classesMessage)
        self.regenerateButton = QPushButton(self.tr("Re&generate"))
        self.regenerateButton.setToolTip(self.tr("New random data, same weights"))
        self.regenerateButton.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout.addSpacing(8)
        layout.addWidget(self.regenerateButton)
        layout.addStretch(1)

        self.testRatioSlider.valueChanged.connect(self._onTestRatio)
        self.testRatioSlider.sliderReleased.connect(self._emitTestRatio)
        self.noiseSlider.valueChanged.connect(self._onNoise)
        self.noiseSlider.sliderReleased.connect(self._emitNoise)
        self.batchSlider.valueChanged.connect(self._onBatch)
        self.batchSlider.sliderReleased.connect(self._emitBatch)
        self.classesSpin.valueChanged.connect(self._onClasses)
        self.classesSpin.refused.connect(self._refuseClasses)
        self.regenerateButton.clicked.connect(self.regenerateRequested)
        self._showLabels()

    def bind(self, client: EngineClient) -> None:
        """The batch size slider writes batch_size through client; it shows what setFromConfig says."""
        self._client = client

    def classroomControls(self) -> dict[str, list[QWidget]]:
        """What the classroom setting can hide here (playground.ui.classroom.CONTROLS keys)."""
        return {
            "datasets": [self.datasetsBox],
            "test_ratio": [self.testRatioLabel, self.testRatioSlider],
            "noise": [self.noiseLabel, self.noiseSlider],
            "batch_size": [self.batchLabel, self.batchSlider],
            "classes": [self.classesLabel, self.classesSpin],
            "regenerate": [self.regenerateButton],
        }

    def addSection(self, widget: QWidget) -> None:
        """Add a section at the end of the column, above its closing stretch."""
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, widget)

    def setFromConfig(self, cfg: dict[str, Any], n_train: int | None = None) -> None:
        """Show a config's data settings without emitting anything."""
        data = cfg.get("data", {})
        task = cfg.get("task", "classification")
        for w in (self.testRatioSlider, self.noiseSlider, self.batchSlider, self.classesSpin):
            w.blockSignals(True)
        try:
            for name, b in self.buttons.items():
                b.setChecked(name == data.get("name"))
            for t, host in self._grids.items():
                host.setVisible(t == task)
            self.testRatioSlider.setValue(round(100 * float(data.get("test_ratio", 0.5))))
            self.noiseSlider.setValue(round(100 * float(data.get("noise", 0.0))))
            batch = cfg.get("batch_size", 10)
            full = batch == "full" or (n_train is not None and int(batch) >= n_train)
            self.batchSlider.setValue(FULL_BATCH if full else min(int(batch), FULL_BATCH - 1))
            images = data.get("name") in IMAGE_SETS  # fixed images: no noise, no class count
            self.noiseSlider.setEnabled(not images)
            self.noiseLabel.setEnabled(not images)
            multi = data.get("name") in MULTICLASS_SETS and task == "classification"
            classes = int(data.get("classes", 2))
            if self.classesSpin.value() != classes:  # digits being typed stay otherwise
                self.classesSpin.setValue(classes)
            self.classesSpin.setEnabled(multi)
            self.classesLabel.setEnabled(multi)
        finally:
            for w in (self.testRatioSlider, self.noiseSlider, self.batchSlider, self.classesSpin):
                w.blockSignals(False)
        self._showLabels()

    def isFullBatch(self) -> bool:
        """Whether the batch slider is at "full"."""
        return self.batchSlider.value() == FULL_BATCH

    def _showLabels(self) -> None:
        self.testRatioLabel.setText(
            self.tr("&Test data: {percent} %").format(percent=self.testRatioSlider.value())
        )
        self.noiseLabel.setText(self.tr("&Noise: {percent} %").format(percent=self.noiseSlider.value()))
        b = self.batchSlider.value()
        self.batchLabel.setText(
            self.tr("&Batch size: {size}").format(size=self.tr("full") if b == FULL_BATCH else b)
        )

    def _onClasses(self, classes: int) -> None:
        self._clearClassesMessage()
        self.classesChanged.emit(classes)

    def _refuseClasses(self, message: str) -> None:
        """Say why under the field (the field shows the classes kept; nothing is sent)."""
        self.classesMessage.setText(message)
        self.classesMessage.show()
        self._messageTimer.start()

    def _clearClassesMessage(self) -> None:
        self._messageTimer.stop()
        self.classesMessage.clear()
        self.classesMessage.hide()

    def _onDataset(self, name: str) -> None:
        for n, b in self.buttons.items():
            b.setChecked(n == name)
        self.datasetChosen.emit(name)

    def _onTestRatio(self, _value: int) -> None:
        self._showLabels()
        if not self.testRatioSlider.isSliderDown():
            self._emitTestRatio()

    def _emitTestRatio(self) -> None:
        self.testRatioChanged.emit(self.testRatioSlider.value() / 100.0)

    def _onNoise(self, _value: int) -> None:
        self._showLabels()
        if not self.noiseSlider.isSliderDown():
            self._emitNoise()

    def _emitNoise(self) -> None:
        self.noiseChanged.emit(self.noiseSlider.value() / 100.0)

    def _onBatch(self, _value: int) -> None:
        self._showLabels()
        if not self.batchSlider.isSliderDown():
            self._emitBatch()

    def _emitBatch(self) -> None:
        b = self.batchSlider.value()
        if self._client is not None:
            self._client.change("batch_size", "full" if b == FULL_BATCH else b)
