"""A campaign's timetable (集中换届工作安排): a deadline for every step of the renewal.

A superior committee runs the renewals of many branches on one timetable:
"3月下旬开始，至4月底结束", with a date for every step ("XX月X日前完成").
A step's deadline is the last day on which it may be completed: ``prepare`` is completed when
the request is approved, ``meeting`` when the members' meeting has been held, ``archive`` when
the archive is sealed.

:func:`spread_backwards` plans the deadlines from the end date back to the start (倒排工期),
giving the public notice and the meeting notice at least the periods the rules require;
:func:`timetable_problems` checks a timetable that was entered by hand; :func:`step_state` says
where one branch stands against one deadline (the board's cell).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .periods import latest_meeting_notice, publicity_last_day
from .problems import Code, Problem
from .rules import DEFAULT_RULES, RuleSet


class Step(StrEnum):
    """The steps of a renewal that a timetable dates, in order; the phase codes of the app,
    with the members' meeting between the public notice and the end of the vote phase."""

    PREPARE = "prepare"
    RECOMMEND = "recommend"
    VET = "vet"
    PUBLICISE = "publicise"
    MEETING = "meeting"
    VOTE = "vote"
    APPROVE = "approve"
    ARCHIVE = "archive"


STEPS: tuple[Step, ...] = tuple(Step)

#: The least number of days a step takes, where no rule sets it: the request and its approval,
#: the recommendation, the vetting, the first plenary after the meeting (it may be the same
#: day), the superior's approval of the result and the sealing of the archive.
MIN_DAYS: Mapping[Step, int] = {
    Step.PREPARE: 3,
    Step.RECOMMEND: 2,
    Step.VET: 2,
    Step.VOTE: 0,
    Step.APPROVE: 2,
    Step.ARCHIVE: 1,
}

#: How the days beyond the minimum are shared between the steps when a timetable is spread back
#: from its end date: most to the preparation and the vetting, as the real plans do.
SHARE: Mapping[Step, int] = {
    Step.PREPARE: 4,
    Step.RECOMMEND: 3,
    Step.VET: 3,
    Step.PUBLICISE: 0,
    Step.MEETING: 1,
    Step.VOTE: 0,
    Step.APPROVE: 2,
    Step.ARCHIVE: 1,
}


def publicity_span(last_day: date, rules: RuleSet = DEFAULT_RULES) -> date:
    """The latest first day of a public notice that ends no later than ``last_day``."""
    first = last_day
    while publicity_last_day(first, rules) > last_day:
        first -= timedelta(days=1)
    return first


def _min_before(step: Step, deadline: date, rules: RuleSet) -> date:
    """The latest deadline the step before ``step`` may have, if ``step`` ends on ``deadline``."""
    if step is Step.PUBLICISE:
        # The notice is posted the day after the vetting is done, at the earliest.
        return publicity_span(deadline, rules) - timedelta(days=1)
    if step is Step.MEETING:
        # The meeting is announced the day after the public notice ends, at the earliest.
        return latest_meeting_notice(deadline, rules) - timedelta(days=1)
    return deadline - timedelta(days=MIN_DAYS[step])


def timetable_problems(
    *,
    start: date,
    end: date,
    deadlines: Mapping[str, date],
    rules: RuleSet = DEFAULT_RULES,
) -> list[Problem]:
    """What is wrong with a timetable: a missing or misplaced deadline, or a step given fewer
    days than the rules require (the public notice, the meeting notice)."""
    if end < start:
        return [Problem(Code.TIMETABLE_END_BEFORE_START, {"start": start, "end": end})]
    problems: list[Problem] = []
    previous = start - timedelta(days=1)
    for step in STEPS:
        deadline = deadlines.get(step)
        if deadline is None:
            problems.append(Problem(Code.TIMETABLE_MISSING, {"step": step}, field=step))
            continue
        if not start <= deadline <= end:
            problems.append(
                Problem(
                    Code.TIMETABLE_OUTSIDE,
                    {"step": step, "start": start, "end": end},
                    field=step,
                )
            )
        elif deadline < previous:
            problems.append(Problem(Code.TIMETABLE_ORDER, {"step": step}, field=step))
        elif _min_before(step, deadline, rules) < previous:
            problems.append(
                Problem(
                    Code.TIMETABLE_TOO_SHORT,
                    {"step": step, "earliest": _earliest(step, previous, rules)},
                    field=step,
                )
            )
        previous = max(previous, deadline)
    return problems


def _earliest(step: Step, previous: date, rules: RuleSet) -> date:
    """The earliest deadline ``step`` may have after a step that ends on ``previous``."""
    day = previous
    while _min_before(step, day, rules) < previous:
        day += timedelta(days=1)
    return day


def earliest_end(start: date, rules: RuleSet = DEFAULT_RULES) -> date:
    """The earliest end date of a campaign that starts on ``start`` (every step at its minimum)."""
    previous = start - timedelta(days=1)
    for step in STEPS:
        previous = _earliest(step, previous, rules)
    return previous


@dataclass(frozen=True)
class Spread:
    """The result of :func:`spread_backwards`: the deadlines, or why there are none."""

    deadlines: Mapping[Step, date]
    problems: tuple[Problem, ...] = ()


def spread_backwards(*, start: date, end: date, rules: RuleSet = DEFAULT_RULES) -> Spread:
    """Deadlines for every step, planned back from ``end`` (倒排工期).

    Every step gets its minimum (the public notice and the meeting notice as the rules require);
    the days left over are shared out by :data:`SHARE`, from the first step on. Refused (a
    problem, no deadlines) when the minimum does not fit between ``start`` and ``end``.
    """
    if end < start:
        return Spread({}, (Problem(Code.TIMETABLE_END_BEFORE_START, {"start": start, "end": end}),))
    shortest = earliest_end(start, rules)
    if shortest > end:
        return Spread({}, (Problem(Code.TIMETABLE_TOO_SHORT_ALL, {"earliest_end": shortest}),))
    spare = (end - shortest).days
    while True:
        deadlines = _spread(start, spare, rules)
        # Working days may stretch a later public notice over a weekend: give back a day at a
        # time until the plan ends in time (with no spare days it ends on earliest_end).
        if deadlines[Step.ARCHIVE] <= end:
            break
        spare -= 1
    deadlines[Step.ARCHIVE] = end
    return Spread(deadlines)


def _spread(start: date, spare: int, rules: RuleSet) -> dict[Step, date]:
    total = sum(SHARE.values())
    extra = {step: spare * SHARE[step] // total for step in STEPS}
    # What the integer shares leave goes to the preparation.
    extra[Step.PREPARE] += spare - sum(extra.values())
    deadlines: dict[Step, date] = {}
    previous = start - timedelta(days=1)
    for step in STEPS:
        previous = _earliest(step, previous, rules) + timedelta(days=extra[step])
        deadlines[step] = previous
    return deadlines


class State(StrEnum):
    """Where a branch stands against one deadline (a cell of the campaign board)."""

    DONE = "done"
    DONE_LATE = "done_late"
    RUNNING = "running"
    LATE = "late"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class Cell:
    """One step of one branch: its state, the day it was done, the days it has run or is late."""

    state: State
    done_on: date | None = None
    days: int = 0


def step_state(
    *,
    deadline: date | None,
    started_on: date | None,
    done_on: date | None,
    today: date,
) -> Cell:
    """The board's cell: done (on time or late), running for N days, late by N days, not started.

    ``started_on`` is the day the step began (None: not yet), ``done_on`` the day it was completed.
    A step not yet started is late too once its deadline has passed.
    """
    if done_on is not None:
        if deadline is not None and done_on > deadline:
            return Cell(State.DONE_LATE, done_on, (done_on - deadline).days)
        return Cell(State.DONE, done_on)
    if deadline is not None and today > deadline:
        return Cell(State.LATE, None, (today - deadline).days)
    if started_on is None:
        return Cell(State.NOT_STARTED)
    return Cell(State.RUNNING, None, (today - started_on).days)
