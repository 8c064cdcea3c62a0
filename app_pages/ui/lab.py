"""Streamlit glue for the Degradation Lab: widget state from presets, links and class experiments, the run in the
server's job queue, saved runs.

- Training never runs in the script body: Start submits a job to the server's one queue (``job_queue()``), so a run
  keeps going when the user switches pages, queues behind other browsers' runs, and never blocks them.
- Saved runs are read through ``st.cache_data`` keyed by (path, modification time), bounded.
- In a class experiment (``?assignment=ID``) the recipe is the teacher's, the seed is handed out by the server and
  the run is tagged for the class board.
- Anything that fails ends as one translated ``st.error`` line, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.ui import links
from app_pages.ui.errors import message
from app_pages.ui.server import class_engines, device, job_queue, saved_file, session_job, still_running
from app_pages.ui.session import session_id
from resnet_viz.errors import UserError
from resnet_viz.explain.init import InitComparison
from resnet_viz.explain.init import init_comparison as compare_inits
from resnet_viz.i18n import Translator
from resnet_viz.nets.models import CIFAR_DEPTHS
from resnet_viz.paths import runs_dir
from resnet_viz.nets import paper
from resnet_viz.train import classroom
from resnet_viz.train.config import PRESETS, TrainConfig
from resnet_viz.train.data import DATASETS, PAD, load_sample
from resnet_viz.train.data import title as dataset_title
from resnet_viz.train.engine import class_plan, server_threads
from resnet_viz.train.estimate import estimate_seconds
from resnet_viz.train.job import training_job
from resnet_viz.train.jobs import Job
from resnet_viz.train.parts import Part, describe_budget, measure_speed, size_iterations, sized_recipe
from resnet_viz.train.runs import list_runs, load_run, run_files

WIDTHS = (4, 8, 16, 32)
IMAGE_SIZES = (0, 16, 20, 24, 28, 32)  # 0: the dataset's own size
PRESET_NAMES = ("classroom", "paper")
CLASS_SIZE, CLASS_MINUTES = 30, 10  # a class experiment's defaults: a class, and a board within the lesson
CPU_WARN_ITERATIONS = 5_000  # above this on a CPU, say that the run is a GPU job


def preset_values(name: str) -> dict[str, Any]:
    """The Lab's widget values for a preset."""
    cfg = PRESETS[name]
    return {
        "lab_depths": list(cfg.depths), "lab_dataset": cfg.dataset, "lab_width": cfg.width,
        "lab_iterations": cfg.iterations, "lab_seed": cfg.seed, "lab_image_size": cfg.image_size or 0,
        "lab_lr": cfg.lr, "lab_warmup": cfg.warmup, "lab_augment": cfg.augment,
    }


def init_state() -> None:
    """First visit: the Classroom preset, and the first reference run on the chart (it opens instantly). The settings
    live in plain session-state keys (``session.bound``), so they are as they were when the user comes back."""
    ss = st.session_state
    load_sample("test")  # read the embedded sample here, in the script thread, not first in a training thread
    if "lab_preset" not in ss:
        ss["lab_preset"] = "classroom"
        ss.update(preset_values("classroom"))
        ss.setdefault("lab_data_dir", "")
    ss.setdefault("lab_class_students", CLASS_SIZE)
    ss.setdefault("lab_class_minutes", CLASS_MINUTES)
    if "lab_compare" not in ss:
        references = [str(p) for p, ref in run_files() if ref]
        ss["lab_compare"] = references[:1]


def apply_preset() -> None:
    st.session_state.update(preset_values(st.session_state["lab_preset"]))


def apply_link_preset() -> None:
    """A followed link names the preset and the main settings: the preset's values for the rest."""
    ss = st.session_state
    values = preset_values(ss["lab_preset"])
    ss.update({k: v for k, v in values.items() if k in ("lab_image_size", "lab_lr", "lab_warmup", "lab_augment")})


# ---------------------------------------------------------------------------------------------------------------
# The page's settings as a link
# ---------------------------------------------------------------------------------------------------------------


def run_stem(path: str | Path) -> str:
    """A saved run's name in a link: its file name without '.json' (never a path)."""
    return Path(path).stem


def url_params() -> list[links.Param]:
    """The Lab's settings in the URL: preset, depths, dataset, width, iterations, seed, run (saved runs shown) and
    assignment (a class experiment)."""
    classroom_values = preset_values("classroom")
    by_stem = {run_stem(s["path"]): s["path"] for s in saved_runs()}

    def runs(value: str) -> list[str]:
        stems = [v for v in value.split(",") if v]
        if any(stem not in by_stem for stem in stems):
            raise ValueError(value)
        return [by_stem[stem] for stem in stems]

    def assignment(value: str) -> str:
        if value:
            classroom.load(value)  # an AssignmentError for an unknown or malformed id
        return value

    return [
        links.choice("preset", "lab_preset", PRESET_NAMES, "classroom"),
        links.integers("depths", "lab_depths", CIFAR_DEPTHS, classroom_values["lab_depths"]),
        links.choice("dataset", "lab_dataset", list(DATASETS), classroom_values["lab_dataset"]),
        links.choice("width", "lab_width", WIDTHS, classroom_values["lab_width"], str),
        links.integer("iterations", "lab_iterations", 1, 200_000, classroom_values["lab_iterations"]),
        links.integer("seed", "lab_seed", 0, 2**31 - 1, 0),
        links.Param("run", "lab_compare", runs, [], lambda paths: ",".join(run_stem(p) for p in paths)),
        links.Param("assignment", "lab_assignment", assignment, ""),
    ]


# ---------------------------------------------------------------------------------------------------------------
# The class experiment
# ---------------------------------------------------------------------------------------------------------------


def current_assignment() -> classroom.Assignment | None:
    """The class experiment this session is part of (``?assignment=ID``), or None."""
    assignment_id = st.session_state.get("lab_assignment") or ""
    if not assignment_id:
        return None
    try:
        return classroom.load(assignment_id)
    except UserError:
        st.session_state["lab_assignment"] = ""
        return None


def join(assignment: classroom.Assignment) -> Part | None:
    """Take the teacher's recipe into the widgets; the student's part of the class's figure once they have pressed
    Start (its seed in the seed box), else None."""
    ss = st.session_state
    recipe = assignment.recipe
    ss.update({"lab_depths": list(recipe["depths"]), "lab_dataset": recipe["dataset"], "lab_width": recipe["width"],
               "lab_iterations": recipe["iterations"], "lab_image_size": recipe.get("image_size") or 0,
               "lab_lr": recipe["lr"], "lab_warmup": recipe["warmup"], "lab_augment": recipe["augment"]})
    part = my_part(assignment)
    if part is not None:
        ss["lab_seed"] = part.seed
    return part


def my_part(assignment: classroom.Assignment | None) -> Part | None:
    """This session's part of a class experiment (None before Start, or outside one)."""
    if assignment is None or assignment.stopped:
        return None
    try:
        return class_engines().get(assignment.id).part_of(session_id())
    except UserError:
        return None


def leave() -> None:
    st.session_state["lab_assignment"] = ""


def create_assignment(tr: Translator) -> None:
    """The teacher's button: a class experiment with the current settings, its iterations sized for the class and
    this server (the speed measured now); its id goes into this session, which may stop it."""
    ss = st.session_state
    try:
        config = config_from_state()
        recipe = classroom.recipe(config.to_dict())
        workers, threads = class_plan(device().type)
        speed = measure_speed(recipe, str(device()), threads, workers=workers)
        budget = size_iterations(recipe, int(ss["lab_class_students"]), float(ss["lab_class_minutes"]), speed,
                                 workers)
        budget.update(threads=threads, device=str(device()), speed={str(d): round(v, 5) for d, v in speed.items()})
        label = ss.get("lab_assignment_label", "").strip()[:80] or tr(  # a name the class reads, never the id
            "lab.class.default_label", depths="/".join(map(str, recipe["depths"])))
        assignment = classroom.create(sized_recipe(recipe, budget), label=label, budget=budget)
    except (UserError, OSError) as e:
        ss["lab_message"] = tr("lab.failed", message=message(tr, e))
        return
    ss["lab_assignment"] = assignment.id
    ss["lab_teacher_of"] = assignment.id


def stop_assignment() -> None:
    """The teacher's Stop: every part of the class experiment ends, and no more are handed out."""
    assignment = current_assignment()
    if assignment is not None and st.session_state.get("lab_teacher_of") == assignment.id:
        class_engines().stop(assignment.id)


def show_budget(assignment: classroom.Assignment, tr: Translator) -> None:
    """The budget line: a warning where the recipe's iterations were cut (the teacher must see it), else a caption."""
    line = budget_line(assignment, tr)
    if line is None:
        return
    b = assignment.budget
    if b["iterations"] < b["recipe_iterations"] or not b["fits"]:
        st.warning(line, icon=":material/timer:")
    else:
        st.caption(line)


def budget_line(assignment: classroom.Assignment, tr: Translator) -> str | None:
    """What the class experiment was sized for and why, or None for one made before budgets."""
    b = assignment.budget
    if not b.get("students"):
        return None
    values = dict(students=b["students"], minutes=f"{b['minutes']:g}", iterations=f"{b['iterations']:,}",
                  recipe=f"{b['recipe_iterations']:,}")
    if not b["fits"]:
        return tr("lab.class.budget.over", **values)
    facts = describe_budget(b, assignment.recipe)
    if facts["case"] == "old":
        return tr.count("lab.class.budget.old", b["part_size"], **values)
    students = tr(f"lab.class.budget.{facts['students_case']}", students=b["students"], parts=facts["parts"],
                  missing=facts["missing"])
    return tr.count("lab.class.budget", facts["part_size"], seeds=facts["seeds"], per_seed=facts["per_seed"],
                    networks=facts["networks"], parts=facts["parts"], workers=facts["workers"],
                    planned=duration(facts["planned_s"], tr), **dict(values, students=students))


def config_from_state() -> TrainConfig:
    """The run the widgets describe: the preset, with the widgets' values in place of its own; in a class
    experiment, the teacher's recipe with this session's seed."""
    ss = st.session_state
    machine = dict(seed=int(ss["lab_seed"]), device=str(device()), threads=training_threads(),
                   data_dir=ss.get("lab_data_dir", "").strip() or None)
    assignment = current_assignment()
    if assignment is not None:
        return TrainConfig.from_dict({**assignment.recipe, **machine})
    return dataclasses.replace(
        PRESETS[ss["lab_preset"]], depths=tuple(sorted(ss["lab_depths"])), dataset=ss["lab_dataset"],
        width=int(ss["lab_width"]), iterations=int(ss["lab_iterations"]),
        image_size=int(ss["lab_image_size"]) or None, lr=float(ss["lab_lr"]), warmup=int(ss["lab_warmup"]),
        augment=ss["lab_augment"], epochs=None, **machine,
    )


def training_threads() -> int | None:
    """The server's training threads (one core left to the pages on a CPU: engine.server_threads)."""
    return server_threads(device().type)


def describe_departures(departures: list[dict[str, Any]], tr: Translator, key: str) -> str:
    """``key``'s sentence with 'width 16 → 8 · iterations 64,000 → 480 · …', or one saying the recipe is the
    paper's."""
    parts = []
    for d in departures:
        paper, used = (_show(d["field"], d[k], tr) for k in ("paper", "used"))
        parts.append(f"{tr('lab.field.' + d['field'])} {paper} → {used}")
    return tr(key, changes=" · ".join(parts)) if parts else tr("lab.departures.none")


def dataset_name(name: str, tr: Translator) -> str:
    """A dataset's title in the user's language."""
    return tr.message(dataset_title(name)) if name in DATASETS else str(name)


def _show(field: str, value: Any, tr: Translator) -> str:
    if value is None:
        return {"image_size": tr("lab.image_size.native"), "train_size": tr("lab.value.all")}.get(field, "—")
    if field == "dataset":
        return dataset_name(value, tr)
    if field == "augment":
        return tr(f"lab.augment.{value}", pad=PAD)
    if field == "milestones":
        return ", ".join(f"{m:.0%}" for m in value)
    if field == "normalization":
        return tr(f"lab.norm.{value}")
    if field == "warmup_110":
        if value == "constant":
            return tr("lab.warmup110.constant", lr=paper.RESNET110_WARMUP_LR, error=paper.RESNET110_WARMUP_UNTIL,
                      iterations=paper.RESNET110_WARMUP_ITERATIONS)
        return tr("lab.warmup110.linear", n=value) if value else tr("lab.warmup110.none")
    if field == "precision":
        return tr(f"lab.precision.{value}", name="bfloat16")
    if isinstance(value, bool):
        return tr(f"lab.value.{'on' if value else 'off'}")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# ---------------------------------------------------------------------------------------------------------------
# The run: one job in the server's queue per browser session at a time
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class PartRun:
    """A student's part of a class experiment, read by the page as it reads a run in the queue."""

    part: Part

    @property
    def id(self) -> str:
        return f"part-{self.part.index}"

    @property
    def state(self) -> str:
        return {"waiting": "queued"}.get(self.part.state, self.part.state)

    @property
    def done(self) -> bool:
        return not self.part.active

    @property
    def result(self) -> str | None:
        return self.part.path

    @property
    def error(self) -> str | None:
        return self.part.error

    exception = None

    def progress(self) -> dict[str, Any]:
        return {"run": self.part.doc} if self.part.doc is not None else {}


def current_job() -> Job | PartRun | None:
    """The run this session watches: its part of the class experiment, or the run it started."""
    part = my_part(current_assignment())
    return PartRun(part) if part is not None else session_job("lab_job")


def start(tr: Translator) -> None:
    """Start button: in a class experiment, take a part of the class's figure; else submit the widgets' run to the
    queue (or say why not)."""
    ss = st.session_state
    assignment = current_assignment()
    if assignment is not None:
        try:
            part = class_engines().get(assignment.id).join(session_id())
        except UserError as e:
            ss["lab_message"] = tr("lab.failed", message=message(tr, e))
            return
        ss["lab_seed"] = part.seed
        ss["lab_compare"] = []
        return
    if still_running("lab_job", "lab_message", tr):
        return
    if not ss.get("lab_depths"):
        ss["lab_message"] = tr("lab.no_depths")
        return
    try:
        config = config_from_state()
    except ValueError as e:
        ss["lab_message"] = tr("lab.failed", message=message(tr, e))
        return
    label = f"{'/'.join(map(str, config.depths))} · {config.iterations:,} it · seed {config.seed}"
    job = job_queue().submit(session_id(), training_job(config, runs_dir(), label=label,
                                                        checkpoints=runs_dir() / "checkpoints"),
                             device=device().type, label=f"Lab: {label}")
    ss["lab_job"] = job.id
    ss["lab_compare"] = []  # the new run alone on the chart; saved runs can be added back below


def stop() -> None:
    """Stop button (a run of one's own: a part belongs to the class, and only the teacher stops the class's)."""
    job = session_job("lab_job")
    if job is not None:
        job_queue().cancel(job.id)


def job_run(job: Job | None) -> dict[str, Any] | None:
    """The run document a job has published so far (None before it has started)."""
    if job is None:
        return None
    run = job.progress().get("run")
    if run is not None and run.get("models"):
        return run
    return None


# ---------------------------------------------------------------------------------------------------------------
# Saved runs
# ---------------------------------------------------------------------------------------------------------------


def load_saved(path: str) -> dict[str, Any]:
    """A saved run (cached until the file changes); RunError if it cannot be read."""
    return saved_file("lab", path, load_run)


def saved_runs() -> list[dict[str, Any]]:
    """Summaries of the reference runs and this server's saved runs (read through the cache); unreadable files are
    left out."""
    return list_runs(load=lambda path: load_saved(str(path)))


def device_name(environment: dict[str, Any], tr: Translator) -> str:
    """Where a run trained, in the user's language: 'CPU (2 threads)' / 'CPU（2 个线程）', or the GPU's name."""
    if environment.get("device_type", "cpu") == "cpu" and "threads" in environment:
        return tr.count("lab.device.cpu", environment["threads"])
    return str(environment.get("device", "?")).removeprefix("CUDA: ")


def run_title(doc: dict[str, Any], tr: Translator, reference: bool = False) -> str:
    """A run's name in the user's language, from what it recorded (never its stored English label)."""
    config = doc.get("config", {})
    values = dict(dataset=dataset_name(doc.get("data", {}).get("dataset", config.get("dataset")), tr),
                  depths="/".join(map(str, config.get("depths", []))), seed=config.get("seed", 0),
                  iterations=f"{doc.get('progress', {}).get('iteration') or config.get('iterations', 0):,}",
                  device=device_name(doc.get("environment", {}), tr))
    if reference:
        return tr("lab.run.reference", **values)
    created = (doc.get("created") or "")[:16].replace("T", " ")
    return tr("lab.run.item", created=created, status=tr(f"lab.status.{doc.get('status', 'done')}"), **values)


@st.cache_data(max_entries=8, show_spinner=False)
def init_comparison(depth: int, width: int) -> InitComparison:
    """The run's deepest plain net at initialisation (resnet_viz.explain.init): seeded, so one computation per
    depth and width serves every session."""
    return compare_inits(depth, width)


@st.cache_data(max_entries=16, ttl=30, show_spinner=False)  # new saved runs sharpen it within half a minute
def _estimate(config_json: str) -> float | None:
    return estimate_seconds(TrainConfig.from_dict(json.loads(config_json)))


def estimate(config: TrainConfig) -> float | None:
    """How long ``config`` should take on this server, from its comparable saved runs (None: none yet)."""
    return _estimate(json.dumps(dict(config.to_dict(), seed=0), sort_keys=True))


def duration(seconds: float | None, tr: Translator) -> str:
    """'1 min 05 s' / '1 分 05 秒'; '—' when unknown."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    if seconds >= 60:
        return tr("common.duration.minutes", minutes=seconds // 60, seconds=seconds % 60)
    return tr("common.duration.seconds", seconds=seconds)
