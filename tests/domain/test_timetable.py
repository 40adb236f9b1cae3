"""A campaign's timetable: deadlines spread back from the end date (倒排工期), checked against the
public notice and meeting notice periods, and the board's cell for one branch and one step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from elections.domain import Code, RuleSet
from elections.domain.periods import latest_meeting_notice, publicity_last_day
from elections.domain.timetable import (
    STEPS,
    Cell,
    State,
    Step,
    earliest_end,
    spread_backwards,
    step_state,
    timetable_problems,
)

DEFAULT = RuleSet()
WORKING_DAYS = RuleSet(publicity_working_days=True, publicity_days=5)


def _valid_notice_periods(deadlines, rules):
    """The public notice starts after vetting and runs its full period; the meeting is announced
    after it ends and early enough."""
    first_day = deadlines[Step.VET] + timedelta(days=1)
    assert publicity_last_day(first_day, rules) <= deadlines[Step.PUBLICISE]
    notice = deadlines[Step.PUBLICISE] + timedelta(days=1)
    assert notice <= latest_meeting_notice(deadlines[Step.MEETING], rules)


@pytest.mark.parametrize("rules", [DEFAULT, WORKING_DAYS], ids=["calendar", "working"])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        # "3月下旬开始，至4月底结束"
        (date(2027, 3, 20), date(2027, 4, 30)),
        # "10月16日开始，至11月10日结束"
        (date(2026, 10, 16), date(2026, 11, 10)),
        # "到10月底结束", a whole quarter
        (date(2026, 8, 1), date(2026, 10, 31)),
    ],
)
def test_spread_backwards_fits_the_rules_and_ends_on_the_end_date(start, end, rules):
    """倒排工期: every step has a deadline, in order, within the campaign, the last on its end
    date, and the public notice and meeting notice get their full periods."""
    spread = spread_backwards(start=start, end=end, rules=rules)
    assert spread.problems == ()
    deadlines = spread.deadlines
    assert list(deadlines) == list(STEPS)
    days = [deadlines[step] for step in STEPS]
    assert days == sorted(days)
    assert start <= days[0]
    assert deadlines[Step.ARCHIVE] == end
    _valid_notice_periods(deadlines, rules)
    assert timetable_problems(start=start, end=end, deadlines=deadlines, rules=rules) == []


def test_spread_backwards_refuses_a_campaign_too_short_for_the_notice_periods():
    """The minimum from 1 March: preparing to the 3rd, recommending to the 5th, vetting to the
    7th, the notice from the 8th to the 12th, the meeting announced on the 13th for the 15th
    (two days ahead), the plenary the same day, approval by the 17th, sealed on the 18th."""
    start = date(2027, 3, 1)
    assert earliest_end(start) == date(2027, 3, 18)
    refused = spread_backwards(start=start, end=date(2027, 3, 17))
    assert refused.deadlines == {}
    assert [p.code for p in refused.problems] == [Code.TIMETABLE_TOO_SHORT_ALL]
    assert refused.problems[0].params["earliest_end"] == date(2027, 3, 18)
    assert spread_backwards(start=start, end=date(2027, 3, 18)).problems == ()


def test_end_before_start_is_a_problem():
    refused = spread_backwards(start=date(2027, 3, 2), end=date(2027, 3, 1))
    assert [p.code for p in refused.problems] == [Code.TIMETABLE_END_BEFORE_START]


def _plan(**changes):
    deadlines = dict(spread_backwards(start=date(2027, 3, 1), end=date(2027, 4, 30)).deadlines)
    deadlines.update(changes)
    return deadlines


def test_entered_timetable_problems_name_the_step():
    """A hand-entered timetable: a missing date, a date out of order, a date outside the
    campaign, and a public notice shorter than the rules."""
    start, end = date(2027, 3, 1), date(2027, 4, 30)
    plan = _plan()
    del plan[Step.RECOMMEND]
    assert [
        (p.code, p.field) for p in timetable_problems(start=start, end=end, deadlines=plan)
    ] == [(Code.TIMETABLE_MISSING, "recommend")]
    plan = _plan(archive=date(2027, 5, 3))
    assert [p.code for p in timetable_problems(start=start, end=end, deadlines=plan)] == [
        Code.TIMETABLE_OUTSIDE
    ]
    plan = _plan()
    plan[Step.VET] = plan[Step.PREPARE] - timedelta(days=1)
    assert [p.code for p in timetable_problems(start=start, end=end, deadlines=plan)] == [
        Code.TIMETABLE_ORDER
    ]
    plan = _plan()
    plan[Step.PUBLICISE] = plan[Step.VET] + timedelta(days=3)
    problems = timetable_problems(start=start, end=end, deadlines=plan)
    assert [(p.code, p.field) for p in problems] == [(Code.TIMETABLE_TOO_SHORT, "publicise")]
    # Five days counting the first: posted the day after vetting, over on the fifth.
    assert problems[0].params["earliest"] == plan[Step.VET] + timedelta(days=5)


def test_meeting_needs_its_notice_after_the_public_notice():
    start, end = date(2027, 3, 1), date(2027, 4, 30)
    plan = _plan()
    plan[Step.MEETING] = plan[Step.PUBLICISE] + timedelta(days=2)
    problems = timetable_problems(start=start, end=end, deadlines=plan)
    assert [(p.code, p.field) for p in problems] == [(Code.TIMETABLE_TOO_SHORT, "meeting")]
    # Announced the day after the notice ends, two days ahead.
    assert problems[0].params["earliest"] == plan[Step.PUBLICISE] + timedelta(days=3)


TODAY = date(2027, 4, 10)


@pytest.mark.parametrize(
    ("deadline", "started_on", "done_on", "expected"),
    [
        (date(2027, 4, 12), date(2027, 4, 1), date(2027, 4, 5), Cell(State.DONE, date(2027, 4, 5))),
        (
            date(2027, 4, 3),
            date(2027, 4, 1),
            date(2027, 4, 5),
            Cell(State.DONE_LATE, date(2027, 4, 5), 2),
        ),
        (date(2027, 4, 12), date(2027, 4, 1), None, Cell(State.RUNNING, None, 9)),
        (date(2027, 4, 8), date(2027, 4, 1), None, Cell(State.LATE, None, 2)),
        # Due today: not late yet.
        (TODAY, date(2027, 4, 1), None, Cell(State.RUNNING, None, 9)),
        (date(2027, 4, 12), None, None, Cell(State.NOT_STARTED)),
        # Not started and its deadline passed: late.
        (date(2027, 4, 9), None, None, Cell(State.LATE, None, 1)),
        (None, None, None, Cell(State.NOT_STARTED)),
    ],
)
def test_step_state(deadline, started_on, done_on, expected):
    assert (
        step_state(deadline=deadline, started_on=started_on, done_on=done_on, today=TODAY)
        == expected
    )
