"""Training throughput, side by side in one process: the engine vs a bare loop vs a naive DataLoader loop.

- engine: ``resnet_viz.train.trainer.Trainer.run`` (batches drawn from the dataset on the device, metrics counted on the
  device, gradient norms at log points, progress events);
- bare loop: the same networks (same initial weights) on the same batches, already prepared on the device, and
  nothing else: forward, loss, backward, step;
- naive: a ``torch.utils.data.DataLoader`` over a per-sample ``Dataset`` (uint8 -> float, normalisation and
  torchvision's transforms one image at a time in Python, collated per batch), the usual tutorial loop.

Each is timed over the same number of iterations after a warm-up, in alternating rounds; the best round counts.
Only ratios are compared; absolute numbers depend on the machine and on what else runs on it.

Evidence (2-core AMD EPYC VM (Zen 5, AVX-512), torch 2.14.1 CPU, 2 threads; the classroom preset: plain/ResNet 20
and 56, width 8, 16x16 Fashion-MNIST, batch 128; each image goes through all four networks; best of 3 rounds of 60
iterations; 2026-11-26):
    python -m benchmarks.training_throughput                      bare 914  engine 887  naive 891 images/s
        engine / bare loop = 0.97, engine / naive DataLoader = 1.00
    python -m benchmarks.training_throughput --augment crop-flip  bare 915  engine 921  naive 880 images/s
        engine / bare loop = 1.01, engine / naive DataLoader = 1.05
On this CPU the four networks' arithmetic dwarfs the data work (1-channel 16x16 images), so even the per-sample
loader costs little; the gap the engine's design closes is a GPU's (run with ``--device cuda``). A trap found on
the way: a 1-channel batch whose strides also read as channels_last sends oneDNN down its slower channels_last path
(0.85x here), so the engine's crops are built with a gather that keeps NCHW strides.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import torch
import torch.nn.functional as F
from torchvision.transforms import v2

from resnet_viz.train.config import PRESETS
from resnet_viz.train.data import normalize
from resnet_viz.train.trainer import Trainer


def engine(config, warmup: int) -> float:
    """Images/s of Trainer.run between its first log point after warm-up and its last."""
    trainer = Trainer(config)
    times = {}
    for event in trainer.run():
        if event["type"] == "log":
            times[event["iteration"]] = time.perf_counter()
    first, last = warmup, config.iterations
    return config.batch_size * (last - first) / (times[last] - times[first])


def bare(config, warmup: int) -> float:
    """Images/s of the plainest loop: same networks and batches, prepared beforehand, nothing else."""
    trainer = Trainer(config)
    batches = [b for _, b in zip(range(config.iterations), trainer.batches())]
    models = [(ln.model, ln.optimizer) for ln in trainer.lanes]
    for model, _ in models:
        model.train()
    start = None
    for i, (x, y) in enumerate(batches):
        if i == warmup:
            sync(trainer)
            start = time.perf_counter()
        for model, optimizer in models:
            with trainer.setup.autocast():  # the engine's precision (bf16 on CUDA), nothing more
                loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    sync(trainer)
    return config.batch_size * (config.iterations - warmup) / (time.perf_counter() - start)


def sync(trainer) -> None:
    if trainer.setup.cuda:
        torch.cuda.synchronize()


class PerSample(torch.utils.data.Dataset):
    """The tutorial way: one image at a time, converted, normalised and augmented (torchvision transforms)."""

    def __init__(self, images, labels, mean, std, augment: str):
        self.images, self.labels, self.mean, self.std = images, labels, mean, std
        steps = {"none": [v2.Identity()], "crop": [v2.RandomCrop(images.shape[-1], padding=4)],
                 "crop-flip": [v2.RandomCrop(images.shape[-1], padding=4), v2.RandomHorizontalFlip()]}[augment]
        self.transform = v2.Compose(steps)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(normalize(self.images[i:i + 1], self.mean, self.std)[0]), self.labels[i]


def naive(config, warmup: int) -> float:
    """Images/s of a DataLoader-per-sample loop training the same networks."""
    trainer = Trainer(config)
    data = PerSample(trainer.images.cpu(), trainer.labels.cpu(), trainer.mean.cpu(), trainer.std.cpu(),
                     config.augment)
    loader = torch.utils.data.DataLoader(data, batch_size=config.batch_size, shuffle=True, drop_last=True,
                                         generator=torch.Generator().manual_seed(config.seed))
    models = [(ln.model, ln.optimizer) for ln in trainer.lanes]
    start, i = None, 0
    while i < config.iterations:
        for x, y in loader:
            if i == warmup:
                sync(trainer)
                start = time.perf_counter()
            x, y = trainer.setup.prepare(x.to(trainer.setup.device)), y.to(trainer.setup.device)
            for model, optimizer in models:
                with trainer.setup.autocast():
                    loss = F.cross_entropy(model(x), y)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            i += 1
            if i == config.iterations:
                break
    sync(trainer)
    return config.batch_size * (config.iterations - warmup) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="classroom", choices=sorted(PRESETS))
    parser.add_argument("--iterations", type=int, default=60, help="timed iterations per round (after warm-up)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--augment", default=None, help="override the preset's augmentation (e.g. crop-flip)")
    parser.add_argument("--device", default=None)
    args = parser.parse_args()
    warmup = 10
    config = dataclasses.replace(PRESETS[args.preset], iterations=warmup + args.iterations, log_every=warmup,
                                 evals=1, device=args.device, epochs=None, engine="eager")  # lane by lane, as the
    # bare loop (benchmarks/engine_throughput.py compares the eager and the stacked engines)
    if args.augment:
        config = dataclasses.replace(config, augment=args.augment)
    torch.set_flush_denormal(True)  # as the engine does on CPU, for every variant alike
    results = {"bare loop": [], "engine": [], "naive DataLoader": []}
    for _ in range(args.rounds):
        for name, fn in (("bare loop", bare), ("engine", engine), ("naive DataLoader", naive)):
            results[name].append(fn(config, warmup))
    best = {k: max(v) for k, v in results.items()}
    print(f"{config.depths} plain+ResNet, width {config.width}, {config.image_size or 'native'} px, batch "
          f"{config.batch_size}, augment {config.augment}, {torch.get_num_threads()} threads, "
          f"{args.rounds} rounds of {args.iterations} iterations")
    for name, values in results.items():
        print(f"  {name:<17} best {best[name]:8.1f} images/s   median {statistics.median(values):8.1f}")
    print(f"engine / bare loop        = {best['engine'] / best['bare loop']:.2f}  (target >= 0.85)")
    print(f"engine / naive DataLoader = {best['engine'] / best['naive DataLoader']:.2f}")


if __name__ == "__main__":
    main()
