"""The campaigns' daily reminders (a periodic job, elections.tasks): by mail, and on the page.

- Each branch's secretaries, REMINDER_DAYS days (or fewer, if a run was missed) before the deadline
  of a step their renewal has not completed: once per branch and step.
- Each approver of the organisation that runs a campaign: a digest of what waits on them in it
  (submissions to approve, branches that could not start, branches behind the timetable), once a
  day while there is something.

Each reminder sent is recorded (CampaignReminder), so a second run sends nothing again; no state
of a renewal or campaign changes, so no audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Role, RoleKind
from elections.domain.timetable import Step
from elections.models import (
    Campaign,
    CampaignBranch,
    CampaignReminder,
    CampaignStep,
    Phase,
    ReminderKind,
)
from elections.selectors.campaign import members_meeting_days, secretaries_of
from elections.selectors.campaign_steps import step_dates
from elections.services.notifications import absolute_url, mail_people

#: Days before a step's deadline on which the branch's secretaries are reminded.
REMINDER_DAYS = 3
#: Days after a campaign's end during which its approvers still get their digest.
DIGEST_AFTER_END_DAYS = 30


@dataclass
class CampaignReminded:
    deadlines: int = 0
    digests: int = 0
    mails: int = 0


def send_campaign_reminders(today: date | None = None) -> CampaignReminded:
    today = today or timezone.localdate()
    done = CampaignReminded()
    campaigns = Campaign.objects.filter(
        launched_at__isnull=False, ends_on__gte=today - timedelta(days=DIGEST_AFTER_END_DAYS)
    ).select_related("organisation")
    for campaign in campaigns:
        entries = list(
            campaign.entries.filter(included=True)
            .exclude(renewal__phase=Phase.CANCELLED)
            .select_related("branch", "renewal")
        )
        started = [e for e in entries if e.renewal_id]
        held = members_meeting_days([e.renewal_id for e in started])
        dates = {
            e.pk: step_dates(e.renewal, meeting_held_on=held.get(e.renewal_id)) for e in started
        }
        _deadline_reminders(campaign, started, dates, today, done)
        _digests(campaign, entries, dates, today, done)
    return done


def _deadline_reminders(
    campaign: Campaign,
    started: list[CampaignBranch],
    dates: dict,
    today: date,
    done: CampaignReminded,
) -> None:
    deadlines = campaign.deadline_map()
    due = {
        Step(step): day
        for step, day in deadlines.items()
        if 0 <= (day - today).days <= REMINDER_DAYS
    }
    if not due or not started:
        return
    sent = set(
        CampaignReminder.objects.filter(campaign=campaign, kind=ReminderKind.DEADLINE).values_list(
            "entry_id", "step"
        )
    )
    secretaries = secretaries_of([e.branch_id for e in started])
    for entry in started:
        for step, day in due.items():
            if (entry.pk, step.value) in sent or dates[entry.pk][step][1] is not None:
                continue
            subject = _("%(branch)s：“%(step)s”须于%(day)s前完成（还有%(n)s天）") % {
                "branch": entry.branch.name,
                "step": CampaignStep(step).label,
                "day": day.isoformat(),
                "n": (day - today).days,
            }
            url = entry.renewal.get_absolute_url()
            body = f"{campaign.title}\n{subject}\n\n{absolute_url(url)}"
            mails = mail_people(secretaries.get(entry.branch_id, []), subject, body)
            CampaignReminder.objects.create(
                campaign=campaign,
                kind=ReminderKind.DEADLINE,
                entry=entry,
                step=step.value,
                sent_on=today,
                subject=subject,
                body=body,
                url=url,
                mails=mails,
            )
            done.deadlines += 1
            done.mails += mails


def _behind(entry_dates: dict, deadlines: dict[str, date], today: date) -> bool:
    """Whether a step whose deadline has passed is not completed."""
    return any(
        day < today and entry_dates[Step(step)][1] is None for step, day in deadlines.items()
    )


def waiting_on_approvers(entries: list[CampaignBranch]) -> list[CampaignBranch]:
    """The entries whose renewal waits for the superior (as the approvers' inbox counts them)."""
    return [
        e
        for e in entries
        if e.renewal_id
        and (
            e.renewal.awaiting_approval
            or e.renewal.phase == Phase.VET
            or (e.renewal.phase == Phase.APPROVE and e.renewal.sealed_at is None)
        )
    ]


def campaign_approvers(campaign: Campaign) -> list:
    """The approvers of the organisation that runs the campaign, at it or above it."""
    parts = campaign.organisation.path.strip("/").split("/")
    prefixes = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    user_ids = Role.objects.filter(role=RoleKind.APPROVER, organisation__path__in=prefixes).values(
        "user_id"
    )
    return list(get_user_model().objects.filter(Q(pk__in=user_ids), is_active=True).order_by("pk"))


def _digests(
    campaign: Campaign,
    entries: list[CampaignBranch],
    dates: dict,
    today: date,
    done: CampaignReminded,
) -> None:
    waiting = waiting_on_approvers(entries)
    blocked = [e for e in entries if not e.renewal_id and e.problem]
    deadlines = campaign.deadline_map()
    behind = [e for e in entries if e.renewal_id and _behind(dates[e.pk], deadlines, today)]
    if not (waiting or blocked or behind):
        return
    subject = _(
        "%(campaign)s：待审批%(waiting)s个，未能启动%(blocked)s个，进度滞后%(behind)s个"
    ) % {
        "campaign": campaign.title,
        "waiting": len(waiting),
        "blocked": len(blocked),
        "behind": len(behind),
    }
    lines = [subject, ""]
    for title, rows in (
        (_("待审批"), waiting),
        (_("未能启动"), blocked),
        (_("进度滞后"), behind),
    ):
        if rows:
            lines.append(f"{title}：" + "、".join(e.branch.name for e in rows))
    url = reverse("campaigns:scope", args=[campaign.pk])
    body = "\n".join(lines) + f"\n\n{absolute_url(url)}"
    sent = set(
        CampaignReminder.objects.filter(
            campaign=campaign, kind=ReminderKind.DIGEST, sent_on=today
        ).values_list("recipient_id", flat=True)
    )
    for user in campaign_approvers(campaign):
        if user.pk in sent:
            continue
        mails = mail_people([user], subject, body)
        CampaignReminder.objects.create(
            campaign=campaign,
            kind=ReminderKind.DIGEST,
            recipient=user,
            sent_on=today,
            subject=subject,
            body=body,
            url=url,
            mails=mails,
        )
        done.digests += 1
        done.mails += mails
