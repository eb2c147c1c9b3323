"""Turn plain 2-D arrays into QImages; knows nothing of networks."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from playground.ui.colors import LUT32, lut_indices, values_to_rgba


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """(h, w, 4) uint8 RGBA, row 0 = bottom of the plot, -> a QImage with row 0 on top (owns its pixels)."""
    arr = np.ascontiguousarray(rgba[::-1])
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def digit_qimage(ink: np.ndarray) -> QImage:
    """An image's pixels (row 0 = top, 0 = paper .. 1 = ink) in grey: white paper, black ink."""
    v = np.clip(np.nan_to_num(np.asarray(ink, dtype=np.float32)), 0.0, 1.0)
    grey = np.round(255 * (1.0 - v)).astype(np.uint8)
    rgba = np.empty(v.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = grey[..., None]
    rgba[..., 3] = 255
    return rgba_to_qimage(rgba[::-1])


def heatmap_qimage(values: np.ndarray, lo: float = -1.0, hi: float = 1.0) -> QImage:
    """A 2-D array (row 0 = bottom) painted with the diverging colormap at fixed levels."""
    return rgba_to_qimage(values_to_rgba(values, lo, hi))


def heatmap_qimages(values: np.ndarray, lo: float = -1.0, hi: float = 1.0) -> list[QImage]:
    """(n, h, w) arrays (row 0 = bottom) -> n QImages in the diverging colormap at fixed levels.

    One pass over the whole block (the neuron maps of a layer) instead of one per picture: the
    rows are flipped and coloured in one LUT lookup, and each picture's pixels are contiguous.
    """
    block = np.asarray(values)
    if block.ndim != 3 or block.size == 0:
        return []
    n, h, w = block.shape
    pixels = LUT32[lut_indices(block[:, ::-1, :], lo, hi)]  # (n, h, w) uint32 RGBA, top row first
    return [QImage(pixels[j].data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
            for j in range(n)]


def thumbnail_step(resolution: int, target: int = 48) -> int:
    """Stride that brings a resolution down to about target pixels."""
    return max(1, int(np.ceil(resolution / target)))
