"""Transcendental functions over NumPy arrays that round the same on every x86-64 CPU.

NumPy picks its float64 exp, log, tanh, pow, arcsin... by the CPU it runs on (AVX-512 builds use other
approximations than AVX2 or plain x86-64), so the same formula gave last-bit differences between
machines, and a formula data set or feature then trained differently. These call the C library's function
per element instead, as the Numba kernels do (Python's math module is the same libm). Where the C
function refuses an input (math raises for log(0), exp(1000), asin(2)...), NumPy's result is used: those
are the exact special values inf, -inf and nan, the same on every CPU.
"""

import math
from collections.abc import Callable

import numpy as np


def _elementwise(exact: Callable, special: Callable) -> Callable:
    def one(*xs):
        try:
            return exact(*xs)
        except (ValueError, OverflowError):
            with np.errstate(all="ignore"):
                return float(special(*xs))

    ufunc = np.frompyfunc(one, special.nin, 1)

    def apply(*arrays):
        args = [np.asarray(a, dtype=np.float64) for a in arrays]
        with np.errstate(all="ignore"):  # a special value inside sets the flags NumPy checks after
            return np.asarray(ufunc(*args), dtype=np.float64)

    apply.__name__ = special.__name__
    apply.__doc__ = f"np.{special.__name__} with the C library's rounding (math.{exact.__name__})."
    return apply


exp = _elementwise(math.exp, np.exp)
log = _elementwise(math.log, np.log)
log2 = _elementwise(math.log2, np.log2)
log10 = _elementwise(math.log10, np.log10)
sin = _elementwise(math.sin, np.sin)
cos = _elementwise(math.cos, np.cos)
tan = _elementwise(math.tan, np.tan)
arcsin = _elementwise(math.asin, np.arcsin)
arccos = _elementwise(math.acos, np.arccos)
arctan = _elementwise(math.atan, np.arctan)
sinh = _elementwise(math.sinh, np.sinh)
cosh = _elementwise(math.cosh, np.cosh)
tanh = _elementwise(math.tanh, np.tanh)
arctan2 = _elementwise(math.atan2, np.arctan2)
hypot = _elementwise(math.hypot, np.hypot)
_pow = _elementwise(math.pow, np.power)


def power(x, y):
    """x ** y through the C library's pow, except x ** 2 = x * x as NumPy computes it (exact)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.where(y == 2.0, x * x, _pow(x, y))
