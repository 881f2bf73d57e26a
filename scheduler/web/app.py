"""The web application: settings, middleware, who is asking, and answers that never show a trace.

The API (``/api/...``) takes ``Authorization: Bearer TOKEN``; the page uses a signed session
cookie (HttpOnly, SameSite=Lax). The page's own script may read the API with that session (GET
only; any other method from a session needs the forgery token in ``X-CSRF-Token``). Every form the
page posts carries the session's forgery token; a post without it is answered 403.
"""

from __future__ import annotations

import sys
import traceback
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from scheduler.messages import LANGS, say
from scheduler.web import auth
from scheduler.web.jobs import Dispatcher
from scheduler.web.store import Store
from scheduler.web.uploads import BodyLimit

HERE = Path(__file__).parent
SESSION_DAYS = 7
templates = Jinja2Templates(directory=HERE / "templates")


@dataclass(frozen=True, slots=True)
class Settings:
    data: Path
    jobs: int = 1
    keep_days: float = 7.0
    max_upload_mb: float = 50.0
    dask: str | None = None
    secure_cookies: bool = False  # the page is reached over HTTPS (through a reverse proxy)

    @property
    def max_upload(self) -> int:
        return int(self.max_upload_mb * (1 << 20))


PAGE_HEADERS = [
    # Everything the page uses is served here; no frame may hold it (clickjacking).
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware: the headers above on every answer but the framework's ``/docs`` (whose
    Swagger UI loads its script from a CDN)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in ("/docs", "/docs/oauth2-redirect"):
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + PAGE_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


class Refused(HTTPException):
    """An answer for a person: status and a message in the asker's language."""


def create_app(settings: Settings) -> FastAPI:
    store = Store(settings.data).create()
    dispatcher = Dispatcher(store, settings.jobs, settings.keep_days)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        dispatcher.start()
        yield
        dispatcher.stop()

    app = FastAPI(
        title="Volunteer scheduler · 志愿者排班",
        description="Upload a roster workbook, get the schedule workbook back.",
        lifespan=lifespan,
    )
    app.state.store, app.state.dispatcher, app.state.settings = store, dispatcher, settings
    app.add_middleware(BodyLimit, limit=settings.max_upload, answer=_too_large(settings))
    app.add_middleware(  # outside the limit, so a refusal is in the session's language
        SessionMiddleware,
        secret_key=auth.session_secret(store),
        session_cookie="scheduler_session",
        max_age=SESSION_DAYS * 86400,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handlers(app)
    from scheduler.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    return app


def _too_large(settings: Settings):
    async def answer(scope, receive, send):
        lang = _lang_of_scope(scope)
        text = say("web.too_large", lang, limit=f"{settings.max_upload_mb:g}")
        if scope["path"].startswith("/api/"):
            response = JSONResponse({"error": text}, status_code=413)
        else:
            response = HTMLResponse(_error_html(text, lang), status_code=413)
        response.headers["Connection"] = "close"  # the rest of the body is not read
        await response(scope, receive, send)

    return answer


def _lang_of_scope(scope) -> str:
    query = scope.get("query_string", b"").decode(errors="replace")
    for pair in query.split("&"):
        if pair in ("lang=en", "lang=zh"):
            return pair[5:]
    session = scope.get("session") or {}
    return session.get("lang", "zh") if session.get("lang") in LANGS else "zh"


def lang_of(request: Request) -> str:
    """The page's language (the session's choice), or the API's ``?lang=``; Chinese first."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    chosen = request.session.get("lang") if "session" in request.scope else None
    return chosen if chosen in LANGS else "zh"


def refuse(request: Request, status: int, key: str, **fields) -> Refused:
    return Refused(status_code=status, detail=say(key, lang_of(request), **fields))


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "json" in request.headers.get("accept", "")


def _error_html(text: str, lang: str) -> str:
    return templates.get_template("error.html").render(message=text, lang=lang, t=_words(lang))


def _words(lang: str):
    return lambda key, **fields: say(f"web.page.{key}", lang, **fields)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        lang = lang_of(request)
        text = error.detail if isinstance(error, Refused) else _status_text(error.status_code, lang)
        headers = dict(error.headers or {})
        if _wants_json(request):
            return JSONResponse({"error": text}, status_code=error.status_code, headers=headers)
        return HTMLResponse(_error_html(text, lang), status_code=error.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        lang = lang_of(request)
        fields = sorted({str(item["loc"][-1]) for item in error.errors() if item.get("loc")})
        text = say("web.invalid_request", lang, fields=", ".join(fields) or "-")
        if _wants_json(request):
            return JSONResponse({"error": text, "fields": fields}, status_code=422)
        return HTMLResponse(_error_html(text, lang), status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        traceback.print_exception(error, file=sys.stderr)  # for the server's log, not the client
        lang = lang_of(request)
        text = say("web.unexpected", lang)
        if _wants_json(request):
            return JSONResponse({"error": text}, status_code=500)
        return HTMLResponse(_error_html(text, lang), status_code=500)


def _status_text(status: int, lang: str) -> str:
    key = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "not_allowed"}.get(status)
    return say(f"web.status.{key}", lang) if key else say("web.status.other", lang, status=status)


async def api_user(request: Request) -> str:
    """The caller of the API: a Bearer token, or the page's session (with the forgery token in
    ``X-CSRF-Token`` for anything but reading). 401 otherwise."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = auth.token_user(request.app.state.store, token.strip())
        if user is None:
            raise _unauthorized(request)
        return user
    user = request.session.get("user")
    if user and request.app.state.store.user_exists(user):
        if request.method not in ("GET", "HEAD") and not auth.same(
            request.headers.get("x-csrf-token"), request.session.get("csrf")
        ):
            raise refuse(request, 403, "web.status.csrf")
        return user
    raise _unauthorized(request)


def _unauthorized(request: Request) -> Refused:
    error = refuse(request, 401, "web.status.unauthorized")
    error.headers = {"WWW-Authenticate": "Bearer"}
    return error


def check_csrf(request: Request, token: str | None) -> None:
    if not auth.same(token, request.session.get("csrf")):
        raise refuse(request, 403, "web.status.csrf")


def csrf_token(request: Request) -> str:
    if not request.session.get("csrf"):
        request.session["csrf"] = auth.new_csrf()
    return request.session["csrf"]


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    lang = lang_of(request)
    context |= dict(
        lang=lang,
        t=_words(lang),
        user=request.session.get("user"),
        csrf=csrf_token(request),
        path=request.url.path,
    )
    return templates.TemplateResponse(request, name, context, status_code=status)
