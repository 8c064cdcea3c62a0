"""The library's old flat module names (``resnet_viz.training``, ``resnet_viz.runs``...), still importable.

The modules now live in folders by concern (``nets``, ``train``, ``explain``, ``transfer``, ``plots``, ``cli``). An
import of an old name gets a read-only stand-in that resolves each attribute in the module(s) it moved to, so code
written against the flat layout (``from resnet_viz.training import PRESETS``) keeps working. New code imports the
new names; patch the module where a name is used, not its stand-in.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
from typing import Any

# old name -> the module(s) its names now live in, searched in order
MOVED: dict[str, tuple[str, ...]] = {
    "models": ("nets.models",), "twins": ("nets.twins",), "paper": ("nets.paper",), "summary": ("nets.summary",),
    "training": ("train.config", "train.data", "train.engine", "train.trainer", "train.estimate"),
    "data": ("train.data",), "runs": ("train.runs", "train.job"), "classroom": ("train.classroom",),
    "jobs": ("train.jobs",), "effects": ("train.effects",),
    "images": ("explain.images",), "sources": ("explain.sources",), "checkpoints": ("explain.checkpoints",),
    "responses": ("explain.responses",),
    "summary_cli": ("cli.summary",), "training_cli": ("cli.train",), "explain_cli": ("cli.explain",),
    "weights_cli": ("cli.weights",), "transfer_cli": ("cli.transfer",), "board_cli": ("cli.board",),
}


class _StandIn(types.ModuleType):
    def __init__(self, name: str, targets: tuple[str, ...]) -> None:
        super().__init__(name, f"moved: see {', '.join(targets)}")
        self._targets = targets

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        for target in self._targets:
            module = importlib.import_module(target)
            if hasattr(module, attr):
                return getattr(module, attr)
        raise AttributeError(f"module {self.__name__!r} (moved to {', '.join(self._targets)}) has no attribute "
                             f"{attr!r}")

    def __dir__(self) -> list[str]:
        return sorted({n for t in self._targets for n in dir(importlib.import_module(t)) if not n.startswith("_")})


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        package, _, old = fullname.partition(".")
        if package == "resnet_viz" and old in MOVED:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _StandIn(spec.name, tuple(f"resnet_viz.{t}" for t in MOVED[spec.name.partition(".")[2]]))

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def install() -> None:
    """Let the old names import (once per process)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
