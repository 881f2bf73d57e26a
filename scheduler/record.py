"""``scheduler record SIGNED.xlsx [...] --ledger LEDGER.xlsx``: returned sign-in sheets into the
cumulative hours ledger.

Every workbook is read before anything is written: a workbook that cannot be read at all (not an
.xlsx, not a sign-in workbook) or a ledger with a line that cannot be read stops the command with
exit code 1 and nothing recorded, since recording is idempotent and the coordinator can simply run
it again. Problems inside a workbook (a line with an unknown volunteer, hours too high) are listed
with file, sheet, row and column; everything else is recorded and the exit code is 0.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from scheduler.domain import RosterIssue
from scheduler.errors import UserError
from scheduler.ledger import ServiceRecord, cap, changes, merge, read_records, write_ledger
from scheduler.messages import say
from scheduler.options import language
from scheduler.roster import RosterError
from scheduler.signin import read_sign_in


class RecordError(UserError):
    """Nothing was recorded; click prints the message after 错误：/Error: and exits 1."""


@click.command("record")
@click.argument("signed", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--ledger",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The cumulative hours ledger (.xlsx); created when missing.",
)
@click.option(
    "--organizer",
    default="",
    help="The organising unit to record [default: the one the ledger already names].",
)
@language("Language of the ledger's sheets and of the messages.")
def record_command(signed: tuple[Path, ...], ledger: Path, organizer: str, lang: str) -> None:
    """Add the hours of returned sign-in workbooks to the ledger.

    SIGNED are the workbooks solve --split-by community wrote, 实际服务小时 filled in (or left
    blank); recording a workbook twice never counts twice."""
    if any(ledger.exists() and path.exists() and path.samefile(ledger) for path in signed):
        raise RecordError(say("record.same_file", lang, path=ledger), lang)
    earlier = _read(ledger, lang, read_records) if ledger.exists() else []
    organizer = organizer or _usual_organizer(earlier)
    recorded: dict[tuple, ServiceRecord] = {}
    problems: list[RosterIssue] = []
    for path in signed:
        reading = _read(path, lang, lambda p: read_sign_in(p, organizer=organizer, lang=lang))
        recorded.update(reading.records)
        problems += reading.problems
    records, capped = cap(merge(earlier, recorded.values()))
    changed = changes(earlier, recorded, records)
    problems += capped
    try:
        write_ledger(records, ledger, lang)
    except OSError as error:
        problem = error.strerror or str(error)
        raise RecordError(
            say("record.cannot_write", lang, path=ledger, problem=problem), lang
        ) from None
    new = [r for r in records if r.key in recorded]
    click.echo(
        say(
            "record.done",
            lang,
            files=len(signed),
            lines=len(recorded),
            added=changed.added,
            updated=changed.updated,
            unchanged=changed.unchanged,
            no_shows=sum(r.no_show for r in new),
            walk_ins=sum(r.walk_in for r in new),
        )
    )
    if problems:
        click.echo(say("record.problems", lang, count=len(problems)), err=True)
        for problem in problems:
            click.echo(f"  - {problem.text(lang)}", err=True)
    click.echo(say("record.written", lang, path=ledger, total=len(records)))


def _read(path: Path, lang: str, read):
    try:
        return read(path)
    except RosterError as error:
        lines = [say("record.cannot_read", lang, path=path)]
        lines += [f"  - {issue.text(lang)}" for issue in error.issues]
        raise RecordError("\n".join(lines), lang) from None


def _usual_organizer(records: list[ServiceRecord]) -> str:
    names = Counter(r.organizer for r in records if r.organizer)
    return names.most_common(1)[0][0] if names else ""
