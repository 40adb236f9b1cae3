"""Shared by the campaign-core tests (tests/elections/test_campaign_core*.py and the access
matrix): a campaign of 机关党委 made through the service, its timetable spread back from its end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from branches.models import Organisation, Role, RoleKind
from elections.domain.timetable import spread_backwards
from elections.models import Campaign
from elections.services.campaign import campaign_create
from tests.conftest import make_member


def spread(start: date, end: date) -> dict[str, date]:
    return {
        str(step): day for step, day in spread_backwards(start=start, end=end).deadlines.items()
    }


def make_campaign(actor: Any, organisation: Organisation, *, days: int = 60, **kw: Any) -> Campaign:
    """A campaign from today for `days` days, its deadlines spread back from its end."""
    start = kw.pop("starts_on", timezone.localdate())
    end = kw.pop("ends_on", start + timedelta(days=days))
    return campaign_create(
        actor=actor,
        organisation=organisation,
        title=kw.pop("title", "2026年度集中换届"),
        starts_on=start,
        ends_on=end,
        deadlines=kw.pop("deadlines", spread(start, end)),
        **kw,
    )


def make_ready(branch: Organisation, *, full: int = 3, secretary: Any = None) -> Organisation:
    """Give `branch` `full` more full members and, with `secretary`, a secretary's role."""
    for i in range(full):
        make_member(branch, name=f"备{branch.code}{i}")
    if secretary is not None:
        Role.objects.get_or_create(user=secretary, organisation=branch, role=RoleKind.SECRETARY)
    return branch
