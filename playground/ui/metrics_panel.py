"""Metrics (accuracy and confusion matrix, or RMSE and R²) and the rules that stop training by themselves."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.session.snapshot import Snapshot
from playground.ui.colors import class_color

SPLITS = (
    (QT_TRANSLATE_NOOP("MetricsPanel", "Test points"), "test"),
    (QT_TRANSLATE_NOOP("MetricsPanel", "Training points"), "train"),
)
REASONS = {
    "max_epochs": QT_TRANSLATE_NOOP("MetricsPanel", "reached the epoch limit"),
    "test_loss": QT_TRANSLATE_NOOP("MetricsPanel", "the test loss reached the target"),
    "test_accuracy": QT_TRANSLATE_NOOP("MetricsPanel", "the test accuracy reached the target"),
}


def stop_message(reason: str, row: dict[str, Any]) -> str:
    """A plain-words sentence for a stop: why, at which epoch, with the test numbers."""
    translate = QCoreApplication.translate
    parts = [
        translate("MetricsPanel", "test loss {loss:.4g}").format(
            loss=row.get("test_loss", float("nan"))
        )
    ]
    if row.get("test_accuracy") is not None:
        parts.append(
            translate("MetricsPanel", "test accuracy {accuracy:.1f} %").format(
                accuracy=100 * row["test_accuracy"]
            )
        )
    return translate("MetricsPanel", "Stopped at epoch {epoch:,}: {reason} ({numbers}).").format(
        epoch=row.get("epoch", 0),
        reason=translate("MetricsPanel", REASONS.get(reason, reason)),
        numbers=translate("MetricsPanel", ", ").join(parts),
    )


def _fmt(v: float | None, digits: int = 4) -> str:
    return "–" if v is None or not math.isfinite(v) else f"{v:.{digits}g}"


class MetricsPanel(QWidget):
    """Shows the worker's metrics() of the chosen split; edits the stop rule."""

    stopRuleChanged = Signal(object)  # dict for StopRule(**d), or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metricsPanel")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)

        left = QVBoxLayout()
        head = QHBoxLayout()
        self.splitCombo = QComboBox()
        for text, split in SPLITS:
            self.splitCombo.addItem(self.tr(text), split)
        head.addWidget(QLabel(self.tr("Metrics on")))
        head.addWidget(self.splitCombo)
        head.addStretch(1)
        left.addLayout(head)
        numbers = QGridLayout()
        self.epochLabel = QLabel("–")
        self.lossLabel = QLabel("–")
        self.accuracyLabel = QLabel("–")
        self.rmseLabel = QLabel("–")
        self.r2Label = QLabel("–")
        self._classificationWidgets: list[QWidget] = []
        self._regressionWidgets: list[QWidget] = []
        rows = (
            (self.tr("Epoch"), self.epochLabel, None),
            (self.tr("Loss"), self.lossLabel, None),
            (self.tr("Accuracy"), self.accuracyLabel, self._classificationWidgets),
            ("RMSE", self.rmseLabel, self._regressionWidgets),
            ("R²", self.r2Label, self._regressionWidgets),
        )
        for r, (text, label, group) in enumerate(rows):
            caption = QLabel(text)
            label.setObjectName("number")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            numbers.addWidget(caption, r, 0)
            numbers.addWidget(label, r, 1)
            if group is not None:
                group += [caption, label]
        numbers.setColumnStretch(2, 1)
        left.addLayout(numbers)
        self.confusionTitle = QLabel(
            self.tr("Confusion matrix (rows: true class, columns: predicted class)")
        )
        self.confusion = QTableWidget(0, 0)
        self.confusion.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusion.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confusion.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion.setMinimumHeight(56)
        self.confusionTitle.setWordWrap(True)  # the panel fits beside the lesson on small screens
        self._classificationWidgets += [self.confusionTitle, self.confusion]
        left.addWidget(self.confusionTitle)
        left.addWidget(self.confusion, 1)
        outer.addLayout(left, 3)

        box = QGroupBox(self.tr("Stop training by itself"))
        form = QFormLayout(box)
        self.epochsCheck = QCheckBox(self.tr("at epoch"))
        self.epochsSpin = QSpinBox()
        self.epochsSpin.setRange(1, 10_000_000)
        self.epochsSpin.setValue(500)
        self.epochsSpin.setSingleStep(100)
        self.lossCheck = QCheckBox(self.tr("when the test loss is below"))
        self.lossSpin = QDoubleSpinBox()
        self.lossSpin.setDecimals(4)
        self.lossSpin.setRange(0.0001, 100.0)
        self.lossSpin.setSingleStep(0.01)
        self.lossSpin.setValue(0.1)
        self.accuracyCheck = QCheckBox(self.tr("when the test accuracy reaches"))
        self.accuracySpin = QDoubleSpinBox()
        self.accuracySpin.setDecimals(1)
        self.accuracySpin.setRange(1.0, 100.0)
        self.accuracySpin.setSuffix(" %")
        self.accuracySpin.setValue(95.0)
        form.addRow(self.epochsCheck, self.epochsSpin)
        form.addRow(self.lossCheck, self.lossSpin)
        form.addRow(self.accuracyCheck, self.accuracySpin)
        self.stopLabel = QLabel("")
        self.stopLabel.setWordWrap(True)
        form.addRow(self.stopLabel)
        outer.addWidget(box, 2)
        self._classificationWidgets += [self.accuracyCheck, self.accuracySpin]

        for w in (self.epochsCheck, self.lossCheck, self.accuracyCheck):
            w.toggled.connect(self._emitRule)
        for w in (self.epochsSpin, self.lossSpin, self.accuracySpin):
            w.valueChanged.connect(self._emitRule)
        self.splitCombo.currentIndexChanged.connect(lambda _i: self._show())
        self.frame: dict[str, Any] | None = None
        self._task: str | None = None
        self.setTask("classification")

    # ----- stop rule -----

    def rule(self) -> dict[str, Any] | None:
        """The stop rule the controls describe (None: train until paused)."""
        rule: dict[str, Any] = {}
        if self.epochsCheck.isChecked():
            rule["epochs"] = self.epochsSpin.value()
        if self.lossCheck.isChecked():
            rule["test_loss_below"] = self.lossSpin.value()
        if self.accuracyCheck.isChecked() and self._task == "classification":
            rule["test_accuracy_at_least"] = self.accuracySpin.value() / 100.0
        return rule or None

    def setStopAtEpoch(self, epochs: int | None) -> None:
        """Check 'at epoch' with this number (None unchecks it); emits the new rule."""
        if epochs is not None:
            self.epochsSpin.setValue(int(epochs))
        self.epochsCheck.setChecked(epochs is not None)
        self._emitRule()

    def controlsState(self) -> dict[str, Any]:
        """The stop-rule controls as they are (checked or not, numbers), to put back later."""
        return {
            "epochs": (self.epochsCheck.isChecked(), self.epochsSpin.value()),
            "loss": (self.lossCheck.isChecked(), self.lossSpin.value()),
            "accuracy": (self.accuracyCheck.isChecked(), self.accuracySpin.value()),
        }

    def setControlsState(self, state: dict[str, Any]) -> None:
        """Put back controlsState(); emits the rule once."""
        pairs = {
            "epochs": (self.epochsCheck, self.epochsSpin),
            "loss": (self.lossCheck, self.lossSpin),
            "accuracy": (self.accuracyCheck, self.accuracySpin),
        }
        for key, (check, spin) in pairs.items():
            for w in (check, spin):
                w.blockSignals(True)
            check.setChecked(state[key][0])
            spin.setValue(state[key][1])
            for w in (check, spin):
                w.blockSignals(False)
        self._emitRule()

    def showRule(self, rule: dict[str, Any] | None) -> None:
        """Show the stop rule the session has (a rule ends with the experiment it was set for)."""
        rule = rule or {}
        pairs = (
            (self.epochsCheck, self.epochsSpin, "epochs", 1.0),
            (self.lossCheck, self.lossSpin, "test_loss_below", 1.0),
            (self.accuracyCheck, self.accuracySpin, "test_accuracy_at_least", 100.0),
        )
        for check, spin, key, scale in pairs:
            for w in (check, spin):
                w.blockSignals(True)
            value = rule.get(key)
            if value is not None:
                spin.setValue(value * scale)
            if value is not None or key != "test_accuracy_at_least" or self._task == "classification":
                check.setChecked(value is not None)
            for w in (check, spin):
                w.blockSignals(False)

    def _emitRule(self, *_args: object) -> None:
        self.stopRuleChanged.emit(self.rule())

    def showStopped(self, reason: str, row: dict[str, Any]) -> None:
        """Say why training stopped."""
        self.stopLabel.setText(stop_message(reason, row))

    # ----- metrics -----

    def setTask(self, task: str) -> None:
        """Show the metrics that fit the task."""
        if task == self._task:
            return
        self._task = task
        for w in self._classificationWidgets:
            w.setVisible(task == "classification")
        for w in self._regressionWidgets:
            w.setVisible(task == "regression")

    def onSnapshot(self, snap: Snapshot) -> None:
        """Show the worker's metrics if the snapshot carries them."""
        self.setTask(snap.task)
        frame = snap.extra.get("metrics")
        if frame is not None:
            self.frame = frame
            self._show()

    def current(self) -> dict[str, Any] | None:
        """The metrics() dict of the chosen split shown now."""
        if self.frame is None:
            return None
        return self.frame[self.splitCombo.currentData()]

    def _show(self) -> None:
        m = self.current()
        if m is None:
            return
        self.epochLabel.setText(f"{m['epoch']:,}")
        self.lossLabel.setText(_fmt(m.get("loss")))
        if "accuracy" in m:
            self.accuracyLabel.setText(f"{100 * m['accuracy']:.1f} %")
            self._showConfusion(m["confusion"])
        if "rmse" in m:
            self.rmseLabel.setText(_fmt(m["rmse"]))
            self.r2Label.setText(_fmt(m["r2"]))

    def _showConfusion(self, cm: list[list[int]]) -> None:
        k = len(cm)
        t = self.confusion
        if t.rowCount() != k:
            t.setRowCount(k)
            t.setColumnCount(k)
            t.setHorizontalHeaderLabels([self.tr("predicted {k}").format(k=j) for j in range(k)])
            t.setVerticalHeaderLabels([self.tr("true {k}").format(k=i) for i in range(k)])
        total = max(1, sum(sum(r) for r in cm))
        for i in range(k):
            for j in range(k):
                item = t.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    t.setItem(i, j, item)
                text = str(cm[i][j])
                if item.text() != text:
                    item.setText(text)
                    # Right answers tinted with the class colour, mistakes in grey; stronger = more points.
                    strength = min(1.0, 3.0 * cm[i][j] / total)
                    rgb = class_color(i) if i == j else (120, 120, 120)
                    c = QColor(*rgb)
                    c.setAlphaF(0.12 + 0.5 * strength if cm[i][j] else 0.0)
                    item.setBackground(c)
