"""Lessons: the lesson presets with their plain-words explanations, each loaded in one click."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from playground.presets import load_preset, preset_names
from playground.ui import i18n

LESSON_PREFIX = "lesson_"
# The lab panel where each lesson's point shows best (raised when the lesson loads).
LESSON_PANELS = {
    "lesson_xor_linear": "hidden",
    "lesson_xor_hidden": "hidden",
    "lesson_backprop_xor": "backprop",
    "lesson_vanishing_sigmoid": "gradients",
    "lesson_vanishing_relu": "gradients",
    "lesson_overfit": "metrics",
    "lesson_overfit_l2": "metrics",
    "lesson_overfit_dropout": "metrics",
    "lesson_softmax": "metrics",
    "lesson_maxout": "hidden",
    "lesson_deep_vs_fat": "compare",
    "lesson_optimizer_race": "compare",
    "lesson_schedule_cosine": "compare",
    "lesson_landscape_bowl": "landscape",
    "lesson_landscape_rosenbrock": "landscape",
    "lesson_landscape_saddle": "landscape",
    "lesson_init_zeros": "activations",
    "lesson_init_saturation": "activations",
}


def lesson_names() -> list[str]:
    """The shipped lesson presets, in the order a course meets them."""
    order = list(LESSON_PANELS)
    names = [n for n in preset_names() if n.startswith(LESSON_PREFIX)]
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def lesson_title(preset: dict[str, Any]) -> str:
    """The title in the interface language, without the 'Lesson: ' (or '课程：') prefix."""
    title = i18n.lesson_text(preset, "title")
    for prefix in ("Lesson: ", "课程：", "课程: "):
        if title.startswith(prefix):
            return title[len(prefix) :]
    return title


def lesson_html(preset: dict[str, Any]) -> str:
    """Summary, explanation and what loading does, as simple HTML, in the interface language."""
    translate = QCoreApplication.translate
    if preset.get("landscape"):
        what = translate(
            "Lessons",
            "Loading sets up the race in the Optimizer landscape; press its Play to watch it.",
        )
    elif preset.get("compare"):
        what = translate(
            "Lessons",
            "Loading opens its {runs} runs in the Compare runs view; press Play to train for "
            "{epochs:,} epochs.",
        )
    else:
        what = translate(
            "Lessons", "Loading sets up the network; press Play to train for {epochs:,} epochs."
        )
    what = what.format(runs=len(preset.get("compare") or ()), epochs=preset.get("epochs", 500))
    return (
        f"<h3>{html.escape(lesson_title(preset))}</h3>"
        f"<p><b>{html.escape(i18n.lesson_text(preset, 'summary'))}</b></p>"
        f"<p>{html.escape(i18n.lesson_text(preset, 'explanation'))}</p>"
        f"<p><i>{html.escape(what)}</i></p>"
    )


class LessonPanel(QWidget):
    """The lessons in a list and the chosen one's explanation; Load (or double-click) emits lessonChosen."""

    lessonChosen = Signal(str, dict)  # preset name, preset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setMinimumWidth(200)
        self.list.setWordWrap(True)
        self.presets: dict[str, dict[str, Any]] = {}
        for name in lesson_names():
            preset = load_preset(name)
            self.presets[name] = preset
            item = QListWidgetItem(lesson_title(preset))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(i18n.lesson_text(preset, "summary"))
            self.list.addItem(item)
        self.loadButton = QPushButton(self.tr("Load lesso&n"))
        self.loadButton.setToolTip(self.tr("Set up this lesson's network (or runs) and stop rule"))
        left.addWidget(self.list, 1)
        left.addWidget(self.loadButton)
        layout.addLayout(left, 2)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        layout.addWidget(self.text, 3)
        self.list.currentItemChanged.connect(lambda cur, _prev: self._show(cur))
        self.list.itemDoubleClicked.connect(
            lambda item: self.load(item.data(Qt.ItemDataRole.UserRole))
        )
        self.loadButton.clicked.connect(lambda: self.load(self.currentName()))
        if self.list.count():
            self.list.setCurrentRow(0)

    def currentName(self) -> str | None:
        """The selected lesson's preset name."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, name: str) -> None:
        """Select a lesson (shows its explanation)."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(i)
                return

    def load(self, name: str | None) -> None:
        """Select and load a lesson."""
        if name is None or name not in self.presets:
            return
        self.select(name)
        self.lessonChosen.emit(name, self.presets[name])

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.text.clear()
            return
        self.text.setHtml(lesson_html(self.presets[item.data(Qt.ItemDataRole.UserRole)]))
