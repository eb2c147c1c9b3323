"""A window frame's grid in float32: the output and the neuron maps of dense networks in one pass.

A frame draws the decision boundary and each hidden neuron's map over a grid of points
(Experiment.predict_grid(..., dtype=np.float32)). Those maps are the forward pass's own intermediate
values and feed nothing but pictures, so this pass runs in float32 (kernels/simd32.py: sixteen lanes a
vector, twice float64's), the output layer included, and writes the asked rows as it goes. Every sum is
one chain of fused multiply-adds over the inputs in order, from the bias, each activation explicit
branch-free arithmetic without fast-math: every point gets the same bits on every x86-64 CPU, whatever the
chunking or the grid's size (each point is its own lane, padding lanes are never written out).

Supported: dense layers with the activations in ACTS (the default and common networks). Anything else
(maxout, dropout, the other activations) is not: `supports` says so and the caller takes cpu.activation_rows.
The features are computed in float64 by the caller and rounded to float32 here.
"""

import numpy as np
from numba import njit

from . import codes as C
from .maths import LEAK
from .simd32 import (
    LANES32,
    vbroadcast32,
    vfma32,
    vload32,
    vpositive32,
    vrelu32,
    vsigmoid32,
    vsplat32,
    vstore32,
    vtanh32,
)

JIT = {"nogil": True, "cache": True}
_SIGMOID, _LEAKY = C.ACT["sigmoid"], C.ACT["leaky_relu"]
ACTS = (C.LINEAR, _SIGMOID, C.TANH, C.RELU, _LEAKY, C.PRELU)
CHUNK = 256  # points per pass through the layers (a multiple of STRIP)
STRIP = 4 * LANES32  # points per register tile: four vectors


_SUPPORTS = {}  # table's bytes -> supports()


def supports(table) -> bool:
    """Whether frame_rows runs this layer table: dense layers only, each with an activation in ACTS."""
    key = table.tobytes()
    ok = _SUPPORTS.get(key)
    if ok is None:
        ok = all(int(row[C.COL_KIND]) == C.DENSE and int(row[C.COL_ACT]) in ACTS for row in table)
        _SUPPORTS[key] = ok
    return ok


@njit(inline="always", **JIT)
def _tile4(A, P, io, fan_in, ca, b, w, units, bias, dst):
    """Four units' sums (weights from P[w], stride units per input) at STRIP points from column b of
    A's input rows io..: sixteen accumulators, each one fma chain over the inputs in order from the bias;
    stored at dst (the four rows ca apart)."""
    s = vbroadcast32(P, bias)
    a0 = a1 = a2 = a3 = s
    s = vbroadcast32(P, bias + 1)
    b0 = b1 = b2 = b3 = s
    s = vbroadcast32(P, bias + 2)
    c0 = c1 = c2 = c3 = s
    s = vbroadcast32(P, bias + 3)
    d0 = d1 = d2 = d3 = s
    x = io * ca + b
    for _ in range(fan_in):
        x0, x1 = vload32(A, x), vload32(A, x + LANES32)
        x2, x3 = vload32(A, x + 2 * LANES32), vload32(A, x + 3 * LANES32)
        s = vbroadcast32(P, w)
        a0, a1, a2, a3 = vfma32(s, x0, a0), vfma32(s, x1, a1), vfma32(s, x2, a2), vfma32(s, x3, a3)
        s = vbroadcast32(P, w + 1)
        b0, b1, b2, b3 = vfma32(s, x0, b0), vfma32(s, x1, b1), vfma32(s, x2, b2), vfma32(s, x3, b3)
        s = vbroadcast32(P, w + 2)
        c0, c1, c2, c3 = vfma32(s, x0, c0), vfma32(s, x1, c1), vfma32(s, x2, c2), vfma32(s, x3, c3)
        s = vbroadcast32(P, w + 3)
        d0, d1, d2, d3 = vfma32(s, x0, d0), vfma32(s, x1, d1), vfma32(s, x2, d2), vfma32(s, x3, d3)
        x += ca
        w += units
    vstore32(A, dst, a0)
    vstore32(A, dst + LANES32, a1)
    vstore32(A, dst + 2 * LANES32, a2)
    vstore32(A, dst + 3 * LANES32, a3)
    dst += ca
    vstore32(A, dst, b0)
    vstore32(A, dst + LANES32, b1)
    vstore32(A, dst + 2 * LANES32, b2)
    vstore32(A, dst + 3 * LANES32, b3)
    dst += ca
    vstore32(A, dst, c0)
    vstore32(A, dst + LANES32, c1)
    vstore32(A, dst + 2 * LANES32, c2)
    vstore32(A, dst + 3 * LANES32, c3)
    dst += ca
    vstore32(A, dst, d0)
    vstore32(A, dst + LANES32, d1)
    vstore32(A, dst + 2 * LANES32, d2)
    vstore32(A, dst + 3 * LANES32, d3)


@njit(**JIT)
def frame_rows(X, table, P, A, cols, out, low):
    """out[k, r] (float64) = activation column cols[k] at row r of X for k < out's rows, low[k - that, r]
    (float32) for the others: a dense network's forward pass in float32 (see the module).

    P: the parameters rounded to float32, then four zeros; A: float32 zeros of (activation columns + 3)
    * CHUNK, rows of CHUNK points. X: the float64 features.
    """
    n, n_in = X.shape[0], X.shape[1]
    ca = CHUNK
    hi = out.shape[0]
    for start in range(0, n, ca):
        cnt = min(ca, n - start)
        pad = (cnt + STRIP - 1) // STRIP * STRIP
        for i in range(n_in):
            row = A[i * ca : i * ca + pad]
            for b in range(cnt):
                row[b] = np.float32(X[start + b, i])
            for b in range(cnt, pad):
                row[b] = np.float32(0.0)
        for l in range(table.shape[0]):
            fan_in = table[l, C.COL_FAN_IN]
            units = table[l, C.COL_UNITS]
            io = table[l, C.COL_IN]
            oo = table[l, C.COL_OUT]
            wo = table[l, C.COL_W]
            bo = table[l, C.COL_B]
            act = table[l, C.COL_ACT]
            ao = table[l, C.COL_ALPHA]
            # four units a tile; past the last unit a tile's rows are the next layer's (written again
            # when it runs) or A's spare rows, its weights and biases whatever P holds there (finite)
            for j in range(0, units, 4):
                for b in range(0, pad, STRIP):
                    _tile4(A, P, io, fan_in, ca, b, wo + j, units, bo + j, (oo + j) * ca + b)
            if act != C.LINEAR:  # in place, unit by unit over the padded points
                for j in range(units):
                    base = (oo + j) * ca
                    if act == C.TANH:
                        for b in range(0, pad, LANES32):
                            vstore32(A, base + b, vtanh32(vload32(A, base + b)))
                    elif act == C.RELU:
                        for b in range(0, pad, LANES32):
                            vstore32(A, base + b, vrelu32(vload32(A, base + b)))
                    elif act == _SIGMOID:
                        for b in range(0, pad, LANES32):
                            vstore32(A, base + b, vsigmoid32(vload32(A, base + b)))
                    else:  # leaky ReLU and PReLU: z, or a slope times z
                        s = vsplat32(np.float32(LEAK) if act == _LEAKY else P[ao + j])
                        for b in range(0, pad, LANES32):
                            vstore32(A, base + b, vpositive32(vload32(A, base + b), s))
        for k in range(cols.shape[0]):
            src = A[cols[k] * ca : cols[k] * ca + cnt]
            if k < hi:
                dst = out[k, start : start + cnt]
                for b in range(cnt):
                    dst[b] = np.float64(src[b])
            else:
                lo = low[k - hi, start : start + cnt]
                for b in range(cnt):
                    lo[b] = src[b]


def run(X, table, params, width, cols, out, low) -> None:
    """frame_rows with its buffers: the parameters rounded to float32 and the scratch."""
    P = np.zeros(params.shape[0] + 4, dtype=np.float32)  # spare zeros: a last tile's weights and biases
    P[: params.shape[0]] = params
    A = np.zeros((width + 3) * CHUNK, dtype=np.float32)  # spare rows: a last tile's
    frame_rows(X, table, P, A, cols, out, low)
