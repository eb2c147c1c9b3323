"""Start the window: `run(sys.argv)` creates the QApplication, shows the main window, runs the event loop."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from playground.ui import i18n
from playground.ui.main_window import MainWindow
from playground.ui.settings_store import SettingsStore


def run(argv: list[str] | None = None) -> int:
    """Open the Neural Playground window; an optional argument is an experiment file to open."""
    argv = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Neural Playground")
    app.setOrganizationName("NeuralPlayground")
    # The language chosen in View > Language, else the system's (zh_* -> Simplified Chinese).
    i18n.install(i18n.chosen_language(SettingsStore().text(i18n.SETTINGS_KEY, "")))
    # Only the window on screen is held: one replaced on a language switch goes, memory and all.
    current = [MainWindow()]

    def follow(new: MainWindow) -> None:
        current[0] = new
        new.replaced.connect(follow)

    current[0].replaced.connect(follow)
    current[0].show()
    files = [a for a in argv[1:] if not a.startswith("-")]
    if files:  # (through current: a local holding the first window would keep it after a switch)
        current[0].worker.ready.connect(lambda: current[0].openPath(files[0]))
    code = app.exec()
    current[0].close()  # stops the worker thread if the loop ended some other way than closing it
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv))
