"""Thin click commands: parse options, call the library, turn every failure into a message.

Exit codes: 0 done (a schedule with unfilled shifts is still done), 1 the roster cannot be used
(every problem listed) or the output cannot be written, 2 a usage error (click's own).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from scheduler.domain import Roster, RosterIssue
from scheduler.errors import UserError
from scheduler.messages import DEFAULT_LANG, LANGS, say
from scheduler.options import (
    ALLOW_MISSING,
    history_option,
    language,
    only_date,
    overrides,
    settings_overrides,
)

LANG = language(
    "Language of the terminal and of the written workbook (input headers may be either)."
)
STRICT = click.option(
    "--strict", is_flag=True, help="Stop on any problem in the roster, not only on structural ones."
)


def _load(
    path: Path,
    strict: bool,
    lang: str,
    overrides: dict | None = None,
    allow_missing: tuple[str, ...] = (),
) -> Roster:
    from scheduler.roster import RosterError, read_roster

    try:
        roster = read_roster(path, overrides=overrides, allow_missing=allow_missing)
    except RosterError as error:
        raise UserError(_problems(path, error.issues, "unusable", lang), lang) from None
    if strict and roster.issues:
        raise UserError(_problems(path, roster.issues, "strict", lang), lang)
    return roster


def _problems(path: Path, issues, verdict: str, lang: str) -> str:
    """Every problem, one a line, after a verdict (``terminal.<verdict>``)."""
    lines = [say(f"terminal.{verdict}", lang, path=path, n=len(issues))]
    lines += [say("terminal.item", lang, text=issue.text(lang)) for issue in issues]
    return "\n".join(lines)


def _echo_issues(issues: tuple[RosterIssue, ...], lang: str, limit: int = 20) -> None:
    from scheduler.report.sheets import ISSUES
    from scheduler.roster.sheets import issue_kind

    for issue in issues[:limit]:
        tag = say(f"terminal.tag.{issue_kind(issue)}", lang)
        click.echo(say("terminal.issue", lang, tag=tag, text=issue.text(lang)), err=True)
    if len(issues) > limit:
        more = say("terminal.more_issues", lang, n=len(issues) - limit, sheet=ISSUES.label(lang))
        click.echo(more, err=True)


def _echo_assumptions(roster: Roster, lang: str) -> None:
    """One line for each safety column the roster lacks: what was assumed in its place."""
    for assumption in roster.assumptions:
        click.echo(say("terminal.item", lang, text=assumption.render(lang)), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="volunteer-scheduler")
def cli() -> None:
    """Schedule community epidemic-prevention volunteers: roster workbook in, schedule out."""


@cli.command()
@click.argument("roster", type=click.Path(path_type=Path))
@STRICT
@ALLOW_MISSING
@LANG
def check(roster: Path, strict: bool, allow_missing: tuple[str, ...], lang: str) -> None:
    """Read ROSTER and say whether it can be used, and what is wrong where."""
    from scheduler.model.problem import build_problem

    data = _load(roster, strict, lang, allow_missing=allow_missing)
    problem = build_problem(data)
    unstaffable = sum(1 for c in problem.candidates if not c)
    counts = dict(
        path=roster,
        volunteers=len(data.volunteers),
        posts=len(data.posts),
        shifts=len(data.shifts),
        slots=sum(s.required for s in data.shifts),
        dates=len(data.dates),
    )
    click.echo(say("terminal.check.counts", lang, **counts))
    pairs = problem.pair_count
    click.echo(say("terminal.check.pairs", lang, pairs=pairs, unstaffable=unstaffable))
    _echo_assumptions(data, lang)
    if data.issues:
        click.echo(say("terminal.problems_left_out", lang, n=len(data.issues)), err=True)
        _echo_issues(data.issues, lang, limit=len(data.issues))
    else:
        click.echo(say("terminal.check.clean", lang))


@dataclass(frozen=True, slots=True)
class SolveRun:
    """What ``scheduler solve`` was asked to do with a roster once it is read."""

    output: Path
    lang: str
    time_limit: float
    workers: int
    seed: int
    solver: str
    dask: str | None
    mask_phones: bool
    notices_csv: Path | None
    split_by: str | None
    quiet: bool
    standby: int


@cli.command()
@click.argument("roster", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Schedule workbook to write [default: reports/<roster>_schedule.xlsx].",
)
@LANG
@only_date("Plan only the shifts of this date (YYYY-MM-DD).")
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
@click.option(
    "--mask-phones",
    is_flag=True,
    help="Write phone numbers as 138****5678 in the workbooks (the --notices-csv file, which "
    "exists to send, keeps them whole).",
)
@click.option(
    "--notices-csv",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write phone,text of every volunteer's notice (UTF-8 with BOM) for bulk SMS; "
    "phones are never masked here.",
)
@click.option(
    "--split-by",
    type=click.Choice(["community"]),
    help="Also write one workbook per community (assignments and a printable sign-in sheet) "
    "into <output>_by_community/.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@overrides
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
@ALLOW_MISSING
@history_option("max_days_in_row, max_hours_per_week and the balance; fewer no-shows are preferred")
def solve(
    roster: Path,
    only_date,
    strict: bool,
    previous: Path | None,
    allow_missing: tuple[str, ...],
    history: Path | None,
    **options,
) -> None:
    """Assign the volunteers of ROSTER to its shifts and write the schedule workbook."""
    settings = settings_overrides(options)
    output = options.pop("output") or Path("reports") / f"{roster.stem}_schedule.xlsx"
    run = SolveRun(output=output, **options)
    lang = run.lang
    _refuse_overwriting_input(roster, output, lang)
    _refuse_special_output(output, lang)
    data = _load(roster, strict, lang, settings, allow_missing)
    earlier = _previous(previous, data, roster, lang) if previous is not None else None
    if only_date is not None:
        data = _only(data, only_date.date(), lang)
    if not run.quiet:
        _echo_assumptions(data, lang)
    if history is not None:
        data = _history(data, history, lang, run.quiet)
    if data.issues and not run.quiet:
        from scheduler.report.sheets import ISSUES

        listed = say("terminal.problems_listed", lang, n=len(data.issues), sheet=ISSUES.label(lang))
        click.echo(listed, err=True)
        _echo_issues(data.issues, lang)
    report, split, sent = _solve_and_write(data, earlier, run)
    if not run.quiet:
        _print_summary(report, output, split)
        if sent is not None:
            click.echo(say("notice.csv_written", lang, count=sent, path=run.notices_csv))
        if report.schedule.previous is not None:
            _print_changes(report.changes, lang)


def _solve_and_write(data: Roster, earlier, run: SolveRun):
    """Solve, with the status line, and write the schedule, the split workbooks and the notices
    file asked for: (report, split workbooks, notices sent or None)."""
    from scheduler.notices import write_notices_csv
    from scheduler.parallel import ClusterError
    from scheduler.progress import Progress
    from scheduler.report.schedule import write_schedule
    from scheduler.solve import solve as run_solver

    output, lang = run.output, run.lang
    with Progress(quiet=run.quiet, time_limit=run.time_limit, lang=lang) as progress:
        try:
            schedule = run_solver(
                data,
                time_limit=run.time_limit,
                seed=run.seed,
                workers=run.workers,
                previous=earlier,
                progress=progress,
                solver=run.solver,
                dask=run.dask,
            )
        except ClusterError as error:
            raise UserError(str(error), lang) from None
        progress.status(say("terminal.progress.writing", lang, path=output))
        try:
            report = write_schedule(
                schedule, output, lang, mask_phones=run.mask_phones, standby=run.standby
            )
            split = _split(report, output) if run.split_by else []
            notices = run.notices_csv
            sent = write_notices_csv(schedule, notices, lang) if notices else None
        except OSError as error:
            raise UserError(_cannot_write(error.filename or output, error, lang), lang) from None
    return report, split, sent


def _print_changes(changes, lang: str) -> None:
    from scheduler.report.sheets import CHANGES

    kinds = {kind: changes.count(kind) for kind in ("moved", "added", "dropped")}
    sheet = CHANGES.label(lang)
    click.echo(say("terminal.solve.replanned", lang, kept=changes.kept, sheet=sheet, **kinds))


def _cannot_write(where, error: OSError, lang: str) -> str:
    text = say("terminal.cannot_write", lang, path=where, error=error.strerror or error)
    return text + (say("terminal.locked", lang) if _locked(error) else "")


def _locked(error: OSError) -> bool:
    """Windows refuses to replace a workbook that is open in Excel or WPS."""
    return isinstance(error, PermissionError) and sys.platform == "win32"


def _split(report, output: Path) -> list[Path]:
    from scheduler.report.split import write_by_community

    return write_by_community(report, output)


def _previous(path: Path, data: Roster, roster: Path, lang: str):
    """The previous schedule's assignments, or a UserError when it cannot be read or was made
    from another roster (fewer than half of its assignments name this roster's people and
    shifts; checked on the whole roster, before ``--date``)."""
    from scheduler.changes import previous_matches
    from scheduler.report.previous import read_assignments
    from scheduler.roster import RosterError

    try:
        earlier = read_assignments(path)
    except RosterError as error:
        raise UserError(_problems(path, error.issues, "not_a_schedule", lang), lang) from None
    matched = previous_matches(data, earlier)
    if 2 * matched < len(earlier):
        counts = dict(matched=matched, total=len(earlier), previous=path, roster=roster)
        raise UserError(say("reason.change.other_roster", lang, **counts), lang)
    return earlier


def _history(roster: Roster, path: Path, lang: str, quiet: bool) -> Roster:
    """The roster with the ledger's days before it (``--history``), or a UserError."""
    from scheduler.history import with_history
    from scheduler.roster import RosterError

    try:
        data, problems = with_history(roster, path)
    except RosterError as error:
        data, problems = roster, list(error.issues)
    if problems:
        lines = [say("history.cannot_use", lang, path=path)]
        lines += [say("terminal.item", lang, text=issue.text(lang)) for issue in problems]
        raise UserError("\n".join(lines), lang)
    if not quiet:
        volunteers = len({day.volunteer_id for day in data.served})
        days = len({day.date for day in data.served})
        click.echo(say("history.read", lang, path=path, volunteers=volunteers, days=days))
    return data


def _refuse_overwriting_input(roster: Path, output: Path, lang: str) -> None:
    if output.exists() and roster.exists() and output.resolve() == roster.resolve():
        raise UserError(say("terminal.output_is_roster", lang, path=output), lang)


def _refuse_special_output(output: Path, lang: str) -> None:
    """Only a regular file is written over, and that is said before any work is done: a folder,
    a named pipe or a device given as the output is refused by the name the coordinator typed."""
    if output.is_dir():
        raise UserError(say("reader.output_is_folder", lang, path=str(output)), lang)
    if output.exists() and not output.is_file():
        raise UserError(say("reader.output_not_regular", lang, path=str(output)), lang)


def _only(roster: Roster, date: dt.date, lang: str) -> Roster:
    planned = roster.on(date)
    if not planned.shifts:
        raise UserError(say("terminal.no_shift_on", lang, date=date.isoformat()), lang)
    return planned


def _print_summary(report, output: Path, split: list[Path] | None = None) -> None:
    from scheduler.report.sheets import UNFILLED

    schedule, lang = report.schedule, report.lang
    required = sum(s.required for s in schedule.roster.shifts)
    filled = len(schedule.assignments)
    click.echo(
        say(
            "terminal.solve.filled",
            lang,
            filled=filled,
            required=required,
            share=f"{filled / max(required, 1):.1%}",
            used=len({a.volunteer_id for a in schedule.assignments}),
            status=_status(schedule, lang),
        )
    )
    short = Counter()
    for gap in report.shortfalls:
        short[schedule.roster.post_by_id[gap.shift.post_id].category.label(lang)] += gap.shortfall
    if short:
        counts = [
            say("terminal.solve.short_count", lang, name=name, n=count)
            for name, count in short.most_common()
        ]
        click.echo(say("terminal.solve.short", lang, counts=counts, sheet=UNFILLED.label(lang)))
    click.echo(say("terminal.solve.written", lang, path=output))
    if split:
        click.echo(say("terminal.solve.split", lang, n=len(split), folder=split[0].parent))


def _status(schedule, lang: str) -> str:
    """The solver's verdict; no bound is quoted when it proves nothing (``BoundKind.trivial``)."""
    from scheduler.domain import BoundKind, SolveStatus

    key = schedule.status.value
    if schedule.status is SolveStatus.feasible and schedule.bound_kind is BoundKind.trivial:
        key = "unproven"
    value, bound = schedule.coverage_value, schedule.coverage_bound
    return say(f"terminal.status.{key}", lang, value=value, bound=bound)


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
        lang,
    )
    click.echo(say("terminal.example.written", lang, n=volunteers, path=output))


@cli.command()
@click.argument("output", type=click.Path(path_type=Path))
@LANG
def template(output: Path, lang: str) -> None:
    """Write an empty roster workbook to OUTPUT, ready to fill in."""
    from scheduler.roster.write import write_roster

    empty = Roster(volunteers=(), posts=(), shifts=())
    _write_guarded(output, lambda: write_roster(empty, output, lang), lang)
    click.echo(say("terminal.template.written", lang, path=output))


def _write_guarded(output: Path, write, lang: str) -> None:
    """Write, creating the folder first as ``solve -o`` does; a failure is one line."""
    _refuse_special_output(output, lang)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write()
    except OSError as error:
        raise UserError(_cannot_write(error.filename or output, error, lang), lang) from None


@cli.command()
@click.argument("roster", type=click.Path(path_type=Path))
@click.argument("schedule", type=click.Path(path_type=Path))
@only_date("Check only the shifts of this date (for a schedule made with solve --date).")
@overrides
@language("Language of the violations printed.")
@ALLOW_MISSING
@history_option("max_days_in_row and max_hours_per_week, as in solve --history")
@click.pass_context
def verify(
    context: click.Context,
    roster: Path,
    schedule: Path,
    only_date,
    lang: str,
    allow_missing: tuple[str, ...],
    history: Path | None,
    **options,
) -> None:
    """Check SCHEDULE, a schedule workbook perhaps edited by hand, against ROSTER.

    Every hard rule is checked row by row; each violation is printed with its sheet and row.
    Where the Unfilled sheet does not match the Assignments, notes are printed apart: they break
    no rule. Without --date, a schedule naming the shifts of some dates only is checked on those
    dates. Give the same overrides as the solve that made the schedule. Exit code 1 when a rule
    is broken or a workbook cannot be read.
    """
    from scheduler.roster import RosterError, read_roster
    from scheduler.verify import is_note, planned_dates, unreadable, verify_schedule

    try:
        data = read_roster(
            roster, overrides=settings_overrides(options), allow_missing=allow_missing
        )
    except RosterError as error:
        raise UserError(unreadable("roster", roster, error, lang), lang) from None
    if only_date is not None:
        data = _only(data, only_date.date(), lang)
    else:
        data = _planned_dates(data, planned_dates(data, schedule), lang)
    if history is not None:
        data = _history(data, history, lang, quiet=True)
    try:
        found = verify_schedule(data, schedule)
    except RosterError as error:
        raise UserError(unreadable("schedule", schedule, error, lang), lang) from None
    violations = [issue for issue in found if not is_note(issue)]
    notes = [issue for issue in found if is_note(issue)]
    for violation in violations:
        click.echo(violation.text(lang))
    if notes:
        click.echo(say("verify.notes", lang, n=len(notes)))
        for note in notes:
            click.echo(say("terminal.item", lang, text=note.text(lang)))
    if violations:
        click.echo(say("verify.count", lang, n=len(violations)))
        context.exit(1)
    click.echo(say("verify.ok", lang))


def _planned_dates(roster: Roster, dates: set[dt.date], lang: str) -> Roster:
    """The roster cut to the dates a schedule names, said in one line, when they are fewer than
    the roster's (a schedule made with solve --date)."""
    if not dates or dates >= {s.date for s in roster.shifts}:
        return roster
    names = [day.isoformat() for day in sorted(dates)]
    click.echo(say("verify.only_dates", lang, dates=names))
    return roster.on(*dates)


def _register_record() -> None:
    from scheduler.record import record_command

    cli.add_command(record_command)


_register_record()


def _register_web() -> None:
    from scheduler.web.commands import register

    register(cli)


_register_web()


def main() -> None:
    """Entry point: no traceback reaches a user unless SCHEDULER_DEBUG is set."""
    lang = _lang(sys.argv)
    try:
        code = cli.main(prog_name="scheduler", standalone_mode=False)
    except SystemExit:
        raise
    except click.UsageError as error:
        from scheduler.usage import show_usage_error

        show_usage_error(error, lang, sys.argv[1:])
        sys.exit(error.exit_code)
    except UserError as error:
        error.show()
        sys.exit(error.exit_code)
    except click.ClickException as error:  # click's own refusals (a file it cannot open)
        click.echo(say("terminal.error", lang, message=error.format_message()), err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo(say("terminal.aborted", lang), err=True)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("SCHEDULER_DEBUG"):
            raise
        text = say("terminal.unexpected", _lang(sys.argv), kind=type(error).__name__, detail=error)
        click.echo(text, err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _lang(argv: list[str]) -> str:
    """The ``--lang`` of a command line that failed before click could hand it over."""
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        elif arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        else:
            continue
        if value in LANGS:
            return value
    return DEFAULT_LANG
