"""The class's answers (issue 30's store): classes with a short join code and a secret teacher token, students who
join with an optional nickname, and one vote per student per round of a Lesson step's question, Peer Instruction
style (a first vote alone, the histogram, a second round after discussion).

Everything lives in one SQLite file in WAL mode (``sqlite3``: readers never wait for the writer, a crash or a
restart loses nothing that was committed). Each call opens its own short connection, so threads (one a browser
session) never share one; a vote is one ``INSERT ... ON CONFLICT DO UPDATE``: a student has one vote per round,
whatever tabs or reloads, and may change it until the teacher reveals. Teacher actions (open, close, reveal, the
second round, the CSV) need the teacher token; only its SHA-256 is stored, compared in constant time. A join code or
a student id never gives them. Bad input (an unknown code, a closed round, a choice the round does not offer, a
tampered student id or token) is a :class:`VoteError`: one line, nothing stored.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from resnet_viz.errors import UserError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off a projector, typed on a phone
CODE_LENGTH = 6
NICKNAME_MAX = 24
OPEN, CLOSED, REVEALED = "open", "closed", "revealed"
ROUNDS = (1, 2)  # a vote alone, then one after discussion (Mazur's Peer Instruction)

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (id TEXT PRIMARY KEY, code TEXT UNIQUE NOT NULL, token_sha TEXT NOT NULL,
                                    created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (class_id TEXT NOT NULL, id TEXT NOT NULL, nickname TEXT NOT NULL,
                                     joined TEXT NOT NULL, PRIMARY KEY (class_id, id));
CREATE TABLE IF NOT EXISTS rounds (class_id TEXT NOT NULL, step INTEGER NOT NULL, round INTEGER NOT NULL,
                                   choices TEXT NOT NULL, state TEXT NOT NULL, opened TEXT NOT NULL,
                                   PRIMARY KEY (class_id, step, round));
CREATE TABLE IF NOT EXISTS votes (class_id TEXT NOT NULL, step INTEGER NOT NULL, round INTEGER NOT NULL,
                                  student TEXT NOT NULL, choice TEXT NOT NULL, at TEXT NOT NULL,
                                  PRIMARY KEY (class_id, step, round, student));
"""


class VoteError(UserError):
    """A vote, a join or a teacher's action that cannot be taken; the message is one line meant for the user."""

    MESSAGES = {
        "vote.bad_code": "{given!r} is not a class code ({length} letters and digits)",
        "vote.unknown_code": "no class has the code {given!r} on this server",
        "vote.unknown_class": "this class is not on this server any more",
        "vote.not_teacher": "only the teacher can do this",
        "vote.unknown_student": "this browser has not joined the class: join again with the class code",
        "vote.nickname": "a nickname has at most {limit} characters",
        "vote.bad_round": "round {round} does not exist (rounds {first} and {last})",
        "vote.no_round": "there is no vote open for step {step}",
        "vote.closed": "the vote on step {step} is closed",
        "vote.bad_choice": "{choice!r} is not one of this question's choices",
        "vote.choices": "a vote needs two choices or more, each different",
        "vote.second_round": "the second round follows a first round that has been revealed",
    }


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class VoteStore:
    """The votes of every class on this server, in the SQLite file ``path`` (made if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # persistent: the file stays in WAL mode
            db.executescript(SCHEMA)
        finally:
            db.close()

    @contextlib.contextmanager
    def _db(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection for one call, in one transaction (a writer's taken at once, so two writers queue instead of
        failing half way): committed on success, rolled back on an error, closed either way."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        try:
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    # -- classes and students -----------------------------------------------------------------------------------

    def create_class(self) -> dict[str, str]:
        """A new class: its ``id``, its join ``code`` (for the projector and phones) and the teacher's ``token``
        (kept by the teacher's browser and the teacher link; stored here only as a hash)."""
        token = secrets.token_urlsafe(24)
        with self._db() as db:
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone() is None:
                    break
            class_id = secrets.token_hex(8)
            db.execute("INSERT INTO classes VALUES (?, ?, ?, ?)", (class_id, code, _sha(token), _now()))
        return {"id": class_id, "code": code, "token": token}

    def class_of_code(self, code: str) -> str:
        """The class a join code names (typed on a phone: case and spaces forgiven)."""
        clean = "".join(str(code).split()).upper()
        if len(clean) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in clean):
            raise VoteError("vote.bad_code", given=str(code)[:20], length=CODE_LENGTH)
        with self._db(write=False) as db:
            row = db.execute("SELECT id FROM classes WHERE code = ?", (clean,)).fetchone()
        if row is None:
            raise VoteError("vote.unknown_code", given=clean)
        return row[0]

    def join(self, class_id: str, student: str | None = None, nickname: str = "") -> str:
        """A student's id in the class: ``student`` again if it has joined before (a reload, a locked phone: the
        same student, the same votes), else a new one. The nickname is optional and all that is kept of them."""
        nickname = str(nickname).strip()
        if len(nickname) > NICKNAME_MAX:
            raise VoteError("vote.nickname", limit=NICKNAME_MAX)
        with self._db() as db:
            self._class(db, class_id)
            if student and db.execute("SELECT 1 FROM students WHERE class_id = ? AND id = ?",
                                      (class_id, student)).fetchone():
                if nickname:
                    db.execute("UPDATE students SET nickname = ? WHERE class_id = ? AND id = ?",
                               (nickname, class_id, student))
                return student
            student = secrets.token_urlsafe(12)
            db.execute("INSERT INTO students VALUES (?, ?, ?, ?)", (class_id, student, nickname, _now()))
            return student

    def is_teacher(self, class_id: str, token: str | None) -> bool:
        with self._db(write=False) as db:
            return self._teacher(db, class_id, token, raise_error=False)

    # -- the teacher's rounds ------------------------------------------------------------------------------------

    def open_round(self, class_id: str, token: str, step: int, choices: list[str], round_: int = 1) -> None:
        """Open round ``round_`` of step ``step`` with these choices (the library's, computed); a second round
        follows a revealed first one. Opening a round again keeps its votes and opens it."""
        if round_ not in ROUNDS:
            raise VoteError("vote.bad_round", round=round_, first=ROUNDS[0], last=ROUNDS[-1])
        choices = [str(c) for c in choices]
        if len(choices) < 2 or len(set(choices)) != len(choices):
            raise VoteError("vote.choices")
        with self._db() as db:
            self._teacher(db, class_id, token)
            if round_ > 1 and self._state(db, class_id, step, round_ - 1) != REVEALED:
                raise VoteError("vote.second_round")
            db.execute("INSERT INTO rounds VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (class_id, step, round) DO UPDATE "
                       "SET state = excluded.state, choices = excluded.choices",
                       (class_id, int(step), round_, json.dumps(choices), OPEN, _now()))

    def close_round(self, class_id: str, token: str, step: int, round_: int = 1) -> None:
        self._set_state(class_id, token, step, round_, CLOSED)

    def reveal(self, class_id: str, token: str, step: int, round_: int = 1) -> None:
        """Reveal round ``round_``: its histogram is shown, and its votes can no longer change."""
        self._set_state(class_id, token, step, round_, REVEALED)

    def _set_state(self, class_id: str, token: str, step: int, round_: int, state: str) -> None:
        with self._db() as db:
            self._teacher(db, class_id, token)
            if self._state(db, class_id, step, round_) is None:
                raise VoteError("vote.no_round", step=step)
            db.execute("UPDATE rounds SET state = ? WHERE class_id = ? AND step = ? AND round = ?",
                       (state, class_id, int(step), round_))

    # -- students' votes ------------------------------------------------------------------------------------------

    def vote(self, class_id: str, student: str, step: int, choice: str, round_: int = 1) -> None:
        """``student``'s vote in an open round: their only one in it, replaced by a later tap until the reveal."""
        with self._db() as db:
            self._class(db, class_id)
            if db.execute("SELECT 1 FROM students WHERE class_id = ? AND id = ?", (class_id, str(student))
                          ).fetchone() is None:
                raise VoteError("vote.unknown_student")
            row = db.execute("SELECT choices, state FROM rounds WHERE class_id = ? AND step = ? AND round = ?",
                             (class_id, int(step), round_)).fetchone()
            if row is None:
                raise VoteError("vote.no_round", step=step)
            if row[1] != OPEN:
                raise VoteError("vote.closed", step=step)
            if str(choice) not in json.loads(row[0]):
                raise VoteError("vote.bad_choice", choice=str(choice)[:40])
            db.execute("INSERT INTO votes VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (class_id, step, round, student) "
                       "DO UPDATE SET choice = excluded.choice, at = excluded.at",
                       (class_id, int(step), round_, str(student), str(choice), _now()))

    # -- what the projector and the teacher read ---------------------------------------------------------------

    def tally(self, class_id: str, step: int, round_: int = 1) -> dict[str, Any]:
        """A round's ``state`` (None before it opens), ``choices``, ``counts`` per choice (every choice, zeros
        included), ``answered`` and ``joined`` (the students of the class)."""
        with self._db(write=False) as db:
            self._class(db, class_id)
            joined = db.execute("SELECT COUNT(*) FROM students WHERE class_id = ?", (class_id,)).fetchone()[0]
            row = db.execute("SELECT choices, state FROM rounds WHERE class_id = ? AND step = ? AND round = ?",
                             (class_id, int(step), round_)).fetchone()
            if row is None:
                return {"state": None, "choices": [], "counts": {}, "answered": 0, "joined": joined}
            choices = json.loads(row[0])
            counts = dict.fromkeys(choices, 0)
            for choice, n in db.execute("SELECT choice, COUNT(*) FROM votes WHERE class_id = ? AND step = ? AND "
                                        "round = ? GROUP BY choice", (class_id, int(step), round_)):
                counts[choice] = n
        return {"state": row[1], "choices": choices, "counts": counts, "answered": sum(counts.values()),
                "joined": joined}

    def answers_csv(self, class_id: str, token: str) -> str:
        """Every vote of the class, per step and round, for the teacher: step, round, nickname (empty where none
        was given), choice, time; no student id."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["step", "round", "nickname", "choice", "time"])
        with self._db(write=False) as db:
            self._teacher(db, class_id, token)
            rows = db.execute("SELECT v.step, v.round, s.nickname, v.choice, v.at FROM votes v JOIN students s ON "
                              "s.class_id = v.class_id AND s.id = v.student WHERE v.class_id = ? "
                              "ORDER BY v.step, v.round, v.at", (class_id,)).fetchall()
        writer.writerows(rows)
        return out.getvalue()

    # -- checks ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _class(db: sqlite3.Connection, class_id: str) -> str:
        row = db.execute("SELECT token_sha FROM classes WHERE id = ?", (str(class_id),)).fetchone()
        if row is None:
            raise VoteError("vote.unknown_class")
        return row[0]

    def _teacher(self, db: sqlite3.Connection, class_id: str, token: str | None, raise_error: bool = True) -> bool:
        ok = bool(token) and hmac.compare_digest(self._class(db, class_id), _sha(str(token)))
        if not ok and raise_error:
            raise VoteError("vote.not_teacher")
        return ok

    @staticmethod
    def _state(db: sqlite3.Connection, class_id: str, step: int, round_: int) -> str | None:
        row = db.execute("SELECT state FROM rounds WHERE class_id = ? AND step = ? AND round = ?",
                         (class_id, int(step), round_)).fetchone()
        return row[0] if row else None
