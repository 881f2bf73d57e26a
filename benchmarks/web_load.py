"""Latency of the web service under polling: many clients asking a job's status while it runs.

    python -m benchmarks.web_load                         # 50 clients x 40 polls, flat out
    python -m benchmarks.web_load --interval 1            # as the page polls: once a second
    python -m benchmarks.web_load --clients 20 --polls 20 --volunteers 400

Starts a real ``scheduler serve`` on a free loopback port with a temporary data directory, makes
an account and a token, submits one roster (``--volunteers``, seed 1) with a time limit long
enough to outlast the polling, then runs ``--clients`` threads, each with its own connection,
each asking ``GET /api/jobs/{id}`` ``--polls`` times, ``--interval`` seconds apart (a bounded
loop; 0 by default: as fast as answers come). It prints
a table of latencies (p50, p95, p99, max, in milliseconds) and the requests per second, for
the polls while the job ran; the server and its job are stopped at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):  # run as a script too; the server helper lives in tests/
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import requests  # noqa: E402
from webserver import Server, add_user, bearer, submit  # noqa: E402

from scheduler.example import write_example  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--polls", type=int, default=40)
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--interval",
        type=float,
        default=0.0,
        help="Seconds each client waits between polls (the page waits 1; 0 is flat out).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        data = Path(temp) / "data"
        token = add_user(data, "load")
        roster = Path(temp) / "roster.xlsx"
        write_example(roster, volunteers=args.volunteers, seed=1)
        server = Server(data).start()
        try:
            job_id = submit(server, token, roster, time_limit=args.time_limit).json()["id"]
            measured = poll(server, token, job_id, args)
        finally:
            server.stop()
    report(measured, args)


def poll(server: Server, token: str, job_id: str, args) -> dict:
    url = server.url(f"/api/jobs/{job_id}")
    latencies: list[float] = []
    statuses: list[str] = []
    codes: list[int] = []
    lock = threading.Lock()

    def client(_: int) -> None:
        with requests.Session() as session:
            for _ in range(args.polls):
                time.sleep(args.interval)
                started = time.perf_counter()
                answer = session.get(url, headers=bearer(token), timeout=30)
                took = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(took)
                    codes.append(answer.status_code)
                    statuses.append(answer.json().get("status", "?"))

    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(client, range(args.clients)))
    seconds = time.perf_counter() - started
    return dict(latencies=latencies, codes=codes, statuses=statuses, seconds=seconds)


def report(measured: dict, args) -> None:
    latencies, statuses = measured["latencies"], measured["statuses"]
    running = statuses.count("running")
    print(
        f"{args.clients} clients x {args.polls} polls of GET /api/jobs/ID on 127.0.0.1, "
        f"{args.interval:g} s apart, while a "
        f"{args.volunteers}-volunteer job ran ({running} of {len(statuses)} answers said running)"
    )
    print("| requests | non-200 | req/s | p50 ms | p95 ms | p99 ms | max ms | mean ms |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(latencies)} | {sum(code != 200 for code in measured['codes'])} "
        f"| {len(latencies) / measured['seconds']:.0f} "
        f"| {percentile(latencies, 0.50):.1f} | {percentile(latencies, 0.95):.1f} "
        f"| {percentile(latencies, 0.99):.1f} | {max(latencies):.1f} "
        f"| {statistics.fmean(latencies):.1f} |"
    )


if __name__ == "__main__":
    main()
