"""Compute kernels for the playground: flat-array networks, trained by a backend (CPU via Numba)."""

from . import codes
from .layout import LayerDesc, Layout, build_layout
from .net import Net
from .backend import Backend, CPUBackend, get_backend, available_backends

__all__ = [
    "codes", "LayerDesc", "Layout", "build_layout", "Net",
    "Backend", "CPUBackend", "get_backend", "available_backends",
]
