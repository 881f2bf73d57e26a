"""Where the parts are solved: in this process, in a local pool of processes, or on a Dask cluster.

Every runner takes the same picklable tasks and gives back each result with its task's index,
in whatever order they finish; ``scheduler.solve`` puts them back in task order, so the schedule
does not depend on the runner, the number of processes or which part finished first.

The pool uses the ``spawn`` start method: a fresh interpreter per process, the same on Linux,
macOS and Windows, and never a fork of a process whose solver threads are running.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

IN_FLIGHT = 2  # tasks per process submitted ahead: the rest are built only when needed


class Runner:
    """Runs a function over tasks; ``close`` frees whatever it started."""

    def run(self, function: Callable, tasks: Iterable, count: int) -> Iterator[tuple[int, Any]]:
        """(index, result) for each of the ``count`` tasks, in the order they finish."""
        for index, task in enumerate(tasks):
            yield index, function(task)

    def close(self) -> None:
        """Nothing to free in this process."""


class PoolRunner(Runner):
    """A pool of ``processes`` local processes, started on first use and kept for later stages.

    Tasks are taken from the iterable only as processes free up, so a city's parts are never all
    held in memory at once."""

    def __init__(self, processes: int):
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def run(self, function: Callable, tasks: Iterable, count: int) -> Iterator[tuple[int, Any]]:
        if count < 2:
            yield from super().run(function, tasks, count)
            return
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.processes, mp_context=context)
        pending = enumerate(tasks)
        running: dict[Future, int] = {}
        for index, task in itertools.islice(pending, IN_FLIGHT * self.processes):
            running[self._pool.submit(function, task)] = index
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=running.get):
                index = running.pop(future)
                for next_index, task in itertools.islice(pending, 1):
                    running[self._pool.submit(function, task)] = next_index
                yield index, future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class ClusterError(RuntimeError):
    """The Dask cluster cannot be used: the package is missing or the scheduler is unreachable."""


class DaskRunner(Runner):
    """Parts go to the workers of an existing Dask distributed cluster at ``address``; the
    workers need this package installed (the same version), as the function runs there."""

    def __init__(self, address: str, timeout: float = 20.0):
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError(
                "--dask needs the distributed package: pip install 'volunteer-scheduler[dask]'"
            ) from None
        try:
            self.client = Client(address, set_as_default=False, timeout=timeout)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None

    def run(self, function: Callable, tasks: Iterable, count: int) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed as finished

        if not count:
            return
        ahead = IN_FLIGHT * max(sum(self.client.nthreads().values()), 1)
        pending = enumerate(tasks)
        index: dict[str, int] = {}

        def submit(k: int, task) -> Any:
            future = self.client.submit(function, task, pure=False)
            index[future.key] = k
            return future

        first = [submit(k, task) for k, task in itertools.islice(pending, ahead)]
        queue = finished(first, loop=self.client.loop)
        for future in queue:
            for k, task in itertools.islice(pending, 1):
                queue.add(submit(k, task))
            yield index[future.key], future.result()

    def close(self) -> None:
        self.client.close()


def runner(workers: int = 1, dask: str | None = None) -> Runner:
    """A Dask runner when an address is given, else a pool when more than one process is asked."""
    if dask:
        return DaskRunner(dask)
    return PoolRunner(workers) if workers > 1 else Runner()
