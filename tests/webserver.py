"""A real ``scheduler serve`` in a subprocess on a free loopback port, for the web tests and the
load benchmark, and the few steps every client takes (an account, a token, a page login)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PASSWORD = "correct horse 1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scheduler(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scheduler", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_user(data: Path, name: str, password: str = PASSWORD) -> str:
    """Make the account with ``users add`` and return a token from ``users token``."""
    added = scheduler("users", "add", name, "--data", str(data), stdin=f"{password}\n{password}\n")
    assert added.returncode == 0, added.stderr
    made = scheduler("users", "token", name, "--data", str(data))
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


class Server:
    """``scheduler serve`` on 127.0.0.1; its output goes to ``server.log`` in the data dir."""

    def __init__(self, data: Path, *options: str):
        self.data, self.options = Path(data), options
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 60.0) -> Server:
        command = [sys.executable, "-m", "scheduler", "serve", "--data", str(self.data)]
        command += ["--port", str(self.port), *self.options]
        self.data.mkdir(parents=True, exist_ok=True)
        log = open(self.data / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=os.environ
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server ended at start:\n{self.log()}")
            try:
                if requests.get(self.url("/healthz"), timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return (self.data / "server.log").read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power cut or an OOM kill."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def submit(server: Server, token: str, roster: Path, **fields) -> requests.Response:
    with open(roster, "rb") as handle:
        files = {"roster": (roster.name, handle)}
        data = {key: str(value) for key, value in fields.items()}
        return requests.post(
            server.url("/api/jobs"), headers=bearer(token), files=files, data=data, timeout=300
        )


def wait_for(server: Server, token: str, job_id: str, timeout: float = 180.0) -> dict:
    """Poll the job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = requests.get(server.url(f"/api/jobs/{job_id}"), headers=bearer(token), timeout=30)
        assert job.status_code == 200, job.text
        if job.json()["status"] in ("done", "failed"):
            return job.json()
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} not finished in {timeout} s:\n{server.log()[-3000:]}")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no forgery token on the page"
    return found.group(1)


def page_login(server: Server, name: str, password: str = PASSWORD) -> requests.Session:
    """A browser-like session logged in through the page's form."""
    session = requests.Session()
    form = session.get(server.url("/login"), timeout=30)
    answer = session.post(
        server.url("/login"),
        data={"name": name, "password": password, "csrf": csrf_of(form.text)},
        timeout=30,
    )
    assert answer.status_code == 200 and "/logout" in answer.text, answer.text[:500]
    return session
