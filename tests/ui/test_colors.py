"""The heatmap colours: every value's LUT entry, and the pictures made from a block of maps."""

import numpy as np
from PySide6.QtGui import QColor

from playground.ui.colors import LUT, values_to_rgba
from playground.ui.images import heatmap_qimages


def reference_rgba(values, lo, hi):
    """One value at a time: below lo the first colour, above hi the last, NaN the middle."""
    out = np.empty(np.shape(values) + (4,), np.uint8)
    for index, v in np.ndenumerate(np.asarray(values, dtype=np.float32)):
        if np.isnan(v):
            k = 127
        else:
            k = int(np.clip(np.floor((np.float32(v) - np.float32(lo)) * np.float32(255 / (hi - lo))), 0, 255))
        out[index] = LUT[k]
    return out


def test_values_map_to_the_lut_entry_of_their_level():
    rng = np.random.default_rng(3)
    values = rng.uniform(-1.5, 1.5, (7, 9)).astype(np.float32)
    values[0, :5] = [np.nan, np.inf, -np.inf, -1.0, 1.0]
    for lo, hi in ((-1.0, 1.0), (0.0, 1.0), (-0.3, 2.5)):
        np.testing.assert_array_equal(values_to_rgba(values, lo, hi), reference_rgba(values, lo, hi))
    assert values_to_rgba(values, -1, 1)[0, 1].tolist() == LUT[255].tolist()  # +inf: the last colour
    assert values_to_rgba(values, -1, 1)[0, 2].tolist() == LUT[0].tolist()


def test_values_beyond_float32_map_to_the_ends_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a diverged network's maps: 1e300 overflowed the cast
        rgba = values_to_rgba(np.array([1e300, -1e300, np.nan]), -1.0, 1.0)
    assert rgba.tolist() == [LUT[255].tolist(), LUT[0].tolist(), LUT[127].tolist()]


def test_a_block_of_maps_gives_one_picture_each_row_zero_at_the_bottom(qapp):
    rng = np.random.default_rng(4)
    block = rng.uniform(-1, 1, (3, 5, 6))  # 3 maps of 5 rows and 6 columns
    images = heatmap_qimages(block[:, :, :], -1.0, 1.0)
    assert len(images) == 3
    colours = reference_rgba(block, -1.0, 1.0)
    for j, image in enumerate(images):
        assert (image.width(), image.height()) == (6, 5)
        for y in range(5):
            for x in range(6):
                r, g, b, a = colours[j, 4 - y, x]  # the picture's top row is the map's last
                assert QColor(image.pixel(x, y)).getRgb() == (r, g, b, a)
    strided = block.transpose(1, 2, 0).transpose(2, 0, 1)  # a view, as the window hands it over
    assert [im == ref for im, ref in zip(heatmap_qimages(strided), images)] == [True] * 3
