"""Pick the compute device: CUDA when present, else Apple MPS, else CPU; ``RESNET_VIZ_DEVICE`` overrides."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import os

import psutil
import torch


def pick_device(override: str | None = None) -> torch.device:
    """The device to build and run models on. ``override`` (or ``$RESNET_VIZ_DEVICE``) wins if it is usable."""
    wanted = override or os.environ.get("RESNET_VIZ_DEVICE")
    if wanted:
        device = torch.device(wanted)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device {wanted!r} was asked for, but CUDA is not available here")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError(f"device {wanted!r} was asked for, but Apple MPS is not available here")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def describe_device(device: torch.device) -> str:
    """A short human name: 'CUDA: NVIDIA H100 80GB HBM3', 'Apple MPS', 'CPU (2 cores)'."""
    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple MPS"
    cores = os.cpu_count() or 1  # not torch's thread count: a training run lowers that while it trains
    return f"CPU ({cores} core{'' if cores == 1 else 's'})"


def memory_in_use(device: torch.device) -> dict[str, float]:
    """This process's resident memory and, on CUDA, the memory PyTorch holds on the GPU; in MiB."""
    usage = {"process_mib": psutil.Process().memory_info().rss / 2**20}
    if device.type == "cuda":
        usage["gpu_mib"] = torch.cuda.memory_reserved(device) / 2**20
        usage["gpu_total_mib"] = torch.cuda.get_device_properties(device).total_memory / 2**20
    return usage


def is_out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` means a device or the host ran out of memory (CUDA, MPS or the CPU allocator)."""
    return isinstance(error, (MemoryError, torch.OutOfMemoryError)) or "out of memory" in str(error).lower()


def release_memory() -> None:
    """Give memory back after a large computation (a training run, a failed one): unreachable cycles collected,
    cached GPU blocks returned to the driver and, on glibc, the heap's free pages returned to the system
    (``malloc_trim``). Without the last, a classroom server's resident memory kept each finished run's peak: glibc
    keeps what a thread's arena freed (measured with benchmarks/load_test.py)."""
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _glibc():
    """glibc, where ``malloc_trim`` exists (Linux); None elsewhere (macOS, Windows, musl)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None
