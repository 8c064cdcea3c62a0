"""The paths through a ResNet (Veit et al. 2016, arXiv:1605.06431, Sec. 3): each of its n residual blocks is either
passed through its residual branch or skipped by its shortcut, so there are 2ⁿ paths from input to output, and the
number of paths that go through k branches is C(n, k): their lengths follow Binomial(n, ½).
"""

from __future__ import annotations

import math

# Veit et al.'s finding for their CIFAR ResNet-110 (54 blocks, Sec. 5, Fig. 6): most of the gradient during training
# comes from paths through 5 to 17 residual blocks, that is 10 to 34 layers; not measured here.
VEIT_EFFECTIVE_BLOCKS = (5, 17)
VEIT_NETWORK_BLOCKS = 54
LAYERS_PER_BLOCK = 2  # a basic block's two 3×3 convolutions


def path_counts(n: int) -> list[int]:
    """How many of the 2ⁿ paths go through k residual branches, for k = 0 … n."""
    return [math.comb(n, k) for k in range(n + 1)]


def share_within(n: int, low: int, high: int) -> float:
    """The fraction of the 2ⁿ paths through ``low`` … ``high`` branches."""
    return sum(math.comb(n, k) for k in range(low, high + 1)) / 2**n


def paper_blocks(depth: int) -> int:
    """Residual blocks of the paper's CIFAR net of ``depth`` = 6n + 2 layers: 3n (two layers each)."""
    return (depth - 2) // LAYERS_PER_BLOCK


def central_range(n: int, share: float = 2 / 3) -> tuple[int, int]:
    """The narrowest range of branch counts around n/2 that holds at least ``share`` of the 2ⁿ paths."""
    low = high = n // 2
    while share_within(n, low, high) < share:
        low, high = max(0, low - 1), min(n, high + 1)
    return low, high
