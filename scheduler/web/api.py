"""The JSON API: the page's operations for other systems (``/docs`` shows them).

A job id that does not exist and a job of another user get the same 404, on every route, so an
id reveals nothing. A roster that cannot be used is answered 422 with its problems; nothing is
queued. Row problems do not stop a job: they come back in the job's ``problems``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from scheduler.messages import LANGS, say
from scheduler.web import submit, uploads
from scheduler.web.app import Refused, api_user, lang_of, refuse
from scheduler.web.store import Job, Store

router = APIRouter(prefix="/api", tags=["jobs"])
User = Annotated[str, Depends(api_user)]
Text = Annotated[str | None, Form()]


def _store(request: Request) -> Store:
    return request.app.state.store


def own_job(request: Request, job_id: str, user: str) -> Job:
    job = _store(request).job(job_id, owner=user)
    if job is None:
        raise refuse(request, 404, "web.status.no_job")
    return job


def _options(request: Request, **fields) -> dict:
    """The options, or 422 in the language asked for (the ``lang`` field, else ``?lang=``)."""
    lang = fields["lang"] if fields.get("lang") in LANGS else lang_of(request)
    try:
        return submit.options(**fields, say_lang=lang)
    except submit.BadOption as error:
        problem = str(error)
        raise Refused(422, say("web.option.wrapped", lang, problem=problem)) from None


@router.post("/jobs", status_code=202, summary="Upload a roster and queue a job")
def create_job(
    request: Request,
    user: User,
    roster: Annotated[UploadFile, File(description="The roster workbook (.xlsx)")],
    previous: Annotated[UploadFile | None, File(description="A schedule to re-plan")] = None,
    time_limit: Text = None,
    lang: Text = None,
    date: Text = None,
    split_by: Text = None,
    mask_phones: Text = None,
    standby: Text = None,
):
    chosen = _options(
        request,
        time_limit=time_limit,
        lang=lang,
        date=date,
        split_by=split_by,
        mask_phones=mask_phones,
        standby=standby,
    )
    received = submit.receive(request, user, roster, previous, chosen, hold_on_problems=False)
    if not received.usable:
        return JSONResponse({"problems": _public(received.problems)}, status_code=422)
    return {"id": received.job_id, "status": "queued"}


@router.post("/check", summary="Check a roster at once; nothing is queued")
def check_roster(
    request: Request,
    user: User,
    roster: Annotated[UploadFile, File(description="The roster workbook (.xlsx)")],
    lang: Text = None,
):
    chosen = _options(request, lang=lang)
    store = _store(request)
    job_id = store.new_job_id()  # a scratch folder under a random name, deleted at once
    folder = store.job_dir(job_id)
    names = {"roster": uploads.clean_name(roster.filename, "roster.xlsx")}
    try:
        uploads.save(roster.file, folder / "roster.xlsx")
        result = uploads.check(folder, names, chosen["lang"])
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    submit.log(request, user, "check")
    body = {"usable": result["usable"], "problems": _public(result["problems"])}
    return JSONResponse(body, status_code=200 if result["usable"] else 422)


def _public(problems: list) -> list:
    keys = ("sheet", "row", "column", "value", "problem", "severity", "kind")
    return [{key: row.get(key) for key in keys} for row in problems]


# The two reads a page polls are async: short SQLite reads on the event loop cost less than a
# hop to the thread pool and back (benchmarks/web_load.py). Everything that writes, uploads or
# waits for a process stays in the thread pool.
@router.get("/jobs", summary="The caller's jobs, newest first")
async def list_jobs(request: Request, user: User):
    store = _store(request)
    return JSONResponse({"jobs": [submit.job_json(store, job) for job in store.jobs_of(user)]})


@router.get("/jobs/{job_id}", summary="A job's status, progress and results")
async def get_job(request: Request, job_id: str, user: User):
    job = own_job(request, job_id, user)
    return JSONResponse(submit.job_json(_store(request), job))  # plain JSON: no re-encoding


@router.delete("/jobs/{job_id}", summary="Delete a job and its files")
def delete_job(request: Request, job_id: str, user: User):
    submit.delete(request, user, own_job(request, job_id, user))
    return {"id": job_id, "deleted": True}


@router.get("/jobs/{job_id}/schedule.xlsx", summary="The schedule workbook")
def schedule_file(request: Request, job_id: str, user: User):
    return send(request, own_job(request, job_id, user), user, "schedule")


@router.get("/jobs/{job_id}/split.zip", summary="The per-community workbooks, zipped")
def split_file(request: Request, job_id: str, user: User):
    return send(request, own_job(request, job_id, user), user, "split")


MEDIA = {
    "schedule": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "split": "application/zip",
}


def send(request: Request, job: Job, user: str, kind: str) -> FileResponse:
    """A job's file, named after the uploaded roster; 404 until it exists."""
    if kind not in job.files:
        raise refuse(request, 404, f"web.status.no_{kind}")
    path = _store(request).job_dir(job.id) / job.files[kind]
    if not path.is_file():
        raise refuse(request, 404, f"web.status.no_{kind}")
    name = uploads.download_name(job.files["roster_name"], kind, job.options["lang"])
    submit.log(request, user, f"download {kind}", job.id)
    headers = {"Content-Disposition": uploads.attachment(name), "Cache-Control": "no-store"}
    return FileResponse(path, media_type=MEDIA[kind], headers=headers)
