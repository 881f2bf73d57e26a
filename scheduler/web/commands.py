"""``scheduler serve`` and ``scheduler users``: the web service and its accounts.

Both work on one data directory (``--data``, else ``SCHEDULER_DATA``, else
``./scheduler-data``). Only one service may run on a data directory at a time (a lock file
says so), because the queue in it is driven by one process.
"""

from __future__ import annotations

import datetime as dt
import sys

import click

from scheduler.errors import UserError
from scheduler.messages import say
from scheduler.options import language
from scheduler.web.store import Store, data_dir

MIN_PASSWORD = 8

DATA = click.option(
    "--data",
    metavar="DIR",
    envvar="SCHEDULER_DATA",
    help="Data directory: job database and files [default: ./scheduler-data, or SCHEDULER_DATA].",
)
LANG = language("Language of what the command prints.")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@DATA
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Batch jobs run at once; the rest wait in order.",
)
@click.option(
    "--keep-days",
    type=click.FloatRange(min=0, min_open=True),
    default=7.0,
    show_default=True,
    help="Jobs and their files are deleted after this many days.",
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=50.0,
    show_default=True,
    help="Largest upload (roster and previous schedule together), in MiB.",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Solve the parts of large jobs on this Dask distributed cluster.",
)
@click.option(
    "--secure-cookies",
    is_flag=True,
    help="The page is reached over HTTPS (a reverse proxy): send the session cookie only there.",
)
@LANG
def serve(host, port, data, jobs, keep_days, max_upload_mb, dask, secure_cookies, lang) -> None:
    """Start the web page and API where coordinators upload rosters.

    Listens on 127.0.0.1 unless --host says otherwise; add accounts with `scheduler users add`."""
    import uvicorn

    from scheduler.web.app import Settings, create_app

    root = data_dir(data)
    store = Store(root).create()
    lock = _lock(store, lang)
    app = create_app(Settings(root, jobs, keep_days, max_upload_mb, dask, secure_cookies))
    click.echo(say("web.cli.serving", lang, host=host, port=port, data=root))
    if not store.users():
        click.echo(say("web.cli.no_users", lang, data=root), err=True)
    try:  # no line per request: the access table records who did what, and polls are many
        uvicorn.run(app, host=host, port=port, access_log=False, server_header=False)
    finally:
        lock.close()


def _lock(store: Store, lang: str):
    """Hold ``server.lock`` in the data directory for the life of the process."""
    handle = open(store.root / "server.lock", "a+")  # noqa: SIM115 - held until the server ends
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one service per directory is on trust
        return handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise UserError(say("web.cli.already_running", lang, data=store.root), lang) from None
    return handle


@click.group()
def users() -> None:
    """Manage the accounts of the web page (in the data directory)."""


def _store(data: str | None) -> Store:
    return Store(data_dir(data)).create()


@users.command("add")
@click.argument("name")
@DATA
@LANG
def add_user(name: str, data: str | None, lang: str) -> None:
    """Add account NAME; the password is read from standard input (twice)."""
    from scheduler.web import auth

    if not auth.valid_name(name):
        raise UserError(say("web.cli.bad_name", lang, name=name), lang)
    store = _store(data)
    if store.user_exists(name):
        raise UserError(say("web.cli.exists", lang, name=name), lang)
    password = _password(lang)
    if not store.add_user(name, auth.hash_password(password)):
        raise UserError(say("web.cli.exists", lang, name=name), lang)
    click.echo(say("web.cli.added", lang, name=name))


def _password(lang: str) -> str:
    """Asked twice on a terminal; two equal lines when piped."""
    if sys.stdin.isatty():
        password = click.prompt(
            say("web.cli.password_prompt", lang),
            hide_input=True,
            confirmation_prompt=say("web.cli.password_again", lang),
        )
    else:
        lines = sys.stdin.read().splitlines()
        if len(lines) < 2:
            raise UserError(say("web.cli.password_lines", lang), lang)
        if lines[0] != lines[1]:
            raise UserError(say("web.cli.password_mismatch", lang), lang)
        password = lines[0]
    if len(password) < MIN_PASSWORD:
        raise UserError(say("web.cli.password_short", lang, n=MIN_PASSWORD), lang)
    return password


@users.command("list")
@DATA
@LANG
def list_users(data: str | None, lang: str) -> None:
    """List the accounts."""
    accounts = _store(data).users()
    if not accounts:
        click.echo(say("web.cli.none", lang))
    for name, created, tokens in accounts:
        when = dt.datetime.fromtimestamp(created).strftime("%Y-%m-%d %H:%M")
        click.echo(say("web.cli.listed", lang, name=name, created=when, tokens=tokens))


@users.command("remove")
@click.argument("name")
@DATA
@LANG
def remove_user(name: str, data: str | None, lang: str) -> None:
    """Remove account NAME and every token of it."""
    if not _store(data).remove_user(name):
        raise UserError(say("web.cli.no_user", lang, name=name), lang)
    click.echo(say("web.cli.removed", lang, name=name))


@users.command("token")
@click.argument("name")
@DATA
@LANG
def token(name: str, data: str | None, lang: str) -> None:
    """Print a new API token for NAME on the last line (earlier ones keep working)."""
    from scheduler.web import auth

    store = _store(data)
    if not store.user_exists(name):
        raise UserError(say("web.cli.no_user", lang, name=name), lang)
    click.echo(say("web.cli.token", lang, name=name))
    click.echo(auth.new_token(store, name))


def register(cli: click.Group) -> None:
    cli.add_command(serve)
    cli.add_command(users)
