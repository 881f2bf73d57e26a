"""Command-line options shared by several commands (check, solve and verify in ``cli.py``), so
each is spelled and explained once."""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.messages import DEFAULT_LANG, LANGS

ALLOW_MISSING = click.option(
    "--allow-missing",
    "allow_missing",
    metavar="COLUMN",
    multiple=True,
    help="A safety column the roster really lacks (e.g. 健康状况 or healthy): read the roster "
    "with the stated assumption instead of stopping because a header resembles it. "
    "May be given more than once.",
)


def language(purpose: str):
    """``--lang``: the output language (Chinese by default), for ``purpose``."""
    return click.option(
        "--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True, help=purpose
    )


OVERRIDES = (
    click.option(
        "--daily-cap", type=click.FloatRange(0, 8), help="Override Settings daily_cap_hours."
    ),
    click.option("--max-distance", type=click.FloatRange(min=0), help="Override max_distance_km."),
    click.option("--rest-minutes", type=click.IntRange(min=0), help="Override min_rest_minutes."),
    click.option(
        "--post-training/--no-post-training", default=None, help="Override require_post_training."
    ),
)


def overrides(command):
    """The Settings a run may override: the same options on ``solve`` and ``verify`` (give
    ``verify`` those of the solve that made the schedule)."""
    for option in reversed(OVERRIDES):
        command = option(command)
    return command


def settings_overrides(options: dict) -> dict:
    """Take the override options out of a command's options, as ``read_roster`` names them."""
    return dict(
        daily_cap_hours=options.pop("daily_cap"),
        max_distance_km=options.pop("max_distance"),
        min_rest_minutes=options.pop("rest_minutes"),
        require_post_training=options.pop("post_training"),
    )


def only_date(purpose: str):
    """``--date``: keep only the shifts of one date, for ``purpose``."""
    return click.option("--date", "only_date", type=click.DateTime(["%Y-%m-%d"]), help=purpose)


def history_option(counts: str):
    """``--history``: the hours ledger of the days before the roster, which ``counts`` for."""
    return click.option(
        "--history",
        type=click.Path(path_type=Path, dir_okay=False),
        help="The hours ledger (scheduler record) of the days before the roster: they count "
        f"for {counts}.",
    )
