"""Issue 14, items 1 and 2: a campaign's services (elections.services.campaign): its scope
proposed by term end, changed with a reason, and its launch through renewal_open."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.models import AuditEvent, Term
from elections.models import CampaignBranch, CampaignReminder, Phase, ReminderKind, Renewal
from elections.services.campaign import (
    campaign_launch,
    campaign_scope_add,
    campaign_scope_remove,
    campaign_update,
)
from elections.services.prepare import renewal_open
from tests.campaign_core_helpers import make_campaign, make_ready, spread

pytestmark = pytest.mark.django_db


def _term(org, end: date) -> None:
    Term.objects.create(organisation=org, number=1, start_date=date(2023, 1, 1), planned_end=end)


def _included(campaign) -> set[str]:
    return {e.branch.code for e in campaign.entries.filter(included=True)}


def test_branches_whose_term_ends_by_the_end_or_is_overdue_are_proposed(tree, users):
    today = timezone.localdate()
    _term(tree["g"], today + timedelta(days=59))  # ends within the campaign
    _term(tree["b2"], today + timedelta(days=61))  # ends after it
    _term(tree["b3"], today)  # another committee's branch
    campaign = make_campaign(users["approver"], tree["a"], days=60)
    assert _included(campaign) == {"B1", "G"}  # B1's term ended on 2026-01-01: overdue
    assert all(e.proposed and not e.reason for e in campaign.entries.all())
    event = AuditEvent.objects.get(action="campaign_create")
    assert event.organisation == tree["a"]
    assert "提出2个组织" in event.summary


def test_a_renewal_under_way_is_proposed_unless_a_campaign_tracks_it(tree, users):
    """B1 (overdue) started by itself: proposed, for the launch to adopt; once a campaign
    tracks it, another campaign does not propose it again."""
    make_ready(tree["b1"])
    renewal_open(actor=users["secretary"], branch=tree["b1"])
    first = make_campaign(users["approver"], tree["a"])
    assert _included(first) == {"B1"}
    campaign_launch(actor=users["approver"], campaign=first)
    assert _included(make_campaign(users["approver"], tree["a"], title="另一计划")) == set()


def test_chosen_units_limit_the_scope(tree, users):
    _term(tree["b2"], timezone.localdate())
    campaign = make_campaign(users["approver"], tree["a"], units=[tree["g"]])
    assert _included(campaign) == {"B2"}  # B1 is outside the chosen general branch
    with pytest.raises(ValidationError) as refused:
        make_campaign(users["approver"], tree["a"], units=[tree["b3"]])
    assert "units" in refused.value.message_dict


def test_moving_the_end_date_updates_the_untouched_proposals_only(tree, users):
    today = timezone.localdate()
    _term(tree["b2"], today + timedelta(days=50))
    campaign = make_campaign(users["approver"], tree["a"], days=60)
    campaign_scope_remove(
        actor=users["approver"], campaign=campaign, branch=tree["b1"], reason="已调整"
    )
    end = today + timedelta(days=40)
    campaign_update(
        actor=users["approver"],
        campaign=campaign,
        title=campaign.title,
        starts_on=today,
        ends_on=end,
        deadlines=spread(today, end),
    )
    entries = {e.branch.code: e for e in campaign.entries.all()}
    assert set(entries) == {"B1"}  # B2 (ends after the new end) dropped; B1's removal kept
    assert entries["B1"].reason == "已调整"
    assert AuditEvent.objects.filter(action="campaign_update").count() == 1


def test_staff_add_and_remove_with_a_reason(tree, users):
    campaign = make_campaign(users["approver"], tree["a"])
    approver = users["approver"]
    with pytest.raises(ValidationError) as refused:
        campaign_scope_add(actor=approver, campaign=campaign, branch=tree["b2"], reason=" ")
    assert refused.value.message_dict == {"reason": ["请填写理由。"]}
    entry = campaign_scope_add(
        actor=approver, campaign=campaign, branch=tree["b2"], reason="提前换届"
    )
    assert (entry.included, entry.proposed, entry.reason) == (True, False, "提前换届")
    with pytest.raises(ValidationError):  # another committee's branch is outside the scope
        campaign_scope_add(actor=approver, campaign=campaign, branch=tree["b3"], reason="x")
    campaign_scope_remove(actor=approver, campaign=campaign, branch=tree["b1"], reason="已合并")
    assert _included(campaign) == {"B2"}
    removed = campaign.entries.get(branch=tree["b1"])
    assert (removed.included, removed.reason) == (False, "已合并")
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["campaign_scope_add", "campaign_scope_remove"]


@pytest.mark.parametrize("who", ["viewer", "secretary", "outsider"])
def test_only_those_who_run_the_committee_change_a_campaign(tree, users, who):
    with pytest.raises(PermissionDenied):
        make_campaign(users[who], tree["a"])
    campaign = make_campaign(users["approver"], tree["a"])
    with pytest.raises(PermissionDenied):
        campaign_scope_add(actor=users[who], campaign=campaign, branch=tree["b2"], reason="x")
    with pytest.raises(PermissionDenied):
        campaign_launch(actor=users[who], campaign=campaign)


def test_a_timetable_too_short_is_refused_on_its_fields(tree, users):
    today = timezone.localdate()
    deadlines = spread(today, today + timedelta(days=60))
    deadlines["publicise"] = deadlines["vet"] + timedelta(days=1)  # a 1-day public notice
    with pytest.raises(ValidationError) as refused:
        make_campaign(users["approver"], tree["a"], deadlines=deadlines)
    assert "时间不足" in refused.value.message_dict["publicise"][0]


@pytest.fixture
def launchable(tree, users, settings):
    """A campaign with B1 ready to start (3 full members, a secretary with an address) and B2
    added by hand with neither a secretary nor full members."""
    settings.PUBLIC_BASE_URL = "https://huanjie.example.org"
    users["secretary"].email = "secretary@example.org"
    users["secretary"].save()
    make_ready(tree["b1"], full=2)
    campaign = make_campaign(users["approver"], tree["a"])
    campaign_scope_add(actor=users["approver"], campaign=campaign, branch=tree["b2"], reason="到期")
    return campaign


def test_launch_starts_each_branch_and_lists_the_problems(
    tree, users, launchable, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = campaign_launch(actor=users["approver"], campaign=launchable)
    assert [e.branch.code for e in done.started] == ["B1"]
    assert [e.branch.code for e in done.problems] == ["B2"]
    renewal = Renewal.objects.get(branch=tree["b1"])
    assert renewal.phase == Phase.PREPARE
    b1, b2 = (launchable.entries.get(branch=tree[k]) for k in ("b1", "b2"))
    assert (b1.renewal, b1.problem) == (renewal, "")
    assert b2.renewal is None
    assert b2.problem == "未设置书记（组织委员）账号；正式党员不足3人（现有0人）"
    assert not Renewal.objects.filter(branch=tree["b2"]).exists()
    # One event for each start (the renewal's own), one for the launch.
    opened = AuditEvent.objects.filter(action="renewal_open")
    assert [e.target_id for e in opened] == [str(renewal.pk)]
    assert AuditEvent.objects.filter(action="campaign_launch").count() == 1
    launchable.refresh_from_db()
    assert launchable.launched_at is not None
    # The secretary is told, with the timetable and the link.
    assert [m.to for m in mail.outbox] == [["secretary@example.org"]]
    assert "第一党支部的换届已启动" in mail.outbox[0].subject
    assert "前完成" in mail.outbox[0].body
    assert f"https://huanjie.example.org/renewals/{renewal.pk}/" in mail.outbox[0].body
    # And the notice is kept, for the renewal's page.
    notice = CampaignReminder.objects.get(kind=ReminderKind.LAUNCH)
    assert (notice.entry, notice.mails) == (b1, 1)
    assert mail.outbox[0].subject == f"[换届] {notice.subject}"


def test_a_second_launch_adds_only_what_is_missing(tree, users, launchable):
    campaign_launch(actor=users["approver"], campaign=launchable)
    first = launchable.entries.get(branch=tree["b1"]).renewal
    make_ready(tree["b2"], secretary=users["viewer"])
    done = campaign_launch(actor=users["approver"], campaign=launchable)
    assert [e.branch.code for e in done.started] == ["B2"]
    assert Renewal.objects.filter(branch=tree["b1"]).get() == first
    done = campaign_launch(actor=users["approver"], campaign=launchable)
    assert (done.started, done.problems) == ([], [])
    assert Renewal.objects.count() == 2
    assert AuditEvent.objects.filter(action="campaign_launch").count() == 3


def test_a_renewal_already_under_way_is_adopted_not_started_again(tree, users):
    make_ready(tree["b1"], full=2)
    own = renewal_open(actor=users["secretary"], branch=tree["b1"])
    campaign = make_campaign(users["approver"], tree["a"])
    # Its term ends within the campaign: proposed although it has started by itself.
    assert _included(campaign) == {"B1"}
    done = campaign_launch(actor=users["approver"], campaign=campaign)
    assert [e.branch.code for e in done.adopted] == ["B1"]
    entry = CampaignBranch.objects.get(campaign=campaign, branch=tree["b1"])
    assert entry.renewal == own
    assert "已纳入本计划跟踪" in entry.problem
    assert Renewal.objects.count() == 1
    # A second campaign cannot adopt it again: it is listed as a problem.
    other = make_campaign(users["approver"], tree["a"], title="另一计划")
    assert _included(other) == set()  # tracked by the first: not proposed again
    campaign_scope_add(actor=users["approver"], campaign=other, branch=tree["b1"], reason="x")
    done = campaign_launch(actor=users["approver"], campaign=other)
    assert [e.problem for e in done.problems] == ["已有进行中的换届"]


def test_a_launched_branch_cannot_be_removed(tree, users, launchable):
    campaign_launch(actor=users["approver"], campaign=launchable)
    with pytest.raises(ValidationError) as refused:
        campaign_scope_remove(
            actor=users["approver"], campaign=launchable, branch=tree["b1"], reason="x"
        )
    assert "已经启动" in refused.value.messages[0]


def test_the_committee_s_staff_runs_its_campaign(tree, users):
    """A staff user (组织员) of the committee plans, scopes and launches its campaign."""
    make_ready(tree["b1"], full=3)
    campaign = make_campaign(users["staff"], tree["a"])
    campaign_scope_add(
        actor=users["staff"], campaign=campaign, branch=tree["b2"], reason="提前换届"
    )
    launched = campaign_launch(actor=users["staff"], campaign=campaign)
    assert launched.started
