"""A register-tiled matrix product for wide layers, with every sum in a fixed order.

    C(r, t) = C(r, t) + sum_k P(k, r) Q(k, t)        (add: the sum from 0, then added to C)
    C(r, t) = fma chain over k starting at C(r, t)   (not add: C holds the initial value, e.g. a bias)

over flat float64 arrays: P(k, r) = P[p0 + k*pk + r*pr], Q(k, t) = Q[q0 + k*qk + t] and
C(r, t) = C[c0 + r*cr + t], so t is the contiguous direction of Q and C. Each C(r, t) is one chain of fused
multiply-adds over k = 0, 1, ..., K-1, exactly the chain the plain loops in cpu.py compute, so a tile of
sums in registers gives the same bits as the loops (and on every CPU). A 4 x 32 tile keeps sixteen
eight-lane accumulators busy: each step over k loads four vectors of Q and broadcasts one P per row.
"""

import numpy as np
from numba import njit

from .exact import fma
from .simd import LANES, vadd, vbroadcast, vfma, vload, vstore, vzero

JIT = {"nogil": True, "cache": True}


@njit(**JIT)
def _rows4_vec(P, p, pk, pr, Q, q, qk, C, c, cr, K, add):
    """The 4 x 8 tile at C[c + r*cr + 0..7], r < 4 (a strip too narrow for the 4 x 32 tile)."""
    if add:
        c0 = c1 = c2 = c3 = vzero()
    else:
        c0, c1, c2, c3 = vload(C, c), vload(C, c + cr), vload(C, c + 2 * cr), vload(C, c + 3 * cr)
    for _ in range(K):
        x = vload(Q, q)
        c0 = vfma(vbroadcast(P, p), x, c0)
        c1 = vfma(vbroadcast(P, p + pr), x, c1)
        c2 = vfma(vbroadcast(P, p + 2 * pr), x, c2)
        c3 = vfma(vbroadcast(P, p + 3 * pr), x, c3)
        p += pk
        q += qk
    if add:
        c0, c1 = vadd(vload(C, c), c0), vadd(vload(C, c + cr), c1)
        c2, c3 = vadd(vload(C, c + 2 * cr), c2), vadd(vload(C, c + 3 * cr), c3)
    vstore(C, c, c0)
    vstore(C, c + cr, c1)
    vstore(C, c + 2 * cr, c2)
    vstore(C, c + 3 * cr, c3)


@njit(**JIT)
def _rows4_vec2(P, p, pk, pr, Q, q, qk, C, c, cr, K, add):
    """The 4 x 16 tile at C[c + r*cr + 0..15], r < 4: eight independent chains, as many as the FMA
    units need to stay busy (a strip of 16 to 31 columns, e.g. a padded batch of 10)."""
    if add:
        c0 = c1 = c2 = c3 = d0 = d1 = d2 = d3 = vzero()
    else:
        c0, c1, c2, c3 = vload(C, c), vload(C, c + cr), vload(C, c + 2 * cr), vload(C, c + 3 * cr)
        d0, d1 = vload(C, c + 8), vload(C, c + cr + 8)
        d2, d3 = vload(C, c + 2 * cr + 8), vload(C, c + 3 * cr + 8)
    for _ in range(K):
        x, y = vload(Q, q), vload(Q, q + 8)
        s = vbroadcast(P, p)
        c0, d0 = vfma(s, x, c0), vfma(s, y, d0)
        s = vbroadcast(P, p + pr)
        c1, d1 = vfma(s, x, c1), vfma(s, y, d1)
        s = vbroadcast(P, p + 2 * pr)
        c2, d2 = vfma(s, x, c2), vfma(s, y, d2)
        s = vbroadcast(P, p + 3 * pr)
        c3, d3 = vfma(s, x, c3), vfma(s, y, d3)
        p += pk
        q += qk
    if add:
        c0, c1 = vadd(vload(C, c), c0), vadd(vload(C, c + cr), c1)
        c2, c3 = vadd(vload(C, c + 2 * cr), c2), vadd(vload(C, c + 3 * cr), c3)
        d0, d1 = vadd(vload(C, c + 8), d0), vadd(vload(C, c + cr + 8), d1)
        d2, d3 = vadd(vload(C, c + 2 * cr + 8), d2), vadd(vload(C, c + 3 * cr + 8), d3)
    vstore(C, c, c0)
    vstore(C, c + cr, c1)
    vstore(C, c + 2 * cr, c2)
    vstore(C, c + 3 * cr, c3)
    vstore(C, c + 8, d0)
    vstore(C, c + cr + 8, d1)
    vstore(C, c + 2 * cr + 8, d2)
    vstore(C, c + 3 * cr + 8, d3)


@njit(**JIT)
def _row_vec(P, p, pk, Q, q, qk, C, c, K, add):
    """Eight lanes of one row, C[c..c+7]."""
    acc = vzero() if add else vload(C, c)
    for _ in range(K):
        acc = vfma(vbroadcast(P, p), vload(Q, q), acc)
        p += pk
        q += qk
    if add:
        acc = vadd(vload(C, c), acc)
    vstore(C, c, acc)


@njit(**JIT)
def _one(P, p, pk, Q, q, qk, C, c, K, add):
    """A single C[c]."""
    acc = 0.0 if add else C[c]
    for _ in range(K):
        acc = fma(P[p], Q[q], acc)
        p += pk
        q += qk
    C[c] = C[c] + acc if add else acc


@njit(**JIT)
def matmul(P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K, add):
    """C(r, t) for r < R, t < T as the module says."""
    r = 0
    while r + 4 <= R:
        cb = c0 + r * cr
        pb = p0 + r * pr
        t = 0
        while t + 32 <= T:
            c = cb + t
            if add:
                a0 = a1 = a2 = a3 = b0 = b1 = b2 = b3 = vzero()
                d0 = d1 = d2 = d3 = e0 = e1 = e2 = e3 = vzero()
            else:
                a0, a1, a2, a3 = vload(C, c), vload(C, c + 8), vload(C, c + 16), vload(C, c + 24)
                c += cr
                b0, b1, b2, b3 = vload(C, c), vload(C, c + 8), vload(C, c + 16), vload(C, c + 24)
                c += cr
                d0, d1, d2, d3 = vload(C, c), vload(C, c + 8), vload(C, c + 16), vload(C, c + 24)
                c += cr
                e0, e1, e2, e3 = vload(C, c), vload(C, c + 8), vload(C, c + 16), vload(C, c + 24)
            p = pb
            q = q0 + t
            for _ in range(K):
                x0, x1, x2, x3 = vload(Q, q), vload(Q, q + 8), vload(Q, q + 16), vload(Q, q + 24)
                s = vbroadcast(P, p)
                a0, a1, a2, a3 = vfma(s, x0, a0), vfma(s, x1, a1), vfma(s, x2, a2), vfma(s, x3, a3)
                s = vbroadcast(P, p + pr)
                b0, b1, b2, b3 = vfma(s, x0, b0), vfma(s, x1, b1), vfma(s, x2, b2), vfma(s, x3, b3)
                s = vbroadcast(P, p + 2 * pr)
                d0, d1, d2, d3 = vfma(s, x0, d0), vfma(s, x1, d1), vfma(s, x2, d2), vfma(s, x3, d3)
                s = vbroadcast(P, p + 3 * pr)
                e0, e1, e2, e3 = vfma(s, x0, e0), vfma(s, x1, e1), vfma(s, x2, e2), vfma(s, x3, e3)
                p += pk
                q += qk
            c = cb + t
            # the four rows' accumulators rotate through a, b, d, e (LLVM unrolls the loop)
            for _ in range(4):
                if add:
                    a0, a1 = vadd(vload(C, c), a0), vadd(vload(C, c + 8), a1)
                    a2, a3 = vadd(vload(C, c + 16), a2), vadd(vload(C, c + 24), a3)
                vstore(C, c, a0)
                vstore(C, c + 8, a1)
                vstore(C, c + 16, a2)
                vstore(C, c + 24, a3)
                a0, a1, a2, a3, b0, b1, b2, b3 = b0, b1, b2, b3, d0, d1, d2, d3
                d0, d1, d2, d3 = e0, e1, e2, e3
                c += cr
            t += 32
        if t + 16 <= T:
            _rows4_vec2(P, pb, pk, pr, Q, q0 + t, qk, C, cb + t, cr, K, add)
            t += 16
        while t + 8 <= T:
            _rows4_vec(P, pb, pk, pr, Q, q0 + t, qk, C, cb + t, cr, K, add)
            t += 8
        for u in range(t, T):
            for m in range(4):
                _one(P, pb + m * pr, pk, Q, q0 + u, qk, C, cb + m * cr + u, K, add)
        r += 4
    for s in range(r, R):
        cb = c0 + s * cr
        pb = p0 + s * pr
        t = 0
        while t + 8 <= T:
            _row_vec(P, pb, pk, Q, q0 + t, qk, C, cb + t, K, add)
            t += 8
        for u in range(t, T):
            _one(P, pb, pk, Q, q0 + u, qk, C, cb + u, K, add)


@njit(**JIT)
def transpose(S, s0, ss, T, t0, ts, R, N):
    """T[t0 + n*ts + r] = S[s0 + r*ss + n] for r < R, n < N, in 8 x 8 blocks (a plain loop misses the
    cache on every strided write)."""
    for r0 in range(0, R, 8):
        r1 = min(R, r0 + 8)
        for n0 in range(0, N, 8):
            n1 = min(N, n0 + 8)
            for r in range(r0, r1):
                for n in range(n0, n1):
                    T[t0 + n * ts + r] = S[s0 + r * ss + n]


# ---------------------------------------------------------------- a dense layer's three products
# A, Z and D are cpu.py's (width, capacity) buffers, params and grads its flat vectors (W[i, j] at
# wo + i * units + j). Each output is the same chain of fused multiply-adds as cpu.py's plain loops
# (z = bias, then the inputs in order; a weight gradient summed over the batch from sample 0, then added;
# an input's gradient summed over the units from 0.0), so tiling changes speed, not bits. A batch of
# TILE_BATCH samples or more tiles along the samples; a smaller one along the units, through transposed
# copies (O(units x batch) work beside the product's O(fan_in x units x batch)).
TILE_BATCH = 16


@njit(**JIT)
def rows4(cnt, cap):
    """Samples a small batch's transposed product computes: cnt up to a whole 4-row tile, within the
    buffer's cap columns. matmul's last cnt % 4 rows ran one eight-lane chain at a time (latency-bound);
    the extra rows are the buffers' spare columns (their sums go nowhere, no sum over the batch reads them)."""
    return min(cap, (cnt + 3) // 4 * 4)


@njit(**JIT)
def dense_forward(A, Z, params, cnt, fan_in, units, io, zo, wo, bo):
    """Z[zo + j, b] = bias_j + sum_i W[i, j] A[io + i, b] for b < cnt."""
    ca, cz = A.shape[1], Z.shape[1]
    fa, fz = A.reshape(A.size), Z.reshape(Z.size)
    if cnt >= TILE_BATCH:
        # whole vectors into the buffers' spare columns (when there are any) rather than a scalar tail:
        # a column's sum depends on that column alone, so the padding's values go nowhere
        cnt = min(ca, cz, (cnt + LANES - 1) // LANES * LANES)
        for j in range(units):
            bias = params[bo + j]
            for b in range(cnt):
                Z[zo + j, b] = bias
        matmul(params, wo, units, 1, fa, io * ca, ca, fz, zo * cz, cz, units, cnt, fan_in, False)
    else:
        rows = rows4(cnt, ca)
        zt = np.empty((rows, units))
        for b in range(rows):
            for j in range(units):
                zt[b, j] = params[bo + j]
        matmul(
            fa,
            io * ca,
            ca,
            1,
            params,
            wo,
            units,
            zt.reshape(zt.size),
            0,
            units,
            rows,
            units,
            fan_in,
            False,
        )
        transpose(zt.reshape(zt.size), 0, units, fz, zo * cz, cz, cnt, units)


@njit(**JIT)
def dense_backward(A, D, params, grads, cnt, fan_in, units, io, oo, wo, want_input):
    """grads[W[i, j]] += sum_b A[io + i, b] D[oo + j, b]; with want_input also
    D[io + i, b] = sum_j W[i, j] D[oo + j, b]."""
    ca, cd = A.shape[1], D.shape[1]
    fd = D.reshape(D.size)
    # this layer's rows of D, transposed: the weight gradient runs along the units (and sums cnt of them;
    # the spare rows serve the input gradient's tiles)
    rows = rows4(cnt, cd) if cnt < TILE_BATCH else cnt
    dt = np.empty((rows, units))
    ft = dt.reshape(dt.size)
    transpose(fd, oo * cd, cd, ft, 0, units, units, rows)
    matmul(
        A.reshape(A.size), io * ca, 1, ca, ft, 0, units, grads, wo, units, fan_in, units, cnt, True
    )
    if not want_input:
        return
    pad = min(cd, (cnt + LANES - 1) // LANES * LANES)  # padded, as in dense_forward
    if pad >= TILE_BATCH:  # a batch of 10 in a buffer of 16 too: no copy of W transposed (units x fan_in)
        cnt = pad
        for i in range(fan_in):
            for b in range(cnt):
                D[io + i, b] = 0.0
        matmul(params, wo, 1, units, fd, oo * cd, cd, fd, io * cd, cd, fan_in, cnt, units, False)
    else:
        wt = np.empty((units, fan_in))  # W transposed: the product runs along the inputs
        transpose(params, wo, units, wt.reshape(wt.size), 0, fan_in, fan_in, units)
        pt = np.zeros((rows, fan_in))
        fp = pt.reshape(pt.size)
        matmul(
            ft,
            0,
            1,
            units,
            wt.reshape(wt.size),
            0,
            fan_in,
            fp,
            0,
            fan_in,
            rows,
            fan_in,
            units,
            False,
        )
        transpose(fp, 0, fan_in, fd, io * cd, cd, cnt, fan_in)
