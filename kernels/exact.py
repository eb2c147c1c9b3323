"""A fused multiply-add that rounds the same on every CPU, for kernels compiled without fast-math.

The kernels used fastmath={"reassoc", "contract"}: LLVM then split sums by the host's vector width
(AVX2 and AVX-512 machines trained differently from one seed) and fused a multiply and an add only where
the target had FMA. Now nothing is left to LLVM: sums are written out in a fixed order in the loops
(several independent partial sums where speed needs them), and a fused step is asked for by name.
`fma(a, b, c)` is llvm.fma: a * b + c rounded once, as IEEE 754 defines it, so it gives the same bits on
any hardware (the FMA instruction where the CPU has one, libm's exact fma() where it does not).
"""

from llvmlite import ir
from numba import types
from numba.extending import intrinsic


@intrinsic
def fma(typingctx, a, b, c):
    """a * b + c with one rounding (llvm.fma.f64); takes and returns float64."""
    sig = types.float64(types.float64, types.float64, types.float64)

    def codegen(context, builder, signature, args):
        f64 = ir.DoubleType()
        fn = builder.module.declare_intrinsic(
            "llvm.fma", [f64], ir.FunctionType(f64, [f64, f64, f64])
        )
        return builder.call(fn, args)

    return sig, codegen


@intrinsic
def pow2(typingctx, k):
    """2.0 ** k for an int64 k from -1022 to 1023, built from its exponent bits (exact, and it vectorises)."""
    sig = types.float64(types.int64)

    def codegen(context, builder, signature, args):
        i64 = ir.IntType(64)
        bits = builder.shl(builder.add(args[0], ir.Constant(i64, 1023)), ir.Constant(i64, 52))
        return builder.bitcast(bits, ir.DoubleType())

    return sig, codegen
