"""A button that opens the current optimizer's hyper-parameters (momentum, betas, eps...) and its
learning-rate schedule for live editing."""

from __future__ import annotations

import copy
import math
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from playground.config import HYPER_RANGES, OPTIMIZER_DEFAULTS
from playground.errors import ConfigError
from playground.schedules import (
    CHOICES,
    FLAGS,
    PARAM_RANGES,
    SCHEDULES,
    TORCH_NAMES,
    normalize_schedule,
    starting_schedule,
)

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
# The schedules, as the window names them; the torch class follows each name.
_SCHEDULE_LABELS = {
    "step": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "Step"),
    "exponential": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "Exponential"),
    "cosine": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "Cosine"),
    "cyclic": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "Cyclic"),
    "onecycle": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "One cycle"),
}
# Each schedule setting under its torch argument name, as the optimizer's (a translation adds a word).
_SCHEDULE_FIELD_LABELS = {
    "step_size": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "step_size"),
    "gamma": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "gamma"),
    "T_max": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "T_max"),
    "eta_min": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "eta_min"),
    "base_lr": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "base_lr"),
    "max_lr": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "max_lr"),
    "step_size_up": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "step_size_up"),
    "step_size_down": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "step_size_down"),
    "mode": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "mode"),
    "total_steps": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "total_steps"),
    "pct_start": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "pct_start"),
    "anneal_strategy": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "anneal_strategy"),
    "div_factor": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "div_factor"),
    "final_div_factor": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "final_div_factor"),
    "three_phase": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "three_phase"),
}
_CHOICE_LABELS = {
    "triangular": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "triangular"),
    "triangular2": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "triangular2 (halves each cycle)"),
    "exp_range": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "exp_range (times gamma each step)"),
    "cos": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "cos"),
    "linear": QT_TRANSLATE_NOOP("OptimizerSettingsButton", "linear"),
}
# The course notes' symbols, for messages in plain words ("β₁ must be at least 0 and below 1").
_SYMBOLS = {"betas[0]": "β₁", "betas[1]": "β₂", "eps": "ε", "alpha": "α", "rho": "ρ"}


class OptimizerSettingsButton(QToolButton):
    """Shows a form of the optimizer's numeric settings; an edit emits the one setting changed."""

    settingEdited = Signal(str, float)  # field ("eps", "betas[1]"), its new value
    scheduleChosen = Signal(object)  # the whole new schedule table (normalised), or None for none
    refused = Signal(str)  # a typed value that is not taken, and why, in plain words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Settings…"))
        self.setToolTip(
            self.tr(
                "Optimizer hyper-parameters and learning-rate schedule (take effect immediately)"
            )
        )
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._optimizer: dict[str, Any] = {}
        self._schedule: dict[str, Any] | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.scheduleCombo: QComboBox | None = None
        self.scheduleFields: dict[
            str, QWidget
        ] = {}  # QLineEdit, QComboBox or QCheckBox per setting
        self._scheduleForm: QFormLayout | None = None
        self.defaults: dict[str, float] = {}  # field -> torch.optim's default
        self.messageLabel: QLabel | None = None  # under the form: why a typed value was refused

    def optimizer(self) -> dict[str, Any]:
        """The optimizer the form shows."""
        return copy.deepcopy(self._optimizer)

    def schedule(self) -> dict[str, Any] | None:
        """The schedule the form shows (None: none)."""
        return copy.deepcopy(self._schedule)

    def setOptimizer(self, optimizer: dict[str, Any]) -> None:
        """Rebuild the form for this optimizer config (no signal)."""
        if optimizer == self._optimizer:
            return
        self._optimizer = copy.deepcopy(optimizer)
        form_host = QFrame()
        column = QVBoxLayout(form_host)
        form = QFormLayout()
        column.addLayout(form)
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
        column.addWidget(self._scheduleSection())
        self.messageLabel = QLabel("")
        self.messageLabel.setObjectName("settingRefused")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setStyleSheet("color: #b3261e;")
        self.messageLabel.hide()
        column.addWidget(self.messageLabel)
        self._menu.clear()
        action = QWidgetAction(self._menu)
        action.setDefaultWidget(form_host)
        self._menu.addAction(action)

    # ----- the learning-rate schedule -----

    def _scheduleSection(self) -> QWidget:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.NoFrame)
        outer = QFormLayout(box)
        outer.setContentsMargins(0, 6, 0, 0)
        self.scheduleCombo = QComboBox()
        self.scheduleCombo.setObjectName("scheduleCombo")
        self.scheduleCombo.addItem(self.tr("None (constant)"), None)
        for name in SCHEDULES:
            self.scheduleCombo.addItem(
                self.tr("{label} ({torch})").format(
                    label=self.tr(_SCHEDULE_LABELS[name]), torch=TORCH_NAMES[name]
                ),
                name,
            )
        self.scheduleCombo.setToolTip(
            self.tr(
                "Changes the learning rate as training goes, as torch.optim.lr_scheduler does: step, "
                "exponential and cosine once an epoch, cyclic and one cycle once a batch. It counts "
                "from the epoch it is chosen at."
            )
        )
        self.scheduleCombo.currentIndexChanged.connect(self._onScheduleName)
        outer.addRow(self.tr("Learning-rate schedule"), self.scheduleCombo)
        params = QFrame()
        self._scheduleForm = QFormLayout(params)
        self._scheduleForm.setContentsMargins(0, 0, 0, 0)
        outer.addRow(params)
        self._showSchedule()
        return box

    def setSchedule(self, schedule: dict[str, Any] | None) -> None:
        """Show this schedule (a normalised table, or None) without a signal."""
        if schedule == self._schedule and self.scheduleCombo is not None:
            return
        self._schedule = copy.deepcopy(schedule)
        if self.scheduleCombo is not None:
            self._showSchedule()

    def chooseSchedule(self, name: str | None) -> None:
        """Pick a schedule by name (None: none), as choosing it in the list does."""
        if self.scheduleCombo is not None:
            self.scheduleCombo.setCurrentIndex(self.scheduleCombo.findData(name))

    def _showSchedule(self) -> None:
        combo, form = self.scheduleCombo, self._scheduleForm
        blocked = combo.blockSignals(True)
        combo.setCurrentIndex(
            max(0, combo.findData(self._schedule["name"] if self._schedule else None))
        )
        combo.blockSignals(blocked)
        while form.rowCount():
            form.removeRow(0)
        self.scheduleFields = {}
        for key, value in (self._schedule or {}).items():
            if key in ("name", "cycle_momentum"):
                continue
            label = self.tr(_SCHEDULE_FIELD_LABELS.get(key, key))
            if key in CHOICES:
                field = QComboBox()
                for option in CHOICES[key]:
                    field.addItem(self.tr(_CHOICE_LABELS.get(option, option)), option)
                field.setCurrentIndex(field.findData(value))
                field.currentIndexChanged.connect(
                    lambda _i, k=key, f=field: self._sendSchedule(k, f.currentData())
                )
            elif key in FLAGS:
                field = QCheckBox()
                field.setChecked(bool(value))
                field.toggled.connect(lambda on, k=key: self._sendSchedule(k, on))
            else:
                field = QLineEdit("" if value is None else f"{value:g}")
                field.setMinimumWidth(90)
                if key == "step_size_down":
                    field.setPlaceholderText(self.tr("as step_size_up"))
                field.editingFinished.connect(lambda k=key, e=field: self._onScheduleEdited(k, e))
            field.setObjectName(f"schedule_{key}")
            form.addRow(label, field)
            self.scheduleFields[key] = field
        if self._schedule is not None and self._schedule["name"] in ("cyclic", "onecycle"):
            note = QLabel(
                self.tr(
                    "Sets the rate itself: the Learning rate control follows it. Momentum is not cycled."
                )
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #777777;")
            form.addRow(note)

    def applyScheduleValue(self, key: str, text: str) -> None:
        """Set one schedule field's text and apply it, as typing it and pressing Enter does."""
        edit = self.scheduleFields[key]
        edit.setText(text)
        self._onScheduleEdited(key, edit)

    def _onScheduleName(self, _index: int) -> None:
        name = self.scheduleCombo.currentData()
        if (self._schedule or {}).get("name") == name:
            return
        self._schedule = starting_schedule(name, float(self._optimizer.get("lr", 0.03)))
        self._showSchedule()
        self._hideMessage()
        self.scheduleChosen.emit(copy.deepcopy(self._schedule))

    def _sendSchedule(self, key: str, value: Any) -> bool:
        """The schedule with one setting changed, checked by the engine's rule; False if refused."""
        new = {**self._schedule, key: value}
        try:
            new = normalize_schedule(new)
        except ConfigError:
            return False
        if new != self._schedule:
            self._schedule = new
            self._hideMessage()
            self.scheduleChosen.emit(copy.deepcopy(new))
        return True

    def _onScheduleEdited(self, key: str, edit: QLineEdit) -> None:
        if self._schedule is None or key not in self._schedule:
            return
        name = self.tr(_SCHEDULE_FIELD_LABELS.get(key, key))
        current = self._schedule[key]
        shown = "" if current is None else f"{current:g}"
        text = edit.text().strip().replace(",", ".")
        if text == shown:
            return
        if not text and key == "step_size_down":
            self._sendSchedule(key, None)
            return
        whole, lo, hi, lo_open = PARAM_RANGES[key]
        try:
            value: float | int = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self._refuseSchedule(
                edit,
                self.tr("“{text}” is not a number; {name} stays {value}.").format(
                    text=edit.text(), name=name, value=shown or self.tr("as step_size_up")
                ),
            )
            return
        in_range = (lo < value if lo_open else lo <= value) and value <= hi
        if whole and (value != int(value) or not in_range):
            self._refuseSchedule(
                edit,
                self.tr(
                    "{name} must be a whole number from {lo} to {hi}; it stays {value}."
                ).format(
                    name=name,
                    lo=int(lo),
                    hi=f"{int(hi):,}",
                    value=shown or self.tr("as step_size_up"),
                ),
            )
            return
        if not in_range:
            template = (
                self.tr("above {lo:g} and at most {hi:g}")
                if lo_open
                else self.tr("between {lo:g} and {hi:g}")
            )
            self._refuseSchedule(
                edit,
                self.tr("{name} must be {range}; it stays {value:g}.").format(
                    name=name, range=template.format(lo=lo, hi=hi), value=current
                ),
            )
            return
        value = int(value) if whole else float(value)
        if not self._sendSchedule(key, value):  # the one rule between two fields
            if key == "max_lr":
                message = self.tr(
                    "max_lr must be at least base_lr ({other:g}); it stays {value:g}."
                )
            else:
                message = self.tr("base_lr must be at most max_lr ({other:g}); it stays {value:g}.")
            other = self._schedule["base_lr" if key == "max_lr" else "max_lr"]
            self._refuseSchedule(edit, message.format(other=other, value=current))

    def _refuseSchedule(self, edit: QLineEdit, text: str) -> None:
        key = next(k for k, f in self.scheduleFields.items() if f is edit)
        current = self._schedule[key]
        edit.setText("" if current is None else f"{current:g}")
        if self.messageLabel is not None:
            self.messageLabel.setText(text)
            self.messageLabel.show()
        self.refused.emit(text)

    def _hideMessage(self) -> None:
        if self.messageLabel is not None:
            self.messageLabel.hide()

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
