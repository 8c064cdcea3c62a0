"""How a class experiment's parts should share the CPU: one part on every thread, or one part a core on one thread
each. Times one log interval of each depth of the classroom recipe three ways, in one run, and prints the
network-iterations per second of each beside the others.

    python -m benchmarks.class_workers

Layouts: ``1x1`` (one part, one torch thread: the class engine before this benchmark, beside a core left to the
pages), ``1x2`` (one part, both threads), ``2x1`` (two parts at once, each in its own thread on one torch thread,
at the lowered priority the engine gives them: engine.class_plan). The figure is resnet_viz.train.parts.measure_speed's
(machine seconds per network-iteration: the slowest worker's fastest interval of three, over the workers).

Printed as the last line, one JSON object: ``network_iterations_per_s`` (layout -> depth -> rate), ``speedup``
(each layout's rate over ``1x1``'s, per depth), ``cores`` and ``cpu``. Evidence: README, "The class experiment at
class size".
"""

from __future__ import annotations

import json
import os

from resnet_viz.train import classroom, parts
from resnet_viz.train.config import PRESETS
from resnet_viz.train.engine import _cpu_name

LAYOUTS = {"1x1": (1, 1), "1x2": (1, 2), "2x1": (2, 1)}  # name -> (workers, threads)


def main() -> dict:
    recipe = classroom.recipe(PRESETS["classroom"].to_dict())
    rates = {}
    for name, (workers, threads) in LAYOUTS.items():
        speed = parts.measure_speed(recipe, "cpu", threads, intervals=4, workers=workers)
        rates[name] = {str(d): round(1 / s, 2) for d, s in speed.items()}
        print(name, rates[name], flush=True)
    result = {"network_iterations_per_s": rates,
              "speedup": {name: {d: round(r / rates["1x1"][d], 2) for d, r in by.items()} for name, by in rates.items()},
              "cores": os.cpu_count(), "cpu": _cpu_name()}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
