"""open_now in Europe/Amsterdam, typed rules, and the B1 sentence of opening hours."""

from __future__ import annotations

import datetime as dt

import pytest

from referral_service.answering.hours import RuleSyntaxError, day_runs, hours_sentence, open_now, parse_rule

OFFICE = [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00", "closes": "17:00"}]
ALWAYS = [{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "00:00", "closes": "24:00"}]
UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("hours", "moment", "expected"),
    [
        (OFFICE, dt.datetime(2026, 1, 5, 8, 30, tzinfo=UTC), True),  # Monday 09:30 in winter
        (OFFICE, dt.datetime(2026, 1, 5, 7, 30, tzinfo=UTC), False),  # 08:30 local
        (OFFICE, dt.datetime(2026, 7, 6, 15, 30, tzinfo=UTC), False),  # 17:30 local in summer (UTC+2)
        (OFFICE, dt.datetime(2026, 7, 6, 14, 30, tzinfo=UTC), True),
        (OFFICE, dt.datetime(2026, 1, 10, 12, 0, tzinfo=UTC), False),  # Saturday
        (ALWAYS, dt.datetime(2026, 1, 10, 22, 59, tzinfo=UTC), True),  # 23:59 local
        ([], dt.datetime(2026, 1, 5, 12, 0, tzinfo=UTC), None),
    ],
)
def test_open_now(hours: list[dict[str, object]], moment: dt.datetime, expected: bool | None) -> None:
    assert open_now(hours, moment) is expected


@pytest.mark.parametrize(
    ("hours", "sentence"),
    [
        (
            [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:30", "closes": "17:00"}],
            "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
        ),
        (
            [
                {"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:30", "closes": "17:00"},
                {"days": ["sa"], "opens": "10:00", "closes": "12:00"},
            ],
            "maandag tot en met vrijdag van 8.30 tot 17.00 uur en zaterdag van 10.00 tot 12.00 uur",
        ),
        (
            [{"days": ["fr", "mo", "we"], "opens": "09:00", "closes": "12:30"}],
            "maandag, woensdag en vrijdag van 9.00 tot 12.30 uur",
        ),
        (
            [{"days": ["mo", "tu", "we", "fr", "sa"], "opens": "13:00", "closes": "16:00"}],
            "maandag tot en met woensdag en vrijdag en zaterdag van 13.00 tot 16.00 uur",
        ),
        ([{"days": ["sa", "su"], "opens": "00:00", "closes": "24:00"}], "zaterdag en zondag de hele dag"),
        (ALWAYS, "dag en nacht"),
        (
            [{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "07:00", "closes": "23:00"}],
            "elke dag van 7.00 tot 23.00 uur",
        ),
        ([], None),
    ],
)
def test_hours_sentence(hours: list[dict[str, object]], sentence: str | None) -> None:
    assert hours_sentence(hours) == sentence


def test_parse_rule_with_the_callers_day_words() -> None:
    assert parse_rule(" Ma-Wo,Vr 09:00-17:00 ", ("ma", "di", "wo", "do", "vr", "za", "zo")) == {
        "days": ["mo", "tu", "we", "fr"],
        "opens": "09:00",
        "closes": "17:00",
    }


@pytest.mark.parametrize(
    ("line", "problem", "text"),
    [
        ("mo 9-17", "format", "mo 9-17"),
        ("mo-xx 09:00-17:00", "day", "mo-xx"),
        ("su-mo 09:00-17:00", "day_order", "su-mo"),
    ],
)
def test_parse_rule_reports_problem_and_part(line: str, problem: str, text: str) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(line, ("mo", "tu", "we", "th", "fr", "sa", "su"))
    assert (caught.value.problem, caught.value.text) == (problem, text)


def test_day_runs() -> None:
    assert day_runs(["fr", "mo", "tu", "we", "mo"]) == [[0, 1, 2], [4]]
