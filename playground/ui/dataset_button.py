"""A dataset choice drawn from the real generated points."""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from playground.datasets import IMAGE_SETS, make_dataset
from playground.ui.colors import MIDDLE, class_color, values_to_rgba
from playground.ui.images import digit_qimage

THUMB = 64
# Names as the data sets' buttons show them.
_LABELS = {
    "circle": QT_TRANSLATE_NOOP("Datasets", "circle"),
    "xor": QT_TRANSLATE_NOOP("Datasets", "xor"),
    "gauss": QT_TRANSLATE_NOOP("Datasets", "gauss"),
    "spiral": QT_TRANSLATE_NOOP("Datasets", "spiral"),
    "moons": QT_TRANSLATE_NOOP("Datasets", "moons"),
    "checkerboard": QT_TRANSLATE_NOOP("Datasets", "checkerboard"),
    "blobs": QT_TRANSLATE_NOOP("Datasets", "blobs"),
    "plane": QT_TRANSLATE_NOOP("Datasets", "plane"),
    "multi_gauss": QT_TRANSLATE_NOOP("Datasets", "multi gauss"),
    "digits": QT_TRANSLATE_NOOP("Datasets", "digits"),
}


def dataset_label(name: str) -> str:
    """A data set's name in the interface language."""
    return QCoreApplication.translate("Datasets", _LABELS.get(name, name))


def dataset_pixmap(name: str, task: str, size: int = THUMB) -> QPixmap:
    """Scatter of the named data set (seed 0) coloured by class or target; an image set: four images."""
    return QPixmap.fromImage(_dataset_image(name, task, size))


@functools.lru_cache(maxsize=64)
def _dataset_image(name: str, task: str, size: int) -> QImage:
    """The thumbnail, drawn once per process: a window rebuilt on a language switch reuses it.
    (A QImage, not a QPixmap: it may outlive the application at exit.)"""
    if name in IMAGE_SETS:
        return _images_image(name, size)
    data = make_dataset(
        {"name": name, "n_samples": 300 if task == "classification" else 500}, task, 0
    )
    xy = np.concatenate([data.x_train, data.x_test])
    y = np.concatenate([data.y_train, data.y_test])
    if task == "classification":
        colors = [class_color(int(k)) for k in y]
    else:
        colors = [tuple(int(c) for c in rgba[:3]) for rgba in values_to_rgba(y, -1.0, 1.0)]
    pm = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    pm.fill(QColor(*MIDDLE))
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    scale = size / 12.0
    r = max(1.2, size / 48)
    for (px, py), c in zip(xy, colors):
        p.setBrush(QColor(*c))
        p.drawEllipse(QPointF((px + 6) * scale, (6 - py) * scale), r, r)
    p.end()
    return pm


def _images_image(name: str, size: int) -> QImage:
    """Four of the set's images (the digits 0, 1, 2, 3 of seed 0's test set) in a 2 × 2 grid."""
    data = make_dataset({"name": name}, "classification", 0)
    side = data.image_shape
    pm = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    pm.fill(QColor(255, 255, 255))
    p = QPainter(pm)
    half = size // 2
    for k in range(4):
        i = int(np.flatnonzero(data.y_test == k)[0])
        image = digit_qimage(data.x_test[i].reshape(side))
        p.drawImage(QRectF((k % 2) * half + 1, (k // 2) * half + 1, half - 2, half - 2), image)
    p.end()
    return pm


class DatasetButton(QToolButton):
    """Checkable thumbnail of one data set; Tab reaches it, Space picks it."""

    def __init__(self, name: str, task: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setCheckable(True)
        self.setAutoExclusive(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setIcon(QIcon(dataset_pixmap(name, task)))
        self.setIconSize(QSize(THUMB, THUMB))
        label = dataset_label(name)
        self.setText(label)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setToolTip(self.tr("Use the {name} data set (resets the network)").format(name=label))
        self.setAccessibleName(self.tr("{name} data set").format(name=label))
