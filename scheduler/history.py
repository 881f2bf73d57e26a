"""``--history LEDGER.xlsx``: the days before the roster's first date count.

A daily run only sees its own dates; the hours ledger (``scheduler record``) knows the rest. The
ledger's records become ``ServedDay``s on the roster (``Roster.served``): per volunteer and date,
the minutes served (actual where recorded, planned otherwise: ``ServiceRecord.counted_hours``) and
the no-shows; a day never counts more than the 8-hour day (a capped line plus a blank one could
add up to more). Every rule between days reads them through ``Roster.served_minutes``: the greedy
start, the fixed-assignment checks and the explanations (``Load``), the CP-SAT model, and
``verify``. The balance tie-breaker counts the last 28 days of them
(``rules.between.BALANCE_DAYS``), and the standby list and, among equals, the assignment prefer
volunteers with fewer no-shows.

A ledger with a record on a date of the roster is refused: those days would count twice (once as
history, once as the plan). That happens when a day is planned again after its sign-in sheets were
recorded; the message says what to do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from scheduler.domain import HARD_DAILY_CAP_HOURS, Roster, RosterIssue, ServedDay
from scheduler.ledger import RECORDS, ServiceRecord, read_records
from scheduler.messages import msg


def served_days(records: Iterable[ServiceRecord]) -> tuple[ServedDay, ...]:
    """The ledger's records summed per volunteer and date, in date order."""
    minutes: dict[tuple[str, dt.date], float] = defaultdict(float)
    no_shows: dict[tuple[str, dt.date], int] = defaultdict(int)
    for record in records:
        key = (record.volunteer_id, record.date)
        minutes[key] += record.counted_hours * 60
        no_shows[key] += record.no_show
    return tuple(
        ServedDay(
            volunteer_id,
            date,
            round(min(minutes[volunteer_id, date], HARD_DAILY_CAP_HOURS * 60)),
            no_shows[volunteer_id, date],
        )
        for volunteer_id, date in sorted(minutes, key=lambda key: (key[1], key[0]))
    )


def overlap(
    path: Path, served: tuple[ServedDay, ...], dates: Iterable[dt.date]
) -> list[RosterIssue]:
    """A problem when the history has a record on one of the roster's dates."""
    both = sorted({day.date for day in served} & set(dates))
    if not both:
        return []
    shown = "、".join(date.isoformat() for date in both)
    problem = msg("history.overlap", dates=shown, first=both[0].isoformat())
    return [
        RosterIssue(f"{Path(path).name} · {RECORDS.zh}", None, "", "", problem, structural=True)
    ]


def with_history(roster: Roster, path: Path) -> tuple[Roster, list[RosterIssue]]:
    """The roster carrying the ledger's service before its dates, or the problems that stop it
    (RosterError, from reading, when the ledger cannot be read)."""
    served = served_days(read_records(Path(path)))
    problems = overlap(path, served, roster.dates)
    return (roster if problems else replace(roster, served=served)), problems
