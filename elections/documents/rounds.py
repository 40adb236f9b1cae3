"""The tally sheet PDF of one round, from its sheet (the round page shows the same votes)."""

from __future__ import annotations

from typing import Any

from elections.documents.common import chinese_date, local_day, plan_context, staff_names
from elections.models import Renewal, Round
from elections.selectors.count import round_sheet


def tally(renewal: Renewal, *, round_: Round, **_params: Any) -> tuple[str, dict[str, Any]]:
    if round_.meeting.renewal_id != renewal.pk:
        raise ValueError("该轮投票不属于本次换届")
    meeting = round_.meeting
    context = plan_context(renewal)
    context.update(staff_names(meeting))
    sheet = round_sheet(round_)
    context.update(
        meeting=meeting,
        # A unit's meeting by its unit, a congress's sitting as 党员代表大会, the plenary by the
        # committee's name (elections.models.meeting_label).
        meeting_name=sheet.meeting,
        sheet=sheet,
        day=chinese_date(meeting.held_on or local_day(round_.closed_at)),
    )
    return "pdf/tally.html", context
