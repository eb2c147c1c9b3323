"""Number fields that take typing: what is typed is applied on Enter (or when the field is left) if
it is in range, and otherwise refused with a message that says the range; nothing is sent then, and
the field shows again the value that stays. Never silently changed to something else.

NumberCombo: an editable list of usual numbers (learning rate, regularization rate) that also takes
any number an engine rule accepts. CheckedSpinBox / CheckedDoubleSpinBox: spin boxes (units,
pieces, classes, dropout rate) whose typed text may go past the range while typing (999 stays 999,
not 99) and is refused as a whole when the edit ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QToolTip, QWidget

from playground import ConfigError


def number_text(value: float) -> str:
    """A number as the fields and their messages write it (0.03, 1e-05, 256)."""
    return f"{value:g}"


def show_refusal(field: QWidget, message: str) -> None:
    """The reason, next to the field."""
    QToolTip.showText(field.mapToGlobal(field.rect().bottomLeft()), message, field)


class NumberCombo(QComboBox):
    """An editable combo of numbers checked by an engine rule.

    The list holds the usual values; any other number can be typed. On Enter (or leaving the field)
    the text is read as a number and given to `check`, the engine's own rule, which raises
    ConfigError or ValueError when the engine would refuse it: then `refused(text)` is emitted,
    nothing is chosen and the field shows `current()` again. An accepted value, typed or picked from
    the list, is emitted as `valueChosen(value)` when it differs from `current()`, what the engine
    will have once it has run every command sent.
    """

    valueChosen = Signal(float)
    refused = Signal(str)  # the text typed

    def __init__(
        self,
        values: tuple[float, ...],
        check: Callable[[float], Any],
        current: Callable[[], float],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._check = check
        self._current = current
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # A text field: a click gives it the keyboard (with Tab only, the typed keys went elsewhere).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # No completion from the list ("1" became 1e-05) and no validator that drops keys unseen:
        # what is typed is checked on Enter, by the engine's own rule, and refused with the reason.
        self.setCompleter(None)
        for v in values:
            self.addItem(number_text(v), v)
        self.setMinimumContentsLength(7)
        self.activated.connect(self._onActivated)
        self.lineEdit().editingFinished.connect(self._onTyped)

    def showValue(self, value: float) -> None:
        """Show the engine's value without emitting anything; text being typed stays."""
        edit = self.lineEdit()
        shown = number_text(value)
        if edit.hasFocus() and edit.isModified():
            return
        i = self.findData(value)
        if i >= 0 and i != self.currentIndex():
            blocked = self.blockSignals(True)
            self.setCurrentIndex(i)  # the arrow keys step on from the value shown
            self.blockSignals(blocked)
        if edit.text() != shown:
            self.setEditText(shown)

    def _onActivated(self, index: int) -> None:
        value = self.itemData(index)
        if value is not None:
            self._choose(float(value))

    def _onTyped(self) -> None:
        if not self.lineEdit().isModified():  # nothing typed: what is shown (perhaps a schedule's rate) stays
            return
        text = self.lineEdit().text().strip()
        current = self._current()
        if text == number_text(current):
            self._show(current)
            return
        try:
            value = float(text)
            self._check(value)
        except (ValueError, ConfigError):
            self._show(current)
            self.refused.emit(text)
            return
        self._choose(value)

    def _choose(self, value: float) -> None:
        self._show(value)
        if value != self._current():
            self.valueChosen.emit(value)

    def _show(self, value: float) -> None:
        """The field shows the value as sent; typing again replaces it."""
        edit = self.lineEdit()
        edit.setText(number_text(value))  # also marks it unmodified
        if edit.hasFocus():
            edit.selectAll()


class _CheckedSpin:
    """What the checked spin boxes share (mixed into QSpinBox and QDoubleSpinBox).

    The message template gets {text} (what was typed), {lo} and {hi} (the range) and {value} (the
    value that stays)."""

    def _setUp(self, lo: float, hi: float, message: str) -> None:
        self.setRange(lo, hi)
        self._message = message
        self.setKeyboardTracking(False)  # one value per Enter / arrow, not one per digit typed
        self.setCorrectionMode(self.CorrectionMode.CorrectToPreviousValue)

    def setRefusalMessage(self, message: str) -> None:
        """Another template for the refusal (the interface language changed)."""
        self._message = message

    def lastRefusal(self) -> str:
        """The last refusal's message ("" if none)."""
        return getattr(self, "_lastRefusal", "")

    def validate(self, text: str, pos: int) -> object:
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid:
            # Typed text stays as typed (999 is not cut to 99, letters show): Enter refuses it whole.
            return (QValidator.State.Intermediate, text, pos)
        return result

    def _pending(self) -> str | None:
        """The text typed and not applied, when it is not a value in range; None otherwise."""
        text = self.lineEdit().text()
        result = super().validate(text, len(text))
        state = result[0] if isinstance(result, tuple) else result
        typed = self.cleanText().strip()
        if state == QValidator.State.Acceptable or not typed or text == self.textFromValue(
            self.value()
        ) or text == self.prefix() + self.textFromValue(self.value()) + self.suffix():
            return None
        return typed

    def _refusePending(self) -> bool:
        """Refuse what was typed if it is out of range or not a number; True if refused."""
        typed = self._pending()
        if typed is None:
            return False
        message = self._message.format(
            text=typed,
            lo=self._format(self.minimum()),
            hi=self._format(self.maximum()),
            value=self._format(self.value()),
        )
        self._lastRefusal = message
        value = self.value()
        blocked = self.blockSignals(True)
        self.setValue(value)  # the field shows the value that stays
        self.blockSignals(blocked)
        self.lineEdit().setText(self.prefix() + self.textFromValue(value) + self.suffix())
        show_refusal(self, message)
        self.refused.emit(message)
        return True

    @staticmethod
    def _format(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else number_text(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._refusePending():
            self.selectAll()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._refusePending()
        super().focusOutEvent(event)

    def stepBy(self, steps: int) -> None:
        if self._refusePending():
            return
        super().stepBy(steps)


class CheckedSpinBox(_CheckedSpin, QSpinBox):
    """A whole-number field in [lo, hi] that takes typing and refuses what is out of range."""

    refused = Signal(str)  # the message, in the interface language

    def __init__(self, lo: int, hi: int, message: str, parent: QWidget | None = None) -> None:
        QSpinBox.__init__(self, parent)
        self._setUp(lo, hi, message)


class CheckedDoubleSpinBox(_CheckedSpin, QDoubleSpinBox):
    """A number field in [lo, hi] that takes typing and refuses what is out of range."""

    refused = Signal(str)  # the message, in the interface language

    def __init__(
        self, lo: float, hi: float, decimals: int, message: str, parent: QWidget | None = None
    ) -> None:
        QDoubleSpinBox.__init__(self, parent)
        self.setDecimals(decimals)
        self._setUp(lo, hi, message)


__all__ = [
    "CheckedDoubleSpinBox",
    "CheckedSpinBox",
    "NumberCombo",
    "number_text",
    "show_refusal",
]
