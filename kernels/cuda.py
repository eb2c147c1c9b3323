"""CUDA kernels (numba.cuda) and CUDABackend: the CPU backend's semantics on an NVIDIA GPU, in float32.

Importing this module never fails: without numba.cuda (or with a broken one) the kernels are plain Python
functions that are never launched, and `unavailable_reason()` says why the backend cannot run.

The maths (activations and their slopes, the per-sample losses and their gradients, the optimizer rules,
splitmix64) is kernels/maths.py's, the CPU's source compiled here as device functions with float32
constants; this module holds only the launch structure (tiled products, reductions, the backend).

Precision and agreement with the CPU backend
    The device holds parameters, gradients, optimizer moments and activations in float32; optimizer
    arithmetic (per-layer coefficients and the per-parameter update) and the loss / accuracy / gradient
    norm sums run in float64. Losses and gradients agree with the float64 CPU backend to float32
    precision: |cuda - cpu| <= 1e-4 * |cpu| + 1e-5 * max|cpu| per array (what tests/cuda_sim_check.py
    asserts), and a few full-batch training steps stay within the same bound.

Random numbers
    The CPU backend is the bit-reproducible one (splitmix64 shuffles and dropout masks drawn in order).
    This backend draws one 64-bit key from `net.rng` per epoch (and per loss_and_grads with dropout) and
    uses counter-based hashes on the device: an epoch's shuffle is a keyed Feistel permutation applied
    to the sample order (order = order[pi], written back into the `order` array the engine keeps), each
    dropout mask element a hash of (key, batch chunk, row, column). The same seed repeats on the same GPU,
    and training in chunks of epochs equals one call, but shuffles and masks differ from the CPU's.
    Gradient sums use float32 atomics (split over the batch), so the last bits may vary run to run.

Where the state lives
    Each Net gets device copies of params, grads, s1, s2 and steps (kept by id(net), dropped when the Net
    is garbage-collected or by `release(net)`). Within a train() call nothing crosses the bus per batch:
    data is uploaded once per call, and every shuffle, forward, loss, backward and optimizer step runs on
    the device. After every call that changes the state (train, loss_and_grads, apply_gradients) params,
    grads, s1, s2 and steps are copied back into the Net's host arrays, so the engine always sees current
    values. Cost per call: one download of 4 float32 arrays of n_params (+ steps), a comparison of the
    host arrays against the last download (to pick up set_weights, a reset, a restored file), and an
    upload of the data passed in (x, y, x_test, y_test: 12 bytes per 2-feature point). For the
    4 x 256 benchmark network (~200k parameters) that is about 3 MB over the bus per call, not per batch.

Launch configuration
    Tiles of the matrix-multiply kernels and the block size are module constants. The environment
    variable NEURAL_PLAYGROUND_CUDA_TILES="BM,BN,BK,TM,TN,THREADS" (read at import) overrides them; the
    simulator tests use tiny tiles so Numba's CUDA simulator, which runs one Python thread per CUDA
    thread, stays fast. Kernel caching (cache=True) is off when the override is set.
"""

import os
import threading
import weakref

import numpy as np

from . import codes as C
from . import maths
from .net import Net

# ---------------------------------------------------------------- numba.cuda, guarded
try:
    from numba import cuda, float32, float64, uint64

    _IMPORT_ERROR = ""
except Exception as e:  # numba-cuda missing or broken (e.g. an unsupported NumPy)
    cuda = None
    _IMPORT_ERROR = f"numba.cuda cannot be imported ({e.__class__.__name__}: {e})"

# kernels/maths.py as device functions (float32 constants); plain Python where numba.cuda is missing
M = maths.cuda_functions() if cuda is not None else maths
mix64, unit_interval = M.mix64, M.unit_interval
act_value, act_slope, sample_loss = M.act_value, M.act_slope, M.sample_loss
layer_coefs, step_params = M.layer_coefs, M.step_params


def _parse_tiles():
    spec = os.environ.get("NEURAL_PLAYGROUND_CUDA_TILES", "").strip()
    if not spec:
        return (64, 64, 8, 4, 4, 256), False
    vals = tuple(int(v) for v in spec.split(","))
    bm, bn, bk, tm, tn, threads = vals
    if bm % tm or bn % tn or threads & (threads - 1):
        raise ValueError(f"NEURAL_PLAYGROUND_CUDA_TILES={spec!r}: TM must divide BM, TN divide BN, THREADS be 2^k")
    return vals, True


(BM, BN, BK, TM, TN, THREADS), _TILES_OVERRIDDEN = _parse_tiles()
GEMM_THREADS = (BM // TM) * (BN // TN)  # one thread per TM x TN block of outputs
RM, RN = BM // TM, BN // TN  # thread grid inside a GEMM block: RM rows of RN threads
ITEMS = 8  # columns per thread in the per-row reduction kernels
KCHUNK_MIN = 4 * BK  # least batch columns per split of a weight-gradient GEMM
MAXOUT_KCHUNK = 32 * BK  # batch columns per block of the maxout weight-gradient kernel
BUFFER_BYTES = 1 << 30  # budget for the (width, columns) activation buffers; batches beyond are chunked

_JIT = {} if _TILES_OVERRIDDEN else {"cache": True}


def _kernel(fn):
    return cuda.jit(**_JIT)(fn) if cuda is not None else fn


def _device(fn):
    return cuda.jit(device=True, **_JIT)(fn) if cuda is not None else fn


def simulated() -> bool:
    """True under Numba's CUDA simulator (NUMBA_ENABLE_CUDASIM=1)."""
    try:
        from numba import config

        return bool(config.ENABLE_CUDASIM)
    except Exception:
        return False


def unavailable_reason() -> str:
    """Why the CUDA backend cannot run here ('' if it can: a usable GPU, or the simulator)."""
    if cuda is None:
        return _IMPORT_ERROR
    if simulated():
        return ""
    try:
        if not cuda.is_available():
            return "no CUDA GPU or driver was found"
        cc = cuda.get_current_device().compute_capability
        if tuple(cc) < (6, 0):
            return f"the GPU's compute capability {cc[0]}.{cc[1]} is below the 6.0 the kernels need"
    except Exception as e:
        return f"the CUDA driver failed ({e.__class__.__name__}: {e})"
    return ""


def gpu_usable() -> bool:
    """A real GPU (not the simulator) that the backend can use."""
    return not simulated() and unavailable_reason() == ""


# ---------------------------------------------------------------- constants (typed, so float32 stays float32)
F0, F1 = np.float32(0.0), np.float32(1.0)
FNEG_INF = np.float32(-np.inf)
D0 = np.float64(0.0)
U1 = np.uint64(1)
GOLDEN = maths.GOLDEN
ROW_MUL = np.uint64(0xD1B54A32D192ED03)
COL_MUL = np.uint64(0x8CB92BA72F3D8DD7)
_M64 = (1 << 64) - 1
N_COEF = 7  # optimizer scalars per layer: layer_coefs' six, then 1.0 where the layer steps (else 0.0)
ACTIVE = N_COEF - 1


# ---------------------------------------------------------------- device functions
@_device
def block_sum(s, tx, v):
    """Sum v over the block's THREADS threads through the shared array s; every thread must call it."""
    s[tx] = v
    cuda.syncthreads()
    step = THREADS // 2
    while step > 0:
        if tx < step:
            s[tx] += s[tx + step]
        cuda.syncthreads()
        step //= 2
    r = s[0]
    cuda.syncthreads()
    return r


# ---------------------------------------------------------------- small kernels
@_kernel
def k_fill(a, n, value):
    i = cuda.grid(1)
    if i < n:
        a[i] = value


@_kernel
def k_gather(X, idx, use_idx, start, cnt, n_in, A):
    """A[i, b] = X[row(start + b), i] for b < cnt, i < n_in; row is idx[.] or the identity."""
    t = cuda.grid(1)
    if t < cnt * n_in:
        i = t // cnt
        b = t - i * cnt
        r = idx[start + b] if use_idx else start + b
        A[i, b] = X[r, i]


@_kernel
def k_pack(S, rows, nsel, cnt, out):
    """out[b, s] = S[rows[s], b]: selected rows of a (rows, columns) buffer as a row-major (cnt, nsel) block."""
    t = cuda.grid(1)
    if t < cnt * nsel:
        b = t // nsel
        s = t - b * nsel
        out[b, s] = S[rows[s], b]


@_kernel
def k_perm(src, dst, n, half_bits, key):
    """dst[i] = src[pi(i)]: pi a keyed 4-round Feistel permutation of [0, 4^half_bits), cycle-walked into [0, n)."""
    i = cuda.grid(1)
    if i < n:
        nu = uint64(n)
        mask = (U1 << half_bits) - U1
        x = uint64(i)
        while True:
            left = x >> half_bits
            right = x & mask
            for r in range(4):
                f = mix64(right ^ (key + uint64(r) * GOLDEN)) & mask
                t = left ^ f
                left = right
                right = t
            x = (left << half_bits) | right
            if x < nu:
                break
        dst[i] = src[x]


# ---------------------------------------------------------------- dense layers: tiled matrix products
# A thread block computes a BM x BN tile of the output from BK-deep slabs of both operands staged in
# shared memory; each thread owns TM x TN outputs spaced RM rows and RN columns apart, so a warp reads
# consecutive shared-memory words and writes consecutive (coalesced) global addresses.


@_device
def load_slab(s, flat, grid, from_flat, off, ld, along_k, k0, kn, m0, mn, width, tx):
    """s[kk, mm] = element (k0 + kk, m0 + mm) of an operand, for kk < BK, mm < width; 0 past k < kn, m < mn.

    Element (k, m) is flat[off + row * ld + col] (from_flat) or grid[off + row, col], (row, col) being
    (m, k) when along_k (k runs along the source's rows) else (k, m). Neighbouring threads read
    neighbouring addresses either way, so the loads coalesce.
    """
    for t in range(tx, BK * width, GEMM_THREADS):
        if along_k:
            mm = t // BK
            kk = t - mm * BK
        else:
            kk = t // width
            mm = t - kk * width
        k = k0 + kk
        m = m0 + mm
        v = F0
        if k < kn and m < mn:
            row, col = (m, k) if along_k else (k, m)
            v = flat[off + row * ld + col] if from_flat else grid[off + row, col]
        s[kk, mm] = v


@_device
def multiply_slabs(sA, sB, acc, ra, rb, trow, tcol):
    """acc[m, n] += sum over kk < BK of sA[kk, trow + m * RM] * sB[kk, tcol + n * RN]: one thread's outputs."""
    for kk in range(BK):
        for m in range(TM):
            ra[m] = sA[kk, trow + m * RM]
        for n in range(TN):
            rb[n] = sB[kk, tcol + n * RN]
        for m in range(TM):
            for n in range(TN):
                acc[m, n] += ra[m] * rb[n]


@_kernel
def k_dense_fwd(params, A, Z, fan_in, units, cnt, io, oo, zo, wo, bo, ao, act):
    """Z[zo+j, b] = b_j + sum_i W[i, j] A[io+i, b];  A[oo+j, b] = act(Z[zo+j, b])   (j < units, b < cnt)."""
    sA = cuda.shared.array((BK, BM), float32)
    sB = cuda.shared.array((BK, BN), float32)
    acc = cuda.local.array((TM, TN), float32)
    ra = cuda.local.array(TM, float32)
    rb = cuda.local.array(TN, float32)
    tx = cuda.threadIdx.x
    trow = tx // RN
    tcol = tx - trow * RN
    m0 = cuda.blockIdx.y * BM
    n0 = cuda.blockIdx.x * BN
    for m in range(TM):
        for n in range(TN):
            acc[m, n] = F0
    for k0 in range(0, fan_in, BK):
        load_slab(sA, params, A, True, wo, units, False, k0, fan_in, m0, units, BM, tx)  # W[k, j]
        load_slab(sB, params, A, False, io, 0, False, k0, fan_in, n0, cnt, BN, tx)  # A[io + k, b]
        cuda.syncthreads()
        multiply_slabs(sA, sB, acc, ra, rb, trow, tcol)
        cuda.syncthreads()
    for m in range(TM):
        j = m0 + trow + m * RM
        if j < units:
            bias = params[bo + j]
            alpha = params[ao + j] if ao >= 0 else F0
            for n in range(TN):
                b = n0 + tcol + n * RN
                if b < cnt:
                    z = acc[m, n] + bias
                    Z[zo + j, b] = z
                    A[oo + j, b] = act_value(act, z, alpha)


@_kernel
def k_dense_bwd_x(params, D, fan_in, units, cnt, io, oo, wo):
    """D[io+i, b] = sum_j W[i, j] D[oo+j, b]   (i < fan_in, b < cnt): the gradient reaching the layer's input."""
    sA = cuda.shared.array((BK, BM), float32)
    sB = cuda.shared.array((BK, BN), float32)
    acc = cuda.local.array((TM, TN), float32)
    ra = cuda.local.array(TM, float32)
    rb = cuda.local.array(TN, float32)
    tx = cuda.threadIdx.x
    trow = tx // RN
    tcol = tx - trow * RN
    m0 = cuda.blockIdx.y * BM
    n0 = cuda.blockIdx.x * BN
    for m in range(TM):
        for n in range(TN):
            acc[m, n] = F0
    for k0 in range(0, units, BK):
        load_slab(sA, params, D, True, wo, units, True, k0, units, m0, fan_in, BM, tx)  # W[i, k]
        load_slab(sB, params, D, False, oo, 0, False, k0, units, n0, cnt, BN, tx)  # D[oo + k, b]
        cuda.syncthreads()
        multiply_slabs(sA, sB, acc, ra, rb, trow, tcol)
        cuda.syncthreads()
    for m in range(TM):
        i = m0 + trow + m * RM
        if i < fan_in:
            for n in range(TN):
                b = n0 + tcol + n * RN
                if b < cnt:
                    D[io + i, b] = acc[m, n]


@_kernel
def k_dense_bwd_w(grads, A, D, fan_in, units, cnt, io, oo, wo, kchunk):
    """grads[W[i, j]] += sum_b A[io+i, b] D[oo+j, b] over blockIdx.z's slice of kchunk batch columns."""
    sA = cuda.shared.array((BK, BM), float32)
    sB = cuda.shared.array((BK, BN), float32)
    acc = cuda.local.array((TM, TN), float32)
    ra = cuda.local.array(TM, float32)
    rb = cuda.local.array(TN, float32)
    tx = cuda.threadIdx.x
    trow = tx // RN
    tcol = tx - trow * RN
    m0 = cuda.blockIdx.y * BM
    n0 = cuda.blockIdx.x * BN
    kb = cuda.blockIdx.z * kchunk
    ke = min(kb + kchunk, cnt)
    for m in range(TM):
        for n in range(TN):
            acc[m, n] = F0
    for k0 in range(kb, ke, BK):
        load_slab(sA, grads, A, False, io, 0, True, k0, ke, m0, fan_in, BM, tx)  # A[io + i, k]
        load_slab(sB, grads, D, False, oo, 0, True, k0, ke, n0, units, BN, tx)  # D[oo + j, k]
        cuda.syncthreads()
        multiply_slabs(sA, sB, acc, ra, rb, trow, tcol)
        cuda.syncthreads()
    for m in range(TM):
        i = m0 + trow + m * RM
        if i < fan_in:
            for n in range(TN):
                j = n0 + tcol + n * RN
                if j < units:
                    cuda.atomic.add(grads, wo + i * units + j, acc[m, n])


@_kernel
def k_dense_act_bwd(params, grads, A, Z, D, units, cnt, oo, zo, bo, ao, act):
    """D[oo+j, b] *= act'(z) in place; grads[b_j] += sum_b of it; PReLU: grads[alpha_j] += sum_{z<=0} D z.

    Block (x, j): row j, columns [x * THREADS * ITEMS, (x + 1) * THREADS * ITEMS).
    """
    sb = cuda.shared.array(THREADS, float32)
    tx = cuda.threadIdx.x
    j = cuda.blockIdx.y
    alpha = params[ao + j] if ao >= 0 else F0
    gb = F0
    ga = F0
    b0 = cuda.blockIdx.x * (THREADS * ITEMS)
    for b in range(b0 + tx, min(cnt, b0 + THREADS * ITEMS), THREADS):
        d = D[oo + j, b]
        z = Z[zo + j, b]
        if ao >= 0 and z <= F0:
            ga += d * z
        dz = d * act_slope(act, z, A[oo + j, b], alpha)
        D[oo + j, b] = dz
        gb += dz
    gb = block_sum(sb, tx, gb)
    if tx == 0:
        cuda.atomic.add(grads, bo + j, gb)
    if ao >= 0:
        ga = block_sum(sb, tx, ga)
        if tx == 0:
            cuda.atomic.add(grads, ao + j, ga)


# ---------------------------------------------------------------- maxout and dropout layers
@_kernel
def k_maxout_fwd(params, A, Z, fan_in, units, pieces, cnt, io, oo, zo, wo, bo):
    """A[oo+j, b] = max_k (b_jk + sum_i W[i, j, k] A[io+i, b]); Z[zo+j, b] = the first arg-max piece."""
    b = cuda.blockIdx.x * cuda.blockDim.x + cuda.threadIdx.x
    j = cuda.blockIdx.y
    if b < cnt:
        best = FNEG_INF
        arg = 0
        for k in range(pieces):
            z = params[bo + j * pieces + k]
            for i in range(fan_in):
                z += A[io + i, b] * params[wo + (i * units + j) * pieces + k]
            if z > best:
                best = z
                arg = k
        A[oo + j, b] = best
        Z[zo + j, b] = arg


@_kernel
def k_maxout_bwd_w(grads, A, Z, D, fan_in, units, pieces, cnt, io, oo, zo, wo, bo, kchunk):
    """grads of W[i, j, k] (i < fan_in) and b_jk (i == fan_in) from the columns where piece k won.

    Thread t of the x grid owns (i, j, k); blockIdx.y takes kchunk batch columns; partial sums are atomic.
    """
    t = cuda.grid(1)
    if t < (fan_in + 1) * units * pieces:
        i = t // (units * pieces)
        r = t - i * units * pieces
        j = r // pieces
        k = r - j * pieces
        kb = cuda.blockIdx.y * kchunk
        s = F0
        for b in range(kb, min(kb + kchunk, cnt)):
            if int(Z[zo + j, b]) == k:
                g = D[oo + j, b]
                s += g if i == fan_in else A[io + i, b] * g
        if s != F0:
            if i == fan_in:
                cuda.atomic.add(grads, bo + j * pieces + k, s)
            else:
                cuda.atomic.add(grads, wo + (i * units + j) * pieces + k, s)


@_kernel
def k_maxout_bwd_x(params, Z, D, fan_in, units, pieces, cnt, io, oo, zo, wo):
    """D[io+i, b] = sum_j W[i, j, winner(j, b)] D[oo+j, b]."""
    t = cuda.grid(1)
    if t < fan_in * cnt:
        i = t // cnt
        b = t - i * cnt
        s = F0
        for j in range(units):
            k = int(Z[zo + j, b])
            s += params[wo + (i * units + j) * pieces + k] * D[oo + j, b]
        D[io + i, b] = s


@_kernel
def k_dropout_fwd(A, Z, units, cnt, io, oo, zo, rate, keep, training, key):
    """A[oo+j, b] = A[io+j, b] * mask; mask = 0 with probability rate, else keep = 1 / (1 - rate)."""
    t = cuda.grid(1)
    if t < units * cnt:
        j = t // cnt
        b = t - j * cnt
        m = F1
        if training:
            h = mix64(key + uint64(zo + j) * ROW_MUL + uint64(b) * COL_MUL)
            u = unit_interval(h)
            m = F0 if u < rate else keep
        Z[zo + j, b] = m
        A[oo + j, b] = A[io + j, b] * m


@_kernel
def k_dropout_bwd(Z, D, units, cnt, io, oo, zo):
    t = cuda.grid(1)
    if t < units * cnt:
        j = t // cnt
        b = t - j * cnt
        D[io + j, b] = D[oo + j, b] * Z[zo + j, b]


# ---------------------------------------------------------------- losses
@_kernel
def k_loss(A, D, Y, idx, use_idx, start, cnt, out, n_out, loss, want_grad, scale, acc, slot_loss, slot_corr):
    """Per-sample loss and correctness summed into acc[slot_loss], acc[slot_corr] (float64, atomically);

    with want_grad, dL/dscore * scale into D[out.., b] (scale = 1 / the minibatch's size).
    """
    sl = cuda.shared.array(THREADS, float64)
    tx = cuda.threadIdx.x
    b = cuda.blockIdx.x * THREADS + tx
    total = D0
    correct = D0
    if b < cnt:
        r = idx[start + b] if use_idx else start + b
        total, hit = sample_loss(loss, A, D, out, b, n_out, Y[r], D0, want_grad, float32(scale))
        correct = float64(hit)
    total = block_sum(sl, tx, total)
    if tx == 0:
        cuda.atomic.add(acc, slot_loss, total)
    correct = block_sum(sl, tx, correct)
    if tx == 0:
        cuda.atomic.add(acc, slot_corr, correct)


@_kernel
def k_penalty(params, grads, regmask, n, reg_kind, rate, acc, slot):
    """grads += d penalty / d w over the regularised weights; acc[slot] += sum |w| (L1) or sum w^2 / 2 (L2)."""
    sl = cuda.shared.array(THREADS, float64)
    tx = cuda.threadIdx.x
    p = cuda.blockIdx.x * THREADS + tx
    v = D0
    r32 = float32(rate)
    if p < n and regmask[p] != F0:
        w = params[p]
        if reg_kind == C.REG_L1:
            v = float64(abs(w))
            grads[p] += r32 * (F1 if w > F0 else (-F1 if w < F0 else F0))
        else:
            v = 0.5 * float64(w) * float64(w)
            grads[p] += r32 * w
    v = block_sum(sl, tx, v)
    if tx == 0:
        cuda.atomic.add(acc, slot, v)


@_kernel
def k_sqnorm(table, grads, acc, base):
    """acc[base + l] += sum of grads^2 over layer l = blockIdx.y (dropout rows add nothing)."""
    sl = cuda.shared.array(THREADS, float64)
    tx = cuda.threadIdx.x
    l = cuda.blockIdx.y
    v = D0
    if table[l, C.COL_KIND] != C.DROPOUT:
        lo = table[l, C.COL_W] + cuda.blockIdx.x * (THREADS * ITEMS)
        hi = min(table[l, C.COL_END], lo + THREADS * ITEMS)
        for p in range(lo + tx, hi, THREADS):
            g = float64(grads[p])
            v += g * g
    v = block_sum(sl, tx, v)
    if tx == 0 and v != D0:
        cuda.atomic.add(acc, base + l, v)


# ---------------------------------------------------------------- optimizers
@_kernel
def k_opt_prepare(table, steps, coef, opt, hp):
    """One thread per layer: count the step, store its scalars in coef[l, :ACTIVE] and coef[l, ACTIVE] = active."""
    l = cuda.grid(1)
    if l < table.shape[0]:
        if table[l, C.COL_KIND] == C.DROPOUT or table[l, C.COL_FROZEN] != 0:
            coef[l, ACTIVE] = 0.0
            return
        coef[l, ACTIVE] = 1.0
        steps[l, 0] += 1.0
        k, prod = layer_coefs(opt, hp, steps[l, 0], steps[l, 1])
        steps[l, 1] = prod
        c0, c1, c2, d1, d2, eps = k
        coef[l, 0], coef[l, 1], coef[l, 2] = c0, c1, c2
        coef[l, 3], coef[l, 4], coef[l, 5] = d1, d2, eps


@_kernel
def k_opt_apply(pl, params, grads, s1, s2, coef, opt, hp, n):
    """One torch.optim-equivalent update per parameter (float64 arithmetic, float32 storage)."""
    p = cuda.grid(1)
    if p >= n:
        return
    l = pl[p]
    if coef[l, ACTIVE] == 0.0:
        return
    k = (coef[l, 0], coef[l, 1], coef[l, 2], coef[l, 3], coef[l, 4], coef[l, 5])
    step_params(opt, k, params, grads, s1, s2, p, p + 1)


# ---------------------------------------------------------------- the backend
def _cdiv(a, b):
    return -(-a // b)


def _splitmix(state: int) -> tuple[int, int]:
    """(new state, output) of one splitmix64 step, in Python integers (same as cpu.next_u64)."""
    return maths.host_splitmix64(state & _M64)


def epoch_keys(rng_state: int, epochs: int) -> list[int]:
    """The keys of the next `epochs` epochs trained from net.rng[0] == rng_state (one splitmix64 draw each)."""
    keys = []
    for _ in range(epochs):
        rng_state, k = _splitmix(rng_state)
        keys.append(k)
    return keys


def epoch_keys_state(rng_state: int, epochs: int) -> int:
    """net.rng[0] after `epochs` epochs."""
    return (rng_state + epochs * int(GOLDEN)) & _M64


def shuffle_key(epoch_key: int) -> int:
    """The Feistel key of an epoch's shuffle."""
    return _splitmix(epoch_key ^ 0x5DEECE66D)[1]


def _half_bits(n: int) -> np.uint64:
    return np.uint64(max(1, (max(1, (n - 1).bit_length()) + 1) // 2))


class _DeviceNet:
    """Device copies of one Net's state, the host snapshot they were last synced from, and buffers."""

    def __init__(self, net: Net):
        self.ref = weakref.ref(net)
        lay = net.layout
        self.table_host = lay.table.copy()
        self.rates_host = lay.rates.copy()
        self.width = int(lay.width)
        self.n_params = int(lay.n_params)
        self.L = int(lay.table.shape[0])
        cols = (C.COL_KIND, C.COL_FAN_IN, C.COL_UNITS, C.COL_PIECES, C.COL_ACT, C.COL_IN, C.COL_OUT, C.COL_Z,
                C.COL_W, C.COL_B, C.COL_ALPHA)
        self.layers = [tuple(int(row[c]) for c in cols) for row in lay.table]  # what the launches need
        self.out = int(lay.table[-1, C.COL_OUT])
        pl = np.zeros(max(1, self.n_params), dtype=np.int32)
        for l, row in enumerate(lay.table):
            if row[C.COL_KIND] != C.DROPOUT:
                pl[row[C.COL_W] : row[C.COL_END]] = l
        self.table = cuda.to_device(np.ascontiguousarray(lay.table, dtype=np.int64))
        self.pl = cuda.to_device(pl)
        self.regmask = cuda.to_device(np.ascontiguousarray(net.regmask, dtype=np.float32))
        self.idx_dummy = cuda.to_device(np.zeros(1, dtype=np.int64))
        self.coef = cuda.to_device(np.zeros((self.L, N_COEF)))
        self.acc = cuda.to_device(np.zeros(4))
        self.dev = {}
        self.snap = {}
        self.A = self.Z = self.D = None
        self.cols_az = self.cols_d = 0

    def matches(self, net: Net) -> bool:
        lay = net.layout
        return (self.ref() is net and lay.table.shape == self.table_host.shape
                and np.array_equal(lay.table, self.table_host) and np.array_equal(lay.rates, self.rates_host))

    def buffers(self, cols_az: int, cols_d: int):
        """(width, >= cols) float32 buffers A, Z (activations, pre-activations / masks) and D (gradients)."""
        if cols_az > self.cols_az:
            self.A = self.Z = None
            self.A = cuda.device_array((self.width, cols_az), dtype=np.float32)
            self.Z = cuda.device_array((self.width, cols_az), dtype=np.float32)
            self.cols_az = cols_az
        if cols_d > self.cols_d:
            self.D = None
            self.D = cuda.device_array((self.width, cols_d), dtype=np.float32)
            self.cols_d = cols_d


_STATE = ("params", "grads", "s1", "s2", "steps")


class CUDABackend:
    """numba.cuda kernels on the GPU, float32 on the device; the same methods and results as CPUBackend.

    max_columns caps the batch columns processed at once (default: what fits BUFFER_BYTES); a larger
    minibatch is run in chunks whose gradients add up before the one optimizer step, so results do not
    depend on it.
    """

    name = "cuda"

    def __init__(self, max_columns: int | None = None):
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(f"the CUDA backend cannot be used here: {reason}")
        self.max_columns = max_columns
        self._nets: dict[int, _DeviceNet] = {}
        self._lock = threading.RLock()
        self._launches = 0  # dropout / shuffle key counter within this backend
        try:
            self._sms = int(cuda.get_current_device().MULTIPROCESSOR_COUNT)
        except Exception:
            self._sms = 2

    # ------------------------------------------------------------ state on the device
    def release(self, net: Net) -> None:
        """Free the device copies of net's state (they are rebuilt from the host arrays on the next call)."""
        with self._lock:
            self._nets.pop(id(net), None)

    def _drop(self, key: int, ref) -> None:
        st = self._nets.get(key)
        if st is not None and st.ref is ref:
            del self._nets[key]

    def _sync_in(self, net: Net) -> _DeviceNet:
        """The Net's device state, uploading whatever the host changed since the last download."""
        st = self._nets.get(id(net))
        if st is None or not st.matches(net):
            st = _DeviceNet(net)
            self._nets[id(net)] = st
            weakref.finalize(net, self._drop, id(net), st.ref)
        for name in _STATE:
            host = getattr(net, name)
            snap = st.snap.get(name)
            if snap is not None and snap.shape == host.shape and np.array_equal(host, snap):
                continue
            dtype = np.float64 if name == "steps" else np.float32
            st.dev[name] = cuda.to_device(np.ascontiguousarray(host, dtype=dtype))
            st.snap[name] = np.array(host, dtype=np.float64, copy=True)
        st.hp = cuda.to_device(np.ascontiguousarray(net.hp, dtype=np.float64))
        return st

    def _sync_out(self, net: Net, st: _DeviceNet, names=_STATE) -> None:
        """Copy the device state back into the Net's host arrays (in place) and remember it."""
        for name in names:
            host = getattr(net, name)
            host[...] = st.dev[name].copy_to_host().reshape(host.shape)
            st.snap[name] = np.array(host, dtype=np.float64, copy=True)

    def _columns(self, st: _DeviceNet, want: int) -> int:
        cap = max(256, (BUFFER_BYTES // (3 * 4 * max(1, st.width))) // 256 * 256)
        if self.max_columns:
            cap = min(cap, int(self.max_columns))
        return max(1, min(want, cap))

    def _key(self, net: Net) -> int:
        """A fresh 64-bit seed from net.rng (advancing it one splitmix64 step)."""
        state, out = _splitmix(int(net.rng[0]))
        net.rng[0] = np.uint64(state)
        return out

    @staticmethod
    def _upload(x, dtype=np.float32):
        a = np.ascontiguousarray(x, dtype=dtype)
        if a.size == 0:
            a = np.zeros((1,) + a.shape[1:], dtype=dtype) if a.ndim > 1 else np.zeros(1, dtype=dtype)
        return cuda.to_device(a)

    # ------------------------------------------------------------ passes
    def _forward(self, st: _DeviceNet, cc: int, training: bool, key: int) -> None:
        params, A, Z = st.dev["params"], st.A, st.Z
        for l, (kind, fan_in, units, pieces, act, io, oo, zo, wo, bo, ao) in enumerate(st.layers):
            if kind == C.DENSE:
                k_dense_fwd[(_cdiv(cc, BN), _cdiv(units, BM)), GEMM_THREADS](
                    params, A, Z, fan_in, units, cc, io, oo, zo, wo, bo, ao, act)
            elif kind == C.MAXOUT:
                k_maxout_fwd[(_cdiv(cc, THREADS), units), THREADS](
                    params, A, Z, fan_in, units, pieces, cc, io, oo, zo, wo, bo)
            else:
                rate = float(st.rates_host[l])
                keep = np.float32(1.0 / (1.0 - rate))
                lkey = np.uint64(_splitmix((key + l) & _M64)[1])
                k_dropout_fwd[_cdiv(units * cc, THREADS), THREADS](
                    A, Z, units, cc, io, oo, zo, np.float32(rate), keep, bool(training and rate > 0.0), lkey)

    def _backward(self, st: _DeviceNet, cc: int) -> None:
        params, grads, A, Z, D = st.dev["params"], st.dev["grads"], st.A, st.Z, st.D
        for l in range(st.L - 1, -1, -1):
            kind, fan_in, units, pieces, act, io, oo, zo, wo, bo, ao = st.layers[l]
            if kind == C.DENSE:
                k_dense_act_bwd[(_cdiv(cc, THREADS * ITEMS), units), THREADS](
                    params, grads, A, Z, D, units, cc, oo, zo, bo, ao, act)
                tiles = _cdiv(units, BN) * _cdiv(fan_in, BM)
                splits = max(1, min(_cdiv(4 * self._sms, tiles), _cdiv(cc, KCHUNK_MIN), 65535))
                kchunk = _cdiv(_cdiv(cc, splits), BK) * BK
                k_dense_bwd_w[(_cdiv(units, BN), _cdiv(fan_in, BM), _cdiv(cc, kchunk)), GEMM_THREADS](
                    grads, A, D, fan_in, units, cc, io, oo, wo, kchunk)
                if l > 0:
                    k_dense_bwd_x[(_cdiv(cc, BN), _cdiv(fan_in, BM)), GEMM_THREADS](
                        params, D, fan_in, units, cc, io, oo, wo)
            elif kind == C.MAXOUT:
                n_thr = (fan_in + 1) * units * pieces
                k_maxout_bwd_w[(_cdiv(n_thr, THREADS), _cdiv(cc, MAXOUT_KCHUNK)), THREADS](
                    grads, A, Z, D, fan_in, units, pieces, cc, io, oo, zo, wo, bo, MAXOUT_KCHUNK)
                if l > 0:
                    k_maxout_bwd_x[_cdiv(fan_in * cc, THREADS), THREADS](
                        params, Z, D, fan_in, units, pieces, cc, io, oo, zo, wo)
            elif l > 0:
                k_dropout_bwd[_cdiv(units * cc, THREADS), THREADS](Z, D, units, cc, io, oo, zo)

    def _zero(self, arr, n: int) -> None:
        k_fill[_cdiv(n, THREADS), THREADS](arr, n, arr.dtype.type(0))

    def _gather(self, st, X, idx, use_idx, start, cc):
        n_in = X.shape[1]
        k_gather[_cdiv(cc * n_in, THREADS), THREADS](X, idx, bool(use_idx), start, cc, n_in, st.A)

    def _loss(self, st, net, Y, idx, use_idx, start, cc, want_grad, scale, acc, slot_loss, slot_corr):
        k_loss[_cdiv(cc, THREADS), THREADS](
            st.A, st.D if want_grad else st.A, Y, idx, bool(use_idx), start, cc, st.out, int(net.n_out),
            int(net.loss), bool(want_grad), float(scale), acc, slot_loss, slot_corr)

    def _eval_into(self, st, net, X, Y, n, acc, slot_loss, slot_corr, cols):
        """Sum of data losses and correct predictions over the first n rows into acc (dropout off)."""
        for start in range(0, n, cols):
            cc = min(cols, n - start)
            self._gather(st, X, st.idx_dummy, False, start, cc)
            self._forward(st, cc, False, 0)
            self._loss(st, net, Y, st.idx_dummy, False, start, cc, False, 1.0, acc, slot_loss, slot_corr)

    def _penalty(self, st, net, acc, slot) -> None:
        if net.reg_kind != C.REG_NONE and net.reg_rate != 0.0:
            k_penalty[_cdiv(st.n_params, THREADS), THREADS](
                st.dev["params"], st.dev["grads"], st.regmask, st.n_params, int(net.reg_kind),
                float(net.reg_rate), acc, slot)

    def _step(self, st, net) -> None:
        k_opt_prepare[_cdiv(st.L, 32), 32](st.table, st.dev["steps"], st.coef, int(net.opt), st.hp)
        k_opt_apply[_cdiv(st.n_params, THREADS), THREADS](
            st.pl, st.dev["params"], st.dev["grads"], st.dev["s1"], st.dev["s2"], st.coef, int(net.opt),
            st.hp, st.n_params)

    # ------------------------------------------------------------ the Backend methods
    def warmup(self) -> None:
        """Compile every kernel (or load it from Numba's cache) by running each on a tiny net."""
        from .codes import DENSE, DROPOUT, LOSS_CODES, MAXOUT
        from .layout import LayerDesc, build_layout

        lay = build_layout(2, [LayerDesc(DENSE, 2, C.PRELU), LayerDesc(MAXOUT, 2, pieces=2),
                               LayerDesc(DROPOUT, rate=0.5), LayerDesc(DENSE, 1, 0)])
        net = Net(lay, n_out=1, loss=LOSS_CODES[("binary", "cross_entropy")], reg_kind=C.REG_L2, reg_rate=1e-3)
        net.hp[C.HP_LR] = 0.01
        x, y = np.zeros((4, 2)), np.zeros(4)
        self.train(net, x, y, x, y, 1, 2, 1)
        self.loss_and_grads(net, x, y, dropout=True)
        self.evaluate(net, x, y)
        self.outputs(net, x)
        self.release(net)

    def train(self, net: Net, x, y, x_test, y_test, epochs: int, batch: int, record: int = 1, order=None,
              lrs=None):
        """Train; return (history (epochs, 4) evaluated every `record` epochs, else NaN; grad norms (epochs, L)).

        Each epoch draws one key from net.rng for its shuffle and dropout masks, so training in chunks of
        epochs gives the same numbers as one call (on the same GPU, up to the order of atomic sums).
        `order` (int64, a permutation of the training rows) is the sample order: with minibatches each
        epoch permutes it on the device (order = order[pi]) and it is written back in place at the end;
        a full batch needs no shuffle and leaves it as it is. Learning-rate schedules (`lrs`) run on the
        CPU backend only.
        """
        if lrs is not None and len(lrs):
            raise ValueError("the CUDA backend does not run learning-rate schedules; train on the CPU backend")
        with self._lock:
            epochs, record = int(epochs), int(record)
            st = self._sync_in(net)
            n, nt = int(np.shape(x)[0]), int(np.shape(x_test)[0])
            L = st.L
            if epochs <= 0 or n == 0:
                return np.full((max(epochs, 0), 4), np.nan), np.zeros((max(epochs, 0), L))
            bs = max(1, min(int(batch), n))
            cols_d = self._columns(st, bs)
            cols_az = self._columns(st, max(bs, n, nt))
            st.buffers(cols_az, cols_d)
            X, Y = self._upload(x), self._upload(y)
            Xt, Yt = self._upload(x_test), self._upload(y_test)
            shuffle = bs < n
            if shuffle:
                start_order = np.arange(n, dtype=np.int64) if order is None else np.asarray(order, dtype=np.int64)
                idx, spare = cuda.to_device(np.ascontiguousarray(start_order)), cuda.device_array(n, dtype=np.int64)
            else:
                idx = st.idx_dummy
            half_bits = _half_bits(n)
            hist = cuda.to_device(np.zeros(epochs * 4))
            gn = cuda.to_device(np.zeros(epochs * L))
            scratch = cuda.to_device(np.zeros(4))
            keys = epoch_keys(int(net.rng[0]), epochs)
            grads = st.dev["grads"]
            for e in range(epochs):
                if shuffle:
                    k_perm[_cdiv(n, THREADS), THREADS](idx, spare, n, half_bits, np.uint64(shuffle_key(keys[e])))
                    idx, spare = spare, idx
                launch = 0
                for start in range(0, n, bs):
                    cnt = min(bs, n - start)
                    self._zero(grads, st.n_params)
                    for c0 in range(start, start + cnt, cols_d):
                        cc = min(cols_d, start + cnt - c0)
                        self._gather(st, X, idx, shuffle, c0, cc)
                        launch += 1
                        self._forward(st, cc, True, _splitmix((keys[e] + launch * 0x632BE59BD9B4E019) & _M64)[1])
                        self._loss(st, net, Y, idx, shuffle, c0, cc, True, 1.0 / cnt, scratch, 0, 1)
                        self._backward(st, cc)
                    self._penalty(st, net, scratch, 2)
                    self._step(st, net)
                k_sqnorm[(_cdiv(max(1, st.n_params), THREADS * ITEMS), L), THREADS](st.table, grads, gn, e * L)
                if record > 0 and ((e + 1) % record == 0 or e == epochs - 1):
                    self._eval_into(st, net, X, Y, n, hist, e * 4 + 0, e * 4 + 2, cols_az)
                    if nt > 0:
                        self._eval_into(st, net, Xt, Yt, nt, hist, e * 4 + 1, e * 4 + 3, cols_az)
            sums = hist.copy_to_host().reshape(epochs, 4)
            gnorms = np.sqrt(gn.copy_to_host().reshape(epochs, L))
            if shuffle and order is not None:
                order[:] = idx.copy_to_host()
            net.rng[0] = np.uint64(epoch_keys_state(int(net.rng[0]), epochs))
            self._sync_out(net, st)
        out = np.full((epochs, 4), np.nan)
        if record > 0:
            rec = np.array([(e + 1) % record == 0 or e == epochs - 1 for e in range(epochs)])
            out[rec, 0] = sums[rec, 0] / n
            out[rec, 2] = sums[rec, 2] / n
            if nt > 0:
                out[rec, 1] = sums[rec, 1] / nt
                out[rec, 3] = sums[rec, 3] / nt
        return out, gnorms

    def evaluate(self, net: Net, x, y) -> tuple[float, float]:
        """Mean data loss and accuracy over (x, y), dropout off."""
        with self._lock:
            st = self._sync_in(net)
            n = int(np.shape(x)[0])
            if n == 0:
                return float("nan"), float("nan")
            cols = self._columns(st, n)
            st.buffers(cols, 1)
            acc = cuda.to_device(np.zeros(2))
            self._eval_into(st, net, self._upload(x), self._upload(y), n, acc, 0, 1, cols)
            s = acc.copy_to_host()
        return float(s[0] / n), float(s[1] / n)

    def loss_and_grads(self, net: Net, x, y, dropout: bool = False) -> tuple[float, np.ndarray]:
        """Loss with penalty over (x, y) as one batch, gradients left in net.grads.

        With dropout, masks come from a seed drawn from net.rng; returns (loss, Z), Z (n, width) holding each
        layer's pre-activations, maxout arg-max pieces and dropout masks (0 or 1/(1-rate)).
        """
        with self._lock:
            st = self._sync_in(net)
            n = int(np.shape(x)[0])
            cols = self._columns(st, n)
            st.buffers(cols, cols)
            X, Y = self._upload(x), self._upload(y)
            acc = cuda.to_device(np.zeros(4))
            seed = self._key(net) if dropout else 0
            Zout = np.zeros((n, st.width))
            rows = cuda.to_device(np.arange(st.width, dtype=np.int64))
            packed = cuda.device_array((cols, st.width), dtype=np.float32)
            grads = st.dev["grads"]
            self._zero(grads, st.n_params)
            for c0 in range(0, n, cols):
                cc = min(cols, n - c0)
                self._gather(st, X, st.idx_dummy, False, c0, cc)
                self._forward(st, cc, bool(dropout), _splitmix((seed + c0) & _M64)[1])
                self._loss(st, net, Y, st.idx_dummy, False, c0, cc, True, 1.0 / n, acc, 0, 1)
                k_pack[_cdiv(cc * st.width, THREADS), THREADS](st.Z, rows, st.width, cc, packed)
                Zout[c0 : c0 + cc] = packed.copy_to_host()[:cc]
                self._backward(st, cc)
            self._penalty(st, net, acc, 2)
            s = acc.copy_to_host()
            self._sync_out(net, st, ("grads",))
        total_units = int(st.table_host[:, C.COL_UNITS].sum())
        Zout[:, total_units:] = 0.0
        return float(s[0] / n + net.reg_rate * s[2]), Zout

    def apply_gradients(self, net: Net, grads) -> None:
        """Exactly one optimizer step with the given flat gradients."""
        with self._lock:
            net.grads[:] = grads
            st = self._sync_in(net)
            self._step(st, net)
            self._sync_out(net, st, ("params", "s1", "s2", "steps"))

    def outputs(self, net: Net, x, columns=None) -> np.ndarray:
        """The activation buffer for every row: features, then each layer's output, scores last.

        columns (an extension of the Backend protocol): only these activation columns come back, as an
        (n, len(columns)) array, e.g. just the scores for a decision boundary (much less to copy).
        """
        with self._lock:
            st = self._sync_in(net)
            n = int(np.shape(x)[0])
            sel = np.arange(st.width) if columns is None else np.asarray(columns, dtype=np.int64).reshape(-1)
            out = np.empty((n, sel.size))
            if n == 0 or sel.size == 0:
                return out
            cols = self._columns(st, n)
            st.buffers(cols, 1)
            X = self._upload(x)
            rows = cuda.to_device(sel)
            packed = cuda.device_array((cols, sel.size), dtype=np.float32)
            for c0 in range(0, n, cols):
                cc = min(cols, n - c0)
                self._gather(st, X, st.idx_dummy, False, c0, cc)
                self._forward(st, cc, False, 0)
                k_pack[_cdiv(cc * sel.size, THREADS), THREADS](st.A, rows, sel.size, cc, packed)
                out[c0 : c0 + cc] = packed.copy_to_host()[:cc]
        return out

    def permutation(self, n: int, key: int) -> np.ndarray:
        """pi for (n, key): the device shuffle applied to range(n) (for tests)."""
        src = cuda.to_device(np.arange(max(1, n), dtype=np.int64))
        dst = cuda.device_array(max(1, n), dtype=np.int64)
        k_perm[_cdiv(n, THREADS), THREADS](src, dst, n, _half_bits(n), np.uint64(key & _M64))
        return dst.copy_to_host()[:n]
