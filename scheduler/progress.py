"""What the terminal shows while solving: one live status line, plain lines, or nothing.

On a terminal, one line is rewritten in place (``\\r``) with the elapsed time and the latest
news, ticking while the solver thinks, and erased when done, so only the summary stays on screen.
When stderr is a file or a pipe (a log, a scheduled job), each message is one plain line and
nothing is ever rewritten. ``--quiet`` shows nothing at all.

News arrives as a ``Message`` (or a plain string, already in words) and is rendered in the
terminal's language, the command's ``--lang``.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import TextIO

from scheduler.messages import DEFAULT_LANG, Message, say
from scheduler.report.xlsx import display_width

SPINNER = "|/-\\"  # ASCII: a GBK console on Chinese Windows shows it too
TICK_SECONDS = 0.25


class Progress:
    """A ``progress`` callback for ``solve`` and a context that owns the status line."""

    def __init__(
        self,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        live: bool | None = None,
        time_limit: float | None = None,
        lang: str = DEFAULT_LANG,
    ):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.live = not quiet and (_is_terminal(self.stream) if live is None else live)
        self.time_limit = time_limit
        self.lang = lang
        self.message = ""
        self.started = time.monotonic()
        self._shown = 0  # characters of the status line on screen
        self._frame = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, message: Message | str) -> None:
        """News from the solver: the status line on a terminal, else a line of its own."""
        if self.quiet:
            return
        if isinstance(message, Message):
            message = message.render(self.lang)
        if not self.live:
            print(message, file=self.stream, flush=True)
            return
        with self._lock:
            self.message = message
            self._draw()

    def status(self, message: Message | str) -> None:
        """A step after solving (writing the files): shown live, not worth a line in a log."""
        self.time_limit = None  # the solver's limit no longer applies
        if self.live:
            self(message)

    def __enter__(self) -> Progress:
        self.started = time.monotonic()
        if self.live:
            self._stop.clear()
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None
        if self.live:
            with self._lock:
                self._clear()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            with self._lock:
                self._frame += 1
                self._draw()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        spinner = SPINNER[self._frame % len(SPINNER)]
        clock = say("terminal.progress.clock", self.lang, spinner=spinner, seconds=f"{elapsed:.0f}")
        if self.time_limit:
            clock += say("terminal.progress.limit", self.lang, limit=f"{self.time_limit:g}")
        return f"{clock} · {self.message or say('terminal.progress.solving', self.lang)}"

    def _draw(self) -> None:
        width = max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
        text = _cut(self.line(), width)  # never wrap: a wrapped line cannot be rewritten with \r
        shown = display_width(text)
        self.stream.write("\r" + text + " " * max(self._shown - shown, 0))
        self.stream.flush()
        self._shown = shown

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns on screen (a Chinese character takes two)."""
    if display_width(text) <= width:
        return text
    while text and display_width(text) > width:
        text = text[:-1]
    return text


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
