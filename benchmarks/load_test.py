"""Load test: one server, many headless-Chromium students at once, on loopback.

Each of ``--sessions`` browser sessions (default 20) opens the Inspector, uploads a different Fashion-MNIST image
and waits for its top-5 and Grad-CAM, then downloads the overlay PNG; meanwhile ``--lab-runs`` of the students
(default two) also start short Degradation Lab runs. Every session's top-1 and map must equal a single-user run of the same image (computed
in this process with the library, the same code path the page calls), and no session may see an error.

Reports p50/p95 latency (upload -> result on screen) and the server's resident memory before, after warm-up,
during (peak) and after the test (all tabs closed), and checks that memory after the test is at most 20% above its
level after warm-up. Bounded: at most ``--sessions`` pages, ``--timeout`` seconds.

Run: ``.venv/bin/python -m benchmarks.load_test [--sessions 20]`` (needs Debian's chromium). The numbers measured
on the 2-core development machine are in the README's "Benchmarks" section.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil
from PIL import Image

from resnet_viz.explain import explain
from resnet_viz.explain.images import load_image
from resnet_viz.explain.sources import checkpoint_classifier, find_checkpoints
from resnet_viz.plots import overlay_image
from resnet_viz.train.data import load_sample
from tests.e2e.harness import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, IDLE_JS, app_server


def make_images(folder: Path, count: int) -> list[Path]:
    """``count`` different test images of the embedded Fashion-MNIST sample, as PNG files, one class after another."""
    test = load_sample("test")
    paths = []
    for i in range(count):
        index = (i % 10) * 200 + i // 10  # the sample is sorted by class: 200 per class
        path = folder / f"student-{i:02d}.png"
        Image.fromarray(test.images[index, 0].numpy()).save(path)
        paths.append(path)
    return paths


def expected_results(paths: list[Path]) -> dict[str, tuple[str, np.ndarray]]:
    """What a single user gets for each image: (top-1 class, the overlay the page offers for download)."""
    entry = next(e for e in find_checkpoints() if e.origin == "shipped")
    clf = checkpoint_classifier(entry.path)
    results = {}
    for path in paths:
        seen, x = clf.preprocess(load_image(path.read_bytes()))
        first = explain(clf.model, x)
        cam = explain(clf.model, x, target=first.target, layer=first.layer).cam
        results[path.name] = (clf.classes[first.target], overlay_image(seen, cam, 0.5, "Turbo"))
    return results


class MemoryWatch:
    """Samples the server's resident memory every 0.2 s in a thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> int:
        return self.process.memory_info().rss

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self.now())

    def cpu_s(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def __enter__(self) -> MemoryWatch:
        self.peak = self.now()
        self.cpu_at_start = self.cpu_s()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.cpu_used = self.cpu_s() - self.cpu_at_start
        self._stop.set()
        self._thread.join()


async def idle(page) -> None:
    await page.wait_for_function(IDLE_JS, polling=100, timeout=300_000)


async def errors_on(page) -> list[str]:
    boxes = page.locator('[data-testid="stAlertContentError"], [data-testid="stException"]')
    return [await boxes.nth(i).inner_text() for i in range(await boxes.count())]


async def inspector_session(context, url: str, image: Path) -> dict:
    """Open the Inspector, upload ``image``, wait for its result, download the overlay."""
    page = await context.new_page()
    page.set_default_timeout(300_000)
    await page.goto(url)
    await page.get_by_role("link", name="Inspector").click()
    await page.get_by_text("Where the image comes from").wait_for()
    await idle(page)
    await page.locator('[data-testid="stRadio"]').filter(has_text="Where the image comes from") \
        .get_by_text("Upload", exact=True).click()
    await idle(page)
    started = time.perf_counter()
    await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(image))
    await page.get_by_text(f"{image.name}, resized", exact=False).wait_for()
    await idle(page)
    latency = time.perf_counter() - started
    heading = await page.get_by_text("Where it looked for", exact=False).first.inner_text()
    async with page.expect_download() as download:
        await page.get_by_role("button", name="Download PNG").click()
    overlay = np.asarray(Image.open(io.BytesIO(Path(await (await download.value).path()).read_bytes())))
    await idle(page)
    return {"image": image.name, "latency_s": latency, "top1": heading.split("“", 1)[1].split("”", 1)[0],
            "overlay": overlay, "errors": await errors_on(page)}


async def lab_session(context, url: str, iterations: int) -> dict:
    """Start a short Degradation Lab run and wait for it to finish."""
    page = await context.new_page()
    page.set_default_timeout(300_000)
    await page.goto(url)
    await page.get_by_role("link", name="Degradation Lab").click()
    await idle(page)
    budget = page.get_by_role("spinbutton", name="Iterations", exact=True)
    await budget.fill(str(iterations))
    await budget.press("Enter")
    await idle(page)
    started = time.perf_counter()
    await page.get_by_role("button", name="Start training").click()
    reacted = page.get_by_text("in the queue", exact=False).or_(page.get_by_test_id("stProgress")) \
        .or_(page.get_by_text("Loading the data", exact=False)).or_(page.get_by_text("Finished in", exact=False))
    await reacted.first.wait_for(timeout=60_000)  # the click was taken: queued, loading, training or done
    await page.get_by_text("Finished in", exact=False).wait_for(timeout=600_000)
    await idle(page)
    return {"lab_s": time.perf_counter() - started, "errors": await errors_on(page)}


def check(result: dict, expected: dict) -> list[str]:
    """Differences between a session's result and the single-user result for its image."""
    top1, overlay = expected[result["image"]]
    problems = []
    if result["top1"] != top1:
        problems.append(f"{result['image']}: top-1 {result['top1']!r}, single user {top1!r}")
    if result["overlay"].shape != overlay.shape or np.abs(result["overlay"].astype(int) - overlay).max() > 1:
        problems.append(f"{result['image']}: the Grad-CAM overlay differs from the single-user one")
    return problems


async def drive(url: str, images: list[Path], warmup_image: Path, expected: dict, memory: dict, pid: int,
                lab_iterations: int, lab_runs: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # Warm-up: one student, one image and one tiny Lab run, so every code path has run once.
        context = await browser.new_context(viewport={"width": 1300, "height": 900})
        warm = await inspector_session(context, url, warmup_image)
        warm_lab = await lab_session(context, url, min(20, lab_iterations)) if lab_runs else {"errors": []}
        await context.close()
        await asyncio.sleep(5)
        memory["after_warmup"] = psutil.Process(pid).memory_info().rss

        contexts = [await browser.new_context(viewport={"width": 1300, "height": 900}) for _ in images]
        started = time.perf_counter()
        with MemoryWatch(pid) as watch:
            tasks = [inspector_session(c, url, image) for c, image in zip(contexts, images)]
            tasks += [lab_session(contexts[i], url, lab_iterations) for i in range(min(lab_runs, len(contexts)))]
            try:
                results = await asyncio.gather(*tasks)
            except Exception:
                for i, c in enumerate(contexts):  # what each student was looking at when it went wrong
                    for j, page in enumerate(c.pages):
                        await page.screenshot(path=str(ARTIFACTS / f"load-test-failure-{i:02d}-{j}.png"))
                raise
            memory["during_peak"] = watch.peak
        wall = time.perf_counter() - started
        server_cpu = watch.cpu_used
        await contexts[0].pages[0].screenshot(path=str(ARTIFACTS / "load-test-student-0.png"))
        for c in contexts:
            await c.close()
        await browser.close()
    return {"warm": warm, "warm_lab": warm_lab, "results": results, "wall_s": wall, "server_cpu_s": server_cpu}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--lab-iterations", type=int, default=40)
    parser.add_argument("--lab-runs", type=int, default=2, help="students who also start a Lab run")
    parser.add_argument("--settle", type=float, default=30, help="seconds to wait after closing every tab")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)

    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        images = make_images(tmp, args.sessions + 1)
        warmup_image, images = images[-1], images[:-1]
        expected = expected_results(images + [warmup_image])
        env = {"RESNET_VIZ_RUNS_DIR": str(tmp / "runs"), "RESNET_VIZ_ORPHAN_GRACE_S": "5"}
        with app_server(env=env, log=ARTIFACTS / "streamlit-load-test.log") as (url, proc):
            server = psutil.Process(proc.pid)
            memory = {"before": server.memory_info().rss}
            run = asyncio.run(asyncio.wait_for(
                drive(url, images, warmup_image, expected, memory, proc.pid, args.lab_iterations,
                      args.lab_runs), args.timeout))
            time.sleep(args.settle)
            memory["after"] = server.memory_info().rss

    inspector = [r for r in run["results"] if "image" in r]
    labs = [r for r in run["results"] if "lab_s" in r]
    problems = check(run["warm"], expected)
    for r in inspector:
        problems += check(r, expected)
    errors = [e for r in [run["warm"], run["warm_lab"], *run["results"]] for e in r["errors"]]
    latencies = sorted(r["latency_s"] for r in inspector)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    growth = memory["after"] / memory["after_warmup"] - 1
    cores = psutil.cpu_count()
    report = {
        "sessions": len(inspector), "lab_runs": len(labs), "wall_s": round(run["wall_s"], 1),
        "latency_p50_s": round(statistics.median(latencies), 2), "latency_p95_s": round(p95, 2),
        "latency_max_s": round(latencies[-1], 2), "lab_run_s": [round(r["lab_s"], 1) for r in labs],
        # the server's CPU time over the concurrent phase, and its share of all cores (the browsers take the rest)
        "server_cpu_s": round(run["server_cpu_s"], 1),
        "server_cpu_share": round(run["server_cpu_s"] / (run["wall_s"] * cores), 2),
        "memory_mib": {k: round(v / 2**20) for k, v in memory.items()},
        "memory_after_vs_warmup": round(growth, 3),
        "wrong_results": problems, "errors_seen": errors,
        "cpu_count": cores,
    }
    print(f"{len(inspector)} sessions: p50 {report['latency_p50_s']} s, p95 {report['latency_p95_s']} s; "
          f"memory before {report['memory_mib']['before']} MiB, after warm-up {report['memory_mib']['after_warmup']},"
          f" peak {report['memory_mib']['during_peak']}, after {report['memory_mib']['after']} "
          f"({growth:+.1%} vs warm-up); server CPU {report['server_cpu_s']} s, {report['server_cpu_share']:.0%} of "
          f"{report['cpu_count']} cores over {report['wall_s']} s; wrong results: {len(problems)}; "
          f"errors: {len(errors)}")
    (ARTIFACTS / "load-test.json").write_text(json.dumps(report, indent=1))  # read by tests/e2e/test_load.py
    print(json.dumps(report))  # the last line: one JSON object of measured figures
    return report


if __name__ == "__main__":
    report = main()
    ok = not report["wrong_results"] and not report["errors_seen"] and report["memory_after_vs_warmup"] <= 0.2
    sys.exit(0 if ok else 1)
