"""Heavy libraries loaded on first use, for the `coffeechat` command (Mercurial's demandimport
does the same for `hg`).

`coffeechat log`, `intro`, `history` and name lookups need SQLite and a few dozen lines of
Python; pandas alone takes half a second to import, numpy and pyarrow more. The command registers
a stand-in for each in `sys.modules`, so `import pandas as pd` at the top of a module costs
nothing; the first attribute read (`pd.DataFrame`) imports the real library, and the stand-in
takes on its contents, so the modules that hold it see the library itself from then on.

Only the command does this: a notebook or a test that imports coffeechat gets the libraries
as they are.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

# What the command defers: each takes a tenth of a second or more to import.
HEAVY = ("pandas", "numpy", "pyarrow", "networkx", "sklearn", "scipy", "matplotlib", "openpyxl")

_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """A module that imports the real one when something is read from it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_load(self), name)


def _load(stand_in: _Deferred) -> types.ModuleType:
    with _lock:
        real = stand_in.__dict__.get("_deferred_module")
        if real is None:
            if sys.modules.get(stand_in.__name__) is stand_in:
                del sys.modules[stand_in.__name__]
            real = importlib.import_module(stand_in.__name__)
            stand_in.__dict__.update(real.__dict__)
            stand_in.__dict__["_deferred_module"] = real
        return real


def defer(*names: str) -> None:
    """Stand-ins for these top-level modules, where they are installed and not yet imported."""
    for name in names:
        if name in sys.modules or "." in name:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = _Deferred(name)
        # Set on the instance: the import system reads `__spec__` of a module found in
        # sys.modules, and that read must not import the library.
        stand_in.__spec__ = spec  # noqa: vulture (read by the import system)
        sys.modules[name] = stand_in


def is_loaded(name: str) -> bool:
    """Whether the library itself has been imported (not just its stand-in)."""
    module = sys.modules.get(name)
    return module is not None and (
        not isinstance(module, _Deferred) or "_deferred_module" in module.__dict__
    )
