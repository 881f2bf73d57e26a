"""Thin click commands: parse options, call the library, turn every failure into a message.

Exit codes: 0 done (a schedule with unfilled shifts is still done), 1 the roster cannot be used
(every problem listed) or the output cannot be written, 2 a usage error (click's own).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import click

from scheduler.domain import Roster, RosterIssue, Severity

LANG = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the written workbook (input headers may be either).",
)
STRICT = click.option(
    "--strict", is_flag=True, help="Stop on any problem in the roster, not only on structural ones."
)


class UserError(click.ClickException):
    """A message for the coordinator; click prints it as 'Error: ...' and exits 1."""


def _load(path: Path, strict: bool, overrides: dict | None = None) -> Roster:
    from scheduler.roster import RosterError, read_roster

    try:
        roster = read_roster(path, overrides=overrides)
    except RosterError as error:
        raise UserError(_problems(path, error.issues, "cannot be used")) from None
    if strict and roster.issues:
        raise UserError(_problems(path, roster.issues, "has problems (--strict)"))
    return roster


def _problems(path: Path, issues, verdict: str) -> str:
    lines = [f"{path} {verdict}: {len(issues)} problem(s)"]
    lines += [f"  - {issue.text('en')}" for issue in issues]
    return "\n".join(lines)


def _echo_issues(issues: tuple[RosterIssue, ...], limit: int = 20) -> None:
    for issue in issues[:limit]:
        tag = "warning" if issue.severity is Severity.warning else "row left out"
        click.echo(f"  - [{tag}] {issue.text('en')}", err=True)
    if len(issues) > limit:
        click.echo(f"  ... and {len(issues) - limit} more (see the Issues sheet)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="volunteer-scheduler")
def cli() -> None:
    """Schedule community epidemic-prevention volunteers: roster workbook in, schedule out."""


@cli.command()
@click.argument("roster", type=click.Path(path_type=Path))
@STRICT
def check(roster: Path, strict: bool) -> None:
    """Read ROSTER and say whether it can be used, and what is wrong where."""
    from scheduler.model.problem import build_problem

    data = _load(roster, strict)
    problem = build_problem(data)
    unstaffable = sum(1 for c in problem.candidates if not c)
    click.echo(
        f"{roster}: {len(data.volunteers)} volunteers, {len(data.posts)} posts, "
        f"{len(data.shifts)} shifts ({sum(s.required for s in data.shifts)} slots) "
        f"on {len(data.dates)} date(s)"
    )
    click.echo(
        f"{problem.pair_count} eligible volunteer-shift pairs; "
        f"{unstaffable} shift(s) have no eligible volunteer at all"
    )
    if data.issues:
        click.echo(
            f"{len(data.issues)} problem(s); rows with errors are left out of planning:", err=True
        )
        _echo_issues(data.issues, limit=len(data.issues))
    else:
        click.echo("No problems found.")


@cli.command()
@click.argument("roster", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Schedule workbook to write [default: reports/<roster>_schedule.xlsx].",
)
@LANG
@click.option(
    "--date",
    "only_date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Plan only the shifts of this date (YYYY-MM-DD).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds the solver may use.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes solving independent parts of a large roster side by side "
    "(the schedule is the same for any number).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Solver random seed.")
@click.option(
    "--solver",
    type=click.Choice(["cpsat", "greedy"]),
    default="cpsat",
    show_default=True,
    help="cpsat: optimise and prove a bound; greedy: the fast greedy schedule alone (a baseline).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Solve the parts on this Dask distributed cluster (e.g. tcp://10.0.0.5:8786) "
    "instead of local processes; needs the [dask] extra.",
)
@STRICT
@click.option("--mask-phones", is_flag=True, help="Write phone numbers as 138****5678.")
@click.option(
    "--split-by",
    type=click.Choice(["community"]),
    help="Also write one workbook per community (assignments and a printable sign-in sheet) "
    "into <output>_by_community/.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--daily-cap", type=click.FloatRange(0, 8), help="Override Settings daily_cap_hours.")
@click.option("--max-distance", type=click.FloatRange(min=0), help="Override max_distance_km.")
@click.option("--rest-minutes", type=click.IntRange(min=0), help="Override min_rest_minutes.")
@click.option(
    "--post-training/--no-post-training", default=None, help="Override require_post_training."
)
@click.option(
    "--standby",
    type=click.IntRange(0, 20),
    default=3,
    show_default=True,
    help="Standby volunteers (替补) listed per shift; 0 leaves the sheet out.",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="A schedule to re-plan: its still-valid assignments are kept where possible.",
)
def solve(
    roster: Path,
    output: Path | None,
    lang: str,
    only_date,
    time_limit: float,
    workers: int,
    seed: int,
    solver: str,
    dask: str | None,
    strict: bool,
    mask_phones: bool,
    split_by: str | None,
    quiet: bool,
    daily_cap,
    max_distance,
    rest_minutes,
    post_training,
    previous,
    standby,
) -> None:
    """Assign the volunteers of ROSTER to its shifts and write the schedule workbook."""
    from scheduler.parallel import ClusterError
    from scheduler.progress import Progress
    from scheduler.report.schedule import write_schedule
    from scheduler.solve import solve as run_solver

    output = output or Path("reports") / f"{roster.stem}_schedule.xlsx"
    _refuse_overwriting_input(roster, output)
    overrides = dict(
        daily_cap_hours=daily_cap,
        max_distance_km=max_distance,
        min_rest_minutes=rest_minutes,
        require_post_training=post_training,
    )
    data = _load(roster, strict, overrides)
    if only_date is not None:
        data = _only(data, only_date.date())
    if data.issues and not quiet:
        click.echo(
            f"{len(data.issues)} problem(s) in the roster (listed in the Issues sheet):", err=True
        )
        _echo_issues(data.issues)
    earlier = _previous(previous) if previous is not None else None
    with Progress(quiet=quiet, time_limit=time_limit) as progress:
        try:
            schedule = run_solver(
                data,
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                previous=earlier,
                progress=progress,
                solver=solver,
                dask=dask,
            )
        except ClusterError as error:
            raise UserError(str(error)) from None
        progress.status(f"writing {output}")
        try:
            report = write_schedule(
                schedule, output, lang, mask_phones=mask_phones, standby=standby
            )
            split = _split(report, output) if split_by else []
        except OSError as error:
            where = error.filename or output
            hint = " (close it in Excel or WPS and try again)" if _locked(error) else ""
            raise UserError(f"cannot write {where}: {error.strerror or error}{hint}") from None
    if not quiet:
        _print_summary(report, output, split)
        if schedule.previous is not None:
            changes = report.changes
            click.echo(
                f"Re-planned: {changes.kept} kept, {changes.count('moved')} moved, "
                f"{changes.count('added')} added, {changes.count('dropped')} dropped "
                "(see the Changes sheet)"
            )


def _locked(error: OSError) -> bool:
    """Windows refuses to replace a workbook that is open in Excel or WPS."""
    return isinstance(error, PermissionError) and sys.platform == "win32"


def _split(report, output: Path) -> list[Path]:
    from scheduler.report.split import write_by_community

    return write_by_community(report, output)


def _previous(path: Path):
    from scheduler.report.previous import read_assignments
    from scheduler.roster import RosterError

    try:
        return read_assignments(path)
    except RosterError as error:
        raise UserError(_problems(path, error.issues, "cannot be read as a schedule")) from None


def _refuse_overwriting_input(roster: Path, output: Path) -> None:
    if output.exists() and roster.exists() and output.resolve() == roster.resolve():
        raise UserError(f"{output} is the roster itself: choose another output file (-o)")


def _only(roster: Roster, date: dt.date) -> Roster:
    shifts = tuple(s for s in roster.shifts if s.date == date)
    if not shifts:
        raise UserError(f"no shift of the roster is on {date.isoformat()}")
    return replace(roster, shifts=shifts)


def _print_summary(report, output: Path, split: list[Path] | None = None) -> None:
    schedule = report.schedule
    required = sum(s.required for s in schedule.roster.shifts)
    filled = len(schedule.assignments)
    click.echo(
        f"Filled {filled} of {required} slots ({filled / max(required, 1):.1%}); "
        f"{len({a.volunteer_id for a in schedule.assignments})} volunteers used; "
        f"status {schedule.status.value}, weighted coverage {schedule.coverage_value} "
        f"of at most {schedule.coverage_bound}"
    )
    short = Counter()
    for gap in report.shortfalls:
        short[schedule.roster.post_by_id[gap.shift.post_id].category.label(report.lang)] += (
            gap.shortfall
        )
    if short:
        from scheduler.report.sheets import UNFILLED

        click.echo(
            "Short: "
            + ", ".join(f"{name} {count}" for name, count in short.most_common())
            + f" (why: sheet {UNFILLED.label(report.lang)})"
        )
    click.echo(f"Schedule written to {output}")
    if split:
        click.echo(f"{len(split)} workbook(s) with sign-in sheets written to {split[0].parent}")


@cli.command()
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--volunteers",
    type=click.IntRange(min=1),
    default=400,
    show_default=True,
    help="How many volunteers (shifts scale with them).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--days",
    type=click.IntRange(1, 31),
    default=1,
    show_default=True,
    help="How many dates of shifts.",
)
@LANG
def example(output: Path, volunteers: int, seed: int, days: int, lang: str) -> None:
    """Write a realistic synthetic roster to OUTPUT (for demos and benchmarks)."""
    from scheduler.example import write_example

    _write_guarded(
        output,
        lambda: write_example(output, volunteers=volunteers, seed=seed, lang=lang, days=days),
    )
    click.echo(f"Example roster with {volunteers} volunteers written to {output}")


@cli.command()
@click.argument("output", type=click.Path(path_type=Path))
@LANG
def template(output: Path, lang: str) -> None:
    """Write an empty roster workbook to OUTPUT, ready to fill in."""
    from scheduler.roster.write import write_roster

    empty = Roster(volunteers=(), posts=(), shifts=())
    _write_guarded(output, lambda: write_roster(empty, output, lang))
    click.echo(f"Blank roster written to {output}")


def _write_guarded(output: Path, write) -> None:
    try:
        write()
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None


def _register_verify() -> None:
    from scheduler.verify import verify_command

    cli.add_command(verify_command)


_register_verify()


def _register_web() -> None:
    from scheduler.web.commands import register

    register(cli)


_register_web()


def main() -> None:
    """Entry point: no traceback reaches a user unless SCHEDULER_DEBUG is set."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("SCHEDULER_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected problem ({type(error).__name__}: {error}). "
            "Run again with SCHEDULER_DEBUG=1 for details and report it.",
            err=True,
        )
        sys.exit(1)
