"""A drawn digit made into the 8×8 image the digits network reads, the way the digits were made.

scikit-learn's digits come from the UCI "optdigits" set: each digit was written on a form, scanned,
centred and size-normalised into a 32×32 bitmap, and the bitmap's 4×4 blocks were counted (0 to 16
inked pixels each) into an 8×8 image. `reduce_strokes` does the same with the pad's strokes:
clip them to the canvas, scale their bounding box into the 32×32 bitmap (centred, aspect kept),
ink every pixel within the pen's radius of a stroke, then count the blocks. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BITMAP = 32  # the normalised bitmap's side (pixels)
BLOCK = 4  # each 8×8 pixel counts a BLOCK × BLOCK block of the bitmap: 0..16
SIDE = BITMAP // BLOCK
PEN_RADIUS = 2.0  # in bitmap pixels: a stroke about four pixels wide, as in the scans
MAX_POINTS = 4000  # a longer drawing is thinned to this many points (it cannot stall the window)


def _clean(strokes: Sequence[Sequence[Sequence[float]]]) -> list[np.ndarray]:
    """Each stroke as an (m, 2) array of finite points clipped to the canvas [0, 1]²."""
    out = []
    for stroke in strokes:
        a = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
        a = a[np.all(np.isfinite(a), axis=1)]
        if len(a):
            out.append(np.clip(a, 0.0, 1.0))
    total = sum(len(a) for a in out)
    if total > MAX_POINTS:
        step = int(np.ceil(total / MAX_POINTS))
        out = [np.vstack([a[::step], a[-1:]]) for a in out]
    return out


def strokes_to_bitmap(strokes: Sequence[Sequence[Sequence[float]]]) -> np.ndarray:
    """The 32×32 bool bitmap of strokes drawn on a unit canvas (x right, y down, both 0..1).

    The strokes' bounding box is scaled to fill the bitmap inside the pen's radius, centred, its
    aspect kept; a point off the canvas is clipped to its edge. No strokes: an empty bitmap.
    """
    lines = _clean(strokes)
    bitmap = np.zeros((BITMAP, BITMAP), dtype=bool)
    if not lines:
        return bitmap
    points = np.vstack(lines)
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = float(np.max(hi - lo))
    room = BITMAP - 2 * PEN_RADIUS
    scale = room / span if span > 1e-9 else 0.0
    centre = (lo + hi) / 2
    centres = np.arange(BITMAP) + 0.5
    px, py = np.meshgrid(centres, centres)  # row i = y, column j = x
    for a in lines:
        a = (a - centre) * scale + BITMAP / 2
        start = a if len(a) == 1 else a[:-1]
        end = a if len(a) == 1 else a[1:]
        d = end - start
        length2 = np.maximum(np.sum(d * d, axis=1), 1e-12)
        # every pixel centre's distance to every segment, one segment per slice
        t = (
            (px[..., None] - start[:, 0]) * d[:, 0] + (py[..., None] - start[:, 1]) * d[:, 1]
        ) / length2
        t = np.clip(t, 0.0, 1.0)
        dx = px[..., None] - (start[:, 0] + t * d[:, 0])
        dy = py[..., None] - (start[:, 1] + t * d[:, 1])
        bitmap |= np.any(dx * dx + dy * dy <= PEN_RADIUS**2, axis=-1)
    return bitmap


def bitmap_to_digit(bitmap: np.ndarray) -> np.ndarray:
    """(8, 8) int64 counts 0..16 of a 32×32 bitmap's 4×4 blocks (the digits' pixel values)."""
    b = np.asarray(bitmap, dtype=bool)
    if b.shape != (BITMAP, BITMAP):
        raise ValueError(f"the bitmap must be {BITMAP}×{BITMAP}, got shape {b.shape}")
    return b.reshape(SIDE, BLOCK, SIDE, BLOCK).sum(axis=(1, 3)).astype(np.int64)


def reduce_bitmap(bitmap: np.ndarray) -> np.ndarray:
    """(8, 8) counts 0..16 of any inked bitmap (rows = y): its bounding box is scaled into 32×32,
    centred with its aspect kept, then the 4×4 blocks are counted. An empty bitmap gives zeros."""
    b = np.asarray(bitmap, dtype=bool)
    if b.ndim != 2 or not b.any():
        return np.zeros((SIDE, SIDE), dtype=np.int64)
    rows, cols = np.flatnonzero(b.any(axis=1)), np.flatnonzero(b.any(axis=0))
    crop = b[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    scale = BITMAP / max(h, w)
    out_h, out_w = max(1, round(h * scale)), max(1, round(w * scale))
    # nearest-neighbour resampling of the crop into an out_h × out_w box centred in the bitmap
    r = np.minimum((np.arange(out_h) + 0.5) / scale, h - 1).astype(int)
    c = np.minimum((np.arange(out_w) + 0.5) / scale, w - 1).astype(int)
    full = np.zeros((BITMAP, BITMAP), dtype=bool)
    top, left = (BITMAP - out_h) // 2, (BITMAP - out_w) // 2
    full[top : top + out_h, left : left + out_w] = crop[np.ix_(r, c)]
    return bitmap_to_digit(full)


def reduce_strokes(strokes: Sequence[Sequence[Sequence[float]]]) -> np.ndarray | None:
    """(8, 8) counts 0..16 of strokes on a unit canvas, or None when nothing is drawn."""
    if not _clean(strokes):
        return None
    return bitmap_to_digit(strokes_to_bitmap(strokes))


def network_input(digit: np.ndarray) -> np.ndarray:
    """The 64 inputs of an (8, 8) digit of counts 0..16: row-major, scaled to [0, 1]."""
    return np.asarray(digit, dtype=np.float64).reshape(-1) / 16.0
