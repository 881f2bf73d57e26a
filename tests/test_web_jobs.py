"""Jobs that lose nothing, accounts, and the small rules of uploads and downloads.

The restart test runs a real server and kills it with SIGKILL mid-job; the others drive the
jobs table, the dispatcher and the ``users`` command directly."""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest
import requests
from click.testing import CliRunner
from webserver import Server, add_user, bearer, submit, wait_for

from scheduler.cli import cli
from scheduler.example import write_example
from scheduler.web import auth, jobs, uploads
from scheduler.web.store import Store

OPTIONS = {"time_limit": 1.0, "lang": "en"}


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "data").create()


def _queued(store: Store, owner: str = "alice") -> str:
    job_id = store.new_job_id()
    store.add_job(job_id, owner, OPTIONS, {"roster": "roster.xlsx"}, "queued", [])
    return job_id


def test_an_interrupted_job_runs_again_and_fails_at_its_second_death(store):
    job_id = _queued(store)
    dispatcher = jobs.Dispatcher(store)
    assert store.claim_next().attempts == 1
    dispatcher.recover()  # the server was killed while it ran
    assert store.job(job_id).status == "queued"
    assert store.claim_next().attempts == 2
    dispatcher.recover()
    job = store.job(job_id)
    assert job.status == "failed"
    assert "twice" in job.error and "the service stopped" in job.error


def test_a_stray_process_of_an_earlier_attempt_cannot_write(store):
    job_id = _queued(store)
    store.claim_next()
    store.requeue(job_id, 1)
    store.claim_next()
    assert not store.set_progress(job_id, 1, {"stage": "solving"})
    assert not store.finish(job_id, 1, "done")
    assert store.set_progress(job_id, 2, {"stage": "solving"})
    assert store.job(job_id).status == "running"


def test_jobs_start_in_the_order_they_were_queued(store):
    first, second = _queued(store), _queued(store)
    held = store.new_job_id()
    store.add_job(held, "alice", OPTIONS, {}, "held", [])
    assert store.queue_position(store.job(second)) == 2
    assert store.release(held)  # goes to the back
    assert [store.claim_next().id for _ in range(3)] == [first, second, held]


def test_a_job_past_its_wall_clock_limit_is_killed_and_failed(store, monkeypatch):
    monkeypatch.setattr(jobs, "WALL_MARGIN", 0.0)
    job_id = _queued(store)
    job = store.claim_next()
    dispatcher = jobs.Dispatcher(store)
    process = subprocess.Popen(["sleep", "60"])
    dispatcher.running[job_id] = jobs._Running(job, process, time.monotonic() - 10)
    dispatcher.reap()
    assert process.poll() is not None
    failed = store.job(job_id)
    assert failed.status == "failed" and "longer than" in failed.error


def test_old_jobs_and_their_files_are_cleaned_up(store):
    old, new = _queued(store), _queued(store)
    for job_id in (old, new):
        store.job_dir(job_id).mkdir()
    with store.connect() as db:
        db.execute("UPDATE jobs SET created = created - 8 * 86400 WHERE id = ?", (old,))
    jobs.Dispatcher(store, keep_days=7).cleanup()
    assert store.job(old) is None and not store.job_dir(old).exists()
    assert store.job(new) is not None and store.job_dir(new).exists()


def test_a_killed_server_loses_no_job(tmp_path):
    """SIGKILL while a job runs; after the restart every job ends done, the interrupted one
    having been started twice."""
    data = tmp_path / "data"
    token = add_user(data, "alice")
    server = Server(data, "--jobs", "1").start()
    ids = []
    try:
        for seed in range(3):
            path = tmp_path / f"r{seed}.xlsx"
            write_example(path, volunteers=100, seed=seed + 20)
            ids.append(submit(server, token, path, time_limit=2).json()["id"])
        deadline = time.monotonic() + 60
        while (
            requests.get(server.url(f"/api/jobs/{ids[0]}"), headers=bearer(token)).json()["status"]
            != "running"
        ):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        server.kill()
        server = Server(data, "--jobs", "1").start()
        assert [wait_for(server, token, job_id)["status"] for job_id in ids] == ["done"] * 3
    finally:
        server.stop()
    with sqlite3.connect(data / "scheduler.sqlite3") as db:
        attempts = dict(db.execute("SELECT id, attempts FROM jobs").fetchall())
    assert attempts[ids[0]] == 2


def _users(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, ["users", *args], input=input)
    assert "Traceback" not in result.output
    return result


def test_users_are_added_listed_given_tokens_and_removed(tmp_path):
    data = ["--data", str(tmp_path), "--lang", "en"]
    assert _users("add", "王芳", *data, input="long enough\nlong enough\n").exit_code == 0
    assert _users("add", "王芳", *data, input="long enough\nlong enough\n").exit_code == 1
    assert "differ" in _users("add", "b", *data, input="long enough\nother one\n").output
    assert "at least" in _users("add", "c", *data, input="short\nshort\n").output
    assert _users("add", "has space", *data, input="long enough\nlong enough\n").exit_code == 1
    first = _users("token", "王芳", *data).output.strip().splitlines()[-1]
    second = _users("token", "王芳", *data).output.strip().splitlines()[-1]
    store = Store(tmp_path)
    assert first != second
    assert auth.token_user(store, first) == auth.token_user(store, second) == "王芳"
    assert "2 tokens" in _users("list", *data).output
    assert _users("remove", "王芳", *data).exit_code == 0
    assert auth.token_user(store, first) is None
    assert _users("remove", "王芳", *data).exit_code == 1
    assert _users("token", "nobody", *data).exit_code == 1


def test_passwords_are_stored_as_argon2_and_tokens_as_hashes(tmp_path):
    store = Store(tmp_path).create()
    store.add_user("alice", auth.hash_password("long enough"))
    token = auth.new_token(store, "alice")
    assert store.password_hash("alice").startswith("$argon2id$")
    assert auth.check_password(store, "alice", "long enough")
    assert not auth.check_password(store, "alice", "wrong")
    with store.connect() as db:
        stored = [row[0] for row in db.execute("SELECT hash FROM tokens")]
    assert stored == [auth.token_hash(token)] and token not in stored


@pytest.mark.parametrize(
    "name, clean",
    [
        ("东苑社区花名册.xlsx", "东苑社区花名册.xlsx"),
        ("..\\..\\etc/passwd", "passwd"),
        ('a"b<c>\x00.xlsx', "a_b_c_.xlsx"),
        ("", "roster.xlsx"),
        ("..", "roster.xlsx"),
        ("长" * 200 + ".xlsx", "长" * 75 + ".xlsx"),
    ],
)
def test_upload_names_are_cleaned(name, clean):
    assert uploads.clean_name(name, "roster.xlsx") == clean


def test_download_names_are_encoded_for_chinese():
    header = uploads.attachment("东苑 排班表.xlsx")
    assert header.startswith('attachment; filename="download.xlsx"')
    assert "filename*=UTF-8''%E4%B8%9C%E8%8B%91%20%E6%8E%92%E7%8F%AD%E8%A1%A8.xlsx" in header
    assert uploads.download_name("东苑.xlsx", "schedule", "zh") == "东苑_排班表.xlsx"
    assert uploads.download_name("east.xlsx", "split", "en") == "east_by_community.zip"


def test_the_wait_after_failed_logins_doubles(store, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])  # the failures are stamped with it
    waits = []
    for _ in range(6):
        waits.append(auth.wait_seconds(store, "bob", "10.0.0.1"))
        auth.record_login(store, "bob", "10.0.0.1", ok=False)
    assert waits == [0, 0, 0, 1, 2, 4]
    assert auth.wait_seconds(store, "bob", "10.0.0.2") == 0  # another address is not slowed
    auth.record_login(store, "bob", "10.0.0.1", ok=True)
    assert auth.wait_seconds(store, "bob", "10.0.0.1") == 0
