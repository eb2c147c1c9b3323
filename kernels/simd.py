"""Eight float64 lanes as one value (an LLVM <8 x double>), for register-tiled kernels compiled by Numba.

LLVM keeps scalar accumulators of a tiled loop scalar (it will not pack them into vectors by itself), and
auto-vectorised loops keep their accumulators in memory; with a value of four lanes a kernel holds a
whole tile of sums in registers (one zmm register with AVX-512, two ymm with AVX2). Every lane is its own sum, so a vector fused multiply-add rounds each
lane exactly as `exact.fma` does: the same bits as the scalar loops, on any x86-64 CPU (without FMA
hardware LLVM calls libm's fma() per lane). Loads and stores are unaligned and unchecked: callers keep
every index in range.
"""

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic, models, register_model

LANES = 8
_F64 = ir.DoubleType()
_VEC = ir.VectorType(_F64, LANES)


class F64x8Type(types.Type):
    """Numba's type of a <8 x double> value."""

    def __init__(self):
        super().__init__(name="f64x8")


f64x8 = F64x8Type()


@register_model(F64x8Type)
class _F64x8Model(models.PrimitiveModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, _VEC)


_FLAT = types.Array(types.float64, 1, "C")


def _pointer(context, builder, arr_ty, arr, index):
    data = context.make_array(arr_ty)(context, builder, arr).data
    return builder.bitcast(builder.gep(data, [index]), _VEC.as_pointer())


@intrinsic
def vload(typingctx, a, i):
    """a[i:i+8] of a 1-D float64 array as one value."""
    if a != _FLAT:
        return None

    def codegen(context, builder, sig, args):
        ptr = _pointer(context, builder, sig.args[0], args[0], args[1])
        return builder.load(ptr, align=8)

    return f64x8(a, types.intp), codegen


@intrinsic
def vstore(typingctx, a, i, v):
    """a[i:i+8] = v."""
    if a != _FLAT or v != f64x8:
        return None

    def codegen(context, builder, sig, args):
        ptr = _pointer(context, builder, sig.args[0], args[0], args[1])
        builder.store(args[2], ptr, align=8)
        return context.get_dummy_value()

    return types.none(a, types.intp, v), codegen


@intrinsic
def vsplat(typingctx, x):
    """x in every lane."""
    if x != types.float64:
        return None

    def codegen(context, builder, sig, args):
        v = builder.insert_element(
            ir.Constant(_VEC, ir.Undefined), args[0], ir.Constant(ir.IntType(32), 0)
        )
        return builder.shuffle_vector(
            v,
            ir.Constant(_VEC, ir.Undefined),
            ir.Constant(ir.VectorType(ir.IntType(32), LANES), [0] * LANES),
        )

    return f64x8(types.float64), codegen


@intrinsic
def vbroadcast(typingctx, a, i):
    """a[i] in every lane (no wrap-around of negative indices: one load and one broadcast)."""
    if a != _FLAT:
        return None

    def codegen(context, builder, sig, args):
        data = context.make_array(sig.args[0])(context, builder, args[0]).data
        x = builder.load(builder.gep(data, [args[1]]), align=8)
        v = builder.insert_element(
            ir.Constant(_VEC, ir.Undefined), x, ir.Constant(ir.IntType(32), 0)
        )
        zeros = ir.Constant(ir.VectorType(ir.IntType(32), LANES), [0] * LANES)
        return builder.shuffle_vector(v, ir.Constant(_VEC, ir.Undefined), zeros)

    return f64x8(a, types.intp), codegen


@intrinsic
def vfma(typingctx, a, b, c):
    """a * b + c lane by lane, each rounded once (llvm.fma.v8f64)."""
    if a != f64x8 or b != f64x8 or c != f64x8:
        return None

    def codegen(context, builder, sig, args):
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(_VEC, [_VEC, _VEC, _VEC]), "llvm.fma.v8f64"
        )
        return builder.call(fn, args)

    return f64x8(f64x8, f64x8, f64x8), codegen


@intrinsic
def vadd(typingctx, a, b):
    """a + b lane by lane."""
    if a != f64x8 or b != f64x8:
        return None

    def codegen(context, builder, sig, args):
        return builder.fadd(args[0], args[1])

    return f64x8(f64x8, f64x8), codegen


@intrinsic
def vzero(typingctx):
    """Eight zeros."""

    def codegen(context, builder, sig, args):
        return ir.Constant(_VEC, [0.0] * LANES)

    return f64x8(), codegen


@intrinsic
def vlane(typingctx, v, k):
    """Lane k of v as a float64."""
    if v != f64x8:
        return None

    def codegen(context, builder, sig, args):
        k = builder.trunc(args[1], ir.IntType(32)) if args[1].type.width > 32 else args[1]
        return builder.extract_element(args[0], k)

    return types.float64(f64x8, types.intp), codegen


@intrinsic
def vtranspose8(typingctx, s, si, ss, t, ti, ts):
    """t[ti + n*ts + r] = s[si + r*ss + n] for r, n < 8: an 8 x 8 block transposed in registers (eight
    loads, 24 shuffles, eight stores; a copy, so no bits change)."""
    if s != _FLAT or t != _FLAT:
        return None

    def codegen(context, builder, sig, args):
        sa, si_, ss_, ta, ti_, ts_ = args

        def ptr(arr_ty, arr, i):
            return _pointer(context, builder, arr_ty, arr, i)

        def shuf(a, b, idx):
            return builder.shuffle_vector(a, b, ir.Constant(ir.VectorType(ir.IntType(32), LANES), idx))

        rows = []
        for r in range(LANES):
            i = builder.add(si_, builder.mul(ss_, ir.Constant(ss_.type, r)))
            rows.append(builder.load(ptr(sig.args[0], sa, i), align=8))
        lo, hi = [0, 8, 2, 10, 4, 12, 6, 14], [1, 9, 3, 11, 5, 13, 7, 15]
        t1 = []
        for r in range(0, LANES, 2):  # pairs of rows interleaved
            t1 += [shuf(rows[r], rows[r + 1], lo), shuf(rows[r], rows[r + 1], hi)]
        a, b = [0, 1, 8, 9, 4, 5, 12, 13], [2, 3, 10, 11, 6, 7, 14, 15]
        u = []
        for g in (0, 4):  # then pairs of lanes
            u += [shuf(t1[g], t1[g + 2], a), shuf(t1[g + 1], t1[g + 3], a),
                  shuf(t1[g], t1[g + 2], b), shuf(t1[g + 1], t1[g + 3], b)]
        first, second = [0, 1, 2, 3, 8, 9, 10, 11], [4, 5, 6, 7, 12, 13, 14, 15]
        cols = [shuf(u[n], u[n + 4], first) for n in range(4)]
        cols += [shuf(u[n], u[n + 4], second) for n in range(4)]
        for n in range(LANES):
            i = builder.add(ti_, builder.mul(ts_, ir.Constant(ts_.type, n)))
            builder.store(cols[n], ptr(sig.args[3], ta, i), align=8)
        return context.get_dummy_value()

    return types.none(s, types.intp, types.intp, t, types.intp, types.intp), codegen


# tanh's constants (kernels/cpu.py tanh), in the order its steps use them
_EXP_POLY = (1 / 479001600, 1 / 39916800, 1 / 3628800, 1 / 362880, 1 / 40320, 1 / 5040, 1 / 720, 1 / 120, 1 / 24,
             1 / 6, 0.5, 1.0, 1.0)


@intrinsic
def vtanh(typingctx, z):
    """cpu.tanh of each lane: the same operations in the same order, so the same bits, eight lanes at once.

    LLVM vectorises cpu.tanh's loop four lanes wide (it prefers ymm registers on AVX-512 machines); a
    grid's forward pass spent most of its time there (issue 13). Written as one <8 x double> value it
    runs in zmm registers where the CPU has them (two ymm elsewhere). Every step is the scalar one lane
    by lane: the multiplies and adds without fast-math (nothing contracted or reassociated), the fused
    steps as llvm.fma, the branches as selects of both sides (which is what the vectorised scalar loop
    does), the sign as a sign flip. tests/test_vtanh.py compares the two bit for bit.
    """
    if z != f64x8:
        return None

    def codegen(context, builder, sig, args):
        m = builder.module
        i64v = ir.VectorType(ir.IntType(64), LANES)

        def c(x):
            return ir.Constant(_VEC, [float(x)] * LANES)

        def call(name, *xs):
            fn = cgutils.get_or_insert_function(m, ir.FunctionType(_VEC, [_VEC] * len(xs)), name)
            return builder.call(fn, xs)

        zv = args[0]
        a = call("llvm.fabs.v8f64", zv)
        x = builder.fmul(c(-2.0), a)
        x = builder.select(builder.fcmp_ordered(">", c(-40.0), x), c(-40.0), x)
        kf = call("llvm.floor.v8f64", builder.fadd(builder.fmul(x, c(1.4426950408889634)), c(0.5)))
        r = builder.fsub(builder.fsub(x, builder.fmul(kf, c(6.93147180369123816490e-01))),
                         builder.fmul(kf, c(1.90821492927058770002e-10)))
        p = call("llvm.fma.v8f64", r, c(_EXP_POLY[0]), c(_EXP_POLY[1]))
        for k in _EXP_POLY[2:]:
            p = call("llvm.fma.v8f64", p, r, c(k))
        bits = builder.shl(builder.add(builder.fptosi(kf, i64v), ir.Constant(i64v, [1023] * LANES)),
                           ir.Constant(i64v, [52] * LANES))
        t = builder.fmul(p, builder.bitcast(bits, _VEC))
        d = builder.fadd(c(0.5), builder.fmul(c(0.5), t))
        q = builder.fsub(c(48.0 / 17.0), builder.fmul(c(32.0 / 17.0), d))
        for _ in range(4):
            q = builder.fmul(q, builder.fsub(c(2.0), builder.fmul(d, q)))
        v = builder.fmul(builder.fsub(c(1.0), t), builder.fmul(c(0.5), q))
        small = builder.fcmp_ordered("<", a, c(0.02))
        # the series only where a lane needs it: a grid's vectors of 8 far from 0 skip its eight steps
        anyone = builder.icmp_unsigned("!=", builder.bitcast(small, ir.IntType(LANES)), ir.Constant(ir.IntType(LANES), 0))
        before = builder.block
        with builder.if_then(anyone, likely=False):
            a2 = builder.fmul(a, a)
            s = builder.fsub(c(2.0 / 15.0), builder.fmul(a2, c(17.0 / 315.0)))
            s = builder.fsub(c(1.0 / 3.0), builder.fmul(a2, s))
            s = builder.fmul(a, builder.fsub(c(1.0), builder.fmul(a2, s)))
            vs = builder.select(small, s, v)
            then = builder.block
        phi = builder.phi(_VEC)
        phi.add_incoming(vs, then)
        phi.add_incoming(v, before)
        v = phi
        return builder.select(builder.fcmp_ordered(">=", zv, c(0.0)), v, builder.fneg(v))

    return f64x8(f64x8), codegen


__all__ = [
    "LANES",
    "f64x8",
    "vadd",
    "vbroadcast",
    "vfma",
    "vlane",
    "vload",
    "vsplat",
    "vstore",
    "vtanh",
    "vtranspose8",
    "vzero",
]
