"""Sixteen float32 lanes as one value (an LLVM <16 x float>), for the frame kernels (kernels/frame.py).

The float32 twin of kernels/simd.py: one zmm register with AVX-512 (two ymm with AVX2), twice the lanes
of f64x8. Every operation is written out lane by lane, nothing left to fast-math (no contraction, no
reassociation), the fused steps asked for by name as llvm.fma: each lane's bits are the same on every
x86-64 CPU whatever its vector width. The activations (vtanh32, vsigmoid32) are branch-free arithmetic,
no libm call: exp by range reduction and a degree-7 polynomial, a reciprocal by Newton's iteration.
Their error is a few float32 ulps (tests/test_simd32.py), enough for pictures, which is all they feed.
Loads and stores are unaligned and unchecked: callers keep every index in range.
"""

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic, models, register_model

LANES32 = 16
_F32 = ir.FloatType()
_VEC = ir.VectorType(_F32, LANES32)
_I32V = ir.VectorType(ir.IntType(32), LANES32)


class F32x16Type(types.Type):
    """Numba's type of a <16 x float> value."""

    def __init__(self):
        super().__init__(name="f32x16")


f32x16 = F32x16Type()


@register_model(F32x16Type)
class _F32x16Model(models.PrimitiveModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, _VEC)


_FLAT = types.Array(types.float32, 1, "C")


def _data(context, builder, arr_ty, arr):
    return context.make_array(arr_ty)(context, builder, arr).data


def _const(x):
    return ir.Constant(_VEC, [float(x)] * LANES32)


def _call(builder, name, *xs):
    fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(_VEC, [_VEC] * len(xs)), name)
    return builder.call(fn, xs)


def _fma(builder, a, b, c):
    return _call(builder, "llvm.fma.v16f32", a, b, c)


def _splat(builder, x):
    v = builder.insert_element(ir.Constant(_VEC, ir.Undefined), x, ir.Constant(ir.IntType(32), 0))
    return builder.shuffle_vector(v, ir.Constant(_VEC, ir.Undefined), ir.Constant(_I32V, [0] * LANES32))


@intrinsic
def vload32(typingctx, a, i):
    """a[i:i+16] of a 1-D float32 array as one value."""
    if a != _FLAT:
        return None

    def codegen(context, builder, sig, args):
        ptr = builder.gep(_data(context, builder, sig.args[0], args[0]), [args[1]])
        return builder.load(builder.bitcast(ptr, _VEC.as_pointer()), align=4)

    return f32x16(a, types.intp), codegen


@intrinsic
def vstore32(typingctx, a, i, v):
    """a[i:i+16] = v."""
    if a != _FLAT or v != f32x16:
        return None

    def codegen(context, builder, sig, args):
        ptr = builder.gep(_data(context, builder, sig.args[0], args[0]), [args[1]])
        builder.store(args[2], builder.bitcast(ptr, _VEC.as_pointer()), align=4)
        return context.get_dummy_value()

    return types.none(a, types.intp, v), codegen


@intrinsic
def vbroadcast32(typingctx, a, i):
    """a[i] in every lane (no wrap-around of negative indices)."""
    if a != _FLAT:
        return None

    def codegen(context, builder, sig, args):
        ptr = builder.gep(_data(context, builder, sig.args[0], args[0]), [args[1]])
        return _splat(builder, builder.load(ptr, align=4))

    return f32x16(a, types.intp), codegen


@intrinsic
def vsplat32(typingctx, x):
    """x (a float32) in every lane."""
    if x != types.float32:
        return None

    def codegen(context, builder, sig, args):
        return _splat(builder, args[0])

    return f32x16(types.float32), codegen


@intrinsic
def vfma32(typingctx, a, b, c):
    """a * b + c lane by lane, each rounded once (llvm.fma.v16f32)."""
    if a != f32x16 or b != f32x16 or c != f32x16:
        return None

    def codegen(context, builder, sig, args):
        return _fma(builder, *args)

    return f32x16(f32x16, f32x16, f32x16), codegen


def _exp(builder, x):
    """exp(x) for x in [-87, 0] (a clamp is the caller's): 2**k * p(r), x = k ln 2 + r, |r| <= 0.35.

    ln 2 in two parts (Cephes' split: k * the first part is exact); p is Taylor's series to r**7 in
    fused Horner steps (its truncation 5e-9 relative, under float32's rounding); 2**k from its exponent
    bits (k is -126..0, so 2**k is a normal float32)."""
    kf = _call(builder, "llvm.floor.v16f32", _fma(builder, x, _const(1.4426950408889634), _const(0.5)))
    nk = builder.fneg(kf)
    r = _fma(builder, nk, _const(0.693359375), x)
    r = _fma(builder, nk, _const(-2.12194440e-4), r)
    p = _fma(builder, _const(1.0 / 5040.0), r, _const(1.0 / 720.0))
    for k in (1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0):
        p = _fma(builder, p, r, _const(k))
    bits = builder.shl(builder.add(builder.fptosi(kf, _I32V), ir.Constant(_I32V, [127] * LANES32)),
                       ir.Constant(_I32V, [23] * LANES32))
    return builder.fmul(p, builder.bitcast(bits, _VEC))


def _reciprocal(builder, d):
    """1 / d for d in [0.5, 1]: a linear first guess (error 1/17), then three Newton steps."""
    q = _fma(builder, _const(-32.0 / 17.0), d, _const(48.0 / 17.0))
    for _ in range(3):
        e = _fma(builder, builder.fneg(d), q, _const(1.0))
        q = _fma(builder, q, e, q)
    return q


def _at_least(builder, x, lo):
    """x, or lo where x < lo (NaN stays NaN)."""
    return builder.select(builder.fcmp_ordered(">", _const(lo), x), _const(lo), x)


@intrinsic
def vtanh32(typingctx, z):
    """tanh of each lane in float32: (1 - t) / (1 + t) with t = exp(-2|z|) (|z| >= 1/16), else the
    series z (1 - z²/3 + 2z⁴/15 - 17z⁶/315), so that small inputs keep their relative precision; the sign
    copied from z. Error about 2e-7 absolute near 1/16, a few ulps elsewhere."""
    if z != f32x16:
        return None

    def codegen(context, builder, sig, args):
        zv = args[0]
        a = _call(builder, "llvm.fabs.v16f32", zv)
        x = _at_least(builder, builder.fmul(_const(-2.0), a), -20.0)  # exp(-20): tanh is 1 in float32
        t = _exp(builder, x)
        d = _fma(builder, _const(0.5), t, _const(0.5))  # (1 + t) / 2 in [0.5, 1]
        v = builder.fmul(builder.fsub(_const(1.0), t), builder.fmul(_const(0.5), _reciprocal(builder, d)))
        a2 = builder.fmul(a, a)
        s = _fma(builder, a2, _const(-17.0 / 315.0), _const(2.0 / 15.0))
        s = _fma(builder, builder.fneg(a2), s, _const(1.0 / 3.0))
        s = builder.fmul(a, _fma(builder, builder.fneg(a2), s, _const(1.0)))
        v = builder.select(builder.fcmp_ordered("<", a, _const(0.0625)), s, v)
        return _call(builder, "llvm.copysign.v16f32", v, zv)

    return f32x16(f32x16), codegen


@intrinsic
def vsigmoid32(typingctx, z):
    """1 / (1 + exp(-z)) of each lane in float32, without overflow: with t = exp(-|z|), 1 / (1 + t) for
    z >= 0, t / (1 + t) below (t clamped at exp(-87): below it the value is under 2e-38 either way)."""
    if z != f32x16:
        return None

    def codegen(context, builder, sig, args):
        zv = args[0]
        a = _call(builder, "llvm.fabs.v16f32", zv)
        t = _exp(builder, _at_least(builder, builder.fneg(a), -87.0))
        d = _fma(builder, _const(0.5), t, _const(0.5))  # (1 + t) / 2 in [0.5, 1]
        pos = builder.fmul(_const(0.5), _reciprocal(builder, d))
        return builder.select(builder.fcmp_ordered(">=", zv, _const(0.0)), pos, builder.fmul(t, pos))

    return f32x16(f32x16), codegen


@intrinsic
def vpositive32(typingctx, z, below):
    """z where z > 0, else below * z (leaky ReLU, PReLU; NaN stays NaN, as in the float64 formulas)."""
    if z != f32x16 or below != f32x16:
        return None

    def codegen(context, builder, sig, args):
        zv, s = args
        return builder.select(builder.fcmp_ordered(">", zv, _const(0.0)), zv, builder.fmul(s, zv))

    return f32x16(f32x16, f32x16), codegen


@intrinsic
def vrelu32(typingctx, z):
    """z where z > 0, else 0 (NaN gives 0, as the float64 loops' z > 0.0 test)."""
    if z != f32x16:
        return None

    def codegen(context, builder, sig, args):
        zv = args[0]
        return builder.select(builder.fcmp_ordered(">", zv, _const(0.0)), zv, _const(0.0))

    return f32x16(f32x16), codegen


__all__ = [
    "LANES32",
    "f32x16",
    "vbroadcast32",
    "vfma32",
    "vload32",
    "vpositive32",
    "vrelu32",
    "vsigmoid32",
    "vsplat32",
    "vstore32",
    "vtanh32",
]
