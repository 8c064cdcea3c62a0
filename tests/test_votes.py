"""The class's vote store (resnet_viz.classroom.votes): one vote per student per round, changed until the reveal,
a second round, a restart keeps everything, thirty threads voting at once all counted once, two classes apart,
tampered input refused with nothing stored."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from resnet_viz.classroom.votes import CODE_LENGTH, VoteError, VoteStore

CHOICES = ["ResNet-20", "ResNet-56", "plain-20", "plain-56"]


@pytest.fixture
def store(tmp_path) -> VoteStore:
    return VoteStore(tmp_path / "votes.sqlite")


def test_a_class_is_joined_by_code_and_a_student_stays_the_same_student(store):
    teacher = store.create_class()
    assert len(teacher["code"]) == CODE_LENGTH and teacher["token"] not in (teacher["id"], teacher["code"])
    assert store.class_of_code(f" {teacher['code'].lower()[:3]} {teacher['code'].lower()[3:]} ") == teacher["id"]
    amy = store.join(teacher["id"], nickname="Amy")
    assert store.join(teacher["id"], amy) == amy  # a reload, a locked phone: the same student
    assert store.join(teacher["id"]) != amy and store.tally(teacher["id"], 1)["joined"] == 2
    assert store.is_teacher(teacher["id"], teacher["token"]) and not store.is_teacher(teacher["id"], teacher["code"])
    with pytest.raises(VoteError, match="not a class code"):
        store.class_of_code("O0I1")
    with pytest.raises(VoteError, match="no class has the code"):
        store.class_of_code("ABCDEF" if teacher["code"] != "ABCDEF" else "ABCDEG")
    with pytest.raises(VoteError, match="at most 24 characters"):
        store.join(teacher["id"], nickname="x" * 25)


def test_one_vote_per_student_per_round_changed_until_the_reveal_then_a_second_round(store):
    c = store.create_class()
    amy, ben = store.join(c["id"]), store.join(c["id"])
    with pytest.raises(VoteError, match="no vote open for step 3"):
        store.vote(c["id"], amy, 3, "ResNet-56")  # not open yet
    with pytest.raises(VoteError, match="second round follows"):
        store.open_round(c["id"], c["token"], 3, CHOICES, round_=2)
    store.open_round(c["id"], c["token"], 3, CHOICES)
    for choice in ("plain-20", "plain-56", "plain-56"):  # taps, a change of mind, a second tab
        store.vote(c["id"], amy, 3, choice)
    store.vote(c["id"], ben, 3, "ResNet-20")
    first = store.tally(c["id"], 3)
    assert first["counts"] == {"ResNet-20": 1, "ResNet-56": 0, "plain-20": 0, "plain-56": 1}
    assert (first["answered"], first["joined"], first["state"]) == (2, 2, "open")
    store.reveal(c["id"], c["token"], 3)
    with pytest.raises(VoteError, match="closed"):
        store.vote(c["id"], amy, 3, "ResNet-20")  # no change after the reveal
    assert store.tally(c["id"], 3)["counts"] == first["counts"] and store.tally(c["id"], 3)["state"] == "revealed"
    store.open_round(c["id"], c["token"], 3, CHOICES, round_=2)  # after discussion
    store.vote(c["id"], amy, 3, "plain-56", round_=2)
    store.vote(c["id"], ben, 3, "plain-56", round_=2)
    assert store.tally(c["id"], 3, round_=2)["counts"]["plain-56"] == 2
    assert store.tally(c["id"], 3)["counts"]["plain-56"] == 1  # the first round's histogram kept apart
    with pytest.raises(VoteError, match="round 3 does not exist"):
        store.open_round(c["id"], c["token"], 3, CHOICES, round_=3)


def test_a_restart_keeps_every_vote_the_open_round_and_who_joined(tmp_path):
    path = tmp_path / "votes.sqlite"
    store = VoteStore(path)
    c = store.create_class()
    amy = store.join(c["id"], nickname="Amy")
    store.open_round(c["id"], c["token"], 2, CHOICES)
    store.vote(c["id"], amy, 2, "plain-56")
    again = VoteStore(path)  # the server restarted
    assert again.class_of_code(c["code"]) == c["id"] and again.join(c["id"], amy) == amy
    assert again.tally(c["id"], 2) == {"state": "open", "choices": CHOICES, "answered": 1, "joined": 1,
                                       "counts": {"ResNet-20": 0, "ResNet-56": 0, "plain-20": 0, "plain-56": 1}}
    again.vote(c["id"], amy, 2, "ResNet-56")  # the open round is still open
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_thirty_students_voting_in_the_same_second_are_all_counted_once(store):
    c = store.create_class()
    students = [store.join(c["id"]) for _ in range(30)]
    store.open_round(c["id"], c["token"], 5, CHOICES)
    start, errors = threading.Barrier(30), []

    def tap(i: int, student: str) -> None:
        try:
            start.wait()
            store.vote(c["id"], student, 5, CHOICES[i % 2])  # a first tap ...
            store.vote(c["id"], student, 5, CHOICES[i % 4])  # ... and a change of mind, at once with the others
        except Exception as e:  # noqa: BLE001 - collected, asserted below
            errors.append(e)

    threads = [threading.Thread(target=tap, args=(i, s)) for i, s in enumerate(students)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    tally = store.tally(c["id"], 5)
    assert tally["answered"] == 30 and tally["counts"] == {choice: 30 // 4 + (i < 30 % 4)
                                                           for i, choice in enumerate(CHOICES)}


def test_two_classes_are_apart_and_tampered_input_stores_nothing(store):
    a, b = store.create_class(), store.create_class()
    amy = store.join(a["id"])
    store.open_round(a["id"], a["token"], 1, CHOICES)
    store.open_round(b["id"], b["token"], 1, CHOICES)
    store.vote(a["id"], amy, 1, "ResNet-56")
    assert store.tally(b["id"], 1)["answered"] == 0 and store.tally(b["id"], 1)["joined"] == 0
    for call, message in (
            (lambda: store.vote(b["id"], amy, 1, "ResNet-56"), "has not joined"),  # a student of another class
            (lambda: store.vote(a["id"], amy + "x", 1, "ResNet-56"), "has not joined"),  # a tampered id
            (lambda: store.vote(a["id"], amy, 1, "ResNet-1202"), "not one of this question's choices"),
            (lambda: store.vote("nosuchclass", amy, 1, "ResNet-56"), "not on this server"),
            (lambda: store.reveal(a["id"], b["token"], 1), "only the teacher"),  # another class's teacher
            (lambda: store.reveal(a["id"], a["code"], 1), "only the teacher"),  # the join code is not the token
            (lambda: store.open_round(a["id"], "", 2, CHOICES), "only the teacher"),
            (lambda: store.answers_csv(a["id"], None), "only the teacher"),
            (lambda: store.open_round(a["id"], a["token"], 2, ["A", "A"]), "two choices or more"),
            (lambda: store.close_round(a["id"], a["token"], 9), "no vote open for step 9")):
        with pytest.raises(VoteError, match=message):
            call()
    assert store.tally(a["id"], 1)["counts"]["ResNet-56"] == 1 and store.tally(a["id"], 2)["state"] is None
    csv_text = store.answers_csv(a["id"], a["token"])
    assert csv_text.splitlines()[0] == "step,round,nickname,choice,time" and len(csv_text.splitlines()) == 2
    assert amy not in csv_text  # nicknames only, never the student's id
