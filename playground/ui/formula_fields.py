"""A text field for a formula with its error shown under it (a caret under the column at fault).

The field checks as the user types; Enter or Apply emits `applied` only while the text is valid,
so an invalid formula never reaches the experiment.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from playground.errors import ConfigError
from playground.formula import FormulaError

# check(text) -> None when the text may be applied; raises FormulaError / ConfigError otherwise.
Check = Callable[[str], None]


def caret_lines(text: str, offset: int | None) -> str:
    """The formula and, under it, a caret at the 0-based column offset ("" when unknown)."""
    if offset is None or not text:
        return ""
    return f"{text}\n{' ' * max(0, min(int(offset), len(text)))}^"


class FormulaField(QWidget):
    """Label, line edit and Apply button, with the check's message under them."""

    applied = Signal(str)

    def __init__(
        self, label: str, placeholder: str, check: Check, button: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._check = check
        self.error: str = ""
        self.errorOffset: int | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        self.label = QLabel(label)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.label.setBuddy(self.edit)
        self.applyButton = QPushButton(button or self.tr("Apply"))
        self.applyButton.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.caretLabel = QLabel()  # the formula with a caret under the column at fault
        self.caretLabel.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.errorLabel = QLabel()
        self.errorLabel.setObjectName("formulaError")
        self.errorLabel.setWordWrap(True)
        for shown in (self.caretLabel, self.errorLabel):
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setStyleSheet("color: #b3261e;")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.hide()
        grid.addWidget(self.label, 0, 0, 1, 2)
        grid.addWidget(self.edit, 1, 0)
        grid.addWidget(self.applyButton, 1, 1)
        grid.addWidget(self.caretLabel, 2, 0, 1, 2)
        grid.addWidget(self.errorLabel, 3, 0, 1, 2)
        self.edit.textChanged.connect(self._onTextChanged)
        self.edit.returnPressed.connect(self.apply)
        self.applyButton.clicked.connect(self.apply)
        self.applyButton.setEnabled(False)

    def text(self) -> str:
        """The formula as typed, without surrounding spaces."""
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        """Show a formula (checked, not applied)."""
        self.edit.setText(text)

    def validate(self) -> bool:
        """Run the check on the current text and show its message; True when it may be applied."""
        text = self.text()
        self.error, self.errorOffset = "", None
        if text:
            try:
                self._check(text)
            except FormulaError as e:
                self.error, self.errorOffset = str(e), e.offset
            except ConfigError as e:
                self.error = str(e)
        caret = caret_lines(text, self.errorOffset) if self.error else ""
        self.caretLabel.setText(caret)
        self.caretLabel.setVisible(bool(caret))
        self.errorLabel.setText(self.error)
        self.errorLabel.setVisible(bool(self.error))
        self.edit.setProperty("invalid", bool(self.error))
        self.edit.setStyleSheet("border: 1px solid #d93025;" if self.error else "")
        ok = bool(text) and not self.error
        self.applyButton.setEnabled(ok)
        return ok

    def apply(self) -> None:
        """Emit applied(text) if the text passes the check; otherwise only show why not."""
        if self.validate():
            self.applied.emit(self.text())

    def _onTextChanged(self, _text: str) -> None:
        self.validate()
