"""Issue 13, item 2: the daily reminders (elections.services.reminders, a periodic job)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from branches.figures import refresh_renewal_due
from branches.models import Term
from elections.services.reminders import send_reminders
from elections.services.shifts import renewal_shift_decide, renewal_shift_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressed(users, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_BASE_URL = "https://huanjie.example.org"
    for name in ("secretary", "staff", "approver"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    return users


def _term_ends_in(branch, days: int) -> None:
    Term.objects.filter(organisation=branch, actual_end=None).update(
        planned_end=timezone.localdate() + timedelta(days=days)
    )
    refresh_renewal_due([branch.pk])


@pytest.mark.parametrize("days", [90, 30, 7])
def test_a_branch_is_reminded_90_30_and_7_days_before_its_term_ends(
    tree, addressed, days, django_capture_on_commit_callbacks
):
    _term_ends_in(tree["b1"], days)
    with django_capture_on_commit_callbacks(execute=True):
        done = send_reminders()
    assert (done.due, done.waiting) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["secretary@example.org", "staff@example.org"]
    message = mail.outbox[0]
    assert f"{days}天后" in message.subject
    assert "请及时启动换届。" in message.body
    assert f"https://huanjie.example.org/organisations/{tree['b1'].pk}/" in message.body


@pytest.mark.parametrize("days", [91, 31, 8, 6])
def test_no_reminder_on_other_days(tree, addressed, days, django_capture_on_commit_callbacks):
    _term_ends_in(tree["b1"], days)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders().due == 0
    assert mail.outbox == []


def test_no_due_reminder_once_the_renewal_has_started(
    renewal, addressed, django_capture_on_commit_callbacks
):
    _term_ends_in(renewal.branch, 30)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders().due == 0


@pytest.mark.parametrize(("waited", "reminded"), [(6, False), (7, True), (8, False), (14, True)])
def test_approvers_are_reminded_of_a_submission_waiting_a_week(
    renewal, addressed, waited, reminded, django_capture_on_commit_callbacks
):
    type(renewal).objects.filter(pk=renewal.pk).update(
        awaiting_approval=True, phase_entered_at=timezone.now() - timedelta(days=waited)
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = send_reminders()
    assert done.waiting == int(reminded)
    if reminded:
        assert [m.to for m in mail.outbox] == [["approver@example.org"]]
        assert f"已等待上级处理{waited}天" in mail.outbox[0].subject
        assert f"https://huanjie.example.org/renewals/{renewal.pk}/" in mail.outbox[0].body
    else:
        assert mail.outbox == []


def test_an_approved_delay_moves_the_reminders_to_its_date(
    tree, addressed, django_capture_on_commit_callbacks
):
    """B1's term ends in 7 days but the superior approved a delay to 30 days from today: no
    reminder for the term's end, one for the delay's date, saying it is a delay."""
    _term_ends_in(tree["b1"], 7)
    shift = renewal_shift_request(
        actor=addressed["secretary"],
        branch=tree["b1"],
        kind="delay",
        new_date=timezone.localdate() + timedelta(days=30),
        reason="中心工作任务重",
    )
    renewal_shift_decide(actor=addressed["approver"], shift=shift, approve=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = send_reminders()
    assert done.due == 1
    assert {m.subject for m in mail.outbox} == {
        f"[换届] 第一党支部经批准延期换届，应于30天后（"
        f"{timezone.localdate() + timedelta(days=30):%Y年%m月%d日}）前完成"
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=timezone.localdate() + timedelta(days=1)).due == 0


def test_a_general_branch_is_reminded_too(tree, addressed, django_capture_on_commit_callbacks):
    """Issue 15: a general branch renews by its members' meeting, so its term's end is watched
    like a branch's; those who may work on it (staff above it) are mailed."""
    Term.objects.create(
        organisation=tree["g"], number=1, start_date=timezone.localdate() - timedelta(days=900),
        planned_end=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        done = send_reminders()
    assert done.due == 1
    assert "staff@example.org" in [m.to[0] for m in mail.outbox]
    assert all(tree["g"].name in m.subject for m in mail.outbox)
