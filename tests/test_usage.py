"""Usage errors and refusals through ``main()``, the entry point a coordinator runs: Chinese by
default, English (click's own text) with ``--lang en``, the same prefix for every refusal."""

from __future__ import annotations

import sys

import pytest
from builders import post, roster, shift, volunteer

from scheduler.cli import main
from scheduler.roster.write import write_roster


def run(monkeypatch, capsys, *args: object) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["scheduler", *map(str, args)])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, captured.out + captured.err


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(roster([volunteer("V1")], [post("P1")], [shift("S1")]), path, "zh")
    return path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["solve", "{roster}", "--date", "2022-11-31"],
            "错误：选项 --date 的值 “2022-11-31” 不对：请写成 YYYY-MM-DD 形式的日期",
        ),
        (["record", "{roster}"], "错误：缺少选项 --ledger"),
        (["check", "{roster}", "--xyz"], "错误：没有 --xyz 这个选项"),
        (
            ["solve", "{roster}", "--time-limit", "abc"],
            "错误：选项 --time-limit 的值 “abc” 不对：请写一个数（不小于 0.1）",
        ),
        (["solve", "{roster}", "--lang=fr"], "错误：选项 --lang 的值 “fr” 不对：可选：zh / en"),
        (["check"], "错误：缺少参数 ROSTER"),
    ],
)
def test_usage_errors_are_said_in_chinese_and_exit_two(
    monkeypatch, capsys, roster_file, args, said
):
    args = [str(roster_file) if arg == "{roster}" else arg for arg in args]
    code, output = run(monkeypatch, capsys, *args)
    assert code == 2
    lines = output.splitlines()
    assert lines == [said, f"用 scheduler {args[0]} --help 查看用法"]


def test_another_usage_error_is_a_usage_error_with_clicks_text(monkeypatch, capsys):
    code, output = run(monkeypatch, capsys, "nosuch")
    assert code == 2
    assert output.splitlines()[0] == "用法错误：No such command 'nosuch'."


def test_with_lang_en_usage_errors_are_clicks_own(monkeypatch, capsys, roster_file):
    code, output = run(
        monkeypatch, capsys, "solve", roster_file, "--date", "2022-11-31", "--lang", "en"
    )
    assert code == 2
    assert "Error: Invalid value for '--date'" in output and "错误" not in output


@pytest.mark.parametrize(("lang", "prefix"), [("zh", "错误："), ("en", "Error: ")])
def test_a_refusal_of_record_has_the_languages_prefix(
    monkeypatch, capsys, roster_file, lang, prefix
):
    code, output = run(
        monkeypatch, capsys, "record", roster_file, "--ledger", roster_file, "--lang", lang
    )
    assert code == 1
    assert output.startswith(prefix)


def test_a_refusal_of_users_has_the_chinese_prefix(monkeypatch, capsys, tmp_path):
    code, output = run(monkeypatch, capsys, "users", "add", "bad name!", "--data", tmp_path)
    assert code == 1
    assert output.startswith("错误：") and "Error" not in output


def test_help_and_success_exit_zero(monkeypatch, capsys, roster_file):
    assert run(monkeypatch, capsys, "--help")[0] == 0
    assert run(monkeypatch, capsys, "check", roster_file)[0] == 0


def test_english_output_names_categories_not_their_codes(monkeypatch, capsys, tmp_path):
    path = tmp_path / "roster.xlsx"
    plan = roster([volunteer("V1")], [post("P1")], [shift("S1", required=3)])
    write_roster(plan, path, "en")
    code, output = run(
        monkeypatch, capsys, "solve", path, "-o", tmp_path / "out.xlsx", "--lang", "en"
    )
    assert code == 0, output
    assert "community_gate" not in output and "Community gate" in output
