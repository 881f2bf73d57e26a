"""Command-line options shared by several commands (check, solve and verify in ``cli.py``), so
each is spelled and explained once."""

from __future__ import annotations

import click

ALLOW_MISSING = click.option(
    "--allow-missing",
    "allow_missing",
    metavar="COLUMN",
    multiple=True,
    help="A safety column the roster really lacks (e.g. 健康状况 or healthy): read the roster "
    "with the stated assumption instead of stopping because a header resembles it. "
    "May be given more than once.",
)
