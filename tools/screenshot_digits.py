"""Screenshot of the real window in image mode: the digits lesson trained, a digit drawn on the pad,
and the misclassified digits panel open.

    python tools/screenshot_digits.py                      # 1280×720 -> playground/assets/screenshots/digits.png
    python tools/screenshot_digits.py --size 1920x1080 --out /tmp/digits.png

Runs offscreen on a virtual screen of the given size with throwaway settings; loads lesson_digits,
trains a few seconds, pauses, writes a 2 on the pad with the mouse, and saves the window's pixels.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from screenshot_classroom import _virtual_screen

# A handwritten 2 in pad units (x right, y down): the top arc, the diagonal, the base.
TWO = [
    (0.30, 0.30),
    (0.38, 0.20),
    (0.52, 0.16),
    (0.65, 0.22),
    (0.69, 0.34),
    (0.63, 0.47),
    (0.50, 0.60),
    (0.38, 0.72),
    (0.30, 0.82),
    (0.45, 0.82),
    (0.60, 0.82),
    (0.72, 0.82),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720", help="screen size WIDTHxHEIGHT")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to train")
    parser.add_argument("--out", help="PNG to write (default: the package's screenshots folder)")
    args = parser.parse_args()
    _virtual_screen(args.size)

    from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import playground.ui  # noqa: F401 - applies the PySide 6.12 refcount fix first
    from playground.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    settings = QSettings(
        os.path.join(tempfile.mkdtemp(prefix="screenshot_"), "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings=settings, config={})
    window.show()
    out = Path(args.out or str(files("playground") / "assets" / "screenshots" / "digits.png"))
    done = {"ok": False}

    def start() -> None:
        window.lab.lessons.load("lesson_digits")
        window.lab.docks["lesson"].hide()  # the network and the pad need the height at 720
        window.imageMode.dock.show()
        window.resizeDocks([window.imageMode.dock], [170], Qt.Orientation.Vertical)
        QTimer.singleShot(2500, play)

    def play() -> None:
        window.topBar.playButton.setChecked(True)
        QTimer.singleShot(int(args.seconds * 1000), pause)

    def pause() -> None:
        window.topBar.playButton.setChecked(False)
        QTimer.singleShot(600, draw)

    def draw() -> None:
        pad = window.imageMode.panel.pad
        side = min(pad.width(), pad.height())
        points = [QPoint(round(x * side), round(y * side)) for x, y in TWO]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for p in points[1:]:
            QTest.mouseMove(pad, p)
        QTest.mouseRelease(
            pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
        )
        window.imageMode.panel.labelSpin.setValue(2)
        window.banner.hide()  # the stop rule's note: read, closed
        QTimer.singleShot(1200, save)

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = window.grab().save(str(out))
        frame = window.frameGeometry()
        snap = window.lastSnapshot()
        print(
            f"{'saved' if done['ok'] else 'could not save'} {out}: window {frame.width()}×{frame.height()}, "
            f"epoch {snap.epoch:,}, test accuracy {snap.evaluation.get('test_accuracy', 0):.3f}"
        )
        window.close()
        app.quit()

    window.worker.ready.connect(lambda: QTimer.singleShot(300, start))
    window.worker.errored.connect(lambda message: print("engine error:", message, file=sys.stderr))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
