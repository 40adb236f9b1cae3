"""The dashboard and the in-app inbox: what each role sees, how long things waited, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.figures import refresh_renewal_due
from branches.models import AuditEvent, Organisation, Term
from elections.models import Exclusion, Phase, Renewal
from elections.selectors.dashboard import inbox_count, inbox_for, waited
from elections.services.prepare import exclusion_add, renewal_return, renewal_submit_request
from members.models import Member
from tests.conftest import count_queries, grow, rewriting_audit

URL = reverse("elections_dashboard:dashboard")


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def age(renewal: Renewal, action: str, delta: timedelta) -> None:
    """Move the renewal's latest audit event `action` (and its submission time) into the past."""
    at = timezone.now() - delta
    event = AuditEvent.objects.filter(target_id=str(renewal.pk), action=action).latest("at", "id")
    with rewriting_audit():
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
    if action == "submit_request":
        Renewal.objects.filter(pk=renewal.pk).update(submitted_at=at)


@pytest.fixture
def submitted(users, planned):
    renewal = renewal_submit_request(actor=users["secretary"], renewal=planned)
    age(renewal, "submit_request", timedelta(days=3, hours=2))
    return renewal


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "不到1分钟"),
        (timedelta(minutes=59, seconds=59), "59分钟"),
        (timedelta(hours=5, minutes=40), "5小时"),
        (timedelta(days=3, hours=23), "3天"),
        (timedelta(seconds=-5), "不到1分钟"),  # a clock a little ahead never shows a negative wait
    ],
)
def test_waited_uses_the_largest_whole_unit(delta, text):
    now = timezone.now()
    assert waited(now - delta, now) == text


def test_overdue_and_due_branches_are_listed_for_the_subtree(client, users, tree):
    today = timezone.localdate()
    Term.objects.filter(organisation=tree["b1"]).update(planned_end=today + timedelta(days=30))
    refresh_renewal_due([tree["b1"].pk])
    Term.objects.create(
        organisation=tree["b2"],
        number=1,
        start_date=today - timedelta(days=1200),
        planned_end=today - timedelta(days=10),
    )
    Term.objects.create(
        organisation=tree["b3"],
        number=1,
        start_date=today - timedelta(days=1200),
        planned_end=today - timedelta(days=5),
    )
    client.force_login(users["staff"])
    response = client.get(URL)
    overdue, due = response.context["due_sections"]
    assert [b.name for b in overdue["rows"]] == ["第二党支部"]
    assert overdue["count"] == 1
    assert [b.name for b in due["rows"]] == ["第一党支部"]
    assert due["count"] == 1
    text = response.content.decode()
    assert tree["b2"].get_absolute_url() in text
    assert "村党支部" not in text  # another committee's branch


def test_listed_branch_shows_its_open_renewal(client, users, renewal):
    Term.objects.filter(organisation=renewal.branch).update(
        planned_end=timezone.localdate() - timedelta(days=1)
    )
    refresh_renewal_due([renewal.branch_id])
    text = page(client, users["staff"])
    assert renewal.get_absolute_url() in text
    assert "进行中：筹备" in text


def test_queue_shows_a_submitted_request_to_its_approver_with_the_wait(client, users, submitted):
    text = page(client, users["approver"])
    assert "换届请示待批复" in text
    assert "已等待3天" in text
    assert submitted.get_absolute_url() in text
    assert inbox_count(users["approver"]) == 1


@pytest.mark.parametrize("role", ["viewer", "secretary", "staff", "outsider", "norole"])
def test_queue_is_empty_for_those_who_cannot_approve(client, users, submitted, role):
    text = page(client, users[role])
    assert "换届请示待批复" not in text
    assert "没有等待您处理的事项。" in text


def test_returned_request_waits_for_the_branch(client, users, submitted):
    renewal_return(actor=users["approver"], renewal=submitted, reason="会议时间太近")
    age(submitted, "return_request", timedelta(hours=5, minutes=3))
    text = page(client, users["secretary"])
    assert "被退回，待修改" in text
    assert "会议时间太近" in text
    assert "已等待5小时" in text
    assert "被退回，待修改" not in page(client, users["approver"])
    assert "被退回，待修改" not in page(client, users["viewer"])


def test_pending_exclusion_is_in_the_approvers_queue(client, users, renewal):
    member = renewal.branch.members.get(name="甲0")
    exclusion_add(actor=users["secretary"], renewal=renewal, member=member, reason="illness")
    text = page(client, users["approver"])
    assert "不计入应到会人数的申请待审批" in text
    assert member.name in text
    assert "已等待不到1分钟" in text
    assert "不计入应到会人数的申请待审批" not in page(client, users["secretary"])


def test_oldest_item_comes_first(users, submitted, tree):
    newer = Renewal.objects.create(
        branch=tree["b2"], awaiting_approval=True, submitted_at=timezone.now()
    )
    items = inbox_for(users["approver"]).items
    assert [i.renewal.pk for i in items] == [submitted.pk, newer.pk]
    assert items[0].late is False
    Renewal.objects.filter(pk=newer.pk).update(submitted_at=timezone.now() - timedelta(days=9))
    items = inbox_for(users["approver"]).items
    assert [i.renewal.pk for i in items] == [newer.pk, submitted.pk]
    assert items[0].late is True


def test_chart_counts_renewals_per_phase_in_the_subtree(client, users, tree):
    grow(tree, 8, 0)
    branches = list(Organisation.objects.filter(code__startswith="N").order_by("pk"))
    phases = [Phase.PREPARE, Phase.PREPARE, Phase.VET, Phase.ARCHIVE, Phase.CANCELLED]
    Renewal.objects.bulk_create(
        Renewal(branch=b, phase=p) for b, p in zip(branches, phases, strict=False)
    )
    Renewal.objects.create(branch=tree["b3"], phase=Phase.VET)  # another committee
    client.force_login(users["viewer"])
    response = client.get(URL)
    counts = {bar.phase: bar.count for bar in response.context["chart"]}
    assert counts == {
        Phase.PREPARE: 2,
        Phase.RECOMMEND: 0,
        Phase.VET: 1,
        Phase.PUBLICISE: 0,
        Phase.VOTE: 0,
        Phase.APPROVE: 0,
        Phase.ARCHIVE: 1,
        Phase.CANCELLED: 1,
    }
    bars = {bar.phase: bar.percent for bar in response.context["chart"]}
    assert bars[Phase.PREPARE] == 100
    assert bars[Phase.VET] == 50
    assert 'data-phase="prepare">2</a>' in response.content.decode()


def test_inbox_count_takes_at_most_two_queries_and_is_cached(users, submitted):
    user = get_user_model().objects.get(pk=users["approver"].pk)  # nothing cached yet
    with CaptureQueriesContext(connection) as ctx:
        assert inbox_count(user) == 1
        assert inbox_count(user) == 1
    assert len(ctx.captured_queries) <= 2


def test_navbar_badge_shows_the_inbox_count(client, users, submitted):
    client.force_login(users["approver"])
    text = client.get(reverse("home")).content.decode()
    assert 'title="待办">1<span class="visually-hidden">' in text
    client.force_login(users["viewer"])
    assert 'title="待办">' not in client.get(reverse("home")).content.decode()


def add_renewals(every: int) -> None:
    """Bulk renewals on every `every`-th grown branch, cycling through the phases and states,
    with one pending exclusion on each renewal still being prepared."""
    branch_ids = list(
        Organisation.objects.filter(code__startswith="N", renewals__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[::every]
    )
    now = timezone.now()
    states = [
        {"phase": Phase.PREPARE, "awaiting_approval": True, "submitted_at": now},
        {"phase": Phase.PREPARE, "return_reason": "请补充工作报告"},
        {"phase": Phase.PREPARE},
        {"phase": Phase.RECOMMEND},
        {"phase": Phase.VET},
        {"phase": Phase.PUBLICISE},
        {"phase": Phase.ARCHIVE},
        {"phase": Phase.CANCELLED, "cancel_reason": "撤销"},
    ]
    made = Renewal.objects.bulk_create(
        Renewal(branch_id=pk, **states[i % len(states)]) for i, pk in enumerate(branch_ids)
    )
    preparing = {r.branch_id: r.pk for r in made if r.phase == Phase.PREPARE}
    first_member = {}
    for member_id, branch_id in Member.objects.filter(branch_id__in=preparing).values_list(
        "pk", "branch_id"
    ):
        first_member.setdefault(branch_id, member_id)
    Exclusion.objects.bulk_create(
        Exclusion(renewal_id=preparing[branch], member_id=member, reason="illness")
        for branch, member in first_member.items()
    )


@pytest.mark.parametrize("role", ["staff", "approver", "secretary", "viewer", "admin"])
def test_dashboard_makes_the_same_number_of_queries_for_10_and_10000_branches(
    client, users, tree, role
):
    client.force_login(users[role])
    grow(tree, 10, 10)
    add_renewals(every=1)
    small = count_queries(client, URL)
    grow(tree, 10_000, 2_000)
    add_renewals(every=7)
    assert Renewal.objects.count() > 1000
    response_text = page(client, users[role])
    assert count_queries(client, URL) == small
    if role in ("approver", "admin"):
        assert "换届请示待批复" in response_text
        assert "不计入应到会人数的申请待审批" in response_text
    if role in ("staff", "admin"):
        assert "被退回，待修改" in response_text


def test_a_long_queue_shows_the_oldest_and_says_how_many_there_are(
    client, users, submitted, tree, monkeypatch
):
    monkeypatch.setattr("elections.selectors.dashboard.QUEUE_LIMIT", 1)
    newer = Renewal.objects.create(
        branch=tree["b2"], awaiting_approval=True, submitted_at=timezone.now()
    )
    text = page(client, users["approver"])
    assert submitted.get_absolute_url() in text
    assert newer.get_absolute_url() not in text
    assert "显示最早的 1 项，共 2 项。" in text
