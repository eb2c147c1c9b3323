"""Make the README screenshot from the real window: train the default experiment a few seconds, grab it.

    python tools/screenshot_readme.py [--seconds 4] [--out playground/assets/screenshot.png]

Runs offscreen unless QT_QPA_PLATFORM is set; uses throwaway settings, so your own are not touched.
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
from screenshot_classroom import _virtual_screen  # noqa: E402 - one virtual screen, before Qt

_virtual_screen("1600x1000")  # a screen with room for the window (offscreen's own is 800 px)

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

import playground.ui  # noqa: F401 - applies the PySide 6.12 refcount fix first
from playground.ui.main_window import MainWindow

# The README's pictures: package data of the playground (the source tree in an editable install).
ASSETS = Path(str(files("playground") / "assets"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=4.0, help="how long to train before the grab"
    )
    parser.add_argument("--out", default=str(ASSETS / "screenshot.png"))
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))

    app = QApplication.instance() or QApplication(sys.argv)
    settings = QSettings(
        os.path.join(tempfile.mkdtemp(prefix="screenshot_"), "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings=settings, config={})
    window.resize(width, height)
    window.show()
    done = {"ok": False}

    def grab() -> None:
        window.topBar.playButton.click()  # pause
        QTimer.singleShot(400, save)

    def save() -> None:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = window.grab().save(str(out))
        print(
            f"{'saved' if done['ok'] else 'could not save'} {out} at epoch {window.lastSnapshot().epoch:,}"
        )
        window.close()
        app.quit()

    def play() -> None:
        window.topBar.playButton.click()
        QTimer.singleShot(int(args.seconds * 1000), grab)

    window.worker.ready.connect(lambda: QTimer.singleShot(200, play))
    window.worker.errored.connect(lambda message: print("worker error:", message, file=sys.stderr))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
