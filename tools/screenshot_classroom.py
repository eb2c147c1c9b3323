"""Screenshots of the real window for the classroom: a small screen with every lab panel open, and
presentation mode on a projector-sized screen.

    python tools/screenshot_classroom.py small         # 1280×720, every lab panel open
    python tools/screenshot_classroom.py presentation  # 1920×1080, View → Presentation mode
    python tools/screenshot_classroom.py small --size 1366x768 --preset lesson_softmax --out x.png

Runs offscreen on a virtual screen of the given size (so the window fits that screen as it would on
a real one) with throwaway settings; trains a few seconds, pauses, and saves the window's pixels.
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

MODES = {
    "small": ("1280x720", "lesson_softmax", "classroom_small.png"),
    "presentation": ("1920x1080", "lesson_xor_hidden", "classroom_presentation.png"),
}
PANELS = ("lesson", "metrics", "gradients", "hidden", "compare", "landscape", "activations")


def _virtual_screen(size: str) -> None:
    """Offscreen Qt on one screen of this size (unless another platform was asked for)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    width, height = (int(v) for v in size.lower().split("x"))
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    path = Path(tempfile.mkdtemp(prefix="screens_")) / "screens.json"
    path.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--size", help="screen size WIDTHxHEIGHT (default: the mode's)")
    parser.add_argument("--preset", help="lesson or preset to load (default: the mode's)")
    parser.add_argument("--seconds", type=float, default=4.0, help="how long to train")
    parser.add_argument("--front", default="metrics", choices=PANELS[1:], help="the tab in front")
    parser.add_argument("--out", help="PNG to write (default: the package's screenshots folder)")
    args = parser.parse_args()
    size, preset, name = MODES[args.mode]
    _virtual_screen(args.size or size)

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
    # The README's pictures are package data (the source tree in an editable install).
    out = Path(args.out or str(files("playground") / "assets" / "screenshots" / name))
    done = {"ok": False}

    def start() -> None:
        if args.mode == "presentation":
            window.presentationAction.trigger()
        window.lab.lessons.load(args.preset or preset)
        if args.mode == "small":
            for key in PANELS:
                window.lab.showPanel(key)
            window.lab.showPanel(args.front)
        QTimer.singleShot(1500, play)

    def play() -> None:
        window.topBar.playButton.setChecked(True)
        QTimer.singleShot(int(args.seconds * 1000), pause)

    def pause() -> None:
        window.topBar.playButton.setChecked(False)
        QTimer.singleShot(600, save)

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        done["ok"] = window.grab().save(str(out))
        frame = window.frameGeometry()
        screen = window.screen().availableGeometry()
        print(
            f"{'saved' if done['ok'] else 'could not save'} {out}: window {frame.width()}×"
            f"{frame.height()} on a {screen.width()}×{screen.height()} screen, epoch "
            f"{window.lastSnapshot().epoch:,}"
        )
        window.close()
        app.quit()

    window.worker.ready.connect(lambda: QTimer.singleShot(300, start))
    window.worker.errored.connect(lambda message: print("engine error:", message, file=sys.stderr))
    app.exec()
    return 0 if done["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
