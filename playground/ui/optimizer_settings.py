"""A button that opens the current optimizer's hyper-parameters (momentum, betas, eps...) for live editing."""

from __future__ import annotations

import copy
import math
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from playground.config import HYPER_RANGES, OPTIMIZER_DEFAULTS

# Shown on the learning-rate control instead.
_SKIP = {"name", "lr"}
# Each setting under its torch.optim argument name; a translation adds the course notes' word.
_FIELD_LABELS = {
    "momentum": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "momentum"),
    "dampening": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "dampening"),
    "weight_decay": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "weight_decay"),
    "betas[0]": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "betas[0]"),
    "betas[1]": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "betas[1]"),
    "eps": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "eps"),
    "rho": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "rho"),
    "alpha": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "alpha"),
    "lr_decay": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "lr_decay"),
    "initial_accumulator_value": QT_TRANSLATE_NOOP(
        "OptimizerSettingsButton", "initial_accumulator_value"
    ),
    "momentum_decay": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "momentum_decay"),
}
# The course notes' symbols, for messages in plain words ("β₁ must be at least 0 and below 1").
_SYMBOLS = {"betas[0]": "β₁", "betas[1]": "β₂", "eps": "ε", "alpha": "α", "rho": "ρ"}


class OptimizerSettingsButton(QToolButton):
    """Shows a form of the optimizer's numeric settings; an edit emits the one setting changed."""

    settingEdited = Signal(str, float)  # field ("eps", "betas[1]"), its new value
    refused = Signal(str)  # a typed value that is not taken, and why, in plain words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Settings…"))
        self.setToolTip(self.tr("Optimizer hyper-parameters (take effect immediately)"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._optimizer: dict[str, Any] = {}
        self.fields: dict[str, QLineEdit] = {}
        self.defaults: dict[str, float] = {}  # field -> torch.optim's default
        self.messageLabel: QLabel | None = None  # under the form: why a typed value was refused

    def optimizer(self) -> dict[str, Any]:
        """The optimizer the form shows."""
        return copy.deepcopy(self._optimizer)

    def setOptimizer(self, optimizer: dict[str, Any]) -> None:
        """Rebuild the form for this optimizer config (no signal)."""
        if optimizer == self._optimizer:
            return
        self._optimizer = copy.deepcopy(optimizer)
        form_host = QFrame()
        form = QFormLayout(form_host)
        self.fields = {}
        self.defaults: dict[str, float] = {}
        defaults = OPTIMIZER_DEFAULTS.get(optimizer.get("name", ""), {})
        for key, value in optimizer.items():
            if key in _SKIP or isinstance(value, bool):
                continue
            default = defaults.get(key)
            if isinstance(value, (list, tuple)):
                entries = [
                    (f"{key}[{i}]", v, default[i] if isinstance(default, (list, tuple)) else None)
                    for i, v in enumerate(value)
                ]
            elif isinstance(value, (int, float)):
                entries = [(key, value, default)]
            else:
                continue
            for field, v, d in entries:
                edit = QLineEdit(f"{v:g}")
                validator = QDoubleValidator()
                validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
                edit.setValidator(validator)
                edit.setMinimumWidth(90)
                edit.editingFinished.connect(lambda f=field, e=edit: self._onEdited(f, e))
                row = QHBoxLayout()
                row.addWidget(edit)
                if d is not None:
                    self.defaults[field] = float(d)
                    hint = QLabel(self.tr("PyTorch default {value:g}").format(value=d))
                    hint.setStyleSheet("color: #777777;")
                    row.addWidget(hint)
                form.addRow(self.tr(_FIELD_LABELS.get(field, field)), row)
                self.fields[field] = edit
        if "lr" in defaults:
            lr_hint = QLabel(
                self.tr("lr is the Learning rate control (PyTorch default {value:g})").format(
                    value=defaults["lr"]
                )
            )
            lr_hint.setStyleSheet("color: #777777;")
            form.addRow(lr_hint)
        self.messageLabel = QLabel("")
        self.messageLabel.setObjectName("settingRefused")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setStyleSheet("color: #b3261e;")
        self.messageLabel.hide()
        form.addRow(self.messageLabel)
        self._menu.clear()
        action = QWidgetAction(self._menu)
        action.setDefaultWidget(form_host)
        self._menu.addAction(action)
        self.setEnabled(bool(self.fields))

    def applyValue(self, key: str, text: str) -> None:
        """Set one field's text and apply it, as typing it and pressing Enter does."""
        self.fields[key].setText(text)
        self._onEdited(key, self.fields[key])

    def _current(self, key: str) -> float:
        if "[" in key:
            name, i = key[:-1].split("[")
            return float(self._optimizer[name][int(i)])
        return float(self._optimizer[key])

    def _refuse(self, key: str, edit: QLineEdit, text: str) -> None:
        """Say why, in plain words, and show the value that stays."""
        edit.setText(f"{self._current(key):g}")
        if self.messageLabel is not None:
            self.messageLabel.setText(text)
            self.messageLabel.show()
        self.refused.emit(text)

    def _rangeText(self, key: str) -> str:
        lo, hi, lo_open, hi_open = HYPER_RANGES[key.split("[")[0]]
        if lo_open:
            template = self.tr("above {lo:g} and at most {hi:g}")
        elif hi_open:
            template = self.tr("at least {lo:g} and below {hi:g}")
        else:
            template = self.tr("between {lo:g} and {hi:g}")
        return template.format(lo=lo, hi=hi)

    def _onEdited(self, key: str, edit: QLineEdit) -> None:
        name = _SYMBOLS.get(key) or self.tr(_FIELD_LABELS.get(key, key))
        current = self._current(key)
        try:
            value = float(edit.text().replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            if edit.text().strip() and edit.text() != f"{current:g}":
                self._refuse(
                    key,
                    edit,
                    self.tr("“{text}” is not a number; {name} stays {value:g}.").format(
                        text=edit.text(), name=name, value=current
                    ),
                )
            else:
                edit.setText(f"{current:g}")
            return
        lo, hi, lo_open, hi_open = HYPER_RANGES[key.split("[")[0]]
        if not (
            (lo < value if lo_open else lo <= value) and (value < hi if hi_open else value <= hi)
        ):
            self._refuse(
                key,
                edit,
                self.tr("{name} must be {range}; it stays {value:g}.").format(
                    name=name, range=self._rangeText(key), value=current
                ),
            )
            return
        if self.messageLabel is not None:
            self.messageLabel.hide()
        if "[" in key:
            name, i = key[:-1].split("[")
            values = list(self._optimizer[name])
            if values[int(i)] == value:
                return
            values[int(i)] = value
            self._optimizer[name] = values
        elif value == self._optimizer.get(key):
            return
        else:
            self._optimizer[key] = value
        self.settingEdited.emit(key, value)
