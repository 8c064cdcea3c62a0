"""Stacked twins: G CIFAR networks of one shape trained as one batched model, so one kernel launch serves them all.

The paper's plain and residual CIFAR nets of one depth have identical parameter shapes: option A shortcuts add no
parameters (He et al. 2015, arXiv:1512.03385, Sec. 3.3 and 4.2). :class:`StackedCifarResNet` holds G such networks
side by side along the channel axis, in the layout of grouped convolutions (Krizhevsky et al. 2012; ``groups=G``):

- the stem is one convolution with G·width filters on the shared input image (member g owns filters g·width ...);
- every other 3x3 convolution is grouped (``groups=G``): group g sees only member g's channels;
- batch norm runs over G·C channels: its statistics are per channel, so each member's are exactly its own;
- each block adds its shortcut times a per-member gate (0: plain twin, 1: ResNet), on the N×G×C×H×W view, so the
  zero-padding shortcut pads each member's channels, not the stack's;
- the fc layer is a grouped matrix product (``einsum``); logits come out G×N×classes.

Every parameter is the members' parameters concatenated along its first axis, so :meth:`StackedCifarResNet.unstack`
gives back each member's ``state_dict`` in :class:`~resnet_viz.nets.models.CifarResNet`'s layout by chunking, and a stack
built from separately initialised models starts from exactly their weights. SGD with momentum and weight decay is
elementwise, so one optimiser over the stack updates each member as its own optimiser would.

Evidence: tests/test_twins.py (20 iterations of the stack against separate models on the same batches: losses
within 2e-7 relative, gradients within 4e-6 of each layer's largest, measured; fp32 sums in another order) and
benchmarks/engine_throughput.py (on this repository's 2-core CPU the stack trains the classroom preset, width 8,
1.13-1.18x faster than separate models, and is no faster at the paper's width 16: 0.88-1.03x; CUDA numbers come
from benchmarks/gpu_session.sh). Alternative not taken: ``torch.func.stack_module_state`` + ``vmap``, under which
BatchNorm cannot update its running statistics in place (torch.func's "Patching Batch Norm" notes) and which gives
no state dicts in CifarResNet's layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.nets.models import CifarBasicBlock, CifarResNet, ZeroPadShortcut


def member_is_stackable(model: nn.Module) -> bool:
    """Whether ``model`` is a CifarResNet with batch norm whose shortcuts carry no parameters (option A, or none: the
    plain twin)."""
    if not isinstance(model, CifarResNet) or not isinstance(model.bn1, nn.BatchNorm2d):
        return False
    blocks = [m for m in model.modules() if isinstance(m, CifarBasicBlock)]
    return all(isinstance(b.bn1, nn.BatchNorm2d)
               and (b.shortcut is None or isinstance(b.shortcut, (ZeroPadShortcut, nn.Identity))) for b in blocks)


def is_residual(model: CifarResNet) -> bool:
    """Whether a stackable CifarResNet adds its shortcuts (a ResNet) or not (its plain twin)."""
    return any(isinstance(m, CifarBasicBlock) and m.shortcut is not None for m in model.modules())


class StackedBlock(nn.Module):
    """G basic blocks side by side: grouped 3x3 convs, batch norm over G·planes channels, a gated shortcut."""

    def __init__(self, groups: int, in_planes: int, planes: int, stride: int, gate: torch.Tensor) -> None:
        super().__init__()
        g = groups
        self.groups, self.in_planes, self.planes, self.stride = g, in_planes, planes, stride
        self.conv1 = nn.Conv2d(g * in_planes, g * planes, 3, stride, 1, groups=g, bias=False)
        self.bn1 = nn.BatchNorm2d(g * planes)
        self.conv2 = nn.Conv2d(g * planes, g * planes, 3, 1, 1, groups=g, bias=False)
        self.bn2 = nn.BatchNorm2d(g * planes)
        self.relu = nn.ReLU(inplace=True)
        # 1 where a member adds its shortcut, 0 for a plain twin; per channel, not part of any state dict
        self.register_buffer("gate", gate.repeat_interleave(planes).view(1, -1, 1, 1), persistent=False)

    def shortcut(self, x: torch.Tensor) -> torch.Tensor:
        """Option A per member: identity, or stride and zero-pad each member's own channels (Sec. 3.3)."""
        if self.stride == 1 and self.in_planes == self.planes:
            return x
        n, _, h, w = x.shape
        x = x.view(n, self.groups, self.in_planes, h, w)[:, :, :, :: self.stride, :: self.stride]
        extra = self.planes - self.in_planes
        x = F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))
        return x.reshape(n, self.groups * self.planes, *x.shape[-2:])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = torch.addcmul(out, self.shortcut(x), self._gate(out.dtype))  # out + gate·shortcut(x)
        return self.relu(out)

    def _gate(self, dtype: torch.dtype) -> torch.Tensor:
        """The gate in the activations' type (bf16 under autocast), cast once: 0 and 1 are exact in any float type."""
        if self.gate.dtype != dtype:
            self.gate = self.gate.to(dtype)
        return self.gate


class StackedCifarResNet(nn.Module):
    """G same-shape CifarResNets (plain or option-A residual) as one model: ``forward`` gives G×N×classes logits.

    Attribute and parameter names are CifarResNet's (``conv1``, ``layer2.0.conv1``, ``fc`` ...), so
    :func:`~resnet_viz.nets.models.weighted_layers` names the layers as it does for each member.
    """

    def __init__(self, members: Sequence[nn.Module]) -> None:
        super().__init__()
        if not members or not all(member_is_stackable(m) for m in members):
            raise ValueError("only CIFAR ResNets with batch norm and option A shortcuts, or their plain twins, "
                             "can be stacked")
        shapes = [[(k, v.shape) for k, v in m.state_dict().items()] for m in members]
        if any(s != shapes[0] for s in shapes):
            raise ValueError("stacked networks must have identical parameter shapes (same depth, width, input)")
        first = members[0]
        g = self.groups = len(members)
        width, self.num_classes = first.conv1.out_channels, first.fc.out_features
        gate = torch.tensor([1.0 if is_residual(m) else 0.0 for m in members])
        self.residual = [bool(v) for v in gate]
        self.conv1 = nn.Conv2d(first.conv1.in_channels, g * width, 3, 1, 1, bias=False)  # one stem, G·width filters
        self.bn1 = nn.BatchNorm2d(g * width)
        self.relu = nn.ReLU(inplace=True)
        for name in ("layer1", "layer2", "layer3"):
            blocks = [StackedBlock(g, b.conv1.in_channels, b.conv1.out_channels, b.conv1.stride[0], gate)
                      for b in getattr(first, name)]
            setattr(self, name, nn.Sequential(*blocks))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(first.fc.in_features, g * self.num_classes)  # weight G·classes×features: grouped below
        self.load_state_dict(stack_state_dicts([m.state_dict() for m in members]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        features = torch.flatten(self.avgpool(x), 1).view(len(x), self.groups, -1)  # N×G×F
        weight = self.fc.weight.view(self.groups, self.num_classes, -1)  # G×K×F
        return torch.einsum("ngf,gkf->gnk", features, weight) + self.fc.bias.view(self.groups, 1, -1)

    def unstack(self) -> list[dict[str, torch.Tensor]]:
        """Each member's state dict, exactly in CifarResNet's layout (copies, detached from the stack)."""
        return unstack_state_dict(self.state_dict(), self.groups)

    def member_norms(self, tensors: Sequence[torch.Tensor]) -> torch.Tensor:
        """Per-member 2-norms of stacked tensors (e.g. the weighted layers' gradients): a G×len(tensors) tensor."""
        norms = []
        for t in tensors:
            per_member = self.member_view(t.float())
            norms.append(torch.linalg.vector_norm(per_member, dim=tuple(range(1, per_member.ndim))))
        return torch.stack(norms, 1)

    def member_view(self, t: torch.Tensor) -> torch.Tensor:
        """A stacked parameter or buffer with its first axis split per member (G×...): a view, whatever its memory
        format, so ``member_view(t)[g]`` reads or writes member g in place."""
        return t.unflatten(0, (self.groups, -1))


def stack_state_dicts(states: Sequence[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """Members' state dicts concatenated along each tensor's first axis; the batch counter (a scalar) is shared."""
    out = {}
    for key, first in states[0].items():
        if first.ndim == 0:  # num_batches_tracked: every member has seen the same batches
            out[key] = first.clone()
        else:
            out[key] = torch.cat([s[key] for s in states])
    return out


def unstack_state_dict(state: dict[str, torch.Tensor], groups: int) -> list[dict[str, torch.Tensor]]:
    """The inverse of :func:`stack_state_dicts`: G state dicts, each tensor a contiguous copy of its chunk."""
    return [{k: (v.clone() if v.ndim == 0 else v.chunk(groups)[g].clone()) for k, v in state.items()}
            for g in range(groups)]
