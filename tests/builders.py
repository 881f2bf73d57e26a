"""Tiny rosters for tests, built from domain objects with sensible defaults.

Every default volunteer passes every rule for every default post: trained in all categories,
healthy, insured, available all day, living in the post's community. A test changes only the one
thing it is about.
"""

from __future__ import annotations

import datetime as dt

from scheduler.domain import (
    Category,
    Community,
    Post,
    Roster,
    Settings,
    Shift,
    Volunteer,
    Zone,
)

DAY = dt.date(2022, 11, 21)


def volunteer(volunteer_id: str = "V1", **fields) -> Volunteer:
    defaults = dict(
        name=f"志愿者{volunteer_id}",
        community="东苑社区",
        phone="13800000000",
        general_training=True,
        trained_categories=frozenset(Category),
        insured=True,
    )
    return Volunteer(volunteer_id, **(defaults | fields))


def post(post_id: str = "P1", **fields) -> Post:
    defaults = dict(
        name=f"岗位{post_id}",
        category=Category.community_gate,
        community="东苑社区",
        zone=Zone.prevention,
        priority=1,
    )
    return Post(post_id, **(defaults | fields))


def shift(
    shift_id: str = "S1",
    post_id: str = "P1",
    start: str = "08:00",
    end: str = "12:00",
    required: int = 1,
    date: dt.date = DAY,
) -> Shift:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    begin, finish = minutes(start), minutes(end)
    if finish <= begin:
        finish += 24 * 60
    return Shift(shift_id, post_id, date, begin, finish, required)


COMMUNITIES = (
    Community("东苑社区", "和平街道", "东城区", 39.9000, 116.4000),
    Community("西苑社区", "和平街道", "东城区", 39.9000, 116.4100),  # ~0.85 km east
    Community("北苑社区", "安定街道", "东城区", 39.9500, 116.4000),  # ~5.6 km north
)


def roster(
    volunteers=(), posts=(), shifts=(), settings: Settings | None = None, communities=COMMUNITIES
) -> Roster:
    return Roster(
        volunteers=tuple(volunteers) or (volunteer(),),
        posts=tuple(posts) or (post(),),
        shifts=tuple(shifts) or (shift(),),
        communities=tuple(communities),
        settings=settings or Settings(),
    )
