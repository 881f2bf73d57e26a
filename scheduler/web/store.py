"""The data directory: one SQLite database (accounts, tokens, jobs, access log) and job folders.

SQLite is the source of truth for every job: its status, how many times it was started, its
options, progress, results and problems. The server and each job's own process open the database
for every operation (WAL mode, a busy timeout), so a process killed at any moment leaves it whole.

A job's files live in ``jobs/<id>/`` under fixed names (``roster.xlsx``, ``schedule.xlsx``...);
the id is 128 random bits, so no folder is ever named after what a user uploaded.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, password TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY, user TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, options TEXT NOT NULL, files TEXT NOT NULL,
    progress TEXT, summary TEXT, problems TEXT, error TEXT,
    created REAL NOT NULL, started REAL, finished REAL);
CREATE INDEX IF NOT EXISTS jobs_owner ON jobs (owner, created);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status, seq);
CREATE TABLE IF NOT EXISTS access (
    at REAL NOT NULL, user TEXT NOT NULL, ip TEXT NOT NULL, action TEXT NOT NULL, job TEXT);
CREATE TABLE IF NOT EXISTS failures (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, last REAL NOT NULL);
"""

STATUSES = ("held", "queued", "running", "done", "failed")
MAX_ATTEMPTS = 2  # a job whose process died twice is failed, not started a third time
DEFAULT_DATA = "scheduler-data"


def data_dir(option: str | None) -> Path:
    """``--data``, else ``SCHEDULER_DATA``, else ``./scheduler-data``."""
    return Path(option or os.environ.get("SCHEDULER_DATA") or DEFAULT_DATA)


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    seq: int
    owner: str
    status: str
    attempts: int
    options: dict
    files: dict
    progress: dict
    summary: dict | None
    problems: list
    error: str | None
    created: float
    started: float | None
    finished: float | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        return cls(
            id=row["id"],
            seq=row["seq"],
            owner=row["owner"],
            status=row["status"],
            attempts=row["attempts"],
            options=json.loads(row["options"]),
            files=json.loads(row["files"]),
            progress=json.loads(row["progress"] or "{}"),
            summary=json.loads(row["summary"]) if row["summary"] else None,
            problems=json.loads(row["problems"] or "[]"),
            error=row["error"],
            created=row["created"],
            started=row["started"],
            finished=row["finished"],
        )


class Store:
    """The data directory; every method opens and closes its own connection."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.db = self.root / "scheduler.sqlite3"
        self.local = threading.local()

    def create(self) -> Store:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "jobs").mkdir(exist_ok=True)
        with self.connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
        return self

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (autocommit: every statement is its own transaction).

        Kept open for the thread's life: opening one per request was a third of the time of a
        status poll (``benchmarks/web_load.py``)."""
        db = getattr(self.local, "db", None)
        if db is None:
            db = sqlite3.connect(self.db, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout=30000")
            self.local.db = db
        yield db

    def job_dir(self, job_id: str) -> Path:
        return self.root / "jobs" / job_id

    # -- accounts ---------------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str) -> bool:
        with self.connect() as db:
            try:
                db.execute("INSERT INTO users VALUES (?, ?, ?)", (name, password_hash, time.time()))
            except sqlite3.IntegrityError:
                return False
        return True

    def set_password(self, name: str, password_hash: str) -> None:
        with self.connect() as db:
            db.execute("UPDATE users SET password = ? WHERE name = ?", (password_hash, name))

    def password_hash(self, name: str) -> str | None:
        with self.connect() as db:
            row = db.execute("SELECT password FROM users WHERE name = ?", (name,)).fetchone()
        return row["password"] if row else None

    def users(self) -> list[tuple[str, float, int]]:
        """(name, created, tokens) of every account, by name."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT u.name, u.created, COUNT(t.hash) AS tokens FROM users u "
                "LEFT JOIN tokens t ON t.user = u.name GROUP BY u.name ORDER BY u.name"
            ).fetchall()
        return [(row["name"], row["created"], row["tokens"]) for row in rows]

    def remove_user(self, name: str) -> bool:
        with self.connect() as db:
            db.execute("DELETE FROM tokens WHERE user = ?", (name,))
            return db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0

    def add_token(self, name: str, token_hash: str) -> None:
        with self.connect() as db:
            db.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token_hash, name, time.time()))

    def token_user(self, token_hash: str) -> str | None:
        with self.connect() as db:
            row = db.execute(
                "SELECT t.user FROM tokens t JOIN users u ON u.name = t.user WHERE t.hash = ?",
                (token_hash,),
            ).fetchone()
        return row["user"] if row else None

    def user_exists(self, name: str) -> bool:
        return self.password_hash(name) is not None

    # -- login failures ---------------------------------------------------------------------

    def failures(self, key: str) -> tuple[int, float]:
        with self.connect() as db:
            row = db.execute("SELECT count, last FROM failures WHERE key = ?", (key,)).fetchone()
        return (row["count"], row["last"]) if row else (0, 0.0)

    def fail(self, key: str) -> None:
        with self.connect() as db:
            db.execute(
                "INSERT INTO failures VALUES (?, 1, ?) ON CONFLICT(key) "
                "DO UPDATE SET count = count + 1, last = excluded.last",
                (key, time.time()),
            )

    def forget_failures(self, key: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM failures WHERE key = ?", (key,))

    # -- access log -------------------------------------------------------------------------

    def log(self, user: str, ip: str, action: str, job: str | None = None) -> None:
        """Who did what, when, to which job: never a file name or anything from a roster."""
        with self.connect() as db:
            db.execute(
                "INSERT INTO access VALUES (?, ?, ?, ?, ?)", (time.time(), user, ip, action, job)
            )

    def access(self, limit: int = 1000) -> list[sqlite3.Row]:
        with self.connect() as db:
            return db.execute("SELECT * FROM access ORDER BY at DESC LIMIT ?", (limit,)).fetchall()

    # -- jobs -------------------------------------------------------------------------------

    def new_job_id(self) -> str:
        return secrets.token_hex(16)

    def add_job(
        self, job_id: str, owner: str, options: dict, files: dict, status: str, problems: list
    ) -> None:
        with self.connect() as db:
            db.execute(
                "INSERT INTO jobs (id, seq, owner, status, options, files, problems, created) "
                "VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs), ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    owner,
                    status,
                    json.dumps(options),
                    json.dumps(files),
                    json.dumps(problems),
                    time.time(),
                ),
            )

    def job(self, job_id: str, owner: str | None = None) -> Job | None:
        """The job, or None when it does not exist or (with ``owner``) belongs to someone else."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or (owner is not None and row["owner"] != owner):
            return None
        return Job.from_row(row)

    def jobs_of(self, owner: str) -> list[Job]:
        with self.connect() as db:
            rows = db.execute(
                "SELECT * FROM jobs WHERE owner = ? ORDER BY created DESC, seq DESC", (owner,)
            ).fetchall()
        return [Job.from_row(row) for row in rows]

    def queue_position(self, job: Job) -> int | None:
        """1 for the next job to start; None when the job is not waiting."""
        if job.status != "queued":
            return None
        with self.connect() as db:
            ahead = db.execute(
                "SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND seq < ?", (job.seq,)
            ).fetchone()[0]
        return ahead + 1

    def release(self, job_id: str) -> bool:
        """A held job (checked, with row problems) joins the end of the queue."""
        with self.connect() as db:
            return (
                db.execute(
                    "UPDATE jobs SET status = 'queued', "
                    "seq = (SELECT MAX(seq) + 1 FROM jobs) WHERE id = ? AND status = 'held'",
                    (job_id,),
                ).rowcount
                > 0
            )

    def claim_next(self) -> Job | None:
        """The oldest queued job, now running, its attempts counted; None when none waits."""
        with self.connect() as db:
            row = db.execute(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, started = ?, "
                "progress = NULL WHERE id = (SELECT id FROM jobs WHERE status = 'queued' "
                "ORDER BY seq LIMIT 1) RETURNING *",
                (time.time(),),
            ).fetchone()
        return Job.from_row(row) if row else None

    def running(self) -> list[Job]:
        with self.connect() as db:
            rows = db.execute("SELECT * FROM jobs WHERE status = 'running'").fetchall()
        return [Job.from_row(row) for row in rows]

    def set_progress(self, job_id: str, attempt: int, progress: dict) -> bool:
        """Only the process of the current attempt writes; a stray older one is ignored."""
        with self.connect() as db:
            return (
                db.execute(
                    "UPDATE jobs SET progress = ? WHERE id = ? AND attempts = ? "
                    "AND status = 'running'",
                    (json.dumps(progress), job_id, attempt),
                ).rowcount
                > 0
            )

    def finish(
        self,
        job_id: str,
        attempt: int | None,
        status: str,
        *,
        summary: dict | None = None,
        problems: list | None = None,
        error: str | None = None,
        files: dict | None = None,
    ) -> bool:
        """End a running job (of ``attempt``, when given) as done or failed."""
        sets = ["status = ?", "finished = ?", "summary = ?", "error = ?"]
        values: list = [status, time.time(), json.dumps(summary) if summary else None, error]
        if problems is not None:
            sets.append("problems = ?")
            values.append(json.dumps(problems))
        if files is not None:
            sets.append("files = ?")
            values.append(json.dumps(files))
        where = "id = ? AND status = 'running'"
        values.append(job_id)
        if attempt is not None:
            where += " AND attempts = ?"
            values.append(attempt)
        with self.connect() as db:
            return (
                db.execute(f"UPDATE jobs SET {', '.join(sets)} WHERE {where}", values).rowcount > 0
            )

    def requeue(self, job_id: str, attempt: int, forgive: bool = False) -> bool:
        """A job whose process died runs again, ahead of later jobs (it keeps its place).
        ``forgive``: the server was stopped on purpose, the start does not count."""
        with self.connect() as db:
            return (
                db.execute(
                    "UPDATE jobs SET status = 'queued', progress = NULL, attempts = attempts - ? "
                    "WHERE id = ? AND status = 'running' AND attempts = ?",
                    (int(forgive), job_id, attempt),
                ).rowcount
                > 0
            )

    def delete_job(self, job_id: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)

    def expired(self, before: float) -> list[str]:
        """Jobs created before ``before`` and not running now."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT id FROM jobs WHERE created < ? AND status != 'running'", (before,)
            ).fetchall()
        return [row["id"] for row in rows]

    def forget_access(self, before: float) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM access WHERE at < ?", (before,))
            db.execute("DELETE FROM failures WHERE last < ?", (before,))

    def orphan_dirs(self) -> list[Path]:
        """Job folders without a job (a server killed between saving and recording an upload)."""
        with self.connect() as db:
            known = {row["id"] for row in db.execute("SELECT id FROM jobs")}
        return [
            path
            for path in (self.root / "jobs").iterdir()
            if path.is_dir() and path.name not in known
        ]
