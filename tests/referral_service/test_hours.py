"""open_now in Europe/Amsterdam."""

from __future__ import annotations

import datetime as dt

import pytest

from referral_service.hours import open_now

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
