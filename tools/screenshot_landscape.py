"""The README's picture of Lab → Optimizer landscape: a lesson's race, part way, from the real window.

    python tools/screenshot_landscape.py [--lesson lesson_landscape_rosenbrock] [--steps 900]
                                         [--size 1600x1000] [--out ...]

Runs offscreen on a virtual screen of that size with throwaway settings; grabs the whole window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from screenshot_classroom import _virtual_screen  # noqa: E402 - one virtual screen, before Qt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="lesson_landscape_rosenbrock")
    parser.add_argument("--steps", type=int, default=900, help="steps of the race to show")
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    _virtual_screen(args.size)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    import playground.ui  # noqa: F401 - applies the PySide 6.12 refcount fix first
    from playground.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    settings = QSettings(
        os.path.join(tempfile.mkdtemp(prefix="screenshot_"), "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings=settings, config={})
    window.show()
    out = Path(args.out or str(files("playground") / "assets" / "screenshots" / "landscape.png"))
    done = {"ok": False}
    panel = window.lab.landscape

    def start() -> None:
        window.lab.lessonActions[args.lesson].trigger()
        QTimer.singleShot(1500, reveal)

    def reveal() -> None:
        panel.advance(args.steps)
        QTimer.singleShot(400, save)

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = window.grab().save(str(out))
        print(f"{'saved' if done['ok'] else 'could not save'} {out} at step {panel.step}")
        window.close()
        app.quit()

    window.worker.ready.connect(lambda: QTimer.singleShot(300, start))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
