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
    "vzero",
]
