"""The page: log in, upload and check, follow a job, read its result, list and delete jobs.

Server-rendered HTML in Chinese first (English with the switch at the top), one small script for
drag and drop and live progress, no build step and nothing loaded from elsewhere. Every form
post carries the session's forgery token (403 without it); the session is renewed at login.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from scheduler.messages import LANGS
from scheduler.web import auth, submit
from scheduler.web.app import check_csrf, lang_of, page, refuse
from scheduler.web.store import Job, Store

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Form()]
SAMPLE = Path(__file__).resolve().parents[2] / "data"  # the checkout's bundled sample rosters


def _store(request: Request) -> Store:
    return request.app.state.store


def _user(request: Request) -> str | None:
    user = request.session.get("user")
    return user if user and _store(request).user_exists(user) else None


def _to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def _own(request: Request, job_id: str, user: str) -> Job:
    job = _store(request).job(job_id, owner=user)
    if job is None:
        raise refuse(request, 404, "web.status.no_job")
    return job


@router.get("/")
def home(request: Request):
    user = _user(request)
    if user is None:
        return _to_login()
    store = _store(request)
    jobs = [submit.job_json(store, job) for job in store.jobs_of(user)]
    return page(request, "home.html", jobs=jobs, defaults=submit.DEFAULTS)


@router.get("/login")
def login_form(request: Request):
    return page(request, "login.html", failed=None)


@router.post("/login")
def login(request: Request, name: Text = None, password: Text = None, csrf: Text = None):
    check_csrf(request, csrf)
    store, name = _store(request), (name or "").strip()
    ip = request.client.host if request.client else "-"
    wait = auth.wait_seconds(store, name, ip)
    if wait > 0:
        return page(request, "login.html", status=429, failed=("wait", int(wait) + 1))
    ok = bool(name) and auth.check_password(store, name, password or "")
    auth.record_login(store, name, ip, ok)
    store.log(name or "-", ip, "login" if ok else "login failed")
    if not ok:
        return page(request, "login.html", status=401, failed=("wrong", 0))
    lang = request.session.get("lang")
    request.session.clear()  # a new session at login: nothing planted before survives
    request.session.update(user=name, csrf=auth.new_csrf(), lang=lang or "zh")
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Text = None):
    check_csrf(request, csrf)
    lang = request.session.get("lang", "zh")
    request.session.clear()
    request.session["lang"] = lang
    return _to_login()


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/"):
    if code in LANGS:
        request.session["lang"] = code
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    return RedirectResponse(target, status_code=303)


@router.post("/upload")
def upload(
    request: Request,
    roster: Annotated[UploadFile | None, File()] = None,
    previous: Annotated[UploadFile | None, File()] = None,
    csrf: Text = None,
    time_limit: Text = None,
    lang: Text = None,
    date: Text = None,
    split_by: Text = None,
    mask_phones: Text = None,
    standby: Text = None,
):
    check_csrf(request, csrf)
    user = _user(request)
    if user is None:
        return _to_login()
    if roster is None or not roster.filename:
        raise refuse(request, 422, "web.page.no_file")
    try:
        chosen = submit.options(
            time_limit=time_limit,
            lang=lang or lang_of(request),
            date=date,
            split_by=split_by,
            mask_phones=mask_phones,
            standby=standby,
            say_lang=lang_of(request),
        )
    except submit.BadOption as error:
        return page(request, "error.html", status=422, message=str(error))
    received = submit.receive(request, user, roster, previous, chosen, hold_on_problems=True)
    if not received.usable:
        return page(request, "problems.html", status=422, problems=received.problems)
    return RedirectResponse(f"/jobs/{received.job_id}", status_code=303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str):
    user = _user(request)
    if user is None:
        return _to_login()
    store = _store(request)
    job = submit.job_json(store, _own(request, job_id, user))
    return page(request, "job.html", job=job)


@router.post("/jobs/{job_id}/start")
def start(request: Request, job_id: str, csrf: Text = None):
    check_csrf(request, csrf)
    user = _user(request)
    if user is None:
        return _to_login()
    job = _own(request, job_id, user)
    if _store(request).release(job.id):
        request.app.state.dispatcher.wake()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/jobs/{job_id}/delete")
def delete(request: Request, job_id: str, csrf: Text = None):
    check_csrf(request, csrf)
    user = _user(request)
    if user is None:
        return _to_login()
    submit.delete(request, user, _own(request, job_id, user))
    return RedirectResponse("/", status_code=303)


@router.get("/template.xlsx")
def template(request: Request) -> Response:
    """The empty roster workbook, as ``scheduler template`` writes it, in the page's language."""
    from scheduler.domain import Roster
    from scheduler.roster.write import write_roster

    lang = lang_of(request)
    path = _cached(request, f"template_{lang}.xlsx")
    if not path.exists():
        _write_once(
            path,
            lambda target: write_roster(Roster(volunteers=(), posts=(), shifts=()), target, lang),
        )
    return _download(path, "web.download.template", lang)


@router.get("/sample.xlsx")
def sample(request: Request) -> Response:
    """The bundled sample roster; when the program was installed without the checkout's data/
    folder, the same roster made again (it is ``scheduler example --volunteers 400 --seed 1``)."""
    from scheduler.example import write_example

    lang = lang_of(request)
    path = SAMPLE / ("sample_roster.xlsx" if lang == "zh" else "sample_roster_en.xlsx")
    if not path.is_file():
        path = _cached(request, f"sample_{lang}.xlsx")
        if not path.exists():
            _write_once(path, lambda target: write_example(target, 400, 1, lang, 1))
    return _download(path, "web.download.sample", lang)


def _cached(request: Request, name: str) -> Path:
    folder = _store(request).root / "cache"
    folder.mkdir(exist_ok=True)
    return folder / name


def _write_once(path: Path, write) -> None:
    partial = path.with_suffix(".part.xlsx")
    write(partial)
    partial.replace(path)


def _download(path: Path, key: str, lang: str) -> FileResponse:
    from scheduler.messages import say
    from scheduler.web.uploads import attachment

    headers = {"Content-Disposition": attachment(say(key, lang))}
    return FileResponse(path, headers=headers, media_type="application/octet-stream")
