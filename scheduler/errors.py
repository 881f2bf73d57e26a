"""The refusal every command raises: a message for the coordinator, printed after the output
language's prefix (错误： / Error:), exit code 1.

Its own module so that the commands registered from other modules (``record``, ``users``) raise
the same class as ``cli.py`` without importing it (``cli.py`` imports them)."""

from __future__ import annotations

import click

from scheduler.messages import DEFAULT_LANG, say


class UserError(click.ClickException):
    """A message for the coordinator, in the command's language; exit code 1."""

    def __init__(self, message: str, lang: str = DEFAULT_LANG):
        super().__init__(message)
        self.lang = lang

    def show(self, file=None) -> None:
        click.echo(say("terminal.error", self.lang, message=self.format_message()), err=True)
