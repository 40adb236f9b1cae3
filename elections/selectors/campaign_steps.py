"""Where one renewal stands on a campaign's timetable: the day each step began and was completed.

Shared by the campaign board, the ledger (台账) and the campaign report, so that the three read one
answer. A step began when the renewal entered its phase (Renewal.timeline) and was completed when
the renewal entered the next phase; the members' meeting was completed on the day it sat, and the
archive on the day it was sealed.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from django.utils import timezone

from elections.domain.timetable import Cell, Step, step_state
from elections.models import Phase, Renewal

#: The phase a step runs in; the step is completed when the renewal enters NEXT[step].
STEP_PHASE: dict[Step, str] = {
    Step.PREPARE: Phase.PREPARE,
    Step.RECOMMEND: Phase.RECOMMEND,
    Step.VET: Phase.VET,
    Step.PUBLICISE: Phase.PUBLICISE,
    Step.MEETING: Phase.VOTE,
    Step.VOTE: Phase.VOTE,
    Step.APPROVE: Phase.APPROVE,
    Step.ARCHIVE: Phase.ARCHIVE,
}
NEXT: dict[Step, str] = {
    Step.PREPARE: Phase.RECOMMEND,
    Step.RECOMMEND: Phase.VET,
    Step.VET: Phase.PUBLICISE,
    Step.PUBLICISE: Phase.VOTE,
    Step.VOTE: Phase.APPROVE,
    Step.APPROVE: Phase.ARCHIVE,
}


def _day(value: str | None, zone: tzinfo) -> date | None:
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone(zone).date()


def step_dates(
    renewal: Renewal | None,
    *,
    meeting_held_on: date | None = None,
    zone: tzinfo | None = None,
) -> dict[Step, tuple[date | None, date | None]]:
    """{step: (began on, completed on)} for ``renewal`` (None or cancelled: nothing began).

    ``meeting_held_on`` is the day the members' meeting sat (the caller reads it with its other
    data, so that a list stays at a fixed number of queries); None while it has not sat.
    ``zone``: the days are read in it (default: the current zone); a list of thousands of
    renewals passes it once, since each lookup of the current zone costs more than the reading.
    """
    if renewal is None or renewal.phase == Phase.CANCELLED:
        return {step: (None, None) for step in Step}
    timeline = renewal.timeline or {}
    zone = zone or timezone.get_current_timezone()
    dates: dict[Step, tuple[date | None, date | None]] = {}
    for step in Step:
        began = _day(timeline.get(STEP_PHASE[step]), zone)
        if step is Step.MEETING:
            done = meeting_held_on
        elif step is Step.ARCHIVE:
            done = renewal.sealed_at.astimezone(zone).date() if renewal.sealed_at else None
        else:
            done = _day(timeline.get(NEXT[step]), zone)
        dates[step] = (began, done)
    return dates


def step_cells(
    renewal: Renewal | None,
    deadlines: dict[str, date],
    *,
    today: date,
    meeting_held_on: date | None = None,
    zone: tzinfo | None = None,
) -> dict[Step, Cell]:
    """The board's cells of one branch: each step against its deadline on ``today``."""
    return {
        step: step_state(deadline=deadlines.get(step), started_on=began, done_on=done, today=today)
        for step, (began, done) in step_dates(
            renewal, meeting_held_on=meeting_held_on, zone=zone
        ).items()
    }
