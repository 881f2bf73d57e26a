"""The batch queue: the jobs table decides, a thread in the server starts and watches processes.

Every half second the dispatcher (1) looks at the processes it started: one that ended without
recording an end, or died, puts its job back in the queue (its place kept) or, at the second
death, fails it with the reason; one past its wall-clock limit is killed and its job failed;
(2) starts the oldest queued jobs while fewer than ``--jobs`` run, each in a process of its own
(``python -m scheduler.web.worker run``); (3) once an hour deletes jobs older than
``--keep-days`` with their files.

At start, before anything runs, jobs the table says are running were interrupted by the stop of
the previous server: each goes back to the queue, or is failed if that was its second start.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass

from scheduler.messages import say
from scheduler.web.store import MAX_ATTEMPTS, Job, Store

TICK = 0.5
CLEANUP_EVERY = 3600.0
WALL_MARGIN = 120.0  # seconds for reading and writing on top of the solver's time limit
ACCESS_KEEP_DAYS = 90  # the access log outlives the jobs it names, for audits


def wall_limit(time_limit: float) -> float:
    """Seconds a job's process may live: the solver's limit, half as much again, and a margin."""
    return time_limit * 1.5 + WALL_MARGIN


@dataclass
class _Running:
    job: Job
    process: subprocess.Popen
    started: float


class Dispatcher:
    def __init__(self, store: Store, slots: int = 1, keep_days: float = 7.0):
        self.store, self.slots, self.keep_days = store, slots, keep_days
        self.running: dict[str, _Running] = {}
        self.stop_event = threading.Event()
        self.wake_event = threading.Event()
        self.thread: threading.Thread | None = None
        self.cleaned = 0.0
        self.lock = threading.Lock()  # guards ``running``: the request threads cancel jobs

    def start(self) -> None:
        self.recover()
        self.thread = threading.Thread(target=self.loop, name="dispatcher", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """A clean stop: the running jobs are stopped and queued again for the next start."""
        self.stop_event.set()
        self.wake_event.set()
        if self.thread is not None:
            self.thread.join(timeout=10)
        with self.lock:
            for run in list(self.running.values()):
                run.process.kill()
                run.process.wait()
                self.store.requeue(run.job.id, run.job.attempts, forgive=True)
            self.running.clear()

    def cancel(self, job_id: str) -> None:
        """The job is being deleted: end its process first, so no file is written after."""
        with self.lock:
            run = self.running.pop(job_id, None)
        if run is not None:
            run.process.kill()
            run.process.wait()

    def wake(self) -> None:
        """A job was queued: look now rather than at the next tick."""
        self.wake_event.set()

    def recover(self) -> None:
        for job in self.store.running():
            self._died(job, say("web.job.interrupted", job.options.get("lang", "zh")))

    def loop(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the queue
                traceback.print_exc()
            self.wake_event.wait(TICK)
            self.wake_event.clear()

    def tick(self) -> None:
        with self.lock:
            self.reap()
            while len(self.running) < self.slots and not self.stop_event.is_set():
                job = self.store.claim_next()
                if job is None:
                    break
                self.launch(job)
        if time.monotonic() - self.cleaned >= CLEANUP_EVERY:
            self.cleanup()
            self.cleaned = time.monotonic()

    def launch(self, job: Job) -> None:
        command = [sys.executable, "-m", "scheduler.web.worker", "run"]
        command += [str(self.store.root), job.id, str(job.attempts)]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        self.running[job.id] = _Running(job, process, time.monotonic())

    def reap(self) -> None:
        for job_id, run in list(self.running.items()):
            code = run.process.poll()
            lang = run.job.options.get("lang", "zh")
            if code is None:
                if time.monotonic() - run.started <= wall_limit(run.job.options["time_limit"]):
                    continue
                run.process.kill()
                run.process.wait()
                seconds = round(wall_limit(run.job.options["time_limit"]))
                reason = say("web.job.too_long", lang, seconds=seconds)
                self.store.finish(job_id, run.job.attempts, "failed", error=reason)
            elif (now := self.store.job(job_id)) is not None and now.status == "running":
                if now.attempts == run.job.attempts:
                    self._died(now, say("web.job.died", lang, code=code))
            del self.running[job_id]

    def _died(self, job: Job, reason: str) -> None:
        """Run it again, unless this was its second start."""
        if job.attempts >= MAX_ATTEMPTS:
            lang = job.options.get("lang", "zh")
            error = say("web.job.died_twice", lang, reason=reason)
            self.store.finish(job.id, job.attempts, "failed", error=error)
        else:
            self.store.requeue(job.id, job.attempts)

    def cleanup(self) -> None:
        now = time.time()
        for job_id in self.store.expired(now - self.keep_days * 86400):
            self.store.delete_job(job_id)
        self.store.forget_access(now - max(self.keep_days, ACCESS_KEEP_DAYS) * 86400)
        for folder in self.store.orphan_dirs():
            if now - folder.stat().st_mtime > 3600:
                shutil.rmtree(folder, ignore_errors=True)
