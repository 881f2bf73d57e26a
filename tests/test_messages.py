"""The message catalogue: every key in both languages, with the same placeholders in both."""

import pytest

from scheduler.domain import RosterIssue
from scheduler.messages import CATALOGUE, LANGS, Words, msg, placeholders, quote, say


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages_with_the_same_fields(key):
    texts = CATALOGUE[key]
    assert len(texts) == len(LANGS), key
    assert all(text.strip() for text in texts), f"{key}: a language is empty"
    zh, en = texts
    assert placeholders(zh) == placeholders(en), key


def test_unknown_key_fails_where_it_is_made():
    with pytest.raises(KeyError):
        msg("no.such.key")


def test_fields_render_in_the_message_language():
    issue = RosterIssue("志愿者", 17, "可服务时段", "8点-12", "x")
    assert issue.text("en") == '志愿者, row 17, column 可服务时段: "8点-12" x'
    assert issue.text("zh") == "志愿者，第 17 行，可服务时段 列：“8点-12” x"
    assert say("where.row", "en", row=3) == "row 3"
    assert Words("是", "yes").label("en") == "yes"


def test_a_long_typed_value_is_quoted_short():
    assert len(quote("x" * 50_000)) < 110
