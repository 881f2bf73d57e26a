"""Click's usage errors in the coordinator's language.

``main()`` runs the group with ``standalone_mode=False`` and hands every ``click.UsageError``
here. In English click's own text is printed (its usage line, its hint and ``Error: ...``); in
Chinese the common kinds are said from the exception's attributes (a bad value with what to type,
a missing option or argument, an unknown option) and any other usage error as 用法错误 followed by
click's text, then one line that says where the usage is. The ``--help`` pages stay English:
they are click's, written for the few who read them, and the README shows every command.
"""

from __future__ import annotations

import click

from scheduler.messages import Message, msg, say

# What click (8.2 and later) raises for a bare group: its message is the help page.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def show_usage_error(error: click.UsageError, lang: str, argv: list[str]) -> None:
    """Print ``error`` for the coordinator (stderr); the caller exits 2."""
    if lang != "zh" or isinstance(error, _NO_ARGS_IS_HELP):
        error.show()  # English, or a bare group: its help page (exit 2, as click does)
        return
    command = error.ctx.command_path if error.ctx is not None else "scheduler"
    problem = _problem(error, argv)
    if problem is None:
        click.echo(say("terminal.usage.other", lang, detail=error.format_message()), err=True)
    else:
        click.echo(say("terminal.error", lang, message=problem.render(lang)), err=True)
    click.echo(say("terminal.usage.help", lang, command=command), err=True)


def _problem(error: click.UsageError, argv: list[str]) -> Message | None:
    """The problem said in our words, or None for a kind said as 用法错误 and click's text."""
    if isinstance(error, click.NoSuchOption):
        return msg("terminal.usage.no_such_option", option=error.option_name)
    if isinstance(error, click.MissingParameter) and error.param is not None:
        return msg(f"terminal.usage.missing_{_kind(error.param)}", name=_name(error.param))
    if isinstance(error, click.BadParameter) and error.param is not None:
        value = _typed(error.param, argv)
        why = _why(error.param.type)
        if value is not None and why is not None:
            key = f"terminal.usage.bad_{_kind(error.param)}"
            return msg(key, name=_name(error.param), value=value, why=why)
    return None


def _kind(param: click.Parameter) -> str:
    return "option" if isinstance(param, click.Option) else "argument"


def _name(param: click.Parameter) -> str:
    return param.opts[-1] if isinstance(param, click.Option) else param.human_readable_name


def _typed(param: click.Parameter, argv: list[str]) -> str | None:
    """The value typed for an option, found again on the command line (click does not keep it)."""
    if not isinstance(param, click.Option):
        return None
    for index, arg in enumerate(argv):
        for opt in param.opts:
            if arg.startswith(opt + "="):
                return arg[len(opt) + 1 :]
            if arg == opt and index + 1 < len(argv):
                return argv[index + 1]
    return None


def _why(kind: click.ParamType) -> Message | None:
    """What to type for a value of ``kind``, or None for a kind we do not describe."""
    if isinstance(kind, click.DateTime):
        return msg("terminal.usage.want_date")
    if isinstance(kind, click.Choice):
        return msg("terminal.usage.want_choice", choices=" / ".join(map(str, kind.choices)))
    if isinstance(kind, click.IntRange | click.FloatRange):
        number = "whole" if isinstance(kind, click.IntRange) else "number"
        return msg(f"terminal.usage.want_{number}_in", range=_range(kind))
    if kind is click.INT:
        return msg("terminal.usage.want_whole")
    if kind is click.FLOAT:
        return msg("terminal.usage.want_number")
    return None


def _range(kind: click.IntRange | click.FloatRange) -> Message:
    low, high = kind.min, kind.max
    if low is not None and high is not None:
        return msg("terminal.usage.between", low=low, high=high)
    if low is not None:
        return msg("terminal.usage.above" if kind.min_open else "terminal.usage.at_least", n=low)
    return msg("terminal.usage.below" if kind.max_open else "terminal.usage.at_most", n=high)
