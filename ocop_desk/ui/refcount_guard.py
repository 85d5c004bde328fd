"""Keep PySide6 6.12 on Python 3.11 from freeing None, True and False.

PySide6 6.12.0 returns None/True/False from many calls (every void method:
`setText`, `setVisible`, `processEvents`, ...) without adding the reference
it hands back, as if those objects were immortal — which they are only from
Python 3.12 on.  On 3.11 every such call takes one reference away, and after
some thousands of calls the interpreter aborts with "none_dealloc".
6.9.2 and 6.11.3 do not do this (checked with the same calls).  Until the dependency
is pinned below 6.12, or Python is 3.12+, the app gives these three objects
a reserve of references so large that no session can use it up.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40
_done = False


def affected() -> bool:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    return (major, minor) >= (6, 12)


def guard() -> bool:
    """Apply once per process where needed; returns whether it was applied."""
    global _done
    if _done or not affected():
        return _done
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
    _done = True
    return True
