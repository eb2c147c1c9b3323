"""CPU kernels: forward, backward, losses, optimizer steps and whole training epochs, compiled by Numba.

Everything works on flat float64 buffers laid out by `layout.build_layout`. A training call runs many
epochs inside one compiled function, so Python is not in the per-batch loop. All functions release the
GIL (`nogil=True`) so a GUI thread keeps running while a worker trains.
"""

import math
import warnings

import numba.experimental.function_type  # noqa: F401 (Numba's first-class functions, which _function_at makes)
import numpy as np
from numba import njit, types
from numba.core import cgutils
from numba.core.errors import NumbaExperimentalFeatureWarning
from numba.extending import intrinsic

from . import codes as C
from . import maths
from .exact import fma, pow2
from .gemm import dense_backward, dense_forward
from .simd import LANES, vadd, vbroadcast, vfma, vlane, vload, vsplat, vstore, vtanh, vzero

# No fast-math anywhere: every sum is added in the order the source gives and every fused multiply-add is
# asked for by name (kernels/exact.py), so a seed trains to the same bits on every x86-64 CPU whatever its
# vector width.
JIT = dict(nogil=True, cache=True)
# Few signatures (compile time, issue 13): each distinct signature of what Numba implements in Python (np.zeros,
# np.empty, np.full, np.arange, min, max, int) is a function of its own, compiled before the first kernel that
# uses it (0.02-0.05 s each, cold, on a 2-core machine). So the kernels keep to float64 np.zeros in one and two
# dimensions, np.zeros(k, dtype=np.uint64), np.arange of int64 and min of two ints; a maximum is written
# `b if b > a else a`, which is what max(a, b) computes (a NaN included).
EVAL_CHUNK = 256
# Dense layers at least this wide on both sides go through the register-tiled gemm.matmul (same bits as
# the plain loops, several times faster); narrower ones keep the plain loops, which win there. The tiled
# code is compiled only for networks that have such a layer: every kernel below takes `wide`, None or
# WIDE, and `wide is None` prunes the tiled branches before Numba types them (a first start with the
# default network does not wait for gemm's compile, seconds on a 2-core machine).
TILE_MIN = 16
WIDE = np.zeros(0, dtype=np.int64)


def wide_switch(table) -> np.ndarray | None:
    """WIDE when a dense layer of the table has fan-in and units >= TILE_MIN, else None."""
    dense = table[:, C.COL_KIND] == C.DENSE
    big = (table[:, C.COL_FAN_IN] >= TILE_MIN) & (table[:, C.COL_UNITS] >= TILE_MIN)
    return WIDE if bool(np.any(dense & big)) else None


# ---------------------------------------------------------------- random numbers (splitmix64)
@njit(**JIT)
def next_u64(state):
    """Advance a splitmix64 state held in state[0] and return the next 64 random bits."""
    s, z = M.splitmix64(state[0])
    state[0] = s
    return z


@njit(**JIT)
def uniform(state):
    """A float64 in [0, 1) from the top 53 bits."""
    return M.unit_interval(next_u64(state))


@njit(**JIT)
def shuffle(idx, state):
    """Fisher-Yates shuffle in place."""
    for i in range(idx.shape[0] - 1, 0, -1):
        j = int(uniform(state) * (i + 1))
        t = idx[i]
        idx[i] = idx[j]
        idx[j] = t


# ---------------------------------------------------------------- activations
@njit(inline="always", **JIT)
def tanh(z):
    """tanh in branch-free arithmetic that vectorises (about 2 ns instead of libm's 15); error below 4e-16.

    t = exp(-2|z|) by range reduction and a degree-13 polynomial, 1/(1 + t) by Newton's iteration, and a
    short series near 0 so small inputs keep their relative precision.
    """
    x = -2.0 * abs(z)
    x = -40.0 if -40.0 > x else x  # noqa: FURB136 (max(x, -40.0), see 'Few signatures'); exp(-40) rounds tanh to +-1
    kf = np.floor(x * 1.4426950408889634 + 0.5)
    r = (x - kf * 6.93147180369123816490e-01) - kf * 1.90821492927058770002e-10
    p = fma(r, 1 / 479001600, 1 / 39916800)  # Horner's rule in fused steps, written out so it vectorises
    p = fma(p, r, 1 / 3628800)
    p = fma(p, r, 1 / 362880)
    p = fma(p, r, 1 / 40320)
    p = fma(p, r, 1 / 5040)
    p = fma(p, r, 1 / 720)
    p = fma(p, r, 1 / 120)
    p = fma(p, r, 1 / 24)
    p = fma(p, r, 1 / 6)
    p = fma(p, r, 0.5)
    p = fma(p, r, 1.0)
    p = fma(p, r, 1.0)
    t = p * pow2(np.int64(kf))  # kf is -58..0: 2**kf exactly, from its exponent bits
    d = 0.5 + 0.5 * t  # (1 + t) / 2 in [0.5, 1]
    q = 48.0 / 17.0 - 32.0 / 17.0 * d
    q = q * (2.0 - d * q)
    q = q * (2.0 - d * q)
    q = q * (2.0 - d * q)
    q = q * (2.0 - d * q)
    v = (1.0 - t) * (0.5 * q)
    a = abs(z)
    if a < 0.02:
        a2 = a * a
        v = a * (1.0 - a2 * (1.0 / 3.0 - a2 * (2.0 / 15.0 - a2 * (17.0 / 315.0))))
    return v if z >= 0.0 else -v


M = maths.cpu_functions(tanh)  # the maths of kernels/maths.py, compiled for here with this tanh


@njit(inline="always", **JIT)  # a call of maths' own compiled function (see maths.CPU_APART)
def act_f(code, z, alpha):
    """The activation's value at z (alpha is the PReLU slope, unused by the others)."""
    return M.act_value(code, z, alpha)


@njit(inline="always", **JIT)
def act_d(code, z, a, alpha):
    """d act / d z at z, given the value a = act(z); kinks follow PyTorch's autograd."""
    return M.act_slope(code, z, a, alpha)


# ---------------------------------------------------------------- kernels compiled on first use
# What the default network does not run is compiled the first time a network needs it, not with every
# kernel (issue 13): maxout and dropout layers, the multi-class losses, the activations without loops of
# their own, and each optimizer's rule (maths.STEP_RULES). Typed into forward, backward, loss_batch and
# step_layers they were about 2.3 s of a cold first train() of the default network (8.6 -> 6.4 s on a
# 2-core machine). The kernels call them through their addresses, which lazy_kernels() hands them in an
# int64 array, as Numba first-class functions (the *_AT intrinsics): a call per layer and batch (per
# unit for the slopes) costs nothing measurable, and the loops are the same, so are the bits. The calls
# use Numba's own calling convention: an exception propagates as from any other call.
# Numba calls the feature experimental (in Numba since 0.49) and says so at every compile that uses it
warnings.filterwarnings(
    "ignore", ".*First-class function type feature is experimental", NumbaExperimentalFeatureWarning
)


@njit(**JIT)
def maxout_layer(backward, A, Z, D, params, grads, cnt, fan_in, units, pieces, io, oo, zo, wo, bo, inputs):
    """A maxout layer's forward pass (A: each unit's best piece, Z: its index) or, with backward, its
    gradients from dL/d(output) in D into grads and, with inputs, dL/d(input) into D."""
    if not backward:
        for j in range(units):
            for b in range(cnt):
                best = -np.inf
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
        return
    if inputs:
        for i in range(fan_in):
            for b in range(cnt):
                D[io + i, b] = 0.0
    for j in range(units):
        for b in range(cnt):
            g = D[oo + j, b]
            k = int(Z[zo + j, b])
            grads[bo + j * pieces + k] += g
            for i in range(fan_in):
                w = wo + (i * units + j) * pieces + k
                grads[w] += A[io + i, b] * g
                if inputs:
                    D[io + i, b] += params[w] * g


@njit(**JIT)
def dropout_layer(A, Z, cnt, units, io, oo, zo, rate, training, rng):
    """A dropout layer's forward pass: Z its masks (0 or 1/(1 - rate), drawn from rng when training, else
    1), A its inputs times them. (Its backward pass is one product, left in backward.)"""
    keep = 1.0 / (1.0 - rate)
    for j in range(units):
        for b in range(cnt):
            m = 1.0
            if training and rate > 0.0:
                m = 0.0 if uniform(rng) < rate else keep
            Z[zo + j, b] = m
            A[oo + j, b] = A[io + j, b] * m


@njit(**JIT)
def multi_class_rows(A, D, Y, rows, start, cnt, out, n_out, loss, want_grad):
    """loss_batch for n_out > 1 class scores."""
    total = 0.0
    correct = 0
    scale = 1.0 / cnt
    for b in range(cnt):
        y = Y[rows[start + b]]
        total, hit = M.multi_class_loss(loss, A, D, out, b, n_out, y, total, want_grad, scale)
        correct += hit
    return total, correct


@njit(**JIT)
def activation_values(act, Z, A, params, cnt, units, zo, oo, ao):
    """A dense layer's outputs A[oo + j, :cnt] = act(Z[zo + j, :cnt]) for an activation other than tanh,
    ReLU and linear (those have their own loops in forward); PReLU's slopes from params[ao:]."""
    for j in range(units):
        alpha = params[ao + j] if ao >= 0 else 0.0
        zr = Z[zo + j]
        out = A[oo + j]
        for b in range(cnt):
            out[b] = act_f(act, zr[b], alpha)


@njit(**JIT)
def activation_slopes(act, dr, zr, ar, alpha, cnt):
    """dr[:cnt] times act's slope at zr (values ar), for one unit and an activation other than tanh, ReLU
    and linear (see backward)."""
    for b in range(cnt):
        dr[b] = dr[b] * act_d(act, zr[b], ar[b], alpha)


_M = types.float64[:, ::1]
_V = types.float64[::1]
_I = types.int64
MAXOUT_SIG = types.void(types.boolean, _M, _M, _M, _V, _V, *(_I,) * 9, types.boolean)
DROPOUT_SIG = types.void(_M, _M, _I, _I, _I, _I, _I, types.float64, types.boolean, types.uint64[::1])
# maths' optimizer rules, (opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi): the same way, only the
# network's own is compiled (the nine in one kernel were ~0.5 s of a cold first train(); issue 13)
STEP_SIG = types.void(_I, *(types.float64,) * 6, _V, _V, _V, _V, _I, _I)
# and the multi-class losses (~0.6 s of it; the default network has one score)
MULTI_CLASS_SIG = types.Tuple((types.float64, _I))(_M, _M, _V, types.int64[::1], *(_I,) * 5, types.boolean)
# and the activations without loops of their own (~0.6 s: twelve formulas, values and slopes)
VALUES_SIG = types.void(_I, _M, _M, _V, *(_I,) * 5)
SLOPES_SIG = types.void(_I, _V, _V, _V, types.float64, _I)


def _function_at(sig):
    """An intrinsic: the first-class function of signature sig whose compiled code (Numba's calling
    convention, so that an exception propagates) is at the int64 address it is given."""
    fnty = types.FunctionType(sig)

    @intrinsic
    def function_at(typingctx, address):
        def codegen(context, builder, signature, args):
            f = cgutils.create_struct_proxy(fnty)(context, builder)
            null = context.get_constant_null(types.voidptr)
            f.c_addr, f.py_addr = null, null  # never read: the call takes jit_addr when it is not null
            f.jit_addr = builder.inttoptr(args[0], context.get_value_type(types.voidptr))
            return f._getvalue()

        return fnty(types.int64), codegen

    return function_at


class LazyKernel:
    """A kernel that the others call through its address: compiled (or loaded from Numba's cache) for its
    one signature when the address is first asked for."""

    def __init__(self, fn, sig):
        self.fn, self.sig, self._address = fn, sig, 0

    def compile(self) -> int:
        """The address of the compiled code (Numba's calling convention)."""
        if not self._address:
            # by its argument types, as a call from another kernel compiles it: Numba's cache files an
            # overload under what compile() was given, and a signature with its return type is another
            # entry (the second process then compiled it again)
            self.fn.compile(self.sig.args)
            cres = self.fn.overloads[self.sig.args]
            self._address = cres.library.get_pointer_to_function(cres.fndesc.llvm_func_name)
        return self._address


MAXOUT_AT, DROPOUT_AT, STEP_AT, MULTI_CLASS_AT, VALUES_AT, SLOPES_AT = (
    _function_at(sig) for sig in (MAXOUT_SIG, DROPOUT_SIG, STEP_SIG, MULTI_CLASS_SIG, VALUES_SIG, SLOPES_SIG))
LAYER_KERNELS = (LazyKernel(maxout_layer, MAXOUT_SIG), LazyKernel(dropout_layer, DROPOUT_SIG))
MULTI_CLASS_KERNEL = LazyKernel(multi_class_rows, MULTI_CLASS_SIG)
ACTIVATION_KERNELS = (LazyKernel(activation_values, VALUES_SIG), LazyKernel(activation_slopes, SLOPES_SIG))
_STEP_KERNELS = {}  # maths' rule name -> its LazyKernel, made when first asked for
_LAZY = {}  # (table's bytes, opt, backward, plain, forward) -> lazy_kernels' array
N_LAZY = 10  # its length


def step_kernel(opt) -> LazyKernel:
    """The LazyKernel of optimizer code opt's rule (maths.STEP_RULES; a code without one writes NaN)."""
    name = maths.STEP_RULES.get(int(opt), "unknown_step")
    if name not in _STEP_KERNELS:
        _STEP_KERNELS[name] = LazyKernel(getattr(M, name), STEP_SIG)
    return _STEP_KERNELS[name]


def lazy_kernels(table, opt=None, backward=False, plain=False, forward=True) -> np.ndarray:
    """The `lazy` argument of the kernels: the addresses (int64) of the maxout and dropout layers, the
    optimizer rule, the multi-class loss, the activations' values and slopes, each compiled now if it is
    not yet, in that order (the *_AT intrinsics make them functions again). The layers' where the table
    has a layer of the kind, the rule of optimizer `opt` unless it is None (for kernels that do not
    train), the loss's where the output layer (the table's last row) has several units, the activations'
    where a dense layer has one other than tanh, ReLU and linear; 0 for the others, which a kernel for
    this table never calls. Then forward's and backward's: slots 6 and 7 the plain variants (wide None),
    8 and 9 the tiled ones (WIDE), for the table's wide_switch() or, with plain, the plain ones too
    (backprop_point runs them); backward's only with backward; neither without forward (train_epochs
    calls them directly). One array per table and arguments, made once (a call's overhead stays that of a
    NumPy array argument)."""
    key = (table.tobytes(), None if opt is None else int(opt), backward, plain, forward)
    out = _LAZY.get(key)
    if out is None:
        kinds = table[:, C.COL_KIND]
        acts = table[kinds == C.DENSE, C.COL_ACT]
        other = bool(np.any((acts != C.TANH) & (acts != C.RELU) & (acts != C.LINEAR)))
        wanted = (
            (LAYER_KERNELS[0], bool(np.any(kinds == C.MAXOUT))),
            (LAYER_KERNELS[1], bool(np.any(kinds == C.DROPOUT))),
            (None if opt is None else step_kernel(opt), opt is not None),
            (MULTI_CLASS_KERNEL, table[-1, C.COL_UNITS] != 1),
            (ACTIVATION_KERNELS[0], other),
            (ACTIVATION_KERNELS[1], other),
        )
        tiled = wide_switch(table) is not None
        wanted += (
            (FORWARD_KERNELS[0], forward and (plain or not tiled)),
            (BACKWARD_KERNELS[0], forward and backward and (plain or not tiled)),
            (FORWARD_KERNELS[1], forward and tiled),
            (BACKWARD_KERNELS[1], forward and backward and tiled),
        )
        out = np.array([kernel.compile() if use else 0 for kernel, use in wanted], dtype=np.int64)
        out.flags.writeable = False
        _LAZY[key] = out
    return out


# ---------------------------------------------------------------- forward and backward
# A, Z and D are (width, capacity) buffers: one row per activation column (the features, then every
# layer's outputs), one column per sample of the batch, so the loops over a batch run over contiguous
# memory and vectorise.
#
# A loop of 10 samples (TFP's default batch) is shorter than one pass of LLVM's vectorised body (vector
# width x unroll), so it ran entirely in the scalar remainder (tanh at libm's speed). Element-wise loops
# (a dense layer's products and activation, its f'(z) and input gradient) therefore run over whole
# vectors into the buffers' spare columns: each column depends on that column alone and every sum over
# the batch still stops at cnt, so the spare columns' values (stale or zero, never read) change no bit.
# Dropout's masks and maxout stay at cnt: they draw random numbers or are not vectorised.
PAD = 16


@njit(inline="always", **JIT)
def padded(cnt, P, Q):
    """cnt rounded up to a multiple of PAD, at most the capacity (columns) of the buffers P and Q."""
    return min(min(P.shape[1], Q.shape[1]), (cnt + PAD - 1) // PAD * PAD)  # a min of two: see 'Few signatures'


@njit(**JIT)
def forward(X, rows, start, cnt, table, rates, params, A, Z, training, rng, wide, T, lazy):
    """Forward cnt samples X[rows[start:start+cnt]] through every layer into A (outputs) and Z.

    Z holds dense pre-activations, maxout arg-max pieces and dropout masks (0 or 1/(1-rate)).
    A dense layer's own arithmetic runs over `pad` columns, cnt rounded up to whole vectors within the
    buffers' capacity (see padded()); a short batch's sums run along the units (units_forward, scratch T).
    lazy: lazy_kernels(table), which run the maxout and dropout layers.
    """
    n_in = X.shape[1]
    pad = padded(cnt, A, Z)
    ca, cz = A.shape[1], Z.shape[1]
    block = ca == pad and cz == pad  # a layer's rows of A and of Z are then each one run of memory
    af, zf = A.reshape(A.size), Z.reshape(Z.size)
    for b in range(cnt):
        r = rows[start + b]
        for i in range(n_in):
            A[i, b] = X[r, i]
    for l in range(table.shape[0]):
        kind = table[l, C.COL_KIND]
        fan_in = table[l, C.COL_FAN_IN]
        units = table[l, C.COL_UNITS]
        io = table[l, C.COL_IN]
        oo = table[l, C.COL_OUT]
        zo = table[l, C.COL_Z]
        wo = table[l, C.COL_W]
        bo = table[l, C.COL_B]
        if kind == C.DENSE:
            act = table[l, C.COL_ACT]
            ao = table[l, C.COL_ALPHA]
            summed = False  # whether Z already holds the layer's sums
            if wide is not None and fan_in >= TILE_MIN and units >= TILE_MIN:
                summed = True
                dense_forward(A, Z, params, cnt, fan_in, units, io, zo, wo, bo)
            elif cnt < SHORT:
                summed = True
                units_forward(A, Z, params, cnt, fan_in, units, io, zo, wo, bo, T)
            if not summed:  # the plain loops: the bias, then four inputs per pass over the columns
                for j in range(units):
                    zr = Z[zo + j]
                    bias = params[bo + j]
                    for b in range(pad):
                        zr[b] = bias
                    i = 0
                    while i + 4 <= fan_in:  # four inputs per pass: fewer loads and stores of zr
                        w = wo + i * units + j
                        w0, w1, w2, w3 = params[w], params[w + units], params[w + 2 * units], params[w + 3 * units]
                        a0, a1, a2, a3 = A[io + i], A[io + i + 1], A[io + i + 2], A[io + i + 3]
                        for b in range(pad):
                            zr[b] = fma(w3, a3[b], fma(w2, a2[b], fma(w1, a1[b], fma(w0, a0[b], zr[b]))))
                        i += 4
                    for i in range(i, fan_in):
                        w = params[wo + i * units + j]
                        ar = A[io + i]
                        for b in range(pad):
                            zr[b] = fma(w, ar[b], zr[b])
            # The activation over the whole layer, every unit's columns as one run where the rows are
            # back to back (the spare columns too): one long loop keeps several independent vectors of
            # tanh in flight, where a row of 16 columns waited on one dependent chain.
            nb, rows = (units * pad, 1) if block else (pad, units)
            for j in range(rows):
                zr = zf[(zo + j) * cz : (zo + j) * cz + nb]
                out = af[(oo + j) * ca : (oo + j) * ca + nb]
                if act == C.TANH:  # eight lanes at a time (vtanh: cpu.tanh's bits, in zmm registers), the rest one by one
                    b = 0
                    while b + LANES <= nb:
                        vstore(af, (oo + j) * ca + b, vtanh(vload(zf, (zo + j) * cz + b)))
                        b += LANES
                    for b in range(b, nb):
                        out[b] = tanh(zr[b])
                elif act == C.RELU:  # act_f's formulas in their own loops: no call per sample
                    for b in range(nb):
                        z = zr[b]
                        out[b] = z if z > 0.0 else 0.0
                elif act == C.LINEAR:
                    for b in range(nb):
                        out[b] = zr[b]
            if act != C.TANH and act != C.RELU and act != C.LINEAR:  # the others' values: lazy[4]
                VALUES_AT(lazy[4])(act, Z, A, params, cnt, units, zo, oo, ao)
        elif kind == C.MAXOUT:  # A for D and params for grads: the forward pass reads neither
            MAXOUT_AT(lazy[0])(False, A, Z, A, params, params, cnt, fan_in, units, table[l, C.COL_PIECES], io, oo, zo,
                      wo, bo, False)
        else:
            DROPOUT_AT(lazy[1])(A, Z, cnt, units, io, oo, zo, rates[l], training, rng)


@njit(**JIT)
def loss_batch(A, D, Y, rows, start, cnt, out, n_out, loss, want_grad, lazy):
    """Sum of per-sample losses and correct predictions; with want_grad, dL/dscore of the batch mean into D.
    Several scores (a multi-class loss) go through lazy[3], multi_class_rows."""
    if n_out != 1:
        return MULTI_CLASS_AT(lazy[3])(A, D, Y, rows, start, cnt, out, n_out, loss, want_grad)
    total = 0.0
    correct = 0
    scale = 1.0 / cnt
    for b in range(cnt):
        y = Y[rows[start + b]]
        total, hit = M.single_score_loss(loss, A, D, out, b, y, total, want_grad, scale)
        correct += hit
    return total, correct


def loss_rows(A, D, Y, rows, start, cnt, out, n_out, loss, want_grad):
    """loss_batch called from Python (with the multi-class kernel, compiled now if it is not yet)."""
    lazy = np.zeros(N_LAZY, dtype=np.int64)
    if n_out != 1:
        lazy[3] = MULTI_CLASS_KERNEL.compile()
    lazy.flags.writeable = False  # as lazy_kernels' arrays: the same specialisation of loss_batch
    return loss_batch(A, D, Y, rows, start, cnt, out, n_out, loss, want_grad, lazy)


# Short batches (fewer than SHORT samples, e.g. TFP's 10) run a plain dense layer's sums along its units
# instead: loops over 10 columns ran in LLVM's scalar remainder, one short loop per unit and input. There
# eight units (or inputs) are the lanes of one vector (kernels/simd.py) and a sample's whole chain stays in
# registers; every lane does the scalar loops' operations in their order, so the bits are the same. The
# weight and bias gradients (unit_sums) go along the units for every batch size: the chains over the
# batch are sequential (no reassociation), so eight of them side by side beat one per unit and input.
SHORT = 16


@njit(inline="always", **JIT)
def scratch_size(table, cap):
    """The size of scratch(table, cap): LANES * (cap + largest fan-in + 1 + LANES)."""
    m = 0
    for l in range(table.shape[0]):
        f = table[l, C.COL_FAN_IN]
        m = f if f > m else m  # noqa: FURB136 (max(m, f), see 'Few signatures')
    return LANES * (cap + m + 1 + LANES)


@njit(inline="always", **JIT)
def scratch(table, cap):
    """Zeros for unit_sums, unit_inputs and units_forward (scratch_size(table, cap) of them)."""
    return np.zeros(scratch_size(table, cap))


@njit(inline="always", **JIT)
def store_column(M, r, c, v, n):
    """M[r + k, c] = lane k of v for k < n (LANES constant steps, so each lane is taken out by a register
    shuffle rather than through memory)."""
    for k in range(LANES):
        if k < n:
            M[r + k, c] = vlane(v, k)


@njit(inline="always", **JIT)
def add_lanes(G, w, v, n):
    """G[w + k] += lane k of v for k < n (one vector load, add and store when n is LANES)."""
    if n == LANES:
        vstore(G, w, vadd(vload(G, w), v))
    else:
        for k in range(LANES):
            if k < n:
                G[w + k] += vlane(v, k)


@njit(inline="always", **JIT)
def units_forward(A, Z, params, cnt, fan_in, units, io, zo, wo, bo, T):
    """A plain dense layer's pre-activations Z[zo + j, b] = bias_j, then fma(w_ij, a_i[b], .) over the
    inputs i in order, for b < cnt: eight units a vector, two samples a pass (see SHORT). Z's spare
    columns (cnt to the padded width) keep what they held: like every spare column, never read into a sum.

    T (LANES * (fan_in + 1) floats) receives the group's biases and weights, eight to a row; lanes past
    the layer's units hold whatever was there and are never stored.
    """
    for j0 in range(0, units, LANES):
        lanes = min(LANES, units - j0)
        for k in range(lanes):
            T[k] = params[bo + j0 + k]
        for i in range(fan_in):
            w = wo + i * units + j0
            for k in range(lanes):
                T[(i + 1) * LANES + k] = params[w + k]
        for b in range(0, cnt, 2):  # two samples per pass: two independent chains
            b1 = min(b + 1, cnt - 1)  # an odd batch's last sample twice (the same bits twice)
            z0 = z1 = vload(T, 0)
            for i in range(fan_in):
                w = vload(T, (i + 1) * LANES)
                z0 = vfma(vsplat(A[io + i, b]), w, z0)
                z1 = vfma(vsplat(A[io + i, b1]), w, z1)
            store_column(Z, zo + j0, b, z0, lanes)
            store_column(Z, zo + j0, b1, z1, lanes)


@njit(inline="always", **JIT)
def unit_sums(A, D, grads, cnt, fan_in, units, io, oo, wo, bo, T):
    """A plain dense layer's bias and weight gradients from its dL/dz rows D[oo:oo + units, :cnt].

    Each gradient is one chain from zero over the batch, strictly from sample 0 to cnt - 1 (no partial
    sums whose number a compiler could pick by vector width), then added to grads: the bias's
    gb += d[b], a weight's g = fma(x[b], d[b], g). Eight units' chains run side by side as the lanes of
    one vector, so a layer's sums are fan_in + 1 vector chains instead of units * (fan_in + 1) scalar
    ones, each lane the same operations in the same order: the same bits.
    T (at least LANES * cnt floats) receives the units' dL/dz sample by sample, eight to a row (lanes past
    the layer: whatever was there, never stored); with units <= LANES unit_inputs reads it next.
    """
    for j0 in range(0, units, LANES):
        lanes = min(LANES, units - j0)
        for k in range(lanes):
            for b in range(cnt):
                T[b * LANES + k] = D[oo + j0 + k, b]
        g = vzero()
        for b in range(cnt):
            g = vadd(g, vload(T, b * LANES))
        add_lanes(grads, bo + j0, g, lanes)
        for i in range(0, fan_in, 4):  # four inputs per pass: independent chains keep the FMA units busy
            n = min(4, fan_in - i)
            x0, x1 = io + i, io + min(i + 1, fan_in - 1)  # past the last input: a repeat, never stored
            x2, x3 = io + min(i + 2, fan_in - 1), io + min(i + 3, fan_in - 1)
            g0 = g1 = g2 = g3 = vzero()
            for b in range(cnt):
                d = vload(T, b * LANES)
                g0 = vfma(vsplat(A[x0, b]), d, g0)
                g1 = vfma(vsplat(A[x1, b]), d, g1)
                g2 = vfma(vsplat(A[x2, b]), d, g2)
                g3 = vfma(vsplat(A[x3, b]), d, g3)
            w = wo + i * units + j0
            add_lanes(grads, w, g0, lanes)
            if n > 1:
                add_lanes(grads, w + units, g1, lanes)
            if n > 2:
                add_lanes(grads, w + 2 * units, g2, lanes)
            if n > 3:
                add_lanes(grads, w + 3 * units, g3, lanes)


@njit(inline="always", **JIT)
def unit_inputs(D, params, cnt, fan_in, units, io, wo, T):
    """dL/d(input) D[io + i, b] = fma(w_ij, d_j[b], .) over the units j in order from zero, for b < cnt
    and a layer of at most LANES units whose dL/dz unit_sums left in T: eight inputs a vector.

    The weights of eight inputs go to T[LANES * D.shape[1]:], one unit to a row.
    """
    cd = D.shape[1]
    wt = LANES * cd
    for i0 in range(0, fan_in, LANES):
        li = min(LANES, fan_in - i0)
        for j in range(units):
            for k in range(li):
                T[wt + j * LANES + k] = params[wo + (i0 + k) * units + j]
        for b in range(0, cnt, 2):  # two samples per pass: two independent chains
            b1 = min(b + 1, cnt - 1)  # an odd batch's last sample twice (the same bits twice)
            p0 = p1 = vzero()
            for j in range(units):
                w = vload(T, wt + j * LANES)
                p0 = vfma(vbroadcast(T, b * LANES + j), w, p0)
                p1 = vfma(vbroadcast(T, b1 * LANES + j), w, p1)
            store_column(D, io + i0, b, p0, li)
            store_column(D, io + i0, b1, p1, li)


@njit(inline="always", **JIT)
def loss_grads(A, D, Y, rows, start, cnt, out, n_out, loss, lazy):
    """loss_batch(want_grad=True) for a training step, which needs only the gradient: a single score's
    dL/dscore is binary_loss's gradient times 1/cnt as sample_loss stores it, its loss (a log1p) never
    computed; several scores go through loss_batch itself."""
    if n_out != 1:
        loss_batch(A, D, Y, rows, start, cnt, out, n_out, loss, cnt >= 0, lazy)
        return
    scale = 1.0 / cnt
    for b in range(cnt):
        D[out, b] = M.binary_loss(loss, A[out, b], Y[rows[start + b]])[1] * scale


@njit(**JIT)
def backward(cnt, table, params, grads, A, Z, D, wide, T, lazy):
    """Parameter gradients into grads from dL/d(output) in D, walking the layers backwards: added to
    grads (zeros first), except a tiled layer's weights and biases, written (see zero_grads).

    Element-wise loops run over `pad` columns (see padded()); every sum over the batch stops at cnt.
    T: scratch of at least LANES * D.shape[1] floats (see unit_sums); lazy: as forward's.
    """
    pad = padded(cnt, A, D)
    ca, cz, cd = A.shape[1], Z.shape[1], D.shape[1]
    block = ca == pad and cz == pad and cd == pad  # a layer's rows are then one run of memory (see forward)
    af, zf, df = A.reshape(A.size), Z.reshape(Z.size), D.reshape(D.size)
    for l in range(table.shape[0] - 1, -1, -1):
        kind = table[l, C.COL_KIND]
        fan_in = table[l, C.COL_FAN_IN]
        units = table[l, C.COL_UNITS]
        io = table[l, C.COL_IN]
        oo = table[l, C.COL_OUT]
        zo = table[l, C.COL_Z]
        wo = table[l, C.COL_W]
        bo = table[l, C.COL_B]
        if kind == C.DENSE:
            act = table[l, C.COL_ACT]
            ao = table[l, C.COL_ALPHA]
            tiled = False
            if wide is not None and fan_in >= TILE_MIN and units >= TILE_MIN:
                tiled = True
            if act == C.TANH or act == C.RELU:  # the whole layer at once, as forward's activation
                nb, rows = (units * pad, 1) if block else (pad, units)
                for j in range(rows):
                    dr = df[(oo + j) * cd : (oo + j) * cd + nb]
                    if act == C.TANH:  # its own loop, so that it vectorises
                        ar = af[(oo + j) * ca : (oo + j) * ca + nb]
                        for b in range(nb):
                            dr[b] = dr[b] * (1.0 - ar[b] * ar[b])
                    else:  # act_d's formulas in their own loops: no call per sample
                        zr = zf[(zo + j) * cz : (zo + j) * cz + nb]
                        for b in range(nb):
                            dr[b] = dr[b] * (1.0 if zr[b] > 0.0 else 0.0)
            if ao >= 0 or (act != C.TANH and act != C.RELU and act != C.LINEAR):
                for j in range(units):
                    dr = D[oo + j]
                    zr = Z[zo + j]
                    ar = A[oo + j]
                    alpha = 0.0
                    if ao >= 0:
                        alpha = params[ao + j]
                        ga = 0.0
                        for b in range(cnt):
                            if zr[b] <= 0.0:
                                ga += dr[b] * zr[b]
                        grads[ao + j] += ga
                    if act != C.TANH and act != C.RELU and act != C.LINEAR:  # linear: d * 1.0 is d
                        SLOPES_AT(lazy[5])(act, dr, zr, ar, alpha, cnt)  # the others' slopes
            if not tiled:
                unit_sums(A, D, grads, cnt, fan_in, units, io, oo, wo, bo, T)
            if wide is not None and tiled:
                dense_backward(A, D, params, grads, cnt, fan_in, units, io, oo, wo, bo, l > 0)
            elif l > 0 and cnt < SHORT and units <= LANES:
                unit_inputs(D, params, cnt, fan_in, units, io, wo, T)
            elif l > 0:
                for i in range(fan_in):
                    pr = D[io + i]
                    for b in range(pad):
                        pr[b] = 0.0
                    j = 0
                    w = wo + i * units
                    while j + 4 <= units:  # four outputs per pass: fewer loads and stores of pr
                        w0, w1, w2, w3 = params[w + j], params[w + j + 1], params[w + j + 2], params[w + j + 3]
                        d0, d1, d2, d3 = D[oo + j], D[oo + j + 1], D[oo + j + 2], D[oo + j + 3]
                        for b in range(pad):
                            pr[b] = fma(w3, d3[b], fma(w2, d2[b], fma(w1, d1[b], fma(w0, d0[b], pr[b]))))
                        j += 4
                    for j in range(j, units):
                        wj = params[w + j]
                        dr = D[oo + j]
                        for b in range(pad):
                            pr[b] = fma(wj, dr[b], pr[b])
        elif kind == C.MAXOUT:
            MAXOUT_AT(lazy[0])(True, A, Z, D, params, grads, cnt, fan_in, units, table[l, C.COL_PIECES], io, oo, zo, wo,
                      bo, l > 0)
        elif l > 0:  # dropout: the mask's
            for j in range(units):
                for b in range(cnt):
                    D[io + j, b] = D[oo + j, b] * Z[zo + j, b]


@njit(**JIT)
def penalty(params, grads, regmask, reg_kind, reg_rate, want_grad):
    """The L1/L2 penalty over the weights (regmask), its gradient added to grads."""
    total = 0.0
    if reg_kind == C.REG_NONE or reg_rate == 0.0:
        return 0.0
    for p in range(params.shape[0]):
        if regmask[p] == 0.0:
            continue
        w = params[p]
        if reg_kind == C.REG_L1:
            total += abs(w)
            if want_grad:
                grads[p] += reg_rate * (1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0))
        else:
            total += 0.5 * w * w
            if want_grad:
                grads[p] += reg_rate * w
    return reg_rate * total


@njit(inline="always", **JIT)
def zero_grads(table, grads, wide):
    """grads[:] = 0.0 before a training step's backward(), but for what gemm.dense_backward writes whole:
    a tiled layer's weights and biases (its PReLU slopes, if any, are still summed into zeros). A wide
    network's gradients are megabytes: zeroing them cost about 3 % of an epoch."""
    if wide is None:
        grads[:] = 0.0
    else:
        for l in range(table.shape[0]):
            kind, units = table[l, C.COL_KIND], table[l, C.COL_UNITS]
            if kind != C.DROPOUT:
                lo = table[l, C.COL_W]
                if kind == C.DENSE and table[l, C.COL_FAN_IN] >= TILE_MIN and units >= TILE_MIN:
                    lo = table[l, C.COL_B] + units
                grads[lo : table[l, C.COL_END]] = 0.0


@njit(inline="always", **JIT)
def sum_squares(G, lo, hi):
    """sum of G[p]**2 for lo <= p < hi, in a fixed order that does not depend on the CPU: four eight-lane
    chains of fused multiply-adds over blocks of 32 (lane k of chain c takes p = lo + 32 i + 8 c + k), the
    four chains added pairwise, the lanes added from 0 to 7, then the last hi - lo mod 32 squares one by
    one. One scalar chain waited four cycles an addition: 0.7 ms an epoch for 460,000 gradients (issue 13)."""
    a0 = a1 = a2 = a3 = vzero()
    p = lo
    while p + 4 * LANES <= hi:
        g0, g1 = vload(G, p), vload(G, p + LANES)
        g2, g3 = vload(G, p + 2 * LANES), vload(G, p + 3 * LANES)
        a0, a1 = vfma(g0, g0, a0), vfma(g1, g1, a1)
        a2, a3 = vfma(g2, g2, a2), vfma(g3, g3, a3)
        p += 4 * LANES
    a = vadd(vadd(a0, a1), vadd(a2, a3))
    s = 0.0
    for k in range(LANES):
        s += vlane(a, k)
    for q in range(p, hi):
        s = fma(G[q], G[q], s)
    return s


# forward and backward are called by address too (lazy_kernels' slots 6 to 9), so that the entry kernels
# below (evaluate, activation_rows, loss_and_grads, ...) do not each link them in: LLVM optimised and
# emitted the two of them again inside every kernel that called them (~0.5 s each time, cold; a first
# frame 3.5 -> 2.9 s). Except train_epochs: called by address there, a batch of 10 trained ~10% slower
# (LLVM no longer optimises them together with the loop that calls them, and the arguments are many).
_T2 = types.int64[:, ::1]
_LZ = types.Array(types.int64, 1, "C", readonly=True)


def _forward_sig(wide):
    return types.void(_M, types.int64[::1], _I, _I, _T2, _V, _V, _M, _M, types.boolean, types.uint64[::1], wide,
                      _V, _LZ)


def _backward_sig(wide):
    return types.void(_I, _T2, _V, _V, _M, _M, _M, wide, _V, _LZ)


PLAIN, TILED = types.none, types.int64[::1]  # the two types of `wide`: None and WIDE
FORWARD_KERNELS = (LazyKernel(forward, _forward_sig(PLAIN)), LazyKernel(forward, _forward_sig(TILED)))
BACKWARD_KERNELS = (LazyKernel(backward, _backward_sig(PLAIN)), LazyKernel(backward, _backward_sig(TILED)))
PLAIN_FORWARD_AT, TILED_FORWARD_AT = _function_at(_forward_sig(PLAIN)), _function_at(_forward_sig(TILED))
PLAIN_BACKWARD_AT, TILED_BACKWARD_AT = _function_at(_backward_sig(PLAIN)), _function_at(_backward_sig(TILED))


@njit(**JIT)
def run_forward(X, rows, start, cnt, table, rates, params, A, Z, training, rng, wide, T, lazy):
    """forward(...), called by its address in lazy (the plain or the tiled variant, as wide says).

    Numba prunes the tiled branch where wide is None, not the plain one where it is WIDE: that one is
    typed too (with None, so that it types) and never taken.
    """
    if wide is not None:
        if lazy[8] == 0:
            raise ValueError("lazy_kernels() was not asked for the tiled forward pass")
        TILED_FORWARD_AT(lazy[8])(X, rows, start, cnt, table, rates, params, A, Z, training, rng, wide, T, lazy)
    else:
        if lazy[6] == 0:
            raise ValueError("lazy_kernels() was not asked for the plain forward pass")
        PLAIN_FORWARD_AT(lazy[6])(X, rows, start, cnt, table, rates, params, A, Z, training, rng, None, T, lazy)


@njit(**JIT)
def run_backward(cnt, table, params, grads, A, Z, D, wide, T, lazy):
    """backward(...), called by its address in lazy (as run_forward)."""
    if wide is not None:
        if lazy[9] == 0:
            raise ValueError("lazy_kernels() was not asked for the tiled backward pass")
        TILED_BACKWARD_AT(lazy[9])(cnt, table, params, grads, A, Z, D, wide, T, lazy)
    else:
        if lazy[7] == 0:
            raise ValueError("lazy_kernels() was not asked for the plain backward pass")
        PLAIN_BACKWARD_AT(lazy[7])(cnt, table, params, grads, A, Z, D, None, T, lazy)


# ---------------------------------------------------------------- optimizers
@njit(**JIT)
def step_layers(table, params, grads, opt, hp, s1, s2, steps, lazy):
    """One torch.optim-equivalent step over every unfrozen layer; steps[l] = (count, nadam mu product).
    The rule itself is lazy[2], step_kernel(opt)."""
    for l in range(table.shape[0]):
        if table[l, C.COL_KIND] == C.DROPOUT or table[l, C.COL_FROZEN] != 0:
            continue
        steps[l, 0] += 1.0
        k, prod = M.layer_coefs(opt, hp, steps[l, 0], steps[l, 1])
        steps[l, 1] = prod
        c0, c1, c2, d1, d2, eps = k
        STEP_AT(lazy[2])(opt, c0, c1, c2, d1, d2, eps, params, grads, s1, s2, table[l, C.COL_W], table[l, C.COL_END])


def optimizer_step(table, params, grads, opt, hp, s1, s2, steps) -> None:
    """step_layers with the rule of optimizer `opt` (compiled now if it is not yet)."""
    step_layers(table, params, grads, int(opt), hp, s1, s2, steps, lazy_kernels(table, opt, forward=False))


# ---------------------------------------------------------------- whole passes
@njit(inline="always", **JIT)  # typed into evaluate and train_epochs: not one more kernel to link
def evaluate_with(X, Y, table, rates, params, n_out, loss, wide, A, Z, rows, T, rng, lazy, fwd):
    """evaluate() in the buffers A, Z (width, EVAL_CHUNK), rows (0, 1, 2, ... at least X's rows), T (scratch()).
    rng: any uint64 array (dropout is off: forward never draws from it; train_epochs passes its own, so that
    it needs no np.zeros of uint64, see 'Few signatures'). fwd: forward itself (train_epochs, which links it
    in) or run_forward (evaluate).

    Chunks of EVAL_CHUNK rows, each chunk's losses summed from zero and then added to the total, as
    evaluate() always did. A and Z may hold anything in the spare columns (see padded()).
    """
    n = X.shape[0]
    out = table[table.shape[0] - 1, C.COL_OUT]
    off = n < 0  # non-literal flags: one Numba specialisation serves every caller
    total = 0.0
    correct = 0
    for start in range(0, n, EVAL_CHUNK):
        cnt = min(EVAL_CHUNK, n - start)
        fwd(X, rows, start, cnt, table, rates, params, A, Z, off, rng, wide, T, lazy)
        t, c = loss_batch(A, A, Y, rows, start, cnt, out, n_out, loss, off, lazy)
        total += t
        correct += c
    return total / n, correct / n


@njit(**JIT)
def evaluate(X, Y, table, rates, params, n_out, loss, width, wide, lazy):
    """(mean data loss, accuracy) over all rows of X, dropout off."""
    A = np.zeros((width, EVAL_CHUNK))  # zeros: the padded loops and the tiles read the spare columns
    Z = np.zeros((width, EVAL_CHUNK))
    rng = np.zeros(1, dtype=np.uint64)  # dropout is off: never drawn from
    return evaluate_with(X, Y, table, rates, params, n_out, loss, wide, A, Z, np.arange(X.shape[0]),
                         scratch(table, 0), rng, lazy, run_forward)


@njit(**JIT)
def loss_and_grads(X, Y, table, rates, params, grads, regmask, reg_kind, reg_rate, n_out, loss, width,
                   training, rng, Z, wide, lazy):
    """Mean loss (penalty included) of all rows of X as one batch; gradients into grads.

    With training, dropout draws its masks from rng; Z (width, n) receives every layer's pre-activations,
    maxout arg-max pieces and dropout masks (mask = 0 or 1/(1-rate)).
    """
    n = X.shape[0]
    A = np.zeros((width, n))  # zeros rather than np.empty: one signature fewer (see 'Few signatures')
    D = np.zeros((width, n))
    rows = np.arange(n)
    out = table[table.shape[0] - 1, C.COL_OUT]
    on, zero = n >= 0, n * 0  # non-literal, see evaluate_with()
    grads[:] = 0.0
    T = scratch(table, n)
    run_forward(X, rows, zero, n, table, rates, params, A, Z, training, rng, wide, T, lazy)
    total, _ = loss_batch(A, D, Y, rows, zero, n, out, n_out, loss, on, lazy)
    run_backward(n, table, params, grads, A, Z, D, wide, T, lazy)
    return total / n + penalty(params, grads, regmask, reg_kind, reg_rate, on)


@njit(**JIT)
def all_outputs(X, table, rates, params, width, wide, lazy):
    """Every column of the activation buffer (features, each layer's output) for every row of X."""
    n = X.shape[0]
    out = np.empty((n, width))
    A = np.zeros((width, EVAL_CHUNK))  # zeros: the padded loops and the tiles read the spare columns
    Z = np.zeros((width, EVAL_CHUNK))
    rows = np.arange(n)
    rng = np.zeros(1, dtype=np.uint64)
    T = scratch(table, 0)
    off = n < 0  # non-literal, see evaluate_with()
    for start in range(0, n, EVAL_CHUNK):
        cnt = min(EVAL_CHUNK, n - start)
        run_forward(X, rows, start, cnt, table, rates, params, A, Z, off, rng, wide, T, lazy)
        out[start : start + cnt] = A[:, :cnt].T
    return out


@njit(**JIT)
def activation_rows(X, table, rates, params, width, cols, out, wide, lazy, low=None):
    """out[k, r] = activation column cols[k] at row r of X, dropout off: chosen neurons' maps in one pass.

    Rows of out are copied straight from the activation buffer (no transpose, nothing unasked for), so a
    grid's output and a few neuron maps cost the forward pass and little more. With low (float32, n
    columns), the columns after out's rows go there instead, rounded to float32 as they are copied
    (as astype would round them): a frame's neuron maps are written once, at half the bytes.
    """
    n = X.shape[0]
    A = np.zeros((width, EVAL_CHUNK))  # zeros: the padded loops and the tiles read the spare columns
    Z = np.zeros((width, EVAL_CHUNK))
    rows = np.arange(n)
    rng = np.zeros(1, dtype=np.uint64)
    T = scratch(table, 0)
    off = n < 0  # non-literal, see evaluate_with()
    af, of, ca, hi = A.reshape(A.size), out.reshape(out.size), A.shape[1], out.shape[0]
    for start in range(0, n, EVAL_CHUNK):
        cnt = min(EVAL_CHUNK, n - start)
        run_forward(X, rows, start, cnt, table, rates, params, A, Z, off, rng, wide, T, lazy)
        vec = cnt - cnt % LANES
        for k in range(hi):  # eight at a time: the plain loop did not vectorise (2 ms of a 32-wide net's grid)
            src, dst = cols[k] * ca, k * n + start
            for b in range(0, vec, LANES):
                vstore(of, dst + b, vload(af, src + b))
            for b in range(vec, cnt):
                of[dst + b] = af[src + b]
        if low is not None:
            for k in range(hi, cols.shape[0]):
                src, dst = A[cols[k]], low[k - hi]
                for b in range(cnt):
                    dst[start + b] = src[b]
    return out


def train_work_size(table, width: int, batch: int, n: int, record: int) -> int:
    """How many floats train_epochs' `work` needs for these arguments (n: training rows)."""
    bs = min(int(batch), int(n))
    cap = bs if wide_switch(table) is None else (bs + 7) // 8 * 8
    ew = EVAL_CHUNK if record > 0 else 0
    fan_in = int(max(0, table[:, C.COL_FAN_IN].max()))
    return 3 * width * cap + 2 * width * ew + LANES * (cap + fan_in + 1 + LANES)


@njit(**JIT)
def train_epochs(X, Y, Xt, Yt, epochs, batch, table, rates, params, grads, regmask, reg_kind, reg_rate,
                 n_out, loss, width, opt, hp, s1, s2, steps, rng, order, record, gnorms, wide, lazy, work, lrs=None):
    """Run epochs of shuffled minibatch training; return per-epoch (train loss, test loss, train acc, test acc).

    Every `record` epochs (and after the last) both sets are evaluated; other rows, and all of them when
    record == 0, stay NaN. gnorms[e, l] gets layer l's gradient norm at the epoch's last step. `order` is
    the sample order, reshuffled in place every epoch, so that training in chunks equals one long call.
    lrs: the learning rate of each optimizer step of the call, in order (a schedule); steps past its end,
    all of them when it is empty or None, use hp's. hp itself is left as it is.
    work: float64 buffers for the call (train_work_size() of them), kept by the caller from one call to the
    next: a short call (the window's, a few epochs) no longer allocates and zeroes a megabyte or two for
    the evaluation each time. Shorter (e.g. empty): the call allocates its own. What they hold is never
    read into a result (see padded(); within a call the same buffers serve every batch anyway), so the
    bits are those of fresh zeros.
    """
    n = X.shape[0]
    bs = min(batch, n)
    # spare columns up to a whole vector for the tiled products (zeros); without them none, so that a
    # layer's rows are one run of memory exactly as long as the batch (see forward)
    cap = bs if wide is None else (bs + 7) // 8 * 8
    ew = EVAL_CHUNK if record > 0 else 0  # the evaluation's buffers (see evaluate())
    ts = scratch_size(table, cap)
    need = 3 * width * cap + 2 * width * ew + ts
    if work.shape[0] < need:
        work = np.zeros(need)
    at = 0
    A = work[at : at + width * cap].reshape((width, cap))
    at += width * cap
    Z = work[at : at + width * cap].reshape((width, cap))
    at += width * cap
    D = work[at : at + width * cap].reshape((width, cap))
    at += width * cap
    EA = work[at : at + width * ew].reshape((width, ew))
    at += width * ew
    EZ = work[at : at + width * ew].reshape((width, ew))
    at += width * ew
    T = work[at : at + ts]
    idx = order
    out = table[table.shape[0] - 1, C.COL_OUT]
    hist = np.zeros((epochs, 4))  # then NaN: np.full would be one more signature (see 'Few signatures')
    hist[:] = np.nan
    nt = Xt.shape[0]
    erows = np.arange((nt if nt > n else n) if record > 0 else 0)  # noqa: FURB136 (max(n, nt), see 'Few signatures')
    on = n >= 0  # non-literal, see evaluate_with()
    hps = hp
    if lrs is not None:
        hps = hp.copy()  # each step's rate goes into a copy
    k = 0
    for e in range(epochs):
        shuffle(idx, rng)
        for start in range(0, n, bs):
            cnt = min(bs, n - start)
            zero_grads(table, grads, wide)
            forward(X, idx, start, cnt, table, rates, params, A, Z, on, rng, wide, T, lazy)
            loss_grads(A, D, Y, idx, start, cnt, out, n_out, loss, lazy)
            backward(cnt, table, params, grads, A, Z, D, wide, T, lazy)
            penalty(params, grads, regmask, reg_kind, reg_rate, on)
            if lrs is not None and k < lrs.shape[0]:
                hps[C.HP_LR] = lrs[k]
            k += 1
            step_layers(table, params, grads, opt, hps, s1, s2, steps, lazy)
        for l in range(table.shape[0]):
            s = 0.0
            if table[l, C.COL_KIND] != C.DROPOUT:
                s = sum_squares(grads, table[l, C.COL_W], table[l, C.COL_END])
            gnorms[e, l] = math.sqrt(s)
        if record > 0 and ((e + 1) % record == 0 or e == epochs - 1):
            for set_ in range(2 if Xt.shape[0] > 0 else 1):  # one call site: compiled in once
                Xs, Ys = (X, Y) if set_ == 0 else (Xt, Yt)
                hist[e, set_], hist[e, 2 + set_] = evaluate_with(Xs, Ys, table, rates, params, n_out, loss, wide, EA, EZ,
                                                           erows, T, rng, lazy, forward)
    return hist


@njit(**JIT)
def backprop_point(x, y, table, rates, params, grads, regmask, reg_kind, reg_rate, n_out, loss, dropout,
                   rng, A, Z, D, U, F, lazy):
    """One sample through the training step's forward, loss and backward, every buffer kept.

    x (1, n_in) and y (1,); A, Z, D, U, F are (width, 1). Afterwards A holds every column's output, Z the
    pre-activations (maxout's winning piece, dropout's mask), D each layer's dL/dz (dL/d(output) for
    maxout and dropout), U each column's dL/da (the features' too) and F each dense output's f'(z) (1 for
    maxout, the mask for dropout); grads gets the gradient with the penalty's. Returns (loss, penalty).
    """
    rows = np.zeros(1, dtype=np.int64)
    n = x.shape[0]
    # non-literal, see evaluate_with(): a literal 1 as the sample count compiled forward, loss_batch and
    # backward once more, for this one caller (seconds the first time a backprop trace was asked for)
    zero, on = n * 0, n >= 0
    one = zero + 1
    grads[:] = 0.0
    D[:, :] = 0.0
    T = scratch(table, 1)
    run_forward(x, rows, zero, one, table, rates, params, A, Z, dropout, rng, None, T, lazy)
    out = table[table.shape[0] - 1, C.COL_OUT]
    total, _ = loss_batch(A, D, y, rows, zero, one, out, n_out, loss, on, lazy)
    for k in range(n_out):
        U[out + k, 0] = D[out + k, 0]
    run_backward(one, table, params, grads, A, Z, D, None, T, lazy)
    reg = penalty(params, grads, regmask, reg_kind, reg_rate, on)
    # dL/da of each layer's input from the layer above it, as backward sums it (it overwrites them)
    for l in range(table.shape[0] - 1, -1, -1):
        kind = table[l, C.COL_KIND]
        fan_in = table[l, C.COL_FAN_IN]
        units = table[l, C.COL_UNITS]
        io = table[l, C.COL_IN]
        oo = table[l, C.COL_OUT]
        zo = table[l, C.COL_Z]
        wo = table[l, C.COL_W]
        for i in range(fan_in):
            s = 0.0
            if kind == C.DENSE:
                for j in range(units):
                    s = fma(params[wo + i * units + j], D[oo + j, 0], s)
            elif kind == C.MAXOUT:
                pieces = table[l, C.COL_PIECES]
                for j in range(units):
                    k = int(Z[zo + j, 0])
                    s += params[wo + (i * units + j) * pieces + k] * D[oo + j, 0]
            else:
                s = D[oo + i, 0] * Z[zo + i, 0]
            U[io + i, 0] = s
        for j in range(units):
            if kind == C.DENSE:
                ao = table[l, C.COL_ALPHA]
                alpha = params[ao + j] if ao >= 0 else 0.0
                F[oo + j, 0] = act_d(table[l, C.COL_ACT], Z[zo + j, 0], A[oo + j, 0], alpha)
            elif kind == C.MAXOUT:
                F[oo + j, 0] = 1.0
            else:
                F[oo + j, 0] = Z[zo + j, 0]
    return total, reg
