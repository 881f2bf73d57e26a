"""A realistic synthetic roster for demos, tests and benchmarks; the same seed, the same roster.

The proportions follow DOMAIN.md: tens of volunteers per community, about eight communities per
street office and ten streets per district, most communities in prevention zones with some
controlled and a few sealed, and posts that match what each zone needs. Demand is set above what
the volunteers can cover (about 0.48 shifts per volunteer a day, scarce skills, demand that does
not follow where people live) so that a schedule has gaps and the gaps have reasons.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scheduler.domain import (
    Category,
    Community,
    Post,
    Roster,
    Settings,
    Shift,
    TimeWindow,
    Volunteer,
    Zone,
)
from scheduler.roster.write import write_roster

VOLUNTEERS_PER_COMMUNITY = 30
COMMUNITIES_PER_STREET = 8
STREETS_PER_DISTRICT = 10  # a district is a block of 5 x 2 streets
SHIFTS_PER_VOLUNTEER = 0.48  # a day; above what the volunteers can fill
ONLINE_SHARE = 0.04  # of the shifts; online posts have no community
STREET_SPACING_KM = 3.5
COMMUNITY_SPACING_KM = 0.55  # neighbours 300-800 m apart once jittered
CENTRE = (39.9, 116.4)  # Beijing
KM_PER_DEGREE = 111.2  # of latitude; a degree of longitude is shorter by cos(latitude)
_LON_KM = KM_PER_DEGREE * math.cos(math.radians(CENTRE[0]))
ZONE_SHARE = {Zone.sealed: 0.06, Zone.controlled: 0.18}  # the rest are prevention zones
ZONE_DEMAND = {Zone.sealed: 5.0, Zone.controlled: 2.5, Zone.prevention: 1.0}  # relative shifts

# Name parts: 2-character roots and suffixes give tens of thousands of distinct place names.
_ROOT_FIRST = (
    "安和德福光华惠建金锦康乐丽龙明宁平庆瑞盛泰文祥"
    "新兴阳永裕悦长春朝育丰景翠清青红团胜双望劲广花"
)  # fmt: skip
_ROOT_SECOND = "安和平华兴宁康乐苑源泉林阳明山河湖桥门台庄坊园池丰泰盛荣昌贞德定胜秀嘉"
_COMMUNITY_SUFFIXES = (
    "里", "苑", "园", "村", "庄", "路", "街", "北里", "南里", "东里", "西里",
    "家园", "小区", "新村", "花园", "嘉园", "东区", "西区",
)  # fmt: skip
_STREET_SUFFIXES = ("", "门", "路", "桥", "里")
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
    "华建国志红玉梅鹏飞斌宇浩凯欣怡佳子涵晨轩雪琳婷博文"
)

# Share of volunteers holding each skill (DOMAIN.md's professional backgrounds).
_SKILL_RATES = (
    ("medical", 0.08), ("psychological", 0.03), ("social_work", 0.03), ("driving", 0.10),
    ("it", 0.04), ("education", 0.04), ("mediation", 0.02), ("emergency_rescue", 0.02),
)  # fmt: skip
# A skill makes the matching post training likely: nurses sample, drivers deliver.
_SKILL_TRAINING = {
    "medical": Category.nucleic_acid_testing,
    "psychological": Category.psychological_support,
    "social_work": Category.psychological_support,
    "driving": Category.supply_delivery,
    "mediation": Category.public_order,
}
_CATEGORIES = tuple(Category)
_MAX_HOURS = ((8.0, 0.80), (6.0, 0.12), (4.0, 0.08))
_PREFERENCE_COUNTS = ((0, 40), (1, 30), (2, 20), (3, 10))
_REQUIRED = ((1, 10), (2, 30), (3, 35), (4, 25))


def _hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _window(text: str) -> TimeWindow:
    start, end = map(_hm, text.split("-"))
    return TimeWindow(start, end if end > start else end + 24 * 60)


# Declared availability: (windows, weight). About 40 % leave it blank (the whole day).
_AVAILABILITY = tuple(
    (tuple(_window(part) for part in windows.split()), weight)
    for windows, weight in (
        ("", 40),
        ("07:00-12:00", 10),
        ("13:00-18:00", 10),
        ("18:00-22:00", 8),
        ("08:00-17:00", 8),
        ("07:00-12:00 13:00-18:00", 8),
        ("13:00-18:00 18:00-22:00", 5),
        ("07:00-12:00 18:00-22:00", 5),
        ("20:00-08:00", 3),
        ("06:00-10:00 16:00-20:00", 3),
    )
)

_DAY = tuple(map(_window, ("07:00-11:00", "11:00-15:00", "15:00-19:00")))
_OFFICE = tuple(map(_window, ("08:00-12:00", "13:00-17:00", "19:00-23:00")))
_GATE = (*_DAY, _window("19:00-23:00"))
_NIGHT = _window("22:00-06:00")


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of post a community sets up, with the shifts it is staffed in."""

    category: Category
    names: tuple[str, ...]
    shifts: tuple[TimeWindow, ...]
    skills: frozenset[str] = frozenset()
    risky: bool = False  # personal danger even outside sealed zones (sampling)
    max_required: int = 4
    night: bool = False  # some posts of this kind also run a night shift


_GATE_KIND = _Kind(
    Category.community_gate, ("东门值守", "南门值守", "西门值守", "北门值守"), _GATE, night=True
)
_TESTING = _Kind(Category.nucleic_acid_testing, ("核酸点秩序维护", "扫码登记", "核酸点引导"), _DAY)
_SAMPLING = _Kind(
    Category.nucleic_acid_testing, ("核酸采样",), _DAY, frozenset({"medical"}), True, 2
)
_DELIVERY = _Kind(Category.supply_delivery, ("物资分拣", "物资配送到户"), _OFFICE)
_VEHICLE = _Kind(Category.supply_delivery, ("车辆配送",), _OFFICE, frozenset({"driving"}), False, 2)
_DISINFECTION = _Kind(Category.disinfection, ("公共区域消杀", "垃圾清运消杀"), _OFFICE)
_SPECIAL = _Kind(Category.special_groups, ("独居老人帮扶", "代购代办", "就医协助"), _OFFICE)
_INFORMATION = _Kind(Category.information_management, ("信息排查登记", "流调信息录入"), _OFFICE)
_PUBLICITY = _Kind(Category.policy_publicity, ("防疫政策宣传", "入户宣传"), _OFFICE)
_ORDER = _Kind(Category.public_order, ("治安巡逻", "秩序维护"), _GATE)
_MEDIATION = _Kind(
    Category.public_order, ("矛盾纠纷调解",), _OFFICE, frozenset({"mediation", "social_work"}),
    max_required=1,
)  # fmt: skip

# What each zone needs, most needed first; a community cycles through its list.
_ZONE_KINDS = {
    Zone.sealed: (_DELIVERY, _DISINFECTION, _SPECIAL, _GATE_KIND, _VEHICLE, _DELIVERY, _SPECIAL),
    Zone.controlled: (_GATE_KIND, _TESTING, _INFORMATION, _SAMPLING, _GATE_KIND, _TESTING),
    Zone.prevention: (_TESTING, _PUBLICITY, _ORDER, _SAMPLING, _MEDIATION),
}
_ONLINE_KINDS = (
    _Kind(Category.information_management, ("线上信息核对",), _OFFICE),
    _Kind(Category.psychological_support, ("心理疏导热线",), _OFFICE, max_required=2),
    _Kind(Category.policy_publicity, ("线上政策答疑",), _OFFICE),
)


def generate_roster(
    volunteers: int = 400,
    *,
    seed: int = 1,
    date: dt.date = dt.date(2022, 11, 21),
    days: int = 1,
    shifts_per_day: int | None = None,
) -> Roster:
    """A synthetic roster of ``volunteers`` people over ``days`` days from ``date``.

    Every random choice comes from one ``random.Random(seed)`` in a fixed order, so the roster is
    the same on every machine; everything is linear in the size so benchmarks can go to 300,000.
    """
    if volunteers < 0 or days < 1 or (shifts_per_day is not None and shifts_per_day < 0):
        raise ValueError("volunteers and shifts_per_day cannot be negative; days must be >= 1")
    rng = random.Random(seed)
    count = max(1, round(volunteers / VOLUNTEERS_PER_COMMUNITY))
    communities = _communities(rng, count)
    zones = _zones(rng, count)
    dates = tuple(date + dt.timedelta(days=offset) for offset in range(days))
    people = _volunteers(rng, volunteers, communities, dates)
    per_day = round(volunteers * SHIFTS_PER_VOLUNTEER) if shifts_per_day is None else shifts_per_day
    posts, plans = _posts(rng, communities, zones, per_day)
    shifts = _shifts(rng, posts, plans, dates)
    return Roster(people, posts, shifts, communities, Settings())


def write_example(
    path: Path | str, volunteers: int = 400, seed: int = 1, lang: str = "zh", days: int = 1
) -> None:
    """Generate a roster and write it as a roster workbook (the CLI's ``example`` command)."""
    write_roster(generate_roster(volunteers, seed=seed, days=days), Path(path), lang)


# --- geography -----------------------------------------------------------------------------


def _unique_names(rng: random.Random, count: int, suffixes: tuple[str, ...], tail: str) -> list:
    """``count`` distinct names ``root + suffix + tail``; numbered once the name space runs out."""
    seen: set[str] = set()
    names = []
    for index in range(count):
        for _ in range(20):
            first, second = rng.choice(_ROOT_FIRST), rng.choice(_ROOT_SECOND)
            suffix = rng.choice(suffixes)
            stem = first + second + suffix
            if first != second and second != suffix[:1] and stem not in seen:
                break
        else:
            stem = f"{stem}{index}"  # digits never come from the draw, so this is new
        seen.add(stem)
        names.append(stem + tail)
    return names


def _street_positions(streets: int) -> list[tuple[float, float]]:
    """Street centres in km: districts are blocks of 5 x 2 streets, blocks laid out in a square,
    so the streets of one district are neighbours and the whole city is centred on CENTRE."""
    blocks = math.ceil(streets / STREETS_PER_DISTRICT)
    across = max(1, round(math.sqrt(blocks / 2.5)))
    cells = []
    for block in range(blocks):
        top, left = divmod(block, across)
        cells += [(left * 5 + col, top * 2 + row) for row in range(2) for col in range(5)]
    cells = cells[:streets]
    width = max(col for col, _ in cells)
    height = max(row for _, row in cells)
    return [
        ((col - width / 2) * STREET_SPACING_KM, (row - height / 2) * STREET_SPACING_KM)
        for col, row in cells
    ]


def _coordinates(x_km: float, y_km: float) -> tuple[float, float]:
    latitude = CENTRE[0] + y_km / KM_PER_DEGREE
    longitude = CENTRE[1] + x_km / _LON_KM
    return round(latitude, 6), round(longitude, 6)


def _communities(rng: random.Random, count: int) -> tuple[Community, ...]:
    """Communities on a jittered 3-wide grid inside their street, streets a few km apart."""
    streets = math.ceil(count / COMMUNITIES_PER_STREET)
    street_names = _unique_names(rng, streets, _STREET_SUFFIXES, "街道")
    district_names = _unique_names(rng, math.ceil(streets / STREETS_PER_DISTRICT), ("",), "区")
    names = _unique_names(rng, count, _COMMUNITY_SUFFIXES, "社区")
    centres = _street_positions(streets)
    communities = []
    for index, name in enumerate(names):
        street, place = divmod(index, COMMUNITIES_PER_STREET)
        row, col = divmod(place, 3)
        x = centres[street][0] + (col - 1 + rng.uniform(-0.2, 0.2)) * COMMUNITY_SPACING_KM
        y = centres[street][1] + (row - 1 + rng.uniform(-0.2, 0.2)) * COMMUNITY_SPACING_KM
        latitude, longitude = _coordinates(x, y)
        district = district_names[street // STREETS_PER_DISTRICT]
        communities.append(Community(name, street_names[street], district, latitude, longitude))
    return tuple(communities)


def _zones(rng: random.Random, count: int) -> tuple[Zone, ...]:
    """Mostly prevention zones; from four communities on, at least one sealed and one controlled."""
    zones = [Zone.prevention] * count
    picks = iter(rng.sample(range(count), count))
    for zone, share in ZONE_SHARE.items():
        wanted = max(1 if count >= 4 else 0, round(share * count))
        for index in itertools.islice(picks, wanted):
            zones[index] = zone
    return tuple(zones)


# --- volunteers ----------------------------------------------------------------------------


def _cumulative(weighted: tuple[tuple[object, float], ...]) -> tuple[list, list[float]]:
    values = [value for value, _ in weighted]
    return values, list(itertools.accumulate(weight for _, weight in weighted))


_AVAILABILITY_CHOICE = _cumulative(_AVAILABILITY)
_MAX_HOURS_CHOICE = _cumulative(_MAX_HOURS)
_PREFERENCE_CHOICE = _cumulative(_PREFERENCE_COUNTS)
_REQUIRED_CHOICE = _cumulative(_REQUIRED)
_WINDOWS_ONLY = _cumulative(_AVAILABILITY[1:])
# Common surnames first and more often (王 李 张 ... are far more frequent than 沈).
_SURNAME_CHOICE = _cumulative(tuple((name, 1 / (rank + 4)) for rank, name in enumerate(_SURNAMES)))
# Every set a volunteer can draw, built once and shared: 300,000 volunteers make no new sets.
_SUBSETS = tuple(tuple(map(frozenset, itertools.combinations(_CATEGORIES, k))) for k in range(5))
_ALL_CATEGORIES = frozenset(_CATEGORIES)
_SKILL_SETS = tuple(
    frozenset(code for bit, (code, _) in enumerate(_SKILL_RATES) if mask >> bit & 1)
    for mask in range(1 << len(_SKILL_RATES))
)


def _pick(rng: random.Random, choice: tuple[list, list[float]]):
    """A weighted draw; ``rng.choices`` does the same, several times slower for one item."""
    values, cumulative = choice
    return values[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _any(rng: random.Random, items: Sequence):
    """``rng.choice`` without its exact-integer sampling: fast enough for 300,000 people."""
    return items[int(rng.random() * len(items))]


def _volunteers(
    rng: random.Random, count: int, communities: tuple[Community, ...], dates: tuple[dt.date, ...]
) -> tuple[Volunteer, ...]:
    """Volunteers spread unevenly over the communities (some communities recruit far more)."""
    weights = list(itertools.accumulate(rng.lognormvariate(0, 0.6) for _ in communities))
    homes = rng.choices(communities, cum_weights=weights, k=count)
    width = max(5, len(str(count)))
    return tuple(
        _volunteer(rng, f"V{number:0{width}d}", home, dates)
        for number, home in enumerate(homes, start=1)
    )


def _volunteer(
    rng: random.Random, volunteer_id: str, home: Community, dates: tuple[dt.date, ...]
) -> Volunteer:
    draw = rng.random
    mask = sum(1 << bit for bit, (_, rate) in enumerate(_SKILL_RATES) if draw() < rate)
    skills = _SKILL_SETS[mask]
    latitude = longitude = None
    if draw() < 0.8:  # the rest leave it blank: the community's coordinates are used
        latitude, longitude = _jitter(rng, home, 0.35)
    return Volunteer(
        volunteer_id=volunteer_id,
        name=_person_name(rng),
        community=home.name,
        phone=f"1{_any(rng, '3456789')}{int(draw() * 1e9):09d}",
        skills=skills,
        general_training=draw() < 0.92,
        trained_categories=_trained(rng, skills),
        availability=_pick(rng, _AVAILABILITY_CHOICE),
        dated_availability=_dated(rng, dates),
        max_hours=_pick(rng, _MAX_HOURS_CHOICE),
        preferences=_any(rng, _SUBSETS[_pick(rng, _PREFERENCE_CHOICE)]),
        healthy=draw() >= 0.04,
        insured=draw() < 0.75,
        latitude=latitude,
        longitude=longitude,
    )


def _person_name(rng: random.Random) -> str:
    given = _any(rng, _GIVEN) + (_any(rng, _GIVEN) if rng.random() < 0.6 else "")
    return _pick(rng, _SURNAME_CHOICE) + given


def _jitter(rng: random.Random, community: Community, sigma_km: float) -> tuple[float, float]:
    """A point near the community: a Gaussian offset of ``sigma_km`` in each direction."""
    lat_km = (community.latitude - CENTRE[0]) * KM_PER_DEGREE + rng.gauss(0, sigma_km)
    lon_km = (community.longitude - CENTRE[1]) * _LON_KM + rng.gauss(0, sigma_km)
    return _coordinates(lon_km, lat_km)


def _trained(rng: random.Random, skills: frozenset[str]) -> frozenset[Category]:
    """Post training: some passed all, most 1-4 categories, often the ones their skill fits."""
    draw = rng.random()
    if draw < 0.12:
        return _ALL_CATEGORIES
    if draw < 0.17:
        return _SUBSETS[0][0]
    trained = _any(rng, _SUBSETS[1 + int(rng.random() * 4)])
    if skills:
        linked = {_SKILL_TRAINING.get(code) for code in sorted(skills) if rng.random() < 0.8}
        trained = trained | (linked - {None})
    return trained


def _dated(
    rng: random.Random, dates: tuple[dt.date, ...]
) -> tuple[tuple[dt.date, TimeWindow], ...] | None:
    """Over several days about one volunteer in ten gives dated windows instead (Availability)."""
    if len(dates) < 2 or rng.random() >= 0.1:
        return None
    chosen = [date for date in dates if rng.random() < 0.6] or [dates[0]]
    return tuple((date, window) for date in chosen for window in _pick(rng, _WINDOWS_ONLY))


# --- posts and shifts ----------------------------------------------------------------------


def _posts(
    rng: random.Random, communities: tuple[Community, ...], zones: tuple[Zone, ...], per_day: int
) -> tuple[tuple[Post, ...], list[tuple[tuple[TimeWindow, ...], int]]]:
    """Exactly ``per_day`` shifts a day, shared out to communities by how urgent their zone is
    (not by how many volunteers live there), each community filling its share post by post."""
    online = min(per_day, round(per_day * ONLINE_SHARE))
    weights = itertools.accumulate(ZONE_DEMAND[zone] * rng.uniform(0.5, 1.5) for zone in zones)
    picks = rng.choices(range(len(communities)), cum_weights=list(weights), k=per_day - online)
    shares = Counter(picks)
    specs = _community_posts(rng, communities, zones, shares)
    specs += _fill(rng, _ONLINE_KINDS, online, None, None)
    width = max(4, len(str(len(specs))))
    posts, plans = [], []
    for number, (kind, name, community, zone, windows) in enumerate(specs, start=1):
        posts.append(_post(rng, f"P{number:0{width}d}", kind, name, community, zone))
        plans.append((windows, kind.max_required))
    return tuple(posts), plans


_Spec = tuple[_Kind, str, Community | None, Zone | None, tuple[TimeWindow, ...]]


def _community_posts(
    rng: random.Random, communities: tuple[Community, ...], zones: tuple[Zone, ...], shares: Counter
) -> list[_Spec]:
    specs = []
    for index, community in enumerate(communities):
        if shares[index]:
            kinds = _ZONE_KINDS[zones[index]]
            specs += _fill(rng, kinds, shares[index], community, zones[index])
    return specs


def _fill(
    rng: random.Random,
    kinds: tuple[_Kind, ...],
    quota: int,
    community: Community | None,
    zone: Zone | None,
) -> list[_Spec]:
    """Posts of the kinds in turn, 1-3 consecutive shifts each, until ``quota`` shifts are used."""
    specs: list[_Spec] = []
    used: Counter = Counter()
    for kind in itertools.cycle(kinds):
        if quota <= 0:
            return specs
        count = min(quota, rng.randint(1, 3))
        first = rng.randrange(len(kind.shifts) - count + 1)
        windows = kind.shifts[first : first + count]
        if kind.night and rng.random() < 0.25:
            windows = (*windows[:-1], _NIGHT)
        turn = used[kind.names]
        used[kind.names] += 1
        name = kind.names[turn % len(kind.names)]
        if turn >= len(kind.names):
            name += str(turn // len(kind.names) + 1)
        specs.append((kind, name, community, zone, windows))
        quota -= count
    return specs


def _post(
    rng: random.Random,
    post_id: str,
    kind: _Kind,
    name: str,
    community: Community | None,
    zone: Zone | None,
) -> Post:
    """Priority is the zone's default except for a few posts the coordinator marked urgent."""
    zone = zone or Zone.prevention
    priority = rng.choice((4, 5)) if rng.random() < 0.05 else zone.default_priority
    latitude = longitude = None
    if community is not None and rng.random() < 0.25:  # a site a little away from the office
        latitude, longitude = _jitter(rng, community, 0.15)
    return Post(
        post_id=post_id,
        name=name,
        category=kind.category,
        community=community.name if community else "",
        zone=zone,
        required_skills=kind.skills,
        online=community is None,
        high_risk=community is not None and (zone is Zone.sealed or kind.risky),
        priority=priority,
        latitude=latitude,
        longitude=longitude,
    )


def _shifts(
    rng: random.Random,
    posts: tuple[Post, ...],
    plans: list[tuple[tuple[TimeWindow, ...], int]],
    dates: tuple[dt.date, ...],
) -> tuple[Shift, ...]:
    """The same posts and hours every day; the headcount is drawn afresh for each day."""
    width = max(5, len(str(sum(len(windows) for windows, _ in plans) * len(dates))))
    shifts = []
    for date in dates:
        for post, (windows, most) in zip(posts, plans, strict=True):
            for window in windows:
                required = min(_pick(rng, _REQUIRED_CHOICE), most)
                shift_id = f"S{len(shifts) + 1:0{width}d}"
                shifts.append(
                    Shift(shift_id, post.post_id, date, window.start, window.end, required)
                )
    return tuple(shifts)
