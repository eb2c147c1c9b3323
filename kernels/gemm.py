"""A register-tiled matrix product for wide layers, with every sum in a fixed order.

    C(r, t) = fma chain over k starting at C(r, t)   (mode FROM_C: C holds the initial value, e.g. a bias)
    C(r, t) = C(r, t) + sum_k P(k, r) Q(k, t)        (mode ADD: the sum from 0, then added to C)
    C(r, t) = sum_k P(k, r) Q(k, t)                  (mode STORE: the sum from 0, C's old value unread)

over flat float64 arrays: P(k, r) = P[p0 + k*pk + r*pr], Q(k, t) = Q[q0 + k*qk + t] and
C(r, t) = C[c0 + r*cr + t], so t is the contiguous direction of Q and C. Each C(r, t) is one chain of fused
multiply-adds over k = 0, 1, ..., K-1, exactly the chain the plain loops in cpu.py compute, so a tile of
sums in registers gives the same bits as the loops (and on every CPU). A 4 x 32 tile keeps sixteen
eight-lane accumulators busy: each step over k loads four vectors of Q and broadcasts one P per row.
"""

import numpy as np
from numba import njit

from .exact import fma
from .simd import LANES, vadd, vbroadcast, vfma, vload, vstore, vtranspose8, vzero

JIT = {"nogil": True, "cache": True}
# matmul's modes (module doc). STORE's chain is ADD's from 0.0 and FROM_C's from a C of zeros, bit for bit:
# a chain that starts at +0.0 never ends at -0.0, so 0.0 + sum is sum. It spares the caller zeroing C.
FROM_C, ADD, STORE = 0, 1, 2
SHORT = 48  # matmul's products with K below this tile along C's rows (see _rows)


@njit(**JIT)
def _rows4_vec(P, p, pk, pr, Q, q, qk, C, c, cr, K, mode):
    """The 4 x 8 tile at C[c + r*cr + 0..7], r < 4 (a strip too narrow for the 4 x 32 tile)."""
    if mode != FROM_C:
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
    if mode == ADD:
        c0, c1 = vadd(vload(C, c), c0), vadd(vload(C, c + cr), c1)
        c2, c3 = vadd(vload(C, c + 2 * cr), c2), vadd(vload(C, c + 3 * cr), c3)
    vstore(C, c, c0)
    vstore(C, c + cr, c1)
    vstore(C, c + 2 * cr, c2)
    vstore(C, c + 3 * cr, c3)


@njit(**JIT)
def _rows4_vec2(P, p, pk, pr, Q, q, qk, C, c, cr, K, mode):
    """The 4 x 16 tile at C[c + r*cr + 0..15], r < 4: eight independent chains, as many as the FMA
    units need to stay busy (a strip of 16 to 31 columns, e.g. a padded batch of 10)."""
    if mode != FROM_C:
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
    if mode == ADD:
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
def _row_vec(P, p, pk, Q, q, qk, C, c, K, mode):
    """Eight lanes of one row, C[c..c+7]."""
    acc = vload(C, c) if mode == FROM_C else vzero()
    for _ in range(K):
        acc = vfma(vbroadcast(P, p), vload(Q, q), acc)
        p += pk
        q += qk
    if mode == ADD:
        acc = vadd(vload(C, c), acc)
    vstore(C, c, acc)


@njit(**JIT)
def _one(P, p, pk, Q, q, qk, C, c, K, mode):
    """A single C[c]."""
    acc = C[c] if mode == FROM_C else 0.0
    for _ in range(K):
        acc = fma(P[p], Q[q], acc)
        p += pk
        q += qk
    C[c] = C[c] + acc if mode == ADD else acc


@njit(**JIT)
def _rows14(P, p, pk, pr, Q, q, qk, C, c, cr, K, mode):
    """The 14 x 16 tile at C[c + r*cr + 0..15], r < 14: 28 accumulators (of the 32 vector registers),
    each step over k two loads of Q and fourteen broadcasts of P (folded into the fused multiply-adds)."""
    if mode != FROM_C:
        u0 = u1 = u2 = u3 = u4 = u5 = u6 = vzero()
        u7 = u8 = u9 = u10 = u11 = u12 = u13 = vzero()
        v0 = v1 = v2 = v3 = v4 = v5 = v6 = vzero()
        v7 = v8 = v9 = v10 = v11 = v12 = v13 = vzero()
    else:
        u0, v0 = vload(C, c), vload(C, c + 8)
        u1, v1 = vload(C, c + cr), vload(C, c + cr + 8)
        u2, v2 = vload(C, c + 2 * cr), vload(C, c + 2 * cr + 8)
        u3, v3 = vload(C, c + 3 * cr), vload(C, c + 3 * cr + 8)
        u4, v4 = vload(C, c + 4 * cr), vload(C, c + 4 * cr + 8)
        u5, v5 = vload(C, c + 5 * cr), vload(C, c + 5 * cr + 8)
        u6, v6 = vload(C, c + 6 * cr), vload(C, c + 6 * cr + 8)
        u7, v7 = vload(C, c + 7 * cr), vload(C, c + 7 * cr + 8)
        u8, v8 = vload(C, c + 8 * cr), vload(C, c + 8 * cr + 8)
        u9, v9 = vload(C, c + 9 * cr), vload(C, c + 9 * cr + 8)
        u10, v10 = vload(C, c + 10 * cr), vload(C, c + 10 * cr + 8)
        u11, v11 = vload(C, c + 11 * cr), vload(C, c + 11 * cr + 8)
        u12, v12 = vload(C, c + 12 * cr), vload(C, c + 12 * cr + 8)
        u13, v13 = vload(C, c + 13 * cr), vload(C, c + 13 * cr + 8)
    for _ in range(K):
        x, y = vload(Q, q), vload(Q, q + 8)
        s = vbroadcast(P, p)
        u0, v0 = vfma(s, x, u0), vfma(s, y, v0)
        s = vbroadcast(P, p + pr)
        u1, v1 = vfma(s, x, u1), vfma(s, y, v1)
        s = vbroadcast(P, p + 2 * pr)
        u2, v2 = vfma(s, x, u2), vfma(s, y, v2)
        s = vbroadcast(P, p + 3 * pr)
        u3, v3 = vfma(s, x, u3), vfma(s, y, v3)
        s = vbroadcast(P, p + 4 * pr)
        u4, v4 = vfma(s, x, u4), vfma(s, y, v4)
        s = vbroadcast(P, p + 5 * pr)
        u5, v5 = vfma(s, x, u5), vfma(s, y, v5)
        s = vbroadcast(P, p + 6 * pr)
        u6, v6 = vfma(s, x, u6), vfma(s, y, v6)
        s = vbroadcast(P, p + 7 * pr)
        u7, v7 = vfma(s, x, u7), vfma(s, y, v7)
        s = vbroadcast(P, p + 8 * pr)
        u8, v8 = vfma(s, x, u8), vfma(s, y, v8)
        s = vbroadcast(P, p + 9 * pr)
        u9, v9 = vfma(s, x, u9), vfma(s, y, v9)
        s = vbroadcast(P, p + 10 * pr)
        u10, v10 = vfma(s, x, u10), vfma(s, y, v10)
        s = vbroadcast(P, p + 11 * pr)
        u11, v11 = vfma(s, x, u11), vfma(s, y, v11)
        s = vbroadcast(P, p + 12 * pr)
        u12, v12 = vfma(s, x, u12), vfma(s, y, v12)
        s = vbroadcast(P, p + 13 * pr)
        u13, v13 = vfma(s, x, u13), vfma(s, y, v13)
        p += pk
        q += qk
    if mode == ADD:
        u0, v0 = vadd(vload(C, c), u0), vadd(vload(C, c + 8), v0)
        u1, v1 = vadd(vload(C, c + cr), u1), vadd(vload(C, c + cr + 8), v1)
        u2, v2 = vadd(vload(C, c + 2 * cr), u2), vadd(vload(C, c + 2 * cr + 8), v2)
        u3, v3 = vadd(vload(C, c + 3 * cr), u3), vadd(vload(C, c + 3 * cr + 8), v3)
        u4, v4 = vadd(vload(C, c + 4 * cr), u4), vadd(vload(C, c + 4 * cr + 8), v4)
        u5, v5 = vadd(vload(C, c + 5 * cr), u5), vadd(vload(C, c + 5 * cr + 8), v5)
        u6, v6 = vadd(vload(C, c + 6 * cr), u6), vadd(vload(C, c + 6 * cr + 8), v6)
        u7, v7 = vadd(vload(C, c + 7 * cr), u7), vadd(vload(C, c + 7 * cr + 8), v7)
        u8, v8 = vadd(vload(C, c + 8 * cr), u8), vadd(vload(C, c + 8 * cr + 8), v8)
        u9, v9 = vadd(vload(C, c + 9 * cr), u9), vadd(vload(C, c + 9 * cr + 8), v9)
        u10, v10 = vadd(vload(C, c + 10 * cr), u10), vadd(vload(C, c + 10 * cr + 8), v10)
        u11, v11 = vadd(vload(C, c + 11 * cr), u11), vadd(vload(C, c + 11 * cr + 8), v11)
        u12, v12 = vadd(vload(C, c + 12 * cr), u12), vadd(vload(C, c + 12 * cr + 8), v12)
        u13, v13 = vadd(vload(C, c + 13 * cr), u13), vadd(vload(C, c + 13 * cr + 8), v13)
    vstore(C, c, u0)
    vstore(C, c + 8, v0)
    vstore(C, c + cr, u1)
    vstore(C, c + cr + 8, v1)
    vstore(C, c + 2 * cr, u2)
    vstore(C, c + 2 * cr + 8, v2)
    vstore(C, c + 3 * cr, u3)
    vstore(C, c + 3 * cr + 8, v3)
    vstore(C, c + 4 * cr, u4)
    vstore(C, c + 4 * cr + 8, v4)
    vstore(C, c + 5 * cr, u5)
    vstore(C, c + 5 * cr + 8, v5)
    vstore(C, c + 6 * cr, u6)
    vstore(C, c + 6 * cr + 8, v6)
    vstore(C, c + 7 * cr, u7)
    vstore(C, c + 7 * cr + 8, v7)
    vstore(C, c + 8 * cr, u8)
    vstore(C, c + 8 * cr + 8, v8)
    vstore(C, c + 9 * cr, u9)
    vstore(C, c + 9 * cr + 8, v9)
    vstore(C, c + 10 * cr, u10)
    vstore(C, c + 10 * cr + 8, v10)
    vstore(C, c + 11 * cr, u11)
    vstore(C, c + 11 * cr + 8, v11)
    vstore(C, c + 12 * cr, u12)
    vstore(C, c + 12 * cr + 8, v12)
    vstore(C, c + 13 * cr, u13)
    vstore(C, c + 13 * cr + 8, v13)


@njit(**JIT)
def _rows(P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K, mode):
    """C(r, t) for r < R, t < T where R = 14 a + 4 b: the 16-wide panels of Q one after another, each
    through every row tile while it is in L1, then the last T % 16 columns. A panel is copied out first:
    Q's rows (and C's) are often 2 KiB apart, which puts all of a panel's K rows in a few of L1's sets;
    packed, 16 columns of K = 256 rows are 32 KiB in a row. A short product (small K: its loads and stores
    of C matter more than Q's reuse) or one of under three row tiles (too few to pay for the copy) tiles
    along the rows of C instead, on Q itself. One call of each kernel (Numba's callers re-optimise what
    they inline: every call site of the 14-row tile cost seconds of compile time)."""
    big = R // 14 * 14
    tiles = big // 14 + (R - big) // 4
    panels = T // 16
    along = K < SHORT or R < 42  # along the rows: row tile outer, panel inner
    buf = np.zeros(0 if along else K * 16 + 8)  # zeros: np.empty of one dimension is one more signature
    qb = 0 if along else (-buf.ctypes.data % 64) // 8  # a panel's rows start on cache lines
    Qs, qs, qsk = (Q, 0, qk) if along else (buf, qb, 16)
    for i in range(tiles * panels):
        if along:
            j, t = i // panels, i % panels * 16
        else:
            t, j = i // tiles * 16, i % tiles
            if j == 0:
                q = q0 + t
                for k in range(K):
                    vstore(buf, qb + 16 * k, vload(Q, q))
                    vstore(buf, qb + 16 * k + 8, vload(Q, q + 8))
                    q += qk
        q = q0 + t + qs if along else qs
        r = 14 * j if 14 * j < big else big + 4 * (j - big // 14)
        if r < big:
            _rows14(P, p0 + r * pr, pk, pr, Qs, q, qsk, C, c0 + r * cr + t, cr, K, mode)
        else:
            _rows4_vec2(P, p0 + r * pr, pk, pr, Qs, q, qsk, C, c0 + r * cr + t, cr, K, mode)
    t = panels * 16
    if t == T:
        return
    r = 0
    while r + 4 <= R:
        cb = c0 + r * cr
        pb = p0 + r * pr
        u = t
        while u + 8 <= T:
            _rows4_vec(P, pb, pk, pr, Q, q0 + u, qk, C, cb + u, cr, K, mode)
            u += 8
        for v in range(u, T):
            for m in range(4):
                _one(P, pb + m * pr, pk, Q, q0 + v, qk, C, cb + m * cr + v, K, mode)
        r += 4
    for s in range(r, R):
        cb = c0 + s * cr
        pb = p0 + s * pr
        u = t
        while u + 8 <= T:
            _row_vec(P, pb, pk, Q, q0 + u, qk, C, cb + u, K, mode)
            u += 8
        for v in range(u, T):
            _one(P, pb, pk, Q, q0 + v, qk, C, cb + v, K, mode)


@njit(**JIT)
def matmul(P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K, mode):
    """C(r, t) for r < R, t < T as the module says.

    Rows in tiles of 14, then of 4; the last rows that fill no tile (R % 14 when it is over 8, else R % 4)
    go through a whole tile on copies: their P rows packed beside zero rows, their C rows copied out and
    back (a copy changes no bits; the padding rows' sums go nowhere). One chain at a time would be
    latency-bound (a fused multiply-add every 4 cycles instead of two a cycle)."""
    rest = R % 14
    if rest > 8:
        size, tail = 14, rest
    else:
        size, tail = 4, rest % 4
    top = R - tail
    pt, ct = P, C
    for part in range(2 if tail else 1):  # the rows in whole tiles, then the padded tail on copies
        if part == 0:
            Ps, ps, psk, psr, Cs, cs, csr, rows = P, p0, pk, pr, C, c0, cr, top
        else:
            pt = np.zeros(K * size)
            for k in range(K):
                for m in range(tail):
                    pt[k * size + m] = P[p0 + k * pk + (top + m) * pr]
            ct = np.zeros(size * T)
            for m in range(tail):
                for t in range(T):
                    ct[m * T + t] = C[c0 + (top + m) * cr + t]
            Ps, ps, psk, psr, Cs, cs, csr, rows = pt, 0, size, 1, ct, 0, T, size
        _rows(Ps, ps, psk, psr, Q, q0, qk, Cs, cs, csr, rows, T, K, mode)
    for m in range(tail):
        for t in range(T):
            C[c0 + (top + m) * cr + t] = ct[m * T + t]


@njit(**JIT)
def transpose(S, s0, ss, T, t0, ts, R, N):
    """T[t0 + n*ts + r] = S[s0 + r*ss + n] for r < R, n < N, in 8 x 8 blocks (a plain loop misses the
    cache on every strided write); whole blocks in registers (vtranspose8), the edges one by one."""
    r8, n8 = R // 8 * 8, N // 8 * 8
    for r0 in range(0, r8, 8):
        for n0 in range(0, n8, 8):
            vtranspose8(S, s0 + r0 * ss + n0, ss, T, t0 + n0 * ts + r0, ts)
    for r in range(r8, R):
        for n in range(N):
            T[t0 + n * ts + r] = S[s0 + r * ss + n]
    for n in range(n8, N):
        for r in range(r8):
            T[t0 + n * ts + r] = S[s0 + r * ss + n]


# ---------------------------------------------------------------- a dense layer's three products
# A, Z and D are cpu.py's (width, capacity) buffers, params and grads its flat vectors (W[i, j] at
# wo + i * units + j). Each output is the same chain of fused multiply-adds as cpu.py's plain loops
# (z = bias, then the inputs in order; a weight gradient summed over the batch from sample 0, and written;
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
    along = cnt >= TILE_BATCH
    rows = 0 if along else rows4(cnt, ca)
    zt = np.empty((rows, units))
    ft = zt.reshape(zt.size)
    if along:
        # whole vectors into the buffers' spare columns (when there are any) rather than a scalar tail:
        # a column's sum depends on that column alone, so the padding's values go nowhere
        cnt = min(ca, cz, (cnt + LANES - 1) // LANES * LANES)
        for j in range(units):
            bias = params[bo + j]
            for b in range(cnt):
                Z[zo + j, b] = bias
        P, p0, pk, pr, Q, q0, qk, C, cr, R, T = params, wo, units, 1, fa, io * ca, ca, fz, cz, units, cnt
    else:
        for b in range(rows):
            for j in range(units):
                zt[b, j] = params[bo + j]
        P, p0, pk, pr, Q, q0, qk, C, cr, R, T = fa, io * ca, ca, 1, params, wo, units, ft, units, rows, units
    # one call of matmul for both (each call site is compiled in again)
    matmul(P, p0, pk, pr, Q, q0, qk, C, zo * cz if along else 0, cr, R, T, fan_in, FROM_C)
    if not along:
        transpose(ft, 0, units, fz, zo * cz, cz, cnt, units)


@njit(**JIT)
def dense_backward(A, D, params, grads, cnt, fan_in, units, io, oo, wo, bo, want_input):
    """grads[W[i, j]] = sum_b A[io + i, b] D[oo + j, b] and grads[b_j] = sum_b D[oo + j, b] (written, not
    added: the layer's gradients need no zeros first); with want_input also D[io + i, b] = sum_j W[i, j]
    D[oo + j, b]."""
    ca, cd = A.shape[1], D.shape[1]
    fa, fd = A.reshape(A.size), D.reshape(D.size)
    # this layer's rows of D, transposed: the weight gradient runs along the units (and sums cnt of them;
    # the spare rows serve the input gradient's tiles)
    rows = rows4(cnt, cd) if cnt < TILE_BATCH else cnt
    dt = np.empty((rows, units))
    ft = dt.reshape(dt.size)
    transpose(fd, oo * cd, cd, ft, 0, units, units, rows)
    # the biases' gradients down the transposed rows: each unit's sum from 0.0 over b = 0..cnt-1 in order,
    # as a plain loop along D's row, but every unit's chain at once (one chain of adds waits 4 cycles a step)
    gb = np.zeros(units)
    for b in range(cnt):
        for j in range(units):
            gb[j] += ft[b * units + j]
    for j in range(units):
        grads[bo + j] = gb[j]
    pad = min(cd, (cnt + LANES - 1) // LANES * LANES)  # padded, as in dense_forward
    # a batch of 10 in a buffer of 16 too: no copy of W transposed (units x fan_in)
    along = pad >= TILE_BATCH
    n = 0 if along or not want_input else 1
    wt = np.empty((n * units, n * fan_in))  # W transposed: the product runs along the inputs
    pt = np.empty((n * rows, n * fan_in))
    fw, fp = wt.reshape(wt.size), pt.reshape(pt.size)
    # the weights' gradient, then the inputs' (one call of matmul: each call site is compiled in again)
    for part in range(2 if want_input else 1):
        if part == 0:
            P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K = (
                fa, io * ca, 1, ca, ft, 0, units, grads, wo, units, fan_in, units, cnt
            )
        elif along:
            cnt = pad
            P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K = (
                params, wo, 1, units, fd, oo * cd, cd, fd, io * cd, cd, fan_in, cnt, units
            )
        else:
            transpose(params, wo, units, fw, 0, fan_in, fan_in, units)
            P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K = (
                ft, 0, 1, units, fw, 0, fan_in, fp, 0, fan_in, rows, fan_in, units
            )
        matmul(P, p0, pk, pr, Q, q0, qk, C, c0, cr, R, T, K, STORE)
    if want_input and not along:
        transpose(fp, 0, fan_in, fd, io * cd, cd, cnt, fan_in)
