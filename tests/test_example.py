"""The synthetic roster: deterministic, the promised sizes and shares, internally consistent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict
from pathlib import Path

import pytest

from scheduler.domain import Category, Zone
from scheduler.example import generate_roster, write_example
from scheduler.roster.reader import read_roster

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def sample():
    return generate_roster(400)


@pytest.fixture(scope="module")
def larger():
    return generate_roster(3000, seed=2)


def km(a, b) -> float:
    """Great-circle distance between two things with latitude and longitude."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_same_seed_same_roster_other_seed_other_roster():
    assert generate_roster(120, seed=5, days=2) == generate_roster(120, seed=5, days=2)
    assert generate_roster(120, seed=5) != generate_roster(120, seed=6)


def test_sizes_of_the_default_sample(sample):
    assert len(sample.volunteers) == 400
    assert len(sample.shifts) == 192  # 0.48 shifts per volunteer a day
    assert 420 <= sum(shift.required for shift in sample.shifts) <= 600
    assert 10 <= len(sample.communities) <= 16
    assert {post.zone for post in sample.posts} == set(Zone)
    assert sample.dates == (dt.date(2022, 11, 21),)


def test_shifts_per_day_and_days_override_the_scale():
    roster = generate_roster(100, shifts_per_day=37, days=3, date=dt.date(2023, 1, 2))
    per_date = defaultdict(int)
    for shift in roster.shifts:
        per_date[shift.date] += 1
    assert per_date == {dt.date(2023, 1, d): 37 for d in (2, 3, 4)}


def test_no_volunteers_and_no_shifts_is_a_valid_roster():
    roster = generate_roster(0)
    assert (roster.volunteers, roster.posts, roster.shifts) == ((), (), ())


def test_identifiers_are_unique_and_references_resolve(larger):
    for items, key in (
        (larger.volunteers, "volunteer_id"),
        (larger.posts, "post_id"),
        (larger.shifts, "shift_id"),
        (larger.communities, "name"),
    ):
        assert len({getattr(item, key) for item in items}) == len(items)
    communities = larger.community_by_name
    assert all(shift.post_id in larger.post_by_id for shift in larger.shifts)
    assert all(volunteer.community in communities for volunteer in larger.volunteers)
    assert all(post.community in communities for post in larger.posts if not post.online)
    assert all(post.community == "" for post in larger.posts if post.online)


def test_geography_streets_and_districts(larger):
    streets = defaultdict(list)
    for community in larger.communities:
        streets[community.street].append(community)
        assert 39.5 < community.latitude < 40.3 and 116.0 < community.longitude < 116.8
    assert all(len(members) <= 8 for members in streets.values())
    districts = {community.district for community in larger.communities}
    assert len(districts) == math.ceil(len(streets) / 10)
    for members in streets.values():
        for community in members:
            nearest = min(km(community, other) for other in members if other is not community)
            assert 0.25 <= nearest <= 0.9
    first, second = (members[0] for members in list(streets.values())[:2])
    assert 2.0 <= km(first, second) <= 6.0


def test_volunteer_proportions(larger):
    people = larger.volunteers

    def share(test) -> float:
        return sum(map(test, people)) / len(people)

    assert 0.06 <= share(lambda v: "medical" in v.skills) <= 0.10
    assert 0.08 <= share(lambda v: "driving" in v.skills) <= 0.12
    assert 0.89 <= share(lambda v: v.general_training) <= 0.95
    assert 0.02 <= share(lambda v: not v.healthy) <= 0.06
    assert 0.71 <= share(lambda v: v.insured) <= 0.79
    assert 0.36 <= share(lambda v: not v.availability) <= 0.44
    assert 0.17 <= share(lambda v: v.latitude is None) <= 0.23
    assert share(lambda v: v.max_hours < 8) > 0.1
    assert share(lambda v: v.trained_categories == frozenset(Category)) > 0.05
    assert all(v.dated_availability is None for v in people)  # one day: no Availability sheet


def test_posts_follow_their_zone_and_skills(larger):
    for post in larger.posts:
        if post.name.startswith("核酸采样"):
            assert post.required_skills == {"medical"} and post.high_risk
        if post.name.startswith("车辆配送"):
            assert post.required_skills == {"driving"}
        if post.category is Category.psychological_support:
            assert post.required_skills == frozenset()
        if post.zone is Zone.sealed:
            assert post.high_risk
            assert post.category in {
                Category.supply_delivery,
                Category.disinfection,
                Category.special_groups,
                Category.community_gate,
            }
    priorities = [post.priority for post in larger.posts]
    assert sum(priority >= 4 for priority in priorities) < len(priorities) * 0.1
    assert any(post.online for post in larger.posts)


def test_shifts_are_one_to_three_per_post_each_day(larger):
    per_post = defaultdict(int)
    for shift in larger.shifts:
        per_post[shift.post_id] += 1
        assert 1 <= shift.required <= 4
    assert set(per_post.values()) <= {1, 2, 3}
    assert any(shift.end > 24 * 60 for shift in larger.shifts)  # some night gate shifts


def test_several_days_give_some_dated_availability():
    roster = generate_roster(300, days=3)
    dated = [v for v in roster.volunteers if v.dated_availability is not None]
    assert 0.05 * 300 <= len(dated) <= 0.15 * 300
    assert {date for v in dated for date, _ in v.dated_availability} <= set(roster.dates)


def test_write_example_writes_a_readable_roster(tmp_path):
    path = tmp_path / "example.xlsx"
    write_example(path, volunteers=60, seed=3, lang="en", days=2)
    read = read_roster(path)
    expected = generate_roster(60, seed=3, days=2)
    assert read.issues == ()
    assert tuple(dataclasses.replace(v, row=0) for v in read.volunteers) == expected.volunteers


@pytest.mark.parametrize("name", ["sample_roster.xlsx", "sample_roster_en.xlsx"])
def test_bundled_samples_are_the_seed_1_roster(sample, name):
    """The files in data/ are regenerated with write_example(path, 400, 1, lang, 1)."""
    read = read_roster(DATA / name)
    assert read.issues == ()
    assert tuple(dataclasses.replace(s, row=0) for s in read.shifts) == sample.shifts
    assert tuple(dataclasses.replace(p, row=0) for p in read.posts) == sample.posts
    assert tuple(dataclasses.replace(v, row=0) for v in read.volunteers) == sample.volunteers
