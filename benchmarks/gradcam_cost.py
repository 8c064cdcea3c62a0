"""What a Grad-CAM costs next to one forward pass: resnet50, one 224×224 image, CPU, side by side in one run.

The Inspector computes the top-5 and the Grad-CAM from the *same* forward pass (resnet_viz.explain.explain), on a
private view whose parameters do not require gradients, so the backward pass runs only from the class score back to
the chosen layer (for layer4: the fully connected layer and the pooling) and computes no weight gradients.

Measured here (AMD EPYC, 2 cores, 24 GiB, torch 2.14.1 CPU; alternating repeats, medians; machine otherwise idle):

                                         2 threads (default)      1 thread
    one forward pass (inference_mode)     31.1 ms   1.00×        74.0 ms   1.00×
    top-5 + Grad-CAM at layer4            35.3 ms   1.13×        78.0 ms   1.05×   (target: at most 1.15×)
    top-5 + Grad-CAM at layer3            44.9 ms   1.44×        99.3 ms   1.34×
    top-5 + Grad-CAM at layer1            64.4 ms   2.07×       146.1 ms   1.97×
    private view of resnet152 / resnet50   3.2 ms / 1.0 ms (no tensor data copied)

The fixed cost (~4 ms: the private view, out-of-place ReLUs, captum's hooks, the upsampling) weighs more the
faster the forward pass is. Earlier stages cost more because the backward pass must run through the later stages.
With another process busy on the same 2 cores, every row slows down alike but the medians get noisy: rerun then.
Run it yourself: ``.venv/bin/python -m benchmarks.gradcam_cost`` (it prints ratios; nothing is asserted).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import torch

from resnet_viz.explain import explain, private_view
from resnet_viz.nets.models import build_model


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="resnet50")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    torch.manual_seed(0)
    model = build_model(args.model).eval()  # random weights: the cost does not depend on their values
    x = torch.randn(1, 3, args.size, args.size)

    def forward() -> None:
        with torch.inference_mode():
            model(x)

    layers = ["layer4", "layer3", "layer1"]
    runs = {"forward": forward, **{f"top-5 + Grad-CAM {layer}": (lambda l=layer: explain(model, x, layer=l))
                                   for layer in layers}}
    for fn in runs.values():  # warm up: allocator, oneDNN kernels, captum imports
        fn()
        fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):  # alternate, so a busy moment on the machine hurts every row alike
        for name, fn in runs.items():
            times[name].append(timed(fn))

    print(f"{args.model}, 1×3×{args.size}×{args.size}, {platform.processor() or platform.machine()}, "
          f"{torch.get_num_threads()} torch threads, torch {torch.__version__}, {args.repeats} repeats (medians)")
    base = statistics.median(times["forward"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<28} {median * 1000:8.1f} ms   {median / base:5.2f}× one forward pass")

    for name in ("resnet152", "resnet50"):
        big = build_model(name).eval()
        private_view(big)
        view_times = [timed(lambda: private_view(big)) for _ in range(20)]
        print(f"  private view of {name:<11} {statistics.median(view_times) * 1000:8.1f} ms")
    ratio = statistics.median(times["top-5 + Grad-CAM layer4"]) / base
    print(f"Grad-CAM (layer4, with the top-5) / forward = {ratio:.2f}× (target <= 1.15×)")


if __name__ == "__main__":
    main()
