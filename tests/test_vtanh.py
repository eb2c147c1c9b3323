"""simd.vtanh, the eight-lane tanh of the forward pass, against cpu.tanh bit for bit: the same steps in the
same order, so a grid or a training run keeps its bits whichever of the two computes a value."""

import numpy as np
from numba import njit

from kernels import cpu
from kernels.simd import LANES, vload, vstore, vtanh


@njit(cache=True)
def _scalar(z, out):
    for b in range(z.shape[0]):
        out[b] = cpu.tanh(z[b])


@njit(cache=True)
def _lanes(z, out):
    for b in range(0, z.shape[0], LANES):
        vstore(out, b, vtanh(vload(z, b)))


def test_vtanh_gives_the_bits_of_tanh():
    rng = np.random.default_rng(0)
    ramp = np.geomspace(5e-324, 60.0, 1 << 14)
    edges = [0.0, -0.0, 0.02, -0.02, np.nextafter(0.02, 0.0), np.nextafter(0.02, 1.0), 20.0, -20.0, 40.0,
             1e308, -1e308, np.inf, -np.inf, np.nan, -np.nan]
    z = np.concatenate([rng.standard_normal(1 << 16) * 3, rng.standard_normal(1 << 12) * 0.02, ramp, -ramp, edges])
    # vectors that mix small and large inputs, so that the short series is taken for some lanes only
    z = np.concatenate([z, rng.permutation(z)])
    z = np.concatenate([z, np.zeros(-len(z) % LANES)])
    a, b = np.empty_like(z), np.empty_like(z)
    _scalar(z, a)
    _lanes(z, b)
    assert np.array_equal(a.view(np.uint64), b.view(np.uint64))
