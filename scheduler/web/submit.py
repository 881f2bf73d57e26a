"""What the API and the page share: reading the options, taking an upload in, showing a job."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass

from fastapi import Request, UploadFile

from scheduler.messages import LANGS, say
from scheduler.web import uploads
from scheduler.web.store import Job, Store

MAX_TIME_LIMIT = 3600.0  # one hour: a street's roster needs a minute; the queue is shared
DEFAULTS = dict(time_limit=60.0, lang="zh", date=None, split_by=None, mask_phones=False, standby=3)


class BadOption(ValueError):
    """An option a person gave cannot be used; the message says which and what to give."""


@dataclass(frozen=True, slots=True)
class Received:
    """An upload after its check: a job id when it was recorded, and the problems found."""

    job_id: str | None
    usable: bool
    problems: list


def options(
    *,
    say_lang: str,
    time_limit: str | None = None,
    lang: str | None = None,
    date: str | None = None,
    split_by: str | None = None,
    mask_phones: str | None = None,
    standby: str | None = None,
) -> dict:
    """The solve options from form fields (text, as posted; a field not posted is None), with
    the CLI's defaults."""
    chosen = dict(DEFAULTS)
    if lang:
        if lang not in LANGS:
            raise BadOption(say("web.option.lang", say_lang, value=lang))
        chosen["lang"] = lang
    if time_limit:
        chosen["time_limit"] = _number(time_limit, 0.1, MAX_TIME_LIMIT, "time_limit", say_lang)
    if date:
        try:
            chosen["date"] = dt.date.fromisoformat(date.strip()).isoformat()
        except ValueError:
            raise BadOption(say("web.option.date", say_lang, value=date)) from None
    if split_by:
        if split_by != "community":
            raise BadOption(say("web.option.split_by", say_lang, value=split_by))
        chosen["split_by"] = split_by
    if mask_phones:
        chosen["mask_phones"] = mask_phones.strip().lower() in ("1", "true", "on", "yes")
    if standby:
        chosen["standby"] = int(_number(standby, 0, 20, "standby", say_lang, whole=True))
    return chosen


def _number(text: str, low: float, high: float, name: str, lang: str, whole: bool = False) -> float:
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadOption(
            say(f"web.option.{name}", lang, value=text, low=f"{low:g}", high=f"{high:g}")
        )
    return value


def receive(
    request: Request,
    owner: str,
    roster: UploadFile,
    previous: UploadFile | None,
    chosen: dict,
    *,
    hold_on_problems: bool,
) -> Received:
    """Store the files under the job's random folder, check them, record the job.

    A structural problem deletes the files and records nothing. Row problems either hold the job
    until the coordinator goes on (the page) or queue it at once (the API)."""
    store: Store = request.app.state.store
    job_id = store.new_job_id()
    folder = store.job_dir(job_id)
    names = {"roster": uploads.clean_name(roster.filename, "roster.xlsx")}
    uploads.save(roster.file, folder / "roster.xlsx")
    if previous is not None and previous.filename:
        names["previous"] = uploads.clean_name(previous.filename, "previous.xlsx")
        uploads.save(previous.file, folder / "previous.xlsx")
    result = uploads.check(folder, names, chosen["lang"])
    if not result["usable"]:
        shutil.rmtree(folder, ignore_errors=True)
        return Received(None, False, result["problems"])
    files = {"roster": "roster.xlsx", "roster_name": names["roster"]}
    if "previous" in names:
        files |= {"previous": "previous.xlsx", "previous_name": names["previous"]}
    held = hold_on_problems and bool(result["problems"])
    chosen = chosen | {"dask": request.app.state.settings.dask}
    store.add_job(job_id, owner, chosen, files, "held" if held else "queued", result["problems"])
    log(request, owner, "upload", job_id)
    if not held:
        request.app.state.dispatcher.wake()
    return Received(job_id, True, result["problems"])


def log(request: Request, user: str, action: str, job_id: str | None = None) -> None:
    ip = request.client.host if request.client else "-"
    request.app.state.store.log(user, ip, action, job_id)


def job_json(store: Store, job: Job) -> dict:
    """A job as the API shows it (the page polls the same)."""
    progress = dict(job.progress)
    if job.status == "queued":
        progress["position"] = store.queue_position(job)
    elif job.status == "running" and job.started:
        progress["elapsed"] = round(time.time() - job.started, 1)
    return {
        "id": job.id,
        "status": job.status,
        "created": _iso(job.created),
        "started": _iso(job.started),
        "finished": _iso(job.finished),
        "roster": job.files.get("roster_name"),
        "options": {k: v for k, v in job.options.items() if k != "dask"},
        "progress": progress,
        "summary": job.summary or {},
        "problems": job.problems,
        "error": job.error or "",
        "files": {kind: kind in job.files for kind in ("schedule", "split")},
    }


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")


def delete(request: Request, user: str, job: Job) -> None:
    store: Store = request.app.state.store
    store.delete_job(job.id)  # the row first: the queue can no longer start it
    request.app.state.dispatcher.cancel(job.id)
    shutil.rmtree(store.job_dir(job.id), ignore_errors=True)  # what a cancelled process left
    log(request, user, "delete", job.id)
