"""Notice periods, meeting notice and terms (domain-rules §1, §3)."""

from __future__ import annotations

from datetime import date

import pytest

from elections.domain import (
    RuleSet,
    add_years,
    holiday_data_covers,
    is_working_day,
    latest_meeting_notice,
    meeting_notice_ok,
    periods,
    publicity_last_day,
    publicity_over,
    publicity_running,
    renewal_due_window,
    renewal_due_within,
    renewal_overdue,
    renewal_shift_ok,
    term_end,
)

WORKING_DAYS = RuleSet(publicity_working_days=True)


@pytest.mark.parametrize(
    ("first_day", "rules", "last_day"),
    [
        (date(2025, 5, 6), RuleSet(), date(2025, 5, 10)),
        (date(2025, 5, 6), RuleSet(publicity_days=7), date(2025, 5, 12)),
        (date(2025, 12, 29), RuleSet(), date(2026, 1, 2)),
        (date(2025, 5, 6), RuleSet(publicity_days=1), date(2025, 5, 6)),
    ],
)
def test_publicity_in_calendar_days(first_day: date, rules: RuleSet, last_day: date) -> None:
    """§1 publicise: "notice period over (default 5 days)"; §3: "publicity days and whether they
    count calendar or working days". The first day counts."""
    assert publicity_last_day(first_day, rules) == last_day


@pytest.mark.parametrize(
    ("first_day", "last_day"),
    [
        (date(2024, 9, 27), date(2024, 10, 9)),
        (date(2024, 9, 28), date(2024, 10, 10)),
        (date(2025, 5, 12), date(2025, 5, 16)),
        (date(2025, 5, 10), date(2025, 5, 16)),
    ],
    ids=["across National Day", "posted on a rest day", "plain week", "posted on Saturday"],
)
def test_publicity_in_working_days(first_day: date, last_day: date) -> None:
    """§3: publicity may count working days: official holidays do not count and make-up working
    days (调休上班, e.g. Sunday 29 September 2024) do."""
    assert publicity_last_day(first_day, WORKING_DAYS) == last_day


def test_publicity_over() -> None:
    """§1: the publicise phase ends when the notice period is over."""
    assert not publicity_over(date(2025, 5, 6), on=date(2025, 5, 10))
    assert publicity_over(date(2025, 5, 6), on=date(2025, 5, 11))
    assert not publicity_over(date(2024, 9, 27), on=date(2024, 10, 9), rules=WORKING_DAYS)
    assert publicity_over(date(2024, 9, 27), on=date(2024, 10, 10), rules=WORKING_DAYS)


def test_working_days_use_the_official_calendar() -> None:
    """Official holidays and make-up working days come from chinese-calendar."""
    assert holiday_data_covers(date(2024, 10, 1))
    assert not is_working_day(date(2024, 10, 1))
    assert is_working_day(date(2024, 9, 29))
    assert not is_working_day(date(2024, 9, 28))


def test_working_days_fall_back_to_weekdays_beyond_the_data() -> None:
    """Beyond the years the package knows, a working day is Monday to Friday."""
    assert not holiday_data_covers(date(2099, 10, 1))
    assert is_working_day(date(2099, 10, 1))
    assert not is_working_day(date(2099, 10, 3))
    assert publicity_last_day(date(2099, 10, 1), WORKING_DAYS) == date(2099, 10, 7)


def test_working_days_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without chinese-calendar every date falls back to Monday to Friday."""
    monkeypatch.setattr(periods, "chinese_calendar", None)
    assert not holiday_data_covers(date(2024, 10, 1))
    assert is_working_day(date(2024, 10, 1))
    assert not is_working_day(date(2024, 9, 29))


@pytest.mark.parametrize(
    ("notice", "meeting", "rules", "ok"),
    [
        (date(2025, 6, 8), date(2025, 6, 10), RuleSet(), True),
        (date(2025, 6, 9), date(2025, 6, 10), RuleSet(), False),
        (date(2025, 6, 10), date(2025, 6, 10), RuleSet(), False),
        (date(2025, 6, 1), date(2025, 6, 10), RuleSet(), True),
        (date(2025, 2, 27), date(2025, 3, 1), RuleSet(), True),
        (date(2025, 2, 28), date(2025, 3, 1), RuleSet(), False),
        (date(2025, 6, 3), date(2025, 6, 10), RuleSet(meeting_notice_days=7), True),
        (date(2025, 6, 4), date(2025, 6, 10), RuleSet(meeting_notice_days=7), False),
    ],
)
def test_meeting_notice(notice: date, meeting: date, rules: RuleSet, ok: bool) -> None:
    """§1 vote: "meeting notice (≥ 2 days ahead by default)"; §3: "meeting-notice days"."""
    assert meeting_notice_ok(notice=notice, meeting=meeting, rules=rules) is ok


@pytest.mark.parametrize(
    ("meeting", "rules", "latest"),
    [
        (date(2025, 6, 10), RuleSet(), date(2025, 6, 8)),
        (date(2025, 3, 1), RuleSet(), date(2025, 2, 27)),
        (date(2024, 3, 1), RuleSet(), date(2024, 2, 28)),
        (date(2026, 1, 1), RuleSet(), date(2025, 12, 30)),
        (date(2025, 6, 10), RuleSet(meeting_notice_days=7), date(2025, 6, 3)),
        (date(2025, 6, 10), RuleSet(meeting_notice_days=1), date(2025, 6, 9)),
    ],
)
def test_latest_meeting_notice(meeting: date, rules: RuleSet, latest: date) -> None:
    """§1 vote: the notice comes "≥ 2 days ahead by default": the page shows the last day on
    which it may go out, in calendar days (across month, leap-day and year ends)."""
    assert latest_meeting_notice(meeting, rules) == latest


@pytest.mark.parametrize(
    ("start", "category", "end"),
    [
        (date(2022, 6, 15), "organ", date(2025, 6, 15)),
        (date(2021, 3, 1), "village", date(2026, 3, 1)),
        (date(2021, 3, 1), "community", date(2026, 3, 1)),
        (date(2024, 2, 29), "school", date(2027, 2, 28)),
        (date(2024, 2, 29), "community", date(2029, 2, 28)),
    ],
)
def test_term_end(start: date, category: str, end: date) -> None:
    """§1: "a branch committee serves 3 years by default; village (农村) and community (社区)
    branches 5 years (setting per branch category). Renewal is due at term end." """
    assert term_end(start, category=category) == end


def test_add_years_handles_leap_days() -> None:
    """29 February moves to 28 February in a common year, and stays in a leap year."""
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 2, 29), -1) == date(2023, 2, 28)


@pytest.mark.parametrize(
    ("renewal", "ok"),
    [
        (date(2025, 6, 15), True),
        (date(2026, 6, 15), True),
        (date(2026, 6, 16), False),
        (date(2024, 6, 15), True),
        (date(2024, 6, 14), False),
    ],
)
def test_renewal_shift(renewal: date, ok: bool) -> None:
    """§1: "a delay or an early renewal needs superior approval and is at most 1 year." """
    assert renewal_shift_ok(due=date(2025, 6, 15), renewal=renewal) is ok


@pytest.mark.parametrize(
    ("due", "within"),
    [
        (date(2025, 6, 1), True),
        (date(2025, 8, 30), True),
        (date(2025, 8, 31), False),
        (date(2025, 5, 31), False),
    ],
)
def test_renewal_due_within_90_days(due: date, within: bool) -> None:
    """§1: "The dashboard shows what is due in the next 90 days and what is overdue." """
    assert renewal_due_within(due=due, on=date(2025, 6, 1)) is within


def test_renewal_due_window() -> None:
    """§1: "what is due in the next 90 days": from today itself to 90 days later, the bounds a
    database query of the dashboard uses."""
    assert renewal_due_window(on=date(2025, 6, 1)) == (date(2025, 6, 1), date(2025, 8, 30))
    assert renewal_due_window(on=date(2025, 6, 1), days=0) == (date(2025, 6, 1), date(2025, 6, 1))
    with pytest.raises(ValueError, match="天数"):
        renewal_due_window(on=date(2025, 6, 1), days=-1)


@pytest.mark.parametrize(
    ("due", "overdue"),
    [(date(2025, 5, 31), True), (date(2025, 6, 1), False), (date(2025, 6, 2), False)],
)
def test_renewal_overdue(due: date, overdue: bool) -> None:
    """§1: "Renewal is due at term end ... The dashboard shows ... what is overdue": overdue from
    the day after the term end; on the day itself the renewal is due, not overdue."""
    assert renewal_overdue(due=due, on=date(2025, 6, 1)) is overdue
    assert renewal_due_within(due=due, on=date(2025, 6, 1)) is not overdue


@pytest.mark.parametrize(
    ("on", "running", "over"),
    [
        (date(2025, 5, 5), False, False),
        (date(2025, 5, 6), True, False),
        (date(2025, 5, 10), True, False),
        (date(2025, 5, 11), False, True),
    ],
)
def test_publicity_running(on: date, running: bool, over: bool) -> None:
    """§1 publicise: "notice period over (default 5 days)": a notice posted on 6 May runs to 10
    May, both days included, and is over from 11 May."""
    assert publicity_running(date(2025, 5, 6), on=on) is running
    assert publicity_over(date(2025, 5, 6), on=on) is over


def test_published_last_day_stands() -> None:
    """§3 "publicity days and whether they count calendar or working days": once the notice is
    posted, the last day it announced is the one that counts, even if the holiday calendar used
    to compute it is revised later."""
    start, published = date(2025, 5, 6), date(2025, 5, 12)
    assert not publicity_over(start, on=date(2025, 5, 11), last_day=published)
    assert publicity_running(start, on=date(2025, 5, 12), last_day=published)
    assert publicity_over(start, on=date(2025, 5, 13), last_day=published)
