"""What the filing and campaign report tests share: a renewal of B1 walked to the superior's
approval (so filed by 机关党委 with 区委), an approver of 区委 to acknowledge, and campaigns made
as rows (the campaign services are built elsewhere)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Organisation, Role, RoleKind
from elections import demo
from elections.domain.timetable import Step
from elections.models import Campaign, CampaignBranch, Renewal
from elections.services.approve import renewal_approve_result
from elections.services.prepare import renewal_open
from tests.conftest import make_member


def district_approver(tree: dict[str, Any]) -> Any:
    """An approver of 区委 (the tree's root): the level above 机关党委, where its filings go."""
    user = get_user_model().objects.create_user(username="district", password="pw-123456!")
    Role.objects.create(user=user, organisation=tree["root"], role=RoleKind.APPROVER)
    return user


def add_members(branch: Organisation, n: int = 8, **kw: Any) -> None:
    for i in range(n):
        make_member(branch, name=f"{branch.code}成员{i}", **kw)


def voted(secretary: Any, approver: Any, branch: Organisation) -> Renewal:
    """A renewal of `branch` through the members' meeting and the plenary, awaiting approval;
    `secretary` works on it, `approver` approves its request and its list."""
    renewal = renewal_open(actor=secretary, branch=branch)
    renewal = demo.plan(renewal, actor=secretary)
    renewal = demo.submit_request(renewal, actor=secretary, approver=approver)
    demo.hold_recommendation(renewal, actor=secretary, votes=[8] * 7, present=9)
    renewal = demo.to_vote(
        demo.vet_list(renewal, actor=secretary, approver=approver), actor=secretary
    )
    demo.prepare_meeting(renewal, actor=secretary)
    return demo.hold_meeting(renewal, actor=secretary)


def approved(users: dict[str, Any], branch: Organisation) -> Renewal:
    """The same, approved by 机关党委's approver (which files it with 区委)."""
    secretary, approver = users["secretary"], users["approver"]
    return renewal_approve_result(actor=approver, renewal=voted(secretary, approver, branch))


def make_campaign(
    organisation: Organisation,
    branches: list[Organisation],
    *,
    starts_on: date,
    days: int = 40,
    title: str = "2026年党支部集中换届工作",
    **fields: Any,
) -> Campaign:
    """A launched campaign over `branches` whose steps fall due every `days // 8` days."""
    step_days = days // len(Step)
    deadlines = {
        step.value: (starts_on + timedelta(days=step_days * (i + 1) - 1)).isoformat()
        for i, step in enumerate(Step)
    }
    campaign = Campaign.objects.create(
        organisation=organisation,
        title=title,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        deadlines=deadlines,
        launched_at=timezone.now(),
        **fields,
    )
    CampaignBranch.objects.bulk_create(
        CampaignBranch(campaign=campaign, branch=branch) for branch in branches
    )
    return campaign


def attach(campaign: Campaign, renewal: Renewal, **fields: Any) -> None:
    """The renewal the campaign started for its branch (as its launch would record it)."""
    CampaignBranch.objects.filter(campaign=campaign, branch=renewal.branch).update(
        renewal=renewal, **fields
    )
