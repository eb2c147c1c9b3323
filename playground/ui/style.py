"""The window's stylesheet: large, high-contrast type for projecting in a classroom."""

import re

STYLE_SHEET = """
QMainWindow, QWidget#central { background: #ffffff; }
QWidget { color: #333333; }
QWidget:disabled { color: #a8a8a8; }
QMenu::item:disabled { color: #a8a8a8; }
QWidget#topBar { background: #f3f3f3; border-bottom: 1px solid #dddddd; }
QLabel#caption { color: #777777; font-size: 9pt; }
QLabel#epochLabel { font-size: 20pt; font-weight: 500; color: #222222; }
QLabel#speedLabel { font-size: 14pt; color: #444444; }
QLabel#statusLabel { color: #666666; }
QLabel#panelTitle { font-weight: bold; font-size: 11pt; color: #444444; letter-spacing: 1px; }
QLabel#number { font-size: 13pt; font-weight: 500; color: #222222; }
QLabel#hoverLabel { color: #555555; }
QPushButton#playButton {
    background: #183d4e; border-radius: 28px; border: none;
}
QPushButton#playButton:hover { background: #0f2c3a; }
QPushButton#playButton:focus { border: 3px dashed #5aa0ff; }
QPushButton#playButton:disabled { background: #9aa7ad; }
QFrame#banner[kind="error"] { background: #fdecea; border: 1px solid #e8a49c; }
QFrame#banner[kind="warning"] { background: #fff4e0; border: 1px solid #f0b860; }
QFrame#banner[kind="info"] { background: #e8f1fb; border: 1px solid #9cc2e8; }
QFrame#banner QLabel { font-size: 11pt; }
QToolButton { border: 1px solid transparent; border-radius: 4px; padding: 2px; }
QToolButton:hover { border-color: #bbbbbb; background: #f0f0f0; }
QToolButton:checked { border: 2px solid #333333; background: #ffffff; }
QToolButton:focus { border: 2px dashed #5aa0ff; }
QGraphicsView#networkView { border: none; }
QSplitter::handle { background: #eeeeee; }
"""

_BASE_POINTS = 10.0  # the type size a scaled sheet starts from (the desktop's usual default)


def style_sheet(scale: float = 1.0) -> str:
    """The stylesheet with every type size times scale (presentation mode: larger for a projector)."""
    if scale == 1.0:
        return STYLE_SHEET
    sized = re.sub(
        r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * scale:.1f}pt", STYLE_SHEET
    )
    return f"QWidget {{ font-size: {_BASE_POINTS * scale:.1f}pt; }}\n" + sized
