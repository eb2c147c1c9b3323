"""The window's colours: orange means class 0 / negative, blue means class 1 / positive."""

from __future__ import annotations

import numpy as np

ORANGE = (245, 147, 34)
BLUE = (8, 119, 189)
MIDDLE = (232, 234, 235)
# Classes beyond the first two (multi-class data sets).
EXTRA_CLASSES = (
    (76, 160, 80),
    (142, 68, 173),
    (214, 48, 49),
    (120, 85, 60),
    (0, 150, 150),
    (200, 60, 160),
    (150, 140, 30),  # classes 8 and 9: the digits
    (95, 100, 115),
)

TEXT = "#333"
MUTED = "#777"
BACKGROUND = "#f7f7f7"


def class_color(k: int) -> tuple[int, int, int]:
    """RGB of class k."""
    palette = (ORANGE, BLUE, *EXTRA_CLASSES)
    return palette[k % len(palette)]


def class_palette(n: int) -> np.ndarray:
    """(n, 3) uint8 RGB colours of classes 0..n-1."""
    return np.array([class_color(k) for k in range(max(n, 1))], dtype=np.uint8)


def diverging_lut(n: int = 256) -> np.ndarray:
    """(n, 4) uint8 lookup table: orange at 0, light grey in the middle, blue at n-1."""
    t = np.linspace(-1.0, 1.0, n)[:, None]
    lo = np.array(ORANGE, float)
    mid = np.array(MIDDLE, float)
    hi = np.array(BLUE, float)
    rgb = np.where(t < 0, mid + (lo - mid) * -t, mid + (hi - mid) * t)
    out = np.empty((n, 4), dtype=np.uint8)
    out[:, :3] = np.round(rgb).astype(np.uint8)
    out[:, 3] = 255
    return out


LUT = diverging_lut()


def _lighten(lut: np.ndarray, amount: float) -> np.ndarray:
    out = lut.copy()
    out[:, :3] = np.round(lut[:, :3] + (255 - lut[:, :3].astype(float)) * amount).astype(np.uint8)
    return out


# The boundary behind the data points is lighter so the points stand out (as in TF Playground).
BOUNDARY_LUT = _lighten(LUT, 0.3)


LUT32 = LUT.view(np.uint32).reshape(-1)  # the same colours, one 32-bit RGBA pixel per entry


def lut_indices(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Each value's entry in the 256-colour LUT (uint8) for levels lo..hi: below lo the first,
    above hi (and +inf) the last, NaN the middle. In float32, in place on one copy."""
    top = len(LUT) - 1
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging network: inf maps to the end
        scaled = np.array(values, dtype=np.float32)  # a copy, worked on in place
        scaled -= np.float32(lo)
        scaled *= np.float32(top / (hi - lo))
        np.clip(scaled, 0, top, out=scaled)  # NaN stays NaN
    nan = np.isnan(scaled)
    if nan.any():
        scaled[nan] = top / 2
    return scaled.astype(np.uint8)


def values_to_rgba(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Map values through the diverging LUT with fixed levels lo..hi; NaN maps to the middle."""
    idx = lut_indices(values, lo, hi)
    return LUT32[idx].view(np.uint8).reshape(idx.shape + (4,))


def multiclass_rgba(
    probs: np.ndarray, discretize: bool = False, lighten: float = 0.0
) -> np.ndarray:
    """(h, w, K) class probabilities -> (h, w, 4) RGBA: hue = most likely class, saturation = confidence."""
    p = np.nan_to_num(np.asarray(probs, dtype=np.float32), nan=0.0)
    k = p.shape[-1]
    best = np.argmax(p, axis=-1)
    colors = class_palette(k).astype(np.float32)[best]
    if discretize:
        strength = np.ones(best.shape, np.float32)
    else:
        top = np.take_along_axis(p, best[..., None], axis=-1)[..., 0]
        strength = np.clip((top - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    mid = np.array(MIDDLE, np.float32)
    rgb = mid + (colors - mid) * strength[..., None]
    rgb = rgb + (255.0 - rgb) * lighten
    out = np.empty(best.shape + (4,), dtype=np.uint8)
    out[..., :3] = np.round(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out


def sign_color(value: float) -> tuple[int, int, int]:
    """Blue for positive values, orange for negative ones."""
    return BLUE if value >= 0 else ORANGE


def class_ramp_rgba(p: np.ndarray, k: int) -> np.ndarray:
    """Probability of class k (0..1) -> RGBA from the light middle grey to class k's colour."""
    t = np.clip(np.nan_to_num(np.asarray(p, dtype=np.float32), nan=0.0), 0.0, 1.0)[..., None]
    mid = np.array(MIDDLE, np.float32)
    rgb = mid + (np.array(class_color(k), np.float32) - mid) * t
    out = np.empty(t.shape[:-1] + (4,), dtype=np.uint8)
    out[..., :3] = np.round(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out
