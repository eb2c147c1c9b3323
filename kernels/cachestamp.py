"""Numba's on-disk cache of a kernel, stamped with every kernels/*.py file instead of only its own.

Numba stamps a cached function with the hash of the file that defines it, but the machine code of
cpu.train_epochs also holds gemm.matmul, exact.fma and simd's vectors, linked in when it was compiled:
after an edit of gemm.py alone, cpu.py's cached kernels still ran the old gemm (wrong gradients, seen
while writing it). The locators installed here add the hashes of all the package's source files to
the stamp, so any change in kernels/ recompiles every kernel of kernels/ once. Importing this module
installs them; it must come before the kernel modules (kernels/__init__.py imports it first): Numba picks
a locator when a function is decorated.
"""

import os
from pathlib import Path

from numba.core import caching

HERE = Path(__file__).resolve().parent


def package_stamp() -> tuple:
    """(name, SHA-256) of every .py file of kernels/, by name."""
    out = []
    for path in sorted(HERE.glob("*.py")):
        st = os.stat(path)
        out.append((path.name, caching._hash_source_file(str(path), st.st_mtime, st.st_size)))
    return tuple(out)


def _stamped(base: type) -> type:
    class Locator(base):
        _kernels_stamp = True

        def get_source_stamp(self):
            return (super().get_source_stamp(), package_stamp())

        @classmethod
        def from_function(cls, py_func, py_file):
            if Path(py_file).resolve().parent != HERE:
                return None
            return super().from_function(py_func, py_file)

    Locator.__name__ = Locator.__qualname__ = f"Kernels{base.__name__}"
    return Locator


def install() -> None:
    """Put the stamped locators first in Numba's list (once)."""
    classes = caching.CacheImpl._locator_classes
    if any(getattr(c, "_kernels_stamp", False) for c in classes):
        return
    bases = [c for c in classes if issubclass(c, caching._SourceFileBackedLocatorMixin)]
    classes[:0] = [_stamped(b) for b in bases]


install()
