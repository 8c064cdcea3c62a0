"""The Inspector's and the Architecture page's GPU paths, checked against the CPU and timed, in one run.

Run on a CUDA machine: ``python -m benchmarks.gpu_check`` (part of benchmarks/gpu_session.sh). Prints: whether
predictions, Grad-CAM maps and feature maps computed on the GPU match the CPU's for resnet50 (random weights, a
fixed random image), Grad-CAM's cost relative to one forward pass on the GPU, and the Architecture page's
ResNet-152 computation on the GPU.
"""

import statistics
import time

import torch

from resnet_viz.explain import explain, feature_maps, private_view
from resnet_viz.nets.models import build_model
from resnet_viz.nets.summary import describe


def timed(fn, repeats=20):
    fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    assert torch.cuda.is_available(), "no CUDA device"
    print("device:", torch.cuda.get_device_name(0))
    torch.manual_seed(0)
    cpu_model = build_model("resnet50").eval()
    gpu_model = build_model("resnet50").eval()
    gpu_model.load_state_dict(cpu_model.state_dict())
    gpu_model = gpu_model.cuda()
    x = torch.rand(1, 3, 224, 224)

    on_cpu, on_gpu = explain(cpu_model, x), explain(gpu_model, x.cuda())
    print("top-5 equal (CPU vs GPU):", on_cpu.prediction.indices == on_gpu.prediction.indices)
    print(f"Grad-CAM max |CPU - GPU|: {abs(on_cpu.cam - on_gpu.cam).max():.2e}")
    maps_cpu, maps_gpu = feature_maps(cpu_model, x), feature_maps(gpu_model, x.cuda())
    worst = max(float(abs(maps_cpu[k] - maps_gpu[k]).max() / (abs(maps_cpu[k]).max() + 1e-12)) for k in maps_cpu)
    print(f"feature maps: {len(maps_cpu)} taps, worst relative difference {worst:.2e}")
    hooks = sum(len(m._forward_hooks) + len(m._forward_pre_hooks) + len(m._backward_hooks) for m in gpu_model.modules())
    print("hooks left on the shared GPU model:", hooks)

    view = private_view(gpu_model)
    xg = x.cuda()

    def forward():
        with torch.inference_mode():
            view(xg)

    t_forward = timed(forward)
    t_cam = timed(lambda: explain(gpu_model, xg))
    print(f"resnet50 224x224 on GPU: forward {t_forward * 1e3:.2f} ms, prediction + Grad-CAM "
          f"{t_cam * 1e3:.2f} ms, ratio {t_cam / t_forward:.2f}")

    t0 = time.perf_counter()
    report = describe("resnet152", device="cuda")
    torch.cuda.synchronize()
    print(f"Architecture page, resnet152 on GPU (cold: build + layer table): {time.perf_counter() - t0:.2f} s, "
          f"{report.table.params:,} params, {report.table.macs / 1e9:.3f} GMACs")


if __name__ == "__main__":
    main()
