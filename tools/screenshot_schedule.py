"""Screenshot of the real window training with a learning-rate schedule: the cosine lesson, the
learning-rate strip under the loss curve, the Learning rate field following the schedule, and the
optimizer's settings (with the schedule's) drawn beside the window.

    python tools/screenshot_schedule.py                     # the README's picture
    python tools/screenshot_schedule.py --seconds 3 --out x.png

Runs offscreen on a 1600×1000 virtual screen with throwaway settings; loads the lesson, plays it until
the stop rule ends it (or --seconds pass), and saves the window's pixels with the settings form's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LESSON = "lesson_schedule_cosine"


def _virtual_screen(width: int, height: int) -> None:
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    path = Path(tempfile.mkdtemp(prefix="screens_")) / "screens.json"
    path.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="the longest it trains")
    parser.add_argument("--out", help="PNG to write (default: the package's screenshots folder)")
    args = parser.parse_args()
    _virtual_screen(1600, 1000)

    from PySide6.QtCore import QPoint, QSettings, QTimer
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    import playground.ui  # noqa: F401 - applies the PySide 6.12 refcount fix first
    from playground.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    settings = QSettings(
        os.path.join(tempfile.mkdtemp(prefix="screenshot_"), "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings=settings, config={})
    window.show()
    out = Path(args.out or str(files("playground") / "assets" / "screenshots" / "schedule.png"))
    done = {"ok": False, "left": args.seconds}

    def start() -> None:
        window.lab.lessons.load(LESSON)
        QTimer.singleShot(1500, play)

    def play() -> None:
        window.topBar.playButton.setChecked(True)
        QTimer.singleShot(500, wait)

    def wait() -> None:
        done["left"] -= 0.5
        if window.topBar.playButton.isChecked() and done["left"] > 0:
            QTimer.singleShot(500, wait)
            return
        window.topBar.playButton.setChecked(False)
        QTimer.singleShot(800, save)

    def save() -> None:
        shot = window.grab()
        menu = window.topBar.optimizerSettings.menu()
        form = menu.actions()[0].defaultWidget()
        form.adjustSize()
        panel = form.grab()
        pad = 12
        full = QPixmap(shot.width() + panel.width() + 2 * pad, max(shot.height(), panel.height()))
        full.fill(QColor("#ffffff"))
        painter = QPainter(full)
        painter.drawPixmap(0, 0, shot)
        painter.drawPixmap(QPoint(shot.width() + pad, pad), panel)
        painter.end()
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = full.save(str(out))
        print(
            f"{'saved' if done['ok'] else 'could not save'} {out}: epoch {window.lastSnapshot().epoch:,}, "
            f"learning rate shown {window.topBar.learningRateCombo.currentText()}"
        )
        window.close()
        app.quit()

    window.worker.ready.connect(lambda: QTimer.singleShot(300, start))
    window.worker.errored.connect(lambda message: print("engine error:", message, file=sys.stderr))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
