"""Issue 14, item 9: the campaigns' reminders (elections.services.campaign_reminders, a periodic
job): each secretary before a deadline of a step not done, each approver a daily digest; each
sent once, recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from elections import demo
from elections.models import CampaignReminder, ReminderKind
from elections.services.campaign import campaign_launch
from elections.services.campaign_reminders import REMINDER_DAYS, send_campaign_reminders
from tests.campaign_core_helpers import make_campaign, make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def launched(tree, users, settings, django_capture_on_commit_callbacks):
    """B1's renewal started by a campaign of 机关党委; the secretary and approver have addresses."""
    settings.PUBLIC_BASE_URL = "https://huanjie.example.org"
    for name in ("secretary", "approver", "staff"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    make_ready(tree["b1"], full=6)
    campaign = make_campaign(users["approver"], tree["a"], days=90)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_launch(actor=users["approver"], campaign=campaign)
    mail.outbox.clear()
    return campaign


def _run(capture, today):
    with capture(execute=True):
        return send_campaign_reminders(today)


def test_the_secretary_is_reminded_before_a_deadline_once(
    launched, django_capture_on_commit_callbacks
):
    prepare = launched.deadline_map()["prepare"]
    early = _run(django_capture_on_commit_callbacks, prepare - timedelta(days=REMINDER_DAYS + 1))
    assert early.deadlines == 0
    done = _run(django_capture_on_commit_callbacks, prepare - timedelta(days=REMINDER_DAYS))
    assert done.deadlines == 1
    assert [m.to for m in mail.outbox] == [["secretary@example.org"]]
    assert "“筹备（请示获批）”须于" in mail.outbox[0].subject
    assert f"还有{REMINDER_DAYS}天" in mail.outbox[0].subject
    reminder = CampaignReminder.objects.get(kind=ReminderKind.DEADLINE)
    assert (reminder.step, reminder.mails) == ("prepare", 1)
    # The next days (up to the deadline) send nothing again.
    mail.outbox.clear()
    for days in range(REMINDER_DAYS):
        assert (
            _run(django_capture_on_commit_callbacks, prepare - timedelta(days=days)).deadlines == 0
        )
    assert mail.outbox == []


def test_no_reminder_for_a_step_already_done(
    launched, users, tree, django_capture_on_commit_callbacks
):
    renewal = launched.entries.get(branch=tree["b1"]).renewal
    planned = demo.plan(renewal, actor=users["secretary"])
    demo.submit_request(planned, actor=users["secretary"], approver=users["approver"])
    prepare = launched.deadline_map()["prepare"]
    assert _run(django_capture_on_commit_callbacks, prepare).deadlines == 0


def test_the_reminder_shows_on_the_renewal_page(
    client, launched, users, tree, django_capture_on_commit_callbacks
):
    _run(django_capture_on_commit_callbacks, launched.deadline_map()["prepare"])
    renewal = launched.entries.get(branch=tree["b1"]).renewal
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "须于" in page


def test_approvers_get_a_daily_digest_of_what_waits_on_them(
    launched, users, tree, django_capture_on_commit_callbacks
):
    renewal = launched.entries.get(branch=tree["b1"]).renewal
    planned = demo.plan(renewal, actor=users["secretary"])
    demo.submit_request(planned, actor=users["secretary"])  # waits for the approver
    today = timezone.localdate()
    done = _run(django_capture_on_commit_callbacks, today)
    assert done.digests == 1
    digest = [m for m in mail.outbox if m.to == ["approver@example.org"]]
    assert len(digest) == 1
    assert "待审批1个" in digest[0].subject
    assert "第一党支部" in digest[0].body
    assert "staff@example.org" not in {m.to[0] for m in mail.outbox}  # staff approve nothing
    # Not twice a day; again the next day.
    assert _run(django_capture_on_commit_callbacks, today).digests == 0
    assert _run(django_capture_on_commit_callbacks, today + timedelta(days=1)).digests == 1


def test_no_digest_when_nothing_waits(launched, django_capture_on_commit_callbacks):
    assert _run(django_capture_on_commit_callbacks, timezone.localdate()).digests == 0
    assert mail.outbox == []


def test_a_branch_that_could_not_start_is_in_the_digest(
    tree, users, settings, django_capture_on_commit_callbacks
):
    users["approver"].email = "approver@example.org"
    users["approver"].save()
    campaign = make_campaign(users["approver"], tree["a"])  # B1 has one full member
    campaign_launch(actor=users["approver"], campaign=campaign)
    done = _run(django_capture_on_commit_callbacks, timezone.localdate())
    assert done.digests == 1
    assert "未能启动1个" in mail.outbox[0].subject
