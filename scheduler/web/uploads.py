"""Uploads in, downloads out: the size cap, the check in a process of its own, file names.

The cap is enforced on the request body as it arrives (``BodyLimit``, below the framework): a
declared ``Content-Length`` over the cap is answered 413 before a byte is read, and a body that
grows past it (chunked, or lying about its length) is cut off at the cap and answered 413. So
neither memory nor disk ever holds more than the cap of one request.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from scheduler.messages import say

CHECK_SECONDS = 300  # a check that takes longer is refused (a 50 MiB roster reads in seconds)
NAME_CHARS = 80
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


class TooLarge(Exception):
    """The request body passed the cap."""


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, counted as it streams."""

    def __init__(self, app, limit: int, answer):
        self.app, self.limit, self.answer = app, limit, answer

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await self.answer(scope, receive, send)
        seen, over, sent = 0, False, False

        async def counted():
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise TooLarge
            return message

        async def watched(message):
            nonlocal sent
            if over:
                return  # the framework's answer to a body cut short is replaced below
            sent = sent or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            pass
        if over and not sent:
            await self.answer(scope, receive, send)


def save(upload: BinaryIO, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        shutil.copyfileobj(upload, out, 1 << 20)


def clean_name(name: str | None, fallback: str) -> str:
    """A file name fit to show and to offer for download: no folders, no control characters,
    at most ``NAME_CHARS`` characters; Chinese letters stay."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    if len(name) > NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        keep = NAME_CHARS - len(ext) - 1
        name = f"{stem[:keep]}.{ext}" if dot and 0 < len(ext) <= 8 else name[:NAME_CHARS]
    return name or fallback


def attachment(name: str) -> str:
    """Content-Disposition for ``name``: an ASCII fallback and the UTF-8 name (RFC 6266/5987)."""
    ascii_name = name.encode("ascii", "ignore").decode().strip() or "download"
    ascii_name = ascii_name.replace('"', "_")
    if ascii_name.startswith(".") or ascii_name == Path(ascii_name).suffix:
        ascii_name = "download" + Path(name).suffix
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_name(roster_name: str, kind: str, lang: str) -> str:
    """``东苑社区_排班表.xlsx`` / ``east_schedule.xlsx``, after the uploaded roster's name."""
    stem = Path(roster_name).stem or "roster"
    return clean_name(say(f"web.download.{kind}", lang, stem=stem), f"{kind}.bin")


def check(folder: Path, names: dict[str, str], lang: str) -> dict:
    """Read the roster (and the previous schedule) in a process of its own; its problems."""
    command = [sys.executable, "-m", "scheduler.web.worker", "check"]
    command += [str(folder / "roster.xlsx"), names["roster"], lang]
    if "previous" in names:
        command += [str(folder / "previous.xlsx"), names["previous"]]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHECK_SECONDS, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return _refused(names["roster"], say("web.check.too_slow", lang))
    if done.returncode != 0 or not done.stdout.strip():
        sys.stderr.write(done.stderr[-4000:])
        return _refused(names["roster"], say("web.check.crashed", lang))
    return json.loads(done.stdout.strip().splitlines()[-1])


def _refused(name: str, problem: str) -> dict:
    row = dict(sheet=name, row=None, column="", value="", problem=problem, structural=True)
    return {"usable": False, "problems": [row | {"severity": "error"}]}
