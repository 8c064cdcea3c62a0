"""The class experiment at class size (resnet_viz.train.parts): parts sized by the class, handed out once each even
to many students at once, trained in turns by one job of the real queue, a part learning what it would beside the
others, the budget, a failed part handed out again, the teacher's stop; the board pooling parts and whole runs."""

from __future__ import annotations

import dataclasses
import os
import threading

import pytest

from resnet_viz.train import classroom, parts
from resnet_viz.train.config import TrainConfig
from resnet_viz.train.jobs import JobQueue
from resnet_viz.train.runs import depth_effects, save_run
from resnet_viz.train.trainer import Trainer
from tests.test_classroom import run_doc

TINY = TrainConfig(depths=(8, 14), width=4, dataset="fashion-mnist-sample", image_size=8, train_size=256,
                   test_size=64, batch_size=32, iterations=6, log_every=2, evals=1, augment="none", warmup=0,
                   final_window=0.5, threads=1)


def test_part_sizes_cover_the_board_with_the_fewest_networks_per_student():
    recipe = classroom.recipe(TINY.to_dict())
    assert parts.networks_of(recipe) == ["plain-8", "resnet-8", "plain-14", "resnet-14"]
    needed = classroom.BOARD_SEEDS * 4
    for students in (1, 4, 6, 7, 10, 19, 20, 30, 40):
        size = parts.part_size(recipe, students)
        assert size in (1, 2, 4)
        assert students * size >= needed or size == 4  # the class covers the board, or each trains a whole seed
        smaller = [k for k in (1, 2, 4) if k < size]
        assert all(students * k < needed for k in smaller)  # no smaller part would
    assert parts.layout(recipe, 1, 5) == (1, ("resnet-8",))
    assert parts.layout(recipe, 2, 1) == (0, ("plain-14", "resnet-14"))  # a depth's twins: one stacked model
    assert parts.layout(recipe, 4, 3) == (3, ("plain-8", "resnet-8", "plain-14", "resnet-14"))


def test_the_budget_fits_the_board_in_the_teachers_minutes_whatever_the_class():
    recipe = dict(classroom.recipe(TINY.to_dict()), iterations=480, log_every=10, warmup=60)
    speed = {8: 0.04, 14: 0.1}  # machine seconds per network-iteration with the workers busy
    b = parts.size_iterations(recipe, 30, 10, speed, workers=2)
    per_iteration = classroom.BOARD_SEEDS * (0.04 + 0.04 + 0.1 + 0.1)  # the board's 20 networks, not 30 students'
    assert b["seconds"] == pytest.approx(per_iteration) and b["board_parts"] == 20 and b["networks"] == 20
    assert b["iterations"] == int(parts.SHARE_OF_TIME * 600 / per_iteration) // 10 * 10 and b["fits"]
    assert b["iterations"] * per_iteration <= parts.SHARE_OF_TIME * 600 and b["workers"] == 2
    assert b["planned_s"] == pytest.approx(b["iterations"] * per_iteration, abs=0.1)
    for students in (17, 45):  # a larger class shares parts; a smaller one trains twins: the same iterations
        other = parts.size_iterations(recipe, students, 10, speed, workers=2)
        assert other["iterations"] == b["iterations"] and other["networks"] == 20
    assert parts.size_iterations(recipe, 17, 10, speed)["board_parts"] == 10  # twins: 2 networks a part
    sized = parts.sized_recipe(recipe, b)
    assert sized["iterations"] == b["iterations"] and sized["warmup"] == round(60 * b["iterations"] / 480)
    assert parts.size_iterations(recipe, 2, 600, speed)["iterations"] == 480  # never more than the recipe's
    tight = parts.size_iterations(recipe, 30, 0.1, speed)
    assert tight["iterations"] == 20 and not tight["fits"]  # two log points at least, and it says it does not fit


def test_the_budget_says_who_shares_and_what_is_missing():
    recipe = dict(classroom.recipe(TINY.to_dict()), iterations=480, log_every=10)
    speed = {8: 0.04, 14: 0.1}
    said = {n: parts.describe_budget(parts.size_iterations(recipe, n, 10, speed, 2), recipe) for n in (2, 10, 20, 30)}
    assert said[30]["students_case"] == "share" and said[30]["parts"] == 20 and said[30]["part_size"] == 1
    assert said[20]["students_case"] == "cover" and said[10]["students_case"] == "cover"  # 10 students, twins
    assert said[2]["students_case"] == "short" and said[2]["missing"] == 3  # whole seeds: 5 parts, 2 students
    assert said[30]["seeds"] == classroom.BOARD_SEEDS and said[30]["per_seed"] == 4 and said[30]["workers"] == 2
    assert parts.describe_budget({"students": 30, "part_size": 1}, recipe) == {"case": "old"}


def test_a_training_worker_gives_the_core_to_the_pages_first():
    from resnet_viz.train.engine import BACKGROUND_NICE, class_plan, lower_priority

    seen = {}

    def worker():
        seen["before"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        lower_priority()
        seen["after"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen["after"] == max(seen["before"], BACKGROUND_NICE) > main or main >= BACKGROUND_NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main  # that thread only
    assert class_plan("cpu") == (os.cpu_count(), 1) and class_plan("cuda") == (1, None)


def test_a_part_learns_what_it_would_beside_the_others():
    whole = list(Trainer(TINY).run())
    alone = list(Trainer(dataclasses.replace(TINY, networks=("resnet-14",))).run())
    logs = [[e for e in events if e["type"] == "log"] for events in (whole, alone)]
    assert [list(e["train_error"]) for e in logs[1]] == [["resnet-14"]] * 3
    for a, b in zip(*logs):
        assert b["train_error"]["resnet-14"] == a["train_error"]["resnet-14"]
        assert b["train_loss"]["resnet-14"] == pytest.approx(a["train_loss"]["resnet-14"], rel=1e-5)
    with pytest.raises(ValueError, match="'resnet-20' is not one of this run's networks"):
        dataclasses.replace(TINY, networks=("resnet-20",))


def test_the_boards_parts_are_handed_out_once_then_shared_even_to_many_students_at_once(tmp_path):
    a = classroom.create(TINY.to_dict(), root=tmp_path, budget={"part_size": 1})
    save_run(run_doc(0, {k: [0.5, 0.4] for k in a.networks}, {k: 0.4 for k in a.networks}, a.id,
                     config=TINY.to_dict()), tmp_path / "cli-seed0.json")  # seed 0 came from the command line
    submitted = []
    engines = parts.ClassEngines(lambda owner, fn, **job: submitted.append((owner, job["detached"])) or FakeJob(),
                                 root=tmp_path)
    engine = engines.get(a.id)
    got: dict[str, parts.Part] = {}
    threads = [threading.Thread(target=lambda i=i: got.update({f"s{i}": engine.join(f"s{i}")})) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    handed = {id(p): p for p in got.values()}.values()
    assert sorted(p.index for p in handed) == list(range(4, 20))  # the board's 20 parts, less seed 0's 4
    assert min(p.seed for p in handed) == 1 and max(p.seed for p in handed) == classroom.BOARD_SEEDS - 1
    shares = sorted(len(p.students) for p in handed)
    assert sum(shares) == 40 and shares[-1] - shares[0] <= 1  # 24 latecomers spread over the 16 parts
    assert all(got[s] in handed and s in got[s].students for s in got)
    assert engine.join("s3") is got["s3"]  # a second Start (or a reload) keeps one's part
    assert submitted == [(f"class:{a.id}", True)]  # one job trains them all, whoever leaves
    assert engine.counts() == {"done": 4, "running": 0, "waiting": 16, "failed": 0}


class FakeJob:
    done = False
    cancelled = threading.Event()


def test_the_engine_trains_the_parts_in_turns_on_two_workers_and_the_board_pools_them(tmp_path, monkeypatch):
    a = classroom.create(TINY.to_dict(), root=tmp_path, budget={"part_size": 1})
    queue = JobQueue(slots={"cpu": 1})
    engines = parts.ClassEngines(lambda owner, fn, **job: queue.submit(owner, fn, **job), threads=1,
                                 root=tmp_path, workers=2)
    engine = engines.get(a.id)
    stepped_by, step = {}, parts.ClassEngine._step

    def watched(self, part):
        assert part.busy  # never stepped by two workers at once
        stepped_by.setdefault(threading.current_thread().name, set()).add(part.index)
        return step(self, part)

    monkeypatch.setattr(parts.ClassEngine, "_step", watched)
    mine = [engine.join(f"student-{i}") for i in range(4)]  # seed 0's four networks
    job = queue.jobs_of(f"class:{a.id}")[0]
    queue.wait(job, timeout=120)
    assert job.state == "done" and [p.state for p in mine] == ["done"] * 4
    assert len(stepped_by) == 2 and set().union(*stepped_by.values()) == {0, 1, 2, 3}  # both workers trained
    assert len(list(classroom.parts_dir(a.id, tmp_path).glob("part*.json"))) == 4
    board = classroom.board(a.id, tmp_path, engine.counts())
    assert board.seeds == [0] and board.parts == {"done": 4, "running": 0, "waiting": 0} and not board.complete
    whole = next(e for e in Trainer(dataclasses.replace(TINY, seed=0)).run() if e["type"] == "end")
    expected = {e["kind"]: 100 * e["difference"] for e in depth_effects({"config": TINY.to_dict(), **whole})}
    assert {k: e["mean"] for k, e in board.effects.items()} == pytest.approx(expected, abs=2e-3)  # run files: 1e-5
    assert not list(tmp_path.glob("*.json"))  # the parts stay out of the Lab's list of runs
    assert parts.done_parts(classroom.load(a.id, tmp_path), board) == {0: 0, 1: 0, 2: 0, 3: 0}


def test_workers_take_the_part_whose_turn_was_longest_ago(tmp_path):
    a = classroom.create(TINY.to_dict(), root=tmp_path, budget={"part_size": 1})
    job = FakeJob()
    engine = parts.ClassEngines(lambda owner, fn, **kw: job, root=tmp_path, workers=2).get(a.id)
    mine = [engine.join(f"s{i}") for i in range(3)]
    taken = []

    def take():
        part = engine._next(job)
        taken.append(part.index)
        return part

    first, second = take(), take()  # two workers, two parts
    first.busy = False
    third = take()  # the part never stepped goes before the one just put down
    second.busy = third.busy = False
    take(), take()
    late = engine.join("s3")  # a student who joins now: their part is next
    assert take() is late
    assert taken == [0, 1, 2, 0, 1, 3] and mine[2].turn == 2


def test_a_failed_part_goes_back_and_a_stopped_class_hands_out_nothing(tmp_path):
    broken = dataclasses.replace(TINY, dataset="cifar10", data_dir=str(tmp_path / "nowhere"))
    a = classroom.create(broken.to_dict(), root=tmp_path, budget={"part_size": 2})
    queue = JobQueue(slots={"cpu": 1})
    engines = parts.ClassEngines(lambda owner, fn, **job: queue.submit(owner, fn, **job), root=tmp_path)
    engine = engines.get(a.id)
    first = engine.join("amy")
    queue.wait(queue.jobs_of(f"class:{a.id}")[0], timeout=60)
    assert first.state == "failed" and "CIFAR-10" in first.error and "\n" not in first.error
    again = engine.join("ben")
    assert (again.index, again.seed, again.networks) == (first.index, first.seed, first.networks)
    engines.stop(a.id)
    assert classroom.load(a.id, tmp_path).stopped
    with pytest.raises(classroom.AssignmentError, match="stopped by the teacher"):
        engine.join("cat")
    with pytest.raises(classroom.AssignmentError, match="stopped by the teacher"):
        parts.ClassEngines(lambda *args, **kwargs: None, root=tmp_path).get(a.id)  # after a restart too


def test_the_board_pools_one_curve_per_network_and_seed_from_parts_and_whole_runs(tmp_path):
    a = classroom.create(TINY.to_dict(), root=tmp_path, budget={"part_size": 1})
    config = TINY.to_dict()
    whole = run_doc(0, {k: [0.5, 0.3] for k in a.networks}, {k: 0.3 for k in a.networks}, a.id, config=config)
    twin = run_doc(0, {"plain-14": [0.9, 0.9]}, {"plain-14": 0.9}, a.id, config=dict(config, networks=["plain-14"]))
    twin["part"] = 2  # the same network and seed again: pooled once, from the whole run (listed first)
    seed1 = [dict(run_doc(1, {k: [0.6, e]}, {k: e}, a.id, config=dict(config, networks=[k])), part=4 + i)
             for i, (k, e) in enumerate(zip(a.networks, (0.2, 0.1, 0.6, 0.1)))]
    board = classroom.pool(a, [twin, whole] + seed1)
    assert board.seeds_of == {k: [0, 1] for k in a.networks} and board.seeds == [0, 1]
    assert board.curves["train_error"]["plain-14"]["mean"] == pytest.approx([0.55, 0.45])
    assert board.effects["plain"]["values"] == pytest.approx([0.0, 40.0])  # seed 1: 0.6 - 0.2
    assert board.effects["resnet"]["values"] == pytest.approx([0.0, 0.0])
    assert board.parts["done"] == 5 and not board.complete
    five = [dict(d, config=dict(d["config"], seed=s)) for s in range(5) for d in [whole]]
    assert classroom.pool(a, five).complete


def test_timing_the_workers_raises_their_own_one_line_error(tmp_path):
    """A recipe that cannot train (no data here) fails at the teacher's button with its own message, as before the
    timing ran in worker threads (a RuntimeError there would reach the page as a traceback)."""
    from resnet_viz.errors import UserError

    broken = classroom.recipe(dataclasses.replace(TINY, dataset="cifar10").to_dict())
    with pytest.raises(UserError, match="CIFAR-10"):
        parts.measure_speed(dict(broken, data_dir=str(tmp_path / "nowhere")), workers=2)
