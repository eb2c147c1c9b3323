"""Make the README's builder screenshot from the real window: a network built by drops, mid-drag.

    python tools/screenshot_builder.py [--seconds 3] [--out playground/assets/screenshot_builder.png]

Starts from an empty network, drops Dense, Dropout and Dense from the palette (the same drag events
a mouse drag delivers), sets 8 units and relu on the first, freezes nothing, trains a few seconds, then
holds a Maxout from the palette over the gap between the two dense layers and grabs the window, drop
indicator included. Runs offscreen unless QT_QPA_PLATFORM is set; throwaway settings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication

import playground.ui  # noqa: F401 - package set-up before any Qt call
from playground.ui.builder import drop_event
from playground.ui.layer_palette import make_mime
from playground.ui.main_window import MainWindow

# The README's pictures: package data of the playground (the source tree in an editable install).
ASSETS = Path(str(files("playground") / "assets"))

START = {"features": ["x1", "x2"], "layers": [], "data": {"name": "circle", "noise": 0.1}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to train")
    parser.add_argument("--out", default=str(ASSETS / "screenshot_builder.png"))
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))

    app = QApplication.instance() or QApplication(sys.argv)
    settings = QSettings(
        os.path.join(tempfile.mkdtemp(prefix="screenshot_"), "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(settings=settings, config=START)
    window.resize(width, height)
    window.show()
    builder = window.builder
    viewport = builder.view.viewport()
    done = {"ok": False}

    def drop(kind: str, gap: int) -> None:
        mime = make_mime({"source": "palette", "kind": kind})
        for t in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            QApplication.sendEvent(viewport, drop_event(t, builder.gapPoint(gap), mime))

    steps = [
        lambda: drop("dense", 0),
        lambda: drop("dropout", 1),
        lambda: drop("dense", 1),
        lambda: builder.setLayerValue(0, "units", 8),
        lambda: builder.setLayerValue(0, "activation", "relu"),
        lambda: builder.setLayerValue(2, "units", 8),
        lambda: window.topBar.playButton.click(),
    ]

    def run(i: int = 0) -> None:
        if i < len(steps):
            steps[i]()
            QTimer.singleShot(300, lambda: run(i + 1))
        else:
            QTimer.singleShot(int(args.seconds * 1000), hover)

    def hover() -> None:
        window.topBar.playButton.click()  # pause
        mime = make_mime({"source": "palette", "kind": "maxout"})
        for t in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            QApplication.sendEvent(viewport, drop_event(t, builder.gapPoint(1), mime))
        QTimer.singleShot(500, save)

    def save() -> None:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = window.grab().save(str(out))
        layers = window.lastSnapshot().config["layers"]
        print(f"{'saved' if done['ok'] else 'could not save'} {out}: {layers}")
        window.close()
        app.quit()

    window.worker.ready.connect(lambda: QTimer.singleShot(300, run))
    window.worker.errored.connect(lambda message: print("worker error:", message, file=sys.stderr))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
