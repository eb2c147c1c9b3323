"""kernels/simd32.py's float32 activations against float64 NumPy: a few float32 ulps, NaN and the
infinities as the float64 formulas give them."""

import numpy as np
from numba import njit

from kernels.simd32 import (
    LANES32,
    vload32,
    vpositive32,
    vrelu32,
    vsigmoid32,
    vsplat32,
    vstore32,
    vtanh32,
)


@njit(cache=False)
def _apply(x, out, which, slope):
    for b in range(0, x.shape[0], LANES32):
        v = vload32(x, b)
        if which == 0:
            v = vtanh32(v)
        elif which == 1:
            v = vsigmoid32(v)
        elif which == 2:
            v = vrelu32(v)
        else:
            v = vpositive32(v, vsplat32(slope))
        vstore32(out, b, v)


def _run(x, which, slope=0.0):
    x = np.asarray(x, dtype=np.float32)
    x = np.concatenate([x, np.zeros(-len(x) % LANES32, np.float32)])
    out = np.empty_like(x)
    _apply(x, out, which, np.float32(slope))
    return x, out


def _points():
    return np.concatenate([np.linspace(-30, 30, 200_001), np.linspace(-0.2, 0.2, 100_001),
                           np.linspace(-100, 100, 2001)])


def test_tanh_within_a_few_ulps():
    x, out = _run(_points(), 0)
    ref = np.tanh(x.astype(np.float64))
    err = np.abs(out - ref)
    assert err.max() < 1.5e-7  # float32's own rounding near 1 is 3e-8
    assert np.all(err <= 8 * np.spacing(np.abs(ref).astype(np.float32)))  # relative near 0 too
    _, special = _run([np.nan, np.inf, -np.inf, 0.0, 1e-30, -1e-30], 0)
    assert np.isnan(special[0]) and special[1] == 1.0 and special[2] == -1.0
    assert special[3] == 0.0 and special[4] == np.float32(1e-30) and special[5] == np.float32(-1e-30)


def test_sigmoid_within_a_few_ulps():
    x, out = _run(_points(), 1)
    ref = 1.0 / (1.0 + np.exp(-x.astype(np.float64)))
    assert np.abs(out - ref).max() < 1.5e-7
    part = x > -80  # below, the value is under 2e-35 either way (exp is clamped at exp(-87))
    assert np.all(np.abs(out - ref)[part] <= 8 * np.spacing(ref[part].astype(np.float32)))
    _, special = _run([np.nan, np.inf, -np.inf, 0.0], 1)
    assert np.isnan(special[0]) and special[1] == 1.0 and 0.0 <= special[2] < 1e-37 and special[3] == 0.5


def test_relu_and_slopes_as_the_float64_formulas():
    x = np.float32([-2.0, -0.0, 0.0, 3.5, np.nan, -np.inf, np.inf])
    _, relu = _run(x, 2)
    assert np.array_equal(relu[:7], [0.0, 0.0, 0.0, 3.5, 0.0, 0.0, np.inf])  # NaN -> 0, as z > 0.0 tests
    _, leaky = _run(x, 3, 0.01)
    assert np.array_equal(leaky[:7], np.float32([-0.02, -0.0, 0.0, 3.5, np.nan, -np.inf, np.inf]), equal_nan=True)
