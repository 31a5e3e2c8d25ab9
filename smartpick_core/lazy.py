"""Package attributes imported on first use (PEP 562), so `import smartpick_core` stays fast: a package lists
{name: submodule} and gets a module __getattr__ that imports the submodule the first time the name is read."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def lazy_attributes(package: str, names: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module __getattr__ for `package`: names[name] is the submodule that defines it; the value is kept in
    `namespace` (the package's globals) so the import happens once."""
    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(importlib.import_module(f".{names[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return __getattr__
