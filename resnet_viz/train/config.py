"""What decides a run: the config (the paper's CIFAR recipe by default, Sec. 4.2), the presets, and the recipe's
small functions (the learning-rate schedule, the evaluation points, a network's name in a run).

He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", arXiv:1512.03385, Sec. 4.2: SGD with momentum
0.9, weight decay 1e-4, batch 128, learning rate 0.1 divided by 10 at 32k and 48k iterations, stop at 64k; 4 pixels
of padding, random 32x32 crops and horizontal flips. Reading a config needs no torch.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from resnet_viz.errors import UserError
from resnet_viz.nets.paper import TABLE6
from resnet_viz.train.data import DATASETS


class ConfigError(UserError):
    """A training setup that cannot run; the message is one line meant for the user."""

    MESSAGES = {
        "config.no_depths": "choose at least one depth",
        "config.depth": "depth {depth} is not 6n+2 (the paper's CIFAR nets: {paper})",
        "config.dataset": "unknown dataset {dataset!r}: choose one of {choices}",
        "config.augment": "augment must be one of {choices}, not {augment!r}",
        "config.positive": "{field} must be positive, got {value}",
        "config.final_window": "final_window must be in (0, 1], got {value}",
        "config.too_few_images": "the training set has {images} images, fewer than one batch ({batch})",
        "config.batch_split": "batch size {batch} does not split over {processes} processes",
        "config.engine": "engine must be one of {choices}, not {engine!r}",
        "config.network": "{network!r} is not one of this run's networks ({choices})",
        "config.stacked_bn": "the stacked engine needs batch norm: train a run without it with engine eager or auto",
    }


def model_key(depth: int, residual: bool) -> str:
    """'plain-20', 'resnet-56': the name of one network in a run."""
    return f"{'resnet' if residual else 'plain'}-{depth}"


def network_keys(depths) -> list[str]:
    """The networks of a run with these depths, in their order: each depth's plain net, then its ResNet."""
    return [model_key(d, r) for d in depths for r in (False, True)]


@dataclasses.dataclass
class TrainConfig:
    """Everything that decides a run. The defaults are the paper's CIFAR-10 recipe (Sec. 4.2)."""

    # -- the networks: each depth is trained twice, as a plain net and as a ResNet, on the same batches ------------
    depths: tuple[int, ...] = (20, 32, 44, 56)  # the paper's Figure 6 (ResNet-110 too); any 6n+2 builds
    networks: tuple[str, ...] = ()  # only these of the depths' networks ("plain-56", "resnet-20"); empty: all of them.
    #                                 Not part of the recipe: each network learns exactly as it would beside the others
    width: int = 16  # stem filters; the three stages use width, 2*width, 4*width (paper: 16/32/64)
    batch_norm: bool = True  # batch norm after each conv (paper, Sec. 3.4); False: none, a bias on each conv instead.
    #                          A run file without this key ran with batch norm (RECIPE_DEFAULTS)
    # -- the data ---------------------------------------------------------------------------------------------------
    dataset: str = "cifar10"  # a key of resnet_viz.train.data.DATASETS
    data_dir: str | None = None  # where to look first (torchvision's layout, or a flat folder of .gz files)
    download: bool = False  # let torchvision download the dataset if it is not found
    train_size: int | None = None  # train on a fixed, class-mixed subset of this many images (None: all)
    test_size: int | None = None  # evaluate on a fixed subset of the test split (None: all)
    image_size: int | None = None  # resize every image once, before training (None: keep the native size)
    augment: str = "crop-flip"  # "crop-flip" (pad 4, random crop, horizontal flip: the paper), "crop", "none"
    # -- the optimiser: the paper's recipe ---------------------------------------------------------------------------
    batch_size: int = 128
    iterations: int = 64_000
    epochs: float | None = None  # if set, replaces iterations: epochs x (training images // batch_size)
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 1e-4
    milestones: tuple[float, ...] = (0.5, 0.75)  # lr *= gamma at these fractions of the run (paper: 32k, 48k of 64k)
    gamma: float = 0.1
    warmup: int = 0  # iterations of linear warm-up to lr (paper: none; 0.01 for ResNet-110's first ~400)
    # -- measuring ---------------------------------------------------------------------------------------------------
    log_every: int = 100  # one training-error point per this many iterations: the error over those iterations
    evals: int = 32  # test-error evaluations, evenly spaced, the last one at the end of the run
    final_window: float = 0.1  # "final training error": the error over this last fraction of the iterations
    seed: int = 0  # one seed for the weights, the batch order and the augmentation
    # -- where --------------------------------------------------------------------------------------------------------
    device: str | None = None  # "cpu", "cuda", "mps"; None picks the best available
    threads: int | None = None  # torch.set_num_threads on CPU (None: torch's default, one per core)
    # -- how the networks are stepped: never part of the recipe (the same updates either way, up to rounding) -------
    engine: str = "auto"  # "eager": each network on its own; "stacked": each depth's twins as one batched model
    #                       (resnet_viz.nets.twins); "auto": stacked on CUDA and for narrow nets on a CPU (engine_plan)
    graphs: bool | None = None  # record the training step once as a CUDA graph and replay it (None: on CUDA, alone)

    def __post_init__(self) -> None:
        self.depths = tuple(int(d) for d in self.depths)
        self.networks = tuple(str(n) for n in self.networks)
        self.milestones = tuple(float(m) for m in self.milestones)
        if not self.depths:
            raise ConfigError("config.no_depths")
        for d in self.depths:
            if d < 8 or (d - 2) % 6:
                raise ConfigError("config.depth", depth=d, paper="/".join(map(str, TABLE6)))
        if self.dataset not in DATASETS:
            raise ConfigError("config.dataset", dataset=self.dataset, choices=", ".join(DATASETS))
        if self.augment not in AUGMENTATIONS:
            raise ConfigError("config.augment", augment=self.augment, choices=", ".join(AUGMENTATIONS))
        if self.epochs is not None and self.epochs <= 0:
            raise ConfigError("config.positive", field="epochs", value=self.epochs)
        for name in ("width", "batch_size", "iterations", "log_every", "evals"):
            if getattr(self, name) < 1:
                raise ConfigError("config.positive", field=name, value=getattr(self, name))
        if not 0 < self.final_window <= 1:
            raise ConfigError("config.final_window", value=self.final_window)
        if self.engine not in ENGINES:
            raise ConfigError("config.engine", engine=self.engine, choices=", ".join(ENGINES))
        if self.engine == "stacked" and not self.batch_norm:
            raise ConfigError("config.stacked_bn")
        every = network_keys(self.depths)
        for network in self.networks:
            if network not in every:
                raise ConfigError("config.network", network=network, choices=", ".join(every))

    def trains(self, depth: int, residual: bool) -> bool:
        """Whether this run trains the plain net (``residual=False``) or the ResNet of ``depth``."""
        return depth in self.depths and (not self.networks or model_key(depth, residual) in self.networks)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        """The config of a run file (unknown keys ignored; a key added since it was written takes its default)."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


# Recipe keys added after run files were first saved, with the value those older runs trained with: a run file
# without the key is read as this (classroom.recipe compares recipes with them filled in).
RECIPE_DEFAULTS: dict[str, Any] = {"batch_norm": True}


AUGMENTATIONS = ("crop-flip", "crop", "none")
ENGINES = ("auto", "eager", "stacked")
PAPER = TrainConfig()

# The presets. Classroom: a 2-core CPU, about two minutes for plain/ResNet 20 and 56. Everything it changes from the
# paper applies to all four networks alike and is listed by departures_from_paper() in the run file and on the page:
# width 8, the embedded 10k-image sample shrunk to 16x16, and 480 iterations (time: a quarter of the paper's FLOPs per
# image, ~6 epochs); no augmentation (the lesson is about *training* error); 60 iterations of linear warm-up (without
# it the 56-layer nets' first steps at lr 0.1 are erratic; the paper warms ResNet-110 up for the same reason).
# Measured on this repository's 2-core CPU, seeds 0/1/2: plain-56 minus plain-20 = +0.29/+0.32/+0.25 final training
# error, ResNet-56 minus ResNet-20 = -0.004/-0.004/-0.008.
PRESETS: dict[str, TrainConfig] = {
    "classroom": TrainConfig(
        depths=(20, 56), width=8, dataset="fashion-mnist-sample", image_size=16, augment="none", iterations=480,
        warmup=60, log_every=10, evals=4, final_window=0.25,
    ),
    "paper": TrainConfig(),
}


def departures_from_paper(config: TrainConfig, cuda: bool | None = None) -> list[dict[str, Any]]:
    """The settings where a run of ``config`` differs from the paper's (field, paper's value, this run's value):
    the recipe's fields; the inputs' normalisation, always (the paper subtracts the per-pixel mean, Sec. 4.2; these
    runs the training split's per-channel mean and std: resnet_viz.train.data.normalize); ResNet-110's warm-up where
    a depth of 110 or more trains (Sec. 4.2: lr 0.01 until the training error is below 80%, about 400 iterations);
    and on CUDA (``cuda``, else read from ``config.device``) the arithmetic (bf16 autocast and channels-last:
    engine.device_setup; the paper's 2015 GPUs ran fp32)."""
    recipe = ("dataset", "train_size", "image_size", "width", "batch_norm", "augment", "batch_size", "iterations", "lr",
              "momentum", "weight_decay", "milestones", "gamma", "warmup")
    mine, paper = config.to_dict(), PAPER.to_dict()
    found = [{"field": f, "paper": paper[f], "used": mine[f]} for f in recipe if mine[f] != paper[f]]
    found.append({"field": "normalization", "paper": "per-pixel", "used": "per-channel"})
    if max(config.depths) >= 110:
        found.append({"field": "warmup_110", "paper": "constant", "used": config.warmup})
    if cuda if cuda is not None else str(config.device or "").startswith("cuda"):
        found.append({"field": "precision", "paper": "fp32", "used": "bf16"})
    return found


def learning_rate(config: TrainConfig, iteration: int) -> float:
    """Linear warm-up, then the paper's step decay at fixed fractions of the run."""
    if iteration < config.warmup:
        return config.lr * (iteration + 1) / config.warmup
    steps = sum(iteration >= round(m * config.iterations) for m in config.milestones)
    return config.lr * config.gamma**steps


def eval_points(config: TrainConfig) -> set[int]:
    """The iterations (1-based counts) after which the test error is measured: evenly spaced, the last at the end."""
    n = min(config.evals, config.iterations)
    return {round(k * config.iterations / n) for k in range(1, n + 1)}
