"""Compute kernels for the playground: flat-array networks, trained by a backend (CPU via Numba)."""

# cachestamp first: importing it stamps every cached kernel with all of kernels/ (see its docstring)
from . import cachestamp, codes  # noqa: F401
from .backend import Backend, CPUBackend, available_backends, get_backend
from .layout import LayerDesc, Layout, build_layout
from .net import Net

__all__ = [
    "Backend", "CPUBackend", "LayerDesc", "Layout", "Net", "available_backends", "build_layout", "codes",
    "get_backend",
]
