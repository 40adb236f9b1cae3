"""Dates: the public notice of candidates, the meeting notice and committee terms.

Working days follow the official calendar (public holidays and make-up working days) from the
``chinese-calendar`` package. That package knows only the years the State Council has announced;
for a date outside them, or where the package is not installed, a working day is Monday to Friday.
:func:`holiday_data_covers` tells a page when to warn about that fallback.
"""

from __future__ import annotations

from datetime import date, timedelta

from ._checks import require_int
from .problems import Code, Problem
from .rules import DEFAULT_RULES, RuleSet

try:
    import chinese_calendar
except ImportError:
    chinese_calendar = None

#: A renewal may be brought forward or delayed by at most this many years, with approval.
MAX_RENEWAL_SHIFT_YEARS = 1
#: The dashboard shows the renewals due within this many days (§1).
DUE_SOON_DAYS = 90


def holiday_data_covers(day: date) -> bool:
    """Whether the official holiday calendar knows ``day``'s year."""
    if chinese_calendar is None:
        return False
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day: the official calendar where known, else Monday-Friday."""
    if chinese_calendar is not None:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            pass
    return day.weekday() < 5


def publicity_last_day(first_day: date, rules: RuleSet = DEFAULT_RULES) -> date:
    """The last day of the public notice (公示) that starts on ``first_day``.

    The notice runs ``rules.publicity_days`` days counting ``first_day`` itself (a notice posted
    on 6 May for 5 calendar days runs to 10 May). In working days, only working days count, and
    a notice posted on a rest day starts counting on the next working day.
    """
    if not rules.publicity_working_days:
        return first_day + timedelta(days=rules.publicity_days - 1)
    day = first_day
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == rules.publicity_days:
                return day
        day += timedelta(days=1)


def publicity_over(
    first_day: date,
    *,
    on: date,
    rules: RuleSet = DEFAULT_RULES,
    last_day: date | None = None,
) -> bool:
    """Whether the notice that started on ``first_day`` has run its full period by day ``on``.

    The last day itself still belongs to the notice. Pass the ``last_day`` published with the
    notice (:func:`publicity_last_day` on the day it was posted) once the notice is out: the
    published date stands even if the holiday calendar is revised later.
    """
    last = publicity_last_day(first_day, rules) if last_day is None else last_day
    return on > last


def publicity_running(
    first_day: date,
    *,
    on: date,
    rules: RuleSet = DEFAULT_RULES,
    last_day: date | None = None,
) -> bool:
    """Whether day ``on`` falls within the notice starting on ``first_day``, both ends included."""
    return first_day <= on and not publicity_over(first_day, on=on, rules=rules, last_day=last_day)


def latest_meeting_notice(meeting: date, rules: RuleSet = DEFAULT_RULES) -> date:
    """The last day on which the members' meeting held on ``meeting`` may be announced.

    The notice comes at least ``rules.meeting_notice_days`` calendar days before the meeting.
    """
    return meeting - timedelta(days=rules.meeting_notice_days)


def meeting_notice_ok(*, notice: date, meeting: date, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether a notice given on ``notice`` is early enough for the meeting on ``meeting``."""
    return notice <= latest_meeting_notice(meeting, rules)


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole ``years``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_end(start: date, *, category: str, rules: RuleSet = DEFAULT_RULES) -> date:
    """The day a committee elected on ``start`` reaches the end of its term (renewal due)."""
    return add_years(start, rules.term_years_for(category))


def renewal_shift_ok(*, due: date, renewal: date) -> bool:
    """Whether holding the renewal on ``renewal`` instead of ``due`` stays within the limit.

    A delay or an early renewal needs the superior's approval and is at most one year.
    """
    return (
        add_years(due, -MAX_RENEWAL_SHIFT_YEARS)
        <= renewal
        <= add_years(due, MAX_RENEWAL_SHIFT_YEARS)
    )


def renewal_shift_problems(
    *, delay: bool, term_end: date, due: date, new: date, on: date
) -> list[Problem]:
    """What is wrong with asking on day ``on`` to hold the renewal due on ``due`` on ``new``.

    A delay moves the renewal later, an early renewal earlier, and neither to a day already past;
    wherever earlier requests have moved it, it stays within a year of the term's end
    (:func:`renewal_shift_ok`).
    """
    found = []
    if delay and new <= due:
        found.append(Problem(Code.SHIFT_NOT_LATER, {"until": due}, "§1", "new_date"))
    if not delay and new >= due:
        found.append(Problem(Code.SHIFT_NOT_EARLIER, {"until": due}, "§1", "new_date"))
    if new < on:
        found.append(Problem(Code.SHIFT_IN_PAST, {"until": on}, "§1", "new_date"))
    if not renewal_shift_ok(due=term_end, renewal=new):
        found.append(Problem(Code.SHIFT_OVER_LIMIT, {"until": term_end}, "§1", "new_date"))
    return found


def renewal_due_window(*, on: date, days: int = DUE_SOON_DAYS) -> tuple[date, date]:
    """The first and last due dates that count as due soon on day ``on`` (dashboard, §1).

    A renewal due on ``on`` itself is due, not overdue; one due ``days`` days later is still due.
    """
    require_int("天数", days, 0)
    return on, on + timedelta(days=days)


def renewal_due_within(*, due: date, on: date, days: int = DUE_SOON_DAYS) -> bool:
    """Whether a renewal due on ``due`` falls within ``days`` days from ``on`` (dashboard)."""
    first, last = renewal_due_window(on=on, days=days)
    return first <= due <= last


def renewal_overdue(*, due: date, on: date) -> bool:
    """Whether a renewal due on ``due`` is overdue on day ``on``: from the day after it was due."""
    return due < on
