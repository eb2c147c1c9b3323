"""The README's picture of Lab → Backprop step by step: the XOR lesson's 2-2-1 network part way through
the backward pass, a neuron's formula filled in, from the real window.

    python tools/screenshot_backprop.py [--size 1280x720] [--point 3] [--out ...]

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
from screenshot_classroom import _virtual_screen  # one virtual screen, before Qt

LESSON = "lesson_backprop_xor"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--point", type=int, default=3, help="the training point to follow")
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
    out = Path(args.out or str(files("playground") / "assets" / "screenshots" / "backprop.png"))
    done = {"ok": False}
    panel = window.lab.backprop

    def start() -> None:
        window.lab.lessonActions[LESSON].trigger()
        QTimer.singleShot(1500, pick)

    def pick() -> None:
        d = panel.dataPoints()
        x, y = d.x_train[args.point]
        panel.setPoint((float(x), float(y)), float(d.y_train[args.point]))
        QTimer.singleShot(800, walk)

    def walk() -> None:
        steps = [s.kind for s in panel.steps]
        panel.goTo(len(steps) - 2)  # the first hidden layer's backward step
        panel.selectNeuron(0, 0)
        QTimer.singleShot(400, save)

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = window.grab().save(str(out))
        print(f"{'saved' if done['ok'] else 'could not save'} {out}: {panel.stepLabel.text()}")
        window.close()
        app.quit()

    window.worker.ready.connect(lambda: QTimer.singleShot(300, start))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
