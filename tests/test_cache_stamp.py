"""A cached kernel is stamped with every file of kernels/, so an edit of gemm.py alone recompiles cpu.py's
kernels (Numba's own stamp is only the defining file: they ran the old gemm code linked into them)."""

from pathlib import Path

from kernels import cachestamp, cpu, gemm


def test_kernels_are_stamped_with_the_whole_package():
    names = {p.name for p in Path(cachestamp.__file__).parent.glob("*.py")}
    assert {"cpu.py", "gemm.py", "simd.py", "exact.py"} <= names
    for fn in (cpu.train_epochs, cpu.forward, gemm.matmul):
        locator = fn._cache._impl._locator
        assert getattr(locator, "_kernels_stamp", False)
        own, package = locator.get_source_stamp()
        assert {name for name, _ in package} == names and own


def test_functions_outside_kernels_keep_numbas_locators():
    from numba import njit

    @njit(cache=True)
    def f(x):
        return x + 1

    assert not getattr(f._cache._impl._locator, "_kernels_stamp", False)
