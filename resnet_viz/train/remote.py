"""What a job function carries so that a school's cluster can run it elsewhere (:mod:`resnet_viz.train.cluster`):
data only, never code."""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class RemoteSpec:
    """How to run a job elsewhere: ``kind`` ('train' or 'transfer'), the config's field values, and where its files
    land on the server (``directory`` for the run file; ``checkpoints`` for a Lab run's networks, or True for a
    transfer run's, kept beside its run file)."""

    kind: str
    config: dict[str, Any]
    directory: str
    label: str = ""
    checkpoints: str | bool | None = None
    assignment: str | None = None
    cost: int = 0  # iterations × sum of depths: which jobs a GPU worker takes first
