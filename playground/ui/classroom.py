"""For the teacher: presentation mode (full screen, larger type and strokes for a projector) and the
classroom setting (hide chosen controls, as TensorFlow Playground does, so a lesson shows only what
matters). Both are remembered in the settings.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from playground.ui.settings_store import SettingsStore
from playground.ui.style import style_sheet

PRESENTATION_KEY = "view/presentation"
HIDDEN_KEY = "classroom/hidden"
PRESENTATION_SCALE = 1.45  # type and strokes on a projector, against the desk's 1.0

# What the classroom setting can hide, in the order of the menu: key, name in the menu.
CONTROLS = (
    ("learning_rate", QT_TRANSLATE_NOOP("Classroom", "Learning rate")),
    ("activation", QT_TRANSLATE_NOOP("Classroom", "Activation")),
    ("regularization", QT_TRANSLATE_NOOP("Classroom", "Regularization and its rate")),
    ("problem_type", QT_TRANSLATE_NOOP("Classroom", "Problem type")),
    ("optimizer", QT_TRANSLATE_NOOP("Classroom", "Optimizer and its settings")),
    ("speed", QT_TRANSLATE_NOOP("Classroom", "Speed")),
    ("datasets", QT_TRANSLATE_NOOP("Classroom", "Data sets")),
    ("test_ratio", QT_TRANSLATE_NOOP("Classroom", "Ratio of training to test data")),
    ("noise", QT_TRANSLATE_NOOP("Classroom", "Noise")),
    ("batch_size", QT_TRANSLATE_NOOP("Classroom", "Batch size")),
    ("classes", QT_TRANSLATE_NOOP("Classroom", "Classes")),
    ("regenerate", QT_TRANSLATE_NOOP("Classroom", "Regenerate")),
    ("layer_palette", QT_TRANSLATE_NOOP("Classroom", "Layer palette (Dense, Maxout, Dropout)")),
    ("loss", QT_TRANSLATE_NOOP("Classroom", "Loss function")),
)


class Classroom(QObject):
    """The View menu's Presentation mode and Classroom submenu, and what they change."""

    presentationChanged = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        store: SettingsStore,
        view_menu: QMenu,
        controls: dict[str, list[QWidget]],
        strokes: Callable[[float], None],
    ) -> None:
        """controls: the widgets each key hides; strokes(scale): the plots' pen and point sizes."""
        super().__init__(window)
        self._window = window
        self._store = store
        self._controls = controls
        self._strokes = strokes
        self._wasMaximized = False
        self.presentationAction = QAction(self.tr("&Presentation mode"), window, checkable=True)
        self.presentationAction.setObjectName("presentationAction")
        self.presentationAction.setShortcut(QKeySequence(QKeySequence.StandardKey.FullScreen))
        self.presentationAction.setStatusTip(
            self.tr("Full screen with larger type and lines, for a projector (Esc or F11 ends it)")
        )
        self.presentationAction.toggled.connect(self.setPresentation)
        window.addAction(self.presentationAction)
        view_menu.addAction(self.presentationAction)

        self.classroomMenu = view_menu.addMenu(self.tr("&Classroom: controls shown"))
        self.classroomMenu.setObjectName("classroomMenu")
        self.classroomMenu.setToolTipsVisible(True)
        self.controlActions: dict[str, QAction] = {}
        hidden = self.hiddenControls()
        for key, name in CONTROLS:
            if key not in controls:
                continue
            a = QAction(self.tr(name), self, checkable=True)
            a.setChecked(key not in hidden)
            a.toggled.connect(lambda on, k=key: self.setControlShown(k, on))
            self.classroomMenu.addAction(a)
            self.controlActions[key] = a
        self.classroomMenu.addSeparator()
        self.showAllAction = self.classroomMenu.addAction(self.tr("Show &every control"))
        self.showAllAction.triggered.connect(self.showAll)
        self._apply()

    # ----- presentation mode -----

    def isPresenting(self) -> bool:
        return self.presentationAction.isChecked()

    def restore(self) -> None:
        """Enter presentation mode again if the last session ended in it (once the window shows)."""
        if self._store.flag(PRESENTATION_KEY):
            QTimer.singleShot(0, self, lambda: self.presentationAction.setChecked(True))

    def setPresentation(self, on: bool) -> None:
        """Full screen, larger type and strokes (on), or back to the window as it was."""
        if self.presentationAction.isChecked() != on:
            self.presentationAction.setChecked(on)  # comes back here through toggled
            return
        self._store.setFlag(PRESENTATION_KEY, on)
        window = self._window
        scale = PRESENTATION_SCALE if on else 1.0
        window.setStyleSheet(style_sheet(scale))
        self._strokes(scale)
        if on:
            self._wasMaximized = window.isMaximized()
            window.showFullScreen()
        elif self._wasMaximized:
            window.showMaximized()
        else:
            window.showNormal()
        self.presentationChanged.emit(on)

    # ----- the classroom setting -----

    def hiddenControls(self) -> set[str]:
        """The keys of the controls the classroom setting hides."""
        text = self._store.text(HIDDEN_KEY, "")
        known = {key for key, _name in CONTROLS}
        return {k for k in text.split(",") if k in known}

    def setControlShown(self, key: str, shown: bool) -> None:
        """Show or hide one control (remembered)."""
        hidden = self.hiddenControls()
        hidden = hidden - {key} if shown else hidden | {key}
        self._store.setText(HIDDEN_KEY, ",".join(k for k, _n in CONTROLS if k in hidden))
        action = self.controlActions.get(key)
        if action is not None and action.isChecked() != shown:
            action.setChecked(shown)
        self._apply()

    def showAll(self) -> None:
        """Every control back."""
        for key in list(self.hiddenControls()):
            self.setControlShown(key, True)

    def _apply(self) -> None:
        hidden = self.hiddenControls()
        for key, widgets in self._controls.items():
            for w in widgets:
                w.setVisible(key not in hidden)
        self.classroomMenu.setTitle(
            self.tr("&Classroom: controls shown ({hidden} hidden)").format(hidden=len(hidden))
            if hidden
            else self.tr("&Classroom: controls shown")
        )
