"""The desktop window: widgets, pyqtgraph items and the training worker (PySide6)."""

import ctypes
import sys

# PySide6 6.12 hands out None, True and False without taking a new reference (it assumes the immortal
# singletons of Python 3.12+). On 3.11 each such call drains the object's refcount until the interpreter
# aborts ("none_dealloc" / "bool_dealloc") after a few thousand calls. Give them the huge refcount 3.12 does.
if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
    for _singleton in (None, True, False):
        _refcnt = ctypes.c_ssize_t.from_address(id(_singleton))
        if _refcnt.value < 1 << 40:
            _refcnt.value += 1 << 60
    del _singleton, _refcnt
