"""The process that runs one job, and the process that checks one upload.

``python -m scheduler.web.worker run DATA JOB ATTEMPT`` does what ``scheduler solve`` does (read,
solve, write the schedule and, when asked, the per-community workbooks) through the library, and
writes its progress, its Summary figures and its shortfalls into the job's row. It writes only
while the job's row still says this attempt is running, so a stray process of an earlier attempt
can never overwrite a later one.

``python -m scheduler.web.worker check FILE NAME LANG [PREVIOUS]`` reads a roster (and a previous
schedule) and prints its problems as JSON. The server runs it in a process of its own too: a file
that crashes or exhausts a reader takes that process down, never the service.

On Linux each process asks the kernel to kill it when the server dies (``PR_SET_PDEATHSIG``), so
a server killed with SIGKILL leaves no job running behind it; the restarted server runs it again.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import os
import signal
import sys
import time
import traceback
import zipfile
from dataclasses import replace
from pathlib import Path

from scheduler.domain import RosterIssue
from scheduler.messages import Message, say
from scheduler.roster.sheets import issue_kind
from scheduler.web.store import Store

PROGRESS_EVERY = 0.5  # seconds between two progress writes


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the server) dies."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def problem_rows(issues, lang: str, names: dict[str, str] | None = None) -> list[dict]:
    """Issues as JSON rows; a stored file's name is replaced by the name the user uploaded."""
    names = names or {}
    return [
        {
            "sheet": names.get(issue.sheet, issue.sheet),
            "row": issue.row,
            "column": issue.column,
            "value": _plain(issue.value),
            "problem": issue.problem_text(lang),
            "severity": issue_kind(issue),  # error, warning or setting: as the Issues sheet
            "kind": say(f"report.severity.{issue_kind(issue)}", lang),
            "structural": issue.structural,
        }
        for issue in issues
    ]


def _plain(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _clock(value: object) -> object:
    """Minutes after midnight as 08:30 (a shift past midnight ends on the next day's clock)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value % 1440 // 60:02d}:{value % 60:02d}"
    return _plain(value)


def _renamed(issues, names: dict[str, str]) -> tuple[RosterIssue, ...]:
    return tuple(
        replace(issue, sheet=names[issue.sheet]) if issue.sheet in names else issue
        for issue in issues
    )


def check(path: Path, name: str, lang: str, previous: Path | None, previous_name: str) -> dict:
    """``{"usable": bool, "problems": [...]}``: usable unless a structural problem stops it."""
    from scheduler.report.previous import read_assignments
    from scheduler.roster import RosterError, read_roster

    names = {path.name: name}
    try:
        roster = read_roster(path)
    except RosterError as error:
        return {"usable": False, "problems": problem_rows(error.issues, lang, names)}
    problems = problem_rows(roster.issues, lang, names)
    if previous is not None:
        try:
            read_assignments(previous)
        except RosterError as error:
            rows = problem_rows(error.issues, lang, {previous.name: previous_name})
            return {"usable": False, "problems": problems + rows}
    return {"usable": True, "problems": problems}


class Reporter:
    """The solver's progress callback: keeps the latest figures, writes them at most twice a
    second into the job's row."""

    def __init__(self, store: Store, job_id: str, attempt: int, options: dict):
        self.store, self.job_id, self.attempt = store, job_id, attempt
        self.lang, time_limit = options["lang"], options["time_limit"]
        self.started = time.monotonic()
        self.state: dict = {"stage": "reading", "time_limit": time_limit}
        self.written = 0.0

    def __call__(self, message) -> None:
        """A progress message of the solver (a catalogue ``Message``; a plain line is kept as
        it is): its figures by key, its text in the job's language."""
        self.state["message"] = (
            message.render(self.lang) if isinstance(message, Message) else str(message)
        )
        self.take(message)
        self.write()

    def take(self, message) -> None:
        if not isinstance(message, Message):
            return
        fields = dict(message.fields)
        key = message.key.rsplit(".", 1)[-1]
        if key == "stage":
            self.state.update(
                parts_done=fields["done"],
                parts_total=fields["total"],
                filled=fields["filled"],
                bound=fields["bound"],
            )
        elif key in ("greedy", "repaired"):
            self.state["filled"] = fields["filled"]
        elif key in ("coverage", "coverage_proven", "greedy_best"):
            self.state.update(coverage=fields["value"], bound=fields["bound"])
        elif key == "next":
            self.take(fields["done"])

    def stage(self, name: str) -> None:
        self.state["stage"] = name
        self.write(force=True)

    def write(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.written >= PROGRESS_EVERY:
            self.state["elapsed"] = round(now - self.started, 1)
            self.written = now
            if not self.store.set_progress(self.job_id, self.attempt, self.state):
                sys.exit(0)  # the job was deleted or given to another attempt: stop quietly


def run(store: Store, job_id: str, attempt: int) -> None:
    job = store.job(job_id)
    if job is None or job.status != "running" or job.attempts != attempt:
        return
    options, files = job.options, dict(job.files)
    lang = options["lang"]
    folder = store.job_dir(job_id)
    reporter = Reporter(store, job_id, attempt, options)
    reporter.stage("reading")
    outcome = _solve_job(folder, options, files, reporter)
    if "error" in outcome or "problems_only" in outcome:
        store.finish(
            job_id,
            attempt,
            "failed",
            problems=outcome.get("problems", []),
            error=outcome.get("error") or say("web.job.unusable", lang),
        )
        return
    reporter.stage("done")
    store.finish(
        job_id,
        attempt,
        "done",
        summary=outcome["summary"],
        problems=outcome["problems"],
        files=files,
    )


def _solve_job(folder: Path, options: dict, files: dict, reporter: Reporter) -> dict:
    """Read, solve and write; the outcome as a dict (``summary`` and ``problems``, or
    ``problems_only`` / ``error`` when the roster cannot be used)."""
    from scheduler.parallel import ClusterError
    from scheduler.report.previous import read_assignments
    from scheduler.report.schedule import write_schedule
    from scheduler.roster import RosterError, read_roster
    from scheduler.solve import solve

    lang = options["lang"]
    names = {"roster.xlsx": files.get("roster_name", "roster.xlsx")}
    try:
        roster = read_roster(folder / "roster.xlsx")
    except RosterError as error:
        return {"problems_only": True, "problems": problem_rows(error.issues, lang, names)}
    roster = replace(roster, issues=_renamed(roster.issues, names))
    if options.get("date"):
        day = dt.date.fromisoformat(options["date"])
        roster = roster.on(day)
        if not roster.shifts:
            return {"error": say("web.job.no_shift_on", lang, date=options["date"])}
    previous = None
    if "previous" in files:
        try:
            previous = read_assignments(folder / "previous.xlsx")
        except RosterError as error:
            rows = problem_rows(error.issues, lang, {"previous.xlsx": files["previous_name"]})
            return {"problems_only": True, "problems": rows}
    reporter.stage("solving")
    try:
        schedule = solve(
            roster,
            time_limit=options["time_limit"],
            seed=0,
            workers=1,
            previous=previous,
            progress=reporter,
            dask=options.get("dask"),
        )
    except ClusterError as error:  # the --dask cluster cannot be reached: say so, as solve does
        return {"error": str(error)}
    reporter.stage("writing")
    report = write_schedule(
        schedule,
        folder / "schedule.xlsx",
        lang,
        mask_phones=options["mask_phones"],
        standby=options["standby"],
    )
    files["schedule"] = "schedule.xlsx"
    if options.get("split_by"):
        _write_split(report, folder)
        files["split"] = "split.zip"
    return {"summary": summary(report), "problems": problem_rows(report.roster.issues, lang)}


def _write_split(report, folder: Path) -> None:
    from scheduler.report.split import write_by_community

    written = write_by_community(report, folder / "schedule.xlsx")
    partial = folder / "split.zip.part"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in written:
            archive.write(path, path.name)
    partial.replace(folder / "split.zip")


def summary(report) -> dict:
    """What the result page shows: the Summary figures and the Unfilled rows with reasons."""
    figures = [_figure(f) for f in report.figures()]
    technical = [_figure(f) for f in report.technical_figures()]
    shortfalls = [
        {
            "date": _plain(row.get("date")),
            "shift_id": row.get("shift_id"),
            "post": row.get("post_name") or row.get("post_id"),
            "start": _clock(row.get("start")),
            "end": _clock(row.get("end")),
            "required": _plain(row.get("required")),
            "assigned": row.get("assigned"),
            "shortfall": row.get("shortfall"),
            "reason": _plain(row.get("reason")),
        }
        for row in report.unfilled_rows()
    ]
    schedule = report.schedule
    return {
        "lang": report.lang,
        "filled": len(schedule.assignments),
        "required": sum(s.required for s in schedule.roster.shifts),
        "status": schedule.status.value,
        "figures": figures,
        "technical": technical,
        "shortfalls": shortfalls,
        # the advice that fits every gap, said once above the rows as on the Unfilled sheet
        "advice": report.say("unfilled.advice") if shortfalls else "",
    }


def _figure(figure) -> dict:
    """A Summary figure with its label in both languages (its value, when text, is in the
    job's language, as in the workbook)."""
    return {
        "key": figure.key,
        "zh": figure.label("zh"),
        "en": figure.label("en"),
        "value": _plain(figure.value),
        "kind": figure.kind,
    }


def main(argv: list[str]) -> int:
    die_with_parent()
    if argv[:1] == ["check"] and len(argv) in (4, 6):
        previous = Path(argv[4]) if len(argv) == 6 else None
        result = check(Path(argv[1]), argv[2], argv[3], previous, argv[5] if previous else "")
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if argv[:1] == ["run"] and len(argv) == 4:
        store = Store(Path(argv[1]))
        try:
            run(store, argv[2], int(argv[3]))
        except Exception as error:  # noqa: BLE001 - the job fails with a message, not a trace
            traceback.print_exc()
            job = store.job(argv[2])
            lang = job.options.get("lang", "zh") if job else "zh"
            reason = say("web.job.crashed", lang, kind=type(error).__name__)
            store.finish(argv[2], int(argv[3]), "failed", error=reason)
        return 0
    print("usage: worker check FILE NAME LANG [PREVIOUS NAME] | worker run DATA JOB ATTEMPT")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
